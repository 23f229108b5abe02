// Shared by the course programs (examples/course/): the two flags every program takes and a
// tally of checks, so that a program exits non-zero as soon as one of its results is wrong.
//   --fast   a smaller, quicker run (what CTest runs)
//   --check  also run the lesson's exercise check
#pragma once
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace course {

struct Args {
  bool fast = false;
  bool check = false;
};

inline Args parse_args(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--fast") == 0) {
      args.fast = true;
    } else if (std::strcmp(argv[i], "--check") == 0) {
      args.check = true;
    } else {
      std::fprintf(stderr, "usage: %s [--fast] [--check]\n  unknown argument '%s'\n", argv[0], argv[i]);
      std::exit(2);
    }
  }
  return args;
}

// Prints one line per check ("PASS"/"FAIL", what was checked) and counts the failures.
class Checks {
 public:
  bool expect(bool ok, const std::string& what) {
    std::printf("  [%s] %s\n", ok ? "PASS" : "FAIL", what.c_str());
    if (!ok) ++failures_;
    return ok;
  }
  // 0 when every check passed, 1 otherwise (the program's exit status).
  int exit_code() const {
    std::printf(failures_ == 0 ? "all checks passed\n" : "%d check(s) FAILED\n", failures_);
    return failures_ == 0 ? 0 : 1;
  }

 private:
  int failures_ = 0;
};

// "name = value (expected ..., tolerance ...)", for the check lines.
inline std::string describe(const char* name, double value, double expected, double tolerance) {
  char text[200];
  std::snprintf(text, sizeof text, "%s = %.4g (expected %.4g ± %.3g)", name, value, expected, tolerance);
  return text;
}

}  // namespace course
