// The atomic (APT / SNPE-C) loss and its training loop (see atomic_loss.hpp).
#include "sequential/atomic_loss.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "inference/nre_losses.hpp"

namespace sbi::inference {

std::vector<std::int64_t> atom_rows(Index n, Index num_atoms, Rng& rng) {
  if (n < 1) throw ValueError("atomic loss: empty minibatch");
  if (num_atoms < 1) throw ValueError("atomic loss: num_atoms must be ≥ 1, got " + std::to_string(num_atoms));
  const Index k_atoms = std::min(num_atoms, n);
  std::vector<std::int64_t> atoms(static_cast<std::size_t>(k_atoms * n));
  for (Index i = 0; i < n; ++i) atoms[static_cast<std::size_t>(i)] = i;
  if (k_atoms > 1) {
    // n − 1 ≥ K − 1 other rows, so contrastive_partners draws them without replacement.
    const std::vector<std::int64_t> others = contrastive_partners(n, k_atoms - 1, rng);
    std::copy(others.begin(), others.end(), atoms.begin() + n);
  }
  return atoms;
}

ad::Var atomic_loss(ad::Tape& tape, flows::ConditionalDensityEstimator& flow, const MatrixF& theta,
                    const MatrixF& x, const MatrixF& log_prior, std::span<const std::int64_t> rows,
                    Index num_atoms, Rng& rng) {
  const Index n = static_cast<Index>(rows.size());
  const std::vector<std::int64_t> atoms = atom_rows(n, num_atoms, rng);
  const Index k_atoms = static_cast<Index>(atoms.size()) / n, m = k_atoms * n;
  MatrixF theta_atoms(m, theta.cols()), x_rep(m, x.cols()), prior_atoms(m, 1);
  for (Index a = 0; a < m; ++a) {
    const std::int64_t atom = rows[static_cast<std::size_t>(atoms[static_cast<std::size_t>(a)])];
    const std::int64_t own = rows[static_cast<std::size_t>(a % n)];
    theta_atoms.row(a) = theta.row(atom);
    x_rep.row(a) = x.row(own);
    prior_atoms(a, 0) = log_prior(atom, 0);
  }
  const ad::Var log_q = flow.log_prob(tape, tape.constant(theta_atoms), tape.constant(x_rep));
  const ad::Var u = ad::sub(log_q, tape.constant(prior_atoms));  // m×1, block k = atom k
  std::vector<ad::Var> columns;
  std::vector<std::int64_t> block(static_cast<std::size_t>(n));
  for (Index k = 0; k < k_atoms; ++k) {
    for (Index i = 0; i < n; ++i) block[static_cast<std::size_t>(i)] = k * n + i;
    columns.push_back(ad::gather_rows(u, block));
  }
  const ad::Var u_matrix = k_atoms == 1 ? columns[0] : ad::concat_cols(columns);  // n×K
  return ad::neg(ad::mean(ad::sub(columns[0], ad::logsumexp_rows(u_matrix))));
}

double atomic_loss_reference(const MatrixD& u) {
  double total = 0;
  for (Index i = 0; i < u.rows(); ++i) {
    const double top = u.row(i).maxCoeff();
    const double lse = top + std::log((u.row(i).array() - top).exp().sum());
    total += u(i, 0) - lse;
  }
  return -total / double(u.rows());
}

flows::FitResult fit_atomic(PosteriorEstimator& estimator, const MatrixD& theta, const MatrixD& x,
                            Index num_atoms, const nn::TrainSettings& options) {
  require_shape("fit_atomic: theta", theta, -1, estimator.theta_dim());
  require_shape("fit_atomic: x", x, theta.rows(), estimator.context_dim());
  if (num_atoms < 2) throw ValueError("SNPE-C: num_atoms must be at least 2, got " + std::to_string(num_atoms));
  if (theta.rows() < 2) throw ValueError("SNPE-C: need at least 2 simulations to train");
  // log p in the flow's coordinates: log p_z(z) = log p(θ) + log|det ∂T/∂z| when unconstrained.
  const sim::Prior& prior = *estimator.prior();
  VectorD log_prior = prior.log_prob(theta);
  const MatrixD flow_theta = estimator.to_flow_space(theta);
  if (estimator.space() == ThetaSpace::unconstrained) log_prior += prior.log_abs_det_jacobian(flow_theta);
  for (Index i = 0; i < log_prior.size(); ++i)
    if (!std::isfinite(log_prior(i)))
      throw ValueError("SNPE-C: simulation row " + std::to_string(i) + " has θ with prior density 0 (outside " +
                       prior.describe() + ")");
  const MatrixF theta_f = flow_theta.cast<float>(), x_f = x.cast<float>();
  const MatrixF prior_f = log_prior.cast<float>();
  flows::ConditionalDensityEstimator& flow = estimator.flow();
  const nn::LossFunction loss = [&](ad::Tape& tape, const nn::Batch& batch) {
    return atomic_loss(tape, flow, theta_f, x_f, prior_f, batch.rows, num_atoms, *batch.rng);
  };
  flows::FitResult result;
  result.train = nn::train({&theta_f, &x_f, &prior_f}, flow.parameters(), loss, options);
  return result;
}

}  // namespace sbi::inference
