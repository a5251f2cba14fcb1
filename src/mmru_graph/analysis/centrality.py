"""Who sits at the centre of the network, and who brokers between the two sides.

:func:`rank` scores every node of a projection with one of networkx's
centrality measures and returns the top of the ranking with each node's kind
and side, so brokers between the two sides stand out.

Edge weights (actor graph only, where they mean something: the sum of
the ontology's ``mmru:contactWeight`` over the shared events, so a meeting counts four
times a shared parade):

- ``degree``: unweighted, the share of other actors one has met;
- ``betweenness`` and ``closeness``: weighted, with distance ``1 / weight``
  (a strong tie is a short one);
- ``eigenvector`` and ``pagerank``: weighted by ``weight``.

The full graph (entities and events) is ranked on its undirected simple
view, unweighted: statements have no strength.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx
from rdflib import Graph

from ..dates import check_date
from ..errors import NotConvergedError
from ..projection.graphs import actor_graph, full_graph, undirected_links
from ..projection.nodes import NodeTable, node_table
from ..projection.window import actors_in_window, full_in_window

__all__ = ["GRAPH_KINDS", "MEASURES", "Score", "centrality", "rank", "sampled_betweenness"]

MEASURES = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")
GRAPH_KINDS = ("actors", "full")


@dataclass(frozen=True)
class Score:
    """One node's place in a ranking."""

    rank: int
    iri: str
    name: str
    kind: str
    side: str
    score: float
    #: Betweenness estimated from this many sampled source nodes (0: exact).
    sampled: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The score as a JSON-ready dict."""
        return asdict(self)


def _with_distance(graph: nx.Graph) -> nx.Graph:
    weighted = graph.copy()
    for _u, _v, data in weighted.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    return weighted


#: Betweenness is exact up to this many nodes and sampled from this many
#: source nodes beyond (Brandes' pivots; networkx's ``k``, seeded).
DEFAULT_SAMPLE = 500


def sample_size(nodes: int, sample: int | None) -> int:
    """How many source nodes betweenness samples on ``nodes`` nodes (0: exact).

    >>> sample_size(40, 500), sample_size(12000, 500), sample_size(12000, 0)
    (0, 500, 0)
    """
    return sample if sample and nodes > sample else 0


def sampled_betweenness(graph: nx.Graph, k: int, *, weighted: bool = True) -> dict[str, float]:
    """Betweenness estimated from ``k`` source nodes: networkx's estimate, computed by igraph.

    The same numbers as networkx (3.5 and later) gives for
    ``nx.betweenness_centrality(graph, k=k, seed=0,
    weight=...)`` (the same ``k`` sources, chosen as networkx chooses them with
    seed 0, and its rescaling; distance ``1 / weight`` when ``weighted``), but
    igraph's shortest paths run in C: at 15,000 actors and 250,000 links,
    seconds instead of minutes. (Two weighted paths whose lengths differ only
    by rounding may both count as shortest in igraph, which compares with a
    tolerance, and not in networkx, which compares exactly.)

    Examples
    --------
    >>> G = nx.path_graph(["a", "b", "c", "d", "e"])
    >>> nx.set_edge_attributes(G, 1.0, "weight")
    >>> got = sampled_betweenness(G, 3)
    >>> want = nx.betweenness_centrality(G, k=3, seed=0, weight=None)
    >>> all(abs(got[n] - want[n]) < 1e-12 for n in G)
    True
    """
    import random

    import igraph  # heavy: only for a sampled betweenness

    if k < 2 or k > graph.number_of_nodes():
        raise ValueError(f"k must be between 2 and the number of nodes, not {k}")
    nodes = list(graph)
    sources = random.Random(0).sample(nodes, k)  # as networkx's seed=0 picks them
    number = {node: i for i, node in enumerate(nodes)}
    edges = list(graph.edges(data="weight"))
    linked = igraph.Graph(n=len(nodes), edges=[(number[u], number[v]) for u, v, _w in edges])
    distances = [1.0 / w for _u, _v, w in edges] if weighted else None
    raw = linked.betweenness(weights=distances, sources=[number[s] for s in sources],
                             directed=False)
    # networkx counts ordered (s, t) pairs (igraph unordered ones: twice as
    # many), excludes the endpoints, and scales a sampled source by k - 1.
    pairs = len(nodes) - 2
    chosen = set(sources)
    return {node: 2 * raw[i] / ((k - 1 if node in chosen else k) * pairs)
            for i, node in enumerate(nodes)}


def centrality(graph: nx.Graph, measure: str = "degree", *,
               weighted: bool = True, sample: int | None = None) -> dict[str, float]:
    """Score every node of a networkx graph with one measure.

    Parameters
    ----------
    graph : networkx.Graph
        An undirected simple graph (the actor projection, or the full
        projection's undirected simple view).
    measure : {"degree", "betweenness", "closeness", "eigenvector", "pagerank"}
    weighted : bool
        Use the edges' ``weight`` as described in the module's notes.
    sample : int, optional
        Betweenness only: estimate from this many source nodes, chosen with a
        fixed seed, when the graph has more nodes (exact otherwise).

    Examples
    --------
    >>> path = nx.path_graph(["a", "b", "c"])
    >>> centrality(path, "betweenness", weighted=False)
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    if graph.number_of_nodes() == 0:
        return {}
    weight = "weight" if weighted else None
    if measure == "degree":
        return dict(nx.degree_centrality(graph))
    if measure == "betweenness":
        k = sample_size(graph.number_of_nodes(), sample)
        if k >= 2:  # the estimate networkx makes, computed in C
            return sampled_betweenness(graph, k, weighted=weighted)
    if measure in ("betweenness", "closeness"):
        scored = _with_distance(graph) if weighted else graph
        distance = "distance" if weighted else None
        if measure == "betweenness":  # exact (or a sample of one: networkx's NaN)
            one = sample_size(graph.number_of_nodes(), sample) or None
            return dict(nx.betweenness_centrality(scored, k=one, weight=distance, seed=0))
        return dict(nx.closeness_centrality(scored, distance=distance))
    if measure == "eigenvector":
        try:
            return dict(nx.eigenvector_centrality(graph, max_iter=2000, tol=1e-8,
                                                  weight=weight))
        except nx.PowerIterationFailedConvergence:
            raise NotConvergedError("eigenvector centrality did not converge on this graph",
                                    measure="eigenvector") from None
    return dict(nx.pagerank(graph, weight=weight))


def rank(graph: Graph, measure: str = "degree", top: int = 10, graph_kind: str = "actors",
         *, since: str | None = None, until: str | None = None,
         table: NodeTable | None = None, sample: int | None = None) -> list[Score]:
    """The ``top`` nodes of a projection by a centrality measure.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph (:func:`mmru_graph.load_graph`).
    measure : {"degree", "betweenness", "closeness", "eigenvector", "pagerank"}
        Which centrality; see the module's notes for the use of weights.
    top : int
        How many nodes to return (all if ``top`` is 0).
    graph_kind : {"actors", "full"}
        Rank the actor graph (persons and organizations linked by shared
        events) or the full graph (entities and events, undirected).
    since, until : str, optional
        Rank only on the events that may have taken place in this window
        (partial dates overlap; undated events left out), by
        :mod:`mmru_graph.projection.window`; what is left unlinked is not
        ranked.
    table : NodeTable, optional
        A :func:`~mmru_graph.node_table.node_table` already computed.
    sample : int, optional
        Betweenness only: on a graph of more nodes, estimate from this many
        sampled source nodes (each score's ``sampled`` says so); else exact.

    Returns
    -------
    list of Score
        Highest score first; ties by name. Each with the node's kind and
        side (``myanmar``, ``russia``, ``other``; ``""`` for non-actors).

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:chile a schema:Country ; schema:name "Chile" ; mmru:sideOrder 1 .
    ... id:peru a schema:Country ; schema:name "Peru" ; mmru:sideOrder 2 .
    ... id:ana a schema:Person ; schema:name "Ana Rojas" ; mmru:side id:chile .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" ; mmru:side id:peru ;
    ...     schema:alternateName "the minister" .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" .
    ... id:lima a schema:City ; schema:name "Lima" .
    ... id:talks a mmru:Talks ; schema:name "Talks in Lima" ;
    ...     schema:startDate "2022-05-04"^^xsd:date ; schema:location id:lima ;
    ...     schema:attendee id:ana, id:luis .
    ... id:parade a mmru:Parade ; schema:name "Parade" ;
    ...     schema:startDate "2022-06"^^xsd:gYearMonth ; schema:attendee id:luis, id:eva .
    ... ''')
    >>> [(s.rank, s.name, s.side) for s in rank(g, "degree", top=1)]
    [(1, 'Luis Quispe', 'peru')]

    A window ranks on the events inside it only (the talks, in May):

    >>> [s.name for s in rank(g, "degree", top=0, until="2022-05")]
    ['Ana Rojas', 'Luis Quispe']
    """
    if graph_kind not in GRAPH_KINDS:
        raise ValueError(f"graph_kind must be one of {', '.join(GRAPH_KINDS)}, "
                         f"not {graph_kind!r}")
    if top < 0:
        raise ValueError(f"top must be 0 (all) or more, not {top}")
    since, until = check_date(since), check_date(until)
    table = table if table is not None else node_table(graph)
    windowed = since is not None or until is not None  # only a window reads the events
    if measure == "degree" and not windowed and table.saved is not None:
        return _saved_degrees(table, graph_kind, top)
    if graph_kind == "actors":
        projected: nx.Graph = actors_in_window(
            actor_graph(graph, table, events=windowed, node_attributes=False), since, until)
        scores = centrality(projected, measure, weighted=True, sample=sample)
    else:
        full = full_in_window(full_graph(graph, table), since, until)
        projected = undirected_links(full)
        scores = centrality(projected, measure, weighted=False, sample=sample)
    sampled = (sample_size(projected.number_of_nodes(), sample)
               if measure == "betweenness" else 0)
    ordered = sorted(scores.items(), key=lambda item: (-item[1], table.name(item[0])))
    if top:
        ordered = ordered[:top]
    return [Score(rank=position, iri=iri, name=table.name(iri), kind=table.kind(iri),
                  side=table.side(iri), score=round(value, 6), sampled=sampled)
            for position, (iri, value) in enumerate(ordered, start=1)]


def _saved_degrees(table: NodeTable, graph_kind: str, top: int) -> list[Score]:
    """The degree ranking ``build`` saved: each node's degree, ordered as
    :func:`rank` orders them, scored as ``networkx.degree_centrality`` does."""
    count, rows = table.saved.degrees(graph_kind)
    scale = 1.0 / (count - 1.0) if count > 1 else None
    return [Score(rank=position, iri=iri, name=name, kind=kind, side=side,
                  score=round(degree * scale if scale is not None else 1, 6))
            for position, (iri, name, kind, side, degree)
            in enumerate(rows[:top] if top else rows, start=1)]
