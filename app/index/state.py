"""Each process's engine: loaded from the newest snapshot, kept current by the change log.

``current_engine()`` is what a request calls. It never refits once a snapshot exists:
it applies the changes committed since the engine's watermark (a few ms each), drops
projects whose expiry has passed, asks for a background refit when the history or the
taxonomy changed or too many updates piled up, and swaps in a newer snapshot (loaded in a
background thread) when another process wrote one.
"""

import logging
import os
import threading
import time
from dataclasses import dataclass, field

from flask import current_app, g, has_request_context

from app.clock import utcnow
from app.index import snapshots
from app.index.changes import CHECKED, changes_since, latest_change_id
from app.index.memory import leave_to_refcounting, return_large_blocks
from app.jobs import enqueue
from app.matches import services

log = logging.getLogger(__name__)


@dataclass
class Engine:
    profiles: object  # matching.Matcher over municipalities (id = municipality id)
    projects: object  # matching.Matcher over open projects (id = project id)
    expiries: dict  # project id → expires_at of every indexed project
    watermark: int  # the last IndexChange applied
    snapshot: str | None = None  # the file it was loaded from or saved to
    refit_asked: bool = False
    checked_at: float = 0.0
    next_expiry: object = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def payload(self):
        return {"profiles": self.profiles, "projects": self.projects,
                "expiries": self.expiries, "watermark": self.watermark}  # fmt: skip

    def recompute_next_expiry(self):
        self.next_expiry = min(self.expiries.values()) if self.expiries else None


def index_dir(app=None):
    app = app or current_app
    return app.config.get("INDEX_DIR") or os.path.join(app.instance_path, "index")


def _slot():
    return current_app.extensions.setdefault(
        "kop_index", {"engine": None, "lock": threading.Lock(), "swapping": False}
    )


def build(persist=None, install=False):
    """Fit both matchers on the database now (a refit) and save a snapshot (unless
    ``INDEX_PERSIST`` is off); ``install`` makes it this process's engine at once.

    The watermark is read before the data, so changes committed while fitting are applied
    on top afterwards (updates replace documents, so applying one twice does no harm).
    """
    return_large_blocks()
    watermark = latest_change_id()
    profiles, projects, expiries = services.fit_matchers()
    engine = Engine(profiles, projects, expiries, watermark)
    if current_app.config["INDEX_PERSIST"] if persist is None else persist:
        engine.snapshot = snapshots.save(index_dir(), engine.payload())
    engine.recompute_next_expiry()
    if install:
        catch_up(engine)
        _slot()["engine"] = engine
    return engine


def _from_payload(payload, name):
    engine = Engine(payload["profiles"], payload["projects"], dict(payload["expiries"]),
                    payload["watermark"], snapshot=name)  # fmt: skip
    engine.recompute_next_expiry()
    return engine


def _start():
    """The first engine of this process: the newest snapshot, else one fitted here (under a
    lock, so that several workers starting together fit once)."""
    return_large_blocks()
    folder = index_dir()
    if not current_app.config["INDEX_PERSIST"]:
        return build()
    loaded = snapshots.load(folder)
    if loaded is None:
        with snapshots.build_lock(folder):
            loaded = snapshots.load(folder)
            if loaded is None:
                return build()
    return _from_payload(*loaded)


def current_engine():
    """The engine for this request, up to date with every committed change.

    A request looks for changes once (a page ranks and then explains: one look, not two),
    and again after it wrote a change itself (``changes.CHECKED`` is dropped then).
    """
    slot = _slot()
    engine = slot["engine"]
    if engine is not None and has_request_context() and g.get(CHECKED) is engine:
        return engine
    if slot["engine"] is None:
        with slot["lock"]:
            if slot["engine"] is None:
                slot["engine"] = _start()
                _settle()
    _look_for_newer_snapshot(slot, slot["engine"])
    engine = slot["engine"]  # a newer one, when the look swapped it in
    catch_up(engine)
    engine = slot["engine"]  # a refit job run in this process may have installed another
    if has_request_context():
        setattr(g, CHECKED, engine)
    return engine


