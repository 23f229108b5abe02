// GPU rational-quadratic splines (see rq_spline_gpu.hpp).
#include "cuda/rq_spline_gpu.hpp"

#include <string>

#include "core/errors.hpp"
#include "cuda/buffer.hpp"
#include "cuda/kernels.hpp"

namespace sbi::cuda {

SplineResult rq_spline_gpu(const MatrixF& in, const MatrixF& params, const RqSplineShape& shape,
                           bool inverse, Stream& stream) {
  if (shape.bins < 1) throw ValueError("rq_spline_gpu: bins must be >= 1, got " + std::to_string(shape.bins));
  require_shape("rq_spline_gpu parameters", params, in.rows(), in.cols() * (3 * shape.bins - 1));
  SplineResult r{MatrixF(in.rows(), in.cols()), VectorF(in.rows())};
  if (in.size() == 0) return r;
  DeviceBuffer<float> d_in(std::size_t(in.size())), d_p(std::size_t(params.size())),
      d_out(std::size_t(in.size())), d_ld(std::size_t(in.rows()));
  d_in.upload(in.data(), std::size_t(in.size()));
  d_p.upload(params.data(), std::size_t(params.size()));
  kernels::rq_spline(d_in.data(), d_p.data(), d_out.data(), d_ld.data(),
                     static_cast<int>(in.rows()), static_cast<int>(in.cols()), shape, inverse,
                     stream.get());
  stream.synchronize();
  d_out.download(r.value.data(), std::size_t(in.size()));
  d_ld.download(r.logdet.data(), std::size_t(in.rows()));
  return r;
}

}  // namespace sbi::cuda
