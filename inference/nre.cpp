// Neural ratio estimation, NRE-A, NRE-B and NRE-C (see nre.hpp).
#include "inference/nre.hpp"
#include "inference/model_io.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "inference/nre_losses.hpp"
#include "inference/rng_streams.hpp"

namespace sbi::inference {

namespace {
constexpr const char* kKind = "nre";
}  // namespace

namespace {

struct VariantNames {
  NreVariant variant;
  const char* file;
  const char* method;
  const char* display;
};
constexpr VariantNames kVariantNames[] = {{NreVariant::A, "nre_a", "nre", "NRE-A"},
                                          {NreVariant::B, "nre_b", "nre-b", "NRE-B"},
                                          {NreVariant::C, "nre_c", "nre-c", "NRE-C"}};

const VariantNames& names_of(NreVariant v) {
  for (const auto& n : kVariantNames)
    if (n.variant == v) return n;
  return kVariantNames[0];
}

// θ per x that are not its own: NRE-A 1, NRE-B K − 1, NRE-C K.
Index other_thetas(const NreSettings& o) {
  switch (o.variant) {
    case NreVariant::A: return 1;
    case NreVariant::B: return o.num_atoms - 1;
    case NreVariant::C: return o.num_classes;
  }
  return 1;
}
}  // namespace

const char* nre_variant_name(NreVariant v) { return names_of(v).file; }
const char* nre_method_name(NreVariant v) { return names_of(v).method; }
const char* nre_display_name(NreVariant v) { return names_of(v).display; }

std::optional<NreVariant> nre_variant_from_file_name(const std::string& name) {
  for (const auto& n : kVariantNames)
    if (name == n.file) return n.variant;
  return std::nullopt;
}

Nre::Nre(sim::PriorPtr prior, NreSettings options)
    : prior_(std::move(prior)), options_(options), data_(prior_) {
  if (!prior_) throw ValueError("NRE: a prior is required");
  if (options_.hidden < 1 || options_.blocks < 0)
    throw ValueError("NRE: hidden must be ≥ 1 and blocks ≥ 0, got " + std::to_string(options_.hidden) +
                     " and " + std::to_string(options_.blocks));
  if (options_.variant == NreVariant::B && options_.num_atoms < 2)
    throw ValueError("NRE-B: num_atoms must be ≥ 2, got " + std::to_string(options_.num_atoms));
  if (options_.variant == NreVariant::C && options_.num_classes < 2)
    throw ValueError("NRE-C: num_classes must be ≥ 2, got " + std::to_string(options_.num_classes));
  if (options_.variant == NreVariant::C && !(options_.gamma > 0))
    throw ValueError("NRE-C: gamma must be positive, got " + std::to_string(options_.gamma));
}

Index Nre::append_simulations(const MatrixD& theta, const MatrixD& x) {
  return data_.append(theta, x);
}

nn::TrainResult Nre::train(const nn::TrainSettings& train_options, TrainStart start) {
  if (data_.size() < 10)
    throw ValueError("NRE::train: need at least 10 simulations, have " + std::to_string(data_.size()));
  const MatrixD theta = theta_in_space(*prior_, options_.theta_space, data_.theta());
  if (!network_ || start == TrainStart::fresh) {
    theta_z_ = nn::Standardizer::fit(theta);
    x_z_ = nn::Standardizer::fit(data_.x());
    Rng embedding_rng(derive_seed(options_.seed, streams::kNreEmbeddingInit));
    embedding_ = nn::build_embedding(options_.embedding, data_.x_dim(), embedding_rng);
    nn::ResidualNetSettings config;
    config.in = data_.theta_dim();
    config.context = embedding_ ? embedding_->out_dim() : data_.x_dim();
    config.out = 1;
    config.hidden = options_.hidden;
    config.blocks = options_.blocks;
    config.activation = options_.activation;
    Rng init_rng(derive_seed(options_.seed, streams::kNreNetworkInit));
    network_ = std::make_shared<nn::ResidualNet>(config, init_rng);
  }

  const MatrixF theta_f = theta_z_.transform(theta).cast<float>();
  const MatrixF x_f = x_z_.transform(data_.x()).cast<float>();
  const Index others = other_thetas(options_);  // θ per row not from its pair
  const Index total_rows = theta_f.rows();
  nn::ResidualNet& net = *network_;
  nn::Embedding* embedding = embedding_.get();
  const NreSettings opts = options_;

  // A minibatch of n rows becomes (others + 1)·n classifier inputs: block k < others pairs x_i
  // with the k-th other θ of row i (shuffled within the minibatch), the last block is the joint
  // pair (θ_i, x_i). The loss is a mean over the n rows.
  const nn::LossFunction loss = [&](ad::Tape& tape, const nn::Batch& batch) {
    const Index n = static_cast<Index>(batch.rows.size()), m = (others + 1) * n;
    // Per-thread, grow-only index lists (chunks run on their own threads): a steady-state step
    // allocates nothing on the heap.
    thread_local std::vector<std::int64_t> partners, x_rows;
    if (n >= 2) {
      contrastive_partners_into(n, others, *batch.rng, partners);
      for (auto& p : partners) p = batch.rows[static_cast<std::size_t>(p)];
    } else {  // a one-row minibatch: other θ from the whole data set
      partners.clear();
      for (Index k = 0; k < others; ++k) {
        std::int64_t j = batch.rng->uniform_int(0, total_rows - 2);
        if (j >= batch.rows[0]) ++j;
        partners.push_back(j);
      }
    }
    ad::Var theta_in = tape.record(m, theta_f.cols(), nullptr, nullptr, 0);
    MapF theta_v = theta_in.value();
    x_rows.resize(static_cast<std::size_t>(m));  // block k, row r: x of row r
    for (Index r = 0; r < n; ++r) {
      const Index i = batch.rows[static_cast<std::size_t>(r)];
      for (Index k = 0; k < others; ++k) {
        theta_v.row(k * n + r) = theta_f.row(partners[static_cast<std::size_t>(k * n + r)]);
        x_rows[static_cast<std::size_t>(k * n + r)] = r;
      }
      theta_v.row(others * n + r) = theta_f.row(i);
      x_rows[static_cast<std::size_t>(others * n + r)] = r;
    }
    // x of the minibatch (embedded once per row when there is an embedding), repeated per block.
    const ad::Var x_batch = embedding ? embedding->forward(tape, batch.inputs[1]) : batch.inputs[1];
    const ad::Var logits = net.forward(tape, theta_in, ad::gather_rows(x_batch, x_rows));
    switch (opts.variant) {
      case NreVariant::B: return nre_b_loss(tape, logits, n, opts.num_atoms);
      case NreVariant::C: return nre_c_loss(tape, logits, n, opts.num_classes, opts.gamma);
      case NreVariant::A: break;
    }
    return nre_a_loss(tape, logits, n);
  };
  return nn::train({&theta_f, &x_f}, nn::with_embedding_parameters(network_->parameters(), embedding_.get()), loss,
                   train_options);
}

void Nre::check_trained(const char* what) const {
  if (!network_)
    throw ValueError(std::string("NRE::") + what + ": the network is not trained (call train() or load())");
}

void Nre::check_observation(const char* what, const RowVectorD& x_o) const {
  require_shape(std::string("NRE::") + what + ": observation", x_o, 1, x_z_.dim());
  require_finite(std::string("NRE::") + what + ": observation", MatrixD(x_o));
}

VectorD Nre::log_ratio(const MatrixD& theta, const RowVectorD& x_o) const {
  check_trained("log_ratio");
  require_shape("NRE::log_ratio: theta", theta, -1, prior_->dim());
  check_observation("log_ratio", x_o);
  VectorD out(theta.rows());
  evaluator(x_o)->value(theta, out);
  return out;
}

std::shared_ptr<LogRatioEvaluator> Nre::evaluator(const RowVectorD& x_o) const {
  return std::make_shared<LogRatioEvaluator>(network_, theta_z_, x_z_, x_o, embedding_,
                                             options_.theta_space == ThetaSpace::unconstrained ? prior_ : nullptr);
}

mcmc::LogDensity Nre::potential(const RowVectorD& x_o) const {
  check_trained("potential");
  check_observation("potential", x_o);
  return log_ratio_potential(evaluator(x_o), prior_);
}

std::shared_ptr<McmcPosterior> Nre::posterior(const RowVectorD& x_o, const McmcSettings& mcmc) const {
  check_trained("posterior");
  check_observation("posterior", x_o);
  return std::make_shared<McmcPosterior>(prior_, potential(x_o), mcmc,
                                         std::string(nre_display_name(options_.variant)) + " posterior r(θ, x_o)·p(θ) (" + mcmc::sampler_name(mcmc.sampler) + ")");
}

nn::ModelArchive Nre::archive(const std::string& tag) const {
  check_trained("save");
  nn::ModelArchive archive;
  archive.kind = kKind;
  nn::Architecture arch = network_->config().architecture();
  arch.set("variant", nre_variant_name(options_.variant))
      .set("num_classes", static_cast<long long>(options_.num_classes))
      .set("num_atoms", static_cast<long long>(options_.num_atoms))
      .set("theta_space", theta_space_name(options_.theta_space))
      .set("tag", tag);
  nn::write_embedding_spec(arch, options_.embedding);
  if (embedding_) arch.set("x_dim", static_cast<long long>(x_z_.dim()));
  archive.architecture = arch.str();
  nn::add_parameters(archive, network_->parameters(), "net.");
  if (embedding_) nn::add_parameters(archive, embedding_->parameters(), "embedding.");
  theta_z_.save_to(archive, "theta_z.");
  x_z_.save_to(archive, "x_z.");
  archive.add("gamma", MatrixD(MatrixD::Constant(1, 1, options_.gamma)));
  return archive;
}

void Nre::save(const std::string& path, const std::string& tag) const { nn::save_archive(path, archive(tag)); }

Nre Nre::load(const std::string& path, sim::PriorPtr prior, std::string* tag) {
  return from_archive(nn::load_archive(path), path, std::move(prior), tag);
}

Nre Nre::from_archive(const nn::ModelArchive& archive, const std::string& path, sim::PriorPtr prior, std::string* tag) {
  require_method_kind(archive, path, kKind, "NRE");
  const nn::Architecture arch = nn::Architecture::parse(archive.architecture);
  const nn::ResidualNetSettings config = nn::ResidualNetSettings::from_architecture(arch);
  require_prior_dim(path, config.in, prior);
  NreSettings options;
  const std::string& variant = arch.get("variant");
  const std::optional<NreVariant> parsed = nre_variant_from_file_name(variant);
  if (!parsed) throw IOError("'" + path + "': unknown NRE variant '" + variant + "'");
  options.variant = *parsed;
  options.num_classes = arch.get_int("num_classes");
  if (arch.has("num_atoms")) options.num_atoms = arch.get_int("num_atoms");
  options.gamma = archive.get_d("gamma", 1, 1)(0, 0);
  options.hidden = config.hidden;
  options.blocks = config.blocks;
  options.activation = config.activation;
  options.embedding = nn::read_embedding_spec(arch);
  if (arch.has("theta_space")) {  // absent in older files: constrained
    try {
      options.theta_space = parse_theta_space(arch.get("theta_space"));
    } catch (const ValueError& e) {
      throw IOError("'" + path + "': corrupt NRE model: " + e.what());
    }
  }
  Nre nre(std::move(prior), options);
  Rng rng(0);
  auto net = std::make_shared<nn::ResidualNet>(config, rng);
  nn::read_parameters(archive, net->parameters(), "net.");
  const Index x_dim = options.embedding.enabled() ? arch.get_int("x_dim") : config.context;
  nre.embedding_ = nn::read_embedding(archive, options.embedding, x_dim, config.context, path);
  nre.theta_z_ = nn::Standardizer::load_from(archive, "theta_z.", config.in);
  nre.x_z_ = nn::Standardizer::load_from(archive, "x_z.", x_dim);
  nre.network_ = std::move(net);
  if (tag) *tag = arch.get("tag");
  return nre;
}

}  // namespace sbi::inference
