"""``timeline --place`` on the built store reads the place's events' neighbourhood only.

:func:`mmru_graph.analysis.place_focus.at_place` resolves the place against the labels
``build`` saved, finds the events in it from the location, part and containment
statements alone, and hands the timeline their neighbourhood. For every place and
organization of the test graphs (the article, the multi-source fixture, the tiny
world, whose unplaced talks take their trip's place), alone, within date windows
and with an actor, the timeline and its marks must be the whole graph's; the
command must print what the whole graph prints, its errors included, without
reading the whole store.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import make_world_dir
from rdflib import Graph

from mmru_graph.analysis.timeline import timeline
from mmru_graph.cli import cli
from mmru_graph.sources.provenance import Provenance
from mmru_graph.store.backends import backend_of
from mmru_graph.store.focus import FocusedBackend
from mmru_graph.store.labels import LABELS, read_labels
from mmru_graph.store.loading import load_graph

ROOT = Path(__file__).resolve().parents[1]

#: Windows around the fixtures' dates: both bounds, one, none matching.
WINDOWS = [("2021", None), (None, "2021-06"), ("2021-06-20", "2021-06-30"),
           ("2022-05", "2022-05"), ("1990", "1990")]


@pytest.fixture(scope="module")
def built_multi(built_multi_source: tuple[Path, Path]) -> tuple[Path, Path]:
    """The multi-source fixture corpus, built once per session (graph folder, store)."""
    graph_dir, out = built_multi_source
    return graph_dir, out / "store"


#: Added to the tiny world: a tour whose leg is placed elsewhere (the leg's lunch,
#: unplaced, takes the leg's and the tour's places), a facility two steps inside
#: a country, an organization as a place, a place with no event.
TRIPS = """
id:santiago a schema:City ; schema:name "Santiago" ; schema:containedInPlace id:chile .
id:callao a schema:City ; schema:name "Callao" ; schema:containedInPlace id:peru .
id:port a mmru:Facility ; schema:name "Callao port" ; schema:containedInPlace id:callao .
id:empty a schema:City ; schema:name "Empty town" ; schema:containedInPlace id:peru .
id:academy a schema:Organization ; schema:name "Naval academy" ; mmru:side id:peru .
id:tour a mmru:Visit ; schema:name "Eva's tour" ; schema:location id:lima ;
    schema:startDate "2022-07"^^xsd:gYearMonth ; schema:attendee id:eva .
id:leg a mmru:Visit ; schema:name "Leg to Santiago" ; schema:superEvent id:tour ;
    schema:location id:santiago ; schema:startDate "2022-07-10"^^xsd:date ;
    schema:attendee id:eva .
id:lunch a mmru:Meeting ; schema:name "Lunch on the leg" ; schema:superEvent id:leg ;
    schema:startDate "2022-07-11"^^xsd:date ; schema:attendee id:eva , id:ana .
id:dock a mmru:SiteVisit ; schema:name "Port visit" ; schema:location id:port ;
    schema:attendee id:luis ; mmru:noDateReason "The source does not say when." .
id:lecture a mmru:Conference ; schema:name "Academy lecture" ; schema:location id:academy ;
    schema:superEvent id:tour ; schema:startDate "2022-07-20"^^xsd:date ;
    schema:attendee id:eva , id:navy .
"""


@pytest.fixture(scope="module")
def stored_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The tiny world with :data:`TRIPS` (no sources: ``build`` would refuse it), its
    store written as ``build`` writes it (graph folder, store), as bench/make_store.py
    does."""
    from mmru_graph.build import node_labels
    from mmru_graph.namespaces import TURTLE_PREFIXES
    from mmru_graph.projection.saved import FOLDER, write_projections
    from mmru_graph.sources.conflicts import compare_sources
    from mmru_graph.sources.quads import write_quads
    from mmru_graph.sources.registry import list_sources
    from mmru_graph.sources.saved import SAVED, write_saved_conflicts
    from mmru_graph.store.loading import graph_files
    from mmru_graph.store.oxigraph import sources_manifest, write_store

    graph_dir = make_world_dir(tmp_path_factory.mktemp("place-world") / "graph")
    (graph_dir / "data" / "trips.ttl").write_text(TURTLE_PREFIXES + TRIPS, "utf-8")
    graph = load_graph(graph_dir)
    store = graph_dir.parent / "store"
    quads = graph_dir.parent / "graph.nq"
    write_quads(graph, nquads_path=quads)
    write_store(quads, store, sources_manifest(graph_dir, graph_files(graph_dir)), graph,
                labels=node_labels(graph),
                extras={FOLDER: lambda folder: write_projections(graph, folder),
                        SAVED: lambda target: write_saved_conflicts(
                            compare_sources(graph), target, list_sources(graph))})
    return graph_dir, store


