"""A build with nothing to do writes nothing: ``build.json`` (:mod:`mmru_graph.build_record`).

Each test builds a copy of the three-source fixture corpus with the CLI, then builds
it again, changed one way or another, and reads which set of outputs ``--out`` shows
(a build publishes a new set folder; an up-to-date one leaves the link as it was).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mmru_graph import build_record
from mmru_graph.build import OUTPUT_FILES
from mmru_graph.build_record import RECORD, current_build
from mmru_graph.cli import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


@pytest.fixture
def built(multi_source: Path, tmp_path: Path) -> tuple[Path, Path, Result]:
    """The corpus, its output folder, and what its first build printed."""
    out = tmp_path / "out"
    first = run("build", "--graph", str(multi_source), "--out", str(out))
    assert first.exit_code == 0, first.output
    return multi_source, out, first


def build_again(graph: Path, out: Path, *extra: str) -> Result:
    result = run("build", "--graph", str(graph), "--out", str(out), *extra)
    assert result.exit_code == 0, result.output
    return result


def reported(output: str) -> list[str]:
    """The validation's line (without how much this run re-checked) and the warnings."""
    return [line.split("; ")[0] if line.startswith("OK: ") else line
            for line in output.splitlines() if line.startswith(("OK: ", "warning: "))]


def test_nothing_changed_writes_nothing(built: tuple[Path, Path, Result]) -> None:
    graph, out, first = built
    shown = out.resolve()
    times = {path.name: path.stat().st_mtime_ns for path in shown.iterdir()}
    again = build_again(graph, out)
    assert again.stdout.startswith(f"Up to date: {out} was built on "), again.stdout
    assert "nothing written (--force rebuilds)" in again.stdout.splitlines()[0]
    assert out.resolve() == shown
    assert {path.name: path.stat().st_mtime_ns for path in shown.iterdir()} == times
    # What the build reported is said again: the validation's line and every warning.
    assert reported(again.stdout) == reported(first.stdout) and reported(first.stdout)


def _edit_turtle(graph: Path, out: Path) -> None:
    entities = graph / "data" / "entities.ttl"
    entities.write_text(entities.read_text("utf-8") + "\n# an analyst's note\n", "utf-8")


def _add_file(graph: Path, out: Path) -> None:
    (graph / "data" / "source-fixture-alpha" / "more.ttl").write_text(
        "@prefix id: <https://w3id.org/mmru-graph/id/> .\n"
        "@prefix oa: <http://www.w3.org/ns/oa#> .\n"
        "id:ev-alpha-visit oa:motivatedBy oa:describing .\n", "utf-8")


def _edit_text(graph: Path, out: Path) -> None:
    text = graph / "sources" / "source-fixture-alpha.txt"
    text.write_text(text.read_text("utf-8") + "\nA line added at the end.", "utf-8")


def _remove_output(graph: Path, out: Path) -> None:
    (out / "network.html").unlink()


def _other_code(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path, Path], None]:
    def change(graph: Path, out: Path) -> None:
        monkeypatch.setattr(build_record, "_code_digest", lambda: "another version")
    return change


CHANGES = {"an edited Turtle file": _edit_turtle, "an added file": _add_file,
           "an edited stored text": _edit_text, "a removed output": _remove_output}


@pytest.mark.parametrize("change", [*sorted(CHANGES), "other code", "--force"])
def test_any_change_rebuilds(change: str, built: tuple[Path, Path, Result],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    graph, out, _first = built
    shown = out.resolve()
    if change in CHANGES:
        CHANGES[change](graph, out)
    elif change == "other code":
        _other_code(monkeypatch)(graph, out)
    again = build_again(graph, out, *(["--force"] if change == "--force" else []))
    assert "Up to date" not in again.stdout and "Built in" in again.stdout
    assert out.resolve() != shown  # a new set of outputs
    assert build_again(graph, out).stdout.startswith("Up to date")  # and now it is


def test_a_failed_build_leaves_the_record_of_the_outputs_shown(
        built: tuple[Path, Path, Result]) -> None:
    """The outputs and their record are swapped in together: after a build that
    failed, undoing the edit finds the outputs up to date again."""
    graph, out, _first = built
    entities = graph / "data" / "entities.ttl"
    before = entities.read_text("utf-8")
    entities.write_text(before + "\nid:broken a <no-such-scheme-yet\n", "utf-8")
    broken = run("build", "--graph", str(graph), "--out", str(out))
    assert broken.exit_code == 1 and "Up to date" not in broken.output
    entities.write_text(before, "utf-8")
    assert build_again(graph, out).stdout.startswith("Up to date")


def test_the_record_says_what_the_build_reported(built: tuple[Path, Path, Result]) -> None:
    graph, out, first = built
    record = current_build(graph, out)
    assert record is not None and record.out_dir == out
    stored = json.loads((out / RECORD).read_text("utf-8"))
    assert record.report == stored["report"]
    assert f"Triples: {record.report['triples']}" in first.stdout
    assert f"Events: {record.report['events']}  Annotations: " \
           f"{record.report['annotations']}" in first.stdout
    assert sorted(stored["made_from"]["inputs"]) == sorted(
        path.relative_to(graph).as_posix() for path in [
            *(graph / "data").rglob("*.ttl"), *(graph / "sources").iterdir(),
            graph / "ontology.ttl", graph / "shapes.ttl"])


def test_outputs_without_a_record_are_rebuilt(built: tuple[Path, Path, Result],
                                              tmp_path: Path) -> None:
    """A folder of outputs from before records (or copied without one) is never trusted."""
    graph, out, _first = built
    (out / RECORD).unlink()
    assert current_build(graph, out) is None
    assert current_build(graph, tmp_path / "nowhere") is None
    assert all((out / name).exists() for name in OUTPUT_FILES if name != RECORD)
    assert "Built in" in build_again(graph, out).stdout
