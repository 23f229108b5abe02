// `sbi tasks [--json]`: lists the benchmark tasks with their dimensions, prior and the optional
// pieces each has (tractable likelihood, reference posterior, distance, exact cost).
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/common_options.hpp"
#include "simulators/task.hpp"

namespace sbi::cli {

namespace {

std::string json_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o;
}

int run_tasks(const std::vector<std::string>& words) {
  Args args("tasks", "Lists the benchmark tasks: name, θ and x dimensions, prior, and which optional "
                     "pieces (likelihood, reference posterior, distance, exact cost) each has.");
  args.flag("json", "print the list as JSON");
  add_common_options(args, false);
  if (!parse_command_line(args, words)) return 0;
  const bool json = args.flag_set("json");
  if (json) std::cout << "[\n";
  bool first = true;
  for (const auto& entry : sim::task_registry()) {
    const sim::Task t = sim::make_task(entry.name);
    if (json) {
      std::cout << (first ? "" : ",\n") << "  {\"name\": \"" << t.name << "\", \"theta_dim\": " << t.theta_dim()
                << ", \"x_dim\": " << t.x_dim() << ", \"num_trials\": " << t.num_trials << ", \"prior\": \""
                << json_escape(t.prior->describe()) << "\", \"likelihood\": " << (t.has_log_likelihood() ? "true" : "false")
                << ", \"reference\": " << (t.has_reference() ? "true" : "false") << ", \"distance\": \""
                << json_escape(t.distance_name) << "\", \"exact_cost\": " << (t.has_exact_cost() ? "true" : "false")
                << ", \"summary\": \"" << json_escape(entry.summary) << "\"}";
    } else {
      if (first)
        std::cout << std::left << std::setw(26) << "task" << std::setw(7) << "θ dim" << std::setw(7) << "x dim"
                  << std::setw(54) << "features" << "summary\n";
      std::string feats;
      if (t.has_log_likelihood()) feats += "likelihood ";
      if (t.has_reference()) feats += "reference ";
      if (t.has_distance()) feats += "distance=" + t.distance_name + " ";
      if (t.has_exact_cost()) feats += "exact-cost";
      std::cout << std::left << std::setw(26) << t.name << std::setw(6) << t.theta_dim() << std::setw(7) << t.x_dim()
                << std::setw(54) << (feats.empty() ? "-" : feats) << entry.summary << "\n";
    }
    first = false;
  }
  if (json) std::cout << "\n]\n";
  return 0;
}

}  // namespace

SBI_COMMAND("tasks", "list the benchmark tasks with their dimensions", run_tasks);

}  // namespace sbi::cli