def _stores(which: str, built_dir: Path, built_multi: tuple[Path, Path],
            stored_world: tuple[Path, Path]) -> tuple[Path, Path]:
    return {"article": (ROOT / "graph", built_dir / "store"), "multi": built_multi,
            "world": stored_world}[which]


def _labelled(store: Path, kinds: tuple[str, ...]) -> list[str]:
    labels = read_labels(store / LABELS, kinds)
    assert labels, "no labels"
    return [row[0] for row in labels]


def _answers(graph: Graph, place: str, actor: str | None = None, since: str | None = None,
             until: str | None = None) -> list[dict[str, Any]]:
    """The timeline's entries with the sources and disputes marked on each."""
    marks = Provenance(graph)
    return [dict(e.as_dict(), **marks.mark(e.event_iri))
            for e in timeline(graph, actor, since, until, place=place)]


def _check(whole: Graph, memory: Graph, place: str, actor: str | None = None,
           since: str | None = None, until: str | None = None) -> int:
    from mmru_graph.analysis.place_focus import at_place

    part, who, where = at_place(whole, place, actor, since, until)
    assert isinstance(backend_of(part), FocusedBackend), (place, actor)
    assert (who, where) == (actor, place)
    expected = _answers(memory, place, actor, since, until)
    assert _answers(part, place, actor, since, until) == expected, (place, actor, since, until)
    return len(expected)


@pytest.fixture
def any_share(monkeypatch: pytest.MonkeyPatch) -> None:
    """A place's events are read as a neighbourhood whatever their share of the graph's
    (beyond ``WHOLE_SHARE`` the whole graph is cheaper, and answers the same)."""
    from mmru_graph.analysis import place_focus

    monkeypatch.setattr(place_focus, "WHOLE_SHARE", float("inf"))


@pytest.mark.parametrize("which", ["article", "multi", "world"])
def test_every_places_timeline_from_its_neighbourhood_is_the_whole_graphs(
        which: str, built_dir: Path, built_multi: tuple[Path, Path],
        stored_world: tuple[Path, Path], any_share: None) -> None:
    graph_dir, store = _stores(which, built_dir, built_multi, stored_world)
    whole = load_graph(graph_dir, store="oxigraph", location=store)
    memory = load_graph(graph_dir, store="memory")
    places = _labelled(store, ("place", "organization"))
    actors = _labelled(store, ("person", "organization"))
    listed = in_window = with_actor = 0
    for number, place in enumerate(places):
        listed += _check(whole, memory, place)
        # Each window with many places (every window with every place costs minutes).
        since, until = WINDOWS[number % len(WINDOWS)]
        in_window += _check(whole, memory, place, since=since, until=until)
        # An actor of the place's events, and now and then one that may have none there.
        shown = [a["iri"] for e in timeline(memory, place=place)[:1] for a in e.actors]
        others = [actors[number % len(actors)]] if number % 3 == 0 else []
        for actor in dict.fromkeys([*shown[:1], *others]):
            with_actor += _check(whole, memory, place, actor)
    # Places hold events, windows keep some and actors some (whatever the fixture's counts).
    assert listed and in_window and with_actor


def test_memory_and_a_store_without_labels_are_answered_whole(
        built_multi: tuple[Path, Path], tmp_path: Path) -> None:
    from mmru_graph.analysis.place_focus import at_place

    graph_dir, built = built_multi
    place = _labelled(built, ("place",))[0]
    memory = load_graph(graph_dir, store="memory")
    assert at_place(memory, place, None, "2021") == (memory, None, place)
    store = tmp_path / "store"
    shutil.copytree(built, store)
    (store / LABELS).unlink()
    whole = load_graph(graph_dir, store="oxigraph", location=store)
    assert at_place(whole, place) == (whole, None, place)


