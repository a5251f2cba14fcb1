"""A built store's neighbourhood as some sources state it: :func:`kept_neighbourhood`.

``met``, ``show`` and ``timeline --actor`` with ``--source`` or ``--exclude-source``
restricted the whole store first (:func:`mmru_graph.sources.named.restrict`: every
kept source's statements read into memory, then every projection of them; at 2M
triples ``met NAME --exclude-source S`` took 41 s and 3 GB). The question needs
only the nodes' neighbourhood (:mod:`mmru_graph.store.focus`), read here as the
kept sources state it:

1. the neighbourhood as every source states it, from the links file, with the
   nodes comparing the sources needs (:func:`dispute_starts`, as an endpoint's
   neighbourhood has them: :mod:`mmru_graph.store.remote_focus`);
2. every quad of each of those nodes, with its graph, from the store's indexes
   (:meth:`~mmru_graph.store.oxigraph.OxigraphBackend.quads_of`, the terms the
   restricted whole is made of), less those of the graphs left out (:class:`KeptGraphs`);
3. the neighbourhood computed again on what is left.

Each step of the neighbourhood reads what points to or from nodes already reached,
so fewer statements reach fewer nodes, never others: step 3 stays within step 1's
nodes and is the restricted graph's neighbourhood exactly. The result answers as an
endpoint's does (:class:`~mmru_graph.store.remote_focus.SourcedNeighbourhood`):
which kept source states what, and the disputes among the kept sources only.
``tests/test_kept_focus.py`` checks, for every actor and every source of the test
graphs, that the answers are those of the restricted whole store.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from ..namespaces import MMRU, OA, RDF
from .backends import MemoryBackend, Triple
from .focus import NodeLookup, neighbourhood, reach_forward
from .loading import new_graph
from .remote_focus import RemoteNeighbourhood

__all__ = ["KeptGraphs", "dispute_starts", "kept_neighbourhood"]

#: A statement and the graph stating it (None: the default graph).
Quad = tuple[Node, Node, Node, Node | None]


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

    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
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


def kept_neighbourhood(store: Any, kept: KeptGraphs, focus: Sequence[str]
                       ) -> RemoteNeighbourhood:
    """The neighbourhood of the ``focus`` IRIs in the view of ``store`` (the built
    store: :class:`~mmru_graph.store.oxigraph.OxigraphBackend`) that ``kept`` keeps,
    with each triple's kept named graphs and the nodes of the disputes among them
    (see the module)."""
    # 1. As every source states it: a superset of the view's nodes.
    wide = neighbourhood(store, focus)
    wide += reach_forward(store, dispute_starts(store, lambda n: store.graphs_holding(
        n, RDF.type, MMRU.NegativeStatement)), annotations=False)
    nodes: set[Node] = {s for s, _p, _o in wide}
    # 2. Their quads, those the view keeps; then those of the kept sources stating some
    # of them (their descriptions, publishers), also read as the sources' nodes.
    quads = [q for q in store.quads_of(nodes) if kept.keeps(q[3])]
    sources = {q[3] for q in quads if q[3] is not None} - nodes
    if sources:
        more = {s for s, _p, _o in reach_forward(store, sources, annotations=False)} - nodes
        quads += [q for q in store.quads_of(more) if kept.keeps(q[3])]
    # 3. The neighbourhood again, on the kept statements alone.
    graph = new_graph()
    for s, p, o, _g in quads:
        graph.add((s, p, o))
    lookup = MemoryBackend(graph)
    by_subject: dict[Node, list[tuple[Node, Node, Node, Node]]] = {}
    for s, p, o, g in quads:
        if g is not None:
            by_subject.setdefault(s, []).append((s, p, o, g))
    found = RemoteNeighbourhood(triples=neighbourhood(lookup, focus))
    found.subjects = {s for s, _p, _o in found.triples}
    found.quads = [q for s in found.subjects for q in by_subject.get(s, ())]
    found.extra_triples = reach_forward(lookup, dispute_starts(lookup, lambda n: {
        q[3] for q in by_subject.get(n, ()) if q[1] == RDF.type
        and q[2] == MMRU.NegativeStatement}), annotations=False)
    found.extra_subjects = {s for s, _p, _o in found.extra_triples}
    found.extra_quads = [q for s in found.extra_subjects for q in by_subject.get(s, ())]
    read = found.subjects | found.extra_subjects
    missing = sorted({q[3] for q in (*found.quads, *found.extra_quads)} - read, key=str)
    if missing:  # a source stating some of it that none of its quotes points to
        added = _triples_of_new(reach_forward(lookup, missing, annotations=False), read)
        found.extra_triples += added
        found.extra_subjects |= {s for s, _p, _o in added}
        found.extra_quads += [q for s in dict.fromkeys(s for s, _p, _o in added)
                              for q in by_subject.get(s, ())]
    return found


def _triples_of_new(triples: Iterable[Triple], read: set[Node]) -> list[Triple]:
    """The triples whose subject is not among those ``read`` already (read whole)."""
    return [t for t in triples if t[0] not in read]
