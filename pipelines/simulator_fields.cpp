// The field table of the external simulator's settings (see simulator_fields.hpp).
#include "pipelines/simulator_fields.hpp"

#include <limits>

namespace sbi::pipelines {

const FieldTable<sim::ExternalSimulatorSettings>& external_simulator_fields() {
  using E = sim::ExternalSimulatorSettings;
  static const FieldTable<E> table = {
      string_field("command", &E::command, "run this command (through /bin/sh -c) as the simulator: stdin gets one "
                   "line 'seed,theta1,...' per row, stdout gives one line 'x1,...' per row ('nan': a failed "
                   "simulation); the task's prior stays"),
      number_field("batch_rows", &E::batch_rows, "with --simulator: rows per command run", Index(1),
                   std::numeric_limits<Index>::max()),
      number_field("workers", &E::workers, "with --simulator: batches in flight (0, the default: the number of cores)",
                   0, 4096),
      number_field("timeout_seconds", &E::timeout_seconds, "with --simulator: kill a batch after this long "
                   "(0: no limit)", 0.0, std::numeric_limits<double>::infinity()),
      number_field("max_failed_fraction", &E::max_failed_fraction, "with --simulator: stop with an error once "
                   "more than this fraction of the rows failed", 0.0, 1.0),
      string_field("work_folder", &E::work_folder, "with --simulator: folder for completed batches (reused by a "
                   "rerun) and failed batches' stderr (default: beside the output)"),
  };
  return table;
}

}  // namespace sbi::pipelines
