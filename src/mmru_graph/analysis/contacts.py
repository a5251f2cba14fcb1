"""Who met whom: an actor's counterparts, with the events, dates, places and quotes.

Built on the actor projection (:func:`mmru_graph.projection.actor_graph`, one
actor's links of it: :func:`~mmru_graph.projection.graphs.counterparts`): two
actors are counterparts when they took part in the same event of a class
of contact in the ontology, ``direct`` (below ``mmru:DirectContact``: talks,
meetings, interviews, an award handed over) or ``co-attendance`` (below
``mmru:CoAttendance``: a parade, a forum, a visit).

What the source says did *not* happen is answered too
(:func:`negative_statements`): the article's ``mmru:NegativeStatement``
nodes, with their quotes, such as "Putin has never received the Snr. Gen.".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Graph

from ..dates import check_range, in_range, sort_key
from ..errors import InvalidRangeError, NameResolutionError
from ..namespaces import MMRU, RDF, SCHEMA, local_name
from ..projection.graphs import counterparts
from ..projection.nodes import NodeTable, node_table
from .attribution import attribution_matches
from .resolve import ACTORS, resolve_name

__all__ = ["Contact", "NegativeStatement", "negative_statements", "who_met"]


@dataclass(frozen=True)
class Contact:
    """One shared event between an actor and a counterpart."""

    actor: str
    actor_iri: str
    counterpart: str
    counterpart_iri: str
    counterpart_side: str
    event: str
    event_iri: str
    event_class: str
    date: str
    start: str
    end: str
    place: str
    contact: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    attributed_to: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The contact as a JSON-ready dict (the ``met --format json`` objects)."""
        return asdict(self)


