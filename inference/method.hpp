// One interface over the amortized and simulation-set methods, for drivers such as
// `sbi benchmark`: give it simulations, train once, then build posteriors for observations.
//   npe, nle      — neural estimators (estimator: maf | nsf | nsf_ar | mdn)
//   nre, nre-c    — ratio estimators (NRE-A/AALR and contrastive NRE-C, K = 5, γ = 1)
//   rej-abc       — rejection ABC on the same simulations (keeps the nearest 1%, at least 100)
#pragma once
#include <memory>
#include <string>

#include "inference/posterior.hpp"
#include "nn/trainer.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

struct MethodSettings {
  std::string estimator = "maf";
  std::uint64_t seed = 0;
  nn::TrainOptions training;  // sbi's defaults
};

class Method {
 public:
  virtual ~Method() = default;
  virtual std::string name() const = 0;
  // Returns the number of rows dropped (non-finite x).
  virtual Index append_simulations(const MatrixD& theta, const MatrixD& x) = 0;
  virtual void train() = 0;
  virtual std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const = 0;
};

// NotFoundError listing the known names.
std::unique_ptr<Method> make_method(const std::string& name, sim::PriorPtr prior,
                                    const MethodSettings& settings = {});
std::vector<std::string> method_names();

}  // namespace sbi::inference
