// A field table: a typed description of a settings struct's fields, one row per field (name,
// help, kind, range or enum names, and the member it reads and writes). One table drives every
// place the settings appear as text — a JSON config, summary.json, a model file's header, CLI
// flags — so that a field is declared once:
//   to_json(table, s)          {"name": value, ...} in table order (enums by name)
//   from_json(table, j, s, w)  sets the fields j names; refuses a key the table lacks, a value of
//                              the wrong type, a number out of range or an unknown enum name,
//                              with a ValueError naming w (the struct) and the field.
//   set_from_text(table, name, text, s, w)   one field from a flag's text ("20", "nuts", "true",
//                                            "1,10,100" for a list)
// Fields j does not name keep their values in s (so defaults come from the struct itself).
#pragma once
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"

namespace sbi {

enum class FieldKind { Int, Double, Bool, Enum, String, Object, List };
std::string field_kind_name(FieldKind kind);

template <class S>
struct Field {
  std::string name;
  std::string help;
  FieldKind kind = FieldKind::Int;
  std::vector<std::string> enum_names;  // Enum: the accepted names (canonical names first)
  std::string range;                    // Int/Double: e.g. "[1, inf)"; empty when unbounded
  std::function<nlohmann::json(const S&)> get;
  // Sets the field from a JSON value, or throws ValueError with a message (without the names).
  std::function<void(S&, const nlohmann::json&)> set;
};

template <class S>
using FieldTable = std::vector<Field<S>>;

// The error from_json throws: "what: field 'path' message", with its parts kept so that a
// nested table's error names the whole path (e.g. 'targets.num_noise').
class FieldError : public ValueError {
 public:
  FieldError(std::string what, std::string path, std::string message);
  const std::string& path() const { return path_; }
  const std::string& message() const { return message_; }

 private:
  std::string path_, message_;
};

namespace detail {
std::string format_range(double lo, double hi, bool integral);
// A flag's text as the JSON value a field of this kind reads; ValueError when it is not one.
nlohmann::json text_to_json(FieldKind kind, const std::string& text);
}  // namespace detail

// An integer (also unsigned) or floating-point member, accepted in [lo, hi].
template <class S, class T>
  requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>)
Field<S> number_field(std::string name, T S::*member, std::string help, T lo = std::numeric_limits<T>::lowest(),
                      T hi = std::numeric_limits<T>::max()) {
  constexpr bool integral = std::is_integral_v<T>;
  Field<S> f{std::move(name), std::move(help), integral ? FieldKind::Int : FieldKind::Double, {}, {}, {}, {}};
  if (lo != std::numeric_limits<T>::lowest() || hi != std::numeric_limits<T>::max())
    f.range = detail::format_range(static_cast<double>(lo), static_cast<double>(hi), integral);
  f.get = [member](const S& s) { return nlohmann::json(s.*member); };
  f.set = [member, lo, hi, range = f.range](S& s, const nlohmann::json& j) {
    T value{};
    if constexpr (integral) {
      if (!j.is_number_integer()) throw ValueError("must be an integer, got " + j.dump());
      if constexpr (std::is_unsigned_v<T>) {
        if (j.is_number_unsigned()) value = j.get<T>();
        else throw ValueError("must be >= 0, got " + j.dump());
      } else {
        if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
          throw ValueError("is out of range: " + j.dump());
        const auto wide = j.get<std::int64_t>();
        if (wide < static_cast<std::int64_t>(std::numeric_limits<T>::lowest()) ||
            wide > static_cast<std::int64_t>(std::numeric_limits<T>::max()))
          throw ValueError("is out of range: " + j.dump());
        value = static_cast<T>(wide);
      }
    } else {
      if (!j.is_number()) throw ValueError("must be a number, got " + j.dump());
      value = j.get<T>();
      if (!std::isfinite(value)) throw ValueError("must be a finite number, got " + j.dump());
    }
    if (value < lo || value > hi) throw ValueError("must be in " + range + ", got " + j.dump());
    s.*member = value;
  };
  return f;
}

// An optional number: null (JSON) when unset, so that a default decided elsewhere (e.g. per
// method) applies; a value is checked as number_field's.
template <class S, class T>
Field<S> optional_number_field(std::string name, std::optional<T> S::*member, std::string help, T lo, T hi) {
  struct Box {
    T value{};
  };
  const Field<Box> inner = number_field(name, &Box::value, help, lo, hi);
  Field<S> f{std::move(name), std::move(help), inner.kind, {}, inner.range, {}, {}};
  f.get = [member](const S& s) { return (s.*member) ? nlohmann::json(*(s.*member)) : nlohmann::json(nullptr); };
  f.set = [member, inner](S& s, const nlohmann::json& j) {
    if (j.is_null()) return (s.*member).reset();
    Box box;
    inner.set(box, j);
    s.*member = box.value;
  };
  return f;
}

template <class S>
Field<S> bool_field(std::string name, bool S::*member, std::string help) {
  Field<S> f{std::move(name), std::move(help), FieldKind::Bool, {}, {}, {}, {}};
  f.get = [member](const S& s) { return nlohmann::json(s.*member); };
  f.set = [member](S& s, const nlohmann::json& j) {
    if (!j.is_boolean()) throw ValueError("must be true or false, got " + j.dump());
    s.*member = j.get<bool>();
  };
  return f;
}

