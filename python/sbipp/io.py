"""sbipp.load: the `sbi` program's model files (from `sbi train`, `sbi run` or a save()).

The file records its kind (npe, nle, nre, ace) and a tag naming its prior: a benchmark task's
name or a prior file (simulators/model_tag.hpp), which rebuilds the prior and its parameter
names. A file whose tag records neither loads with load(path, prior=the same prior)."""
import os

from . import _sbipp
from .inference import ACE, NLE, NPE, NRE
from .priors import prior_from_file
from .tasks import task, task_names

_CLASSES = {"npe": NPE, "nle": NLE, "nre": NRE, "ace": ACE}


def _prior_for(path, tag, prior):
    if prior is not None:
        return prior
    if tag in task_names():
        return task(tag).prior
    recorded = _sbipp.prior_from_model_tag(tag)
    if recorded is not None:
        return prior_from_file(*recorded)
    raise ValueError(f"'{path}' does not record a prior sbipp can rebuild (tag {tag!r}); "
                     f"pass it: sbipp.load(path, prior=...)")


def load(path, prior=None, progress=True):
    """A trained NPE, NLE, NRE or ACE from a model file, ready for build_posterior()."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"model file '{path}' does not exist")
    kind, tag = _sbipp.peek_model_file(path)
    if kind not in _CLASSES:
        raise ValueError(f"'{path}' holds a '{kind}' model; sbipp.load reads npe, nle, nre and ace models")
    prior = _prior_for(path, tag, prior)
    cls = _CLASSES[kind]
    inf = cls.__new__(cls)
    _init_loaded(inf, cls, prior, progress)
    engine = {"npe": _sbipp.Npe, "nle": _sbipp.Nle, "nre": _sbipp.Nre, "ace": _sbipp.Ace}[kind]
    inf._handle, _ = engine.load(path, prior._handle)
    if kind == "nre":
        inf.variant = inf._handle.variant
    return inf


def _init_loaded(inf, cls, prior, progress):
    if cls is NPE:
        NPE.__init__(inf, prior, progress=progress)
    else:
        cls.__init__(inf, prior, progress=progress)
