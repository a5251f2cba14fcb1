"""Placeholder until this command module is written (work in progress)."""

import click


@click.command()
def view() -> None:
    """Not written yet."""
    raise click.ClickException("not implemented yet")

