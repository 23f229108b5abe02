// The Allen recording loader: every shipped recording with its header values, the derived
// model inputs, and clear file:line errors for malformed files.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <string>

#include "core/errors.hpp"
#include "simulators/allen_recording.hpp"
#include "simulators/hodgkin_huxley.hpp"
#include "simulators/hodgkin_huxley_protocol.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::sim;

namespace {

std::string write_scratch(const std::string& name, const std::string& text) {
  const auto path = sbi::test::scratch_dir() / name;
  std::ofstream(path) << text;
  return path.string();
}

const char* kHeader =
    "# Allen Cell Types Database, specimen 1, sweep 2; dt_ms=0.02; t_on_ms=0.02; "
    "t_off_ms=0.06; soma_area_cm2=1e-04; junction potential not applied\n";

// Expects load_allen_recording(path) to throw IOError whose message contains `fragment`.
void check_rejects(const std::string& name, const std::string& text, const std::string& fragment) {
  const std::string path = write_scratch(name, text);
  try {
    load_allen_recording(path);
    FAIL("accepted malformed file " << name);
  } catch (const IOError& e) {
    const std::string what = e.what();
    INFO(what);
    CHECK(what.find(path) != std::string::npos);
    CHECK(what.find(fragment) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("allen: every shipped recording loads with its header values") {
  if (!sbi::test::have_data("allen")) return;
  const auto files = list_allen_recordings(sbi::test::data_dir() / "allen");
  CHECK(files.size() == 5);
  for (const auto& file : files) {
    INFO(file.string());
    const AllenRecording rec = load_allen_recording(file);
    CHECK(rec.size() == 72500);
    CHECK(rec.dt_ms == 0.02);
    CHECK(rec.t_on_ms == 205.0);
    CHECK(rec.t_off_ms == 1204.98);
    CHECK(rec.soma_area_cm2 > 1e-5);
    CHECK(rec.soma_area_cm2 < 1e-3);
    CHECK(rec.description.find("Allen Cell Types Database") != std::string::npos);
    CHECK(rec.t_ms.back() == doctest::Approx(1449.98));
    // Current is injected exactly during the stimulus.
    CHECK(rec.i_uA[10249] == 0.0);
    CHECK(rec.i_uA[10250] > 0.0);
    CHECK(rec.i_uA[60249] > 0.0);
    CHECK(rec.i_uA[60250] == 0.0);
    const auto density = rec.current_density();
    CHECK(density[30000] == doctest::Approx(rec.i_uA[30000] / rec.soma_area_cm2));
    CHECK(density[30000] > 0.1);
    CHECK(density[30000] < 10.0);
    const auto v = rec.corrected_voltage();
    CHECK(v[0] == doctest::Approx(rec.v_mV[0] - 14.0));
    const HHProtocol p = HHProtocol::from_recording(rec);
    CHECK(p.v0_mV == v[0]);
    CHECK(p.size() == 72500);
    const HHStatWindows w = p.windows();
    CHECK(w.rest_end == 10250);
    CHECK(w.stim_begin == 10251);
    CHECK(w.stim_end == 60249);
  }
}

TEST_CASE("allen: a small well-formed file and its derived inputs") {
  const std::string path = write_scratch(
      "allen_ok.csv", std::string(kHeader) +
                          "t_ms,v_mV,i_uA\n0.00,-70,0\n0.02,-69.5,0.0002\n0.04,-69,2e-4\n"
                          "0.06,-68,0\n0.08,-70.25,0\n");
  const AllenRecording rec = load_allen_recording(path);
  CHECK(rec.size() == 5);
  CHECK(rec.soma_area_cm2 == 1e-4);
  CHECK(rec.current_density()[1] == doctest::Approx(2.0));
  CHECK(rec.corrected_voltage()[4] == doctest::Approx(-84.25));
}

TEST_CASE("allen: malformed files are rejected with file:line messages") {
  const std::string ok_rows = "t_ms,v_mV,i_uA\n0.00,-70,0\n0.02,-69,0\n0.04,-69,0\n0.06,-68,0\n";
  check_rejects("allen_no_header.csv", ok_rows, ":1: expected the Allen header");
  check_rejects("allen_no_area.csv",
                "# x; dt_ms=0.02; t_on_ms=0.02; t_off_ms=0.06\n" + ok_rows,
                "lacks the field 'soma_area_cm2='");
  check_rejects("allen_bad_dt.csv",
                "# x; dt_ms=abc; t_on_ms=0.02; t_off_ms=0.06; soma_area_cm2=1e-4\n" + ok_rows,
                "'dt_ms' has value 'abc'");
  check_rejects("allen_columns.csv", std::string(kHeader) + "t,v,i\n0,1,2\n",
                ":2: expected the column header");
  check_rejects("allen_ragged.csv",
                std::string(kHeader) + "t_ms,v_mV,i_uA\n0.00,-70,0\n0.02,-69\n0.04,-69,0\n",
                ":4: row has 2 columns");
  check_rejects("allen_wide.csv",
                std::string(kHeader) + "t_ms,v_mV,i_uA\n0.00,-70,0\n0.02,-69,0,5\n",
                ":4: row has more than 3 columns");
  check_rejects("allen_nonnumber.csv",
                std::string(kHeader) + "t_ms,v_mV,i_uA\n0.00,-70,0\n0.02,-69x,0\n",
                ":4: column 2 is '-69x', not a finite number");
  check_rejects("allen_nan.csv",
                std::string(kHeader) + "t_ms,v_mV,i_uA\n0.00,-70,0\n0.02,nan,0\n",
                ":4: column 2 is 'nan'");
  check_rejects("allen_grid.csv",
                std::string(kHeader) + "t_ms,v_mV,i_uA\n0.00,-70,0\n0.02,-69,0\n0.05,-69,0\n",
                ":5: time 0.05");
  check_rejects("allen_short.csv",
                std::string(kHeader) + "t_ms,v_mV,i_uA\n0.00,-70,0\n0.02,-69,0\n",
                "outside the recording");
  check_rejects("allen_empty.csv", "", ":1: file is empty");
  CHECK_THROWS_AS(load_allen_recording(sbi::test::scratch_dir() / "no_such_file.csv"), IOError);
  CHECK_THROWS_AS(list_allen_recordings(sbi::test::scratch_dir() / "no_such_dir"), NotFoundError);
}

TEST_CASE("allen: observed statistics of each recording and a simulation on its protocol") {
  if (!sbi::test::have_data("allen")) return;
  const auto files = list_allen_recordings(sbi::test::data_dir() / "allen");
  REQUIRE(!files.empty());
  for (const auto& file : files) {
    const AllenRecording rec = load_allen_recording(file);
    const auto x = hh_recording_stats(rec);
    MESSAGE(file.filename().string() << ": x_o = " << x[0] << ", " << x[1] << ", " << x[2] << ", "
            << x[3] << ", " << x[4] << ", " << x[5] << ", " << x[6]);
    for (double value : x) CHECK(std::isfinite(value));
    CHECK(x[0] >= 1.0);    // these sweeps were chosen with spiking responses
    CHECK(x[1] < -60.0);   // junction-corrected resting potential
    CHECK(x[1] > -100.0);
  }
  // The simulator runs on a recorded protocol (first file) and gives finite statistics.
  const HodgkinHuxleySimulator sim(HHProtocol::from_recording(load_allen_recording(files.front())));
  MatrixD theta(1, 8);
  const auto ref = HodgkinHuxleySimulator::reference_theta();
  for (int j = 0; j < 8; ++j) theta(0, j) = ref[std::size_t(j)];
  const MatrixD x = sim.simulate(theta, 3);
  CHECK(x.allFinite());
  CHECK(x(0, 1) < -60.0);
}

TEST_CASE("allen: a tiny or huge sampling step is refused, and the protocol windows never hang") {
  // dt_ms=1e-300 once passed the grid check (every row at the same time) and made the
  // stimulus-window arithmetic cast ~1e293 to size_t and loop for ever.
  const std::string rows = "t_ms,v_mV,i_uA\n0,-70,0\n0,-69,0\n0,-69,0\n0,-68,0\n";
  check_rejects("allen_tiny_dt.csv",
                "# x; dt_ms=1e-300; t_on_ms=0; t_off_ms=1e-300; soma_area_cm2=1e-4\n" + rows,
                "dt_ms=1e-300 is outside [0.0001, 100] ms");
  check_rejects("allen_huge_dt.csv",
                "# x; dt_ms=1e6; t_on_ms=0; t_off_ms=1e6; soma_area_cm2=1e-4\n" + rows,
                "dt_ms=1e+06 is outside");
  HHProtocol p;
  p.dt_ms = 1e-300;
  p.current.assign(10, 0.0);
  p.t_on_ms = 205.0;
  p.t_off_ms = 1204.98;
  CHECK_THROWS_AS(p.validate(), ValueError);
  const HHStatWindows w = p.windows();  // bounded by the trace length, returns at once
  CHECK(w.rest_end == 10);
  CHECK(w.stim_end == 10);
  CHECK(w.merge_gap <= 11);
}
