"""The data model: read from the ontology, where it is declared once.

Which classes exist and what kind of thing each is, which events count as
direct contact and how much contact weighs, which statements become edges
and how they are labelled: ``graph/ontology.ttl`` declares all of it, as
followthemoney declares its schemata, and :func:`read_model` reads it into a
:class:`Model` (the kind roots carry ``mmru:kind``; the contact classes
``mmru:DirectContact`` and ``mmru:CoAttendance`` carry ``mmru:contactKind``
and ``mmru:contactWeight``; edge properties and relationship classes carry
``mmru:edgeLabel`` and friends; the sentences a path or a card tells them in,
``mmru:edgeSentence``; relationships whose two ends act as one party,
``mmru:oneParty``). The sides of the relationship come from the
graph's data (``mmru:sideOrder``, :func:`read_sides`), so a graph of another
pair of countries needs no code change.

What stays here is the code's own vocabulary: the names of the kinds and
contact kinds that code and styles switch on, and which predicates mean
taking part.

The model is read from the graph being analysed, which holds its
``ontology.ttl`` (:func:`mmru_graph.load_graph` always loads it), so reading
it costs a few triple scans and no parsing. A graph that carries no model of
its own (a tiny graph built in a test) is read with the package's ontology,
parsed once per process.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import MMRU, RDFS, SCHEMA, local_name

# --------------------------------------------------------------------------
# Kinds: every node of the graph is one of these.
# --------------------------------------------------------------------------
PERSON: Final = "person"
ORGANIZATION: Final = "organization"
PLACE: Final = "place"
EVENT: Final = "event"
OTHER: Final = "other"

#: Order in which kinds win when a node has types of several kinds (the
#: Defense Services Academy is an organization and a place: it acts, so it
#: is an organization).
KIND_PRIORITY: Final = (PERSON, ORGANIZATION, EVENT, PLACE, OTHER)

# --------------------------------------------------------------------------
# Projection rules
# --------------------------------------------------------------------------
#: Kinds that are actors in the actor graph.
ACTOR_KINDS: Final = frozenset({PERSON, ORGANIZATION})

DIRECT: Final = "direct"
CO_ATTENDANCE: Final = "co-attendance"

#: Predicates from an event to the actors that took part in it.
PARTICIPATION: Final = (SCHEMA.attendee, SCHEMA.organizer, SCHEMA.agent)

#: Predicates that say a party took part in an event, for telling which
#: sides an event involves: the participants, and the parties of a sale or an
#: honour. Being what an event is *about* or *where* it happened is not
#: taking part.
TAKING_PART: Final = (*PARTICIPATION, MMRU.seller, MMRU.buyer, SCHEMA.recipient)


@dataclass(frozen=True)
class EdgeRule:
    """How one predicate appears as an edge of the full projection."""

    label: str
    inverse_label: str



@dataclass(frozen=True)
class RelationRule:
    """How the nodes of one relationship class fold into edges of the full projection."""

    source: URIRef
    target: URIRef
    #: The edge's caption; None to use each node's ``schema:roleName``.
    label: str | None


#: The placeholders of a sentence template (``mmru:edgeSentence``).
_PLACEHOLDER: Final = re.compile(r"\{(source|target|label)\}")


def fill_sentence(template: str, source: str, target: str, label: str) -> str:
    """A sentence template with its ends and caption filled in, in one pass.

    A name that itself holds ``{target}`` stays as written:

    >>> fill_sentence("{target} has {source} as {label}", "Ana {target}", "Army", "chief")
    'Army has Ana {target} as chief'
    """
    values = {"source": source, "target": target, "label": label}
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


@dataclass(frozen=True)
class Side:
    """One side of the relationship the graph is about (a country)."""

    #: The country IRI's local name (``myanmar``): the ``side`` attribute of
    #: the projections, a CSS class of the page, a JSON value.
    key: str
    iri: str
    #: The country's ``schema:name`` (``Myanmar``).
    label: str


@dataclass(frozen=True)
class Model:
    """The model as the ontology declares it, plus the graph's sides.

    Examples
    --------
    A tiny graph with no ontology of its own is read with the package's:

    >>> from rdflib import Graph, Literal
    >>> from mmru_graph.namespaces import ID, MMRU, ORG, SCHEMA
    >>> g = Graph()
    >>> _ = g.add((ID.france, SCHEMA.name, Literal("France")))
    >>> _ = g.add((ID.france, MMRU.sideOrder, Literal(1)))
    >>> m = read_model(g)
    >>> m.contact_kind(MMRU.Talks), m.contact_kind(MMRU.Parade), m.contact_kind(MMRU.Coup)
    ('direct', 'co-attendance', None)
    >>> m.kind_of(SCHEMA.Country), m.edges[SCHEMA.attendee].label
    ('place', 'attended by')
    >>> [(s.key, s.label) for s in m.sides], m.side_key(ID.france), m.side_key(ID.china)
    ([('france', 'France')], 'france', 'other')

    Statements read as sentences, and an office's two ends are one party:

    >>> m.sentence(SCHEMA.attendee, "Talks", "Ana", "attended by", forward=False)
    'Ana attended Talks'
    >>> m.one_party[MMRU.Position] == (ORG.member, ORG.organization)
    True
    """

    #: class -> its direct superclasses (``rdfs:subClassOf``).
    parents: Mapping[Node, frozenset[Node]]
    #: root class -> kind (``mmru:kind``).
    kind_roots: Mapping[Node, str]
    #: contact class -> contact kind (``mmru:contactKind``).
    contact_kinds: Mapping[Node, str]
    #: contact kind -> weight per shared event (``mmru:contactWeight``).
    contact_weights: Mapping[str, float]
    #: predicate -> its edge captions (``mmru:edgeLabel``, ``mmru:inverseEdgeLabel``).
    edges: Mapping[Node, EdgeRule]
    #: relationship class -> how its nodes become edges (``mmru:edgeSource`` ...).
    relations: Mapping[Node, RelationRule]
    #: predicate or relationship class -> (sentence from the source, from the
    #: target) (``mmru:edgeSentence``, ``mmru:inverseEdgeSentence``).
    sentences: Mapping[Node, tuple[str, str]] = field(default_factory=dict)
    #: relationship class -> (predicate to one end, to the other) of the
    #: relationships whose ends act as one party (``mmru:oneParty``).
    one_party: Mapping[Node, tuple[URIRef, URIRef]] = field(default_factory=dict)
    #: the sides, in ``mmru:sideOrder``.
    sides: tuple[Side, ...] = ()
    _side_keys: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    def ancestors(self, cls: Node) -> list[Node]:
        """``cls`` and every class above it, nearest first (breadth-first)."""
        seen, order, frontier = {cls}, [cls], [cls]
        while frontier:
            following = []
            for current in frontier:
                for parent in sorted(self.parents.get(current, ()), key=str):
                    if parent not in seen:
                        seen.add(parent)
                        order.append(parent)
                        following.append(parent)
            frontier = following
        return order

    def kind_of(self, cls: Node) -> str:
        """The kind of a class's instances: the best root among its ancestors."""
        kinds = {self.kind_roots[c] for c in self.ancestors(cls) if c in self.kind_roots}
        return next((k for k in KIND_PRIORITY if k in kinds), OTHER)

    def contact_kind(self, cls: Node) -> str | None:
        """``direct``/``co-attendance`` from the nearest contact class above ``cls``, or None."""
        return next((self.contact_kinds[c] for c in self.ancestors(cls)
                     if c in self.contact_kinds), None)

    def sentence(self, predicate: Node | str, source: str, target: str, label: str, *,
                 forward: bool = True) -> str:
        """One statement as a sentence, read from ``source`` if ``forward``, else from ``target``.

        ``predicate`` is the edge's predicate or relationship class; without a
        ``mmru:edgeSentence`` the caption joins the two ends in the
        statement's own direction, whichever end it is read from (a caption
        read backwards would say the opposite).
        """
        default = ("{source} {label} {target}",) * 2
        templates = self.sentences.get(URIRef(str(predicate)), default)
        return fill_sentence(templates[0] if forward else templates[1], source, target, label)

    def side_key(self, node: Node | str | None) -> str:
        """The side key of a ``mmru:side`` value: a side's key, else ``other``."""
        if node is None:
            return OTHER
        keys = self._side_keys or {side.iri: side.key for side in self.sides}
        return keys.get(str(node), OTHER)


