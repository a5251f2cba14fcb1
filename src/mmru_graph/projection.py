"""The RDF graph projected into networkx: :func:`full_graph` and :func:`actor_graph`.

The projection follows ``docs/architecture.md`` (the binding contract the view
renders from) and reads every rule from :mod:`mmru_graph.model`: which class
is which kind (``KIND_ROOTS``, ``SCHEMA_PARENTS``, ``PROJECT_CLASSES`` and the
ontology's ``rdfs:subClassOf``), which statements become edges
(``EDGE_PREDICATES``, ``REIFIED_EDGES``), which events link actors and how
strongly (``CONTACT_KIND``, ``CONTACT_WEIGHT``, ``PARTICIPATION``).

Types, names, dates and annotations are node attributes, never edges, so
they do not skew centrality. Annotations, selectors, the source article,
ontology terms and statement nodes (offices, accompaniments, claims) are not
nodes: offices and accompaniments become edges, claims stay out.

Everything is read with a fixed number of triple-pattern scans (no query per
node), because every command pays for it at start-up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, SH
from rdflib.term import Node

from . import model
from .dates import date_label, sort_key
from .evidence import evidence_index
from .namespaces import MMRU, OA, ORG, PROV, RDF, RDFS, SCHEMA

__all__ = ["NodeTable", "actor_graph", "full_graph", "node_table"]

#: Classes whose instances are statements or documents, not things of the
#: world: offices and relations (folded into edges), claims and negative
#: statements (kept out), the source article.
STATEMENT_ROOTS = frozenset({ORG.Membership, PROV.Influence, SCHEMA.Claim,
                             SCHEMA.CreativeWork, SCHEMA.NewsArticle, SCHEMA.Article})

#: Namespaces of vocabulary terms and evidence machinery: an instance typed
#: with one of their classes is never a node.
_META_NAMESPACES = tuple(str(ns) for ns in (OA, OWL, RDFS, SH, str(RDF)))

# The model's tables, keyed by any RDF term (what the graph hands back).
_KIND_ROOTS: dict[Node, str] = {k: v for k, v in model.KIND_ROOTS.items()}
_CONTACT_KIND: dict[Node, str] = {k: v for k, v in model.CONTACT_KIND.items()}
_SIDE_NODES: dict[Node, str] = {k: v for k, v in model.SIDE_NODES.items()}


def _local_name(iri: Node) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _is_true(value: Node | None) -> bool:
    return isinstance(value, Literal) and value.toPython() is True


@dataclass(frozen=True)
class ClassInfo:
    """What the model says about one class: its kind and how specific it is."""

    kind: str
    depth: int
    statement: bool
    meta: bool
    contact: str | None


def class_table(graph: Graph) -> dict[Node, ClassInfo]:
    """Kind, depth and contact rule of every class used as an ``rdf:type``.

    A class's ancestors come from the graph's ``rdfs:subClassOf`` triples
    (the ontology), ``model.PROJECT_CLASSES`` and ``model.SCHEMA_PARENTS``.
    Its kind is the best (by ``model.KIND_PRIORITY``) of the ``KIND_ROOTS``
    among its ancestors; its contact kind the ``CONTACT_KIND`` of the nearest
    ancestor that has one.

    Examples
    --------
    >>> from mmru_graph import load_graph
    >>> from mmru_graph.namespaces import MMRU, SCHEMA
    >>> table = class_table(load_graph())
    >>> table[MMRU.Talks].kind, table[MMRU.Talks].contact
    ('event', 'direct')
    >>> table[SCHEMA.Country].kind
    'place'
    """
    parents: dict[Node, set[Node]] = defaultdict(set)
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        parents[child].add(parent)
    for child, (parent, _label) in model.PROJECT_CLASSES.items():
        parents[child].add(parent)
    for child, schema_parents in model.SCHEMA_PARENTS.items():
        parents[child].update(schema_parents)

    table: dict[Node, ClassInfo] = {}
    for cls in set(graph.objects(None, RDF.type)):
        # Breadth-first, so the first contact rule met is the nearest one.
        seen, frontier, contact = {cls}, [cls], _CONTACT_KIND.get(cls)
        while frontier:
            following = []
            for current in frontier:
                for parent in parents.get(current, ()):
                    if parent not in seen:
                        seen.add(parent)
                        following.append(parent)
                        if contact is None:
                            contact = _CONTACT_KIND.get(parent)
            frontier = following
        kinds = {_KIND_ROOTS[c] for c in seen if c in _KIND_ROOTS}
        kind = next((k for k in model.KIND_PRIORITY if k in kinds), model.OTHER)
        table[cls] = ClassInfo(
            kind=kind, depth=len(seen), statement=bool(seen & STATEMENT_ROOTS),
            meta=str(cls).startswith(_META_NAMESPACES),
            contact=contact if kind == model.EVENT else None)
    return table


class NodeTable:
    """The nodes of the projections with their contract attributes.

    Built once per graph by :func:`node_table`; ``attrs`` maps each node's IRI
    (a ``str``) to the attribute dict of ``docs/architecture.md``.
    ``classes`` holds each node's most specific class IRI and ``evidence``
    the evidence of every annotated node (statements included).
    """

    def __init__(self, attrs: dict[str, dict[str, Any]], classes: dict[str, Node],
                 evidence: dict[Node, list[dict[str, Any]]], info: dict[Node, ClassInfo],
                 index: _Index):
        self.attrs = attrs
        self.classes = classes
        self.evidence = evidence
        self.info = info
        self.index = index

    def kind(self, iri: str) -> str:
        """The node's kind, or ``""`` if it is not a node."""
        node = self.attrs.get(iri)
        return node["kind"] if node else ""

    def contact(self, iri: str) -> str | None:
        """The contact kind of an event node (``direct``, ``co-attendance``) or None."""
        cls = self.classes.get(iri)
        return self.info[cls].contact if cls is not None else None


