// Random-forest classifier (see random_forest.hpp). A tree is grown depth-first on an index
// array: each node owns a contiguous range of it, and a split partitions that range in place.
// For a node with n rows of which c are class 1, n·g = n − (c² + (n − c)²)/n, so the split
// criterion n_L·g(L) + n_R·g(R) needs only running class counts along the sorted feature.
#include "diagnostics/random_forest.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "diagnostics/rng_streams.hpp"

namespace sbi::diagnostics {
namespace {

// Distinct feature values closer than this are not split apart (sklearn's FEATURE_THRESHOLD).
constexpr double kFeatureThreshold = 1e-7;

// n·g(S) for a set of n rows of which c are class 1.
double weighted_gini(double n, double c) { return n - (c * c + (n - c) * (n - c)) / n; }

struct Split {
  int feature = -1;
  double threshold = 0;
  double impurity = 0;  // n_L·g(L) + n_R·g(R)
};

}  // namespace

RandomForest::RandomForest(const MatrixD& x, const std::vector<int>& y, const RandomForestSettings& options)
    : dim_(x.cols()) {
  if (static_cast<Index>(y.size()) != x.rows())
    throw ShapeError("random forest: " + std::to_string(x.rows()) + " rows but " + std::to_string(y.size()) + " labels");
  if (x.rows() < 2) throw ValueError("random forest: need at least 2 rows to train on");
  if (x.cols() < 1) throw ShapeError("random forest: the inputs have no columns");
  if (options.trees < 1) throw ValueError("random forest: need at least one tree");
  for (int label : y)
    if (label != 0 && label != 1) throw ValueError("random forest: labels must be 0 or 1");
  require_finite("random forest: inputs", x);
  int k = options.features_per_split;
  if (k <= 0) k = std::max(1, static_cast<int>(std::sqrt(static_cast<double>(dim_))));
  k = std::min<int>(k, static_cast<int>(dim_));
  trees_.resize(static_cast<std::size_t>(options.trees));
  parallel_for(options.trees, 1, [&](Index begin, Index end) {
    for (Index t = begin; t < end; ++t)
      trees_[static_cast<std::size_t>(t)] = grow(x, y, k, derive_seed(options.seed, streams::kForestTree.id(static_cast<std::uint64_t>(t))));
  });
}

RandomForest::Tree RandomForest::grow(const MatrixD& x, const std::vector<int>& y, int features_per_split,
                                      std::uint64_t seed) {
  Rng rng(seed);
  const Index n = x.rows();
  const int dim = static_cast<int>(x.cols());
  // Bootstrap sample: n rows drawn with replacement (duplicates are never split apart).
  std::vector<Index> rows(static_cast<std::size_t>(n));
  for (auto& r : rows) r = static_cast<Index>(rng.uniform_int(0, n - 1));

  Tree tree;
  tree.reserve(static_cast<std::size_t>(2 * n));
  tree.emplace_back();
  struct Pending {
    int node;
    std::size_t begin, end;
  };
  std::vector<Pending> stack{{0, 0, rows.size()}};
  std::vector<std::pair<double, int>> sorted;  // (feature value, label) of the node's rows
  std::vector<std::int64_t> features(static_cast<std::size_t>(dim));
  while (!stack.empty()) {
    const Pending p = stack.back();
    stack.pop_back();
    const double count = static_cast<double>(p.end - p.begin);
    double ones = 0;
    for (std::size_t i = p.begin; i < p.end; ++i) ones += y[static_cast<std::size_t>(rows[i])];
    tree[static_cast<std::size_t>(p.node)].p1 = ones / count;
    if (ones == 0 || ones == count) continue;  // pure: a leaf

    // Visit features in random order until `features_per_split` non-constant ones were tried.
    std::iota(features.begin(), features.end(), std::int64_t{0});
    rng.shuffle(features);
    Split best;
    int tried = 0;
    for (const std::int64_t f : features) {
      if (tried == features_per_split) break;
      sorted.clear();
      for (std::size_t i = p.begin; i < p.end; ++i) sorted.emplace_back(x(rows[i], f), y[static_cast<std::size_t>(rows[i])]);
      std::sort(sorted.begin(), sorted.end());
      if (sorted.back().first <= sorted.front().first + kFeatureThreshold) continue;  // constant here
      ++tried;
      double left_ones = 0;
      for (std::size_t i = 0; i + 1 < sorted.size(); ++i) {
        left_ones += sorted[i].second;
        if (sorted[i + 1].first <= sorted[i].first + kFeatureThreshold) continue;
        const double nl = static_cast<double>(i + 1), nr = count - nl;
        const double impurity = weighted_gini(nl, left_ones) + weighted_gini(nr, ones - left_ones);
        if (best.feature < 0 || impurity < best.impurity) {
          double t = 0.5 * sorted[i].first + 0.5 * sorted[i + 1].first;
          if (!(t < sorted[i + 1].first)) t = sorted[i].first;  // rounding: keep the split between the two
          best = {static_cast<int>(f), t, impurity};
        }
      }
    }
    if (best.feature < 0) continue;  // every row equal: a leaf

    const auto middle = std::partition(rows.begin() + static_cast<std::ptrdiff_t>(p.begin),
                                       rows.begin() + static_cast<std::ptrdiff_t>(p.end),
                                       [&](Index r) { return x(r, best.feature) <= best.threshold; });
    const auto split = static_cast<std::size_t>(middle - rows.begin());
    const int left = static_cast<int>(tree.size()), right = left + 1;
    tree.emplace_back();
    tree.emplace_back();
    Node& node = tree[static_cast<std::size_t>(p.node)];
    node.feature = best.feature;
    node.threshold = best.threshold;
    node.left = left;
    node.right = right;
    stack.push_back({right, split, p.end});
    stack.push_back({left, p.begin, split});
  }
  return tree;
}

double RandomForest::leaf_p1(const Tree& tree, const MatrixD& x, Index row) {
  std::size_t i = 0;
  while (tree[i].feature >= 0)
    i = static_cast<std::size_t>(x(row, tree[i].feature) <= tree[i].threshold ? tree[i].left : tree[i].right);
  return tree[i].p1;
}

VectorD RandomForest::probability(const MatrixD& x) const {
  if (x.cols() != dim_)
    throw ShapeError("random forest: trained on " + std::to_string(dim_) + " columns, given " + std::to_string(x.cols()));
  VectorD p = VectorD::Zero(x.rows());
  for (Index r = 0; r < x.rows(); ++r) {
    double sum = 0;
    for (const Tree& tree : trees_) sum += leaf_p1(tree, x, r);
    p(r) = sum / static_cast<double>(trees_.size());
  }
  return p;
}

std::vector<int> RandomForest::predict(const MatrixD& x) const {
  const VectorD p = probability(x);
  std::vector<int> out(static_cast<std::size_t>(p.size()));
  for (Index r = 0; r < p.size(); ++r) out[static_cast<std::size_t>(r)] = p(r) > 0.5 ? 1 : 0;
  return out;
}

}  // namespace sbi::diagnostics
