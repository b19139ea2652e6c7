"""`flask digest send`, made to be run by cron or a systemd timer."""

from datetime import UTC, datetime

import click

from app.clock import utcnow
from app.digest import bp
from app.digest.services import send_digests


def _parse_now(value):
    if value is None:
        return utcnow()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("use an ISO time such as 2026-11-29T07:00") from error
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _count(items, noun):
    return f"{len(items)} {noun}" + ("" if len(items) == 1 else "s")


@bp.cli.command("send")
@click.option(
    "--frequency",
    type=click.Choice(["daily", "weekly"]),
    default=None,
    help="Only users with this frequency (default: everyone who is due).",
)
@click.option("--dry-run", is_flag=True, help="Build and report, write and send nothing.")
@click.option("--now", "now_text", default=None, help="Run as of this ISO time (UTC).")
def send_command(frequency, dry_run, now_text):
    """Send each due user one email with what is new for them."""
    now = _parse_now(now_text)
    report, digests = send_digests(now, frequency=frequency, dry_run=dry_run)
    if dry_run:
        for digest in digests:
            if digest:
                click.echo(
                    f"  {digest.user.email}: {_count(digest.suggestions, 'suggestion')}, "
                    f"{_count(digest.projects, 'project')}, {_count(digest.contacts, 'contact')}"
                )
        click.echo(f"Dry run: {report.due} users due, {report.with_news} would get an email.")
        return
    click.echo(
        f"{report.due} users due, {report.with_news} with news, {report.recorded} digests "
        f"recorded, {report.skipped} taken by another run; mail: {report.sent} sent, "
        f"{report.failed} failed for good."
    )
