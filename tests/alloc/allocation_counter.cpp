// Counting heap allocations (see allocation_counter.hpp), two ways:
// - a plain build replaces the C allocation functions. glibc allows a program to replace malloc
//   ("Replacing malloc" in its manual) as long as malloc, free, calloc and realloc are all
//   replaced; these forward to glibc's own implementation (__libc_*), so memory from either side
//   may be freed by the other;
// - under AddressSanitizer, whose runtime owns malloc, a replacement would clash with it, so the
//   counter registers ASan's allocation hook instead, which ASan calls for every allocation.
#include "alloc/allocation_counter.hpp"

#include <atomic>
#include <cerrno>
#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define SBI_COUNT_WITH_SANITIZER_HOOKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SBI_COUNT_WITH_SANITIZER_HOOKS 1
#endif
#endif

namespace {
std::atomic<long> g_allocations{0};
}

namespace sbi::test {
long heap_allocations() { return g_allocations.load(); }
}  // namespace sbi::test

#ifdef SBI_COUNT_WITH_SANITIZER_HOOKS
// The sanitizer runtime's allocator interface (sanitizer/allocator_interface.h, which not every
// compiler ships): hooks called after each allocation and before each deallocation.
extern "C" int __sanitizer_install_malloc_and_free_hooks(
    void (*malloc_hook)(const volatile void*, std::size_t), void (*free_hook)(const volatile void*));

namespace {
void count_allocation(const volatile void*, std::size_t) { ++g_allocations; }
void ignore_free(const volatile void*) {}
const int g_hooks_installed = __sanitizer_install_malloc_and_free_hooks(count_allocation, ignore_free);
}  // namespace
#else
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
#endif
