"""Centrality rankings of the real graph, and the documented use of edge weights.

The rankings' library behaviour (arguments, every measure, the full graph)
is tested on the tiny world in tests/test_library.py."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph

from mmru_graph import rank
from mmru_graph.analysis.centrality import MEASURES, centrality


def test_degree_puts_the_coup_leader_first(graph: Graph) -> None:
    top = rank(graph, "degree", top=3)
    assert top[0].name == "Min Aung Hlaing"
    assert top[0].rank == 1 and top[0].side == "myanmar" and top[0].kind == "person"
    assert top[0].score > top[1].score


@pytest.mark.parametrize("measure", MEASURES)
def test_every_measure_puts_the_coup_leader_first(graph: Graph, measure: str) -> None:
    scores = rank(graph, measure, top=10)
    assert scores[0].name == "Min Aung Hlaing"
    assert {s.side for s in scores} <= {"myanmar", "russia", "other"}


def test_betweenness_finds_the_broker_between_the_sides(graph: Graph) -> None:
    [broker, *_] = rank(graph, "betweenness", top=5)
    assert (broker.name, broker.side) == ("Min Aung Hlaing", "myanmar")


def test_betweenness_uses_distance_one_over_weight() -> None:
    # a-b share only a parade (weak); a-c and c-b are meetings (strong):
    # weighted, the short way from a to b runs through c.
    graph = nx.Graph()
    graph.add_edge("a", "b", weight=0.25)
    graph.add_edge("a", "c", weight=1.0)
    graph.add_edge("c", "b", weight=1.0)
    assert centrality(graph, "betweenness", weighted=True)["c"] > 0
    assert centrality(graph, "betweenness", weighted=False)["c"] == 0


def test_degree_ignores_weights_and_pagerank_uses_them() -> None:
    graph = nx.Graph()
    graph.add_edge("hub", "x", weight=4.0)
    graph.add_edge("hub", "y", weight=0.25)
    degree = centrality(graph, "degree")
    assert degree["x"] == degree["y"]
    pagerank = centrality(graph, "pagerank")
    assert pagerank["x"] > pagerank["y"]
    assert centrality(nx.Graph(), "degree") == {}
