"""A question about a few actors, answered by a SPARQL endpoint in a handful of requests.

On the embedded store, ``met``, ``show`` and ``timeline --actor`` resolve the
names against the labels ``build`` wrote and read the actors' neighbourhood
(:func:`mmru_graph.store.focus.neighbourhood`) from the links file. An
endpoint has neither, and reading it whole costs a request per concern and
every quad of every named graph (hundreds of MB at 2M triples). Instead:

- :meth:`RemoteFocus.union_default` (one request, once): whether the
  endpoint's default graph is the union of its named graphs, as the README
  serves it; the neighbourhood is a property path over it, so an endpoint
  that keeps them apart is read whole, as before. The same answer says
  whether any named graph holds a statement.
- :func:`model_query` (one request): the model's statements and the classes
  nodes have, from which the caller computes which classes make nodes of
  the kinds asked for (``mmru_graph.analysis.focus``);
- :func:`label_query` (one request): the classes, names and aliases of every
  node one of whose labels holds every word typed (and of the nameless nodes
  of those classes whose IRI does), a superset the caller narrows exactly;
- :meth:`RemoteFocus.start_count` (one request): how many nodes the
  neighbourhood starts from (a hub's is read whole: see :data:`MAX_STARTS`);
- :func:`neighbourhood_query` (one request: blank nodes cannot be followed
  across requests, their labels are scoped to one answer): the set
  :func:`~mmru_graph.store.focus.neighbourhood` computes, every triple of it
  with each named graph stating it, and, for the disputes, every negative
  statement with its quotes and source (:class:`RemoteNeighbourhood`); then,
  only when a source stating some of it was not read, :func:`sources_query`.

Whether the endpoint evaluates ``LATERAL`` is asked once more
(:meth:`mmru_graph.store.endpoint.EndpointBackend.has_lateral`): with it each
path is followed from its own start; without, the same plain SPARQL 1.1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from ..namespaces import MMRU, OA, RDF, SCHEMA
from .backends import Triple
from .endpoint import graphs_matching
from .focus import BACKWARD_DEPTH, MODEL_PREDICATES, FocusedBackend

__all__ = ["LABEL_PREDICATES", "MAX_STARTS", "RemoteFocus", "RemoteNeighbourhood",
           "SourcedNeighbourhood", "label_query", "match_words", "model_query",
           "neighbourhood_query", "sources_query"]

Quad = tuple[Node, Node, Node, Node]

#: What name resolution reads of a node: its classes, its name, its aliases.
LABEL_PREDICATES: tuple[URIRef, ...] = (RDF.type, SCHEMA.name, SCHEMA.alternateName)
#: Beyond this many start nodes (events, their annotations, ... of the actors), the
#: endpoint follows the path from each (Oxigraph: no shared search), which costs
#: the server more than sending the whole graph: the busiest actor of the 200k
#: corpus (6,659 starts) took 70 s of the server's CPU, a typical one (61) 0.7 s.
MAX_STARTS = 2000
#: A predicate no triple has: ``!<this>`` is "any predicate" in a property path.
_NONE = "<urn:mmru-graph:no-predicate>"
#: Printable ASCII: a label of these characters only folds (lower case, words)
#: to text each of whose words is a part of its lower-cased form.
_PRINTABLE_ASCII = '"^[ -~]*$"'


def _literal(text: str) -> str:
    """``text`` as a SPARQL string literal."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"'


def match_words(folded: str) -> list[str]:
    """The pieces of a folded name (without a leading "the", split at spaces and
    apostrophes) that any label matching it in any tier of
    :func:`mmru_graph.analysis.resolve.find_candidates` contains, folded: every
    word of the name, or a part of it, is in the label's fold (an empty list: there
    is nothing to look for).

    >>> match_words("the vice admiral kasatonov"), match_words("o'neil"), match_words("'")
    (['vice', 'admiral', 'kasatonov'], ['o', 'neil'], [])
    """
    bare = folded[4:] if folded.startswith("the ") else folded
    return list(dict.fromkeys(piece for word in bare.split() for piece in word.split("'")
                              if piece))


def _may_match(term: str, names: Sequence[Sequence[str]]) -> str:
    """A filter true for every ``term`` whose fold could match one of ``names`` (each
    the :func:`match_words` of one): a term of printable ASCII folds by lower case,
    so it holds each piece of the name; any other is kept, to be folded here."""
    each = [" && ".join(f"CONTAINS(LCASE({term}), {_literal(w)})" for w in words)
            for words in names if words and all(w.isascii() for w in words)]
    other = f"!REGEX({term}, {_PRINTABLE_ASCII})"
    return "(" + " || ".join([*(f"({c})" for c in each), other]) + ")"


