"""An rdflib store that holds a large graph compactly: :class:`CompactStore`.

rdflib's ``Memory`` store keeps three nested dictionaries of every triple and a
dictionary of graphs per triple: about 1,400 bytes a triple (2.8 GB for the
build's graph at 2M triples, 14 GB at 10M). This store keeps each distinct term
once, numbered, and every quad as four 32-bit numbers in sorted numpy arrays
(subject-predicate-object-graph order, with permutations for the
predicate-object-subject and object-subject-predicate orders, and one by graph,
each made at its first use): up to 56 bytes a quad beside the terms. A lookup
is an offset into the first key column, then binary searches.

It is made to be filled in bulk and then read, as a build does: additions are
buffered and sorted in once, at the next read; a removal of one statement is
found by binary search and applied, with the others, at the next read. Reading
while adding one triple at a time would sort again at every read.

The answers are rdflib's: the same triples, quads, graphs and counts as
``Memory`` for every pattern (``tests/test_compact_store.py`` compares them),
though not in the same order (this store's is by term number, that is by first
appearance, for every pattern alike). Quoted (N3 formula) graphs are not held.

Examples
--------
>>> from rdflib import Dataset, URIRef
>>> data = Dataset(store=CompactStore(), default_union=True)
>>> a, b, g = URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:g")
>>> _ = data.graph(g).add((a, b, a))
>>> _ = data.default_graph.add((a, b, a))
>>> len(data), len(data.graph(g)), sorted(str(c) for *_, c in data.quads((a, None, None, None)))
(1, 1, ['urn:g', 'urn:x-rdflib:default'])
"""

from __future__ import annotations

from array import array
from collections.abc import Generator, Iterable, Iterator
from typing import Any

import numpy as np
from rdflib import Graph, URIRef
from rdflib.store import Store

__all__ = ["CompactStore"]

#: Rows turned into Python values at a time while reading.
_CHUNK = 1 << 16
#: Up to this many rows, a read is turned into Python values row by row.
_FEW = 64

#: The columns of a quad: subject, predicate, object, graph.
SUBJ, PRED, OBJ, GRAPH = range(4)


class _Order:
    """The quads sorted by some columns (then by the rest): the row numbers in that order,
    each key column in that order (contiguous, for binary search), and where each term's
    rows start in the first key column (one array lookup instead of a search)."""

    def __init__(self, quads: np.ndarray, columns: tuple[int, ...], numbered: int) -> None:
        if columns == (SUBJ, PRED, OBJ):  # the quads themselves are kept in this order
            self.rows = None
            keyed = quads
        elif columns == (GRAPH,):  # each graph's quads, in subject order within it
            self.rows = np.argsort(quads[:, GRAPH], kind="stable").astype(np.int32)
            keyed = quads[self.rows]
        else:
            first, second, third = columns
            self.rows = np.lexsort((quads[:, GRAPH], quads[:, third], quads[:, second],
                                    quads[:, first])).astype(np.int32)
            keyed = quads[self.rows]
        self.quads = quads
        self.keys = [np.ascontiguousarray(keyed[:, c]) for c in columns]
        # (numbered: how many terms, or graphs, the first column's numbers are of)
        starts = np.searchsorted(self.keys[0], np.arange(numbered + 1, dtype=np.int32), "left")
        self.starts = array("i", starts.astype(np.int32).tobytes())  # positions < 2**31

    def span(self, values: tuple[int | None, ...]) -> tuple[int, int]:
        """The range of positions whose leading key columns equal ``values``' leading
        bound values (the rest None)."""
        first = values[0]
        if first is None:
            return 0, len(self.keys[0])
        if first + 1 >= len(self.starts):
            return 0, 0
        low, high = self.starts[first], self.starts[first + 1]
        for key, value in zip(self.keys[1:], values[1:], strict=True):
            if value is None or low == high:
                break
            part, number = key[low:high], np.int32(value)  # a Python int would cast the
            low, high = (low + int(part.searchsorted(number, "left")),  # column: a copy
                         low + int(part.searchsorted(number, "right")))
        return low, high

    def rows_between(self, low: int, high: int) -> np.ndarray:
        """The quads at positions low..high of this order."""
        if self.rows is None:
            return self.quads[low:high]
        return self.quads[self.rows[low:high]]


