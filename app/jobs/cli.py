"""`flask jobs worker`, `flask jobs enqueue NAME`, `flask jobs list`."""

import json

import click
from flask import current_app

from app.extensions import db
from app.jobs import bp
from app.jobs.queue import enqueue, mode, reconcile, rq_queue
from app.jobs.registry import TASKS
from app.jobs.worker import Worker, start_watchdog
from app.models import JobRun


@bp.cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst):
    """Run an RQ worker for this app's queue (needs KOP_REDIS_URL)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("Set KOP_REDIS_URL=redis://… to run a worker.")

    queue = rq_queue()
    watchdog = start_watchdog(current_app._get_current_object())
    try:
        Worker([queue], connection=queue.connection).work(burst=burst, with_scheduler=True)
    finally:
        watchdog.set()


@bp.cli.command("enqueue")
@click.argument("name")
@click.option("--arg", "args", multiple=True, help="key=value, repeatable")
def enqueue_command(name, args):
    """Queue a job (for cron: `flask jobs enqueue digest.send --arg frequency=daily`)."""
    if name not in TASKS:
        raise click.BadParameter(f"choose one of {', '.join(sorted(TASKS))}", param_hint="NAME")
    values = dict(a.split("=", 1) for a in args)
    job = enqueue(name, **values)
    click.echo(f"Job {job.id} ({name}) queued on {mode()}: {job.status}.")
    if job.status == "failed":
        raise click.ClickException(job.error)


@bp.cli.command("reconcile")
def reconcile_command():
    """Requeue jobs whose worker died and mark jobs the queue lost (workers do it too)."""
    requeued, failed = reconcile()
    click.echo(f"Jobs: {requeued} requeued, {failed} marked failed.")


@bp.cli.command("list")
@click.option("--limit", default=20, show_default=True)
def list_command(limit):
    """The latest jobs with their status."""
    for job in db.session.execute(
        db.select(JobRun).order_by(JobRun.id.desc()).limit(limit)
    ).scalars():
        click.echo(f"{job.id:>6} {job.name:<16} {job.status:<8} attempts={job.attempts} "
                   f"{json.dumps(job.args)} {job.error[:80]}")  # fmt: skip
