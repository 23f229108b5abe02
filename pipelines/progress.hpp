// Progress reporting of the pipelines: stage messages ("simulating 10000 ... 1.2 s") and
// progress bars with an ETA. A Log is the reporter a caller passes in: by default it writes to
// stderr (bars only when stderr is a terminal); with a sink, every message goes to the sink
// instead and no bar is drawn (a program embedding the pipelines, or a test, collects them).
// Quiet drops everything but errors, Verbose adds detail. Under MPI only rank 0 logs (the
// other ranks are quiet).
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

using LogSink = std::function<void(const std::string& line)>;

class Log {
 public:
  explicit Log(Verbosity v = Verbosity::Normal, LogSink sink = {});
  void info(const std::string& message) const;     // normal and verbose
  void detail(const std::string& message) const;   // verbose only
  Verbosity verbosity() const { return verbosity_; }
  bool quiet() const { return verbosity_ == Verbosity::Quiet; }
  bool has_sink() const { return static_cast<bool>(sink_); }
  // Whether progress lines (bars, training epochs) may be drawn on stderr.
  bool draws_progress() const { return !quiet() && !has_sink(); }

 private:
  void emit(const std::string& line) const;
  Verbosity verbosity_;
  LogSink sink_;
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
