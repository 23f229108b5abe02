// Progress reporting (see progress.hpp).
#include "pipelines/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "core/communicator.hpp"

namespace sbi::pipelines {

bool stderr_is_terminal() { return isatty(STDERR_FILENO) != 0; }

Log::Log(Verbosity v, LogSink sink)
    : verbosity_(Communicator::world().is_root() ? v : Verbosity::Quiet), sink_(std::move(sink)) {}

void Log::emit(const std::string& line) const {
  if (sink_) sink_(line);
  else std::cerr << line << "\n";
}
void Log::info(const std::string& message) const {
  if (verbosity_ != Verbosity::Quiet) emit(message);
}
void Log::detail(const std::string& message) const {
  if (verbosity_ == Verbosity::Verbose) emit("  " + message);
}

Stage::Stage(const Log& log, std::string what)
    : log_(log), what_(std::move(what)), start_(std::chrono::steady_clock::now()) {
  log_.info(what_ + " ...");
}
Stage::~Stage() { finish(); }
double Stage::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}
void Stage::finish() {
  if (finished_) return;
  finished_ = true;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f s", seconds());
  log_.info("  done in " + std::string(buf));
}

ProgressBar::ProgressBar(const Log& log, std::string label, long total)
    : log_(log), label_(std::move(label)), total_(total > 0 ? total : 1),
      enabled_(!log.quiet() && !log.has_sink() && stderr_is_terminal()), start_(std::chrono::steady_clock::now()) {}

void ProgressBar::update(long done) {
  if (!enabled_) return;
  const double frac = double(done) / double(total_);
  const int width = 30, filled = static_cast<int>(frac * width);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double eta = frac > 0 ? elapsed * (1 - frac) / frac : 0;
  std::string bar(static_cast<std::size_t>(filled), '=');
  if (filled < width) bar += '>';
  bar.resize(width, ' ');
  std::fprintf(stderr, "\r  %s [%s] %3d%%  %ld/%ld  ETA %.0f s ", label_.c_str(), bar.c_str(),
               static_cast<int>(frac * 100), done, total_, eta);
  std::fflush(stderr);
}

std::function<void(Index, Index)> ProgressBar::step_callback() {
  return [this](Index done, Index total) {
    if (done == 0) {  // a new run: restart the clock (and the bar, if it was finished)
      start_ = std::chrono::steady_clock::now();
      enabled_ = !log_.quiet() && !log_.has_sink() && stderr_is_terminal();
    }
    total_ = total > 0 ? static_cast<long>(total) : 1;
    update(static_cast<long>(done));
  };
}

void ProgressBar::finish() {
  if (!enabled_) return;
  update(total_);
  std::fprintf(stderr, "\n");
  enabled_ = false;
}

}  // namespace sbi::pipelines
