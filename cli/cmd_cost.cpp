// `sbi cost --model model.sbi[,model_member2.sbi,...] --theta theta.csv --observation xo.csv --out cost.csv`:
// evaluates a trained ACE cost network (or ensemble) at given parameters, without MCMC: the
// learned expected distance ĉ(θ, x_o) ≈ E[d(x, x_o) | θ] for every θ row and every observation
// row. For inspecting the cost landscape: e.g. comparing ĉ with the distance that fresh
// simulations at the same θ give (`sbi simulate --theta`), which shows where a network errs.
//
// Output (long format, one row per θ and observation): observation (row index in the
// observation file, from 0), theta (row index, from 0), cost (the ensemble cost m + λ·s; the
// network's ĉ for one file), member_mean m and member_sd s (s = 0 for one file).
// The evaluation is the library's (pipelines/ace_costs.hpp); this file reads the flags.
#include "pipelines/device_backend.hpp"
#include "cli/command.hpp"
#include "cli/common_options.hpp"
#include "pipelines/ace_costs.hpp"

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
  const AceCostSettings settings{args.get("model"), args.get("theta"), args.get("observation"),
                                 args.get_double("ace-disagreement"), args.get("out")};
  const AceCostResult r = evaluate_ace_costs(settings);
  log_from(args).info("wrote " + std::to_string(r.rows) + " costs (" + std::to_string(r.networks) + " network(s)) to " +
                      settings.out);
  return 0;
}

}  // namespace

SBI_COMMAND("cost", "evaluate a trained ACE cost network at given parameters", cost_command);

}  // namespace sbi::cli