def model_query() -> str:
    """A SELECT of ``?s ?p ?o``: every triple of the model
    (:data:`~mmru_graph.store.focus.MODEL_PREDICATES`), and each class some node has
    (as ``?o`` alone): what the kinds of nodes are computed from."""
    model = " ".join(p.n3() for p in MODEL_PREDICATES)
    return (f"SELECT ?s ?p ?o WHERE {{ {{ VALUES ?p {{ {model} }} ?s ?p ?o }} UNION "
            f"{{ SELECT DISTINCT ?o WHERE {{ ?x {RDF.type.n3()} ?o }} }} }}")


def label_query(words: Sequence[Sequence[str]], iris: Sequence[str],
                classes: Sequence[Node], lateral: bool = False) -> str:
    """A SELECT of ``?s ?p ?o``: the classes, names and aliases of every IRI a name or
    alias of which may match one of the names typed (``words``: their
    :func:`match_words`), of every IRI of one of ``classes`` without a name whose IRI
    may (its last segment is then its name), and of ``iris`` (``lateral``: read each
    candidate's by ``LATERAL``, not by joining all nodes' classes and names)."""
    name, alias = SCHEMA.name.n3(), SCHEMA.alternateName.n3()
    typed = (f"VALUES ?c {{ {' '.join(URIRef(str(c)).n3() for c in classes)} }} "
             f"?s {RDF.type.n3()} ?c")
    branches = []
    if words:
        # Any node with such a label (its kind is computed here from its classes):
        # joining the classes first costs Oxigraph a pass over every node of them.
        branches.append(f"{{ ?s {name}|{alias} ?l . FILTER(isIRI(?s) && "
                        f"{_may_match('STR(?l)', words)}) }}")
    if words and classes:
        # The nodes of those classes without a name, then their IRIs filtered (an
        # anti-join by hash, then a few strings: not a string per node).
        branches.append(f"{{ {{ SELECT DISTINCT ?s WHERE {{ {{ {typed} }} MINUS "
                        f"{{ ?s {name} ?n }} }} }} "
                        f"FILTER(isIRI(?s) && {_may_match('STR(?s)', words)}) }}")
    if iris:
        branches.append(f"{{ VALUES ?s {{ {' '.join(URIRef(i).n3() for i in iris)} }} }}")
    candidates = " UNION ".join(branches) if branches else "{ FILTER(false) }"
    labels = " ".join(p.n3() for p in LABEL_PREDICATES)
    return (f"SELECT DISTINCT ?s ?p ?o WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ {candidates} }} }} "
            + _joined(lateral, f"VALUES ?p {{ {labels} }} ?s ?p ?o") + " }")


def _closure_starts(focus: Sequence[str]) -> str:
    """The nodes the neighbourhood starts from: whatever reaches the actors in at
    most :data:`~mmru_graph.store.focus.BACKWARD_DEPTH` steps, and the model's subjects."""
    values = " ".join(URIRef(iri).n3() for iri in focus)
    back = "/".join([f"(!{_NONE})?"] * BACKWARD_DEPTH)
    model = " ".join(p.n3() for p in MODEL_PREDICATES)
    return (f"{{ VALUES ?f {{ {values} }} ?start {back} ?f }} UNION "
            f"{{ VALUES ?mp {{ {model} }} ?start ?mp ?mo }}")


def _joined(lateral: bool, group: str) -> str:
    """``group`` evaluated for each row so far: ``LATERAL`` where the endpoint has it
    (Oxigraph otherwise follows a path from every node of the graph, then joins)."""
    return f"LATERAL {{ {group} }}" if lateral else group


