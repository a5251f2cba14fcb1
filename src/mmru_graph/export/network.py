"""The network every graph export writes: :func:`export_network`.

One networkx graph with flat, tool-friendly attributes, built from the
projections (:mod:`mmru_graph.projection`), so GraphML, GEXF and CSV carry
the same nodes, edges, labels, weights and dates:

- nodes: ``label`` (the name), ``kind``, ``cls``, ``side``, ``aliases``,
  ``start``/``end`` (ISO, as partial as the source), ``precision``
  (``day``/``month``/``year``/``""``), ``date_label``, ``place``,
  ``inferred``, ``evidence`` (list of dicts), ``sources`` (titles);
  ``spells``: the days the node is active (an event its date; an actor
  the events it takes part in), each a ``(first, last)`` pair of ISO days;
- edges: ``label``, ``contact`` (``direct``/``co-attendance``/``""``),
  ``weight``, ``events`` (names), ``start``/``end``/``precision``,
  ``inferred``, ``evidence``, ``sources``, ``spells``.

A partial date becomes the whole interval it names: ``2021-06`` spells
2021-06-01 to 2021-06-30, ``2021`` the whole year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import networkx as nx
from rdflib import Graph

from .. import model
from ..dates import event_span, sort_key
from ..errors import ExportError
from .records import NetworkRecords, records_of

__all__ = ["GRAPH_KINDS", "export_network", "network_records", "precision", "spell"]

#: The networks an export can hold.
GRAPH_KINDS = ("actors", "full")


def precision(value: str) -> str:
    """How precise an ISO date is: ``day``, ``month``, ``year`` or ``""``.

    Examples
    --------
    >>> precision("2021-06-22"), precision("2021-06"), precision("2021"), precision("")
    ('day', 'month', 'year', '')
    """
    return {10: "day", 7: "month", 4: "year"}.get(len(value.strip()), "") if value else ""


def spell(start: str, end: str) -> tuple[str, str] | None:
    """The interval of days a (partial) date covers, as ISO days; None if undated.

    Examples
    --------
    >>> spell("2021-06", "")
    ('2021-06-01', '2021-06-30')
    >>> spell("2021", "2022-02")
    ('2021-01-01', '2022-02-28')
    >>> spell("", "") is None
    True
    """
    span = event_span(start, end)
    return None if span is None else (span[0].isoformat(), span[1].isoformat())


def _sources(evidence: list[dict[str, Any]]) -> list[str]:
    return sorted({item.get("source_title") or item.get("source", "") for item in evidence} - {""})


def _merge(spells: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Overlapping or touching intervals merged (GEXF wants spells that do not overlap)."""
    from datetime import date, timedelta

    merged: list[list[str]] = []
    for first, last in sorted(set(spells)):
        if merged and date.fromisoformat(first) <= (date.fromisoformat(merged[-1][1])
                                                    + timedelta(days=1)):
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(a, b) for a, b in merged]


def _node(attrs: dict[str, Any]) -> dict[str, Any]:
    start, end = attrs["start"], attrs["end"]
    one = spell(start, end)
    return {
        "label": attrs["name"], "iri": attrs["iri"], "kind": attrs["kind"], "cls": attrs["cls"],
        "side": attrs["side"], "aliases": list(attrs["aliases"]),
        "start": start, "end": end, "precision": precision(start),
        "date_label": attrs["date_label"], "approximate": attrs["approximate"],
        "place": attrs["place"], "inferred": attrs["inferred"],
        "inferred_properties": list(attrs["inferred_properties"]),
        "attributed_to": list(attrs["attributed_to"]),
        "evidence": list(attrs["evidence"]), "sources": _sources(attrs["evidence"]),
        "spells": [one] if one else [],
    }


def _date_fields(dated: list[tuple[str, str]]) -> dict[str, str]:
    """Start, end and precision of a set of (start, end) dates: earliest to latest."""
    dated = [(s, e) for s, e in dated if s]
    if not dated:
        return {"start": "", "end": "", "precision": ""}
    first = min(dated, key=lambda d: sort_key(*d))
    last = max(dated, key=lambda d: sort_key(d[1] or d[0], ""))
    end = last[1] or last[0]
    return {"start": first[0], "end": "" if end == first[0] else end,
            "precision": precision(first[0])}


