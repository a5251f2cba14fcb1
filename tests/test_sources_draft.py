"""A draft asks whether a sentence reports an event the graph already holds.

Two sources reporting one event must share its IRI for ``conflicts`` to
compare them, so the draft names the known events one of the sentence's
actors took part in within a week of its date (a question, never a link),
and its header holds no marker of its own. Invented multi-source corpus
(TEST DATA, not news).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mmru_graph.cli import cli

VISIT = "id:2022-02-kyaw-zin-oo-visit-to-russia"


def draft_of(graph: Path, tmp_path: Path, sentence: str, published: str) -> str:
    text = tmp_path / "new.txt"
    text.write_text(sentence, encoding="utf-8")
    runner = CliRunner()
    added = runner.invoke(cli, ["add-source", str(text), "--title", "New", "--publisher",
                                "Epsilon News", "--published", published, "--graph", str(graph)],
                          catch_exceptions=False)
    assert added.exit_code == 0, added.output
    out = tmp_path / "draft.ttl"
    result = runner.invoke(cli, ["draft", added.output.strip(), "--out", str(out),
                                 "--graph", str(graph)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("day", "offered"), [
    ("February 22, 2022", True),   # a day after beta's date: the same visit?
    ("February 27, 2022", True),   # within a week of 2022-02-21
    ("March 5, 2022", False),      # twelve days on: another event
])
def test_a_known_event_near_the_date_is_offered(multi_source: Path, tmp_path: Path,
                                                day: str, offered: bool) -> None:
    draft = draft_of(multi_source, tmp_path,
                     f"Senior General Kyaw Zin Oo was in Moscow on {day}.", "2022-03-08")
    asked = [line for line in draft.splitlines() if "an event the graph already holds" in line]
    assert bool(asked) is offered
    if offered:
        [line] = asked
        assert line.startswith("# TODO: ")
        assert f"{VISIT} (\"Kyaw Zin Oo's visit to Russia\", " in line
        assert "2022-09-07-kyaw-zin-oo-meets-petrov" not in line  # months away
    # nothing is linked for the analyst: the drafted event keeps its own IRI
    assert f"{VISIT} a " not in draft


def test_the_drafts_header_holds_no_marker(multi_source: Path, tmp_path: Path) -> None:
    draft = draft_of(multi_source, tmp_path, "Senior General Kyaw Zin Oo met President "
                     "Ivan Petrov on March 1, 2022.", "2022-03-02")
    header = draft[:draft.index("@prefix")]
    assert "TODO" not in header and "Decide every item marked below" in header
