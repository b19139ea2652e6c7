"""`flask users create`: accounts from the command line (the first admin, say)."""

import click
from flask import current_app

from app.auth import bp, services


@bp.cli.command("create")
@click.option("--email", required=True)
@click.option("--municipality", "municipality_code", required=True, help="Municipality code.")
@click.option("--role", type=click.Choice(["member", "admin"]), default="member")
@click.option("--name", default="")
@click.option("--locale", default=None, help="Language of the emails (one of the UI's).")
@click.password_option(help="Password (asked for when not given).")
def create_user_command(email, municipality_code, role, name, locale, password):
    """Create an account, for example the first admin."""
    if locale is not None and locale not in current_app.config["LANGUAGES"]:
        languages = ", ".join(current_app.config["LANGUAGES"])
        raise click.BadParameter(f"use one of {languages}", param_hint="--locale")
    try:
        user = services.create_user(email, municipality_code, role, name, password, locale)
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role} {user.email} ({user.municipality.name}).")
