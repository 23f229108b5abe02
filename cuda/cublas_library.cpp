// cuBLAS looked up at first use (see cublas_library.hpp).
#include "cuda/cublas_library.hpp"

#include <dlfcn.h>

#include <string>

#include "core/errors.hpp"

namespace sbi::cuda {

namespace {

#define SBI_STR2(x) #x
#define SBI_STR(x) SBI_STR2(x)
constexpr const char* kLibrary = "libcublas.so." SBI_STR(CUBLAS_VER_MAJOR);

template <class F>
F symbol(void* handle, const char* name) {
  void* p = dlsym(handle, name);
  if (p == nullptr)
    throw Error(std::string("the GPU backend: ") + kLibrary + " has no symbol " + name +
                " (a cuBLAS older than the headers sbi++ was built with?)");
  return reinterpret_cast<F>(p);
}

CublasLibrary load() {
  void* handle = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    throw Error(std::string("the GPU backend needs ") + kLibrary + ", which could not be loaded: " +
                (why ? why : "unknown reason") + " (install the CUDA toolkit's cuBLAS or add its folder to LD_LIBRARY_PATH)");
  }
  // Never closed: the handles the streams make live until the process ends.
  CublasLibrary lib;
  lib.create = symbol<decltype(lib.create)>(handle, "cublasCreate_v2");
  lib.destroy = symbol<decltype(lib.destroy)>(handle, "cublasDestroy_v2");
  lib.set_stream = symbol<decltype(lib.set_stream)>(handle, "cublasSetStream_v2");
  lib.sgemm = symbol<decltype(lib.sgemm)>(handle, "cublasSgemm_v2");
  lib.sgemv = symbol<decltype(lib.sgemv)>(handle, "cublasSgemv_v2");
  return lib;
}

}  // namespace

const char* cublas_library_name() { return kLibrary; }

const CublasLibrary& cublas() {
  static const CublasLibrary lib = load();  // a failed load throws, and is tried again next call
  return lib;
}

}  // namespace sbi::cuda
