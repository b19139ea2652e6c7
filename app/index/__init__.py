"""The fitted index in production: a change log written with every commit, one persisted
snapshot for all workers, incremental updates per request, refits in the background.

- ``changes``: SQLAlchemy session events record what changed (``IndexChange``).
- ``snapshots``: the fitted matchers on disk (pickle 5, atomic, arrays memory-mapped).
- ``state``: each process's engine: loads the newest snapshot, applies the changes since,
  drops expired projects, and swaps in newer snapshots; never refits inside a request
  once a snapshot exists.
"""

from flask import Blueprint

bp = Blueprint("index", __name__, cli_group="index")

from app.index import cli, tasks  # noqa: E402,F401
