"""A network as records read on demand: :class:`NetworkRecords`.

What a writer streams, record by record, without a networkx graph of flat
attributes in memory: at 10M triples the full network's would take
gigabytes beside the projection it is made from. :func:`records_of` reads
any networkx graph the same way, so a writer has one input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["NetworkRecords", "records_of"]


@dataclass(frozen=True)
class NetworkRecords:
    """A network's attributes, nodes and edges, each read anew on demand.

    ``nodes()`` and ``edges()`` each return a new iterator over the same
    records, in the order a networkx graph built from them gives them back,
    so a writer may read them twice (GraphML declares every attribute's type
    before the first node). Each reading gives new dicts: a writer may change
    them.

    Attributes
    ----------
    graph : dict
        The graph's attributes.
    nodes : callable
        ``() -> iterator of (node, attrs)``.
    edges : callable
        ``() -> iterator of (source, target, key, attrs)``; ``key`` is None
        unless ``multigraph``.
    directed, multigraph : bool
        As networkx's ``is_directed()`` and ``is_multigraph()``.

    Examples
    --------
    >>> import networkx as nx
    >>> records = records_of(nx.MultiDiGraph([("a", "b"), ("a", "b")]))
    >>> list(records.nodes()), list(records.edges())
    ([('a', {}), ('b', {})], [('a', 'b', 0, {}), ('a', 'b', 1, {})])
    """

    graph: dict[str, Any]
    nodes: Callable[[], Iterator[tuple[Any, dict[str, Any]]]]
    edges: Callable[[], Iterator[tuple[Any, Any, Any, dict[str, Any]]]]
    directed: bool = True
    multigraph: bool = True


def records_of(network: Any) -> NetworkRecords:
    """A networkx graph as :class:`NetworkRecords` (copies of its attribute dicts).

    An undirected graph is copied first: its edges come out of a copy in the
    order networkx's own writers give them, which is not always the order of
    the graph itself.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(2, 1)], title="t")
    >>> records = records_of(G)
    >>> records.graph, list(records.edges()), records.directed, records.multigraph
    ({'title': 't'}, [(2, 1, None, {})], False, False)
    """
    source = network if network.is_directed() else network.copy()
    multi = source.is_multigraph()

    def nodes() -> Iterator[tuple[Any, dict[str, Any]]]:
        return ((node, dict(data)) for node, data in source.nodes(data=True))

    def edges() -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
        if multi:
            return ((u, v, k, dict(d)) for u, v, k, d in source.edges(keys=True, data=True))
        return ((u, v, None, dict(d)) for u, v, d in source.edges(data=True))

    return NetworkRecords(dict(source.graph), nodes, edges, source.is_directed(), multi)
