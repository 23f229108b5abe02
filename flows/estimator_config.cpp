// Estimator configurations and their architecture strings (see estimator_config.hpp).
#include "flows/estimator_config.hpp"

#include <cstdio>

#include "core/errors.hpp"

namespace sbi::flows {

namespace {
// Sane upper bounds on a flow's size (far above any setting we train), so that a typo or a
// corrupt model file is refused before a network of gigabytes is allocated.
constexpr Index kMaxHidden = 8192, kMaxBlocks = 64, kMaxTransforms = 256, kMaxComponents = 4096;
}  // namespace

void EstimatorSettings::validate() const {
  auto bad = [&](const std::string& what) { throw ValueError("EstimatorSettings (" + kind + "): " + what); };
  if (kind != "maf" && kind != "nsf" && kind != "nsf_ar" && kind != "mdn")
    bad("unknown kind '" + kind + "' (expected maf, nsf, nsf_ar or mdn)");
  if (y_dim < 1) bad("y_dim must be >= 1, got " + std::to_string(y_dim));
  if (context_dim < 0) bad("context_dim must be >= 0, got " + std::to_string(context_dim));
  if (transforms < 1) bad("transforms must be >= 1, got " + std::to_string(transforms));
  if (hidden < 1 || hidden > kMaxHidden)
    bad("hidden must be in 1.." + std::to_string(kMaxHidden) + ", got " + std::to_string(hidden));
  if (blocks < 0 || blocks > kMaxBlocks)
    bad("blocks must be in 0.." + std::to_string(kMaxBlocks) + ", got " + std::to_string(blocks));
  if (transforms > kMaxTransforms)
    bad("transforms must be at most " + std::to_string(kMaxTransforms) + ", got " + std::to_string(transforms));
  if (components > kMaxComponents)
    bad("components must be at most " + std::to_string(kMaxComponents) + ", got " + std::to_string(components));
  if (embedding_hidden > kMaxHidden || embedding_layers > kMaxBlocks || embedding_out > kMaxHidden)
    bad("embedding sizes must be at most " + std::to_string(kMaxHidden) + " wide and " +
        std::to_string(kMaxBlocks) + " deep");
  if (bins < 1 || bins > 64) bad("bins must be in 1..64, got " + std::to_string(bins));
  if (!(tail_bound > 0)) bad("tail_bound must be > 0");
  if (spline_scale != "hidden" && spline_scale != "none")
    bad("spline_scale must be hidden or none, got '" + spline_scale + "'");
  if (components < 1) bad("components must be >= 1, got " + std::to_string(components));
  if (embedding_out < 0) bad("embedding_out must be >= 0");
  if (embedding_out > 0 && context_dim == 0) bad("an embedding needs a context");
  if (embedding_out > 0) {
    try {
      embedding().validate(context_dim);
    } catch (const ValueError& e) {
      bad(e.what());
    }
  }
}

nn::EmbeddingSpec EstimatorSettings::embedding() const {
  nn::EmbeddingSpec s;
  if (embedding_out <= 0) return s;
  s.kind = embedding_kind;
  s.out = embedding_out;
  s.hidden = embedding_hidden;
  s.layers = embedding_layers;
  s.channels = embedding_channels;
  s.kernel = embedding_kernel;
  s.pool = embedding_pool;
  s.conv_channels = embedding_conv_channels;
  return s;
}

void EstimatorSettings::set_embedding(const nn::EmbeddingSpec& s) {
  embedding_out = s.enabled() ? s.out : 0;
  embedding_kind = s.enabled() ? s.kind : nn::EmbeddingKind::fc;
  embedding_hidden = s.hidden;
  embedding_layers = s.layers;
  embedding_channels = s.channels;
  embedding_kernel = s.kernel;
  embedding_pool = s.pool;
  embedding_conv_channels = s.conv_channels;
}

bool EstimatorSettings::guards_first_feature() const {
  return keep_first_moving && (kind == "maf" || kind == "nsf_ar") && permutation == PermutationScheme::random && !lu_linear && y_dim > 1;
}

nn::Architecture EstimatorSettings::architecture() const {
  char bound[64];
  std::snprintf(bound, sizeof bound, "%.17g", tail_bound);
  nn::Architecture a;
  a.set("kind", kind).set("y_dim", y_dim).set("context_dim", context_dim)
      .set("transforms", transforms).set("hidden", hidden).set("blocks", blocks)
      .set("activation", nn::activation_name(activation))
      .set("random_mask", random_mask ? 1 : 0).set("permutation", permutation_scheme_name(permutation))
      .set("lu_linear", lu_linear ? 1 : 0).set("bins", bins).set("tail_bound", std::string(bound))
      .set("components", components).set("embedding_out", embedding_out)
      .set("embedding_hidden", embedding_hidden).set("embedding_layers", embedding_layers)
      .set("seed", std::to_string(seed));
  // Written only when not the default, so that earlier model files keep their architecture.
  if (spline_scale != "hidden") a.set("spline_scale", spline_scale);
  if (guards_first_feature()) a.set("keep_first_moving", 1);
  if (embedding_out > 0 && embedding_kind != nn::EmbeddingKind::fc) {
    a.set("embedding", nn::embedding_kind_name(embedding_kind)).set("embedding_channels", embedding_channels);
    a.set("embedding_kernel", embedding_kernel).set("embedding_pool", embedding_pool);
    a.set("embedding_conv_channels", embedding_conv_channels);
  }
  return a;
}

EstimatorSettings EstimatorSettings::from_architecture(const nn::Architecture& a) {
  EstimatorSettings c;
  c.kind = a.get("kind");
  c.y_dim = a.get_int("y_dim");
  c.context_dim = a.get_int("context_dim");
  c.transforms = a.get_int("transforms");
  c.hidden = a.get_int("hidden");
  c.blocks = a.get_int("blocks");
  c.activation = nn::activation_from_name(a.get("activation"));
  c.random_mask = a.get_int("random_mask") != 0;
  c.permutation = permutation_scheme_from_name(a.get("permutation"));
  c.lu_linear = a.get_int("lu_linear") != 0;
  c.bins = a.get_int("bins");
  c.tail_bound = a.get_double("tail_bound");
  c.components = a.get_int("components");
  c.embedding_out = a.get_int("embedding_out");
  c.embedding_hidden = a.get_int("embedding_hidden");
  c.embedding_layers = a.get_int("embedding_layers");
  c.seed = a.get_u64("seed");
  if (a.has("spline_scale")) c.spline_scale = a.get("spline_scale");
  c.keep_first_moving = a.has("keep_first_moving") && a.get_int("keep_first_moving") != 0;
  if (a.has("embedding")) c.set_embedding(nn::read_embedding_spec(a));  // the kinds other than fc
  c.validate();
  return c;
}

EstimatorSettings maf_config(Index y_dim, Index context_dim, std::uint64_t seed) {
  EstimatorSettings c;
  c.kind = "maf";
  c.y_dim = y_dim;
  c.context_dim = context_dim;
  c.seed = seed;
  return c;
}

EstimatorSettings nsf_config(Index y_dim, Index context_dim, std::uint64_t seed) {
  EstimatorSettings c = maf_config(y_dim, context_dim, seed);
  c.kind = "nsf";
  c.activation = nn::Activation::Relu;
  c.lu_linear = true;
  c.permutation = PermutationScheme::none;
  return c;
}

EstimatorSettings nsf_autoregressive_config(Index y_dim, Index context_dim, std::uint64_t seed) {
  EstimatorSettings c = maf_config(y_dim, context_dim, seed);
  c.kind = "nsf_ar";
  c.activation = nn::Activation::Relu;
  return c;
}

EstimatorSettings mdn_config(Index y_dim, Index context_dim, std::uint64_t seed) {
  EstimatorSettings c = maf_config(y_dim, context_dim, seed);
  c.kind = "mdn";
  c.activation = nn::Activation::Relu;
  return c;
}

EstimatorSettings config_for_kind(const std::string& kind, Index y_dim, Index context_dim, std::uint64_t seed) {
  if (kind == "maf") return maf_config(y_dim, context_dim, seed);
  if (kind == "nsf") return nsf_config(y_dim, context_dim, seed);
  if (kind == "nsf_ar") return nsf_autoregressive_config(y_dim, context_dim, seed);
  if (kind == "mdn") return mdn_config(y_dim, context_dim, seed);
  throw ValueError("unknown density estimator '" + excerpt(kind) + "' (maf, nsf, nsf_ar, mdn)");
}

}  // namespace sbi::flows
