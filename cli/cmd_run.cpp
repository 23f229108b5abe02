// `sbi run`: the end-to-end job (pipelines/run_job.hpp). With no arguments: ACE on two_moons
// with 10,000 simulations, one well-specified and one misspecified observation, GBI posteriors
// at β = 10, 100, 1000. --method npe|nle|nre|nre-b|nre-c|rej-abc runs the other methods on the same
// observations, --method snpe-a|snpe-b|snpe-c|snle|snre|snre-b|snre-c --rounds R the multi-round ones
// (one run of the rounds per observation). This file reads the flags into pipelines::JobSettings.
// (Allen recordings of Hodgkin–Huxley neurons: `sbi fit-recordings`.)
#include "cli/command.hpp"
#include "cli/method_options.hpp"
#include "sequential/sequential.hpp"
#include "pipelines/run_job.hpp"

namespace sbi::cli {

namespace {

Args run_args() {
  Args args("run", "Runs an end-to-end job: simulate, train, infer the posterior for a "
                   "well-specified and a misspecified observation, and write a run folder "
                   "(samples, summary.json, model.sbi, SVG figures).");
  add_run_options(args);
  return args;
}

JobSettings run_settings(const Args& args, const sim::Task& task) {
  JobSettings s = job_settings_from(args, task.name, JobSettings{}, true);
  if ((args.has("rounds") || args.has("atoms")) && !inference::is_sequential_method(s.method))
    throw UsageError("--rounds and --atoms apply to the multi-round methods only (snpe-a, snpe-b, snpe-c, snle, snre, snre-b, snre-c)");
  s.restriction = restriction_option(args);
  s.device = device_option(args);
  s.embedding = embedding_option(args, s.method);
  s.out = args.has("out") ? args.get("out") : "runs/" + s.task + "-" + s.method + "-seed" + std::to_string(s.seed);
  if (s.method != "ace" && !args.has("max-epochs")) s.max_epochs = 1 << 30;  // sbi: until patience ends
  if (s.method != "ace" && (args.has("ace-members") || args.has("ace-disagreement") || ace_network_flags_given(args)))
    throw UsageError("--ace-members, --ace-disagreement, --ace-per-term, --ace-hidden, --ace-blocks, "
                     "--ace-targets-per-theta and --ace-loss apply to --method ace");
  return s;
}

int run_command(const std::vector<std::string>& words) {
  Args args = run_args();
  if (!parse_command_line(args, words)) return 0;
  const Log log = log_from(args);
  sim::Task task = problem_from_args(args);  // a built-in task, or a prior file
  const JobSettings settings = run_settings(args, task);
  check_job_settings(settings, task);
  // Completed simulation batches live beside the run folder, so a failed run's rerun reuses them.
  const auto external = attach_simulator(args, task, settings.out + ".simulator", log);  // before any folder
  require_simulator(task, "run");
  run_job(settings, task, log, external.get());
  return 0;
}

}  // namespace

SBI_COMMAND("run", "run an end-to-end job (default: ACE on two_moons)", run_command);

}  // namespace sbi::cli
