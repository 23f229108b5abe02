// Model files: a versioned, checksummed container of named tensors plus an architecture
// description, reusable by every module that saves networks (flows, inference, ...).
//
// Layout (core/binary_io.hpp adds the 8-byte magic "SBIMODEL" and the CRC-32):
//   u32 format version (1) | str kind ("mlp", "residual_net", ...) | str architecture
//   ("key=value;key=value", see Architecture) | u64 tensor count |
//   per tensor: str name, u32 dtype (1 = float32, 2 = float64), u64 rows, u64 cols, values.
// Loading checks magic, checksum, version, kind, architecture, names and shapes before any
// weight is written into a model, so a bad file never leaves garbage weights behind.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include "core/tensor.hpp"
#include "nn/parameter.hpp"

namespace sbi::nn {

inline constexpr std::uint32_t kModelFormatVersion = 1;

// An ordered list of key=value settings describing a network, e.g.
// "in=4;hidden=64;blocks=3;out=1;activation=relu". Compared as strings on load.
class Architecture {
 public:
  Architecture& set(const std::string& key, const std::string& value);
  Architecture& set(const std::string& key, long long value);
  Architecture& set(const std::string& key, const std::vector<Index>& values);  // "50,50"
  std::string str() const;
  static Architecture parse(const std::string& text);  // IOError on malformed text

  bool has(const std::string& key) const;
  const std::string& get(const std::string& key) const;  // IOError naming the missing key
  // IOError naming the entry unless it is an integer of magnitude at most 2^20.
  Index get_int(const std::string& key) const;
  // IOError naming the entry unless it is a finite number / an unsigned 64-bit integer.
  double get_double(const std::string& key) const;
  std::uint64_t get_u64(const std::string& key) const;
  std::vector<Index> get_ints(const std::string& key) const;

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct NamedTensor {
  std::string name;
  bool is_double = false;
  MatrixF f;
  MatrixD d;
};

struct ModelArchive {
  std::string kind;
  std::string architecture;
  std::vector<NamedTensor> tensors;

  void add(const std::string& name, const MatrixF& m);
  void add(const std::string& name, const MatrixD& m);
  // Any Eigen expression: stored as float32 or float64 by its scalar type.
  template <class Derived>
  void add(const std::string& name, const Eigen::MatrixBase<Derived>& m) {
    if constexpr (std::is_same_v<typename Derived::Scalar, float>) add(name, MatrixF(m));
    else add(name, MatrixD(m.template cast<double>()));
  }
  bool has(const std::string& name) const;
  // The tensor `name` with the expected shape and type, or IOError (naming `path` if set).
  const MatrixF& get_f(const std::string& name, Index rows, Index cols) const;
  const MatrixD& get_d(const std::string& name, Index rows, Index cols) const;
  std::string source;  // the file it was read from (for errors)
};

void save_archive(const std::string& path, const ModelArchive& archive);
ModelArchive load_archive(const std::string& path);

// Every parameter's value as "<prefix><name>".
void add_parameters(ModelArchive& archive, const ParamList& params, const std::string& prefix = "");
// Checks that the archive holds exactly these parameters with these shapes (under `prefix`;
// other prefixes are ignored), then copies the values in. Throws IOError before writing
// anything if a name or shape does not match.
void read_parameters(const ModelArchive& archive, const ParamList& params,
                     const std::string& prefix = "");
// IOError unless the archive's kind and architecture equal the expected ones.
void require_architecture(const ModelArchive& archive, const std::string& kind,
                          const std::string& architecture);

}  // namespace sbi::nn
