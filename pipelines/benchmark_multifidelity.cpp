// `sbi benchmark` for TSNPE, MF-NPE, MF-TSNPE and A-MF-TSNPE (see benchmark_multifidelity.hpp).
#include "pipelines/benchmark_multifidelity.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "pipelines/benchmark_observations.hpp"
#include "pipelines/benchmark_rows.hpp"
#include "pipelines/results_files.hpp"
#include "pipelines/job.hpp"
#include "pipelines/train_method.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"
#include "diagnostics/c2st.hpp"
#include "diagnostics/mmd.hpp"
#include "diagnostics/point_metrics.hpp"
#include "diagnostics/predictive.hpp"
#include "inference/multifidelity.hpp"
#include "inference/tsnpe.hpp"

namespace sbi::pipelines {

namespace {

constexpr Index kEnsembleSize = 5;
constexpr double kActiveFraction = 0.2;
constexpr const char* kColumns =
    "task,method,estimator,sims,lf_sims,lf_task,observation,c2st,mmd,median_distance,nltp,seconds_simulating,"
    "seconds_pretraining,seconds_training,seconds_sampling,min_acceptance,seed,error";


struct Row {
  Index sims = 0;
  int observation = 0;
  double c2st = NAN, mmd = NAN, median_distance = NAN, nltp = NAN;
  double seconds_simulating = 0, seconds_training = 0, seconds_sampling = 0;
  double min_acceptance = NAN;  // smallest truncated-prior acceptance over the rounds
  std::string error;
};

// C2ST and MMD against the reference draws (when the task has them), NLTP = −log q(θ* | x_o)
// when θ* is known and the posterior is normalised, and the median predictive distance.
void score_row(Row& row, const MatrixD& draws, const inference::Posterior& posterior, const BenchmarkObservation& obs,
               const sim::Task& task, Index predictive_sims, std::uint64_t predictive_seed,
               const diagnostics::C2stOptions& c2st_options) {
  if (obs.reference.rows() > 0) {
    row.c2st = diagnostics::c2st(obs.reference, draws, c2st_options);
    row.mmd = diagnostics::mmd(obs.reference, draws);
  }
  if (posterior.normalized() && obs.theta_true.size() == draws.cols())
    row.nltp = diagnostics::nltp(posterior.log_prob(MatrixD(obs.theta_true)));
  const Index m = std::min<Index>(predictive_sims, draws.rows());
  row.median_distance =
      diagnostics::posterior_predictive(*task.simulator, draws.topRows(m), obs.x_o, predictive_seed).median_l2;
}

}  // namespace

bool is_multifidelity_method(const std::string& name) {
  return name == "tsnpe" || name == "mf-npe" || name == "mf-tsnpe" || name == "a-mf-tsnpe";
}

void benchmark_multifidelity(const BenchmarkSettings& settings, const sim::Task& task, const Log& log) {
  const std::string& method = settings.method;
  if (!is_multifidelity_method(method)) throw SettingsError("not a multifidelity method: '" + method + "'");
  if (settings.out.empty()) throw SettingsError("missing --out");
  check_results_csv(settings.out, kColumns);
  const std::vector<Index>& budgets = settings.budgets;
  const std::vector<int>& observations = settings.observations;
  const std::uint64_t seed = settings.seed;
  const Index num_samples = settings.num_samples;
  const std::string& estimator = settings.estimator;
  const inference::ThetaSpace theta_space = settings.theta_space;
  const bool multifidelity = method != "tsnpe";
  const Index lf_sims = multifidelity ? settings.lf_sims : 0;
  const int rounds = settings.rounds;
  if (rounds < 1) throw SettingsError("--rounds must be at least 1");
  nn::TrainOptions training;
  training.max_epochs = settings.max_epochs;
  training.progress = false;

  const std::vector<BenchmarkObservation> refs = benchmark_observations(settings, log, task);
  const Index predictive_sims = settings.predictive_sims;
  const diagnostics::C2stOptions& c2st_options = settings.c2st;

  // ---- low-fidelity pretraining (shared by every budget and observation) ----
  std::vector<inference::PosteriorEstimator> pretrained;
  double seconds_pretraining = 0;
  std::string lf_name;  // empty without low-fidelity pretraining
  if (multifidelity) {
    lf_name = settings.lf_task.empty() ? task.name + "_lf" : settings.lf_task;
    const sim::Task lf_task = sim::make_task(lf_name);
    if (lf_task.theta_dim() != task.theta_dim() || lf_task.x_dim() != task.x_dim())
      throw ValueError("low-fidelity task " + lf_name + " has θ/x dimensions " + std::to_string(lf_task.theta_dim()) +
                       "/" + std::to_string(lf_task.x_dim()) + ", the task " + task.name + " " +
                       std::to_string(task.theta_dim()) + "/" + std::to_string(task.x_dim()));
    const SimulationSet lf = simulate_from_prior(lf_task, lf_sims, derive_seed(seed, 7), log);
    const Index members = method == "a-mf-tsnpe" ? kEnsembleSize : 1;
    Stage stage(log, "pretraining " + std::to_string(members) + " flow(s) on " + std::to_string(lf_sims) + " " + lf_name +
                         " simulations");
    const auto t0 = std::chrono::steady_clock::now();
    inference::MultifidelityOptions mf;  // pretraining lr 1e-4
    // LF θ go to the HF prior's coordinates: the fine-tuned flow and its posteriors live there
    // (an LF θ outside the HF prior's support is an error named by to_unconstrained).
    for (Index m = 0; m < members; ++m) {
      nn::TrainOptions t = mf.pretraining;
      t.max_epochs = training.max_epochs;
      t.progress = false;
      t.seed = derive_seed(seed, 40 + static_cast<std::uint64_t>(m));
      flows::FitResult fit;
      pretrained.push_back(inference::pretrain_estimator(estimator, task.prior, theta_space, lf.theta, lf.x,
                                                         derive_seed(seed, 20 + static_cast<std::uint64_t>(m)), t, &fit));
      log.detail("  member " + std::to_string(m) + ": " + std::to_string(fit.train.epochs.size()) + " epochs");
    }
    seconds_pretraining = seconds_since(t0);
  }

  std::vector<Row> rows;
  for (const Index sims : budgets) {
    if (method == "mf-npe") {
      // Amortized: the same HF simulations as `--method npe`, one fine-tuning per budget.
      Row base;
      base.sims = sims;
      const SimulationSet hf = simulate_from_prior(task, sims, seed, log);
      base.seconds_simulating = hf.seconds;
      inference::MultifidelityOptions mf;
      mf.estimator = estimator;
      mf.theta_space = theta_space;
      mf.seed = derive_seed(seed, 3);
      mf.fine_tuning = training;
      mf.fine_tuning.seed = derive_seed(seed, 4);
      inference::MultifidelityNpe mfnpe(task.prior, mf);
      mfnpe.set_pretrained(pretrained[0]);
      mfnpe.append_simulations(hf.theta, hf.x);
      const auto t_train = std::chrono::steady_clock::now();
      {
        Stage stage(log, "fine-tuning on " + std::to_string(sims) + " " + task.name + " simulations");
        mfnpe.train();
      }
      base.seconds_training = seconds_since(t_train);
      for (std::size_t k = 0; k < refs.size(); ++k) {
        Row row = base;
        row.observation = observations[k];
        const auto t_sample = std::chrono::steady_clock::now();
        try {
          const auto posterior = mfnpe.posterior(refs[k].x_o);
          const MatrixD draws = posterior->sample(num_samples, derive_seed(seed, 5 + k));
          row.seconds_sampling = seconds_since(t_sample);
          save_draws(settings.save_samples, log, task.name, method, estimator, sims, row.observation, draws);
          score_row(row, draws, *posterior, refs[k], task, predictive_sims, derive_seed(seed, 100 + k), c2st_options);
        } catch (const Error& e) {
          row.error = e.what();
        }
        rows.push_back(row);
      }
    } else {
      // Sequential: one run of the rounds per observation.
      for (std::size_t k = 0; k < refs.size(); ++k) {
        Row row;
        row.sims = sims;
        row.observation = observations[k];
        Stage stage(log, method + " with " + std::to_string(sims) + " simulations, observation " +
                             std::to_string(row.observation));
        inference::TsnpeOptions opt;
        opt.estimator = estimator;
        opt.theta_space = theta_space;
        opt.rounds = rounds;
        opt.seed = derive_seed(derive_seed(seed, 50), static_cast<std::uint64_t>(row.observation));
        opt.training = training;
        if (method == "a-mf-tsnpe") opt.active_fraction = kActiveFraction;
        opt.on_round = [&log](const std::string& line) { log.detail("  " + line); };
        const sim::Task* t = &task;
        const inference::SimulateFn simulate = [t](const MatrixD& theta, std::uint64_t s) { return t->simulate(theta, s); };
        try {
          const auto t_run = std::chrono::steady_clock::now();
          const inference::TsnpeResult run = inference::run_tsnpe(
              task.prior, simulate, refs[k].x_o, sims, opt, multifidelity ? pretrained : std::vector<inference::PosteriorEstimator>{});
          const double seconds_run = seconds_since(t_run);
          for (const auto& rr : run.rounds) row.seconds_simulating += rr.seconds_simulating;
          row.seconds_training = seconds_run - row.seconds_simulating;  // training and proposing
          row.min_acceptance = 1.0;
          for (const auto& rr : run.rounds) row.min_acceptance = std::min(row.min_acceptance, rr.acceptance_rate);
          const auto t_sample = std::chrono::steady_clock::now();
          const MatrixD draws = run.posterior->sample(num_samples, derive_seed(seed, 5 + k));
          row.seconds_sampling = seconds_since(t_sample);
          save_draws(settings.save_samples, log, task.name, method, estimator, sims, row.observation, draws);
          score_row(row, draws, *run.posterior, refs[k], task, predictive_sims, derive_seed(seed, 100 + k), c2st_options);
        } catch (const Error& e) {
          row.error = e.what();
        }
        rows.push_back(row);
      }
    }
    for (const auto& r : rows)
      if (r.sims == sims) {
        std::ostringstream line;
        line << "  sims " << r.sims << ", observation " << r.observation << ": C2ST " << r.c2st << ", MMD " << r.mmd << ", NLTP " << r.nltp
             << ", min acceptance " << r.min_acceptance;
        if (!r.error.empty()) line << " (failed: " << r.error << ")";
        log.info(line.str());
      }
  }

  const std::string& out = settings.out;
  ResultsCsv csv(out, kColumns);
  for (const auto& r : rows) {
    std::string error = r.error;
    for (char& c : error)
      if (c == ',' || c == '\n') c = ';';
    csv << task.name << "," << method << "," << estimator << "," << r.sims << "," << lf_sims << "," << lf_name << "," << r.observation
        << "," << r.c2st << "," << r.mmd << "," << r.median_distance << "," << r.nltp << "," << r.seconds_simulating << ","
        << seconds_pretraining << "," << r.seconds_training << "," << r.seconds_sampling << "," << r.min_acceptance
        << "," << seed << "," << error << "\n";
  }
  csv.commit();
  if (!settings.markdown.empty()) {
    std::map<Index, std::vector<const Row*>> by_budget;
    for (const auto& r : rows) by_budget[r.sims].push_back(&r);
    OutputText md(settings.markdown);
    md << "| task | method | sims | lf sims | observations (failed) | C2ST (mean) | MMD (mean) | NLTP (mean) | "
          "seconds (train, mean per obs.) |\n"
          "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& [sims, list] : by_budget) {
      double c = 0, m = 0, nl = 0, s = 0;
      int n = 0, failed = 0;
      for (const auto* r : list) {
        if (!r->error.empty()) {
          ++failed;
          continue;
        }
        c += r->c2st;  // NaN without reference draws: the mean says so
        m += r->mmd;
        nl += r->nltp;
        s += r->seconds_training;
        ++n;
      }
      md << "| " << task.name << " | " << method << " | " << sims << " | " << lf_sims << " | " << list.size() << " ("
         << failed << ") | " << c / n << " | " << m / n << " | " << nl / n << " | " << s / n << " |\n";
    }
    md.commit();
  }
  log.info("wrote " + out);
  std::size_t failed = 0;
  for (const auto& r : rows) failed += r.error.empty() ? 0 : 1;
  if (failed > 0)  // a requested result failed: the rows are kept, the exit status says so
    throw ValueError(std::to_string(failed) + " of " + std::to_string(rows.size()) +
                     " runs failed (their error is in the last column of " + out + ")");
}

}  // namespace sbi::pipelines
