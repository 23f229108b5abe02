// Prior files: JSON → PriorFile (see prior_file.hpp for the format and the built prior).
#include "simulators/prior_file.hpp"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/input_file.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/prior_gaussian.hpp"
#include "simulators/prior_lognormal.hpp"
#include "simulators/prior_product.hpp"

namespace sbi::sim {

namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

// One entry of "parameters": a scalar parameter (a = low|mu|mean, b = high|sigma|std) or a
// multivariate_normal block (mean, covariance).
struct Entry {
  std::string kind;
  std::vector<std::string> names;
  double a = 0, b = 0;
  VectorD mean;
  Eigen::MatrixXd covariance;
};

struct KindSpec {
  const char* kind;
  const char* a;
  const char* b;
};
constexpr KindSpec kScalarKinds[] = {
    {"uniform", "low", "high"}, {"lognormal", "mu", "sigma"}, {"normal", "mean", "std"}};
constexpr const char* kMvn = "multivariate_normal";

// Builds error messages that name the source, the entry and its names.
struct Where {
  const std::string& source;
  std::size_t index;  // 0-based entry
  std::string names;  // "'tau'" or "'a1', 'a2'" once known

  [[noreturn]] void fail(const std::string& problem) const {
    std::string at = source + ": parameter " + std::to_string(index + 1);
    if (!names.empty()) at += " (" + names + ")";
    throw ValueError(at + ": " + problem);
  }
};

double number_field(const json& entry, const char* field, const Where& where) {
  if (!entry.contains(field)) where.fail("missing field '" + std::string(field) + "'");
  const json& v = entry.at(field);
  if (!v.is_number()) where.fail("field '" + std::string(field) + "' must be a number, got " + v.dump());
  const double x = v.get<double>();
  if (!std::isfinite(x)) where.fail("field '" + std::string(field) + "' must be finite, got " + v.dump());
  return x;
}

std::string checked_name(const json& v, const std::string& field, const Where& where) {
  if (!v.is_string()) where.fail("field '" + field + "' must be a string, got " + v.dump());
  const std::string name = v.get<std::string>();
  if (name.empty() || name.find_first_of(",\"\r\n") != std::string::npos)
    where.fail("field '" + field + "' must be a non-empty name without commas, quotes or line breaks, got " +
               v.dump());
  return name;
}

void check_fields(const json& entry, const std::vector<std::string>& allowed, const Where& where) {
  for (const auto& item : entry.items()) {
    bool known = false;
    for (const auto& a : allowed) known = known || item.key() == a;
    if (known) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    where.fail("unknown field '" + item.key() + "' (this distribution takes " + list + ")");
  }
}

VectorD number_vector(const json& v, const std::string& field, const Where& where) {
  if (!v.is_array()) where.fail("field '" + field + "' must be an array of numbers, got " + v.dump());
  VectorD out(static_cast<Index>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_number()) where.fail("field '" + field + "' entry " + std::to_string(i + 1) + " is not a number");
    out[static_cast<Index>(i)] = v[i].get<double>();
    if (!std::isfinite(out[static_cast<Index>(i)]))
      where.fail("field '" + field + "' entry " + std::to_string(i + 1) + " is not finite");
  }
  return out;
}

