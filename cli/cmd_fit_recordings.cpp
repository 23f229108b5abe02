// `sbi fit-recordings --recording FILES`: fits Allen recordings of Hodgkin–Huxley neurons with
// ACE at every β and NPE on one shared simulation set (pipelines/fit_recordings.hpp). This file
// reads the flags into pipelines::HHJobSettings.
#include "cli/command.hpp"
#include "cli/field_flags.hpp"
#include "cli/method_options.hpp"
#include "pipelines/fit_recordings.hpp"
#include "pipelines/fit_recordings_fields.hpp"

namespace sbi::cli {

namespace {

JobSettings fit_defaults() {
  JobSettings d;
  d.num_samples = 1000;
  d.predictive_sims = 100;
  return d;
}

const FlagSet& recording_flags() {
  static const FlagSet flags{{"recording", "npe_max_epochs", "npe_batch_size", "save_simulations", "simulations_from",
                              "ace_models_from"},
                             {{"simulations_from", "simulations"}, {"ace_models_from", "ace-models"}},
                             {"recording", "npe_max_epochs"},
                             {{"recording", "FILES"}, {"simulations_from", "DIR"}, {"ace_models_from", "DIR"}}};
  return flags;
}

Args fit_args() {
  Args args("fit-recordings", "Fits Allen recordings of Hodgkin–Huxley neurons with ACE (GBI, every beta) and "
                              "NPE trained on one shared simulation set, and writes a run folder (summary.json, "
                              "metrics.csv, samples, model.sbi, npe.sbi, SVG figures).");
  add_field_flags(args, recording_fit_fields(), HHJobSettings{}, recording_flags());
  args.option("out", "DIR", "run folder (default: runs/hodgkin_huxley-recording-seed<S>)");
  add_job_options(args, fit_defaults(), "npe", false);
  add_common_options(args);
  return args;
}

// --ace-models loads trained networks: the flags that would shape new ones are refused.
void check_ace_models(const Args& args) {
  if (!args.has("ace-models")) return;
  if (args.has("ace-members"))
    throw UsageError("--ace-models loads the members an earlier run trained; leave out --ace-members");
  if (ace_network_flags_given(args))
    throw UsageError("--ace-models loads the networks an earlier run trained; leave out --ace-per-term, "
                     "--ace-hidden, --ace-blocks, --ace-targets-per-theta and --ace-loss");
}

HHJobSettings fit_settings(const Args& args) {
  if (!args.has("recording")) throw UsageError("missing --recording");
  HHJobSettings hs;
  hs.job = job_settings_from(args, "hodgkin_huxley", fit_defaults(), false);
  if (!args.has("out")) hs.job.out = "runs/hodgkin_huxley-recording-seed" + std::to_string(hs.job.seed);
  else hs.job.out = args.get("out");
  read_field_flags(args, recording_fit_fields(), hs, recording_flags());
  check_ace_models(args);
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
