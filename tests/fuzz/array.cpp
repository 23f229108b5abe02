// Fuzz target: the checked binary container and the array files built on it
// (core/binary_io.hpp read_array: magic, CRC, version, dtype, shape against the file length).
#include "core/binary_io.hpp"
#include "fuzz_file.hpp"

SBI_FUZZ_CONTAINER_TARGET("sbiarray", [](const std::string& path) { sbi::read_array(path); })
