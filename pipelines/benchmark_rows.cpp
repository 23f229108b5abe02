// Scoring and writing the rows of `sbi benchmark` (see benchmark_rows.hpp).
#include "pipelines/benchmark_rows.hpp"

#include <algorithm>
#include <fstream>
#include <map>

#include "pipelines/benchmark_multifidelity.hpp"
#include "pipelines/results_files.hpp"
#include "core/csv.hpp"
#include "diagnostics/mmd.hpp"
#include "diagnostics/point_metrics.hpp"

namespace sbi::pipelines {

void score(Scored& row, const MatrixD& draws, const MatrixD& reference, const RowVectorD& theta_true,
           const inference::Posterior* posterior, const diagnostics::C2stSettings& c2st_options) {
  if (reference.rows() > 0) {
    row.c2st = diagnostics::c2st(reference, draws, c2st_options);
    row.mmd = diagnostics::mmd(reference, draws);
    row.nrmse = diagnostics::nrmse(reference, draws);
  }
  if (posterior && posterior->normalized() && theta_true.size() == draws.cols()) {
    const MatrixD truth = theta_true;
    row.nltp = diagnostics::nltp(posterior->log_prob(truth));
  }
}

void save_draws(const std::string& folder, const Log& log, const std::string& task, const std::string& method,
                const std::string& estimator, Index sims, int observation, const MatrixD& draws) {
  if (folder.empty()) return;
  const bool has_estimator = method == "npe" || method == "nle" || is_multifidelity_method(method);
  const std::string label = has_estimator ? method + "-" + estimator : method;
  const std::string path = folder + "/" + task + "_" + label + "_" + std::to_string(sims) +
                           "_obs" + std::to_string(observation) + ".csv";
  write_csv(path, draws, numbered_names("theta", draws.cols()));
  log.detail("  draws saved to " + path);
}

void save_draws(const std::string& folder, const Log& log, const Scored& row, const MatrixD& draws) {
  save_draws(folder, log, row.task, row.method, row.estimator, row.sims, row.observation, draws);
}

void log_row(const Log& log, const Scored& row) {
  log.info("  C2ST " + std::to_string(row.c2st) + ", MMD " + std::to_string(row.mmd) + ", median distance " +
           std::to_string(row.median_distance) + ", NLTP " + std::to_string(row.nltp) + ", NRMSE " +
           std::to_string(row.nrmse));
}

void scored_to_numbers(const Scored& row, double* out) {
  const double numbers[kScoredWidth] = {double(row.observation), row.c2st, row.mmd, row.median_distance, row.nltp,
                                        row.nrmse, row.seconds_simulating, row.seconds_training, row.seconds_sampling};
  std::copy(numbers, numbers + kScoredWidth, out);
}

Scored scored_from_numbers(const Scored& base, const RowVectorD& v) {
  Scored row = base;
  row.observation = static_cast<int>(v(0));
  row.c2st = v(1), row.mmd = v(2), row.median_distance = v(3), row.nltp = v(4), row.nrmse = v(5);
  row.seconds_simulating = v(6), row.seconds_training = v(7), row.seconds_sampling = v(8);
  return row;
}

void write_benchmark_rows(const std::string& out, const std::string& markdown, std::uint64_t seed,
                          const std::vector<Scored>& rows, const std::string& task, const std::string& method,
                          bool per_observation_runs) {
  ResultsCsv csv(out, kBenchmarkColumns);
  for (const auto& r : rows)
    csv << r.task << "," << r.method << "," << r.estimator << "," << r.sims << "," << r.observation << ","
        << r.c2st << "," << r.mmd << "," << r.median_distance << "," << r.nltp << "," << r.nrmse << ","
        << r.seconds_simulating << ","
        << r.seconds_training << "," << r.seconds_sampling << "," << seed << "\n";
  csv.commit();
  if (!markdown.empty()) {
    std::map<Index, std::vector<const Scored*>> by_budget;
    for (const auto& r : rows) by_budget[r.sims].push_back(&r);
    OutputText md(markdown);
    md << "| task | method | sims | observations | C2ST (mean) | MMD (mean) | median distance | NLTP (mean) | "
          "NRMSE (mean) | seconds (sim + train + sample) |\n"
          "|---|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& [sims, list] : by_budget) {
      double c = 0, m = 0, d = 0, s = 0, nl = 0, nr = 0;
      for (const auto* r : list) {
        c += r->c2st;
        m += r->mmd;
        d += r->median_distance;
        nl += r->nltp;
        nr += r->nrmse;
        // SMC-ABC runs per observation: all of its seconds add up.
        s += r->seconds_sampling + (per_observation_runs ? r->seconds_simulating : 0.0);
      }
      const double n = double(list.size());
      md << "| " << task << " | " << method << " | " << sims << " | " << list.size() << " | "
         << c / n << " | " << m / n << " | " << d / n << " | " << nl / n << " | " << nr / n << " | "
         << (per_observation_runs ? 0.0 : list[0]->seconds_simulating + list[0]->seconds_training) + s << " |\n";
    }
    md.commit();
  }
}

}  // namespace sbi::pipelines
