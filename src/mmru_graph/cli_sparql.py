"""Placeholder until this command module is written (work in progress)."""

import click


@click.command()
def sparql() -> None:
    """Not written yet."""
    raise click.ClickException("not implemented yet")


@click.command()
def queries() -> None:
    """Not written yet."""
    raise click.ClickException("not implemented yet")

