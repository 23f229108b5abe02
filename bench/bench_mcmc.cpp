// `sbi bench mcmc`: MCMC throughput (kept draws per second) against the number of chains
// (1 … 10,000) for the vectorised slice sampler (sbi's default), on
//  * a cheap density: a correlated 2-D Gaussian, and
//  * an ACE-sized MLP potential: log p(θ) = −ĉ(θ, x_o), ĉ = MLP([θ, x_o]) with input 2 + 2,
//    3 hidden layers of 64 ReLU units and 1 output, float32, each layer one core::gemm,
// each evaluated vectorised (all chains in one batched call, as the samplers do) and per chain
// (the same batch evaluated one row at a time, as a per-chain sampler would call the density).
// The ratio vectorised / per-chain is the gain from batching in the same run; the density alone
// (no sampler) is timed the same two ways to separate the sampler's own per-chain overhead.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "bench/harness.hpp"
#include "core/gemm.hpp"
#include "core/rng.hpp"
#include "mcmc/slice.hpp"

namespace sbi::bench {

namespace {

// Fully connected ReLU network 4 → 64 → 64 → 64 → 1 with fixed random weights.
class AceSizedMlp {
 public:
  AceSizedMlp() {
    Rng rng(2024, 0);
    const int sizes[] = {4, 64, 64, 64, 1};
    for (int l = 0; l < 4; ++l) {
      MatrixF w(sizes[l + 1], sizes[l]);
      const float scale = std::sqrt(2.0f / static_cast<float>(sizes[l]));
      for (Index i = 0; i < w.size(); ++i) w.data()[i] = scale * static_cast<float>(rng.normal());
      weights_.push_back(w);
      biases_.push_back(RowVectorF::Constant(sizes[l + 1], 0.01f));
    }
  }

  // logp ← −MLP([θ, x_o]) for every row of theta (one gemm per layer for the whole batch).
  void potential(ConstRowsD theta, ValuesD logp) {
    const Index n = theta.rows();
    input_.resize(n, 4);
    input_.leftCols(2) = theta.cast<float>();
    input_.col(2).setConstant(0.3f);  // x_o
    input_.col(3).setConstant(-0.7f);
    const MatrixF* h = &input_;
    for (std::size_t l = 0; l < weights_.size(); ++l) {
      MatrixF& out = (l % 2 == 0) ? a_ : b_;
      out.resize(n, weights_[l].rows());
      gemm(1.0f, ConstMapF(h->data(), h->rows(), h->cols()), Trans::No,
           ConstMapF(weights_[l].data(), weights_[l].rows(), weights_[l].cols()), Trans::Yes, 0.0f,
           MapF(out.data(), out.rows(), out.cols()));
      out.rowwise() += biases_[l];
      if (l + 1 < weights_.size()) out = out.cwiseMax(0.0f);
      h = &out;
    }
    logp = -h->col(0).cast<double>();
    // A weak Gaussian prior keeps the target proper: log p(θ) = −|θ|²/8.
    logp -= 0.125 * theta.rowwise().squaredNorm();
  }

 private:
  std::vector<MatrixF> weights_;
  std::vector<RowVectorF> biases_;
  MatrixF input_, a_, b_;
};

mcmc::LogDensity gaussian_2d() {
  mcmc::LogDensity d;
  d.dim = 2;
  d.value = [](ConstRowsD t, ValuesD logp) {
    logp = -0.5 / (1 - 0.25) *
           (t.col(0).array().square() - t.col(0).array() * t.col(1).array() +
            t.col(1).array().square());
  };
  return d;
}

// The same density called once per row (one call per chain).
mcmc::LogDensity per_chain(const mcmc::LogDensity& inner) {
  mcmc::LogDensity d;
  d.dim = inner.dim;
  d.value = [inner](ConstRowsD t, ValuesD logp) {
    for (Index i = 0; i < t.rows(); ++i) inner.value(t.middleRows(i, 1), logp.segment(i, 1));
  };
  return d;
}

// Kept draws per second of the slice sampler with `chains` chains and `steps` steps.
double draws_per_second(const mcmc::LogDensity& density, Index chains, Index steps,
                        double min_seconds) {
  mcmc::McmcRunSettings opt;
  opt.num_chains = chains;
  opt.num_samples = chains * steps;
  opt.warmup_steps = 0;
  opt.thin = 1;
  mcmc::SliceSettings slice;
  slice.initial_width = 2.0;  // no warm-up here: start from a width of the target's scale
  const MatrixD init = MatrixD::Constant(chains, 2, 0.1);
  const double seconds = seconds_per_call(
      [&] {
        ++opt.seed;
        mcmc::slice_sample(density, init, opt, slice);
      },
      min_seconds);
  return static_cast<double>(chains * steps) / seconds;
}

// Density evaluations per second on `rows` points: one batched call, or one call per row.
double density_rows_per_second(const mcmc::LogDensity& density, Index rows, double min_seconds) {
  MatrixD theta(rows, 2);
  Rng rng(7, 0);
  for (Index i = 0; i < theta.size(); ++i) theta.data()[i] = rng.normal();
  VectorD logp(rows);
  const double seconds = seconds_per_call([&] { density.value(theta, logp); }, min_seconds);
  return static_cast<double>(rows) / seconds;
}

void run_mcmc_bench(Report& report, const Options& options) {
  auto mlp = std::make_shared<AceSizedMlp>();
  mcmc::LogDensity mlp_density;
  mlp_density.dim = 2;
  mlp_density.value = [mlp](ConstRowsD t, ValuesD logp) { mlp->potential(t, logp); };
  const struct {
    const char* name;
    mcmc::LogDensity density;
  } targets[] = {{"gauss2d", gaussian_2d()}, {"ace-mlp", mlp_density}};
  for (const auto& target : targets) {
    for (Index chains : {1, 10, 100, 1000, 10000}) {
      const Index steps = chains >= 1000 ? 2 : 20;
      const std::string tag = std::string(target.name) + " slice chains=" + std::to_string(chains);
      progress(options, tag);
      const double vec = draws_per_second(target.density, chains, steps, options.min_seconds);
      const double one = draws_per_second(per_chain(target.density), chains, steps,
                                          options.min_seconds);
      report.add(tag + " vectorised", vec, "draws/s", "all chains in one density call");
      report.add(tag + " per-chain", one, "draws/s", "one density call per chain");
      report.add(tag + " speed-up", vec / one, "x", "vectorised / per-chain");
      const std::string dtag = std::string(target.name) + " density rows=" + std::to_string(chains);
      const double dvec = density_rows_per_second(target.density, chains, options.min_seconds);
      const double done = density_rows_per_second(per_chain(target.density), chains,
                                                  options.min_seconds);
      report.add(dtag + " batched", dvec, "rows/s", "density alone, one call");
      report.add(dtag + " speed-up", dvec / done, "x", "one call / one call per row");
    }
  }
}

}  // namespace

SBI_BENCH_SUITE("mcmc", "MCMC draws/s vs chains: vectorised vs per-chain density calls",
                run_mcmc_bench);

}  // namespace sbi::bench
