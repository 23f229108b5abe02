// The benchmark harness behind `sbi bench`: suites register themselves, time cases with
// repeated runs (median of several batches), and report rows of
// (case, value, unit, note) as a table or JSON. Figures are reported next to a baseline or a
// limit measured in the same run (e.g. Eigen's GEMM GFLOP/s on this machine).
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace sbi::bench {

struct Options {
  double min_seconds = 0.5;  // per measured case
  bool progress = true;      // print case names to stderr while running
  bool profile = false;      // a suite's profile mode instead of its throughput rows (flows)
};

struct Row {
  std::string name;
  double value;
  std::string unit;
  std::string note;
};

class Report {
 public:
  explicit Report(std::string suite) : suite_(std::move(suite)) {}
  void add(const std::string& name, double value, const std::string& unit,
           const std::string& note = "");
  const std::vector<Row>& rows() const { return rows_; }
  std::string table() const;
  std::string json() const;

 private:
  std::string suite_;
  std::vector<Row> rows_;
};

using SuiteFn = void (*)(Report& report, const Options& options);

struct Suite {
  std::string name;
  std::string description;
  SuiteFn run;
};

std::vector<Suite>& suite_registry();

struct SuiteRegistrar {
  SuiteRegistrar(const char* name, const char* description, SuiteFn run) {
    suite_registry().push_back({name, description, run});
  }
};

// Median seconds per call of `fn` over batches: calls repeat until each batch lasts ≥ 20 ms and
// the total reaches min_seconds (at least 5 batches). `fn` runs once first as a warm-up.
double seconds_per_call(const std::function<void()>& fn, double min_seconds);

// CPU seconds of this process, all threads (CLOCK_PROCESS_CPUTIME_ID).
double process_cpu_seconds();

// Eigen float GEMM throughput on this machine (GFLOP/s, 2·m·n·k flops per product) at a
// square size of n, using all sbi threads: the limit row later benchmarks compare against.
double gemm_gflops(int n, double min_seconds);

// Prints "  <name> ..." to stderr when progress is on.
void progress(const Options& options, const std::string& name);

}  // namespace sbi::bench

#define SBI_BENCH_SUITE(name, description, fn) \
  static const ::sbi::bench::SuiteRegistrar sbi_bench_registrar_##fn(name, description, fn)
