// The trainer: a regression fit, a two-class classifier, early stopping with best-weight
// restore, and determinism (same seed → same weights; 1 vs 2 threads bit-identical).
#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"
#include "nn/mlp.hpp"
#include "nn/residual_net.hpp"
#include "nn/trainer.hpp"
#include "nn_test_util.hpp"

using namespace sbi;
using namespace sbi::nn;

namespace {
// Mean squared error of net(batch 0) against batch 1.
template <class Net>
LossFunction mse_loss(Net& net) {
  return [&net](ad::Tape& tape, const Batch& b) {
    return ad::mean(ad::square(ad::sub(net.forward(tape, b.inputs[0]), b.inputs[1])));
  };
}

double target_fn(float a, float b) { return std::sin(2.0 * a) + 0.5 * double(b) * b; }
}  // namespace

TEST_CASE("trainer fits a known smooth function (regression)") {
  Rng rng(21);
  const Index n = 3000;
  MatrixF x(n, 2), y(n, 1);
  for (Index i = 0; i < n; ++i) {
    x(i, 0) = float(rng.uniform(-1.5, 1.5));
    x(i, 1) = float(rng.uniform(-1.5, 1.5));
    y(i, 0) = float(target_fn(x(i, 0), x(i, 1)));
  }
  MLP net({2, {32, 32}, 1, Activation::Tanh}, rng);
  TrainSettings o;
  o.batch_size = 100;
  o.adam.learning_rate = 3e-3;
  o.max_epochs = 200;
  o.seed = 1;
  const TrainResult r = train({&x, &y}, net.parameters(), mse_loss(net), o);
  CHECK(r.validation_rows == 300);
  CHECK(r.train_rows == 2700);
  // Noise-free target with sd ≈ 0.8: the fit should be within a few percent of it.
  MatrixF xt(500, 2);
  double sse = 0;
  for (Index i = 0; i < xt.rows(); ++i) {
    xt(i, 0) = float(rng.uniform(-1.4, 1.4));
    xt(i, 1) = float(rng.uniform(-1.4, 1.4));
  }
  ad::Tape tape;
  const MatrixF pred = net.forward(tape, tape.constant(xt)).value();
  for (Index i = 0; i < xt.rows(); ++i) sse += std::pow(pred(i, 0) - target_fn(xt(i, 0), xt(i, 1)), 2);
  const double rmse = std::sqrt(sse / double(xt.rows()));
  MESSAGE("regression RMSE " << rmse << " after " << r.epochs.size() << " epochs");
  CHECK(rmse < 0.05);
  CHECK(r.epochs.back().train_loss < r.epochs.front().train_loss);
}

TEST_CASE("trainer: a two-class classifier on separable data reaches high accuracy") {
  Rng rng(22);
  const Index n = 2000;
  MatrixF x(n, 2), onehot = MatrixF::Zero(n, 2);
  for (Index i = 0; i < n; ++i) {
    const int c = rng.bernoulli(0.5) ? 1 : 0;
    // Two classes split by the circle r = 1 (with a margin): not linearly separable.
    const double r = c ? rng.uniform(1.3, 2.0) : rng.uniform(0.0, 0.7);
    const double phi = rng.uniform(0, 2 * M_PI);
    x(i, 0) = float(r * std::cos(phi));
    x(i, 1) = float(r * std::sin(phi));
    onehot(i, c) = 1.f;
  }
  MLP net({2, {32, 32}, 2, Activation::Relu}, rng);
  TrainSettings o;
  o.batch_size = 64;
  o.adam.learning_rate = 3e-3;
  o.max_epochs = 40;
  o.seed = 2;
  auto loss = [&net](ad::Tape& tape, const Batch& b) {
    ad::Var logp = ad::log_softmax_rows(net.forward(tape, b.inputs[0]));
    return ad::neg(ad::mul_scalar(ad::sum(ad::mul(logp, b.inputs[1])), 1.f / float(b.rows.size())));
  };
  train({&x, &onehot}, net.parameters(), loss, o);
  ad::Tape tape;
  const MatrixF logits = net.forward(tape, tape.constant(x)).value();
  Index correct = 0;
  for (Index i = 0; i < n; ++i) correct += ((logits(i, 1) > logits(i, 0)) == (onehot(i, 1) == 1.f));
  const double accuracy = double(correct) / double(n);
  MESSAGE("classifier accuracy " << accuracy);
  CHECK(accuracy > 0.99);
}

