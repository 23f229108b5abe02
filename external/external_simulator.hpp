// A Simulator that runs any program: `/bin/sh -c command` once per batch of rows, several
// batches in flight, speaking the protocol of external_protocol.hpp (stdin "seed,θ..." lines,
// stdout x lines). Row i of a call with seed s receives the seed derive_seed(s, offset + i), so
// results depend neither on the batch size nor on the number of workers.
//
// Failures: a batch whose process exits non-zero, is killed, times out, or prints the wrong
// number of lines or values (or a non-number) is run once more; if that fails too its rows
// become NaN and are counted. A `nan` line is one failed simulation (a NaN row, counted). A call
// throws ValueError, naming the counts and the folder with the failed batches' stderr, once more
// than max_failed_fraction of its rows failed; the batches in flight finish first.
//
// Work folder: each completed batch is written there atomically (batch_<seed>_<first row>.sbixb)
// with a hash of the command, the row seeds and θ; a later call (or run) with the same command,
// seed and θ reads it back instead of simulating, so an interrupted run loses nothing and a
// stale batch is never reused. Failed attempts leave <batch>.stderr.txt (reason and stderr).
#pragma once
#include <functional>
#include <mutex>
#include <string>

#include "simulators/simulator.hpp"

namespace sbi::sim {

struct ExternalSimulatorSettings {
  std::string command;              // run through /bin/sh -c
  Index theta_dim = 0;              // θ values per row (required)
  Index x_dim = 0;                  // x values per row; 0: learnt from the first batch's output
  Index batch_rows = 1000;          // rows per process (B)
  int workers = 0;                  // batches in flight (K); 0: the number of cores
  double timeout_seconds = 0;       // per batch process; 0: none
  double max_failed_fraction = 0.5; // of a call's rows, failed (nan lines and failed batches)
  std::string work_folder;          // completed batches and failed stderr; empty: none kept
};

// What the simulator did, summed over its calls (for logs and summary.json).
struct ExternalSimulatorCounts {
  Index rows_simulated = 0;   // rows the command computed in this process (failed ones included)
  Index rows_reused = 0;      // rows read back from completed batch files
  Index rows_failed = 0;      // NaN rows: `nan` lines plus the rows of batches that failed twice
  Index failed_simulations = 0;  // of which `nan` lines (failed simulations the command reported)
  Index batches_run = 0;      // batches that ran the command (after any retry)
  Index batches_reused = 0;
  Index batches_retried = 0;  // batches whose first attempt failed
  Index batches_failed = 0;   // batches that failed twice (their rows are NaN)
  std::string first_problem;  // the first failed attempt's reason, e.g. "exit status 3"
};

class ExternalSimulator : public Simulator {
 public:
  // Rows done so far in the current call (called from the calling thread).
  using Progress = std::function<void(Index rows_done)>;

  // ValueError on bad options (empty command, theta_dim < 1, batch_rows < 1, fraction outside
  // [0, 1], negative timeout); creates the work folder (IOError if it cannot).
  explicit ExternalSimulator(ExternalSimulatorSettings options);

  Index theta_dim() const override { return options_.theta_dim; }
  // 0 until the first batch has shown the width when options.x_dim was 0.
  Index x_dim() const override;
  // One row as a batch of one (seed: the stream's next 64 bits); never stored.
  void simulate_one(const double* theta, double* x, Rng& rng) const override;
  MatrixD simulate(const MatrixD& theta, std::uint64_t seed, std::uint64_t stream_offset = 0) const override;
  MatrixD simulate(const MatrixD& theta, std::uint64_t seed, std::uint64_t stream_offset,
                   const Progress& progress) const;

  const ExternalSimulatorSettings& options() const { return options_; }
  ExternalSimulatorCounts counts() const;
  // "1000 rows simulated, 0 reused, 3 failed (...)": one line for a log.
  std::string describe_counts() const;

 private:
  struct Batch;
  struct Call;
  void run_batch(Batch& batch, Call& call) const;
  void run_in_parallel(Call& call, std::size_t from, const Progress& progress) const;
  void check_failures(const Call& call) const;
  void learn_x_dim(Index width) const;

  ExternalSimulatorSettings options_;
  mutable std::mutex mutex_;  // guards counts_ and x_dim_
  mutable ExternalSimulatorCounts counts_;
  mutable Index x_dim_ = 0;
};

}  // namespace sbi::sim
