"""FollowTheMoney entities as JSON lines, for Aleph: :func:`ftm_entities`.

Built and validated with the ``followthemoney`` library (imported here
only). The mapping, as fits FollowTheMoney's model:

- persons → ``Person``; organizations → ``Organization``, or ``PublicBody``
  when their class is a government organization (ministries, armed forces);
- events → ``Event`` (name, summary, dates as partial as the source, the
  place as ``location`` and its country, the actors as ``involved`` /
  ``organizer``);
- offices (``mmru:Position``): held in a state (a country) → ``Occupancy``
  of a ``Position`` (e.g. "deputy defense minister, Russia"); heading an
  organization (chief, commander, head, leader, director, chair, governor) →
  ``Directorship``; any other → ``Membership``;
- a delegation (``mmru:Delegation``) and the organization that sent it
  (``schema:parentOrganization``) → ``Representation`` (role "delegation");
- who controls which media (``mmru:Control``) → ``Control``; who
  accompanied whom (``mmru:Accompaniment``) → ``UnknownLink`` (role
  "accompanied"), since FollowTheMoney has no closer link.

Every entity carries its quotes (``notes``), its source's URL
(``sourceUrl``) and publisher (``publisher``); a side of the conflict
becomes ``country`` (Myanmar, Russia). Places are not entities in
FollowTheMoney; they appear as the events' locations. Ids are ``mmru-``
and the node's slug, so a re-export updates the same entities in Aleph.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from .. import model
from ..dates import in_range
from ..errors import MmruError
from ..namespaces import ID, MMRU, ORG, RDF, SCHEMA

__all__ = ["ftm_entities", "write_ftm"]

#: Words of a role that make an office heading the organization a Directorship.
_HEADS = re.compile(r"\b(chief|commander|head|leader|director|chair\w*|president|governor)\b",
                    re.I)


def _slug(iri: object) -> str:
    return str(iri).removeprefix(str(ID)).replace("/", "-")


def _id(iri: str) -> str:
    return "mmru-" + _slug(iri)


def _is_public_body(rules: model.Model, graph: Graph, node: URIRef) -> bool:
    """Whether a class of ``node`` is below schema:GovernmentOrganization (the ontology's)."""
    return any(SCHEMA.GovernmentOrganization in rules.ancestors(cls)
               for cls in graph.objects(node, RDF.type))


def _countries(graph: Graph, places: list[Node]) -> list[str]:
    """The names of the countries the places are in (``schema:containedInPlace``)."""
    found = set()
    for place in places:
        seen, frontier = set(), [place]
        while frontier:
            current = frontier.pop()
            if current in seen:
                continue
            seen.add(current)
            if (current, RDF.type, SCHEMA.Country) in graph:
                found.add(str(graph.value(current, SCHEMA.name)))
            frontier += list(graph.objects(current, SCHEMA.containedInPlace))
    return sorted(found)


class _Builder:
    """Makes proxies, checks each value is kept, validates each entity."""

    def __init__(self, graph: Graph) -> None:
        from followthemoney import model as ftm_model

        self.graph = graph
        self.model = ftm_model
        self.entities: list[Any] = []
        self.ids: set[str] = set()

    def make(self, schema: str, iri: str, evidence: list[dict[str, Any]],
             **props: Any) -> Any:
        proxy = self.model.make_entity(schema)
        proxy.id = _id(iri)
        for prop, values in props.items():
            for value in values if isinstance(values, list) else [values]:
                if value in ("", None):
                    continue
                proxy.add(prop, value)
        quotes = [f"“{e['quote']}”" + (f" [{e['start']}–{e['end']}]" if e["start"] is not None
                                       else "") + (f" — {e['source_title']}"
                                                   if e.get("source_title") else "")
                  for e in evidence]
        if quotes:
            proxy.add("notes" if proxy.schema.get("notes") else "description", quotes)
        urls = {str(self.graph.value(URIRef(e["source"]), SCHEMA.url) or "") for e in evidence}
        proxy.add("sourceUrl", sorted(urls - {""}))
        proxy.add("publisher", sorted({e.get("publisher", "") for e in evidence} - {""}))
        try:
            proxy.schema.validate(proxy.to_dict())  # type: ignore[arg-type]
        except Exception as exc:  # followthemoney's InvalidData
            raise MmruError(f"{iri}: not a valid {schema} entity ({exc})") from None
        if proxy.id not in self.ids:
            self.ids.add(proxy.id)
            self.entities.append(proxy)
        return proxy


def ftm_entities(graph: Graph, since: str | None = None,
                 until: str | None = None) -> list[dict[str, Any]]:
    """The graph as FollowTheMoney entities (``{"id", "schema", "properties"}`` dicts).

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph.
    since, until : str, optional
        Only events in this range (partial dates overlap), and the actors
        taking part in them; offices and other links are kept for those
        actors.

    Returns
    -------
    list of dict
        Actors first, then events, then links; each validated by
        followthemoney's own schema check.

    Examples
    --------
    >>> from mmru_graph.namespaces import TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:chile a schema:Country ; schema:name "Chile" ; mmru:sideOrder 1 .
    ... id:peru a schema:Country ; schema:name "Peru" ; mmru:sideOrder 2 .
    ... id:ana a schema:Person ; schema:name "Ana Rojas" ; mmru:side id:chile .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" ; mmru:side id:peru .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" ; mmru:side id:peru .
    ... id:talks a mmru:Talks ; schema:name "Rojas–Quispe talks" ;
    ...     schema:startDate "2022-05-04"^^xsd:date ; schema:attendee id:ana , id:luis .
    ... id:parade a mmru:Parade ; schema:name "Navy day parade" ;
    ...     schema:startDate "2022-06-08"^^xsd:date ; schema:attendee id:luis , id:eva .
    ... ''')
    >>> entities = {e["id"]: e for e in ftm_entities(g)}
    >>> ana = entities["mmru-ana"]
    >>> ana["schema"], ana["properties"]["name"], ana["properties"]["country"]
    ('Person', ['Ana Rojas'], ['cl'])
    >>> talks = entities["mmru-talks"]
    >>> talks["schema"], talks["properties"]["involved"], talks["properties"]["startDate"]
    ('Event', ['mmru-ana', 'mmru-luis'], ['2022-05-04'])
    """
    from ..projection.graphs import participants
    from ..projection.nodes import node_table

    table = node_table(graph)
    attrs = table.attrs
    build = _Builder(graph)
    events = [iri for iri, a in attrs.items() if a["kind"] == model.EVENT
              and in_range(a["start"], a["end"], since, until)]
    taking_part = participants(graph, table)
    windowed = since is not None or until is not None
    actors = ({a for e in events for a in taking_part.get(e, [])} if windowed
              else {iri for iri, a in attrs.items() if a["kind"] in model.ACTOR_KINDS})

    # The country each side stands for: the graph's sides (mmru:sideOrder), by name.
    side_country = {side.key: side.label for side in table.model.sides}
    for iri in sorted(actors):
        a = attrs[iri]
        schema = ("Person" if a["kind"] == model.PERSON
                  else "PublicBody" if _is_public_body(table.model, graph, URIRef(iri))
                  else "Organization")
        build.make(schema, iri, a["evidence"], name=a["name"], alias=a["aliases"],
                   country=side_country.get(a["side"]),
                   description="; ".join(a["offices"]) or None)
    organizers = table.index.all(SCHEMA.organizer)
    located = table.index.all(SCHEMA.location)
    for iri in sorted(events):
        a = attrs[iri]
        node = URIRef(iri)
        involved = [_id(x) for x in taking_part.get(iri, []) if x in actors]
        organized = [_id(str(x)) for x in organizers.get(node, []) if str(x) in actors]
        summary = graph.value(node, SCHEMA.description)
        build.make("Event", iri, a["evidence"], name=a["name"], summary=summary and str(summary),
                   startDate=a["start"], endDate=a["end"], location=a["place"] or None,
                   country=_countries(graph, located.get(node, [])),
                   involved=involved, organizer=organized,
                   keywords=a["cls"])
    _links(graph, table, build, actors)
    return [proxy.to_dict() for proxy in build.entities]


def _links(graph: Graph, table: Any, build: _Builder, actors: set[str]) -> None:
    """Offices, control and accompaniments between exported actors."""
    attrs = table.attrs
    for position in sorted(graph.subjects(RDF.type, MMRU.Position), key=str):
        role = str(graph.value(position, SCHEMA.roleName) or "member")
        start = str(graph.value(position, SCHEMA.startDate) or "")
        end = str(graph.value(position, SCHEMA.endDate) or "")
        evidence = table.evidence.get(position, [])
        for member in graph.objects(position, ORG.member):
            for organization in graph.objects(position, ORG.organization):
                who, where = str(member), str(organization)
                if who not in actors:
                    continue
                if table.kind(where) == model.PLACE and attrs[who]["kind"] == model.PERSON:
                    post = f"{position!s}-post"
                    place = attrs[where]["name"]
                    build.make("Position", post, evidence, name=f"{role}, {place}",
                               country=_countries(graph, [URIRef(where)]) or place)
                    build.make("Occupancy", str(position), evidence, holder=_id(who),
                               post=_id(post), startDate=start, endDate=end)
                elif where in actors and table.kind(where) == model.ORGANIZATION:
                    if _HEADS.search(role):
                        build.make("Directorship", str(position), evidence, director=_id(who),
                                   organization=_id(where), role=role, startDate=start,
                                   endDate=end)
                    else:
                        build.make("Membership", str(position), evidence, member=_id(who),
                                   organization=_id(where), role=role, startDate=start,
                                   endDate=end)
    for delegation in sorted(graph.subjects(RDF.type, MMRU.Delegation), key=str):
        # A delegation acts for the organization that sent it.
        for sender in graph.objects(delegation, SCHEMA.parentOrganization):
            if {str(delegation), str(sender)} <= actors:
                build.make("Representation", f"{delegation}-represents-{_slug(sender)}",
                           table.evidence.get(delegation, []), agent=_id(str(delegation)),
                           client=_id(str(sender)), role="delegation")
    for relation in sorted(graph.subjects(RDF.type, MMRU.Control), key=str):
        for controller in graph.objects(relation, MMRU.controller):
            for controlled in graph.objects(relation, MMRU.controlled):
                if {str(controller), str(controlled)} <= actors:
                    build.make("Control", str(relation), table.evidence.get(relation, []),
                               controller=_id(str(controller)),
                               controlled=_id(str(controlled)))
    for relation in sorted(graph.subjects(RDF.type, MMRU.Accompaniment), key=str):
        during = [attrs[str(e)]["name"] for e in graph.objects(relation, MMRU.during)
                  if str(e) in attrs]
        for companion in graph.objects(relation, MMRU.companion):
            for principal in graph.objects(relation, MMRU.principal):
                if {str(companion), str(principal)} <= actors:
                    build.make("UnknownLink", str(relation), table.evidence.get(relation, []),
                               subject=_id(str(companion)), object=_id(str(principal)),
                               role="accompanied" + (f" during {'; '.join(during)}"
                                                     if during else ""))


def write_ftm(graph: Graph, path: str | os.PathLike[str], since: str | None = None,
              until: str | None = None) -> dict[str, int]:
    """Write :func:`ftm_entities` as JSON lines; return how many entities of each schema."""
    entities = ftm_entities(graph, since, until)
    with open(path, "w", encoding="utf-8") as handle:
        for entity in entities:
            handle.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
    counts: dict[str, int] = {}
    for entity in entities:
        counts[entity["schema"]] = counts.get(entity["schema"], 0) + 1
    return counts