template <class S>
Field<S> string_field(std::string name, std::string S::*member, std::string help) {
  Field<S> f{std::move(name), std::move(help), FieldKind::String, {}, {}, {}, {}};
  f.get = [member](const S& s) { return nlohmann::json(s.*member); };
  f.set = [member](S& s, const nlohmann::json& j) {
    if (!j.is_string()) throw ValueError("must be a string, got " + j.dump());
    s.*member = j.get<std::string>();
  };
  return f;
}

// A list of finite numbers, each in [lo, hi]: a JSON array, or "1,10,100" as text.
template <class S>
Field<S> number_list_field(std::string name, std::vector<double> S::*member, std::string help,
                           double lo = std::numeric_limits<double>::lowest(),
                           double hi = std::numeric_limits<double>::max()) {
  Field<S> f{std::move(name), std::move(help), FieldKind::List, {}, {}, {}, {}};
  if (lo != std::numeric_limits<double>::lowest() || hi != std::numeric_limits<double>::max())
    f.range = detail::format_range(lo, hi, false);
  f.get = [member](const S& s) { return nlohmann::json(s.*member); };
  f.set = [member, lo, hi, range = f.range](S& s, const nlohmann::json& j) {
    if (!j.is_array()) throw ValueError("must be a list of numbers, got " + j.dump());
    std::vector<double> values;
    for (const nlohmann::json& item : j) {
      if (!item.is_number() || !std::isfinite(item.get<double>()))
        throw ValueError("must hold finite numbers, got " + item.dump());
      if (item.get<double>() < lo || item.get<double>() > hi)
        throw ValueError("must hold numbers in " + range + ", got " + item.dump());
      values.push_back(item.get<double>());
    }
    s.*member = std::move(values);
  };
  return f;
}

// An enum member written by name. `names` pairs values with names; a value may have several
// names (aliases), and its first is the one written.
template <class S, class E>
  requires std::is_enum_v<E>
Field<S> enum_field(std::string name, E S::*member, std::string help, std::vector<std::pair<E, std::string>> names) {
  Field<S> f{std::move(name), std::move(help), FieldKind::Enum, {}, {}, {}, {}};
  for (const auto& [value, label] : names) f.enum_names.push_back(label);
  f.get = [member, names](const S& s) {
    for (const auto& [value, label] : names)
      if (value == s.*member) return nlohmann::json(label);
    return nlohmann::json(static_cast<std::int64_t>(s.*member));  // a value the table does not name
  };
  f.set = [member, names, accepted = f.enum_names](S& s, const nlohmann::json& j) {
    if (j.is_string())
      for (const auto& [value, label] : names)
        if (label == j.get<std::string>()) {
          s.*member = value;
          return;
        }
    std::string list;
    for (const std::string& label : accepted) list += (list.empty() ? "" : ", ") + label;
    throw ValueError("must be one of " + list + ", got " + j.dump());
  };
  return f;
}

// One table from two (a struct's fields declared in groups).
template <class S>
FieldTable<S> joined(FieldTable<S> first, FieldTable<S> second) {
  for (Field<S>& f : second) first.push_back(std::move(f));
  return first;
}

template <class S>
nlohmann::json to_json(const FieldTable<S>& table, const S& s) {
  nlohmann::json out = nlohmann::json::object();
  for (const Field<S>& f : table) out[f.name] = f.get(s);
  return out;
}

// Sets the fields that j names (see the top of the file); `what` names the struct in errors,
// e.g. "mcmc settings" → "mcmc settings: field 'thin' must be in [1, inf), got 0".
template <class S>
void from_json(const FieldTable<S>& table, const nlohmann::json& j, S& s, const std::string& what) {
  if (!j.is_object()) throw ValueError(what + ": expected a JSON object, got " + j.dump());
  for (const auto& [key, value] : j.items()) {
    const Field<S>* field = nullptr;
    for (const Field<S>& f : table)
      if (f.name == key) field = &f;
    if (!field) {
      std::string known;
      for (const Field<S>& f : table) known += (known.empty() ? "" : ", ") + f.name;
      throw FieldError(what, key, "is not a field (known: " + known + ")");
    }
    try {
      field->set(s, value);
    } catch (const FieldError& e) {  // from a nested table
      throw FieldError(what, key + "." + e.path(), e.message());
    } catch (const ValueError& e) {
      throw FieldError(what, key, e.what());
    }
  }
}

// Sets the field called `name` from text, e.g. a CLI flag's value: integers and numbers are
// parsed whole ("2x" is refused), bools are true/false, enums and strings are taken as given.
// Errors as from_json's (FieldError naming `what` and the field).
template <class S>
void set_from_text(const FieldTable<S>& table, const std::string& name, const std::string& text, S& s,
                   const std::string& what) {
  for (const Field<S>& f : table) {
    if (f.name != name) continue;
    nlohmann::json value;
    try {
      value = detail::text_to_json(f.kind, text);
    } catch (const ValueError& e) {
      throw FieldError(what, name, e.what());
    }
    from_json(table, nlohmann::json{{name, value}}, s, what);
    return;
  }
  from_json(table, nlohmann::json{{name, text}}, s, what);  // refuses the unknown name
}

// A nested settings struct, written as a JSON object through its own table.
template <class S, class Sub>
Field<S> object_field(std::string name, Sub S::*member, std::string help, FieldTable<Sub> table) {
  Field<S> f{name, std::move(help), FieldKind::Object, {}, {}, {}, {}};
  f.get = [member, table](const S& s) { return to_json(table, s.*member); };
  f.set = [member, table, name](S& s, const nlohmann::json& j) { from_json(table, j, s.*member, name); };
  return f;
}

}  // namespace sbi
