"""The engine's benchmark tasks (`sbi tasks`): a prior with parameter names, a simulator, and
where there is one, a reference posterior. A model trained on a task's prior records the task's
name, so the `sbi` program's `sample` command can load it."""
from . import _sbipp
from ._arrays import matrix, vector
from .priors import Prior


class Task:
    def __init__(self, name):
        self._handle = _sbipp.make_task(name)
        self.name = name
        self.prior = Prior(self._handle.prior, self._handle.parameter_names, tag=name)
        self.x_dim = self._handle.x_dim

    def simulate(self, theta, seed=0):
        """x for every θ row (row i draws from its own random stream, so any thread count
        gives the same x)."""
        return self._handle.simulate(self.prior.check_theta(theta), int(seed))

    def reference_posterior(self, x_o, n, seed=0):
        return self._handle.reference_posterior(vector(x_o, "x_o", self.x_dim), int(n), int(seed))


def task(name):
    """A benchmark task by name (ValueError listing the names for an unknown one)."""
    return Task(name)


def task_names():
    return list(_sbipp.task_names())