TEST_CASE("trainer: early stopping with patience restores the best weights") {
  // The training target is 1 and the validation target 0, so validation loss rises while the
  // network learns: the best epoch is the first one.
  Rng rng(23);
  MatrixF x = sbi::test::random_matrix(rng, 400, 3);
  MLP net({3, {8}, 1, Activation::Tanh}, rng);
  auto loss = [&net](ad::Tape& tape, const Batch& b) {
    ad::Var out = net.forward(tape, b.inputs[0]);
    return ad::mean(ad::square(ad::add_scalar(out, b.training ? -1.f : 0.f)));
  };
  TrainSettings o;
  o.batch_size = 50;
  o.adam.learning_rate = 1e-2;
  o.patience = 5;
  o.max_epochs = 100;
  std::vector<MatrixF> weights_after_epoch;
  ParamList params = net.parameters();
  o.on_epoch = [&](const EpochRecord&) {
    weights_after_epoch.push_back(params[0].param->value);
    return true;
  };
  const TrainResult r = train({&x}, params, loss, o);
  CHECK(r.stopped_early);
  CHECK(r.best_epoch == 0);
  CHECK(r.epochs.size() == 6);  // the best epoch + patience epochs without improvement
  for (std::size_t e = 1; e < r.epochs.size(); ++e)
    CHECK(r.epochs[e].validation_loss > r.epochs[e - 1].validation_loss);
  CHECK(params[0].param->value == weights_after_epoch[0]);
  CHECK(params[0].param->value != weights_after_epoch.back());
  for (const auto& e : r.epochs) CHECK(e.seconds >= 0);

  // Without restore the final weights stay; a callback can stop training.
  o.restore_best = false;
  o.on_epoch = [](const EpochRecord& e) { return e.epoch < 2; };
  const TrainResult r2 = train({&x}, params, loss, o);
  CHECK(r2.stopped_by_callback);
  CHECK(r2.epochs.size() == 3);
}

TEST_CASE("trainer: sklearn's rule stops on a stalled training loss without a validation split") {
  // Target 1 from constant inputs: the loss reaches ~0 within a few epochs and then stalls, so
  // with tol 1e-4 the count of epochs without a 1e-4 improvement reaches the patience.
  Rng rng(29);
  MatrixF x = MatrixF::Ones(200, 2);
  MLP net({2, {4}, 1, Activation::Tanh}, rng);
  auto loss = [&net](ad::Tape& tape, const Batch& b) {
    return ad::mean(ad::square(ad::add_scalar(net.forward(tape, b.inputs[0]), -1.f)));
  };
  TrainSettings o;
  o.batch_size = 50;
  o.adam.learning_rate = 1e-2;
  o.validation_fraction = 0;
  o.patience = 11;
  o.min_improvement = 1e-4;
  o.max_epochs = 5000;
  o.progress = false;
  TrainResult plain = train({&x}, net.parameters(), loss, o);
  // Without stop_on_training_loss, no validation split means no early stopping.
  CHECK_FALSE(plain.stopped_early);
  CHECK(plain.epochs.size() == 5000);
  o.stop_on_training_loss = true;
  o.restore_best = false;
  MLP fresh({2, {4}, 1, Activation::Tanh}, rng);
  auto fresh_loss = [&fresh](ad::Tape& tape, const Batch& b) {
    return ad::mean(ad::square(ad::add_scalar(fresh.forward(tape, b.inputs[0]), -1.f)));
  };
  const TrainResult r = train({&x}, fresh.parameters(), fresh_loss, o);
  CHECK(r.stopped_early);
  CHECK(r.epochs.size() < 5000);
  // The last 11 epochs each failed to beat the best by more than 1e-4.
  const std::size_t n = r.epochs.size();
  REQUIRE(n > 11);
  double best_before = r.epochs[0].train_loss;
  for (std::size_t e = 1; e < n - 11; ++e) best_before = std::min(best_before, r.epochs[e].train_loss);
  for (std::size_t e = n - 11; e < n; ++e) CHECK(r.epochs[e].train_loss > best_before - 1e-4);
}

