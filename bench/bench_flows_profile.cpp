// The flows profile (see bench_flows_profile.hpp).
#include "bench/bench_flows_profile.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "core/parallel.hpp"
#include "core/stage_profile.hpp"
#include "flows/density_estimator.hpp"
#include "flows/training.hpp"
#include "nn/dense_gemm.hpp"
#include "simulators/tasks.hpp"

namespace sbi::bench {

namespace {

constexpr Index kRows = 10000, kChunkRows = 100, kLogProbChunk = 256;

double cpu_now() { return double(std::clock()) / CLOCKS_PER_SEC; }

struct Data {
  MatrixF theta, x;
};

Data simulate(const sim::Task& task) {
  const MatrixD theta = task.prior->sample(kRows, 1);
  return {theta.cast<float>(), task.simulator->simulate(theta, 2).cast<float>()};
}

struct Shape {
  Index out, in;
};

std::vector<Shape> weight_shapes(flows::ConditionalDensityEstimator& est) {
  std::vector<Shape> s;
  for (const auto& p : est.parameters())
    if (p.name.find("weight") != std::string::npos)
      s.push_back({p.param->value.rows(), p.param->value.cols()});
  return s;
}

enum class Kernel { Eigen, Tiles };

// CPU seconds of the bare products for `chunks` chunks of `rows` rows (forward, and backward
// when `backward`): the minimum over repeats of one chunk's products, times `chunks`. Kernel::Eigen
// runs them as Eigen GEMMs, Kernel::Tiles on the register tiles the trainer's chunks use
// (core/small_gemm.hpp).
double bare_gemm_seconds(const std::vector<Shape>& shapes, Index rows, double chunks, bool backward,
                         double min_seconds, Kernel kernel = Kernel::Eigen) {
  std::vector<MatrixF> x, w, y, dx, dw;
  for (const Shape& s : shapes) {
    x.push_back(MatrixF::Random(rows, s.in));
    w.push_back(MatrixF::Random(s.out, s.in));
    y.push_back(MatrixF::Random(rows, s.out));
    dx.push_back(MatrixF::Zero(rows, s.in));
    dw.push_back(MatrixF::Zero(s.out, s.in));
  }
  auto m = [](MatrixF& a) { return MapF(a.data(), a.rows(), a.cols()); };
  auto c = [](const MatrixF& a) { return ConstMapF(a.data(), a.rows(), a.cols()); };
  // What the trainer's chunks run: nn::dense_gemm inside a SerialGemmScope (tiles where they win).
  auto product = [&](const MatrixF& a, Trans ta, const MatrixF& b, Trans tb, float beta, MatrixF& out) {
    nn::SerialGemmScope serial;
    nn::dense_gemm(1.f, c(a), ta, c(b), tb, beta, m(out));
  };
  auto tiled = [&](std::size_t i) {
    product(x[i], Trans::No, w[i], Trans::Yes, 0.f, y[i]);
    if (!backward) return;
    product(y[i], Trans::No, w[i], Trans::No, 1.f, dx[i]);
    product(y[i], Trans::Yes, x[i], Trans::No, 1.f, dw[i]);
  };
  auto once = [&] {
    for (std::size_t i = 0; i < shapes.size(); ++i) {
      if (kernel == Kernel::Tiles) {
        tiled(i);
        continue;
      }
      y[i].noalias() = x[i] * w[i].transpose();
      if (!backward) continue;
      dx[i].noalias() += y[i] * w[i];
      dw[i].noalias() += y[i].transpose() * x[i];
    }
  };
  double best = 1e30, spent = 0;
  const int reps = 200;
  while (spent < min_seconds) {
    const double t0 = cpu_now();
    for (int r = 0; r < reps; ++r) once();
    const double t = cpu_now() - t0;
    best = std::min(best, t / reps);
    spent += t;
  }
  return best * chunks;
}

struct EpochProfile {
  double epoch_cpu = 0;        // median CPU seconds per epoch after the first, unprofiled
  double epoch_cpu_eigen = 0;  // the same with every product on Eigen's GEMM
  double tile_speedup = 0;     // median over paired trainings of eigen / tiles
  prof::StageTotals stages{};  // seconds per epoch, profiled run
};

nn::TrainSettings train_options(int epochs) {
  nn::TrainSettings o;
  o.max_epochs = epochs;
  o.patience = 1 << 20;
  o.progress = false;
  o.seed = 3;
  return o;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Median CPU seconds per epoch after the first, of one unprofiled training.
double median_epoch_seconds(const flows::EstimatorSettings& config, const Data& d, int epochs) {
  auto est = flows::build_estimator(config);
  std::vector<double> marks{cpu_now()};
  nn::TrainSettings o = train_options(epochs);
  o.on_epoch = [&marks](const nn::EpochRecord&) { marks.push_back(cpu_now()); return true; };
  flows::fit_estimator(*est, d.theta, d.x, o);
  std::vector<double> per;
  for (std::size_t e = 2; e < marks.size(); ++e) per.push_back(marks[e] - marks[e - 1]);
  return median(per);
}

EpochProfile profile_training(const flows::EstimatorSettings& config, const Data& d, int epochs) {
  EpochProfile result;
  // Register tiles on and off in alternating trainings, so that both see the same load.
  std::vector<double> tiles, eigen, ratio;
  for (int round = 0; round < 3; ++round) {
    nn::set_register_tiles(true);
    tiles.push_back(median_epoch_seconds(config, d, epochs));
    nn::set_register_tiles(false);
    eigen.push_back(median_epoch_seconds(config, d, epochs));
    ratio.push_back(eigen.back() / tiles.back());
  }
  nn::set_register_tiles(true);
  result.epoch_cpu = median(tiles);
  result.epoch_cpu_eigen = median(eigen);
  result.tile_speedup = median(ratio);
  auto est = flows::build_estimator(config);
  nn::TrainSettings o = train_options(epochs);
  o.on_epoch = [](const nn::EpochRecord& r) {
    if (r.epoch == 0) prof::set_profiling(true);  // the first epoch is a warm-up
    return true;
  };
  flows::fit_estimator(*est, d.theta, d.x, o);
  result.stages = prof::stage_totals();
  prof::set_profiling(false);
  for (double& s : result.stages) s /= double(epochs - 1);
  return result;
}

std::string percent(double part, double whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * part / whole);
  return buf;
}

// Each stage's share of the profiled (wall) time, applied to the unprofiled CPU time `total`:
// on a shared machine wall times include waits for the core, which fall on the stages in
// proportion to their length.
void report_stages(Report& report, const std::string& prefix, const prof::StageTotals& stages,
                   double total) {
  double sum = 0;
  for (double s : stages) sum += s;
  for (std::size_t i = 0; i < stages.size(); ++i)
    if (stages[i] > 0)
      report.add(prefix + prof::stage_name(static_cast<prof::Stage>(i)), stages[i] / sum * total * 1e3,
                 "ms", percent(stages[i], sum));
}

void profile_case(Report& report, const Options& options, const std::string& task_name,
                  const std::string& kind, const Data& d) {
  const Index dt = d.theta.cols(), dx = d.x.cols();
  const flows::EstimatorSettings config = kind == "maf" ? flows::maf_config(dt, dx, 1) : flows::nsf_config(dt, dx, 1);
  const std::string name = task_name + " " + kind + " ";
  progress(options, name + "training");
  const int epochs = std::max(4, int(options.min_seconds * 8));
  const EpochProfile p = profile_training(config, d, epochs);
  auto est = flows::build_estimator(config);
  est->fit_standardizers(d.theta, d.x);
  const std::vector<Shape> shapes = weight_shapes(*est);
  const double n_train = double(kRows - kRows / 10), n_val = double(kRows / 10);
  const double limit = bare_gemm_seconds(shapes, kChunkRows, n_train / kChunkRows, true, options.min_seconds) +
                       bare_gemm_seconds(shapes, kChunkRows, n_val / kChunkRows, false, options.min_seconds);
  report.add(name + "epoch", p.epoch_cpu * 1e3, "ms", "CPU time, 9000 training + 1000 validation rows");
  report.add(name + "epoch, products as Eigen GEMMs", p.epoch_cpu_eigen * 1e3, "ms", "alternating trainings");
  report.add(name + "epoch speed-up from the register tiles", p.tile_speedup, "x", "median of 3 paired trainings");
  report.add(name + "epoch GEMM limit", limit * 1e3, "ms", "the same products as bare Eigen GEMMs");
  report.add(name + "epoch fraction of GEMM limit", 100 * limit / p.epoch_cpu, "%");
  // The same products on whole 200-row batches: what splitting each batch into two chunks
  // (for results independent of the thread count) costs at the GEMM level.
  const double whole = bare_gemm_seconds(shapes, 2 * kChunkRows, n_train / (2 * kChunkRows), true, options.min_seconds) +
                       bare_gemm_seconds(shapes, 2 * kChunkRows, n_val / (2 * kChunkRows), false, options.min_seconds);
  report.add(name + "epoch GEMM limit, unchunked batches", whole * 1e3, "ms", "200-row products");
  // The limit of the kernel the trainer runs: the same products on the register tiles.
  const double tiles =
      bare_gemm_seconds(shapes, kChunkRows, n_train / kChunkRows, true, options.min_seconds, Kernel::Tiles) +
      bare_gemm_seconds(shapes, kChunkRows, n_val / kChunkRows, false, options.min_seconds, Kernel::Tiles);
  report.add(name + "epoch register-tile limit", tiles * 1e3, "ms", "the same products on core/small_gemm's tiles");
  report.add(name + "epoch fraction of register-tile limit", 100 * tiles / p.epoch_cpu, "%");
  report_stages(report, name + "epoch: ", p.stages, p.epoch_cpu);

  progress(options, name + "log_prob");
  VectorF out(kRows);
  double best = 1e30, spent = 0;
  while (spent < options.min_seconds) {
    const double t0 = cpu_now();
    est->log_prob_into(d.theta, d.x, out);
    const double t = cpu_now() - t0;
    best = std::min(best, t);
    spent += t;
  }
  prof::set_profiling(true);
  est->log_prob_into(d.theta, d.x, out);
  const prof::StageTotals lp_stages = prof::stage_totals();
  prof::set_profiling(false);
  const double lp_limit = bare_gemm_seconds(shapes, kLogProbChunk, double(kRows) / kLogProbChunk, false,
                                            options.min_seconds);
  report.add(name + "log_prob 10^4 rows", best * 1e3, "ms", "CPU time");
  report.add(name + "log_prob GEMM limit", lp_limit * 1e3, "ms");
  report.add(name + "log_prob fraction of GEMM limit", 100 * lp_limit / best, "%");
  report_stages(report, name + "log_prob: ", lp_stages, best);
}

}  // namespace

void run_flows_profile(Report& report, const Options& options) {
  ThreadCountGuard one(1);
  for (const char* task_name : {"two_moons", "slcp"}) {
    const Data d = simulate(sim::make_task(task_name));
    for (const char* kind : {"maf", "nsf"}) profile_case(report, options, task_name, kind, d);
  }
}

}  // namespace sbi::bench
