// The tape-free counterparts of the flow layers (data → noise), used by FlowEvaluator:
// MADE-affine, MADE-spline, spline coupling (ResidualNet conditioner), LU-linear, permutation.
// Each is built once from the trained layer (weights copied, masks applied) and runs on the
// evaluator's padded row buffers (flows/dense_rows.hpp) without a tape or an allocation.
#pragma once
#include <memory>

#include "flows/flow_evaluator.hpp"
#include "flows/transform.hpp"

namespace sbi::flows {

// nullptr when `layer` is of a kind the evaluator does not cover.
std::unique_ptr<FastTransform> make_fast_transform(const Transform& layer);

}  // namespace sbi::flows
