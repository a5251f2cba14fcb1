"""The nodes of the networkx projections and their attributes: :func:`node_table`.

Which RDF resources become nodes, and with what attributes, follows
``docs/architecture.md`` (the projection contract) and reads every rule from
:mod:`mmru_graph.model`: which class is which kind (``KIND_ROOTS``,
``SCHEMA_PARENTS``, ``PROJECT_CLASSES`` and the ontology's
``rdfs:subClassOf``) and which events are contact between actors
(``CONTACT_KIND``). The graphs themselves are built from this table by
:mod:`mmru_graph.projection.graphs`.

Types, names, dates and annotations are node attributes, never edges, so
they do not skew centrality. Annotations, selectors, the source article,
ontology terms and statement nodes (offices, accompaniments, claims) are not
nodes.

Everything is read with a fixed number of triple-pattern scans (no query per
node), because every command pays for it at start-up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, SH
from rdflib.term import Node

from .. import model
from ..dates import date_label
from ..evidence import evidence_index
from ..namespaces import MMRU, OA, ORG, PROV, RDF, RDFS, SCHEMA, local_name, prefixed
from ..store.index import TripleIndex

__all__ = ["ClassInfo", "NodeTable", "class_table", "node_table", "place_label"]


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
                 index: TripleIndex):
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

    ``inferred`` says the node itself is inferred; ``inferred_properties``
    which of its statements are (the coup is stated, its place is not):

    >>> coup = table.attrs["https://w3id.org/mmru-graph/id/2021-02-01-coup"]
    >>> coup["inferred"], coup["inferred_properties"]
    (False, ['schema:location'])
    """
    index = TripleIndex(graph)
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
    inferred_properties = index.all(MMRU.inferredProperty)
    evidence = evidence_index(graph)
    attributed = index.all(PROV.wasAttributedTo)
    offices = _offices(index, names)
    attrs: dict[str, dict[str, Any]] = {}
    for node, cls in best.items():
        kind = info[cls].kind
        name_list = sorted(names.get(node, []))
        attrs[str(node)] = {
            "iri": str(node),
            "name": name_list[0] if name_list else local_name(node),
            "kind": kind,
            "cls": local_name(cls),
            "side": _side(sides.get(node)) if kind in model.ACTOR_KINDS else "",
            "aliases": sorted(set(aliases.get(node, []))),
            "unnamed": node in unnamed,
            "offices": offices.get(node, []) if kind == model.PERSON else [],
            "start": "", "end": "", "date_label": "", "approximate": False, "place": "",
            "evidence": evidence.get(node, []),
            "inferred": node in inferred,
            "inferred_properties": sorted({prefixed(p) for p in inferred_properties.get(node, [])}),
            "date_note": "", "no_date_reason": "", "no_place_reason": "",
            "attributed_to": sorted({min(names.get(a, [local_name(a)]))
                                     for a in attributed.get(node, [])}),
        }
    _add_event_attributes(index, attrs, info, best, names)
    return NodeTable(attrs, {str(n): c for n, c in best.items()}, evidence, info, index)


def _better(new: ClassInfo, old: ClassInfo, new_cls: Node, old_cls: Node) -> bool:
    """Whether a node's type ``new`` describes it better than ``old``."""
    rank = model.KIND_PRIORITY.index
    return (rank(new.kind), -new.depth, str(new_cls)) < (rank(old.kind), -old.depth, str(old_cls))


def _side(value: Node | None) -> str:
    return _SIDE_NODES.get(value, "other") if value is not None else "other"


def _offices(index: TripleIndex, names: dict[Node, list[str]]) -> dict[Node, list[str]]:
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
            org_name = min(names.get(organization, [local_name(organization)]))
            for member in members.get(position, []):
                held[member].append((start, f"{role}, {org_name}"))
    return {member: [label for _start, label in sorted(set(items))]
            for member, items in held.items()}


def _add_event_attributes(index: TripleIndex, attrs: dict[str, dict[str, Any]],
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
            places[event].append(min(names.get(place, [local_name(place)])))
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