void parse_mvn(const json& j, Entry& e, Where& where) {
  check_fields(j, {"names", "distribution", "mean", "covariance"}, where);
  if (!j.contains("names")) where.fail("missing field 'names' (a multivariate_normal block names its parameters)");
  const json& names = j.at("names");
  if (!names.is_array() || names.empty()) where.fail("field 'names' must be a non-empty array of names");
  for (const auto& n : names) e.names.push_back(checked_name(n, "names", where));
  for (const auto& n : e.names) where.names += (where.names.empty() ? "'" : ", '") + n + "'";
  const Index d = static_cast<Index>(e.names.size());
  if (!j.contains("mean")) where.fail("missing field 'mean'");
  e.mean = number_vector(j.at("mean"), "mean", where);
  if (e.mean.size() != d)
    where.fail("field 'mean' has " + std::to_string(e.mean.size()) + " entries for " + std::to_string(d) + " names");
  if (!j.contains("covariance")) where.fail("missing field 'covariance'");
  const json& cov = j.at("covariance");
  if (!cov.is_array() || static_cast<Index>(cov.size()) != d)
    where.fail("field 'covariance' must be a " + std::to_string(d) + "x" + std::to_string(d) + " array of rows");
  e.covariance.resize(d, d);
  for (Index r = 0; r < d; ++r) {
    const VectorD row = number_vector(cov[static_cast<std::size_t>(r)], "covariance", where);
    if (row.size() != d)
      where.fail("field 'covariance' row " + std::to_string(r + 1) + " has " + std::to_string(row.size()) +
                 " entries, expected " + std::to_string(d));
    e.covariance.row(r) = row.transpose();
  }
  const double scale = 1.0 + e.covariance.cwiseAbs().maxCoeff();
  if ((e.covariance - e.covariance.transpose()).cwiseAbs().maxCoeff() > 1e-12 * scale)
    where.fail("field 'covariance' is not symmetric");
  Eigen::LLT<Eigen::MatrixXd> llt(e.covariance);
  if (llt.info() != Eigen::Success) where.fail("field 'covariance' is not positive definite");
}

void parse_scalar(const json& j, const KindSpec& spec, Entry& e, Where& where) {
  if (!j.contains("name")) where.fail("missing field 'name'");
  e.names = {checked_name(j.at("name"), "name", where)};
  where.names = "'" + e.names[0] + "'";
  check_fields(j, {"name", "distribution", spec.a, spec.b}, where);
  e.a = number_field(j, spec.a, where);
  e.b = number_field(j, spec.b, where);
  if (e.kind == "uniform" && !(e.a < e.b))
    where.fail("field 'low' (" + j.at("low").dump() + ") must be below 'high' (" + j.at("high").dump() + ")");
  if (e.kind != "uniform" && !(e.b > 0))
    where.fail("field '" + std::string(spec.b) + "' must be positive, got " + j.at(spec.b).dump());
}

Entry parse_entry(const json& j, std::size_t index, const std::string& source) {
  Where where{source, index, ""};
  if (!j.is_object()) where.fail("must be an object, got " + j.dump());
  if (j.contains("name") && j.at("name").is_string()) where.names = "'" + j.at("name").get<std::string>() + "'";
  if (!j.contains("distribution")) where.fail("missing field 'distribution'");
  if (!j.at("distribution").is_string()) where.fail("field 'distribution' must be a string");
  Entry e;
  e.kind = j.at("distribution").get<std::string>();
  if (e.kind == kMvn) {
    parse_mvn(j, e, where);
    return e;
  }
  for (const auto& spec : kScalarKinds)
    if (e.kind == spec.kind) {
      parse_scalar(j, spec, e, where);
      return e;
    }
  where.fail("unknown distribution '" + e.kind + "' (known: uniform, lognormal, normal, multivariate_normal)");
}

const KindSpec& scalar_spec(const std::string& kind) {
  for (const auto& spec : kScalarKinds)
    if (kind == spec.kind) return spec;
  throw ValueError("prior file: no scalar distribution '" + kind + "'");
}

// Consecutive scalar entries of one kind → one component.
PriorPtr scalar_component(const std::string& kind, const VectorD& a, const VectorD& b) {
  if (kind == "uniform") return std::make_shared<BoxUniformPrior>(a, b);
  if (kind == "lognormal") return std::make_shared<LogNormalPrior>(a, b);
  const Eigen::MatrixXd covariance = b.array().square().matrix().asDiagonal();
  return std::make_shared<GaussianPrior>(a, covariance);
}

