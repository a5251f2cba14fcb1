"""How two entities are connected: shortest paths, every hop told as a sentence.

``via="actors"`` walks the actor graph (who took part in events with whom);
each hop names the shared event that best supports it (direct contact before
co-attendance, then the earliest), its date, place and quote.
``via="full"`` walks the full graph (entities, events, places, offices),
ignoring the direction of statements; each hop is one statement of the
graph ("Sitagu Sayadaw accompanied Soe Win") with the evidence of the event
or relation it belongs to.

Paths are the shortest by number of hops; among paths of the same length,
those through stronger ties (more and more direct shared events) come first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import islice, pairwise
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .. import model
from ..errors import NoPathError
from ..projection.graphs import actor_graph, full_graph, undirected_links
from ..projection.nodes import NodeTable, node_table, place_label
from .attribution import attribution_matches
from .resolve import ACTORS, resolve_name

if TYPE_CHECKING:
    import networkx as nx

    from ..projection.links import Links

# networkx is imported where a path is searched: `show` reads statement_sentence
# without it.

__all__ = ["Hop", "Path", "explain_paths", "statement_sentence"]

VIAS = ("actors", "full")

@dataclass(frozen=True)
class Hop:
    """One step of a path: from ``source`` to ``target``, and why they are linked."""

    source: str
    source_iri: str
    target: str
    target_iri: str
    sentence: str
    event: str | None = None
    event_iri: str | None = None
    date: str | None = None
    place: str | None = None
    contact: str | None = None
    inferred: bool = False
    evidence: list[dict[str, Any]] = field(default_factory=list)
    attributed_to: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Path:
    """A path between two entities, hop by hop."""

    via: str
    nodes: list[str]
    names: list[str]
    hops: list[Hop]

    @property
    def length(self) -> int:
        """The number of hops."""
        return len(self.hops)

    def as_dict(self) -> dict[str, Any]:
        """The path as a JSON-ready dict."""
        return {"via": self.via, "length": self.length, "nodes": self.nodes,
                "names": self.names, "hops": [asdict(hop) for hop in self.hops]}


def _described(attrs: dict[str, Any]) -> str:
    """A node's name, with the date and place when it is an event."""
    if attrs["kind"] != model.EVENT:
        return str(attrs["name"])
    context = [part for part in (attrs["date_label"], attrs["place"]) if part]
    return f"{attrs['name']} ({', '.join(context)})" if context else str(attrs["name"])


def statement_sentence(graph: Links | nx.MultiDiGraph, source: str, target: str,
                       data: dict[str, Any], *, forward: bool = True,
                       rules: model.Model | None = None) -> str:
    """One full-graph edge as a sentence, read from ``source`` if ``forward``.

    The sentence is the ontology's (``mmru:edgeSentence`` of the edge's
    predicate or relationship class, ``mmru:inverseEdgeSentence`` read
    backwards), from ``rules`` (the graph's model, ``NodeTable.model``;
    the package's model if None).

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
    >>> G = full_graph(g)
    >>> talks, ana = str(ID.talks), str(ID.ana)
    >>> data = next(iter(G.get_edge_data(talks, ana).values()))
    >>> statement_sentence(G, talks, ana, data, forward=False)
    'Ana Rojas attended Talks in Lima (2022-05-04, Lima)'
    """
    rules = rules if rules is not None else model.package_model()
    text = rules.sentence(data["predicate"], _described(graph.nodes[source]),
                          _described(graph.nodes[target]), data["label"], forward=forward)
    return text + (" (inferred)" if data.get("inferred") else "")


def _actor_hop(table: NodeTable, a: str, b: str, shared: list[dict[str, Any]]) -> Hop:
    """The hop from ``a`` to ``b``, linked by the ``shared`` events of their link."""
    events = sorted(shared, key=lambda r: r["contact"] != model.DIRECT)
    best = events[0]
    name_a, name_b = table.name(a), table.name(b)
    context = ", ".join(part for part in (best["date"], best["place"]) if part)
    event = f"{best['event']} ({context})" if context else best["event"]
    if best["contact"] == model.DIRECT:
        sentence = f"{name_a} met {name_b} at {event}"
    else:
        sentence = f"{name_a} and {name_b} both took part in {event} (co-attendance)"
    if len(events) > 1:
        sentence += f"; {len(events) - 1} more shared event{'s' if len(events) > 2 else ''}"
    return Hop(source=name_a, source_iri=a, target=name_b, target_iri=b, sentence=sentence,
               event=best["event"], event_iri=best["event_iri"], date=best["date"],
               place=best["place"], contact=best["contact"], evidence=best["evidence"],
               attributed_to=best["attributed_to"])


def _event(table: NodeTable, iri: str) -> tuple[str, str, str]:
    """An event's name, date label and place label (its trip's, failing its own)."""
    if table.saved is not None:
        row = table.saved.row(iri)
        return row[1], row[5], row[7]
    attrs = table.attrs[iri]
    return attrs["name"], attrs["date_label"], place_label(table, iri)


