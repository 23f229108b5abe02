// Paired distances for ACE (see pair_distance.hpp).
#include "inference/pair_distance.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/parallel.hpp"

namespace sbi::inference {

VectorD PairDistance::operator()(const MatrixD& x, const MatrixD& t) const {
  if (x.rows() != t.rows() || x.cols() != t.cols())
    throw ShapeError("distance '" + name + "': x is " + shape_of(x) + " but targets are " + shape_of(t));
  VectorD out(x.rows());
  pairwise(x, t, out);
  return out;
}

VectorD PairDistance::to_observation(const MatrixD& x, const RowVectorD& x_o) const {
  if (x_o.size() != x.cols())
    throw ShapeError("distance '" + name + "': observation has " + std::to_string(x_o.size()) +
                     " values, x has " + std::to_string(x.cols()) + " columns");
  const MatrixD t = x_o.replicate(x.rows(), 1);
  return (*this)(x, t);
}

PairDistance mse_pair_distance() {
  PairDistance d{"mse", [](ConstRowsD x, ConstRowsD t, ValuesD out) {
                   out = (x - t).array().square().rowwise().mean().matrix();
                 },
                 RowVectorD(), nullptr};
  d.terms = [](ConstRowsD x, ConstRowsD t, RowsD out) { out = (x - t).array().square().matrix(); };
  return d;
}

PairDistance mae_zscored_pair_distance(const RowVectorD& sd) {
  if (sd.size() == 0 || !sd.allFinite() || (sd.array() < 0).any())
    throw ValueError(
        "mae_zscored distance: the scales must be finite, non-negative and not empty (were they computed "
        "from simulations holding NaN or inf?)");
  const RowVectorD inv = sd.cwiseMax(1e-12).cwiseInverse();
  auto check = [inv](ConstRowsD x) {
    if (x.cols() != inv.size())
      throw ShapeError("mae_zscored distance: x has " + std::to_string(x.cols()) + " columns, the scales " +
                       std::to_string(inv.size()));
  };
  PairDistance d{"mae_zscored",
                 [inv, check](ConstRowsD x, ConstRowsD t, ValuesD out) {
                   check(x);
                   out = ((x - t).array().abs().rowwise() * inv.array()).rowwise().mean().matrix();
                 },
                 sd, nullptr};
  d.terms = [inv, check](ConstRowsD x, ConstRowsD t, RowsD out) {
    check(x);
    out = ((x - t).array().abs().rowwise() * inv.array()).matrix();
  };
  return d;
}

PairDistance pair_distance_from_parameters(const std::string& name, const RowVectorD& parameters) {
  if (name == "mse") {
    if (parameters.size() != 0)
      throw ValueError("distance 'mse' takes no parameters, got " + std::to_string(parameters.size()));
    return mse_pair_distance();
  }
  if (name == "mae_zscored") return mae_zscored_pair_distance(parameters);
  throw ValueError("distance '" + name + "' cannot be rebuilt from stored parameters (mse and mae_zscored can)");
}

namespace {

// Row i of x and of t each hold `num_trials` trials of k values (trial-major). Returns the
// pairwise distance whose trial-set discrepancy is
//   D(A, B) = mean h(a, a') + mean h(b, b') - 2 mean h(a, b)    (all pairs, V-statistics)
// for a kernel h on two trials (h = k for MMD², h = -‖a - b‖ for the energy distance).
template <class TrialKernel>
PairDistance trial_set_distance(std::string name, Index num_trials, TrialKernel h) {
  return {name, [name, num_trials, h](ConstRowsD x, ConstRowsD t, ValuesD out) {
            if (x.cols() % num_trials != 0)
              throw ShapeError(name + ": " + std::to_string(x.cols()) + " values are not a multiple of " +
                               std::to_string(num_trials) + " trials");
            const Index k = x.cols() / num_trials;
            parallel_for(x.rows(), 256, [&](Index begin, Index end) {
              for (Index i = begin; i < end; ++i) {
                auto kernel_mean = [&](const double* a, const double* b) {
                  double total = 0;
                  for (Index p = 0; p < num_trials; ++p)
                    for (Index q = 0; q < num_trials; ++q) {
                      double sq = 0;
                      for (Index d = 0; d < k; ++d) {
                        const double diff = a[p * k + d] - b[q * k + d];
                        sq += diff * diff;
                      }
                      total += h(sq);
                    }
                  return total / double(num_trials * num_trials);
                };
                const double* xi = x.row(i).data();
                const double* ti = t.row(i).data();
                out(i) = kernel_mean(xi, xi) + kernel_mean(ti, ti) - 2 * kernel_mean(xi, ti);
              }
            });
          },
          RowVectorD(), nullptr};
}

}  // namespace

PairDistance trial_mmd_pair_distance(Index num_trials, double gamma) {
  return trial_set_distance("trial_mmd", num_trials, [gamma](double sq) { return std::exp(-gamma * sq); });
}

PairDistance trial_energy_pair_distance(Index num_trials) {
  // With h = -‖a - b‖: D = 2 E‖A - B‖ - E‖A - A'‖ - E‖B - B'‖ (the energy distance; 0 iff equal).
  return trial_set_distance("trial_energy", num_trials, [](double sq) { return -std::sqrt(sq); });
}

PairDistance pair_distance_from(
    const std::string& name,
    std::function<VectorD(const MatrixD& x, const RowVectorD& x_o)> distance) {
  return {name, [distance](ConstRowsD x, ConstRowsD t, ValuesD out) {
            for (Index i = 0; i < x.rows(); ++i) out(i) = distance(x.row(i), t.row(i))(0);
          },
          RowVectorD(), nullptr};
}

}  // namespace sbi::inference
