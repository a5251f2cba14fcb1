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
from .conflicts import Conflict, find_conflicts

__all__ = ["Provenance"]


class Provenance:
    """Sources and disputes of every node of a graph.

    Examples
    --------
    >>> from mmru_graph import load_graph
    >>> marks = Provenance(load_graph())
    >>> mark = marks.mark("https://w3id.org/mmru-graph/id/2021-03-27-armed-forces-day-parade")
    >>> mark["supported_by"], mark["independent_sources"], mark["disputed"]
    (['source-irrawaddy-2021'], 1, [])
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.conflicts: list[Conflict] = find_conflicts(graph)
        self._evidence: dict[str, set[str]] = {}  # node → the sources quoting it, on demand
        self._disputes: dict[str, list[Conflict]] = {}
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

    def mark(self, *iris: str | None) -> dict[str, Any]:
        """``supported_by`` (source ids), ``independent_sources`` (distinct publishers) and
        ``disputed`` (notes) for these nodes.

        Several IRIs (an event and the link's ends) are marked together.
        """
        sources = self.sources_of(iris)
        publishers = {self.graph.value(URIRef(_full(s)), SCHEMA.publisher) or s for s in sources}
        notes: list[str] = []
        for iri in iris:
            if not iri:
                continue
            for conflict in self._disputes.get(prefixed(URIRef(iri)), []):
                if conflict.note not in notes:
                    notes.append(conflict.note)
        return {"supported_by": sources, "independent_sources": len(publishers),
                "disputed": notes}

    def lines(self, *iris: str | None) -> list[str]:
        """The mark as lines for a table: the sources, then each dispute."""
        mark = self.mark(*iris)
        if not mark["supported_by"] and not mark["disputed"]:
            return []
        count = len(mark["supported_by"])
        head = (f"{count} source{'s' if count != 1 else ''}"
                + (f" ({mark['independent_sources']} independent)" if count > 1 else "")
                + (": " + ", ".join(mark["supported_by"]) if count else ""))
        return [head] + [f"DISPUTED: {note}" for note in mark["disputed"]]


def _full(source_id: str) -> str:
    from ..namespaces import ID

    return str(ID[source_id])
