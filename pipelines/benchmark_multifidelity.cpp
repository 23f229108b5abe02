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
#include "pipelines/sequential_options.hpp"
#include "pipelines/job.hpp"
#include "pipelines/train_method.hpp"
#include "pipelines/rng_streams.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"
#include "diagnostics/c2st.hpp"
#include "diagnostics/mmd.hpp"
#include "diagnostics/point_metrics.hpp"
#include "diagnostics/predictive.hpp"
#include "inference/multifidelity.hpp"
#include "sequential/sequential.hpp"
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
               const diagnostics::C2stSettings& c2st_options) {
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

// One benchmark run's shared state: the settings, the observations, the LF-pretrained flows.
struct MfRun {
  const BenchmarkSettings& settings;
  const sim::Task& task;
  const Log& log;
  std::vector<BenchmarkObservation> refs;
  nn::TrainSettings training;
  bool multifidelity = false;
  Index lf_sims = 0;
  std::string lf_name;  // empty without low-fidelity pretraining
  std::vector<inference::PosteriorEstimator> pretrained;
  double seconds_pretraining = 0;
};

// Low-fidelity pretraining, shared by every budget and observation. LF θ go to the HF prior's
// coordinates: the fine-tuned flow and its posteriors live there (an LF θ outside the HF
// prior's support is an error named by to_unconstrained).
void pretrain(MfRun& run) {
  const BenchmarkSettings& s = run.settings;
  run.lf_name = s.lf_task.empty() ? run.task.name + "_lf" : s.lf_task;
  const sim::Task lf_task = sim::make_task(run.lf_name);
  if (lf_task.theta_dim() != run.task.theta_dim() || lf_task.x_dim() != run.task.x_dim())
    throw ValueError("low-fidelity task " + run.lf_name + " has θ/x dimensions " + std::to_string(lf_task.theta_dim()) +
                     "/" + std::to_string(lf_task.x_dim()) + ", the task " + run.task.name + " " +
                     std::to_string(run.task.theta_dim()) + "/" + std::to_string(run.task.x_dim()));
  const SimulationSet lf = simulate_from_prior(lf_task, run.lf_sims, derive_seed(s.seed, streams::kLowFidelitySimulation), run.log);
  const Index members = s.method == "a-mf-tsnpe" ? kEnsembleSize : 1;
  Stage stage(run.log, "pretraining " + std::to_string(members) + " flow(s) on " + std::to_string(run.lf_sims) + " " +
                           run.lf_name + " simulations");
  const auto t0 = std::chrono::steady_clock::now();
  inference::MultifidelitySettings mf;  // pretraining lr 1e-4
  for (Index m = 0; m < members; ++m) {
    nn::TrainSettings t = mf.pretraining;
    t.max_epochs = run.training.max_epochs;
    t.progress = false;
    t.seed = derive_seed(s.seed, streams::kPretrainingMemberTraining.id(static_cast<std::uint64_t>(m)));
    flows::FitResult fit;
    run.pretrained.push_back(inference::pretrain_estimator(s.estimator, run.task.prior, s.theta_space, lf.theta, lf.x,
                                                           derive_seed(s.seed, streams::kPretrainingMember.id(static_cast<std::uint64_t>(m))), t,
                                                           &fit));
    run.log.detail("  member " + std::to_string(m) + ": " + std::to_string(fit.train.epochs.size()) + " epochs");
  }
  run.seconds_pretraining = seconds_since(t0);
}

// Observation k's draws from `posterior`, timed, saved and scored into `row`.
void sample_and_score(const MfRun& run, Row& row, std::size_t k, const inference::Posterior& posterior) {
  const BenchmarkSettings& s = run.settings;
  const auto t_sample = std::chrono::steady_clock::now();
  const MatrixD draws = posterior.sample(s.num_samples, derive_seed(s.seed, streams::observation_draws(run.refs[k].number)));
  row.seconds_sampling = seconds_since(t_sample);
  save_draws(s.save_samples, run.log, run.task.name, s.method, s.estimator, row.sims, row.observation, draws);
  score_row(row, draws, posterior, run.refs[k], run.task, s.predictive_sims, derive_seed(s.seed, streams::observation_predictive(run.refs[k].number)),
            s.c2st);
}

// mf-npe, amortized: the same HF simulations as `--method npe`, one fine-tuning per budget.
void mf_npe_rows(const MfRun& run, Index sims, std::vector<Row>& rows) {
  const BenchmarkSettings& s = run.settings;
  Row base;
  base.sims = sims;
  const SimulationSet hf = simulate_from_prior(run.task, sims, s.seed, run.log);
  base.seconds_simulating = hf.seconds;
  inference::MultifidelitySettings mf;
  mf.estimator = s.estimator;
  mf.theta_space = s.theta_space;
  mf.seed = derive_seed(s.seed, streams::kMethodInit);
  mf.fine_tuning = run.training;
  mf.fine_tuning.seed = derive_seed(s.seed, streams::kTraining);
  inference::MultifidelityNpe mfnpe(run.task.prior, mf);
  mfnpe.set_pretrained(run.pretrained[0]);
  mfnpe.append_simulations(hf.theta, hf.x);
  const auto t_train = std::chrono::steady_clock::now();
  {
    Stage stage(run.log, "fine-tuning on " + std::to_string(sims) + " " + run.task.name + " simulations");
    mfnpe.train();
  }
  base.seconds_training = seconds_since(t_train);
  for (std::size_t k = 0; k < run.refs.size(); ++k) {
    Row row = base;
    row.observation = s.observations[k];
    try {
      sample_and_score(run, row, k, *mfnpe.posterior(run.refs[k].x_o));
    } catch (const Error& e) {
      row.error = e.what();
    }
    rows.push_back(row);
  }
}

// The multi-round options of snpe-a, snpe-b, snpe-c, snle, snre, snre-b, snre-c from the TSNPE ones and the settings.
inference::SequentialSettings benchmark_sequential_options(const MfRun& run, const inference::TsnpeSettings& tsnpe) {
  const BenchmarkSettings& s = run.settings;
  SequentialJobSettings q;
  q.method = inference::parse_sequential_method(s.method);
  q.estimator = tsnpe.estimator;
  q.theta_space = tsnpe.theta_space;
  q.rounds = tsnpe.rounds;
  q.atoms = s.atoms;
  q.seed = tsnpe.seed;
  q.training = tsnpe.training;
  q.overrides = s.training;  // --batch-size, --lr, --patience
  q.mcmc = s.mcmc;
  q.embedding = s.embedding;
  q.restriction = round_restriction(s.restriction);
  return sequential_options(q, tsnpe.on_round);
}

// tsnpe, mf-tsnpe, a-mf-tsnpe, sequential: one run of the rounds for observation k.
Row tsnpe_row(const MfRun& run, Index sims, std::size_t k) {
  const BenchmarkSettings& s = run.settings;
  Row row;
  row.sims = sims;
  row.observation = s.observations[k];
  Stage stage(run.log, s.method + " with " + std::to_string(sims) + " simulations, observation " +
                           std::to_string(row.observation));
  inference::TsnpeSettings opt;
  opt.estimator = s.estimator;
  opt.theta_space = s.theta_space;
  opt.rounds = s.rounds;
  opt.seed = derive_seed(derive_seed(s.seed, streams::kTsnpeBase), static_cast<std::uint64_t>(row.observation));
  opt.training = run.training;
  if (s.method == "a-mf-tsnpe") opt.active_fraction = kActiveFraction;
  const Log& log = run.log;
  opt.on_round = [&log](const std::string& line) { log.detail("  " + line); };
  const sim::Task* t = &run.task;
  const inference::SimulateFn simulate = [t](const MatrixD& theta, std::uint64_t seed) { return t->simulate(theta, seed); };
  try {
    const auto t_run = std::chrono::steady_clock::now();
    row.min_acceptance = 1.0;
    std::shared_ptr<inference::Posterior> posterior;
    auto add_rounds = [&row](const auto& rounds) {
      for (const auto& rr : rounds) row.seconds_simulating += rr.seconds_simulating;
      for (const auto& rr : rounds) row.min_acceptance = std::min(row.min_acceptance, rr.acceptance_rate);
    };
    if (inference::is_sequential_method(s.method)) {
      const inference::SequentialResult result =
          inference::run_sequential(run.task.prior, simulate, run.refs[k].x_o, sims, benchmark_sequential_options(run, opt));
      add_rounds(result.rounds);
      posterior = result.posterior;
    } else {
      const inference::TsnpeResult result = inference::run_tsnpe(
          run.task.prior, simulate, run.refs[k].x_o, sims, opt,
          run.multifidelity ? run.pretrained : std::vector<inference::PosteriorEstimator>{});
      add_rounds(result.rounds);
      posterior = result.posterior;
    }
    row.seconds_training = seconds_since(t_run) - row.seconds_simulating;  // training and proposing
    sample_and_score(run, row, k, *posterior);
  } catch (const Error& e) {
    row.error = e.what();
  }
  return row;
}

void log_rows(const Log& log, const std::vector<Row>& rows, Index sims) {
  for (const auto& r : rows)
    if (r.sims == sims) {
      std::ostringstream line;
      line << "  sims " << r.sims << ", observation " << r.observation << ": C2ST " << r.c2st << ", MMD " << r.mmd
           << ", NLTP " << r.nltp << ", min acceptance " << r.min_acceptance;
      if (!r.error.empty()) line << " (failed: " << r.error << ")";
      log.info(line.str());
    }
}

void write_csv_rows(const MfRun& run, const std::vector<Row>& rows) {
  const BenchmarkSettings& s = run.settings;
  ResultsCsv csv(s.out, kColumns);
  for (const auto& r : rows) {
    std::string error = r.error;
    for (char& c : error)
      if (c == ',' || c == '\n') c = ';';
    csv << run.task.name << "," << s.method << "," << s.estimator << "," << r.sims << "," << run.lf_sims << ","
        << run.lf_name << "," << r.observation << "," << r.c2st << "," << r.mmd << "," << r.median_distance << ","
        << r.nltp << "," << r.seconds_simulating << "," << run.seconds_pretraining << "," << r.seconds_training << ","
        << r.seconds_sampling << "," << r.min_acceptance << "," << s.seed << "," << error << "\n";
  }
  csv.commit();
}

void write_markdown(const MfRun& run, const std::vector<Row>& rows) {
  std::map<Index, std::vector<const Row*>> by_budget;
  for (const auto& r : rows) by_budget[r.sims].push_back(&r);
  OutputText md(run.settings.markdown);
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
    md << "| " << run.task.name << " | " << run.settings.method << " | " << sims << " | " << run.lf_sims << " | "
       << list.size() << " (" << failed << ") | " << c / n << " | " << m / n << " | " << nl / n << " | " << s / n
       << " |\n";
  }
  md.commit();
}

}  // namespace

