"""Questions about one actor answered from its neighbourhood answer as the whole graph does.

``met``, ``show`` and ``timeline --actor`` on the built Oxigraph store read
only the actor's neighbourhood (:mod:`mmru_graph.analysis.focus`). For every
actor of a built graph, the answers (contacts, card, timeline, and the
sources and disputes marked on each event) must be those of the whole store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph

from mmru_graph.analysis.cards import entity_card
from mmru_graph.analysis.contacts import negative_statements, who_met
from mmru_graph.analysis.focus import focus_on
from mmru_graph.analysis.resolve import ACTORS
from mmru_graph.analysis.timeline import timeline
from mmru_graph.cli import cli
from mmru_graph.sources.provenance import Provenance
from mmru_graph.store.backends import backend_of
from mmru_graph.store.focus import FocusedBackend
from mmru_graph.store.labels import LABELS, read_labels
from mmru_graph.store.loading import load_graph

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built_multi(built_multi_source: tuple[Path, Path]) -> tuple[Path, Path]:
    """The multi-source fixture corpus, built (graph folder, build folder)."""
    return built_multi_source


def _actors(store: Path) -> list[str]:
    labels = read_labels(store / LABELS)
    assert labels, "build wrote no labels"
    return sorted(iri for iri, _name, kind, _aliases, _folded in labels
                  if kind in ("person", "organization"))


def _answers(graph: Graph, iri: str, other: str | None = None) -> dict[str, Any]:
    """Everything met, show and timeline print about ``iri``, marks included."""
    marks = Provenance(graph)
    contacts = [c.as_dict() for c in who_met(graph, iri, with_=other)]
    card = entity_card(graph, iri).as_dict()
    events = [e.as_dict() for e in timeline(graph, iri)]
    marked = {c["event_iri"] for c in contacts} | {e["event_iri"] for e in events} | {
        e["event_iri"] for e in card["events"]}
    answers = {"contacts": contacts, "card": card, "timeline": events,
               "marks": {event: marks.mark(event) for event in sorted(marked)},
               "card_mark": marks.mark(card["iri"])}
    if other is not None:
        answers["negative"] = [s.as_dict() for s in negative_statements(graph, iri, with_=other)]
    return answers


def _check_every_actor(store: Path, graph_dir: Path) -> int:
    whole = load_graph(graph_dir, store="oxigraph", location=store)
    checked = 0
    for iri in _actors(store):
        focused, names = focus_on(whole, [iri])
        assert isinstance(backend_of(focused), FocusedBackend), iri
        assert names == [iri]
        assert _answers(focused, iri) == _answers(whole, iri), iri
        # --with: the pair's neighbourhood, for each counterpart
        for other in sorted({c.counterpart_iri for c in who_met(whole, iri)})[:3]:
            pair, _ = focus_on(whole, [iri, other])
            assert _answers(pair, iri, other) == _answers(whole, iri, other), (iri, other)
        checked += 1
    return checked


def test_every_actor_of_a_multi_source_graph_answers_the_same(
        built_multi: tuple[Path, Path]) -> None:
    graph_dir, out = built_multi
    assert _check_every_actor(out / "store", graph_dir) >= 5


def test_every_actor_of_the_article_answers_the_same(built_dir: Path) -> None:
    assert _check_every_actor(built_dir / "store", ROOT / "graph") >= 20


def test_a_neighbourhood_is_smaller_than_the_graph(built_dir: Path) -> None:
    whole = load_graph(ROOT / "graph", store="oxigraph", location=built_dir / "store")
    focused, names = focus_on(whole, ["Kasatonov"])
    backend = backend_of(focused)
    assert isinstance(backend, FocusedBackend)
    assert names == ["https://w3id.org/mmru-graph/id/vladimir-kasatonov"]
    assert 0 < len(backend) < len(whole) / 2


@pytest.mark.parametrize("names", [["Kazan"],               # a place: not an actor
                                   ["Kasatonov", "Vice Admiral Kasatonov"]])  # the same one
def test_what_is_not_one_actor_is_answered_by_the_whole_graph(built_dir: Path,
                                                              names: list[str]) -> None:
    whole = load_graph(ROOT / "graph", store="oxigraph", location=built_dir / "store")
    assert focus_on(whole, names, kinds=None) == (whole, names)


#: Names that mean no actor or several: ambiguous, unknown, misspelt, a second name.
BAD_NAMES = [["Vladimir"], ["nobody at all"], ["Kasatonv"], ["Min Aung Hlain"],
             ["Min Aung Hlaing", "Putn"], ["Kazan"]]


@pytest.mark.parametrize("names", BAD_NAMES)
@pytest.mark.parametrize("kinds", [ACTORS, None])
def test_a_name_that_is_not_one_node_is_told_as_the_whole_graph_tells_it(
        built_dir: Path, names: list[str], kinds: Any) -> None:
    """The labels ``build`` saved judge a name as the whole graph's node table does:
    the same error, suggestions included, without reading the whole store."""
    from mmru_graph.analysis.resolve import resolve_name
    from mmru_graph.errors import NameResolutionError

    whole = load_graph(ROOT / "graph", store="oxigraph", location=built_dir / "store")
    memory = load_graph(ROOT / "graph", store="memory")
    expected = None
    for name in names:
        try:
            resolve_name(memory, name, kinds=kinds)
        except NameResolutionError as exc:
            expected = str(exc)
            break
    if expected is None:  # every name is one node: e.g. Kazan when any kind will do
        assert focus_on(whole, names, kinds=kinds)[1] != names or kinds is None
        return
    with pytest.raises(NameResolutionError) as raised:
        focus_on(whole, names, kinds=kinds)
    assert str(raised.value) == expected


@pytest.mark.parametrize("args", [["met", "Kasatonv"], ["met", "Vladimir"],
                                  ["met", "Min Aung Hlaing", "--with", "Putn"],
                                  ["show", "Min Aung Hlaingg"], ["show", "Vladimir"],
                                  ["timeline", "--actor", "nobody at all"]])
def test_the_commands_tell_a_bad_name_as_the_whole_graph_without_reading_it(
        args: list[str], built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mmru_graph.store.oxigraph import OxigraphBackend

    runner = CliRunner()
    memory = runner.invoke(cli, [*args, "--graph", str(ROOT / "graph"), "--store", "memory"])
    assert memory.exit_code == 2, memory.output

    def refused(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the whole store was read")

    monkeypatch.setattr(OxigraphBackend, "triples", refused)
    stored = runner.invoke(cli, [*args, "--graph", str(ROOT / "graph"),
                                 "--store-dir", str(built_dir / "store")])
    assert (stored.exit_code, stored.stdout, stored.stderr) == \
        (memory.exit_code, memory.stdout, memory.stderr)


def test_a_store_without_labels_is_answered_whole(built_multi: tuple[Path, Path],
                                                  tmp_path: Path) -> None:
    import shutil

    graph_dir, out = built_multi
    store = tmp_path / "store"
    shutil.copytree(out / "store", store)
    (store / LABELS).unlink()
    whole = load_graph(graph_dir, store="oxigraph", location=store)
    actor = _actors(out / "store")[0]
    assert focus_on(whole, [actor]) == (whole, [actor])


def test_the_commands_print_the_same_focused(built_multi: tuple[Path, Path]) -> None:
    graph_dir, out = built_multi
    actor = _actors(out / "store")[0]
    runner = CliRunner()
    for command in (["met", actor], ["show", actor, "--format", "json"],
                    ["timeline", "--actor", actor]):
        outputs = [runner.invoke(cli, [*command, "--graph", str(graph_dir), *store])
                   for store in (["--store", "memory"], ["--store-dir", str(out / "store")])]
        assert outputs[0].exit_code == 0, outputs[0].output
        assert outputs[1].stdout == outputs[0].stdout, command


@pytest.mark.parametrize("command", [
    ["met", "Min Aung Hlaing", "--since", "2021-06", "--until", "2022-12"],
    ["met", "Soe Win", "--not-attributed-to", "junta"],
    ["met", "Putin", "--with", "Min Aung Hlaing", "--format", "json"],
    ["timeline", "--actor", "Kasatonov", "--format", "json"],
    ["show", "Fomin", "--attributed-to", "Irrawaddy"],
])
def test_filters_answer_the_same_focused(command: list[str], built_dir: Path) -> None:
    runner = CliRunner()
    outputs = [runner.invoke(cli, [*command, "--graph", str(ROOT / "graph"), *store])
               for store in (["--store", "memory"], ["--store-dir", str(built_dir / "store")])]
    assert outputs[0].exit_code == 0, outputs[0].output
    assert outputs[0].output.strip()
    assert outputs[1].output == outputs[0].output


def _path_marks(store: Path, graph_dir: Path) -> int:
    """Every actor-to-actor path's marks, from the hop events' neighbourhood and whole."""
    from itertools import combinations

    from mmru_graph.analysis.focus import around
    from mmru_graph.analysis.paths import explain_paths
    from mmru_graph.errors import NoPathError

    whole = load_graph(graph_dir, store="oxigraph", location=store)
    everything = Provenance(whole)
    checked = 0
    for a, b in combinations(_actors(store), 2):
        try:
            paths = explain_paths(whole, a, b, via="actors", k=2)
        except NoPathError:
            continue
        near = around(whole, [h.event_iri for p in paths for h in p.hops if h.event_iri])
        assert isinstance(backend_of(near), FocusedBackend)
        marks = Provenance(near)
        for found in paths:
            for hop in found.hops:
                ends = (hop.source_iri, hop.target_iri)
                assert marks.mark(hop.event_iri, between=ends) == everything.mark(
                    hop.event_iri, between=ends), (a, b, hop.event_iri)
                assert marks.lines(hop.event_iri, between=ends) == everything.lines(
                    hop.event_iri, between=ends)
                checked += 1
    return checked


def test_path_marks_from_the_events_neighbourhood_are_the_whole_graphs(
        built_multi: tuple[Path, Path], built_dir: Path) -> None:
    graph_dir, out = built_multi
    assert _path_marks(out / "store", graph_dir) >= 3
    assert _path_marks(built_dir / "store", ROOT / "graph") >= 20


#: Windows of every width, both bounds and one, around the fixtures' dates.
WINDOWS = [("2016", "2019"), ("2021", None), (None, "2021-06"), ("2021-06", "2021-06"),
           ("2021-06-20", "2021-06-30"), ("2021-09", "2021-10-29"), ("2022", "2022"),
           ("2022-02", "2022-02-20"), ("2023", None), ("1990", "1990")]


def _window_answers(graph: Graph, since: str | None, until: str | None) -> list[Any]:
    marks = Provenance(graph)
    return [dict(e.as_dict(), **marks.mark(e.event_iri))
            for e in timeline(graph, since=since, until=until)]


@pytest.mark.parametrize("which", ["article", "multi"])
def test_a_windows_timeline_from_its_neighbourhood_is_the_whole_graphs(
        which: str, built_multi: tuple[Path, Path], built_dir: Path) -> None:
    from mmru_graph.analysis.focus import in_window

    graph_dir, store = ((ROOT / "graph", built_dir / "store") if which == "article"
                        else (built_multi[0], built_multi[1] / "store"))
    whole = load_graph(graph_dir, store="oxigraph", location=store)
    memory = load_graph(graph_dir, store="memory")
    listed = 0
    for since, until in WINDOWS:
        part = in_window(whole, since, until)
        assert isinstance(backend_of(part), FocusedBackend)
        expected = _window_answers(memory, since, until)
        assert _window_answers(part, since, until) == expected, (since, until)
        listed += len(expected)
    assert listed >= 3  # the windows list events (the multi-source fixture has five)
    assert in_window(whole, None, None) is whole
    assert in_window(memory, "2021", None) is memory


def test_a_bad_query_parameter_is_judged_once_from_the_labels(
        built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A named query's name parameter that names nothing: the error the whole graph
    gives, from every node's labels read once (the store's table is already whole)."""
    from mmru_graph.analysis import focus

    args = ["sparql", "meetings-of-actor", "--param", "actor=Kasatonv", "--graph",
            str(ROOT / "graph")]
    runner = CliRunner()
    memory = runner.invoke(cli, [*args, "--store", "memory"])
    assert memory.exit_code == 2 and "did you mean" in memory.stderr, memory.output
    tables: list[Any] = []
    whole_table = focus.name_table

    def counted(*args: Any, **kwargs: Any) -> Any:
        tables.append(args)
        return whole_table(*args, **kwargs)

    monkeypatch.setattr(focus, "name_table", counted)
    stored = runner.invoke(cli, [*args, "--store-dir", str(built_dir / "store")])
    assert (stored.exit_code, stored.stderr) == (memory.exit_code, memory.stderr)
    assert len(tables) == 1


@pytest.mark.parametrize("args", [["path", "Fomin", "Kasatonov", "--via", "full"],
                                  ["path", "Soe Win", "Kasatonov", "--via", "full", "--k", "3",
                                   "--format", "json"],
                                  ["path", "Min Aung Hlaing", "Putin", "--via", "full"]])
def test_a_full_paths_marks_come_from_its_events_neighbourhood(
        args: list[str], built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through every statement, each hop that has an event is marked from the events'
    neighbourhood, as through actors: never a whole predicate of the store."""
    from mmru_graph.store.oxigraph import OxigraphBackend

    runner = CliRunner()
    memory = runner.invoke(cli, [*args, "--graph", str(ROOT / "graph"), "--store", "memory"])
    assert memory.exit_code == 0 and "source" in memory.stdout, memory.output

    def refused(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the whole store was read")

    monkeypatch.setattr(OxigraphBackend, "triples", refused)
    stored = runner.invoke(cli, [*args, "--graph", str(ROOT / "graph"),
                                 "--store-dir", str(built_dir / "store")])
    assert (stored.exit_code, stored.stdout) == (memory.exit_code, memory.stdout)
