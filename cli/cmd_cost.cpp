// `sbi cost --model model.sbi[,model_member2.sbi,...] --theta theta.csv --observation xo.csv --out cost.csv`:
// evaluates a trained ACE cost network (or ensemble) at given parameters, without MCMC: the
// learned expected distance ĉ(θ, x_o) ≈ E[d(x, x_o) | θ] for every θ row and every observation
// row. For inspecting the cost landscape: e.g. comparing ĉ with the distance that fresh
// simulations at the same θ give (`sbi simulate --theta`), which shows where a network errs.
//
// Output (long format, one row per θ and observation): observation (row index in the
// observation file, from 0), theta (row index, from 0), cost (the ensemble cost m + λ·s; the
// network's ĉ for one file), member_mean m and member_sd s (s = 0 for one file).
#include <fstream>

#include "pipelines/ace_files.hpp"
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/common_options.hpp"
#include "core/array_file.hpp"
#include "cli/method_options.hpp"
#include "pipelines/results_files.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "inference/method.hpp"
#include "simulators/model_tag.hpp"

namespace sbi::cli {

namespace {

int cost_command(const std::vector<std::string>& words) {
  Args args("cost", "Evaluates a trained ACE cost network (or ensemble) at given parameters and observations.");
  args.option("model", "FILE[,FILE...]", "ACE model file(s) from 'sbi run' or 'sbi train'; several form an ensemble")
      .option("theta", "FILE", "θ rows, .npy or CSV with or without a header (inside the prior's support)")
      .option("observation", "FILE", "observation rows, .npy or CSV with or without a header")
      .option("ace-disagreement", "L", "ensembles: cost = mean + L x sd over the members", "0")
      .option("out", "FILE", "CSV file: observation, theta, cost, member_mean, member_sd");
  add_common_options(args);
  if (!parse_command_line(args, words)) return 0;
  for (const char* required : {"model", "theta", "observation", "out"})
    if (!args.has(required)) throw UsageError(std::string("missing --") + required);
  check_output_options(args, {"out"}, {"model", "theta", "observation"});
  const double lambda = args.get_double("ace-disagreement");
  if (!(lambda >= 0) || !std::isfinite(lambda)) throw UsageError("--ace-disagreement must be a number ≥ 0");

  const std::vector<std::string> models = split_list(args.get("model"));
  if (models.empty()) throw UsageError("--model names no file");
  const nn::ModelArchive first = nn::load_archive(models.front());
  const inference::ModelFileInfo info = inference::model_file_info(first);
  if (info.kind != "ace")
    throw UsageError("'" + models.front() + "' holds a '" + info.kind + "' model; sbi cost evaluates ACE models");
  if (info.tag.empty())
    throw IOError("'" + models.front() + "' does not record its task; load it through the C++ API with its prior");
  const sim::Task task = sim::task_from_model_tag(info.tag);
  const inference::AceEnsemble ensemble = load_ace_files(models, first, task, lambda);

  const MatrixD theta = read_array_file(args.get("theta")).values;
  const MatrixD obs = read_array_file(args.get("observation")).values;
  if (theta.rows() < 1) throw IOError("'" + args.get("theta") + "' has no parameter row");
  if (obs.rows() < 1) throw IOError("'" + args.get("observation") + "' has no observation row");
  if (theta.cols() != task.theta_dim())
    throw ShapeError("'" + args.get("theta") + "' has " + std::to_string(theta.cols()) + " columns, but task " +
                     task.name + " has " + std::to_string(task.theta_dim()) + " parameters");
  if (task.x_dim() > 0 && obs.cols() != task.x_dim())  // a prior-file model: the network checks it
    throw ShapeError("'" + args.get("observation") + "' has " + std::to_string(obs.cols()) + " columns, but task " +
                     task.name + " has observations of dimension " + std::to_string(task.x_dim()));
  require_finite("sbi cost: theta", theta);
  for (Index i = 0; i < theta.rows(); ++i)  // the network has seen no θ outside the prior
    if (!std::isfinite(task.prior->log_prob_one(theta.row(i).data())))
      throw ValueError("'" + args.get("theta") + "': row " + std::to_string(i + 1) +
                       " lies outside the prior's support (the cost network is only trained inside it)");
  require_finite("sbi cost: observation", obs);

  OutputText out(args.get("out"));
  out << "observation,theta,cost,member_mean,member_sd\n";
  out.precision(9);
  VectorD mean, sd;
  for (Index r = 0; r < obs.rows(); ++r) {
    ensemble.mean_and_sd(theta, obs.row(r), mean, sd);
    for (Index i = 0; i < theta.rows(); ++i)
      out << r << "," << i << "," << mean(i) + lambda * sd(i) << "," << mean(i) << "," << sd(i) << "\n";
  }
  out.commit();
  log_from(args).info("wrote " + std::to_string(theta.rows() * obs.rows()) + " costs (" +
                      std::to_string(ensemble.size()) + " network(s)) to " + args.get("out"));
  return 0;
}

}  // namespace

SBI_COMMAND("cost", "evaluate a trained ACE cost network at given parameters", cost_command);

}  // namespace sbi::cli
