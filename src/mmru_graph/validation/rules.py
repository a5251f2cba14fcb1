"""Rules of the data model that SHACL cannot state cheaply: :func:`structural_violations`.

Checked by :func:`mmru_graph.validate.validate_graph` after the quotes and the
shapes, on the whole graph, or after a validation that passed on the statements
added since (:mod:`mmru_graph.validation.passed`).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import Violation
from ..namespaces import ID, MMRU, RDF, RDFS, SCHEMA, prefixed

__all__ = ["event_classes", "shown_term", "sort_violations", "structural_violations"]


def event_classes(graph: Graph) -> set[Node]:
    """``schema:Event`` and every class below it (``rdfs:subClassOf`` in the
    model, :func:`mmru_graph.model.read_model`: the graph's ontology, or the
    package's for a graph without one).

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> from mmru_graph.namespaces import MMRU
    >>> g = new_graph()
    >>> _ = g.add((MMRU.Talks, RDFS.subClassOf, MMRU.Meeting))
    >>> _ = g.add((MMRU.Meeting, RDFS.subClassOf, SCHEMA.Event))
    >>> MMRU.Talks in event_classes(g), SCHEMA.ExhibitionEvent in event_classes(g)
    (True, True)
    >>> SCHEMA.Person in event_classes(g)
    False
    """
    from ..model import read_model

    children: dict[Node, set[Node]] = {}
    for child, parents in read_model(graph).parents.items():
        for parent in parents:
            children.setdefault(parent, set()).add(child)
    found: set[Node] = {SCHEMA.Event}
    todo: list[Node] = [SCHEMA.Event]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _date_key(value: Node | None) -> str | None:
    """A date literal's lexical form, if it is an ISO date, year-month or year."""
    if isinstance(value, Literal) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(value)):
        return str(value)
    return None


