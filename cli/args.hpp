// A small command-line parser for the `sbi` program: `--name value`, `--name=value` and
// boolean `--flag`s, with every option declared so that unknown flags and missing values
// produce a clear error, and `--help` text generated from the declarations.
#pragma once
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sbi::cli {

struct OptionSpec {
  std::string name;         // without dashes
  std::string value_name;   // empty for a boolean flag
  std::string help;
  std::string default_value;
};

class Args {
 public:
  Args(std::string command, std::string summary);
  Args& option(const std::string& name, const std::string& value_name, const std::string& help,
               const std::string& default_value = "");
  Args& flag(const std::string& name, const std::string& help);
  Args& positional(const std::string& name, const std::string& help);

  // Parses argv[first..]; throws UsageError on unknown flags, missing values, extra words.
  void parse(const std::vector<std::string>& words);

  bool has(const std::string& name) const;
  std::string get(const std::string& name) const;  // value or default
  // An integer (no fraction, exponent, nan or inf) within the option's range in
  // the table below; UsageError naming the option otherwise.
  long long get_int(const std::string& name) const;
  // A finite number; UsageError naming the option for nan, inf or out-of-range text.
  double get_double(const std::string& name) const;
  bool flag_set(const std::string& name) const;
  // Fills options not given on the command line from a JSON object whose keys are option
  // names ({"sims": 10000, "task": "two_moons", "quiet": true}); unknown keys are an error.
  void apply_config(const std::string& path);
  const std::vector<std::string>& positionals() const { return positional_values_; }
  std::string help() const;

 private:
  const OptionSpec* find(const std::string& name) const;
  static std::string config_value_text(const nlohmann::json& value, const std::string& path,
                                       const std::string& key);
  std::string command_, summary_;
  std::vector<OptionSpec> options_;
  std::vector<std::pair<std::string, std::string>> positional_specs_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_values_;
};

// Sane ranges of the integer options (args.cpp): Args::get_int checks every value it returns
// against this table, so a count such as `--sims 1e12` or `--chains 10000000` is refused with a
// message naming the option instead of ending in std::bad_alloc or running for days, and a value
// that would overflow the arithmetic downstream (`--thin 9223372036854775807`) never reaches it.
// Options not in the table are only checked to be integers.
struct OptionLimit {
  long long min;
  long long max;
};

// The range of option `name` (without dashes), if the table has one.
std::optional<OptionLimit> option_limit(const std::string& name);

// UsageError "--<name> must be at least <min>, got <v>" (or "at most <max>") unless v is in range.
void check_option_limit(const std::string& name, long long value);

// A wrong command line: printed with a hint to --help, exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace sbi::cli
