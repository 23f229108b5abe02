// Embedding specs: names, text form, validation and construction (see embedding_spec.hpp).
#include "nn/embedding_spec.hpp"

#include <cmath>
#include <cstdlib>

#include "core/errors.hpp"
#include "nn/embedding_gru.hpp"
#include "nn/parameter.hpp"

namespace sbi::nn {

namespace {
constexpr Index kMaxWidth = 8192, kMaxLayers = 64;

Index whole_number(const std::string& text, const std::string& key, const std::string& value) {
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || !(v >= 0) || v != std::floor(v) || v > 1e6)
    throw ValueError("embedding '" + text + "': " + key + "=" + value + " is not a whole number in 0..1000000");
  return static_cast<Index>(v);
}
}  // namespace

const char* embedding_kind_name(EmbeddingKind kind) {
  switch (kind) {
    case EmbeddingKind::none: return "none";
    case EmbeddingKind::fc: return "fc";
    case EmbeddingKind::deep_set: return "deepset";
    case EmbeddingKind::conv1d: return "conv1d";
    case EmbeddingKind::gru: return "gru";
  }
  return "none";
}

EmbeddingKind embedding_kind_from_name(const std::string& name) {
  for (EmbeddingKind k : {EmbeddingKind::none, EmbeddingKind::fc, EmbeddingKind::deep_set, EmbeddingKind::conv1d,
                          EmbeddingKind::gru})
    if (name == embedding_kind_name(k)) return k;
  throw ValueError("unknown embedding '" + name + "' (none, fc, deepset, conv1d, gru)");
}

std::string EmbeddingSpec::str() const {
  if (!enabled()) return "none";
  std::string s = embedding_kind_name(kind);
  auto add = [&](const char* key, Index v) { s += std::string(":") + key + "=" + std::to_string(v); };
  add("out", out);
  add("hidden", hidden);
  add("layers", layers);
  add("channels", channels);
  if (kind == EmbeddingKind::conv1d) {
    add("kernel", kernel);
    add("pool", pool);
    add("conv_channels", conv_channels);
  }
  return s;
}

void EmbeddingSpec::validate(Index in_dim) const {
  if (!enabled()) return;
  const std::string name = str();
  if (out < 1 || hidden < 1 || channels < 1 || kernel < 1 || pool < 1 || conv_channels < 1)
    throw ValueError("embedding " + name + ": out, hidden, channels, kernel, pool and conv_channels must be at least 1");
  if (out > kMaxWidth || hidden > kMaxWidth || conv_channels > kMaxWidth || layers > kMaxLayers || layers < 0)
    throw ValueError("embedding " + name + ": widths at most " + std::to_string(kMaxWidth) + ", layers at most " +
                     std::to_string(kMaxLayers));
  if (kind == EmbeddingKind::conv1d && kernel % 2 == 0) throw ValueError("embedding " + name + ": the kernel must be odd");
  if (kind != EmbeddingKind::fc && in_dim % channels != 0)
    throw ValueError("embedding " + name + ": the input has " + std::to_string(in_dim) +
                     " values, not a multiple of channels=" + std::to_string(channels));
  if ((kind == EmbeddingKind::deep_set || kind == EmbeddingKind::conv1d) && layers < 1)
    throw ValueError("embedding " + name + ": layers must be at least 1");
}

EmbeddingSpec parse_embedding_spec(const std::string& text) {
  const std::size_t colon = text.find(':');
  EmbeddingSpec s;
  s.kind = embedding_kind_from_name(text.substr(0, colon));
  std::size_t at = colon;
  while (at != std::string::npos) {
    const std::size_t next = text.find(':', at + 1);
    const std::string item = text.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
    at = next;
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos) throw ValueError("embedding '" + text + "': expected key=value after ':', got '" + item + "'");
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    const Index v = whole_number(text, key, value);
    if (key == "out") s.out = v;
    else if (key == "hidden") s.hidden = v;
    else if (key == "layers") s.layers = v;
    else if (key == "channels") s.channels = v;
    else if (key == "kernel") s.kernel = v;
    else if (key == "pool") s.pool = v;
    else if (key == "conv_channels") s.conv_channels = v;
    else
      throw ValueError("embedding '" + text + "': unknown setting '" + key +
                       "' (out, hidden, layers, channels, kernel, pool, conv_channels)");
  }
  if (!s.enabled() && colon != std::string::npos) throw ValueError("embedding '" + text + "': none takes no settings");
  return s;
}

