// Per-dimension z-scoring:  z_j = (x_j - μ_j) / s_j, with μ and s the mean and the
// (n-1)-normalised standard deviation of the training rows, s_j = max(s_j, min_sd)
// (sbi's default min_sd is 1e-14). Fitted in double; applied in float on the tape (a
// constant shift and scale: x̄ += z̄ / s) and in either precision on plain matrices.
// Stored in model files under a prefix ("<prefix>mean", "<prefix>sd").
#pragma once
#include <span>

#include "core/tape.hpp"
#include "nn/model_file.hpp"

namespace sbi::nn {

class Standardizer {
 public:
  Standardizer() = default;
  // Identity transform for `dim` columns (mean 0, sd 1).
  explicit Standardizer(Index dim);
  // Fits on the given rows of x (all rows when `rows` is empty). Non-finite entries are
  // rejected with the row and column named.
  static Standardizer fit(const MatrixD& x, std::span<const std::int64_t> rows = {},
                          double min_sd = 1e-14);
  static Standardizer fit(const MatrixF& x, std::span<const std::int64_t> rows = {},
                          double min_sd = 1e-14);

  ad::Var forward(ad::Tape& tape, ad::Var x) const;
  MatrixD transform(const MatrixD& x) const;
  MatrixF transform(const MatrixF& x) const;
  // transform(x).cast<float>() written into `out` (same shape as x) without allocating.
  void transform_into(ConstRowsD x, Eigen::Ref<MatrixF> out) const;
  MatrixD inverse(const MatrixD& z) const;
  MatrixF inverse(const MatrixF& z) const;

  Index dim() const { return mean_.cols(); }
  const MatrixD& mean() const { return mean_; }  // 1×dim
  const MatrixD& sd() const { return sd_; }      // 1×dim

  void save_to(ModelArchive& archive, const std::string& prefix) const;
  static Standardizer load_from(const ModelArchive& archive, const std::string& prefix, Index dim);
  void save(const std::string& path) const;  // kind "standardizer"
  static Standardizer load(const std::string& path);

 private:
  void set(MatrixD mean, MatrixD sd);
  MatrixD mean_, sd_;
  MatrixF mean_f_, inv_sd_f_;
};

}  // namespace sbi::nn
