// The method registry behind `sbi benchmark` (see method.hpp).
#include "inference/method.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "inference/model_io.hpp"
#include "inference/kde_posterior.hpp"
#include "inference/nle.hpp"
#include "inference/npe.hpp"
#include "inference/nre.hpp"
#include "inference/rejection_abc.hpp"
#include "inference/snpe_a_model.hpp"

namespace sbi::inference {

namespace {

constexpr const char* kRejectionAbcKind = "rej_abc";

class NpeMethod : public Method {
 public:
  NpeMethod(sim::PriorPtr prior, const MethodSettings& s)
      : npe_(std::move(prior), NpeSettings{s.estimator, s.seed, s.theta_space, s.embedding}), training_(s.training) {}
  NpeMethod(Npe npe, const MethodSettings& s) : npe_(std::move(npe)), training_(s.training) {}
  std::string name() const override { return "npe"; }
  nn::ModelArchive archive(const std::string& tag) const override { return npe_model_archive(npe_.estimator(), tag); }
  Index append_simulations(const MatrixD& theta, const MatrixD& x) override { return npe_.append_simulations(theta, x); }
  void train() override { npe_.train(training_); }
  std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const override { return npe_.posterior(x_o); }

 private:
  Npe npe_;
  nn::TrainSettings training_;
};

class NleMethod : public Method {
 public:
  NleMethod(sim::PriorPtr prior, const MethodSettings& s)
      : nle_(std::move(prior), NleSettings{s.estimator, s.seed, s.embedding, s.theta_space}), training_(s.training), mcmc_(s.mcmc) {}
  NleMethod(Nle nle, const MethodSettings& s) : nle_(std::move(nle)), training_(s.training), mcmc_(s.mcmc) {}
  std::string name() const override { return "nle"; }
  nn::ModelArchive archive(const std::string& tag) const override { return nle_.archive(tag); }
  Index append_simulations(const MatrixD& theta, const MatrixD& x) override { return nle_.append_simulations(theta, x); }
  void train() override { nle_.train(training_); }
  std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const override { return nle_.posterior(x_o, mcmc_); }

 private:
  Nle nle_;
  nn::TrainSettings training_;
  McmcSettings mcmc_;
};

class NreMethod : public Method {
 public:
  NreMethod(sim::PriorPtr prior, const MethodSettings& s, NreVariant variant)
      : nre_(std::move(prior), options(s, variant)), training_(s.training), mcmc_(s.mcmc) {}
  NreMethod(Nre nre, const MethodSettings& s) : nre_(std::move(nre)), training_(s.training), mcmc_(s.mcmc) {}
  std::string name() const override { return nre_method_name(nre_.options().variant); }
  nn::ModelArchive archive(const std::string& tag) const override { return nre_.archive(tag); }
  Index append_simulations(const MatrixD& theta, const MatrixD& x) override { return nre_.append_simulations(theta, x); }
  void train() override { nre_.train(training_); }
  std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const override { return nre_.posterior(x_o, mcmc_); }

 private:
  static NreSettings options(const MethodSettings& s, NreVariant variant) {
    NreSettings o;
    o.variant = variant;
    o.seed = s.seed;
    o.embedding = s.embedding;
    o.theta_space = s.theta_space;
    return o;
  }
  Nre nre_;
  nn::TrainSettings training_;
  McmcSettings mcmc_;
};

class RejectionAbcMethod : public Method {
 public:
  explicit RejectionAbcMethod(sim::PriorPtr prior) : data_(std::move(prior)) {}
  std::string name() const override { return "rej-abc"; }
  // Rejection ABC has no network: its "model" is the simulation set itself.
  nn::ModelArchive archive(const std::string& tag) const override {
    nn::ModelArchive archive;
    archive.kind = kRejectionAbcKind;
    archive.architecture = nn::Architecture()
                               .set("theta_dim", static_cast<long long>(data_.theta_dim()))
                               .set("x_dim", static_cast<long long>(data_.x_dim()))
                               .set("rows", static_cast<long long>(data_.size()))
                               .set("tag", tag)
                               .str();
    archive.add("theta", data_.theta());
    archive.add("x", data_.x());
    return archive;
  }
  Index append_simulations(const MatrixD& theta, const MatrixD& x) override { return data_.append(theta, x); }
  void train() override {}
  std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const override {
    RejectionAbcSettings options;
    options.num_accept = std::max<Index>(100, data_.size() / 100);
    // Smoothed by a Gaussian KDE, as sbibm scores rejection ABC.
    const EmpiricalPosterior accepted = RejectionAbc(data_).posterior(x_o, options);
    return std::make_shared<KdePosterior>(accepted.atoms(), accepted.weights(), data_.prior(),
                                          "rejection ABC, Gaussian KDE on the accepted θ");
  }

