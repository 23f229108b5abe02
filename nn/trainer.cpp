// The training loop (see trainer.hpp).
#include "nn/trainer.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <utility>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/stage_profile.hpp"
#include "nn/chunk_exchange.hpp"
#include "nn/dense_gemm.hpp"
#include "nn/rng_streams.hpp"

namespace sbi::nn {

int chunk_count(Index rows, const TrainSettings& options) {
  if (!options.row_mean_loss || options.chunk_rows <= 0) return 1;
  // The largest power of two ≤ rows / chunk_rows (balanced on 2, 4, ... cores), capped.
  const Index target = rows / options.chunk_rows;
  int k = 1;
  while (2 * Index(k) <= target && 2 * k <= std::max(1, options.max_chunks)) k *= 2;
  return k;
}

namespace {

// Runs minibatches: cuts them into chunks, each on its own tape (and thread).
class StepRunner {
 public:
  StepRunner(const std::vector<const MatrixF*>& data, const ParamList& params,
             const LossFunction& loss, const TrainSettings& options, const Communicator& ranks)
      : data_(data), params_(params), loss_(loss), options_(options),
        exchange_(params, std::max(1, options.max_chunks), ranks) {
    const int max_chunks = std::max(1, options.max_chunks);
    for (int c = 0; c < max_chunks; ++c) {
      tapes_.push_back(std::make_unique<ad::Tape>());
      tapes_.back()->set_release_during_backward(true);  // run_chunk reads only the loss, before backward
      vars_.emplace_back(data.size());
    }
    chunk_loss_.resize(static_cast<std::size_t>(max_chunks));
    chunk_error_.resize(static_cast<std::size_t>(max_chunks));
    chunk_failed_.resize(static_cast<std::size_t>(max_chunks));
  }

  // Mean loss over the rows `idx`; with `training`, also ∂loss/∂params into the params' grads
  // (which the caller zeroed). stream_base seeds the chunks' random streams. Over several ranks,
  // this rank computes its share of the chunks and the exchange completes the rest.
  double run(std::span<const std::int64_t> idx, bool training, std::uint64_t stream_seed,
             std::uint64_t stream_base) {
    const Index n = static_cast<Index>(idx.size());
    const int k = chunk_count(n, options_);
    auto body = [&](int c) {
      const Index begin = n * c / k, end = n * (c + 1) / k;
      try {
        chunk_loss_[static_cast<std::size_t>(c)] =
            run_chunk(c, k, idx.subspan(begin, end - begin), training, double(end - begin) / double(n),
                      Rng(stream_seed, stream_base * 64 + static_cast<std::uint64_t>(c)));
      } catch (...) {  // kept until every rank has exchanged, so that no rank waits forever
        chunk_error_[static_cast<std::size_t>(c)] = std::current_exception();
        chunk_loss_[static_cast<std::size_t>(c)] = std::numeric_limits<double>::quiet_NaN();
      }
    };
    if (k == 1) {
      body(0);  // one chunk: every rank computes it
      const bool failed = chunk_error_[0] != nullptr;
      if (exchange_.distributed() && exchange_.any_rank_failed(failed) && !failed) throw_other_rank_failed(0);
      rethrow_chunk_errors(0, 1);
    } else {
      const RowBlock mine = exchange_.distributed() ? exchange_.my_chunks(k) : RowBlock{0, k};
      if (training) {
        prof::StageScope slots(prof::Stage::GradientSlots);
        prepare_gradient_slots(params_, k);
      }
      parallel_for(mine.size(), 1, [&](Index b, Index e) {
        for (Index c = mine.begin + b; c < mine.begin + e; ++c) {
          GradientSlotScope scope(static_cast<int>(c));
          body(static_cast<int>(c));
        }
      });
      for (Index c = mine.begin; c < mine.end; ++c)
        chunk_failed_[static_cast<std::size_t>(c)] = chunk_error_[static_cast<std::size_t>(c)] != nullptr;
      exchange_.exchange(k, training, chunk_loss_, chunk_failed_);
      rethrow_chunk_errors(static_cast<int>(mine.begin), static_cast<int>(mine.end));
      for (int c = 0; c < k; ++c)
        if (chunk_failed_[static_cast<std::size_t>(c)]) throw_other_rank_failed(c);
      if (training) {
        prof::StageScope slots(prof::Stage::GradientSlots);
        reduce_gradient_slots(params_, k);
      }
    }
    double total = 0;
    for (int c = 0; c < k; ++c) total += chunk_loss_[static_cast<std::size_t>(c)];
    return total;
  }