def neighbourhood_query(focus: Sequence[str], lateral: bool = False) -> str:
    """One SELECT of ``?s ?p ?o ?g ?extra``: every triple of the neighbourhood of the
    ``focus`` IRIs (``?g`` unbound) and every named graph stating it (``?g`` bound),
    then (``?extra`` bound) the same of what comparing the sources needs beyond it.

    The neighbourhood is the closure of its start (:func:`_closure_starts`) under
    "what a node points to" and "the annotations of a node" (``^oa:hasBody``),
    one property path, the loop of :func:`~mmru_graph.store.focus.neighbourhood`.
    The extra nodes, followed forward only (never an actor's every mention): every
    negative statement, its annotations and the named graph stating it (a
    source's "they never met" disputes another's event of both actors).
    ``lateral``: join with ``LATERAL`` (SEP-0006), so that each path is followed
    from its start only.
    """
    step = f"(!{_NONE}|^{OA.hasBody.n3()})*"
    negative = f"{RDF.type.n3()} {MMRU.NegativeStatement.n3()}"
    within = (f"{{ SELECT DISTINCT ?start WHERE {{ {_closure_starts(focus)} }} }} "
              f"{_joined(lateral, f'?start {step} ?s')} FILTER(!isLiteral(?s))")
    extras = (f"{{ SELECT DISTINCT ?x WHERE {{ {{ ?x {negative} }} UNION "
              f"{{ ?n {negative} . ?x {OA.hasBody.n3()} ?n }} UNION "
              f"{{ GRAPH ?x {{ ?n {negative} }} }} }} }} "
              f"{_joined(lateral, f'?x (!{_NONE})* ?s')} FILTER(!isLiteral(?s))")
    return ("SELECT ?s ?p ?o ?g ?extra WHERE { "
            f"{{ {{ SELECT DISTINCT ?s WHERE {{ {within} }} }} }} UNION "
            f"{{ {{ SELECT DISTINCT ?s (true AS ?extra) WHERE {{ {extras} }} }} }} "
            + _joined(lateral, "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }") + " }")


def sources_query(sources: Sequence[Node]) -> str:
    """A SELECT of ``?s ?p ?o ?g``: what ``sources`` (named graphs' names, IRIs)
    point to, followed forward (their publishers and what those point to), with the
    named graphs stating each triple."""
    values = " ".join(URIRef(str(s)).n3() for s in sources)
    return (f"SELECT ?s ?p ?o ?g WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ VALUES ?x {{ {values} }} "
            f"?x (!{_NONE})* ?s FILTER(!isLiteral(?s)) }} }} "
            "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")


@dataclass
class RemoteNeighbourhood:
    """What one neighbourhood request answered.

    ``triples``: the neighbourhood (what :func:`~mmru_graph.store.focus.neighbourhood`
    returns); ``quads``: each of its triples in each named graph stating it;
    ``subjects``: its nodes (every triple of each is in ``triples``);
    ``extra_subjects``, ``extra_triples`` and ``extra_quads``: the same of the nodes
    added for the disputes.
    """

    triples: list[Triple] = field(default_factory=list)
    quads: list[Quad] = field(default_factory=list)
    subjects: set[Node] = field(default_factory=set)
    extra_subjects: set[Node] = field(default_factory=set)
    extra_triples: list[Triple] = field(default_factory=list)
    extra_quads: list[Quad] = field(default_factory=list)


