// Per-dimension z-scoring (see standardizer.hpp).
#include "nn/standardizer.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"

namespace sbi::nn {

namespace {
template <class M>
void fit_impl(const M& x, std::span<const std::int64_t> rows, double min_sd,
                      MatrixD& mean, MatrixD& sd) {
  if (!(min_sd > 0)) throw ValueError("Standardizer: min_sd must be positive, got " + std::to_string(min_sd));
  const Index n = rows.empty() ? x.rows() : static_cast<Index>(rows.size());
  if (n < 2) throw ValueError("Standardizer: need at least 2 rows to fit, got " + std::to_string(n));
  const Index d = x.cols();
  mean = MatrixD::Zero(1, d);
  MatrixD m2 = MatrixD::Zero(1, d);
  // Welford's update, in double.
  for (Index k = 0; k < n; ++k) {
    const Index i = rows.empty() ? k : static_cast<Index>(rows[static_cast<std::size_t>(k)]);
    if (i < 0 || i >= x.rows())
      throw ValueError("Standardizer: row index " + std::to_string(i) + " outside 0.." +
                       std::to_string(x.rows() - 1));
    for (Index j = 0; j < d; ++j) {
      const double v = double(x(i, j));
      if (!std::isfinite(v))
        throw ValueError("Standardizer: non-finite value " + std::to_string(v) + " at row " +
                         std::to_string(i) + ", column " + std::to_string(j));
      const double delta = v - mean(0, j);
      mean(0, j) += delta / double(k + 1);
      m2(0, j) += delta * (v - mean(0, j));
    }
  }
  sd = (m2 / double(n - 1)).cwiseSqrt().cwiseMax(min_sd);
}
}  // namespace

Standardizer::Standardizer(Index dim) { set(MatrixD::Zero(1, dim), MatrixD::Ones(1, dim)); }

void Standardizer::set(MatrixD mean, MatrixD sd) {
  mean_ = std::move(mean);
  sd_ = std::move(sd);
  mean_f_ = mean_.cast<float>();
  inv_sd_f_ = sd_.cwiseInverse().cast<float>();
}

Standardizer Standardizer::fit(const MatrixD& x, std::span<const std::int64_t> rows, double min_sd) {
  MatrixD mean, sd;
  fit_impl(x, rows, min_sd, mean, sd);
  Standardizer s;
  s.set(std::move(mean), std::move(sd));
  return s;
}

Standardizer Standardizer::fit(const MatrixF& x, std::span<const std::int64_t> rows, double min_sd) {
  MatrixD mean, sd;
  fit_impl(x, rows, min_sd, mean, sd);
  Standardizer s;
  s.set(std::move(mean), std::move(sd));
  return s;
}

ad::Var Standardizer::forward(ad::Tape& tape, ad::Var x) const {
  if (x.cols() != dim())
    throw ShapeError("Standardizer: input is " + shape_str(x.rows(), x.cols()) + ", expected " +
                     std::to_string(dim()) + " columns");
  return ad::mul(ad::sub(x, tape.parameter(mean_f_)), tape.parameter(inv_sd_f_));
}

MatrixD Standardizer::transform(const MatrixD& x) const {
  require_shape("Standardizer::transform", x, -1, dim());
  return ((x.rowwise() - mean_.row(0)).array().rowwise() / sd_.row(0).array()).matrix();
}
MatrixF Standardizer::transform(const MatrixF& x) const {
  require_shape("Standardizer::transform", x, -1, dim());
  return ((x.rowwise() - mean_f_.row(0)).array().rowwise() * inv_sd_f_.row(0).array()).matrix();
}
void Standardizer::transform_into(ConstRowsD x, Eigen::Ref<MatrixF> out) const {
  require_shape("Standardizer::transform", x, -1, dim());
  require_shape("Standardizer::transform output", out, x.rows(), dim());
  out = ((x.rowwise() - mean_.row(0)).array().rowwise() / sd_.row(0).array()).matrix().cast<float>();
}
MatrixD Standardizer::inverse(const MatrixD& z) const {
  require_shape("Standardizer::inverse", z, -1, dim());
  return ((z.array().rowwise() * sd_.row(0).array()).matrix().rowwise() + mean_.row(0));
}
MatrixF Standardizer::inverse(const MatrixF& z) const {
  require_shape("Standardizer::inverse", z, -1, dim());
  const MatrixD zd = z.cast<double>();
  return inverse(zd).cast<float>();
}

void Standardizer::save_to(ModelArchive& archive, const std::string& prefix) const {
  archive.add(prefix + "mean", mean_);
  archive.add(prefix + "sd", sd_);
}

Standardizer Standardizer::load_from(const ModelArchive& archive, const std::string& prefix, Index dim) {
  MatrixD mean = archive.get_d(prefix + "mean", 1, dim);
  MatrixD sd = archive.get_d(prefix + "sd", 1, dim);
  if (!mean.allFinite() || !sd.allFinite() || (sd.array() <= 0).any())
    throw IOError("model file '" + archive.source + "': standardizer '" + prefix +
                  "' has non-finite values or a non-positive sd");
  Standardizer s;
  s.set(std::move(mean), std::move(sd));
  return s;
}

void Standardizer::save(const std::string& path) const {
  ModelArchive a;
  a.kind = "standardizer";
  a.architecture = Architecture().set("dim", static_cast<long long>(dim())).str();
  save_to(a, "");
  save_archive(path, a);
}

Standardizer Standardizer::load(const std::string& path) {
  const ModelArchive a = load_archive(path);
  if (a.kind != "standardizer") require_architecture(a, "standardizer", a.architecture);
  const Index d = Architecture::parse(a.architecture).get_int("dim");
  if (a.tensors.size() != 2) throw IOError("'" + path + "': a standardizer holds 2 tensors, found " +
                                           std::to_string(a.tensors.size()));
  return load_from(a, "", d);
}

}  // namespace sbi::nn
