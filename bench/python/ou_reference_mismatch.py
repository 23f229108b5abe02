#!/usr/bin/env python3
"""How far is the OU posterior under the continuous-time transition density (the reference
sampler of the multifidelity-NPE paper's code) from the posterior under the Euler–Maruyama
chain that the simulator actually runs (our reference, `inference::reference_posterior`)?

Ornstein–Uhlenbeck (TASKS.md): x₀ ~ N(μ + 3, 1), dt = 0.1, γ = 0.5, x = the trace at steps 0,
10, ..., 90. Between two observed samples (10 steps, Δ = 1) the chain is Gaussian AR(1):
  Euler–Maruyama: mean μ + a¹⁰(x − μ), a = 1 − γ·dt; variance σ²·dt·Σ_{j<10} a^{2j};
  continuous:     mean μ + e^{−γΔ}(x − μ);           variance σ²(1 − e^{−2γΔ})/(2γ).
Both posteriors are sampled on a 1,200 × 1,200 grid over the prior box (uniform jitter inside
a cell) and compared with the `sbi` package's random-forest C2ST on 1,000 draws each; two draws
of the same posterior give the chance level for comparison.

usage: bench/python/ou_reference_mismatch.py [OBSERVATIONS]   (needs `pip install sbi`)
"""
import sys

import numpy as np
import torch
from sbi.utils.metrics import c2st

GAMMA, DT, STEPS, EVERY = 0.5, 0.1, 100, 10
A = 1 - GAMMA * DT
rng = np.random.default_rng(0)


def simulate(mu, sigma):
    x, trace = rng.normal(mu + 3, 1), []
    for k in range(STEPS):
        if k % EVERY == 0:
            trace.append(x)
        x = x + GAMMA * (mu - x) * DT + sigma * np.sqrt(DT) * rng.normal()
    return np.array(trace)


def log_likelihood(x_o, mu, sigma, euler_maruyama):
    if euler_maruyama:
        decay, variance = A**EVERY, sigma**2 * DT * sum(A ** (2 * j) for j in range(EVERY))
    else:
        span = EVERY * DT
        decay, variance = np.exp(-GAMMA * span), sigma**2 * (1 - np.exp(-2 * GAMMA * span)) / (2 * GAMMA)
    out = -0.5 * (x_o[0] - mu - 3) ** 2
    for k in range(1, len(x_o)):
        mean = mu + decay * (x_o[k - 1] - mu)
        out = out - 0.5 * (x_o[k] - mean) ** 2 / variance - 0.5 * np.log(variance)
    return out


MU, SIGMA = np.meshgrid(np.linspace(0.1, 3.0, 1200), np.linspace(0.1, 0.6, 1200), indexing="ij")
CELL = np.array([2.9 / 1199, 0.5 / 1199])


def sample(x_o, euler_maruyama, n=1000):
    log_p = log_likelihood(x_o, MU, SIGMA, euler_maruyama).ravel()
    p = np.exp(log_p - log_p.max())
    pick = rng.choice(p.size, size=n, p=p / p.sum())
    theta = np.stack([MU.ravel()[pick], SIGMA.ravel()[pick]], 1)
    return torch.tensor(theta + (rng.uniform(size=theta.shape) - 0.5) * CELL, dtype=torch.float32)


def main(observations):
    mismatch, chance = [], []
    for _ in range(observations):
        x_o = simulate(rng.uniform(0.1, 3.0), rng.uniform(0.1, 0.6))
        exact = sample(x_o, True)
        mismatch.append(float(c2st(sample(x_o, False), exact)))
        chance.append(float(c2st(sample(x_o, True), exact)))
    print(f"random-forest C2ST over {observations} observations: continuous against Euler-Maruyama "
          f"{np.mean(mismatch):.3f}, Euler-Maruyama against itself {np.mean(chance):.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