 private:
  SimulationData data_;
};

// An SNPE-A model file (sbi train --method snpe-a): a trained MDN and the proposal it corrects for.
class SnpeAMethod : public Method {
 public:
  explicit SnpeAMethod(SnpeAModel model) : model_(std::move(model)) {}
  std::string name() const override { return "snpe-a"; }
  nn::ModelArchive archive(const std::string& tag) const override {
    return snpe_a_model_archive(*model_.mdn, model_.proposal, tag);
  }
  Index append_simulations(const MatrixD&, const MatrixD&) override { throw ValueError(kRetrain); }
  void train() override { throw ValueError(kRetrain); }
  std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const override {
    return snpe_a_posterior(*model_.mdn, model_.proposal, x_o);
  }

 private:
  static constexpr const char* kRetrain = "an SNPE-A model is trained round by round: sbi train --method snpe-a";
  SnpeAModel model_;
};

}  // namespace

std::vector<std::string> method_names() { return {"npe", "nle", "nre", "nre-b", "nre-c", "rej-abc"}; }

std::unique_ptr<Method> make_method(const std::string& name, sim::PriorPtr prior,
                                    const MethodSettings& settings) {
  if (name == "npe") return std::make_unique<NpeMethod>(std::move(prior), settings);
  if (name == "nle") return std::make_unique<NleMethod>(std::move(prior), settings);
  for (NreVariant v : {NreVariant::A, NreVariant::B, NreVariant::C})
    if (name == nre_method_name(v)) return std::make_unique<NreMethod>(std::move(prior), settings, v);
  if (name == "rej-abc") return std::make_unique<RejectionAbcMethod>(std::move(prior));
  std::string known;
  for (const auto& n : method_names()) known += (known.empty() ? "" : ", ") + n;
  throw NotFoundError("unknown method '" + name + "' (known: " + known + ")");
}

ModelFileInfo peek_model_file(const std::string& path) { return model_file_info(nn::load_archive(path)); }

ModelFileInfo model_file_info(const nn::ModelArchive& archive) {
  ModelFileInfo info;
  info.kind = archive.kind;
  // Every method stores its tag as the architecture's "tag" entry (NPE/NLE append it last).
  const nn::Architecture arch = nn::Architecture::parse(archive.architecture);
  if (arch.has("tag")) info.tag = arch.get("tag");
  return info;
}

std::unique_ptr<Method> load_method(const std::string& path, sim::PriorPtr prior,
                                    const MethodSettings& settings) {
  return load_method(nn::load_archive(path), path, std::move(prior), settings);
}

std::unique_ptr<Method> load_method(const nn::ModelArchive& archive, const std::string& path, sim::PriorPtr prior,
                                    const MethodSettings& settings) {
  const std::string& kind = archive.kind;
  if (kind == "npe") return std::make_unique<NpeMethod>(Npe::from_archive(archive, path, prior), settings);
  if (kind == "nle") return std::make_unique<NleMethod>(Nle::from_archive(archive, path, prior), settings);
  if (kind == "nre") return std::make_unique<NreMethod>(Nre::from_archive(archive, path, prior), settings);
  if (kind == kSnpeAKind) return std::make_unique<SnpeAMethod>(snpe_a_model_from_archive(archive, path, prior));
  if (kind == kRejectionAbcKind) {
    const nn::Architecture arch = nn::Architecture::parse(archive.architecture);
    const Index theta_dim = arch.get_int("theta_dim"), x_dim = arch.get_int("x_dim");
    const Index rows = arch.get_int("rows");
    require_prior_dim(path, theta_dim, prior);
    auto method = std::make_unique<RejectionAbcMethod>(prior);
    method->append_simulations(archive.get_d("theta", rows, theta_dim), archive.get_d("x", rows, x_dim));
    return method;
  }
  throw IOError("'" + path + "' holds a '" + kind +
                "' model; load_method reads npe, nle, nre, snpe_a and rej_abc models (ACE: Ace::load)");
}

}  // namespace sbi::inference
