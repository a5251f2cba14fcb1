"""A place asked of some sources answers as the restricted whole graph does.

``timeline --place`` and ``show PLACE`` with ``--source`` / ``--exclude-source`` on
the built store read the neighbourhood of the view's events in the place as the kept
sources state it (:func:`mmru_graph.analysis.kept_focus.kept_at_place`,
:func:`~mmru_graph.analysis.kept_focus.kept_place_card`), not the whole store
restricted first. For every place and organization of the multi-source test graph,
by every name, part of a name, ``id:`` form and a misspelling, under every choice of
sources, alone, within windows and with an actor, the timeline and its marks, and a
place's card, must be those of the restricted whole store; so must the errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph
from test_kept_focus import CHOICES, _names, prints_as_memory_store

from mmru_graph.analysis.cards import entity_card
from mmru_graph.analysis.kept_focus import kept_place_card
from mmru_graph.analysis.place_focus import at_place
from mmru_graph.analysis.places import PLACE_KINDS
from mmru_graph.analysis.resolve import ACTORS, resolve_name
from mmru_graph.analysis.timeline import timeline
from mmru_graph.cli import cli
from mmru_graph.errors import NameResolutionError
from mmru_graph.sources.named import restrict
from mmru_graph.sources.provenance import Provenance
from mmru_graph.store.backends import backend_of
from mmru_graph.store.loading import load_graph
from mmru_graph.store.remote_focus import SourcedNeighbourhood

#: No bound, a year, up to a month, two days the sources dispute.
WINDOWS = [(None, None), ("2022", None), (None, "2022-03"), ("2022-02-20", "2022-02-21")]


@pytest.fixture
def any_share(monkeypatch: pytest.MonkeyPatch) -> None:
    """A place's events are read near whatever their share of the view's placed events
    (beyond ``WHOLE_SHARE`` the whole store answers: every place of a three-event
    fixture is beyond it)."""
    from mmru_graph.analysis import place_focus

    monkeypatch.setattr(place_focus, "WHOLE_SHARE", float("inf"))


@pytest.fixture(scope="module")
def whole(built_multi_source: tuple[Path, Path]) -> Graph:
    graph_dir, out = built_multi_source
    return load_graph(graph_dir, store="oxigraph", location=out / "store")


def _timeline(graph: Graph, place: str, actor: str | None, since: str | None,
              until: str | None) -> list[dict[str, Any]] | str:
    """The timeline's entries with the sources and disputes marked on each, or the
    error naming the place or the actor."""
    marks = Provenance(graph)
    try:
        return [dict(e.as_dict(), **marks.mark(e.event_iri))
                for e in timeline(graph, actor, since, until, place=place)]
    except NameResolutionError as exc:
        return str(exc)


def _near(graph: Graph, choice: Any, place: str, actor: str | None = None,
          since: str | None = None, until: str | None = None) -> tuple[Any, bool]:
    """The timeline ``at_place`` reads for ``choice``, and whether it read it near."""
    try:
        part, who, where = at_place(graph, place, actor, since, until, sources=choice)
    except NameResolutionError as exc:
        return str(exc), False
    near = isinstance(backend_of(part), SourcedNeighbourhood)
    return _timeline(part, where, who, since, until), near


def test_every_places_timeline_asked_of_some_sources_answers_the_same(
        built_multi_source: tuple[Path, Path], whole: Graph, any_share: None) -> None:
    names = _names(built_multi_source[1] / "store", PLACE_KINDS)
    near = checked = 0
    for choice in CHOICES:
        view = restrict(whole, *choice)
        for name in names:
            for since, until in WINDOWS:
                expected = _timeline(view, name, None, since, until)
                got, read_near = _near(whole, choice, name, None, since, until)
                assert got == expected, (choice, name, since, until)
                near += read_near
                checked += not isinstance(expected, str)
    # Every name that means one place of the view, partial or not, is read near.
    assert near == checked > 100


def test_a_places_timeline_of_an_actor_asked_of_some_sources_answers_the_same(
        built_multi_source: tuple[Path, Path], whole: Graph, any_share: None) -> None:
    store = built_multi_source[1] / "store"
    places = [name for name in _names(store, PLACE_KINDS) if " " in name or name.istitle()]
    actors = _names(store, ACTORS)[::4]
    near = 0
    for choice in CHOICES:
        view = restrict(whole, *choice)
        for actor in actors:
            for place in places:
                expected = _timeline(view, place, actor, None, None)
                got, read_near = _near(whole, choice, place, actor)
                assert got == expected, (choice, actor, place)
                near += read_near
    assert near > 50


def _card(graph: Graph, iri: str) -> dict[str, Any]:
    marks = Provenance(graph)
    card = entity_card(graph, iri).as_dict()
    return {"card": card, "mark": marks.mark(iri),
            "events": [marks.mark(e["event_iri"]) for e in card["events"]]}


def test_every_places_card_asked_of_some_sources_answers_the_same(
        built_multi_source: tuple[Path, Path], whole: Graph, any_share: None) -> None:
    from mmru_graph.projection.nodes import node_table

    near = 0
    for choice in CHOICES:
        view = restrict(whole, *choice)
        kinds = node_table(view).attrs
        for name in _names(built_multi_source[1] / "store", PLACE_KINDS):
            placed = kept_place_card(whole, name, *choice)
            try:
                meant = resolve_name(view, name)
            except NameResolutionError:
                meant = None
            # Read near exactly when the name means one place of the view; else show
            # asks further (an actor, an event, or the restricted whole store's error).
            assert (placed is not None) == (meant is not None
                                            and kinds[meant]["kind"] == "place"), (choice, name)
            if placed is None:
                continue
            graph, iri = placed
            assert isinstance(backend_of(graph), SourcedNeighbourhood)
            assert iri == resolve_name(view, name), (choice, name)
            assert _card(graph, iri) == _card(view, iri), (choice, name)
            near += 1
    assert near > 50


def test_a_place_beyond_its_share_is_answered_by_the_restricted_whole_store(
        whole: Graph) -> None:
    choice = ((), ("source-fixture-gamma",))
    view = restrict(whole, *choice)
    part, who, where = at_place(whole, "Russia", None, None, None, sources=choice)
    assert backend_of(part) is None and (who, where) == (None, "Russia")
    assert _timeline(part, where, None, None, None) == _timeline(view, "Russia", None, None,
                                                                 None)
    assert kept_place_card(whole, "Russia", *choice) is None


def test_a_places_events_are_bounded_by_their_share_not_as_a_hub(
        whole: Graph, any_share: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_STARTS statements pointing to them, a place's events are still read near
    (their share bounds them: a city's at 2M, 32.5 s near against 60 s whole); an actor
    asked with the place is a hub there, answered by the restricted whole store."""
    monkeypatch.setattr("mmru_graph.store.kept.MAX_STARTS", 0)
    choice = ((), ("source-fixture-gamma",))
    view = restrict(whole, *choice)
    got, near = _near(whole, choice, "Moscow")
    assert near and got == _timeline(view, "Moscow", None, None, None)
    placed = kept_place_card(whole, "Moscow", *choice)
    assert placed is not None and _card(placed[0], placed[1]) == _card(view, placed[1])
    got, near = _near(whole, choice, "Moscow", "Kyaw Zin Oo")
    assert not near and got == _timeline(view, "Moscow", "Kyaw Zin Oo", None, None)


