// A minimal SVG canvas for the figures the `sbi` program writes (viewable in any browser):
// panels with axes, lines, points, rectangles and text, in data coordinates.
#pragma once
#include <sstream>
#include <string>
#include <vector>

namespace sbi::plots {

// A rectangular plotting area mapping data (x, y) to pixels, with axis limits.
struct Panel {
  double left, top, width, height;  // pixels
  double x0, x1, y0, y1;            // data limits
  double px(double x) const { return left + (x - x0) / (x1 - x0) * width; }
  double py(double y) const { return top + height - (y - y0) / (y1 - y0) * height; }
};

class Svg {
 public:
  Svg(double width, double height);
  void line(double x1, double y1, double x2, double y2, const std::string& color, double stroke = 1);
  void rect(double x, double y, double w, double h, const std::string& fill, double opacity = 1);
  void circle(double x, double y, double r, const std::string& fill, double opacity = 1);
  void text(double x, double y, const std::string& s, double size = 12,
            const std::string& anchor = "middle", double rotate = 0);
  void polyline(const std::vector<double>& xs, const std::vector<double>& ys,
                const std::string& color, double stroke = 1.5);
  // A frame with tick labels at the limits and optional axis labels.
  void axes(const Panel& p, const std::string& xlabel = "", const std::string& ylabel = "",
            bool tick_labels = true, bool y_tick_labels = true);
  std::string str() const;
  void save(const std::string& path) const;

 private:
  double width_, height_;
  std::ostringstream body_;
};

// "0.25", "1.5e+03": short number formatting for tick labels.
std::string short_number(double v);

// Colours used consistently across figures.
inline const char* kColorPosterior = "#1f77b4";
inline const char* kColorReference = "#ff7f0e";
inline const char* kColorTruth = "#d62728";
inline const char* kColorValidation = "#2ca02c";

}  // namespace sbi::plots
