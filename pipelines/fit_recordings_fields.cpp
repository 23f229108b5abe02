// The field table of the recording fit's own settings (see fit_recordings_fields.hpp).
#include "pipelines/fit_recordings_fields.hpp"

namespace sbi::pipelines {

const FieldTable<HHJobSettings>& recording_fit_fields() {
  using H = HHJobSettings;
  // The NPE counts have no range here: check_fit_settings refuses non-positive ones itself.
  static const FieldTable<H> table = {
      string_field("recording", &H::recording, "Allen recording CSV files and/or folders (comma-separated)"),
      number_field("npe_max_epochs", &H::npe_max_epochs, "NPE training epochs at most (default: until its patience "
                   "of 20 epochs runs out)"),
      number_field("npe_batch_size", &H::npe_batch_size, "NPE training minibatch size"),
      bool_field("save_simulations", &H::save_simulations, "also write the simulation set to the run folder "
                 "(simulations_theta.csv, simulations_x.csv) for --simulations"),
      string_field("simulations_from", &H::simulations_from, "read the simulation set (its first --sims rows) from a "
                   "folder written by --save-simulations instead of simulating"),
      string_field("ace_models_from", &H::ace_models_from, "load ACE's cost network(s) from an earlier run folder "
                   "(model.sbi, model_member<k>.sbi) instead of training; its simulation set must be the same (use "
                   "--simulations), e.g. to sample other --betas"),
  };
  return table;
}

}  // namespace sbi::pipelines
