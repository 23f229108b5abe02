// Posteriors: sample (GIL released), log_prob, MAP, and the chains' statistics of an MCMC
// posterior's last sample() call (for ArviZ's sample_stats).
#include <nanobind/stl/string.h>

#include "arrays.hpp"
#include "bindings.hpp"
#include "core/errors.hpp"
#include "handles.hpp"
#include "inference/mcmc_posterior.hpp"

namespace sbi::py {

namespace {

OutMatrix posterior_sample(const PosteriorHandle& h, Index n, std::uint64_t seed) {
  if (n < 1) throw ValueError("posterior sample: the number of samples must be positive, got " + std::to_string(n));
  MatrixD draws;
  {
    nb::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(*h.busy);
    draws = h.posterior->sample(n, seed);
  }
  return to_numpy(std::move(draws));
}

OutVector posterior_log_prob(const PosteriorHandle& h, const InMatrix& theta) {
  MatrixD t = to_matrix(theta);
  VectorD out;
  {
    nb::gil_scoped_release release;
    out = h.posterior->log_prob(t);
  }
  return to_numpy(std::move(out));
}

OutVector posterior_map(const PosteriorHandle& h, std::uint64_t seed, Index num_candidates) {
  VectorD mode;
  {
    nb::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(*h.busy);
    mode = h.posterior->map(seed, num_candidates).transpose();
  }
  return to_numpy(std::move(mode));
}

// None unless the posterior samples by MCMC and has run; else the last run's chain statistics.
nb::object mcmc_stats(const PosteriorHandle& h) {
  const auto* mcmc = dynamic_cast<const inference::McmcPosterior*>(h.posterior.get());
  if (!mcmc || mcmc->last_run().num_chains == 0) return nb::none();
  const mcmc::McmcResult& run = mcmc->last_run();
  nb::dict stats;
  stats["sampler"] = run.sampler;
  stats["num_chains"] = run.num_chains;
  stats["num_draws"] = run.num_draws;
  stats["acceptance_rate"] = to_numpy(VectorD(run.acceptance_rate));
  stats["step_size"] = to_numpy(MatrixD(run.step_size));
  stats["step_size_name"] = run.step_size_name;
  stats["divergences"] = to_numpy(VectorD(run.divergences));
  stats["density_calls"] = run.density_calls;
  return stats;
}

}  // namespace

void bind_posterior(nb::module_& m) {
  nb::class_<PosteriorHandle>(m, "Posterior")
      .def_prop_ro("dim", [](const PosteriorHandle& h) { return h.posterior->dim(); })
      .def("describe", [](const PosteriorHandle& h) { return h.posterior->describe(); })
      .def_prop_ro("normalized", [](const PosteriorHandle& h) { return h.posterior->normalized(); })
      .def_prop_ro("has_log_prob", [](const PosteriorHandle& h) { return h.posterior->has_log_prob(); })
      .def("sample", &posterior_sample, nb::arg("n"), nb::arg("seed"))
      .def("log_prob", &posterior_log_prob, nb::arg("theta"))
      .def("map", &posterior_map, nb::arg("seed"), nb::arg("num_candidates"))
      .def("mcmc_stats", &mcmc_stats);
}

}  // namespace sbi::py
