// cuBLAS, loaded when the first GPU stream is made instead of when the program starts.
//
// Linking libcublas makes every process (the `sbi` program, the Python module, the tests) load
// libcublasLt at start-up: about 0.1 CPU s and 200 MB of resident memory for its relocations,
// paid even by runs that never touch a GPU. Instead, the five cuBLAS functions the backend
// calls are looked up with dlopen/dlsym on first use (libcublas.so.<CUBLAS_VER_MAJOR>, the
// version the headers came from). A missing or incompatible library is an sbi::Error naming
// the file and the loader's message, raised where the GPU path starts.
#pragma once
#include <cublas_v2.h>

namespace sbi::cuda {

struct CublasLibrary {
  decltype(&cublasCreate_v2) create = nullptr;
  decltype(&cublasDestroy_v2) destroy = nullptr;
  decltype(&cublasSetStream_v2) set_stream = nullptr;
  decltype(&cublasSgemm_v2) sgemm = nullptr;
  decltype(&cublasSgemv_v2) sgemv = nullptr;
};

// The loaded library (once per process, thread-safe); throws sbi::Error when it cannot load.
const CublasLibrary& cublas();

// The file name dlopen is given, e.g. "libcublas.so.13".
const char* cublas_library_name();

}  // namespace sbi::cuda
