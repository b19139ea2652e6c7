"""`flask mail flush`: deliver queued mail that is due (run it from cron or a timer)."""

import click

from app.outbox import bp
from app.outbox.services import deliver_due


@bp.cli.command("flush")
def flush_command():
    """Send the queued mail that is due; failures wait and are tried again later."""
    total_sent = total_failed = 0
    while True:
        sent, failed = deliver_due()
        total_sent += sent
        total_failed += failed
        if not sent and not failed:
            break
    click.echo(f"Mail: {total_sent} sent, {total_failed} failed for good.")
