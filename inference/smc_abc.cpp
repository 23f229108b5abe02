// SMC-ABC (see smc_abc.hpp).
#include "inference/smc_abc.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/rng_streams.hpp"
#include "inference/smc_abc_adjust.hpp"

namespace sbi::inference {

DistanceFn zscored_euclidean_distance(const MatrixD& reference_x) {
  if (reference_x.rows() < 2) throw ValueError("z-scored distance: need at least 2 reference rows");
  const RowVectorD mean = reference_x.colwise().mean();
  const RowVectorD sd = ((reference_x.rowwise() - mean).array().square().colwise().sum() /
                         double(reference_x.rows() - 1)).sqrt().cwiseMax(1e-12);
  return [sd](const MatrixD& x, const RowVectorD& x_o) {
    VectorD d(x.rows());
    for (Index i = 0; i < x.rows(); ++i) d(i) = ((x.row(i) - x_o).array() / sd.array()).matrix().norm();
    return d;
  };
}

double SmcAbcResult::effective_sample_size() const { return 1.0 / weights.squaredNorm(); }

EmpiricalPosterior SmcAbcResult::posterior() const {
  return EmpiricalPosterior(theta, weights,
                            "SMC-ABC (" + std::to_string(rounds.size()) + " rounds, epsilon " +
                                std::to_string(epsilon) + ", " + std::to_string(simulations) + " simulations)");
}

SmcAbc::SmcAbc(sim::PriorPtr prior, BatchSimulator simulator, SmcAbcSettings options)
    : prior_(std::move(prior)), simulator_(std::move(simulator)), options_(std::move(options)) {
  const SmcAbcSettings& o = options_;
  if (!prior_) throw ValueError("SMC-ABC: a prior is required");
  if (!simulator_) throw ValueError("SMC-ABC: a simulator is required");
  if (o.num_particles < 2) throw ValueError("SMC-ABC: num_particles must be ≥ 2, got " + std::to_string(o.num_particles));
  if (o.initial_population < o.num_particles)
    throw ValueError("SMC-ABC: initial_population (" + std::to_string(o.initial_population) +
                     ") must be ≥ num_particles (" + std::to_string(o.num_particles) + ")");
  if (o.simulation_budget < o.initial_population)
    throw ValueError("SMC-ABC: the simulation budget (" + std::to_string(o.simulation_budget) +
                     ") is smaller than the initial population (" + std::to_string(o.initial_population) + ")");
  if (!(o.epsilon_quantile > 0 && o.epsilon_quantile < 1))
    throw ValueError("SMC-ABC: epsilon_quantile must be in (0, 1), got " + std::to_string(o.epsilon_quantile));
  if (!(o.kernel_scale > 0)) throw ValueError("SMC-ABC: kernel_scale must be positive");
  if (o.batch_size < 1) throw ValueError("SMC-ABC: batch_size must be ≥ 1");
}

namespace {

MatrixD simulate_checked(const BatchSimulator& sim, const MatrixD& theta, std::uint64_t seed, Index x_dim) {
  MatrixD x = sim(theta, seed);
  if (x.rows() != theta.rows() || (x_dim >= 0 && x.cols() != x_dim))
    throw ShapeError("SMC-ABC: the simulator returned " + shape_str(x.rows(), x.cols()) + " for " +
                     std::to_string(theta.rows()) + " θ rows" +
                     (x_dim >= 0 ? " (expected " + std::to_string(x_dim) + " columns)" : std::string()));
  return x;
}

// Non-finite simulations get distance +∞ (never accepted).
VectorD distances_of(const DistanceFn& distance, const MatrixD& x, const RowVectorD& x_o) {
  VectorD d = distance(x, x_o);
  for (Index i = 0; i < d.size(); ++i)
    if (!x.row(i).allFinite() || !std::isfinite(d(i))) d(i) = std::numeric_limits<double>::infinity();
  return d;
}

// Lower Cholesky factor of kernel_scale·Cov_w(θ), with jitter if the covariance is singular.
MatrixD kernel_cholesky(const MatrixD& theta, const VectorD& w, double scale) {
  const RowVectorD mean = w.transpose() * theta;
  const MatrixD centred = theta.rowwise() - mean;
  MatrixD cov = scale * (centred.transpose() * w.asDiagonal() * centred);
  double jitter = 1e-12 * std::max(1.0, cov.diagonal().maxCoeff());
  for (int attempt = 0; attempt < 20; ++attempt) {
    Eigen::LLT<MatrixD> llt(cov);
    if (llt.info() == Eigen::Success) return llt.matrixL();
    cov.diagonal().array() += jitter;
    jitter *= 10;
  }
  throw ValueError("SMC-ABC: the perturbation kernel's covariance is not positive definite");
}

double logsumexp(const VectorD& v) {
  const double m = v.maxCoeff();
  if (!std::isfinite(m)) return m;
  return m + std::log((v.array() - m).exp().sum());
}

}  // namespace

SmcAbcResult SmcAbc::run(const RowVectorD& x_o) const {
  const SmcAbcSettings& o = options_;
  require_finite("SMC-ABC: observation", MatrixD(x_o));
  const Index N = o.num_particles, D = prior_->dim(), x_dim = x_o.size();
  SmcAbcResult result;

  // Round 0: the N nearest of M prior simulations.
  const std::uint64_t seed0 = derive_seed(o.seed, streams::kSmcRound.id(0));
  const MatrixD theta0 = prior_->sample(o.initial_population, derive_seed(seed0, streams::kSmcInitialPrior));
  const MatrixD x0 = simulate_checked(simulator_, theta0, derive_seed(seed0, streams::kSmcInitialSimulation), x_dim);
  result.simulations = o.initial_population;
  MatrixD finite_x0(0, x_dim);
  for (Index i = 0; i < x0.rows(); ++i)
    if (x0.row(i).allFinite()) {
      finite_x0.conservativeResize(finite_x0.rows() + 1, Eigen::NoChange);
      finite_x0.bottomRows(1) = x0.row(i);
    }
  const DistanceFn distance = o.distance ? o.distance : zscored_euclidean_distance(finite_x0);
  const VectorD d0 = distances_of(distance, x0, x_o);
  std::vector<Index> order(static_cast<std::size_t>(d0.size()));
  std::iota(order.begin(), order.end(), Index(0));
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return d0(a) < d0(b); });
  if (!std::isfinite(d0(order[static_cast<std::size_t>(N - 1)])))
    throw ValueError("SMC-ABC: fewer than num_particles finite simulations in the initial population");
  result.theta.resize(N, D);
  result.x.resize(N, x_dim);
  result.distances.resize(N);
  for (Index k = 0; k < N; ++k) {
    const Index i = order[static_cast<std::size_t>(k)];
    result.theta.row(k) = theta0.row(i);
    result.x.row(k) = x0.row(i);
    result.distances(k) = d0(i);
  }
  result.weights = VectorD::Constant(N, 1.0 / double(N));
  result.epsilon = result.distances(N - 1);
  result.rounds.push_back({0, result.epsilon, o.initial_population, N,
                           double(N) / double(o.initial_population), double(N)});

  for (Index t = 1; t < o.max_rounds; ++t) {
    // ε_t: the q-quantile of the current distances.
    std::vector<double> sorted(result.distances.data(), result.distances.data() + N);
    std::sort(sorted.begin(), sorted.end());
    const double eps = sorted[static_cast<std::size_t>(std::floor(o.epsilon_quantile * double(N - 1)))];
    const MatrixD L = kernel_cholesky(result.theta, result.weights, o.kernel_scale);
    const std::vector<double> w(result.weights.data(), result.weights.data() + N);
    const std::uint64_t round_seed = derive_seed(o.seed, streams::kSmcRound.id(static_cast<std::uint64_t>(t)));

    MatrixD theta_new(N, D), x_new(N, x_dim);
    VectorD d_new(N);
    Index accepted = 0, simulated = 0, within = 0;
    for (std::uint64_t b = 0; accepted < N; ++b) {
      const Index remaining = o.simulation_budget - result.simulations - simulated;
      if (remaining <= 0) break;
      // As sbi: never propose more than the particles still missing, so no accepted
      // simulation is thrown away (they all count against the budget).
      const Index B = std::min({o.batch_size, remaining, N - accepted});
      MatrixD proposals(B, D);
      for (Index k = 0; k < B; ++k) {
        Rng rng(round_seed, (b << 32) + static_cast<std::uint64_t>(k));
        RowVectorD z(D), candidate(D);
        for (int attempt = 0;; ++attempt) {
          if (attempt == 100000)
            throw ValueError("SMC-ABC: 100000 perturbed particles in a row fell outside the prior's support");
          const Index j = static_cast<Index>(rng.categorical(w));
          for (Index d = 0; d < D; ++d) z(d) = rng.normal();
          candidate = result.theta.row(j) + z * L.transpose();
          if (prior_->in_support_one(candidate.data())) break;
        }
        proposals.row(k) = candidate;
      }
      const MatrixD xs = simulate_checked(simulator_, proposals, derive_seed(round_seed, streams::kSmcBatchSimulation.id(b)), x_dim);
      const VectorD ds = distances_of(distance, xs, x_o);
      simulated += B;
      for (Index k = 0; k < B; ++k) {
        if (!(ds(k) <= eps)) continue;
        ++within;
        if (accepted < N) {
          theta_new.row(accepted) = proposals.row(k);
          x_new.row(accepted) = xs.row(k);
          d_new(accepted) = ds(k);
          ++accepted;
        }
      }
    }
    // The budget cannot complete this round: keep the last population, or (as sbi's
    // use_last_pop_samples) keep the `accepted` new particles and fill up with the
    // N − accepted particles of the last population closest to x_o.
    const bool partial = accepted < N;
    if (partial && (!o.fill_incomplete_round || accepted == 0)) {
      result.simulations += simulated;
      result.budget_exhausted = true;
      break;
    }
    // Importance weights w_i ∝ p(θ_i) / Σ_j w_j K(θ_i | θ_j), in logs (the kernel's
    // normalising constant cancels).
    const MatrixD q_old = L.triangularView<Eigen::Lower>().solve(result.theta.transpose());  // D × N
    const MatrixD q_new = L.triangularView<Eigen::Lower>().solve(theta_new.topRows(accepted).transpose());
    const VectorD log_prior = prior_->log_prob(theta_new.topRows(accepted));
    const VectorD log_w_old = result.weights.array().log();
    VectorD log_w(N), terms(N);
    for (Index i = 0; i < accepted; ++i) {
      for (Index j = 0; j < N; ++j) terms(j) = log_w_old(j) - 0.5 * (q_new.col(i) - q_old.col(j)).squaredNorm();
      log_w(i) = log_prior(i) - logsumexp(terms);
    }
    if (partial) {
      // The kept old particles are the N − accepted closest to x_o. New particles carry mass
      // accepted/N, the kept old ones (N − accepted)/N.
      const Index kept = N - accepted;
      std::vector<Index> closest(static_cast<std::size_t>(N));
      std::iota(closest.begin(), closest.end(), Index(0));
      std::stable_sort(closest.begin(), closest.end(),
                       [&](Index a, Index b) { return result.distances(a) < result.distances(b); });
      closest.resize(static_cast<std::size_t>(kept));
      const VectorD log_w_kept = log_w_old(closest);
      const double new_norm = logsumexp(log_w.head(accepted));
      const double old_norm = logsumexp(log_w_kept);
      log_w.head(accepted).array() += std::log(double(accepted) / double(N)) - new_norm;
      log_w.tail(kept) = log_w_kept.array() + std::log(double(kept) / double(N)) - old_norm;
      theta_new.bottomRows(kept) = result.theta(closest, Eigen::all);
      x_new.bottomRows(kept) = result.x(closest, Eigen::all);
      d_new.tail(kept) = result.distances(closest);
    }
    const double norm = logsumexp(log_w);
    result.weights = (log_w.array() - norm).exp();
    result.theta = std::move(theta_new);
    result.x = std::move(x_new);
    result.distances = std::move(d_new);
    result.epsilon = eps;
    result.simulations += simulated;
    const double rate = double(within) / double(simulated);
    result.rounds.push_back({t, eps, simulated, within, rate, result.effective_sample_size()});
    if (partial) {
      result.budget_exhausted = true;
      break;
    }
    if (rate < o.min_acceptance_rate) break;
  }

  if (o.regression_adjustment) {
    const VectorD kernel = epanechnikov_weights(result.distances, result.epsilon);
    const VectorD combined = result.weights.cwiseProduct(kernel);
    result.theta = regression_adjust(result.theta, result.x, combined, x_o, *prior_);
    result.weights = combined / combined.sum();
  }
  return result;
}

}  // namespace sbi::inference
