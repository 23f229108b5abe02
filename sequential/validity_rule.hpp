// Which simulations count as valid, for restricting the prior (sequential/restriction.hpp).
// A simulation x is invalid when any value is NaN or ±inf, or when it breaks one of the rule's
// column bounds, e.g. "x0>=1" (Hodgkin–Huxley: at least one spike; column 0 is the spike count).
// Text form (the CLI's --restrict): "finite" (non-finite only) or a comma list of bounds
// "x<column><op><value>" with op one of >=, <=, >, <, e.g. "x0>=1,x3<0". Non-finite x is always
// invalid. A rule may also carry a test of its own (e.g. a Python callable "no spike"), called
// once per batch of simulations with all their rows; a row is valid when it is finite, meets
// the bounds and passes that test.
#pragma once
#include <functional>
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

// x (n rows) → one flag per row, true = valid.
using ValidityTest = std::function<std::vector<bool>(const MatrixD& x)>;

struct ValidityRule {
  std::vector<ColumnBound> bounds;  // all must hold (empty: only finiteness)
  ValidityTest test;                // optional, besides the bounds
  std::string test_name;            // how str() shows the test, e.g. "python:no_spike"
  bool valid(const double* x, Index x_dim) const;
  // One flag per row of x (ShapeError when a bound names a column x does not have; ValueError
  // when the test does not give one flag per row).
  std::vector<bool> valid_rows(const MatrixD& x) const;
  std::string str() const;  // "finite", the comma list of bounds, then the test's name
};

// Parses the text form above; ValueError naming the bad item.
ValidityRule parse_validity_rule(const std::string& text);

}  // namespace sbi::inference
