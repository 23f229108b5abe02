// `sbi benchmark` for TSNPE, MF-NPE, MF-TSNPE and A-MF-TSNPE (see benchmark_multifidelity.hpp).
#include "cli/benchmark_multifidelity.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/benchmark_observations.hpp"
#include "cli/benchmark_rows.hpp"
#include "cli/c2st_option.hpp"
#include "cli/job.hpp"
#include "cli/train_method.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"
#include "diagnostics/c2st.hpp"
#include "diagnostics/mmd.hpp"
#include "diagnostics/point_metrics.hpp"
#include "diagnostics/predictive.hpp"
#include "inference/multifidelity.hpp"
#include "inference/sequential.hpp"
#include "inference/tsnpe.hpp"

namespace sbi::cli {

namespace {

constexpr Index kEnsembleSize = 5;
constexpr double kActiveFraction = 0.2;
constexpr const char* kColumns =
    "task,method,estimator,sims,lf_sims,lf_task,observation,c2st,mmd,median_distance,nltp,seconds_simulating,"
    "seconds_pretraining,seconds_training,seconds_sampling,min_acceptance,seed,error";

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

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

// The multi-round options of snpe-c, snpe-b, snle, snre, snre-c from the TSNPE ones and the flags.
inference::SequentialOptions sequential_options(const Args& args, const inference::TsnpeOptions& tsnpe, Index atoms) {
  inference::SequentialOptions o;
  o.method = inference::parse_sequential_method(args.get("method"));
  o.estimator = tsnpe.estimator;
  o.theta_space = tsnpe.theta_space;
  o.rounds = tsnpe.rounds;
  o.num_atoms = atoms;
  o.seed = tsnpe.seed;
  o.training = tsnpe.training;
  apply_training_flags(args, o.training);  // --batch-size, --lr, --patience
  o.mcmc.sampler = args.get("sampler");
  o.on_round = tsnpe.on_round;
  return o;
}

}  // namespace

bool is_multifidelity_method(const std::string& name) {
  return name == "tsnpe" || name == "mf-npe" || name == "mf-tsnpe" || name == "a-mf-tsnpe" ||
         inference::is_sequential_method(name);
}

void add_multifidelity_options(Args& args) {
  args.option("lf-sims", "N", "low-fidelity simulations for mf-npe, mf-tsnpe, a-mf-tsnpe", "10000")
      .option("lf-task", "NAME", "low-fidelity task (default: <task>_lf)")
      .option("rounds", "N", "rounds of the sequential methods, equal budgets (default: 10 for snpe-c, snpe-b, "
                             "snle, snre, snre-c as in sbibm; 5 for tsnpe, mf-tsnpe, a-mf-tsnpe)")
      .option("atoms", "N", "snpe-c: atoms per row in the atomic loss (sbi's default)", "10");
}

int benchmark_multifidelity(const Args& args, const Log& log, const sim::Task& task,
                            const std::vector<int>& observations) {
  const std::string method = args.get("method");
  if (!is_multifidelity_method(method)) throw UsageError("not a multifidelity method: '" + method + "'");
  if (!args.has("out")) throw UsageError("missing --out");
  check_results_csv(args.get("out"), kColumns);
  const std::vector<double> budgets = parse_number_list(args.get("sims"), "sims");
  const auto seed = static_cast<std::uint64_t>(args.get_int("seed"));
  const Index num_samples = args.get_int("num-samples");
  const std::string estimator = args.get("estimator");
  const inference::ThetaSpace theta_space = theta_space_option(args);
  const bool sequential = inference::is_sequential_method(method);  // snpe-c, snpe-b, snle, snre, snre-c
  const bool multifidelity = method != "tsnpe" && !sequential;
  const Index lf_sims = multifidelity ? static_cast<Index>(args.get_int("lf-sims")) : 0;
  const int rounds = static_cast<int>(args.has("rounds") ? args.get_int("rounds") : sequential ? 10 : 5);
  const Index atoms = args.get_int("atoms");
  if (atoms < 2) throw UsageError("--atoms must be at least 2");
  if (rounds < 1) throw UsageError("--rounds must be at least 1");
  nn::TrainOptions training;
  training.max_epochs = static_cast<int>(args.get_int("max-epochs"));
  training.progress = false;

  const std::vector<BenchmarkObservation> refs = benchmark_observations(args, log, task, observations, seed, num_samples);
  const Index predictive_sims = args.get_int("predictive-sims");
  const diagnostics::C2stOptions c2st_options = c2st_options_from(args);

  // ---- low-fidelity pretraining (shared by every budget and observation) ----
  std::vector<inference::PosteriorEstimator> pretrained;
  double seconds_pretraining = 0;
  std::string lf_name;  // empty without low-fidelity pretraining
  if (multifidelity) {
    lf_name = args.has("lf-task") ? args.get("lf-task") : task.name + "_lf";
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
    seconds_pretraining = since(t0);
  }

  std::vector<Row> rows;
  for (double budget : budgets) {
    const auto sims = static_cast<Index>(budget);
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
      base.seconds_training = since(t_train);
      for (std::size_t k = 0; k < refs.size(); ++k) {
        Row row = base;
        row.observation = observations[k];
        const auto t_sample = std::chrono::steady_clock::now();
        try {
          const auto posterior = mfnpe.posterior(refs[k].x_o);
          const MatrixD draws = posterior->sample(num_samples, derive_seed(seed, 5 + k));
          row.seconds_sampling = since(t_sample);
          save_draws(args, log, task.name, method, estimator, sims, row.observation, draws);
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
          std::shared_ptr<inference::Posterior> posterior;
          row.min_acceptance = 1.0;
          if (sequential) {
            const inference::SequentialResult run = inference::run_sequential(
                task.prior, simulate, refs[k].x_o, sims, sequential_options(args, opt, atoms));
            for (const auto& rr : run.rounds) row.seconds_simulating += rr.seconds_simulating;
            for (const auto& rr : run.rounds) row.min_acceptance = std::min(row.min_acceptance, rr.acceptance_rate);
            posterior = run.posterior;
          } else {
            const inference::TsnpeResult run = inference::run_tsnpe(
                task.prior, simulate, refs[k].x_o, sims, opt, multifidelity ? pretrained : std::vector<inference::PosteriorEstimator>{});
            for (const auto& rr : run.rounds) row.seconds_simulating += rr.seconds_simulating;
            for (const auto& rr : run.rounds) row.min_acceptance = std::min(row.min_acceptance, rr.acceptance_rate);
            posterior = run.posterior;
          }
          row.seconds_training = since(t_run) - row.seconds_simulating;  // training and proposing
          const auto t_sample = std::chrono::steady_clock::now();
          const MatrixD draws = posterior->sample(num_samples, derive_seed(seed, 5 + k));
          row.seconds_sampling = since(t_sample);
          save_draws(args, log, task.name, method, estimator, sims, row.observation, draws);
          score_row(row, draws, *posterior, refs[k], task, predictive_sims, derive_seed(seed, 100 + k), c2st_options);
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

  const std::string out = args.get("out");
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
  if (args.has("markdown")) {
    std::map<Index, std::vector<const Row*>> by_budget;
    for (const auto& r : rows) by_budget[r.sims].push_back(&r);
    OutputText md(args.get("markdown"));
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
  return 0;
}

}  // namespace sbi::cli
