"""Multi-round inference for one observation (sequential/sequential.hpp) and restriction of
invalid simulations (sequential/restriction.hpp), with any Python simulator.

    posterior = sbipp.run_sequential(prior, simulator, x_o, method="snpe-c", num_simulations=2000,
                                     rounds=4, seed=0)
    samples = posterior.sample(1000, seed=1)

    restriction = sbipp.RestrictionEstimator(prior, rule="x0>=1")   # or rule=callable(x) -> bools
    restriction.append_simulations(theta, x).train()
    restricted = restriction.restrict_prior()     # a Prior: NPE / NLE / NRE / run_sequential take it

The simulator is fn(theta) -> x or fn(theta, seed) -> x (as SMCABC); the engine calls it once
per round, re-acquiring the GIL. Seeds are those of the engine: the same seed gives the same
rounds, weights and draws, for any thread count."""
import numbers

import numpy as np

from . import _sbipp
from ._arrays import count, matrix, vector
from .abc import _batch_simulator
from .inference import _mcmc, _theta_space, _Trainer, embedding_spec, model_tag, train_settings
from .posterior import Posterior
from .priors import Prior

METHODS = ("snpe-a", "snpe-b", "snpe-c", "snle", "snre", "snre-b", "snre-c")


def _int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name}: expected an integer >= {minimum}, got {value!r}")
    return int(value)


def _prior(prior, name="prior"):
    if not isinstance(prior, Prior):
        raise TypeError(f"{name}: expected an sbipp prior (sbipp.BoxUniform, Normal, ...), got {type(prior).__name__}")
    return prior


def run_sequential(prior, simulator, x_o, method="snpe-c", num_simulations=1000, rounds=10, estimator=None,
                   atoms=10, seed=0, theta_space="constrained", mcmc_method="slice", num_chains=100,
                   warmup_steps=50, thin=10, chain_start="sir", embedding=None, restriction=None, **training):
    """Runs a multi-round method for x_o and returns its posterior (for x_o only).

    method: snpe-a (MDN, analytic correction), snpe-b (importance weights), snpe-c (APT, atomic
    loss with `atoms` atoms), snle, snre (NRE-A), snre-b (NRE-B with `atoms` atoms: sbibm's
    SNRE), snre-c. num_simulations is split evenly over
    `rounds` (remainder to the last). estimator: maf | nsf | nsf_ar | mdn with sizes after ':'
    (default mdn for snpe-a, maf otherwise; unused by snre). SNLE/SNRE posteriors are MCMC
    (mcmc_method, num_chains, warmup_steps, thin; chain_start="latest": the proposals of round 4
    on and the final draws start their chains where the previous sampling's ended, sbi's
    "latest_sample" as sbibm). theta_space="unconstrained": the networks model
    (snpe-b, snpe-c) or are conditioned on (snle, snre*) θ in the prior's logit/log space (sbibm
    runs SNLE and SNRE so). Training keywords as NPE.train(). The returned
    posterior's .info holds the per-round records and all rounds' (theta, x); posterior.save(path)
    writes the last round's network as a model file (with the restriction's classifier, so that
    loading it samples under the restricted prior).

    embedding: an embedding net of x trained with the estimator over all rounds (snle: of θ), as
    NPE(embedding=...), e.g. "gru:hidden=32:out=8". restriction: None, a validity rule text
    ("finite", "x0>=1,x3<0"), a callable x -> one bool per row (True: valid; called once per
    round with that round's simulations; non-finite rows are invalid anyway) or a
    RestrictionEstimator (its rule and classifier settings):
    round 1's simulations train the classifier, and later rounds draw from the posterior
    restricted to the θ it predicts valid (not with snpe-a; rounds >= 2). Invalid simulations are
    counted per round (info["rounds"][r]["dropped"]) and never trained on."""
    prior = _prior(prior)
    if not callable(simulator):
        raise TypeError(f"simulator: expected a callable fn(theta) or fn(theta, seed), got {type(simulator).__name__}")
    x_o = vector(x_o, "x_o")
    if not isinstance(method, str) or method not in METHODS:
        raise ValueError(f"method: expected one of {', '.join(METHODS)}, got {method!r}")
    budget = count(num_simulations, "num_simulations")
    rounds = _int(rounds, "rounds", 1)
    if rounds > budget:
        raise ValueError(f"rounds: {rounds} rounds need at least as many simulations, got num_simulations={budget}")
    if estimator is None:
        estimator = "mdn" if method == "snpe-a" else "maf"
    if not isinstance(estimator, str):
        raise TypeError(f"estimator: expected a string such as 'maf' or 'nsf:blocks=4', got {type(estimator).__name__}")
    space = _theta_space(theta_space)
    args = _sbipp.SequentialArgs()
    args.method, args.estimator, args.theta_space = method, estimator, space
    args.rounds, args.num_atoms, args.seed = rounds, _int(atoms, "atoms", 2), _int(seed, "seed", 0)
    args.embedding = embedding_spec(embedding)
    _set_restriction(args, restriction)
    t = train_settings(training, _Trainer._defaults, "run_sequential(): ")
    mcmc = _mcmc(mcmc_method, _int(num_chains, "num_chains", 1), _int(warmup_steps, "warmup_steps", 0),
                 _int(thin, "thin", 1))
    mcmc.chain_start = chain_start  # ValueError naming chain_start unless "sir" or "latest"
    info = {}
    handle = _sbipp.run_sequential(prior._handle, _batch_simulator(simulator, x_o.shape[0]), x_o, budget, args, t,
                                   mcmc, info)

    def for_observation(x):
        if not np.array_equal(x, x_o):
            raise ValueError("a sequential posterior is trained for the observation it was run for; "
                             "run_sequential() again for another x")
        return handle

    save_model = info.pop("save_model")
    posterior = Posterior(for_observation, prior, x_o.shape[0], info["method"], default_x=x_o)
    posterior.info = info
    # The last round's network as the `sbi` program's model file (npe, nle or nre; sbipp.load
    # reads it back as NPE / NLE / NRE, amortized: any x, not only x_o).
    posterior.save = lambda path: save_model(str(path), model_tag(prior))
    return posterior


