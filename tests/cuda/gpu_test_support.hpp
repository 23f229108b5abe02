// Shared by the GPU test files: skip a test case cleanly when no CUDA device is usable.
#pragma once
#include <doctest/doctest.h>

#include "cuda/device.hpp"

#define SBI_REQUIRE_GPU_OR_SKIP()                                                  \
  do {                                                                             \
    if (!::sbi::cuda::available()) {                                               \
      MESSAGE("SKIPPED: no GPU (" << ::sbi::cuda::unavailable_reason() << ")");    \
      return;                                                                      \
    }                                                                              \
  } while (0)
