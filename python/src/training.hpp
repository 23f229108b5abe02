// Training settings from Python (sbi's defaults) and the training record handed back.
// Progress: `on_epoch`, when not None, is a Python callable(epoch, train_loss, validation_loss,
// seconds) run after each epoch with the GIL re-acquired (training itself runs without it);
// an exception it raises stops training and is re-raised in the caller.
#pragma once
#include <nanobind/nanobind.h>

#include <memory>

#include "nn/trainer.hpp"

namespace sbi::py {

struct TrainJobSettings {
  int batch_size = 200;
  double learning_rate = 5e-4;
  double validation_fraction = 0.1;
  int patience = 20;
  int max_epochs = 1 << 30;
  double clip_norm = 5.0;
  std::uint64_t seed = 0;       // 0: the method derives one from its own seed
  nanobind::object on_epoch;    // None or callable
};

void bind_train_settings(nanobind::module_& m);

// Runs train(options) with the GIL released and the progress callback wired in.
class TrainingRun {
 public:
  explicit TrainingRun(const TrainJobSettings& settings);
  const nn::TrainSettings& options() const { return options_; }
  // Call after training: re-raises the callback's exception, if any.
  void rethrow_callback_error();

 private:
  nn::TrainSettings options_;
  nanobind::object callback_;
  std::unique_ptr<nanobind::python_error> error_;  // the callback's exception
};

// {epochs, best_epoch, best_validation_loss, stopped_early, train_loss, validation_loss,
//  seconds} as a Python dict (lists per epoch).
nanobind::dict training_record(const nn::TrainResult& result);

// Trains with `train(options) -> nn::TrainResult` without the GIL; returns the record.
template <class Train>
nanobind::dict run_training(const TrainJobSettings& settings, Train&& train) {
  TrainingRun run(settings);
  nn::TrainResult result;
  {
    nanobind::gil_scoped_release release;
    result = train(run.options());
  }
  run.rethrow_callback_error();
  return training_record(result);
}

}  // namespace sbi::py
