"""Placeholder until this command module is written (work in progress)."""

import click


@click.command()
def met() -> None:
    """Not written yet."""
    raise click.ClickException("not implemented yet")


@click.command()
def path() -> None:
    """Not written yet."""
    raise click.ClickException("not implemented yet")


@click.command()
def central() -> None:
    """Not written yet."""
    raise click.ClickException("not implemented yet")


@click.command()
def timeline() -> None:
    """Not written yet."""
    raise click.ClickException("not implemented yet")


@click.command()
def show() -> None:
    """Not written yet."""
    raise click.ClickException("not implemented yet")

