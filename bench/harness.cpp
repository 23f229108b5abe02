// The benchmark harness (see harness.hpp).
#include "bench/harness.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "core/gemm.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "sbi_version.hpp"

namespace sbi::bench {

std::vector<Suite>& suite_registry() {
  static std::vector<Suite> suites;
  return suites;
}

void Report::add(const std::string& name, double value, const std::string& unit,
                 const std::string& note) {
  rows_.push_back({name, value, unit, note});
}

std::string Report::table() const {
  std::ostringstream s;
  s << "sbi bench " << suite_ << "  (sbi " << SBI_VERSION_STRING << ", " << num_threads()
    << " threads)\n";
  std::size_t width = 4;
  for (const auto& r : rows_) width = std::max(width, r.name.size());
  for (const auto& r : rows_) {
    char value[64];
    std::snprintf(value, sizeof value, "%12.4g", r.value);
    s << "  " << r.name << std::string(width - r.name.size() + 2, ' ') << value << " " << r.unit;
    if (!r.note.empty()) s << "   " << r.note;
    s << "\n";
  }
  return s.str();
}

static std::string escape(const std::string& in) {
  std::string out;
  for (char c : in) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string Report::json() const {
  std::ostringstream s;
  s << "{\"suite\": \"" << escape(suite_) << "\", \"version\": \"" << SBI_VERSION_STRING
    << "\", \"threads\": " << num_threads() << ", \"results\": [";
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const auto& r = rows_[i];
    char value[64];
    std::snprintf(value, sizeof value, "%.6g", r.value);
    s << (i ? ", " : "") << "{\"name\": \"" << escape(r.name) << "\", \"value\": " << value
      << ", \"unit\": \"" << escape(r.unit) << "\", \"note\": \"" << escape(r.note) << "\"}";
  }
  s << "]}";
  return s.str();
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double seconds_per_call(const std::function<void()>& fn, double min_seconds) {
  using clock = std::chrono::steady_clock;
  fn();  // warm-up
  // Calibrate the number of calls per batch.
  long calls = 1;
  for (;;) {
    const auto t0 = clock::now();
    for (long i = 0; i < calls; ++i) fn();
    const double dt = std::chrono::duration<double>(clock::now() - t0).count();
    if (dt >= 0.02 || calls > (1l << 24)) break;
    calls *= 2;
  }
  std::vector<double> per_call;
  double total = 0;
  while (per_call.size() < 5 || total < min_seconds) {
    const auto t0 = clock::now();
    for (long i = 0; i < calls; ++i) fn();
    const double dt = std::chrono::duration<double>(clock::now() - t0).count();
    per_call.push_back(dt / double(calls));
    total += dt;
    if (per_call.size() > 1000) break;
  }
  std::nth_element(per_call.begin(), per_call.begin() + per_call.size() / 2, per_call.end());
  return per_call[per_call.size() / 2];
}

double gemm_gflops(int n, double min_seconds) {
  Rng rng(1);
  MatrixF a(n, n), b(n, n), c(n, n);
  for (Index i = 0; i < a.size(); ++i) a.data()[i] = static_cast<float>(rng.normal());
  for (Index i = 0; i < b.size(); ++i) b.data()[i] = static_cast<float>(rng.normal());
  const double seconds = seconds_per_call(
      [&] {
        gemm(1.f, ConstMapF(a.data(), n, n), Trans::No, ConstMapF(b.data(), n, n), Trans::No, 0.f,
             MapF(c.data(), n, n));
      },
      min_seconds);
  return 2.0 * double(n) * n * n / seconds * 1e-9;
}

void progress(const Options& options, const std::string& name) {
  if (options.progress) std::cerr << "  measuring " << name << " ...\n";
}

}  // namespace sbi::bench
