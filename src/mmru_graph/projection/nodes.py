"""The nodes of the networkx projections and their attributes: :func:`node_table`.

Which RDF resources become nodes, and with what attributes, follows
``docs/architecture.md`` (the projection contract) and reads every rule from
the model the ontology declares (:func:`mmru_graph.model.read_model`):
which class is which kind (``mmru:kind`` on the root classes, reached
through ``rdfs:subClassOf``), which events are contact between actors
(``mmru:DirectContact``, ``mmru:CoAttendance``) and which countries are the
sides (``mmru:sideOrder``). The graphs themselves are built from this table by
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
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any, cast

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, SH
from rdflib.term import Node

from .. import model
from ..dates import date_label
from ..evidence import evidence_index
from ..model import Model, Side
from ..namespaces import MMRU, OA, ORG, PROV, RDF, RDFS, SCHEMA, local_name, prefixed
from ..store.index import TripleIndex

__all__ = ["ClassInfo", "NodeTable", "class_table", "compute_node_table", "node_table",
           "place_label"]


#: Classes whose instances are statements or documents, not things of the
#: world: offices and relations (folded into edges), claims and negative
#: statements (kept out), the source article.
STATEMENT_ROOTS = frozenset({ORG.Membership, PROV.Influence, SCHEMA.Claim,
                             SCHEMA.CreativeWork, SCHEMA.NewsArticle, SCHEMA.Article})

#: Namespaces of vocabulary terms and evidence machinery: an instance typed
#: with one of their classes is never a node.
_META_NAMESPACES = tuple(str(ns) for ns in (OA, OWL, RDFS, SH, str(RDF)))


@dataclass(frozen=True)
class ClassInfo:
    """What the model says about one class: its kind and how specific it is."""

    kind: str
    depth: int
    statement: bool
    meta: bool
    contact: str | None


def class_table(graph: Graph, rules: model.Model | None = None) -> dict[Node, ClassInfo]:
    """Kind, depth and contact rule of every class used as an ``rdf:type``.

    A class's ancestors come from the ontology's ``rdfs:subClassOf`` triples
    (:func:`mmru_graph.model.read_model`). Its kind is the best (by
    ``model.KIND_PRIORITY``) of the ``mmru:kind`` roots among its ancestors;
    its contact kind the ``mmru:contactKind`` of the nearest ancestor that
    has one.

    Examples
    --------
    A class the graph adds below a project class takes its rules:

    >>> from rdflib import Graph
    >>> from mmru_graph.namespaces import ID, MMRU, RDF, RDFS, SCHEMA
    >>> g = Graph()
    >>> _ = g.add((MMRU.Summit, RDFS.subClassOf, MMRU.Talks))
    >>> _ = g.add((ID.s, RDF.type, MMRU.Summit))
    >>> _ = g.add((ID.c, RDF.type, SCHEMA.Country))
    >>> table = class_table(g)
    >>> table[MMRU.Summit].kind, table[MMRU.Summit].contact
    ('event', 'direct')
    >>> table[SCHEMA.Country].kind, table[SCHEMA.Country].contact
    ('place', None)
    """
    rules = rules if rules is not None else model.read_model(graph)
    table: dict[Node, ClassInfo] = {}
    for cls in set(graph.objects(None, RDF.type)):
        seen = rules.ancestors(cls)  # nearest first: the first contact rule met wins
        kinds = {rules.kind_roots[c] for c in seen if c in rules.kind_roots}
        kind = next((k for k in model.KIND_PRIORITY if k in kinds), model.OTHER)
        contact = next((rules.contact_kinds[c] for c in seen if c in rules.contact_kinds), None)
        table[cls] = ClassInfo(
            kind=kind, depth=len(seen), statement=bool(set(seen) & STATEMENT_ROOTS),
            meta=str(cls).startswith(_META_NAMESPACES),
            contact=contact if kind == model.EVENT else None)
    return table


class NodeTable:
    """The nodes of the projections with their contract attributes.

    Built once per graph by :func:`node_table`; ``attrs`` maps each node's IRI
    (a ``str``) to the attribute dict of ``docs/architecture.md``.
    ``classes`` holds each node's most specific class IRI, ``evidence``
    the evidence of every annotated node (statements included) and
    ``model`` the model the graph was read with.
    """

    model: Model
    evidence: dict[Node, list[dict[str, Any]]]
    info: dict[Node, ClassInfo]
    index: TripleIndex
    attrs: dict[str, dict[str, Any]]
    classes: dict[str, Node]
    #: The projections ``build`` saved, when the table was read from them.
    saved: Any = None
    _sides: tuple[Side, ...] | None = None
    _graph: Graph | None = None

    def __init__(self, attrs: dict[str, dict[str, Any]], classes: dict[str, Node],
                 evidence: dict[Node, list[dict[str, Any]]], info: dict[Node, ClassInfo],
                 index: TripleIndex, rules: Model):
        self.model = rules
        self.attrs = attrs
        self.classes = classes
        self.evidence = evidence
        self.info = info
        self.index = index

    @classmethod
    def deferred(cls, graph: Graph, sides: tuple[Side, ...], saved: Any) -> NodeTable:
        """A table read back from saved projections
        (:mod:`mmru_graph.projection.saved`): names, kinds and sides at hand
        (:meth:`name`, :meth:`kind`, :meth:`side`, :meth:`labels`); the
        attributes, classes and contact kinds read when first asked for; the
        index, evidence, class table and model computed from ``graph`` then."""
        table = cls.__new__(cls)
        table.saved, table._sides, table._graph = saved, sides, graph
        return table

    def sides(self) -> tuple[Side, ...]:
        """The sides the graph declares, in order (:func:`mmru_graph.model.read_sides`)."""
        return self._sides if self._sides is not None else self.model.sides

    def __getattr__(self, name: str) -> Any:
        # Only reached for a deferred table's parts not yet read or computed.
        saved = self.__dict__.get("saved")
        if saved is not None and name in ("attrs", "classes", "_contacts"):
            from ..store.terms import trusted_iri

            attrs, classes, contacts = saved.table_parts()
            terms = {c: trusted_iri(c) for c in set(classes.values())}  # a few, many nodes
            self.attrs, self._contacts = attrs, contacts
            self.classes = {iri: terms[c] for iri, c in classes.items()}
            return getattr(self, name)
        graph = self.__dict__.get("_graph")
        if graph is None or name not in ("model", "evidence", "info", "index"):
            raise AttributeError(name)
        whole = compute_node_table(graph)
        for part in ("model", "evidence", "info", "index"):
            setattr(self, part, getattr(whole, part))
        return getattr(self, name)

    def kind(self, iri: str) -> str:
        """The node's kind, or ``""`` if it is not a node."""
        if self.saved is not None:
            row = self.saved.row(iri)
            return row[2] if row else ""
        node = self.attrs.get(iri)
        return node["kind"] if node else ""

    def _saved_field(self, iri: str, column: int) -> str:
        row = self.saved.row(iri)
        if row is None:
            raise KeyError(iri)
        return str(row[column])

    def name(self, iri: str) -> str:
        """The node's name (``KeyError`` if it is not a node)."""
        if self.saved is not None:
            return self._saved_field(iri, 1)
        return str(self.attrs[iri]["name"])

    def side(self, iri: str) -> str:
        """An actor's side key (``""`` for other nodes; ``KeyError`` if not a node)."""
        if self.saved is not None:
            return self._saved_field(iri, 3)
        return str(self.attrs[iri]["side"])

    def labels(self, kinds: Collection[str] | None = None
               ) -> Iterator[tuple[str, str, list[str], list[str] | None]]:
        """``(iri, name, aliases, folded)`` of every node of ``kinds`` (all if None):
        ``folded`` the name then each alias normalised beforehand, or None."""
        if self.saved is not None:
            actors_only = kinds is not None and set(kinds) <= model.ACTOR_KINDS
            for row in self.saved.rows(actors_only):
                if kinds is None or row[2] in kinds:
                    yield row[0], row[1], row[4], row[8]
            return
        for iri, attrs in self.attrs.items():
            if kinds is None or attrs["kind"] in kinds:
                yield iri, attrs["name"], attrs["aliases"], attrs.get("folded")

    def contact(self, iri: str) -> str | None:
        """The contact kind of an event node (``direct``, ``co-attendance``) or None."""
        if self.saved is not None:
            return cast(dict[str, str | None], self._contacts).get(iri)
        cls = self.classes.get(iri)
        return self.info[cls].contact if cls is not None else None


