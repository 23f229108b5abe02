// The batched log-density every sampler targets, and the evaluator the samplers call it through.
//
// A LogDensity maps an N×D matrix of θ (one row per chain) to N log-densities log p(θ_i), and
// optionally to the N×D gradient ∇_θ log p(θ_i). Samplers advance all chains in lockstep and call
// the density ONCE per (sub)step for every chain that needs a value, so a neural potential costs
// one matrix product for all chains. Non-finite values are treated as -∞ (the point is
// rejected), never propagated: a NaN log-density or a non-finite gradient makes the row -∞.
//
// No allocation in a step: the samplers keep their batches in buffers allocated once and pass
// blocks of rows (ConstRowsD); the outputs are views the caller has sized (N values, N×dim
// gradient), which the callee fills and never resizes.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "core/tensor.hpp"

namespace sbi::mcmc {

struct LogDensity {
  Index dim = 0;
  // logp (N entries, sized by the caller) ← log p(θ_i) for each row of theta (N×dim).
  std::function<void(ConstRowsD theta, ValuesD logp)> value;
  // Optional: log p and its gradient (grad is N×dim, sized by the caller). Required by HMC/NUTS.
  std::function<void(ConstRowsD theta, ValuesD logp, RowsD grad)> value_and_grad;

  bool has_gradient() const { return static_cast<bool>(value_and_grad); }
};

// Builds a LogDensity from a per-row function (θ → log p): a convenience for tests and for
// cheap analytic targets. The batched call loops over rows.
LogDensity log_density_from_rows(Index dim, std::function<double(const double* theta)> row_fn);

// Convenience calls outside the samplers (they allocate the outputs): log p of every row, and
// log p with its gradient. Values are returned as the density gives them (not sanitised).
VectorD evaluate(const LogDensity& density, const MatrixD& theta);
VectorD evaluate_with_gradient(const LogDensity& density, const MatrixD& theta, MatrixD& grad);

// Calls a LogDensity on behalf of a sampler: checks shapes, maps non-finite results to -∞,
// evaluates subsets of chains (gathered into one batch), and counts calls and rows.
class DensityEvaluator {
 public:
  explicit DensityEvaluator(const LogDensity& density);

  Index dim() const { return density_.dim; }
  bool has_gradient() const { return density_.has_gradient(); }

  // logp ← sanitised log p of every row of theta (one call); logp must have theta.rows() entries.
  void value(ConstRowsD theta, ValuesD logp);
  // logp, grad ← sanitised log p and gradient (one call); a -∞ row gets a zero gradient. The
  // outputs must be sized N and N×dim.
  void value_and_grad(ConstRowsD theta, ValuesD logp, RowsD grad);

  // Evaluates only the rows listed in `rows` of `points` (one call for all of them) and writes
  // the results to out[rows[k]]. Does nothing when rows is empty.
  void value_rows(const MatrixD& points, const std::vector<Index>& rows, VectorD& out);

  std::int64_t calls() const { return calls_; }
  std::int64_t rows_evaluated() const { return rows_; }

 private:
  const LogDensity& density_;
  MatrixD gather_, unused_grad_;  // grow-only scratch
  VectorD gather_logp_;
  std::int64_t calls_ = 0;
  std::int64_t rows_ = 0;
};

// Replaces non-finite entries of logp by -∞; with a gradient, also makes a row -∞ when its
// gradient is not finite, and zeroes the gradient rows of -∞ entries.
void sanitize_log_density(ValuesD logp);
void sanitize_log_density(ValuesD logp, RowsD grad);

}  // namespace sbi::mcmc
