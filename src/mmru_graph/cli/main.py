"""The ``mmru-graph`` command line: a thin layer over the library.

Each command parses its options, calls one library function and prints the
result; library errors become one-line messages (see :mod:`.common`).
Commands live in their own modules and import heavy packages only when run.
"""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from .build import build, locate, validate
from .common import (
    DEBUG,
    LEFT_TO_EXIT,
    debug_enabled,
    fail,
    internal_error,
    quiet_libraries,
)
from .export import export
from .inferred import inferred
from .query import central, met, path, show, timeline
from .sources import add_source, conflicts, draft, mentions, sources
from .sparql import queries, sparql
from .view import view


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mmru-graph")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error, and "
              "the libraries' log messages.")
def cli(debug: bool) -> None:
    """A knowledge graph of Myanmar–Russia ties since the February 2021 coup.

    Every fact carries the verbatim quote it comes from. Start with
    `mmru-graph build`, then ask `mmru-graph met "Min Aung Hlaing"`.
    """
    DEBUG["on"] = debug
    LEFT_TO_EXIT.clear()  # what an earlier command of the same process left (tests)
    quiet_libraries()


for command in (build, validate, locate, met, path, central, timeline, show, inferred, sparql,
                queries, export, view, add_source, sources, conflicts, mentions, draft):
    cli.add_command(command)


def main() -> None:
    """Entry point of the ``mmru-graph`` console script.

    Commands turn their own errors into one line (:func:`.cli_common.handle_errors`);
    this is the last net, for anything raised outside a command.
    """
    try:
        cli(prog_name="mmru-graph")
    except SystemExit as exc:
        if LEFT_TO_EXIT:
            _exit_at_once(exc.code)
        raise
    except Exception as exc:
        if debug_enabled() or "--debug" in sys.argv[1:]:
            raise
        fail(internal_error(exc), 1)


def _exit_at_once(code: object) -> None:
    """End the process with ``code`` (what click's ``sys.exit`` carried), its output
    flushed, without the interpreter's teardown: what a command left to the end of
    the process (:data:`.common.LEFT_TO_EXIT`) would otherwise be freed object by object.
    Nothing else is pending then: the command has written and closed its files."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        click.echo(code, err=True)
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
