"""A projection cut to a time window: only what may have happened in it.

Shared by ``central --since/--until`` and the exports, so both keep the
same events: those that may have taken place in the range (partial dates
overlap, :func:`mmru_graph.dates.in_range`); undated events go once a bound
is given. What is left unlinked goes too.
"""

from __future__ import annotations

import networkx as nx

from .. import model
from ..dates import in_range

__all__ = ["actors_in_window", "full_in_window"]


def actors_in_window(actors: nx.Graph, since: str | None = None,
                     until: str | None = None) -> nx.Graph:
    """The actor graph with only the shared events in the window.

    Each edge keeps its events in range, its ``weight`` and ``contact``
    recomputed from them; an edge with none left goes, then every actor
    left without a link. Without bounds, a copy of the graph.

    Examples
    --------
    >>> import networkx as nx
    >>> A = nx.Graph()
    >>> A.add_edge("a", "b", contact="direct", weight=1.25, events=[
    ...     {"start": "2021-06", "end": "", "contact": "direct"},
    ...     {"start": "2021-03-27", "end": "", "contact": "co-attendance"}])
    >>> A.add_edge("b", "c", contact="co-attendance", weight=0.25, events=[
    ...     {"start": "2021-03-27", "end": "", "contact": "co-attendance"}])
    >>> june = actors_in_window(A, since="2021-06")
    >>> sorted(june.nodes), june.edges["a", "b"]["weight"]
    (['a', 'b'], 1.0)
    """
    result = actors.copy()
    if since is None and until is None:
        return result
    # The ontology's weights, as the actor graph was built with (the package's otherwise).
    weights = actors.graph.get("contact_weights") or model.package_model().contact_weights
    for a, b, data in list(result.edges(data=True)):
        events = [e for e in data["events"] if in_range(e["start"], e["end"], since, until)]
        if not events:
            result.remove_edge(a, b)
            continue
        contacts = {e["contact"] for e in events}
        data.update(events=events,
                    weight=sum(weights[e["contact"]] for e in events),
                    contact=model.DIRECT if model.DIRECT in contacts else model.CO_ATTENDANCE)
    result.remove_nodes_from([n for n in list(result) if result.degree(n) == 0])
    return result


def full_in_window(full: nx.MultiDiGraph, since: str | None = None,
                   until: str | None = None) -> nx.MultiDiGraph:
    """The full graph without the events out of the window, and what they alone linked.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("talks", kind="event", start="2021-06-22", end="")
    >>> G.add_node("parade", kind="event", start="2021-03-27", end="")
    >>> G.add_node("fomin", kind="person", start="", end="")
    >>> G.add_node("russia", kind="place", start="", end="")
    >>> _ = G.add_edge("parade", "fomin"); _ = G.add_edge("fomin", "russia")
    >>> sorted(full_in_window(G, since="2021-06"))
    ['fomin', 'russia', 'talks']
    >>> sorted(full_in_window(G, since="2021-06", until="2021-06-30").edges())
    [('fomin', 'russia')]
    """
    result = full.copy()
    if since is None and until is None:
        return result
    result.remove_nodes_from([
        n for n, attrs in full.nodes(data=True) if attrs["kind"] == model.EVENT
        and not in_range(attrs["start"], attrs["end"], since, until)])
    result.remove_nodes_from([n for n in list(result) if result.degree(n) == 0
                              and full.nodes[n]["kind"] != model.EVENT])
    return result
