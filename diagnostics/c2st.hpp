// Classifier two-sample test (C2ST) as sbibm computes it (Lopez-Paz & Oquab 2017):
// label reference samples 0 and approximate samples 1, z-score both with the reference
// samples' mean and sd, train an MLP classifier (ReLU, two hidden layers of 10·dim units,
// Adam) in K-fold shuffled cross-validation (K = 5), and report the mean held-out accuracy.
// 0.5: indistinguishable; 1.0: fully separable.
//
// Training follows sklearn's MLPClassifier defaults used by sbibm where it matters (Adam lr
// 1e-3, batch min(200, n), up to 1000 epochs, stop after 10 epochs that do not improve the loss
// by more than tol = 1e-4) with one difference: the loss watched is that of a 10% validation
// split of the training folds (sklearn watches the training loss), and the best weights are kept.
// The K folds are independent and run in parallel; each is seeded, so the score does not depend
// on the number of threads.
#pragma once
#include <cstdint>

#include "core/tensor.hpp"

namespace sbi::diagnostics {

struct C2stOptions {
  int folds = 5;
  int max_epochs = 1000;
  int patience = 10;
  double tol = 1e-4;
  Index hidden_per_dim = 10;
  std::uint64_t seed = 1;
};

// Mean cross-validated accuracy of classifying reference vs approximate samples. When the two
// sets differ in size, the first min(n_ref, n_approx) rows of each are used (balanced classes,
// so that 0.5 stays the chance level).
double c2st(const MatrixD& reference, const MatrixD& approximate, const C2stOptions& options = {});

}  // namespace sbi::diagnostics
