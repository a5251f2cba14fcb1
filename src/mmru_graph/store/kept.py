"""A built store's neighbourhood as some sources state it: :func:`kept_neighbourhood`.

``met``, ``show`` and ``timeline`` with ``--source`` or ``--exclude-source``
restricted the whole store first (:func:`mmru_graph.sources.named.restrict`: every
kept source's statements read into memory, then every projection of them; at 2M
triples ``met NAME --exclude-source S`` took 41 s and 3 GB). The question needs
only the nodes' neighbourhood (:func:`mmru_graph.store.focus.neighbourhood`), and
here it is computed on the view itself: each step reads the statements from or to
the nodes reached, with the graphs stating them, and keeps those of the default
graph and of the kept sources only (:class:`KeptLookup`). With some sources left
out they are read from the build's links file, the store asked only whether its
default graph states what a left-out source does
(:meth:`~mmru_graph.store.oxigraph.OxigraphBackend.in_default_graph`); with some
sources named, from the store's indexes
(:meth:`~mmru_graph.store.oxigraph.OxigraphBackend.quads_about`). So a source left
out adds no node, and a busy actor asked of one source reads what that source says
of it.

With it come, as an endpoint's neighbourhood has them
(:mod:`mmru_graph.store.remote_focus`), each statement's kept named graphs and the
nodes comparing the kept sources needs (:func:`dispute_starts`): the result answers
as an endpoint's does (:class:`~mmru_graph.store.remote_focus.SourcedNeighbourhood`).
``tests/test_kept_focus.py`` and ``tests/test_kept_place.py`` check, for every actor,
event and place and every choice of sources of the test graphs, that the answers are
those of the restricted whole store; ``tests/test_kept_lookup.py`` that both ways of
reading give the same statements.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from ..namespaces import MMRU, OA, RDF
from .backends import Triple
from .focus import NodeLookup, neighbourhood, reach_forward
from .remote_focus import MAX_STARTS, RemoteNeighbourhood

__all__ = ["KeptGraphs", "KeptLookup", "dispute_starts", "kept_neighbourhood", "sourced_part"]

class KeptGraphs:
    """The graphs of the built store a view of some sources keeps, and the questions
    of which source states what (:class:`~mmru_graph.store.sourced.NamedGraphs`)
    answered of those only.

    The default graph (the shared entities, the source descriptions) is always kept;
    of the named graphs, those of ``include`` (every one when None) but ``exclude``,
    as :func:`mmru_graph.sources.named.restrict` keeps them.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID
    >>> kept = KeptGraphs(None, None, [ID["source-b"]])
    >>> kept.keeps(None), kept.keeps(ID["source-a"]), kept.keeps(ID["source-b"])
    (True, True, False)
    >>> KeptGraphs(None, [ID["source-a"]], []).keeps(ID["source-c"])
    False
    """

    def __init__(self, store: Any, include: Collection[Node] | None,
                 exclude: Collection[Node]) -> None:
        self.store = store
        self.kind = getattr(store, "kind", "oxigraph")
        self.location = getattr(store, "location", "")
        self.include = None if include is None else frozenset(include)
        self.exclude = frozenset(exclude)

    def keeps(self, graph: Node | None) -> bool:
        """Whether the view keeps the statements of ``graph`` (None: the default graph)."""
        if graph is None:
            return True
        if not isinstance(graph, URIRef) or graph in self.exclude:
            return False
        return self.include is None or graph in self.include

    def graphs_holding(self, subject: Node, predicate: Node | None, obj: Node | None
                       ) -> list[Node]:
        """The kept named graphs stating a triple of this pattern (None: any term)."""
        return [g for g in self.store.graphs_holding(subject, predicate, obj) if self.keeps(g)]

    def has_named_graphs(self) -> bool:
        """Whether a kept named graph holds a statement (asked of the store's index of
        graphs: a source's, or the first kept one listed, not each graph's size)."""
        import pyoxigraph as ox

        store = self.store.store
        names: Iterable[Any] = ([ox.NamedNode(str(g)) for g in sorted(self.include, key=str)]
                                if self.include is not None else store.named_graphs())
        for name in names:
            if (isinstance(name, ox.NamedNode) and self.keeps(URIRef(name.value))
                    and next(iter(store.quads_for_pattern(None, None, None, name)), None)):
                return True
        return False

    def graph_sizes(self) -> dict[Node, int]:
        """How many statements each kept named graph holds."""
        return {g: n for g, n in self.store.graph_sizes().items() if n and self.keeps(g)}


def dispute_starts(lookup: NodeLookup,
                   holding: Callable[[Node], Iterable[Node]]) -> list[Node]:
    """Where the nodes comparing the sources needs start (as an endpoint's
    :func:`~mmru_graph.store.remote_focus.neighbourhood_query` has them): every
    negative statement (a source's "they never met" disputes another's meeting of
    the two), its annotations, and the named graphs stating it (``holding``:
    a negative statement's graphs).

    >>> from mmru_graph.namespaces import TURTLE_PREFIXES
    >>> from mmru_graph.store.backends import MemoryBackend
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:never a mmru:NegativeStatement . id:q oa:hasBody id:never .
    ... id:talks a mmru:Talks .
    ... ''')
    >>> sorted(str(n).rsplit("/", 1)[1] for n in dispute_starts(MemoryBackend(g), lambda n: []))
    ['never', 'q']
    """
    negatives = [s for s, _p, _o in lookup.about([MMRU.NegativeStatement], incoming=True,
                                                 predicate=RDF.type)]
    starts: dict[Node, None] = dict.fromkeys(negatives)
    starts.update(dict.fromkeys(s for s, _p, _o in lookup.about(negatives, incoming=True,
                                                                predicate=OA.hasBody)))
    for negative in negatives:
        starts.update(dict.fromkeys(holding(negative)))
    return list(starts)


class KeptLookup:
    """The statements of the view ``kept`` keeps of the built store, read by node
    (:class:`~mmru_graph.store.focus.NodeLookup`); each node's own statements are
    read once, with the graphs stating them (:attr:`quads`: the kept named ones)."""

    def __init__(self, store: Any, kept: KeptGraphs) -> None:
        self.store = store
        self.kept = kept
        self.quads: dict[Node, list[tuple[Node, Node, Node, Node]]] = {}
        self._own: dict[Node, list[Triple]] = {}
        self._with: dict[tuple[URIRef, ...], list[Triple]] = {}  # predicates → their triples

    @property
    def kind(self) -> str:
        """The store's kind: a graph of triples read here is a part of it."""
        return str(self.store.kind)

    @property
    def location(self) -> Any:
        """Where the store is."""
        return self.store.location

    def about(self, nodes: Iterable[Node], incoming: bool = False,
              predicate: URIRef | None = None) -> list[Triple]:
        """Every distinct kept triple from (``incoming``: to) one of ``nodes``, of
        ``predicate`` if given."""
        nodes = list(dict.fromkeys(nodes))
        if incoming or predicate is not None:
            return list(dict.fromkeys(q[:3] for q in self._quads_about(nodes, incoming,
                                                                       predicate)))
        self._read(nodes)
        return list(dict.fromkeys(t for n in nodes for t in self._own.get(n, ())))

    def with_predicates(self, predicates: Sequence[URIRef]) -> list[Triple]:
        """Every distinct kept triple of these predicates (of the sources kept alone, when
        they are named: not every source's, the window's dates of one source)."""
        key = tuple(predicates)
        if key not in self._with:  # a window asks for the dates twice (its share of them)
            self._with[key] = self._with_predicates(predicates)
        return list(self._with[key])

    def _with_predicates(self, predicates: Sequence[URIRef]) -> list[Triple]:
        stated = getattr(self.store, "stated_with", None)
        rows = stated(predicates) if stated is not None and self.kept.include is None else None
        if rows is not None:  # all but some sources: every source's, from the links file
            return list(dict.fromkeys(q[:3] for q in self._kept_rows(rows)))
        graphs = (None if self.kept.include is None
                  else [None, *sorted(self.kept.include - self.kept.exclude, key=str)])
        return list(dict.fromkeys(q[:3] for q in self.store.quads_with(predicates, graphs)
                                  if self.kept.keeps(q[3])))

    def _quads_about(self, nodes: Sequence[Node], incoming: bool = False,
                     predicate: URIRef | None = None
                     ) -> list[tuple[Node, Node, Node, Node | None]]:
        """The kept statements from (``incoming``: to) ``nodes``, each with a kept graph
        stating it (None: the default graph): from the build's links file when there is
        one (each statement's named graphs there: Oxigraph's indexes decode every term
        of every quad, 1.5 s for one predicate's 83,000 at 2M triples) when all sources but
        some are kept, else the store's."""
        # Of some sources named (--source), most statements read are other sources':
        # whether the default graph states each would be asked of the store.
        stated = getattr(self.store, "stated_about", None)
        rows = (stated(nodes, incoming, predicate)
                if stated is not None and self.kept.include is None else None)
        if rows is None:
            return [q for q in self.store.quads_about(nodes, incoming, predicate)
                    if self.kept.keeps(q[3])]
        return self._kept_rows(rows)

    def _kept_rows(self, rows: Iterable[tuple[Node, Node, Node, list[Node]]]
                   ) -> list[tuple[Node, Node, Node, Node | None]]:
        """The kept quads of statements given with the named graphs stating them: each
        kept named graph's, else the default graph's when it states the statement (the
        default graph alone, when no named graph does; else asked of the store: only
        for what the sources left out state)."""
        found: list[tuple[Node, Node, Node, Node | None]] = []
        for s, p, o, graphs in rows:
            named = [(s, p, o, g) for g in graphs if self.kept.keeps(g)]
            if named:
                found += named
            elif not graphs or self.store.in_default_graph((s, p, o)):
                found.append((s, p, o, None))
        return found

    def graphs_of(self, node: Node, predicate: Node, obj: Node) -> list[Node]:
        """The kept named graphs stating ``node predicate obj``."""
        self._read([node])
        return [q[3] for q in self.quads.get(node, ()) if q[1] == predicate and q[2] == obj]

    def _read(self, nodes: Sequence[Node]) -> None:
        """Read the statements of the nodes not read yet."""
        new = [n for n in nodes if n not in self._own]
        for node in new:
            self._own[node] = []
        for s, p, o, g in self._quads_about(new) if new else ():
            self._own[s].append((s, p, o))
            if g is not None:
                self.quads.setdefault(s, []).append((s, p, o, g))


def kept_neighbourhood(store: Any, kept: KeptGraphs, focus: Sequence[str],
                       ahead: Sequence[str] = (), *, bounded: bool = True
                       ) -> RemoteNeighbourhood | None:
    """The neighbourhood of the ``focus`` IRIs in the view of ``store`` (the built
    store: :class:`~mmru_graph.store.oxigraph.OxigraphBackend`) that ``kept`` keeps,
    and the ``ahead`` IRIs read forward only (:func:`~mmru_graph.store.focus.neighbourhood`),
    with each triple's kept named graphs and the nodes of the disputes among them
    (see the module); with ``bounded``, None when more than
    :data:`~mmru_graph.store.remote_focus.MAX_STARTS` statements of the view point to
    them: a hub's neighbourhood is much of the graph, read faster whole (the busiest
    actor of the 2M corpus with one source left out: 70 s near, 60 s whole). A place's
    events are bounded by their share of the events instead
    (:func:`~mmru_graph.analysis.place_focus.events_within_share`): a city's 10,000 at
    2M, one source left out, are read near in 32.5 s and 0.75 GB, whole in 60 s and 3.2 GB.
    """
    lookup = KeptLookup(store, kept)
    if bounded and len(lookup.about([URIRef(iri) for iri in focus],
                                    incoming=True)) > MAX_STARTS:
        return None
    return sourced_part(lookup, neighbourhood(lookup, focus, ahead))


def sourced_part(lookup: KeptLookup, triples: Iterable[Triple]) -> RemoteNeighbourhood:
    """The part of the view the subjects of ``triples`` make, each read whole from
    ``lookup`` with the graphs stating its statements, and the nodes comparing the
    sources needs (:func:`dispute_starts`, the sources stating some of it), as an
    endpoint's neighbourhood has them."""
    subjects = dict.fromkeys(s for s, _p, _o in triples)
    found = RemoteNeighbourhood(triples=lookup.about(subjects), subjects=set(subjects))
    found.quads = [q for s in subjects for q in lookup.quads.get(s, ())]
    found.extra_triples = reach_forward(lookup, dispute_starts(lookup, lambda n: lookup.graphs_of(
        n, RDF.type, MMRU.NegativeStatement)), annotations=False)
    found.extra_subjects = {s for s, _p, _o in found.extra_triples}
    found.extra_quads = [q for s in found.extra_subjects for q in lookup.quads.get(s, ())]
    read = found.subjects | found.extra_subjects
    missing = sorted({q[3] for q in (*found.quads, *found.extra_quads)} - read, key=str)
    if missing:  # a source stating some of it that none of its quotes points to
        added = [t for t in reach_forward(lookup, missing, annotations=False) if t[0] not in read]
        found.extra_triples += added
        found.extra_subjects |= {s for s, _p, _o in added}
        found.extra_quads += [q for s in dict.fromkeys(s for s, _p, _o in added)
                              for q in lookup.quads.get(s, ())]
    return found
