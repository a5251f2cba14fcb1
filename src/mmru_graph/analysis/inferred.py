"""What is inferred: every inferred node and statement, with the reason the data gives.

Two flags (``docs/data-model.md``, Inference): ``mmru:inferred true`` marks
a node the source never states (an event it implies, a relationship it
never says); ``mmru:inferredProperty P`` (and any other ``mmru:inferred…``
flag naming a property, e.g. ``mmru:inferredContainment``) marks the values
of one property of a stated node as read from context. The reason is the
node's ``rdfs:comment``.

On the embedded store, :func:`flagged_part` hands :func:`inferred_items` the
flagged nodes (found through the few IRIs that can be a flag) and what they
point to, not the whole graph: the same items, without reading the store
whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, cast

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..evidence import evidence_index
from ..namespaces import MMRU, OA, ORG, RDF, RDFS, SCHEMA, local_name, prefixed
from ..store.backends import Triple, backend_of
from ..store.index import is_true

__all__ = ["FLAG_PREFIX", "InferredItem", "flagged_part", "inferred_items"]

#: Every flag's IRI starts so: ``mmru:inferred`` and the ``mmru:inferred…`` properties.
FLAG_PREFIX = str(MMRU.inferred)


@dataclass(frozen=True)
class InferredItem:
    """One inferred node, or one inferred property of a stated node."""

    what: str            # "node" or "statement"
    node: str            # the node's name
    node_iri: str
    node_class: str
    flag: str            # the flag's prefixed name: mmru:inferred, mmru:inferredProperty, …
    property: str = ""   # the inferred property (statements), prefixed
    values: list[str] = field(default_factory=list)  # its values' names
    reason: str = ""     # rdfs:comment
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The item as a JSON-ready dict."""
        return asdict(self)


def _label(graph: Graph, node: Node) -> str:
    for predicate in (SCHEMA.name, SCHEMA.roleName, RDFS.label):
        values = sorted(str(v) for v in graph.objects(node, predicate))
        if values:
            if predicate == SCHEMA.roleName:
                member = graph.value(node, ORG.member)
                return (f"{_label(graph, member)}: {values[0]}" if member is not None
                        else values[0])
            return values[0]
    companion, principal = graph.value(node, MMRU.companion), graph.value(node, MMRU.principal)
    if companion is not None and principal is not None:
        return f"{_label(graph, companion)} accompanies {_label(graph, principal)}"
    return str(node) if not isinstance(node, URIRef) else local_name(node)


def _flags(graph: Graph) -> list[URIRef]:
    """The statement flags: ``mmru:inferred…`` properties other than ``mmru:inferred``."""
    found = {p for p in graph.predicates() if isinstance(p, URIRef)
             and str(p).startswith(FLAG_PREFIX) and p != MMRU.inferred}
    return sorted(found, key=str)


def inferred_items(graph: Graph) -> list[InferredItem]:
    """Every inferred node and statement, whole nodes first, each by name.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data='''
    ... @prefix schema: <https://schema.org/> .
    ... @prefix mmru: <https://w3id.org/mmru-graph/ontology#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... @prefix id: <https://w3id.org/mmru-graph/id/> .
    ... id:coup a mmru:Coup ; schema:name "The coup" ; schema:location id:myanmar ;
    ...     mmru:inferredProperty schema:location ; rdfs:comment "Place inferred: context." .
    ... id:myanmar schema:name "Myanmar" .
    ... id:visit a mmru:Visit ; schema:name "A first visit" ; mmru:inferred true ;
    ...     rdfs:comment "Implied by 'his second visit'." .
    ... ''')
    >>> for item in inferred_items(g):
    ...     print(item.what, item.node, item.property, item.values, item.reason)
    node A first visit  [] Implied by 'his second visit'.
    statement The coup schema:location ['Myanmar'] Place inferred: context.
    """
    # (node, what the item says) first: the evidence index reads every
    # annotation, worth building only when something is inferred.
    found: list[tuple[Node, dict[str, Any]]] = [
        (node, {"what": "node", "flag": prefixed(MMRU.inferred)})
        for node, value in graph.subject_objects(MMRU.inferred) if is_true(value)]
    for flag in _flags(graph):
        for node, flagged in graph.subject_objects(flag):
            values = sorted(_label(graph, v) for v in graph.objects(node, flagged))
            found.append((node, {"what": "statement", "flag": prefixed(flag),
                                 "property": prefixed(flagged), "values": values}))
    evidence = evidence_index(graph) if found else {}

    def item(node: Node, extra: dict[str, Any]) -> InferredItem:
        classes = sorted(local_name(c) for c in graph.objects(node, RDF.type)
                         if isinstance(c, URIRef))
        reasons = sorted(str(c) for c in graph.objects(node, RDFS.comment))
        return InferredItem(node=_label(graph, node), node_iri=str(node),
                            node_class=", ".join(classes), reason=" ".join(reasons),
                            evidence=evidence.get(node, []), **extra)

    order = {"node": 0, "statement": 1}
    return sorted((item(node, extra) for node, extra in found),
                  key=lambda i: (order[i.what], i.node.casefold(), i.property, i.node_iri))


