// Model files and architecture strings (see model_file.hpp).
#include "nn/model_file.hpp"

#include <charconv>
#include <cmath>

#include "core/binary_io.hpp"
#include "core/errors.hpp"

namespace sbi::nn {

namespace {
constexpr const char* kMagic = "SBIMODEL";
constexpr std::uint32_t kFloat32 = 1, kFloat64 = 2;

std::string where(const ModelArchive& a) {
  return a.source.empty() ? std::string("model archive") : "model file '" + a.source + "'";
}
}  // namespace

// ---- Architecture ----
Architecture& Architecture::set(const std::string& key, const std::string& value) {
  if (key.find_first_of("=;") != std::string::npos || value.find_first_of("=;") != std::string::npos)
    throw ValueError("Architecture: '=' and ';' are not allowed in '" + key + "=" + value + "'");
  for (auto& e : entries_)
    if (e.first == key) {
      e.second = value;
      return *this;
    }
  entries_.emplace_back(key, value);
  return *this;
}
Architecture& Architecture::set(const std::string& key, long long value) {
  return set(key, std::to_string(value));
}
Architecture& Architecture::set(const std::string& key, const std::vector<Index>& values) {
  std::string s;
  for (std::size_t i = 0; i < values.size(); ++i) s += (i ? "," : "") + std::to_string(values[i]);
  return set(key, s);
}

std::string Architecture::str() const {
  std::string s;
  for (std::size_t i = 0; i < entries_.size(); ++i)
    s += (i ? ";" : "") + entries_[i].first + "=" + entries_[i].second;
  return s;
}

Architecture Architecture::parse(const std::string& text) {
  Architecture a;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(start, end - start);
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw IOError("malformed architecture entry '" + excerpt(item) + "' in '" + excerpt(text) + "'");
    a.entries_.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    start = end + 1;
  }
  return a;
}

bool Architecture::has(const std::string& key) const {
  for (const auto& e : entries_)
    if (e.first == key) return true;
  return false;
}

const std::string& Architecture::get(const std::string& key) const {
  for (const auto& e : entries_)
    if (e.first == key) return e.second;
  throw IOError("architecture '" + excerpt(str(), 200) + "' has no entry '" + key + "'");
}

namespace {
// Every architecture integer (widths, depths, dimensions, counts) is at most this: a model
// file's header never makes the reader build a network larger than any we train.
constexpr long long kMaxArchitectureValue = 1 << 20;

bool parse_architecture_int(const std::string& text, long long& value) {
  try {
    std::size_t used = 0;
    value = std::stoll(text, &used);
    return used == text.size();
  } catch (const std::exception&) {
    return false;
  }
}
}  // namespace

Index Architecture::get_int(const std::string& key) const {
  const std::string& v = get(key);
  long long x = 0;
  if (!parse_architecture_int(v, x))
    throw IOError("architecture entry " + excerpt(key) + "='" + excerpt(v) + "' is not an integer");
  if (x < -kMaxArchitectureValue || x > kMaxArchitectureValue)
    throw IOError("architecture entry " + excerpt(key) + "=" + v + " is out of range (|value| <= " +
                  std::to_string(kMaxArchitectureValue) + ")");
  return static_cast<Index>(x);
}

double Architecture::get_double(const std::string& key) const {
  const std::string& v = get(key);
  try {
    std::size_t used = 0;
    const double x = std::stod(v, &used);
    if (used == v.size() && std::isfinite(x)) return x;
  } catch (const std::exception&) {
  }
  throw IOError("architecture entry " + excerpt(key) + "='" + excerpt(v) + "' is not a finite number");
}

std::uint64_t Architecture::get_u64(const std::string& key) const {
  const std::string& v = get(key);
  std::uint64_t x = 0;
  const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || ptr != v.data() + v.size())
    throw IOError("architecture entry " + excerpt(key) + "='" + excerpt(v) + "' is not an unsigned integer");
  return x;
}

std::vector<Index> Architecture::get_ints(const std::string& key) const {
  const std::string& v = get(key);
  std::vector<Index> out;
  if (v.empty()) return out;
  std::size_t start = 0;
  while (start <= v.size()) {
    std::size_t end = v.find(',', start);
    if (end == std::string::npos) end = v.size();
    long long x = 0;
    if (!parse_architecture_int(v.substr(start, end - start), x) || x < -kMaxArchitectureValue ||
        x > kMaxArchitectureValue || out.size() >= std::size_t(kMaxArchitectureValue))
      throw IOError("architecture entry " + excerpt(key) + "='" + excerpt(v) +
                    "' is not a list of integers of at most " + std::to_string(kMaxArchitectureValue));
    out.push_back(static_cast<Index>(x));
    start = end + 1;
  }
  return out;
}

