// ACE (amortized cost estimation, GBI posteriors at any β) and SMC-ABC with a Python callable
// as simulator. Training and the SMC rounds run without the GIL; the callable re-acquires it
// for each batch it simulates, and an exception it raises ends the run and is re-raised.
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>

#include "arrays.hpp"
#include "bindings.hpp"
#include "core/errors.hpp"
#include "handles.hpp"
#include "inference/ace.hpp"
#include "inference/smc_abc.hpp"
#include "nn/embedding_spec.hpp"
#include "training.hpp"

namespace sbi::py {

namespace {

struct AceHandle {
  std::shared_ptr<inference::Ace> ace;
};

AceHandle make_ace(const PriorHandle& prior, const std::string& distance, const InVector& parameters,
                   Index hidden, Index blocks, Index targets_per_theta, std::uint64_t seed,
                   const std::string& embedding) {
  inference::AceSettings o;
  o.hidden = hidden;
  o.blocks = blocks;
  o.targets_per_theta = targets_per_theta;
  o.seed = seed;
  o.embedding = nn::parse_embedding_spec(embedding);
  return AceHandle{std::make_shared<inference::Ace>(
      prior.prior, inference::pair_distance_from_parameters(distance, to_row(parameters)), o)};
}

void bind_ace(nb::module_& m) {
  nb::class_<AceHandle>(m, "Ace")
      .def(nb::new_(&make_ace), nb::arg("prior"), nb::arg("distance"), nb::arg("parameters"), nb::arg("hidden"),
           nb::arg("blocks"), nb::arg("targets_per_theta"), nb::arg("seed"), nb::arg("embedding"))
      .def("append_simulations", [](AceHandle& h, const InMatrix& theta, const InMatrix& x) {
        return h.ace->append_simulations(to_matrix(theta), to_matrix(x));
      }, nb::arg("theta"), nb::arg("x"))
      .def("train", [](AceHandle& h, const TrainJobSettings& settings) {
        return run_training(settings, [&](const nn::TrainSettings& o) { return h.ace->train(o); });
      }, nb::arg("settings"))
      .def("posterior", [](const AceHandle& h, const InVector& x_o, double beta, const inference::McmcSettings& mcmc) {
        return PosteriorHandle{h.ace->posterior(to_row(x_o), beta, mcmc)};
      }, nb::arg("x_o"), nb::arg("beta"), nb::arg("mcmc"))
      .def("save", [](const AceHandle& h, const std::string& path, const std::string& tag) {
        nb::gil_scoped_release release;
        h.ace->save(path, tag);
      }, nb::arg("path"), nb::arg("tag"))
      .def_static("load", [](const std::string& path, const PriorHandle& prior) {
        std::string tag;
        AceHandle h{std::make_shared<inference::Ace>(inference::Ace::load(path, prior.prior, &tag))};
        return std::make_pair(h, tag);
      }, nb::arg("path"), nb::arg("prior"));
}

PosteriorHandle run_smc_abc(const PriorHandle& prior, nb::object simulator, const InVector& x_o,
                            const inference::SmcAbcSettings& options, nb::dict info) {
  const inference::SmcAbc smc(prior.prior, python_simulator(std::move(simulator)), options);
  const RowVectorD obs = to_row(x_o);
  inference::SmcAbcResult result;
  {
    nb::gil_scoped_release release;
    result = smc.run(obs);
  }
  info["epsilon"] = result.epsilon;
  info["simulations"] = result.simulations;
  info["rounds"] = result.rounds.size();
  info["budget_exhausted"] = result.budget_exhausted;
  info["effective_sample_size"] = result.effective_sample_size();
  return PosteriorHandle{std::make_shared<inference::EmpiricalPosterior>(result.posterior())};
}

void bind_smc_abc(nb::module_& m) {
  using O = inference::SmcAbcSettings;
  nb::class_<O>(m, "SmcAbcSettings")
      .def(nb::init<>())
      .def_rw("num_particles", &O::num_particles)
      .def_rw("initial_population", &O::initial_population)
      .def_rw("simulation_budget", &O::simulation_budget)
      .def_rw("epsilon_quantile", &O::epsilon_quantile)
      .def_rw("kernel_scale", &O::kernel_scale)
      .def_rw("batch_size", &O::batch_size)
      .def_rw("fill_incomplete_round", &O::fill_incomplete_round)
      .def_rw("seed", &O::seed);
  m.def("run_smc_abc", &run_smc_abc, nb::arg("prior"), nb::arg("simulator"), nb::arg("x_o"), nb::arg("options"),
        nb::arg("info"));
}

}  // namespace

void bind_ace_abc(nb::module_& m) {
  bind_ace(m);
  bind_smc_abc(m);
}

}  // namespace sbi::py
