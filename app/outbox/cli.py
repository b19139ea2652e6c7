"""`flask mail flush`: deliver queued mail that is due (run it from cron or a timer)."""

from datetime import datetime

import click

from app.clock import utcnow
from app.outbox import bp
from app.outbox.services import deliver_all_due


@bp.cli.command("flush")
@click.option("--now", "moment", type=datetime.fromisoformat, default=None,
              help="Act as if it were this UTC time (ISO 8601), as the digest's --now.")
def flush_command(moment):
    """Send the queued mail that is due; failures wait and are tried again later."""
    total_sent, total_failed = deliver_all_due(moment or utcnow())
    click.echo(f"Mail: {total_sent} sent, {total_failed} failed for good.")
