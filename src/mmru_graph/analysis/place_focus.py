"""``timeline --place`` and ``show PLACE`` on the built store: the events in the place and
their neighbourhood.

The whole graph's timeline of a place projects every node to keep a few. On
the embedded store, :func:`at_place` resolves the place against the labels
``build`` saved (as :func:`~mmru_graph.analysis.focus.focus_on` resolves an
actor), finds the events in it from the location, part and containment
statements alone (:func:`located_within`, by the one rule of
:func:`~mmru_graph.analysis.places.events_in_place`), and hands the timeline
their neighbourhood (:func:`mmru_graph.store.focus.neighbourhood`), on which the
same code keeps the same events. ``tests/test_place_focus.py`` checks every
place and organization of the test graphs against the whole graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rdflib import Graph

from ..store.focus import neighbourhood
from .focus import dated_within, focused_graph, local_lookup, names_table, resolve_focus
from .resolve import resolve_name

__all__ = ["WHOLE_SHARE", "at_place", "events_within_share", "located_within",
           "place_card_part"]

#: A place (within the window asked) holding more than this share of the events
#: placed anywhere is answered from the whole graph: its events' neighbourhood
#: costs more than the projection ``build`` saved (2M triples, CPU: a city with an
#: eighth of the events 11 s against 21 s whole, a country with half 35 s against 28 s).
WHOLE_SHARE = 0.25


def located_within(backend: Any, place: str) -> tuple[set[str], int]:
    """The events of ``backend`` (a store that reads by predicate) in ``place`` or
    anywhere inside it, by the rule of
    :func:`~mmru_graph.analysis.places.events_in_place` (a trip's place counts for
    its unplaced parts), run on only the triples it reads: every location, part
    and containment statement, a few per event; and how many nodes have a place of
    their own (what the events found are a share of).

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.backends import MemoryBackend
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:lima a schema:City ; schema:containedInPlace id:peru .
    ... id:trip a mmru:Visit ; schema:location id:lima .
    ... id:talks a mmru:Talks ; schema:superEvent id:trip .
    ... id:elsewhere a mmru:Talks ; schema:location id:chile .
    ... ''')
    >>> found, placed = located_within(MemoryBackend(g), str(ID.peru))
    >>> sorted(iri.rsplit("/", 1)[1] for iri in found), placed
    (['talks', 'trip'], 2)
    """
    from ..namespaces import SCHEMA
    from .places import events_in_place

    rule = backend.with_predicates([SCHEMA.location, SCHEMA.superEvent,
                                    SCHEMA.containedInPlace])
    placed = len({s for s, p, _o in rule if p == SCHEMA.location})
    return set(events_in_place(focused_graph(backend, rule), place)), placed


def at_place(graph: Graph, place: str, actor: str | None = None, since: str | None = None,
             until: str | None = None, *,
             sources: tuple[Sequence[str], Sequence[str]] | None = None
             ) -> tuple[Graph, str | None, str]:
    """What ``timeline --place`` reads on the embedded store, with ``actor`` and
    ``place`` as the IRIs they name; else ``graph``, ``actor`` and ``place`` as given.

    The place is resolved against the labels ``build`` saved (of the kinds
    :data:`~mmru_graph.analysis.places.PLACE_KINDS`), so an unknown or ambiguous
    name raises the whole graph's error. The graph is then the neighbourhood of
    the events in the place (:func:`located_within`), of those dated within
    ``since``–``until`` when given (:func:`~mmru_graph.analysis.focus.dated_within`),
    or, with ``actor``, of that actor (as :func:`~mmru_graph.analysis.focus.focus_on`
    reads it), and the place itself read forward only.
    Every node of a neighbourhood comes with all it points to, so each event's
    locations, trips and the places containing them are there: the place filter
    keeps the events the whole graph keeps. More events than :data:`WHOLE_SHARE`
    of those placed anywhere are answered from ``graph`` (the place as its IRI);
    so are an ``actor`` that is not one actor, a store without labels, memory and
    an endpoint (the names as given).

    With ``sources`` (``--source`` and ``--exclude-source``: the sources kept, all
    when empty, and those left out), the same is asked of the view of those sources:
    on the built store, of the neighbourhood as they state it
    (:func:`~mmru_graph.analysis.kept_focus.kept_at_place`), else of the graph
    restricted whole (:func:`mmru_graph.sources.named.restrict`).

    Raises
    ------
    InvalidDateError, InvalidRangeError
        As :func:`~mmru_graph.dates.check_range`, before the place is looked at
        (as the whole graph's timeline does).
    NameResolutionError
        If the place names no place or organization, or several.

    Examples
    --------
    A graph in memory is answered whole, the names as given:

    >>> from mmru_graph.namespaces import TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:lima a schema:City ; schema:name "Lima" .
    ... id:ana a schema:Person ; schema:name "Ana" .
    ... id:talks a mmru:Talks ; schema:location id:lima ; schema:attendee id:ana .
    ... ''')
    >>> at_place(g, "Lima", "Ana") == (g, "Ana", "Lima")
    True
    """
    from ..dates import check_range
    from .places import PLACE_KINDS

    if sources is not None:
        from ..sources.named import restrict
        from .kept_focus import kept_at_place

        kept = kept_at_place(graph, place, actor, since, until, *sources)
        if kept is not None:
            return kept
        return at_place(restrict(graph, *sources), place, actor, since, until)
    backend = local_lookup(graph)
    if backend is None:
        return graph, actor, place
    since, until = check_range(since, until)
    who = None
    if actor is not None:  # resolved first, as the whole graph's timeline does
        table = names_table(graph, [actor])
        found = None if table is None else resolve_focus(graph, table, [actor], None)
        if found is None:  # not one actor: the whole graph says why, or answers
            return graph, actor, place
        who = found[0]
    table = names_table(graph, [place], PLACE_KINDS)
    if table is None:
        return graph, actor, place
    where = resolve_name(graph, place, kinds=PLACE_KINDS, table=table)
    if who is not None:
        seeds = [who]
    else:
        events = events_within_share(backend, where, since, until)
        if events is None:
            return graph, actor, where
        seeds = sorted(events)
    part = neighbourhood(backend, seeds, ahead=[where])
    return focused_graph(backend, part), who, where


def place_card_part(graph: Graph, name: str) -> tuple[Graph, str]:
    """What ``show`` reads of a place on the embedded store, and ``name`` as the IRI it
    names; else ``graph`` and ``name`` as given.

    ``name`` is resolved as the card resolves it (any kind, against the labels
    ``build`` saved); when it names a place, the graph is the neighbourhood of the
    events in it (:func:`located_within`: the card lists them) and, read forward
    only, the place and every node pointing to it (the card's relations: the
    places inside it, what is located there, the annotations naming it). A place
    holding more than :data:`WHOLE_SHARE` of the events placed anywhere, a name
    that is not one place (the whole graph says why, or answers), memory and an
    endpoint: ``graph`` itself.

    Asked of some sources, :func:`~mmru_graph.analysis.kept_focus.kept_place_card`
    reads the same of their view.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph()
    >>> place_card_part(g, "Lima") == (g, "Lima")
    True
    """
    from rdflib import URIRef

    from .. import model
    from ..errors import NameResolutionError

    backend = local_lookup(graph)
    if backend is None:
        return graph, name
    table = names_table(graph, [name])
    if table is None:
        return graph, name
    try:
        where = resolve_name(graph, name, table=table)
    except NameResolutionError:
        return graph, name
    if table.attrs[where]["kind"] != model.PLACE:
        return graph, name
    events = events_within_share(backend, where)
    if events is None:
        return graph, where
    pointing = {str(s) for s, _p, _o in backend.about([URIRef(where)], incoming=True)}
    ahead = [where, *sorted(pointing - events)]
    part = neighbourhood(backend, sorted(events), ahead=ahead)
    return focused_graph(backend, part), where


def events_within_share(backend: Any, where: str, since: str | None = None,
                        until: str | None = None) -> set[str] | None:
    """The events in ``where`` (dated within ``since``–``until`` when given), or None
    when they are more than :data:`WHOLE_SHARE` of the events placed anywhere: such a
    place is cheaper read whole."""
    events, placed = located_within(backend, where)
    if since is not None or until is not None:
        events &= dated_within(backend, since, until)
    return None if len(events) > WHOLE_SHARE * placed else events
