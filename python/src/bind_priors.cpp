// Priors (BoxUniform, Gaussian, LogNormal, prior files, a benchmark task's prior) and benchmark
// tasks (simulator, names, reference posterior). Sampling releases the GIL; log_prob reads the NumPy
// array in place (Prior::log_prob_into takes a row view).
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "arrays.hpp"
#include "bindings.hpp"
#include "core/errors.hpp"
#include "handles.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/model_tag.hpp"
#include "simulators/prior_file.hpp"
#include "simulators/prior_gaussian.hpp"
#include "simulators/prior_lognormal.hpp"

namespace sbi::py {

namespace {

void require_width(const char* what, const InMatrix& a, Index width) {
  if (static_cast<Index>(a.shape(1)) != width)
    throw ShapeError(std::string(what) + ": expected " + std::to_string(width) + " columns, got " +
                     std::to_string(a.shape(1)));
}

OutMatrix prior_sample(const PriorHandle& h, Index n, std::uint64_t seed) {
  if (n < 1) throw ValueError("prior sample: the number of samples must be positive, got " + std::to_string(n));
  MatrixD theta;
  {
    nb::gil_scoped_release release;
    theta = h.prior->sample(n, seed);
  }
  return to_numpy(std::move(theta));
}

OutVector prior_log_prob(const PriorHandle& h, const InMatrix& theta) {
  require_width("prior log_prob", theta, h.prior->dim());
  VectorD out(static_cast<Index>(theta.shape(0)));
  h.prior->log_prob_into(view(theta), out);
  return to_numpy(std::move(out));
}

void bind_prior_class(nb::module_& m) {
  nb::class_<PriorHandle>(m, "Prior")
      .def_prop_ro("dim", [](const PriorHandle& h) { return h.prior->dim(); })
      .def("describe", [](const PriorHandle& h) { return h.prior->describe(); })
      .def("sample", &prior_sample, nb::arg("n"), nb::arg("seed"))
      .def("log_prob", &prior_log_prob, nb::arg("theta"))
      .def("mean", [](const PriorHandle& h) { return to_numpy(h.prior->mean()); })
      .def("sd", [](const PriorHandle& h) { return to_numpy(h.prior->sd()); });
  m.def("box_uniform", [](const InVector& low, const InVector& high) {
    return PriorHandle{std::make_shared<sim::BoxUniformPrior>(to_vector(low), to_vector(high))};
  }, nb::arg("low"), nb::arg("high"));
  m.def("gaussian", [](const InVector& mean, const InMatrix& covariance) {
    const Eigen::MatrixXd cov = view(covariance);
    return PriorHandle{std::make_shared<sim::GaussianPrior>(to_vector(mean), cov)};
  }, nb::arg("mean"), nb::arg("covariance"));
  m.def("lognormal", [](const InVector& loc, const InVector& scale) {
    return PriorHandle{std::make_shared<sim::LogNormalPrior>(to_vector(loc), to_vector(scale))};
  }, nb::arg("loc"), nb::arg("scale"));
}

// A prior file as (prior, parameter names, canonical JSON).
std::tuple<PriorHandle, std::vector<std::string>, std::string> prior_file_tuple(const sim::PriorFile& f) {
  return {PriorHandle{f.prior}, f.names, f.json};
}

void bind_prior_files(nb::module_& m) {
  m.def("parse_prior_json", [](const std::string& text, const std::string& source) {
    return prior_file_tuple(sim::parse_prior_json(text, source));
  }, nb::arg("text"), nb::arg("source"));
  m.def("read_prior_file", [](const std::string& path) { return prior_file_tuple(sim::read_prior_file(path)); },
        nb::arg("path"));
  // What a model file records about a prior file ("prior:" + escaped canonical JSON), and back
  // (None for a tag that names a task).
  m.def("prior_model_tag", [](const std::string& json) { return sim::prior_model_tag(sim::parse_prior_json(json)); },
        nb::arg("json"));
  m.def("prior_from_model_tag", [](const std::string& tag) -> nb::object {
    const std::optional<sim::PriorFile> f = sim::prior_from_model_tag(tag);
    return f ? nb::cast(prior_file_tuple(*f)) : nb::none();
  }, nb::arg("tag"));
}

OutMatrix task_simulate(const TaskHandle& h, const InMatrix& theta, std::uint64_t seed) {
  MatrixD t = to_matrix(theta), x;
  {
    nb::gil_scoped_release release;
    x = h.task->simulate(t, seed);
  }
  return to_numpy(std::move(x));
}

void bind_task_class(nb::module_& m) {
  nb::class_<TaskHandle>(m, "Task")
      .def_prop_ro("name", [](const TaskHandle& h) { return h.task->name; })
      .def_prop_ro("prior", [](const TaskHandle& h) { return PriorHandle{h.task->prior}; })
      .def_prop_ro("parameter_names", [](const TaskHandle& h) { return h.task->parameter_names; })
      .def_prop_ro("x_dim", [](const TaskHandle& h) { return h.task->x_dim(); })
      .def("simulate", &task_simulate, nb::arg("theta"), nb::arg("seed"))
      .def("reference_posterior", [](const TaskHandle& h, const InVector& x_o, Index n, std::uint64_t seed) {
        const RowVectorD obs = to_row(x_o);
        MatrixD draws;
        {
          nb::gil_scoped_release release;
          draws = h.task->sample_reference_posterior(obs, n, seed);
        }
        return to_numpy(std::move(draws));
      }, nb::arg("x_o"), nb::arg("n"), nb::arg("seed"));
  m.def("make_task", [](const std::string& name) {
    return TaskHandle{std::make_shared<const sim::Task>(sim::make_task(name))};
  }, nb::arg("name"));
  m.def("task_names", &sim::task_names);
}

}  // namespace

void bind_priors(nb::module_& m) {
  bind_prior_class(m);
  bind_prior_files(m);
  bind_task_class(m);
}

}  // namespace sbi::py
