// One interface over the amortized and simulation-set methods, for drivers such as
// `sbi benchmark`: give it simulations, train once, then build posteriors for observations.
//   npe, nle      — neural estimators (estimator: maf | nsf | nsf_ar | mdn)
//   nre, nre-b, nre-c — ratio estimators (NRE-A/AALR, NRE-B/SRE with 10 atoms, NRE-C with K = 5, γ = 1)
//   rej-abc       — rejection ABC on the same simulations (keeps the nearest 1%, at least 100;
//                   sampled from a Gaussian KDE on the accepted θ, as sbibm does)
// A trained method saves to a model file (its kind names the method) and loads back in another
// process: `sbi train` / `sbi sample`. ACE has its own class (inference/ace.hpp) because its
// posterior also needs β and a distance.
#pragma once
#include <memory>
#include <string>

#include "inference/mcmc_posterior.hpp"
#include "inference/npe.hpp"
#include "inference/posterior.hpp"
#include "nn/model_file.hpp"
#include "nn/trainer.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

struct MethodSettings {
  std::string estimator = "maf";
  std::uint64_t seed = 0;
  ThetaSpace theta_space = ThetaSpace::constrained;  // npe: where the flow models θ; nle, nre*: the θ they are conditioned on
  nn::TrainSettings training;  // sbi's defaults
  McmcSettings mcmc;          // for the MCMC posteriors of nle, nre, nre-b, nre-c
  // npe, nre, nre-b, nre-c: an embedding of x; nle: of θ, the flow's condition (as sbi's likelihood_nn).
  nn::EmbeddingSpec embedding;
};

class Method {
 public:
  virtual ~Method() = default;
  virtual std::string name() const = 0;
  // Returns the number of rows dropped (non-finite x).
  virtual Index append_simulations(const MatrixD& theta, const MatrixD& x) = 0;
  virtual void train() = 0;
  virtual std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const = 0;
  // The trained model (rejection ABC: its simulations) with a tag, e.g. the task name, as the
  // model file's archive; save writes it (atomically).
  virtual nn::ModelArchive archive(const std::string& tag) const = 0;
  void save(const std::string& path, const std::string& tag) const { nn::save_archive(path, archive(tag)); }
};

// NotFoundError listing the known names.
std::unique_ptr<Method> make_method(const std::string& name, sim::PriorPtr prior,
                                    const MethodSettings& settings = {});
std::vector<std::string> method_names();

// What a model file holds, read without building the model: its kind ("npe", "nle", "nre",
// "rej_abc", "ace", ...) and its tag ("" when it has none). IOError for unreadable files.
struct ModelFileInfo {
  std::string kind;
  std::string tag;
};
ModelFileInfo peek_model_file(const std::string& path);
// The same for an archive already read (so a caller that goes on to load it reads it once).
ModelFileInfo model_file_info(const nn::ModelArchive& archive);

// Loads a model written by Method::save for the given prior (IOError naming the file when it
// holds another kind of model or θ of another dimension).
std::unique_ptr<Method> load_method(const std::string& path, sim::PriorPtr prior,
                                    const MethodSettings& settings = {});
// The same for an archive already read from `path` (e.g. to find its prior with model_prior
// first: sequential/restriction_file.hpp), so the file is read once.
std::unique_ptr<Method> load_method(const nn::ModelArchive& archive, const std::string& path, sim::PriorPtr prior,
                                    const MethodSettings& settings = {});

}  // namespace sbi::inference