 private:
  [[noreturn]] static void throw_other_rank_failed(int chunk) {
    throw ValueError("train: the loss failed on another MPI rank (minibatch chunk " + std::to_string(chunk) +
                     "); that rank printed the error");
  }

  void rethrow_chunk_errors(int begin, int end) {
    for (int c = begin; c < end; ++c) {
      std::exception_ptr error = std::exchange(chunk_error_[static_cast<std::size_t>(c)], nullptr);
      if (error) std::rethrow_exception(error);
    }
  }

  // Returns weight · loss of the chunk (weight = its share of the rows).
  double run_chunk(int c, int chunks, std::span<const std::int64_t> rows, bool training, double weight, Rng rng) {
    ad::Tape& tape = *tapes_[static_cast<std::size_t>(c)];
    // Chunks run in parallel with each other, so their products run serially (dense_gemm.hpp).
    SerialGemmScope serial(chunks > 1);
    prof::StageScope gather(prof::Stage::BatchGather);
    tape.reset();
    std::vector<ad::Var>& vars = vars_[static_cast<std::size_t>(c)];
    const Index m = static_cast<Index>(rows.size());
    for (std::size_t j = 0; j < data_.size(); ++j) {
      const MatrixF& src = *data_[j];
      ad::Var v = tape.record(m, src.cols(), nullptr, nullptr, 0);
      float* dst = v.value().data();
      const std::size_t width = static_cast<std::size_t>(src.cols());
      for (Index i = 0; i < m; ++i)
        std::memcpy(dst + i * src.cols(), src.data() + rows[static_cast<std::size_t>(i)] * src.cols(),
                    sizeof(float) * width);
      vars[j] = v;
    }
    Batch batch{std::span<const ad::Var>(vars), rows, &rng, training};
    ad::Var loss;
    prof::StageScope forward(prof::Stage::ForwardOther);
    if (training) {
      loss = loss_(tape, batch);
    } else {
      NoGradScope no_grad;
      loss = loss_(tape, batch);
    }
    if (loss.rows() != 1 || loss.cols() != 1)
      throw ShapeError("train: the loss callback must return a 1x1 loss, got " +
                       shape_str(loss.rows(), loss.cols()));
    const float value = loss.value()(0, 0);
    if (training) {
      const float seed = static_cast<float>(weight);
      prof::StageScope backward(prof::Stage::BackwardOther);
      tape.backward(loss, Eigen::Map<const MatrixF>(&seed, 1, 1));
    }
    return weight * double(value);
  }

