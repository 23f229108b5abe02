// Training a method from simulations, and results CSVs (see train_method.hpp).
#include "cli/train_method.hpp"

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"

namespace sbi::cli {

std::unique_ptr<inference::Method> train_method(const MethodJob& job, const sim::Task& task,
                                                const MatrixD& theta, const MatrixD& x,
                                                const Log& log, double* seconds_training) {
  inference::MethodSettings settings;
  settings.estimator = job.estimator;
  settings.embedding = job.embedding;
  settings.theta_space = job.theta_space;
  settings.mcmc.sampler = job.sampler;
  settings.seed = derive_seed(job.seed, 3);
  settings.training = job.training;
  settings.training.seed = derive_seed(job.seed, 4);
  settings.training.progress = !log.quiet();
  auto method = inference::make_method(job.method, task.prior, settings);
  const Index dropped = method->append_simulations(theta, x);
  if (dropped > 0) log.info("  dropped " + std::to_string(dropped) + " simulations with non-finite x");
  Stage stage(log, "training " + job.method + " on " + std::to_string(theta.rows() - dropped) + " " +
                       task.name + " simulations");
  method->train();
  stage.finish();
  if (seconds_training) *seconds_training = stage.seconds();
  return method;
}

void apply_training_flags(const Args& args, nn::TrainOptions& t) {
  if (args.has("max-epochs")) t.max_epochs = static_cast<int>(args.get_int("max-epochs"));
  if (args.has("patience")) t.patience = static_cast<int>(args.get_int("patience"));
  if (args.has("batch-size")) t.batch_size = static_cast<int>(args.get_int("batch-size"));
  if (args.has("lr")) t.adam.learning_rate = args.get_double("lr");
  if (t.max_epochs < 1 || t.patience < 1 || t.batch_size < 1 || !(t.adam.learning_rate > 0))
    throw UsageError("--max-epochs, --patience, --batch-size and --lr must be positive");
}

void add_estimator_option(Args& args) {
  args.option("estimator", "KIND", "density estimator for npe/nle: maf, nsf, nsf_ar, mdn; sizes may follow, "
                                   "e.g. nsf_ar:blocks=4:bins=8 (keys transforms, hidden, blocks, bins, "
                                   "components, tail_bound; permutation=random|reverse|none between flow "
                                   "transforms; spline_scale=hidden|none: spline logits "
                                   "divided by sqrt(hidden) as in nflows, or raw as in zuko)", "maf");
}

void add_embedding_option(Args& args) {
  args.option("embedding", "KIND", "embedding net before npe, nre, nre-c, ace (of x) and nle (of θ, as sbi): fc, deepset, "
                                   "conv1d or gru, sizes may follow, e.g. gru:hidden=32:out=8 (keys out, hidden, layers, "
                                   "channels, kernel, pool, conv_channels); stored in the model file", "none");
}

nn::EmbeddingSpec embedding_option(const Args& args, const std::string& method) {
  if (!args.has("embedding")) return {};
  nn::EmbeddingSpec spec;
  try {
    spec = nn::parse_embedding_spec(args.get("embedding"));
  } catch (const ValueError& e) {
    throw UsageError(std::string("--embedding: ") + e.what());
  }
  if (spec.enabled() && method != "npe" && method != "nle" && method != "nre" && method != "nre-c" && method != "ace")
    throw UsageError("--embedding applies to npe, nle, nre, nre-c and ace, not " + method);
  return spec;
}

void add_theta_space_option(Args& args, const std::string& applies_to) {
  args.option("theta-space", "SPACE", applies_to + ": where the flow models θ: constrained (sbi's default; draws "
                                      "outside the prior rejected) or unconstrained (the prior's own bijection, "
                                      "e.g. logit for a box prior)", "constrained");
}

inference::ThetaSpace theta_space_option(const Args& args) {
  if (!args.has("theta-space")) return inference::ThetaSpace::constrained;
  try {
    return inference::parse_theta_space(args.get("theta-space"));
  } catch (const ValueError& e) {
    throw UsageError(std::string("--theta-space: ") + e.what());
  }
}

void check_results_csv(const std::string& path, const std::string& header) {
  check_output_path(path);  // a folder, device, link or missing folder: refused before any work
  std::ifstream in(path);
  if (!in.good()) return;
  std::string first;
  std::getline(in, first);
  if (!first.empty() && first.back() == '\r') first.pop_back();
  if (first != header)
    throw UsageError("'" + path + "' holds another table (columns: " + first + "); this one writes " + header +
                     ". Choose another --out");
}

OutputText::OutputText(std::string path) : path_(std::move(path)) { check_output_path(path_); }

void OutputText::commit() {
  const std::string text = str();
  write_file_atomically(path_, [&](std::ostream& out) { out << text; });
}

ResultsCsv::ResultsCsv(std::string path, std::string header)
    : path_(std::move(path)), header_(std::move(header)) {
  check_results_csv(path_, header_);
}

void ResultsCsv::commit() {
  check_results_csv(path_, header_);
  std::string earlier;
  if (std::ifstream in{path_, std::ios::binary}) {
    std::ostringstream all;
    all << in.rdbuf();
    earlier = all.str();
    if (!earlier.empty() && earlier.back() != '\n') earlier += '\n';
  }
  if (earlier.empty()) earlier = header_ + "\n";
  const std::string rows = str();
  write_file_atomically(path_, [&](std::ostream& out) { out << earlier << rows; });
}

}  // namespace sbi::cli
