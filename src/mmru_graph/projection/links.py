"""The full graph as plain dicts, for a question about a few nodes: :class:`Links`.

``show`` and ``timeline`` read a node's edges in the full projection
(:func:`~mmru_graph.projection.graphs.full_graph`): its statements in and out,
with their labels, evidence and flags. Importing networkx costs a fifth of a
second of every start, more than the rest of such a command on a neighbourhood;
so, when no saved projection is read back, they get the same graph as
:class:`Links`: the dicts networkx's ``MultiDiGraph`` keeps (nodes, successors,
predecessors, an edge's data by key), filled in the same order, with the few
methods the analyses read. Anything that walks or ranks the graph (paths,
centrality, the page, GraphML) uses networkx itself.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Any

__all__ = ["Links"]


class Links:
    """A directed multigraph of plain dicts, read as a ``networkx.MultiDiGraph``.

    ``nodes[n]`` is a node's attributes, ``succ[u][v][key]`` and ``pred[v][u][key]``
    the same edge data dict; ``graph`` the graph's attributes. Nodes, neighbours
    and keys keep the order they were added in, as networkx keeps them, so what is
    read from both is the same, in the same order.

    Examples
    --------
    >>> import networkx as nx
    >>> edges = [("talks", "ana", "attendee", {"label": "attended"}),
    ...          ("talks", "luis", "attendee", {"label": "attended"}),
    ...          ("ana", "talks", "organizer", {"label": "organized"})]
    >>> plain, G = Links(sides=[]), nx.MultiDiGraph(sides=[])
    >>> for graph in (plain, G):
    ...     graph.add_nodes_from([("ana", {"kind": "person"}), ("luis", {"kind": "person"})])
    ...     for u, v, key, data in edges:
    ...         _ = graph.add_edge(u, v, key=key, **data)
    >>> list(plain.out_edges("talks", data=True)) == list(G.out_edges("talks", data=True))
    True
    >>> list(plain.in_edges("talks", data=True))
    [('ana', 'talks', {'label': 'organized'})]
    >>> plain.get_edge_data("talks", "ana") == G.get_edge_data("talks", "ana")
    True
    >>> plain.get_edge_data("ana", "luis", key="x", default={})
    {}
    >>> list(plain.nodes) == list(G.nodes), plain.nodes["ana"]
    (True, {'kind': 'person'})
    """

    def __init__(self, **attr: Any) -> None:
        self.graph: dict[str, Any] = dict(attr)
        self.nodes: dict[Hashable, dict[str, Any]] = {}
        self.succ: dict[Hashable, dict[Hashable, dict[Hashable, dict[str, Any]]]] = {}
        self.pred: dict[Hashable, dict[Hashable, dict[Hashable, dict[str, Any]]]] = {}

    def _node(self, node: Hashable) -> None:
        if node not in self.nodes:
            self.nodes[node] = {}
            self.succ[node] = {}
            self.pred[node] = {}

    def add_nodes_from(self, nodes: Iterable[tuple[Hashable, dict[str, Any]]]) -> None:
        """Add each ``(node, attributes)``; the attributes are copied."""
        for node, attrs in nodes:
            self._node(node)
            self.nodes[node].update(attrs)

    def add_edge(self, u: Hashable, v: Hashable, key: Hashable, **attr: Any) -> Hashable:
        """Add the edge ``u`` → ``v`` under ``key`` (its data updated if it is there);
        returns the key, as networkx does."""
        self._node(u)
        self._node(v)
        keys = self.succ[u].get(v)
        if keys is None:
            keys = self.succ[u][v] = self.pred[v][u] = {}
        keys.setdefault(key, {}).update(attr)
        return key

    def out_edges(self, node: Hashable, data: bool = True
                  ) -> Iterator[tuple[Hashable, Hashable, dict[str, Any]]]:
        """``(node, target, data)`` for each edge out of ``node``."""
        if not data:
            raise TypeError("Links yields each edge with its data")
        for target, keys in self.succ[node].items():
            for attrs in keys.values():
                yield node, target, attrs

    def in_edges(self, node: Hashable, data: bool = True
                 ) -> Iterator[tuple[Hashable, Hashable, dict[str, Any]]]:
        """``(source, node, data)`` for each edge into ``node``."""
        if not data:
            raise TypeError("Links yields each edge with its data")
        for source, keys in self.pred[node].items():
            for attrs in keys.values():
                yield source, node, attrs

    def get_edge_data(self, u: Hashable, v: Hashable, key: Hashable | None = None,
                      default: Any = None) -> Any:
        """The data of the edge ``u`` → ``v`` under ``key``, or of each of its keys."""
        keys = self.succ.get(u, {}).get(v)
        if keys is None:
            return default
        if key is None:
            return keys
        return keys.get(key, default)
