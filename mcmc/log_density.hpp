// The batched log-density every sampler targets, and the evaluator the samplers call it through.
//
// A LogDensity maps an N×D matrix of θ (one row per chain) to N log-densities log p(θ_i), and
// optionally to the N×D gradient ∇_θ log p(θ_i). Samplers advance all chains in lockstep and call
// the density ONCE per (sub)step for every chain that needs a value, so a neural potential costs
// one matrix product for all chains. Non-finite values are treated as -∞ (the point is
// rejected), never propagated: a NaN log-density or a non-finite gradient makes the row -∞.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "core/tensor.hpp"

namespace sbi::mcmc {

struct LogDensity {
  Index dim = 0;
  // logp (resized by the callee or caller to N) ← log p(θ_i) for each row of theta (N×dim).
  std::function<void(const MatrixD& theta, VectorD& logp)> value;
  // Optional: log p and its gradient (grad is N×dim). Required by HMC and NUTS.
  std::function<void(const MatrixD& theta, VectorD& logp, MatrixD& grad)> value_and_grad;

  bool has_gradient() const { return static_cast<bool>(value_and_grad); }
};

// Builds a LogDensity from a per-row function (θ → log p): a convenience for tests and for
// cheap analytic targets. The batched call loops over rows.
LogDensity log_density_from_rows(Index dim, std::function<double(const double* theta)> row_fn);

// Calls a LogDensity on behalf of a sampler: checks shapes, maps non-finite results to -∞,
// evaluates subsets of chains (gathered into one batch), and counts calls and rows.
class DensityEvaluator {
 public:
  explicit DensityEvaluator(const LogDensity& density);

  Index dim() const { return density_.dim; }
  bool has_gradient() const { return density_.has_gradient(); }

  // logp ← sanitised log p of every row of theta (one call).
  void value(const MatrixD& theta, VectorD& logp);
  // logp, grad ← sanitised log p and gradient (one call); a -∞ row gets a zero gradient.
  void value_and_grad(const MatrixD& theta, VectorD& logp, MatrixD& grad);

  // Evaluates only the rows listed in `rows` of `points` (one call for all of them) and writes
  // the results to out[rows[k]]. Does nothing when rows is empty.
  void value_rows(const MatrixD& points, const std::vector<Index>& rows, VectorD& out);

  std::int64_t calls() const { return calls_; }
  std::int64_t rows_evaluated() const { return rows_; }

 private:
  const LogDensity& density_;
  MatrixD gather_;
  VectorD gather_logp_;
  std::int64_t calls_ = 0;
  std::int64_t rows_ = 0;
};

// Replaces non-finite entries of logp by -∞ and zeroes the gradient rows of -∞ entries (and
// makes a row -∞ when its gradient is not finite). grad may be null.
void sanitize_log_density(VectorD& logp, MatrixD* grad);

}  // namespace sbi::mcmc