class _Index:
    """Subject → objects maps of the graph, one triple-pattern scan per predicate."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._maps: dict[Node, dict[Node, list[Node]]] = {}

    def all(self, predicate: Node) -> dict[Node, list[Node]]:
        """Every subject's objects of ``predicate``."""
        found = self._maps.get(predicate)
        if found is None:
            found = defaultdict(list)
            for subject, value in self.graph.subject_objects(predicate):
                found[subject].append(value)
            self._maps[predicate] = found
        return found

    def first(self, predicate: Node) -> dict[Node, Node]:
        """One object of ``predicate`` per subject (the properties that have one)."""
        return {subject: values[0] for subject, values in self.all(predicate).items()}

    def strings(self, predicate: Node) -> dict[Node, list[str]]:
        """Every subject's objects of ``predicate``, as strings."""
        return {subject: [str(v) for v in values]
                for subject, values in self.all(predicate).items()}

    def flags(self, predicate: Node) -> set[Node]:
        """The subjects whose ``predicate`` is ``true``."""
        return {s for s, values in self.all(predicate).items() if any(map(_is_true, values))}


def node_table(graph: Graph) -> NodeTable:
    """Select the projection's nodes and compute their attributes.

    Examples
    --------
    >>> from mmru_graph import load_graph
    >>> table = node_table(load_graph())
    >>> node = table.attrs["https://w3id.org/mmru-graph/id/min-aung-hlaing"]
    >>> node["kind"], node["side"], node["cls"]
    ('person', 'myanmar', 'Person')
    >>> "the coup leader" in node["aliases"]
    True
    """
    index = _Index(graph)
    info = class_table(graph)
    best: dict[Node, Node] = {}
    excluded: set[Node] = set()
    for subject, classes in index.all(RDF.type).items():
        if not isinstance(subject, URIRef):
            continue
        for cls in classes:
            cls_info = info[cls]
            if cls_info.statement or cls_info.meta:
                excluded.add(subject)
                continue
            current = best.get(subject)
            if current is None or _better(cls_info, info[current], cls, current):
                best[subject] = cls
    for subject in excluded:
        best.pop(subject, None)

    names = index.strings(SCHEMA.name)
    aliases = index.strings(SCHEMA.alternateName)
    sides = index.first(MMRU.side)
    unnamed, inferred = index.flags(MMRU.unnamed), index.flags(MMRU.inferred)
    evidence = evidence_index(graph)
    offices = _offices(index, names)
    attrs: dict[str, dict[str, Any]] = {}
    for node, cls in best.items():
        kind = info[cls].kind
        name_list = sorted(names.get(node, []))
        attrs[str(node)] = {
            "iri": str(node),
            "name": name_list[0] if name_list else _local_name(node),
            "kind": kind,
            "cls": _local_name(cls),
            "side": _side(sides.get(node)) if kind in model.ACTOR_KINDS else "",
            "aliases": sorted(set(aliases.get(node, []))),
            "unnamed": node in unnamed,
            "offices": offices.get(node, []) if kind == model.PERSON else [],
            "start": "", "end": "", "date_label": "", "approximate": False, "place": "",
            "evidence": evidence.get(node, []),
            "inferred": node in inferred,
            "date_note": "", "no_date_reason": "", "no_place_reason": "",
        }
    _add_event_attributes(index, attrs, info, best, names)
    return NodeTable(attrs, {str(n): c for n, c in best.items()}, evidence, info, index)


