// Field tables: the non-template parts (see settings_fields.hpp).
#include "core/settings_fields.hpp"

#include <cmath>
#include <sstream>

namespace sbi {

std::string field_kind_name(FieldKind kind) {
  switch (kind) {
    case FieldKind::Int: return "int";
    case FieldKind::Double: return "double";
    case FieldKind::Bool: return "bool";
    case FieldKind::Enum: return "enum";
    case FieldKind::String: return "string";
    case FieldKind::Object: return "object";
  }
  return "?";
}

FieldError::FieldError(std::string what, std::string path, std::string message)
    : ValueError(what + ": field '" + path + "' " + message), path_(std::move(path)), message_(std::move(message)) {}

namespace detail {

namespace {
std::string bound(double v, bool integral, bool upper) {
  if (std::isinf(v) || std::abs(v) >= 9.2e18) return upper ? "inf" : "-inf";
  std::ostringstream os;
  if (integral) os << static_cast<long long>(v);
  else os << v;
  return os.str();
}
}  // namespace

std::string format_range(double lo, double hi, bool integral) {
  const std::string a = bound(lo, integral, false), b = bound(hi, integral, true);
  return (a == "-inf" ? "(" : "[") + a + ", " + b + (b == "inf" ? ")" : "]");
}

}  // namespace detail
}  // namespace sbi
