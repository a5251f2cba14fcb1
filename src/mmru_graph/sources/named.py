"""Each source's named graph: which source states what, and views restricted to some sources.

The graph loads as a :class:`~mmru_graph.store.loading.SourcedGraph`: the
shared entities (people, organizations, places, their names) and the source
descriptions in the default graph, and the facts each source supports in
the named graph ``id:<source>`` (the folder ``data/<source>/``). These
functions read that split; on a plain ``Graph`` (no quads) they see no
named graph at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from ..errors import SourceError
from ..namespaces import ID, MMRU, OA, RDF, prefixed
from ..store.backends import backend_of
from ..store.bulk import add_triples
from ..store.loading import SourcedGraph
from ..store.sourced import named_graphs_of

__all__ = ["named_graphs", "restrict", "shacl_views", "source_graph_sizes", "statement_sources"]

#: Above this share of the sources kept, a restriction on the built store reads every
#: named quad at once rather than each kept source's graph by itself.
WHOLE_SHARE = 0.25


def named_graphs(graph: Graph) -> list[URIRef]:
    """The names of the graph's named graphs (the sources with facts), sorted.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from mmru_graph.namespaces import SCHEMA
    >>> g = SourcedGraph()
    >>> _ = g.graph(ID["source-b"]).add((ID.x, SCHEMA.name, Literal("x")))
    >>> _ = g.add((ID.y, SCHEMA.name, Literal("y")))
    >>> named_graphs(g)
    [rdflib.term.URIRef('https://w3id.org/mmru-graph/id/source-b')]
    """
    if not isinstance(graph, Dataset):
        return []
    default = graph.default_graph.identifier
    return sorted((c.identifier for c in graph.graphs()
                   if c.identifier != default and isinstance(c.identifier, URIRef)
                   and len(c)), key=str)


def source_graph_sizes(graph: Graph) -> dict[URIRef, int]:
    """How many statements each source's named graph holds (asked of the store
    for a store's graph: :mod:`mmru_graph.store.sourced`)."""
    if not isinstance(graph, Dataset):
        store = named_graphs_of(graph)
        if store is None:
            return {}
        return {name: size for name, size in store.graph_sizes().items()
                if isinstance(name, URIRef) and size}
    return {name: len(graph.graph(name)) for name in named_graphs(graph)}


def statement_sources(graph: Graph, subject: Node, predicate: Node, obj: Node) -> list[URIRef]:
    """The sources whose named graph states ``subject predicate obj``, sorted.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from mmru_graph.namespaces import SCHEMA
    >>> g = SourcedGraph()
    >>> for s in ("source-a", "source-b"):
    ...     _ = g.graph(ID[s]).add((ID.x, SCHEMA.startDate, Literal("2021")))
    >>> [prefixed(s) for s in statement_sources(g, ID.x, SCHEMA.startDate, Literal("2021"))]
    ['id:source-a', 'id:source-b']
    """
    if not isinstance(graph, Dataset):
        return []
    default = graph.default_graph.identifier
    found = set()
    for *_, context in graph.quads((subject, predicate, obj, None)):
        name = getattr(context, "identifier", context)
        if name != default and isinstance(name, URIRef):
            found.add(name)
    return sorted(found, key=str)


def _resolve_source(graph: Graph, name: str) -> URIRef:
    """A source IRI from its slug (``source-irrawaddy-2021``) or ``id:`` form."""
    slug = name.strip().removeprefix("id:")
    node = URIRef(slug) if slug.startswith(str(ID)) else ID[slug]
    if (node, MMRU.textFile, None) not in graph:
        known = sorted(prefixed(s).removeprefix("id:") for s in graph.subjects(MMRU.textFile))
        raise SourceError(f"unknown source {name!r} (known: {', '.join(known)})")
    return node


