// The stimulation protocol of a Hodgkin–Huxley simulation: the input current trace (µA/cm²),
// the step dt, the stimulus window and the initial voltage V0, plus the sample windows the
// summary statistics use.
//
// Time grid: sample k lies at t_k = k·dt (k = 0..n-1, n = current.size()); V_0 = V0 and step
// k → k+1 uses current[k], so a simulated trace has n samples, aligned with the recording.
//
// dt is the fidelity knob: coarsened(s) simulates with dt·s, each coarse step driven by the
// mean of the s recorded current samples it covers (n/s samples, remainder dropped).
//
// Synthetic step protocol (the synthetic-data task): the Allen timing (dt = 0.02 ms, 72,500
// samples = 1450 ms, stimulus on at 205 ms, off after 1204.98 ms, i.e. current on for the
// 50,000 samples 205.00 ... 1204.98 ms as in the recordings). Amplitude: TASKS.md gives none; we
// use the step of the sbi Hodgkin–Huxley example (Gonçalves et al. 2020) whose parameters the
// reference θ (50, 5, 0.1, 0.07, 600, 60, 0.1, 70) come from: 5e-4 µA into a soma of area
// π·(70 µm)², i.e. 3.2481 µA/cm², with V0 = -70 mV. Both are arguments and can be changed.
#pragma once
#include <cstddef>
#include <vector>

namespace sbi::sim {

struct AllenRecording;

// Default step amplitude: 5e-4 µA / (π·(70e-4 cm)²) ≈ 3.2481 µA/cm².
double default_step_amplitude();
inline constexpr double kDefaultStepV0 = -70.0;  // mV

// Index ranges of the statistics' windows on the grid t_k = k·dt. Comparisons use a tolerance
// of 1e-6·dt so that e.g. t_k = 205.00000000000003 counts as t = t_on.
struct HHStatWindows {
  std::size_t rest_end = 0;       // samples k < rest_end have t_k < t_on   (resting mean)
  std::size_t rest_sd_begin = 0;  // [rest_sd_begin, rest_end): t ∈ [0.9·t_on, t_on) (resting sd)
  std::size_t stim_begin = 0;     // [stim_begin, stim_end): t_on < t_k < t_off (stimulus)
  std::size_t stim_end = 0;
  std::size_t merge_gap = 1;      // two peaks count as two spikes when ≥ merge_gap samples apart
                                  // (their times differ by more than 0.5 ms)
  // The peak rule tests V one reference step (0.02 ms) before the peak: the previous sample when
  // dt ≤ 0.02 ms (lookback 1), else V read off the line from the previous sample to the peak at
  // the fraction 0.02/dt of a step back (see hodgkin_huxley_stats.hpp).
  double peak_lookback = 1.0;
};

// The sampling step the statistics are defined at (the Allen recordings' and the HF task's).
inline constexpr double kHHReferenceDtMs = 0.02;

struct HHProtocol {
  double dt_ms = 0.02;
  std::vector<double> current;  // µA/cm², one per sample
  double t_on_ms = 205.0;
  double t_off_ms = 1204.98;
  double v0_mV = kDefaultStepV0;

  std::size_t size() const { return current.size(); }
  // Checks dt > 0, ≥ 2 samples, finite current and V0, t_on < t_off; throws ValueError.
  void validate() const;
  HHStatWindows windows() const;
  // dt·stride with the current averaged over each block of `stride` samples.
  HHProtocol coarsened(int stride) const;

  // From a recording: current density i/area, V0 = first corrected voltage (v - 14 mV).
  static HHProtocol from_recording(const AllenRecording& recording);
  // The synthetic step protocol described above.
  static HHProtocol step(double amplitude = default_step_amplitude(), double v0 = kDefaultStepV0,
                         double dt_ms = 0.02, std::size_t samples = 72500, double t_on_ms = 205.0,
                         double t_off_ms = 1204.98);
};

}  // namespace sbi::sim
