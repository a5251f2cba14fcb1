"""Answer a question about one or two actors from their neighbourhood: :func:`focus_on`.

``met NAME [--with OTHER]``, ``show NAME`` and ``timeline --actor NAME`` are
about actors. On the built Oxigraph store, :func:`focus_on` resolves the
names against every node of the graph (the labels ``build`` wrote next to
the store, :mod:`mmru_graph.store.labels`), then hands the command a graph
holding only those actors' neighbourhood (:func:`mmru_graph.store.focus.neighbourhood`)
and the names replaced by the IRIs they resolved to. The command then runs
the same analyses as on the whole graph, on a graph the size of the answer.

Against a SPARQL endpoint the same is done in a handful of requests
(:mod:`mmru_graph.store.remote_focus`): the labels of the nodes a name may
mean, then the neighbourhood with the named graphs stating each of its
triples, from which the sources and disputes of what the command shows are
answered.

``timeline --since/--until`` reads the neighbourhood of the nodes dated in
the window (:func:`in_window`), ``timeline --place`` that of the events in
the place (:func:`mmru_graph.analysis.place_focus.at_place`), on the embedded store.

``show`` also reads an event's neighbourhood (``focusable=CARD_KINDS``).
Anything else is left as it was: the memory store, a store without labels, a
name that does not resolve to one actor (the whole graph then reports it,
as it always does), a place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any, cast

from rdflib import Graph

from ..errors import NameResolutionError
from ..model import EVENT
from ..projection.nodes import NodeTable, class_table, compute_node_table
from ..store.backends import backend_graph, backend_of
from ..store.focus import FocusedBackend, neighbourhood
from ..store.remote_focus import MAX_STARTS, SourcedNeighbourhood, match_words
from .resolve import ACTORS, as_iri, normalize, resolve_name

__all__ = ["CARD_KINDS", "around", "candidate_table", "dated_within", "focus_on", "focused_graph",
           "in_window", "label_table", "local_lookup", "name_table", "names_table",
           "node_classes", "remote_candidates", "resolve_focus"]


#: The kinds of node whose card (``show``) a neighbourhood answers: the actors, and the
#: events (what points to an event, its parts, annotations and claims, is a step or two
#: back). A place is not: the events inside it may be many containment steps away.
CARD_KINDS: frozenset[str] = frozenset({*ACTORS, EVENT})


def label_table(rows: Sequence[tuple[str, str, str, list[str], list[str]]]) -> NodeTable:
    """A node table holding only what name resolution reads: IRI, name, kind, aliases
    (and those labels folded beforehand)."""
    attrs = {iri: {"iri": iri, "name": name, "kind": kind, "aliases": list(aliases),
                   "folded": list(folded)}
             for iri, name, kind, aliases, folded in rows}
    return NodeTable(attrs, {}, {}, {}, cast(Any, None), cast(Any, None))


def name_table(graph: Graph, kinds: Collection[str] | None = None) -> NodeTable | None:
    """A table of every node's names (of ``kinds``) from the labels ``build``
    wrote next to the store, or None when the graph's store has none (the
    caller then resolves against :func:`~mmru_graph.projection.nodes.node_table`).

    >>> from mmru_graph.store.loading import new_graph
    >>> name_table(new_graph()) is None
    True
    """
    labels = getattr(backend_of(graph), "labels", None)
    rows = None if labels is None else labels() if kinds is None else labels(sorted(kinds))
    return label_table(rows) if rows else None


def names_table(graph: Graph, names: Sequence[str | None],
                kinds: Collection[str] | None = None) -> NodeTable | None:
    """A table enough to resolve ``names`` as against every node of the store: the
    nodes one of whose names or aliases is exactly each name, when each has one,
    else :func:`name_table` (every node's labels).

    An exact name or alias is the best match anywhere, so resolving against the
    nodes that carry it gives the same answer (or the same ambiguity) as against
    all; it reads a sliver of the labels file (:func:`mmru_graph.store.labels.read_exact`),
    not the labels of every node (at 2M triples, 100,000 of them).

    >>> from mmru_graph.store.loading import new_graph
    >>> names_table(new_graph(), ["Ana"]) is None
    True
    """
    backend = backend_of(graph)
    remote: Any = getattr(backend, "remote_focus", None)
    if remote is not None:  # an endpoint: the labels of the nodes the names may mean
        candidates = remote_candidates(backend, remote(), names, kinds)
        if candidates is not None:
            return candidates
    exact: Any = getattr(backend, "exact_labels", None)
    wanted = None if kinds is None else sorted(kinds)
    rows: dict[str, tuple[str, str, str, list[str], list[str]]] = {}
    for name in names if exact is not None else ():
        if name is None:
            continue
        stripped = name.strip()
        # An IRI is looked up by IRI, and a name with no exact match goes through
        # every tier: both need the whole table.
        found = (None if as_iri(stripped) is not None or not normalize(stripped)
                 else exact(normalize(stripped), wanted))
        if not found:
            break
        rows.update((row[0], row) for row in found)
    else:
        if rows:
            return label_table([rows[iri] for iri in sorted(rows)])
    return name_table(graph, kinds)


def focus_on(graph: Graph, names: Sequence[str | None],
             kinds: Collection[str] | None = ACTORS, *,
             focusable: Collection[str] = ACTORS,
             sources: tuple[Sequence[str], Sequence[str]] | None = None
             ) -> tuple[Graph, list[str | None]]:
    """The neighbourhood of the actors ``names`` mean, and the names as their IRIs.

    With ``sources`` (``--source`` and ``--exclude-source``: the sources kept, all
    when empty, and those left out), the graph's view of those sources: on the built
    store, the neighbourhood as they state it (:mod:`mmru_graph.analysis.kept_focus`),
    else the graph restricted whole (:func:`mmru_graph.sources.named.restrict`).

    Returns ``graph`` and ``names`` unchanged when the store cannot look up a
    neighbourhood or has no labels, or when a name resolves to a node of a kind
    not in ``focusable``: actors, and for ``show`` events too
    (:data:`CARD_KINDS`), whose neighbourhood answers for them; a place's events
    may be any number of containment steps away; or names the same node twice.

    Raises
    ------
    NameResolutionError
        On the embedded store, when a name means no node (of ``kinds``, or any
        kind when None) or several: the error the whole graph gives, told from
        the labels ``build`` saved (:func:`resolve_focus`). Against an endpoint,
        whose candidates are only the labels a name may match, the whole graph
        is returned and tells it.

    Examples
    --------
    A plain graph is answered whole:

    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph()
    >>> focus_on(g, ["Ana"])[0] is g
    True
    """
    if sources is not None:
        from ..sources.named import restrict
        from .kept_focus import kept_focus_on

        kept = kept_focus_on(graph, names, kinds, focusable, *sources)
        if kept is not None:
            return kept
        return restrict(graph, *sources), list(names)
    backend = backend_of(graph)
    remote: Any = getattr(backend, "remote_focus", None)
    if remote is not None:
        return _remote_focus_on(graph, backend, remote(), names, kinds, focusable)
    if backend is None or not hasattr(backend, "about"):
        return graph, list(names)
    # Names of other kinds cannot match (resolve_name looks at `kinds` only).
    table = names_table(graph, names, kinds)
    if table is None:
        return graph, list(names)
    # An unknown or ambiguous name is told from the labels, as the whole graph tells it
    # (at 2M triples: half a second, not the whole store's 3-8 s and 0.5 GB).
    focus = resolve_focus(graph, table, names, kinds, focusable, strict=True)
    if focus is None:
        return graph, list(names)
    iris = [iri for iri in focus if iri is not None]
    return focused_graph(backend, neighbourhood(cast(Any, backend), iris)), focus


def _disputes_saved(backend: Any) -> bool:
    """Whether the built store ``backend`` has the disputes ``build`` saved, by this code
    (or cannot tell the sources apart by itself: nothing else to do then). When not,
    the analyst is told, as wherever saved disputes are refused (a note on stderr)."""
    from ..errors import warn_stale
    from ..sources.saved import SAVED, saved_by_this_code

    where = getattr(backend, "saved_file", None)
    if not hasattr(backend, "quads_about") or where is None:
        return True
    if saved_by_this_code(where(SAVED)):
        return True
    warn_stale(where(SAVED), "disputes")
    return False


def resolve_focus(graph: Graph, table: NodeTable, names: Sequence[str | None],
                  kinds: Collection[str] | None, focusable: Collection[str] = ACTORS, *,
                  strict: bool = False) -> list[str | None] | None:
    """The IRIs of the distinct nodes ``names`` mean, as against ``table``, or None
    when one does not resolve to one node of a ``focusable`` kind (the whole graph
    then says why, or answers).

    With ``strict``, a name that resolves to no node or to several raises the
    :class:`~mmru_graph.errors.NameResolutionError` the whole graph would raise:
    ``table`` must then be what :func:`names_table` gives (every node of ``kinds``
    carrying the name exactly, else every node's labels), which judges a name as
    the whole graph's node table does, without the whole graph being read.
    """
    resolved: list[str | None] = []
    for name in names:
        if name is None:
            resolved.append(None)
            continue
        try:
            iri = resolve_name(graph, name, kinds=kinds, table=table)
        except NameResolutionError:
            if strict:
                raise
            return None
        if table.attrs[iri]["kind"] not in focusable:
            return None
        resolved.append(iri)
    focus = [iri for iri in resolved if iri is not None]
    if not focus or len(set(focus)) < len(focus):
        return None
    return resolved


def remote_candidates(backend: Any, remote: Any, names: Sequence[str | None],
                      kinds: Collection[str] | None) -> NodeTable | None:
    """The node table of every node of an endpoint one of ``names`` may mean (of
    ``kinds``, any kind when None), each with its classes, names and aliases (kinds
    from the model, as the whole graph's node table computes them), in three
    requests (:mod:`mmru_graph.store.remote_focus`).

    Every node a name or a part of one could mean is among them, so one node
    found there is the one the whole graph finds. None, for the caller to read
    every label, when the endpoint's default graph is not the union of its named
    graphs or a name has nothing to look for.
    """
    union, _has_named = remote.union_default()
    if not union:
        return None
    words: list[list[str]] = []
    iris: list[str] = []
    for name in names:
        if name is None:
            continue
        stripped = name.strip()
        iri = as_iri(stripped)
        if iri is not None:  # looked up by IRI, as find_candidates does
            iris.append(iri)
            continue
        pieces = match_words(normalize(stripped))
        if not pieces:
            return None
        words.append(pieces)
    model, classes = remote.model()
    found = remote.labels(words, iris, node_classes(model, classes, kinds),
                          backend.has_lateral())
    return candidate_table([*model, *found])


def _remote_focus_on(graph: Graph, backend: Any, remote: Any, names: Sequence[str | None],
                     kinds: Collection[str] | None,
                     focusable: Collection[str]) -> tuple[Graph, list[str | None]]:
    """:func:`focus_on` against a SPARQL endpoint (:mod:`mmru_graph.store.remote_focus`).

    The names are resolved against :func:`remote_candidates`. An endpoint whose
    default graph is not the union of its named graphs, a name with nothing to look
    for, or an actor whose neighbourhood starts from more than
    :data:`~mmru_graph.store.remote_focus.MAX_STARTS` nodes (a hub: the endpoint
    would follow the path from each), is answered whole.
    """
    table = remote_candidates(backend, remote, names, kinds)
    if table is None:
        return graph, list(names)
    focus = resolve_focus(graph, table, names, kinds, focusable)
    if focus is None:
        return graph, list(names)
    iris = [iri for iri in focus if iri is not None]
    found = _remote_neighbourhood(backend, remote, iris)
    return (graph, list(names)) if found is None else (found, focus)


def _remote_neighbourhood(backend: Any, remote: Any, iris: Sequence[str]) -> Graph | None:
    """The neighbourhood of ``iris`` read from an endpoint in one request, with the
    named graphs stating each triple; None for a hub (more than
    :data:`~mmru_graph.store.remote_focus.MAX_STARTS` start nodes: cheaper read whole)
    or an endpoint whose default graph is not the union of its named graphs."""
    union, has_named = remote.union_default()
    if not union or remote.start_count(iris) > MAX_STARTS:
        return None
    found = remote.neighbourhood(iris, lateral=backend.has_lateral())
    return backend_graph(SourcedNeighbourhood(found, backend.kind, backend.location,
                                              origin=backend, has_named=has_named))


def node_classes(model: Sequence[Any], classes: Sequence[Any],
                 kinds: Collection[str] | None) -> list[Any]:
    """The classes (of ``classes``) that make a node of one of ``kinds`` (any kind: None),
    as :func:`~mmru_graph.projection.nodes.class_table` judges them from the ``model``
    triples: a node of such a kind has at least one of them.

    >>> from mmru_graph.namespaces import MMRU, OA, SCHEMA
    >>> node_classes([], [SCHEMA.Person, MMRU.Meeting, OA.Annotation], {"person"})
    [rdflib.term.URIRef('https://schema.org/Person')]
    """
    from rdflib import BNode

    from ..namespaces import RDF
    from ..store.loading import new_graph

    small = new_graph()
    for triple in model:
        small.add(triple)
    for cls in classes:
        small.add((BNode(), RDF.type, cls))
    info = class_table(small)
    return [cls for cls in classes if not info[cls].statement and not info[cls].meta
            and (kinds is None or info[cls].kind in kinds)]


def candidate_table(triples: Sequence[Any]) -> NodeTable:
    """The node table of the nodes whose classes, names and aliases (and the model)
    ``triples`` hold: the same names, kinds and aliases as the whole graph's table
    gives them (:func:`~mmru_graph.projection.nodes.compute_node_table`).

    >>> from rdflib import Literal
    >>> from mmru_graph.namespaces import ID, RDF, SCHEMA
    >>> table = candidate_table([(ID.ana, RDF.type, SCHEMA.Person),
    ...                          (ID.ana, SCHEMA.name, Literal("Ana"))])
    >>> [(name, table.kind(iri), folded) for iri, name, _aliases, folded in table.labels()]
    [('Ana', 'person', ['ana'])]
    """
    from ..store.loading import new_graph

    small = new_graph()
    for triple in triples:
        small.add(triple)
    whole = compute_node_table(small)
    return label_table([(iri, attrs["name"], attrs["kind"], list(attrs["aliases"]),
                         [normalize(label) for label in (attrs["name"], *attrs["aliases"])])
                        for iri, attrs in sorted(whole.attrs.items())])


def around(graph: Graph, nodes: Sequence[str]) -> Graph:
    """The neighbourhood of these nodes (IRIs: actors, events) on a store that
    can read one (the embedded store, an endpoint), else ``graph`` itself: enough
    to mark the sources and disputes of the events (an actor's events) as the
    whole graph would.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph()
    >>> around(g, ["https://w3id.org/mmru-graph/id/ana"]) is g
    True
    """
    backend = backend_of(graph)
    remote: Any = getattr(backend, "remote_focus", None)
    if remote is not None and nodes:  # an endpoint: in one request, with the sources
        found = _remote_neighbourhood(backend, remote(), sorted(set(nodes)))
        return graph if found is None else found
    if backend is None or not hasattr(backend, "about") or not nodes:
        return graph
    return focused_graph(backend, neighbourhood(cast(Any, backend), sorted(set(nodes))))


def dated_within(backend: Any, since: str | None, until: str | None) -> set[str]:
    """The nodes of ``backend`` (a store that reads by predicate) that may have taken
    place within ``since``–``until``, dated as the node table dates them: of dates the
    sources dispute, the least (:func:`~mmru_graph.store.index.least`), whatever order
    the store sends them in. Undated nodes are left out.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from mmru_graph.namespaces import ID, SCHEMA
    >>> from mmru_graph.store.backends import MemoryBackend
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph()
    >>> _ = g.add((ID.visit, SCHEMA.startDate, Literal("2022-02-20")))
    >>> _ = g.add((ID.visit, SCHEMA.startDate, Literal("2022-02")))
    >>> _ = g.add((ID.talks, SCHEMA.startDate, Literal("2021-06")))
    >>> found = dated_within(MemoryBackend(g), "2022-02-01", "2022-02-10")
    >>> sorted(iri.rsplit("/", 1)[1] for iri in found)  # as 2022-02, not 2022-02-20
    ['visit']
    """
    from ..dates import in_range
    from ..namespaces import SCHEMA
    from ..store.index import least

    dates: dict[Any, dict[str, list[Any]]] = {SCHEMA.startDate: defaultdict(list),
                                              SCHEMA.endDate: defaultdict(list)}
    for node, predicate, value in backend.with_predicates([SCHEMA.startDate, SCHEMA.endDate]):
        dates[predicate][str(node)].append(value)
    ends = {node: str(least(values)) for node, values in dates[SCHEMA.endDate].items()}
    return {node for node, values in dates[SCHEMA.startDate].items()
            if in_range(str(least(values)), ends.get(node, ""), since or None, until or None)}


def in_window(graph: Graph, since: str | None, until: str | None, *,
              sources: tuple[Sequence[str], Sequence[str]] | None = None) -> Graph:
    """The neighbourhood of every node dated within ``since``–``until``
    (:func:`dated_within`), on the embedded store, else ``graph`` itself: enough for
    the timeline of that window, its marks included, as the whole graph gives it
    (each node's neighbourhood holds every statement its entry reads: dates, places,
    actors and their sides, quotes, attributions).

    With ``sources`` (as :func:`focus_on` takes them), the graph's view of those
    sources: the nodes the view dates within the window, read as it states them
    (:func:`mmru_graph.analysis.kept_focus.kept_window`), else the graph restricted whole.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph()
    >>> in_window(g, "2021", None) is g
    True
    """
    if sources is not None:
        from ..sources.named import restrict
        from .kept_focus import kept_window

        kept = kept_window(graph, since, until, *sources)
        return kept if kept is not None else restrict(graph, *sources)
    backend = local_lookup(graph)
    if (since is None and until is None) or backend is None:
        return graph
    dated = sorted(dated_within(backend, since, until))
    return focused_graph(backend, neighbourhood(cast(Any, backend), dated))


def local_lookup(graph: Graph) -> Any:
    """The backend of ``graph`` when it reads statements by node and by predicate in
    this process (the embedded store: what the parts of the graph here are read
    from), else None (a graph in memory, an endpoint).

    >>> from mmru_graph.store.loading import new_graph
    >>> local_lookup(new_graph()) is None
    True
    """
    backend = backend_of(graph)
    if hasattr(backend, "about") and hasattr(backend, "with_predicates") \
            and getattr(backend, "remote_focus", None) is None:
        return backend
    return None


def focused_graph(backend: Any, triples: Sequence[Any]) -> Graph:
    """A graph of these triples of ``backend``; which source states what is still
    asked of the whole store (its named graphs, the disputes saved with it).

    When the disputes ``build`` saved cannot be used (another version's code saved
    them), the triples' nodes are read again with the graphs stating each statement,
    and the disputes are found among them (:func:`mmru_graph.store.kept.sourced_part`),
    not by comparing the sources on the whole store: that took 426 s and 16.9 GB for
    ``met`` at 10M triples.
    """
    if not _disputes_saved(backend):
        from ..store.kept import KeptGraphs, KeptLookup, sourced_part
        from .kept_focus import sourced_graph

        kept = KeptGraphs(backend, None, ())
        return sourced_graph(backend, kept, sourced_part(KeptLookup(backend, kept), triples))
    return backend_graph(FocusedBackend(triples, backend.kind, backend.location,
                                        origin=getattr(backend, "origin", None) or backend))