def node_table(graph: Graph) -> NodeTable:
    """Select the projection's nodes and compute their attributes.

    On a whole built Oxigraph store, the table ``build`` saved is read back
    instead (:mod:`mmru_graph.projection.saved`); otherwise, and for any
    other graph, :func:`compute_node_table`.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:chile a schema:Country ; schema:name "Chile" ; mmru:sideOrder 1 .
    ... id:ana a schema:Person ; schema:name "Ana Rojas" ;
    ...     schema:alternateName "the minister" ; mmru:side id:chile .
    ... id:coup a mmru:Coup ; schema:name "The coup" ; schema:location id:chile ;
    ...     mmru:inferredProperty schema:location .
    ... ''')
    >>> table = node_table(g)
    >>> node = table.attrs["https://w3id.org/mmru-graph/id/ana"]
    >>> node["kind"], node["side"], node["cls"], node["aliases"]
    ('person', 'chile', 'Person', ['the minister'])

    ``inferred`` says the node itself is inferred; ``inferred_properties``
    which of its statements are (the coup is stated, its place is not):

    >>> coup = table.attrs["https://w3id.org/mmru-graph/id/coup"]
    >>> coup["kind"], coup["inferred"], coup["inferred_properties"]
    ('event', False, ['schema:location'])
    """
    from .saved import saved_projections

    saved = saved_projections(graph)
    if saved is not None:
        return saved.table(graph)
    return compute_node_table(graph)


