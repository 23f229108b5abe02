// `sbi metrics c2st|mmd|nrmse|pme A.csv B.csv`: compares two sample sets (CSV with a header
// row), A being the reference and B the approximation: C2ST accuracy (0.5 = indistinguishable),
// the unbiased MMD² with the median-heuristic bandwidth of A, as sbibm computes them, the NRMSE
// of the posterior mean or sbibm's signed posterior-mean error (both in units of A's sd; see
// diagnostics/point_metrics.hpp).
// `sbi metrics nltp TRUE.csv OBS.csv --model npe.sbi`: -log q(θ* | x_o) of the true parameters
// (first row of TRUE.csv) under a trained NPE model for the observation (first row of OBS.csv);
// only NPE has a normalised density.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/args.hpp"
#include "cli/c2st_option.hpp"
#include "cli/command.hpp"
#include "cli/common_options.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "diagnostics/c2st.hpp"
#include "diagnostics/mmd.hpp"
#include "diagnostics/point_metrics.hpp"
#include "inference/npe.hpp"
#include "nn/model_file.hpp"
#include "simulators/task.hpp"

namespace sbi::cli {

namespace {

RowVectorD first_row(const std::string& path, Index width, const std::string& what) {
  const MatrixD m = read_csv_matrix(path);
  if (m.rows() < 1) throw IOError("'" + path + "' has no rows");
  if (m.cols() != width)
    throw ShapeError("'" + path + "' has " + std::to_string(m.cols()) + " columns, but the " + what + " has " +
                     std::to_string(width));
  return m.row(0);
}

double nltp_from_model(const std::string& model, const std::string& truth_file, const std::string& obs_file) {
  const nn::ModelArchive archive = nn::load_archive(model);
  if (archive.kind != "npe")
    throw ValueError("NLTP needs a normalised posterior density (an NPE model); '" + model + "' holds a '" +
                     archive.kind + "' model");
  const auto at = archive.architecture.rfind(";tag=");
  const std::string task_name = at == std::string::npos ? "" : archive.architecture.substr(at + 5);
  if (task_name.empty()) throw IOError("'" + model + "' does not record its task");
  const sim::Task task = sim::make_task(task_name);
  const inference::Npe npe = inference::Npe::load(model, task.prior);
  const RowVectorD theta = first_row(truth_file, task.theta_dim(), "task " + task.name + "'s parameter");
  const RowVectorD x_o = first_row(obs_file, task.x_dim(), "task " + task.name + "'s observation");
  const MatrixD theta_row = theta;
  return diagnostics::nltp(npe.posterior(x_o)->log_prob(theta_row));
}

// The metrics need at least two draws per set, and they square differences of sample values: a value beyond 1e150 would overflow to inf
// and the metric print nan. Refused with the file, row and column instead.
void require_squarable(const MatrixD& m, const std::string& file) {
  if (m.rows() < 2)
    throw ValueError("'" + file + "' holds " + std::to_string(m.rows()) + " sample row(s); the metrics need at least 2");
  constexpr double kMaxMagnitude = 1e150;
  for (Index i = 0; i < m.rows(); ++i)
    for (Index j = 0; j < m.cols(); ++j)
      if (std::abs(m(i, j)) > kMaxMagnitude)
        throw ValueError("'" + file + "': row " + std::to_string(i + 1) + ", column " + std::to_string(j + 1) +
                         " is " + format_number(m(i, j)) + "; sample values beyond 1e150 overflow "
                         "the metrics' squared distances (rescale the samples)");
}

int metrics_command(const std::vector<std::string>& words) {
  Args args("metrics", "Compares two sample sets: the reference A and the approximation B "
                       "(nltp: A = true parameters, B = observation, with --model).");
  args.positional("metric", "c2st, mmd, nrmse, pme or nltp")
      .positional("A.csv", "reference samples (header row, one sample per row); nltp: true parameters")
      .positional("B.csv", "approximate samples; nltp: the observation")
      .option("seed", "S", "seed of the C2ST cross-validation", "1")
      .option("c2st-stopping", "RULE", "c2st classifier stopping: training (sklearn's rule, as sbibm) or "
                                       "validation (a stronger classifier: validation loss, best weights)",
              "training")
      .option("model", "FILE", "nltp: a trained NPE model (from 'sbi train --method npe')");
  add_c2st_classifier_option(args);
  add_common_options(args, false);
  if (!parse_command_line(args, words)) return 0;
  const std::string metric = args.positionals()[0];
  const std::string a_file = args.positionals()[1], b_file = args.positionals()[2];
  // The C2ST options are checked before any file is read.
  diagnostics::C2stOptions c2st = c2st_options_from(args);
  c2st.seed = static_cast<std::uint64_t>(args.get_int("seed"));
  const std::string rule = args.get("c2st-stopping");
  if (rule == "validation") c2st.stopping = diagnostics::C2stStopping::validation_loss;
  else if (rule != "training") throw UsageError("--c2st-stopping must be training or validation, got '" + rule + "'");
  double value;
  if (metric == "nltp") {
    if (!args.has("model")) throw UsageError("nltp needs --model (a trained NPE model)");
    value = nltp_from_model(args.get("model"), a_file, b_file);
  } else if (metric == "c2st" || metric == "mmd" || metric == "nrmse" || metric == "pme") {
    const MatrixD a = read_csv_matrix(a_file);
    const MatrixD b = read_csv_matrix(b_file);
    require_squarable(a, a_file);
    require_squarable(b, b_file);
    if (metric == "c2st") {
      value = diagnostics::c2st(a, b, c2st);
    } else if (metric == "mmd") {
      value = diagnostics::mmd(a, b);
    } else if (metric == "nrmse") {
      value = diagnostics::nrmse(a, b);
    } else {
      value = diagnostics::posterior_mean_error(a, b);
    }
  } else {
    throw UsageError("unknown metric '" + metric + "' (c2st, mmd, nrmse, pme, nltp)");
  }
  if (!std::isfinite(value))
    throw ValueError(metric + " of '" + a_file + "' and '" + b_file + "' is not finite (" + std::to_string(value) + ")");
  std::printf("%.6g\n", value);
  return 0;
}

}  // namespace

SBI_COMMAND("metrics", "compare two sample sets (c2st, mmd, nrmse, pme) or score a model (nltp)", metrics_command);

}  // namespace sbi::cli
