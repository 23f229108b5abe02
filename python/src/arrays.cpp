// NumPy ↔ Eigen at the binding boundary (see arrays.hpp).
#include "arrays.hpp"

#include <memory>

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

PythonSimulator python_simulator(nb::object fn) {
  auto shared = std::make_shared<nb::object>(std::move(fn));
  return [shared](const MatrixD& theta, std::uint64_t seed) {
    nb::gil_scoped_acquire acquire;
    nb::object x = (*shared)(to_numpy(MatrixD(theta)), seed);
    return MatrixD(view(nb::cast<InMatrix>(x)));
  };
}

}  // namespace sbi::py
