// The busy simulator of busy_simulator.hpp as an external-simulator program:
//   busy_simulator [STEPS]  (default 300000)
// reads "seed,θ1,θ2" lines from stdin and prints one "x1,x2" line per row, as the protocol of
// external/external_protocol.hpp asks. Built by CMake; `sbi bench external_simulator` runs it
// against the same function built in.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "examples/simulators/busy_simulator.hpp"

int main(int argc, char** argv) {
  const long steps = argc > 1 ? std::atol(argv[1]) : 300000;
  char line[4096];
  while (std::fgets(line, sizeof line, stdin)) {
    char* p = line;
    const unsigned long long seed = std::strtoull(p, &p, 10);
    double theta[2] = {0, 0};
    for (double& t : theta) {
      if (*p != ',') return 2;
      t = std::strtod(p + 1, &p);
    }
    double x[2];
    sbi::examples::busy_simulate(theta, x, seed, steps);
    std::printf("%.17g,%.17g\n", x[0], x[1]);
  }
  return 0;
}
