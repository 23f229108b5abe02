"""The `sbi` package's trainers on the engine: NPE, NLE, NRE (A and C) and ACE.

    inf = NPE(prior, estimator="nsf")
    inf.append_simulations(theta, x).train()
    posterior = inf.build_posterior()
    inf.save("m.sbi")          # the `sbi` program's model files (`sbi sample --model m.sbi`)

Seeds follow `sbi train --seed S`: the network is seeded with derive_seed(S, 3) and training
with derive_seed(S, 4), so the same simulations give the same weights in Python and the CLI.
Training and sampling run without the GIL; progress prints to stderr unless progress=False.
"""
import warnings

import numpy as np

from . import _sbipp
from ._arrays import matrix
from .posterior import Posterior
from .progress import EpochPrinter


class _Trainer:
    _kind = ""
    # sbi's training defaults (ACE overrides them with the ACE paper's).
    _defaults = dict(training_batch_size=200, learning_rate=5e-4, validation_fraction=0.1,
                     stop_after_epochs=20, max_num_epochs=2**30, clip_max_norm=5.0)

    def __init__(self, prior, seed=0, progress=True, embedding=None):
        self.prior = prior
        self.embedding = embedding_spec(embedding)
        self.seed = int(seed)
        self.progress = progress
        self.x_dim = None
        self.summary = None  # the last training record (epochs, losses, seconds)
        self._handle = None

    def _make_handle(self, x_dim):
        raise NotImplementedError

    def append_simulations(self, theta, x, exclude_invalid_x=True):
        """Stores (θ, x) pairs; rows whose x holds NaN or inf are dropped with a warning (as sbi
        does), unless exclude_invalid_x=False, which refuses them."""
        theta = self.prior.check_theta(theta)
        x = matrix(x, "x", self.x_dim, " (the x dimension of the earlier simulations)", finite=not exclude_invalid_x)
        if x.shape[0] != theta.shape[0]:
            raise ValueError(f"theta has {theta.shape[0]} rows but x has {x.shape[0]}")
        if self._handle is None:
            self._handle = self._make_handle(x)
            self.x_dim = x.shape[1]
        dropped = self._handle.append_simulations(theta, x)
        if dropped:
            warnings.warn(f"{self._kind}: dropped {dropped} of {x.shape[0]} simulations whose x is not finite")
        return self

    def train(self, progress=None, **settings):
        """Trains with sbi's defaults; keyword arguments as sbi's train(): training_batch_size,
        learning_rate, validation_fraction, stop_after_epochs, max_num_epochs, clip_max_norm."""
        if self._handle is None:
            raise ValueError(f"{self._kind}: no simulations; call append_simulations(theta, x) first")
        t = train_settings(settings, self._defaults, "train(): ")
        t.seed = _sbipp.derive_seed(self.seed, 4)
        show = self.progress if progress is None else progress
        printer = EpochPrinter(self._kind) if show else None
        t.on_epoch = printer
        self.summary = self._handle.train(t)
        if printer:
            printer.finish(self.summary)
        return self

    def _posterior_handle(self, x_o):
        raise NotImplementedError

    def build_posterior(self, x=None):
        """The posterior for any observation: pass x to sample/log_prob, or set it here."""
        if self._handle is None:
            raise ValueError(f"{self._kind}: train() (or sbipp.load) before build_posterior()")
        return Posterior(self._posterior_handle, self.prior, self.x_dim, self._kind, default_x=x)

    def save(self, path):
        """Writes the trained model as the `sbi` program's model file (with the prior's tag)."""
        if self._handle is None:
            raise ValueError(f"{self._kind}: nothing to save; train() first")
        self._handle.save(str(path), model_tag(self.prior))


