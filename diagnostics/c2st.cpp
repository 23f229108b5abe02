// Classifier two-sample test (see c2st.hpp). The loss is binary cross-entropy on the logit ℓ:
//   BCE(ℓ, y) = softplus(ℓ) - y·ℓ  (stable for large |ℓ|).
#include "diagnostics/c2st.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "diagnostics/random_forest.hpp"
#include "diagnostics/rng_streams.hpp"
#include "nn/mlp.hpp"
#include "nn/trainer.hpp"

namespace sbi::diagnostics {

C2stClassifier parse_c2st_classifier(const std::string& name) {
  if (name == "mlp") return C2stClassifier::mlp;
  if (name == "forest") return C2stClassifier::random_forest;
  throw ValueError("unknown C2ST classifier '" + name + "' (choose mlp or forest)");
}

namespace {

// Held-out correct classifications of a random forest trained on the other folds.
double forest_correct(const MatrixF& train_x, const MatrixF& train_y, const MatrixF& test_x,
                      const std::vector<float>& test_y, const C2stSettings& options, int fold) {
  std::vector<int> labels(static_cast<std::size_t>(train_y.rows()));
  for (Index i = 0; i < train_y.rows(); ++i) labels[static_cast<std::size_t>(i)] = train_y(i, 0) > 0.5f ? 1 : 0;
  RandomForestSettings forest;
  forest.trees = options.forest_trees;
  forest.seed = derive_seed(options.seed, streams::kC2stForest.id(static_cast<std::uint64_t>(fold)));
  const RandomForest classifier(train_x.cast<double>(), labels, forest);
  const std::vector<int> predicted = classifier.predict(test_x.cast<double>());
  double correct = 0;
  for (std::size_t k = 0; k < predicted.size(); ++k) correct += (predicted[k] == (test_y[k] > 0.5f ? 1 : 0)) ? 1.0 : 0.0;
  return correct;
}

}  // namespace

double c2st(const MatrixD& reference, const MatrixD& approximate, const C2stSettings& options) {
  if (reference.cols() != approximate.cols())
    throw ShapeError("c2st: reference samples have " + std::to_string(reference.cols()) +
                     " columns, approximate samples " + std::to_string(approximate.cols()));
  if (reference.rows() < options.folds || approximate.rows() < options.folds)
    throw ValueError("c2st: need at least " + std::to_string(options.folds) + " samples in each set");
  require_finite("c2st: reference samples", reference);
  require_finite("c2st: approximate samples", approximate);
  const Index dim = reference.cols();
  // Balanced classes (as sbibm, which compares equally many samples): the first m rows of each.
  const Index m = std::min(reference.rows(), approximate.rows());
  const Index n = 2 * m;

  // z-score with the reference samples' statistics.
  const RowVectorD mean = reference.colwise().mean();
  RowVectorD sd = ((reference.rowwise() - mean).array().square().colwise().sum() /
                   double(std::max<Index>(reference.rows() - 1, 1))).sqrt();
  sd = sd.cwiseMax(1e-12);
  MatrixF data(n, dim), labels(n, 1);
  for (Index i = 0; i < m; ++i) {
    data.row(i) = ((reference.row(i) - mean).array() / sd.array()).cast<float>();
    labels(i, 0) = 0.f;
    data.row(m + i) = ((approximate.row(i) - mean).array() / sd.array()).cast<float>();
    labels(m + i, 0) = 1.f;
  }

  // Shuffled K-fold split.
  Rng rng(options.seed);
  const std::vector<std::int64_t> order = rng.permutation(n);
  std::vector<double> correct_per_fold(static_cast<std::size_t>(options.folds), 0.0);
  const auto run_fold = [&](int fold) {
    double correct = 0;
    const Index begin = n * fold / options.folds, end = n * (fold + 1) / options.folds;
    MatrixF train_x(n - (end - begin), dim), train_y(n - (end - begin), 1);
    MatrixF test_x(end - begin, dim);
    std::vector<float> test_y;
    Index t = 0;
    for (Index k = 0; k < n; ++k) {
      const Index i = order[static_cast<std::size_t>(k)];
      if (k >= begin && k < end) {
        test_x.row(k - begin) = data.row(i);
        test_y.push_back(labels(i, 0));
      } else {
        train_x.row(t) = data.row(i);
        train_y(t++, 0) = labels(i, 0);
      }
    }
    if (options.classifier == C2stClassifier::random_forest) {
      correct_per_fold[static_cast<std::size_t>(fold)] = forest_correct(train_x, train_y, test_x, test_y, options, fold);
      return;
    }
    nn::MLPSettings config;
    config.in = dim;
    config.hidden = {options.hidden_per_dim * dim, options.hidden_per_dim * dim};
    config.out = 1;
    config.activation = nn::Activation::Relu;
    Rng init(derive_seed(options.seed, streams::kC2stNetworkInit.id(static_cast<std::uint64_t>(fold))));
    nn::MLP classifier(config, init);
    nn::TrainSettings train;
    train.adam.learning_rate = 1e-3;
    train.batch_size = static_cast<int>(std::min<Index>(200, train_x.rows()));
    train.max_epochs = options.max_epochs;
    train.min_improvement = options.tol;
    if (options.stopping == C2stStopping::training_loss) {
      // sklearn: no_improvement_count > n_iter_no_change (10) stops, i.e. after 11 epochs.
      train.patience = options.patience + 1;
      train.validation_fraction = 0;
      train.stop_on_training_loss = true;
      train.restore_best = false;
    } else {
      train.patience = options.patience;
      train.validation_fraction = 0.1;
    }
    train.clip_norm = 0;
    train.progress = false;
    train.seed = derive_seed(options.seed, streams::kC2stTraining.id(static_cast<std::uint64_t>(fold)));
    const nn::LossFunction bce = [&classifier](ad::Tape& tape, const nn::Batch& batch) {
      ad::Var logit = classifier.forward(tape, batch.inputs[0]);
      return ad::mean(ad::sub(ad::softplus(logit), ad::mul(batch.inputs[1], logit)));
    };
    nn::train({&train_x, &train_y}, classifier.parameters(), bce, train);

    nn::NoGradScope no_grad;
    ad::Tape tape;
    const MapF logits = classifier.forward(tape, tape.constant(test_x)).value();
    for (Index k = 0; k < logits.rows(); ++k)
      correct += ((logits(k, 0) > 0.f) == (test_y[static_cast<std::size_t>(k)] > 0.5f)) ? 1.0 : 0.0;
    correct_per_fold[static_cast<std::size_t>(fold)] = correct;
  };
  // One fold per work item (each fold's training then runs on one thread).
  parallel_for(options.folds, 1, [&](Index begin, Index end) {
    for (Index fold = begin; fold < end; ++fold) run_fold(static_cast<int>(fold));
  });
  double correct = 0;
  for (double c : correct_per_fold) correct += c;
  return correct / double(n);
}

}  // namespace sbi::diagnostics
