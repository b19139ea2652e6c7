"""Command-line interface: `flask seed`, `flask demo`, `flask users create`."""

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from app.auth import services as accounts
from app.demo.content import create_demo_content
from app.demo.users import create_demo_users
from app.digest.cli import digest_cli
from app.extensions import db
from app.matches.services import refresh_all
from app.models import Project
from app.projects.services import open_condition
from app.reference import seed_reference_data

users_cli = AppGroup("users", help="Manage user accounts.")
matches_cli = AppGroup("matches", help="Suggestions for projects.")


@click.command("seed")
@with_appcontext
def seed_command():
    """Load or update the municipalities and themes shipped in app/data."""
    created, updated = seed_reference_data()
    click.echo(f"Reference data: {created} created, {updated} updated.")


@click.command("demo")
@with_appcontext
def demo_command():
    """Create demo accounts (and demo content) for trying the product locally."""
    password = current_app.config["DEMO_PASSWORD"]
    users = create_demo_users(password)
    profiles, projects = create_demo_content()
    click.echo(f"Demo content: {profiles} profiles and {projects} projects added.")
    click.echo(f"Demo logins (password: {password}):")
    for user in users:
        click.echo(f"  {user.email:<28} {user.role:<7} {user.municipality.name}")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--municipality", "municipality_code", required=True, help="Municipality code.")
@click.option("--role", type=click.Choice(["member", "admin"]), default="member")
@click.option("--name", default="")
@click.option("--locale", type=click.Choice(["sv", "da", "en"]), default=None)
@click.password_option(help="Password (asked for when not given).")
def create_user_command(email, municipality_code, role, name, locale, password):
    """Create an account, for example the first admin."""
    try:
        user = accounts.create_user(email, municipality_code, role, name, password, locale)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role} {user.email} ({user.municipality.name}).")


@matches_cli.command("refresh")
def refresh_matches_command():
    """Recompute and log the suggestions of every open project."""
    total = db.session.execute(
        db.select(db.func.count()).select_from(Project).where(open_condition())
    ).scalar_one()
    with click.progressbar(length=total, label="Refreshing suggestions") as bar:
        done = refresh_all(on_project=lambda project: bar.update(1))
    click.echo(f"Suggestions refreshed for {done} open projects.")


def register_cli(app):
    app.cli.add_command(seed_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(matches_cli)
    app.cli.add_command(digest_cli)
