// Figures of a Hodgkin–Huxley recording fit, as SVG:
//  * traces: the recorded (junction-corrected) voltage on top, below it one row per method with
//    a few posterior-predictive voltage traces. Each trace is drawn as its min/max envelope
//    over pixel-wide time bins, so spikes stay visible however long the trace is;
//  * statistics: one panel per summary statistic; the recorded value is a red line and each
//    method's posterior-predictive statistics a dot (mean) with a ±1 sd whisker.
#pragma once
#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace sbi::plots {

struct HHTraceSet {
  std::string label;  // e.g. "ACE beta 100"
  MatrixD traces;     // rows: traces (mV), one column per sample
};

void hh_trace_figure(const std::vector<double>& recorded_mV, double dt_ms,
                     const std::vector<HHTraceSet>& methods, const std::string& title,
                     const std::string& path);

struct HHStatSet {
  std::string label;
  MatrixD x;  // rows: predictive simulations × 7 statistics (non-finite rows are skipped)
};

void hh_statistics_figure(const RowVectorD& recorded, const std::vector<std::string>& names,
                          const std::vector<HHStatSet>& methods, const std::string& title,
                          const std::string& path);

}  // namespace sbi::plots
