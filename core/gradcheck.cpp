// Finite-difference gradient checker (see gradcheck.hpp).
#include "core/gradcheck.hpp"

#include <cmath>
#include <sstream>

#include "core/rng.hpp"

namespace sbi::ad {

namespace {

// L = Σ out ⊙ R in double, on a fresh tape.
double projected(Tape& tape, const GradFunction& f, const std::vector<MatrixF>& inputs,
                 const MatrixF& weights) {
  tape.reset();
  std::vector<Var> vars;
  for (const auto& x : inputs) vars.push_back(tape.constant(x));
  const MapF out = f(tape, vars).value();
  double total = 0;
  for (Index i = 0; i < out.rows(); ++i)
    for (Index j = 0; j < out.cols(); ++j) total += double(out(i, j)) * double(weights(i, j));
  return total;
}

}  // namespace

GradCheckReport check_gradients(const GradFunction& f, const std::vector<MatrixF>& inputs,
                                const std::vector<ParamRef>& params,
                                const GradCheckSettings& options) {
  Tape tape;
  // Analytic pass.
  std::vector<Var> vars;
  for (const auto& x : inputs) vars.push_back(tape.variable(x));
  for (const auto& p : params) p.grad->setZero();
  const Var out = f(tape, vars);
  Rng rng(options.seed);
  MatrixF weights(out.rows(), out.cols());
  for (Index i = 0; i < weights.size(); ++i)
    weights.data()[i] = static_cast<float>(rng.uniform(0.5, 1.5) * (rng.bernoulli(0.5) ? 1 : -1));
  tape.backward(out, weights);
  std::vector<MatrixF> analytic;
  for (const auto& v : vars) analytic.emplace_back(v.grad());
  for (const auto& p : params) analytic.push_back(*p.grad);

  GradCheckReport report;
  report.worst_excess = -INFINITY;
  std::vector<MatrixF> x = inputs;
  auto check_entry = [&](float& entry, const std::string& name, Index k, float a) {
    const float original = entry;
    const float h = options.step * std::max(1.f, std::abs(original));
    entry = original + h;
    const double up = projected(tape, f, x, weights);
    entry = original - h;
    const double down = projected(tape, f, x, weights);
    entry = original;
    const double numeric = (up - down) / (2.0 * double(h));
    const double excess = std::abs(double(a) - numeric) - (options.atol + options.rtol * std::abs(numeric));
    ++report.entries_checked;
    if (excess > report.worst_excess) {
      report.worst_excess = excess;
      std::ostringstream s;
      s << name << "[" << k << "]: analytic " << a << ", numeric " << numeric;
      report.detail = s.str();
    }
  };
  for (std::size_t i = 0; i < x.size(); ++i)
    for (Index k = 0; k < x[i].size(); ++k)
      check_entry(x[i].data()[k], "input " + std::to_string(i), k, analytic[i].data()[k]);
  for (std::size_t i = 0; i < params.size(); ++i)
    for (Index k = 0; k < params[i].value->size(); ++k)
      check_entry(params[i].value->data()[k], params[i].name, k,
                  analytic[x.size() + i].data()[k]);
  report.passed = report.worst_excess <= 0;
  return report;
}

}  // namespace sbi::ad
