// Field tables: the non-template parts (see settings_fields.hpp).
#include "core/settings_fields.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
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
    case FieldKind::List: return "list";
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

nlohmann::json text_to_json(FieldKind kind, const std::string& text) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  switch (kind) {
    case FieldKind::Int: {
      if (!text.empty() && text[0] != '-') {
        std::uint64_t u = 0;
        const auto [end, ec] = std::from_chars(first, last, u);
        if (ec == std::errc() && end == last) return nlohmann::json(u);
      } else {
        std::int64_t i = 0;
        const auto [end, ec] = std::from_chars(first, last, i);
        if (ec == std::errc() && end == last) return nlohmann::json(i);
      }
      throw ValueError("must be an integer, got '" + text + "'");
    }
    case FieldKind::Double: {
      char* end = nullptr;
      const double v = text.empty() ? 0.0 : std::strtod(first, &end);
      if (text.empty() || end != last) throw ValueError("must be a number, got '" + text + "'");
      return nlohmann::json(v);
    }
    case FieldKind::Bool:
      if (text == "true" || text == "1") return nlohmann::json(true);
      if (text == "false" || text == "0") return nlohmann::json(false);
      throw ValueError("must be true or false, got '" + text + "'");
    case FieldKind::Enum:
    case FieldKind::String: return nlohmann::json(text);
    case FieldKind::List: {
      nlohmann::json list = nlohmann::json::array();
      std::stringstream items(text);
      for (std::string item; std::getline(items, item, ',');) list.push_back(text_to_json(FieldKind::Double, item));
      return list;
    }
    case FieldKind::Object: break;
  }
  throw ValueError("is a group of settings, not set from text");
}

}  // namespace detail
}  // namespace sbi