def catch_up(engine, now=None):
    """Apply the committed changes after the engine's watermark; expire what is due."""
    now = now or utcnow()
    latest = latest_change_id()
    due = engine.next_expiry is not None and engine.next_expiry <= now
    if latest <= engine.watermark and not due:
        return 0
    with engine.lock:
        changes = changes_since(engine.watermark)
        applied = 0
        if changes:
            updates = [(kind, key) for _, kind, key in changes if kind != "refit"]
            refits = [change_id for change_id, kind, _ in changes if kind == "refit"]
            try:
                applied = services.apply_changes(
                    engine.profiles, engine.projects, engine.expiries, updates
                )
            except Exception:  # noqa: BLE001 - serve what we have; a refit brings the rest
                log.exception("could not apply index changes; asking for a refit")
                refits.append(changes[-1][0])
            if refits:
                _ask_for_refit(engine, max(refits))
            engine.watermark = changes[-1][0]
        if due or changes:
            services.expire_projects(engine.profiles, engine.projects, engine.expiries, now)
            engine.recompute_next_expiry()
        pending = engine.profiles.pending_updates + engine.projects.pending_updates
        if pending >= current_app.config["INDEX_REFIT_AFTER_UPDATES"] and not engine.refit_asked:
            engine.refit_asked = True  # once per engine: the refit brings a fresh one
            _ask_for_refit(engine, engine.watermark)
    return applied


def _ask_for_refit(engine, change_id):
    """Queue a refit that covers ``change_id``, unless a snapshot already does (another
    worker asked first): then this worker swaps it in within seconds."""
    newest = snapshots.current_name(index_dir())
    if newest is not None and snapshots.watermark_of(newest) >= change_id:
        return

    enqueue("index.refit")


def _look_for_newer_snapshot(slot, engine):
    """Every few seconds: has another process saved a newer snapshot? Load it in a thread
    (a request never waits for a load) and swap it in when it is ready."""
    moment = time.monotonic()
    if moment - engine.checked_at < current_app.config["INDEX_CHECK_SECONDS"]:
        return
    engine.checked_at = moment
    name = snapshots.current_name(index_dir())
    if name is None or name == engine.snapshot or slot["swapping"]:
        return
    slot["swapping"] = True
    app = current_app._get_current_object()
    if app.config["INDEX_SWAP_IN_THREAD"]:
        threading.Thread(target=_swap, args=(app, slot, name), daemon=True).start()
    else:
        _swap(app, slot, name)


def _settle():
    """After an engine is installed for serving: the collector leaves it alone (see
    ``app.index.memory``; ``INDEX_FREEZE_OBJECTS``)."""
    if current_app.config["INDEX_FREEZE_OBJECTS"]:
        leave_to_refcounting()


def _swap(app, slot, name):
    try:
        with app.app_context():
            loaded = snapshots.load(index_dir(app), name)
            if loaded is not None:
                fresh = _from_payload(*loaded)
                catch_up(fresh)
                slot["engine"] = fresh
                _settle()
    except Exception:  # noqa: BLE001 - keep serving the engine we have
        log.exception("could not swap in snapshot %s", name)
    finally:
        slot["swapping"] = False


def status():
    """What the admins and `flask index status` see about this process's engine."""
    engine = _slot()["engine"]
    return {
        "snapshot": engine.snapshot if engine else None,
        "newest_snapshot": snapshots.current_name(index_dir()),
        "watermark": engine.watermark if engine else None,
        "latest_change": latest_change_id(),
        "profiles": engine.profiles.n_documents_ if engine else None,
        "projects": engine.projects.n_documents_ if engine else None,
        "pending_updates": (engine.profiles.pending_updates + engine.projects.pending_updates)
        if engine else None,
    }  # fmt: skip
