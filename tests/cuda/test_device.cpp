// The device query and error checking, in every build: without the CUDA backend nothing is
// available and the reason says so; with it, available() never throws, a failing runtime or
// cuBLAS call throws an error naming the call, and (with a GPU) the device is described.
#include <doctest/doctest.h>

#include <string>

#include "core/errors.hpp"
#include "cuda/device.hpp"
#if SBI_HAVE_CUDA
#include <dlfcn.h>

#include "cuda/cublas_library.hpp"
#include "cuda/error.hpp"
#include "cuda/stream.hpp"
#endif

using namespace sbi;

TEST_CASE("cuda::available agrees with the build and explains itself") {
  const bool avail = cuda::available();
  CHECK(avail == cuda::unavailable_reason().empty());
#if SBI_HAVE_CUDA
  CHECK(cuda::compiled());
  if (avail) {
    const cuda::DeviceInfo info = cuda::device_info();
    MESSAGE("GPU: " << info.name << " (sm_" << info.compute_major << info.compute_minor << ", "
                    << info.multiprocessors << " SMs)");
    CHECK(!info.name.empty());
    CHECK(info.global_memory_bytes > 0);
  } else {
    MESSAGE("no GPU: " << cuda::unavailable_reason());
    CHECK_THROWS_AS(cuda::device_info(), Error);
  }
#else
  CHECK_FALSE(cuda::compiled());
  CHECK_FALSE(avail);
  CHECK(cuda::unavailable_reason().find("without the CUDA backend") != std::string::npos);
  CHECK_THROWS_AS(cuda::device_info(), Error);
#endif
}

#if SBI_HAVE_CUDA
TEST_CASE("failing CUDA and cuBLAS calls throw errors naming the call") {
  // An invalid device ordinal fails with or without a GPU.
  try {
    SBI_CUDA_CHECK(cudaSetDevice(12345));
    FAIL("cudaSetDevice(12345) did not fail");
  } catch (const Error& e) {
    const std::string what = e.what();
    CHECK(what.find("cudaSetDevice(12345)") != std::string::npos);
    CHECK(what.find("test_device.cpp") != std::string::npos);
  }
  // The failure is reported once: it must not linger as the runtime's last error, where the
  // next launch check would blame a kernel for it (seen on an H200 before error.cpp cleared it).
  if (cuda::available()) CHECK(cudaGetLastError() == cudaSuccess);
  try {
    SBI_CUBLAS_CHECK(CUBLAS_STATUS_INVALID_VALUE);
    FAIL("no throw");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("CUBLAS_STATUS_INVALID_VALUE") != std::string::npos);
  }
}

TEST_CASE("workspace arena: aligned slices, overflow, growth to the peak on reset") {
  if (!cuda::available()) {
    MESSAGE("SKIPPED: no GPU (" << cuda::unavailable_reason() << ")");
    return;
  }
  cuda::WorkspaceArena arena(1024);
  float* a = arena.allocate<float>(10);
  float* b = arena.allocate<float>(10);
  CHECK(reinterpret_cast<std::uintptr_t>(a) % cuda::WorkspaceArena::kAlignment == 0);
  CHECK(reinterpret_cast<std::uintptr_t>(b) - reinterpret_cast<std::uintptr_t>(a) == 256);
  float* c = arena.allocate<float>(1000);  // overflows the 1 KiB block
  CHECK(c != nullptr);
  CHECK(arena.peak() == 256 + 256 + 4096);
  arena.reset();
  CHECK(arena.capacity() == arena.peak());
  CHECK(arena.used() == 0);
  float* d = arena.allocate<float>(1000);
  CHECK(d != nullptr);
  CHECK(arena.capacity() == 256 + 256 + 4096);  // served from the grown block
}
#endif

#if SBI_HAVE_CUDA
TEST_CASE("cuBLAS is opened at first use, not at start-up, and every function the backend calls resolves") {
  // Nothing linked libcublas into this process: it is not loaded until cuda::cublas() opens it
  // (RTLD_NOLOAD only looks). The lookup needs the library, not a GPU.
  const bool loaded_at_start = dlopen(cuda::cublas_library_name(), RTLD_NOW | RTLD_NOLOAD) != nullptr;
  CHECK_FALSE(loaded_at_start);
  const cuda::CublasLibrary* lib = nullptr;
  try {
    lib = &cuda::cublas();
  } catch (const Error& e) {
    MESSAGE("cuBLAS not loadable here: " << e.what());
    CHECK(std::string(e.what()).find(cuda::cublas_library_name()) != std::string::npos);
    return;
  }
  CHECK((lib->create != nullptr));
  CHECK((lib->destroy != nullptr));
  CHECK((lib->set_stream != nullptr));
  CHECK((lib->sgemm != nullptr));
  CHECK((lib->sgemv != nullptr));
  CHECK(&cuda::cublas() == lib);  // opened once
}
#endif
