// The inputs of the commands that use a trained model (see model_inputs.hpp).
#include "pipelines/model_inputs.hpp"

#include <cmath>

#include "core/array_file.hpp"
#include "core/errors.hpp"
#include "pipelines/job.hpp"
#include "pipelines/results_files.hpp"
#include "simulators/model_tag.hpp"

namespace sbi::pipelines {

ModelFiles open_model_files(const std::string& list) {
  ModelFiles m;
  m.files = split_list(list);
  if (m.files.empty()) throw SettingsError("--model names no file");
  m.first = nn::load_archive(m.files.front());
  m.info = inference::model_file_info(m.first);
  if (m.info.tag.empty())
    throw IOError("'" + m.files.front() + "' does not record its task; load it through the C++ API with its prior");
  m.task = sim::task_from_model_tag(m.info.tag);
  return m;
}

MatrixD read_observation_rows(const std::string& path, const sim::Task& task) {
  MatrixD obs = read_array_file(path).values;
  if (obs.rows() < 1) throw IOError("'" + path + "' has no observation row");
  if (task.x_dim() > 0 && obs.cols() != task.x_dim())  // a prior-file model: its network checks x
    throw ShapeError("'" + path + "' has " + std::to_string(obs.cols()) + " columns, but task " + task.name +
                     " has observations of dimension " + std::to_string(task.x_dim()));
  return obs;
}

MatrixD read_cost_parameters(const std::string& path, const sim::Task& task) {
  MatrixD theta = read_array_file(path).values;
  if (theta.rows() < 1) throw IOError("'" + path + "' has no parameter row");
  if (theta.cols() != task.theta_dim())
    throw ShapeError("'" + path + "' has " + std::to_string(theta.cols()) + " columns, but task " + task.name +
                     " has " + std::to_string(task.theta_dim()) + " parameters");
  require_finite("sbi cost: theta", theta);
  for (Index i = 0; i < theta.rows(); ++i)  // the network has seen no θ outside the prior
    if (!std::isfinite(task.prior->log_prob_one(theta.row(i).data())))
      throw ValueError("'" + path + "': row " + std::to_string(i + 1) +
                       " lies outside the prior's support (the cost network is only trained inside it)");
  return theta;
}

void write_ace_costs(const inference::AceEnsemble& ensemble, const MatrixD& theta, const MatrixD& observations,
                     double disagreement, const std::string& out) {
  OutputText text(out);
  text << "observation,theta,cost,member_mean,member_sd\n";
  text.precision(9);
  VectorD mean, sd;
  for (Index r = 0; r < observations.rows(); ++r) {
    ensemble.mean_and_sd(theta, observations.row(r), mean, sd);
    for (Index i = 0; i < theta.rows(); ++i)
      text << r << "," << i << "," << mean(i) + disagreement * sd(i) << "," << mean(i) << "," << sd(i) << "\n";
  }
  text.commit();
}

}  // namespace sbi::pipelines
