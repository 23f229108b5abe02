// Truncated sequential NPE and its multifidelity / active variants (see tsnpe.hpp).
#include "inference/tsnpe.hpp"

#include <chrono>
#include <cmath>
#include <sstream>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/active_acquisition.hpp"
#include "inference/ensemble_posterior.hpp"
#include "inference/npe.hpp"
#include "inference/rng_streams.hpp"
#include "inference/simulation_data.hpp"
#include "inference/truncated_prior.hpp"

namespace sbi::inference {

namespace {

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::shared_ptr<Posterior> make_posterior(const std::vector<PosteriorEstimator>& estimators, const RowVectorD& x_o) {
  if (estimators.size() == 1) return std::make_shared<NpePosterior>(estimators[0], x_o);
  std::vector<std::shared_ptr<Posterior>> members;
  for (const auto& e : estimators) members.push_back(std::make_shared<NpePosterior>(e, x_o));
  return std::make_shared<EnsemblePosterior>(std::move(members));
}

}  // namespace

std::vector<Index> round_sizes(Index budget, int rounds) {
  if (rounds < 1) throw ValueError("rounds must be at least 1, got " + std::to_string(rounds));
  if (budget < 2 * static_cast<Index>(rounds))
    throw ValueError("a budget of " + std::to_string(budget) + " simulations is too small for " +
                     std::to_string(rounds) + " rounds (need at least 2 per round)");
  std::vector<Index> sizes(static_cast<std::size_t>(rounds), budget / rounds);
  sizes.back() += budget - (budget / rounds) * rounds;
  return sizes;
}

TsnpeResult run_tsnpe(const sim::PriorPtr& prior, const SimulateFn& simulate, const RowVectorD& x_o, Index budget,
                      const TsnpeSettings& options, const std::vector<PosteriorEstimator>& initial) {
  if (!prior) throw ValueError("TSNPE: no prior");
  require_finite("TSNPE: observation", MatrixD(x_o));
  const bool from_initial = !initial.empty();
  const Index members = from_initial ? static_cast<Index>(initial.size()) : options.ensemble_size;
  if (members < 1) throw ValueError("TSNPE: ensemble size must be at least 1, got " + std::to_string(members));
  if (!(options.active_fraction >= 0 && options.active_fraction < 1))
    throw ValueError("TSNPE: active fraction must be in [0, 1), got " + std::to_string(options.active_fraction));
  if (options.active_fraction > 0 && members < 2)
    throw ValueError("TSNPE: active acquisition needs an ensemble of at least 2 flows, have " + std::to_string(members));
  for (const auto& e : initial) {
    if (e.theta_dim() != prior->dim() || e.context_dim() != x_o.size())
      throw ShapeError("TSNPE: initial estimator is for θ dim " + std::to_string(e.theta_dim()) + " and x dim " +
                       std::to_string(e.context_dim()) + "; the task has " + std::to_string(prior->dim()) + " and " +
                       std::to_string(x_o.size()));
    if (e.prior() != prior) throw ValueError("TSNPE: an initial estimator was built for another prior object");
  }
  const std::vector<Index> sizes = round_sizes(budget, options.rounds);
  const Index candidates = options.active_candidates > 0 ? options.active_candidates : acquisition_candidates(budget);

  TsnpeResult result;
  SimulationData data(prior, x_o.size());
  std::vector<PosteriorEstimator> estimators;
  estimators.reserve(static_cast<std::size_t>(members));
  std::shared_ptr<Posterior> posterior;
  for (int r = 0; r < options.rounds; ++r) {
    TsnpeRound rec;
    rec.simulations = sizes[static_cast<std::size_t>(r)];
    const std::uint64_t round_seed = derive_seed(options.seed, streams::kTsnpeRound.id(static_cast<std::uint64_t>(r)));
    // ---- proposal ----
    auto t0 = std::chrono::steady_clock::now();
    MatrixD theta;
    if (r == 0) {
      theta = prior->sample(rec.simulations, derive_seed(round_seed, streams::kRoundPrior));
    } else {
      rec.active = static_cast<Index>(std::llround(options.active_fraction * double(rec.simulations)));
      rec.threshold = truncation_threshold(*posterior, options.threshold_samples, options.quantile, derive_seed(round_seed, streams::kRoundThreshold));
      const LogDensityFn log_q = [&posterior](const MatrixD& t) { return posterior->log_prob(t); };
      TruncatedSample truncated = sample_truncated_prior(*prior, log_q, rec.threshold, rec.simulations - rec.active,
                                                         derive_seed(round_seed, streams::kRoundTruncated));
      rec.acceptance_rate = truncated.acceptance_rate;
      theta.resize(rec.simulations, prior->dim());
      theta.topRows(truncated.theta.rows()) = truncated.theta;
      if (rec.active > 0) {
        const auto& ensemble = dynamic_cast<const EnsemblePosterior&>(*posterior);
        theta.bottomRows(rec.active) = acquire_active(*prior, ensemble, rec.active, std::max(candidates, rec.active),
                                                      derive_seed(round_seed, streams::kRoundActive));
      }
    }
    rec.seconds_proposing = since(t0);
    // ---- simulate (each round has its own seed; row i uses Rng(seed, i)) ----
    t0 = std::chrono::steady_clock::now();
    const MatrixD x = simulate(theta, derive_seed(round_seed, streams::kRoundSimulation));
    rec.seconds_simulating = since(t0);
    rec.dropped = data.append(theta, x);
    // ---- train every member on all rounds' data ----
    t0 = std::chrono::steady_clock::now();
    if (data.size() < 2) throw ValueError("TSNPE: fewer than 2 finite simulations after round " + std::to_string(r + 1));
    for (Index m = 0; m < members; ++m) {
      const auto mi = static_cast<std::size_t>(m);
      nn::TrainSettings t = options.training;
      t.seed = derive_seed(derive_seed(options.seed, streams::kTsnpeTraining.id(static_cast<std::uint64_t>(r))), static_cast<std::uint64_t>(m));
      flows::FitResult fit;
      if (from_initial) {
        // MF: restart from the LF flow; its z-scoring is replaced by one fitted on the HF data.
        if (r == 0) estimators.push_back(initial[mi].clone());
        else estimators[mi] = initial[mi].clone();
        fit = fine_tune_estimator(estimators[mi], data.theta(), data.x(), t);
      } else if (r == 0) {
        estimators.push_back(PosteriorEstimator::build(options.estimator, prior, options.theta_space, x_o.size(),
                                                       derive_seed(options.seed, streams::kTsnpeEstimatorInit.id(static_cast<std::uint64_t>(m)))));
        fit = estimators[mi].fit(data.theta(), data.x(), t, /*fit_standardizers=*/true);
      } else {
        fit = estimators[mi].fit(data.theta(), data.x(), t, /*fit_standardizers=*/false);
      }
      rec.epochs += static_cast<int>(fit.train.epochs.size());
    }
    rec.seconds_training = since(t0);
    posterior = make_posterior(estimators, x_o);
    if (options.on_round) {
      std::ostringstream line;
      line << "round " << r + 1 << "/" << options.rounds << ": " << rec.simulations << " simulations";
      if (r > 0) line << " (" << rec.active << " active), truncated-prior acceptance " << rec.acceptance_rate;
      line << ", " << rec.epochs << " epochs, " << rec.seconds_training << " s training";
      options.on_round(line.str());
    }
    result.rounds.push_back(rec);
  }
  result.posterior = posterior;
  result.estimators = estimators;
  result.theta = data.theta();
  result.x = data.x();
  return result;
}

}  // namespace sbi::inference
