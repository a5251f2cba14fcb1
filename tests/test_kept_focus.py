"""Questions about an actor asked of some sources answer as the restricted whole graph does.

``met``, ``show`` and ``timeline --actor`` with ``--source`` / ``--exclude-source``
on the built store read the actor's neighbourhood as the kept sources state it
(:mod:`mmru_graph.analysis.kept_focus`, :mod:`mmru_graph.store.kept`), not the
whole store restricted first (:func:`mmru_graph.sources.named.restrict`). For every
actor and event of the test graphs and every choice of sources, the answers
(contacts, card, timeline, the sources and disputes marked on each event) must be
those of the restricted whole store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph

from mmru_graph.analysis.cards import entity_card
from mmru_graph.analysis.contacts import negative_statements, who_met
from mmru_graph.analysis.focus import CARD_KINDS, focus_on, in_window
from mmru_graph.analysis.resolve import ACTORS, resolve_name
from mmru_graph.analysis.timeline import timeline
from mmru_graph.cli import cli
from mmru_graph.errors import NameResolutionError
from mmru_graph.sources.named import restrict
from mmru_graph.sources.provenance import Provenance
from mmru_graph.store.backends import backend_of
from mmru_graph.store.labels import LABELS, read_labels
from mmru_graph.store.loading import load_graph
from mmru_graph.store.remote_focus import SourcedNeighbourhood

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["source-fixture-alpha", "source-fixture-beta", "source-fixture-gamma"]
#: Every kind of choice: one source, all but one, two, two but one of them.
CHOICES = [*(((s,), ()) for s in SOURCES), *(((), (s,)) for s in SOURCES),
           ((SOURCES[0], SOURCES[2]), ()), ((SOURCES[0], SOURCES[1]), (SOURCES[1],)),
           ((), tuple(SOURCES))]


@pytest.fixture(scope="module")
def built_multi(built_multi_source: tuple[Path, Path]) -> tuple[Path, Path]:
    """The multi-source fixture corpus, built (graph folder, build folder)."""
    return built_multi_source


def _names(store: Path, kinds: Any) -> list[str]:
    """Every name and alias of the nodes of ``kinds`` (build's labels), the last word of
    each (a part of a name: "Petrov"), each node's IRI as ``id:...``, and a misspelling."""
    labels = read_labels(store / LABELS)
    assert labels, "build wrote no labels"
    names = {label for _iri, name, kind, aliases, _folded in labels if kind in kinds
             for label in (name, *aliases)}
    parts = {name.split()[-1] for name in names}
    iris = {"id:" + iri.rsplit("/", 1)[1] for iri, _name, kind, _a, _f in labels if kind in kinds}
    return sorted(names | parts | iris | {"Petrof"})


def _answers(graph: Graph, iri: str, other: str | None = None) -> dict[str, Any]:
    """Everything met, show and timeline print about ``iri``, marks included."""
    marks = Provenance(graph)
    card = entity_card(graph, iri).as_dict()
    events = [e.as_dict() for e in timeline(graph, iri)]
    marked = {e["event_iri"] for e in events} | {e["event_iri"] for e in card["events"]}
    answers: dict[str, Any] = {"card": card, "timeline": events, "card_mark": marks.mark(iri)}
    if card["kind"] in ACTORS:
        contacts = [c.as_dict() for c in who_met(graph, iri, with_=other)]
        marked |= {c["event_iri"] for c in contacts}
        answers["contacts"] = contacts
        answers["between"] = [marks.mark(c["event_iri"], between=(iri, c["counterpart_iri"]))
                              for c in contacts]
    if other is not None:
        answers["negative"] = [s.as_dict() for s in negative_statements(graph, iri, with_=other)]
    answers["marks"] = {event: marks.mark(event) for event in sorted(marked)}
    return answers


def _resolved(graph: Graph, name: str, kinds: Any) -> str | Exception:
    try:
        return resolve_name(graph, name, kinds=kinds)
    except NameResolutionError as exc:
        return exc


def _check(whole: Graph, names: list[str], kinds: Any, focusable: Any) -> tuple[int, int]:
    """For each choice of sources and name: the same answers, or the same error.
    Returns how many answers came from a neighbourhood, and how many in all."""
    kept = checked = 0
    for choice in CHOICES:
        view = restrict(whole, *choice)
        for name in names:
            expected = _resolved(view, name, kinds)
            if isinstance(expected, Exception):
                # Told by the labels of the view, or by the restricted whole store.
                try:
                    graph, _focus = focus_on(whole, [name], kinds, focusable=focusable,
                                             sources=choice)
                except NameResolutionError as exc:
                    told = str(exc)
                else:
                    assert backend_of(graph) is None, (choice, name)
                    told = str(_resolved(graph, name, kinds))
                assert told == str(expected), (choice, name)
                continue
            graph, focus = focus_on(whole, [name], kinds, focusable=focusable, sources=choice)
            if isinstance(backend_of(graph), SourcedNeighbourhood):
                assert focus == [expected], (choice, name)
                kept += 1
            else:  # answered by the restricted whole store
                assert focus == [name] and backend_of(graph) is None, (choice, name)
            assert _answers(graph, expected) == _answers(view, expected), (choice, name)
            checked += 1
    return kept, checked


def test_every_actor_and_choice_of_sources_answers_the_same(
        built_multi: tuple[Path, Path]) -> None:
    graph_dir, out = built_multi
    whole = load_graph(graph_dir, store="oxigraph", location=out / "store")
    kept, checked = _check(whole, _names(out / "store", ACTORS), ACTORS, ACTORS)
    # Every name that means one actor of the view, partial or not, is read near.
    assert kept == checked > 100


def test_every_event_card_and_choice_of_sources_answers_the_same(
        built_multi: tuple[Path, Path]) -> None:
    graph_dir, out = built_multi
    whole = load_graph(graph_dir, store="oxigraph", location=out / "store")
    kept, checked = _check(whole, _names(out / "store", {"event"}), None, CARD_KINDS)
    assert 0 < kept < checked  # a part of a name may mean a place: answered whole


def test_a_pair_asked_of_some_sources_answers_the_same(built_multi: tuple[Path, Path]) -> None:
    """``met A --with B``: the sources' negative statement ("has never met") and the
    meeting another source reports, each kept or left out with its source."""
    graph_dir, out = built_multi
    whole = load_graph(graph_dir, store="oxigraph", location=out / "store")
    pair = ["Kyaw Zin Oo", "Ivan Petrov"]
    for choice in CHOICES:
        view = restrict(whole, *choice)
        iris = [resolve_name(view, name, kinds=ACTORS) for name in pair]
        graph, focus = focus_on(whole, pair, sources=choice)
        assert isinstance(backend_of(graph), SourcedNeighbourhood), choice
        assert focus == iris
        assert _answers(graph, *iris) == _answers(view, *iris), choice


def test_every_actor_of_the_article_asked_of_its_source_answers_the_same(
        built_dir: Path) -> None:
    whole = load_graph(ROOT / "graph", store="oxigraph", location=built_dir / "store")
    source = "source-irrawaddy-2021"
    names = _names(built_dir / "store", ACTORS)[::3]  # a third of them: the article is big
    for choice in (((source,), ()), ((), (source,))):
        view = restrict(whole, *choice)
        for name in names:
            expected = _resolved(view, name, ACTORS)
            if isinstance(expected, Exception):
                continue
            graph, _focus = focus_on(whole, [name], sources=choice)
            assert _answers(graph, expected) == _answers(view, expected), (choice, name)


def test_an_unknown_source_is_told_as_the_whole_store_tells_it(
        built_multi: tuple[Path, Path]) -> None:
    graph_dir, out = built_multi
    runner = CliRunner()
    results = [runner.invoke(cli, ["met", "Ivan Petrov", "--source", "source-nowhere",
                                   "--graph", str(graph_dir), *store])
               for store in (["--store", "memory"], ["--store-dir", str(out / "store")])]
    assert results[0].exit_code == 2 and "unknown source 'source-nowhere'" in results[0].stderr
    assert (results[1].exit_code, results[1].stderr) == (results[0].exit_code,
                                                         results[0].stderr)


@pytest.mark.parametrize("command", [
    ["met", "Kyaw Zin Oo", "--exclude-source", "source-fixture-gamma"],
    ["met", "Kyaw Zin Oo", "--with", "Ivan Petrov", "--source", "source-fixture-alpha",
     "--format", "json"],
    ["show", "Kyaw Zin Oo", "--source", "source-fixture-beta"],
    ["timeline", "--actor", "Ivan Petrov", "--exclude-source", "source-fixture-alpha",
     "--format", "json"],
    ["timeline", "--since", "2022-02", "--exclude-source", "source-fixture-beta"],
])
def test_the_commands_print_the_same_without_restricting_the_whole_store(
        command: list[str], built_multi: tuple[Path, Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    prints_as_memory_store(command, built_multi, monkeypatch)


def prints_as_memory_store(command: list[str], built: tuple[Path, Path],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """``command`` on the built store prints what it prints on ``--store memory``, its
    stderr included, without the whole store being restricted."""
    graph_dir, out = built
    runner = CliRunner()
    memory = runner.invoke(cli, [*command, "--graph", str(graph_dir), "--store", "memory"])
    assert memory.exit_code == 0, memory.output
    assert memory.stdout.strip()

    def refused(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the whole store was restricted")

    monkeypatch.setattr("mmru_graph.sources.named._restrict_store", refused)
    stored = runner.invoke(cli, [*command, "--graph", str(graph_dir),
                                 "--store-dir", str(out / "store")])
    assert (stored.exit_code, stored.stdout, stored.stderr) == \
        (memory.exit_code, memory.stdout, memory.stderr)


def test_a_hub_is_answered_by_the_restricted_whole_store(built_multi: tuple[Path, Path],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_STARTS statements pointing to the actor, its neighbourhood is much of
    the graph: the whole store restricted answers (faster), the same."""
    graph_dir, out = built_multi
    whole = load_graph(graph_dir, store="oxigraph", location=out / "store")
    choice: tuple[tuple[str, ...], tuple[str, ...]] = ((), (SOURCES[2],))
    near, _focus = focus_on(whole, ["Kyaw Zin Oo"], sources=choice)
    assert isinstance(backend_of(near), SourcedNeighbourhood)
    monkeypatch.setattr("mmru_graph.store.kept.MAX_STARTS", 0)
    graph, focus = focus_on(whole, ["Kyaw Zin Oo"], sources=choice)
    assert backend_of(graph) is None and focus == ["Kyaw Zin Oo"]
    iri = resolve_name(graph, "Kyaw Zin Oo", kinds=ACTORS)
    assert _answers(graph, iri) == _answers(near, iri)


def test_disputes_saved_by_other_code_are_found_in_the_neighbourhood(
        built_multi: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store whose saved disputes another version's code wrote: a question about an
    actor compares the sources on its neighbourhood's quads, not on the whole store
    (at 10M triples: 426 s and 16.9 GB), and answers as the store built by this code."""
    import json
    import shutil

    graph_dir, out = built_multi
    stale = tmp_path / "store"
    shutil.copytree(out / "store", stale)
    saved = json.loads((stale / "sources.json").read_text("utf-8"))
    saved["digest"] = "written by another version"
    (stale / "sources.json").write_text(json.dumps(saved), "utf-8")
    current = load_graph(graph_dir, store="oxigraph", location=out / "store")
    whole = load_graph(graph_dir, store="oxigraph", location=stale)

    def refused(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the sources were compared on the whole store")

    monkeypatch.setattr("mmru_graph.store.sourced.sourced_dataset", refused)
    labels = read_labels(out / "store" / LABELS) or []
    actors = sorted(iri for iri, _n, kind, _a, _f in labels if kind in ACTORS)
    assert len(actors) >= 5
    for iri in actors:
        graph, focus = focus_on(whole, [iri])
        assert isinstance(backend_of(graph), SourcedNeighbourhood) and focus == [iri]
        near, _ = focus_on(current, [iri])
        assert _answers(graph, iri) == _answers(near, iri), iri


#: Windows of the timeline: a year, up to a month, two days the sources dispute, all.
WINDOWS = [("2022", None), (None, "2022-03"), ("2022-02-20", "2022-02-21"), ("2021", "2023")]


def _window(graph: Graph, since: str | None, until: str | None) -> Any:
    marks = Provenance(graph)
    entries = [e.as_dict() for e in timeline(graph, None, since, until)]
    return entries, {e["event_iri"]: marks.mark(e["event_iri"]) for e in entries}


def test_a_window_asked_of_some_sources_answers_the_same(built_multi: tuple[Path, Path]) -> None:
    """``timeline --since/--until`` with sources: the nodes the view dates in the window,
    read as the view states them, give the restricted whole store's timeline."""
    graph_dir, out = built_multi
    whole = load_graph(graph_dir, store="oxigraph", location=out / "store")
    near = 0
    for choice in CHOICES:
        view = restrict(whole, *choice)
        for since, until in WINDOWS:
            graph = in_window(whole, since, until, sources=choice)
            near += isinstance(backend_of(graph), SourcedNeighbourhood)
            assert _window(graph, since, until) == _window(view, since, until), (choice, since)
    assert near == len(CHOICES) * len(WINDOWS)


def test_a_window_is_bounded_by_its_share_of_the_dated_nodes_not_as_a_hub(
        built_multi: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_STARTS statements pointing to its nodes, a window is still read near
    while it holds no more than WHOLE_SHARE of the view's dated nodes (a year at 2M:
    50 s near, 70 s whole); beyond, the restricted whole store answers. Either way the
    same timeline."""
    from mmru_graph.analysis.focus import dated_within
    from mmru_graph.analysis.kept_focus import kept_graphs
    from mmru_graph.analysis.place_focus import WHOLE_SHARE
    from mmru_graph.store.kept import KeptLookup

    graph_dir, out = built_multi
    whole = load_graph(graph_dir, store="oxigraph", location=out / "store")
    monkeypatch.setattr("mmru_graph.store.kept.MAX_STARTS", 0)
    seen = set()
    for choice in CHOICES:
        view = restrict(whole, *choice)
        kept = kept_graphs(backend_of(whole), *choice)
        assert kept is not None
        lookup = KeptLookup(backend_of(whole), kept)
        for since, until in WINDOWS:
            share = len(dated_within(lookup, since, until)) / max(
                1, len(dated_within(lookup, None, None)))
            graph = in_window(whole, since, until, sources=choice)
            near = isinstance(backend_of(graph), SourcedNeighbourhood)
            assert near == (share <= WHOLE_SHARE), (choice, since, until, share)
            seen.add(near)
            assert _window(graph, since, until) == _window(view, since, until), (choice, since)
    assert seen == {True, False}
