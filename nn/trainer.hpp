// The training loop shared by every network: regression, classification, density estimation.
//
// The data are one or more matrices with the same number of rows (e.g. θ and x); the loss
// callback receives a minibatch of their rows as constants on a tape and returns the 1×1
// mean loss of those rows. Defaults follow sbi: Adam lr 5e-4, batch 200, a random 10%
// validation split, early stopping after 20 epochs without validation improvement, restore of
// the best weights, gradient-norm clipping at 5.
//
// Reproducibility (stream ids named in nn/rng_streams.hpp): the split is drawn from
// Rng(derive_seed(seed, 1)), epoch e's shuffle from
// Rng(derive_seed(seed, 2), e), and a callback's random stream for minibatch chunk c of step s
// is Rng(derive_seed(seed, 3), s·64 + c). Minibatches are cut into a fixed number of chunks
// (depending only on the batch size) that run on separate threads with separate tapes and
// gradient buffers, summed in chunk order; so the same seed gives the same weights with any
// number of threads. This needs a loss that is a mean over rows (the chunk losses are
// combined with weights n_c/n); set row_mean_loss = false for losses that couple rows.
//
// Thread safety: with chunking, the loss callback runs concurrently on several threads (one
// call per chunk, each with its own tape and Batch). It must not write shared state; the
// model's parameters are safe to use (Param::var routes each chunk's gradient to its own
// buffer). Only the parameters passed to train() are updated; other Params read by the loss
// are constants while chunked (their grads are not touched).
#pragma once
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "core/tape.hpp"
#include "nn/optimizer.hpp"
#include "nn/parameter.hpp"

namespace sbi::nn {

struct Batch {
  std::span<const ad::Var> inputs;         // one n_c×cols constant per data matrix
  std::span<const std::int64_t> rows;      // their row indices in the data matrices
  Rng* rng = nullptr;                      // a reproducible stream for stochastic losses
  bool training = true;                    // false while computing the validation loss
};

using LossFunction = std::function<ad::Var(ad::Tape& tape, const Batch& batch)>;

struct EpochRecord {
  int epoch = 0;
  double train_loss = 0;       // mean over the epoch's training rows
  double validation_loss = 0;  // NaN without a validation split
  double seconds = 0;
  double learning_rate = 0;
};

struct TrainSettings {
  int batch_size = 200;
  int max_epochs = 1 << 30;
  double validation_fraction = 0.1;
  int patience = 20;             // stop after this many epochs without improvement
  double min_improvement = 0;    // an epoch improves only if it beats the best by more (sklearn tol)
  bool restore_best = true;
  // Without a validation split, training normally runs max_epochs; with this set, patience and
  // min_improvement apply to the training loss instead (sklearn's MLP stopping rule).
  bool stop_on_training_loss = false;
  double clip_norm = 5.0;        // ≤ 0: no clipping
  AdamSettings adam;              // set adam.decoupled_weight_decay for AdamW
  LearningRateSchedule schedule;
  std::uint64_t seed = 0;
  bool row_mean_loss = true;     // allows chunked parallel steps (see above)
  // Chunks per minibatch: the largest power of two ≤ batch / chunk_rows, at most max_chunks
  // (sbi's batch 200 → 2 chunks; 500 → 4). chunk_rows ≤ 0 disables chunking.
  int chunk_rows = 100;
  int max_chunks = 8;
  bool progress = true;          // progress line on stderr, only when it is a terminal
  // Called after each epoch; return false to stop training.
  std::function<bool(const EpochRecord&)> on_epoch;
};

struct TrainResult {
  std::vector<EpochRecord> epochs;
  int best_epoch = -1;
  double best_validation_loss = 0;
  bool stopped_early = false;     // by patience
  bool stopped_by_callback = false;
  Index train_rows = 0, validation_rows = 0;
};

// Trains `params` to minimise `loss` over `data` (matrices with equal row counts).
TrainResult train(const std::vector<const MatrixF*>& data, const ParamList& params,
                  const LossFunction& loss, const TrainSettings& options = {});

// The number of chunks a minibatch of `rows` rows is split into.
int chunk_count(Index rows, const TrainSettings& options);

}  // namespace sbi::nn