def read_sides(graph: Graph) -> tuple[Side, ...]:
    """The sides the graph declares (``mmru:sideOrder``), in order.

    Examples
    --------
    >>> from rdflib import Graph, Literal
    >>> from mmru_graph.namespaces import ID, MMRU, SCHEMA
    >>> g = Graph()
    >>> for order, slug, name in ((2, "peru", "Peru"), (1, "chile", "Chile")):
    ...     _ = g.add((ID[slug], MMRU.sideOrder, Literal(order)))
    ...     _ = g.add((ID[slug], SCHEMA.name, Literal(name)))
    >>> [side.label for side in read_sides(g)]
    ['Chile', 'Peru']
    """
    found = []
    for country, order in graph.subject_objects(MMRU.sideOrder):
        if isinstance(country, URIRef) and isinstance(order, Literal):
            name = graph.value(country, SCHEMA.name)
            found.append((int(order), str(country),
                          Side(local_name(country), str(country),
                               str(name) if name is not None else local_name(country))))
    return tuple(side for _order, _iri, side in sorted(found, key=lambda f: f[:2]))


def side_labels(sides: tuple[Side, ...] | list[Mapping[str, str]]) -> dict[str, str]:
    """``key -> label`` of the sides, with ``other``.

    >>> side_labels([{"key": "chile", "label": "Chile"}])
    {'chile': 'Chile', 'other': 'other'}
    """
    labels = {}
    for side in sides:
        key, label = (side.key, side.label) if isinstance(side, Side) else (
            side["key"], side["label"])
        labels[key] = label
    return {**labels, OTHER: OTHER}


