// Batched prior operations over rows, built on the per-row kernels of each prior.
#include "simulators/prior.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/parallel.hpp"

namespace sbi::sim {

void Prior::shape_error(const char* what, Index rows, Index cols, Index expected_rows) const {
  throw ShapeError("Prior(" + describe() + ")::" + what + ": expected shape " +
                   (expected_rows < 0 ? std::string("*") : std::to_string(expected_rows)) + "x" +
                   std::to_string(dim()) + ", got " + shape_str(rows, cols));
}

MatrixD Prior::sample(Index n, std::uint64_t seed, std::uint64_t stream_offset) const {
  if (n < 0) throw ValueError("Prior::sample: negative number of samples " + std::to_string(n));
  MatrixD theta(n, dim());
  parallel_for(n, 256, [&](Index begin, Index end) {
    for (Index i = begin; i < end; ++i) {
      Rng rng(seed, stream_offset + static_cast<std::uint64_t>(i));
      sample_one(theta.row(i).data(), rng);
    }
  });
  return theta;
}

VectorD Prior::log_prob(const MatrixD& theta) const {
  check_rows("log_prob: theta", theta);
  VectorD out(theta.rows());
  parallel_for(theta.rows(), 1024, [&](Index begin, Index end) {
    for (Index i = begin; i < end; ++i) out[i] = log_prob_one(theta.row(i).data());
  });
  return out;
}

std::vector<bool> Prior::in_support(const MatrixD& theta) const {
  check_rows("in_support: theta", theta);
  std::vector<bool> out(static_cast<std::size_t>(theta.rows()));
  for (Index i = 0; i < theta.rows(); ++i) out[i] = in_support_one(theta.row(i).data());
  return out;
}

MatrixD Prior::to_unconstrained(const MatrixD& theta) const {
  check_rows("to_unconstrained: theta", theta);
  MatrixD z(theta.rows(), dim());
  for (Index i = 0; i < theta.rows(); ++i) {
    if (!in_support_one(theta.row(i).data()))
      throw ValueError("Prior(" + describe() + ")::to_unconstrained: row " + std::to_string(i) +
                       " is outside the prior support");
    to_unconstrained_one(theta.row(i).data(), z.row(i).data());
  }
  return z;
}

MatrixD Prior::from_unconstrained(const MatrixD& z) const {
  check_rows("from_unconstrained: z", z);
  MatrixD theta(z.rows(), dim());
  VectorD log_det(z.rows());
  from_unconstrained_into(z, theta, log_det);
  return theta;
}

void Prior::log_prob_into(ConstRowsD theta, ValuesD out) const {
  check_rows("log_prob: theta", theta);
  if (out.size() != theta.rows()) shape_error("log_prob: output", out.size(), 1, theta.rows());
  for (Index i = 0; i < theta.rows(); ++i) out[i] = log_prob_one(theta.row(i).data());
}

void Prior::from_unconstrained_into(ConstRowsD z, RowsD theta, ValuesD log_det) const {
  check_rows("from_unconstrained: z", z);
  check_rows("from_unconstrained: theta", theta, z.rows());
  if (log_det.size() != z.rows()) shape_error("from_unconstrained: log_det", log_det.size(), 1, z.rows());
  for (Index i = 0; i < z.rows(); ++i)
    log_det[i] = from_unconstrained_one(z.row(i).data(), theta.row(i).data());
}

void Prior::to_unconstrained_into(ConstRowsD theta, RowsD z) const {
  check_rows("to_unconstrained: theta", theta);
  check_rows("to_unconstrained: z", z, theta.rows());
  for (Index i = 0; i < theta.rows(); ++i) to_unconstrained_one(theta.row(i).data(), z.row(i).data());
}

VectorD Prior::log_abs_det_jacobian(const MatrixD& z) const {
  check_rows("log_abs_det_jacobian: z", z);
  MatrixD theta(z.rows(), dim());
  VectorD out(z.rows());
  from_unconstrained_into(z, theta, out);
  return out;
}

}  // namespace sbi::sim
