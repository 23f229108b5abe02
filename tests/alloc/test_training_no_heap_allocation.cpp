// Proves that whole training epochs allocate nothing on the heap once the first epochs have
// sized every buffer: ACE's cost network (pairs drawn and labelled inside the step) and NPE's
// flows (MAF, NSF) and NRE's classifier (contrastive θ drawn inside the step; NRE-A, NRE-B, NRE-C),
// through the shared trainer (minibatch chunks on their own tapes, Adam, gradient clipping,
// validation, best-weights bookkeeping). ACE runs with one output and with per-term outputs.
//
// Epoch 1 grows the tapes' arenas and the per-thread buffers; the count runs from the end of
// epoch 2 to the end of the last epoch, read in on_epoch (into a preallocated array, so the
// callback itself allocates nothing).
#include <doctest/doctest.h>

#include <array>

#include "alloc/allocation_counter.hpp"
#include "inference/ace.hpp"
#include "inference/npe.hpp"
#include "inference/nre.hpp"
#include "simulators/task.hpp"

using namespace sbi;

namespace {

constexpr int kEpochs = 6;

struct EpochCounter {
  std::array<long, kEpochs + 1> at_end{};
  int epochs = 0;
  std::function<bool(const nn::EpochRecord&)> callback() {
    return [this](const nn::EpochRecord& r) {
      epochs = r.epoch + 1;  // EpochRecord::epoch counts from 0
      if (epochs <= kEpochs) at_end[static_cast<std::size_t>(epochs)] = test::heap_allocations();
      return true;
    };
  }
  long counted() const { return at_end[kEpochs] - at_end[2]; }
};

nn::TrainSettings short_training(nn::TrainSettings t, EpochCounter& counter) {
  t.max_epochs = kEpochs;
  t.patience = 1000;  // run every epoch
  t.progress = false;
  t.on_epoch = counter.callback();
  return t;
}

// Trains `method` on (θ, x) for kEpochs epochs and checks that epochs 3.. allocated nothing.
template <class Method>
void check_quiet_epochs(Method& method, const MatrixD& theta, const MatrixD& x, const nn::TrainSettings& base) {
  method.append_simulations(theta, x);
  EpochCounter counter;
  method.train(short_training(base, counter));
  REQUIRE(counter.epochs == kEpochs);
  CHECK(counter.counted() == 0);
}

}  // namespace

TEST_CASE("ACE and NPE training epochs allocate nothing after the first epochs") {
  const sim::Task task = sim::make_task("two_moons");
  const MatrixD theta = task.sample_prior(1900, 1);  // 1710 training rows: a short last batch
  const MatrixD x = task.simulate(theta, 2);
  for (const int variant : {0, 1, 2}) {
    const bool per_term = variant >= 1;
    const inference::AceLoss loss = variant == 2 ? inference::AceLoss::Poisson : inference::AceLoss::Squared;
    CAPTURE(per_term);
    CAPTURE(inference::ace_loss_name(loss));
    inference::AceSettings options;
    options.per_term = per_term;  // one output per term of the distance
    options.loss = loss;
    inference::Ace ace(task.prior, inference::mse_pair_distance(), options);
    check_quiet_epochs(ace, theta, x, inference::ace_reference_training());
  }
  for (const std::string estimator : {"maf", "nsf"}) {
    CAPTURE(estimator);
    inference::NpeSettings options;
    options.estimator = estimator;
    inference::Npe npe(task.prior, options);
    check_quiet_epochs(npe, theta, x, nn::TrainSettings{});
  }
}

TEST_CASE("NRE-A, NRE-B and NRE-C training epochs allocate nothing after the first epochs") {
  const sim::Task task = sim::make_task("two_moons");
  const MatrixD theta = task.sample_prior(1900, 3);
  const MatrixD x = task.simulate(theta, 4);
  for (const auto variant : {inference::NreVariant::A, inference::NreVariant::B, inference::NreVariant::C}) {
    CAPTURE(inference::nre_display_name(variant));
    inference::NreSettings options;
    options.variant = variant;
    inference::Nre nre(task.prior, options);
    check_quiet_epochs(nre, theta, x, nn::TrainSettings{});
  }
}
