// Loader for the sbibm reference-data layout (any root directory):
//   <root>/<task>/num_observation_<k>/observation.csv           (header, 1 row)
//   <root>/<task>/num_observation_<k>/true_parameters.csv       (header, 1 row)
//   <root>/<task>/num_observation_<k>/reference_posterior_samples.csv (header, e.g. 10,000 rows)
// and header-less numeric CSVs such as bernoulli_glm/design_matrix.csv.
#pragma once
#include <string>

#include "core/tensor.hpp"

namespace sbi::sim {

struct SbibmObservation {
  RowVectorD observation;
  RowVectorD true_parameters;
  MatrixD reference_samples;   // empty when the file is absent
  bool has_reference = false;
  std::string directory;
};

// Throws IOError naming the missing file or directory.
SbibmObservation load_sbibm_observation(const std::string& root, const std::string& task, int num_observation);
// Same, from the num_observation_<k> directory itself.
SbibmObservation load_sbibm_observation_dir(const std::string& directory);

// A numeric CSV without a header row (comma-separated, every row the same width).
MatrixD read_headerless_csv(const std::string& path);

}  // namespace sbi::sim
