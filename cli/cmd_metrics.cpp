// `sbi metrics c2st|mmd A.csv B.csv`: compares two sample sets (CSV with a header row), A being
// the reference: C2ST accuracy (0.5 = indistinguishable) or the unbiased MMD² with the
// median-heuristic bandwidth of A, as sbibm computes them.
#include <cstdio>
#include <iostream>

#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/job.hpp"
#include "core/csv.hpp"
#include "core/parallel.hpp"
#include "diagnostics/c2st.hpp"
#include "diagnostics/mmd.hpp"

namespace sbi::cli {

namespace {

int metrics_command(const std::vector<std::string>& words) {
  Args args("metrics", "Compares two sample sets: the reference A and the approximation B.");
  args.positional("metric", "c2st or mmd")
      .positional("A.csv", "reference samples (header row, one sample per row)")
      .positional("B.csv", "approximate samples")
      .option("seed", "S", "seed of the C2ST cross-validation", "1");
  add_common_options(args, false);
  if (!parse_command_line(args, words)) return 0;
  const std::string metric = args.positionals()[0];
  if (metric != "c2st" && metric != "mmd") throw UsageError("unknown metric '" + metric + "' (c2st, mmd)");
  const MatrixD a = read_csv_matrix(args.positionals()[1]);
  const MatrixD b = read_csv_matrix(args.positionals()[2]);
  double value;
  if (metric == "c2st") {
    diagnostics::C2stOptions options;
    options.seed = static_cast<std::uint64_t>(args.get_int("seed"));
    value = diagnostics::c2st(a, b, options);
  } else {
    value = diagnostics::mmd(a, b);
  }
  std::printf("%.6g\n", value);
  return 0;
}

}  // namespace

SBI_COMMAND("metrics", "compare two sample sets (c2st, mmd)", metrics_command);

}  // namespace sbi::cli
