"""The events in date order, partial and approximate dates shown as such.

An event the article dates only by month or year sorts at the start of that
month or year and keeps its partial date ("2021-06"); an approximate date is
labelled so ("2021-05 (approx.)") and carries the note saying how it was
derived. Undated events come last, each with the reason the graph gives.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import Graph, URIRef

from .. import model
from ..dates import check_range, event_span, in_range, sort_key
from ..namespaces import MMRU, SCHEMA

if TYPE_CHECKING:
    import networkx as nx

    from ..projection.links import Links
    from ..projection.nodes import NodeTable

# The projection (and networkx) are imported inside the functions: the package
# imports this module eagerly, since its name is also the function's.

__all__ = ["TimelineEntry", "event_actors", "event_sides", "timeline"]

_TAKING_PART = {str(p) for p in model.TAKING_PART}


@dataclass(frozen=True)
class TimelineEntry:
    """One event of the timeline."""

    event: str
    event_iri: str
    event_class: str
    date: str
    start: str
    end: str
    approximate: bool
    date_note: str
    undated_reason: str
    place: str
    part_of: str
    first_day: str = ""
    last_day: str = ""
    sides: list[str] = field(default_factory=list)
    actors: list[dict[str, str]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    attributed_to: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The entry as a JSON-ready dict."""
        return asdict(self)


def event_actors(full: Links | nx.MultiDiGraph, event: str) -> list[dict[str, str]]:
    """The actors an event's statements name, with their role ("attended", "organized").

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" ; mmru:side id:chile .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" ; mmru:side id:peru ;
    ...     schema:alternateName "the minister" .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" .
    ... id:lima a schema:City ; schema:name "Lima" .
    ... id:talks a mmru:Talks ; schema:name "Talks in Lima" ;
    ...     schema:startDate "2022-05-04"^^xsd:date ; schema:location id:lima ;
    ...     schema:attendee id:ana, id:luis .
    ... id:parade a mmru:Parade ; schema:name "Parade" ;
    ...     schema:startDate "2022-06"^^xsd:gYearMonth ; schema:attendee id:luis, id:eva .
    ... ''')
    >>> from mmru_graph import full_graph
    >>> [(a["name"], a["role"]) for a in event_actors(full_graph(g), str(ID.talks))]
    [('Ana Rojas', 'attended'), ('Luis Quispe', 'attended')]
    """
    found = []
    for _event, other, data in full.out_edges(event, data=True):
        attrs = full.nodes[other]
        if attrs["kind"] in model.ACTOR_KINDS:
            found.append({"name": attrs["name"], "iri": other,
                          "role": data.get("inverse_label") or data["label"]})
    return sorted(found, key=lambda a: (a["role"] != "attended", a["name"].casefold(), a["role"]))


def event_sides(full: Links | nx.MultiDiGraph, event: str) -> list[str]:
    """The sides (``myanmar``, ``russia``, ``other``) of the parties that took part.

    Only taking part counts (``model.TAKING_PART``: attendee, organizer,
    agent, seller, buyer, recipient), not being what the event is about or
    where it was held. A state that acts ("Russia sells ... weapons") stands
    for its own side.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:chile a schema:Country ; schema:name "Chile" ; mmru:sideOrder 1 .
    ... id:peru a schema:Country ; schema:name "Peru" ; mmru:sideOrder 2 .
    ... id:ana a schema:Person ; schema:name "Ana Rojas" ; mmru:side id:chile .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" ; mmru:side id:peru ;
    ...     schema:alternateName "the minister" .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" .
    ... id:lima a schema:City ; schema:name "Lima" .
    ... id:talks a mmru:Talks ; schema:name "Talks in Lima" ;
    ...     schema:startDate "2022-05-04"^^xsd:date ; schema:location id:lima ;
    ...     schema:attendee id:ana, id:luis .
    ... id:parade a mmru:Parade ; schema:name "Parade" ;
    ...     schema:startDate "2022-06"^^xsd:gYearMonth ; schema:attendee id:luis, id:eva .
    ... id:sale a mmru:ArmsSale ; schema:name "Arms sale" ;
    ...     mmru:seller id:chile ; mmru:buyer id:eva .
    ... ''')
    >>> from mmru_graph import full_graph
    >>> G = full_graph(g)
    >>> event_sides(G, str(ID.talks)), event_sides(G, str(ID.parade))
    (['chile', 'peru'], ['other', 'peru'])

    Chile, a side's state, sells; Eva, of no side, buys:

    >>> event_sides(G, str(ID.sale))
    ['chile', 'other']
    """
    states = {side["iri"]: side["key"] for side in full.graph.get("sides", ())}
    sides = set()
    for _event, other, data in full.out_edges(event, data=True):
        if data["predicate"] not in _TAKING_PART:
            continue
        attrs = full.nodes[other]
        if attrs["kind"] in model.ACTOR_KINDS:
            sides.add(attrs["side"] or "other")
        elif other in states:
            sides.add(states[other])
    return sorted(sides)


