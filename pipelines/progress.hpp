// Progress reporting for the `sbi` program: stage messages ("simulating 10000 ... 1.2 s") and
// progress bars with an ETA, drawn on stderr only when it is a terminal; --quiet silences
// everything but errors, --verbose adds detail.
#pragma once
#include <chrono>
#include <functional>
#include <string>

#include "core/tensor.hpp"

namespace sbi::pipelines {

// Wall-clock seconds since t0 (the timings a run records).
inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

enum class Verbosity { Quiet, Normal, Verbose };

bool stderr_is_terminal();

class Log {
 public:
  explicit Log(Verbosity v = Verbosity::Normal) : verbosity_(v) {}
  void info(const std::string& message) const;     // normal and verbose
  void detail(const std::string& message) const;   // verbose only
  Verbosity verbosity() const { return verbosity_; }
  bool quiet() const { return verbosity_ == Verbosity::Quiet; }

 private:
  Verbosity verbosity_;
};

// A timed stage: prints "<what> ..." at the start and "<what>: done in S s" at the end.
class Stage {
 public:
  Stage(const Log& log, std::string what);
  ~Stage();
  double seconds() const;
  void finish();

 private:
  const Log& log_;
  std::string what_;
  std::chrono::steady_clock::time_point start_;
  bool finished_ = false;
};

// "[=====>     ]  45%  12/27  ETA 3 s" redrawn in place on a terminal.
class ProgressBar {
 public:
  ProgressBar(const Log& log, std::string label, long total);
  void update(long done);
  void finish();
  // For loops that learn their length late (MCMC reports (done, total) per step): a callback
  // that sets the total and updates the bar. The bar must outlive the callback's use.
  std::function<void(Index done, Index total)> step_callback();

 private:
  const Log& log_;
  std::string label_;
  long total_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace sbi::pipelines