def _rule_text(rule, name):
    """The engine's text form of a validity rule; ValueError naming the argument."""
    try:
        return _sbipp.validity_rule_str(rule)
    except ValueError as e:
        raise ValueError(f"{name}: {e}") from None


def _set_restriction(args, restriction):
    """run_sequential's restriction argument onto the engine's SequentialArgs."""
    if restriction is None:
        return
    if isinstance(restriction, RestrictionEstimator):
        args.restriction = restriction.settings
        restriction = restriction.rule
    if isinstance(restriction, str):
        args.restriction_rule = _rule_text(restriction, "restriction")
    elif callable(restriction):
        args.restriction_rule, args.restriction_test = "finite", restriction
    else:
        raise TypeError("restriction: expected None, a rule text such as 'x0>=1', a callable x -> one bool per "
                        f"row, or a RestrictionEstimator, got {type(restriction).__name__}")


class RestrictionEstimator:
    """Learns which θ give invalid simulations and restricts the prior to the others (as sbi's
    RestrictionEstimator). rule: "finite" (NaN/inf x are invalid; always so), the engine's
    column bounds such as "x0>=1,x3<0" (sequential/validity_rule.hpp), or a Python callable
    x -> one bool per row (True: valid). The classifier is an MLP (hidden_features × num_layers);
    its threshold keeps at most allowed_false_negatives of the valid training θ out."""

    _defaults = _Trainer._defaults

    def __init__(self, prior, rule="finite", hidden_features=50, num_layers=2, allowed_false_negatives=0.0,
                 probability_threshold=0.0, min_acceptance=1e-3, calibration_draws=10000, seed=0):
        self.prior = _prior(prior)
        if callable(rule):
            self.rule = rule
        elif isinstance(rule, str):
            self.rule = _rule_text(rule, "rule")
        else:
            raise TypeError("rule: expected a string such as 'x0>=1' or a callable x -> bools, "
                            f"got {type(rule).__name__}")
        if not 0.0 <= allowed_false_negatives < 1.0:
            raise ValueError(f"allowed_false_negatives: expected a fraction in [0, 1), got {allowed_false_negatives!r}")
        if not 0.0 <= probability_threshold < 1.0:
            raise ValueError(f"probability_threshold: expected a probability in [0, 1), got {probability_threshold!r}")
        o = _sbipp.RestrictionSettings()
        o.hidden, o.layers = _int(hidden_features, "hidden_features", 1), _int(num_layers, "num_layers", 1)
        o.allowed_false_negatives = float(allowed_false_negatives)
        o.probability_threshold = float(probability_threshold)
        o.min_acceptance, o.calibration_draws = float(min_acceptance), _int(calibration_draws, "calibration_draws", 1)
        o.seed = _int(seed, "seed", 0)
        self.settings = o
        self._theta, self._valid = [], []
        self._classifier = None

    def valid(self, x):
        """The rule's flag per row of x (a bool array); non-finite rows are always invalid."""
        x = matrix(x, "x", finite=False)
        finite = np.isfinite(x).all(axis=1)
        if isinstance(self.rule, str):
            return np.asarray(_sbipp.validity_rows(self.rule, x), dtype=bool)
        flags = np.asarray(self.rule(x))
        if flags.shape != (x.shape[0],):
            raise ValueError(f"rule: the callable returned shape {flags.shape} for {x.shape[0]} rows; "
                             "expected one flag per row")
        return flags.astype(bool) & finite

    def append_simulations(self, theta, x):
        theta = self.prior.check_theta(theta)
        x = matrix(x, "x", finite=False)
        if x.shape[0] != theta.shape[0]:
            raise ValueError(f"theta has {theta.shape[0]} rows but x has {x.shape[0]}")
        self._theta.append(theta)
        self._valid.append(self.valid(x))
        return self

    def train(self, **settings):
        """Fits the classifier on all appended (θ, valid); training keywords as NPE.train()."""
        if not self._theta:
            raise ValueError("restriction: no simulations; call append_simulations(theta, x) first")
        theta = np.ascontiguousarray(np.concatenate(self._theta))
        valid = np.concatenate(self._valid)
        t = train_settings(settings, self._defaults, "train(): ")
        self._classifier = _sbipp.RestrictionClassifier.fit(theta, valid.tolist(), self.settings, t)
        return self

    def _fitted(self):
        if self._classifier is None:
            raise ValueError("restriction: train() first")
        return self._classifier

    def probability_valid(self, theta):
        """c(θ) per row: the classifier's probability that θ simulates validly."""
        return self._fitted().probability_valid(self.prior.check_theta(theta))

    def accepts(self, theta):
        c = self._fitted()
        return c.probability_valid(self.prior.check_theta(theta)) >= c.threshold

    def restrict_prior(self):
        """The restricted prior p(θ)·1[c(θ) ≥ τ]/A as an sbipp Prior (its .acceptance_rate is A).
        ValueError when it would accept less than min_acceptance of the prior."""
        handle, acceptance = self._fitted().restricted_prior(self.prior._handle, self.settings)
        restricted = Prior(handle, self.prior.names)
        restricted.acceptance_rate = acceptance
        return restricted