def timeline(graph: Graph, actor: str | None = None, since: str | None = None,
             until: str | None = None, *, place: str | None = None,
             attributed_to: str | None = None, not_attributed_to: str | None = None,
             table: NodeTable | None = None) -> list[TimelineEntry]:
    """The events of the graph (or of one actor) in date order.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph (:func:`mmru_graph.load_graph`).
    actor : str, optional
        Only events this entity is linked to (as attendee, organizer, agent,
        target, recipient ..., or as companion or principal of an
        accompaniment during the event): a name, alias or unique part.
    since, until : str, optional
        Only events that may have taken place in this range (partial dates
        overlap); undated events are then left out.
    place : str, optional
        Only events in this place or anywhere inside it (Kazan is in the
        Republic of Tatarstan), by :func:`~mmru_graph.analysis.places.events_in_place`.
    attributed_to, not_attributed_to : str, optional
        Only events whose attribution (``prov:wasAttributedTo``, else the
        source's publisher) does (does not) contain this text.
    table : NodeTable, optional
        A :func:`~mmru_graph.node_table.node_table` already computed.

    Returns
    -------
    list of TimelineEntry
        Dated events by start, then end, then name; undated events last.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" ; mmru:side id:chile .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" ; mmru:side id:peru ;
    ...     schema:alternateName "the minister" .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" .
    ... id:peru a schema:Country ; schema:name "Peru" .
    ... id:lima a schema:City ; schema:name "Lima" ; schema:containedInPlace id:peru .
    ... id:talks a mmru:Talks ; schema:name "Talks in Lima" ;
    ...     schema:startDate "2022-05-04"^^xsd:date ; schema:location id:lima ;
    ...     schema:attendee id:ana, id:luis .
    ... id:parade a mmru:Parade ; schema:name "Parade" ;
    ...     schema:startDate "2022-06"^^xsd:gYearMonth ; schema:attendee id:luis, id:eva .
    ... id:fair a mmru:Exhibition ; schema:name "Fair" ; schema:attendee id:ana ;
    ...     schema:startDate "2022-05-20"^^xsd:date ; schema:endDate "2022-05-22"^^xsd:date .
    ... id:sale a mmru:ArmsSale ; schema:name "Arms sale" ; mmru:buyer id:eva ;
    ...     mmru:noDateReason "The source does not say when." .
    ... ''')
    >>> [(e.date, e.event) for e in timeline(g)]  # doctest: +NORMALIZE_WHITESPACE
    [('2022-05-04', 'Talks in Lima'), ('2022-05-20 – 2022-05-22', 'Fair'),
     ('2022-06', 'Parade'), ('undated', 'Arms sale')]
    >>> [e.event for e in timeline(g, "Luis", since="2022-06")]
    ['Parade']

    An event is in a range when any of its days may be: the fair spans
    21 May, the talks (4 May) do not.

    >>> [e.event for e in timeline(g, since="2022-05-21", until="2022-05-21")]
    ['Fair']
    >>> timeline(g)[-1].undated_reason
    'The source does not say when.'

    ``place`` keeps the events anywhere inside it (``schema:containedInPlace``):

    >>> [e.event for e in timeline(g, place="Peru")]
    ['Talks in Lima']
    """
    from ..projection.graphs import full_links
    from ..projection.nodes import node_table, place_label
    from .attribution import attribution_matches
    from .places import PLACE_KINDS, events_in_place
    from .resolve import resolve_name

    since, until = check_range(since, until)
    table = table if table is not None else node_table(graph)
    full = full_links(graph, table)
    events = [iri for iri, attrs in table.attrs.items() if attrs["kind"] == model.EVENT]
    if actor is not None:
        who = resolve_name(graph, actor, table=table)
        linked = {n for n in (*full.pred[who], *full.succ[who])  # either way round
                  if table.kind(n) == model.EVENT}
        linked |= _accompanied_during(graph, who)
        events = [e for e in events if e in linked]
    if place is not None:
        where = resolve_name(graph, place, kinds=PLACE_KINDS, table=table)
        inside = events_in_place(graph, where)
        events = [e for e in events if e in inside]
    entries = []
    for event in events:
        attrs = table.attrs[event]
        if not in_range(attrs["start"], attrs["end"], since, until):
            continue
        if not attribution_matches(attrs["attributed_to"], attrs["evidence"], attributed_to,
                                   not_attributed_to):
            continue
        parents = sorted(table.attrs[str(p)]["name"]
                         for p in graph.objects(URIRef(event), SCHEMA.superEvent)
                         if str(p) in table.attrs)
        span = event_span(attrs["start"], attrs["end"])
        entries.append(TimelineEntry(
            event=attrs["name"], event_iri=event, event_class=attrs["cls"],
            date=attrs["date_label"], start=attrs["start"], end=attrs["end"],
            approximate=attrs["approximate"], date_note=attrs["date_note"],
            undated_reason=attrs["no_date_reason"] if not attrs["start"] else "",
            place=place_label(table, event), part_of="; ".join(parents),
            first_day=span[0].isoformat() if span else "",
            last_day=span[1].isoformat() if span else "",
            sides=event_sides(full, event),
            actors=event_actors(full, event), evidence=attrs["evidence"],
            attributed_to=attrs["attributed_to"]))
    return sorted(entries, key=lambda e: (sort_key(e.start, e.end), e.event.casefold()))


def _accompanied_during(graph: Graph, who: str) -> set[str]:
    """Events during which ``who`` accompanied someone or was accompanied."""
    found = set()
    for relation, event in graph.subject_objects(MMRU.during):
        people = {str(p) for p in graph.objects(relation, MMRU.companion)}
        people |= {str(p) for p in graph.objects(relation, MMRU.principal)}
        if who in people:
            found.add(str(event))
    return found
