"""The analyst's round (issue 13) on the command line: who says so, places
that follow containment, what is inferred, centrality in a window, and
tables that fit the terminal. Run through click's CliRunner on the article.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph

from mmru_graph.analysis.places import events_in_place
from mmru_graph.analysis.timeline import timeline
from mmru_graph.cli.main import cli
from mmru_graph.sparql.named import run_named_query
from mmru_graph.store.loading import load_graph

ID = "https://w3id.org/mmru-graph/id/"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_graph()


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result


def as_json(*args: str) -> Any:
    return json.loads(run(*args, "--format", "json").stdout)


# --------------------------------------------------------------------------
# Places follow containment: one rule for timeline, show and the named query
# --------------------------------------------------------------------------
KAZAN_EVENTS = {"2021-06-min-aung-hlaing-trip-to-kazan",
                "2021-06-min-aung-hlaing-visits-kazan-plants",
                "2021-06-min-aung-hlaing-talks-with-minnikhanov"}


def test_timeline_place_includes_what_is_inside(graph: Graph) -> None:
    found = {e["event_iri"].removeprefix(ID) for e in as_json("timeline", "--place", "Tatarstan")}
    assert found == KAZAN_EVENTS
    kazan = {e["event_iri"].removeprefix(ID) for e in as_json("timeline", "--place", "Kazan")}
    assert kazan == KAZAN_EVENTS
    russia = {e["event_iri"].removeprefix(ID) for e in as_json("timeline", "--place", "Russia")}
    assert russia > KAZAN_EVENTS


def test_show_a_place_lists_the_events_inside_it() -> None:
    card = as_json("show", "Tatarstan")
    assert {e["event_iri"].removeprefix(ID) for e in card["events"]} == KAZAN_EVENTS
    assert {e["role"] for e in card["events"]} <= {"in Kazan", "in helicopter, watercraft and "
                                                   "automobile plants in Kazan"}
    text = run("show", "Tatarstan", "--wide").stdout
    assert "Min Aung Hlaing holds talks with Tatarstan President Minnikhanov" in text


def test_one_rule_for_every_place(graph: Graph) -> None:
    """timeline --place and the events-by-place query agree on every place."""
    rows = run_named_query(graph, "events-by-place").bindings
    by_query: dict[str, set[str]] = {}
    for row in rows:
        by_query.setdefault(str(row["place"]), set()).add(str(row["event"]))
    assert by_query
    for place, events in by_query.items():
        assert set(events_in_place(graph, place)) == events, place
        named = {e.event_iri for e in timeline(graph, place=place)}
        # The timeline lists the graph's events (every node the query names is one).
        assert named == events, place


# --------------------------------------------------------------------------
# Who says so
# --------------------------------------------------------------------------
def test_met_names_the_source_and_the_attribution() -> None:
    items = as_json("met", "Soe Win")
    reported = [i for i in items if i["attributed_to"]]
    assert [i["attributed_to"] for i in reported] == [["junta-controlled newspapers"]]
    for item in items:
        for quote in item["evidence"]:
            assert quote["source_title"] == "Myanmar and Russia’s Close Post-Coup Relationship"
            assert quote["publisher"] == "The Irrawaddy"
            assert quote["published"] == ""  # the source does not give its date
    text = run("met", "Soe Win").stdout
    assert "according to: junta-controlled newspapers" in text
    assert ("source: Myanmar and Russia’s Close Post-Coup Relationship (The Irrawaddy, "
            "publication date not given)") in " ".join(text.split())


def test_attribution_filters_on_every_command() -> None:
    only = as_json("met", "Soe Win", "--attributed-to", "JUNTA")
    assert len(only) == 1 and only[0]["attributed_to"] == ["junta-controlled newspapers"]
    rest = as_json("met", "Soe Win", "--not-attributed-to", "junta")
    assert rest and not any(i["attributed_to"] for i in rest)
    # A fact the source states itself is its publisher's.
    assert len(as_json("met", "Soe Win", "--attributed-to", "Irrawaddy")) == len(rest)
    events = as_json("timeline", "--attributed-to", "Russian news agencies")
    assert {e["event_iri"].removeprefix(ID) for e in events} >= {"2021-08-russian-arms-sale"}
    assert all(e["attributed_to"] == ["Russian news agencies"] for e in events)
    assert not any(e["attributed_to"] for e in as_json("timeline", "--not-attributed-to",
                                                        "news"))
    card = as_json("show", "Soe Win", "--attributed-to", "junta")
    assert [e["attributed_to"] for e in card["events"]] == [["junta-controlled newspapers"]]
    paths = as_json("path", "Soe Win", "Min Aung Hlaing", "--via", "full")
    assert all("attributed_to" in hop for p in paths for hop in p["hops"])
    result = CliRunner().invoke(cli, ["path", "Maung Maung Aye", "Russian army officers",
                                      "--not-attributed-to", "Irrawaddy"])
    assert result.exit_code == 1  # the only link is the article's own word


# --------------------------------------------------------------------------
# What is inferred; centrality in a window
# --------------------------------------------------------------------------
def test_inferred_lists_nodes_and_statements_with_reasons() -> None:
    items = as_json("inferred")
    nodes = {i["node_iri"].removeprefix(ID) for i in items if i["what"] == "node"}
    assert "2021-min-aung-hlaing-first-visit-to-russia-since-the-coup" in nodes
    coup = [i for i in items if i["node_iri"] == ID + "2021-02-01-coup"]
    assert [(c["property"], c["values"]) for c in coup] == [("schema:location", ["Myanmar"])]
    assert coup[0]["reason"].startswith("Place inferred:")
    assert all(i["reason"] for i in items)
    text = run("inferred").stdout
    assert "why: Place inferred: the article says 'Myanmar’s military'" in " ".join(text.split())


def test_central_in_a_window() -> None:
    before = as_json("central", "--until", "2019", "--top", "0")
    assert {s["name"] for s in before} == {"Vladimir Putin", "Htin Kyaw", "Aung San Suu Kyi"}
    assert before[0]["until"] == "2019"
    june = run("central", "--since", "2021-06", "--until", "2021-06").stdout
    assert "from 2021-06 to 2021-06" in june
    bad = CliRunner().invoke(cli, ["central", "--since", "June"])
    assert bad.exit_code == 2


# --------------------------------------------------------------------------
# Tables fit the terminal
# --------------------------------------------------------------------------
@pytest.mark.parametrize("columns", [60, 100, 160])
def test_tables_wrap_to_the_terminal(columns: int) -> None:
    for args in (["timeline", "--since", "2021-06", "--until", "2021-06"], ["met", "Soe Win"],
                 ["show", "Kasatonov"], ["inferred"]):
        text = run(*args, env={"COLUMNS": str(columns)}).stdout
        assert max(len(line) for line in text.splitlines()) <= columns, (args, columns)


def test_wide_keeps_full_lines_and_json_is_unchanged() -> None:
    wide = run("timeline", "--since", "2021-06", "--until", "2021-06", "--wide",
               env={"COLUMNS": "60"}).stdout
    assert max(len(line) for line in wide.splitlines()) > 200
    narrow = as_json("timeline", "--since", "2021-06", "--until", "2021-06")
    assert as_json("timeline", "--since", "2021-06", "--until", "2021-06", "--wide") == narrow


def test_wrap_is_textwraps_answer_on_any_text() -> None:
    """The short cut for cells that fit gives what textwrap gives, on text built from
    the characters that matter to it (spaces at the ends, tabs, newlines, non-breaking
    spaces, long words)."""
    import random
    import textwrap

    from mmru_graph.cli.tables import wrap

    rng = random.Random(11)
    alphabet = ["a", "bb", "Min Aung", " ", "  ", "\t", "\n", "\xa0", "-", "“q”", "x" * 12]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 6)))
        indent, hanging = rng.choice([("", None), ("  ", None), ("1. ", "   ")])
        # (textwrap itself can loop for ever when the indent leaves no room)
        width = rng.randrange(len(indent) + 2, 30)
        expected = textwrap.wrap(text, width=width, initial_indent=indent,
                                 subsequent_indent=indent if hanging is None else hanging,
                                 break_on_hyphens=False) or [indent.rstrip()]
        assert wrap(text, width, indent, hanging) == expected, (text, width, indent)
