// The options and steps every command shares (see common_options.hpp).
#include "cli/common_options.hpp"

#include <climits>
#include <cmath>
#include <iostream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "cli/field_flags.hpp"
#include "core/parallel.hpp"
#include "simulators/prior_file.hpp"

namespace sbi::cli {

void add_common_options(Args& args, bool verbosity) {
  args.option("threads", "N", "OpenMP threads (default: all cores)")
      .option("config", "FILE", "JSON file with any of these options (the command line wins)");
  if (verbosity) args.flag("quiet", "print nothing but errors").flag("verbose", "print more detail");
}

bool parse_command_line(Args& args, const std::vector<std::string>& words) {
  args.parse(words);
  if (args.flag_set("help")) {
    std::cout << args.help();
    return false;
  }
  if (args.has("config")) args.apply_config(args.get("config"));
  if (args.has("threads")) {
    const long long threads = args.get_int("threads");
    if (threads < 1) throw UsageError("--threads must be at least 1");
    set_num_threads(static_cast<int>(threads));
  }
  return true;
}

Log log_from(const Args& args) {
  if (args.flag_set("quiet")) return Log(Verbosity::Quiet);
  return Log(args.flag_set("verbose") ? Verbosity::Verbose : Verbosity::Normal);
}

void add_problem_options(Args& args, const std::string& default_task) {
  args.option("task", "NAME", "benchmark task (see 'sbi tasks')", default_task)
      .option("prior", "FILE.json", "your own prior instead of --task: a JSON file of named parameters "
                                    "(uniform, lognormal, normal, multivariate_normal; docs/prior_files.md)");
}

sim::Task problem_from_args(const Args& args) {
  if (args.has("prior")) {
    if (args.has("task")) throw UsageError("give --task or --prior, not both");
    return sim::make_prior_task(sim::read_prior_file(args.get("prior")));
  }
  const std::string name = args.get("task");
  if (name.empty()) throw UsageError("--task or --prior is required");
  return sim::make_task(name);
}

void require_simulator(const sim::Task& task, const std::string& command) {
  if (!task.simulator)
    throw UsageError("sbi " + command + ": --prior needs --simulator (or --theta and --x for train)");
}

void add_device_option(Args& args) {
  args.option("device", "NAME", "where the work with a GPU backend runs: cpu or cuda (cuda today: "
              "Hodgkin–Huxley simulations)", "cpu");
}

Device device_option(const Args& args) {
  const std::string value = args.get("device");
  if (value != "cpu" && value != "cuda") throw UsageError("--device expects cpu or cuda, got '" + value + "'");
  return device_from_name(value);
}

namespace {
const FlagSet& simulator_flags() {
  static const FlagSet flags{{"command", "batch_rows", "workers", "timeout_seconds", "max_failed_fraction", "work_folder"},
                             {{"command", "simulator"},
                              {"batch_rows", "simulator-batch"},
                              {"timeout_seconds", "simulator-timeout"},
                              {"work_folder", "simulator-work"}},
                             {"workers"}};
  return flags;
}
}  // namespace

void add_simulator_options(Args& args) {
  add_field_flags(args, pipelines::external_simulator_fields(), sim::ExternalSimulatorSettings{}, simulator_flags());
}

std::shared_ptr<const sim::ExternalSimulator> attach_simulator(const Args& args, sim::Task& task,
                                                               const std::string& work_folder, const Log& log) {
  if (!args.has("simulator")) {
    for (const std::string& field : simulator_flags().fields)
      if (args.has(simulator_flags().flag(field))) throw UsageError("--" + simulator_flags().flag(field) + " needs --simulator");
    return nullptr;
  }
  sim::ExternalSimulatorSettings s;
  read_field_flags(args, pipelines::external_simulator_fields(), s, simulator_flags());
  return pipelines::attach_external_simulator(s, task, work_folder, log);
}

std::vector<double> parse_number_list(const std::string& text, const std::string& option) {
  std::vector<double> out;
  std::stringstream in(text);
  std::string item;
  const auto limit = option_limit(option);  // a list of counts (--sims): integers in range
  while (std::getline(in, item, ',')) {
    double v = 0.0;
    try {
      std::size_t used = 0;
      v = std::stod(item, &used);
      if (used != item.size()) throw std::invalid_argument(item);
    } catch (const std::exception&) {
      throw UsageError("option '--" + option + "' expects numbers separated by commas, got '" + excerpt(text) + "'");
    }
    if (!std::isfinite(v))
      throw UsageError("option '--" + option + "' expects finite numbers, got '" + excerpt(item) + "'");
    if (limit) {
      if (v != std::floor(v))
        throw UsageError("option '--" + option + "' expects whole numbers, got '" + excerpt(item) + "'");
      constexpr double kBeyond = 9e18;  // compared before the cast: 1e300 does not fit
      check_option_limit(option, v > kBeyond ? LLONG_MAX : v < -kBeyond ? LLONG_MIN : static_cast<long long>(v));
    }
    out.push_back(v);
  }
  if (out.empty()) throw UsageError("option '--" + option + "' is empty");
  return out;
}

void check_output_options(const Args& args, const std::vector<std::string>& outputs,
                          const std::vector<std::string>& inputs) {
  std::vector<std::string> input_files;
  for (const auto& option : inputs)
    if (args.has(option))
      for (const auto& item : split_list(args.get(option))) input_files.push_back(item);
  std::vector<std::string> given;
  for (const auto& option : outputs) {
    if (!args.has(option)) continue;
    const std::string path = args.get(option);
    try {
      check_output_path(path);
      check_output_not_input(path, input_files, "--" + option);
      check_output_not_input(path, given, "--" + option);
    } catch (const IOError& e) {
      throw UsageError("--" + option + ": " + e.what());
    }
    given.push_back(path);
  }
}

}  // namespace sbi::cli
