"""C2ST (classifier two-sample test) with the engine's classifier, and the sbibm reference data."""
import os

from . import _sbipp
from ._arrays import matrix


def c2st(reference, approximate, seed=1, classifier="mlp"):
    """Mean 5-fold accuracy of telling the two sample sets apart (0.5: indistinguishable).
    classifier "mlp" is sbibm's; "random_forest" is the `sbi` package's c2st() default."""
    kind = getattr(_sbipp.C2stClassifier, classifier, None)
    if kind is None:
        raise ValueError(f"classifier: expected 'mlp' or 'random_forest', got {classifier!r}")
    reference = matrix(reference, "reference")
    approximate = matrix(approximate, "approximate", reference.shape[1], " (as many as reference)")
    return _sbipp.c2st(reference, approximate, int(seed), kind)


def sbibm_observation(root, task, number):
    """{"observation", "true_parameters", "reference_samples" (None if absent)} from the sbibm
    layout root/task/num_observation_<number>/ (OSError naming a missing file)."""
    return _sbipp.load_sbibm_observation(os.fspath(root), task, int(number))
