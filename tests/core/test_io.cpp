// CSV and binary array I/O: round trips, every malformed-input case, and one real sbibm file.
#include <doctest/doctest.h>

#include <fstream>

#include "core/binary_io.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "test_support.hpp"

using namespace sbi;

namespace {

std::string write_text(const std::string& name, const std::string& text) {
  const auto path = (test::scratch_dir() / name).string();
  std::ofstream(path) << text;
  return path;
}

// The IOError message for reading `text` as CSV.
std::string csv_error(const std::string& name, const std::string& text) {
  const auto path = write_text(name, text);
  try {
    read_csv(path);
  } catch (const IOError& e) {
    return e.what();
  }
  return "no error";
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("CSV round trip keeps every bit") {
  MatrixD m(3, 2);
  m << 0.1, -2.5e-300, 1.0 / 3.0, 7e22, -0.0, 123456789.123456789;
  const auto path = (test::scratch_dir() / "roundtrip.csv").string();
  write_csv(path, m, {"theta_1", "theta_2"});
  const CsvTable t = read_csv(path);
  CHECK(t.header == std::vector<std::string>{"theta_1", "theta_2"});
  CHECK(t.values == m);
}

TEST_CASE("CSV accepts CRLF line ends, quoted headers, blank and comment lines") {
  const auto path = write_text("crlf.csv", "# comment\r\n\"a\",\"b\"\r\n1,2\r\n\r\n3,4e-1\r\n");
  const CsvTable t = read_csv(path);
  CHECK(t.header[1] == "b");
  CHECK(t.values.rows() == 2);
  CHECK(t.values(1, 1) == doctest::Approx(0.4));
}

TEST_CASE("malformed CSV gives a clear error with file and line") {
  CHECK(contains(csv_error("ragged.csv", "a,b\n1,2\n3\n"), "ragged.csv:3"));
  CHECK(contains(csv_error("ragged.csv", "a,b\n1,2\n3\n"), "expected 2 fields"));
  CHECK(contains(csv_error("word.csv", "a,b\n1,x2\n"), "'x2') is not a number"));
  CHECK(contains(csv_error("nan.csv", "a,b\n1,nan\n"), "non-finite"));
  CHECK(contains(csv_error("empty.csv", ""), "empty"));
  CHECK(contains(csv_error("blank_field.csv", "a,b\n1,\n"), "is not a number"));
  try {
    read_csv((test::scratch_dir() / "does_not_exist.csv").string());
    FAIL("expected an IOError");
  } catch (const IOError& e) {
    CHECK(contains(e.what(), "does_not_exist.csv"));
  }
  CsvReadSettings allow;
  allow.allow_nonfinite = true;
  const auto path = write_text("nan_ok.csv", "a\nnan\ninf\n");
  CHECK(std::isnan(read_csv(path, allow).values(0, 0)));
}

TEST_CASE("binary arrays round trip and reject damage") {
  MatrixD m(4, 3);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = 0.5 * double(i) - 1.0 / 7.0;
  const auto path = (test::scratch_dir() / "array.bin").string();
  write_array(path, m);
  CHECK(read_array(path) == m);
  MatrixF f = m.cast<float>();
  write_array(path, f);
  CHECK(read_array(path) == f.cast<double>());

  write_array(path, m);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto write_bytes = [&](const std::string& data) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
  };
  auto error_of = [&]() -> std::string {
    try {
      read_array(path);
    } catch (const IOError& e) {
      return e.what();
    }
    return "no error";
  };
  write_bytes(bytes.substr(0, bytes.size() - 9));
  CHECK(contains(error_of(), "corrupt"));
  std::string flipped = bytes;
  flipped[40] = static_cast<char>(flipped[40] ^ 0x10);
  write_bytes(flipped);
  CHECK(contains(error_of(), "checksum"));
  std::string wrong_magic = bytes;
  wrong_magic[0] = 'X';
  write_bytes(wrong_magic);
  CHECK(contains(error_of(), "wrong magic"));
  write_bytes("SBI");
  CHECK(contains(error_of(), "truncated"));
}

TEST_CASE("reads an sbibm reference posterior file") {
  if (!test::have_data("sbibm/two_moons/num_observation_1/reference_posterior_samples.csv")) return;
  const auto t = read_csv((test::data_dir() / "sbibm/two_moons/num_observation_1/reference_posterior_samples.csv").string());
  CHECK(t.values.rows() == 10000);
  CHECK(t.values.cols() == 2);
  CHECK(t.values.allFinite());
  // two_moons posteriors live inside the prior box U(-1, 1)².
  CHECK(t.values.cwiseAbs().maxCoeff() <= 1.0);
}
