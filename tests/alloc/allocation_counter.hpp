// A count of heap allocations, for tests that prove a loop allocates nothing.
// allocation_counter.cpp interposes glibc's malloc family in the test executable that links it
// (only test_no_alloc does), or under AddressSanitizer registers ASan's allocation hook, so it
// sees every allocation: operator new (which calls malloc), Eigen's aligned_malloc (which calls
// malloc directly, not operator new), and C code.
#pragma once

namespace sbi::test {

// Number of malloc/calloc/realloc/memalign/aligned_alloc/posix_memalign calls so far.
long heap_allocations();

}  // namespace sbi::test
