// Sane ranges of the `sbi` program's integer options. Args::get_int checks every value it
// returns against this table, so a count such as `--sims 1e12` or `--chains 10000000` is refused
// with a message naming the option instead of ending in std::bad_alloc or running for days, and
// a value that would overflow the arithmetic downstream (`--thin 9223372036854775807`) never
// reaches it. Options not in the table are only checked to be integers.
#pragma once
#include <optional>
#include <string>

namespace sbi::cli {

struct OptionLimit {
  long long min;
  long long max;
};

// The range of option `name` (without dashes), if the table has one.
std::optional<OptionLimit> option_limit(const std::string& name);

// UsageError "--<name> must be at least <min>, got <v>" (or "at most <max>") unless v is in range.
void check_option_limit(const std::string& name, long long value);

}  // namespace sbi::cli
