// NumPy ↔ Eigen at the binding boundary (see arrays.hpp).
#include "arrays.hpp"

namespace sbi::py {

OutMatrix to_numpy(MatrixD&& m) {
  auto* owned = new MatrixD(std::move(m));
  nb::capsule owner(owned, [](void* p) noexcept { delete static_cast<MatrixD*>(p); });
  return OutMatrix(owned->data(), {static_cast<size_t>(owned->rows()), static_cast<size_t>(owned->cols())},
                   owner);
}

OutVector to_numpy(VectorD&& v) {
  auto* owned = new VectorD(std::move(v));
  nb::capsule owner(owned, [](void* p) noexcept { delete static_cast<VectorD*>(p); });
  return OutVector(owned->data(), {static_cast<size_t>(owned->size())}, owner);
}

}  // namespace sbi::py
