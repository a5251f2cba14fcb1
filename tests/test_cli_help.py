"""Every command of ``mmru-graph`` explains itself: help text for it and its options."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from mmru_graph.cli import cli

COMMANDS = sorted(cli.commands)


def test_the_group_has_help() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "Myanmar" in result.output
    for name in COMMANDS:
        assert name in result.output


def test_every_command_is_listed() -> None:
    assert {"met", "path", "central", "timeline", "show", "sparql", "queries", "build",
            "validate", "locate", "view"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_text(name: str) -> None:
    command = cli.commands[name]
    text = (command.help or "").strip()
    assert text, f"{name} has no help text"
    assert "not written yet" not in text.lower() and "not implemented" not in text.lower()
    assert command.get_short_help_str(limit=80).strip()
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert text.split("\n")[0].strip()[:40] in " ".join(result.output.split())


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_has_help_text(name: str) -> None:
    command = cli.commands[name]
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert (param.help or "").strip(), f"{name} {param.opts[0]} has no help text"


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["met", "--help"],
                                  ["queries", "--help"]])
def test_the_command_line_starts_without_rdflib(args: list[str]) -> None:
    # rdflib's import is most of a second's start on a slow machine (0.2-0.35 s here):
    # help and version need none of it, and no command pays for it before it reads a graph.
    code = ("import sys\n"
            "from mmru_graph.cli import cli\n"
            f"try:\n    cli({args!r})\n"
            "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "heavy = [m for m in ('rdflib', 'networkx', 'numpy', 'pyoxigraph') "
            "if m in sys.modules]\n"
            "sys.stderr.write('HEAVY=' + ','.join(heavy))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("HEAVY="), done.stderr