@dataclass(frozen=True)
class NegativeStatement:
    """What the source says did not happen between two actors, with its quotes."""

    iri: str
    text: str
    subject: str
    subject_iri: str
    object: str
    object_iri: str
    denied: str
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The statement as a JSON-ready dict."""
        return asdict(self)


def who_met(graph: Graph, name: str, *, with_: str | None = None, since: str | None = None,
            until: str | None = None, attributed_to: str | None = None,
            not_attributed_to: str | None = None,
            table: NodeTable | None = None) -> list[Contact]:
    """Every counterpart of an actor, one entry per shared event.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph (:func:`mmru_graph.load_graph`).
    name : str
        The actor: a name, an alias or a unique part of one (see
        :func:`mmru_graph.resolve_name`).
    with_ : str, optional
        Only contacts with this other actor.
    since, until : str, optional
        Only events that may have taken place in this range (``YYYY``,
        ``YYYY-MM`` or ``YYYY-MM-DD``, both inclusive). Partial dates
        overlap: an event of ``2021-06`` is kept by ``since="2021-06-15"``.
        Undated events are left out when a bound is given.
    attributed_to, not_attributed_to : str, optional
        Only events whose attribution (``prov:wasAttributedTo``, else the
        source's publisher) does (does not) contain this text
        (:func:`~mmru_graph.analysis.attribution.attribution_matches`).
    table : NodeTable, optional
        A :func:`~mmru_graph.node_table.node_table` already computed.

    Returns
    -------
    list of Contact
        In date order (undated last), then by counterpart name.

    Raises
    ------
    NameResolutionError
        If a name matches no actor or several.
    InvalidDateError
        If ``since`` or ``until`` is not a date.
    InvalidRangeError
        If ``since`` is after ``until``, or ``with_`` names the actor itself.

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
    ...     schema:startDate "2022-06"^^xsd:gYearMonth ; schema:attendee id:luis, id:eva ;
    ...     prov:wasAttributedTo id:daily .
    ... id:daily a schema:NewsMediaOrganization ; schema:name "The Lima Daily" .
    ... ''')
    >>> [(c.date, c.counterpart, c.contact) for c in who_met(g, "Luis")]
    [('2022-05-04', 'Ana Rojas', 'direct'), ('2022-06', 'Eva Mamani', 'co-attendance')]
    >>> who_met(g, "Ana", with_="Eva")
    []

    Who says so: the source's own word, unless an event is attributed:

    >>> [(c.counterpart, c.attributed_to) for c in who_met(g, "Luis", attributed_to="daily")]
    [('Eva Mamani', ['The Lima Daily'])]
    >>> [c.counterpart for c in who_met(g, "Luis", not_attributed_to="daily")]
    ['Ana Rojas']
    """
    since, until = check_range(since, until)
    table = table if table is not None else node_table(graph)
    actor, other = _pair(graph, name, with_, table)
    found = []
    for counterpart, edge in counterparts(graph, table, actor):
        if other is not None and counterpart != other:
            continue
        for record in edge["events"]:
            if not in_range(record["start"], record["end"], since, until):
                continue
            if not attribution_matches(record["attributed_to"], record["evidence"],
                                       attributed_to, not_attributed_to):
                continue
            found.append(Contact(
                actor=table.attrs[actor]["name"], actor_iri=actor,
                counterpart=table.attrs[counterpart]["name"], counterpart_iri=counterpart,
                counterpart_side=table.attrs[counterpart]["side"],
                event=record["event"], event_iri=record["event_iri"],
                event_class=table.attrs[record["event_iri"]]["cls"],
                date=record["date"], start=record["start"], end=record["end"],
                place=record["place"], contact=record["contact"],
                evidence=record["evidence"], attributed_to=record["attributed_to"]))
    return sorted(found, key=lambda c: (sort_key(c.start, c.end), c.counterpart.casefold(),
                                        c.event))


def negative_statements(graph: Graph, name: str, *, with_: str | None = None,
                        table: NodeTable | None = None) -> list[NegativeStatement]:
    """What the source says did not happen between an actor and others.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph.
    name : str
        The actor (either side of the statement).
    with_ : str, optional
        Only statements between ``name`` and this other actor (in either
        order).
    table : NodeTable, optional
        A :func:`~mmru_graph.node_table.node_table` already computed.

    Returns
    -------
    list of NegativeStatement
        Sorted by the statement's IRI.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" ; mmru:side id:chile .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" ; mmru:side id:peru ;
    ...     schema:alternateName "the minister" .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" .
    ... id:never a mmru:NegativeStatement ; mmru:subjectActor id:ana ;
    ...     mmru:objectActor id:eva ; mmru:deniedEventClass mmru:Meeting ;
    ...     schema:text "Ana has never met Eva." .
    ... ''')
    >>> [(s.denied, s.text) for s in negative_statements(g, "Eva", with_="Ana")]
    [('Meeting', 'Ana has never met Eva.')]
    """
    table = table if table is not None else node_table(graph)
    actor, other = _pair(graph, name, with_, table)
    found = []
    for statement in sorted(graph.subjects(RDF.type, MMRU.NegativeStatement), key=str):
        subjects = {str(s) for s in graph.objects(statement, MMRU.subjectActor)}
        objects = {str(o) for o in graph.objects(statement, MMRU.objectActor)}
        involved = subjects | objects
        if actor not in involved or (other is not None and other not in involved):
            continue
        denied = graph.value(statement, MMRU.deniedEventClass)
        for subject in sorted(subjects):
            for obj in sorted(objects):
                if {actor, other} - {None} <= {subject, obj}:
                    found.append(NegativeStatement(
                        iri=str(statement),
                        text=str(graph.value(statement, SCHEMA.text) or ""),
                        subject=_name(table, subject), subject_iri=subject,
                        object=_name(table, obj), object_iri=obj,
                        denied=local_name(denied) if denied is not None else "",
                        evidence=table.evidence.get(statement, [])))
    return found


def _pair(graph: Graph, name: str, with_: str | None,
          table: NodeTable) -> tuple[str, str | None]:
    """The actor's IRI and the other one's (None without ``with_``).

    An empty ``with_`` and an actor paired with itself are refused: each
    would silently answer a different question than the one asked.
    """
    actor = resolve_name(graph, name, kinds=ACTORS, table=table)
    if with_ is None:
        return actor, None
    if not with_.strip():
        raise NameResolutionError("the other actor's name is empty", with_, [])
    other = resolve_name(graph, with_, kinds=ACTORS, table=table)
    if other == actor:
        raise InvalidRangeError(f"{name!r} and {with_!r} are the same actor "
                                f"({table.attrs[actor]['name']}): name two different actors")
    return actor, other


def _name(table: NodeTable, iri: str) -> str:
    attrs = table.attrs.get(iri)
    return attrs["name"] if attrs else local_name(iri)