  const std::vector<const MatrixF*>& data_;
  const ParamList& params_;
  const LossFunction& loss_;
  const TrainSettings& options_;
  std::vector<std::unique_ptr<ad::Tape>> tapes_;
  std::vector<std::vector<ad::Var>> vars_;
  std::vector<double> chunk_loss_;
  std::vector<std::exception_ptr> chunk_error_;
  std::vector<std::uint8_t> chunk_failed_;  // per chunk, over all ranks after the exchange
  ChunkExchange exchange_;
};

void check_options(const std::vector<const MatrixF*>& data, const TrainSettings& o) {
  if (data.empty()) throw ValueError("train: no data matrices");
  for (std::size_t j = 0; j < data.size(); ++j) {
    if (!data[j]) throw ValueError("train: data matrix " + std::to_string(j) + " is null");
    if (data[j]->rows() != data[0]->rows())
      throw ShapeError("train: data matrix " + std::to_string(j) + " has " +
                       std::to_string(data[j]->rows()) + " rows, matrix 0 has " +
                       std::to_string(data[0]->rows()));
  }
  if (o.batch_size < 1) throw ValueError("train: batch_size must be ≥ 1, got " + std::to_string(o.batch_size));
  if (!(o.validation_fraction >= 0 && o.validation_fraction < 1))
    throw ValueError("train: validation_fraction must be in [0, 1), got " +
                     std::to_string(o.validation_fraction));
  if (o.max_epochs < 1) throw ValueError("train: max_epochs must be ≥ 1");
  if (o.patience < 1) throw ValueError("train: patience must be ≥ 1");
}

}  // namespace

TrainResult train(const std::vector<const MatrixF*>& data, const ParamList& params,
                  const LossFunction& loss, const TrainSettings& options) {
  check_options(data, options);
  const Index n = data[0]->rows();
  const Index n_train = static_cast<Index>((1.0 - options.validation_fraction) * double(n));
  const Index n_val = n - n_train;
  if (n_train < 1)
    throw ValueError("train: no training rows (" + std::to_string(n) + " rows, validation fraction " +
                     std::to_string(options.validation_fraction) + ")");
  std::vector<std::int64_t> order = Rng(derive_seed(options.seed, streams::kValidationSplit)).permutation(n);
  std::vector<std::int64_t> train_rows(order.begin(), order.begin() + n_train);
  const std::vector<std::int64_t> val_rows(order.begin() + n_train, order.end());

  const Communicator& ranks = Communicator::current();
  check_ranks_agree(data, params, options.seed, ranks);
  Adam optimizer(params, options.adam);
  StepRunner runner(data, params, loss, options, ranks);
  WeightSnapshot best;
  TrainResult result;
  result.epochs.reserve(static_cast<std::size_t>(std::min(options.max_epochs, 4096)));
  result.train_rows = n_train;
  result.validation_rows = n_val;
  result.best_validation_loss = std::numeric_limits<double>::infinity();
  const bool show = options.progress && ranks.is_root() && isatty(fileno(stderr));
  const std::uint64_t train_seed = derive_seed(options.seed, streams::kTrainingLoss);
  const std::uint64_t val_seed = derive_seed(options.seed, streams::kValidationLoss);
  const Index batch = options.batch_size;
  std::uint64_t step = 0;
  int since_best = 0;

  for (int epoch = 0; epoch < options.max_epochs; ++epoch) {
    const auto t0 = std::chrono::steady_clock::now();
    prof::StageScope epoch_scope(prof::Stage::TrainerOther);
    {
      prof::StageScope shuffle(prof::Stage::Shuffle);
      Rng(derive_seed(options.seed, streams::kEpochShuffle), static_cast<std::uint64_t>(epoch)).shuffle(train_rows);
    }
    const double lr = options.schedule.rate(options.adam.learning_rate, epoch);
    optimizer.set_learning_rate(lr);
    double train_sum = 0;
    for (Index start = 0; start < n_train; start += batch) {
      const Index m = std::min(batch, n_train - start);
      {
        prof::StageScope zero(prof::Stage::GradientSlots);
        zero_grad(params);
      }
      const double l = runner.run(std::span<const std::int64_t>(train_rows).subspan(start, m), true,
                                  train_seed, step++);
      if (!std::isfinite(l))
        throw ValueError("train: the training loss is not finite (" + std::to_string(l) +
                         ") in epoch " + std::to_string(epoch) + " at row " + std::to_string(start));
      train_sum += l * double(m);
      if (options.clip_norm > 0) {
        prof::StageScope clip(prof::Stage::GradientSlots);
        clip_gradient_norm(params, options.clip_norm);
      }
      prof::StageScope adam(prof::Stage::Adam);
      optimizer.step();
    }
    EpochRecord record;
    record.epoch = epoch;
    record.learning_rate = lr;
    record.train_loss = train_sum / double(n_train);
    record.validation_loss = std::numeric_limits<double>::quiet_NaN();
    if (n_val > 0) {
      prof::StageScope validation(prof::Stage::Validation);
      double val_sum = 0;
      std::uint64_t vb = 0;
      for (Index start = 0; start < n_val; start += batch) {
        const Index m = std::min(batch, n_val - start);
        val_sum += double(m) * runner.run(std::span<const std::int64_t>(val_rows).subspan(start, m),
                                          false, val_seed, vb++);
      }
      record.validation_loss = val_sum / double(n_val);
    }
    record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    result.epochs.push_back(record);

    const double score = n_val > 0 ? record.validation_loss : record.train_loss;
    // Patience counts epochs that fail to beat the best by more than min_improvement (sklearn's
    // tol); any improvement still becomes the best (and its weights are kept).
    const bool first = result.best_epoch < 0;
    if (first || score < result.best_validation_loss - options.min_improvement) since_best = 0;
    else ++since_best;
    if (first || score < result.best_validation_loss) {
      result.best_validation_loss = score;
      result.best_epoch = epoch;
      if (options.restore_best && n_val > 0) best.capture(params);
    }
    if (show)
      std::fprintf(stderr, "\r  epoch %5d  train %-11.5g val %-11.5g best %-11.5g (epoch %d)  %.2fs   ",
                   epoch, record.train_loss, record.validation_loss, result.best_validation_loss,
                   result.best_epoch, record.seconds);
    if ((n_val > 0 || options.stop_on_training_loss) && since_best >= options.patience) {
      result.stopped_early = true;
      break;
    }
    if (options.on_epoch && !options.on_epoch(record)) {
      result.stopped_by_callback = true;
      break;
    }
  }
  if (show) std::fprintf(stderr, "\n");
  if (options.restore_best && !best.empty()) best.restore(params);
  return result;
}

}  // namespace sbi::nn
