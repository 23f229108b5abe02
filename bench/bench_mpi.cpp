// `sbi bench mpi` (run alone, or as `mpirun -np N sbi bench mpi`): the figures of the MPI
// scaling study (bench/results/scaling.md, scripts/scaling_study.sh).
//   - one NPE (MAF) training epoch on 10⁵ two_moons rows, data-parallel over the ranks
//     (nn/chunk_exchange.hpp): wall seconds, the fastest of epochs 2 and 3 (the first sizes the
//     buffers; the minimum is the figure least disturbed by other work on a shared machine);
//   - the cost of one in-place allgather (the gradient exchange) by message size, per rank's
//     contribution in bytes: seconds per call, the fastest of 5 batches of a fixed number of
//     calls (the same on every rank, so no rank waits on a collective the others skip);
//   - Hodgkin–Huxley simulation of 1,000 rows split over the ranks by index (rows_of_rank),
//     from a barrier to the end of the last rank, the faster of two runs.
// Rank 0 reports; ratios between rank and thread counts come from separate runs of this suite
// (the script runs them back to back and interleaved).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "bench/harness.hpp"
#include "core/communicator.hpp"
#include "core/parallel.hpp"
#include "inference/npe.hpp"
#include "simulators/task.hpp"

namespace sbi::bench {
namespace {


double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void training_epoch(Report& report, const Options& options) {
  progress(options, "NPE (MAF) epoch on 100,000 two_moons rows");
  const sim::Task task = sim::make_task("two_moons");
  const MatrixD theta = task.sample_prior(100000, 1);
  const MatrixD x = task.simulate(theta, 2);
  inference::Npe npe(task.prior, inference::NpeSettings{"maf", 3});
  npe.append_simulations(theta, x);
  nn::TrainSettings t;
  t.max_epochs = 3;
  t.patience = 100;
  t.progress = false;
  double cpu_at_epoch_end[3] = {0, 0, 0};
  t.on_epoch = [&](const nn::EpochRecord& r) {
    cpu_at_epoch_end[r.epoch] = process_cpu_seconds();
    return true;
  };
  const flows::FitResult fit = npe.train(t);
  const double seconds = std::min(fit.train.epochs[1].seconds, fit.train.epochs[2].seconds);
  report.add("npe_epoch_s", seconds, "s", "faster of epochs 2 and 3; 90,000 training + 10,000 validation rows, batch 200");
  report.add("npe_rows_per_s", 1e5 / seconds, "rows/s");
  // CPU time of rank 0 (all its threads) per epoch: the work one rank does, waiting included
  // only as far as MPI spins; less disturbed than wall time by other jobs on a shared machine.
  report.add("npe_epoch_cpu_s_rank0", std::min(cpu_at_epoch_end[1] - cpu_at_epoch_end[0], cpu_at_epoch_end[2] - cpu_at_epoch_end[1]),
             "s", "epochs 2 and 3, the smaller");
  const Index params = nn::count_parameters(npe.estimator().flow().parameters());
  report.add("npe_parameters", double(params), "parameters");
  report.add("gradient_record_bytes", double(16 + 4 * params), "B", "one chunk's loss, flag and gradient");
}

void allgather_cost(Report& report, const Options& options, const Communicator& comm) {
  for (std::size_t bytes = 8; bytes <= (std::size_t(1) << 23); bytes *= 8) {
    progress(options, "allgather of " + std::to_string(bytes) + " bytes per rank");
    std::vector<std::byte> all(bytes * static_cast<std::size_t>(comm.size()));
    std::vector<int> counts(static_cast<std::size_t>(comm.size()), static_cast<int>(bytes)), offsets(counts.size());
    for (std::size_t r = 0; r < offsets.size(); ++r) offsets[r] = static_cast<int>(bytes * r);
    const int calls = static_cast<int>(std::clamp<std::size_t>((std::size_t(1) << 25) / (bytes * 64), 10, 1000));
    comm.allgather_in_place(all, counts, offsets);  // warm-up
    double per_call = 1e300;
    for (int batch = 0; batch < 5; ++batch) {
      comm.barrier();
      const double t0 = now_seconds();
      for (int i = 0; i < calls; ++i) comm.allgather_in_place(all, counts, offsets);
      per_call = std::min(per_call, (now_seconds() - t0) / calls);
    }
    report.add("allgather_us_" + std::to_string(bytes) + "B", per_call * 1e6, "us",
               std::to_string(comm.size()) + " ranks, fastest of 5 x " + std::to_string(calls) + " calls");
  }
}

void hodgkin_huxley_simulation(Report& report, const Options& options, const Communicator& comm) {
  progress(options, "Hodgkin-Huxley simulation of 1,000 rows over the ranks");
  const sim::Task task = sim::make_task("hodgkin_huxley");
  const Index n = 1000;
  const MatrixD theta = task.sample_prior(n, 4);
  const RowBlock mine = rows_of_rank(n, comm.rank(), comm.size());
  (void)task.simulate(theta.topRows(std::min<Index>(n, 20)), 5);  // warm-up
  double seconds = 1e300;
  for (int run = 0; run < 2; ++run) {
    comm.barrier();
    const double t0 = now_seconds();
    (void)task.simulate(theta.middleRows(mine.begin, mine.size()), 6 + static_cast<std::uint64_t>(mine.begin));
    comm.barrier();
    seconds = std::min(seconds, now_seconds() - t0);
  }
  report.add("hh_simulation_s", seconds, "s", "1,000 rows split over the ranks, faster of 2 runs");
  report.add("hh_sims_per_s", double(n) / seconds, "sims/s");
  if (comm.is_distributed()) return;
  // The spread of one simulation's cost (spiking traces cost more): it sets the load imbalance
  // of a row split at many ranks (scaling.md's model).
  std::vector<double> each;
  for (Index i = 0; i < 200; ++i) {
    const double t0 = now_seconds();
    (void)task.simulate(theta.middleRows(i, 1), 7 + static_cast<std::uint64_t>(i));
    each.push_back(now_seconds() - t0);
  }
  double mean = 0, var = 0;
  for (double t : each) mean += t / double(each.size());
  for (double t : each) var += (t - mean) * (t - mean) / double(each.size() - 1);
  report.add("hh_cost_cv", std::sqrt(var) / mean, "ratio", "coefficient of variation of one simulation's seconds, 200 rows");
}

void run_mpi(Report& report, const Options& options) {
  const Communicator& comm = Communicator::world();
  report.add("ranks", comm.size(), "ranks");
  report.add("threads_per_rank", num_threads(), "threads");
  hodgkin_huxley_simulation(report, options, comm);
  training_epoch(report, options);
  if (comm.is_distributed()) allgather_cost(report, options, comm);
}

}  // namespace

SBI_BENCH_SUITE("mpi", "MPI scaling: data-parallel NPE epoch, allgather cost by size, Hodgkin-Huxley simulation over ranks",
                run_mpi);

}  // namespace sbi::bench