void write_embedding_spec(Architecture& a, const EmbeddingSpec& s) {
  if (!s.enabled()) return;
  a.set("embedding", embedding_kind_name(s.kind)).set("embedding_out", s.out).set("embedding_hidden", s.hidden);
  a.set("embedding_layers", s.layers).set("embedding_channels", s.channels).set("embedding_kernel", s.kernel);
  a.set("embedding_pool", s.pool).set("embedding_conv_channels", s.conv_channels);
}

EmbeddingSpec read_embedding_spec(const Architecture& a) {
  EmbeddingSpec s;
  if (!a.has("embedding")) return s;
  try {
    s.kind = embedding_kind_from_name(a.get("embedding"));
  } catch (const ValueError& e) {
    throw IOError(std::string("model architecture: ") + e.what());
  }
  s.out = a.get_int("embedding_out");
  s.hidden = a.get_int("embedding_hidden");
  s.layers = a.get_int("embedding_layers");
  s.channels = a.get_int("embedding_channels");
  s.kernel = a.get_int("embedding_kernel");
  s.pool = a.get_int("embedding_pool");
  s.conv_channels = a.get_int("embedding_conv_channels");
  return s;
}

std::unique_ptr<Embedding> build_embedding(const EmbeddingSpec& s, Index in_dim, Rng& rng) {
  s.validate(in_dim);
  switch (s.kind) {
    case EmbeddingKind::none: return nullptr;
    case EmbeddingKind::fc: return std::make_unique<FCEmbedding>(FCEmbeddingSettings{in_dim, s.out, s.hidden, s.layers}, rng);
    case EmbeddingKind::deep_set: {
      DeepSetEmbeddingSettings c;
      c.trial_dim = s.channels;
      c.trials = in_dim / s.channels;
      c.phi_hidden.assign(static_cast<std::size_t>(s.layers), s.hidden);
      c.phi_out = s.hidden;
      c.rho_hidden = {s.hidden};
      c.out = s.out;
      return std::make_unique<DeepSetEmbedding>(c, rng);
    }
    case EmbeddingKind::conv1d: {
      Conv1dEmbeddingSettings c;
      c.channels = s.channels;
      c.length = in_dim / s.channels;
      c.conv_channels.assign(static_cast<std::size_t>(s.layers), s.conv_channels);
      c.kernel = s.kernel;
      c.pool = s.pool;
      c.head_hidden = {s.hidden};
      c.out = s.out;
      return std::make_unique<Conv1dEmbedding>(c, rng);
    }
    case EmbeddingKind::gru:
      return std::make_unique<GruEmbedding>(GruEmbeddingSettings{s.channels, in_dim / s.channels, s.hidden, s.out}, rng);
  }
  return nullptr;
}

MatrixF embed_constant(Embedding* e, const MatrixF& x) {
  if (!e) return x;
  NoGradScope no_grad;
  ad::Tape tape;
  return e->forward(tape, tape.constant(x)).value();
}

ParamList with_embedding_parameters(ParamList params, Embedding* e) {
  if (e) {
    const ParamList more = e->parameters();
    params.insert(params.end(), more.begin(), more.end());
  }
  return params;
}

std::shared_ptr<Embedding> read_embedding(const ModelArchive& archive, const EmbeddingSpec& spec, Index in_dim,
                                          Index features, const std::string& path) {
  if (!spec.enabled()) return nullptr;
  Rng rng(0);  // the weights come from the file
  std::shared_ptr<Embedding> e;
  try {
    e = build_embedding(spec, in_dim, rng);
  } catch (const ValueError& err) {
    throw IOError("'" + path + "': corrupt embedding: " + err.what());
  }
  if (e->out_dim() != features)
    throw IOError("'" + path + "': the embedding gives " + std::to_string(e->out_dim()) + " features, the network takes " +
                  std::to_string(features));
  read_parameters(archive, e->parameters(), "embedding.");
  return e;
}

}  // namespace sbi::nn
