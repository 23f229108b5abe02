// Field tables (core/settings_fields.hpp): a settings struct written to JSON and read back
// through its table, and every kind of bad input refused with the struct and field named.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "core/settings_fields.hpp"

using namespace sbi;
using nlohmann::json;

namespace {

enum class Colour { Red, Green };

struct Inner {
  double scale = 2.0;
};

struct Example {
  Index count = 3;
  int small = 1;
  double rate = 0.5;
  bool flag = false;
  Colour colour = Colour::Red;
  std::string label = "x";
  std::uint64_t seed = 7;
  Inner inner;
};

const FieldTable<Example>& example_fields() {
  static const FieldTable<Example> table = {
      number_field("count", &Example::count, "a count", Index(1), Index(100)),
      number_field("small", &Example::small, "an int"),
      number_field("rate", &Example::rate, "a rate", 0.0, 1.0),
      bool_field("flag", &Example::flag, "a flag"),
      enum_field("colour", &Example::colour, "a colour",
                 {{Colour::Red, "red"}, {Colour::Green, "green"}, {Colour::Green, "verde"}}),
      string_field("label", &Example::label, "a label"),
      number_field("seed", &Example::seed, "a seed"),
      object_field("inner", &Example::inner, "nested",
                   FieldTable<Inner>{number_field("scale", &Inner::scale, "a scale", 0.0, 10.0)}),
  };
  return table;
}

std::string error_of(const json& j) {
  Example e;
  try {
    from_json(example_fields(), j, e, "example settings");
  } catch (const ValueError& err) {
    return err.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a settings struct goes to JSON and back through its field table") {
  Example e;
  const json defaults = to_json(example_fields(), e);
  CHECK(defaults == json::parse(R"({"count": 3, "small": 1, "rate": 0.5, "flag": false, "colour": "red",
                                    "label": "x", "seed": 7, "inner": {"scale": 2.0}})"));
  e.count = 42;
  e.rate = 0.25;
  e.flag = true;
  e.colour = Colour::Green;
  e.label = "y";
  e.seed = std::numeric_limits<std::uint64_t>::max();
  e.inner.scale = 9.5;
  const json written = to_json(example_fields(), e);
  CHECK(written["colour"] == "green");  // the first name of a value is the one written
  Example back;
  from_json(example_fields(), written, back, "example settings");
  CHECK(to_json(example_fields(), back) == written);
  CHECK(back.seed == std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("from_json sets only the fields it names; aliases and nested objects are read") {
  Example e;
  from_json(example_fields(), json::parse(R"({"colour": "verde", "inner": {"scale": 4}})"), e, "example");
  CHECK(e.colour == Colour::Green);
  CHECK(e.inner.scale == 4.0);
  CHECK(e.count == 3);  // untouched: the struct's default
  CHECK(e.label == "x");
}

TEST_CASE("bad input is refused naming the struct and the field") {
  CHECK(error_of(json::parse(R"({"cuont": 3})")) ==
        "example settings: field 'cuont' is not a field (known: count, small, rate, flag, colour, label, seed, inner)");
  CHECK(error_of(json::parse(R"({"count": 0})")) == "example settings: field 'count' must be in [1, 100], got 0");
  CHECK(error_of(json::parse(R"({"count": 2.5})")) == "example settings: field 'count' must be an integer, got 2.5");
  CHECK(error_of(json::parse(R"({"count": true})")).find("must be an integer") != std::string::npos);
  CHECK(error_of(json::parse(R"({"small": 3000000000})")).find("field 'small' is out of range") != std::string::npos);
  CHECK(error_of(json::parse(R"({"seed": -1})")) == "example settings: field 'seed' must be >= 0, got -1");
  CHECK(error_of(json::parse(R"({"rate": 1.5})")) == "example settings: field 'rate' must be in [0, 1], got 1.5");
  CHECK(error_of(json::parse(R"({"rate": "0.5"})")).find("field 'rate' must be a number") != std::string::npos);
  CHECK(error_of(json::parse(R"({"flag": 1})")) == "example settings: field 'flag' must be true or false, got 1");
  CHECK(error_of(json::parse(R"({"colour": "blue"})")) ==
        "example settings: field 'colour' must be one of red, green, verde, got \"blue\"");
  CHECK(error_of(json::parse(R"({"label": 3})")).find("field 'label' must be a string") != std::string::npos);
  CHECK(error_of(json::parse(R"({"inner": {"scale": 11}})")) ==
        "example settings: field 'inner.scale' must be in [0, 10], got 11");
  CHECK(error_of(json::parse(R"({"inner": {"scael": 1}})")).find("field 'inner.scael' is not a field") !=
        std::string::npos);
  CHECK(error_of(json::parse("[1, 2]")).find("example settings: expected a JSON object") != std::string::npos);
}

TEST_CASE("a refused value leaves the earlier fields set and the struct usable") {
  Example e;
  CHECK_THROWS_AS(from_json(example_fields(), json::parse(R"({"count": 5, "rate": 2})"), e, "example"), FieldError);
  CHECK(e.count == 5);  // fields are applied in key order (nlohmann::json sorts them)
  CHECK(e.rate == 0.5);
}

TEST_CASE("field descriptions: kinds, ranges and enum names") {
  const auto& t = example_fields();
  CHECK(t[0].kind == FieldKind::Int);
  CHECK(t[0].range == "[1, 100]");
  CHECK(t[1].range.empty());
  CHECK(t[2].kind == FieldKind::Double);
  CHECK(t[4].kind == FieldKind::Enum);
  CHECK(t[4].enum_names == std::vector<std::string>{"red", "green", "verde"});
  CHECK(field_kind_name(t[7].kind) == "object");
}

TEST_CASE("set_from_text: a flag's text through the field's kind") {
  Example e;
  const auto& t = example_fields();
  set_from_text(t, "count", "42", e, "example");
  set_from_text(t, "rate", "0.125", e, "example");
  set_from_text(t, "flag", "true", e, "example");
  set_from_text(t, "colour", "verde", e, "example");
  set_from_text(t, "label", "hello world", e, "example");
  set_from_text(t, "seed", "18446744073709551615", e, "example");
  set_from_text(t, "small", "-5", e, "example");
  CHECK(e.count == 42);
  CHECK(e.rate == 0.125);
  CHECK(e.flag);
  CHECK(e.colour == Colour::Green);
  CHECK(e.label == "hello world");
  CHECK(e.seed == std::numeric_limits<std::uint64_t>::max());
  CHECK(e.small == -5);
  auto error = [&](const std::string& name, const std::string& text) {
    try {
      set_from_text(t, name, text, e, "example");
    } catch (const FieldError& err) {
      return std::string(err.what());
    }
    return std::string();
  };
  CHECK(error("count", "2x") == "example: field 'count' must be an integer, got '2x'");
  CHECK(error("count", "") == "example: field 'count' must be an integer, got ''");
  CHECK(error("count", "1000") == "example: field 'count' must be in [1, 100], got 1000");
  CHECK(error("seed", "-1") == "example: field 'seed' must be >= 0, got -1");
  CHECK(error("rate", "0.5.1") == "example: field 'rate' must be a number, got '0.5.1'");
  CHECK(error("rate", "nan") == "example: field 'rate' must be a finite number, got null");
  CHECK(error("rate", "inf").find("must be a finite number") != std::string::npos);
  CHECK(error("flag", "yes") == "example: field 'flag' must be true or false, got 'yes'");
  CHECK(error("colour", "blue").find("must be one of red, green, verde") != std::string::npos);
  CHECK(error("inner", "3") == "example: field 'inner' is a group of settings, not set from text");
  CHECK(error("nope", "3").find("field 'nope' is not a field") != std::string::npos);
  CHECK(e.count == 42);  // refused values change nothing
}