def structural_violations(graph: Graph, added: Sequence[tuple[Node, Node, Node]] | None = None
                          ) -> list[Violation]:
    """Rules of the data model that SHACL cannot state cheaply.

    - no blank nodes: every node has an ``id:`` IRI (so the build is
      deterministic and every piece of evidence can be cited);
    - every ``id:`` IRI used as an object is described (has an ``rdf:type``),
      which catches a mistyped slug;
    - every ``mmru:`` class and property used is declared in the ontology;
    - no IRI resolved against the file's location (a relative ``<x>``);
    - an event does not end before it starts (partial dates compare by the
      part they give: ``2021-06`` ends after ``2021-06-20`` starts);
    - a property flagged ``mmru:inferredProperty`` has a value on the node
      (core SHACL cannot take a path from the data, and SHACL-SPARQL is
      refused), so a flag never outlives the statement it qualifies.

    With ``added`` (the statements added since a validation that passed,
    without blank nodes: :mod:`mmru_graph.validation.passed`), only what they
    could break is checked: each rule holds under additions for every other
    statement (a node described stays described, a term declared stays
    declared, a value stays present), so the triples themselves, the dates of
    the nodes they describe and the flags they set are enough.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data='''
    ... @prefix schema: <https://schema.org/> .
    ... @prefix id: <https://w3id.org/mmru-graph/id/> .
    ... id:visit a schema:Event ; schema:attendee id:fomim ;
    ...     schema:location [ schema:name "Naypyitaw" ] .
    ... @prefix mmru: <https://w3id.org/mmru-graph/ontology#> .
    ... mmru:inferredProperty a <http://www.w3.org/2002/07/owl#ObjectProperty> .
    ... id:coup a schema:Event ; schema:agent id:visit ; mmru:inferredProperty schema:location .
    ... ''')
    >>> for v in structural_violations(g):
    ...     print(v)
    id:coup mmru:inferredProperty: flags schema:location as inferred but has no schema:location
    id:visit schema:attendee: id:fomim is not described anywhere (no rdf:type): a mistyped IRI?
    id:visit schema:location: blank node: give it an IRI id:…
    """
    problems: set[Violation] = set()
    typed: Container[Node]
    declared: Container[Node]
    if added is None:
        typed = set(graph.subjects(RDF.type, None))
        declared = typed | set(graph.subjects(RDFS.label, None))
    else:  # a few terms: asked of the graph, not a set of every node
        typed, declared = _Described(graph, (RDF.type,)), _Described(graph, (RDF.type, RDFS.label))
    id_base, mmru_base, rdf_type = str(ID), str(MMRU), RDF.type  # hoisted: once per triple
    starts = str.startswith  # str's own: rdflib's override copies the term first

    def check(subject: Node, predicate: Node, obj: Node) -> None:
        """Every rule of one triple (the loop below skips the triples it can see pass)."""
        if isinstance(subject, BNode):
            if not any(True for _ in graph.subjects(None, subject)):
                problems.add(Violation("[]", prefixed(predicate),
                                       f"blank node subject (value {shown_term(obj)}): "
                                       "give it an IRI id:…"))
            return
        if isinstance(obj, BNode):
            problems.add(Violation(prefixed(subject), prefixed(predicate),
                                   "blank node: give it an IRI id:…"))
        for term in (subject, predicate, obj):
            if isinstance(term, URIRef) and starts(term, "file:"):
                problems.add(Violation(prefixed(subject), prefixed(predicate),
                                       f"relative IRI {shown_term(term)}: use id:… or a full IRI"))
        if isinstance(obj, URIRef) and starts(obj, id_base) and obj not in typed:
            problems.add(Violation(prefixed(subject), prefixed(predicate),
                                   f"{prefixed(obj)} is not described anywhere (no rdf:type): "
                                   "a mistyped IRI?"))
        used: tuple[Node, ...] = (predicate, obj) if predicate == rdf_type else (predicate,)
        for term in used:
            if isinstance(term, URIRef) and starts(term, mmru_base) and term not in declared:
                problems.add(Violation(prefixed(subject), prefixed(predicate),
                                       f"{prefixed(term)} is not declared in ontology.ttl"))

    from ..store.bulk import scan_triples

    triples: Iterable[Any] = scan_triples(graph) if added is None else added
    for subject, predicate, obj in triples:
        # The common triples (IRI subject and predicate, IRI or literal object) in
        # a few C-level tests: millions at 2M triples. Any doubt goes to check().
        kind = type(obj)
        if type(subject) is URIRef and type(predicate) is URIRef \
                and (kind is Literal or kind is URIRef) \
                and not starts(subject, "file:") and not starts(predicate, "file:") \
                and not (starts(predicate, mmru_base) and predicate not in declared) \
                and (kind is Literal or not (
                    starts(obj, "file:") or (starts(obj, id_base) and obj not in typed)
                    or (starts(obj, mmru_base) and predicate == rdf_type
                        and obj not in declared))):
            continue
        check(subject, predicate, obj)
    events = event_classes(graph)
    dated = {s for c in events for s in graph.subjects(RDF.type, c)} if added is None else \
        {s for s, _p, _o in added if not events.isdisjoint(graph.objects(s, RDF.type))}
    for node in dated:
        begins = [_date_key(d) for d in graph.objects(node, SCHEMA.startDate)]
        ends = [_date_key(d) for d in graph.objects(node, SCHEMA.endDate)]
        for start in filter(None, begins):
            for end in filter(None, ends):
                if end < start[:len(end)]:
                    problems.add(Violation(prefixed(node), "schema:endDate",
                                           f"ends ({end}) before it starts ({start})"))
    flags = graph.subject_objects(MMRU.inferredProperty) if added is None else \
        [(s, o) for s, p, o in added if p == MMRU.inferredProperty]
    for node, flagged in flags:
        if isinstance(flagged, URIRef) and (node, flagged, None) not in graph:
            problems.add(Violation(shown_term(node), prefixed(MMRU.inferredProperty),
                                   f"flags {prefixed(flagged)} as inferred "
                                   f"but has no {prefixed(flagged)}"))
    return sort_violations(problems)


class _Described:
    """``node in described``: the node is the subject of one of these predicates
    (what the rules ask of the few terms added statements use)."""

    def __init__(self, graph: Graph, predicates: tuple[URIRef, ...]) -> None:
        self.graph, self.predicates = graph, predicates

    def __contains__(self, node: Any) -> bool:
        return any((node, predicate, None) in self.graph for predicate in self.predicates)


def shown_term(term: Node) -> str:
    """A term as a message shows it: an IRI prefixed, anything else in N-Triples."""
    return prefixed(term) if isinstance(term, URIRef) else term.n3()


def sort_violations(violations: Iterable[Violation]) -> list[Violation]:
    """Violations in the order they are reported: node, property, message, place."""
    return sorted(violations, key=lambda v: (v.focus, v.path, v.message, v.location))