def _better(new: ClassInfo, old: ClassInfo, new_cls: Node, old_cls: Node) -> bool:
    """Whether a node's type ``new`` describes it better than ``old``."""
    rank = model.KIND_PRIORITY.index
    return (rank(new.kind), -new.depth, str(new_cls)) < (rank(old.kind), -old.depth, str(old_cls))


def _side(value: Node | None) -> str:
    return _SIDE_NODES.get(value, "other") if value is not None else "other"


def _offices(index: _Index, names: dict[Node, list[str]]) -> dict[Node, list[str]]:
    """``"role, organization"`` for every office (``mmru:Position``) by member."""
    roles, starts = index.first(SCHEMA.roleName), index.first(SCHEMA.startDate)
    organizations, members = index.all(ORG.organization), index.all(ORG.member)
    held: dict[Node, list[tuple[str, str]]] = defaultdict(list)
    position_class = MMRU.Position
    for position, classes in index.all(RDF.type).items():
        if position_class not in classes:
            continue
        role = str(roles.get(position, "member"))
        start = str(starts.get(position, ""))
        for organization in organizations.get(position, []):
            org_name = min(names.get(organization, [_local_name(organization)]))
            for member in members.get(position, []):
                held[member].append((start, f"{role}, {org_name}"))
    return {member: [label for _start, label in sorted(set(items))]
            for member, items in held.items()}


def _add_event_attributes(index: _Index, attrs: dict[str, dict[str, Any]],
                          info: dict[Node, ClassInfo], best: dict[Node, Node],
                          names: dict[Node, list[str]]) -> None:
    """Dates, date labels, places and notes of the event nodes."""
    starts, ends = index.first(SCHEMA.startDate), index.first(SCHEMA.endDate)
    approximate = index.flags(MMRU.dateApproximate)
    notes, no_date = index.first(MMRU.dateNote), index.first(MMRU.noDateReason)
    no_place = index.first(MMRU.noPlaceReason)
    places: dict[Node, list[str]] = defaultdict(list)
    for event, located in index.all(SCHEMA.location).items():
        for place in located:
            places[event].append(min(names.get(place, [_local_name(place)])))
    for node, cls in best.items():
        if info[cls].kind != model.EVENT:
            continue
        start, end = str(starts.get(node, "")), str(ends.get(node, ""))
        attrs[str(node)].update({
            "start": start,
            "end": end,
            "approximate": node in approximate,
            "date_label": date_label(start, end, node in approximate),
            "place": ", ".join(sorted(places.get(node, []))),
            "date_note": str(notes.get(node, "")),
            "no_date_reason": str(no_date.get(node, "")),
            "no_place_reason": str(no_place.get(node, "")),
        })


