// Amortized cost estimation (see ace.hpp).
#include "inference/ace.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "inference/model_io.hpp"
#include "inference/rng_streams.hpp"

namespace sbi::inference {

namespace {

constexpr const char* kKind = "ace";

// ĉ(θ, x_o) of one network, reusing one tape and its buffers across calls: once the tape's
// arena has grown to the largest batch, a call allocates nothing. With several outputs (per-term
// costs), ĉ is the mean over outputs of output_d · s_d.
class CostEvaluator : public AceCost {
 public:
  CostEvaluator(std::shared_ptr<nn::ResidualNet> net, const nn::Standardizer& theta_z,
                const nn::Standardizer& x_z, const RowVectorD& scales, const RowVectorD& x_o,
                const std::shared_ptr<nn::Embedding>& embedding)
      : net_(std::move(net)), theta_z_(theta_z), scales_(scales) {
    context_row_ = nn::embed_constant(embedding.get(), x_z.transform(MatrixD(x_o)).cast<float>());  // e(x̂_o), once
  }

  // out (theta.rows() entries) ← ĉ(θ_i, x_o).
  void evaluate(ConstRowsD theta, ValuesD out) override {
    const Index n = theta.rows();
    nn::NoGradScope no_grad;
    tape_.reset();
    ad::Var in = tape_.record(n, theta.cols(), nullptr, nullptr, 0);
    theta_z_.transform_into(theta, in.value());
    ad::Var ctx = tape_.record(n, context_row_.cols(), nullptr, nullptr, 0);
    ctx.value().rowwise() = context_row_.row(0);
    const MapF pred = net_->forward(tape_, in, ctx).value();
    out = pred.col(0).cast<double>() * scales_(0);
    for (Index d = 1; d < scales_.size(); ++d) out += pred.col(d).cast<double>() * scales_(d);
    if (scales_.size() > 1) out /= static_cast<double>(scales_.size());
  }

