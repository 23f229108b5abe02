// Fuzz target: prior files (simulators/prior_file.hpp), parsed, then sampled and evaluated so
// that every accepted file also builds a working prior.
#include "fuzz_file.hpp"
#include "simulators/prior_file.hpp"

SBI_FUZZ_FILE_TARGET("json", [](const std::string& path) {
  const sbi::sim::PriorFile prior = sbi::sim::read_prior_file(path);
  const sbi::MatrixD theta = prior.prior->sample(4, 1);
  (void)prior.prior->log_prob(theta);
  (void)sbi::sim::parse_prior_json(prior.json);  // the canonical text parses again
})
