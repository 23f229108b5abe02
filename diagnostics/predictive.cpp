// Posterior-predictive distances (see predictive.hpp).
#include "diagnostics/predictive.hpp"

#include <algorithm>
#include <vector>

#include "core/errors.hpp"

namespace sbi::diagnostics {

PredictiveSummary posterior_predictive(const sim::Simulator& simulator, const MatrixD& theta,
                                       const RowVectorD& x_o, std::uint64_t seed,
                                       const ObservationDistance& distance) {
  if (x_o.size() != simulator.x_dim())
    throw ShapeError("posterior predictive: the observation has " + std::to_string(x_o.size()) +
                     " values, the simulator produces " + std::to_string(simulator.x_dim()));
  const MatrixD x = simulator.simulate(theta, seed);
  std::vector<Index> finite;
  for (Index i = 0; i < x.rows(); ++i)
    if (x.row(i).allFinite()) finite.push_back(i);
  PredictiveSummary s;
  s.num_simulations = x.rows();
  s.num_nonfinite = x.rows() - static_cast<Index>(finite.size());
  if (finite.empty()) throw ValueError("posterior predictive: every simulation was non-finite");
  MatrixD kept(static_cast<Index>(finite.size()), x.cols());
  for (std::size_t k = 0; k < finite.size(); ++k) kept.row(static_cast<Index>(k)) = x.row(finite[k]);
  std::vector<double> l2(finite.size());
  for (std::size_t k = 0; k < finite.size(); ++k) l2[k] = (kept.row(static_cast<Index>(k)) - x_o).norm();
  std::nth_element(l2.begin(), l2.begin() + static_cast<std::ptrdiff_t>(l2.size() / 2), l2.end());
  s.median_l2 = l2[l2.size() / 2];
  if (distance) {
    const VectorD d = distance(kept, x_o);
    s.mean_distance = d.mean();
  } else {
    double total = 0;
    for (Index i = 0; i < kept.rows(); ++i) total += (kept.row(i) - x_o).norm();
    s.mean_distance = total / double(kept.rows());
  }
  return s;
}

}  // namespace sbi::diagnostics
