// `sbi sample --model model.sbi --observation xo.csv --num N [--beta B] --out samples.csv`:
// loads a trained model (written by `sbi train` or `sbi run`) in a new process and samples the
// posterior for an observation. The model file records its task or prior file, which supplies
// the prior and the parameter names, and its kind, which names the method (ace, npe, nle, nre,
// nre-c, rej-abc). Observations may be CSV or .npy; --out ending in .npy writes .npy.
#include "cli/device_option.hpp"
#include "pipelines/device_backend.hpp"
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/common_options.hpp"
#include "cli/method_options.hpp"
#include "core/array_file.hpp"
#include "core/errors.hpp"
#include "pipelines/ace_files.hpp"
#include "pipelines/model_inputs.hpp"

namespace sbi::cli {

namespace {

int sample_command(const std::vector<std::string>& words) {
  Args args("sample", "Samples the posterior of a trained model for an observation.");
  args.option("model", "FILE[,FILE...]", "trained model (from 'sbi train' or 'sbi run'); several ACE "
              "files (e.g. model.sbi,model_member2.sbi from 'sbi run --ace-members') sample their ensemble")
      .option("observation", "FILE", "one observation row: .npy, or CSV with or without a header (of several rows, "
                                     "the first is used)")
      .option("num", "N", "number of posterior draws", "10000")
      .option("beta", "B", "GBI inverse temperature (ACE models)", "1")
      .option("ace-disagreement", "L", "ACE ensembles: cost = mean + L x sd over the members", "0")
      .option("seed", "S", "random seed", "0")
      .option("out", "FILE", "file for the draws: CSV with the parameter names, or .npy");
  add_mcmc_options(args);
  add_device_option(args);
  add_common_options(args);
  if (!parse_command_line(args, words)) return 0;
  for (const char* required : {"model", "observation", "out"})
    if (!args.has(required)) throw UsageError(std::string("missing --") + required);
  pipelines::require_cpu_only(device_option(args), "sample");
  check_output_options(args, {"out"}, {"model", "observation"});

  const ModelFiles files = open_model_files(args.get("model"));
  const std::string& model = files.files.front();
  const inference::ModelFileInfo& info = files.info;
  const sim::Task& task = files.task;
  const MatrixD obs = read_observation_rows(args.get("observation"), task);
  if (!obs.row(0).allFinite()) throw ValueError("'" + args.get("observation") + "': the observation is not finite");
  inference::McmcSettings mcmc = mcmc_settings_from(args);
  const Log log = log_from(args);
  ProgressBar bar(log, "sampling", 1);
  mcmc.on_step = bar.step_callback();
  std::shared_ptr<inference::Posterior> posterior;
  if (info.kind == "ace") {
    const inference::AceEnsemble ensemble =
        load_ace_files(files.files, files.first, task, args.get_double("ace-disagreement"));
    posterior = ensemble.posterior(obs.row(0), args.get_double("beta"), mcmc);
  } else {
    if (files.files.size() > 1) throw UsageError("several --model files form an ensemble of ACE models only; '" + model +
                                            "' holds a '" + info.kind + "' model");
    if (args.has("beta")) throw UsageError("--beta applies to ACE models; '" + model + "' holds a '" + info.kind + "' model");
    inference::MethodSettings settings;
    settings.mcmc = mcmc;
    posterior = inference::load_method(model, task.prior, settings)->posterior(obs.row(0));
  }
  const MatrixD draws = posterior->sample(args.get_int("num"), static_cast<std::uint64_t>(args.get_int("seed")));
  bar.finish();
  write_array_file(args.get("out"), draws, task.parameter_names);
  log.info("wrote " + std::to_string(draws.rows()) + " draws to " + args.get("out"));
  return 0;
}

}  // namespace

SBI_COMMAND("sample", "sample the posterior of a trained model for an observation", sample_command);

}  // namespace sbi::cli
