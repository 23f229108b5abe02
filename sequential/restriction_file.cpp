// Saving a restriction with a model and reading it back (see restriction_file.hpp).
#include "sequential/restriction_file.hpp"

#include <cstdint>

#include "core/errors.hpp"

namespace sbi::inference {

namespace {

constexpr const char* kStandardizer = "restriction.standardizer";
constexpr const char* kSettings = "restriction.settings";
constexpr Index kMaxCalibrationDraws = 1000000;  // a file asking for more is refused, not obeyed

std::string layer_name(std::size_t k, const char* what) {
  return "restriction.layer" + std::to_string(k) + "." + what;
}

IOError bad(const nn::ModelArchive& archive, const std::string& what) {
  return IOError("'" + archive.source + "': the saved restriction " + what);
}

// The settings row → RestrictionSettings (seed, draws, minimum acceptance) and τ.
RestrictionSettings read_settings(const nn::ModelArchive& archive, double& threshold) {
  const MatrixD& v = archive.get_d(kSettings, 1, 5);
  if (!v.allFinite()) throw bad(archive, "settings hold non-finite values");
  RestrictionSettings s;
  threshold = v(0, 0);
  if (!(v(0, 1) >= 100 && v(0, 1) <= double(kMaxCalibrationDraws)))
    throw bad(archive, "asks for " + std::to_string(v(0, 1)) + " calibration draws (100 to " +
                           std::to_string(kMaxCalibrationDraws) + " allowed)");
  s.calibration_draws = static_cast<Index>(v(0, 1));
  s.min_acceptance = v(0, 2);
  for (int half = 3; half <= 4; ++half)
    if (!(v(0, half) >= 0 && v(0, half) < 4294967296.0 && v(0, half) == double(std::uint64_t(v(0, half)))))
      throw bad(archive, "seed is not two 32-bit halves");
  s.seed = (std::uint64_t(v(0, 3)) << 32) | std::uint64_t(v(0, 4));
  return s;
}

// The row count of the tensor `name` (its type and columns are checked by get_d).
Index rows_of(const nn::ModelArchive& archive, const std::string& name) {
  for (const nn::NamedTensor& t : archive.tensors)
    if (t.name == name) return t.is_double ? t.d.rows() : t.f.rows();
  throw bad(archive, "lacks the tensor '" + name + "'");
}

}  // namespace

void add_restriction(nn::ModelArchive& archive, const RestrictedPrior& restricted) {
  const RestrictionClassifier& c = restricted.classifier();
  const Index d = c.dim();
  MatrixD standardizer(2, d);
  for (Index j = 0; j < d; ++j) {
    standardizer(0, j) = c.mean()[std::size_t(j)];
    standardizer(1, j) = c.sd()[std::size_t(j)];
  }
  archive.add(kStandardizer, standardizer);
  for (std::size_t k = 0; k < c.weights().size(); ++k) {
    archive.add(layer_name(k, "weight"), c.weights()[k]);
    archive.add(layer_name(k, "bias"), MatrixD(c.biases()[k].transpose()));
  }
  const RestrictionSettings& s = restricted.settings();
  MatrixD settings(1, 5);
  settings << c.threshold(), double(s.calibration_draws), s.min_acceptance, double(s.seed >> 32),
      double(s.seed & 0xffffffffULL);
  archive.add(kSettings, settings);
}

bool has_restriction(const nn::ModelArchive& archive) { return archive.has(kSettings); }

sim::PriorPtr model_prior(const nn::ModelArchive& archive, const sim::PriorPtr& base) {
  if (!has_restriction(archive)) return base;
  if (!base) throw ValueError("model_prior: no prior");
  const Index d = base->dim();
  double threshold = 0;
  const RestrictionSettings settings = read_settings(archive, threshold);
  const MatrixD& standardizer = archive.get_d(kStandardizer, 2, d);
  std::vector<MatrixD> weights;
  std::vector<VectorD> biases;
  Index width = d;
  for (std::size_t k = 0; archive.has(layer_name(k, "weight")); ++k) {
    if (k >= 16) throw bad(archive, "has more than 16 layers");
    const std::string name = layer_name(k, "weight");
    weights.push_back(archive.get_d(name, rows_of(archive, name), width));
    width = weights.back().rows();
    biases.push_back(archive.get_d(layer_name(k, "bias"), 1, width).row(0).transpose());
  }
  try {
    auto classifier = std::make_shared<const RestrictionClassifier>(RestrictionClassifier::from_parts(
        {standardizer.row(0).data(), standardizer.row(0).data() + d}, {standardizer.row(1).data(), standardizer.row(1).data() + d},
        std::move(weights), std::move(biases), threshold));
    return std::make_shared<RestrictedPrior>(base, classifier, settings);
  } catch (const ValueError& e) {
    throw bad(archive, std::string("is invalid: ") + e.what());
  }
}

sim::PriorPtr model_prior(const std::string& path, const sim::PriorPtr& base) {
  return model_prior(nn::load_archive(path), base);
}

void save_with_restriction(const std::string& path, nn::ModelArchive archive, const RestrictedPrior* restricted) {
  if (restricted) add_restriction(archive, *restricted);
  nn::save_archive(path, archive);
}

}  // namespace sbi::inference