def compute_node_table(graph: Graph) -> NodeTable:
    """:func:`node_table`, computed from the graph's triples."""
    index = TripleIndex(graph)
    rules = model.read_model(graph)
    info = class_table(graph, rules)
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
    # By IRI, not in the order the triples came: the projections add nodes in this
    # order, and networkx breaks ties (two equally short paths) by it, so a
    # store or an endpoint that sends its triples in another order, or a file
    # edited, must not change the answer.
    for node, cls in sorted(best.items(), key=lambda item: str(item[0])):
        kind = info[cls].kind
        name_list = sorted(names.get(node, []))
        attrs[str(node)] = {
            "iri": str(node),
            "name": name_list[0] if name_list else local_name(node),
            "kind": kind,
            "cls": local_name(cls),
            "side": rules.side_key(sides.get(node)) if kind in model.ACTOR_KINDS else "",
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
    return NodeTable(attrs, {str(n): c for n, c in best.items()}, evidence, info, index, rules)


def _better(new: ClassInfo, old: ClassInfo, new_cls: Node, old_cls: Node) -> bool:
    """Whether a node's type ``new`` describes it better than ``old``."""
    rank = model.KIND_PRIORITY.index
    return (rank(new.kind), -new.depth, str(new_cls)) < (rank(old.kind), -old.depth, str(old_cls))


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
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:lima a schema:City ; schema:name "Lima" .
    ... id:trip a mmru:Visit ; schema:name "Trip to Lima" ; schema:location id:lima .
    ... id:talks a mmru:Talks ; schema:name "Talks" ; schema:superEvent id:trip .
    ... ''')
    >>> table = node_table(g)
    >>> place_label(table, str(ID.trip)), place_label(table, str(ID.talks))
    ('Lima', 'Lima (trip)')
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
