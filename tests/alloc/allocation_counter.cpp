// Counting replacements of the C allocation functions (see allocation_counter.hpp). glibc
// allows a program to replace malloc ("Replacing malloc" in its manual) as long as malloc,
// free, calloc and realloc are all replaced; these forward to glibc's own implementation
// (__libc_*), so memory from either side may be freed by the other.
#include "alloc/allocation_counter.hpp"

#include <atomic>
#include <cerrno>
#include <cstddef>

namespace {
std::atomic<long> g_allocations{0};
}

namespace sbi::test {
long heap_allocations() { return g_allocations.load(); }
}  // namespace sbi::test

extern "C" {
void* __libc_malloc(std::size_t);
void __libc_free(void*);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);

void* malloc(std::size_t n) {
  ++g_allocations;
  return __libc_malloc(n);
}
void free(void* p) { __libc_free(p); }
void* calloc(std::size_t count, std::size_t n) {
  ++g_allocations;
  return __libc_calloc(count, n);
}
void* realloc(void* p, std::size_t n) {
  ++g_allocations;
  return __libc_realloc(p, n);
}
void* memalign(std::size_t align, std::size_t n) {
  ++g_allocations;
  return __libc_memalign(align, n);
}
void* aligned_alloc(std::size_t align, std::size_t n) {
  ++g_allocations;
  return __libc_memalign(align, n);
}
int posix_memalign(void** out, std::size_t align, std::size_t n) {
  ++g_allocations;
  void* p = __libc_memalign(align, n);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
}  // extern "C"
