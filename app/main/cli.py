"""`flask seed` and `flask demo`: the reference data and the demo content."""

import click
from flask import current_app

from app.demo.content import create_demo_content
from app.demo.users import create_demo_users
from app.main import bp
from app.reference import seed_history, seed_reference_data


@bp.cli.command("seed")
def seed_command():
    """Load or update the municipalities and themes shipped in app/data."""
    created, updated = seed_reference_data()
    click.echo(f"Reference data: {created} created, {updated} updated.")
    history = seed_history()
    click.echo(
        f"Cooperation history: {history.created} created, {history.updated} updated, "
        f"{history.unchanged} unchanged."
    )


@bp.cli.command("demo")
def demo_command():
    """Create demo accounts (and demo content) for trying the product locally."""
    password = current_app.config["DEMO_PASSWORD"]
    users = create_demo_users(password)
    profiles, projects = create_demo_content()
    click.echo(f"Demo content: {profiles} profiles and {projects} projects added.")
    click.echo(f"Demo logins (password: {password}):")
    for user in users:
        click.echo(f"  {user.email:<28} {user.role:<7} {user.municipality.name}")
