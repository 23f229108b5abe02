// The shared harness of the libFuzzer targets: every loader of sbi++ reads a file by name, so
// the fuzzer's bytes are written to a scratch file and the loader is called on it. A loader may
// refuse an input only with an sbi::Error (IOError, ValueError, ...) or, for the command-line
// layer, a cli::UsageError; anything else (another exception, std::bad_alloc, a crash, a hang, a
// sanitizer report) is a finding. Adding a target for a new loader takes a few lines:
//
//   #include "fuzz_file.hpp"
//   #include "core/array_file.hpp"
//   SBI_FUZZ_FILE_TARGET("npy", [](const std::string& path) { sbi::read_npy(path); })
//
// plus `sbi_add_fuzz_target(<name> sbi::core)` in tests/fuzz/CMakeLists.txt and a few seed files in
// tests/fuzz/corpus/<name>/.
#pragma once
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/binary_io.hpp"
#include "core/errors.hpp"

namespace sbi::fuzz {

// A scratch file per process under $TMPDIR (default /tmp), with the loader's usual extension.
inline std::string scratch_path(const char* extension) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir && *dir ? dir : "/tmp") + "/sbi_fuzz_" + std::to_string(::getpid()) + "." + extension;
}

inline void write_scratch(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();  // the harness itself failed: not a finding about sbi++
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
}

// For checksummed containers (magic | payload | CRC-32): random mutations almost never keep the
// checksum, so they would only exercise the CRC check. For inputs of even length the harness
// rewrites the last 4 bytes with the payload's CRC, so that mutations reach the parser itself;
// inputs of odd length keep their bytes (the checksum path).
inline std::vector<std::uint8_t> with_fixed_crc(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> bytes(data, data + size);
  if (size >= 12 && size % 2 == 0) {
    const std::uint32_t crc = sbi::crc32(bytes.data() + 8, size - 12);
    std::memcpy(bytes.data() + size - 4, &crc, 4);
  }
  return bytes;
}

// Writes the bytes to the scratch file and calls load(path); sbi::Error means "refused".
template <class Load>
int load_file(const char* extension, const std::uint8_t* data, std::size_t size, const Load& load) {
  static const std::string path = scratch_path(extension);
  write_scratch(path, data, size);
  try {
    load(path);
  } catch (const sbi::Error&) {
  }
  return 0;
}

}  // namespace sbi::fuzz

// Defines LLVMFuzzerTestOneInput: `load(path)` on the input as it is.
#define SBI_FUZZ_FILE_TARGET(extension, load)                                        \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
    return sbi::fuzz::load_file(extension, data, size, load);                        \
  }

// The same for a checksummed container: even-length inputs get a valid CRC (with_fixed_crc).
#define SBI_FUZZ_CONTAINER_TARGET(extension, load)                                   \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
    const std::vector<std::uint8_t> bytes = sbi::fuzz::with_fixed_crc(data, size);   \
    return sbi::fuzz::load_file(extension, bytes.data(), bytes.size(), load);        \
  }

