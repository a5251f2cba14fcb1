"""Where sources disagree: :func:`find_conflicts`, never resolved silently.

Each source's facts are in its own named graph, so when two sources give an
event different values, both stay. A conflict lists every side: the source,
its publication date (what it speaks as of), the values it gives and its
quotes. Compared:

- ``date``: ``schema:startDate``, ``schema:endDate``;
- ``place``: ``schema:location``;
- ``ordinal``: ``mmru:ordinal`` ("his first visit" / "his second visit");
- ``participants``: who took part (``schema:attendee``, ``schema:organizer``,
  ``schema:agent``), where two sources list them and neither list holds the
  other (a source naming fewer people is silent on the rest, not disagreeing);
- ``happened``: a source's ``mmru:NegativeStatement`` (A never met B) beside
  another source's event of that class with both. A negative statement is
  true as of its source's date only: a report of a later event supersedes
  it ("as of 2022-03-01, per …"), one dated before contradicts it.

A source that says nothing of a property does not disagree: silence is not
a claim. Nor does a source that is only more precise: a date whose span lies
within the other's (``2022-02-20`` and ``2022-02``: the day is in the month)
or a place inside the other (Moscow and Russia, by the one containment rule,
:func:`mmru_graph.containment.places_within`). Those are *refinements*:
:func:`find_refinements` lists them, :func:`find_conflicts` does not, and
nothing marks them disputed. ``2022-02-20`` and ``2022-03-01``, or Moscow and
Kazan, still disagree.
"""

from __future__ import annotations

import weakref
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from ..containment import places_within
from ..dates import date_span
from ..errors import InvalidDateError
from ..evidence import evidence_index
from ..namespaces import MMRU, RDF, RDFS, SCHEMA, local_name, prefixed
from ..store.bulk import graph_triples
from .named import named_graphs
from .registry import as_of, as_of_label

__all__ = ["Claim", "Conflict", "compare_sources", "disputed", "find_conflicts",
           "find_refinements", "supporting_sources"]

#: The single-valued properties compared, and the kind of disagreement each is.
COMPARED: dict[URIRef, str] = {
    SCHEMA.startDate: "date",
    SCHEMA.endDate: "date",
    SCHEMA.location: "place",
    MMRU.ordinal: "ordinal",
}
#: Who took part in an event, as compared between sources.
PARTICIPATION = (SCHEMA.attendee, SCHEMA.organizer, SCHEMA.agent)


