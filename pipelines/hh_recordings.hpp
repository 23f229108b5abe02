// The observations of `sbi fit-recordings --recording ...`: one or more Allen
// recordings (files, or folders of *.csv files), their observed statistics x_o (the 7 summary
// statistics of the junction-corrected voltage, hh_recording_stats) and the stimulation
// protocol the simulations use.
//
// Protocol: a single recording is simulated under its own protocol (its current density and
// first voltage). Several recordings share one simulation set (one amortized ACE network, one
// NPE), so they need one protocol: when all recordings have the same protocol it is used as
// is; otherwise (the shipped Allen cells differ in step amplitude, 0.92-2.28 µA/cm², and in
// initial voltage) we use a common protocol: the sample-by-sample mean of their current
// densities, I_k = (1/R) Σ_r i_r,k / area_r (for step stimuli: a step of the mean amplitude
// with the shared timing), started at the median of their initial voltages. Each cell is then
// fitted under a stimulus that differs from its own (a deliberate misspecification, reported
// in summary.json). Recordings with different dt, length or stimulus window cannot share a
// protocol (ValueError).
#pragma once
#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "simulators/allen_recording.hpp"
#include "simulators/hodgkin_huxley_protocol.hpp"

namespace sbi::pipelines {

struct HHRecordingSet {
  std::vector<sim::AllenRecording> recordings;
  std::vector<std::string> names;  // file stem, e.g. cell_509881736_sweep_39
  MatrixD x_o;                     // recordings × 7 observed statistics
  sim::HHProtocol protocol;        // the protocol every simulation uses
  std::string protocol_kind;       // "own", "shared" or "common_mean"
  std::string protocol_note;       // one line for logs and summary.json
  std::vector<double> amplitudes;  // per recording: mean current density during the stimulus
};

// `spec`: comma-separated files and/or folders. Throws IOError/NotFoundError/ValueError with
// the file and the problem (malformed file, non-finite statistics, incompatible timing).
HHRecordingSet load_hh_recordings(const std::string& spec);

// The mean current density over t_on < t < t_off of a recording (µA/cm²).
double stimulus_amplitude(const sim::AllenRecording& recording);

}  // namespace sbi::pipelines
