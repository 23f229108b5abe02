// Filling a simulation store over ranks (see the header).
#include "datasets/store_simulation.hpp"

#include <ctime>
#include <exception>
#include <cstring>
#include <optional>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "external/external_simulator.hpp"
#include "simulators/model_tag.hpp"

namespace sbi::sim {
namespace {

// Runs f on this rank, then every rank learns whether any rank failed: the failing ones rethrow
// their error, the others throw one saying so (no rank is left waiting in a later collective).
template <class F>
void on_all_ranks(const Communicator& comm, const std::string& step, F&& f) {
  std::exception_ptr error;
  try {
    f();
  } catch (...) {
    error = std::current_exception();
  }
  if (!comm.any(error != nullptr)) return;
  if (error) std::rethrow_exception(error);
  throw IOError("simulation store: another rank failed while " + step + " (its message says why)");
}

// What one rank did, summed over ranks at the end (integers: the sum does not depend on order).
struct Tally {
  std::int64_t verified = 0, simulated = 0, nonfinite = 0, x_dim = 0, interrupted = 0;
  double cpu_seconds = 0;
};

void note_width(Tally& tally, const StoreChunk& chunk, const SimulationStore& store) {
  const auto width = static_cast<std::int64_t>(chunk.x.cols());
  if (tally.x_dim != 0 && tally.x_dim != width)
    throw IOError("'" + store.chunk_path(chunk.index) + "': x has " + std::to_string(width) +
                  " columns, other chunks " + std::to_string(tally.x_dim));
  tally.x_dim = width;
}

// Rank 0's step 1: the store created or reopened; returns the chunks already present.
std::vector<std::int64_t> prepare_store(const Task& task, const std::string& dir, const StoreSettings& settings,
                                        bool resume) {
  if (!resume) {
    StoreManifest manifest;
    manifest.settings = settings;
    manifest.x_dim = task.x_dim();
    manifest.parameter_names = task.parameter_names;
    manifest.data_names = task.data_names;
    SimulationStore::create(dir, manifest);
    return {};
  }
  const SimulationStore store = SimulationStore::open(dir);
  require_same_settings(store.manifest_path(), store.settings(), settings);
  store.remove_temporary_files();
  std::vector<std::int64_t> present;
  for (Index k : store.present_chunks()) present.push_back(static_cast<std::int64_t>(k));
  return present;
}

// The share of `items` (ascending chunk indices) that this rank handles.
std::vector<Index> share_of(const std::vector<Index>& items, const Communicator& comm) {
  const RowBlock block = rows_of_rank(static_cast<Index>(items.size()), comm.rank(), comm.size());
  return {items.begin() + block.begin, items.begin() + block.end};
}

std::vector<std::string> data_names_for(const Task& task, Index x_dim) {
  if (static_cast<Index>(task.data_names.size()) == x_dim) return task.data_names;
  std::vector<std::string> names;
  for (Index j = 0; j < x_dim; ++j) names.push_back("x_" + std::to_string(j + 1));
  return names;
}

Tally sum_over_ranks(const Tally& mine, const Communicator& comm, std::vector<double>& cpu_seconds) {
  std::int64_t cpu_bits = 0;
  std::memcpy(&cpu_bits, &mine.cpu_seconds, sizeof cpu_bits);
  const std::vector<std::int64_t> values{mine.verified, mine.simulated, mine.nonfinite, mine.x_dim, mine.interrupted,
                                         cpu_bits};
  Tally total;
  for (const auto& bytes : comm.allgather(as_bytes_of(values))) {
    const auto v = values_from_bytes<std::int64_t>(bytes);
    double cpu = 0;
    std::memcpy(&cpu, &v[5], sizeof cpu);
    cpu_seconds.push_back(cpu);
    total.verified += v[0];
    total.simulated += v[1];
    total.nonfinite += v[2];
    total.interrupted += v[4];
    if (v[3] != 0 && total.x_dim != 0 && v[3] != total.x_dim)
      throw IOError("simulation store: chunks of different x widths (" + std::to_string(v[3]) + " and " +
                    std::to_string(total.x_dim) + ")");
    if (v[3] != 0) total.x_dim = v[3];
  }
  return total;
}

// Rank 0's list of chunks present, on every rank.
std::vector<Index> broadcast_chunk_list(const std::vector<std::int64_t>& root_list, const Communicator& comm) {
  std::vector<std::byte> bytes(as_bytes_of(root_list).begin(), as_bytes_of(root_list).end());
  comm.broadcast(bytes);
  std::vector<Index> list;
  for (std::int64_t k : values_from_bytes<std::int64_t>(bytes)) list.push_back(static_cast<Index>(k));
  return list;
}

// The manifest of the finished store: every chunk done, the totals over all ranks.
StoreManifest finished_manifest(const Task& task, const SimulationStore& store, const Tally& total) {
  StoreManifest m = store.manifest();
  m.x_dim = total.x_dim;
  m.parameter_names = task.parameter_names;
  m.data_names = data_names_for(task, total.x_dim);
  m.chunks_done = store.chunk_count();
  m.rows_done = store.total_rows();
  m.nonfinite_rows = total.nonfinite;
  m.complete = true;
  return m;
}

}  // namespace

StoreSettings store_settings_for(const Task& task, std::uint64_t seed, Index rows, Index rows_per_chunk) {
  StoreSettings s;
  s.task = model_tag(task);
  s.prior = task.prior->describe();
  const auto* external = dynamic_cast<const ExternalSimulator*>(task.simulator.get());
  s.simulator = external ? "external: " + external->options().command : "task";
  s.seed = seed;
  s.rows_per_chunk = rows_per_chunk;
  s.total_rows = rows;
  s.theta_dim = task.theta_dim();
  return s;
}

StoreChunk simulate_store_chunk(const Task& task, const StoreSettings& settings, Index k) {
  if (!task.simulator) throw ValueError("simulation store: task '" + task.name + "' has no simulator");
  StoreChunk chunk;
  chunk.index = k;
  chunk.first_row = k * settings.rows_per_chunk;
  const Index rows = std::min(settings.rows_per_chunk, settings.total_rows - chunk.first_row);
  if (k < 0 || rows <= 0) throw ValueError("simulation store: no chunk " + std::to_string(k));
  const auto offset = static_cast<std::uint64_t>(chunk.first_row);
  chunk.theta = task.prior->sample(rows, derive_seed(settings.seed, 1), offset);
  chunk.x = task.simulator->simulate(chunk.theta, derive_seed(settings.seed, 2), offset);
  require_shape("simulation store: simulated x", chunk.x, rows, -1);
  chunk.nonfinite_rows = count_nonfinite_rows(chunk.x);
  return chunk;
}

StoreRunReport simulate_to_store(const Task& task, const std::string& dir, const StoreSettings& settings,
                                 const Communicator& comm, const StoreRunSettings& options) {
  validate_store_settings(settings);
  std::vector<std::int64_t> present;
  on_all_ranks(comm, "preparing the store", [&] {
    if (comm.is_root()) present = prepare_store(task, dir, settings, options.resume);
  });
  std::optional<SimulationStore> store;
  on_all_ranks(comm, "opening the store", [&] { store = SimulationStore::open(dir); });
  const std::vector<Index> have = broadcast_chunk_list(present, comm);
  const std::vector<Index> missing = chunks_missing_from(have, store->chunk_count());

  Tally mine;
  const std::clock_t cpu_start = std::clock();
  on_all_ranks(comm, "verifying the chunks present", [&] {
    for (Index k : share_of(have, comm)) {
      const StoreChunk chunk = store->read_chunk(k);
      note_width(mine, chunk, *store);
      mine.nonfinite += chunk.nonfinite_rows;
      ++mine.verified;
    }
  });
  on_all_ranks(comm, "simulating", [&] {
    const std::vector<Index> share = share_of(missing, comm);
    for (Index k : share) {
      if (options.stop_after_chunks >= 0 && mine.simulated >= options.stop_after_chunks) {
        mine.interrupted = 1;
        break;
      }
      const StoreChunk chunk = simulate_store_chunk(task, settings, k);
      note_width(mine, chunk, *store);
      store->write_chunk(chunk);
      mine.nonfinite += chunk.nonfinite_rows;
      ++mine.simulated;
      if (options.progress) options.progress(static_cast<Index>(mine.simulated), static_cast<Index>(share.size()));
    }
  });
  mine.cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  StoreRunReport report;
  const Tally total = sum_over_ranks(mine, comm, report.rank_cpu_seconds);
  report.chunks_verified = total.verified;
  report.chunks_simulated = total.simulated;
  report.nonfinite_rows = total.nonfinite;
  report.interrupted = total.interrupted > 0;
  report.manifest = store->manifest();
  if (report.interrupted) return report;

  report.manifest = finished_manifest(task, *store, total);
  on_all_ranks(comm, "writing the manifest", [&] {
    if (comm.is_root()) store->update_manifest(report.manifest);
  });
  return report;
}

}  // namespace sbi::sim
