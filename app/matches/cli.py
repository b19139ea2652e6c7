"""`flask matches refresh`: recompute and log the suggestions of every open project."""

import click

from app.extensions import db
from app.matches import bp
from app.matches.suggestions import refresh_all
from app.models import Project


@bp.cli.command("refresh")
def refresh_matches_command():
    """Recompute and log the suggestions of every open project."""
    total = db.session.execute(
        db.select(db.func.count()).select_from(Project).where(Project.is_open)
    ).scalar_one()
    with click.progressbar(length=total, label="Refreshing suggestions") as bar:
        done = refresh_all(on_project=lambda project: bar.update(1))
    click.echo(f"Suggestions refreshed for {done} open projects.")
