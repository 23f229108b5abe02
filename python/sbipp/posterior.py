"""Posteriors as the `sbi` package offers them: sample(n, x=x_o), log_prob(theta, x=x_o),
map(x=x_o), set_default_x; plus to_dict(), the last draws in ArviZ's from_dict layout:

    {"posterior": {name: array (chain, draw)}, "sample_stats": {stat: array (chain, draw)},
     "observed_data": {"x": x_o}}

so that ``arviz.from_dict(**posterior.to_dict())`` builds an InferenceData (ArviZ 1.x:
``from_dict(posterior.to_dict())``). posterior.last_sample_info holds what the groups cannot:
the method, the sampler, divergences and density calls. MCMC posteriors
(NLE, NRE, ACE) return their draws interleaved across chains (draw t of chain c is row
t·chains + c), which to_dict regroups by chain; direct samplers (NPE, SMC-ABC) are one chain."""
import numpy as np

from ._arrays import count, matrix, vector


class Posterior:
    def __init__(self, build, prior, x_dim, method, default_x=None):
        self._build = build  # x_o (1-D array) -> engine posterior handle
        self.prior = prior
        self.x_dim = x_dim
        self.method = method
        self._cache = {}
        self.default_x = None
        self._last = None
        self.last_sample_info = {}
        if default_x is not None:
            self.set_default_x(default_x)

    def set_default_x(self, x):
        self.default_x = self._check_x(x)
        return self

    def _check_x(self, x):
        return vector(x, "x", self.x_dim, " (the simulations' x dimension)")

    def _for(self, x):
        if x is None:
            if self.default_x is None:
                raise ValueError("no observation: pass x=... or call set_default_x(x_o) first")
            x = self.default_x
        else:
            x = self._check_x(x)
        key = x.tobytes()
        if key not in self._cache:
            self._cache = {key: (x, self._build(x))}  # keep the latest observation's posterior
        return self._cache[key]

    def sample(self, sample_shape, x=None, seed=0):
        """Draws as an (n, dim) float64 array; the same seed gives the same draws."""
        x, handle = self._for(x)
        draws = handle.sample(count(sample_shape, "sample_shape"), int(seed))
        stats = handle.mcmc_stats()
        self._last = (draws, x, stats, handle.describe())
        self.last_sample_info = {"method": self.method, "description": handle.describe()}
        if stats is not None:
            self.last_sample_info.update(sampler=stats["sampler"], chains=int(stats["num_chains"]),
                                         divergences=int(stats["divergences"].sum()),
                                         density_calls=int(stats["density_calls"]))
        return draws

    def log_prob(self, theta, x=None):
        """log p(θ | x) per row (up to a constant unless the method is normalised: NPE)."""
        _, handle = self._for(x)
        if not handle.has_log_prob:
            raise ValueError(f"{handle.describe()} has no density (sample it instead)")
        return handle.log_prob(self.prior.check_theta(theta))

    def map(self, x=None, num_candidates=1000, seed=0):
        """The highest-density draw among num_candidates posterior draws."""
        _, handle = self._for(x)
        return handle.map(int(seed), count(num_candidates, "num_candidates"))

    def to_dict(self):
        """The last sample() call's draws in ArviZ's from_dict layout (see the module doc)."""
        if self._last is None:
            raise ValueError("to_dict: call sample() first; it converts the last draws")
        draws, x, stats, description = self._last
        chains = 1 if stats is None else int(stats["num_chains"])
        per_chain = draws.shape[0] // chains
        grouped = draws[: per_chain * chains].reshape(per_chain, chains, -1).transpose(1, 0, 2)
        out = {"posterior": {name: np.ascontiguousarray(grouped[:, :, i]) for i, name in enumerate(self.prior.names)},
               "observed_data": {"x": np.array(x)}}
        if stats is not None:
            out["sample_stats"] = _sample_stats(stats, chains, per_chain)
        return out


def _sample_stats(stats, chains, draws):
    """Per-chain statistics repeated over the chain's draws ((chain, draw) arrays)."""
    out = {"acceptance_rate": np.repeat(stats["acceptance_rate"][:, None], draws, axis=1)}
    step = stats["step_size"]
    if step.shape[1] == 1:
        out["step_size"] = np.repeat(step, draws, axis=1)
    else:  # slice sampling: one width per parameter
        out["step_size"] = np.repeat(step[:, None, :], draws, axis=1)
    return out
