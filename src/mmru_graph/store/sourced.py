"""Which source states what, on every store: the named graphs behind a store's graph.

In memory the graph is a :class:`~mmru_graph.store.loading.SourcedGraph`, a
dataset with each source's facts in its own named graph. A store's graph
(:func:`mmru_graph.store.backends.backend_graph`: Oxigraph, an endpoint, or a
neighbourhood read from either) shows the commands the union of the graphs,
so the per-source questions go to the store itself (:class:`NamedGraphs`):

- which named graphs state a statement (the disputes and the sources of a
  link): Oxigraph answers from the ``named`` table of the links file ``build``
  writes, an endpoint from one bulk request for its named graphs' quads;
- how many statements each named graph holds;
- every quad of the named graphs, from which :func:`sourced_dataset` rebuilds
  the dataset for whatever needs it whole (an N-Quads export, the disputes of
  a store ``build`` saved none with).

A neighbourhood of the embedded store asks the store it was read from (its
``origin``): the links file answers at once. One read from an endpoint
(:class:`mmru_graph.store.remote_focus.SourcedNeighbourhood`) answers
from the quads read with it (:func:`dataset_of` rebuilds them as a dataset).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol, cast

from rdflib import Graph
from rdflib.term import Node

from .backends import BackendTriples, Triple, backend_graph, backend_of
from .loading import SourcedGraph

__all__ = ["NamedGraphs", "dataset_of", "named_graphs_of", "sourced_dataset"]

Quad = tuple[Node, Node, Node, Node]


class NamedGraphs(Protocol):
    """A store that says which of its named graphs (sources) state what."""

    def graphs_holding(self, subject: Node, predicate: Node | None, obj: Node | None
                       ) -> list[Node]:
        """The named graphs stating a triple of this pattern (None: any term)."""
        ...

    def has_named_graphs(self) -> bool:
        """Whether any named graph holds a statement."""
        ...

    def graph_sizes(self) -> dict[Node, int]:
        """How many statements each named graph holds."""
        ...

    def named_quads(self) -> Sequence[Quad]:
        """Every quad of the named graphs (subject, predicate, object, graph name)."""
        ...


def named_graphs_of(graph: Graph) -> NamedGraphs | None:
    """The store answering ``graph``'s per-source questions, or None for a graph in
    memory (a dataset answers them itself; a plain graph has no named graphs).

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> named_graphs_of(new_graph()) is None
    True
    """
    backend: Any = backend_of(graph)
    if backend is None:
        return None
    if not hasattr(backend, "graphs_holding"):  # a neighbourhood: its store says
        backend = getattr(backend, "origin", None) or backend
    return cast(NamedGraphs, backend) if hasattr(backend, "graphs_holding") else None


def sourced_dataset(graph: Graph) -> Graph:
    """``graph`` as a dataset with each source's named graph: itself when it is one
    in memory (or a plain graph), else rebuilt from its store's union and named
    quads, once per store (the whole store, also for a neighbourhood).

    Examples
    --------
    >>> from rdflib import Literal
    >>> from mmru_graph.namespaces import ID, SCHEMA
    >>> g = SourcedGraph()
    >>> _ = g.graph(ID["source-a"]).add((ID.visit, SCHEMA.name, Literal("Visit")))
    >>> sourced_dataset(g) is g
    True
    """
    store: Any = backend_of(graph)
    if store is None or named_graphs_of(graph) is None:
        return graph
    whole = getattr(store, "origin", None) or store
    named = cast(NamedGraphs, whole)
    cached = getattr(whole, "_sourced_dataset", None)
    if cached is not None:
        return cast(Graph, cached)
    union = backend_graph(whole)
    triples = cast(BackendTriples, union.store)
    triples.load_everything()
    dataset = dataset_of(union, named.named_quads())
    whole._sourced_dataset = dataset
    return dataset


def dataset_of(triples: Iterable[Triple], quads: Iterable[Quad]) -> SourcedGraph:
    """A dataset of these quads, each in its named graph, and of those of ``triples``
    (the union) no quad states, in the default graph.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from mmru_graph.namespaces import ID, SCHEMA
    >>> name = (ID.visit, SCHEMA.name, Literal("Visit"))
    >>> place = (ID.kazan, SCHEMA.name, Literal("Kazan"))
    >>> dataset = dataset_of([name, place], [(*name, ID["source-a"])])
    >>> len(dataset.graph(ID["source-a"])), len(dataset.default_graph)
    (1, 1)
    """
    dataset = SourcedGraph()
    quads = list(quads)
    stated = {quad[:3] for quad in quads}
    dataset.addN((s, p, o, dataset.default_graph) for s, p, o in triples
                 if (s, p, o) not in stated)
    parts: dict[Node, Graph] = {}

    def part(name: Node) -> Graph:
        if name not in parts:
            parts[name] = dataset.graph(cast(Any, name))
        return parts[name]

    dataset.addN((s, p, o, part(name)) for s, p, o, name in quads)
    return dataset
