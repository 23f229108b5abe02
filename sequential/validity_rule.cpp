// Validity rules for simulations (see validity_rule.hpp).
#include "sequential/validity_rule.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/errors.hpp"

namespace sbi::inference {

namespace {
const char* op_text(Comparison op) {
  switch (op) {
    case Comparison::at_least: return ">=";
    case Comparison::at_most: return "<=";
    case Comparison::greater: return ">";
    case Comparison::less: return "<";
  }
  return "?";
}

ColumnBound parse_bound(const std::string& item, const std::string& text) {
  auto bad = [&](const std::string& why) -> ValueError {
    return ValueError("validity rule '" + text + "': item '" + item + "' " + why +
                      " (expected finite, or bounds such as x0>=1 with >=, <=, > or <)");
  };
  if (item.size() < 4 || item[0] != 'x') throw bad("does not start with x<column>");
  std::size_t at = 1;
  while (at < item.size() && std::isdigit(static_cast<unsigned char>(item[at]))) ++at;
  if (at == 1) throw bad("has no column number");
  ColumnBound b;
  b.column = std::stoll(item.substr(1, at - 1));
  const std::string rest = item.substr(at);
  std::size_t op_len = 1;
  if (rest.rfind(">=", 0) == 0) b.op = Comparison::at_least, op_len = 2;
  else if (rest.rfind("<=", 0) == 0) b.op = Comparison::at_most, op_len = 2;
  else if (rest.rfind(">", 0) == 0) b.op = Comparison::greater;
  else if (rest.rfind("<", 0) == 0) b.op = Comparison::less;
  else throw bad("has no comparison");
  const std::string number = rest.substr(op_len);
  char* end = nullptr;
  b.value = std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(b.value))
    throw bad("has no finite number after the comparison");
  return b;
}
}  // namespace

bool ColumnBound::holds(double v) const {
  switch (op) {
    case Comparison::at_least: return v >= value;
    case Comparison::at_most: return v <= value;
    case Comparison::greater: return v > value;
    case Comparison::less: return v < value;
  }
  return false;
}

std::string ColumnBound::str() const {
  char number[32];  // the shortest text that reads back as the same double: -0.2, not -0.20000000000000001
  char* end = std::to_chars(number, number + sizeof number, value).ptr;
  return "x" + std::to_string(column) + op_text(op) + std::string(number, static_cast<std::size_t>(end - number));
}

namespace {
bool finite_within_bounds(const std::vector<ColumnBound>& bounds, const double* x, Index x_dim) {
  for (Index j = 0; j < x_dim; ++j)
    if (!std::isfinite(x[j])) return false;
  for (const ColumnBound& b : bounds)
    if (!b.holds(x[b.column])) return false;
  return true;
}
}  // namespace

bool ValidityRule::valid(const double* x, Index x_dim) const {
  if (test) return valid_rows(Eigen::Map<const RowVectorD>(x, x_dim)).front();
  return finite_within_bounds(bounds, x, x_dim);
}

std::vector<bool> ValidityRule::valid_rows(const MatrixD& x) const {
  for (const ColumnBound& b : bounds)
    if (b.column >= x.cols())
      throw ShapeError("validity rule " + b.str() + ": x has only " + std::to_string(x.cols()) + " columns");
  std::vector<bool> out(static_cast<std::size_t>(x.rows()));
  RowVectorD row(x.cols());
  for (Index i = 0; i < x.rows(); ++i) {
    row = x.row(i);
    out[static_cast<std::size_t>(i)] = finite_within_bounds(bounds, row.data(), x.cols());
  }
  if (!test) return out;
  const std::vector<bool> passed = test(x);
  if (passed.size() != out.size())
    throw ValueError("validity rule " + str() + ": the test gave " + std::to_string(passed.size()) + " flags for " +
                     std::to_string(x.rows()) + " simulations (one per row expected)");
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = out[i] && passed[i];
  return out;
}

std::string ValidityRule::str() const {
  std::string s;
  for (const ColumnBound& b : bounds) s += (s.empty() ? "" : ",") + b.str();
  if (test) s += (s.empty() ? "" : ",") + (test_name.empty() ? std::string("test") : test_name);
  return s.empty() ? "finite" : s;
}

ValidityRule parse_validity_rule(const std::string& text) {
  ValidityRule rule;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (item != "finite" && !item.empty()) rule.bounds.push_back(parse_bound(item, text));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (text.empty()) throw ValueError("validity rule: empty (expected finite or bounds such as x0>=1)");
  return rule;
}

}  // namespace sbi::inference
