"""The tasks background jobs can run, registered by the features that own them.

``@task("index.refit", label=_l("Refit the suggestion index"))`` in a feature's ``tasks.py``
adds a function to ``TASKS``; the queue (``app.jobs.queue``) runs them by name. This module
imports no feature, so any feature can register jobs without an import cycle.
"""

TASKS = {}
LABELS = {}


def task(name, label=None):
    """Register the decorated function as the job ``name`` (its label on the admins' page).

    A task takes plain arguments and returns plain data (its result); it must be idempotent,
    since a job is retried after a failure or when its worker died.
    """

    def register(function):
        TASKS[name] = function
        if label is not None:
            LABELS[name] = label
        return function

    return register
