"""A page of a graph beyond its budget is bounded and says what it left out (issue 11).

The graph is a small synthetic corpus (bench/make_corpus.py, TEST DATA, not
news) built once into a temporary directory, so both ways of choosing are
exercised: from projections of the whole graph (the memory store) and from
the built Oxigraph store's labels and links (:func:`mmru_graph.view.select.read_selection`).
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from mmru_graph.cli.main import cli
from mmru_graph.dates import in_range
from mmru_graph.projection.graphs import actor_graph, full_graph
from mmru_graph.store.loading import load_graph
from mmru_graph.view.page import MAX_ACTORS, MAX_FULL_NODES, write_network_html
from mmru_graph.view.select import Budget, read_selection

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 8


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built synthetic corpus of ~4,000 triples (about 40 actors, 170 events)."""
    from mmru_graph.build import build_graph

    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    make_corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_corpus)
    target = tmp_path_factory.mktemp("corpus") / "graph"
    make_corpus.write_corpus(4000, target)
    build_graph(target, target / "build")
    return target


@pytest.fixture(scope="module")
def whole(corpus: Path) -> Graph:
    return load_graph(corpus)


@pytest.fixture(scope="module")
def stored(corpus: Path) -> Graph:
    return load_graph(corpus, store="oxigraph", location=corpus / "build" / "store")


@pytest.fixture(scope="module")
def projections(whole: Graph) -> tuple[nx.MultiDiGraph, nx.Graph]:
    return full_graph(whole), actor_graph(whole)


def page_json(path: Path) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="mmru-data">(.*?)</script>',
                      path.read_text("utf-8"), re.S)
    assert match
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def drawn(data: dict[str, Any], view: str) -> list[dict[str, Any]]:
    """The entity records of the nodes a view draws."""
    return [data["entities"][node["id"]] for node in data["views"][view]["nodes"]]


def write(graph: Graph, tmp_path: Path, name: str, **options: Any) -> tuple[Any, dict[str, Any]]:
    path = tmp_path / f"{name}.html"
    summary = write_network_html(graph, path, **options)
    return summary, page_json(path)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_the_best_connected_actors_and_the_events_among_them(
        store: str, whole: Graph, stored: Graph, projections: tuple[nx.MultiDiGraph, nx.Graph],
        tmp_path: Path) -> None:
    full, actors = projections
    summary, data = write(whole if store == "memory" else stored, tmp_path, store,
                          max_nodes=BUDGET)
    shown = {e["iri"] for e in drawn(data, "actors")}
    assert len(shown) == BUDGET < actors.number_of_nodes()
    # No actor left out has more links than one drawn.
    assert min(actors.degree(a) for a in shown) >= max(
        actors.degree(a) for a in actors if a not in shown)
    budget = Budget.for_actors(BUDGET, MAX_ACTORS, MAX_FULL_NODES)
    nodes = drawn(data, "full")
    assert len(nodes) == summary.views["full"][0] <= budget.full
    events = {e["iri"] for e in nodes if e["kind"] == "event"}
    assert events and all(shown & set(nx.all_neighbors(full, e)) for e in events)
    # The page's data holds nothing it does not draw: no other actor, no other event.
    assert {e["iri"] for e in data["entities"] if e["kind"] == "event"} == events
    assert {e["iri"] for e in data["entities"] if e["kind"] in ("person", "organization")} \
        == shown
    # The actor view's links go through drawn events only.
    for edge in data["views"]["actors"]["edges"]:
        assert {data["entities"][ref]["iri"] for ref in edge["events"]} <= events
    total_events = sum(1 for _n, kind in full.nodes(data="kind") if kind == "event")
    assert summary.notice == (
        f"Showing the {BUDGET} best-connected of {actors.number_of_nodes()} actors and "
        f"{len(events)} of {total_events} events; to see others: mmru-graph view --focus NAME "
        "[--depth N], --since/--until DATE, or --max-nodes N.")


