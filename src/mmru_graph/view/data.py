"""The data the network page draws, built from the networkx projections.

The page holds one JSON document: the shared tables of
:mod:`mmru_graph.view.tables` (entities, evidence quotes, role names) and
the vis-network nodes and edges of each view, assembled here with pyvis.
Node and edge ids are integers and short strings, so nothing from the data
ever becomes an id in the page, and pyvis's habit of turning a
numeric-looking string id into a number cannot merge two nodes.

Everything here reads only the attributes of the projection contract
(``docs/architecture.md``); styling follows ``model.py``'s kinds and the graph's sides.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from .. import model
from ..dates import date_span
from ..namespaces import ID
from .layout import initial_positions
from .provenance import Provenance, dispute_record
from .style import (
    DISPUTED_EDGE,
    DISPUTED_NODE_BORDER,
    EDGE_STYLES,
    FONTS,
    KIND_COLOURS,
    SHAPES,
    event_labels,
    network_options,
    node_colour,
    node_label,
    side_styles,
)
from .tables import PageTables, as_text, local_name

__all__ = ["LARGE_GRAPH_NODES", "VIEW_NAMES", "page_data"]

#: Above this many nodes a view is drawn without physics, from the Python layout.
LARGE_GRAPH_NODES = 1000
#: Node sizes (canvas units) for the least and the most connected node.
MIN_SIZE, MAX_SIZE = 9.0, 34.0

VIEW_NAMES = ("actors", "full")


def _sorted_nodes(graph: nx.Graph) -> list[Any]:
    return sorted(graph.nodes, key=str)


def _degrees(nodes: list[int], pairs: Iterable[tuple[int, int]]) -> dict[int, int]:
    neighbours: dict[int, set[int]] = {n: set() for n in nodes}
    for u, v in pairs:
        if u != v:
            neighbours[u].add(v)
            neighbours[v].add(u)
    return {n: len(around) for n, around in neighbours.items()}


class _IdList(list[Any]):
    """pyvis's list of node ids, with a set beside it for membership tests.

    ``Network.add_node`` checks ``n_id not in self.node_ids`` on a list, which
    makes even ``add_nodes`` quadratic (0.4 s of 10,000 nodes' page time).
    """

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[Any] = set()

    def append(self, item: Any) -> None:
        self._seen.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._seen


def _assemble(tables: PageTables, node_ids: list[int], pairs: list[tuple[int, int]],
              edges: list[dict[str, Any]], *, directed: bool) -> dict[str, Any]:
    """Fill a pyvis network in bulk and return the view as the page expects it."""
    from pyvis.network import Network

    large = len(node_ids) > LARGE_GRAPH_NODES
    degree = _degrees(node_ids, pairs)
    top = max(degree.values(), default=0) or 1
    positions = initial_positions(node_ids, pairs)
    entities = [tables.entities[n] for n in node_ids]
    # An event's label drops a leading participant's name: its links show who.
    subjects: dict[int, list[str]] = {}
    for a, b in pairs:
        for event, other in ((a, b), (b, a)):
            if tables.entities[event]["kind"] == model.EVENT and (
                    tables.entities[other]["kind"] != model.EVENT):
                subjects.setdefault(event, []).extend(
                    [tables.entities[other]["name"], *tables.entities[other]["aliases"]])
    labels: dict[int, str] = {}
    shorts: dict[int, str] = {}
    for n, entity in zip(node_ids, entities, strict=True):
        if entity["kind"] == model.EVENT:
            labels[n], shorts[n] = event_labels(entity, subjects.get(n, ()))
        else:
            labels[n] = node_label(entity)
    net = Network(directed=directed)
    net.node_ids = _IdList()
    # add_nodes, not add_node in a loop or from_nx: one call, and pyvis only
    # validates the lists once. Edges are appended as ready dicts, because
    # add_edge scans every existing edge (quadratic).
    net.add_nodes(
        node_ids,
        label=[labels[n] for n in node_ids],
        shape=[SHAPES[e["kind"]] for e in entities],
        color=[node_colour(e, tables.side_colours) for e in entities],
        size=[round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(degree[n] / top), 1)
              for n in node_ids],
        x=[positions[n][0] for n in node_ids],
        y=[positions[n][1] for n in node_ids])
    for node in net.nodes:
        node["degree"] = degree[node["id"]]
        if node["id"] in shorts:
            # One line, for where the label's two or three lines do not fit.
            node["short"] = shorts[node["id"]]
        # Unlinked nodes stay out of the simulation; the page lines them up
        # beside the linked ones once it has settled.
        if large or not node["degree"]:
            node["physics"] = False
    net.edges.extend(edges)
    nodes, vis_edges, _heading, _height, _width, _options = net.get_network_data()
    return {"nodes": nodes, "edges": vis_edges, "large": large,
            "measure": "number of connections",
            "options": network_options(net, large, directed)}


def _full_view(graph: nx.MultiDiGraph, tables: PageTables) -> dict[str, Any]:
    nodes = _sorted_nodes(graph)
    ids = {node: tables.add_node(node, graph.nodes[node]) for node in nodes}
    rows = sorted(graph.edges(keys=True, data=True),
                  key=lambda e: (str(e[0]), str(e[1]), as_text(e[3].get("predicate")), str(e[2])))
    parallel: dict[frozenset[int], int] = defaultdict(int)
    inverse_labels: dict[str, str] = {}
    edges, pairs = [], []
    for number, (u, v, _key, data) in enumerate(rows):
        a, b = ids[u], ids[v]
        pairs.append((a, b))
        predicate = as_text(data.get("predicate"))
        label = as_text(data.get("label")) or local_name(predicate)
        edge: dict[str, Any] = {"id": f"f{number}", "from": a, "to": b,
                                "rel": tables.role(label), "style": "statement",
                                "evidence": tables.evidence_refs(data.get("evidence"))}
        if data.get("inferred"):
            edge["style"] = "inferred"
        # Which statement it is, for its sources and disputes (_mark_support; not in the page).
        edge["_statement"] = (as_text(data.get("statement")), str(u), predicate, str(v))
        seen = parallel[frozenset((a, b))]
        parallel[frozenset((a, b))] += 1
        if seen:  # bend parallel links apart so each can be clicked
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.18 * seen}
        edges.append(edge)
        if predicate not in inverse_labels:
            inverse_labels[predicate] = as_text(data.get("inverse_label"))
        tables.relate(a, b, label)
        tables.relate(b, a, inverse_labels[predicate] or f"{label} (inverse)")
    return _assemble(tables, [ids[n] for n in nodes], pairs, edges, directed=True)


def _actor_view(graph: nx.Graph, tables: PageTables) -> dict[str, Any]:
    nodes = _sorted_nodes(graph)
    ids = {node: tables.add_node(node, graph.nodes[node]) for node in nodes}
    rows = sorted(graph.edges(data=True), key=lambda e: tuple(sorted((str(e[0]), str(e[1])))))
    edges, pairs = [], []
    for number, (u, v, data) in enumerate(rows):
        a, b = sorted((ids[u], ids[v]))
        pairs.append((a, b))
        shared = []
        for item in data.get("events") or ():
            if isinstance(item, Mapping):
                event = tables.add_event(item)
                shared.append(event)
                tables.relate(a, event, "took part in", unless_known=True)
                tables.relate(b, event, "took part in", unless_known=True)
        contact = as_text(data.get("contact"))
        direct = contact == model.DIRECT
        weight = float(data.get("weight") or 0)
        edge = {"id": f"a{number}", "from": a, "to": b,
                "style": model.DIRECT if direct else model.CO_ATTENDANCE,
                "weight": weight, "events": shared}
        if direct:  # thicker with every shared direct contact
            edge["width"] = round(2.5 + min(weight, 4.0), 2)
        edges.append(edge)
    return _assemble(tables, [ids[n] for n in nodes], pairs, edges, directed=False)


def _who_says_so(tables: PageTables, provenance: Provenance | None) -> tuple[
        dict[str, dict[str, str]], list[dict[str, Any]]]:
    """Attach attributions to the entities; the sources and the claims the page shows."""
    if provenance is None:
        return {}, []
    for iri, pairs in provenance.attributed.items():
        ref = tables.index.get(iri)
        if ref is not None:
            tables.entities[ref]["attributed"] = pairs
    claims = []
    for claim in provenance.claims:
        # Only the claims that concern someone or something on the page.
        if not any(iri in tables.index for _name, iri in claim["about"] + claim["attributed"]):
            continue
        claims.append({"iri": claim["iri"], "name": claim["name"],
                       "negative": claim["negative"],
                       "about": claim["about"], "attributed": claim["attributed"],
                       "evidence": tables.evidence_refs(claim["evidence"])})
    cited = {record["source"] for record in tables.evidence}
    sources = {iri: info for iri, info in provenance.sources.items() if iri in cited}
    return sources, claims


def _mark_support(views: dict[str, Any], tables: PageTables, provenance: Provenance | None,
                  claims: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Which sources support each event and link, and what sources dispute.

    The marks are :class:`mmru_graph.sources.provenance.Provenance`'s, the
    ones the query commands print. Every event gets ``support``
    (``{"sources": [numbers into the returned source IRIs], "independent": n}``:
    a page of one source repeats one small number); an event, a link or
    a claim sources dispute gets ``disputes`` (numbers into the returned
    list of :func:`~mmru_graph.view.provenance.dispute_record` dicts), and a
    disputed link or event is drawn in the disputed colour.
    """
    statements: dict[str, tuple[str, str, str, str]] = {}
    for view in views.values():  # the stashed statement never reaches the page
        for edge in view["edges"]:
            stashed = edge.pop("_statement", None)
            if stashed is not None:
                statements[edge["id"]] = stashed
    marks = provenance.marks if provenance is not None else None
    if marks is None:
        return [], []
    disputes: list[dict[str, Any]] = []
    source_list: list[str] = []
    source_numbers: dict[str, int] = {}
    numbers: dict[int, int] = {}

    def refs(conflicts: list[Any]) -> list[int]:
        for conflict in conflicts:
            if id(conflict) not in numbers:
                numbers[id(conflict)] = len(disputes)
                disputes.append(dispute_record(conflict))
        return [numbers[id(c)] for c in conflicts]

    def support(sources: list[str]) -> dict[str, Any]:
        for source in sources:
            if source not in source_numbers:
                source_numbers[source] = len(source_list)
                source_list.append(f"{ID}{source}")
        return {"sources": [source_numbers[s] for s in sources],
                "independent": marks.independent(sources)}

    disputed_refs: set[int] = set()
    for number, record in enumerate(tables.entities):
        if record["kind"] == model.EVENT:
            record["support"] = support(marks.sources_of([record["iri"]]))
        found = refs(marks.disputes(record["iri"]))
        if found:
            record["disputes"] = found
            disputed_refs.add(number)
    for claim in claims:  # a negative statement a later report contradicts
        found = refs(marks.disputes(claim["iri"]))
        if found:
            claim["disputes"] = found
    full, actors = views.get("full"), views.get("actors")
    if actors is not None:
        for edge in actors["edges"]:
            iris = [tables.entities[ref]["iri"] for ref in edge["events"]]
            # the sources naming both actors at one of the events
            edge["support"] = support(marks.link_sources(
                iris, tables.entities[edge["from"]]["iri"], tables.entities[edge["to"]]["iri"]))
            found = refs(marks.disputes(*iris))
            if found:
                edge["disputes"] = found
                edge.update(DISPUTED_EDGE)
    if full is not None:
        for edge in full["edges"]:
            relation, subject, predicate, obj = statements[edge["id"]]
            # a relation node's own sources; else the named graphs stating the triple
            edge["support"] = support(marks.sources_of([relation]) if relation
                                      else marks.statement_sources(subject, predicate, obj))
            found = refs(marks.disputes(relation) if relation
                         else marks.disputes(subject, predicate=predicate))
            if found:
                edge["disputes"] = found
                edge.update(DISPUTED_EDGE)
        for node in full["nodes"]:
            if node["id"] in disputed_refs:
                node["color"] = {"background": node["color"], "border": DISPUTED_NODE_BORDER,
                                 "highlight": {"background": node["color"],
                                               "border": DISPUTED_NODE_BORDER}}
                node["borderWidth"] = 3
    return disputes, source_list


def page_data(full: nx.MultiDiGraph | None = None, actors: nx.Graph | None = None, *,
              title: str, initial_view: str = "actors", since: str = "", until: str = "",
              focus: str | None = None, provenance: Provenance | None = None) -> dict[str, Any]:
    """Everything the page draws, as one JSON-ready dict.

    Parameters
    ----------
    full : networkx.MultiDiGraph, optional
        The full projection (entities and events).
    actors : networkx.Graph, optional
        The actor projection (who met whom). At least one view is needed.
    title : str
        The page's heading (shown as text).
    initial_view : {"actors", "full"}
        The view the page opens on (falls back to the one given).
    since, until : str
        The date range the page opens with: ``YYYY[-MM[-DD]]`` or ``""``.
    focus : str, optional
        A node id to select and centre when the page opens.
    provenance : Provenance, optional
        Who says so (:func:`mmru_graph.view.provenance.page_provenance`):
        each quote's source with its publisher and date, whom reports are
        attributed to, and the claims; without it the cards show the
        sources' titles only.

    Returns
    -------
    dict
        ``title``, ``views`` (per view: vis nodes, edges and options),
        ``entities``, ``evidence``, ``sources``, ``sourceInfo``, ``claims``,
        ``disputes``, ``supportSources`` and ``initial``; with ``provenance``,
        every event and link carries ``support`` (its sources, as numbers
        into ``supportSources``; how many are independent) and a disputed
        one ``disputes`` (numbers into ``disputes``).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph(sides=[{"key": "chile", "label": "Chile"}])
    >>> g.add_node("a", name="A", kind="person", side="chile")
    >>> g.add_node("b", name="B", kind="person", side="other")
    >>> g.add_edge("a", "b", contact="direct", weight=1.0, events=[])
    >>> data = page_data(actors=g, title="t")
    >>> view = data["views"]["actors"]
    >>> [n["label"] for n in view["nodes"]], len(view["edges"])
    (['A', 'B'], 1)
    >>> [(s["key"], s["label"]) for s in data["sides"]]
    [('chile', 'Chile'), ('other', 'other')]
    """
    if full is None and actors is None:
        raise ValueError("page_data needs the full graph, the actor graph, or both")
    # The sides are the graph's data (mmru:sideOrder), carried by the projections.
    sides = side_styles(next((g.graph["sides"] for g in (full, actors)
                              if g is not None and "sides" in g.graph), []))
    tables = PageTables({side["key"]: side["colour"] for side in sides})
    views: dict[str, Any] = {}
    # The full view first: its nodes carry the complete event attributes.
    if full is not None:
        views["full"] = _full_view(full, tables)
    if actors is not None:
        views["actors"] = _actor_view(actors, tables)
    source_info, claims = _who_says_so(tables, provenance)
    disputes, support_sources = _mark_support(views, tables, provenance, claims)
    if provenance is not None:  # the sources a count or a dispute names, described too
        named = set(support_sources)
        named |= {claim["source"] for dispute in disputes for claim in dispute["claims"]}
        source_info.update({iri: provenance.sources[iri] for iri in sorted(named)
                            if iri in provenance.sources})
    tables.finish()
    if initial_view not in VIEW_NAMES:
        raise ValueError(f"unknown view {initial_view!r} (choose from: {', '.join(VIEW_NAMES)})")
    if initial_view not in views:
        initial_view = next(iter(views))
    # Raises InvalidDateError (a usage error) on a malformed bound.
    lo = date_span(since)[0].isoformat() if since else ""
    hi = date_span(until)[1].isoformat() if until else ""
    sources = sorted({e["title"] or e["source"] for e in tables.evidence} - {""})
    return {
        "title": title,
        "views": {name: views[name] for name in VIEW_NAMES if name in views},
        "entities": tables.entities,
        "evidence": tables.evidence,
        "roles": tables.roles,
        "sources": sources, "sourceInfo": source_info, "claims": claims, "disputes": disputes,
        "supportSources": support_sources,
        "sides": sides,
        "colours": {"side": tables.side_colours, "kind": KIND_COLOURS},
        "fonts": FONTS, "edgeStyles": EDGE_STYLES,
        "initial": {"view": initial_view, "since": lo, "until": hi,
                    "focus": tables.index.get(str(focus)) if focus is not None else None},
    }