def train_settings(settings, defaults, where=""):
    """The engine's TrainJobSettings from sbi's keywords (training_batch_size, learning_rate,
    validation_fraction, stop_after_epochs, max_num_epochs, clip_max_norm) over `defaults`;
    TypeError naming unknown ones."""
    unknown = set(settings) - set(defaults)
    if unknown:
        raise TypeError(f"{where}unknown settings {sorted(unknown)} (known: {sorted(defaults)})")
    s = {**defaults, **settings}
    t = _sbipp.TrainJobSettings()
    t.batch_size, t.learning_rate = int(s["training_batch_size"]), float(s["learning_rate"])
    t.validation_fraction, t.patience = float(s["validation_fraction"]), int(s["stop_after_epochs"])
    t.max_epochs, t.clip_norm = int(s["max_num_epochs"]), float(s["clip_max_norm"])
    return t


def embedding_spec(embedding):
    """The embedding argument as the engine's spec text: None or "none" (no embedding), or
    "fc|deepset|conv1d|gru[:key=value...]" as the CLI's --embedding (nn/embedding_spec.hpp),
    e.g. "gru:hidden=32:out=8". TypeError / ValueError naming the argument otherwise."""
    if embedding is None:
        return "none"
    if not isinstance(embedding, str):
        raise TypeError(f"embedding: expected a string such as 'gru:hidden=32' or None, got {type(embedding).__name__}")
    try:
        return _sbipp.embedding_spec(embedding)
    except ValueError as e:
        raise ValueError(f"embedding: {e}") from None


def model_tag(prior):
    """What a model file records about its prior: a task's name, or the prior as a prior file
    (simulators/model_tag.hpp), so `sbi sample` and sbipp.load rebuild it."""
    if prior.tag:
        return prior.tag
    return _sbipp.prior_model_tag(prior.json) if prior.json else ""


def _mcmc(sampler, num_chains, warmup_steps, thin):
    m = _sbipp.McmcSettings()
    m.sampler, m.num_chains, m.warmup_steps, m.thin = sampler, int(num_chains), int(warmup_steps), int(thin)
    return m


def _theta_space(name):
    space = getattr(_sbipp.ThetaSpace, name, None) if isinstance(name, str) else None
    if space is None:
        raise ValueError(f"theta_space: expected 'constrained' or 'unconstrained', got {name!r}")
    return space


class NPE(_Trainer):
    """Neural posterior estimation: estimator maf | nsf | nsf_ar | mdn (sizes may follow, e.g.
    "nsf:blocks=4"); theta_space="unconstrained" models θ in the prior's logit/log space;
    embedding="gru:hidden=32" (fc | deepset | conv1d | gru) learns summary statistics of x."""
    _kind = "npe"

    def __init__(self, prior, estimator="maf", theta_space="constrained", seed=0, progress=True, embedding=None):
        super().__init__(prior, seed, progress, embedding)
        self.estimator = estimator
        self.theta_space = _theta_space(theta_space)

    def _make_handle(self, x):
        return _sbipp.Npe(self.prior._handle, self.estimator, _sbipp.derive_seed(self.seed, 3), self.theta_space,
                           self.embedding)

    def _posterior_handle(self, x_o):
        return self._handle.posterior(x_o, _sbipp.McmcSettings())


class _McmcTrainer(_Trainer):
    def __init__(self, prior, seed, progress, mcmc_method, num_chains, warmup_steps, thin, embedding=None):
        super().__init__(prior, seed, progress, embedding)
        self.mcmc = _mcmc(mcmc_method, num_chains, warmup_steps, thin)

    def _posterior_handle(self, x_o):
        return self._handle.posterior(x_o, self.mcmc)


class NLE(_McmcTrainer):
    """Neural likelihood estimation; the posterior is sampled by MCMC (slice by default). An
    embedding here embeds θ, the flow's condition (as sbi's likelihood_nn): NLE models x itself.
    theta_space="unconstrained" conditions the flow on θ in the prior's logit/log space (sbibm's
    automatic transforms)."""
    _kind = "nle"

    def __init__(self, prior, estimator="maf", seed=0, progress=True, mcmc_method="slice", num_chains=100,
                 warmup_steps=50, thin=10, embedding=None, theta_space="constrained"):
        super().__init__(prior, seed, progress, mcmc_method, num_chains, warmup_steps, thin, embedding)
        self.estimator = estimator
        self.theta_space = _theta_space(theta_space)

    def _make_handle(self, x):
        return _sbipp.Nle(self.prior._handle, self.estimator, _sbipp.derive_seed(self.seed, 3), self.embedding,
                          self.theta_space)


