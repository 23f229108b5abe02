// Fuzz target: the CSV reader (core/csv.hpp), strict and with non-finite values allowed.
#include "core/csv.hpp"
#include "fuzz_file.hpp"

SBI_FUZZ_FILE_TARGET("csv", [](const std::string& path) {
  sbi::CsvReadSettings nonfinite;
  nonfinite.allow_nonfinite = true;
  try {
    sbi::read_csv(path);
  } catch (const sbi::Error&) {
  }
  sbi::read_csv(path, nonfinite);
})