bool is_multifidelity_method(const std::string& name) {
  return name == "tsnpe" || name == "mf-npe" || name == "mf-tsnpe" || name == "a-mf-tsnpe" ||
         inference::is_sequential_method(name);
}

void benchmark_multifidelity(const BenchmarkSettings& settings, const sim::Task& task, const Log& log) {
  const std::string& method = settings.method;
  if (!is_multifidelity_method(method)) throw SettingsError("not a multifidelity method: '" + method + "'");
  if (settings.out.empty()) throw SettingsError("missing --out");
  check_results_csv(settings.out, kColumns);
  const bool sequential = inference::is_sequential_method(method);  // snpe-a, snpe-b, snpe-c, snle, snre, snre-b, snre-c
  BenchmarkSettings resolved = settings;
  if (resolved.rounds == 0) resolved.rounds = sequential ? 10 : 5;
  if (resolved.rounds < 1) throw SettingsError("--rounds must be at least 1");
  if (resolved.atoms < 2) throw SettingsError("--atoms must be at least 2");
  MfRun run{resolved, task, log, {}, {}, method != "tsnpe" && !sequential, 0, {}, {}, 0};
  run.lf_sims = run.multifidelity ? settings.lf_sims : 0;
  run.training.max_epochs = settings.max_epochs;
  run.training.progress = false;
  run.refs = benchmark_observations(settings, log, task);
  if (run.multifidelity) pretrain(run);

  // Rows are appended to the CSV as soon as they are scored (one observation of a multi-round or
  // TSNPE run can take many minutes), so an interrupted run keeps every finished one.
  std::vector<Row> rows;
  std::size_t written = 0;
  const auto append_new_rows = [&](Index sims) {
    const std::vector<Row> fresh(rows.begin() + static_cast<std::ptrdiff_t>(written), rows.end());
    log_rows(log, fresh, sims);
    write_csv_rows(run, fresh);
    written = rows.size();
  };
  for (const Index sims : settings.budgets) {
    if (method == "mf-npe") {
      mf_npe_rows(run, sims, rows);
      append_new_rows(sims);
    } else {
      for (std::size_t k = 0; k < run.refs.size(); ++k) {
        rows.push_back(tsnpe_row(run, sims, k));
        append_new_rows(sims);
      }
    }
  }
  if (!settings.markdown.empty()) write_markdown(run, rows);
  log.info("wrote " + settings.out);
  std::size_t failed = 0;
  for (const auto& r : rows) failed += r.error.empty() ? 0 : 1;
  if (failed > 0)  // a requested result failed: the rows are kept, the exit status says so
    throw ValueError(std::to_string(failed) + " of " + std::to_string(rows.size()) +
                     " runs failed (their error is in the last column of " + settings.out + ")");
}

}  // namespace sbi::pipelines
