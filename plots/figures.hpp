// The figures of a run folder, as SVG:
//  * pair plot: marginal histograms on the diagonal, 2-D histograms (density shading) off it,
//    with reference samples (outline) and the true θ (a red marker) overlaid where known;
//  * training curves: training and validation loss per epoch;
//  * cost landscape: the learned cost ĉ(θ, x_o) over θ for 1-D tasks (a line, with the exact
//    cost where known) and 2-D tasks (a heat map).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace sbi::plots {

struct PairPlotInput {
  MatrixD samples;
  std::optional<MatrixD> reference;
  std::optional<RowVectorD> truth;
  std::vector<std::string> names;
  std::string title;
  // Axis limits per dimension (rows: lo, hi); empty = from the data.
  MatrixD limits;
};
void pair_plot(const PairPlotInput& in, const std::string& path);

void training_curves(const std::vector<double>& train, const std::vector<double>& validation,
                     const std::string& title, const std::string& path);

// 1-D: grid (n×1) and cost (n) [and exact (n)]; 2-D: grid n×2 on a g×g lattice (row-major over
// the first coordinate), cost per grid point.
void cost_landscape(const MatrixD& grid, const VectorD& cost, const std::optional<VectorD>& exact,
                    const std::vector<std::string>& names, const std::string& title,
                    const std::string& path);

}  // namespace sbi::plots
