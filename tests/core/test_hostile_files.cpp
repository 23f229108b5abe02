// Hostile input and faults in core's file handling (issue 40): headers that ask for more than the
// file holds, empty tensors, folders given as files, echoed fields cut short, outputs that are
// inputs, run folders swapped in whole, and writes that fail on a full (16 KiB tmpfs) filesystem.
#include <doctest/doctest.h>

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>

#include "core/atomic_file.hpp"
#include "core/binary_io.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/input_file.hpp"
#include "core/output_folder.hpp"
#include "test_support.hpp"

using namespace sbi;
namespace fs = std::filesystem;

namespace {

std::string scratch(const std::string& name) { return (test::scratch_dir() / name).string(); }

// An array file whose header claims rows x cols float64 values but holds `values` of them; the
// checksum is valid, so only the size check can refuse it.
std::string array_with_header(const std::string& name, std::uint64_t rows, std::uint64_t cols, int values) {
  BinaryWriter w;
  w.u32(1);
  w.u32(2);
  w.u64(rows);
  w.u64(cols);
  for (int k = 0; k < values; ++k) w.f64(k);
  const std::string path = scratch(name);
  w.save(path, "SBIARRAY");
  return path;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("an array header never makes the reader allocate more than the file holds") {
  // 1e6 x 1e5 doubles = 800 GB asked for by a 60-byte file with a valid checksum.
  const auto path = array_with_header("huge_header.sbiarray", 1000000, 100000, 3);
  const std::string message = error_of([&] { read_array(path); });
  CHECK(contains(message, "needs 800000000000 bytes but only 24 remain"));
  CHECK(contains(message, "huge_header.sbiarray"));
}

TEST_CASE("an array header whose rows x cols wraps around 64 bits is refused (found by fuzzing)") {
  // 0x29000000 x 2^40 wraps to 0 when multiplied; Eigen then threw std::bad_alloc.
  const auto path = array_with_header("wrapping_header.sbiarray", 0x29000000ULL, 1ULL << 40, 0);
  CHECK(contains(error_of([&] { read_array(path); }), "implausible matrix shape 687865856x1099511627776"));
}

TEST_CASE("an empty matrix round-trips through an array file") {
  const auto path = scratch("empty.sbiarray");
  write_array(path, MatrixD(0, 3));
  const MatrixD back = read_array(path);
  CHECK(back.rows() == 0);
  CHECK(back.cols() == 3);
}

TEST_CASE("a folder given as an input file is refused with its name") {
  const auto dir = scratch("a_folder.csv");
  fs::create_directories(dir);
  CHECK(contains(error_of([&] { read_csv(dir); }), "is a folder, not a file"));
  CHECK(contains(error_of([&] { read_array(dir); }), "is a folder, not a file"));
  CHECK(contains(error_of([&] { open_input_file(scratch("no_such_file.csv"), "CSV file"); }), "no such file"));
}

TEST_CASE("error messages echo at most a short excerpt of a field") {
  const std::string field(2'000'000, 'z');
  const std::string cut = excerpt(field);
  CHECK(cut.size() < 100);
  CHECK(contains(cut, "(2000000 characters)"));
  CHECK(excerpt(std::string("a\x01\xff", 3)) == "a\\x01\\xff");
  // well-formed UTF-8 (θ, −) is kept; a cut, overlong or surrogate sequence is escaped byte by byte
  CHECK(excerpt("\xce\xb8 \xe2\x88\x92") == "\xce\xb8 \xe2\x88\x92");
  CHECK(excerpt(std::string("\xe2\x88", 2)) == "\\xe2\\x88");
  CHECK(excerpt("\xc0\xaf") == "\\xc0\\xaf");
  CHECK(excerpt("\xed\xa0\x80") == "\\xed\\xa0\\x80");
  const auto path = scratch("long_field.csv");
  std::ofstream(path) << "a\n" << field << "\n";
  const std::string message = error_of([&] { read_csv(path); });
  CHECK(message.size() < 300);
  CHECK(contains(message, "is not a number"));
}

TEST_CASE("an output that names an input (same device and inode) is refused") {
  const auto input = scratch("input_file.csv");
  std::ofstream(input) << "a\n1\n";
  const auto link = scratch("input_link.csv");
  fs::remove(link);
  fs::create_hard_link(input, link);
  CHECK(contains(error_of([&] { check_output_not_input(link, {input}, "--out"); }),
                 "is also the input"));
  CHECK_NOTHROW(check_output_not_input(scratch("fresh_output.csv"), {input}));
}

TEST_CASE("a run folder is swapped in only after success: no stale files, failures keep the old one") {
  const auto target = scratch("run_folder");
  fs::remove_all(target);
  {
    StagedOutputFolder first(target);
    std::ofstream(first.path() + "/samples_a.csv") << "first\n";
    first.commit();
  }
  CHECK(fs::exists(target + "/samples_a.csv"));
  {
    StagedOutputFolder failing(target);
    std::ofstream(failing.path() + "/samples_b.csv") << "failing\n";
    // no commit: the run failed
  }
  CHECK(fs::exists(target + "/samples_a.csv"));
  CHECK_FALSE(fs::exists(target + "/samples_b.csv"));
  {
    StagedOutputFolder second(target);
    std::ofstream(second.path() + "/samples_c.csv") << "second\n";
    second.commit();
  }
  CHECK(fs::exists(target + "/samples_c.csv"));
  CHECK_FALSE(fs::exists(target + "/samples_a.csv"));  // the first run's file does not survive
  CHECK_FALSE(fs::exists(target + ".incomplete"));
  const auto file = scratch("not_a_folder");
  std::ofstream(file) << "x";
  CHECK(contains(error_of([&] { StagedOutputFolder f(file); }), "is not a folder"));
}

TEST_CASE("writes that fail on a full filesystem keep the earlier file and leave no temporary") {
  const auto dir = scratch("tiny_tmpfs");
  fs::create_directories(dir);
  ::umount(dir.c_str());
  if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=16k") != 0) {
    MESSAGE("SKIPPED: cannot mount a 16 KiB tmpfs at " << dir << " (" << std::strerror(errno)
                                                       << "); needs root");
    return;
  }
  const auto path = dir + "/out.csv";
  write_csv(path, MatrixD(MatrixD::Ones(2, 2)));
  const auto before = fs::file_size(path);
  const MatrixD big = MatrixD::Random(2000, 10);  // ~400 KB of text: cannot fit in 16 KiB
  CHECK(contains(error_of([&] { write_csv(path, big); }), "out.csv"));
  CHECK(fs::file_size(path) == before);
  CHECK(read_csv_matrix(path).rows() == 2);
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir)) entries += e.path().filename() != "out.csv";
  CHECK(entries == 0);  // no temporary file left behind
  ::umount(dir.c_str());
}
