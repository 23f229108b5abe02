// `sbi metrics c2st|mmd|nrmse|pme A.csv B.csv`: compares two sample sets (CSV with a header
// row), A being the reference and B the approximation (pipelines/sample_metrics.hpp).
// `sbi metrics nltp TRUE.csv OBS.csv --model npe.sbi`: -log q(θ* | x_o) of the true parameters
// (first row of TRUE.csv) under a trained NPE model for the observation (first row of OBS.csv);
// only NPE has a normalised density.
#include <cmath>
#include <cstdio>

#include "cli/method_options.hpp"
#include "cli/command.hpp"
#include "core/errors.hpp"
#include "pipelines/sample_metrics.hpp"

namespace sbi::cli {

namespace {

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
  diagnostics::C2stSettings c2st = c2st_options_from(args);
  c2st.seed = static_cast<std::uint64_t>(args.get_int("seed"));
  const std::string rule = args.get("c2st-stopping");
  if (rule == "validation") c2st.stopping = diagnostics::C2stStopping::validation_loss;
  else if (rule != "training") throw UsageError("--c2st-stopping must be training or validation, got '" + rule + "'");
  SampleMetric kind{};
  double value;
  if (metric == "nltp") {
    if (!args.has("model")) throw UsageError("nltp needs --model (a trained NPE model)");
    value = nltp_from_model(args.get("model"), a_file, b_file);
  } else if (parse_sample_metric(metric, kind)) {
    value = sample_metric(kind, a_file, b_file, c2st);
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
