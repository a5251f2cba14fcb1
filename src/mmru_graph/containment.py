"""Which place lies inside which: the one containment rule (``schema:containedInPlace``).

A place is inside another when a chain of ``schema:containedInPlace``
statements leads from it to the other, at any depth (Kazan → Republic of
Tatarstan → Russia). :mod:`mmru_graph.analysis.places` ("events in a
place": ``timeline --place``, a place's card, the ``events-by-place`` query)
and :mod:`mmru_graph.sources.conflicts` (Moscow and Russia are not a
disagreement) both follow it; it sits in the core so both layers can.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, URIRef
from rdflib.term import Node

from .namespaces import SCHEMA

__all__ = ["places_within"]


def places_within(graph: Graph, place: str) -> set[str]:
    """The place and every place inside it (``schema:containedInPlace``, any depth).

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:cusco a schema:State ; schema:containedInPlace id:peru .
    ... id:town a schema:City ; schema:containedInPlace id:cusco .
    ... id:lima a schema:City ; schema:containedInPlace id:peru .
    ... id:arica a schema:City ; schema:containedInPlace id:chile .
    ... ''')
    >>> sorted(p.rsplit("/", 1)[-1] for p in places_within(g, str(ID.peru)))
    ['cusco', 'lima', 'peru', 'town']
    """
    children: dict[Node, list[Node]] = defaultdict(list)
    for child, parent in graph.subject_objects(SCHEMA.containedInPlace):
        children[parent].append(child)
    found: set[Node] = {URIRef(place)}
    frontier: list[Node] = [URIRef(place)]
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return {str(p) for p in found}
