// `sbi simulate` to files (see simulate_files.hpp).
#include "pipelines/simulate_files.hpp"

#include "core/array_file.hpp"
#include "core/communicator.hpp"
#include "pipelines/device_backend.hpp"
#include "pipelines/job.hpp"
#include "pipelines/rng_streams.hpp"
#include "pipelines/run_folder.hpp"
#include "datasets/saved_simulations.hpp"
#include "datasets/simulate_over_ranks.hpp"

namespace sbi::pipelines {

const FieldTable<SimulateFilesSettings>& simulate_files_fields() {
  using S = SimulateFilesSettings;
  static const FieldTable<S> table = {
      number_field("num", &S::num, "number of simulations (θ drawn from the prior)"),
      string_field("theta_in", &S::theta_in, "read θ rows from this file (.npy, or CSV with or without a header) "
                   "instead of sampling the prior"),
      number_field("seed", &S::seed, "random seed"),
      string_field("out", &S::out, "output file for the simulations x: CSV with a header, or .npy"),
      string_field("theta_out", &S::theta_out, "also write the θ rows to this file (CSV or .npy)"),
  };
  return table;
}

SimulateFilesResult simulate_to_files(const SimulateFilesSettings& s, sim::Task& task, const Log& log) {
  const Communicator& comm = Communicator::world();
  const MatrixD theta = !s.theta_in.empty() ? sim::read_simulation_parameters(s.theta_in, task)
                                            : task.sample_prior(s.num, derive_seed(s.seed, streams::kTrainingPrior));
  const std::uint64_t x_seed = derive_seed(s.seed, streams::kTrainingSimulation);
  const MatrixD x = comm.is_distributed() ? sim::simulate_over_ranks(task, theta, x_seed, comm)
                                          : simulate_on_device(task, theta, x_seed, s.device, log);
  name_simulated_data(task);
  SimulateFilesResult result;
  result.rows = x.rows();
  for (Index i = 0; i < x.rows(); ++i) result.nonfinite_rows += !x.row(i).allFinite();
  if (comm.is_root()) {  // rank 0 writes the outputs
    write_array_file(s.out, x, task.data_names);
    if (!s.theta_out.empty()) write_array_file(s.theta_out, theta, task.parameter_names);
  }
  return result;
}

}  // namespace sbi::pipelines
