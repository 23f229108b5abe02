// `sbi cost --model model.sbi[,model_member2.sbi,...] --theta theta.csv --observation xo.csv --out cost.csv`:
// evaluates a trained ACE cost network (or ensemble) at given parameters, without MCMC: the
// learned expected distance ĉ(θ, x_o) ≈ E[d(x, x_o) | θ] for every θ row and every observation
// row. For inspecting the cost landscape: e.g. comparing ĉ with the distance that fresh
// simulations at the same θ give (`sbi simulate --theta`), which shows where a network errs.
//
// Output (long format, one row per θ and observation): observation (row index in the
// observation file, from 0), theta (row index, from 0), cost (the ensemble cost m + λ·s; the
// network's ĉ for one file), member_mean m and member_sd s (s = 0 for one file).
#include <cmath>

#include "cli/device_option.hpp"
#include "pipelines/device_backend.hpp"
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/common_options.hpp"
#include "core/errors.hpp"
#include "pipelines/ace_files.hpp"
#include "pipelines/model_inputs.hpp"

namespace sbi::cli {

namespace {

int cost_command(const std::vector<std::string>& words) {
  Args args("cost", "Evaluates a trained ACE cost network (or ensemble) at given parameters and observations.");
  args.option("model", "FILE[,FILE...]", "ACE model file(s) from 'sbi run' or 'sbi train'; several form an ensemble")
      .option("theta", "FILE", "θ rows, .npy or CSV with or without a header (inside the prior's support)")
      .option("observation", "FILE", "observation rows, .npy or CSV with or without a header")
      .option("ace-disagreement", "L", "ensembles: cost = mean + L x sd over the members", "0")
      .option("out", "FILE", "CSV file: observation, theta, cost, member_mean, member_sd");
  add_device_option(args);
  add_common_options(args);
  if (!parse_command_line(args, words)) return 0;
  for (const char* required : {"model", "theta", "observation", "out"})
    if (!args.has(required)) throw UsageError(std::string("missing --") + required);
  pipelines::require_cpu_only(device_option(args), "cost");
  check_output_options(args, {"out"}, {"model", "theta", "observation"});
  const double lambda = args.get_double("ace-disagreement");
  if (!(lambda >= 0) || !std::isfinite(lambda)) throw UsageError("--ace-disagreement must be a number ≥ 0");

  const ModelFiles models = open_model_files(args.get("model"));
  if (models.info.kind != "ace")
    throw UsageError("'" + models.files.front() + "' holds a '" + models.info.kind +
                     "' model; sbi cost evaluates ACE models");
  const sim::Task& task = models.task;
  const inference::AceEnsemble ensemble = load_ace_files(models.files, models.first, task, lambda);
  const MatrixD theta = read_cost_parameters(args.get("theta"), task);
  const MatrixD obs = read_observation_rows(args.get("observation"), task);
  require_finite("sbi cost: observation", obs);
  write_ace_costs(ensemble, theta, obs, lambda, args.get("out"));
  log_from(args).info("wrote " + std::to_string(theta.rows() * obs.rows()) + " costs (" +
                      std::to_string(ensemble.size()) + " network(s)) to " + args.get("out"));
  return 0;
}

}  // namespace

SBI_COMMAND("cost", "evaluate a trained ACE cost network at given parameters", cost_command);

}  // namespace sbi::cli
