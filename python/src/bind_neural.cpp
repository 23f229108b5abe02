// NPE, NLE and NRE (A and C): append simulations, train (GIL released), build posteriors,
// save and load the CLI's model files. One template binds all three; the per-method parts are
// the constructors and how a posterior is built (NPE directly, NLE/NRE by MCMC).
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>

#include "arrays.hpp"
#include "core/errors.hpp"
#include "bindings.hpp"
#include "handles.hpp"
#include "inference/method.hpp"
#include "inference/nle.hpp"
#include "inference/npe.hpp"
#include "inference/nre.hpp"
#include "nn/embedding_spec.hpp"
#include "sequential/restriction_file.hpp"
#include "training.hpp"

namespace sbi::py {

namespace {

const nn::TrainResult& record_of(const flows::FitResult& r) { return r.train; }
const nn::TrainResult& record_of(const nn::TrainResult& r) { return r; }

std::shared_ptr<inference::Posterior> posterior_of(const inference::Npe& npe, const RowVectorD& x_o,
                                                   const inference::McmcSettings&) {
  return npe.posterior(x_o);
}
template <class Method>
std::shared_ptr<inference::Posterior> posterior_of(const Method& method, const RowVectorD& x_o,
                                                   const inference::McmcSettings& mcmc) {
  return method.posterior(x_o, mcmc);
}

template <class Method>
struct Handle {
  std::shared_ptr<Method> method;
};

template <class Method>
nb::class_<Handle<Method>> bind_method(nb::module_& m, const char* name) {
  using H = Handle<Method>;
  return nb::class_<H>(m, name)
      .def("append_simulations", [](H& h, const InMatrix& theta, const InMatrix& x) {
        return h.method->append_simulations(to_matrix(theta), to_matrix(x));
      }, nb::arg("theta"), nb::arg("x"))
      .def("train", [](H& h, const TrainJobSettings& settings) {
        return run_training(settings, [&](const nn::TrainSettings& o) { return record_of(h.method->train(o)); });
      }, nb::arg("settings"))
      .def("posterior", [](const H& h, const InVector& x_o, const inference::McmcSettings& mcmc) {
        return PosteriorHandle{posterior_of(*h.method, to_row(x_o), mcmc)};
      }, nb::arg("x_o"), nb::arg("mcmc"))
      .def("save", [](const H& h, const std::string& path, const std::string& tag) {
        nb::gil_scoped_release release;
        h.method->save(path, tag);
      }, nb::arg("path"), nb::arg("tag"))
      .def_static("load", [](const std::string& path, const PriorHandle& prior) {
        std::string tag;
        // A model saved with a restriction samples under the restricted prior it was trained for.
        const nn::ModelArchive archive = nn::load_archive(path);
        H h{std::make_shared<Method>(Method::from_archive(archive, path, inference::model_prior(archive, prior.prior), &tag))};
        return std::make_pair(h, tag);
      }, nb::arg("path"), nb::arg("prior"));
}

void bind_settings(nb::module_& m) {
  nb::enum_<inference::ThetaSpace>(m, "ThetaSpace")
      .value("constrained", inference::ThetaSpace::constrained)
      .value("unconstrained", inference::ThetaSpace::unconstrained);
  nb::enum_<inference::NreVariant>(m, "NreVariant")
      .value("A", inference::NreVariant::A)
      .value("B", inference::NreVariant::B)
      .value("C", inference::NreVariant::C);
  nb::class_<inference::McmcSettings>(m, "McmcSettings")
      .def(nb::init<>())
      // The sampler by name (slice, mh/metropolis, hmc, nuts), as sbi's mcmc_method.
      .def_prop_rw(
          "sampler", [](const inference::McmcSettings& s) { return mcmc::sampler_name(s.sampler); },
          [](inference::McmcSettings& s, const std::string& name) { s.sampler = mcmc::parse_sampler(name); })
      .def_rw("num_chains", &inference::McmcSettings::num_chains)
      .def_rw("warmup_steps", &inference::McmcSettings::warmup_steps)
      .def_rw("thin", &inference::McmcSettings::thin)
      .def_rw("init_candidates", &inference::McmcSettings::init_candidates)
      // "sir" or "latest" (multi-round: the proposals of round 4 on start where the last sampling ended).
      .def_prop_rw(
          "chain_start",
          [](const inference::McmcSettings& s) { return s.chain_start == mcmc::ChainStart::latest ? "latest" : "sir"; },
          [](inference::McmcSettings& s, const std::string& name) {
            if (name != "sir" && name != "latest")
              throw ValueError("chain_start: expected 'sir' or 'latest', got '" + name + "'");
            s.chain_start = name == "latest" ? mcmc::ChainStart::latest : mcmc::ChainStart::sir;
          });
}

}  // namespace

void bind_neural(nb::module_& m) {
  bind_train_settings(m);
  bind_settings(m);
  bind_method<inference::Npe>(m, "Npe")
      .def("__init__", [](Handle<inference::Npe>* h, const PriorHandle& prior, const std::string& estimator,
                          std::uint64_t seed, inference::ThetaSpace space, const std::string& embedding) {
        new (h) Handle<inference::Npe>{std::make_shared<inference::Npe>(
            prior.prior, inference::NpeSettings{estimator, seed, space, nn::parse_embedding_spec(embedding)})};
      }, nb::arg("prior"), nb::arg("estimator"), nb::arg("seed"), nb::arg("theta_space"), nb::arg("embedding"));
  bind_method<inference::Nle>(m, "Nle")
      .def("__init__", [](Handle<inference::Nle>* h, const PriorHandle& prior, const std::string& estimator,
                          std::uint64_t seed, const std::string& embedding, inference::ThetaSpace space) {
        new (h) Handle<inference::Nle>{std::make_shared<inference::Nle>(
            prior.prior, inference::NleSettings{estimator, seed, nn::parse_embedding_spec(embedding), space})};
      }, nb::arg("prior"), nb::arg("estimator"), nb::arg("seed"), nb::arg("embedding"), nb::arg("theta_space"));
  bind_method<inference::Nre>(m, "Nre")
      .def("__init__", [](Handle<inference::Nre>* h, const PriorHandle& prior, inference::NreVariant variant,
                          Index hidden, Index blocks, Index num_atoms, Index num_classes, double gamma, std::uint64_t seed,
                          const std::string& embedding, inference::ThetaSpace space) {
        inference::NreSettings o;
        o.variant = variant;
        o.hidden = hidden;
        o.blocks = blocks;
        o.num_atoms = num_atoms;
        o.num_classes = num_classes;
        o.gamma = gamma;
        o.seed = seed;
        o.embedding = nn::parse_embedding_spec(embedding);
        o.theta_space = space;
        new (h) Handle<inference::Nre>{std::make_shared<inference::Nre>(prior.prior, o)};
      }, nb::arg("prior"), nb::arg("variant"), nb::arg("hidden"), nb::arg("blocks"), nb::arg("num_atoms"), nb::arg("num_classes"),
         nb::arg("gamma"), nb::arg("seed"), nb::arg("embedding"), nb::arg("theta_space"))
      .def_prop_ro("variant", [](const Handle<inference::Nre>& h) { return h.method->options().variant; });
  // The sizes are checked here as far as they do not depend on x (channels must divide x's
  // width: checked when the network is built).
  m.def("embedding_spec", [](const std::string& text) {
    const nn::EmbeddingSpec spec = nn::parse_embedding_spec(text);
    spec.validate(spec.channels);
    return spec.str();
  }, nb::arg("text"), "The embedding spec's text form with every key written (ValueError naming a bad part).");
  m.def("peek_model_file", [](const std::string& path) {
    const inference::ModelFileInfo info = inference::peek_model_file(path);
    return std::make_pair(info.kind, info.tag);
  }, nb::arg("path"), "(kind, tag) of a model file, read without building the model.");
}

}  // namespace sbi::py
