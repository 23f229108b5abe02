// Batches of rows through an external command, K in flight, with retries, failure counts and
// batch files (see external_simulator.hpp).
#include "external/external_simulator.hpp"

#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <sstream>
#include <thread>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "external/external_protocol.hpp"
#include "external/subprocess.hpp"

namespace sbi::sim {

struct ExternalSimulator::Batch {
  Index first = 0, rows = 0;
  std::string path;  // batch file; empty without a work folder
  MatrixD x;         // rows × width (width 0: every row failed before x's width was known)
  bool done = false;
};

struct ExternalSimulator::Call {
  const MatrixD& theta;
  std::uint64_t seed, offset;
  std::vector<Batch> batches;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;  // guards the members below
  std::condition_variable changed;
  Index rows_done = 0, rows_failed = 0, batches_failed = 0;
  int workers_left = 0;
  std::exception_ptr error;
};

namespace {

std::string format_number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::string batch_name(std::uint64_t seed, Index first_row) {
  char name[64];
  std::snprintf(name, sizeof name, "batch_%016llx_%012lld.sbixb", static_cast<unsigned long long>(seed),
                static_cast<long long>(first_row));
  return name;
}

}  // namespace

ExternalSimulator::ExternalSimulator(ExternalSimulatorSettings options) : options_(std::move(options)) {
  const auto& o = options_;
  if (o.command.empty()) throw ValueError("external simulator: the command is empty");
  if (o.theta_dim < 1) throw ValueError("external simulator: theta_dim must be at least 1");
  if (o.x_dim < 0) throw ValueError("external simulator: x_dim must be ≥ 0 (0: learnt from the output)");
  if (o.batch_rows < 1) throw ValueError("external simulator: batch rows must be at least 1, got " + std::to_string(o.batch_rows));
  if (o.workers < 0) throw ValueError("external simulator: workers must be ≥ 0 (0: the number of cores)");
  if (!(o.timeout_seconds >= 0)) throw ValueError("external simulator: the timeout must be ≥ 0 seconds (0: none)");
  if (!(o.max_failed_fraction >= 0 && o.max_failed_fraction <= 1))
    throw ValueError("external simulator: max failed fraction must be in [0, 1], got " + format_number(o.max_failed_fraction));
  if (options_.workers == 0) options_.workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  x_dim_ = o.x_dim;
  if (!o.work_folder.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.work_folder, ec);
    if (!std::filesystem::is_directory(o.work_folder))
      throw IOError("external simulator: cannot create the work folder '" + o.work_folder + "'");
  }
}

Index ExternalSimulator::x_dim() const {
  std::lock_guard lock(mutex_);
  return x_dim_;
}

void ExternalSimulator::learn_x_dim(Index width) const {
  std::lock_guard lock(mutex_);
  if (x_dim_ == 0) x_dim_ = width;
}

ExternalSimulatorCounts ExternalSimulator::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

std::string ExternalSimulator::describe_counts() const {
  const auto c = counts();
  return std::to_string(c.rows_simulated) + " rows simulated, " + std::to_string(c.rows_reused) +
         " reused from batch files, " + std::to_string(c.rows_failed) + " failed (" +
         std::to_string(c.failed_simulations) + " nan lines, " + std::to_string(c.batches_failed) +
         " batches failed twice), " + std::to_string(c.batches_retried) + " batches retried";
}

void ExternalSimulator::simulate_one(const double* theta, double* x, Rng& rng) const {
  const Index width = x_dim();
  if (width == 0) throw ValueError("external simulator: x's width is not known yet (simulate a batch first)");
  MatrixD one = Eigen::Map<const MatrixD>(theta, 1, options_.theta_dim);
  ExternalSimulatorSettings single = options_;
  single.work_folder.clear();
  single.workers = 1;
  single.x_dim = width;
  single.max_failed_fraction = 1;
  const MatrixD out = ExternalSimulator(single).simulate(one, rng.next_u64());
  for (Index j = 0; j < width; ++j) x[j] = out(0, j);
}

// One batch: read back from its file, or run (and once more on failure); then counted.
void ExternalSimulator::run_batch(Batch& b, Call& call) const {
  const std::string input = batch_input(call.theta, b.first, b.rows, call.seed, call.offset);
  const std::uint64_t key = batch_key(options_.command, options_.x_dim, input);
  const Index known = x_dim();
  if (!b.path.empty()) {
    if (auto stored = read_batch_file(b.path, key, b.rows); stored && (stored->x.cols() == known || known == 0)) {
      if (stored->x.cols() > 0) learn_x_dim(stored->x.cols());
      b.x = std::move(stored->x);
      std::lock_guard lock(mutex_);
      counts_.rows_reused += b.rows;
      counts_.rows_failed += stored->failed_rows;
      counts_.failed_simulations += stored->failed_rows;
      ++counts_.batches_reused;
      b.done = true;
      std::lock_guard call_lock(call.mutex);
      call.rows_failed += stored->failed_rows;
      return;
    }
  }
  std::string failures;  // reasons and stderr of failed attempts
  ParsedBatch parsed;
  int attempts = 0;
  for (; attempts < 2; ++attempts) {
    const SubprocessResult r = run_subprocess(options_.command, input, options_.timeout_seconds);
    parsed = r.ok() ? parse_batch_output(r.out, b.rows, known) : ParsedBatch{{}, 0, r.describe(options_.timeout_seconds)};
    if (parsed.problem.empty()) break;
    failures += "attempt " + std::to_string(attempts + 1) + ": " + parsed.problem + "\n--- stderr ---\n" + r.err + "\n";
  }
  const bool ok = attempts < 2;
  if (!failures.empty() && !b.path.empty())
    write_file_atomically(b.path + ".stderr.txt", [&](std::ostream& out) {
      out << "command: " << options_.command << "\nrows " << b.first << " to " << b.first + b.rows - 1 << "\n" << failures;
    });
  if (ok) {
    if (parsed.x.cols() > 0) learn_x_dim(parsed.x.cols());
    b.x = std::move(parsed.x);
    if (!b.path.empty()) write_batch_file(b.path, key, options_.command, b.x, parsed.failed_rows);
  } else {
    b.x = MatrixD::Constant(b.rows, known, NAN);
  }
  const Index failed = ok ? parsed.failed_rows : b.rows;
  std::lock_guard lock(mutex_);
  counts_.rows_simulated += b.rows;
  counts_.rows_failed += failed;
  counts_.failed_simulations += ok ? parsed.failed_rows : 0;
  ++counts_.batches_run;
  counts_.batches_retried += attempts > 0;
  counts_.batches_failed += !ok;
  if (counts_.first_problem.empty() && !failures.empty())
    counts_.first_problem = failures.substr(0, failures.find('\n'));
  b.done = true;
  std::lock_guard call_lock(call.mutex);
  call.rows_failed += failed;
  call.batches_failed += !ok;
}

