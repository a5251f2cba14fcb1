"""Placeholder until this command module is written (work in progress)."""

import click


@click.command()
def build() -> None:
    """Not written yet."""
    raise click.ClickException("not implemented yet")


@click.command()
def validate() -> None:
    """Not written yet."""
    raise click.ClickException("not implemented yet")


@click.command()
def locate() -> None:
    """Not written yet."""
    raise click.ClickException("not implemented yet")

