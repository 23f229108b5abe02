// C2ST (diagnostics/c2st.hpp: sbibm's MLP classifier, or sklearn's random forest as the `sbi`
// package's c2st()) and the sbibm reference data (observation, true θ, reference draws).
#include <nanobind/stl/string.h>

#include "arrays.hpp"
#include "bindings.hpp"
#include "diagnostics/c2st.hpp"
#include "simulators/sbibm_loader.hpp"

namespace sbi::py {

void bind_diagnostics(nb::module_& m) {
  nb::enum_<diagnostics::C2stClassifier>(m, "C2stClassifier")
      .value("mlp", diagnostics::C2stClassifier::mlp)
      .value("random_forest", diagnostics::C2stClassifier::random_forest);
  m.def("c2st", [](const InMatrix& reference, const InMatrix& approximate, std::uint64_t seed,
                   diagnostics::C2stClassifier classifier) {
    const MatrixD a = to_matrix(reference), b = to_matrix(approximate);
    diagnostics::C2stSettings o;
    o.seed = seed;
    o.classifier = classifier;
    nb::gil_scoped_release release;
    return diagnostics::c2st(a, b, o);
  }, nb::arg("reference"), nb::arg("approximate"), nb::arg("seed"), nb::arg("classifier"));
  m.def("load_sbibm_observation", [](const std::string& root, const std::string& task, int number) {
    sim::SbibmObservation o = sim::load_sbibm_observation(root, task, number);
    nb::dict d;
    d["observation"] = to_numpy(VectorD(o.observation.transpose()));
    d["true_parameters"] = to_numpy(VectorD(o.true_parameters.transpose()));
    d["reference_samples"] = o.has_reference ? nb::cast(to_numpy(std::move(o.reference_samples))) : nb::none();
    return d;
  }, nb::arg("root"), nb::arg("task"), nb::arg("number"));
}

}  // namespace sbi::py