@pytest.mark.parametrize("command", [
    ["timeline", "--place", "Moscow", "--exclude-source", "source-fixture-gamma"],
    ["timeline", "--place", "Russia", "--source", "source-fixture-alpha", "--format", "json"],
    ["timeline", "--place", "Vladivostok", "--since", "2022", "--exclude-source",
     "source-fixture-alpha"],
    ["timeline", "--place", "Moscow", "--actor", "Ivan Petrov", "--source",
     "source-fixture-beta"],
    ["show", "Moscow", "--source", "source-fixture-beta"],
    ["show", "Russia", "--exclude-source", "source-fixture-alpha", "--format", "json"],
    ["show", "Vladivostok", "--source", "source-fixture-gamma"],
])
def test_the_commands_print_the_same_without_restricting_the_whole_store(
        command: list[str], built_multi_source: tuple[Path, Path], any_share: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    prints_as_memory_store(command, built_multi_source, monkeypatch)


@pytest.mark.parametrize("command", [
    ["timeline", "--place", "Atlantis", "--source", "source-fixture-alpha"],
    ["timeline", "--place", "Moscow", "--source", "source-nowhere"],
    ["show", "Vladivostok", "--exclude-source", "source-nowhere"],
])
def test_a_wrong_place_or_source_is_told_as_the_whole_store_tells_it(
        command: list[str], built_multi_source: tuple[Path, Path]) -> None:
    graph_dir, out = built_multi_source
    runner = CliRunner()
    results = [runner.invoke(cli, [*command, "--graph", str(graph_dir), *store])
               for store in (["--store", "memory"], ["--store-dir", str(out / "store")])]
    assert results[0].exit_code == 2, results[0].output
    assert (results[1].exit_code, results[1].stdout, results[1].stderr) == \
        (results[0].exit_code, results[0].stdout, results[0].stderr)
