"""`flask audit prune`: apply the audit log's retention period."""

import click

from app.admin import bp
from app.auth.privacy import AUDIT_RETENTION_DAYS, prune_audit_log


@bp.cli.command("prune")
@click.option(
    "--days", type=click.IntRange(min=30), default=AUDIT_RETENTION_DAYS, show_default=True
)
def prune_command(days):
    """Drop before/after copies older than DAYS from the audit log (who/what/when stay)."""
    count = prune_audit_log(days=days)
    click.echo(f"Audit log: {count} events older than {days} days pruned.")
