// The method registry behind `sbi benchmark` (see method.hpp).
#include "inference/method.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "inference/nle.hpp"
#include "inference/npe.hpp"
#include "inference/nre.hpp"
#include "inference/rejection_abc.hpp"

namespace sbi::inference {

namespace {

class NpeMethod : public Method {
 public:
  NpeMethod(sim::PriorPtr prior, const MethodSettings& s)
      : npe_(std::move(prior), NpeOptions{s.estimator, s.seed}), training_(s.training) {}
  std::string name() const override { return "npe"; }
  Index append_simulations(const MatrixD& theta, const MatrixD& x) override { return npe_.append_simulations(theta, x); }
  void train() override { npe_.train(training_); }
  std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const override { return npe_.posterior(x_o); }

 private:
  Npe npe_;
  nn::TrainOptions training_;
};

class NleMethod : public Method {
 public:
  NleMethod(sim::PriorPtr prior, const MethodSettings& s)
      : nle_(std::move(prior), NleOptions{s.estimator, s.seed}), training_(s.training) {}
  std::string name() const override { return "nle"; }
  Index append_simulations(const MatrixD& theta, const MatrixD& x) override { return nle_.append_simulations(theta, x); }
  void train() override { nle_.train(training_); }
  std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const override {
    McmcSettings mcmc;  // 100 chains, 50 warm-up steps, thinning 10
    return nle_.posterior(x_o, mcmc);
  }

 private:
  Nle nle_;
  nn::TrainOptions training_;
};

class NreMethod : public Method {
 public:
  NreMethod(sim::PriorPtr prior, const MethodSettings& s, NreVariant variant)
      : nre_(std::move(prior), options(s, variant)), training_(s.training) {}
  std::string name() const override { return nre_variant_name(nre_.options().variant); }
  Index append_simulations(const MatrixD& theta, const MatrixD& x) override { return nre_.append_simulations(theta, x); }
  void train() override { nre_.train(training_); }
  std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const override { return nre_.posterior(x_o); }

 private:
  static NreOptions options(const MethodSettings& s, NreVariant variant) {
    NreOptions o;
    o.variant = variant;
    o.seed = s.seed;
    return o;
  }
  Nre nre_;
  nn::TrainOptions training_;
};

class RejectionAbcMethod : public Method {
 public:
  explicit RejectionAbcMethod(sim::PriorPtr prior) : data_(std::move(prior)) {}
  std::string name() const override { return "rej-abc"; }
  Index append_simulations(const MatrixD& theta, const MatrixD& x) override { return data_.append(theta, x); }
  void train() override {}
  std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const override {
    RejectionAbcOptions options;
    options.num_accept = std::max<Index>(100, data_.size() / 100);
    return std::make_shared<EmpiricalPosterior>(RejectionAbc(data_).posterior(x_o, options));
  }

 private:
  SimulationData data_;
};

}  // namespace

std::vector<std::string> method_names() { return {"npe", "nle", "nre", "nre-c", "rej-abc"}; }

std::unique_ptr<Method> make_method(const std::string& name, sim::PriorPtr prior,
                                    const MethodSettings& settings) {
  if (name == "npe") return std::make_unique<NpeMethod>(std::move(prior), settings);
  if (name == "nle") return std::make_unique<NleMethod>(std::move(prior), settings);
  if (name == "nre") return std::make_unique<NreMethod>(std::move(prior), settings, NreVariant::A);
  if (name == "nre-c") return std::make_unique<NreMethod>(std::move(prior), settings, NreVariant::C);
  if (name == "rej-abc") return std::make_unique<RejectionAbcMethod>(std::move(prior));
  std::string known;
  for (const auto& n : method_names()) known += (known.empty() ? "" : ", ") + n;
  throw NotFoundError("unknown method '" + name + "' (known: " + known + ")");
}

}  // namespace sbi::inference
