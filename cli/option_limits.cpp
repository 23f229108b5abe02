// Ranges of the integer options (see option_limits.hpp). The upper bounds keep every count far
// below what would exhaust memory or overflow a step count: 1e8 simulations of a 10-value task
// already take 8 GB, and 1e5 chains × 1e6 thinning × 1e8 draws still fit in 64 bits.
#include "cli/option_limits.hpp"

#include <map>

#include "cli/args.hpp"

namespace sbi::cli {

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

}  // namespace sbi::cli
