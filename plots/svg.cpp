// SVG canvas (see svg.hpp).
#include "plots/svg.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"

namespace sbi::plots {

std::string short_number(double v) {
  char buf[32];
  if (v != 0 && (std::abs(v) >= 1e4 || std::abs(v) < 1e-2)) std::snprintf(buf, sizeof buf, "%.2g", v);
  else std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

static std::string escape_xml(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

Svg::Svg(double width, double height) : width_(width), height_(height) {
  body_ << "<rect x='0' y='0' width='" << width << "' height='" << height << "' fill='white'/>\n";
}

void Svg::line(double x1, double y1, double x2, double y2, const std::string& color, double stroke) {
  body_ << "<line x1='" << x1 << "' y1='" << y1 << "' x2='" << x2 << "' y2='" << y2
        << "' stroke='" << color << "' stroke-width='" << stroke << "'/>\n";
}

void Svg::rect(double x, double y, double w, double h, const std::string& fill, double opacity) {
  body_ << "<rect x='" << x << "' y='" << y << "' width='" << w << "' height='" << h
        << "' fill='" << fill << "' fill-opacity='" << opacity << "'/>\n";
}

void Svg::circle(double x, double y, double r, const std::string& fill, double opacity) {
  body_ << "<circle cx='" << x << "' cy='" << y << "' r='" << r << "' fill='" << fill
        << "' fill-opacity='" << opacity << "'/>\n";
}

void Svg::text(double x, double y, const std::string& s, double size, const std::string& anchor,
               double rotate) {
  body_ << "<text x='" << x << "' y='" << y << "' font-family='sans-serif' font-size='" << size
        << "' text-anchor='" << anchor << "'";
  if (rotate != 0) body_ << " transform='rotate(" << rotate << " " << x << " " << y << ")'";
  body_ << ">" << escape_xml(s) << "</text>\n";
}

void Svg::polyline(const std::vector<double>& xs, const std::vector<double>& ys,
                   const std::string& color, double stroke) {
  body_ << "<polyline fill='none' stroke='" << color << "' stroke-width='" << stroke << "' points='";
  for (std::size_t i = 0; i < xs.size() && i < ys.size(); ++i)
    if (std::isfinite(xs[i]) && std::isfinite(ys[i])) body_ << xs[i] << "," << ys[i] << " ";
  body_ << "'/>\n";
}

void Svg::axes(const Panel& p, const std::string& xlabel, const std::string& ylabel,
               bool tick_labels, bool y_tick_labels) {
  body_ << "<rect x='" << p.left << "' y='" << p.top << "' width='" << p.width << "' height='"
        << p.height << "' fill='none' stroke='#444' stroke-width='1'/>\n";
  if (tick_labels) {
    text(p.left, p.top + p.height + 14, short_number(p.x0), 10, "start");
    text(p.left + p.width, p.top + p.height + 14, short_number(p.x1), 10, "end");
    if (y_tick_labels) {
      text(p.left - 4, p.top + p.height, short_number(p.y0), 10, "end");
      text(p.left - 4, p.top + 10, short_number(p.y1), 10, "end");
    }
  }
  if (!xlabel.empty()) text(p.left + p.width / 2, p.top + p.height + 28, xlabel, 12);
  if (!ylabel.empty()) text(p.left - 30, p.top + p.height / 2, ylabel, 12, "middle", -90);
}

std::string Svg::str() const {
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << width_ << "' height='" << height_
    << "' viewBox='0 0 " << width_ << " " << height_ << "'>\n"
    << body_.str() << "</svg>\n";
  return s.str();
}

void Svg::save(const std::string& path) const {
  const std::string text = str();
  write_file_atomically(path, [&](std::ostream& out) { out << text; });
}

}  // namespace sbi::plots