PriorPtr build_prior(const std::vector<Entry>& entries) {
  std::vector<PriorPtr> components;
  for (std::size_t i = 0; i < entries.size();) {
    if (entries[i].kind == kMvn) {
      components.push_back(std::make_shared<GaussianPrior>(entries[i].mean, entries[i].covariance));
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < entries.size() && entries[end].kind == entries[i].kind) ++end;
    VectorD a(static_cast<Index>(end - i)), b(static_cast<Index>(end - i));
    for (std::size_t k = i; k < end; ++k) {
      a[static_cast<Index>(k - i)] = entries[k].a;
      b[static_cast<Index>(k - i)] = entries[k].b;
    }
    components.push_back(scalar_component(entries[i].kind, a, b));
    i = end;
  }
  if (components.size() == 1) return components.front();
  return std::make_shared<ProductPrior>(std::move(components));
}

ordered_json canonical_entry(const Entry& e) {
  ordered_json j;
  if (e.kind == kMvn) {
    j["names"] = e.names;
    j["distribution"] = e.kind;
    j["mean"] = std::vector<double>(e.mean.data(), e.mean.data() + e.mean.size());
    ordered_json rows = ordered_json::array();
    for (Index r = 0; r < e.covariance.rows(); ++r) {
      const VectorD row = e.covariance.row(r).transpose();
      rows.push_back(std::vector<double>(row.data(), row.data() + row.size()));
    }
    j["covariance"] = rows;
    return j;
  }
  const KindSpec& spec = scalar_spec(e.kind);
  j["name"] = e.names[0];
  j["distribution"] = e.kind;
  j[spec.a] = e.a;
  j[spec.b] = e.b;
  return j;
}

}  // namespace

PriorFile parse_prior_json(const std::string& text, const std::string& source) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {  // syntax errors, and numbers that overflow a double
    throw ValueError(source + ": not valid JSON (" + e.what() + ")");
  }
  if (!root.is_object()) throw ValueError(source + ": the top level must be an object {\"parameters\": [...]}");
  for (const auto& item : root.items())
    if (item.key() != "parameters") throw ValueError(source + ": unknown top-level field '" + item.key() + "'");
  if (!root.contains("parameters")) throw ValueError(source + ": missing field 'parameters'");
  const json& list = root.at("parameters");
  if (!list.is_array()) throw ValueError(source + ": field 'parameters' must be an array");
  if (list.empty()) throw ValueError(source + ": field 'parameters' is empty (a prior needs a parameter)");

  std::vector<Entry> entries;
  PriorFile out;
  std::set<std::string> seen;
  ordered_json canonical_list = ordered_json::array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    entries.push_back(parse_entry(list[i], i, source));
    for (const auto& name : entries.back().names) {
      if (!seen.insert(name).second)
        throw ValueError(source + ": parameter " + std::to_string(i + 1) + ": duplicate name '" + name + "'");
      out.names.push_back(name);
    }
    canonical_list.push_back(canonical_entry(entries.back()));
  }
  out.prior = build_prior(entries);
  ordered_json canonical;
  canonical["parameters"] = canonical_list;
  out.json = canonical.dump();
  return out;
}

PriorFile read_prior_file(const std::string& path) {
  std::ifstream in = open_input_file(path, "prior file", /*binary=*/true);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw IOError("error reading prior file '" + path + "'");
  return parse_prior_json(text.str(), "prior file '" + path + "'");
}

Task make_prior_task(const PriorFile& prior, std::shared_ptr<const Simulator> simulator,
                     std::vector<std::string> data_names) {
  if (!prior.prior || static_cast<Index>(prior.names.size()) != prior.prior->dim())
    throw ValueError("make_prior_task: the prior file has no prior or a name count other than its dimension");
  Task task;
  task.name = "prior_file";
  task.description = "user prior " + prior.prior->describe();
  task.prior = prior.prior;
  task.parameter_names = prior.names;
  task.prior_json = prior.json;
  task.simulator = std::move(simulator);
  if (data_names.empty() && task.simulator) data_names = numbered_names("x", task.simulator->x_dim());
  task.data_names = std::move(data_names);
  if (task.simulator) task.validate();
  return task;
}

}  // namespace sbi::sim
