"""An entity card: everything the graph holds about one entity, with its sources.

:func:`entity_card` gathers, for a person, organization, place or event: its
kind and class, name and aliases, side, offices (with dates and quotes), the
events it is linked to (in date order), its counterparts (from the actor
graph), its other relations (accompaniments, control, containment, parts),
what the source says did *not* happen with it, and every passage of the
source the card rests on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Graph, URIRef

from .. import model
from ..dates import sort_key
from ..namespaces import MMRU, ORG, RDF, SCHEMA
from ..projection.graphs import counterparts, full_links
from ..projection.nodes import NodeTable, node_table, place_label
from .attribution import attribution_matches
from .contacts import negative_statements
from .paths import statement_sentence
from .places import events_in_place
from .resolve import resolve_name
from .timeline import event_actors

__all__ = ["EntityCard", "entity_card"]


@dataclass(frozen=True)
class EntityCard:
    """What the graph holds about one entity."""

    iri: str
    name: str
    kind: str
    cls: str
    side: str
    aliases: list[str]
    unnamed: bool
    inferred: bool
    inferred_properties: list[str] = field(default_factory=list)
    date: str = ""
    place: str = ""
    offices: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    counterparts: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    attributed_to: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The card as a JSON-ready dict."""
        return asdict(self)


def _offices(graph: Graph, full: Any, table: NodeTable, iri: str) -> list[dict[str, Any]]:
    offices = []
    for position in graph.subjects(ORG.member, URIRef(iri)):
        if (position, RDF.type, MMRU.Position) not in graph:
            continue
        for organization in graph.objects(position, ORG.organization):
            org = table.attrs.get(str(organization))
            # The projection's edge says whether this office is inferred: the
            # position itself, or only its organization (Htin Kyaw's "former
            # President" of a country the article does not name).
            edge = full.get_edge_data(iri, str(organization), key=str(position)) or {}
            offices.append({
                "role": str(graph.value(position, SCHEMA.roleName) or "member"),
                "organization": org["name"] if org else str(organization),
                "organization_iri": str(organization),
                "start": str(graph.value(position, SCHEMA.startDate) or ""),
                "end": str(graph.value(position, SCHEMA.endDate) or ""),
                "inferred": bool(edge.get("inferred")),
                "evidence": table.evidence.get(position, []),
            })
    return sorted(offices, key=lambda o: (sort_key(o["start"], o["end"]), o["role"]))


def _events(graph: Graph, full: Any, table: NodeTable, iri: str, include: str | None,
            exclude: str | None) -> list[dict[str, Any]]:
    """The events linked to ``iri``, with how (its role, or the event's relation to it).

    A place's events include those anywhere inside it (Kazan's in Tatarstan),
    by :func:`~mmru_graph.analysis.places.events_in_place`.
    """
    roles: dict[str, set[str]] = defaultdict(set)
    for source, _target, data in full.in_edges(iri, data=True):
        if table.kind(source) == model.EVENT:
            roles[source].add(data.get("inverse_label") or data["label"])
    for _source, target, data in full.out_edges(iri, data=True):
        if table.kind(target) == model.EVENT:
            roles[target].add(data["label"])
    if table.kind(iri) == model.PLACE:
        for event, locations in events_in_place(graph, iri).items():
            if event in table.attrs and not roles.get(event):
                inside = sorted(table.attrs[loc]["name"] if loc in table.attrs else loc
                                for loc in locations)
                roles[event].add("in " + ", ".join(inside))
    events = []
    for event, how in roles.items():
        attrs = table.attrs[event]
        if not attribution_matches(attrs["attributed_to"], attrs["evidence"], include, exclude):
            continue
        events.append({"event": attrs["name"], "event_iri": event, "event_class": attrs["cls"],
                       "role": ", ".join(sorted(how)), "date": attrs["date_label"],
                       "start": attrs["start"], "end": attrs["end"],
                       "place": place_label(table, event),
                       "attributed_to": attrs["attributed_to"],
                       "evidence": attrs["evidence"]})
    return sorted(events, key=lambda e: (sort_key(e["start"], e["end"]), e["event"].casefold()))


def _counterparts(graph: Graph, table: NodeTable, iri: str, include: str | None,
                  exclude: str | None) -> list[dict[str, Any]]:
    if table.kind(iri) not in model.ACTOR_KINDS:
        return []
    found = []
    for other, edge in counterparts(graph, table, iri):
        records = [r for r in edge["events"]
                   if attribution_matches(r["attributed_to"], r["evidence"], include, exclude)]
        if not records:
            continue
        contacts = {r["contact"] for r in records}
        found.append({"counterpart": table.attrs[other]["name"], "counterpart_iri": other,
                      "side": table.attrs[other]["side"],
                      "contact": model.DIRECT if model.DIRECT in contacts
                      else model.CO_ATTENDANCE,
                      "events": [r["event"] for r in records]})
    return sorted(found, key=lambda c: (c["contact"] != model.DIRECT, -len(c["events"]),
                                        c["counterpart"].casefold()))


def _relations(full: Any, table: NodeTable, iri: str, include: str | None,
               exclude: str | None) -> list[dict[str, Any]]:
    """Statements linking ``iri`` to non-events, except its own offices."""
    relations = []
    for source, target, data in [*full.out_edges(iri, data=True), *full.in_edges(iri, data=True)]:
        other = target if source == iri else source
        if table.kind(other) == model.EVENT and table.kind(iri) != model.EVENT:
            continue
        if source == iri and data["predicate"] == str(MMRU.Position):
            continue  # listed under offices
        said = data.get("attributed_to", [])
        if not attribution_matches(said, data.get("evidence", []), include, exclude):
            continue
        relations.append({"sentence": statement_sentence(full, source, target, data,
                                                         rules=table.model),
                          "other": table.attrs[other]["name"], "other_iri": other,
                          "label": data["label"], "inferred": bool(data.get("inferred")),
                          "attributed_to": said, "evidence": data.get("evidence", [])})
    return sorted(relations, key=lambda r: r["sentence"].casefold())