def _full_hop(table: NodeTable, full: nx.MultiDiGraph, a: str, b: str) -> Hop:
    # Statements in the walking direction first, asserted before inferred.
    options = [(False, data.get("inferred", False), a, b, data)
               for data in (full.get_edge_data(a, b) or {}).values()]
    options += [(True, data.get("inferred", False), b, a, data)
                for data in (full.get_edge_data(b, a) or {}).values()]
    reverse, inferred, source, target, data = min(
        options, key=lambda o: (o[1], o[0], o[4]["label"]))
    # Read back from a build, the sentences are saved: the model is not read.
    rules = table.saved.sentence_rules() if table.saved is not None else table.model
    sentence = statement_sentence(full, source, target, data, forward=not reverse,
                                  rules=rules)
    event_iri = next((n for n in (source, target) if table.kind(n) == model.EVENT), None)
    event = _event(table, event_iri) if event_iri else None
    return Hop(source=table.name(a), source_iri=a, target=table.name(b),
               target_iri=b, sentence=sentence,
               event=event[0] if event else None, event_iri=event_iri,
               date=event[1] if event else None, place=event[2] if event else None,
               inferred=bool(inferred), evidence=data.get("evidence", []),
               attributed_to=data.get("attributed_to", []))


def explain_paths(graph: Graph, a: str, b: str, *, via: str = "actors", k: int = 1,
                  attributed_to: str | None = None, not_attributed_to: str | None = None,
                  table: NodeTable | None = None) -> list[Path]:
    """The ``k`` shortest paths between two entities, each hop explained.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph (:func:`mmru_graph.load_graph`).
    a, b : str
        Names, aliases, unique parts of names, or IRIs. With
        ``via="actors"`` both must be persons or organizations.
    via : {"actors", "full"}
        Walk the actor graph (shared events) or the full graph (every
        statement, direction ignored).
    k : int
        How many paths: the shortest simple paths, shortest first.
    attributed_to, not_attributed_to : str, optional
        Walk only through events and statements whose attribution
        (``prov:wasAttributedTo``, else the source's publisher) does (does
        not) contain this text.
    table : NodeTable, optional
        A :func:`~mmru_graph.node_table.node_table` already computed.

    Returns
    -------
    list of Path
        At most ``k`` paths, shortest first.

    Raises
    ------
    NoPathError
        If ``a`` and ``b`` are not connected (exit code 1 in the CLI).
    NameResolutionError
        If a name matches no entity or several.
    ValueError
        If ``via`` or ``k`` is not valid.

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
    >>> [path] = explain_paths(g, "Ana", "Eva")
    >>> path.names
    ['Ana Rojas', 'Luis Quispe', 'Eva Mamani']
    >>> for hop in path.hops:
    ...     print(hop.sentence)
    Ana Rojas met Luis Quispe at Talks in Lima (2022-05-04, Lima)
    Luis Quispe and Eva Mamani both took part in Parade (2022-06) (co-attendance)
    """
    if via not in VIAS:
        raise ValueError(f"via must be one of {', '.join(VIAS)}, not {via!r}")
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    import networkx as nx

    table = table if table is not None else node_table(graph)
    kinds = ACTORS if via == "actors" else None
    source = resolve_name(graph, a, kinds=kinds, table=table)
    target = resolve_name(graph, b, kinds=kinds, table=table)
    name_a, name_b = table.name(source), table.name(target)
    if source == target:
        raise NoPathError(f"{a!r} and {b!r} are the same entity ({name_a})")
    def said(item: dict[str, Any]) -> bool:
        return attribution_matches(item.get("attributed_to", []), item.get("evidence", []),
                                   attributed_to, not_attributed_to)

    filtering = attributed_to is not None or not_attributed_to is not None
    # Read back from a build, the search reads the links alone, and only the
    # links of the hops are read with their events (statements, via full).
    links_only = not filtering and table.saved is not None
    if links_only and via == "actors":
        walk: nx.Graph = actor_graph(graph, table, events=False, node_attributes=False)
    elif links_only:
        walk = table.saved.full_links()
    elif via == "actors":
        actors = actor_graph(graph, table)
        if filtering:
            weights = actors.graph.get("contact_weights") or table.model.contact_weights
            for x, y, data in list(actors.edges(data=True)):
                data["events"] = [r for r in data["events"] if said(r)]
                if not data["events"]:
                    actors.remove_edge(x, y)
                else:
                    data["weight"] = sum(weights[r["contact"]] for r in data["events"])
        walk = actors
    else:
        full = full_graph(graph, table)
        if filtering:
            full.remove_edges_from([(x, y, key) for x, y, key, data
                                    in full.edges(keys=True, data=True) if not said(data)])
        walk = undirected_links(full)

    def cost(_u: str, _v: str, data: dict[str, Any]) -> float:
        # One per hop; a little less through stronger ties, never enough to
        # prefer a longer path.
        return 1.0 + 0.01 / max(float(data.get("weight", 1.0)), 0.01)

    try:
        found = list(islice(nx.shortest_simple_paths(walk, source, target, weight=cost), k))
    except nx.NetworkXNoPath:
        raise NoPathError(f"no path between {name_a} and {name_b} in the {via} graph",
                          via=via) from None
    paths = []
    for nodes in found:
        pairs = list(pairwise(nodes))
        if links_only and via == "actors":
            hops = [_actor_hop(table, x, y, events) for (x, y), events
                    in zip(pairs, table.saved.link_events(pairs), strict=True)]
        elif links_only:
            part = table.saved.statements(pairs)
            hops = [_full_hop(table, part, x, y) for x, y in pairs]
        elif via == "actors":
            hops = [_actor_hop(table, x, y, actors.edges[x, y]["events"]) for x, y in pairs]
        else:
            hops = [_full_hop(table, full, x, y) for x, y in pairs]
        paths.append(Path(via=via, nodes=nodes, names=[table.name(n) for n in nodes],
                          hops=hops))
    return paths