def test_a_place_holding_more_than_the_share_is_answered_whole(
        built_multi: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from mmru_graph.analysis import place_focus

    graph_dir, store = built_multi
    whole = load_graph(graph_dir, store="oxigraph", location=store)
    places = _labelled(store, ("place", "organization"))
    backend = backend_of(whole)
    holding = [p for p in places if place_focus.located_within(backend, p)[0]]
    assert holding
    monkeypatch.setattr(place_focus, "WHOLE_SHARE", 0.0)
    for place in holding:
        assert place_focus.at_place(whole, place) == (whole, None, place)
        # An empty window leaves no event: nothing is more than no share.
        part, _actor, _place = place_focus.at_place(whole, place, None, "1990", "1990")
        assert isinstance(backend_of(part), FocusedBackend)
    runner = CliRunner()
    outputs = [runner.invoke(cli, ["timeline", "--place", holding[0], "--graph", str(graph_dir),
                                   *where]).output
               for where in (["--store", "memory"], ["--store-dir", str(store)])]
    assert outputs[1] == outputs[0] and outputs[0].strip()


@pytest.fixture
def whole_store_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The built store refuses its bulk reads, which projecting the whole graph
    makes (a neighbourhood is read node by node, and by a few predicates)."""
    from mmru_graph.store.oxigraph import OxigraphBackend

    def refuse(self: Any, predicates: Any, exclude: Any = ()) -> Any:
        raise AssertionError("the whole store was read")

    monkeypatch.setattr(OxigraphBackend, "triples", refuse)


def _outputs(args: list[str], built_dir: Path) -> list[tuple[int, str, str]]:
    runner = CliRunner()
    found = []
    for store in (["--store", "memory"], ["--store-dir", str(built_dir / "store")]):
        result = runner.invoke(cli, ["timeline", *args, "--graph", str(ROOT / "graph"), *store])
        found.append((result.exit_code, result.stdout, result.stderr))
    return found


@pytest.mark.parametrize("args", [
    ["--place", "Tatarstan"],                                   # the events in Kazan too
    ["--place", "Russia", "--format", "json"],
    ["--place", "Myanmar", "--since", "2021-06", "--until", "2022-12"],
    ["--place", "Russia", "--until", "2021-06", "--format", "json"],
    ["--place", "Myanmar", "--actor", "Kasatonov", "--format", "json"],
    ["--place", "Russia", "--actor", "Kasatonov"],              # none there
    ["--place", "Kazan", "--actor", "Min Aung Hlaing", "--since", "2021-06"],
    ["--place", "Defense Services Academy"],                    # an organization as a place
    ["--place", "Russia", "--not-attributed-to", "Irrawaddy"],
    ["--place", "id:china"],
])
def test_a_places_timeline_prints_the_whole_graphs_without_reading_it(
        args: list[str], built_dir: Path, whole_store_refused: None, any_share: None) -> None:
    memory, store = _outputs(args, built_dir)
    assert memory[0] == 0 and memory[1].strip() not in ("", "[]"), memory
    assert store == memory


@pytest.mark.parametrize("args", [
    ["--place", "Thilawa"],                                     # ambiguous
    ["--place", "Atlantis"],                                    # unknown: the closest names
    ["--place", "Atlantis", "--actor", "Kasatonov"],
    ["--place", "Atlantis", "--since", "2022", "--until", "2021"],  # the range is told first
])
def test_a_place_that_is_not_one_is_told_as_the_whole_graph_tells_it(
        args: list[str], built_dir: Path, whole_store_refused: None) -> None:
    memory, store = _outputs(args, built_dir)
    assert memory[0] == 2 and memory[2].startswith("Error: "), memory
    assert store == memory


@pytest.mark.parametrize("args", [
    ["--place", "Russia", "--actor", "nobody at all"],          # the whole graph says why
    ["--place", "Russia", "--actor", "Kazan"],                  # not an actor: read whole
])
def test_an_actor_that_is_not_one_actor_is_answered_whole(args: list[str],
                                                          built_dir: Path) -> None:
    memory, store = _outputs(args, built_dir)
    assert store == memory