class RemoteFocus:
    """The requests above, made through an endpoint backend
    (:meth:`~mmru_graph.store.endpoint.EndpointBackend.select_rows`)."""

    def __init__(self, endpoint: Any) -> None:
        self.endpoint = endpoint
        self._union: tuple[bool, bool] | None = None

    def union_default(self) -> tuple[bool, bool]:
        """``(the default graph is the union of the named graphs, a named graph holds
        a statement)``, asked once: a sample of named quads, each looked for in the
        default graph."""
        if self._union is None:
            rows = self.endpoint.results(
                "SELECT ?in WHERE { { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } "
                "LIMIT 20 } BIND(EXISTS { ?s ?p ?o } AS ?in) }")["results"]["bindings"]
            seen = [row.get("in", {}).get("value") for row in rows]
            self._union = (all(v == "true" for v in seen), bool(seen))
        return self._union

    def model(self) -> tuple[list[Triple], list[Node]]:
        """The model's triples and the classes nodes have (:func:`model_query`)."""
        triples: list[Triple] = []
        classes: list[Node] = []
        for s, p, o in self.endpoint.select_rows(model_query(), ("s", "p", "o"),
                                                 optional=("s", "p")):
            if s is None:
                classes.append(o)
            else:
                triples.append((s, p, o))
        return triples, classes

    def labels(self, words: Sequence[Sequence[str]], iris: Sequence[str],
               classes: Sequence[Node], lateral: bool = False) -> list[Triple]:
        """The triples of :func:`label_query`."""
        rows = self.endpoint.select_rows(label_query(words, iris, classes, lateral),
                                         ("s", "p", "o"))
        return [(s, p, o) for s, p, o in rows]

    def start_count(self, focus: Sequence[str]) -> int:
        """How many nodes the neighbourhood of ``focus`` starts from (one request)."""
        rows = self.endpoint.select_rows("SELECT (COUNT(DISTINCT ?start) AS ?n) WHERE { "
                                   f"{_closure_starts(focus)} }}", ("n",))
        return int(rows[0][0].toPython()) if rows else 0

    def neighbourhood(self, focus: Sequence[str], lateral: bool = False) -> RemoteNeighbourhood:
        """The rows of :func:`neighbourhood_query`, sorted into a :class:`RemoteNeighbourhood`;
        then, only if a named graph stating some of it is a node read with neither
        part (a source none of its quotes points to), :func:`sources_query` for those."""
        found = RemoteNeighbourhood()
        triples: dict[Triple, None] = {}
        extra: dict[Triple, None] = {}

        def keep(s: Node, p: Node, o: Node, g: Node | None, subjects: set[Node],
                 part: dict[Triple, None], quads: list[Quad]) -> None:
            subjects.add(s)
            if g is None:
                part[(s, p, o)] = None
            else:
                quads.append((s, p, o, g))

        rows = self.endpoint.select_rows(neighbourhood_query(focus, lateral),
                                         ("s", "p", "o", "g", "extra"), optional=("g", "extra"))
        for s, p, o, g, more in rows:
            if more is None:
                keep(s, p, o, g, found.subjects, triples, found.quads)
            else:
                keep(s, p, o, g, found.extra_subjects, extra, found.extra_quads)
        read = found.subjects | found.extra_subjects
        missing = sorted({q[3] for q in (*found.quads, *found.extra_quads)} - read, key=str)
        if missing:
            for s, p, o, g in self.endpoint.select_rows(sources_query(missing),
                                                        ("s", "p", "o", "g"), optional=("g",)):
                if s not in read:  # else already read whole
                    keep(s, p, o, g, found.extra_subjects, extra, found.extra_quads)
        found.triples = list(triples)
        found.extra_triples = list(extra)
        return found


class SourcedNeighbourhood(FocusedBackend):
    """A neighbourhood read from an endpoint that says itself which source states what.

    The embedded store's neighbourhood asks the whole store (the links file);
    an endpoint would answer only with every quad of every named graph. This one
    answers from the quads read with it: :meth:`graphs_holding` for any of its
    nodes (every quad of each is here), and :meth:`dispute_rows` what comparing
    the sources needs (:func:`mmru_graph.sources.conflicts.find_conflicts` keeps
    only what is complete of it: disputes about its nodes).
    """

    def __init__(self, found: RemoteNeighbourhood, kind: str, location: str,
                 origin: Any, has_named: bool) -> None:
        super().__init__(found.triples, kind, location, origin=origin)
        self.found = found
        self._has_named = has_named
        self._by_subject: dict[Node, list[Quad]] = {}
        for quad in found.quads:
            self._by_subject.setdefault(quad[0], []).append(quad)

    def graphs_holding(self, subject: Node, predicate: Node | None, obj: Node | None
                       ) -> list[Node]:
        """The named graphs stating a triple of this pattern (None: any term); a
        subject outside it is asked of the endpoint (all its quads: slow, never wrong)."""
        if subject not in self.found.subjects:  # not read here: the endpoint knows
            origin: Any = self.origin
            return list(origin.graphs_holding(subject, predicate, obj))
        return graphs_matching(self._by_subject.get(subject, ()), predicate, obj)

    def has_named_graphs(self) -> bool:
        """Whether any named graph of the endpoint holds a statement."""
        return self._has_named

    def graph_sizes(self) -> dict[Node, int]:
        """How many statements each named graph of the endpoint holds (asked of it)."""
        origin: Any = self.origin
        return dict(origin.graph_sizes())

    def named_quads(self) -> list[Quad]:
        """The quads read: those of the neighbourhood and of the nodes the disputes need."""
        return [*self.found.quads, *self.found.extra_quads]

    def dispute_rows(self) -> tuple[list[Triple], list[Quad], set[Node]]:
        """``(triples, quads, complete)``: every triple and quad read, and the nodes
        whose disputes they hold whole (the neighbourhood's)."""
        found = self.found
        return ([*found.triples, *found.extra_triples], self.named_quads(), found.subjects)
