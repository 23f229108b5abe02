// Tape-free flow layers (see fast_transforms.hpp). Each forward follows its tape layer's
// formulas in the same order (autoregressive.hpp, coupling.hpp, lu_linear.hpp,
// permutation.hpp); the conditioners run DenseRows products.
#include "flows/fast_transforms.hpp"

#include <algorithm>
#include <cmath>

#include "flows/autoregressive.hpp"
#include "flows/coupling.hpp"
#include "flows/lu_linear.hpp"
#include "flows/permutation.hpp"
#include "flows/rq_spline_math.hpp"
#include "flows/rq_spline_op.hpp"
#include "nn/residual_net_rows.hpp"

namespace sbi::flows {

namespace {

using nn::DenseRows;
using nn::padded_rows;
using nn::RowBuffer;

// A MADE: h = act(x·(W₀⊙M₀)ᵀ + b₀ + act(f·W_cᵀ + b_c)), hidden layers, then the outputs.
class FastMade {
 public:
  explicit FastMade(const MADE& made) : act_(made.config().activation), input_(made.input_layer()),
                                        output_(made.output_layer()) {
    if (made.config().context > 0) context_ = DenseRows(made.context_layer());
    for (const auto& layer : made.hidden_layers()) hidden_.emplace_back(layer);
  }
  void reserve(Index rows) {
    const Index n = padded_rows(rows);
    ctx_.reserve(n, input_.width());
    a_.reserve(n, input_.width());
    b_.reserve(n, input_.width());
    out_.reserve(n, output_.width());
  }
  // The network's outputs for rows [0, rows): returns the buffer (stride ld()).
  const float* forward(const float* x, Index ldx, Index rows, const float* f, Index ldf) {
    const float* skip = nullptr;
    if (context_.in() > 0) {
      context_.apply(f, ldf, rows, ctx_.data(), ctx_.ld(), act_);
      skip = ctx_.data();
    }
    input_.apply(x, ldx, rows, a_.data(), a_.ld(), act_, skip, ctx_.ld());
    RowBuffer *h = &a_, *next = &b_;
    for (const auto& layer : hidden_) {
      layer.apply(h->data(), h->ld(), rows, next->data(), next->ld(), act_);
      std::swap(h, next);
    }
    output_.apply(h->data(), h->ld(), rows, out_.data(), out_.ld());
    return out_.data();
  }
  Index ld() const { return out_.ld(); }

 private:
  nn::Activation act_;
  DenseRows input_, context_, output_;
  std::vector<DenseRows> hidden_;
  RowBuffer ctx_, a_, b_, out_;
};

// MAF: [μ | α] = MADE(x, f), s = softplus(α) + 10⁻³, z = x ⊙ s + μ, log|det| = Σ_j log s_j.
// softplus(α) = max(α, 0) + log1p(e^{-|α|}) as the tape's op, per element (so a row's value
// does not depend on the batch it came in).
class FastAffine : public FastTransform {
 public:
  explicit FastAffine(const AffineAutoregressive& t) : made_(t.made()), d_(t.made().config().features) {}
  void reserve(Index rows) override { made_.reserve(rows); }
  void forward(float* z, Index ldz, Index rows, const float* f, Index ldf, float* logdet) override {
    const float* p = made_.forward(z, ldz, rows, f, ldf);
    const Index ldp = made_.ld();
    for (Index r = 0; r < rows; ++r) {
      float sum = 0.f;
      for (Index j = 0; j < d_; ++j) {
        const float a = p[r * ldp + d_ + j];
        const float s = (std::max(a, 0.f) + std::log1p(std::exp(-std::abs(a)))) + 1e-3f;
        z[r * ldz + j] = z[r * ldz + j] * s + p[r * ldp + j];
        sum += std::log(s);
      }
      logdet[r] += sum;
    }
  }

 private:
  FastMade made_;
  Index d_;
};


// z_c = RQS(z_c) for the columns cols[j] of one row, with parameters params[j·(3K-1) …] (in
// double, as the tape op); returns Σ_j log|dz_c/dx_c|.
float spline_row(float* z, const std::vector<Index>& cols, const float* params, const RqSplineShape& o) {
  const int per_dim = 3 * o.bins - 1;
  double u[3 * kMaxSplineBins];
  double ld = 0;
  for (std::size_t j = 0; j < cols.size(); ++j) {
    const float* pj = params + static_cast<Index>(j) * per_dim;
    for (int i = 0; i < per_dim; ++i) u[i] = pj[i];
    const RqValue<double> v = rq_spline_forward<double>(z[cols[j]], u, o);
    z[cols[j]] = static_cast<float>(v.value);
    ld += v.logdet;
  }
  return static_cast<float>(ld);
}

std::vector<Index> all_columns(Index d) {
  std::vector<Index> c(static_cast<std::size_t>(d));
  for (Index j = 0; j < d; ++j) c[static_cast<std::size_t>(j)] = j;
  return c;
}

// Autoregressive NSF: every feature through its spline, parameters from a feature-major MADE.
class FastMadeSpline : public FastTransform {
 public:
  explicit FastMadeSpline(const SplineAutoregressive& t)
      : made_(t.made()), cols_(all_columns(t.made().config().features)), shape_(t.spline()) {}
  void reserve(Index rows) override { made_.reserve(rows); }
  void forward(float* z, Index ldz, Index rows, const float* f, Index ldf, float* logdet) override {
    const float* p = made_.forward(z, ldz, rows, f, ldf);
    for (Index r = 0; r < rows; ++r) logdet[r] += spline_row(z + r * ldz, cols_, p + r * made_.ld(), shape_);
  }

