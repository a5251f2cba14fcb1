"""The full graph as plain dicts (:class:`mmru_graph.projection.links.Links`) is the
networkx full graph: the same nodes, edges, data and order, read as ``show`` and
``timeline`` read it, on the article, the multi-source fixture and the tiny world.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import make_multi_source
from rdflib import Graph

from mmru_graph.analysis.cards import entity_card
from mmru_graph.analysis.timeline import event_actors, event_sides
from mmru_graph.projection.graphs import actor_graph, counterparts, full_graph, full_links
from mmru_graph.projection.links import Links
from mmru_graph.projection.nodes import compute_node_table
from mmru_graph.store.loading import load_graph


@pytest.fixture(scope="module")
def multi(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    return load_graph(make_multi_source(tmp_path_factory.mktemp("links") / "graph"),
                      store="memory")


def _read(full: Any, node: str) -> tuple[Any, ...]:
    return (full.nodes[node], list(full.out_edges(node, data=True)),
            list(full.in_edges(node, data=True)),
            {other: full.get_edge_data(node, other) for other in full.succ[node]},
            list(full.pred[node]), list(full.succ[node]))


@pytest.mark.parametrize("which", ["graph", "multi", "world"])
def test_the_plain_full_graph_reads_as_networkxs(which: str, request: pytest.FixtureRequest
                                                 ) -> None:
    graph = request.getfixturevalue(which)
    table = compute_node_table(graph)
    plain, G = full_links(graph, table), full_graph(graph, table)
    assert isinstance(plain, Links)
    assert list(plain.nodes) == list(G.nodes) and len(plain.nodes) > 5
    assert plain.graph == G.graph
    edges = 0
    for node in G.nodes:
        assert _read(plain, node) == _read(G, node), node
        edges += len(G.out_edges(node))
    assert edges > 5
    for event in (n for n in G.nodes if table.kind(n) == "event"):
        assert event_actors(plain, event) == event_actors(G, event)
        assert event_sides(plain, event) == event_sides(G, event)


@pytest.mark.parametrize("which", ["graph", "multi", "world"])
def test_an_actors_counterparts_are_its_links_in_the_actor_graph(
        which: str, request: pytest.FixtureRequest) -> None:
    graph = request.getfixturevalue(which)
    table = compute_node_table(graph)
    actors = actor_graph(graph, table)
    linked = 0
    for actor in actors.nodes:
        found = counterparts(graph, table, actor)
        assert found == list(actors.adj[actor].items()), actor
        linked += bool(found)
    assert linked > 2


def test_every_card_is_the_same_from_either_graph(graph: Graph,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from mmru_graph.analysis import cards

    table = compute_node_table(graph)
    nodes = list(table.attrs)
    plain = [entity_card(graph, iri, table=table).as_dict() for iri in nodes]
    monkeypatch.setattr(cards, "full_links", full_graph)
    with_networkx = [entity_card(graph, iri, table=table).as_dict() for iri in nodes]
    assert plain == with_networkx
    assert sum(bool(card["relations"]) for card in plain) > 10


def test_links_refuses_edges_without_their_data() -> None:
    links = Links()
    links.add_edge("a", "b", key="k", label="x")
    with pytest.raises(TypeError):
        list(links.out_edges("a", data=False))