def read_model(graph: Graph) -> Model:
    """The model of ``graph``: its ontology's rules and its data's sides.

    When the graph declares no kinds (``mmru:kind``), it holds no ontology
    of its own and the package's ontology supplies the rules; the graph's
    own ``rdfs:subClassOf`` triples are added to the parents either way.
    """
    if (None, MMRU.kind, None) in graph:
        rules = _rules(graph)
    else:
        rules = _package_rules()
        extra = _parents(graph)
        if extra:
            merged = {cls: set(parents) for cls, parents in rules.parents.items()}
            for cls, parents in extra.items():
                merged.setdefault(cls, set()).update(parents)
            rules = replace(rules, parents={c: frozenset(p) for c, p in merged.items()})
    sides = read_sides(graph)
    return replace(rules, sides=sides, _side_keys={side.iri: side.key for side in sides})


#: Where the package's ontology is: inside an installed wheel, else in the checkout.
ONTOLOGY_FILES: Final = (Path(__file__).parent / "_graph" / "ontology.ttl",
                         Path(__file__).resolve().parents[2] / "graph" / "ontology.ttl")


@functools.cache
def package_ontology() -> Graph:
    """The package's ``ontology.ttl``, parsed once per process (a local file, never a URL)."""
    path = next((p for p in ONTOLOGY_FILES if p.is_file()), None)
    if path is None:
        raise FileNotFoundError("the package's ontology.ttl is missing")
    graph = Graph(bind_namespaces="none")
    graph.parse(data=path.read_text(encoding="utf-8"), format="turtle")
    return graph


@functools.cache
def _package_rules() -> Model:
    return _rules(package_ontology())


def package_model() -> Model:
    """The model of the package's ontology, without sides (read once per process)."""
    return _package_rules()


def _parents(graph: Graph) -> dict[Node, set[Node]]:
    parents: dict[Node, set[Node]] = defaultdict(set)
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        parents[child].add(parent)
    return parents


def _strings(graph: Graph, predicate: URIRef) -> dict[Node, str]:
    return {subject: str(value) for subject, value in graph.subject_objects(predicate)}


def _rules(graph: Graph) -> Model:
    """Read the model's annotations from an ontology graph."""
    contact_kinds = _strings(graph, MMRU.contactKind)
    weights = {contact_kinds[cls]: float(str(value))
               for cls, value in graph.subject_objects(MMRU.contactWeight)
               if cls in contact_kinds}
    labels, inverse = _strings(graph, MMRU.edgeLabel), _strings(graph, MMRU.inverseEdgeLabel)
    sources, targets = graph.subject_objects(MMRU.edgeSource), dict(
        graph.subject_objects(MMRU.edgeTarget))
    relations = {cls: RelationRule(URIRef(str(source)), URIRef(str(targets[cls])), labels.get(cls))
                 for cls, source in sources if cls in targets}
    edges = {predicate: EdgeRule(label, inverse.get(predicate, ""))
             for predicate, label in labels.items() if predicate not in relations}
    forward, backward = _strings(graph, MMRU.edgeSentence), _strings(
        graph, MMRU.inverseEdgeSentence)
    # Without an inverse sentence, the forward one is still true read backwards.
    sentences = {edge: (sentence, backward.get(edge, sentence))
                 for edge, sentence in forward.items()}
    one_party = {cls: (relations[cls].source, relations[cls].target)
                 for cls, flag in graph.subject_objects(MMRU.oneParty)
                 if cls in relations and isinstance(flag, Literal) and flag.toPython() is True}
    return Model({c: frozenset(p) for c, p in _parents(graph).items()},
                 _strings(graph, MMRU.kind), contact_kinds, weights, edges, relations,
                 sentences, one_party)


__all__ = ["ACTOR_KINDS", "CO_ATTENDANCE", "DIRECT", "EVENT", "KIND_PRIORITY",
           "ORGANIZATION", "OTHER", "PARTICIPATION", "PERSON", "PLACE", "TAKING_PART",
           "EdgeRule", "Model", "RelationRule", "Side", "fill_sentence", "package_model",
           "package_ontology", "read_model", "read_sides", "side_labels"]
