#!/usr/bin/env python3
"""Restriction in the multi-round methods on Hodgkin–Huxley: wasted simulations with and without
`restriction="x0>=1"` (at least one spike; column 0 of hodgkin_huxley_lf_coarse is the spike
count), and the posterior's NLTP = −log q(θ* | x_o) at the true parameters.

Observations: the first --count of the engine's benchmark observations k whose x_o spikes (θ* with seed derive_seed(0, 1000 + k), x_o
with derive_seed(0, 2000 + k); pipelines/benchmark_observations.hpp). Without a restriction every
finite simulation is trained on, so its wasted rows are counted from the stored x (spike count
< 1); with one, the driver counts them (`dropped`) and never trains on them. Prints a markdown
table (bench/results/sequential_restriction_hh.md).

    PYTHONPATH=build/python scripts/hh_restriction_rounds.py --observations 1-20 --count 5
"""
import argparse

import numpy as np

import sbipp
from sbipp import _sbipp

TASK = "hodgkin_huxley_lf_coarse"
RULE = "x0>=1"


def observation(task, k):
    theta = task.prior.sample(1, seed=_sbipp.derive_seed(0, 1000 + k))
    return theta[0], task.simulate(theta, seed=_sbipp.derive_seed(0, 2000 + k))[0]


def wasted_per_round(posterior, restricted):
    rounds = posterior.info["rounds"]
    if restricted:
        return [r["dropped"] for r in rounds]
    x, out, first = posterior.info["x"], [], 0
    for r in rounds:
        stored = r["simulations"] - r["dropped"]
        out.append(r["dropped"] + int(np.sum(x[first:first + stored, 0] < 1)))
        first += stored
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--observations", default="1-20", help="candidates; those whose x_o has no spike are skipped")
    ap.add_argument("--count", type=int, default=5, help="spiking observations to run")
    ap.add_argument("--method", default="snpe-c")
    ap.add_argument("--sims", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--false-negatives", type=float, default=0.0,
                    help="the classifier's allowed_false_negatives (sbi's default 0)")
    ap.add_argument("--restricted-only", action="store_true", help="skip the runs without a restriction")
    args = ap.parse_args()
    lo, hi = (int(v) for v in args.observations.split("-"))
    task = sbipp.task(TASK)
    sbipp.set_num_threads(1)

    def simulator(theta, seed):
        return task.simulate(theta, seed=seed)

    print(f"| observation | restriction | wasted in round 1 | wasted in rounds 2-{args.rounds} | NLTP | acceptance of p̃_R |")
    print("|---|---|---|---|---|---|")
    done = 0
    for k in range(lo, hi + 1):
        theta_true, x_o = observation(task, k)
        if x_o[0] < 1:  # breaks the rule: a restricted posterior does not apply to it
            print(f"| {k} | — | x_o has no spike: skipped | | | |", flush=True)
            continue
        if done == args.count:
            break
        done += 1
        rule = sbipp.RestrictionEstimator(task.prior, rule=RULE, allowed_false_negatives=args.false_negatives)
        for restriction in ((rule,) if args.restricted_only else (None, rule)):
            p = sbipp.run_sequential(task.prior, simulator, x_o, method=args.method, num_simulations=args.sims,
                                     rounds=args.rounds, seed=k, restriction=restriction)
            wasted = wasted_per_round(p, restriction is not None)
            nltp = -float(p.log_prob(theta_true[None, :])[0])
            acc = p.info.get("restricted_acceptance", float("nan"))
            later = sum(r["simulations"] for r in p.info["rounds"][1:])
            label = f"{RULE}, false negatives {args.false_negatives:g}" if restriction else "none"
            print(f"| {k} | {label} | {wasted[0]} of {p.info['rounds'][0]['simulations']} | "
                  f"{sum(wasted[1:])} of {later} | {nltp:.2f} | {acc:.3f} |", flush=True)


if __name__ == "__main__":
    main()