 private:
  FastMade made_;
  std::vector<Index> cols_;
  RqSplineShape shape_;
};


// Spline coupling: θ = ResidualNet([x_a | f]) (or of f alone, or of a zero column), z_b = RQS_θ(x_b).
class FastCoupling : public FastTransform {
 public:
  explicit FastCoupling(const SplineCoupling& t)
      : net_(t.net()), identity_(t.identity_features()), transformed_(t.transformed_features()),
        context_(t.context_features()), shape_(t.spline()) {}
  void reserve(Index rows) override {
    net_.reserve(rows);
    in_.reserve(padded_rows(rows), net_.in());
  }
  void forward(float* z, Index ldz, Index rows, const float* f, Index ldf, float* logdet) override {
    const Index n = padded_rows(rows), a = static_cast<Index>(identity_.size());
    for (Index r = 0; r < n; ++r) {
      float* in = in_.data() + r * in_.ld();
      for (Index j = 0; j < a; ++j) in[j] = z[r * ldz + identity_[static_cast<std::size_t>(j)]];
      if (context_ > 0)
        for (Index j = 0; j < context_; ++j) in[a + j] = f[r * ldf + j];
    }  // no identity features and no context: the input stays the zero column
    const float* p = net_.forward(in_.data(), in_.ld(), rows);
    for (Index r = 0; r < rows; ++r) logdet[r] += spline_row(z + r * ldz, transformed_, p + r * net_.ld(), shape_);
  }

 private:
  nn::ResidualNetRows net_;
  std::vector<Index> identity_, transformed_;
  Index context_;
  RqSplineShape shape_;
  RowBuffer in_;
};

// z = x·(L·U)ᵀ + b, log|det| = Σ_j log diag(U)_j for every row.
class FastLU : public FastTransform {
 public:
  explicit FastLU(const LULinear& t)
      : dense_(MatrixF(t.weight().cast<float>()), t.bias()), log_det_(static_cast<float>(t.log_abs_det())) {}
  void reserve(Index rows) override { out_.reserve(padded_rows(rows), dense_.width()); }
  void forward(float* z, Index ldz, Index rows, const float*, Index, float* logdet) override {
    dense_.apply(z, ldz, rows, out_.data(), out_.ld());
    for (Index r = 0; r < rows; ++r) {
      for (Index j = 0; j < dense_.out(); ++j) z[r * ldz + j] = out_.data()[r * out_.ld() + j];
      logdet[r] += log_det_;
    }
  }

 private:
  DenseRows dense_;
  float log_det_;
  RowBuffer out_;
};

// z_j = x_{perm[j]}, log|det| = 0.
class FastPermutation : public FastTransform {
 public:
  explicit FastPermutation(const Permutation& t) : perm_(t.perm()), row_(perm_.size()) {}
  void reserve(Index) override {}
  void forward(float* z, Index ldz, Index rows, const float*, Index, float*) override {
    for (Index r = 0; r < rows; ++r) {
      float* zr = z + r * ldz;
      std::copy(zr, zr + static_cast<Index>(perm_.size()), row_.begin());
      for (std::size_t j = 0; j < perm_.size(); ++j) zr[j] = row_[static_cast<std::size_t>(perm_[j])];
    }
  }

 private:
  std::vector<Index> perm_;
  std::vector<float> row_;
};

}  // namespace

std::unique_ptr<FastTransform> make_fast_transform(const Transform& layer) {
  if (auto* t = dynamic_cast<const AffineAutoregressive*>(&layer)) return std::make_unique<FastAffine>(*t);
  if (auto* t = dynamic_cast<const SplineAutoregressive*>(&layer)) return std::make_unique<FastMadeSpline>(*t);
  if (auto* t = dynamic_cast<const SplineCoupling*>(&layer)) return std::make_unique<FastCoupling>(*t);
  if (auto* t = dynamic_cast<const LULinear*>(&layer)) return std::make_unique<FastLU>(*t);
  if (auto* t = dynamic_cast<const Permutation*>(&layer)) return std::make_unique<FastPermutation>(*t);
  return nullptr;
}

}  // namespace sbi::flows