TEST_CASE("trainer: same seed gives identical weights, with 1 or 2 threads") {
  Rng data_rng(24);
  const Index n = 1500;
  MatrixF x = sbi::test::random_matrix(data_rng, n, 4);
  MatrixF y(n, 1);
  for (Index i = 0; i < n; ++i) y(i, 0) = x.row(i).squaredNorm();
  auto run = [&](int threads) {
    ThreadCountGuard guard(threads);
    Rng rng(5);
    ResidualNet net({4, 1, 32, 2, 0, Activation::Relu, Activation::Softplus}, rng);
    TrainSettings o;
    o.batch_size = 256;
    o.chunk_rows = 64;  // 4 chunks per minibatch
    o.max_epochs = 3;
    o.seed = 9;
    // A stochastic loss (input noise from the batch's stream) exercises the chunk streams.
    auto loss = [&net](ad::Tape& tape, const Batch& b) {
      MatrixF noise(b.inputs[0].rows(), b.inputs[0].cols());
      for (Index i = 0; i < noise.size(); ++i) noise.data()[i] = float(0.01 * b.rng->normal());
      ad::Var in = ad::add(b.inputs[0], tape.constant(noise));
      return ad::mean(ad::square(ad::sub(net.forward(tape, in), b.inputs[1])));
    };
    const TrainResult r = train({&x, &y}, net.parameters(), loss, o);
    std::vector<MatrixF> w;
    for (const auto& p : net.parameters()) w.push_back(p.param->value);
    return std::make_pair(w, r.epochs.back().validation_loss);
  };
  TrainSettings chunked;
  chunked.chunk_rows = 64;
  CHECK(chunk_count(256, chunked) == 4);
  const auto a = run(2), b = run(2), c = run(1);
  REQUIRE(a.first.size() == c.first.size());
  bool same_ab = true, same_ac = true;
  for (std::size_t i = 0; i < a.first.size(); ++i) {
    same_ab = same_ab && a.first[i] == b.first[i];
    same_ac = same_ac && a.first[i] == c.first[i];
  }
  CHECK(same_ab);
  CHECK(same_ac);
  CHECK(a.second == c.second);
}

TEST_CASE("trainer: input errors are reported") {
  Rng rng(1);
  MatrixF x = MatrixF::Zero(10, 2), y = MatrixF::Zero(9, 1);
  MLP net({2, {}, 1}, rng);
  CHECK_THROWS_AS(train({&x, &y}, net.parameters(), mse_loss(net)), ShapeError);
  TrainSettings o;
  o.validation_fraction = 1.5;
  CHECK_THROWS_AS(train({&x}, net.parameters(), mse_loss(net), o), ValueError);
  // A non-finite loss stops training with an error.
  MatrixF bad = MatrixF::Constant(10, 1, NAN);
  TrainSettings one;
  one.max_epochs = 1;
  CHECK_THROWS_AS(train({&x, &bad}, net.parameters(), mse_loss(net), one), ValueError);
}

TEST_CASE("trainer: parameters not passed to train() stay fixed (chunked steps)") {
  Rng rng(25);
  MatrixF x = sbi::test::random_matrix(rng, 600, 3), y = sbi::test::random_matrix(rng, 600, 1);
  MLP frozen({3, {4}, 3, Activation::Tanh}, rng), head({3, {8}, 1, Activation::Tanh}, rng);
  const MatrixF frozen_before = frozen.parameters()[0].param->value;
  const MatrixF head_before = head.parameters()[0].param->value;
  TrainSettings o;
  o.batch_size = 256;
  o.chunk_rows = 64;
  o.max_epochs = 2;
  auto loss = [&](ad::Tape& tape, const Batch& b) {
    ad::Var f = frozen.forward(tape, b.inputs[0]);
    return ad::mean(ad::square(ad::sub(head.forward(tape, f), b.inputs[1])));
  };
  train({&x, &y}, head.parameters(), loss, o);
  CHECK(frozen.parameters()[0].param->value == frozen_before);
  CHECK(head.parameters()[0].param->value != head_before);
}