def flagged_part(graph: Graph) -> Graph:
    """What :func:`inferred_items` reads of ``graph``: on the embedded store, the
    flagged nodes and what they point to; elsewhere ``graph`` itself.

    The flags are found by their IRIs (:data:`FLAG_PREFIX`: a range of the
    indexed terms of the build's links file), then every statement of those
    flags, then :func:`_reach` from the flagged nodes: their classes, comments
    and names, their annotations with the quotes and sources, and the names of
    the flagged values (a role's member, an accompaniment's two ends). Every
    statement of a flag is there, so the same flags and the same items. Nothing
    flagged: an empty graph. Against an endpoint, the flags and their statements
    are asked for (two requests), then the flagged nodes' neighbourhood read as
    ``show`` reads an actor's (:func:`~mmru_graph.analysis.focus.around`: a
    superset of what is needed, in one request). The memory store, a store without
    links, a flagged blank node, or an endpoint whose neighbourhood would start
    from too many nodes: ``graph`` itself.

    Examples
    --------
    A store of one inferred visit and one stated meeting: the part holds the visit.

    >>> import pathlib, tempfile
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> from mmru_graph.store.backends import backend_graph
    >>> from mmru_graph.store.oxigraph import OxigraphBackend, write_store
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:visit a mmru:Visit ; schema:name "A first visit" ; mmru:inferred true ;
    ...     rdfs:comment "Implied by 'his second visit'." .
    ... id:talks a mmru:Talks ; schema:name "Talks" .
    ... ''')
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = g.serialize(folder / "graph.nq", format="nt", encoding="utf-8")
    >>> write_store(folder / "graph.nq", folder / "store", {}, graph=g)
    >>> part = flagged_part(backend_graph(OxigraphBackend(folder / "store")))
    >>> [item.node for item in inferred_items(part)], (ID.talks, None, None) in part
    (['A first visit'], False)

    A graph in memory is its own part:

    >>> flagged_part(g) is g
    True
    """
    from .focus import focused_graph, local_lookup

    remote: Any = backend_of(graph)
    if getattr(remote, "remote_focus", None) is not None:
        return _remote_flagged_part(graph, remote)
    backend = local_lookup(graph)
    starting = getattr(backend, "iris_starting", None)
    if starting is None:
        return graph
    flags = starting(FLAG_PREFIX)
    if flags is None:
        return graph
    nodes = _flagged_nodes(backend.with_predicates(flags))
    if nodes is None:
        return graph
    return focused_graph(backend, _reach(backend, sorted(nodes)) if nodes else [])


def _remote_flagged_part(graph: Graph, backend: Any) -> Graph:
    """:func:`flagged_part` against a SPARQL endpoint."""
    from .focus import around, focused_graph

    # Every predicate, filtered here: a few dozen rows, and the server spares a string
    # made of each triple's predicate (2M triples on Oxigraph: 2.2 s against 11.6 s).
    rows = backend.select_rows(
        "SELECT DISTINCT ?p WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", ("p",))
    flags = sorted((p for (p,) in rows
                    if isinstance(p, URIRef) and str(p).startswith(FLAG_PREFIX)), key=str)
    nodes = _flagged_nodes(backend.triples(flags) if flags else [])
    if nodes is None:
        return graph
    if not nodes:  # nothing inferred: nothing more to read
        return focused_graph(backend, [])
    return around(graph, sorted(str(node) for node in nodes))


def _flagged_nodes(statements: Iterable[Triple]) -> set[URIRef] | None:
    """The nodes these flag statements flag (``mmru:inferred`` only when true); None when
    one is a blank node: validation refuses them, and a store that has one is read whole
    rather than trusted to look it up by its label."""
    nodes = {node for node, flag, value in statements if flag != MMRU.inferred or is_true(value)}
    if any(not isinstance(node, URIRef) for node in nodes):
        return None
    return cast(set[URIRef], nodes)


def _reach(store: Any, nodes: list[URIRef]) -> list[Triple]:
    """Every statement of ``nodes`` and of their annotations (``oa:hasBody``), and of
    everything these point to, followed to the end.

    Not :func:`mmru_graph.store.focus.neighbourhood`: nothing pointing to a
    flagged node but its annotations is read (the events at a flagged place, of
    a flagged organization: at 2M triples, 6 s for the busiest place, 11 s for
    the busiest person, where this takes 0.02 s), nor the model.
    """
    from ..store.focus import reach_forward

    flagged = {*nodes, *(annotation for annotation, _p, _o
                         in store.about(nodes, incoming=True, predicate=OA.hasBody))}
    return reach_forward(store, flagged, annotations=False)
