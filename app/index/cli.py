"""`flask index build` (fit and save a snapshot now) and `flask index status`."""

import json
import time

import click

from app.index import bp
from app.index.state import build, status


@bp.cli.command("build")
def build_command():
    """Fit the matchers on the database and save the snapshot every worker loads."""

    start = time.perf_counter()
    engine = build()
    click.echo(
        f"Snapshot {engine.snapshot}: {engine.profiles.n_documents_} municipalities, "
        f"{engine.projects.n_documents_} open projects, fitted in "
        f"{time.perf_counter() - start:.1f} s."
    )


@bp.cli.command("status")
def status_command():
    """The newest snapshot and the change log."""

    click.echo(json.dumps(status(), indent=2, default=str))
