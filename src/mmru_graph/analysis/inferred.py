"""What is inferred: every inferred node and statement, with the reason the data gives.

Two flags (``docs/data-model.md``, Inference): ``mmru:inferred true`` marks
a node the source never states (an event it implies, a relationship it
never says); ``mmru:inferredProperty P`` (and any other ``mmru:inferred…``
flag naming a property, e.g. ``mmru:inferredContainment``) marks the values
of one property of a stated node as read from context. The reason is the
node's ``rdfs:comment``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..evidence import evidence_index
from ..namespaces import MMRU, ORG, RDF, RDFS, SCHEMA, local_name, prefixed
from ..store.index import is_true

__all__ = ["InferredItem", "inferred_items"]


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
             and str(p).startswith(str(MMRU) + "inferred") and p != MMRU.inferred}
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