def test_both_stores_choose_the_same(whole: Graph, stored: Graph, tmp_path: Path) -> None:
    pages = [write(graph, tmp_path, name, max_nodes=BUDGET)
             for name, graph in (("memory", whole), ("oxigraph", stored))]
    (memory, from_memory), (oxigraph, from_store) = pages
    assert memory.notice == oxigraph.notice and memory.views == oxigraph.views
    for view in ("actors", "full"):
        assert {e["iri"] for e in drawn(from_memory, view)} == \
            {e["iri"] for e in drawn(from_store, view)}


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_date_window_leaves_the_other_events_out(
        store: str, whole: Graph, stored: Graph, projections: tuple[nx.MultiDiGraph, nx.Graph],
        tmp_path: Path) -> None:
    full, _actors = projections
    dated = sorted(d["start"] for _n, d in full.nodes(data=True) if d["kind"] == "event")
    since, until = dated[len(dated) // 3][:7], dated[2 * len(dated) // 3][:7]
    summary, data = write(whole if store == "memory" else stored, tmp_path, store,
                          max_nodes=BUDGET, since=since, until=until)
    events = [full.nodes[e["iri"]] for e in data["entities"] if e["kind"] == "event"]
    assert events and all(in_range(e["start"], e["end"], since, until) for e in events)
    in_window = sum(1 for _n, d in full.nodes(data=True) if d["kind"] == "event"
                    and in_range(d["start"], d["end"], since, until))
    assert in_window < len(dated)
    assert f" of {in_window} events dated {since} to {until};" in summary.notice
    assert len(drawn(data, "actors")) <= BUDGET


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_focus_draws_its_neighbourhood_first(
        store: str, whole: Graph, stored: Graph, projections: tuple[nx.MultiDiGraph, nx.Graph],
        tmp_path: Path) -> None:
    _full, actors = projections
    # An actor with more counterparts than the budget, but not the most connected.
    focus = sorted((a for a in actors if actors.degree(a) > BUDGET),
                   key=lambda a: actors.degree(a))[0]
    summary, data = write(whole if store == "memory" else stored, tmp_path, store,
                          max_nodes=BUDGET, focus=focus, depth=1)
    shown = {e["iri"] for e in drawn(data, "actors")}
    assert focus in shown and len(shown) == BUDGET
    assert shown <= set(actors[focus]) | {focus}
    name = actors.nodes[focus]["name"]
    assert f"best-connected of {actors.degree(focus) + 1} actors" in summary.notice
    assert f"within 1 link of {name};" in summary.notice
    assert data["initial"]["focus"] is not None


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_focus_that_fits_is_drawn_whole_and_says_it_is_a_part(
        store: str, whole: Graph, stored: Graph, projections: tuple[nx.MultiDiGraph, nx.Graph],
        tmp_path: Path) -> None:
    full, actors = projections
    focus = min(actors, key=lambda a: (actors.degree(a) == 0, actors.degree(a), a))
    assert 0 < actors.degree(focus) < BUDGET
    summary, data = write(whole if store == "memory" else stored, tmp_path, store,
                          max_nodes=BUDGET, focus=focus, depth=1)
    assert {e["iri"] for e in drawn(data, "actors")} == set(actors[focus]) | {focus}
    events = {n for n in nx.all_neighbors(full, focus) if full.nodes[n]["kind"] == "event"}
    assert {e["iri"] for e in data["entities"] if e["kind"] == "event"} == events
    assert summary.notice.startswith(
        f"Showing all {actors.degree(focus) + 1} actors and {len(events)} events within 1 link "
        f"of {actors.nodes[focus]['name']}; to see others:")


def test_a_graph_within_the_budget_is_drawn_whole(
        stored: Graph, projections: tuple[nx.MultiDiGraph, nx.Graph], tmp_path: Path) -> None:
    full, actors = projections
    assert read_selection(stored, Budget(actors.number_of_nodes(), 10_000)) is None
    summary, data = write(stored, tmp_path, "whole", max_nodes=actors.number_of_nodes() * 10)
    assert summary.notice == ""
    assert len(drawn(data, "full")) == full.number_of_nodes()
    assert len(drawn(data, "actors")) == actors.number_of_nodes()


def test_the_view_command_says_what_it_left_out(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["view", "--graph", str(corpus), "--no-open", "--out",
                                      str(out), "--max-nodes", "5"])
    assert result.exit_code == 0, result.output
    wrote, said = result.stdout.splitlines()
    assert wrote.startswith(f"Wrote {out}") and ": 5 actors and" in wrote
    assert said.startswith("Showing the 5 best-connected of ") and "--max-nodes N." in said
    html = out.read_text("utf-8")
    assert f'<span id="notice" class="muted" role="note">{said}</span>' in html
    bad = CliRunner().invoke(cli, ["view", "--graph", str(corpus), "--no-open", "--out",
                                   str(out), "--max-nodes", "0"])
    assert bad.exit_code == 2 and "--max-nodes" in bad.output and "Traceback" not in bad.output


@pytest.mark.browser
def test_the_page_shows_the_notice_as_text_and_draws_a_bounded_graph(
        stored: Graph, projections: tuple[nx.MultiDiGraph, nx.Graph], tmp_path: Path) -> None:
    from browser import chromium, open_page, wait_until

    _full, actors = projections
    focus = max(actors, key=lambda a: (actors.degree(a), a))
    path = tmp_path / "bounded.html"
    summary = write_network_html(stored, path, max_nodes=BUDGET, focus=focus)
    budget = Budget.for_actors(BUDGET, MAX_ACTORS, MAX_FULL_NODES)
    with chromium() as browser, open_page(browser, path) as (page, log):
        notice = page.locator("#notice")
        assert notice.is_visible() and notice.text_content() == summary.notice
        assert page.evaluate("document.querySelectorAll('#notice *').length") == 0
        counts = page.evaluate("window.mmruView.counts()")
        assert 0 < counts["nodes"] == counts["dataNodes"] <= BUDGET
        page.screenshot(path=str(tmp_path / "bounded.png"))
        page.click("#view-full")
        wait_until(page, "window.mmruView.view === 'full' && window.mmruView.ready")
        assert 0 < page.evaluate("window.mmruView.counts()")["nodes"] <= budget.full
        assert log.console_errors() == [] and log.requests == [path.resolve().as_uri()]


def test_a_window_dates_a_disputed_event_as_the_node_table_does(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """Two sources date the fixture's visit 2022-02-20 and 2022-02: the page's selection
    from the store keeps an event in a window exactly when the node table (and so the
    timeline and the page drawn from memory) dates it there, whatever order the store
    sends the two dates in."""
    from conftest import make_multi_source

    from mmru_graph.build import build_graph
    from mmru_graph.projection.nodes import compute_node_table
    from mmru_graph.store.oxigraph import OxigraphBackend
    from mmru_graph.view.select import _in_window

    graph_dir = make_multi_source(tmp_path_factory.mktemp("window") / "graph")
    build_graph(graph_dir, graph_dir.parent / "build")
    backend = OxigraphBackend(graph_dir.parent / "build" / "store")
    table = compute_node_table(load_graph(graph_dir, store="memory"))
    events = {iri for iri, attrs in table.attrs.items() if attrs["kind"] == "event"}
    disputed = [s for s, _p, _o in backend.with_predicates(
        [URIRef("https://schema.org/startDate")])]
    assert len(disputed) > len(set(disputed)), "the fixture disputes a date"
    for since, until in [("", "2022-02-10"), ("2022-02-15", ""), ("2022-02-20", "2022-02-20"),
                         ("2022", "2022"), ("2021", "2021-12"), ("", "")]:
        expected = {e for e in events if table.attrs[e]["start"]
                    and in_range(table.attrs[e]["start"], table.attrs[e]["end"],
                                 since or None, until or None)}
        for sent in (_Sent(backend, reverse=False), _Sent(backend, reverse=True)):
            assert _in_window(sent, events, since, until) == expected, (since, until)


class _Sent:
    """A store's bulk read, its rows in the store's order or reversed."""

    def __init__(self, backend: Any, reverse: bool) -> None:
        self.backend, self.reverse = backend, reverse

    def with_predicates(self, predicates: Any) -> list[Any]:
        rows = list(self.backend.with_predicates(predicates))
        return rows[::-1] if self.reverse else rows
