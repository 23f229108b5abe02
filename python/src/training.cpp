// Training settings from Python and the training record (see training.hpp).
#include "training.hpp"

#include <nanobind/stl/vector.h>

#include <vector>

namespace nb = nanobind;

namespace sbi::py {

void bind_train_settings(nb::module_& m) {
  nb::class_<TrainJobSettings>(m, "TrainJobSettings")
      .def(nb::init<>())
      .def_rw("batch_size", &TrainJobSettings::batch_size)
      .def_rw("learning_rate", &TrainJobSettings::learning_rate)
      .def_rw("validation_fraction", &TrainJobSettings::validation_fraction)
      .def_rw("patience", &TrainJobSettings::patience)
      .def_rw("max_epochs", &TrainJobSettings::max_epochs)
      .def_rw("clip_norm", &TrainJobSettings::clip_norm)
      .def_rw("seed", &TrainJobSettings::seed)
      .def_rw("on_epoch", &TrainJobSettings::on_epoch, nb::arg("on_epoch").none());
}

TrainingRun::TrainingRun(const TrainJobSettings& s) : callback_(s.on_epoch) {
  options_.batch_size = s.batch_size;
  options_.adam.learning_rate = s.learning_rate;
  options_.validation_fraction = s.validation_fraction;
  options_.patience = s.patience;
  options_.max_epochs = s.max_epochs;
  options_.clip_norm = s.clip_norm;
  options_.seed = s.seed;
  options_.progress = false;  // progress goes through the Python callback instead
  if (!callback_.is_valid() || callback_.is_none()) return;
  options_.on_epoch = [this](const nn::EpochRecord& r) {
    nb::gil_scoped_acquire acquire;
    try {
      callback_(r.epoch, r.train_loss, r.validation_loss, r.seconds);
      return true;
    } catch (nb::python_error& e) {
      error_ = std::make_unique<nb::python_error>(e);
      return false;
    }
  };
}

void TrainingRun::rethrow_callback_error() {
  if (!error_) return;
  error_->restore();
  error_.reset();
  throw nb::python_error();
}

nb::dict training_record(const nn::TrainResult& result) {
  std::vector<double> train, validation, seconds;
  for (const auto& e : result.epochs) {
    train.push_back(e.train_loss);
    validation.push_back(e.validation_loss);
    seconds.push_back(e.seconds);
  }
  nb::dict d;
  d["epochs"] = result.epochs.size();
  d["best_epoch"] = result.best_epoch;
  d["best_validation_loss"] = result.best_validation_loss;
  d["stopped_early"] = result.stopped_early;
  d["train_loss"] = train;
  d["validation_loss"] = validation;
  d["seconds"] = seconds;
  return d;
}

}  // namespace sbi::py
