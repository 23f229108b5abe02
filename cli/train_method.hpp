// Simulations → a trained inference::Method, the step `sbi train`, `sbi benchmark` and
// `sbi calibrate` share: the method is seeded with derive_seed(seed, 3) and its training with
// derive_seed(seed, 4); simulations with non-finite x are dropped with a count in the log; the
// training runs as a timed stage with a progress line on a terminal.
#pragma once
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/args.hpp"
#include "cli/progress.hpp"
#include "inference/method.hpp"
#include "simulators/task.hpp"

namespace sbi::cli {

struct MethodJob {
  std::string method = "npe";
  std::string estimator = "maf";          // npe / nle density estimator
  inference::ThetaSpace theta_space = inference::ThetaSpace::constrained;  // npe
  nn::EmbeddingSpec embedding;            // --embedding (none by default)
  std::string sampler = "slice";          // MCMC sampler of nle / nre posteriors
  std::uint64_t seed = 0;
  nn::TrainOptions training;              // sbi's defaults; seed and progress are set here
};

// Returns the trained method; `seconds_training` (optional) receives the training time.
std::unique_ptr<inference::Method> train_method(const MethodJob& job, const sim::Task& task,
                                                const MatrixD& theta, const MatrixD& x,
                                                const Log& log, double* seconds_training = nullptr);

// The training flags the user gave (--max-epochs, --patience, --batch-size, --lr) override the
// method's defaults in `t`; UsageError unless all are positive.
void apply_training_flags(const Args& args, nn::TrainOptions& t);

// Declares --estimator KIND[:key=value...] (inference::estimator_config), default maf.
void add_estimator_option(Args& args);
// --embedding KIND[:key=value...] (nn/embedding_spec.hpp); UsageError for a bad spec or a method
// that does not take one (rej-abc and the others).
void add_embedding_option(Args& args);
nn::EmbeddingSpec embedding_option(const Args& args, const std::string& method);

// Declares --theta-space SPACE; `applies_to` names the methods it affects, e.g. "npe".
void add_theta_space_option(Args& args, const std::string& applies_to);
// --theta-space constrained|unconstrained (UsageError otherwise; constrained when absent).
inference::ThetaSpace theta_space_option(const Args& args);

// UsageError when `path` exists and its first line is not `header`: appending would mix two
// tables' columns. Commands call it before any work, so a wrong --out costs nothing.
void check_results_csv(const std::string& path, const std::string& header);

// An output text file (a markdown table, a CSV of costs) built in memory: the path is checked
// when it is created (core/atomic_file.hpp check_output_path), and commit() writes it in one
// checked step to a temporary file beside it, renamed into place.
class OutputText : public std::ostringstream {
 public:
  explicit OutputText(std::string path);
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Rows to append to a results CSV (check_results_csv's error for a file of another table).
// commit() writes the existing file's content, or `header` when it is new, followed by the new
// rows to a temporary file, then renames it over the file: a failed write leaves the earlier
// rows as they were.
class ResultsCsv : public std::ostringstream {
 public:
  ResultsCsv(std::string path, std::string header);
  void commit();

 private:
  std::string path_, header_;
};

}  // namespace sbi::cli
