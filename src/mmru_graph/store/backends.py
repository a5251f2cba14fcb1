"""One store interface, three backends: rdflib in memory, embedded Oxigraph, a SPARQL endpoint.

Every backend answers the same two questions:

- :meth:`Backend.triples`: every triple of some predicates (or of all but
  some), in **one** bulk request, from every graph of the dataset;
- :meth:`Backend.query`: a user's SPARQL query (already parsed and guarded
  by :mod:`mmru_graph.sparql.guard`), as an rdflib result.

The projections and analyses never talk to a backend directly: they read an
rdflib :class:`~rdflib.Graph` whose store is a :class:`BackendTriples`. It
fetches the triples a command reads one *concern* at a time (the classes,
the names and flags, the evidence, the events and relations, the rest) on
first use, so a command makes a handful of requests whatever the size of
the graph, never one per node. The memory backend skips this: its graph is
the parsed rdflib graph itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from rdflib import Graph, URIRef
from rdflib.query import Result
from rdflib.store import Store
from rdflib.term import Identifier, Node

from .. import model
from ..namespaces import MMRU, OA, ORG, PREFIXES, PROV, RDF, RDFS, SCHEMA

__all__ = ["CONCERNS", "Backend", "BackendTriples", "MemoryBackend", "backend_graph",
           "concern_of", "prefix_declarations"]

Triple = tuple[Node, Node, Node]

#: What the commands read, grouped so that one bulk request fetches a group.
#: A predicate outside every group belongs to ``rest`` (fetched as "every
#: predicate but these").
CONCERNS: dict[str, tuple[URIRef, ...]] = {
    "classes": (RDF.type, RDFS.subClassOf),
    "names": (SCHEMA.name, SCHEMA.alternateName, MMRU.side, MMRU.unnamed, MMRU.inferred,
              MMRU.inferredProperty, SCHEMA.headline, SCHEMA.url, MMRU.textFile),
    "evidence": (OA.hasBody, OA.hasTarget, OA.hasSource, OA.hasSelector, OA.exact, OA.start,
                 OA.end),
    "events": tuple(dict.fromkeys((
        SCHEMA.startDate, SCHEMA.endDate, MMRU.dateApproximate, MMRU.dateNote,
        MMRU.noDateReason, MMRU.noPlaceReason, SCHEMA.location, SCHEMA.superEvent,
        SCHEMA.roleName, ORG.member, ORG.organization, MMRU.during, MMRU.companion,
        MMRU.principal, MMRU.subjectActor, MMRU.objectActor, MMRU.deniedEventClass,
        SCHEMA.text, PROV.wasAttributedTo, *model.TAKING_PART))),
    # The ends of one-party relationships (mmru:oneParty, the office's
    # org:member and org:organization) are listed above; a new one's come with "rest".
    # The ontology's other edge predicates (mmru:edgeLabel, read from the data
    # since issue 9) come with "rest": still one request, whatever the model says.
}
_KNOWN: dict[URIRef, str] = {p: name for name, preds in CONCERNS.items() for p in preds}
REST = "rest"


def concern_of(predicate: Node) -> str:
    """The concern whose bulk request fetches ``predicate``.

    >>> concern_of(RDF.type), concern_of(OA.exact), concern_of(RDFS.label)
    ('classes', 'evidence', 'rest')
    """
    return _KNOWN.get(predicate, REST)  # type: ignore[call-overload]


def prefix_declarations() -> str:
    """``PREFIX`` lines for the project prefixes (queries may use them undeclared)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


class Backend(Protocol):
    """What every store offers the library."""

    #: ``memory``, ``oxigraph`` or ``sparql``.
    kind: str
    #: Where the data is, for messages (a folder, a URL).
    location: str

    def triples(self, predicates: Sequence[URIRef] | None,
                exclude: Sequence[URIRef] = ()) -> Iterable[Triple]:
        """Every distinct triple of ``predicates`` (None: of every predicate not in
        ``exclude``), across all graphs, in one bulk request."""
        ...

    def query(self, text: str, kind: str, bindings: Mapping[str, Identifier]) -> Result:
        """Run a guarded query (``kind``: SELECT, ASK, CONSTRUCT, DESCRIBE)."""
        ...


def select_result(variables: Sequence[str], rows: Iterable[dict[Any, Any]]) -> Result:
    """An rdflib SELECT result from variable names and rows (Variable → term)."""
    from rdflib import Variable

    result = Result("SELECT")
    result.vars = [Variable(v) for v in variables]
    result.bindings = list(rows)
    return result


def ask_result(answer: bool) -> Result:
    """An rdflib ASK result."""
    result = Result("ASK")
    result.askAnswer = answer
    return result


def graph_result(kind: str, triples: Iterable[Triple]) -> Result:
    """An rdflib CONSTRUCT/DESCRIBE result holding ``triples``."""
    from .loading import new_graph

    graph = new_graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    result = Result(kind)
    result.graph = graph
    return result


class MemoryBackend:
    """rdflib in memory: the parsed Turtle files (small graphs, tests, validation)."""

    kind = "memory"

    def __init__(self, graph: Graph, location: str = "memory") -> None:
        self.graph = graph
        self.location = location

    def triples(self, predicates: Sequence[URIRef] | None,
                exclude: Sequence[URIRef] = ()) -> Iterable[Triple]:
        if predicates is None:
            skip = set(exclude)
            return [t for t in self.graph if t[1] not in skip]
        return [(s, p, o) for p in predicates for s, o in self.graph.subject_objects(p)]

    def query(self, text: str, kind: str, bindings: Mapping[str, Identifier]) -> Result:
        return self.graph.query(text, initNs=PREFIXES, initBindings=dict(bindings))

    def about(self, nodes: Iterable[Node], incoming: bool = False,
              predicate: URIRef | None = None) -> list[Triple]:
        """Every triple from (``incoming``: to) one of ``nodes``, of ``predicate`` if
        given (:class:`mmru_graph.store.focus.NodeLookup`)."""
        if incoming:
            return [t for n in nodes for t in self.graph.triples((None, predicate, n))]
        return [t for n in nodes for t in self.graph.triples((n, predicate, None))]

    def with_predicates(self, predicates: Sequence[URIRef]) -> list[Triple]:
        """Every triple of these predicates."""
        return list(self.triples(predicates))


