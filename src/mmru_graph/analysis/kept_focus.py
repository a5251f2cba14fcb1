"""A question about a few nodes, asked of some sources only: :func:`kept_focus_on`.

``met``, ``show`` and ``timeline`` (of an actor, a window, a place) with ``--source``
/ ``--exclude-source`` on the built store: the names are resolved as the restricted
graph would resolve them, and the answer is read from the nodes' neighbourhood (a
place's: its events', :func:`kept_at_place`, :func:`kept_place_card`) as the kept sources
state it (:mod:`mmru_graph.store.kept`), not from the whole store restricted first
(:func:`mmru_graph.sources.named.restrict`, which stays the answer whenever this
cannot be sure of giving the same: a name that means no node of the view, an
unknown source, a node of a kind the neighbourhood does not answer for; and where
it is faster: a hub, whose neighbourhood is much of the graph).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from rdflib import Graph, URIRef

from ..namespaces import ID, MMRU
from ..projection.nodes import NodeTable
from ..store.backends import backend_graph
from ..store.focus import MODEL_PREDICATES
from ..store.kept import KeptGraphs, KeptLookup, kept_neighbourhood
from ..store.remote_focus import LABEL_PREDICATES, RemoteNeighbourhood, SourcedNeighbourhood
from .focus import candidate_table, dated_within, local_lookup, resolve_focus
from .resolve import as_iri, find_candidates, label_tiers, normalize, resolve_name

__all__ = ["kept_at_place", "kept_focus_on", "kept_graphs", "kept_place_card", "kept_window",
           "sourced_focus", "sourced_graph"]


def kept_graphs(store: Any, include: Sequence[str], exclude: Sequence[str]) -> KeptGraphs | None:
    """The graphs of ``store`` a view of the sources ``include`` (all when empty) but
    ``exclude`` keeps (slugs or ``id:`` forms, as ``--source`` takes them), or None
    when one names no registered source (the whole view then says which exist)."""
    iris = {name: _source_iri(name) for name in (*include, *exclude)}
    registered = {s for s, p, _o, g in store.quads_about(set(iris.values()))
                  if g is None and p == MMRU.textFile}
    if any(iri not in registered for iri in iris.values()):
        return None
    return KeptGraphs(store, [iris[n] for n in include] if include else None,
                      [iris[n] for n in exclude])


def _source_iri(name: str) -> URIRef:
    """The IRI a source's slug or ``id:`` form names, as ``restrict`` reads it
    (``sources.named._resolve_source``; not shared from there: that module's code is
    part of the digest that keeps the disputes saved with a store valid)."""
    slug = name.strip().removeprefix("id:")
    return URIRef(slug) if slug.startswith(str(ID)) else ID[slug]


def _view_labels(store: Any, kept: KeptGraphs, nodes: set[URIRef]) -> NodeTable:
    """The names, aliases and kinds of ``nodes`` in the view ``kept`` keeps."""
    triples = [q[:3] for q in (*store.quads_about(nodes), *store.quads_with(MODEL_PREDICATES))
               if kept.keeps(q[3]) and (q[1] in LABEL_PREDICATES or q[1] in MODEL_PREDICATES)]
    return candidate_table(triples)


def _kept_labels(graph: Graph, store: Any, kept: KeptGraphs, names: Sequence[str | None],
                 kinds: Collection[str] | None) -> NodeTable | None:
    """The labels in the view of every node one of ``names`` may mean there, or None
    when a name means no node of the view (the restricted whole store then says why,
    with its suggestions).

    Leaving statements out only takes labels away, and a label matches no name it did
    not match before (:func:`~mmru_graph.analysis.resolve.label_tiers`): a node a name
    matches in the view is among those it matches in the whole store. So the nodes
    carrying a name exactly in the whole store, when one still does in the view (the
    view's best matches), else every node one of whose labels matches the name at
    all (every label ``build`` saved, read once), judge it as the view's whole node
    table does.
    """
    typed = [name.strip() for name in names if name is not None]
    nodes: set[URIRef] = set()
    partial: set[str] = set()
    for text in typed:
        iri, folded = as_iri(text), normalize(text)
        if iri is not None:
            nodes.add(URIRef(iri))
        elif not folded:
            return None
        else:
            rows = store.exact_labels(folded, None)
            nodes |= {URIRef(row[0]) for row in rows or ()}
    table = _view_labels(store, kept, nodes)
    for text in typed:
        found = find_candidates(graph, text, kinds=kinds, table=table)
        if as_iri(text) is None and (not found or normalize(found[0].matched) != normalize(text)):
            partial.add(normalize(text))
    if partial:
        every = store.labels(None)
        if every is None:
            return None
        tiers = [label_tiers(text) for text in sorted(partial)]
        nodes |= {URIRef(row[0]) for row in every
                  if any(tier(folded, False) is not None for tier in tiers for folded in row[4])}
        table = _view_labels(store, kept, nodes)
    if not all(find_candidates(graph, text, kinds=kinds, table=table) for text in typed):
        return None
    return table


def kept_focus_on(graph: Graph, names: Sequence[str | None], kinds: Collection[str] | None,
                  focusable: Collection[str], include: Sequence[str],
                  exclude: Sequence[str]) -> tuple[Graph, list[str | None]] | None:
    """The neighbourhood of the nodes ``names`` mean in the view of the built store's
    sources ``include`` (all when empty) but ``exclude``, and the names as their IRIs;
    None when the store cannot read one or the answer would not be sure to be the
    restricted whole graph's (see the module).

    Raises
    ------
    NameResolutionError
        When a name means several nodes of the view: the error the restricted whole
        graph gives.
    """
    store = local_lookup(graph)
    if store is None or not hasattr(store, "quads_about"):
        return None
    kept = kept_graphs(store, include, exclude)
    table = None if kept is None else _kept_labels(graph, store, kept, names, kinds)
    if kept is None or table is None:
        return None
    focus = resolve_focus(graph, table, names, kinds, focusable, strict=True)
    if focus is None:
        return None
    found = sourced_focus(store, kept, [iri for iri in focus if iri is not None])
    return None if found is None else (found, focus)


def kept_window(graph: Graph, since: str | None, until: str | None, include: Sequence[str],
                exclude: Sequence[str]) -> Graph | None:
    """The neighbourhood of every node the view of the built store's sources ``include``
    (all when empty) but ``exclude`` dates within ``since``–``until`` (as
    :func:`~mmru_graph.analysis.focus.dated_within` dates them, on the view's dates),
    read as the view states it; None without a bound, when the store cannot read one,
    for an unknown source, or when the window holds more than
    :data:`~mmru_graph.analysis.place_focus.WHOLE_SHARE` of the view's dated nodes and
    they are a hub's worth (see :func:`~mmru_graph.store.kept.kept_neighbourhood`).

    Within that share they are read near however many: at 2M triples with one source
    left out, a year (a fifth of the events) 50 s and 1 GB near, 70 s and 3.2 GB whole;
    a quarter 16.5 s against 60 s."""
    from .place_focus import WHOLE_SHARE  # read when asked: the tests vary it

    store = local_lookup(graph)
    if (since is None and until is None) or store is None or not hasattr(store, "quads_about"):
        return None
    kept = kept_graphs(store, include, exclude)
    if kept is None:
        return None
    lookup = KeptLookup(store, kept)
    dated = dated_within(lookup, since, until)
    within = len(dated) <= WHOLE_SHARE * len(dated_within(lookup, None, None))
    return sourced_focus(store, kept, sorted(dated), bounded=not within)


def kept_at_place(graph: Graph, place: str, actor: str | None, since: str | None,
                  until: str | None, include: Sequence[str], exclude: Sequence[str]
                  ) -> tuple[Graph, str | None, str] | None:
    """What :func:`~mmru_graph.analysis.place_focus.at_place` reads on the built store,
    asked of the view of its sources ``include`` (all when empty) but ``exclude``: the
    neighbourhood of the view's events in the place (within ``since``–``until``), or of
    the actor, with the place read forward, as the view states it; and the actor and the
    place as IRIs. None wherever ``at_place`` would answer from the graph itself (then
    restricted whole: a name that is not one node of the view, a place holding more
    than its share of the events), for an unknown source and for an actor that is a
    hub (:func:`~mmru_graph.store.kept.kept_neighbourhood`).

    Raises
    ------
    InvalidDateError, InvalidRangeError
        As :func:`~mmru_graph.dates.check_range`, before the place is looked at.
    NameResolutionError
        When the place means several places of the view: the restricted whole
        graph's error.
    """
    from ..dates import check_range
    from .place_focus import events_within_share
    from .places import PLACE_KINDS

    store = local_lookup(graph)
    if store is None or not hasattr(store, "quads_about"):
        return None
    kept = kept_graphs(store, include, exclude)
    if kept is None:
        return None
    since, until = check_range(since, until)
    who = None
    if actor is not None:  # resolved first, as the whole graph's timeline does
        table = _kept_labels(graph, store, kept, [actor], None)
        found = None if table is None else resolve_focus(graph, table, [actor], None)
        if found is None:
            return None
        who = found[0]
    table = _kept_labels(graph, store, kept, [place], PLACE_KINDS)
    if table is None:
        return None
    where = resolve_name(graph, place, kinds=PLACE_KINDS, table=table)
    if who is not None:
        seeds = [who]
    else:
        events = events_within_share(KeptLookup(store, kept), where, since, until)
        if events is None:
            return None
        seeds = sorted(events)
    # The place's events are bounded by their share (above); an actor as a hub.
    found_part = kept_neighbourhood(store, kept, seeds, ahead=[where], bounded=who is not None)
    return None if found_part is None else (sourced_graph(store, kept, found_part), who, where)


def kept_place_card(graph: Graph, name: str, include: Sequence[str], exclude: Sequence[str]
                    ) -> tuple[Graph, str] | None:
    """What :func:`~mmru_graph.analysis.place_focus.place_card_part` reads of a place on
    the built store, asked of the view of its sources ``include`` (all when empty) but
    ``exclude``, and the place as its IRI; None when ``name`` is not one place of the
    view (``show`` then asks for an actor or an event, or the restricted whole graph
    says why), a place holding more than its share of the events, or an unknown
    source."""
    from .. import model
    from ..errors import NameResolutionError
    from .place_focus import events_within_share

    store = local_lookup(graph)
    if store is None or not hasattr(store, "quads_about"):
        return None
    kept = kept_graphs(store, include, exclude)
    table = None if kept is None else _kept_labels(graph, store, kept, [name], None)
    if kept is None or table is None:
        return None
    try:
        where = resolve_name(graph, name, table=table)
    except NameResolutionError:
        return None
    if table.attrs[where]["kind"] != model.PLACE:
        return None
    lookup = KeptLookup(store, kept)
    events = events_within_share(lookup, where)
    if events is None:
        return None
    pointing = {str(s) for s, _p, _o in lookup.about([URIRef(where)], incoming=True)}
    found = kept_neighbourhood(store, kept, sorted(events),
                               ahead=[where, *sorted(pointing - events)], bounded=False)
    return None if found is None else (sourced_graph(store, kept, found), where)


def sourced_focus(store: Any, kept: KeptGraphs, iris: Sequence[str], *,
                  bounded: bool = True) -> Graph | None:
    """The neighbourhood of ``iris`` in the view ``kept`` keeps of the built store, with
    the graphs stating each statement (the disputes among its sources are found in
    it); with ``bounded``, None for a hub (:func:`~mmru_graph.store.kept.kept_neighbourhood`).
    """
    found = kept_neighbourhood(store, kept, iris, bounded=bounded)
    return None if found is None else sourced_graph(store, kept, found)


def sourced_graph(store: Any, kept: KeptGraphs, found: RemoteNeighbourhood) -> Graph:
    """A graph of the part ``found`` of the view ``kept`` keeps of the built store, which
    answers which kept source states what, and their disputes, from itself."""
    return backend_graph(SourcedNeighbourhood(found, store.kind, store.location, origin=kept,
                                              has_named=kept.has_named_graphs()))
