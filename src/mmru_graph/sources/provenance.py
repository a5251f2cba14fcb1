"""Who says so, and is it disputed: the marks the query commands add to each event or link.

:class:`Provenance` is built once per command from the loaded graph; its
:meth:`~Provenance.mark` gives, for an event (or any node), the sources
that quote it, how many of them are independent (distinct publishers) and
the disputes about it (:mod:`mmru_graph.sources.conflicts`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import Graph, URIRef

from ..namespaces import OA, SCHEMA, local_name, prefixed
from ..store.sourced import named_graphs_of
from .conflicts import Conflict, find_conflicts
from .named import named_graphs

__all__ = ["Provenance"]


class Provenance:
    """Sources and disputes of every node of a graph.

    Examples
    --------
    Two sources of one publisher quote the talks:

    >>> from mmru_graph.namespaces import TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:daily a schema:Organization ; schema:name "The Daily" .
    ... id:source-a a schema:NewsArticle ; schema:publisher id:daily .
    ... id:source-b a schema:NewsArticle ; schema:publisher id:daily .
    ... id:talks a mmru:Talks ; schema:name "Talks" .
    ... id:ev-a oa:hasBody id:talks ; oa:hasTarget [ oa:hasSource id:source-a ;
    ...     oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "They held talks." ] ] .
    ... id:ev-b oa:hasBody id:talks ; oa:hasTarget [ oa:hasSource id:source-b ;
    ...     oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Talks were held." ] ] .
    ... ''')
    >>> mark = Provenance(g).mark("https://w3id.org/mmru-graph/id/talks")
    >>> mark["supported_by"], mark["independent_sources"], mark["disputed"]
    (['source-a', 'source-b'], 1, [])
    """

    def __init__(self, graph: Graph, conflicts: list[Conflict] | None = None) -> None:
        self.graph = graph
        # A store's graph shows the union: the store says which source states
        # what (mmru_graph.store.sourced), and build saved the disputes with it.
        self._store = named_graphs_of(graph)
        self._has_named: bool | None = None
        # ``conflicts``: find_conflicts(graph) already found (build finds them once).
        self.conflicts: list[Conflict] = (find_conflicts(graph) if conflicts is None
                                          else conflicts)
        self._evidence: dict[str, set[str]] = {}  # node → the sources quoting it, on demand
        self._disputes: dict[str, list[Conflict]] = {}
        self._named: list[tuple[str, Graph]] | None = None  # (source id, its graph), on demand
        self._names: dict[Any, str] | None = None  # a named graph's name → its source id
        self._publishers: dict[str, Any] = {}  # source id → its publisher (or the id)
        for conflict in self.conflicts:
            for node in (conflict.node, *conflict.related):
                self._disputes.setdefault(node, []).append(conflict)

    def sources_of(self, iris: Iterable[str | None]) -> list[str]:
        """The sources (ids) quoting any of these nodes, sorted."""
        found: set[str] = set()
        for iri in iris:
            if iri and iri not in self._evidence:
                self._evidence[iri] = {
                    str(source) for annotation in self.graph.subjects(OA.hasBody, URIRef(iri))
                    for target in self.graph.objects(annotation, OA.hasTarget)
                    for source in self.graph.objects(target, OA.hasSource)}
            found.update(self._evidence.get(iri, set()) if iri else ())
        return sorted(local_name(URIRef(s)) for s in found)

    def _sourced(self) -> bool:
        """Whether the graph has named graphs (else a link's sources are its events')."""
        if self._has_named is None:
            self._has_named = (self._store.has_named_graphs() if self._store is not None
                               else bool(self._parts()))
        return self._has_named

    def _parts(self) -> list[tuple[str, Graph]]:
        if self._named is None:
            self._named = [(local_name(name), self.graph.graph(name))  # type: ignore[attr-defined]
                           for name in named_graphs(self.graph)]
        return self._named

    def link_sources(self, events: Iterable[str | None], a: str, b: str) -> list[str]:
        """The sources (ids) that put both ``a`` and ``b`` in one of these events, sorted.

        A link between two actors is only as good as the sources that name
        both at the same event: a source reporting the event without one of
        them does not support the link. Read from each source's named graph
        (any statement from the event to the actor); a graph without named
        graphs falls back to the sources quoting the events.
        """
        if not self._sourced():
            return self.sources_of(events)
        found: set[str] = set()
        for event in events:
            if not event:
                continue
            node = URIRef(event)
            with_a = self._holding((node, None, URIRef(a)))
            if with_a:
                found |= with_a & self._holding((node, None, URIRef(b)))
        return sorted(found)

    def _holding(self, pattern: tuple[Any, Any, Any]) -> set[str]:
        """The sources (ids) whose named graph holds a triple matching ``pattern``.

        Asked of the store's quads (each triple's graphs), not of each named
        graph in turn: one look-up, where asking every source costs as many
        as there are sources (minutes for a page of a thousand sources).
        """
        if self._store is not None:
            return {local_name(name) for name in self._store.graphs_holding(*pattern)}
        if self._names is None:
            self._names = {part.identifier: name for name, part in self._parts()}
        names = self._names
        found = set()
        for _triple, contexts in self.graph.store.triples(pattern, context=None):
            for context in contexts:
                name = names.get(getattr(context, "identifier", None))
                if name is not None:
                    found.add(name)
        return found

    def statement_sources(self, subject: str, predicate: str, obj: str) -> list[str]:
        """The sources (ids) whose named graph states this statement, sorted.

        A statement of the shared entities (a place's containment, in the
        default graph) falls back to the sources quoting its subject.
        """
        triple = (URIRef(subject), URIRef(predicate), URIRef(obj))
        found = sorted(self._holding(triple)) if self._sourced() else []
        return found or self.sources_of([subject])

    def disputes(self, *iris: str | None, predicate: str | None = None) -> list[Conflict]:
        """The disagreements about any of these nodes, each once, in the order found.

        With ``predicate`` (a full IRI), only those about that property of
        the nodes (a place dispute is about ``schema:location``, a
        participants dispute about ``schema:attendee``, ``schema:organizer``
        and ``schema:agent``), as a statement's link needs.
        """
        if not self._disputes:  # nothing is disputed (one source, or all agree)
            return []
        wanted = prefixed(URIRef(predicate)) if predicate else None
        found: list[Conflict] = []
        for iri in iris:
            if not iri:
                continue
            for conflict in self._disputes.get(prefixed(URIRef(iri)), []):
                if wanted is not None and (conflict.node != prefixed(URIRef(iri))
                                           or wanted not in conflict.property.split("|")):
                    continue
                if conflict not in found:
                    found.append(conflict)
        return found

    def independent(self, sources: Iterable[str]) -> int:
        """How many of these sources (ids) are independent: their distinct publishers."""
        for source in sources:
            if source not in self._publishers:
                self._publishers[source] = self.graph.value(URIRef(_full(source)),
                                                            SCHEMA.publisher) or source
        return len({self._publishers[s] for s in sources})

    def mark(self, *iris: str | None, between: tuple[str, str] | None = None) -> dict[str, Any]:
        """``supported_by`` (source ids), ``independent_sources`` (distinct publishers) and
        ``disputed`` (notes) for these nodes.

        Several IRIs (an event and the link's ends) are marked together. With
        ``between`` (two actors' IRIs), the sources are those that put both
        at one of the events (:meth:`link_sources`): a contact, not the event.
        """
        sources = (self.link_sources(iris, *between) if between is not None
                   else self.sources_of(iris))
        notes: list[str] = []
        for conflict in self.disputes(*iris):
            if conflict.note not in notes:
                notes.append(conflict.note)
        return {"supported_by": sources, "independent_sources": self.independent(sources),
                "disputed": notes}

    def lines(self, *iris: str | None, between: tuple[str, str] | None = None) -> list[str]:
        """The mark as lines for a table: the sources, then each dispute."""
        mark = self.mark(*iris, between=between)
        joined = self.sources_of(iris) if between is not None and not mark["supported_by"] \
            else []
        if not mark["supported_by"] and not mark["disputed"] and not joined:
            return []
        count = len(mark["supported_by"])
        head = (f"{count} source{'s' if count != 1 else ''}"
                + (f" ({mark['independent_sources']} independent)" if count > 1 else "")
                + (": " + ", ".join(mark["supported_by"]) if count else ""))
        if joined:  # each end comes from a different source: say so, never hide it
            head = ("no one source names both: the link joins what "
                    + ", ".join(joined) + " say")
        return [head] + [f"DISPUTED: {note}" for note in mark["disputed"]]


def _full(source_id: str) -> str:
    from ..namespaces import ID

    return str(ID[source_id])
