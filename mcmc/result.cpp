// Storage and views of MCMC draws.
#include "mcmc/result.hpp"

#include "core/errors.hpp"

namespace sbi::mcmc {

void McmcResult::allocate(const std::string& name, Index chains, Index draws_per_chain, Index d) {
  sampler = name;
  num_chains = chains;
  num_draws = draws_per_chain;
  dim = d;
  draws.setZero(chains * draws_per_chain, d);
  acceptance_rate.setZero(chains);
  divergences.setZero(chains);
}

MatrixD McmcResult::chain(Index c) const {
  if (c < 0 || c >= num_chains)
    throw ValueError("McmcResult::chain: chain " + std::to_string(c) + " out of range [0, " +
                     std::to_string(num_chains) + ")");
  return draws.middleRows(c * num_draws, num_draws);
}

MatrixD McmcResult::flat(Index n) const {
  if (n < 0 || n > num_chains * num_draws)
    throw ValueError("McmcResult::flat: asked for " + std::to_string(n) + " draws, have " +
                     std::to_string(num_chains * num_draws));
  MatrixD out(n, dim);
  for (Index k = 0; k < n; ++k) out.row(k) = draw(k % num_chains, k / num_chains);
  return out;
}

MatrixD McmcResult::coordinate(Index d) const {
  if (d < 0 || d >= dim)
    throw ValueError("McmcResult::coordinate: dimension " + std::to_string(d) +
                     " out of range [0, " + std::to_string(dim) + ")");
  MatrixD out(num_chains, num_draws);
  for (Index c = 0; c < num_chains; ++c)
    for (Index t = 0; t < num_draws; ++t) out(c, t) = draw(c, t)[d];
  return out;
}

}  // namespace sbi::mcmc