def _sources(graph: Graph, evidence_lists: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The source articles and every quote of them the card rests on, in text order."""
    by_source: dict[str, dict[tuple[int, int, str], dict[str, Any]]] = defaultdict(dict)
    titles: dict[str, dict[str, str]] = {}
    for items in evidence_lists:
        for item in items:
            titles[item["source"]] = {key: item.get(key, "")
                                      for key in ("source_title", "publisher", "published")}
            key = (item["start"] if item["start"] is not None else -1,
                   item["end"] if item["end"] is not None else -1, item["quote"])
            by_source[item["source"]][key] = {"quote": item["quote"], "start": item["start"],
                                              "end": item["end"]}
    return [{"source": source, **titles[source],
             "url": str(graph.value(URIRef(source), SCHEMA.url) or ""),
             "quotes": [quotes[key] for key in sorted(quotes)]}
            for source, quotes in sorted(by_source.items())]


def entity_card(graph: Graph, name: str, *, attributed_to: str | None = None,
                not_attributed_to: str | None = None,
                table: NodeTable | None = None) -> EntityCard:
    """Everything the graph holds about one entity.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph (:func:`mmru_graph.load_graph`).
    name : str
        A name, alias, unique part of one, or IRI of any entity or event.
    attributed_to, not_attributed_to : str, optional
        Keep only the events, counterparts' events and relations whose
        attribution (``prov:wasAttributedTo``, else the source's publisher)
        does (does not) contain this text.
    table : NodeTable, optional
        A :func:`~mmru_graph.node_table.node_table` already computed.

    Returns
    -------
    EntityCard
        ``offices`` (role, organization, dates, evidence), ``events`` (date
        order, with the entity's role), ``counterparts`` (actors only: direct
        contacts first), ``relations`` (other statements as sentences),
        ``statements`` (what the source says did not happen) and ``sources``
        (each article with every quote the card rests on, in text order).
        ``inferred`` says the entity itself is inferred, ``inferred_properties``
        which of its statements are; an office or relation is ``inferred``
        when its statement is (the projection's edge flag).

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
    ... id:lima a schema:City ; schema:name "Lima" ; schema:containedInPlace id:peru .
    ... id:talks a mmru:Talks ; schema:name "Talks in Lima" ;
    ...     schema:startDate "2022-05-04"^^xsd:date ; schema:location id:lima ;
    ...     schema:attendee id:ana, id:luis .
    ... id:parade a mmru:Parade ; schema:name "Parade" ;
    ...     schema:startDate "2022-06"^^xsd:gYearMonth ; schema:attendee id:luis, id:eva .
    ... ''')
    >>> card = entity_card(g, "the minister")
    >>> card.name, card.kind, card.side, card.aliases
    ('Luis Quispe', 'person', 'peru', ['the minister'])
    >>> [(c["counterpart"], c["contact"]) for c in card.counterparts]
    [('Ana Rojas', 'direct'), ('Eva Mamani', 'co-attendance')]

    A place's card lists the events anywhere inside it:

    >>> [(e["event"], e["role"]) for e in entity_card(g, "Peru").events]
    [('Talks in Lima', 'in Lima')]
    """
    table = table if table is not None else node_table(graph)
    iri = resolve_name(graph, name, table=table)
    attrs = table.attrs[iri]
    full = full_links(graph, table)
    offices = _offices(graph, full, table, iri)
    events = _events(graph, full, table, iri, attributed_to, not_attributed_to)
    relations = _relations(full, table, iri, attributed_to, not_attributed_to)
    statements = ([s.as_dict() for s in negative_statements(graph, iri, table=table)]
                  if attrs["kind"] in model.ACTOR_KINDS else [])
    if attrs["kind"] == model.EVENT:
        # An event's card lists who took part as its relations' first lines.
        taking_part = []
        for actor in event_actors(full, iri) if attribution_matches(
                attrs["attributed_to"], attrs["evidence"], attributed_to,
                not_attributed_to) else []:
            edges = full.get_edge_data(iri, actor["iri"]).values()
            inferred = any(d.get("inferred") for d in edges)
            sentence = f"{actor['name']} {actor['role']}" + (" (inferred)" if inferred else "")
            taking_part.append({
                "sentence": sentence,
                "other": actor["name"], "other_iri": actor["iri"], "label": actor["role"],
                "inferred": inferred, "attributed_to": attrs["attributed_to"],
                "evidence": attrs["evidence"]})
        relations = taking_part + [r for r in relations if r["other_iri"] not in
                                   {a["other_iri"] for a in taking_part}]
    evidence = [attrs["evidence"], *(o["evidence"] for o in offices),
                *(e["evidence"] for e in events), *(r["evidence"] for r in relations),
                *(s["evidence"] for s in statements)]
    return EntityCard(
        iri=iri, name=attrs["name"], kind=attrs["kind"], cls=attrs["cls"], side=attrs["side"],
        aliases=attrs["aliases"], unnamed=attrs["unnamed"], inferred=attrs["inferred"],
        inferred_properties=attrs["inferred_properties"],
        date=attrs["date_label"], place=place_label(table, iri), offices=offices, events=events,
        counterparts=_counterparts(graph, table, iri, attributed_to, not_attributed_to),
        relations=relations,
        statements=statements, sources=_sources(graph, evidence),
        attributed_to=attrs["attributed_to"])
