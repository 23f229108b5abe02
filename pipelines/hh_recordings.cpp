// Loading the recordings of a Hodgkin–Huxley run and choosing their protocol (see
// hh_recordings.hpp).
#include "pipelines/hh_recordings.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "pipelines/job.hpp"
#include "core/errors.hpp"
#include "simulators/hodgkin_huxley.hpp"

namespace sbi::pipelines {

namespace {

std::vector<std::filesystem::path> expand(const std::string& spec) {
  std::vector<std::filesystem::path> files;
  for (const std::string& item : split_list(spec)) {
    const std::filesystem::path p(item);
    if (std::filesystem::is_directory(p)) {
      const auto listed = sim::list_allen_recordings(p);
      if (listed.empty()) throw NotFoundError("--recording: folder '" + item + "' holds no *.csv recordings");
      files.insert(files.end(), listed.begin(), listed.end());
    } else if (std::filesystem::exists(p)) {
      files.push_back(p);
    } else {
      throw NotFoundError("--recording: '" + item + "' is neither a recording file nor a folder");
    }
  }
  if (files.empty()) throw ValueError("--recording: no recording given");
  return files;
}

bool same_protocol(const sim::HHProtocol& a, const sim::HHProtocol& b) {
  return a.dt_ms == b.dt_ms && a.t_on_ms == b.t_on_ms && a.t_off_ms == b.t_off_ms &&
         a.v0_mV == b.v0_mV && a.current == b.current;
}

std::string describe(double v, int digits = 4) {
  std::ostringstream o;
  o.precision(digits);
  o << v;
  return o.str();
}

// Why protocol `p` cannot share `first`'s time grid, or "" when it can: the same step and sample
// count, and stimulus on/off times that agree to within less than one sample (recordings
// rounded differently, e.g. 1204.98 against 1204.99 ms at 0.02 ms, share). The message shows
// the difference, at enough digits to see it.
std::string protocol_mismatch(const sim::HHProtocol& p, const sim::HHProtocol& first) {
  const double dt = first.dt_ms;
  if (std::abs(p.dt_ms - dt) > 1e-9 * dt)
    return "its sampling step is " + describe(p.dt_ms, 10) + " ms against " + describe(dt, 10) + " ms";
  if (p.size() != first.size())
    return "it has " + std::to_string(p.size()) + " samples against " + std::to_string(first.size());
  const double on = std::abs(p.t_on_ms - first.t_on_ms), off = std::abs(p.t_off_ms - first.t_off_ms);
  if (on >= dt || off >= dt)
    return "its stimulus " + describe(p.t_on_ms, 10) + "-" + describe(p.t_off_ms, 10) + " ms starts " +
           describe(on, 6) + " ms and ends " + describe(off, 6) + " ms away from " +
           describe(first.t_on_ms, 10) + "-" + describe(first.t_off_ms, 10) + " ms (more than one " +
           describe(dt, 6) + " ms sample)";
  return "";
}

}  // namespace

double stimulus_amplitude(const sim::AllenRecording& recording) {
  const sim::HHProtocol p = sim::HHProtocol::from_recording(recording);
  const sim::HHStatWindows w = p.windows();
  if (w.stim_end <= w.stim_begin) return 0.0;
  double s = 0.0;
  for (std::size_t k = w.stim_begin; k < w.stim_end; ++k) s += p.current[k];
  return s / double(w.stim_end - w.stim_begin);
}

namespace {

// Reads every file's recording, statistics, protocol and stimulus amplitude into `set`.
std::vector<sim::HHProtocol> read_recordings(const std::vector<std::filesystem::path>& files, HHRecordingSet& set) {
  std::vector<sim::HHProtocol> protocols;
  set.x_o.resize(static_cast<Index>(files.size()), 7);
  for (std::size_t r = 0; r < files.size(); ++r) {
    sim::AllenRecording rec = sim::load_allen_recording(files[r]);
    const auto stats = sim::hh_recording_stats(rec);
    for (int d = 0; d < 7; ++d) {
      if (!std::isfinite(stats[d]))
        throw ValueError(files[r].string() + ": summary statistic '" +
                         sim::HodgkinHuxleySimulator::statistic_names()[d] +
                         "' of the recording is not finite (empty resting or stimulus window?)");
      set.x_o(static_cast<Index>(r), d) = stats[d];
    }
    protocols.push_back(sim::HHProtocol::from_recording(rec));
    set.amplitudes.push_back(stimulus_amplitude(rec));
    set.names.push_back(files[r].stem().string());
    set.recordings.push_back(std::move(rec));
  }
  for (std::size_t a = 0; a < set.names.size(); ++a)
    for (std::size_t b = a + 1; b < set.names.size(); ++b)
      if (set.names[a] == set.names[b])
        throw ValueError("--recording: the recording '" + set.names[a] + "' is given twice");
  return protocols;
}

// The common protocol of recordings whose stimuli differ: the mean current density, the
// median initial voltage (see hh_recordings.hpp).
void use_common_protocol(const std::vector<sim::HHProtocol>& protocols, HHRecordingSet& set) {
  const sim::HHProtocol& first = protocols.front();
  for (std::size_t r = 1; r < protocols.size(); ++r)
    if (const std::string why = protocol_mismatch(protocols[r], first); !why.empty())
      throw ValueError("--recording: '" + set.names[r] + "' cannot share a protocol with '" + set.names[0] +
                       "': " + why + "; fit them separately");
  sim::HHProtocol common = first;
  std::vector<double> v0;
  for (std::size_t k = 0; k < common.size(); ++k) {
    double s = 0.0;
    for (const auto& p : protocols) s += p.current[k];
    common.current[k] = s / double(protocols.size());
  }
  for (const auto& p : protocols) v0.push_back(p.v0_mV);
  std::sort(v0.begin(), v0.end());
  const std::size_t m = v0.size();
  common.v0_mV = m % 2 ? v0[m / 2] : 0.5 * (v0[m / 2 - 1] + v0[m / 2]);
  common.validate();
  set.protocol = std::move(common);
  set.protocol_kind = "common_mean";
  double lo = set.amplitudes.front(), hi = lo, mean = 0.0;
  for (double a : set.amplitudes) {
    lo = std::min(lo, a);
    hi = std::max(hi, a);
    mean += a / double(set.amplitudes.size());
  }
  set.protocol_note = "the recordings' stimuli differ (amplitude " + describe(lo) + "-" + describe(hi) +
                      " uA/cm2); all cells use the mean current density (step amplitude " + describe(mean) +
                      " uA/cm2) and the median initial voltage " + describe(set.protocol.v0_mV) + " mV";
}

}  // namespace

HHRecordingSet load_hh_recordings(const std::string& spec) {
  HHRecordingSet set;
  const std::vector<sim::HHProtocol> protocols = read_recordings(expand(spec), set);
  const sim::HHProtocol& first = protocols.front();
  const bool all_same = std::all_of(protocols.begin(), protocols.end(),
                                    [&](const sim::HHProtocol& p) { return same_protocol(p, first); });
  if (protocols.size() == 1 || all_same) {
    set.protocol = first;
    set.protocol_kind = protocols.size() == 1 ? "own" : "shared";
    set.protocol_note = protocols.size() == 1 ? "the recording's own stimulus (current density, V0)"
                                              : "all recordings share one stimulus";
    return set;
  }
  use_common_protocol(protocols, set);
  return set;
}

}  // namespace sbi::pipelines
