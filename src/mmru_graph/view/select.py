"""What a page draws when the graph is too large to draw whole: a bounded selection.

A browser cannot lay out tens of thousands of nodes, and a page that holds
them all is tens of megabytes. Beyond a *budget* of actors
(:class:`Budget`, ``view --max-nodes``), the page draws:

- the best-connected actors (most distinct counterparts), within the focus
  neighbourhood or the date window when one is given;
- the events among them, those with the most drawn actors first, and what
  those events link (places, ...), up to the full view's budget;
- the links between the drawn actors through the drawn events only (so the
  page's data stays bounded: no link carries an event the page leaves out);

and says so in one line (:func:`notice`), which the page shows as text and
the CLI prints.

Two ways to get there, with the same rules:

- :func:`bound_projections` cuts projections of the whole graph (any store;
  what small graphs and the memory store use);
- :func:`read_selection` chooses the actors and events from the store's
  bulk indexes (the labels and links ``build`` writes next to the Oxigraph
  store) and reads only their neighbourhood
  (:func:`mmru_graph.store.focus.neighbourhood`), so that nothing is projected,
  laid out or turned into page data for the whole graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import networkx as nx
from rdflib import Graph, URIRef

from .. import model

__all__ = ["Budget", "Scope", "bound_projections", "notice", "read_selection",
           "resolve_focus"]

ACTOR_KINDS = frozenset(model.ACTOR_KINDS)
#: How to see what a bounded page leaves out (the CLI's options, named once).
SEE_OTHERS = ("to see others: mmru-graph view --focus NAME [--depth N], --since/--until DATE, "
              "or --max-nodes N")


@dataclass(frozen=True)
class Budget:
    """The most actors (actor view) and nodes (full view) a page draws."""

    actors: int
    full: int

    @classmethod
    def for_actors(cls, max_actors: int, default_actors: int, default_full: int) -> Budget:
        """A budget of ``max_actors``, the full view scaled as in the default one.

        >>> Budget.for_actors(100, 400, 2000)
        Budget(actors=100, full=500)
        """
        if max_actors < 1:
            raise ValueError("the page needs a budget of at least one actor")
        return cls(max_actors, max(max_actors, max_actors * default_full // default_actors))


@dataclass(frozen=True)
class Scope:
    """What a bounded page chose from: how many actors and events, and where."""

    actors: int
    events: int
    #: ``""`` (the whole graph), or e.g. ``" within 1 link of Ana"``.
    where: str = ""


def notice(actors: int, events: int, scope: Scope) -> str:
    """The page's one line on what it left out and how to see it.

    >>> notice(300, 1204, Scope(12408, 83000))[:75]
    'Showing the 300 best-connected of 12,408 actors and 1,204 of 83,000 events;'
    >>> notice(12, 40, Scope(12, 40, " within 1 link of Ana"))[:57]
    'Showing all 12 actors and 40 events within 1 link of Ana;'
    """
    if actors == scope.actors and events == scope.events:
        return (f"Showing all {actors:,} actors and {events:,} events{scope.where}; "
                f"{SEE_OTHERS}.")
    return (f"Showing the {actors:,} best-connected of {scope.actors:,} actors and "
            f"{events:,} of {scope.events:,} events{scope.where}; {SEE_OTHERS}.")


def window_words(since: str, until: str) -> str:
    """The date window as the notice says it.

    >>> window_words("2021-10", ""), window_words("", "2022")
    (' dated from 2021-10', ' dated until 2022')
    """
    if since and until:
        return f" dated {since} to {until}"
    return f" dated from {since}" if since else f" dated until {until}"


def _kind(graph: nx.Graph, node: Any) -> str:
    return str(graph.nodes[node].get("kind", ""))


def _rank_events(participants: Mapping[Any, Collection[Any]], kept: Collection[Any]
                 ) -> list[Any]:
    """Events with at least one kept actor, in the order a page takes them.

    Most kept actors first, then most actors; but first of all, walking that
    order, each event that draws a kept actor no earlier one drew, so that
    every kept actor gets its best event before any gets a second.

    >>> _rank_events({"e1": "ab", "e2": "ab", "e3": "c", "e4": "x"}, "abc")
    ['e1', 'e3', 'e2']
    """
    counted = ((sum(1 for a in actors if a in kept), len(actors), event)
               for event, actors in participants.items())
    ranked = [event for _score, _size, _name, event in sorted(
        (-score, -size, str(event), event) for score, size, event in counted if score)]
    covered: set[Any] = set()
    first: list[Any] = []
    for event in ranked:
        new = {a for a in participants[event] if a in kept} - covered
        if new:
            covered |= new
            first.append(event)
    chosen = set(first)
    return first + [event for event in ranked if event not in chosen]


def _with_events(actors: nx.Graph, kept: Sequence[Any], events: Collection[str]) -> nx.Graph:
    """The actor graph of ``kept``, its links through ``events`` (IRIs) only."""
    result = actors.subgraph(kept).copy()
    weights = actors.graph.get("contact_weights") or model.package_model().contact_weights
    for a, b, data in list(result.edges(data=True)):
        shared = [e for e in data.get("events") or () if str(e.get("event_iri")) in events]
        if not shared:
            result.remove_edge(a, b)
            continue
        contacts = {e["contact"] for e in shared}
        data.update(events=shared, weight=sum(weights[e["contact"]] for e in shared),
                    contact=model.DIRECT if model.DIRECT in contacts else model.CO_ATTENDANCE)
    return result


def bound_projections(full: nx.MultiDiGraph, actors: nx.Graph, budget: Budget, *,
                      ranking: Sequence[Any] | None = None, first: Sequence[Any] = (),
                      scope: Scope | None = None, cut: bool = False,
                      events: Collection[str] | None = None
                      ) -> tuple[nx.MultiDiGraph, nx.Graph, str]:
    """Keep what fits in ``budget`` (see the module), and the notice; ``""`` if all fits.

    Parameters
    ----------
    full, actors : networkx graphs
        Both projections (of the whole graph, a window or a neighbourhood).
    budget : Budget
        The most actors and full-view nodes.
    ranking : sequence, optional
        The actors in order of preference, already chosen from a larger graph
        (:func:`read_selection`): the projections are then always cut to them.
        By default the actors with the most links (ties by name).
    first : sequence
        Nodes kept before any other (the focus).
    scope : Scope, optional
        The totals the notice names; by default the projections' own.
    cut : bool
        Say what is shown even when it all fits (the projections are a
        window of a larger graph).
    events : collection of str, optional
        The only events (IRIs) that may be drawn (chosen with ``ranking``).

    Examples
    --------
    >>> full = nx.MultiDiGraph()
    >>> full.add_nodes_from(["a", "b", "c"], kind="person")
    >>> full.add_nodes_from(["e1", "e2"], kind="event")
    >>> _ = full.add_edges_from([("e1", "a"), ("e1", "b"), ("e2", "c"), ("e2", "b")])
    >>> actors = nx.Graph()
    >>> actors.add_edge("a", "b", events=[{"event_iri": "e1", "contact": "direct"}])
    >>> actors.add_edge("b", "c", events=[{"event_iri": "e2", "contact": "direct"}])
    >>> f, a, text = bound_projections(full, actors, Budget(2, 3))
    >>> sorted(a.nodes), sorted(f.nodes), text[:57]
    (['a', 'b'], ['a', 'b', 'e1'], 'Showing the 2 best-connected of 3 actors and 1 of 2 event')
    """
    events_total = sum(1 for n in full if _kind(full, n) == model.EVENT)
    scope = scope or Scope(actors.number_of_nodes(), events_total)
    if ranking is None and not cut and (actors.number_of_nodes() <= budget.actors
                            and full.number_of_nodes() <= budget.full):
        return full, actors, ""
    if ranking is None:
        ranking = sorted(actors.nodes, key=lambda n: (-actors.degree(n),
                                                       str(actors.nodes[n].get("name", n)),
                                                       str(n)))
    kept = list(dict.fromkeys([n for n in first if n in actors or n in full]
                              + [n for n in ranking if n in actors]))[:budget.actors]
    kept_set = set(kept)
    in_full = [n for n in kept if n in full]
    participants: dict[Any, set[Any]] = defaultdict(set)
    for actor in in_full:
        for node in (*full.successors(actor), *full.predecessors(actor)):
            if _kind(full, node) == model.EVENT and (events is None or str(node) in events):
                participants[node].add(actor)
    ranked = _rank_events({e: [n for n in (*full.successors(e), *full.predecessors(e))
                               if _kind(full, n) in ACTOR_KINDS]
                           for e in participants}, kept_set)
    room = budget.full - len(in_full)
    chosen = ranked[:max(room // 2, min(room, 1))]  # half the room for events, then ...
    attached = sorted({n for e in chosen for n in (*full.successors(e), *full.predecessors(e))
                       if n not in kept_set and _kind(full, n) not in ACTOR_KINDS | {model.EVENT}},
                      key=lambda n: (-full.degree(n), str(n)))
    extra = attached[:room - len(chosen)]
    # ... what they link, then more events while there is room.
    chosen += ranked[len(chosen):len(chosen) + room - len(chosen) - len(extra)]
    kept_full = [*in_full, *chosen, *extra]
    bounded_full = full.subgraph(kept_full).copy()
    bounded_actors = _with_events(actors, [n for n in kept if n in actors],
                                  {str(e) for e in chosen})
    return bounded_full, bounded_actors, notice(
        bounded_actors.number_of_nodes(), len(chosen), scope)


def _labels_of(graph: Graph) -> tuple[Any, list[Any]] | None:
    """The store behind ``graph`` and its node labels, when it can answer in bulk."""
    from ..store.backends import backend_of

    backend = backend_of(graph)
    labels = getattr(backend, "labels", None)
    if backend is None or labels is None or not hasattr(backend, "about") \
            or not hasattr(backend, "with_predicates"):
        return None
    rows = labels()
    return (backend, rows) if rows else None


def resolve_focus(graph: Graph, name: str) -> str:
    """The IRI ``name`` names: from the store's labels when it has them, else the graph.

    Raises
    ------
    NameResolutionError
        If the name matches nothing or several entities.

    Examples
    --------
    >>> from mmru_graph.namespaces import TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES +
    ...                       'id:ana a schema:Person ; schema:name "Ana Rojas" .')
    >>> resolve_focus(g, "ana rojas").rsplit("/", 1)[1]
    'ana'
    """
    from ..analysis.resolve import resolve_name

    found = _labels_of(graph)
    if found is None:
        return resolve_name(graph, name)
    from ..analysis.focus import label_table

    return resolve_name(graph, name, table=label_table(found[1]))


def _participation(backend: Any, events: Collection[str], actors: Collection[str]
                   ) -> dict[str, set[str]]:
    """Event IRI -> the actors taking part in it, from one bulk read."""
    taking_part: dict[str, set[str]] = defaultdict(set)
    for event, _p, actor in backend.with_predicates(model.TAKING_PART):
        e, a = str(event), str(actor)
        if e in events and a in actors:
            taking_part[e].add(a)
    return taking_part


def _in_window(backend: Any, events: Iterable[str], since: str, until: str) -> set[str]:
    """The events that may have taken place in the window, dated as the node table
    (and so the timeline) dates them (:func:`mmru_graph.analysis.focus.dated_within`)."""
    from ..analysis.focus import dated_within

    return set(events) & dated_within(backend, since, until)


def read_selection(graph: Graph, budget: Budget, *, focus: str | None = None, depth: int = 1,
                   since: str = "", until: str = ""
                   ) -> tuple[Graph, list[str], set[str], Scope] | None:
    """The neighbourhood of a bounded selection, read from the store, or None.

    None (draw from the whole graph, :func:`bound_projections`) when the
    store has no labels or links to choose from, when the graph's actors fit
    the budget, or when ``focus`` is not an actor.

    An actor's connections are counted here as the distinct actors taking
    part in the same events (``mmru:`` taking-part predicates, any event
    class), where the actor graph counts contact events only and never links
    one party's members: on a corpus with arms sales or offices the two
    rankings can differ a little (``tests/test_view_bounded.py`` checks that
    they agree on the synthetic corpus).

    Returns
    -------
    (rdflib.Graph, list, set, Scope)
        A graph holding only the chosen events and actors with what they
        link (names, places, quotes, sources), the chosen actors in order of
        preference, the chosen events' IRIs, and the totals they were chosen from.
    """
    found = _labels_of(graph)
    if found is None:
        return None
    backend, rows = found
    names = {row[0]: row[1] for row in rows if row[2] in ACTOR_KINDS}
    events = {row[0] for row in rows if row[2] == model.EVENT}
    if len(names) <= budget.actors or (focus is not None and str(focus) not in names):
        return None
    where = ""
    if since or until:
        events = _in_window(backend, events, since, until)
        where = window_words(since, until)
    taking_part = _participation(backend, events, names)
    around: dict[str, set[str]] = defaultdict(set)
    for members in taking_part.values():
        for actor in members:
            around[actor] |= members
    for actor, others in around.items():
        others.discard(actor)
    scope_actors = set(around) if since or until else set(names)
    first: list[str] = []
    # Events of the actors these (all, or within depth - 1 links of the focus),
    # as the full view keeps the nodes within 2 * depth steps of the focus.
    hosts = scope_actors
    if focus is not None:
        first = [str(focus)]
        reached, frontier = {first[0]}, {first[0]}
        for _step in range(depth):
            hosts = set(reached)
            frontier = {n for a in frontier for n in around.get(a, ())} - reached
            reached |= frontier
        scope_actors &= reached | set(first)
        hosts &= scope_actors
        plural = "" if depth == 1 else "s"
        where += f" within {depth} link{plural} of {names[first[0]]}"
    ranking = first + sorted(scope_actors - set(first),
                             key=lambda a: (-len(around.get(a, ())), names[a], a))
    kept = set(ranking[:budget.actors])
    scope_events = {e: m for e, m in taking_part.items() if m & hosts}
    chosen = _rank_events(scope_events, kept)[:max(budget.full - len(kept), 1)]
    from ..store.backends import backend_graph
    from ..store.focus import FocusedBackend, neighbourhood

    triples = neighbourhood(cast(Any, backend), chosen)
    reached_actors = {a for e in chosen for a in taking_part[e]}
    alone = [URIRef(a) for a in kept - reached_actors]
    if alone:  # drawn without an event: their own statements (kind, name, side)
        triples += backend.about(alone)
    small = backend_graph(FocusedBackend(triples, backend.kind, backend.location))
    scope = Scope(len(scope_actors), len(scope_events), where)
    return small, ranking[:budget.actors], set(chosen), scope
