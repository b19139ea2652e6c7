"""`flask jobs worker`, `flask jobs enqueue NAME`, `flask jobs list`."""

import json

import click
from flask import current_app

from app.extensions import db
from app.jobs import bp
from app.jobs.queue import enqueue, mode, rq_queue
from app.jobs.tasks import TASKS
from app.models import JobRun


@bp.cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst):
    """Run an RQ worker for this app's queue (needs KOP_REDIS_URL)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("Set KOP_REDIS_URL=redis://… to run a worker.")
    from rq import SimpleWorker

    queue = rq_queue()
    # SimpleWorker runs jobs in this process, inside the app context this command has:
    # no fork, so database connections are never shared between processes.
    SimpleWorker([queue], connection=queue.connection).work(burst=burst, with_scheduler=True)


@bp.cli.command("enqueue")
@click.argument("name", type=click.Choice(sorted(TASKS)))
@click.option("--arg", "args", multiple=True, help="key=value, repeatable")
def enqueue_command(name, args):
    """Queue a job (for cron: `flask jobs enqueue digest.send --arg frequency=daily`)."""
    values = dict(a.split("=", 1) for a in args)
    job = enqueue(name, **values)
    click.echo(f"Job {job.id} ({name}) queued on {mode()}: {job.status}.")


@bp.cli.command("list")
@click.option("--limit", default=20, show_default=True)
def list_command(limit):
    """The latest jobs with their status."""
    for job in db.session.execute(
        db.select(JobRun).order_by(JobRun.id.desc()).limit(limit)
    ).scalars():
        click.echo(f"{job.id:>6} {job.name:<16} {job.status:<8} attempts={job.attempts} "
                   f"{json.dumps(job.args)} {job.error[:80]}")  # fmt: skip