def full_graph(graph: Graph, table: NodeTable | None = None) -> nx.MultiDiGraph:
    """Entities and events as nodes, statements as edges.

    One edge per statement of a predicate in ``model.EDGE_PREDICATES``
    (direction as in RDF, key the predicate IRI) and one per relation node of
    a class in ``model.REIFIED_EDGES`` (offices, accompaniments, control; key
    the relation node's IRI).

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph (:func:`mmru_graph.load_graph`).
    table : NodeTable, optional
        A :func:`node_table` already computed for ``graph``.

    Returns
    -------
    networkx.MultiDiGraph
        Node ids are IRI strings; node attributes and edge attributes
        (``predicate``, ``label``, ``evidence``, ``inferred``, and
        ``statement`` for relation nodes) as in ``docs/architecture.md``.

    Examples
    --------
    >>> from mmru_graph import load_graph
    >>> G = full_graph(load_graph())
    >>> parade = "https://w3id.org/mmru-graph/id/2021-03-27-armed-forces-day-parade"
    >>> fomin = "https://w3id.org/mmru-graph/id/alexander-fomin"
    >>> G.nodes[parade]["kind"], G.nodes[parade]["start"]
    ('event', '2021-03-27')
    >>> [data["label"] for data in G.get_edge_data(parade, fomin).values()]
    ['attended by']
    """
    table = table if table is not None else node_table(graph)
    attrs = table.attrs
    result = nx.MultiDiGraph()
    result.add_nodes_from(attrs.items())
    contained_in = SCHEMA.containedInPlace
    inferred_containment = table.index.flags(MMRU.inferredContainment)
    for predicate, rule in model.EDGE_PREDICATES.items():
        for subject, objects in table.index.all(predicate).items():
            source = str(subject)
            if source not in attrs:
                continue
            for obj in objects:
                target = str(obj)
                if target not in attrs or source == target:
                    continue
                inferred = attrs[source]["inferred"] or (
                    predicate == contained_in and subject in inferred_containment)
                result.add_edge(source, target, key=str(predicate), predicate=str(predicate),
                                label=rule.label, evidence=table.evidence.get(subject, []),
                                inferred=inferred)
    inferred_relations = table.index.flags(MMRU.inferred)
    for relation, source, target, label, relation_class in reified_edges(table.index):
        if source in attrs and target in attrs and source != target:
            result.add_edge(source, target, key=str(relation), predicate=str(relation_class),
                            label=label, evidence=table.evidence.get(relation, []),
                            inferred=relation in inferred_relations, statement=str(relation))
    return result


def reified_edges(index: _Index) -> Iterable[tuple[Node, str, str, str, Node]]:
    """``(relation node, source, target, label, class)`` of every relation node.

    Follows ``model.REIFIED_EDGES``: an office gives member → organization
    labelled with its ``schema:roleName``; an accompaniment gives companion →
    principal ("accompanied"); a control gives controller → controlled.
    """
    types = index.all(RDF.type)
    roles = index.first(SCHEMA.roleName)
    for cls, (source_predicate, target_predicate, fixed_label) in model.REIFIED_EDGES.items():
        sources, targets = index.all(source_predicate), index.all(target_predicate)
        for relation in sorted((n for n, classes in types.items() if cls in classes), key=str):
            if not isinstance(relation, URIRef):
                continue
            label = fixed_label or str(roles.get(relation, "member"))
            for source in sources.get(relation, []):
                for target in targets.get(relation, []):
                    yield relation, str(source), str(target), label, cls


def participants(graph: Graph, table: NodeTable) -> dict[str, list[str]]:
    """The actors taking part in each event, by ``model.PARTICIPATION``.

    Examples
    --------
    >>> from mmru_graph import load_graph
    >>> g = load_graph()
    >>> taking_part = participants(g, node_table(g))
    >>> parade = "https://w3id.org/mmru-graph/id/2021-03-27-armed-forces-day-parade"
    >>> "https://w3id.org/mmru-graph/id/alexander-fomin" in taking_part[parade]
    True
    """
    found: dict[str, set[str]] = defaultdict(set)
    for predicate in model.PARTICIPATION:
        for event, actors in table.index.all(predicate).items():
            event_iri = str(event)
            if table.kind(event_iri) != model.EVENT:
                continue
            for actor in actors:
                if table.kind(str(actor)) in model.ACTOR_KINDS:
                    found[event_iri].add(str(actor))
    return {event: sorted(actors) for event, actors in found.items()}


