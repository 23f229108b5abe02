// Trace and summary-statistics figures of a Hodgkin–Huxley fit (see figures_hh.hpp).
#include "plots/figures_hh.hpp"

#include <algorithm>
#include <cmath>

#include "plots/svg.hpp"

namespace sbi::plots {

namespace {

const char* kMethodColors[] = {"#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#7f7f7f"};

// Draws v (sample k at time k·dt) into panel p as the min/max envelope of `bins` time bins.
void envelope(Svg& svg, const Panel& p, const double* v, std::size_t n, double dt_ms,
              const std::string& color) {
  const std::size_t bins = std::max<std::size_t>(1, static_cast<std::size_t>(p.width));
  std::vector<double> xs, ys;
  for (std::size_t b = 0; b < bins; ++b) {
    const std::size_t begin = b * n / bins, end = std::max(begin + 1, (b + 1) * n / bins);
    if (begin >= n) break;
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t k = begin; k < std::min(end, n); ++k)
      if (std::isfinite(v[k])) {
        lo = std::min(lo, v[k]);
        hi = std::max(hi, v[k]);
      }
    if (!std::isfinite(lo)) continue;
    const double x = p.px(double(begin) * dt_ms);
    xs.push_back(x);
    ys.push_back(p.py(std::clamp(hi, p.y0, p.y1)));
    xs.push_back(x);
    ys.push_back(p.py(std::clamp(lo, p.y0, p.y1)));
  }
  svg.polyline(xs, ys, color, 0.8);
}

}  // namespace

void hh_trace_figure(const std::vector<double>& recorded_mV, double dt_ms,
                     const std::vector<HHTraceSet>& methods, const std::string& title,
                     const std::string& path) {
  const std::size_t n = recorded_mV.size();
  Index columns = 1;
  for (const auto& m : methods) columns = std::max(columns, m.traces.rows());
  const double panel_h = 110, gap = 34, left = 60, width = 900;
  const double panel_w = (width - double(columns - 1) * 16) / double(columns);
  const double height = 50 + double(methods.size() + 1) * (panel_h + gap) + 10;
  Svg svg(left + width + 20, height);
  svg.text((left + width) / 2 + 10, 22, title, 14);
  const double t_end = double(n) * dt_ms;
  Panel top{left, 50, width, panel_h, 0, t_end, -100, 60};
  envelope(svg, top, recorded_mV.data(), n, dt_ms, "#d62728");
  svg.axes(top, "", "V (mV)");
  svg.text(left + 6, 64, "recorded (junction-corrected)", 11, "start");
  for (std::size_t m = 0; m < methods.size(); ++m) {
    const double y = 50 + double(m + 1) * (panel_h + gap);
    const auto& set = methods[m];
    for (Index r = 0; r < set.traces.rows(); ++r) {
      Panel p{left + double(r) * (panel_w + 16), y, panel_w, panel_h, 0,
              double(set.traces.cols()) * dt_ms, -100, 60};
      envelope(svg, p, set.traces.row(r).data(), static_cast<std::size_t>(set.traces.cols()), dt_ms,
               kMethodColors[m % 6]);
      svg.axes(p, m + 1 == methods.size() ? "t (ms)" : "", r == 0 ? "V (mV)" : "", true, r == 0);
    }
    svg.text(left + 6, y + 14, set.label + " (posterior-predictive)", 11, "start");
  }
  svg.save(path);
}

void hh_statistics_figure(const RowVectorD& recorded, const std::vector<std::string>& names,
                          const std::vector<HHStatSet>& methods, const std::string& title,
                          const std::string& path) {
  const Index dims = recorded.size();
  const Index per_row = 4, rows = (dims + per_row - 1) / per_row;
  const double pw = 200, ph = 170, gx = 60, gy = 60;
  Svg svg(40 + double(per_row) * (pw + gx), 80 + double(rows) * (ph + gy) + 20);
  svg.text(20 + double(per_row) * (pw + gx) / 2, 22, title, 14);
  // Legend.
  svg.rect(40, 36, 14, 3, "#d62728");
  svg.text(58, 41, "recorded", 11, "start");
  for (std::size_t m = 0; m < methods.size(); ++m) {
    svg.circle(140 + double(m) * 130, 38, 4, kMethodColors[m % 6]);
    svg.text(148 + double(m) * 130, 42, methods[m].label, 11, "start");
  }
  for (Index d = 0; d < dims; ++d) {
    std::vector<double> mean(methods.size(), NAN), sd(methods.size(), NAN);
    double lo = recorded[d], hi = recorded[d];
    for (std::size_t m = 0; m < methods.size(); ++m) {
      double s = 0, s2 = 0;
      Index count = 0;
      for (Index i = 0; i < methods[m].x.rows(); ++i)
        if (methods[m].x.row(i).allFinite()) {
          s += methods[m].x(i, d);
          s2 += methods[m].x(i, d) * methods[m].x(i, d);
          ++count;
        }
      if (count == 0) continue;
      mean[m] = s / double(count);
      sd[m] = std::sqrt(std::max(0.0, s2 / double(count) - mean[m] * mean[m]));
      lo = std::min(lo, mean[m] - sd[m]);
      hi = std::max(hi, mean[m] + sd[m]);
    }
    if (!(hi > lo)) hi = lo + 1;
    const double pad = 0.08 * (hi - lo);
    const double left = 70 + double(d % per_row) * (pw + gx), top = 70 + double(d / per_row) * (ph + gy);
    Panel p{left, top, pw, ph, -0.5, double(methods.size()) - 0.5, lo - pad, hi + pad};
    svg.line(p.left, p.py(recorded[d]), p.left + p.width, p.py(recorded[d]), "#d62728", 1.5);
    for (std::size_t m = 0; m < methods.size(); ++m) {
      if (!std::isfinite(mean[m])) continue;
      const double x = p.px(double(m));
      svg.line(x, p.py(mean[m] - sd[m]), x, p.py(mean[m] + sd[m]), kMethodColors[m % 6], 2);
      svg.circle(x, p.py(mean[m]), 4, kMethodColors[m % 6]);
    }
    svg.axes(p, "", "", false);
    svg.text(p.left - 4, p.top + p.height, short_number(p.y0), 10, "end");
    svg.text(p.left - 4, p.top + 10, short_number(p.y1), 10, "end");
    svg.text(left + pw / 2, top - 8, d < Index(names.size()) ? names[d] : "statistic " + std::to_string(d + 1), 12);
  }
  svg.save(path);
}

}  // namespace sbi::plots