def restrict(graph: Graph, include: Iterable[str] = (), exclude: Iterable[str] = ()) \
        -> SourcedGraph:
    """A copy of the graph with only some sources' named graphs (the default graph kept).

    ``include`` keeps only those sources (all when empty); ``exclude`` then
    drops some. On the built Oxigraph store's graph, the default graph and the
    kept sources' named graphs are read from the store one by one, nothing else.
    The shared entities and every source description stay, so
    names still resolve; events, offices, relations and annotations of the
    dropped sources are gone.

    Raises
    ------
    SourceError
        A name is no registered source.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from mmru_graph.namespaces import SCHEMA
    >>> g = SourcedGraph()
    >>> for s in ("source-a", "source-b"):
    ...     _ = g.add((ID[s], MMRU.textFile, Literal(s + ".txt")))
    ...     _ = g.graph(ID[s]).add((ID[s[-1]], SCHEMA.name, Literal(s)))
    >>> view = restrict(g, exclude=["source-a"])
    >>> sorted(str(o) for o in view.objects(None, SCHEMA.name))
    ['source-b']
    """
    store: Any = backend_of(graph)
    if store is not None:
        if not hasattr(store, "statements_in"):
            # A neighbourhood or an endpoint: neither tells which graph holds what
            # (see cli.common), and the union read as one graph would keep every source.
            raise SourceError(f"{store.location}: only the graph's files or the whole built "
                              f"store can be restricted to some sources")
        return _restrict_store(store, include, exclude)
    include = [_resolve_source(graph, n) for n in include]
    dropped = {_resolve_source(graph, n) for n in exclude}
    kept = [n for n in named_graphs(graph) if (not include or n in include) and n not in dropped]
    view = SourcedGraph()
    if not isinstance(graph, Dataset):
        view.default_graph.addN((s, p, o, view.default_graph) for s, p, o in graph)
        return view
    view.default_graph.addN((s, p, o, view.default_graph) for s, p, o in graph.default_graph)
    for name in kept:
        target = view.graph(name)
        target.addN((s, p, o, target) for s, p, o in graph.graph(name))
    return view


def shacl_views(graph: Graph) -> list[Graph]:
    """The graphs SHACL validates: the shared graph with each source's facts, one at a time.

    Two sources may disagree (two start dates of one event); each is valid
    on its own with the shared entities, and the union need not be. Every
    view also holds the evidence of the other sources (annotations, targets,
    selectors: IRIs of their own, never in conflict), so a shared entity
    another source quotes has its annotation. With no named graphs, the
    graph itself as one plain ``Graph``.
    """
    names = named_graphs(graph)
    if not names:
        union = Graph(bind_namespaces="none")
        union += graph.triples((None, None, None))
        for prefix, namespace in graph.namespaces():
            union.bind(prefix, namespace, override=True)
        return [union]
    assert isinstance(graph, Dataset)
    evidence = {s for cls in (OA.Annotation, OA.SpecificResource, OA.TextQuoteSelector,
                              OA.TextPositionSelector) for s in graph.subjects(RDF.type, cls)}
    views = []
    for name in names:
        view = Graph(bind_namespaces="none")
        view += graph.default_graph.triples((None, None, None))
        view += graph.graph(name).triples((None, None, None))
        for other in names:
            if other != name:
                view += (t for t in graph.graph(other) if t[0] in evidence)
        views.append(view)
    return views


def _restrict_store(store: Any, include: Iterable[str], exclude: Iterable[str]) -> SourcedGraph:
    """:func:`restrict` on the built store: its default graph and the kept sources' named
    graphs, each read by itself (``statements_in``), never the others' statements.

    At 2M triples, ``--source`` on one source read and parsed every file first
    (43-50 s, 2.6 GB); the store holds each graph in an index range of its own.
    """
    view = SourcedGraph()
    add_triples(view.default_graph, store.statements_in(None))
    # The source descriptions are in the default graph: names are told from it.
    included = [_resolve_source(view, n) for n in include]
    dropped = {_resolve_source(view, n) for n in exclude}
    whole = False
    if included:  # without listing every source (the links file's count: 0.7 s at 2M)
        names = [n for n in sorted(set(included), key=str) if n not in dropped]
    else:
        sizes = store.graph_sizes()
        names = sorted((name for name, size in sizes.items()
                        if size and isinstance(name, URIRef) and name not in dropped), key=str)
        # Most sources kept: every named quad in one read (the links file's table)
        # costs a quarter of a read per graph (2M, all but one: 14 s against 50 s).
        whole = len(names) > WHOLE_SHARE * len(sizes)
    kept: Iterable[tuple[URIRef, list[tuple[Node, Node, Node]]]]
    if whole:
        by_graph: dict[URIRef, list[tuple[Node, Node, Node]]] = {n: [] for n in names}
        for s, p, o, name in store.named_quads():
            found = by_graph.get(name)
            if found is not None:
                found.append((s, p, o))
        kept = by_graph.items()
    else:
        kept = ((name, store.statements_in(name)) for name in names)
    for name, statements in kept:
        if statements:  # as in memory, a source without facts has no graph
            add_triples(view.graph(name), statements)
    return view
