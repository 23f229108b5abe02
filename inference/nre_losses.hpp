// The classification losses of neural ratio estimation, on the tape, plus plain double
// references for the tests. A classifier logit d(θ, x) estimates log r(θ, x) = log p(x|θ)/p(x).
//
// Pairing (contrastive_partners): for the n rows of a minibatch, row i's "other" θ are
// drawn from the minibatch's other rows (without replacement when the minibatch has enough rows,
// with replacement otherwise), so they are θ drawn from the marginal, independent of x_i.
//
// NRE-A / AALR (Hermans et al. 2020), logits laid out as [shuffled (n) | joint (n)] (the
// K = 1 case of the block layout below):
//   L = ½·mean_i softplus(−d(θ_i, x_i)) + ½·mean_i softplus(d(θ_π(i), x_i))
// (binary cross-entropy: label 1 for joint pairs, 0 for shuffled ones).
//
// NRE-C (Miller, Weniger & Forré 2022), K θ per x, γ = K·p_K/p_0 the odds of the dependent
// classes. Classes y = 0 (all K θ independent of x) and y = k (θ_k generated x), with
//   q(y=0 | Θ, x) = 1 / (1 + (γ/K)·Σ_j r(θ_j, x)),  q(y=k | Θ, x) = (γ/K)·r(θ_k, x)·q(y=0 | Θ, x).
// Logits laid out in K+1 blocks of n rows: block k < K holds d(θ_{o_k(i)}, x_i) for the other θ
// o_0..o_{K-1} of row i, block K holds d(θ_i, x_i). The independent set is Θ⁰ = {o_0..o_{K-1}},
// the dependent set Θ¹ = {o_0..o_{K-2}, θ_i} with the true θ in the last slot, and
//   L = −[p_0·mean_i log q(y=0 | Θ⁰_i, x_i) + p_K·K·mean_i log q(y=K | Θ¹_i, x_i)],
//   p_0 = 1/(1+γ), K·p_K = γ/(1+γ).
// NRE-B / SRE (Durkan, Murray & Papamakarios 2020; sbi's SNRE_B), K atoms per x: the true θ_i
// and K − 1 others, logits in K blocks of n rows (blocks k < K−1: d(θ_{o_k(i)}, x_i), block
// K−1: d(θ_i, x_i)); the classifier names which atom generated x:
//   L = mean_i [logsumexp_k d_k(i) − d_{K−1}(i)].
// Its optimum is d = log r(θ, x) + c(x): the ratio up to a factor of x alone, which MCMC at a
// fixed x_o never sees.
// All three losses are means over the minibatch rows (so the trainer's chunking stays exact).
#pragma once
#include <cstdint>
#include <vector>

#include "core/rng.hpp"
#include "core/tape.hpp"

namespace sbi::inference {

// others[k·n + i] = the row (within 0..n-1) of the k-th other θ of row i, never i itself
// (n ≥ 2 required; with n ≤ count, drawn with replacement).
std::vector<std::int64_t> contrastive_partners(Index n, Index count, Rng& rng);
// The same into `out` (resized; no heap allocation once it has held n·count entries).
void contrastive_partners_into(Index n, Index count, Rng& rng, std::vector<std::int64_t>& out);

// logits: 2n×1 as above ([shuffled | joint]) → 1×1.
ad::Var nre_a_loss(ad::Tape& tape, ad::Var logits, Index n);
// logits: K·n×1 as above (K = num_atoms ≥ 2) → 1×1.
ad::Var nre_b_loss(ad::Tape& tape, ad::Var logits, Index n, Index num_atoms);
// logits: (K+1)·n×1 as above → 1×1.
ad::Var nre_c_loss(ad::Tape& tape, ad::Var logits, Index n, Index num_classes, double gamma);

// Plain references: column k of logits holds block k (n×2 for A: shuffled, joint; n×K for B,
// the true θ last; n×(K+1) for C).
double nre_a_loss_reference(const MatrixD& logits);
double nre_b_loss_reference(const MatrixD& logits);
double nre_c_loss_reference(const MatrixD& logits, double gamma);

}  // namespace sbi::inference
