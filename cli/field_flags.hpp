// Flags from a field table (core/settings_fields.hpp): each field named in a FlagSet becomes
// --name-with-dashes (or the name a FlagSet states, e.g. learning_rate → --lr) with the
// table's help text, the default from a struct of defaults, and the enum names or range; reading
// sets the fields whose flags were given (or came from --config) through the table, so the range
// and enum checks are the table's: "--ace-hidden must be in [1, inf), got 0". Integer and number
// text is first checked as any flag's (cli/args.hpp: "--chains must be at most 100000").
#pragma once
#include <map>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "core/settings_fields.hpp"

namespace sbi::cli {

// The fields of one table a command exposes, in order, and the flags renamed from the default.
struct FlagSet {
  std::vector<std::string> fields;
  std::map<std::string, std::string> renamed;  // field → flag
  std::vector<std::string> no_default;          // fields whose help shows no default (its own text says it)
  std::map<std::string, std::string> value_names = {};  // field → its value in --help (else by kind: N, X, ...)
  std::string flag(const std::string& field) const;
  std::string value_name(const std::string& field, FieldKind kind) const;
  bool shows_default(const std::string& field) const;
};

std::string field_value_name(FieldKind kind);
// A default as flag text: strings and enum names bare, lists as "a,b", numbers as JSON writes
// them, nothing for null (an unset optional).
std::string field_default_text(const nlohmann::json& value);
std::string field_help(const std::string& help, const std::vector<std::string>& enum_names, const std::string& range);
// The flag's text as the JSON value the field reads, checked as a flag (UsageError naming it).
nlohmann::json flag_json(const Args& args, const std::string& flag, FieldKind kind);

template <class S>
const Field<S>& field_named(const FieldTable<S>& table, const std::string& name) {
  for (const Field<S>& f : table)
    if (f.name == name) return f;
  throw std::logic_error("no field '" + name + "' in the table");
}

template <class S>
void add_field_flags(Args& args, const FieldTable<S>& table, const S& defaults, const FlagSet& flags) {
  for (const std::string& name : flags.fields) {
    const Field<S>& f = field_named(table, name);
    const std::string help = field_help(f.help, f.enum_names, f.range);
    if (f.kind == FieldKind::Bool) args.flag(flags.flag(name), help);
    else args.option(flags.flag(name), flags.value_name(name, f.kind), help, flags.shows_default(name) ? field_default_text(f.get(defaults)) : "");
  }
}

// Sets in `s` the fields whose flags were given; UsageError "--flag <the table's message>".
template <class S>
void read_field_flags(const Args& args, const FieldTable<S>& table, S& s, const FlagSet& flags) {
  for (const std::string& name : flags.fields) {
    const std::string flag = flags.flag(name);
    if (!args.has(flag)) continue;
    const Field<S>& f = field_named(table, name);
    try {
      from_json(table, nlohmann::json{{name, flag_json(args, flag, f.kind)}}, s, flag);
    } catch (const FieldError& e) {
      throw UsageError("--" + flag + " " + e.message());
    }
  }
}

}  // namespace sbi::cli