// ---- archive ----
void ModelArchive::add(const std::string& name, const MatrixF& m) {
  if (has(name)) throw ValueError("ModelArchive: duplicate tensor '" + name + "'");
  tensors.push_back({name, false, m, {}});
}
void ModelArchive::add(const std::string& name, const MatrixD& m) {
  if (has(name)) throw ValueError("ModelArchive: duplicate tensor '" + name + "'");
  tensors.push_back({name, true, {}, m});
}
bool ModelArchive::has(const std::string& name) const {
  for (const auto& t : tensors)
    if (t.name == name) return true;
  return false;
}

static const NamedTensor& find_tensor(const ModelArchive& a, const std::string& name, bool is_double,
                                      Index rows, Index cols) {
  for (const auto& t : a.tensors) {
    if (t.name != name) continue;
    if (t.is_double != is_double)
      throw IOError(where(a) + ": tensor '" + name + "' has type " +
                    (t.is_double ? "float64" : "float32") + ", expected " +
                    (is_double ? "float64" : "float32"));
    const Index r = is_double ? t.d.rows() : t.f.rows(), c = is_double ? t.d.cols() : t.f.cols();
    if (r != rows || c != cols)
      throw IOError(where(a) + ": tensor '" + name + "' is " + shape_str(r, c) + ", expected " +
                    shape_str(rows, cols) + " (architecture mismatch)");
    return t;
  }
  throw IOError(where(a) + ": tensor '" + name + "' is missing (architecture mismatch)");
}

const MatrixF& ModelArchive::get_f(const std::string& name, Index rows, Index cols) const {
  return find_tensor(*this, name, false, rows, cols).f;
}
const MatrixD& ModelArchive::get_d(const std::string& name, Index rows, Index cols) const {
  return find_tensor(*this, name, true, rows, cols).d;
}

void save_archive(const std::string& path, const ModelArchive& archive) {
  BinaryWriter w;
  w.u32(kModelFormatVersion);
  w.str(archive.kind);
  w.str(archive.architecture);
  w.u64(archive.tensors.size());
  for (const auto& t : archive.tensors) {
    w.str(t.name);
    w.u32(t.is_double ? kFloat64 : kFloat32);
    if (t.is_double) w.matrix(t.d);
    else w.matrix(t.f);
  }
  w.save(path, kMagic);
}

ModelArchive load_archive(const std::string& path) {
  BinaryReader r(path, kMagic, "sbi++ model file");
  const std::uint32_t version = r.u32();
  if (version != kModelFormatVersion)
    r.fail("unsupported model format version " + std::to_string(version) + " (this build reads " +
           std::to_string(kModelFormatVersion) + ")");
  ModelArchive a;
  a.source = path;
  a.kind = r.str();
  a.architecture = r.str();
  const std::uint64_t count = r.u64();
  if (count > (1u << 20)) r.fail("implausible tensor count " + std::to_string(count));
  for (std::uint64_t i = 0; i < count; ++i) {
    NamedTensor t;
    t.name = r.str();
    const std::uint32_t dtype = r.u32();
    if (dtype == kFloat32) t.f = r.matrix_f();
    else if (dtype == kFloat64) {
      t.is_double = true;
      t.d = r.matrix_d();
    } else r.fail("tensor '" + t.name + "' has unknown type code " + std::to_string(dtype));
    if (a.has(t.name)) r.fail("duplicate tensor '" + t.name + "'");
    a.tensors.push_back(std::move(t));
  }
  r.expect_end();
  return a;
}

void add_parameters(ModelArchive& archive, const ParamList& params, const std::string& prefix) {
  for (const auto& p : params) archive.add(prefix + p.name, p.param->value);
}

void read_parameters(const ModelArchive& archive, const ParamList& params, const std::string& prefix) {
  // Validate everything first.
  std::size_t with_prefix = 0;
  for (const auto& t : archive.tensors)
    if (t.name.compare(0, prefix.size(), prefix) == 0) ++with_prefix;
  if (with_prefix != params.size())
    throw IOError(where(archive) + ": holds " + std::to_string(with_prefix) + " tensors under '" +
                  prefix + "' but the model has " + std::to_string(params.size()) +
                  " parameters (architecture mismatch)");
  std::vector<const MatrixF*> values;
  for (const auto& p : params)
    values.push_back(&archive.get_f(prefix + p.name, p.param->value.rows(), p.param->value.cols()));
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (!values[i]->allFinite())
      throw IOError(where(archive) + ": tensor '" + prefix + params[i].name +
                    "' holds non-finite values");
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    params[i].param->value = *values[i];
    params[i].param->grad.setZero(values[i]->rows(), values[i]->cols());
  }
}

void require_architecture(const ModelArchive& archive, const std::string& kind,
                          const std::string& architecture) {
  if (archive.kind != kind)
    throw IOError(where(archive) + " holds a '" + archive.kind + "', expected a '" + kind + "'");
  if (archive.architecture != architecture)
    throw IOError(where(archive) + ": architecture mismatch: the file has '" +
                  archive.architecture + "', the model is '" + architecture + "'");
}

}  // namespace sbi::nn
