"""Clumsy or hostile input that used to be followed, crash or pass: now one clear line.

The smaller probes of issue 12: a source text that is a symbolic link, malformed
shapes, a date range that ends before it starts, ``met X --with ""`` and
``met X --with X``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mmru_graph.cli import cli

SECRET = "TOP-SECRET line outside the graph directory"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_a_symlinked_source_text_is_refused_not_followed(mini_graph: Path,
                                                         tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    text = mini_graph / "sources" / "myanmar-russia-post-coup-2021.txt"
    text.unlink()
    text.symlink_to(secret)
    for args in (["validate"], ["locate", "TOP-SECRET"], ["locate", "a quote"]):
        code, output = run(*args, "--graph", str(mini_graph))
        assert code == 1 and "symbolic link" in output, (args, output)
        assert "TOP-SECRET line" not in output
    assert len(output.strip().splitlines()) == 1


def test_a_symlinked_sources_folder_is_refused(mini_graph: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (mini_graph / "sources").rename(elsewhere)
    (mini_graph / "sources").symlink_to(elsewhere)
    code, output = run("validate", "--graph", str(mini_graph))
    assert code == 1 and "symbolic link" in output, output


@pytest.mark.parametrize(("shape", "expected"), [
    ('shape:Bad a sh:NodeShape ; sh:targetClass mmru:Coup ;\n'
     '  sh:property [ sh:path schema:name ; sh:minCount "many" ] .\n',
     "shapes (shapes graph): the shapes are malformed: "),
    ('shape:Bad a sh:NodeShape ; sh:targetClass mmru:Coup ;\n'
     '  sh:sparql [ sh:select "SELECT $this WHERE { $this ?p }" ] .\n',
     "shape:Bad sh:select: malformed SPARQL at line 1, column "),
])
def test_malformed_shapes_are_one_violation_line(mini_graph: Path, shape: str,
                                                 expected: str) -> None:
    with (mini_graph / "shapes.ttl").open("a", encoding="utf-8") as shapes:
        shapes.write(shape)
    code, output = run("validate", "--graph", str(mini_graph))
    lines = output.strip().splitlines()
    assert code == 1 and lines[0] == "Error: 1 violation:", output
    assert len(lines) == 2 and expected.replace("shape:Bad", "") in lines[1], output


@pytest.mark.parametrize("args", [
    ["met", "Luis Quispe", "--since", "2023", "--until", "2022-12-31"],
    ["timeline", "--since", "2022-07", "--until", "2022-06"],
    ["view", "--no-open", "--since", "2022-07-02", "--until", "2022-07-01"],
])
def test_since_after_until_is_refused(args: list[str], tmp_path: Path, world_dir: Path) -> None:
    if args[0] == "view":
        args = [*args, "--out", str(tmp_path / "page.html")]
    code, output = run(*args, "--graph", str(world_dir))
    assert code == 2 and "is after until" in output and "the range is empty" in output
    assert not (tmp_path / "page.html").exists()


def test_overlapping_partial_dates_are_still_a_range(world_dir: Path) -> None:
    """From 15 June to "June" is a range (June's last day is after the 15th): the
    parade dated only "2022-06" falls in it."""
    code, output = run("met", "Luis Quispe", "--since", "2022-06-15", "--until", "2022-06",
                       "--graph", str(world_dir))
    assert code == 0 and "Navy day parade" in output and "Rojas–Quispe talks" not in output


@pytest.mark.parametrize(("other", "message"), [
    ("", "the other actor's name is empty"),
    ("  ", "the other actor's name is empty"),
    ("Ana Rojas", "are the same actor (Ana Rojas)"),
    ("the minister", "are the same actor (Ana Rojas)"),
])
def test_met_with_an_empty_or_the_same_actor_is_refused(other: str, message: str,
                                                        world_dir: Path) -> None:
    code, output = run("met", "Ana Rojas", "--with", other, "--graph", str(world_dir))
    assert code == 2 and message in output, output
    assert len(output.strip().splitlines()) == 1
