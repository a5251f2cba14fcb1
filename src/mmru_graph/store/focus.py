"""The part of the graph that answers a question about a few actors: :func:`neighbourhood`.

``met``, ``show`` and ``timeline --actor`` are about one actor (two with
``--with``). Projecting the whole graph to answer them costs time in
proportion to the graph, not to the answer. On a store that can look up the
statements about a node directly (the embedded Oxigraph store, through the
``links.sqlite`` index ``build`` writes next to it:
:class:`mmru_graph.store.snapshot.Links`), these commands read instead the
actor's *neighbourhood* and run the very same projections and analyses on it:

- the model's statements (class hierarchy, kinds, contact rules, edge
  labels, the sides): every subject of :data:`MODEL_PREDICATES`;
- whatever points to the actors, up to :data:`BACKWARD_DEPTH` steps back
  (events they took part in, offices, relations, claims, the annotations of
  all of these, the parts of a trip and their annotations);
- the annotations of everything reached, with their targets and quotes;
- everything all of these point to, followed forward to the end (names,
  dates, places and the places containing them, counterparts and their
  sides, annotation targets, selectors, sources and publishers).

Nothing pointing *to* a counterpart, a place or a source is read, so the
size follows the actor's own events. ``tests/test_focus.py`` checks, for
every actor of the test graphs, that the answers from the neighbourhood are
the answers from the whole graph.

Names are resolved beforehand against every node of the graph
(:mod:`mmru_graph.store.labels`), so an ambiguous or unknown name is judged
as the whole graph would judge it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from rdflib import BNode, URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Node

from ..namespaces import MMRU, OA, RDFS
from .backends import Triple

__all__ = ["BACKWARD_DEPTH", "MODEL_PREDICATES", "FocusedBackend", "NodeLookup",
           "neighbourhood", "reach_forward"]

#: Predicates whose subjects carry the model the projections read
#: (:func:`mmru_graph.model.read_model`, :func:`mmru_graph.model.read_sides`).
MODEL_PREDICATES: tuple[URIRef, ...] = (
    RDFS.subClassOf, RDFS.subPropertyOf, MMRU.kind, MMRU.contactKind, MMRU.contactWeight,
    MMRU.edgeLabel, MMRU.inverseEdgeLabel, MMRU.edgeSource, MMRU.edgeTarget, MMRU.sideOrder)
#: How many steps back from the actors: their events (1), those events'
#: annotations, parts and claims (2), the annotations of those (3).
BACKWARD_DEPTH = 3


class NodeLookup(Protocol):
    """A store that answers "every statement from / to these nodes" directly."""

    def about(self, nodes: Iterable[Node], incoming: bool = False,
              predicate: URIRef | None = None) -> list[Triple]:
        """Every distinct triple whose subject (``incoming``: object) is one of ``nodes``
        (of ``predicate`` only, when given)."""
        ...

    def with_predicates(self, predicates: Sequence[URIRef]) -> list[Triple]:
        """Every distinct triple of these predicates."""
        ...


def neighbourhood(store: NodeLookup, focus: Iterable[str],
                  ahead: Iterable[str] = ()) -> list[Triple]:
    """The triples that answer questions about the ``focus`` IRIs (see the module),
    and about the ``ahead`` IRIs read forward only: what they point to and their
    annotations, never what points to them (what points to a country is half the
    graph, and ``timeline --place`` needs only the place's name and kind).

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, SCHEMA, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> from mmru_graph.store.backends import MemoryBackend
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana" .
    ... id:bo a schema:Person ; schema:name "Bo" .
    ... id:cy a schema:Person ; schema:name "Cy" .
    ... id:talks a mmru:Talks ; schema:attendee id:ana , id:bo .
    ... id:dinner a mmru:Meeting ; schema:attendee id:bo , id:cy .
    ... ''')
    >>> found = neighbourhood(MemoryBackend(g), [str(ID.ana)])
    >>> sorted({str(s).rsplit("/", 1)[1] for s, _p, _o in found if s.startswith(str(ID))})
    ['ana', 'bo', 'talks']

    Read ahead from Cy, only Cy's own statements come (not the dinner):

    >>> found = neighbourhood(MemoryBackend(g), [], ahead=[str(ID.cy)])
    >>> sorted({str(s).rsplit("/", 1)[1] for s, _p, _o in found if s.startswith(str(ID))})
    ['cy']
    """
    wanted: set[Node] = {URIRef(iri) for iri in focus}
    frontier: set[Node] = set(wanted)
    for _step in range(BACKWARD_DEPTH):
        frontier = {s for s, _p, _o in store.about(frontier, incoming=True)} - wanted
        if not frontier:
            break
        wanted |= frontier
    wanted |= {URIRef(iri) for iri in ahead}
    wanted |= {s for s, _p, _o in store.with_predicates(MODEL_PREDICATES)}
    return reach_forward(store, wanted)


def reach_forward(store: NodeLookup, start: Iterable[Node], *,
                  annotations: bool = True) -> list[Triple]:
    """Every statement of the ``start`` nodes and of everything they point to, followed
    to the end, in the order read; with ``annotations``, the annotations
    (``oa:hasBody``) of every node reached too, and what they point to: whatever is
    reached is shown with its quotes.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, SCHEMA, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> from mmru_graph.store.backends import MemoryBackend
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:visit schema:location id:kazan . id:kazan schema:name "Kazan" .
    ... id:talks schema:location id:kazan .
    ... ''')
    >>> [str(o) for _s, _p, o in reach_forward(MemoryBackend(g), [ID.visit])]
    ['https://w3id.org/mmru-graph/id/kazan', 'Kazan']
    """
    wanted: set[Node] = set(start)
    found: dict[Triple, None] = {}
    frontier = set(wanted)
    while frontier:
        reached: set[Node] = set()
        for triple in store.about(frontier):
            found[triple] = None
            value = triple[2]
            if isinstance(value, (URIRef, BNode)) and value not in wanted:
                reached.add(value)
        if annotations:
            for annotation, _p, _o in store.about(reached | frontier, incoming=True,
                                                  predicate=OA.hasBody):
                if annotation not in wanted:
                    reached.add(annotation)
        wanted |= reached
        frontier = reached
    return list(found)


class FocusedBackend:
    """A backend holding only a neighbourhood's triples (read in bulk as any backend).

    ``kind`` and ``location`` are those of the store it was read from, ``origin``
    that store itself: which source states what (its named graphs, the disputes
    saved with it) is asked of the whole store, not of the neighbourhood.
    """

    def __init__(self, triples: Iterable[Triple], kind: str, location: str,
                 origin: object | None = None) -> None:
        self.kind = kind
        self.location = location
        self.origin = origin
        self._by_predicate: dict[Node, list[Triple]] = {}
        for triple in triples:
            self._by_predicate.setdefault(triple[1], []).append(triple)

    def triples(self, predicates: Sequence[URIRef] | None,
                exclude: Sequence[URIRef] = ()) -> Iterable[Triple]:
        if predicates is None:
            skip = set(exclude)
            return [t for p, found in self._by_predicate.items() if p not in skip
                    for t in found]
        return [t for p in dict.fromkeys(predicates) for t in self._by_predicate.get(p, ())]

    def query(self, text: str, kind: str, bindings: Mapping[str, Identifier]) -> Result:
        raise TypeError("a neighbourhood answers the analyses, not SPARQL queries")

    def __len__(self) -> int:
        return sum(map(len, self._by_predicate.values()))
