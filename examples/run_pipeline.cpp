// The end-to-end job of `sbi run` as a library call (sbi::pipelines): typed settings in, a run
// folder and its summary out, progress collected through a Log sink instead of stderr.
// Usage: run_pipeline OUT_FOLDER [num_sims]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <sbi/sbi.hpp>

int main(int argc, char** argv) {
  using namespace sbi;
  if (argc < 2) {
    std::fprintf(stderr, "usage: run_pipeline OUT_FOLDER [num_sims]\n");
    return 2;
  }
  pipelines::JobSettings settings;  // ACE on two_moons, as `sbi run` without flags
  settings.out = argv[1];
  settings.sims = argc > 2 ? std::atol(argv[2]) : 2000;
  settings.betas = {100};
  settings.max_epochs = 30;
  settings.num_samples = 500;
  settings.predictive_sims = 100;
  settings.num_range_sims = 2000;
  std::vector<std::string> lines;
  const pipelines::Log log(pipelines::Verbosity::Normal, [&lines](const std::string& line) { lines.push_back(line); });
  const pipelines::RunResult run = pipelines::run_job(settings, sim::make_task(settings.task), log);
  // The well-specified observation's posterior predictive distance at β = 100.
  const auto& first = run.summary["result"]["posteriors"][0];
  const double distance = first["posterior_predictive_distance"].get<double>();
  std::printf("%zu progress lines; %s: predictive distance %.4f at beta 100 -> %s\n", lines.size(),
              first["observation"].get<std::string>().c_str(), distance, run.folder.c_str());
  return distance > 0 && distance < 0.5 ? 0 : 1;  // two_moons distances are O(0.01) when fitted
}
