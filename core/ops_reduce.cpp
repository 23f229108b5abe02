// Reductions.
//   s = Σ a            : ā += s̄ (broadcast)
//   r_i = Σ_j a_ij     : ā_ij += r̄_i
//   c_j = Σ_i a_ij     : ā_ij += c̄_j
//   l_i = log Σ_j e^{a_ij}  (computed as m_i + log Σ_j e^{a_ij - m_i}, m_i = max_j a_ij)
//                      : ā_ij += l̄_i · softmax(a_i)_j
//   y_ij = a_ij - l_i  : ā_ij += ȳ_ij - softmax(a_i)_j · Σ_k ȳ_ik
#include "core/ops.hpp"
#include "core/ops_util.hpp"

namespace sbi::ad {

namespace {

void sum_bw(Tape& t, const Node& n) {
  input_grad(t, n, 0).array() += n.grad[0] * n.scalar[0];
}
void row_sums_bw(Tape& t, const Node& n) {
  const MapF g = self_grad(n);
  MapF ga = input_grad(t, n, 0);
  if (n.scalar[0] == 1.f) ga.colwise() += g.col(0);
  else ga.colwise() += g.col(0) * n.scalar[0];
}
void col_sums_bw(Tape& t, const Node& n) {
  const MapF g = self_grad(n);
  MapF ga = input_grad(t, n, 0);
  if (n.scalar[0] == 1.f) ga.rowwise() += g.row(0);
  else ga.rowwise() += g.row(0) * n.scalar[0];
}
void logsumexp_bw(Tape& t, const Node& n) {
  const MapF a = input_value(t, n, 0);
  const MapF l = self_value(n), g = self_grad(n);
  MapF ga = input_grad(t, n, 0);
  for (Index i = 0; i < a.rows(); ++i)
    ga.row(i).array() += g(i, 0) * (a.row(i).array() - l(i, 0)).exp();
}
void log_softmax_bw(Tape& t, const Node& n) {
  const MapF y = self_value(n), g = self_grad(n);
  MapF ga = input_grad(t, n, 0);
  for (Index i = 0; i < y.rows(); ++i) {
    const float total = g.row(i).sum();
    ga.row(i).array() += g.row(i).array() - y.row(i).array().exp() * total;
  }
}

// Scaled sum: the node's scalar[0] is 1 (sum) or 1/count (mean).
Var scaled_total(Var a, float scale) {
  Var s = a.tape()->record(1, 1, sum_bw, {a});
  a.tape()->node(s.id()).scalar[0] = scale;
  s.value()(0, 0) = a.value().sum() * scale;
  return s;
}

}  // namespace

Var sum(Var a) { return scaled_total(a, 1.f); }
Var mean(Var a) { return scaled_total(a, 1.f / static_cast<float>(a.rows() * a.cols())); }

Var row_sums(Var a) {
  Var r = a.tape()->record(a.rows(), 1, row_sums_bw, {a});
  a.tape()->node(r.id()).scalar[0] = 1.f;
  r.value() = a.value().rowwise().sum();
  return r;
}
Var row_means(Var a) {
  const float scale = 1.f / static_cast<float>(a.cols());
  Var r = a.tape()->record(a.rows(), 1, row_sums_bw, {a});
  a.tape()->node(r.id()).scalar[0] = scale;
  r.value() = a.value().rowwise().sum() * scale;
  return r;
}
Var col_sums(Var a) {
  Var c = a.tape()->record(1, a.cols(), col_sums_bw, {a});
  a.tape()->node(c.id()).scalar[0] = 1.f;
  c.value() = a.value().colwise().sum();
  return c;
}
Var col_means(Var a) {
  const float scale = 1.f / static_cast<float>(a.rows());
  Var c = a.tape()->record(1, a.cols(), col_sums_bw, {a});
  a.tape()->node(c.id()).scalar[0] = scale;
  c.value() = a.value().colwise().sum() * scale;
  return c;
}

Var logsumexp_rows(Var a) {
  Var l = a.tape()->record(a.rows(), 1, logsumexp_bw, {a});
  const MapF av = a.value();
  MapF lv = l.value();
  for (Index i = 0; i < av.rows(); ++i) {
    const float m = av.row(i).maxCoeff();
    lv(i, 0) = std::isfinite(m) ? m + std::log((av.row(i).array() - m).exp().sum()) : m;
  }
  return l;
}

Var log_softmax_rows(Var a) {
  Var y = a.tape()->record(a.rows(), a.cols(), log_softmax_bw, {a});
  const MapF av = a.value();
  MapF yv = y.value();
  for (Index i = 0; i < av.rows(); ++i) {
    const float m = av.row(i).maxCoeff();
    const float l = m + std::log((av.row(i).array() - m).exp().sum());
    yv.row(i).array() = av.row(i).array() - l;
  }
  return y;
}

}  // namespace sbi::ad
