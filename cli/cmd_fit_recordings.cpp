// `sbi fit-recordings --recording FILES`: fits Allen recordings of Hodgkin–Huxley neurons with
// ACE at every β and NPE on one shared simulation set (pipelines/fit_recordings.hpp). This file
// reads the flags into pipelines::HHJobSettings.
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/common_options.hpp"
#include "cli/job_options.hpp"
#include "pipelines/fit_recordings.hpp"

namespace sbi::cli {

namespace {

JobSettings fit_defaults() {
  JobSettings d;
  d.num_samples = 1000;
  d.predictive_sims = 100;
  return d;
}

Args fit_args() {
  Args args("fit-recordings", "Fits Allen recordings of Hodgkin–Huxley neurons with ACE (GBI, every beta) and "
                              "NPE trained on one shared simulation set, and writes a run folder (summary.json, "
                              "metrics.csv, samples, model.sbi, npe.sbi, SVG figures).");
  args.option("recording", "FILES", "Allen recording CSV files and/or folders (comma-separated)")
      .option("npe-max-epochs", "N", "NPE training epochs at most (default: until its patience of 20 epochs "
              "runs out)")
      .option("npe-batch-size", "N", "NPE training minibatch size", "200")
      .flag("save-simulations", "also write the simulation set to the run folder (simulations_theta.csv, "
            "simulations_x.csv) for --simulations")
      .option("simulations", "DIR", "read the simulation set (its first --sims rows) from a folder written by "
              "--save-simulations instead of simulating")
      .option("ace-models", "DIR", "load ACE's cost network(s) from an earlier run folder (model.sbi, "
              "model_member<k>.sbi) instead of training; its simulation set must be the same (use "
              "--simulations), e.g. to sample other --betas")
      .option("out", "DIR", "run folder (default: runs/hodgkin_huxley-recording-seed<S>)");
  add_job_options(args, fit_defaults(), "npe", false);
  add_common_options(args);
  return args;
}

// --ace-models loads trained networks: the flags that would shape new ones are refused.
void read_ace_models(const Args& args, HHJobSettings& hs) {
  if (!args.has("ace-models")) return;
  if (args.has("ace-members"))
    throw UsageError("--ace-models loads the members an earlier run trained; leave out --ace-members");
  if (ace_network_flags_given(args))
    throw UsageError("--ace-models loads the networks an earlier run trained; leave out --ace-per-term, "
                     "--ace-hidden, --ace-blocks, --ace-targets-per-theta and --ace-loss");
  hs.ace_models_from = args.get("ace-models");
}

HHJobSettings fit_settings(const Args& args) {
  if (!args.has("recording")) throw UsageError("missing --recording");
  HHJobSettings hs;
  hs.job = job_settings_from(args, "hodgkin_huxley", fit_defaults(), false);
  if (!args.has("out")) hs.job.out = "runs/hodgkin_huxley-recording-seed" + std::to_string(hs.job.seed);
  else hs.job.out = args.get("out");
  hs.recording = args.get("recording");
  if (args.has("npe-max-epochs")) hs.npe_max_epochs = static_cast<int>(args.get_int("npe-max-epochs"));
  hs.npe_batch_size = static_cast<int>(args.get_int("npe-batch-size"));
  hs.save_simulations = args.flag_set("save-simulations");
  if (args.has("simulations")) hs.simulations_from = args.get("simulations");
  read_ace_models(args, hs);
  return hs;
}

int fit_recordings_command(const std::vector<std::string>& words) {
  Args args = fit_args();
  if (!parse_command_line(args, words)) return 0;
  const Log log = log_from(args);
  fit_recordings(fit_settings(args), log);
  return 0;
}

}  // namespace

SBI_COMMAND("fit-recordings", "fit Allen recordings of Hodgkin-Huxley neurons with ACE and NPE", fit_recordings_command);

}  // namespace sbi::cli
