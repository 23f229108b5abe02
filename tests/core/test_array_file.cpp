// θ/x/observation files (core/array_file.hpp): .npy bytes as NumPy writes them, round trips in
// both formats, CSV with and without a header, and each malformed .npy case.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/array_file.hpp"
#include "core/errors.hpp"
#include "test_support.hpp"

using namespace sbi;

namespace {

// np.save of np.array([[1., 2.], [3., 4.5]]) by NumPy 2.4 (float64, C order, v1.0).
const char* kNumpyHex =
    "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c2027"
    "7368617065273a2028322c2032292c207d2020202020202020202020202020202020202020202020202020202020202020202020"
    "20202020202020202020202020202020202020202020200a000000000000f03f0000000000000040000000000000084000000000"
    "00001240";

std::string from_hex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

std::string write_bytes(const std::string& name, const std::string& bytes) {
  const auto path = (test::scratch_dir() / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A v1.0 .npy file with the given header dict and raw data bytes.
std::string npy_bytes(const std::string& dict, const std::string& data) {
  std::string header = dict + "\n";
  std::string out = std::string("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header + data;
}

std::string doubles(std::initializer_list<double> values) {
  std::string out;
  for (double v : values) out.append(reinterpret_cast<const char*>(&v), sizeof v);
  return out;
}

std::string npy_error(const std::string& name, const std::string& bytes) {
  const auto path = write_bytes(name, bytes);
  try {
    read_array_file(path);
  } catch (const IOError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("array file: reads NumPy's own bytes; writes the same bytes") {
  const auto path = write_bytes("numpy_written.npy", from_hex(kNumpyHex));
  const ArrayFile file = read_array_file(path);
  CHECK(file.header.empty());
  REQUIRE(file.values.rows() == 2);
  REQUIRE(file.values.cols() == 2);
  CHECK(file.values(0, 1) == 2.0);
  CHECK(file.values(1, 1) == 4.5);
  const auto ours = (test::scratch_dir() / "ours.npy").string();
  write_array_file(ours, file.values);
  CHECK(read_bytes(ours) == from_hex(kNumpyHex));
}

TEST_CASE("array file: float32 and 1-D .npy, non-finite values kept") {
  float f[2] = {0.5f, -1.25f};
  const std::string data(reinterpret_cast<const char*>(f), sizeof f);
  const auto path = write_bytes("f4.npy", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data));
  const MatrixD m = read_array_file(path).values;
  REQUIRE(m.rows() == 1);
  REQUIRE(m.cols() == 2);
  CHECK(m(0, 0) == 0.5);
  CHECK(m(0, 1) == -1.25);
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const auto p2 = write_bytes("nan.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }",
                                                   doubles({nan, -inf})));
  const MatrixD n = read_array_file(p2).values;
  CHECK(std::isnan(n(0, 0)));
  CHECK(n(0, 1) == -inf);
}

TEST_CASE("array file: round trips in .npy and CSV, with and without a header") {
  MatrixD m(3, 2);
  m << 0.1, -2.5e-300, 1.0 / 3.0, 7.0, std::numeric_limits<double>::quiet_NaN(), 1e300;
  const auto npy = (test::scratch_dir() / "round.npy").string();
  write_array_file(npy, m);
  MatrixD back = read_array_file(npy).values;
  REQUIRE(back.rows() == 3);
  CHECK(std::isnan(back(2, 0)));
  back(2, 0) = m(2, 0) = 0;
  CHECK(back == m);
  const auto csv = (test::scratch_dir() / "round.csv").string();
  write_array_file(csv, m, {"a", "b"});
  const ArrayFile c = read_array_file(csv);
  CHECK(c.header == std::vector<std::string>{"a", "b"});
  CHECK(c.values == m);
  const auto bare = write_bytes("bare.csv", "1,2\n3,nan\n");
  const ArrayFile b = read_array_file(bare);
  CHECK(b.header.empty());
  REQUIRE(b.values.rows() == 2);
  CHECK(b.values(1, 0) == 3.0);
  CHECK(std::isnan(b.values(1, 1)));
  CHECK_THROWS_WITH_AS(read_array_file(write_bytes("ragged.csv", "1,2\n3\n")),
                       doctest::Contains("ragged.csv:2: expected 2 fields (as in the first row)"), IOError);
}

TEST_CASE("array file: each malformed .npy is an IOError naming the file and the problem") {
  const std::string f8 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
  const std::string four = doubles({1, 2, 3, 4});
  CHECK(npy_error("magic.npy", "\x93NUMPX\x01\x00" + std::string(40, ' ')).find("magic.npy': bad magic") != std::string::npos);
  CHECK(npy_error("short.npy", "\x93NU").find("too short") != std::string::npos);
  CHECK(npy_error("fortran.npy", npy_bytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", four))
            .find("Fortran order") != std::string::npos);
  CHECK(npy_error("big.npy", npy_bytes("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }", four))
            .find("big-endian") != std::string::npos);
  CHECK(npy_error("int.npy", npy_bytes("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }", four))
            .find("dtype '<i8' is not supported") != std::string::npos);
  CHECK(npy_error("three.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 2), }", four))
            .find("3-D arrays are not supported") != std::string::npos);
  // Found by fuzzing: a zero width let a huge row count pass the size check, then loop for ever.
  CHECK(npy_error("wide_zero.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2332222222222232222, 0), }", ""))
            .find("no columns") != std::string::npos);
  CHECK(npy_error("scalar.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", doubles({1})))
            .find("0-D") != std::string::npos);
  CHECK(npy_error("truncated.npy", npy_bytes(f8, doubles({1, 2, 3}))).find("truncated.npy': shape (2, 2) needs") !=
        std::string::npos);
  CHECK(npy_error("trailing.npy", npy_bytes(f8, four + "x")).find("trailing data") != std::string::npos);
  // A header length past the end of the file, and a shape far larger than the file: refused
  // from the sizes, before any allocation.
  std::string long_header = npy_bytes(f8, four);
  long_header[8] = '\xff';
  long_header[9] = '\x7f';
  CHECK(npy_error("long_header.npy", long_header).find("runs past the end of the file") != std::string::npos);
  CHECK(npy_error("huge.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4000000000, 2), }", four))
            .find("truncated data") != std::string::npos);
  CHECK(npy_error("noshape.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, }", four))
            .find("no 'shape' entry") != std::string::npos);
}

TEST_CASE("array file: writes are atomic and refuse non-regular targets") {
  const auto dir = test::scratch_dir() / "a_directory.npy";
  std::filesystem::create_directories(dir);
  CHECK_THROWS_AS(write_array_file(dir.string(), MatrixD::Zero(1, 1)), IOError);
  CHECK(std::filesystem::is_directory(dir));
}
