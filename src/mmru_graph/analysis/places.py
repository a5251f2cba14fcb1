"""Places follow containment: the one rule for "events in a place".

An event is in a place when its location is that place or lies inside it
through ``schema:containedInPlace`` at any depth (Kazan → Republic of
Tatarstan → Russia); an event the source does not place takes the place of
the trip it is part of (``schema:superEvent``, any depth), as the
``events-by-place`` named query does (``schema:containedInPlace*``).
``timeline --place``, the place's card (``show``) and that query all follow
this rule; where one place lies inside another is
:func:`mmru_graph.containment.places_within` (also what ``conflicts`` reads).
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph

from .. import model
from ..containment import places_within
from ..namespaces import SCHEMA

__all__ = ["PLACE_KINDS", "event_locations", "events_in_place", "places_within"]

#: The kinds a place argument may mean: an organization can be a place too
#: (an academy hosting a conference).
PLACE_KINDS: tuple[str, ...] = (model.PLACE, model.ORGANIZATION)


def event_locations(graph: Graph) -> dict[str, list[str]]:
    """Each event's locations: its own, else those of every trip it is part of.

    An event without a place of its own takes the places of all the events
    it is part of (``schema:superEvent``, any depth), as the
    ``events-by-place`` query's ``schema:superEvent+`` does.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:trip a mmru:Visit ; schema:name "Trip" ; schema:location id:peru .
    ... id:leg a mmru:Visit ; schema:name "Leg" ; schema:location id:lima ;
    ...     schema:superEvent id:trip .
    ... id:talks a mmru:Talks ; schema:name "Talks" ; schema:superEvent id:leg .
    ... ''')
    >>> located = event_locations(g)
    >>> [place.rsplit("/", 1)[-1] for place in located[str(ID.talks)]]
    ['lima', 'peru']
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
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:lima a schema:City ; schema:containedInPlace id:peru .
    ... id:port a mmru:Facility ; schema:containedInPlace id:lima .
    ... id:visit a mmru:SiteVisit ; schema:name "Port visit" ; schema:location id:port .
    ... id:talks a mmru:Talks ; schema:name "Talks" ; schema:location id:lima .
    ... id:elsewhere a mmru:Talks ; schema:name "Elsewhere" ; schema:location id:chile .
    ... ''')
    >>> found = events_in_place(g, str(ID.peru))
    >>> {e.rsplit("/", 1)[-1]: [loc.rsplit("/", 1)[-1] for loc in locs]
    ...  for e, locs in sorted(found.items())}
    {'talks': ['lima'], 'visit': ['port']}
    """
    inside = places_within(graph, place)
    return {event: sorted(set(locations) & inside)
            for event, locations in event_locations(graph).items()
            if set(locations) & inside}
