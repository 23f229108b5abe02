// `sbi tasks [--json]`: lists the benchmark tasks with their dimensions, prior and the optional
// pieces each has (tractable likelihood, reference posterior, distance, exact cost).
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/common_options.hpp"
#include "simulators/task.hpp"

namespace sbi::cli {

namespace {

void print_table_row(const sim::Task& t, const std::string& summary, bool first) {
  if (first)
    std::cout << std::left << std::setw(26) << "task" << std::setw(7) << "θ dim" << std::setw(7) << "x dim"
              << std::setw(54) << "features" << "summary\n";
  std::string feats;
  if (t.has_log_likelihood()) feats += "likelihood ";
  if (t.has_reference()) feats += "reference ";
  if (t.has_distance()) feats += "distance=" + t.distance_name + " ";
  if (t.has_exact_cost()) feats += "exact-cost";
  std::cout << std::left << std::setw(26) << t.name << std::setw(6) << t.theta_dim() << std::setw(7) << t.x_dim()
            << std::setw(54) << (feats.empty() ? "-" : feats) << summary << "\n";
}

int run_tasks(const std::vector<std::string>& words) {
  Args args("tasks", "Lists the benchmark tasks: name, θ and x dimensions, prior, and which optional "
                     "pieces (likelihood, reference posterior, distance, exact cost) each has.");
  args.flag("json", "print the list as JSON");
  add_common_options(args, false);
  if (!parse_command_line(args, words)) return 0;
  const bool json = args.flag_set("json");
  nlohmann::json list = nlohmann::json::array();
  for (const auto& entry : sim::task_registry()) {
    const sim::Task t = sim::make_task(entry.name);
    if (!json) print_table_row(t, entry.summary, list.empty());
    list.push_back({{"name", t.name}, {"theta_dim", t.theta_dim()}, {"x_dim", t.x_dim()},
                    {"num_trials", t.num_trials}, {"prior", t.prior->describe()},
                    {"likelihood", t.has_log_likelihood()}, {"reference", t.has_reference()},
                    {"distance", t.distance_name}, {"exact_cost", t.has_exact_cost()}, {"summary", entry.summary}});
  }
  if (json) std::cout << list.dump(2) << "\n";
  return 0;
}

}  // namespace

SBI_COMMAND("tasks", "list the benchmark tasks with their dimensions", run_tasks);

}  // namespace sbi::cli
