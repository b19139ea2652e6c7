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
from app.index.state import current_engine, status  # noqa: E402


@bp.record_once
def _put_engine_on_the_app(state):
    """The engine and its status as objects on the app (as Flask-SQLAlchemy's ``db``): the
    suggestions ask ``app.extensions["kop_engine"]()`` and the jobs page
    ``app.extensions["kop_index_status"]()`` without importing this package."""
    state.app.extensions["kop_engine"] = current_engine
    state.app.extensions["kop_index_status"] = status