def _actor_network(graph: Graph, table: Any, since: str | None,
                   until: str | None) -> nx.Graph:
    from ..projection.graphs import actor_graph
    from ..projection.window import actors_in_window

    actors = actors_in_window(actor_graph(graph, table), since, until)
    result = nx.Graph()
    active: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a, b, data in actors.edges(data=True):
        events = data["events"]
        evidence = [item for e in events for item in e["evidence"]]
        spells = [s for e in events if (s := spell(e["start"], e["end"]))]
        result.add_edge(a, b, **{
            "label": f"{data['contact']}: " + "; ".join(e["event"] for e in events),
            "contact": data["contact"], "weight": data["weight"],
            "events": [e["event"] for e in events],
            "event_iris": [e["event_iri"] for e in events],
            "dates": [e["date"] for e in events], "places": [e["place"] for e in events],
            **_date_fields([(e["start"], e["end"]) for e in events]),
            "inferred": False, "evidence": evidence, "sources": _sources(evidence),
            "attributed_to": sorted({n for e in events for n in e["attributed_to"]}),
            "spells": _merge(spells)})
        active[a] += spells
        active[b] += spells
    for iri, attrs in actors.nodes(data=True):
        result.add_node(iri, **_node(attrs))
        result.nodes[iri]["spells"] = _merge(active.get(iri, []))
    return result


def _full_records(graph: Graph, table: Any, since: str | None,
                  until: str | None) -> NetworkRecords:
    from ..projection.graphs import full_graph
    from ..projection.window import full_in_window

    full = full_graph(graph, table)
    if since is not None or until is not None:  # else read as it is: no copy
        full = full_in_window(full, since, until)
    # What an edge takes from its event, worked out once per event (an event is
    # on several edges: each attendee, the place, the agent).
    per_event: dict[Any, tuple[Any, str, Any, dict[str, str]]] = {}
    # The nodes in the order the edges first name them, then the rest: the order of
    # a graph the edges are added to first (as export_network always gave them).
    order = list(dict.fromkeys(node for u, v in full.edges() for node in (u, v)))
    named = set(order)
    order += [node for node in full if node not in named]
    del named
    # Each node's days, from its edges' events: the nodes are read before the edges.
    active: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for source, target in full.edges():
        one = _event_facts(full, table, per_event, source, target)[2]
        if one:
            active[source].append(one)
            active[target].append(one)

    def edges() -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
        for source in order:
            for target, keyed in full._succ[source].items():
                for key, data in keyed.items():
                    yield source, target, key, _full_edge(
                        _event_facts(full, table, per_event, source, target), table, data)

    def nodes() -> Iterator[tuple[Any, dict[str, Any]]]:
        attrs_of = full.nodes
        for node in order:
            attrs = attrs_of[node]
            record = _node(attrs)
            if attrs["kind"] != model.EVENT:
                record["spells"] = _merge(active.get(node, []))
            yield node, record

    return NetworkRecords({}, nodes, edges)  # no graph attributes, as ever


def _event_facts(full: Any, table: Any, per_event: dict[Any, Any], source: Any,
                 target: Any) -> tuple[Any, str, Any, dict[str, str]]:
    """What an edge takes from its event (either end), made once per event in
    ``per_event``: its attributes, contact kind, spell and date fields."""
    event = next((n for n in (source, target) if table.kind(n) == model.EVENT), None)
    made = per_event.get(event)
    if made is None:
        attrs = full.nodes[event] if event else None
        made = per_event[event] = (
            attrs, (table.contact(event) or "") if event else "",
            spell(attrs["start"], attrs["end"]) if attrs else None,
            _date_fields([(attrs["start"], attrs["end"])]) if attrs
            else {"start": "", "end": "", "precision": ""})
    return made