class NRE(_McmcTrainer):
    """Neural ratio estimation: variant "A" (AALR), "B" (SRE, sbi's default NRE: num_atoms θ per x
    in a softmax) or "C" (contrastive, num_classes, gamma). theta_space="unconstrained" gives the
    classifier θ in the prior's logit/log space (sbibm's automatic transforms)."""
    _kind = "nre"

    def __init__(self, prior, variant="A", hidden_features=50, num_blocks=2, num_classes=5, gamma=1.0, seed=0,
                 progress=True, mcmc_method="slice", num_chains=100, warmup_steps=50, thin=10, embedding=None,
                 num_atoms=10, theta_space="constrained"):
        super().__init__(prior, seed, progress, mcmc_method, num_chains, warmup_steps, thin, embedding)
        self.theta_space = _theta_space(theta_space)
        if variant not in ("A", "B", "C"):
            raise ValueError(f"variant: expected 'A', 'B' or 'C', got {variant!r}")
        self.variant = getattr(_sbipp.NreVariant, variant)
        self.sizes = (int(hidden_features), int(num_blocks), int(num_atoms), int(num_classes), float(gamma))

    def _make_handle(self, x):
        hidden, blocks, atoms, classes, gamma = self.sizes
        return _sbipp.Nre(self.prior._handle, self.variant, hidden, blocks, atoms, classes, gamma,
                          _sbipp.derive_seed(self.seed, 3), self.embedding, self.theta_space)


class ACE(_McmcTrainer):
    """Amortized cost estimation for generalized Bayesian inference (Gao et al. 2023): learns
    the expected distance ĉ(θ, x_o); build_posterior(beta=...) gives exp(-β·ĉ(θ, x_o))·p(θ).
    distance: "mse" or "mae_zscored" (scaled by the simulations' standard deviations)."""
    _kind = "ace"
    _defaults = dict(_Trainer._defaults, training_batch_size=500, learning_rate=1e-3,
                     stop_after_epochs=100, max_num_epochs=1000)

    def __init__(self, prior, distance="mse", hidden_features=64, num_blocks=3, targets_per_theta=2, seed=0,
                 progress=True, mcmc_method="slice", num_chains=100, warmup_steps=50, thin=10, embedding=None):
        super().__init__(prior, seed, progress, mcmc_method, num_chains, warmup_steps, thin, embedding)
        if distance not in ("mse", "mae_zscored"):
            raise ValueError(f"distance: expected 'mse' or 'mae_zscored', got {distance!r}")
        self.distance = distance
        self.sizes = (int(hidden_features), int(num_blocks), int(targets_per_theta))
        self.beta = 1.0

    def _make_handle(self, x):
        scales = np.empty(0)
        if self.distance == "mae_zscored":
            finite = x[np.isfinite(x).all(axis=1)]
            scales = np.ascontiguousarray(np.maximum(finite.std(axis=0), 1e-12))
        hidden, blocks, targets = self.sizes
        return _sbipp.Ace(self.prior._handle, self.distance, scales, hidden, blocks, targets,
                          _sbipp.derive_seed(self.seed, 3), self.embedding)

    def build_posterior(self, x=None, beta=1.0):
        if not beta > 0:
            raise ValueError(f"beta must be positive, got {beta}")
        self.beta = float(beta)
        beta_now = self.beta
        if self._handle is None:
            raise ValueError("ace: train() (or sbipp.load) before build_posterior()")
        build = lambda x_o: self._handle.posterior(x_o, beta_now, self.mcmc)  # noqa: E731
        return Posterior(build, self.prior, self.x_dim, "ace", default_x=x)
