// Shared pieces of end-to-end jobs (see job.hpp).
#include "pipelines/job.hpp"
#include "pipelines/rng_streams.hpp"

#include <bit>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pipelines/device_backend.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"
#include "external/external_simulator.hpp"
#include "simulators/misspecified.hpp"

namespace sbi::pipelines {

std::uint64_t beta_seed(std::uint64_t base, double beta) {
  return derive_seed(base, std::bit_cast<std::uint64_t>(beta));
}

void check_sampling_settings(const JobSettings& s) {
  if (s.sims < 10) throw SettingsError("--sims must be at least 10");
  if (s.num_samples < 1) throw SettingsError("--num-samples must be positive");
  for (double b : s.betas)
    if (!(b > 0)) throw SettingsError("--betas must be positive numbers");
}

void check_ace_settings(const JobSettings& s) {
  if (!(s.ace_observed_fraction >= 0 && s.ace_observed_fraction <= 1))
    throw SettingsError("--ace-observed-fraction must be in [0, 1]");
  if (s.ace_members < 1) throw SettingsError("--ace-members must be at least 1");
  if (s.ace_hidden < 1 || s.ace_blocks < 1) throw SettingsError("--ace-hidden and --ace-blocks must be at least 1");
  if (s.ace_targets_per_theta < 1) throw SettingsError("--ace-targets-per-theta must be at least 1");
  if (!(s.ace_disagreement >= 0) || !std::isfinite(s.ace_disagreement))
    throw SettingsError("--ace-disagreement must be a number ≥ 0");
}

std::vector<double> reference_betas(const std::string& task) {
  if (task == "uniform_1d") return {4, 20, 100};
  if (task == "two_moons") return {10, 100, 1000};
  if (task == "linear_gaussian") return {1, 10, 100};
  if (task == "gaussian_mixture_trials") return {10, 25, 75};
  if (task == "hodgkin_huxley") return {25, 50, 100};
  return {1, 10, 100};
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

MatrixD simulate_with_progress(const sim::Task& task, const MatrixD& theta, std::uint64_t seed,
                               const Log& log) {
  if (const auto* external = dynamic_cast<const sim::ExternalSimulator*>(task.simulator.get())) {
    // One call, so that K batches are in flight; the bar follows the completed batches.
    ProgressBar bar(log, "simulating", static_cast<long>(theta.rows()));
    MatrixD x = external->simulate(theta, seed, 0, [&bar](Index done) { bar.update(static_cast<long>(done)); });
    bar.finish();
    return x;
  }
  const Index n = theta.rows(), chunk = std::max<Index>(1000, n / 50);
  MatrixD x(n, task.x_dim());
  ProgressBar bar(log, "simulating", static_cast<long>(n));
  for (Index start = 0; start < n; start += chunk) {
    const Index rows = std::min(chunk, n - start);
    x.middleRows(start, rows) =
        task.simulator->simulate(theta.middleRows(start, rows), seed, static_cast<std::uint64_t>(start));
    bar.update(static_cast<long>(start + rows));
  }
  bar.finish();
  return x;
}

SimulationSet simulate_from_prior(const sim::Task& task, Index n, std::uint64_t seed, const Log& log,
                                  Device device) {
  Stage stage(log, "simulating " + std::to_string(n) + " " + task.name);
  SimulationSet set;
  set.theta = task.sample_prior(n, derive_seed(seed, streams::kTrainingPrior));
  set.x = simulate_on_device(task, set.theta, derive_seed(seed, streams::kTrainingSimulation), device, log);
  set.seconds = stage.seconds();
  return set;
}

MatrixD finite_rows(const MatrixD& x) {
  std::vector<Index> keep;
  for (Index i = 0; i < x.rows(); ++i)
    if (x.row(i).allFinite()) keep.push_back(i);
  MatrixD out(static_cast<Index>(keep.size()), x.cols());
  for (std::size_t k = 0; k < keep.size(); ++k) out.row(static_cast<Index>(k)) = x.row(keep[k]);
  return out;
}

std::vector<Observation> default_observations(const sim::Task& task, std::uint64_t seed,
                                              Index num_range_sims, const Log& log) {
  std::vector<Observation> obs;
  Observation well;
  well.name = "well_specified";
  well.has_truth = true;
  // A prior draw whose simulation is finite (simulators such as SIR may fail).
  for (std::uint64_t attempt = 0; attempt < 100; ++attempt) {
    const MatrixD theta = task.sample_prior(1, derive_seed(seed, streams::kObservationPrior.id(attempt)));
    const MatrixD x = task.simulate(theta, derive_seed(seed, streams::kObservationSimulation.id(attempt)));
    if (x.allFinite()) {
      well.theta = theta.row(0);
      well.x = x.row(0);
      break;
    }
  }
  if (well.x.size() == 0) throw ValueError("could not simulate a finite observation for " + task.name);
  obs.push_back(well);
  Observation mis;
  mis.name = "misspecified";
  log.detail("misspecified observation from " + std::to_string(num_range_sims) + " prior-predictive simulations");
  mis.x = sim::make_misspecified_observation(task, derive_seed(seed, streams::kMisspecified), num_range_sims);
  obs.push_back(mis);
  return obs;
}

void make_folder(const std::string& path) {
  if (!this_rank_writes_outputs()) return;  // under MPI, rank 0 writes the outputs
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) throw IOError("cannot create folder '" + path + "': " + ec.message());
}

void write_json(const std::string& path, const nlohmann::json& j) {
  // Invalid UTF-8 (e.g. bytes of a bad input echoed in an error message) is replaced, not thrown.
  const std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  write_file_atomically(path, [&](std::ostream& out) { out << text; });
}

namespace {
void collect_failures(const nlohmann::json& j, std::vector<std::string>& failures) {
  if (j.is_object()) {
    if (auto it = j.find("error"); it != j.end() && it->is_string()) {
      const auto name = j.find("observation");
      failures.push_back((name != j.end() && name->is_string() ? name->get<std::string>() + ": " : "") +
                         excerpt(it->get<std::string>(), 600));
    }
    for (const auto& item : j) collect_failures(item, failures);
  } else if (j.is_array()) {
    for (const auto& item : j) collect_failures(item, failures);
  }
}
}  // namespace

void require_no_failed_results(const nlohmann::json& result, const std::string& out) {
  std::vector<std::string> failures;
  collect_failures(result, failures);
  if (failures.empty()) return;
  std::string message = std::to_string(failures.size()) + " requested result(s) failed (recorded in " + out +
                        "/summary.json):";
  for (const auto& f : failures) message += "\n  " + f;
  throw ValueError(message);
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace sbi::pipelines
