// Sample-set metrics on files (see sample_metrics.hpp).
#include "pipelines/sample_metrics.hpp"

#include <cmath>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "diagnostics/mmd.hpp"
#include "diagnostics/point_metrics.hpp"
#include "inference/npe.hpp"
#include "nn/model_file.hpp"
#include "pipelines/job.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

namespace {

RowVectorD first_row(const std::string& path, Index width, const std::string& what) {
  const MatrixD m = read_csv_matrix(path);
  if (m.rows() < 1) throw IOError("'" + path + "' has no rows");
  if (m.cols() != width)
    throw ShapeError("'" + path + "' has " + std::to_string(m.cols()) + " columns, but the " + what + " has " +
                     std::to_string(width));
  return m.row(0);
}

}  // namespace

double nltp_from_model(const std::string& model, const std::string& truth_file, const std::string& obs_file) {
  const nn::ModelArchive archive = nn::load_archive(model);
  if (archive.kind != "npe")
    throw ValueError("NLTP needs a normalised posterior density (an NPE model); '" + model + "' holds a '" +
                     archive.kind + "' model");
  const auto at = archive.architecture.rfind(";tag=");
  const std::string task_name = at == std::string::npos ? "" : archive.architecture.substr(at + 5);
  if (task_name.empty()) throw IOError("'" + model + "' does not record its task");
  const sim::Task task = sim::make_task(task_name);
  const inference::Npe npe = inference::Npe::load(model, task.prior);
  const RowVectorD theta = first_row(truth_file, task.theta_dim(), "task " + task.name + "'s parameter");
  const RowVectorD x_o = first_row(obs_file, task.x_dim(), "task " + task.name + "'s observation");
  const MatrixD theta_row = theta;
  return diagnostics::nltp(npe.posterior(x_o)->log_prob(theta_row));
}

// The metrics need at least two draws per set, and they square differences of sample values: a value beyond 1e150 would overflow to inf
// and the metric print nan. Refused with the file, row and column instead.
namespace {

void require_squarable(const MatrixD& m, const std::string& file) {
  if (m.rows() < 2)
    throw ValueError("'" + file + "' holds " + std::to_string(m.rows()) + " sample row(s); the metrics need at least 2");
  constexpr double kMaxMagnitude = 1e150;
  for (Index i = 0; i < m.rows(); ++i)
    for (Index j = 0; j < m.cols(); ++j)
      if (std::abs(m(i, j)) > kMaxMagnitude)
        throw ValueError("'" + file + "': row " + std::to_string(i + 1) + ", column " + std::to_string(j + 1) +
                         " is " + format_number(m(i, j)) + "; sample values beyond 1e150 overflow "
                         "the metrics' squared distances (rescale the samples)");
}

}  // namespace

bool parse_sample_metric(const std::string& name, SampleMetric& metric) {
  if (name == "c2st") metric = SampleMetric::c2st;
  else if (name == "mmd") metric = SampleMetric::mmd;
  else if (name == "nrmse") metric = SampleMetric::nrmse;
  else if (name == "pme") metric = SampleMetric::pme;
  else return false;
  return true;
}

double sample_metric(SampleMetric metric, const std::string& a_file, const std::string& b_file,
                     const diagnostics::C2stSettings& c2st) {
  const MatrixD a = read_csv_matrix(a_file);
  const MatrixD b = read_csv_matrix(b_file);
  require_squarable(a, a_file);
  require_squarable(b, b_file);
  switch (metric) {
    case SampleMetric::c2st: return diagnostics::c2st(a, b, c2st);
    case SampleMetric::mmd: return diagnostics::mmd(a, b);
    case SampleMetric::nrmse: return diagnostics::nrmse(a, b);
    case SampleMetric::pme: return diagnostics::posterior_mean_error(a, b);
  }
  return NAN;
}

}  // namespace sbi::pipelines