// Runs batches [from, end) on K worker threads; the calling thread reports progress.
void ExternalSimulator::run_in_parallel(Call& call, std::size_t from, const Progress& progress) const {
  const double limit = options_.max_failed_fraction * static_cast<double>(call.theta.rows());
  call.next = from;
  auto worker = [&] {
    for (std::size_t k; !call.stop && (k = call.next++) < call.batches.size();) {
      try {
        run_batch(call.batches[k], call);
      } catch (...) {
        std::lock_guard lock(call.mutex);
        if (!call.error) call.error = std::current_exception();
        call.stop = true;
      }
      std::lock_guard lock(call.mutex);
      call.rows_done += call.batches[k].rows;
      if (static_cast<double>(call.rows_failed) > limit) call.stop = true;
      call.changed.notify_all();
    }
    std::lock_guard lock(call.mutex);
    --call.workers_left;
    call.changed.notify_all();
  };
  const std::size_t remaining = call.batches.size() - from;
  call.workers_left = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(options_.workers), remaining));
  std::vector<std::thread> threads;
  for (int w = 0; w < call.workers_left; ++w) threads.emplace_back(worker);
  {
    std::unique_lock lock(call.mutex);
    Index reported = -1;
    while (call.workers_left > 0) {
      if (progress && call.rows_done != reported) {
        reported = call.rows_done;
        lock.unlock();
        progress(reported);
        lock.lock();
        continue;
      }
      call.changed.wait(lock);
    }
  }
  for (auto& t : threads) t.join();
  if (progress) progress(call.rows_done);
}

void ExternalSimulator::check_failures(const Call& call) const {
  const Index n = call.theta.rows();
  if (static_cast<double>(call.rows_failed) <= options_.max_failed_fraction * static_cast<double>(n)) return;
  const auto c = counts();
  std::string where = options_.work_folder.empty()
                          ? "no work folder was given, so their stderr is not kept"
                          : "stderr of the failed batches: " + options_.work_folder + "/batch_*.stderr.txt; the completed batches stay in " +
                                options_.work_folder + " and a rerun reuses them";
  throw ValueError("external simulator '" + options_.command + "': " + std::to_string(call.rows_failed) + " of " +
                   std::to_string(n) + " rows failed (" + std::to_string(call.batches_failed) +
                   " batches failed twice, the rest were nan lines), more than the allowed fraction " +
                   format_number(options_.max_failed_fraction) + "; first problem: " +
                   (c.first_problem.empty() ? "nan lines" : c.first_problem) + "; " + where);
}

MatrixD ExternalSimulator::simulate(const MatrixD& theta, std::uint64_t seed, std::uint64_t stream_offset) const {
  return simulate(theta, seed, stream_offset, nullptr);
}

MatrixD ExternalSimulator::simulate(const MatrixD& theta, std::uint64_t seed, std::uint64_t stream_offset,
                                    const Progress& progress) const {
  require_shape("ExternalSimulator::simulate: theta", theta, -1, options_.theta_dim);
  const Index n = theta.rows(), B = options_.batch_rows;
  Call call{theta, seed, stream_offset, {}, {}, {}, {}, {}, 0, 0, 0, 0, nullptr};
  for (Index first = 0; first < n; first += B) {
    Batch b;
    b.first = first;
    b.rows = std::min(B, n - first);
    if (!options_.work_folder.empty())
      b.path = options_.work_folder + "/" + batch_name(seed, static_cast<Index>(stream_offset) + first);
    call.batches.push_back(std::move(b));
  }
  std::size_t k = 0;  // while x's width is unknown, batches run one at a time
  for (; k < call.batches.size() && x_dim() == 0 && !call.stop; ++k) {
    run_batch(call.batches[k], call);
    call.rows_done += call.batches[k].rows;
    call.stop = static_cast<double>(call.rows_failed) > options_.max_failed_fraction * static_cast<double>(n);
    if (progress) progress(call.rows_done);
  }
  if (k < call.batches.size() && !call.stop) run_in_parallel(call, k, progress);
  if (call.error) std::rethrow_exception(call.error);
  check_failures(call);
  const Index width = x_dim();
  if (width == 0 && n > 0)
    throw ValueError("external simulator '" + options_.command + "': every row failed, so x's width is unknown");
  MatrixD x = MatrixD::Constant(n, width, NAN);
  for (const auto& b : call.batches)
    if (b.x.cols() == width && b.x.rows() == b.rows) x.middleRows(b.first, b.rows) = b.x;
  return x;
}

}  // namespace sbi::sim
