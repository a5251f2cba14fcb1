"""``show EVENT`` and ``show PLACE`` on the built store read a part of the graph only.

:func:`mmru_graph.analysis.focus.focus_on` with ``focusable=CARD_KINDS`` hands the
card of an event the neighbourhood of that event (what points to it, its parts,
annotations and claims, and everything they point to). For every event of the test
graphs (the article, the multi-source fixture, the tiny world with a tour whose legs
and lunch are parts of parts), the card and the sources and disputes marked on it
must be the whole graph's, with and without an attribution filter; the command must
print what the whole graph prints without reading the whole store. A place's card is
read from its events' neighbourhood and what points to it
(:func:`mmru_graph.analysis.place_focus.place_card_part`), checked the same way for
every place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph
from test_place_focus import built_multi, stored_world  # noqa: F401 - fixtures

from mmru_graph.analysis.cards import entity_card
from mmru_graph.analysis.focus import CARD_KINDS, focus_on
from mmru_graph.cli import cli
from mmru_graph.sources.provenance import Provenance
from mmru_graph.store.backends import backend_of
from mmru_graph.store.focus import FocusedBackend
from mmru_graph.store.labels import LABELS, read_labels
from mmru_graph.store.loading import load_graph

ROOT = Path(__file__).resolve().parents[1]


def _stores(which: str, built_dir: Path, multi: tuple[Path, Path],
            world: tuple[Path, Path]) -> tuple[Path, Path]:
    return {"article": (ROOT / "graph", built_dir / "store"), "multi": multi,
            "world": world}[which]


def _events(store: Path) -> list[str]:
    labels = read_labels(store / LABELS, ("event",))
    assert labels, "no events"
    return [row[0] for row in labels]


def _card(graph: Graph, iri: str, **filters: str) -> dict[str, Any]:
    """The card and every mark ``show`` prints on it."""
    marks = Provenance(graph)
    card = entity_card(graph, iri, **filters).as_dict()
    return {"card": card, "mark": marks.mark(card["iri"]),
            "events": {e["event_iri"]: marks.mark(e["event_iri"]) for e in card["events"]}}


@pytest.mark.parametrize("which", ["article", "multi", "world"])
def test_every_events_card_from_its_neighbourhood_is_the_whole_graphs(
        which: str, built_dir: Path, built_multi: tuple[Path, Path],  # noqa: F811
        stored_world: tuple[Path, Path]) -> None:  # noqa: F811
    graph_dir, store = _stores(which, built_dir, built_multi, stored_world)
    whole = load_graph(graph_dir, store="oxigraph", location=store)
    events = _events(store)
    for iri in events:
        focused, names = focus_on(whole, [iri], kinds=None, focusable=CARD_KINDS)
        assert isinstance(backend_of(focused), FocusedBackend) and names == [iri], iri
        assert _card(focused, iri) == _card(whole, iri), iri
        for filters in ({"attributed_to": "Wire"}, {"not_attributed_to": "Wire"}):
            assert _card(focused, iri, **filters) == _card(whole, iri, **filters), (iri, filters)
    assert len(events) >= 2


def test_a_place_is_still_answered_whole(built_dir: Path) -> None:
    """A place's events may be any number of containment steps away."""
    whole = load_graph(ROOT / "graph", store="oxigraph", location=built_dir / "store")
    assert focus_on(whole, ["Kazan"], kinds=None, focusable=CARD_KINDS) == (whole, ["Kazan"])


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_show_an_event_prints_the_whole_graphs_card_without_reading_it(
        fmt: str, built_multi: tuple[Path, Path],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    from mmru_graph.store.oxigraph import OxigraphBackend

    graph_dir, store = built_multi
    expected = {}
    for iri in _events(store):
        memory = CliRunner().invoke(cli, ["show", iri, "--format", fmt, "--graph",
                                          str(graph_dir), "--store", "memory"])
        assert memory.exit_code == 0, memory.output
        expected[iri] = memory.stdout

    def refused(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the whole store was read")

    monkeypatch.setattr(OxigraphBackend, "triples", refused)
    for iri, text in expected.items():
        shown = CliRunner().invoke(cli, ["show", iri, "--format", fmt, "--graph",
                                         str(graph_dir), "--store-dir", str(store)])
        assert shown.exit_code == 0, shown.output
        assert shown.stdout == text, iri


def _places(store: Path) -> list[str]:
    return [row[0] for row in read_labels(store / LABELS, ("place",))]


@pytest.mark.parametrize("which", ["article", "multi", "world"])
def test_every_places_card_from_its_part_is_the_whole_graphs(
        which: str, built_dir: Path, built_multi: tuple[Path, Path],  # noqa: F811
        stored_world: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """A place's card (the events anywhere inside it, the places inside it, what is
    located there) from its events' neighbourhood and what points to it; every
    place, however many events it holds (the share that sends a country to the
    whole graph is lifted)."""
    from mmru_graph.analysis import place_focus

    monkeypatch.setattr(place_focus, "WHOLE_SHARE", float("inf"))
    graph_dir, store = _stores(which, built_dir, built_multi, stored_world)
    whole = load_graph(graph_dir, store="oxigraph", location=store)
    places = _places(store)
    for iri in places:
        part, name = place_focus.place_card_part(whole, iri)
        assert isinstance(backend_of(part), FocusedBackend) and name == iri, iri
        assert _card(part, iri) == _card(whole, iri), iri
        for filters in ({"attributed_to": "Wire"}, {"not_attributed_to": "Wire"}):
            assert _card(part, iri, **filters) == _card(whole, iri, **filters), (iri, filters)
    assert len(places) >= 3


@pytest.mark.parametrize("name", ["Kazan", "Moscow", "Naypyitaw", "Russia", "Myanmar"])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_show_a_place_prints_the_whole_graphs_card_without_reading_it(
        name: str, fmt: str, built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mmru_graph.analysis import place_focus
    from mmru_graph.store.oxigraph import OxigraphBackend

    args = ["show", name, "--format", fmt, "--graph", str(ROOT / "graph")]
    memory = CliRunner().invoke(cli, [*args, "--store", "memory"])
    assert memory.exit_code == 0, memory.output

    def refused(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the whole store was read")

    monkeypatch.setattr(place_focus, "WHOLE_SHARE", float("inf"))
    monkeypatch.setattr(OxigraphBackend, "triples", refused)
    shown = CliRunner().invoke(cli, [*args, "--store-dir", str(built_dir / "store")])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == memory.stdout
