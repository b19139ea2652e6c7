"""`flask history import FILE` and `flask history export [FILE]`."""

import click

from app.history import bp, services
from app.history.records import read_lines


@bp.cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(path):
    """Import cooperation records (JSON Lines, docs/history.md); all or nothing."""
    try:
        lines = read_lines(path)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    report = services.import_records(lines)
    if report.errors:
        for error in report.errors:
            click.echo(f"{path}: {error}", err=True)
        raise click.ClickException(
            f"{len(report.errors)} bad line(s): nothing was imported. Fix them and run again."
        )
    click.echo(
        f"Cooperations: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged."
    )


@bp.cli.command("export")
@click.argument("path", required=False, type=click.Path(dir_okay=False, writable=True))
def export_command(path):
    """Write every cooperation as JSON Lines (the import format), to PATH or stdout."""
    lines = list(services.export_lines())
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            fh.writelines(line + "\n" for line in lines)
        click.echo(f"Wrote {len(lines)} cooperations to {path}.")
    else:
        for line in lines:
            click.echo(line)
