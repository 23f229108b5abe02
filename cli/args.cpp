// Command-line parsing for the `sbi` program (see args.hpp).
#include "cli/args.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/errors.hpp"
#include "core/input_file.hpp"

namespace sbi::cli {

// The upper bounds keep every count far below what would exhaust memory or overflow a step
// count: 1e8 simulations of a 10-value task already take 8 GB, and 1e5 chains × 1e6 thinning ×
// 1e8 draws still fit in 64 bits.
namespace {
constexpr long long kMaxCount = 100'000'000;  // simulations, draws, rows
constexpr long long kMaxSteps = 1'000'000'000;

const std::map<std::string, OptionLimit>& limits() {
  static const std::map<std::string, OptionLimit> table = {
      {"sims", {0, kMaxCount}},          {"lf-sims", {0, kMaxCount}},
      {"num", {1, kMaxCount}},           {"num-samples", {1, kMaxCount}},
      {"predictive-sims", {0, kMaxCount}}, {"range-sims", {0, kMaxCount}},
      {"cost-thetas", {0, kMaxCount}},   {"cost-sims", {0, kMaxCount}},
      {"runs", {1, 1'000'000}},          {"bins", {0, 1'000'000}},
      {"chains", {1, 100'000}},          {"warmup", {0, kMaxSteps}},
      {"thin", {1, 1'000'000}},          {"seed", {0, (1LL << 62)}},
      {"threads", {1, 4096}},            {"max-epochs", {0, kMaxSteps}},
      {"npe-max-epochs", {0, kMaxSteps}}, {"patience", {0, kMaxSteps}},
      {"batch-size", {0, 1 << 30}},      {"npe-batch-size", {0, 1 << 30}},
      {"rounds", {1, 10'000}},           {"ace-members", {1, 1000}},
      {"ace-hidden", {0, 4096}},         {"ace-blocks", {0, 64}},
      {"ace-targets-per-theta", {1, 10'000}}, {"atoms", {2, 1'000'000}},
  };
  return table;
}
}  // namespace

std::optional<OptionLimit> option_limit(const std::string& name) {
  const auto it = limits().find(name);
  if (it == limits().end()) return std::nullopt;
  return it->second;
}

void check_option_limit(const std::string& name, long long value) {
  const auto limit = option_limit(name);
  if (!limit) return;
  if (value < limit->min)
    throw UsageError("--" + name + " must be at least " + std::to_string(limit->min) + ", got " +
                     std::to_string(value));
  if (value > limit->max)
    throw UsageError("--" + name + " must be at most " + std::to_string(limit->max) + ", got " +
                     std::to_string(value));
}


Args::Args(std::string command, std::string summary)
    : command_(std::move(command)), summary_(std::move(summary)) {
  flag("help", "show this help and exit");
}

Args& Args::option(const std::string& name, const std::string& value_name,
                   const std::string& help, const std::string& default_value) {
  options_.push_back({name, value_name, help, default_value});
  return *this;
}

Args& Args::flag(const std::string& name, const std::string& help) {
  options_.push_back({name, "", help, ""});
  return *this;
}

Args& Args::positional(const std::string& name, const std::string& help) {
  positional_specs_.emplace_back(name, help);
  return *this;
}

const OptionSpec* Args::find(const std::string& name) const {
  for (const auto& o : options_)
    if (o.name == name) return &o;
  return nullptr;
}

void Args::parse(const std::vector<std::string>& words) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.rfind("--", 0) == 0 && w.size() > 2) {
      std::string name = w.substr(2), value;
      bool inline_value = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        inline_value = true;
      }
      const OptionSpec* spec = find(name);
      if (!spec) throw UsageError("unknown option '--" + name + "' for 'sbi " + command_ + "'");
      if (spec->value_name.empty()) {
        if (inline_value) throw UsageError("option '--" + name + "' takes no value");
        values_[name] = "1";
      } else {
        if (!inline_value) {
          if (i + 1 >= words.size())
            throw UsageError("option '--" + name + "' needs a value <" + spec->value_name + ">");
          value = words[++i];
        }
        values_[name] = value;
      }
    } else if (positional_values_.size() < positional_specs_.size()) {
      positional_values_.push_back(w);
    } else {
      throw UsageError("unexpected argument '" + w + "' for 'sbi " + command_ + "'");
    }
  }
  if (flag_set("help")) return;
  if (positional_values_.size() < positional_specs_.size())
    throw UsageError("'sbi " + command_ + "' needs <" +
                     positional_specs_[positional_values_.size()].first + ">");
}

bool Args::has(const std::string& name) const { return values_.count(name) > 0; }

std::string Args::get(const std::string& name) const {
  if (auto it = values_.find(name); it != values_.end()) return it->second;
  const OptionSpec* spec = find(name);
  return spec ? spec->default_value : "";
}

long long Args::get_int(const std::string& name) const {
  const std::string v = get(name);
  long long out = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec == std::errc::result_out_of_range && ptr == v.data() + v.size())
    throw UsageError("option '--" + name + "' is out of range, got '" + excerpt(v) + "'");
  if (ec != std::errc() || ptr != v.data() + v.size())
    throw UsageError("option '--" + name + "' expects an integer, got '" + excerpt(v) + "'");
  check_option_limit(name, out);
  return out;
}

double Args::get_double(const std::string& name) const {
  const std::string v = get(name);
  double out = 0.0;
  const char* first = v.data() + (!v.empty() && v.front() == '+' ? 1 : 0);
  auto [ptr, ec] = std::from_chars(first, v.data() + v.size(), out);
  if (ec == std::errc() && ptr == v.data() + v.size() && !v.empty()) {
    if (std::isfinite(out)) return out;
    throw UsageError("option '--" + name + "' expects a finite number, got '" + excerpt(v) + "'");
  }
  if (ec == std::errc::result_out_of_range)
    throw UsageError("option '--" + name + "' is out of range, got '" + excerpt(v) + "'");
  throw UsageError("option '--" + name + "' expects a number, got '" + excerpt(v) + "'");
}

bool Args::flag_set(const std::string& name) const { return has(name); }

void Args::apply_config(const std::string& path) {
  std::ifstream in;
  try {
    in = open_input_file(path, "config file");
  } catch (const IOError& e) {
    throw UsageError(e.what());
  }
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw UsageError("config file '" + path + "' is not valid JSON: " + e.what());
  }
  if (!config.is_object()) throw UsageError("config file '" + path + "' must hold a JSON object");
  for (const auto& [key, value] : config.items()) {
    const OptionSpec* spec = find(key);
    if (!spec || key == "config" || key == "help")
      throw UsageError("config file '" + path + "': unknown option '" + excerpt(key) + "' for 'sbi " + command_ + "'");
    if (has(key)) continue;  // the command line wins
    if (spec->value_name.empty()) {
      if (!value.is_boolean()) throw UsageError("config file '" + path + "': '" + key + "' must be true or false");
      if (value.get<bool>()) values_[key] = "1";
    } else {
      values_[key] = config_value_text(value, path, key);
    }
  }
  // Each value is checked as the command line's would be (integers, ranges, finite numbers)
  // when the command reads it, and the message names the option.
}

std::string Args::config_value_text(const nlohmann::json& value, const std::string& path,
                                    const std::string& key) {
  if (value.is_string()) return value.get<std::string>();
  // Unsigned values above 2^63 keep their digits (get_int then refuses them as out of range)
  // instead of wrapping to a negative number.
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number()) {
    std::ostringstream s;
    s.precision(17);
    s << value.get<double>();
    return s.str();
  }
  throw UsageError("config file '" + path + "': '" + key + "' must be a string or a number, got " +
                   value.type_name());
}

std::string Args::help() const {
  std::ostringstream s;
  s << "usage: sbi " << command_;
  for (const auto& [name, _] : positional_specs_) s << " <" << name << ">";
  s << " [options]\n\n" << summary_ << "\n";
  if (!positional_specs_.empty()) {
    s << "\narguments:\n";
    for (const auto& [name, help] : positional_specs_) s << "  " << name << "\n      " << help << "\n";
  }
  s << "\noptions:\n";
  for (const auto& o : options_) {
    s << "  --" << o.name;
    if (!o.value_name.empty()) s << " <" << o.value_name << ">";
    s << "\n      " << o.help;
    if (!o.default_value.empty()) s << " (default: " << o.default_value << ")";
    s << "\n";
  }
  return s.str();
}

}  // namespace sbi::cli
