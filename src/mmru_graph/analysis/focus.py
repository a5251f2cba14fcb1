"""Answer a question about one or two actors from their neighbourhood: :func:`focus_on`.

``met NAME [--with OTHER]``, ``show NAME`` and ``timeline --actor NAME`` are
about actors. On the built Oxigraph store, :func:`focus_on` resolves the
names against every node of the graph (the labels ``build`` wrote next to
the store, :mod:`mmru_graph.store.labels`), then hands the command a graph
holding only those actors' neighbourhood (:func:`mmru_graph.store.focus.neighbourhood`)
and the names replaced by the IRIs they resolved to. The command then runs
the same analyses as on the whole graph, on a graph the size of the answer.

Anything else is left as it was: another store, a store without labels, a
name that does not resolve to one actor (the whole graph then reports it,
as it always does), a place or an event.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, cast

from rdflib import Graph

from ..errors import NameResolutionError
from ..projection.nodes import NodeTable
from ..store.backends import backend_graph, backend_of
from ..store.focus import FocusedBackend, neighbourhood
from .resolve import _PREFIXES, ACTORS, normalize, resolve_name

__all__ = ["around", "focus_on", "label_table", "name_table", "names_table"]


def label_table(rows: Sequence[tuple[str, str, str, list[str], list[str]]]) -> NodeTable:
    """A node table holding only what name resolution reads: IRI, name, kind, aliases
    (and those labels folded beforehand)."""
    attrs = {iri: {"iri": iri, "name": name, "kind": kind, "aliases": list(aliases),
                   "folded": list(folded)}
             for iri, name, kind, aliases, folded in rows}
    return NodeTable(attrs, {}, {}, {}, cast(Any, None), cast(Any, None))


def name_table(graph: Graph, kinds: Collection[str] | None = None) -> NodeTable | None:
    """A table of every node's names (of ``kinds``) from the labels ``build``
    wrote next to the store, or None when the graph's store has none (the
    caller then resolves against :func:`~mmru_graph.projection.nodes.node_table`).

    >>> from mmru_graph.store.loading import new_graph
    >>> name_table(new_graph()) is None
    True
    """
    labels = getattr(backend_of(graph), "labels", None)
    rows = None if labels is None else labels() if kinds is None else labels(sorted(kinds))
    return label_table(rows) if rows else None


def names_table(graph: Graph, names: Sequence[str | None],
                kinds: Collection[str] | None = None) -> NodeTable | None:
    """A table enough to resolve ``names`` as against every node of the store: the
    nodes one of whose names or aliases is exactly each name, when each has one,
    else :func:`name_table` (every node's labels).

    An exact name or alias is the best match anywhere, so resolving against the
    nodes that carry it gives the same answer (or the same ambiguity) as against
    all; it reads a sliver of the labels file (:func:`mmru_graph.store.labels.read_exact`),
    not the labels of every node (at 2M triples, 100,000 of them).

    >>> from mmru_graph.store.loading import new_graph
    >>> names_table(new_graph(), ["Ana"]) is None
    True
    """
    exact: Any = getattr(backend_of(graph), "exact_labels", None)
    wanted = None if kinds is None else sorted(kinds)
    rows: dict[str, tuple[str, str, str, list[str], list[str]]] = {}
    for name in names if exact is not None else ():
        if name is None:
            continue
        stripped = name.strip()
        # An IRI is looked up by IRI, and a name with no exact match goes through
        # every tier: both need the whole table.
        found = (None if stripped.startswith(_PREFIXES) or not normalize(stripped)
                 else exact(normalize(stripped), wanted))
        if not found:
            break
        rows.update((row[0], row) for row in found)
    else:
        if rows:
            return label_table([rows[iri] for iri in sorted(rows)])
    return name_table(graph, kinds)


def focus_on(graph: Graph, names: Sequence[str | None],
             kinds: Collection[str] | None = ACTORS) -> tuple[Graph, list[str | None]]:
    """The neighbourhood of the actors ``names`` mean, and the names as their IRIs.

    Returns ``graph`` and ``names`` unchanged when the store cannot look up a
    neighbourhood or has no labels, or when a name does not resolve to one
    actor (of ``kinds``, or any kind when None) among all the graph's nodes.

    Examples
    --------
    A plain graph is answered whole:

    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph()
    >>> focus_on(g, ["Ana"])[0] is g
    True
    """
    backend = backend_of(graph)
    if backend is None or not hasattr(backend, "about"):
        return graph, list(names)
    # Names of other kinds cannot match (resolve_name looks at `kinds` only).
    table = names_table(graph, names, kinds)
    if table is None:
        return graph, list(names)
    resolved: list[str | None] = []
    for name in names:
        if name is None:
            resolved.append(None)
            continue
        try:
            iri = resolve_name(graph, name, kinds=kinds, table=table)
        except NameResolutionError:
            return graph, list(names)
        if table.attrs[iri]["kind"] not in ACTORS:
            return graph, list(names)
        resolved.append(iri)
    focus = [iri for iri in resolved if iri is not None]
    if not focus or len(set(focus)) < len(focus):  # the whole graph says why not
        return graph, list(names)
    return _focused(backend, neighbourhood(cast(Any, backend), focus)), resolved


def around(graph: Graph, nodes: Sequence[str]) -> Graph:
    """The neighbourhood of these nodes (IRIs: actors, events) on a store that
    can read one, else ``graph`` itself: enough to mark the sources and
    disputes of the events (an actor's events) as the whole graph would.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph()
    >>> around(g, ["https://w3id.org/mmru-graph/id/ana"]) is g
    True
    """
    backend = backend_of(graph)
    if backend is None or not hasattr(backend, "about") or not nodes:
        return graph
    return _focused(backend, neighbourhood(cast(Any, backend), sorted(set(nodes))))


def _focused(backend: Any, triples: Sequence[Any]) -> Graph:
    """A graph of these triples of ``backend``; which source states what is still
    asked of the whole store (its named graphs, the disputes saved with it)."""
    return backend_graph(FocusedBackend(triples, backend.kind, backend.location,
                                        origin=getattr(backend, "origin", None) or backend))
