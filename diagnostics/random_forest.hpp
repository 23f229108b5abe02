// A random-forest classifier for two classes (Breiman 2001), as sklearn's
// RandomForestClassifier builds it with its defaults, the classifier of `sbi`'s c2st():
//   - each of T trees (T = 100) is grown on a bootstrap sample (n rows drawn with replacement);
//   - a node is split on the best of k = max(1, ⌊√d⌋) randomly chosen non-constant features,
//     at the threshold that most lowers the Gini impurity
//         G = n_L·g(L) + n_R·g(R),   g(S) = 1 − p₀(S)² − p₁(S)²  (p_c: class fractions in S),
//     thresholds lying half-way between consecutive distinct values (x ≤ t goes left);
//   - nodes are split until they are pure (or all their rows are equal): no depth limit;
//   - the forest's P(class 1 | x) is the mean over trees of the leaf's class-1 fraction, and
//     it predicts class 1 when that mean exceeds 1/2.
// Tree t draws from its own seed derive_seed(seed, t), so the forest does not depend on the
// number of threads that grow it.
#pragma once
#include <cstdint>
#include <vector>

#include "core/tensor.hpp"

namespace sbi::diagnostics {

struct RandomForestSettings {
  int trees = 100;
  int features_per_split = 0;  // 0: max(1, ⌊√d⌋), sklearn's "sqrt"
  std::uint64_t seed = 1;
};

class RandomForest {
 public:
  // Grows the forest on rows of `x` with labels 0/1 in `y` (one per row).
  RandomForest(const MatrixD& x, const std::vector<int>& y, const RandomForestSettings& options = {});

  // P(class 1 | x) for each row of x.
  VectorD probability(const MatrixD& x) const;
  // The predicted class (0 or 1) of each row.
  std::vector<int> predict(const MatrixD& x) const;

  int trees() const { return static_cast<int>(trees_.size()); }
  Index dim() const { return dim_; }

 private:
  struct Node {
    int feature = -1;         // -1: a leaf
    double threshold = 0;     // x[feature] ≤ threshold goes to `left`
    int left = -1, right = -1;
    double p1 = 0;            // leaf: fraction of class 1 among its (bootstrap) rows
  };
  using Tree = std::vector<Node>;

  static Tree grow(const MatrixD& x, const std::vector<int>& y, int features_per_split, std::uint64_t seed);
  static double leaf_p1(const Tree& tree, const MatrixD& x, Index row);

  std::vector<Tree> trees_;
  Index dim_ = 0;
};

}  // namespace sbi::diagnostics
