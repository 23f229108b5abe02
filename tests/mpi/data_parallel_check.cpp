// Checks data-parallel training under `mpirun -np N` (and as one rank): an MLP regression with
// a stochastic loss, trained by nn::train over all ranks (each rank computes its share of every
// minibatch's chunks), must give bit-identical weights and identical epoch losses to the same
// training on this rank alone (RankLocalScope), for 1, 2, 4 and 8 chunks per minibatch and a
// short last batch. Ranks holding different data are refused on every rank, and a loss that
// throws on one rank ends training with an error on every rank instead of a hang.
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "core/communicator.hpp"
#include "core/errors.hpp"
#include "core/ops.hpp"
#include "nn/mlp.hpp"
#include "nn/trainer.hpp"

using namespace sbi;

namespace {
int failures = 0;
void check(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "rank %d: check failed: %s\n", Communicator::world().rank(), what.c_str());
    ++failures;
  }
}

struct Problem {
  MatrixF x, y;
};

Problem make_problem(Index n) {
  Rng rng(11);
  Problem p{MatrixF(n, 3), MatrixF(n, 1)};
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < 3; ++j) p.x(i, j) = static_cast<float>(rng.uniform(-1, 1));
    p.y(i, 0) = static_cast<float>(std::sin(2 * p.x(i, 0)) + p.x(i, 1) * p.x(i, 2) + 0.1 * rng.normal());
  }
  return p;
}

struct Trained {
  nn::ParamList params;
  nn::MLP net;
  nn::TrainResult result;
};

// Mean squared error with input noise drawn from the chunk's own random stream.
nn::LossFunction noisy_mse(nn::MLP& net, int throw_on_rank) {
  return [&net, throw_on_rank](ad::Tape& tape, const nn::Batch& b) {
    if (throw_on_rank == Communicator::world().rank()) throw ValueError("deliberate failure");
    ad::Var x = b.inputs[0];
    for (Index i = 0; i < x.value().size(); ++i) x.value().data()[i] += static_cast<float>(0.01 * b.rng->normal());
    return ad::mean(ad::square(ad::sub(net.forward(tape, x), b.inputs[1])));
  };
}

void train_once(const Problem& p, int batch, int max_chunks, Trained& out, int throw_on_rank = -1) {
  Rng init(5);
  out.net = nn::MLP(nn::MLPSettings{3, {16, 16}, 1}, init);
  out.params = out.net.parameters();
  nn::TrainSettings o;
  o.batch_size = batch;
  o.max_chunks = max_chunks;
  o.max_epochs = 4;
  o.seed = 3;
  o.progress = false;
  out.result = nn::train({&p.x, &p.y}, out.params, noisy_mse(out.net, throw_on_rank), o);
}

bool same_weights(const nn::ParamList& a, const nn::ParamList& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    const MatrixF& u = a[i].param->value;
    if (std::memcmp(u.data(), b[i].param->value.data(), sizeof(float) * std::size_t(u.size())) != 0) return false;
  }
  return true;
}

void check_bit_identical(int batch, int max_chunks) {
  const Problem p = make_problem(2345);  // 2110 training rows: a short last minibatch
  Trained over_ranks, alone;
  train_once(p, batch, max_chunks, over_ranks);
  {
    RankLocalScope local;
    train_once(p, batch, max_chunks, alone);
  }
  nn::TrainSettings chunking;
  chunking.max_chunks = max_chunks;
  const std::string what = "batch " + std::to_string(batch) + ", " +
                           std::to_string(nn::chunk_count(batch, chunking)) + " chunks: ";
  check(same_weights(over_ranks.params, alone.params), what + "weights bit-identical to one rank");
  bool same_losses = over_ranks.result.epochs.size() == alone.result.epochs.size();
  for (std::size_t e = 0; same_losses && e < alone.result.epochs.size(); ++e)
    same_losses = over_ranks.result.epochs[e].train_loss == alone.result.epochs[e].train_loss &&
                  over_ranks.result.epochs[e].validation_loss == alone.result.epochs[e].validation_loss;
  check(same_losses, what + "training and validation losses identical to one rank");
  check(over_ranks.result.best_epoch == alone.result.best_epoch, what + "same best epoch");
}

// Every rank must end with an error (none waits forever for the others).
void check_refused(const char* what, const Problem& p, int throw_on_rank) {
  bool refused = false;
  try {
    Trained t;
    train_once(p, 200, 8, t, throw_on_rank);
  } catch (const Error&) {
    refused = true;
  }
  check(refused, what);
}
}  // namespace

int main(int argc, char** argv) {
  MpiSession session(&argc, &argv);
  const auto& comm = Communicator::world();
  for (const auto& [batch, max_chunks] : {std::pair{50, 8}, {200, 8}, {500, 8}, {1000, 8}, {1000, 2}})
    check_bit_identical(batch, max_chunks);
  Problem p = make_problem(600);
  if (comm.is_distributed()) {
    Problem other = p;
    if (comm.rank() == comm.size() - 1) other.x(17, 1) += 1.0f;
    check_refused("ranks with different data are refused on every rank", other, -1);
    check_refused("a loss failing on one rank stops every rank", p, comm.size() - 1);
  }
  comm.barrier();
  const bool ok = !comm.any(failures > 0);
  if (comm.is_root()) std::printf("data-parallel training: %d rank(s), %s\n", comm.size(), ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
