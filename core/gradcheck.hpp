// The generic finite-difference gradient checker, used by the tests of every op and layer.
//
// The function under test maps input variables (and any parameters it registers on the tape
// itself) to an output of any shape. The checker projects the output on fixed random weights
// R, L = Σ out ⊙ R, computes ∂L/∂input by Tape::backward(out, R) and compares every entry with
// the central difference (L(x + h) - L(x - h)) / 2h, accumulating L in double:
//   |analytic - numeric| ≤ atol + rtol · |numeric|.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/tape.hpp"

namespace sbi::ad {

struct GradCheckSettings {
  float step = 3e-3f;   // h, scaled by max(1, |x|)
  double rtol = 2e-2;
  double atol = 2e-3;
  std::uint64_t seed = 7;  // for the projection weights R
};

// A parameter matrix the function reads through tape.parameter(value, grad).
struct ParamRef {
  MatrixF* value;
  MatrixF* grad;
  std::string name;
};

struct GradCheckReport {
  bool passed = true;
  double worst_excess = 0;  // max over entries of |a - n| - (atol + rtol|n|); ≤ 0 when passed
  std::size_t entries_checked = 0;
  std::string detail;  // the worst entry: which input, index, analytic and numeric values
};

using GradFunction = std::function<Var(Tape&, const std::vector<Var>&)>;

GradCheckReport check_gradients(const GradFunction& f, const std::vector<MatrixF>& inputs,
                                const std::vector<ParamRef>& params = {},
                                const GradCheckSettings& options = {});

}  // namespace sbi::ad
