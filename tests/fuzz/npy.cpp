// Fuzz target: θ/x/observation files (core/array_file.hpp): NumPy .npy and CSV with or without
// a header.
#include "core/array_file.hpp"
#include "fuzz_file.hpp"

SBI_FUZZ_FILE_TARGET("npy", [](const std::string& path) { (void)sbi::read_array_file(path); })
