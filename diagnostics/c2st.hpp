// Classifier two-sample test (C2ST) as sbibm computes it (Lopez-Paz & Oquab 2017):
// label reference samples 0 and approximate samples 1, z-score both with the reference
// samples' mean and sd, train an MLP classifier (ReLU, two hidden layers of 10·dim units,
// Adam) in K-fold shuffled cross-validation (K = 5), and report the mean held-out accuracy.
// 0.5: indistinguishable; 1.0: fully separable.
//
// The classifier's training follows sklearn's MLPClassifier defaults as sbibm uses them (Adam
// lr 1e-3, batch min(200, n), up to 1000 epochs here, and sklearn's stopping rule: stop once 11
// epochs in a row fail to lower the training loss by more than tol = 1e-4 below its best; the
// final weights are used). Not reproduced: sklearn's Glorot initialisation (ours is PyTorch's)
// and its L2 penalty alpha = 1e-4 (a gradient term of alpha/200 · W, negligible).
// C2stStopping::validation_loss is a stronger classifier instead: it watches the loss of a 10%
// validation split of the training folds and keeps the best weights. It finds small
// differences that sklearn's early stop misses, so its values near 0.5 are higher (NPE on
// gaussian_linear at 10k: 0.599 against sklearn's 0.534 on identical samples); high values agree.
// C2stClassifier::random_forest replaces the MLP by sklearn's RandomForestClassifier with its
// defaults (random_forest.hpp), the default classifier of the `sbi` package's c2st() and the one
// the multifidelity-NPE paper's C2ST tables used. On the same draws it scores lower than the MLP
// where the two sets differ smoothly (OU, NPE at 1,000 simulations: 0.685 against 0.707, 1,000
// draws each), since its axis-aligned boxes fit a smooth density ratio less well.
// The K folds are independent and run in parallel; each is seeded, so the score does not depend
// on the number of threads.
#pragma once
#include <cstdint>
#include <string>

#include "core/tensor.hpp"

namespace sbi::diagnostics {

enum class C2stStopping { training_loss /* sklearn, sbibm */, validation_loss };
enum class C2stClassifier { mlp /* sbibm */, random_forest /* sbi's c2st() default */ };

// "mlp" / "forest" → the classifier; ValueError naming the choices for any other name.
C2stClassifier parse_c2st_classifier(const std::string& name);

struct C2stSettings {
  int folds = 5;
  int max_epochs = 1000;
  int patience = 10;
  double tol = 1e-4;
  Index hidden_per_dim = 10;
  std::uint64_t seed = 1;
  C2stStopping stopping = C2stStopping::training_loss;  // mlp only
  C2stClassifier classifier = C2stClassifier::mlp;
  int forest_trees = 100;                               // random_forest only
};

// Mean cross-validated accuracy of classifying reference vs approximate samples. When the two
// sets differ in size, the first min(n_ref, n_approx) rows of each are used (balanced classes,
// so that 0.5 stays the chance level).
double c2st(const MatrixD& reference, const MatrixD& approximate, const C2stSettings& options = {});

}  // namespace sbi::diagnostics
