// A trained model sampled for an observation (see sample_model.hpp).
#include "pipelines/sample_model.hpp"

#include <limits>

#include "core/array_file.hpp"
#include "core/errors.hpp"
#include "pipelines/ace_files.hpp"
#include "pipelines/model_inputs.hpp"
#include "pipelines/progress.hpp"
#include "sequential/restriction_file.hpp"

namespace sbi::pipelines {

const FieldTable<SampleModelSettings>& sample_model_fields() {
  using S = SampleModelSettings;
  static const FieldTable<S> table = {
      string_field("models", &S::models, "trained model (from 'sbi train' or 'sbi run'); several ACE files (e.g. "
                   "model.sbi,model_member2.sbi from 'sbi run --ace-members') sample their ensemble"),
      string_field("observation", &S::observation, "one observation row: .npy, or CSV with or without a header (of "
                   "several rows, the first is used)"),
      number_field("num", &S::num, "number of posterior draws", Index(1), std::numeric_limits<Index>::max()),
      optional_number_field("beta", &S::beta, "GBI inverse temperature (ACE models; default 1)",
                            std::numeric_limits<double>::lowest(), std::numeric_limits<double>::max()),
      number_field("ace_disagreement", &S::ace_disagreement, "ACE ensembles: cost = mean + L x sd over the members"),
      number_field("seed", &S::seed, "random seed"),
      string_field("out", &S::out, "file for the draws: CSV with the parameter names, or .npy"),
  };
  return table;
}

namespace {
std::shared_ptr<inference::Posterior> model_posterior(const SampleModelSettings& s, const ModelFiles& files,
                                                      const RowVectorD& x_o, const inference::McmcSettings& mcmc) {
  const std::string& model = files.files.front();
  const std::string& kind = files.info.kind;
  if (kind == "ace")
    return load_ace_files(files.files, files.first, files.task, s.ace_disagreement)
        .posterior(x_o, s.beta.value_or(1.0), mcmc, inference::model_prior(files.first, files.task.prior));
  if (files.files.size() > 1)
    throw SettingsError("several --model files form an ensemble of ACE models only; '" + model + "' holds a '" + kind +
                        "' model");
  if (s.beta) throw SettingsError("--beta applies to ACE models; '" + model + "' holds a '" + kind + "' model");
  inference::MethodSettings settings;
  settings.mcmc = mcmc;
  const nn::ModelArchive archive = nn::load_archive(model);
  return inference::load_method(archive, model, inference::model_prior(archive, files.task.prior), settings)
      ->posterior(x_o);
}
}  // namespace

Index sample_model(const SampleModelSettings& s, const Log& log) {
  const ModelFiles files = open_model_files(s.models);
  const MatrixD obs = read_observation_rows(s.observation, files.task);
  if (!obs.row(0).allFinite()) throw ValueError("'" + s.observation + "': the observation is not finite");
  ProgressBar bar(log, "sampling", 1);
  inference::McmcSettings mcmc = s.mcmc;
  mcmc.on_step = bar.step_callback();
  const MatrixD draws = model_posterior(s, files, obs.row(0), mcmc)->sample(s.num, s.seed);
  bar.finish();
  write_array_file(s.out, draws, files.task.parameter_names);
  return draws.rows();
}

}  // namespace sbi::pipelines
