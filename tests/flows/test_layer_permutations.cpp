// The permutations between a MAF's layers: no feature may be first in every layer's
// autoregressive order (it would be a fixed Gaussian, whatever the context); draws that
// would do that become alternating reversals, every other draw is kept as drawn, and model files
// written without the guard rebuild the draws they were trained with.
#include <doctest/doctest.h>

#include <cmath>

#include "core/rng.hpp"
#include "flows/estimator_config.hpp"
#include "flows/flow.hpp"
#include "flows/permutation.hpp"

using namespace sbi;
using namespace sbi::flows;

namespace {

using Perms = std::vector<std::vector<Index>>;

// The permutation layers of a flow built from `c`, in order.
Perms flow_permutations(const EstimatorSettings& c) {
  Rng rng(c.seed, 0);
  Flow flow(c, rng);
  Perms perms;
  for (const auto& t : flow.transforms())
    if (auto* p = dynamic_cast<const Permutation*>(t.get())) perms.push_back(p->perm());
  return perms;
}

// The first 2-D seed whose raw random draws leave feature 0 first in all five layers.
std::uint64_t first_degenerate_seed() {
  for (std::uint64_t seed = 1;; ++seed)
    if (one_feature_first_in_every_layer(layer_permutations(2, 5, PermutationScheme::random, seed, false))) return seed;
}

}  // namespace

TEST_CASE("one_feature_first_in_every_layer follows the composed orders, not the last permutation") {
  const std::vector<Index> id{0, 1}, swap{1, 0};
  CHECK(one_feature_first_in_every_layer({id, id, id, id, id}));
  CHECK(one_feature_first_in_every_layer({id, id, id, id, swap}));  // the last feeds no layer
  CHECK_FALSE(one_feature_first_in_every_layer({swap, id, id, id, id}));
  CHECK_FALSE(one_feature_first_in_every_layer({id, id, swap, swap, id}));  // layer 3 reads 1 first
  CHECK_FALSE(one_feature_first_in_every_layer({id}));                      // one layer: no choice
  // 3-D: the other two features may move while feature 0 stays first.
  const std::vector<Index> keep0{0, 2, 1};
  CHECK(one_feature_first_in_every_layer({keep0, keep0, keep0}));
  CHECK_FALSE(one_feature_first_in_every_layer({{2, 0, 1}, {1, 2, 0}, {0, 1, 2}}));
}

TEST_CASE("layer_permutations: degenerate random draws alternate, the others stay as drawn") {
  int degenerate = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const Perms raw = layer_permutations(2, 5, PermutationScheme::random, seed, false);
    const Perms kept = layer_permutations(2, 5, PermutationScheme::random, seed, true);
    CHECK_FALSE(one_feature_first_in_every_layer(kept));
    if (one_feature_first_in_every_layer(raw)) {
      ++degenerate;
      CHECK(kept == layer_permutations(2, 5, PermutationScheme::reverse, seed, true));
    } else {
      CHECK(kept == raw);
    }
  }
  // 200 seeds at probability 1/16: 12.5 expected, sd 3.4; the path is exercised.
  CHECK(degenerate > 0);
  CHECK(degenerate < 30);
}

TEST_CASE("a MAF (and an NSF-AR) built on a degenerate seed alternates; keep_first_moving=0 and LU layers keep the draws") {
  EstimatorSettings c = maf_config(2, 3, first_degenerate_seed());
  const Perms raw = layer_permutations(2, 5, PermutationScheme::random, c.seed, false);
  const Perms guarded = flow_permutations(c);
  CHECK_FALSE(one_feature_first_in_every_layer(guarded));
  CHECK(guarded.front() == reversal_permutation(2));
  c.keep_first_moving = false;
  CHECK(flow_permutations(c) == raw);
  c.keep_first_moving = true;
  c.lu_linear = true;
  CHECK(flow_permutations(c) == raw);
  c.lu_linear = false;
  c.kind = "nsf_ar";  // a spline autoregressive flow has the same degree-1 feature
  CHECK(flow_permutations(c) == guarded);
}

TEST_CASE("model files: the guard is in the architecture; files without the key rebuild sbi's draws") {
  const EstimatorSettings c = maf_config(2, 3, first_degenerate_seed());
  nn::Architecture a = c.architecture();
  CHECK(a.get_int("keep_first_moving") == 1);
  CHECK(EstimatorSettings::from_architecture(a).keep_first_moving);
  // An architecture written before the guard existed: the same keys but keep_first_moving.
  nn::Architecture old;
  EstimatorSettings unguarded = c;
  unguarded.keep_first_moving = false;
  old = unguarded.architecture();
  CHECK_FALSE(old.has("keep_first_moving"));
  const EstimatorSettings loaded = EstimatorSettings::from_architecture(old);
  CHECK_FALSE(loaded.keep_first_moving);
  CHECK(flow_permutations(loaded) == layer_permutations(2, 5, PermutationScheme::random, c.seed, false));
  // Kinds the guard does not touch write no key, so their files are unchanged.
  CHECK_FALSE(nsf_config(2, 3, 1).architecture().has("keep_first_moving"));
  CHECK_FALSE(maf_config(1, 3, 1).architecture().has("keep_first_moving"));
}

TEST_CASE("the cause: a feature read first by every layer ignores the context; the rule gives it back") {
  EstimatorSettings c = maf_config(2, 3, first_degenerate_seed());
  MatrixF z(2, 2), context(2, 3);
  z << 0.3f, -0.7f, 0.3f, -0.7f;                      // the same noise ...
  context << 0.f, 0.f, 0.f, 2.f, -1.5f, 1.f;          // ... at two contexts
  const auto spread = [&](bool keep, Index feature) {
    c.keep_first_moving = keep;
    Rng rng(c.seed, 0);
    Flow flow(c, rng);
    const MatrixF y = flow.inverse_standardized(z, context);
    return std::abs(y(0, feature) - y(1, feature));
  };
  // sbi's draws: feature 0 is read first by all five layers, so its value is the same at both
  // contexts (exactly, here) while feature 1 moves; the untrained MADEs move a feature that
  // sees the context by 0.2–1.1 between these two contexts.
  CHECK(spread(false, 0) < 1e-6f);
  CHECK(spread(false, 1) > 1e-3f);
  // Alternating orders: both features depend on the context.
  CHECK(spread(true, 0) > 1e-3f);
  CHECK(spread(true, 1) > 1e-3f);
}
