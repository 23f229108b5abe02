// The flags `sbi run` and `sbi fit-recordings` share (see job_options.hpp).
#include "cli/job_options.hpp"

#include "cli/method_options.hpp"

namespace sbi::cli {

namespace {

void add_ace_options(Args& args) {
  args.option("ace-observed-fraction", "F", "ACE: share of training targets drawn among the "
              "observations (0 = the reference: as rare as any other target)", "0")
      .option("ace-members", "K", "ACE: cost networks trained from different seeds on the same "
              "simulations; the GBI cost is their mean (model.sbi is member 1, model_member<k>.sbi the others)", "1")
      .option("ace-disagreement", "L", "ACE with --ace-members > 1: cost = mean + L x sd over the "
              "members (L > 0 avoids θ where the networks disagree)", "0")
      .option("ace-hidden", "N", "ACE: units per layer of the cost network (residual MLP)", "64")
      .option("ace-blocks", "N", "ACE: residual blocks of the cost network", "3")
      .option("ace-targets-per-theta", "K", "ACE: training targets paired with each simulation per epoch "
              "(K labelled pairs per θ)", "2")
      .option("ace-loss", "NAME", "ACE: regression loss of the cost network: squared (the reference) or poisson "
              "(Poisson deviance: same minimiser, weighs errors where the cost is small more)", "squared")
      .flag("ace-per-term", "ACE: one network output per term of a distance that is a mean of terms "
            "(mse, mae_zscored), each regressed on its own term; the cost is their mean");
}

void read_ace_options(const Args& args, JobSettings& s) {
  s.ace_observed_fraction = args.get_double("ace-observed-fraction");
  s.ace_members = args.get_int("ace-members");
  s.ace_per_term = args.flag_set("ace-per-term");
  s.ace_hidden = args.get_int("ace-hidden");
  s.ace_blocks = args.get_int("ace-blocks");
  s.ace_targets_per_theta = args.get_int("ace-targets-per-theta");
  s.ace_loss = ace_loss_option(args);
  s.ace_disagreement = args.get_double("ace-disagreement");
}

}  // namespace

void add_job_options(Args& args, const std::string& num_samples, const std::string& predictive_sims,
                     const std::string& theta_space_for) {
  args.option("sims", "N", "number of simulations", "10000")
      .option("seed", "S", "random seed (results are identical for any thread count)", "0")
      .option("betas", "B1,B2,...", "GBI inverse temperatures (default: the task's reference values)")
      .option("num-samples", "N", "posterior draws per observation and beta", num_samples)
      .option("predictive-sims", "N", "posterior-predictive simulations per posterior", predictive_sims);
  add_ace_options(args);
  args.option("max-epochs", "N", "training epochs at most", "1000")
      .option("patience", "N", "stop after N epochs without validation improvement", "100")
      .option("batch-size", "N", "training minibatch size", "500")
      .option("lr", "RATE", "Adam learning rate", "0.001");
  add_mcmc_options(args);
  add_estimator_option(args);
  add_theta_space_option(args, theta_space_for);
}

JobSettings job_settings_from(const Args& args, const std::string& task) {
  JobSettings s;
  s.task = task;
  s.sims = args.get_int("sims");
  s.seed = static_cast<std::uint64_t>(args.get_int("seed"));
  s.betas = args.has("betas") ? parse_number_list(args.get("betas"), "betas") : reference_betas(task);
  s.num_samples = args.get_int("num-samples");
  s.predictive_sims = args.get_int("predictive-sims");
  s.max_epochs = static_cast<int>(args.get_int("max-epochs"));
  s.patience = static_cast<int>(args.get_int("patience"));
  s.batch_size = static_cast<int>(args.get_int("batch-size"));
  s.learning_rate = args.get_double("lr");
  s.mcmc = mcmc_settings_from(args);
  read_ace_options(args, s);
  s.estimator = args.get("estimator");
  s.theta_space = theta_space_option(args);
  return s;
}

bool ace_network_flags_given(const Args& args) {
  return args.flag_set("ace-per-term") || args.has("ace-hidden") || args.has("ace-blocks") ||
         args.has("ace-targets-per-theta") || args.has("ace-loss");
}

}  // namespace sbi::cli
