// Which simulations count as valid, for restricting the prior (sequential/restriction.hpp).
// A simulation x is invalid when any value is NaN or ±inf, or when it breaks one of the rule's
// column bounds, e.g. "x0>=1" (Hodgkin–Huxley: at least one spike; column 0 is the spike count).
// Text form (the CLI's --restrict): "finite" (non-finite only) or a comma list of bounds
// "x<column><op><value>" with op one of >=, <=, >, <, e.g. "x0>=1,x3<0". Non-finite x is always
// invalid.
#pragma once
#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace sbi::inference {

enum class Comparison { at_least, at_most, greater, less };

struct ColumnBound {
  Index column = 0;
  Comparison op = Comparison::at_least;
  double value = 0;
  bool holds(double v) const;
  std::string str() const;  // "x0>=1"
};

struct ValidityRule {
  std::vector<ColumnBound> bounds;  // all must hold (empty: only finiteness)
  bool valid(const double* x, Index x_dim) const;
  // One flag per row of x (ShapeError when a bound names a column x does not have).
  std::vector<bool> valid_rows(const MatrixD& x) const;
  std::string str() const;  // "finite" or the comma list of bounds
};

// Parses the text form above; ValueError naming the bad item.
ValidityRule parse_validity_rule(const std::string& text);

}  // namespace sbi::inference
