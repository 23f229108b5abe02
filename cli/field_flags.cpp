// Flags from field tables: the non-template parts (see field_flags.hpp).
#include "cli/field_flags.hpp"

#include <algorithm>

#include "cli/common_options.hpp"

namespace sbi::cli {

std::string FlagSet::flag(const std::string& field) const {
  if (const auto it = renamed.find(field); it != renamed.end()) return it->second;
  std::string out = field;
  for (char& c : out)
    if (c == '_') c = '-';
  return out;
}

std::string FlagSet::value_name(const std::string& field, FieldKind kind) const {
  const auto it = value_names.find(field);
  return it != value_names.end() ? it->second : field_value_name(kind);
}

bool FlagSet::shows_default(const std::string& field) const {
  return std::find(no_default.begin(), no_default.end(), field) == no_default.end();
}

std::string field_value_name(FieldKind kind) {
  switch (kind) {
    case FieldKind::Int: return "N";
    case FieldKind::Double: return "X";
    case FieldKind::Enum: return "NAME";
    case FieldKind::List: return "X1,X2,...";
    default: return "TEXT";
  }
}

std::string field_default_text(const nlohmann::json& value) {
  if (value.is_null()) return "";  // an unset optional: the help text says what applies
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_array()) return value.dump();
  std::string out;
  for (const nlohmann::json& item : value) out.append(out.empty() ? "" : ",").append(item.dump());
  return out;
}

std::string field_help(const std::string& help, const std::vector<std::string>& enum_names, const std::string& range) {
  std::string out = help;
  if (!enum_names.empty()) {
    std::string names;
    for (const std::string& n : enum_names) names += (names.empty() ? "" : ", ") + n;
    out += " (one of " + names + ")";
  }
  if (!range.empty()) out += " (in " + range + ")";
  return out;
}

nlohmann::json flag_json(const Args& args, const std::string& flag, FieldKind kind) {
  switch (kind) {
    case FieldKind::Int: {
      const long long v = args.get_int(flag);
      return v >= 0 ? nlohmann::json(static_cast<std::uint64_t>(v)) : nlohmann::json(v);
    }
    case FieldKind::Double: return args.get_double(flag);
    case FieldKind::Bool: return args.flag_set(flag);
    case FieldKind::List: return parse_number_list(args.get(flag), flag);
    default: return args.get(flag);
  }
}

}  // namespace sbi::cli