@dataclass(frozen=True)
class Claim:
    """One source's side of a disagreement."""

    source: str
    publisher: str
    published: str | None
    as_of: str
    values: list[str]
    quotes: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree on one node's value.

    ``kind`` is ``date``, ``place``, ``ordinal``, ``participants`` or
    ``happened``; ``property`` the prefixed property (or the negative
    statement's denied class); ``note`` a sentence an analyst reads;
    ``refinement`` is true when the values are compatible (one lies within
    the other: a finer date, a place inside the other), not a disagreement.
    """

    node: str
    name: str
    kind: str
    property: str
    note: str
    claims: list[Claim]
    #: Other nodes the dispute is about (the event a negative statement denies).
    related: list[str] = field(default_factory=list)
    refinement: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return asdict(self)


def _shown(graph: Graph, value: Node) -> str:
    if isinstance(value, URIRef):
        name = graph.value(value, SCHEMA.name)
        return str(name) if name is not None else prefixed(value)
    return str(value)


#: Each graph's evidence index, read once: conflicts ask for many nodes' quotes.
#: Keyed by the graph's id, dropped when the graph goes: hashing a Dataset
#: reads its deprecated ``identifier`` (a warning on every lookup).
_INDEXES: dict[int, dict[Node, list[dict[str, Any]]]] = {}


def _evidence(graph: Graph, node: Node) -> list[dict[str, Any]]:
    """The quotes of ``node`` (:func:`mmru_graph.evidence.evidence_index`, read once per graph)."""
    index = _INDEXES.get(id(graph))
    if index is None:
        index = _INDEXES[id(graph)] = evidence_index(graph)
        weakref.finalize(graph, _INDEXES.pop, id(graph), None)
    return index.get(node, [])


def _claim(graph: Graph, source: URIRef, node: Node, values: list[str]) -> Claim:
    publisher = graph.value(source, SCHEMA.publisher)
    quotes = [{k: item[k] for k in ("quote", "start", "end")}
              for item in _evidence(graph, node) if item["source"] == str(source)]
    return Claim(source=local_name(source),
                 publisher=_shown(graph, publisher) if publisher is not None else "",
                 published=as_of(graph, source)[0] if as_of(graph, source)[1] == "published"
                 else None,
                 as_of=as_of_label(graph, source), values=values, quotes=quotes)


def _subclasses(graph: Graph, cls: Node) -> set[Node]:
    found = {cls}
    todo = [cls]
    while todo:
        for child in graph.subjects(RDFS.subClassOf, todo.pop()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _date_within(inner: Node, outer: Node) -> bool:
    """The span of date ``inner`` lies within that of ``outer`` (a malformed date: no)."""
    try:
        (a, b), (c, d) = date_span(str(inner)), date_span(str(outer))
    except InvalidDateError:
        return False
    return c <= a and b <= d


def _compatible(graph: Graph, kind: str, values: list[frozenset[Node]],
                inside: dict[Node, set[str]]) -> bool:
    """Every pair of sides agrees up to precision: each value of one lies within
    or contains a value of the other (dates by span, places by containment)."""
    if kind == "date":
        def within(a: Node, b: Node) -> bool:
            return _date_within(a, b)
    elif kind == "place":
        def within(a: Node, b: Node) -> bool:
            if b not in inside:
                inside[b] = places_within(graph, str(b))
            return str(a) in inside[b]
    else:
        return False
    for one in values:
        for other in values:
            if one is other:
                continue
            if not all(any(within(a, b) or within(b, a) for b in other) for a in one):
                return False
    return True


def _value_conflicts(graph: Dataset, names: list[URIRef]) -> list[Conflict]:
    stated: dict[Node, list[URIRef]] = {}
    for name in names:
        # Each source's own set of triples, read at once (store.bulk): asking
        # rdflib for a graph's subjects works out every triple's graphs.
        for subject in {s for s, _p, _o in graph_triples(graph.graph(name))}:
            stated.setdefault(subject, []).append(name)
    found = []
    inside: dict[Node, set[str]] = {}  # each place's places_within, on demand
    for node, sources in sorted(stated.items(), key=lambda item: str(item[0])):
        if len(sources) < 2:
            continue
        checks: list[tuple[str, str, tuple[URIRef, ...]]] = [
            (kind, prefixed(p), (p,)) for p, kind in COMPARED.items()]
        checks.append(("participants", "schema:attendee|schema:organizer|schema:agent",
                       PARTICIPATION))
        for kind, label, properties in checks:
            sides = {}
            for source in sources:
                values = {o for p in properties for o in graph.graph(source).objects(node, p)}
                if values:
                    sides[source] = values
            distinct = {frozenset(v) for v in sides.values()}
            if len(distinct) < 2:
                continue
            if kind == "participants" and any(a < b for a in distinct for b in distinct):
                continue  # one source names fewer: silence, not a disagreement
            refinement = _compatible(graph, kind, list(distinct), inside)
            claims = [_claim(graph, source, node, sorted(_shown(graph, v) for v in values))
                      for source, values in sorted(sides.items(), key=lambda i: str(i[0]))]
            summary = "; ".join(f"{', '.join(c.values)} per {c.source}" for c in claims)
            within = ("one date lies within the other (a finer date)" if kind == "date"
                      else "one place lies inside the other")
            note = (f"compatible, not a disagreement: {within}: {summary}" if refinement
                    else f"sources disagree on the {kind}: {summary}")
            found.append(Conflict(prefixed(node), _shown(graph, node), kind, label, note,
                                  claims, refinement=refinement))
    return found


def _negative_conflicts(graph: Dataset, names: list[URIRef]) -> list[Conflict]:
    found = []
    for home in names:
        part = graph.graph(home)
        for statement in sorted(part.subjects(RDF.type, MMRU.NegativeStatement), key=str):
            actors = {part.value(statement, MMRU.subjectActor),
                      part.value(statement, MMRU.objectActor)}
            denied = part.value(statement, MMRU.deniedEventClass)
            if None in actors or denied is None:
                continue
            classes = _subclasses(graph, denied)
            since, how = as_of(graph, home)
            for other in names:
                if other == home:
                    continue
                events = {e for c in classes for e in graph.graph(other).subjects(RDF.type, c)}
                for event in sorted(events, key=str):
                    taking_part = {o for p in PARTICIPATION
                                   for o in graph.graph(other).objects(event, p)}
                    if not actors <= taking_part:
                        continue
                    start = graph.graph(other).value(event, SCHEMA.startDate)
                    when = str(start) if start is not None else None
                    if when is None or since is None:
                        verdict = "cannot be ordered: a date is unknown"
                    elif when > since:
                        verdict = (f"the later report supersedes it: true as of {since}, "
                                   f"the event is dated {when}")
                    elif how == "not before" and when[:len(since)] >= since[:len(when)]:
                        verdict = "cannot be ordered: the statement's date is only a lower bound"
                    else:
                        verdict = (f"contradicts it: the event ({when}) is dated before "
                                   f"the statement's date ({since})")
                    text = part.value(statement, SCHEMA.text) or part.value(statement,
                                                                            SCHEMA.name)
                    claims = [
                        _claim(graph, home, statement, [f"did not happen: {text}"]),
                        _claim(graph, other, event,
                               [f"{_shown(graph, event)}" + (f" ({when})" if when else "")]),
                    ]
                    found.append(Conflict(
                        prefixed(statement), _shown(graph, statement), "happened",
                        prefixed(denied),
                        f"{claims[0].as_of} it did not happen; {local_name(other)} reports "
                        f"it; {verdict}", claims, [prefixed(event)]))
    return found


def find_conflicts(graph: Graph) -> list[Conflict]:
    """Every disagreement between sources, sorted by node and kind.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from mmru_graph.namespaces import ID, XSD
    >>> from mmru_graph.store.loading import SourcedGraph
    >>> g = SourcedGraph()
    >>> for source, day in (("source-a", "2022-02-20"), ("source-b", "2022-02-21")):
    ...     _ = g.add((ID[source], SCHEMA.datePublished, Literal("2022-03-01")))
    ...     _ = g.graph(ID[source]).add((ID.visit, SCHEMA.startDate,
    ...                                  Literal(day, datatype=XSD.date)))
    >>> [conflict] = find_conflicts(g)
    >>> conflict.kind, [(c.source, c.values) for c in conflict.claims]
    ('date', [('source-a', ['2022-02-20']), ('source-b', ['2022-02-21'])])
    """
    return [c for c in _compare(graph) if not c.refinement]


def find_refinements(graph: Graph) -> list[Conflict]:
    """Where sources differ only in precision: compatible values, not disagreements.

    A date whose span lies within the other's (``2022-02-20`` in ``2022-02``)
    or a place inside the other (``schema:containedInPlace``, any depth:
    Moscow in Russia). Same shape as :func:`find_conflicts`, with
    ``refinement`` true; sorted by node and kind.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from mmru_graph.namespaces import ID, XSD
    >>> from mmru_graph.store.loading import SourcedGraph
    >>> g = SourcedGraph()
    >>> for source, day, kind in (("source-a", "2022-02-20", XSD.date),
    ...                           ("source-b", "2022-02", XSD.gYearMonth)):
    ...     _ = g.graph(ID[source]).add((ID.visit, SCHEMA.startDate, Literal(day, datatype=kind)))
    >>> find_conflicts(g)
    []
    >>> [(r.kind, r.refinement, [c.values for c in r.claims]) for r in find_refinements(g)]
    [('date', True, [['2022-02-20'], ['2022-02']])]
    """
    return [c for c in _compare(graph) if c.refinement]


def compare_sources(graph: Graph) -> list[Conflict]:
    """Every disagreement and every refinement, sorted by node, kind and property:
    :func:`find_conflicts` and :func:`find_refinements` together (what ``build``
    saves with the store, :mod:`mmru_graph.sources.saved`).

    A store's graph (:mod:`mmru_graph.store.sourced`) gives those ``build``
    saved with it, else compares the dataset rebuilt from the store's quads.
    """
    return _compare(graph)


def _compare(graph: Graph) -> list[Conflict]:
    if not isinstance(graph, Dataset):
        return _stored(graph)
    names = named_graphs(graph)
    if len(names) < 2:  # one source cannot disagree with itself
        return []
    found = _value_conflicts(graph, names) + _negative_conflicts(graph, names)
    return sorted(found, key=lambda c: (c.node, c.kind, c.property))


def _stored(graph: Graph) -> list[Conflict]:
    """The comparisons of a store's graph (none for a plain graph in memory)."""
    from ..store.sourced import named_graphs_of, sourced_dataset
    from .saved import read_saved_conflicts, saved_file

    store = named_graphs_of(graph)
    if store is None:
        return []
    rows = getattr(store, "dispute_rows", None)
    if rows is not None:
        return _neighbourhood_conflicts(*rows())
    where = saved_file(graph)
    if where is not None:
        saved = read_saved_conflicts(where)
        if saved is not None:
            return saved
        from ..errors import warn_stale

        warn_stale(where, "disputes")
    dataset = sourced_dataset(graph)
    return _compare(dataset) if isinstance(dataset, Dataset) else []


def _neighbourhood_conflicts(triples: list[Any], quads: list[Any],
                             complete: set[Node]) -> list[Conflict]:
    """The comparisons about the ``complete`` nodes, from a part of a store's quads.

    The part (:class:`mmru_graph.store.remote_focus.SourcedNeighbourhood`) holds
    every quad of each complete node, its quotes, what its values are and lie
    in, the sources stating any of it, and every negative statement with its
    quotes and source. A node's value disputes read only those; a negative
    statement's dispute with an event, the statement and the event's quads.
    So every dispute found here about a complete node (and each "happened" one
    whose events are complete) is the whole store's; the others, found on too
    little, are dropped: no one asks for them.
    """
    from ..store.sourced import dataset_of

    whole = {prefixed(node) for node in complete}
    found = _compare(dataset_of(triples, quads))
    return [c for c in found
            if (c.node in whole if c.kind != "happened" else set(c.related) <= whole)]


def disputed(graph: Graph, conflicts: list[Conflict] | None = None) -> dict[str, list[str]]:
    """The nodes sources dispute (prefixed IRI) and the kinds of their disputes.

    A ``happened`` dispute marks both the negative statement and the event.
    """
    marks: dict[str, set[str]] = {}
    for conflict in find_conflicts(graph) if conflicts is None else conflicts:
        for node in (conflict.node, *conflict.related):
            marks.setdefault(node, set()).add(conflict.kind)
    return {node: sorted(kinds) for node, kinds in marks.items()}


def supporting_sources(graph: Graph, node: Node) -> tuple[int, int]:
    """How many sources quote ``node``, and how many independent ones (distinct publishers).

    Three sources quote the talks; two of them share a publisher:

    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:daily a schema:Organization ; schema:name "The Daily" .
    ... id:source-a a schema:NewsArticle ; schema:publisher id:daily .
    ... id:source-b a schema:NewsArticle ; schema:publisher id:daily .
    ... id:source-c a schema:NewsArticle .
    ... id:talks a mmru:Talks ; schema:name "Talks" .
    ... id:ev-a oa:hasBody id:talks ; oa:hasTarget [ oa:hasSource id:source-a ;
    ...     oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "They held talks." ] ] .
    ... id:ev-b oa:hasBody id:talks ; oa:hasTarget [ oa:hasSource id:source-b ;
    ...     oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Talks were held." ] ] .
    ... id:ev-c oa:hasBody id:talks ; oa:hasTarget [ oa:hasSource id:source-c ;
    ...     oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "The talks went on." ] ] .
    ... ''')
    >>> supporting_sources(g, ID.talks)
    (3, 2)
    """
    sources = {item["source"] for item in _evidence(graph, node) if item["source"]}
    publishers = {graph.value(URIRef(s), SCHEMA.publisher) or URIRef(s) for s in sources}
    return len(sources), len(publishers)