 private:
  std::shared_ptr<nn::ResidualNet> net_;
  nn::Standardizer theta_z_;
  RowVectorD scales_;
  MatrixF context_row_;
  ad::Tape tape_;
};

}  // namespace

std::string ace_loss_name(AceLoss loss) { return loss == AceLoss::Poisson ? "poisson" : "squared"; }

AceLoss parse_ace_loss(const std::string& name) {
  if (name == "squared") return AceLoss::Squared;
  if (name == "poisson") return AceLoss::Poisson;
  throw ValueError("ACE: unknown loss '" + name + "' (squared, poisson)");
}

nn::TrainSettings ace_reference_training() {
  nn::TrainSettings t;
  t.adam.learning_rate = 1e-3;
  t.batch_size = 500;
  t.validation_fraction = 0.1;
  t.patience = 100;
  return t;
}

Ace::Ace(sim::PriorPtr prior, PairDistance distance, AceSettings options)
    : prior_(std::move(prior)), distance_(std::move(distance)), options_(options), data_(prior_) {
  if (!distance_.pairwise) throw ValueError("ACE: a distance is required");
  if (options_.targets_per_theta < 1) throw ValueError("ACE: targets_per_theta must be ≥ 1");
  if (!(options_.observed_target_fraction >= 0 && options_.observed_target_fraction <= 1))
    throw ValueError("ACE: observed_target_fraction must be in [0, 1], got " +
                     std::to_string(options_.observed_target_fraction));
  if (options_.per_term && !distance_.terms)
    throw ValueError("ACE: per-term costs need a distance that is a mean of per-value terms (mse, mae_zscored); '" +
                     distance_.name + "' is not");
}

Index Ace::append_simulations(const MatrixD& theta, const MatrixD& x) {
  return data_.append(theta, x);
}

void Ace::add_observations(const MatrixD& x_o) {
  if (data_.x_dim() >= 0 && x_o.cols() != data_.x_dim())
    throw ShapeError("ACE::add_observations: observations have " + std::to_string(x_o.cols()) +
                     " values, simulations " + std::to_string(data_.x_dim()));
  require_finite("ACE::add_observations", x_o);
  const Index old = observations_.rows();
  observations_.conservativeResize(old + x_o.rows(), x_o.cols());
  observations_.bottomRows(x_o.rows()) = x_o;
}

nn::TrainResult Ace::train(const nn::TrainSettings& train_options) {
  if (data_.size() < 10) throw ValueError("ACE::train: need at least 10 simulations, have " +
                                          std::to_string(data_.size()));
  const std::uint64_t seed = options_.seed;
  targets_ = build_target_set(data_.x(), observations_, options_.targets, derive_seed(seed, streams::kAceTargets));
  theta_z_ = nn::Standardizer::fit(data_.theta());
  x_z_ = nn::Standardizer::fit(data_.x());

  // Output scale: the mean distance between random pairs of simulations (per term, the mean
  // of each term).
  const bool per_term = options_.per_term;
  const Index outputs = per_term ? data_.x_dim() : 1;
  {
    const Index pairs = options_.scale_pairs, n = data_.size();
    MatrixD a(pairs, data_.x_dim()), b(pairs, data_.x_dim());
    for (Index k = 0; k < pairs; ++k) {
      Rng rng(derive_seed(seed, streams::kAceScalePairs), static_cast<std::uint64_t>(k));
      a.row(k) = data_.x().row(rng.uniform_int(0, n - 1));
      b.row(k) = data_.x().row(rng.uniform_int(0, n - 1));
    }
    double smallest;
    if (per_term) {
      MatrixD terms(pairs, data_.x_dim());
      distance_.terms(a, b, terms);
      scales_ = terms.colwise().mean();
      smallest = terms.minCoeff();
    } else {
      const VectorD d = distance_(a, b);
      scales_ = RowVectorD::Constant(1, d.mean());
      smallest = d.minCoeff();
    }
    if (options_.loss == AceLoss::Poisson && smallest < 0)
      throw ValueError("ACE: the Poisson deviance needs non-negative distances, but '" + distance_.name +
                       "' gave " + std::to_string(smallest) + " between two simulations; use the squared loss");
    for (Index d = 0; d < outputs; ++d)
      if (!(scales_(d) > 0) || !std::isfinite(scales_(d))) scales_(d) = 1.0;
  }

  Rng embedding_rng(derive_seed(seed, streams::kAceEmbeddingInit));
  embedding_ = nn::build_embedding(options_.embedding, data_.x_dim(), embedding_rng);
  nn::ResidualNetSettings config;
  config.in = data_.theta_dim();
  config.context = embedding_ ? embedding_->out_dim() : data_.x_dim();
  config.out = outputs;
  config.hidden = options_.hidden;
  config.blocks = options_.blocks;
  config.activation = options_.activation;
  config.output_activation = nn::Activation::Softplus;
  Rng init_rng(derive_seed(seed, streams::kAceNetworkInit));
  network_ = std::make_shared<nn::ResidualNet>(config, init_rng);

  const MatrixF theta_f = theta_z_.transform(data_.theta()).cast<float>();
  const MatrixF targets_f = x_z_.transform(targets_.x).cast<float>();
  const MatrixD& sims = data_.x();
  const MatrixD& targets = targets_.x;
  const Index k = options_.targets_per_theta, num_targets = targets.rows();
  const Index num_observed = targets_.num_observed;
  const double observed_fraction = num_observed > 0 ? options_.observed_target_fraction : 0.0;
  const MatrixF scales_f = scales_.cast<float>();
  const std::uint64_t validation_seed = derive_seed(seed, streams::kAceValidation);

  // Loss of a minibatch: each θ row is paired with k targets (fresh random ones in training,
  // fixed ones for validation) and labelled with the distance of its simulation to them.
  const nn::LossFunction loss = [&](ad::Tape& tape, const nn::Batch& batch) {
    const Index n = static_cast<Index>(batch.rows.size()), m = n * k;
    ad::Var theta_in = tape.record(m, theta_f.cols(), nullptr, nullptr, 0);
    ad::Var target_in = tape.record(m, targets_f.cols(), nullptr, nullptr, 0);
    ad::Var labels = tape.record(m, outputs, nullptr, nullptr, 0);
    // Per-thread label buffers (the trainer runs chunks on several threads), grow-only: the
    // chunk sizes vary (last minibatch, validation), and steady-state steps must not allocate.
    thread_local MatrixD x_buffer, t_buffer, term_buffer;
    thread_local VectorD d_buffer;
    reserve_rows(x_buffer, m, sims.cols());
    reserve_rows(t_buffer, m, sims.cols());
    reserve_rows(d_buffer, m);
    if (per_term) reserve_rows(term_buffer, m, sims.cols());
    auto x_pairs = x_buffer.topRows(m);
    auto t_pairs = t_buffer.topRows(m);
    MapF theta_v = theta_in.value(), target_v = target_in.value();
    for (Index r = 0; r < n; ++r) {
      const Index i = batch.rows[static_cast<std::size_t>(r)];
      for (Index j = 0; j < k; ++j) {
        const Index row = r * k + j;
        // Training pairs draw fresh targets; validation pairs fixed ones (a stream per pair),
        // from the same mixture, so early stopping judges the objective being trained. The
        // extra uniform is drawn only when observations are oversampled: the reference setting
        // consumes the random streams exactly as before.
        auto draw_target = [&](Rng& rng) -> Index {
          if (observed_fraction > 0 && rng.uniform() < observed_fraction)
            return num_targets - num_observed + rng.uniform_int(0, num_observed - 1);
          return rng.uniform_int(0, num_targets - 1);
        };
        Index t;
        if (batch.training) {
          t = draw_target(*batch.rng);
        } else {
          Rng fixed(validation_seed, static_cast<std::uint64_t>(i * k + j));
          t = draw_target(fixed);
        }
        theta_v.row(row) = theta_f.row(i);
        target_v.row(row) = targets_f.row(t);
        x_pairs.row(row) = sims.row(i);
        t_pairs.row(row) = targets.row(t);
      }
    }
    // Labels: the distance (one output) or its D terms (per-term outputs, each in its own units).
    if (per_term) {
      auto terms = term_buffer.topRows(m);
      distance_.terms(x_pairs, t_pairs, terms);
      labels.value() = terms.cast<float>();
    } else {
      auto distances = d_buffer.head(m);
      distance_.pairwise(x_pairs, t_pairs, distances);
      labels.value() = distances.cast<float>();
    }
    // ĉ_d = network_d · s_d; loss = mean over pairs of Σ_d loss(ĉ_d, label_d).
    ad::Var scales_in = tape.record(1, outputs, nullptr, nullptr, 0);
    scales_in.value() = scales_f;
    const ad::Var context = embedding_ ? embedding_->forward(tape, target_in) : target_in;
    ad::Var prediction = ad::mul(network_->forward(tape, theta_in, context), scales_in);
    if (options_.loss == AceLoss::Squared)
      return ad::mul_scalar(ad::mean(ad::square(ad::sub(prediction, labels))), static_cast<float>(outputs));
    // Poisson deviance ĉ − d·log ĉ + (d·log d − d): the bracket is constant, added so that a
    // perfect fit scores 0. (The small shift keeps log finite where softplus underflows.)
    const auto d = labels.value().array();
    const float constant = static_cast<float>(
        (d > 0).select(d * d.max(1e-30f).log() - d, -d).cast<double>().sum() / double(d.size()));
    ad::Var deviance = ad::sub(prediction, ad::mul(labels, ad::log(ad::add_scalar(prediction, 1e-6f))));
    return ad::mul_scalar(ad::add_scalar(ad::mean(deviance), constant), static_cast<float>(outputs));
  };
  return nn::train({&theta_f}, nn::with_embedding_parameters(network_->parameters(), embedding_.get()), loss,
                   train_options);
}

void Ace::release_training_data() {
  data_ = SimulationData(prior_, data_.x_dim());
  targets_ = TargetSet{};
}

void Ace::check_trained(const char* what) const {
  if (!network_) throw ValueError(std::string("ACE::") + what + ": the network is not trained (call train() or load())");
}

VectorD Ace::cost(const MatrixD& theta, const RowVectorD& x_o) const {
  check_trained("cost");
  require_shape("ACE::cost: theta", theta, -1, prior_->dim());
  require_shape("ACE::cost: observation", x_o, 1, x_z_.dim());
  CostEvaluator evaluator(network_, theta_z_, x_z_, scales_, x_o, embedding_);
  VectorD out(theta.rows());
  evaluator.evaluate(theta, out);
  return out;
}

std::shared_ptr<AceCost> Ace::cost_function(const RowVectorD& x_o) const {
  check_trained("cost_function");
  require_shape("ACE::cost_function: observation", x_o, 1, x_z_.dim());
  require_finite("ACE::cost_function: observation", MatrixD(x_o));
  return std::make_shared<CostEvaluator>(network_, theta_z_, x_z_, scales_, x_o, embedding_);
}

std::shared_ptr<McmcPosterior> gbi_posterior(sim::PriorPtr prior, std::shared_ptr<AceCost> cost, double beta,
                                             const McmcSettings& mcmc, const std::string& description) {
  if (!(beta > 0)) throw ValueError("GBI posterior: β must be positive, got " + std::to_string(beta));
  if (!cost) throw ValueError("GBI posterior: a cost function is required");
  mcmc::LogDensity potential;
  potential.dim = prior->dim();
  potential.value = [cost, prior, beta](ConstRowsD theta, ValuesD logp) {
    cost->evaluate(theta, logp);
    for (Index i = 0; i < theta.rows(); ++i)
      logp[i] = -beta * logp[i] + prior->log_prob_one(theta.row(i).data());
  };
  return std::make_shared<McmcPosterior>(prior, potential, mcmc, description);
}

std::shared_ptr<McmcPosterior> Ace::posterior(const RowVectorD& x_o, double beta,
                                              const McmcSettings& mcmc) const {
  check_trained("posterior");
  require_shape("ACE::posterior: observation", x_o, 1, x_z_.dim());
  if (!(beta > 0)) throw ValueError("ACE::posterior: β must be positive, got " + std::to_string(beta));
  return gbi_posterior(prior_, cost_function(x_o), beta, mcmc,
                       "ACE generalized posterior (beta " + std::to_string(beta) + ")");
}

void Ace::save(const std::string& path, const std::string& tag) const { nn::save_archive(path, archive(tag)); }

nn::ModelArchive Ace::archive(const std::string& tag) const {
  check_trained("save");
  nn::ModelArchive archive;
  archive.kind = kKind;
  nn::Architecture arch = network_->config().architecture();
  arch.set("distance", distance_.name).set("tag", tag);
  nn::write_embedding_spec(arch, options_.embedding);
  if (embedding_) arch.set("x_dim", static_cast<long long>(x_z_.dim()));
  archive.architecture = arch.str();
  nn::add_parameters(archive, network_->parameters(), "net.");
  if (embedding_) nn::add_parameters(archive, embedding_->parameters(), "embedding.");
  theta_z_.save_to(archive, "theta_z.");
  x_z_.save_to(archive, "x_z.");
  archive.add("scale", MatrixD(scales_));  // 1 × outputs
  if (distance_.parameters.size() > 0) archive.add("distance_parameters", MatrixD(distance_.parameters));
  return archive;
}

std::string Ace::peek_tag(const std::string& path) {
  const nn::ModelArchive archive = load_method_archive(path, kKind, "ACE");
  return nn::Architecture::parse(archive.architecture).get("tag");
}

namespace {

// The distance parameters a model file stores (empty when it stores none).
RowVectorD stored_distance_parameters(const nn::ModelArchive& archive) {
  for (const auto& t : archive.tensors)
    if (t.name == "distance_parameters") {
      const Index k = t.is_double ? t.d.cols() : t.f.cols();
      return archive.get_d("distance_parameters", 1, k).row(0);
    }
  return {};
}

// A stand-in for a distance the file cannot rebuild: predicting costs and sampling need no
// distance, so the model still loads; computing a distance (training further) names the gap.
PairDistance unavailable_distance(const std::string& path, const std::string& name, const std::string& why) {
  return {name, [path, name, why](ConstRowsD, ConstRowsD, ValuesD) {
            throw ValueError("'" + path + "': " + why + "; it predicts costs and samples, but cannot compute the '" +
                             name + "' distance: load it with Ace::load(path, prior, distance)");
          },
          RowVectorD(), nullptr};
}

}  // namespace

Ace Ace::load(const std::string& path, sim::PriorPtr prior, std::string* tag) {
  return from_archive(load_method_archive(path, kKind, "ACE"), path, std::move(prior), tag);
}

Ace Ace::from_archive(const nn::ModelArchive& archive, const std::string& path, sim::PriorPtr prior,
                      std::string* tag) {
  if (archive.kind != kKind)
    throw IOError("'" + path + "' holds a '" + archive.kind + "' model, not an ACE model");
  const std::string name = nn::Architecture::parse(archive.architecture).get("distance");
  const RowVectorD parameters = stored_distance_parameters(archive);
  PairDistance distance;
  if (name == "mse" || parameters.size() > 0) {
    try {
      distance = pair_distance_from_parameters(name, parameters);
    } catch (const ValueError& e) {
      throw IOError("'" + path + "': corrupt distance parameters: " + e.what());
    }
  } else if (name == "mae_zscored") {
    distance = unavailable_distance(path, name, "the file does not store the scales of its distance (saved "
                                                "before model files held them)");
  } else {
    distance = unavailable_distance(path, name, "its distance is not stored in model files");
  }
  return from_archive_with_distance(archive, path, std::move(prior), std::move(distance), tag);
}

Ace Ace::load(const std::string& path, sim::PriorPtr prior, PairDistance distance,
              std::string* tag) {
  return from_archive_with_distance(load_method_archive(path, kKind, "ACE"), path, std::move(prior),
                                    std::move(distance), tag);
}

Ace Ace::from_archive_with_distance(const nn::ModelArchive& archive, const std::string& path, sim::PriorPtr prior,
                                    PairDistance distance, std::string* tag) {
  const nn::Architecture arch = nn::Architecture::parse(archive.architecture);
  const nn::ResidualNetSettings config = nn::ResidualNetSettings::from_architecture(arch);
  require_prior_dim(path, config.in, prior);
  if (arch.get("distance") != distance.name)
    throw IOError("'" + path + "': the model was trained with distance '" + arch.get("distance") +
                  "', not '" + distance.name + "'");
  // A distance with other parameters (e.g. scales from other simulations) is not the one the
  // network learned: refuse it rather than mix the two.
  const RowVectorD stored = stored_distance_parameters(archive);
  if (stored.size() > 0 && distance.parameters.size() > 0 &&
      (stored.size() != distance.parameters.size() ||
       ((stored - distance.parameters).array().abs() > 1e-9 * stored.array().abs().max(1.0)).any()))
    throw IOError("'" + path + "': the model was trained with other '" + distance.name + "' parameters than the "
                  "distance given (e.g. z-scoring scales from other simulations)");
  AceSettings options;
  options.hidden = config.hidden;
  options.blocks = config.blocks;
  options.activation = config.activation;
  options.per_term = config.out > 1;
  options.embedding = nn::read_embedding_spec(arch);
  const Index x_dim = options.embedding.enabled() ? arch.get_int("x_dim") : config.context;
  if (config.out != 1 && config.out != x_dim)
    throw IOError("'" + path + "': corrupt ACE model: " + std::to_string(config.out) + " outputs for " +
                  std::to_string(x_dim) + " observation values (1 or one per value)");
  Ace ace(std::move(prior), std::move(distance), options);
  Rng rng(0);
  auto net = std::make_shared<nn::ResidualNet>(config, rng);
  nn::read_parameters(archive, net->parameters(), "net.");
  ace.embedding_ = nn::read_embedding(archive, options.embedding, x_dim, config.context, path);
  ace.theta_z_ = nn::Standardizer::load_from(archive, "theta_z.", config.in);
  ace.x_z_ = nn::Standardizer::load_from(archive, "x_z.", x_dim);
  ace.scales_ = archive.get_d("scale", 1, config.out).row(0);
  ace.network_ = std::move(net);
  if (tag) *tag = arch.get("tag");
  return ace;
}

}  // namespace sbi::inference