class CompactStore(Store):
    """A context-aware rdflib store in sorted integer arrays (see the module docstring).

    Give it to ``Dataset(store=CompactStore())``; every ``Graph`` method works as on
    ``Memory``.
    """

    context_aware = True
    formula_aware = False
    graph_aware = True
    transaction_aware = False

    def __init__(self, configuration: str | None = None, identifier: Any = None) -> None:
        super().__init__(configuration)
        self.identifier = identifier
        self._ids: dict[Any, int] = {}
        self._terms: list[Any] = []
        self._graph_ids: dict[Any, int] = {}
        self._graphs: list[Graph] = []
        self._listed: set[int] = set()  # the graphs contexts() lists
        self._added = array("i")  # s, p, o, g of each quad added since the last read
        self._removed: set[int] = set()  # rows to drop at the next read
        self._quads = np.zeros((0, 4), dtype=np.int32)  # unique, sorted s, p, o, g
        self._orders: dict[tuple[int, ...], _Order] = {}
        self._union_size: int | None = None
        self._term_objects = np.empty(0, dtype=object)
        self._namespace: dict[str, URIRef] = {}
        self._prefix: dict[URIRef, str] = {}

    # -- terms and graphs ------------------------------------------------------
    def _id(self, term: Any) -> int:
        found = self._ids.get(term)
        if found is None:
            found = self._ids[term] = len(self._terms)
            self._terms.append(term)
        return found

    def _graph_id(self, graph: Any) -> int:
        identifier = getattr(graph, "identifier", graph)
        found = self._graph_ids.get(identifier)
        if found is None:
            found = self._graph_ids[identifier] = len(self._graphs)
            self._graphs.append(graph)
        elif isinstance(graph, Graph):
            self._graphs[found] = graph  # as Memory: the latest object for that name
        self._listed.add(found)
        return found

    def _known_graph(self, context: Any) -> int | None:
        """The number of a context already known (None: unknown, so empty)."""
        return self._graph_ids.get(getattr(context, "identifier", context))

    # -- changes -----------------------------------------------------------------
    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        if quoted:
            raise ValueError("CompactStore holds no quoted (formula) graphs")
        s, p, o = triple
        self._added.extend((self._id(s), self._id(p), self._id(o), self._graph_id(context)))
        super().add(triple, context, quoted)  # rdflib's event for any subscriber

    def addN(self, quads: Iterable[tuple[Any, Any, Any, Any]]) -> None:
        ids, added, graph_id = self._id, self._added, self._graph_id
        last: Any = None
        last_id = -1
        for s, p, o, context in quads:
            if context is not last:  # the same graph object for a whole batch, mostly
                last, last_id = context, graph_id(context)
            added.extend((ids(s), ids(p), ids(o), last_id))

    def remove(self, triple: Any, context: Any = None) -> None:
        s, p, o = triple
        graph = None if context is None else self._known_graph(context)
        if context is not None and graph is None:
            return
        wanted = [None if t is None else self._ids.get(t, -1) for t in (s, p, o)]
        if -1 in wanted:
            return
        self._settle()  # what was added before is removable
        order, low, high = self._span(wanted[0], wanted[1], wanted[2])
        rows = np.arange(low, high) if order.rows is None else order.rows[low:high]
        if graph is not None:
            rows = rows[self._quads[rows, GRAPH] == graph]
        self._removed.update(rows.tolist())
        super().remove(triple, context)

    def add_graph(self, graph: Graph) -> None:
        self._graph_id(graph)

    def remove_graph(self, graph: Graph) -> None:
        self.remove((None, None, None), graph)
        found = self._known_graph(graph)
        if found is not None:  # its number stays: the rows removed name it until the next read
            self._listed.discard(found)

    def _settle(self) -> None:
        """Sort in what was added and drop what was removed (at the first read after)."""
        if not self._added and not self._removed:
            return
        quads = self._quads
        if self._removed:
            keep = np.ones(len(quads), dtype=bool)
            keep[np.fromiter(self._removed, dtype=np.int64)] = False
            quads = quads[keep]
            self._removed = set()
        if self._added:
            new = np.frombuffer(self._added, dtype=np.int32).reshape(-1, 4)
            quads = np.concatenate([quads, new]) if len(quads) else new.copy()
            self._added = array("i")
            order = np.lexsort((quads[:, GRAPH], quads[:, OBJ], quads[:, PRED], quads[:, SUBJ]))
            quads = quads[order]
            if len(quads) > 1:  # the same quad added twice is held once
                fresh = np.ones(len(quads), dtype=bool)
                fresh[1:] = (quads[1:] != quads[:-1]).any(axis=1)
                quads = quads[fresh]
        self._quads = np.ascontiguousarray(quads)
        self._orders = {}
        self._union_size = None

    def _order(self, columns: tuple[int, ...]) -> _Order:
        found = self._orders.get(columns)
        if found is None:
            numbered = len(self._graphs) if columns == (GRAPH,) else len(self._terms)
            found = self._orders[columns] = _Order(self._quads, columns, numbered)
        return found

    def _span(self, s: int | None, p: int | None, o: int | None) -> tuple[_Order, int, int]:
        """The order to read a pattern from and the range in it: every pattern is a
        leading part of the key of one of three orders."""
        if s is not None:
            if p is None and o is not None:
                order = self._order((OBJ, SUBJ, PRED))
                return (order, *order.span((o, s, None)))
            order = self._order((SUBJ, PRED, OBJ))
            return (order, *order.span((s, p, o)))
        if p is not None:
            order = self._order((PRED, OBJ, SUBJ))
            return (order, *order.span((p, o, None)))
        order = self._order((OBJ, SUBJ, PRED) if o is not None else (SUBJ, PRED, OBJ))
        return (order, *order.span((o, None, None)))

    def _matching(self, pattern: Any, context: Any) -> Iterator[tuple[np.ndarray, bool]]:
        """The quads matching ``pattern`` (in ``context``, if given), chunk by chunk, and
        whether each triple is there once (one graph asked, or the rows say so)."""
        self._settle()
        graph = None
        if context is not None:
            graph = self._known_graph(context)
            if graph is None:
                return
        wanted = []
        for term in pattern:
            found = None if term is None else self._ids.get(term)
            if term is not None and found is None:
                return
            wanted.append(found)
        if graph is not None and wanted == [None, None, None]:  # one graph's statements
            order = self._order((GRAPH,))
            low, high = order.span((graph,))
            graph = None
        else:
            order, low, high = self._span(wanted[0], wanted[1], wanted[2])
        # In chunks: a whole scan as Python lists at once would cost more than the store.
        for start in range(low, high, _CHUNK):
            quads = order.rows_between(start, min(start + _CHUNK, high))
            if graph is not None:
                quads = quads[quads[:, GRAPH] == graph]
            yield quads, context is not None

    def _term_array(self) -> np.ndarray:
        """The terms by number, as a numpy array (to look up a column at once)."""
        if len(self._term_objects) != len(self._terms):
            found = np.empty(len(self._terms), dtype=object)
            found[:] = self._terms
            self._term_objects = found
        return self._term_objects

    def _triples_of(self, quads: np.ndarray) -> Iterable[tuple[Any, Any, Any]]:
        """The rows' triples as rdflib terms: row by row for a few (a lookup: numpy's
        calls would cost more than the rows), else a column at a time."""
        if len(quads) <= _FEW:
            names = self._terms
            return [(names[s], names[p], names[o]) for s, p, o, _g in quads.tolist()]
        terms = self._term_array()
        return zip(terms[quads[:, SUBJ]].tolist(), terms[quads[:, PRED]].tolist(),
                   terms[quads[:, OBJ]].tolist(), strict=True)

    # -- reads -----------------------------------------------------------------
    def union_triples(self, pattern: Any, context: Any = None
                      ) -> Iterator[tuple[Any, Any, Any]]:
        """The triples matching ``pattern`` (in ``context``, if given; else in the union),
        each once: what ``triples`` gives without the graphs of each, which a read of
        the union or of one graph never looks at."""
        last: list[int] | None = None
        for quads, _once in self._matching(pattern, context):
            if len(quads) <= _FEW:  # a lookup: numpy's calls would cost more than the rows
                names = self._terms
                for row in quads.tolist():
                    key = row[:3]
                    if key != last:
                        last = key
                        yield names[key[0]], names[key[1]], names[key[2]]
                continue
            first = np.ones(len(quads), dtype=bool)  # the first row of each triple
            first[1:] = (quads[1:, :3] != quads[:-1, :3]).any(axis=1)
            if last is not None and quads[0, :3].tolist() == last:
                first[0] = False  # the triple went on from the chunk before
            last = quads[-1, :3].tolist()
            yield from self._triples_of(quads[first])

    def triples(self, triple_pattern: Any, context: Any = None
                ) -> Iterator[tuple[tuple[Any, Any, Any], Iterator[Any]]]:
        """Each matching triple once, with the graphs it is in (as ``Memory``: with a
        ``context``, every graph of the triple, not only that one)."""
        graphs = self._graphs
        previous: Any = None
        last: list[int] | None = None
        in_graphs: list[Any] = []
        for quads, once in self._matching(triple_pattern, context):
            found = self._triples_of(quads)
            if once:  # the graphs of each only if asked for
                for triple in found:
                    yield triple, self._graphs_of(triple)
                continue
            for triple, row in zip(found, quads.tolist(), strict=True):
                key = row[:3]
                if key == last:  # the same triple in another graph: the rows of one
                    in_graphs.append(graphs[row[GRAPH]])  # triple are together (graph last)
                    continue
                if previous is not None:
                    yield previous, iter(in_graphs)
                previous, last, in_graphs = triple, key, [graphs[row[GRAPH]]]
        if previous is not None:
            yield previous, iter(in_graphs)

    def graphs_holding(self, triple: tuple[Any, Any, Any]) -> list[Any]:
        """The graphs (objects) stating ``triple``."""
        self._settle()
        ids = [self._ids.get(term) for term in triple]
        if None in ids:
            return []
        order, low, high = self._span(*ids)
        graphs = self._graphs
        return [graphs[g] for g in order.rows_between(low, high)[:, GRAPH].tolist()]

    def _graphs_of(self, triple: tuple[Any, Any, Any]) -> Iterator[Any]:
        """The graphs of one triple, worked out only if iterated (rdflib's
        ``Graph.triples`` never does)."""
        yield from self.graphs_holding(triple)

    def __len__(self, context: Any = None) -> int:
        self._settle()
        if context is None:
            if self._union_size is None:
                quads = self._quads
                if len(quads) < 2:
                    self._union_size = len(quads)
                else:
                    self._union_size = 1 + int(
                        (quads[1:, :3] != quads[:-1, :3]).any(axis=1).sum())
            return self._union_size
        graph = self._known_graph(context)
        if graph is None:
            return 0
        low, high = self._order((GRAPH,)).span((graph,))
        return high - low

    def contexts(self, triple: Any = None) -> Generator[Any, None, None]:
        """Every graph made and not removed (as Memory: an emptied one too), or those
        holding ``triple``."""
        self._settle()
        if triple is None or tuple(triple) == (None, None, None):
            yield from [self._graphs[i] for i in sorted(self._listed)]
        else:
            yield from self.graphs_holding((triple[0], triple[1], triple[2]))

    # -- prefixes (as rdflib's Memory binds them) -------------------------------
    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        bound_namespace = self._namespace.get(prefix)
        bound_prefix = self._prefix.get(namespace)
        if bound_prefix is None and bound_namespace is not None:
            bound_prefix = self._prefix.get(bound_namespace)
        if override:
            if bound_prefix is not None:
                del self._namespace[bound_prefix]
            if bound_namespace is not None:
                del self._prefix[bound_namespace]
            self._prefix[namespace] = prefix
            self._namespace[prefix] = namespace
        else:
            kept_namespace = bound_namespace if bound_namespace is not None else namespace
            kept_prefix = bound_prefix if bound_prefix is not None else prefix
            self._prefix[kept_namespace] = kept_prefix
            self._namespace[kept_prefix] = kept_namespace

    def namespace(self, prefix: str) -> URIRef | None:
        return self._namespace.get(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        return self._prefix.get(namespace)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from list(self._namespace.items())

