// Helpers for tests: where the shared reference data lives, and skipping when it is absent.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <string>

#include <doctest/doctest.h>

namespace sbi::test {

// ../shared/data relative to the project root, or $SBI_DATA_DIR when set.
inline std::filesystem::path data_dir() {
  if (const char* env = std::getenv("SBI_DATA_DIR")) return env;
  return SBI_TEST_DATA_DIR;
}

// True when `relative` exists under the data directory; otherwise prints why the test skips.
inline bool have_data(const std::string& relative) {
  const auto path = data_dir() / relative;
  if (std::filesystem::exists(path)) return true;
  MESSAGE("SKIPPED: reference data not found at " << path.string()
          << " (set SBI_DATA_DIR or place ../shared/data beside the project)");
  return false;
}

// A scratch directory for files a test writes.
inline std::filesystem::path scratch_dir() {
  auto dir = std::filesystem::path(SBI_BINARY_DIR) / "test_scratch";
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace sbi::test
