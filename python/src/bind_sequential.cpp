// The multi-round methods (sequential/sequential.hpp: SNPE-A/B/C, SNLE, SNRE) with a Python
// callable as simulator, and restriction of invalid simulations (sequential/restriction.hpp,
// validity_rule.hpp): the validity rule's text form, the classifier c(θ) and the restricted
// prior, which every method accepts as its prior. run_sequential takes an embedding net and a
// restriction (rule and classifier settings: round 1 trains the classifier, later rounds draw
// from the posterior restricted to it; sequential/round_restriction.hpp). The rounds and the classifier's training run
// without the GIL; the simulator re-acquires it for each batch (arrays.hpp).
#include <nanobind/stl/function.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <vector>

#include "arrays.hpp"
#include "core/errors.hpp"
#include "bindings.hpp"
#include "handles.hpp"
#include "nn/embedding_spec.hpp"
#include "sequential/restriction.hpp"
#include "sequential/sequential.hpp"
#include "sequential/validity_rule.hpp"
#include "training.hpp"

namespace sbi::py {

namespace {

struct SequentialArgs {
  std::string method = "snpe-c";
  std::string estimator = "maf";
  inference::ThetaSpace theta_space = inference::ThetaSpace::constrained;
  int rounds = 10;
  Index num_atoms = 10;
  std::uint64_t seed = 0;
  std::string embedding = "none";        // nn/embedding_spec.hpp text
  std::string restriction_rule;          // empty: no restriction; else the validity rule's text
  nb::object restriction_test;           // None, or a callable x -> one bool per row (True: valid)
  inference::RestrictionSettings restriction;  // the classifier's settings with a rule
};

nb::dict round_record(const inference::SequentialRound& r) {
  nb::dict d;
  d["simulations"] = r.simulations;
  d["dropped"] = r.dropped;
  d["acceptance_rate"] = r.acceptance_rate;
  d["proposal_by_mcmc"] = r.proposal_by_mcmc;
  d["epochs"] = r.epochs;
  d["seconds_proposing"] = r.seconds_proposing;
  d["seconds_simulating"] = r.seconds_simulating;
  d["seconds_training"] = r.seconds_training;
  return d;
}

// The rule's own test from a Python callable x (n×d array) -> n flags, called with the GIL for
// each batch of simulations (the rounds run without it).
void add_python_test(inference::ValidityRule& rule, nb::object fn) {
  nb::object name = nb::getattr(fn, "__name__", nb::str("callable"));
  rule.test_name = "python:" + nb::cast<std::string>(nb::str(name));
  auto shared = std::make_shared<nb::object>(std::move(fn));
  rule.test = [shared](const MatrixD& x) {
    nb::gil_scoped_acquire acquire;
    nb::object flags = nb::module_::import_("numpy").attr("asarray")((*shared)(to_numpy(MatrixD(x))));
    const int ndim = nb::cast<int>(flags.attr("ndim"));
    if (ndim != 1)
      throw ValueError("restriction: the rule callable must return one flag per row (a 1-d array), got a " +
                       std::to_string(ndim) + "-d array for " + std::to_string(x.rows()) + " rows");
    return nb::cast<std::vector<bool>>(flags.attr("astype")("bool").attr("tolist")());
  };
}

// Runs the driver; fills info with the per-round records, all rounds' (θ, x) and save_model.
PosteriorHandle run_sequential(const PriorHandle& prior, nb::object simulator, const InVector& x_o, Index budget,
                               const SequentialArgs& args, const TrainJobSettings& training,
                               const inference::McmcSettings& mcmc, nb::dict info) {
  inference::SequentialSettings o;
  o.method = inference::parse_sequential_method(args.method);
  o.estimator = args.estimator;
  o.theta_space = args.theta_space;
  o.rounds = args.rounds;
  o.num_atoms = args.num_atoms;
  o.seed = args.seed;
  o.mcmc = mcmc;
  o.embedding = nn::parse_embedding_spec(args.embedding);
  if (!args.restriction_rule.empty())
    o.restriction = inference::SequentialRestrictionSettings{inference::parse_validity_rule(args.restriction_rule),
                                                             args.restriction};
  if (o.restriction && args.restriction_test.is_valid() && !args.restriction_test.is_none())
    add_python_test(o.restriction->rule, args.restriction_test);
  TrainingRun run(training);
  o.training = run.options();
  const RowVectorD obs = to_row(x_o);
  const auto simulate = python_simulator(std::move(simulator));
  inference::SequentialResult result;
  {
    nb::gil_scoped_release release;
    result = inference::run_sequential(prior.prior, simulate, obs, budget, o);
  }
  run.rethrow_callback_error();
  nb::list rounds;
  for (const auto& r : result.rounds) rounds.append(round_record(r));
  info["method"] = inference::sequential_method_name(o.method);
  if (result.restricted_prior) info["restricted_acceptance"] = result.restricted_prior->acceptance_rate();
  info["rounds"] = rounds;
  info["theta"] = to_numpy(std::move(result.theta));
  info["x"] = to_numpy(std::move(result.x));
  // (path, tag) -> writes the last round's network as an npe, nle or nre model file.
  info["save_model"] = nb::cpp_function([save = result.save_model](const std::string& path, const std::string& tag) {
    nb::gil_scoped_release release;
    save(path, tag);
  }, nb::arg("path"), nb::arg("tag"));
  return PosteriorHandle{result.posterior};
}

void bind_run_sequential(nb::module_& m) {
  nb::class_<SequentialArgs>(m, "SequentialArgs")
      .def(nb::init<>())
      .def_rw("method", &SequentialArgs::method)
      .def_rw("estimator", &SequentialArgs::estimator)
      .def_rw("theta_space", &SequentialArgs::theta_space)
      .def_rw("rounds", &SequentialArgs::rounds)
      .def_rw("num_atoms", &SequentialArgs::num_atoms)
      .def_rw("seed", &SequentialArgs::seed)
      .def_rw("embedding", &SequentialArgs::embedding)
      .def_rw("restriction_rule", &SequentialArgs::restriction_rule)
      .def_rw("restriction_test", &SequentialArgs::restriction_test, nb::arg("value").none())
      .def_rw("restriction", &SequentialArgs::restriction);
  m.def("run_sequential", &run_sequential, nb::arg("prior"), nb::arg("simulator"), nb::arg("x_o"),
        nb::arg("budget"), nb::arg("args"), nb::arg("training"), nb::arg("mcmc"), nb::arg("info"));
  m.def("sequential_method_names", &inference::sequential_method_names);
}

struct RestrictionHandle {
  std::shared_ptr<const inference::RestrictionClassifier> classifier;
};

void bind_restriction(nb::module_& m) {
  using O = inference::RestrictionSettings;
  nb::class_<O>(m, "RestrictionSettings")
      .def(nb::init<>())
      .def_rw("hidden", &O::hidden)
      .def_rw("layers", &O::layers)
      .def_rw("allowed_false_negatives", &O::allowed_false_negatives)
      .def_rw("probability_threshold", &O::probability_threshold)
      .def_rw("min_acceptance", &O::min_acceptance)
      .def_rw("calibration_draws", &O::calibration_draws)
      .def_rw("seed", &O::seed);
  // One flag per row of x by the rule's text form ("finite" or "x0>=1,x3<0").
  m.def("validity_rows", [](const std::string& rule, const InMatrix& x) {
    return inference::parse_validity_rule(rule).valid_rows(to_matrix(x));
  }, nb::arg("rule"), nb::arg("x"));
  m.def("validity_rule_str", [](const std::string& rule) { return inference::parse_validity_rule(rule).str(); },
        nb::arg("rule"));
  nb::class_<RestrictionHandle>(m, "RestrictionClassifier")
      .def_static("fit", [](const InMatrix& theta, const std::vector<bool>& valid, const O& settings,
                            const TrainJobSettings& training) {
        O o = settings;
        TrainingRun run(training);
        o.training = run.options();
        const MatrixD t = to_matrix(theta);
        std::shared_ptr<const inference::RestrictionClassifier> c;
        {
          nb::gil_scoped_release release;
          c = std::make_shared<const inference::RestrictionClassifier>(
              inference::RestrictionClassifier::fit(t, valid, o));
        }
        run.rethrow_callback_error();
        return RestrictionHandle{c};
      }, nb::arg("theta"), nb::arg("valid"), nb::arg("settings"), nb::arg("training"))
      .def("probability_valid", [](const RestrictionHandle& h, const InMatrix& theta) {
        return to_numpy(h.classifier->probability_valid(to_matrix(theta)));
      }, nb::arg("theta"))
      .def_prop_ro("threshold", [](const RestrictionHandle& h) { return h.classifier->threshold(); })
      .def_prop_ro("trivial", [](const RestrictionHandle& h) { return h.classifier->trivial(); })
      // The restricted prior p(θ)·1[c(θ) ≥ τ] / A over `base`, and its acceptance rate A.
      .def("restricted_prior", [](const RestrictionHandle& h, const PriorHandle& base, const O& settings) {
        auto prior = std::make_shared<inference::RestrictedPrior>(base.prior, h.classifier, settings);
        const double acceptance = prior->acceptance_rate();
        return std::make_pair(PriorHandle{prior}, acceptance);
      }, nb::arg("base"), nb::arg("settings"));
}

}  // namespace

void bind_sequential(nb::module_& m) {
  bind_run_sequential(m);
  bind_restriction(m);
}

}  // namespace sbi::py