class BackendTriples(Store):
    """An rdflib store over a backend: indexes filled one concern per request.

    Read-only. ``requests`` counts the bulk reads made so far.
    """

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.loaded: set[str] = set()
        self.requests = 0
        self._pso: dict[Node, dict[Node, list[Node]]] = defaultdict(dict)
        self._pos: dict[Node, dict[Node, list[Node]]] = {}
        self._spo: dict[Node, list[tuple[Node, Node]]] | None = None
        self._osp: dict[Node, list[tuple[Node, Node]]] | None = None
        self._count = 0

    # -- filling --------------------------------------------------------------
    def _add_all(self, triples: Iterable[Triple]) -> None:
        pso = self._pso
        for s, p, o in triples:
            objects = pso[p].get(s)
            if objects is None:
                pso[p][s] = [o]
            else:
                objects.append(o)
            self._count += 1

    def load(self, concern: str) -> None:
        """Fetch one concern's triples (once)."""
        if concern in self.loaded:
            return
        self.requests += 1
        if concern == REST:
            self._add_all(self.backend.triples(None, exclude=tuple(_KNOWN)))
        else:
            self._add_all(self.backend.triples(CONCERNS[concern]))
        self.loaded.add(concern)
        self._pos.clear()
        self._spo = self._osp = None

    def load_everything(self) -> None:
        """Fetch every concern not yet fetched: one request if none was."""
        if not self.loaded:
            self.requests += 1
            self._add_all(self.backend.triples(None))
            self.loaded.update([*CONCERNS, REST])
        for concern in [*CONCERNS, REST]:
            self.load(concern)

    def predicate_map(self, predicate: Node) -> dict[Node, list[Node]]:
        """Every subject's objects of ``predicate`` (its concern fetched first).

        The store's own map: read it, never change it.
        """
        return self._by_predicate(predicate)

    def _by_predicate(self, predicate: Node) -> dict[Node, list[Node]]:
        self.load(concern_of(predicate))
        return self._pso.get(predicate, {})

    # -- rdflib's Store API (reading only) -------------------------------------
    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        s, p, o = triple_pattern
        for triple in self._match(s, p, o):
            yield triple, iter(())

    def _match(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[Triple]:
        if p is not None:
            by_subject = self._by_predicate(p)
            if s is not None:
                for value in by_subject.get(s, ()):
                    if o is None or value == o:
                        yield s, p, value
            elif o is not None:
                pos = self._pos.get(p)
                if pos is None:
                    pos = defaultdict(list)
                    for subject, values in by_subject.items():
                        for value in values:
                            pos[value].append(subject)
                    self._pos[p] = pos
                for subject in pos.get(o, ()):
                    yield subject, p, o
            else:
                for subject, values in by_subject.items():
                    for value in values:
                        yield subject, p, value
            return
        self.load_everything()
        if s is not None:
            for predicate, value in self._subject_index().get(s, ()):
                if o is None or value == o:
                    yield s, predicate, value
        elif o is not None:
            for subject, predicate in self._object_index().get(o, ()):
                yield subject, predicate, o
        else:
            for predicate, by_subject in self._pso.items():
                for subject, values in by_subject.items():
                    for value in values:
                        yield subject, predicate, value

    def _subject_index(self) -> dict[Node, list[tuple[Node, Node]]]:
        if self._spo is None:
            self._spo = defaultdict(list)
            for predicate, by_subject in self._pso.items():
                for subject, values in by_subject.items():
                    self._spo[subject].extend((predicate, v) for v in values)
        return self._spo

    def _object_index(self) -> dict[Node, list[tuple[Node, Node]]]:
        if self._osp is None:
            self._osp = defaultdict(list)
            for predicate, by_subject in self._pso.items():
                for subject, values in by_subject.items():
                    for value in values:
                        self._osp[value].append((subject, predicate))
        return self._osp

    def __len__(self, context: Any = None) -> int:
        self.load_everything()
        return self._count

    def contexts(self, triple: Any = None) -> Any:
        return iter(())

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        raise TypeError(f"the {self.backend.kind} store is read-only")

    def remove(self, triple: Any, context: Any = None) -> None:
        raise TypeError(f"the {self.backend.kind} store is read-only")


def backend_graph(backend: Backend) -> Graph:
    """An rdflib graph reading ``backend`` through a :class:`BackendTriples` store.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> from mmru_graph.namespaces import ID
    >>> parsed = new_graph()
    >>> _ = parsed.add((ID.a, SCHEMA.name, __import__("rdflib").Literal("A")))
    >>> g = backend_graph(MemoryBackend(parsed))
    >>> str(g.value(ID.a, SCHEMA.name)), g.store.requests
    ('A', 1)
    """
    graph = Graph(store=BackendTriples(backend), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def backend_of(graph: Graph) -> Backend | None:
    """The backend a graph reads, or None for a plain rdflib graph."""
    store = graph.store
    return store.backend if isinstance(store, BackendTriples) else None
