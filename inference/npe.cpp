// Neural posterior estimation (see npe.hpp).
#include "inference/npe.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/model_io.hpp"

namespace sbi::inference {

namespace {
constexpr const char* kKind = "npe";
constexpr const char* kTagKey = ";tag=";
constexpr const char* kSpaceKey = ";theta_space=";  // absent in older files: constrained
constexpr Index kAcceptanceProbe = 10000;
constexpr int kMaxRounds = 1000;
}  // namespace

flows::EstimatorConfig estimator_config(const std::string& kind, Index y_dim, Index context_dim,
                                        std::uint64_t seed) {
  if (kind == "maf") return flows::maf_config(y_dim, context_dim, seed);
  if (kind == "nsf") return flows::nsf_config(y_dim, context_dim, seed);
  if (kind == "nsf_ar") return flows::nsf_autoregressive_config(y_dim, context_dim, seed);
  if (kind == "mdn") return flows::mdn_config(y_dim, context_dim, seed);
  throw ValueError("unknown density estimator '" + kind + "' (maf, nsf, nsf_ar, mdn)");
}

ThetaSpace parse_theta_space(const std::string& name) {
  if (name == "constrained") return ThetaSpace::constrained;
  if (name == "unconstrained") return ThetaSpace::unconstrained;
  throw ValueError("unknown θ space '" + name + "' (constrained, unconstrained)");
}

std::string theta_space_name(ThetaSpace space) {
  return space == ThetaSpace::unconstrained ? "unconstrained" : "constrained";
}

MatrixD to_theta_space(const sim::Prior& prior, ThetaSpace space, const MatrixD& theta) {
  return space == ThetaSpace::unconstrained ? prior.to_unconstrained(theta) : theta;
}

// ---- posterior ----
NpePosterior::NpePosterior(std::shared_ptr<flows::ConditionalDensityEstimator> estimator,
                           sim::PriorPtr prior, RowVectorD x_o, ThetaSpace space)
    : estimator_(std::move(estimator)), prior_(std::move(prior)), x_o_(std::move(x_o)), space_(space) {
  require_shape("NPE posterior: observation", x_o_, 1, estimator_->context_dim());
  require_finite("NPE posterior: observation", MatrixD(x_o_));
  context_ = x_o_.cast<float>();
  has_log_prob_ = true;
}

MatrixD NpePosterior::sample(Index n, std::uint64_t seed) const {
  if (n <= 0) throw ValueError("NPE posterior: the number of samples must be positive");
  MatrixD out(n, dim());
  Index have = 0;
  double accepted = 0, drawn = 0;
  for (int round = 0; have < n; ++round) {
    if (round == kMaxRounds || (drawn >= 1e5 && accepted / drawn < 1e-4))
      throw ValueError("NPE posterior: only " + std::to_string(static_cast<long long>(accepted)) + " of " +
                       std::to_string(static_cast<long long>(drawn)) + " draws fell inside the prior's support (" +
                       prior_->describe() + "); the estimator leaks almost all its mass");
    // Ask for enough draws to finish given the acceptance seen so far (at least 10% more).
    const double rate = drawn > 0 ? std::max(accepted / drawn, 1e-3) : 1.0;
    const Index m = std::max<Index>(64, static_cast<Index>(std::ceil(double(n - have) / rate * 1.1)));
    const MatrixD draws = draw(m, derive_seed(seed, static_cast<std::uint64_t>(round)));
    const std::vector<bool> inside = prior_->in_support(draws);
    drawn += double(m);
    for (Index i = 0; i < m && have < n; ++i) {
      if (!inside[static_cast<std::size_t>(i)] || !draws.row(i).allFinite()) continue;
      out.row(have++) = draws.row(i);
      accepted += 1;
    }
  }
  return out;
}

MatrixD NpePosterior::draw(Index n, std::uint64_t seed) const {
  const MatrixD draws = estimator_->sample(n, context_, seed).cast<double>();
  return space_ == ThetaSpace::unconstrained ? prior_->from_unconstrained(draws) : draws;
}

double NpePosterior::acceptance_rate() const {
  if (space_ == ThetaSpace::unconstrained) return 1.0;
  if (acceptance_ < 0) {
    const MatrixD draws = draw(kAcceptanceProbe, 0x5eed);
    const std::vector<bool> inside = prior_->in_support(draws);
    const double count = double(std::count(inside.begin(), inside.end(), true));
    acceptance_ = std::max(count, 1.0) / double(kAcceptanceProbe);
  }
  return acceptance_;
}

VectorD NpePosterior::log_prob(const MatrixD& theta) const {
  require_shape("NPE posterior log_prob: theta", theta, -1, dim());
  const std::vector<bool> inside = prior_->in_support(theta);
  if (space_ == ThetaSpace::unconstrained) {
    // Rows outside the support have no z; evaluate the others and give those −∞.
    std::vector<Index> rows;
    for (Index i = 0; i < theta.rows(); ++i)
      if (inside[static_cast<std::size_t>(i)]) rows.push_back(i);
    const MatrixD z = prior_->to_unconstrained(theta(rows, Eigen::all));
    const VectorD lq = estimator_->log_prob(z.cast<float>(), context_.replicate(z.rows(), 1)).cast<double>();
    const VectorD log_det = prior_->log_abs_det_jacobian(z);
    VectorD lp = VectorD::Constant(theta.rows(), -INFINITY);
    for (std::size_t r = 0; r < rows.size(); ++r)
      lp(rows[r]) = lq(static_cast<Index>(r)) - log_det(static_cast<Index>(r));
    return lp;
  }
  const MatrixF context = context_.replicate(theta.rows(), 1);
  VectorD lp = estimator_->log_prob(theta.cast<float>(), context).cast<double>();
  const double log_acceptance = std::log(acceptance_rate());
  for (Index i = 0; i < lp.size(); ++i)
    lp(i) = inside[static_cast<std::size_t>(i)] ? lp(i) - log_acceptance : -INFINITY;
  return lp;
}

// ---- method ----
Npe::Npe(sim::PriorPtr prior, NpeOptions options)
    : prior_(std::move(prior)), options_(std::move(options)), data_(prior_) {
  estimator_config(options_.estimator, 1, 1, 0);  // validates the name early
}

Index Npe::append_simulations(const MatrixD& theta, const MatrixD& x) { return data_.append(theta, x); }

flows::FitResult Npe::train(const nn::TrainOptions& options) {
  if (data_.size() < 10)
    throw ValueError("NPE::train: need at least 10 simulations, have " + std::to_string(data_.size()));
  estimator_ = flows::build_estimator(
      estimator_config(options_.estimator, data_.theta_dim(), data_.x_dim(), derive_seed(options_.seed, 1)));
  const MatrixF theta = to_theta_space(*prior_, options_.theta_space, data_.theta()).cast<float>();
  const MatrixF x = data_.x().cast<float>();
  nn::TrainOptions t = options;
  if (t.seed == 0) t.seed = derive_seed(options_.seed, 2);
  return flows::fit_estimator(*estimator_, theta, x, t);
}

flows::ConditionalDensityEstimator& Npe::estimator() const {
  if (!estimator_) throw ValueError("NPE: the estimator is not trained (call train() or load())");
  return *estimator_;
}

std::shared_ptr<NpePosterior> Npe::posterior(const RowVectorD& x_o) const {
  estimator();
  return std::make_shared<NpePosterior>(estimator_, prior_, x_o, options_.theta_space);
}

void Npe::save(const std::string& path, const std::string& tag) const {
  nn::ModelArchive archive;
  estimator().write_to(archive, "estimator.");
  archive.kind = kKind;
  // The estimator's architecture, the θ space, then the tag as the last entry (both stripped
  // again on load).
  archive.architecture += std::string(kSpaceKey) + theta_space_name(options_.theta_space) + kTagKey + tag;
  nn::save_archive(path, archive);
}

Npe Npe::load(const std::string& path, sim::PriorPtr prior, std::string* tag) {
  nn::ModelArchive archive = load_method_archive(path, kKind, "NPE");
  const auto at = archive.architecture.rfind(kTagKey);
  if (at == std::string::npos) throw IOError("'" + path + "': NPE model without its tag entry");
  if (tag) *tag = archive.architecture.substr(at + std::string(kTagKey).size());
  archive.architecture.resize(at);
  ThetaSpace space = ThetaSpace::constrained;
  if (const auto s = archive.architecture.rfind(kSpaceKey); s != std::string::npos) {
    try {
      space = parse_theta_space(archive.architecture.substr(s + std::string(kSpaceKey).size()));
    } catch (const ValueError& e) {
      throw IOError("'" + path + "': corrupt NPE model: " + e.what());
    }
    archive.architecture.resize(s);
  }
  archive.kind = flows::kEstimatorKind;
  const nn::Architecture arch = nn::Architecture::parse(archive.architecture);
  Npe npe(prior, NpeOptions{arch.get("kind"), 0, space});
  npe.estimator_ = flows::read_estimator(archive, "estimator.");
  require_prior_dim(path, npe.estimator_->y_dim(), prior);
  return npe;
}

}  // namespace sbi::inference
