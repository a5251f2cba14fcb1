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


def _random_actor_graph(nodes: int, links: int, seed: int) -> nx.Graph:
    """A random weighted graph with a separate pair (two components), weights whose
    inverses are exact binary fractions (so shortest-path ties are exact in both)."""
    import random

    G = nx.gnm_random_graph(nodes, links, seed=seed)
    G = nx.relabel_nodes(G, {n: f"actor-{n}" for n in G})
    G.add_edge("lonely-a", "lonely-b")
    rng = random.Random(seed)
    for _u, _v, data in G.edges(data=True):
        data["weight"] = rng.choice([1.0, 2.0, 4.0, 0.5, 0.25])
    return G


@pytest.mark.parametrize("weighted", [True, False])
@pytest.mark.parametrize(("nodes", "links", "k"), [(120, 300, 2), (300, 1200, 40),
                                                   (500, 900, 499)])
def test_sampled_betweenness_is_networkx_estimate(weighted: bool, nodes: int, links: int,
                                                   k: int) -> None:
    from mmru_graph.analysis.centrality import sampled_betweenness

    G = _random_actor_graph(nodes, links, seed=nodes + k)
    scored = G.copy()
    for _u, _v, data in scored.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    want = nx.betweenness_centrality(scored, k=k, seed=0,
                                     weight="distance" if weighted else None)
    got = sampled_betweenness(G, k, weighted=weighted)
    assert list(got) == list(G)
    assert max(abs(got[n] - want[n]) for n in G) < 1e-12
    assert max(want.values()) > 0


def test_rank_samples_a_big_graph_and_says_so() -> None:
    from mmru_graph.analysis.centrality import centrality

    G = _random_actor_graph(300, 1200, seed=7)
    sampled = centrality(G, "betweenness", sample=50)
    scored = G.copy()
    for _u, _v, data in scored.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    want = nx.betweenness_centrality(scored, k=50, seed=0, weight="distance")
    assert max(abs(sampled[n] - want[n]) for n in G) < 1e-12
    exact = centrality(G, "betweenness", sample=0)
    assert exact == nx.betweenness_centrality(scored, weight="distance")
    with pytest.raises(ValueError, match="k must be"):
        from mmru_graph.analysis.centrality import sampled_betweenness
        sampled_betweenness(G, 1)