def _full_edge(facts: tuple[Any, str, Any, dict[str, str]], table: Any,
               data: dict[str, Any]) -> dict[str, Any]:
    """One edge of the full network, its attributes flat."""
    attrs, contact, one, dates = facts
    evidence = list(data["evidence"])
    return {
        "label": data["label"], "predicate": data["predicate"], "contact": contact,
        "weight": table.model.contact_weights.get(contact, 1.0),
        "events": [attrs["name"]] if attrs else [],
        **dates,
        "inferred": data["inferred"], "evidence": evidence, "sources": _sources(evidence),
        "attributed_to": list(data.get("attributed_to", [])),
        "spells": [one] if one else []}


def _full_network(graph: Graph, table: Any, since: str | None,
                  until: str | None) -> nx.MultiDiGraph:
    records = _full_records(graph, table, since, until)
    result = nx.MultiDiGraph(**records.graph)
    result.add_nodes_from(records.nodes())
    result.add_edges_from(records.edges())
    return result


def export_network(graph: Graph, graph_kind: str = "actors", since: str | None = None,
                   until: str | None = None, *, table: Any = None) -> nx.Graph:
    """The network an export writes, with flat attributes and time spells.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph (or a part of it, e.g.
        :func:`~mmru_graph.export.selection.facts_from_source`).
    graph_kind : {"actors", "full"}
        ``actors``: persons and organizations linked by shared events (an
        undirected graph); ``full``: entities and events, one edge per
        statement (a directed multigraph).
    since, until : str, optional
        Keep only events that may have taken place in the range (partial
        dates overlap) and the nodes still linked; undated events go.
    table : NodeTable, optional
        The graph's node table (:func:`mmru_graph.projection.nodes.node_table`)
        when the caller already has it (``build`` shares one among its outputs).

    Returns
    -------
    networkx.Graph or networkx.MultiDiGraph
        Attributes as in this module's description.

    Examples
    --------
    Two contacts, in May and in June; June's network keeps the parade's:

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
    >>> net = export_network(g, "actors", since="2022-06", until="2022-06")
    >>> luis = "https://w3id.org/mmru-graph/id/luis"
    >>> net.nodes[luis]["label"], net.nodes[luis]["side"]
    ('Luis Quispe', 'peru')
    >>> [(net.nodes[a]["label"], net.nodes[b]["label"], data["events"], data["spells"])
    ...  for a, b, data in net.edges(data=True)]
    [('Eva Mamani', 'Luis Quispe', ['Navy day parade'], [('2022-06-08', '2022-06-08')])]
    """
    from ..projection.nodes import node_table

    if graph_kind not in GRAPH_KINDS:
        raise ExportError(f"graph kind {graph_kind!r} is not one of {', '.join(GRAPH_KINDS)}")
    table = table if table is not None else node_table(graph)
    if graph_kind == "actors":
        return _actor_network(graph, table, since, until)
    return _full_network(graph, table, since, until)


def network_records(graph: Graph, graph_kind: str = "actors", since: str | None = None,
                    until: str | None = None, *, table: Any = None) -> NetworkRecords:
    """:func:`export_network`'s network as records read on demand, for a writer that
    streams it (:func:`mmru_graph.export.graphml.write_graphml`).

    The full network is never held as a networkx graph of flat attributes: each
    edge's record is made from the full projection as it is read. The same nodes,
    edges, attributes and order as :func:`export_network`.

    Examples
    --------
    >>> from mmru_graph.namespaces import TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" .
    ... id:talks a mmru:Talks ; schema:name "Talks" ; schema:startDate "2022-05-04"^^xsd:date ;
    ...     schema:attendee id:ana , id:luis .
    ... ''')
    >>> records = network_records(g, "full")
    >>> [(data["label"], data["spells"]) for _s, _t, _k, data in records.edges()][0]
    ('attended by', [('2022-05-04', '2022-05-04')])
    >>> net = export_network(g, "full")
    >>> list(records.nodes()) == list(net.nodes(data=True))
    True
    """
    from ..projection.nodes import node_table

    if graph_kind not in GRAPH_KINDS:
        raise ExportError(f"graph kind {graph_kind!r} is not one of {', '.join(GRAPH_KINDS)}")
    table = table if table is not None else node_table(graph)
    if graph_kind == "actors":
        return records_of(_actor_network(graph, table, since, until))
    return _full_records(graph, table, since, until)
