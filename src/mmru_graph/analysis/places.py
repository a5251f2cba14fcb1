"""Places follow containment: the one rule for "events in a place".

An event is in a place when its location is that place or lies inside it
through ``schema:containedInPlace`` at any depth (Kazan → Republic of
Tatarstan → Russia); an event the source does not place takes the place of
the trip it is part of (``schema:superEvent``, any depth), as the
``events-by-place`` named query does (``schema:containedInPlace*``).
``timeline --place``, the place's card (``show``) and that query all follow
this rule.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..namespaces import SCHEMA

__all__ = ["event_locations", "events_in_place", "places_within"]


def places_within(graph: Graph, place: str) -> set[str]:
    """The place and every place inside it (``schema:containedInPlace``, any depth).

    Examples
    --------
    >>> from mmru_graph import load_graph
    >>> inside = places_within(load_graph(), "https://w3id.org/mmru-graph/id/russia")
    >>> "https://w3id.org/mmru-graph/id/kazan" in inside
    True
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


def event_locations(graph: Graph) -> dict[str, list[str]]:
    """Each event's locations: its own, else those of every trip it is part of.

    An event without a place of its own takes the places of all the events
    it is part of (``schema:superEvent``, any depth), as the
    ``events-by-place`` query's ``schema:superEvent+`` does.

    Examples
    --------
    >>> from mmru_graph import load_graph
    >>> located = event_locations(load_graph())
    >>> talks = "https://w3id.org/mmru-graph/id/2021-06-min-aung-hlaing-talks-with-minnikhanov"
    >>> [place.rsplit("/", 1)[-1] for place in located[talks]]
    ['kazan', 'russia']
    """
    own: dict[str, list[str]] = defaultdict(list)
    for located_event, place in graph.subject_objects(SCHEMA.location):
        own[str(located_event)].append(str(place))
    parents: dict[str, list[str]] = defaultdict(list)
    for part, parent in graph.subject_objects(SCHEMA.superEvent):
        parents[str(part)].append(str(parent))
    located: dict[str, list[str]] = {}
    for event in set(own) | set(parents):
        if event in own:
            located[event] = sorted(own[event])
            continue
        seen, frontier, found = {event}, list(parents[event]), set[str]()
        while frontier:
            current = frontier.pop(0)
            if current in seen:
                continue
            seen.add(current)
            found |= set(own.get(current, []))
            frontier += parents.get(current, [])
        if found:
            located[event] = sorted(found)
    return located


def events_in_place(graph: Graph, place: str) -> dict[str, list[str]]:
    """The events in a place (or anywhere inside it), with the locations that put them there.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph.
    place : str
        The place's IRI.

    Returns
    -------
    dict
        Event IRI → the IRIs of its locations inside ``place``, sorted.

    Examples
    --------
    >>> from mmru_graph import load_graph
    >>> g = load_graph()
    >>> tatarstan = [iri for iri in g.subjects()
    ...              if str(iri).endswith("/republic-of-tatarstan")][0]
    >>> found = events_in_place(g, str(tatarstan))
    >>> sorted({loc.rsplit("/", 1)[-1] for locs in found.values() for loc in locs})
    ['kazan', 'kazan-plants']
    """
    inside = places_within(graph, place)
    return {event: sorted(set(locations) & inside)
            for event, locations in event_locations(graph).items()
            if set(locations) & inside}
