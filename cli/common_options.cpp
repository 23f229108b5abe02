// The options and steps every command shares (see common_options.hpp).
#include "cli/common_options.hpp"

#include <climits>
#include <cmath>
#include <iostream>
#include <sstream>

#include "cli/option_limits.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/parallel.hpp"

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