def place_label(table: NodeTable, event: str) -> str:
    """Where an event took place, as an analyst reads it.

    The event's own place; else, when the source places only the trip it is
    part of (``schema:superEvent``), that trip's place marked "(trip)";
    else ``""``.

    Examples
    --------
    >>> from mmru_graph import load_graph
    >>> table = node_table(load_graph())
    >>> place_label(table, "https://w3id.org/mmru-graph/id/2021-03-26-min-aung-hlaing-meets-fomin")
    'Naypyitaw (trip)'
    """
    attrs = table.attrs.get(event)
    if attrs is None:
        return ""
    if attrs["place"]:
        return str(attrs["place"])
    parents = table.index.all(SCHEMA.superEvent)
    seen = {event}
    frontier = [str(p) for p in parents.get(URIRef(event), [])]
    while frontier:
        current = frontier.pop(0)
        if current in seen or current not in table.attrs:
            continue
        seen.add(current)
        if table.attrs[current]["place"]:
            return f"{table.attrs[current]['place']} (trip)"
        frontier += [str(p) for p in parents.get(URIRef(current), [])]
    return ""


def event_record(table: NodeTable, event: str) -> dict[str, Any]:
    """How an actor-graph edge lists one shared event."""
    attrs = table.attrs[event]
    return {
        "event_iri": event,
        "event": attrs["name"],
        "date": attrs["date_label"],
        "start": attrs["start"],
        "end": attrs["end"],
        "place": place_label(table, event),
        "contact": table.contact(event),
        "evidence": attrs["evidence"],
    }


def _not_counterparts(graph: Graph) -> set[frozenset[str]]:
    """Pairs of actors that take part in events as one party (``model.NOT_COUNTERPARTS``)."""
    pairs = set()
    for cls, (one, other) in model.NOT_COUNTERPARTS.items():
        for relation in graph.subjects(RDF.type, cls):
            for first in graph.objects(relation, one):
                for second in graph.objects(relation, other):
                    pairs.add(frozenset((str(first), str(second))))
    return pairs


def actor_graph(graph: Graph, table: NodeTable | None = None) -> nx.Graph:
    """Persons and organizations, linked when they took part in the same event.

    Only events whose class has a ``model.CONTACT_KIND`` link actors: talks
    and meetings are ``direct`` contact, a parade or a forum only
    ``co-attendance``. Every actor is a node, linked or not. A person and
    an organization they hold an office in (Kasatonov and the delegation he
    leads) are one party, never each other's counterparts
    (``model.NOT_COUNTERPARTS``).

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph (:func:`mmru_graph.load_graph`).
    table : NodeTable, optional
        A :func:`node_table` already computed for ``graph``.

    Returns
    -------
    networkx.Graph
        Edge attributes: ``events`` (``{"event_iri", "event", "date",
        "start", "end", "place", "contact", "evidence"}``, by date),
        ``contact`` (``direct`` if any shared event is direct contact) and
        ``weight`` (the sum of ``model.CONTACT_WEIGHT`` over the events).

    Examples
    --------
    >>> from mmru_graph import load_graph
    >>> A = actor_graph(load_graph())
    >>> mah = "https://w3id.org/mmru-graph/id/min-aung-hlaing"
    >>> kasatonov = "https://w3id.org/mmru-graph/id/vladimir-kasatonov"
    >>> A.edges[mah, kasatonov]["contact"]
    'direct'
    >>> A.has_edge(mah, "https://w3id.org/mmru-graph/id/vladimir-putin")
    False
    >>> A.has_edge(kasatonov, "https://w3id.org/mmru-graph/id/russian-military-delegation-2021-10")
    False
    """
    table = table if table is not None else node_table(graph)
    result = nx.Graph()
    result.add_nodes_from((iri, attrs) for iri, attrs in table.attrs.items()
                          if attrs["kind"] in model.ACTOR_KINDS)
    own_party = _not_counterparts(graph)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event, actors in participants(graph, table).items():
        if table.contact(event) is None:
            continue
        for i, first in enumerate(actors):
            for second in actors[i + 1:]:
                if frozenset((first, second)) not in own_party:
                    shared[first, second].append(event)
    for (first, second), events in shared.items():
        records = sorted((event_record(table, e) for e in events),
                         key=lambda r: (sort_key(r["start"], r["end"]), r["event"]))
        contacts = {r["contact"] for r in records}
        result.add_edge(
            first, second, events=records,
            contact=model.DIRECT if model.DIRECT in contacts else model.CO_ATTENDANCE,
            weight=sum(model.CONTACT_WEIGHT[r["contact"]] for r in records))
    return result
