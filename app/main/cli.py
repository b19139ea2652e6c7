"""`flask seed` and `flask demo`: the reference data and the demo content."""

import click
from flask import current_app

from app.demo import scale as scale_data
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
@click.option("--scale", type=int, default=0, help="Add this many synthetic municipalities "
              "(each with a profile and two open projects) for load tests.")  # fmt: skip
@click.option("--remove-scale", is_flag=True, help="Remove the synthetic scale data.")
def demo_command(scale, remove_scale):
    """Create demo accounts (and demo content) for trying the product locally."""

    if remove_scale:
        click.echo(f"Removed {scale_data.remove_scale_data()} synthetic municipalities.")
        return
    password = current_app.config["DEMO_PASSWORD"]
    if scale:
        try:
            scale_data.check_allowed(current_app)
            import wordfreq  # noqa: F401 - the scale texts come from its word lists
        except scale_data.RefusedError as error:
            raise click.ClickException(str(error)) from error
        except ImportError as error:
            raise click.ClickException(
                "--scale needs the development dependencies: .venv/bin/pip install -e '.[dev]'"
            ) from error
    users = create_demo_users(password)
    profiles, projects = create_demo_content()
    click.echo(f"Demo content: {profiles} profiles and {projects} projects added.")
    click.echo(f"Demo logins (password: {password}):")
    for user in users:
        click.echo(f"  {user.email:<28} {user.role:<7} {user.municipality.name}")
    if scale:
        added, projects = scale_data.create_scale_data(
            scale, password, on_progress=lambda n: click.echo(f"  … {n} synthetic municipalities")
        )
        click.echo(f"Scale data: {added} synthetic municipalities (codes Z…) with profiles and "
                   f"{projects} projects; load accounts load01…load20@scale.example.")  # fmt: skip
