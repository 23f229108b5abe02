// The sample-set metrics of `sbi metrics` on files: A (the reference) against B (the
// approximation), both CSV with a header row: C2ST accuracy (0.5 = indistinguishable), the
// unbiased MMD² with the median-heuristic bandwidth of A as sbibm computes them, the NRMSE of
// the posterior mean or sbibm's signed posterior-mean error (diagnostics/point_metrics.hpp);
// and NLTP = -log q(θ* | x_o) under a saved NPE model (only NPE has a normalised density).
#pragma once
#include <string>

#include "diagnostics/c2st.hpp"

namespace sbi::pipelines {

enum class SampleMetric { c2st, mmd, nrmse, pme };

// SampleMetric from "c2st", "mmd", "nrmse" or "pme"; false for another name.
bool parse_sample_metric(const std::string& name, SampleMetric& metric);

// The metric of the two files' samples; ValueError naming the file, row and column of a value
// the metric cannot square (beyond 1e150) or of a set with fewer than 2 rows, and when the
// result is not finite.
double sample_metric(SampleMetric metric, const std::string& a_file, const std::string& b_file,
                     const diagnostics::C2stSettings& c2st);

// -log q(θ* | x_o): θ* the first row of truth_file, x_o the first row of obs_file, q the NPE
// posterior of `model` (ValueError for another kind of model).
double nltp_from_model(const std::string& model, const std::string& truth_file, const std::string& obs_file);

}  // namespace sbi::pipelines
