// The plots module on its own: an SVG canvas maps data to pixels, and the figures of a run
// folder are written as SVG files holding what they draw.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "plots/figures.hpp"
#include "plots/svg.hpp"
#include "test_support.hpp"

using namespace sbi;

TEST_CASE("a panel maps its data limits to its pixel box (y grows upward)") {
  const plots::Panel p{10, 20, 100, 50, 0, 1, -1, 1};
  CHECK(p.px(0) == doctest::Approx(10));
  CHECK(p.px(1) == doctest::Approx(110));
  CHECK(p.py(-1) == doctest::Approx(70));
  CHECK(p.py(1) == doctest::Approx(20));
  CHECK(plots::short_number(0.25) == "0.25");
}

TEST_CASE("training curves and a pair plot are written as SVG") {
  const auto curves = (test::scratch_dir() / "plots_curves.svg").string();
  plots::training_curves({3, 2, 1.5}, {3.1, 2.2, 1.9}, "loss", curves);
  std::ifstream in(curves);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str().rfind("<svg", 0) == 0);
  CHECK(text.str().find("</svg>") != std::string::npos);
  CHECK(text.str().find("loss") != std::string::npos);
  plots::PairPlotInput plot;
  plot.samples = MatrixD::Random(200, 2);
  plot.names = {"a", "b"};
  plot.title = "pairs";
  const auto pairs = (test::scratch_dir() / "plots_pairs.svg").string();
  plots::pair_plot(plot, pairs);
  CHECK(std::filesystem::file_size(pairs) > 1000);
}
