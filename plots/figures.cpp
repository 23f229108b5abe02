// Figures of a run folder (see figures.hpp).
#include "plots/figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "plots/svg.hpp"

namespace sbi::plots {

namespace {

constexpr int kBins = 40;

// A viridis-like colour for t in [0, 1] (dark purple → blue → green → yellow).
std::string viridis(double t) {
  static const double stops[5][3] = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  t = std::clamp(t, 0.0, 1.0) * 4.0;
  const int i = std::min(3, static_cast<int>(t));
  const double f = t - i;
  char color[16];
  std::snprintf(color, sizeof color, "#%02x%02x%02x",
                static_cast<int>(stops[i][0] + f * (stops[i + 1][0] - stops[i][0])),
                static_cast<int>(stops[i][1] + f * (stops[i + 1][1] - stops[i][1])),
                static_cast<int>(stops[i][2] + f * (stops[i + 1][2] - stops[i][2])));
  return color;
}

// Limits covering the samples (and reference and truth) with a 5% margin.
std::pair<double, double> limits_of(const PairPlotInput& in, Index d) {
  if (in.limits.rows() == 2 && in.limits.cols() > d) return {in.limits(0, d), in.limits(1, d)};
  double lo = in.samples.col(d).minCoeff(), hi = in.samples.col(d).maxCoeff();
  if (in.reference) {
    lo = std::min(lo, in.reference->col(d).minCoeff());
    hi = std::max(hi, in.reference->col(d).maxCoeff());
  }
  if (in.truth) {
    lo = std::min(lo, (*in.truth)(d));
    hi = std::max(hi, (*in.truth)(d));
  }
  const double pad = 0.05 * std::max(hi - lo, 1e-9);
  return {lo - pad, hi + pad};
}

std::vector<double> histogram(const MatrixD& m, Index d, double lo, double hi) {
  std::vector<double> h(kBins, 0.0);
  for (Index i = 0; i < m.rows(); ++i) {
    const int b = static_cast<int>((m(i, d) - lo) / (hi - lo) * kBins);
    if (b >= 0 && b < kBins) h[static_cast<std::size_t>(b)] += 1;
  }
  const double total = std::max<double>(double(m.rows()), 1.0) * (hi - lo) / kBins;
  for (double& v : h) v /= total;  // density
  return h;
}

// A diagonal cell: the marginal histogram of the samples, the reference's as an outline, the
// true value as a vertical line.
void diagonal_cell(Svg& svg, const PairPlotInput& in, Index c, Index dim, double left, double top, double w,
                   double h, std::pair<double, double> lim) {
  const auto [x0, x1] = lim;
  const auto hs = histogram(in.samples, c, x0, x1);
  std::vector<double> hr;
  if (in.reference) hr = histogram(*in.reference, c, x0, x1);
  double top_density = *std::max_element(hs.begin(), hs.end());
  if (!hr.empty()) top_density = std::max(top_density, *std::max_element(hr.begin(), hr.end()));
  Panel p{left, top, w, h, x0, x1, 0, std::max(top_density * 1.1, 1e-12)};
  for (int b = 0; b < kBins; ++b) {
    const double bx0 = x0 + (x1 - x0) * b / kBins, bx1 = x0 + (x1 - x0) * (b + 1) / kBins;
    svg.rect(p.px(bx0), p.py(hs[static_cast<std::size_t>(b)]), p.px(bx1) - p.px(bx0),
             p.py(0) - p.py(hs[static_cast<std::size_t>(b)]), kColorPosterior, 0.6);
  }
  if (!hr.empty()) {
    std::vector<double> xs, ys;
    for (int b = 0; b < kBins; ++b) {
      xs.push_back(p.px(x0 + (x1 - x0) * b / kBins));
      xs.push_back(p.px(x0 + (x1 - x0) * (b + 1) / kBins));
      ys.push_back(p.py(hr[static_cast<std::size_t>(b)]));
      ys.push_back(p.py(hr[static_cast<std::size_t>(b)]));
    }
    svg.polyline(xs, ys, kColorReference, 1.5);
  }
  if (in.truth) svg.line(p.px((*in.truth)(c)), p.top, p.px((*in.truth)(c)), p.top + p.height, kColorTruth, 1.5);
  svg.axes(p, c == dim - 1 && c < Index(in.names.size()) ? in.names[static_cast<std::size_t>(c)] : "", "",
           c == dim - 1, false);  // the density axis needs no numbers
}

// An off-diagonal cell (row r, column c): 2-D histogram shading of the samples, reference
// draws as dots, the true θ as a red marker.
void pair_cell(Svg& svg, const PairPlotInput& in, Index r, Index c, Index dim, double left, double top, double w,
               double h, std::pair<double, double> xlim, std::pair<double, double> ylim) {
  const auto [x0, x1] = xlim;
  const auto [y0, y1] = ylim;
  Panel p{left, top, w, h, x0, x1, y0, y1};
  std::vector<double> grid(kBins * kBins, 0.0);
  for (Index i = 0; i < in.samples.rows(); ++i) {
    const int bx = static_cast<int>((in.samples(i, c) - x0) / (x1 - x0) * kBins);
    const int by = static_cast<int>((in.samples(i, r) - y0) / (y1 - y0) * kBins);
    if (bx >= 0 && bx < kBins && by >= 0 && by < kBins) grid[static_cast<std::size_t>(by * kBins + bx)] += 1;
  }
  const double peak = std::max(1.0, *std::max_element(grid.begin(), grid.end()));
  for (int by = 0; by < kBins; ++by)
    for (int bx = 0; bx < kBins; ++bx) {
      const double v = grid[static_cast<std::size_t>(by * kBins + bx)];
      if (v <= 0) continue;
      svg.rect(left + w * bx / kBins, top + h - h * (by + 1) / kBins, w / kBins + 0.3, h / kBins + 0.3,
               kColorPosterior, 0.15 + 0.85 * std::sqrt(v / peak));
    }
  if (in.reference) {
    const Index step = std::max<Index>(1, in.reference->rows() / 400);
    for (Index i = 0; i < in.reference->rows(); i += step)
      svg.circle(p.px((*in.reference)(i, c)), p.py((*in.reference)(i, r)), 1.0, kColorReference, 0.6);
  }
  if (in.truth) svg.circle(p.px((*in.truth)(c)), p.py((*in.truth)(r)), 4, kColorTruth);
  const bool bottom = r == dim - 1, leftmost = c == 0;
  svg.axes(p, bottom && c < Index(in.names.size()) ? in.names[static_cast<std::size_t>(c)] : "",
           leftmost && r < Index(in.names.size()) ? in.names[static_cast<std::size_t>(r)] : "", bottom || leftmost);
}

void legend(Svg& svg, const PairPlotInput& in, double lx, double ly) {
  svg.rect(lx, ly - 9, 12, 10, kColorPosterior, 0.6);
  svg.text(lx + 18, ly, "posterior samples", 11, "start");
  if (in.reference) {
    ly += 16;
    svg.rect(lx, ly - 9, 12, 10, kColorReference, 0.8);
    svg.text(lx + 18, ly, "reference", 11, "start");
  }
  if (in.truth) {
    ly += 16;
    svg.circle(lx + 6, ly - 4, 4, kColorTruth);
    svg.text(lx + 18, ly, "true θ", 11, "start");
  }
}

}  // namespace

void pair_plot(const PairPlotInput& in, const std::string& path) {
  const Index dim = in.samples.cols();
  const double cell = dim <= 2 ? 220 : dim <= 5 ? 150 : 100, margin = 50;
  Svg svg(margin + dim * cell + 20, margin + dim * cell + 30);
  svg.text((margin + dim * cell) / 2 + 10, 20, in.title, 14);
  std::vector<std::pair<double, double>> lim;
  for (Index d = 0; d < dim; ++d) lim.push_back(limits_of(in, d));
  for (Index r = 0; r < dim; ++r)
    for (Index c = 0; c <= r; ++c) {
      const double left = margin + c * cell + 8, top = 35 + r * cell + 4;
      if (r == c) diagonal_cell(svg, in, c, dim, left, top, cell - 16, cell - 16, lim[static_cast<std::size_t>(c)]);
      else pair_cell(svg, in, r, c, dim, left, top, cell - 16, cell - 16, lim[static_cast<std::size_t>(c)],
                     lim[static_cast<std::size_t>(r)]);
    }
  legend(svg, in, margin + dim * cell - 170, 40);
  svg.save(path);
}

void training_curves(const std::vector<double>& train, const std::vector<double>& validation,
                     const std::string& title, const std::string& path) {
  Svg svg(560, 380);
  svg.text(290, 22, title, 14);
  const std::size_t n = std::max(train.size(), validation.size());
  double lo = INFINITY, hi = -INFINITY;
  for (const auto* v : {&train, &validation})
    for (double x : *v)
      if (std::isfinite(x)) {
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (hi <= lo) hi = lo + 1;
  // Losses that stay positive are drawn on a log scale (they fall by orders of magnitude).
  const bool log_scale = lo > 0;
  auto y_of = [log_scale](double v) { return log_scale ? std::log10(v) : v; };
  const double y0 = y_of(lo), y1 = y_of(hi);
  Panel p{70, 40, 460, 280, 1, std::max<double>(double(n), 2), y0 - 0.05 * (y1 - y0), y1 + 0.05 * (y1 - y0)};
  auto curve = [&](const std::vector<double>& v, const char* color) {
    std::vector<double> xs, ys;
    for (std::size_t i = 0; i < v.size(); ++i) {
      xs.push_back(p.px(double(i + 1)));
      ys.push_back(p.py(y_of(v[i])));
    }
    svg.polyline(xs, ys, color);
  };
  curve(train, kColorPosterior);
  curve(validation, kColorValidation);
  svg.axes(p, "epoch", log_scale ? "log10 loss" : "loss");
  svg.rect(380, 50, 12, 3, kColorPosterior);
  svg.text(398, 55, "training", 11, "start");
  svg.rect(380, 66, 12, 3, kColorValidation);
  svg.text(398, 71, "validation", 11, "start");
  svg.save(path);
}

void cost_landscape(const MatrixD& grid, const VectorD& cost, const std::optional<VectorD>& exact,
                    const std::vector<std::string>& names, const std::string& title,
                    const std::string& path) {
  Svg svg(560, 420);
  svg.text(290, 22, title, 14);
  if (grid.cols() == 1) {
    double lo = cost.minCoeff(), hi = cost.maxCoeff();
    if (exact) lo = std::min(lo, exact->minCoeff()), hi = std::max(hi, exact->maxCoeff());
    Panel p{70, 40, 460, 310, grid.col(0).minCoeff(), grid.col(0).maxCoeff(), lo, hi + 1e-12};
    std::vector<double> xs, ys, ye;
    for (Index i = 0; i < grid.rows(); ++i) {
      xs.push_back(p.px(grid(i, 0)));
      ys.push_back(p.py(cost(i)));
      if (exact) ye.push_back(p.py((*exact)(i)));
    }
    if (exact) svg.polyline(xs, ye, kColorReference, 2.5);
    svg.polyline(xs, ys, kColorPosterior, 1.5);
    svg.axes(p, names.empty() ? "θ" : names[0], "cost");
    svg.rect(380, 50, 12, 3, kColorPosterior);
    svg.text(398, 55, "learned cost", 11, "start");
    if (exact) {
      svg.rect(380, 66, 12, 3, kColorReference);
      svg.text(398, 71, "exact cost", 11, "start");
    }
  } else {
    const auto g = static_cast<Index>(std::llround(std::sqrt(double(grid.rows()))));
    Panel p{70, 40, 340, 340, grid.col(0).minCoeff(), grid.col(0).maxCoeff(), grid.col(1).minCoeff(),
            grid.col(1).maxCoeff()};
    // Colour by log cost (costs span orders of magnitude near the minimum).
    const double floor = std::max(cost.minCoeff(), 1e-12);
    const double lo = std::log(floor), hi = std::max(std::log(std::max(cost.maxCoeff(), floor)), lo + 1e-12);
    const double cw = p.width / double(g), ch = p.height / double(g);
    for (Index i = 0; i < grid.rows(); ++i) {
      const double t = (std::log(std::max(cost(i), floor)) - lo) / (hi - lo);
      svg.rect(p.px(grid(i, 0)) - cw / 2, p.py(grid(i, 1)) - ch / 2, cw + 0.5, ch + 0.5, viridis(t));
    }
    svg.axes(p, names.size() > 0 ? names[0] : "θ1", names.size() > 1 ? names[1] : "θ2");
    for (int k = 0; k <= 10; ++k) svg.rect(440, 80 + 20 * k, 20, 20, viridis(1.0 - k / 10.0));
    svg.text(470, 70, "cost (log scale)", 11, "middle");
    svg.text(465, 94, short_number(std::exp(hi)), 10, "start");
    svg.text(465, 294, short_number(std::exp(lo)), 10, "start");
  }
  svg.save(path);
}

}  // namespace sbi::plots
