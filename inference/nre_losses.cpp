// NRE-A, NRE-B and NRE-C losses (see nre_losses.hpp).
#include "inference/nre_losses.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"

namespace sbi::inference {

std::vector<std::int64_t> contrastive_partners(Index n, Index count, Rng& rng) {
  std::vector<std::int64_t> out;
  contrastive_partners_into(n, count, rng, out);
  return out;
}

void contrastive_partners_into(Index n, Index count, Rng& rng, std::vector<std::int64_t>& out) {
  if (n < 2) throw ValueError("contrastive pairs need at least 2 rows in a minibatch, got " + std::to_string(n));
  if (count < 1) throw ValueError("contrastive pairs: count must be ≥ 1, got " + std::to_string(count));
  out.resize(static_cast<std::size_t>(n * count));
  const bool distinct = n - 1 >= count;
  for (Index i = 0; i < n; ++i) {
    for (Index k = 0; k < count; ++k) {
      std::int64_t j;
      for (;;) {
        j = rng.uniform_int(0, n - 2);
        if (j >= i) ++j;  // uniform over the other rows
        bool repeat = false;
        for (Index q = 0; distinct && q < k; ++q) repeat = repeat || out[static_cast<std::size_t>(q * n + i)] == j;
        if (!repeat) break;
      }
      out[static_cast<std::size_t>(k * n + i)] = j;
    }
  }
}

namespace {

// The losses run inside training steps (one tape per minibatch chunk, chunks on their own
// threads): their index and node lists are per-thread and only grow, so a steady-state step
// allocates nothing on the heap; constants are tape nodes (arena memory).
thread_local std::vector<std::int64_t> t_block_rows;
thread_local std::vector<ad::Var> t_parts, t_shifted;

ad::Var constant_column(ad::Tape& tape, Index rows, float top, Index top_rows, float rest) {
  ad::Var c = tape.record(rows, 1, nullptr, nullptr, 0);
  c.value().topRows(top_rows).setConstant(top);
  c.value().bottomRows(rows - top_rows).setConstant(rest);
  return c;
}

ad::Var block(ad::Var logits, Index k, Index n, std::vector<std::int64_t>& scratch) {
  scratch.resize(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) scratch[static_cast<std::size_t>(i)] = k * n + i;
  return ad::gather_rows(logits, scratch);
}

void check_logits(const char* what, ad::Var logits, Index rows) {
  if (logits.rows() != rows || logits.cols() != 1)
    throw ShapeError(std::string(what) + ": logits are " + shape_str(logits.rows(), logits.cols()) +
                     ", expected " + shape_str(rows, 1));
}

}  // namespace

ad::Var nre_a_loss(ad::Tape& tape, ad::Var logits, Index n) {
  check_logits("NRE-A loss", logits, 2 * n);
  // softplus(-d) for joint rows (label 1), softplus(d) for shuffled rows (label 0); the mean
  // over all 2n rows is ½ of each class mean.
  // shuffled (top n): softplus(d) = −log(1 − σ(d)); joint (bottom n): softplus(−d) = −log σ(d).
  const ad::Var sign = constant_column(tape, 2 * n, 1.f, n, -1.f);
  return ad::mean(ad::softplus(ad::mul(logits, sign)));
}

ad::Var nre_b_loss(ad::Tape& tape, ad::Var logits, Index n, Index num_atoms) {
  const Index K = num_atoms;
  if (K < 2) throw ValueError("NRE-B needs at least 2 atoms, got " + std::to_string(K));
  check_logits("NRE-B loss", logits, K * n);
  (void)tape;
  std::vector<ad::Var>& atoms = t_parts;
  atoms.clear();
  for (Index k = 0; k < K; ++k) atoms.push_back(block(logits, k, n, t_block_rows));
  const ad::Var lse = ad::logsumexp_rows(ad::concat_cols(atoms));
  return ad::mean(ad::sub(lse, atoms.back()));
}

ad::Var nre_c_loss(ad::Tape& tape, ad::Var logits, Index n, Index num_classes, double gamma) {
  const Index K = num_classes;
  if (K < 2) throw ValueError("NRE-C needs at least 2 classes, got " + std::to_string(K));
  if (!(gamma > 0)) throw ValueError("NRE-C: gamma must be positive, got " + std::to_string(gamma));
  check_logits("NRE-C loss", logits, (K + 1) * n);
  const float log_odds = static_cast<float>(std::log(gamma / double(K)));
  const float p0 = static_cast<float>(1.0 / (1.0 + gamma));
  const float pk = static_cast<float>(gamma / (1.0 + gamma));
  std::vector<ad::Var>& shifted = t_shifted;  // log(γ/K) + d for each block
  shifted.clear();
  for (Index k = 0; k <= K; ++k) shifted.push_back(ad::add_scalar(block(logits, k, n, t_block_rows), log_odds));
  const ad::Var zeros = constant_column(tape, n, 0.f, n, 0.f);
  std::vector<ad::Var>& set = t_parts;
  // Independent set {o_0..o_{K-1}}: log q(y=0) = −logsumexp(0, log(γ/K) + d_k).
  set.assign({zeros});
  for (Index k = 0; k < K; ++k) set.push_back(shifted[static_cast<std::size_t>(k)]);
  const ad::Var lse0 = ad::logsumexp_rows(ad::concat_cols(set));
  // Dependent set {o_0..o_{K-2}, θ_i}: log q(y=K) = log(γ/K) + d_true − logsumexp(...).
  set.assign({zeros});
  for (Index k = 0; k + 1 < K; ++k) set.push_back(shifted[static_cast<std::size_t>(k)]);
  set.push_back(shifted[static_cast<std::size_t>(K)]);
  const ad::Var lse1 = ad::logsumexp_rows(ad::concat_cols(set));
  const ad::Var log_q_dep = ad::sub(shifted[static_cast<std::size_t>(K)], lse1);
  return ad::sub(ad::mul_scalar(ad::mean(lse0), p0), ad::mul_scalar(ad::mean(log_q_dep), pk));
}

double nre_a_loss_reference(const MatrixD& logits) {
  if (logits.cols() != 2) throw ShapeError("nre_a_loss_reference: logits must have 2 columns");
  double s = 0;
  for (Index i = 0; i < logits.rows(); ++i) {
    const double p_shuffled = 1.0 / (1.0 + std::exp(-logits(i, 0)));  // σ(d) for label 0
    const double p_joint = 1.0 / (1.0 + std::exp(-logits(i, 1)));     // σ(d) for label 1
    s += -std::log(p_joint) - std::log(1.0 - p_shuffled);
  }

  return s / (2.0 * double(logits.rows()));
}

double nre_b_loss_reference(const MatrixD& logits) {
  const Index K = logits.cols(), n = logits.rows();
  if (K < 2) throw ShapeError("nre_b_loss_reference: logits need at least 2 columns");
  double s = 0;
  for (Index i = 0; i < n; ++i) {
    // −log softmax of the true atom (the last column), written with r = exp(d).
    double sum = 0;
    for (Index k = 0; k < K; ++k) sum += std::exp(logits(i, k));
    s += -std::log(std::exp(logits(i, K - 1)) / sum);
  }
  return s / double(n);
}

double nre_c_loss_reference(const MatrixD& logits, double gamma) {
  const Index K = logits.cols() - 1, n = logits.rows();
  double sum0 = 0, sum1 = 0;
  for (Index i = 0; i < n; ++i) {
    // The class probabilities written out with ratios r = exp(d).
    double r_independent = 0, r_dependent = 0;
    for (Index k = 0; k < K; ++k) r_independent += std::exp(logits(i, k));
    for (Index k = 0; k + 1 < K; ++k) r_dependent += std::exp(logits(i, k));
    const double r_true = std::exp(logits(i, K));
    r_dependent += r_true;
    const double q0 = 1.0 / (1.0 + gamma / double(K) * r_independent);
    const double q_true = gamma / double(K) * r_true / (1.0 + gamma / double(K) * r_dependent);
    sum0 += std::log(q0);
    sum1 += std::log(q_true);
  }
  const double p0 = 1.0 / (1.0 + gamma), pk = gamma / (1.0 + gamma);
  return -(p0 * sum0 / double(n) + pk * sum1 / double(n));
}

}  // namespace sbi::inference
