"""The data-access index: subject → objects maps, one triple-pattern scan per predicate.

Every projection and analysis reads the graph through a :class:`TripleIndex`
rather than issuing one lookup per node: a fixed number of scans, whatever
the size of the graph, is what keeps start-up flat. On the Oxigraph and SPARQL
stores each scan is a map that one bulk request per concern filled
(:class:`mmru_graph.store.backends.BackendTriples`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, Literal
from rdflib.term import Node

from .backends import BackendTriples

__all__ = ["TripleIndex", "is_true", "least"]


def is_true(value: Node | None) -> bool:
    """Whether ``value`` is the literal ``true``.

    Examples
    --------
    >>> from rdflib import Literal
    >>> is_true(Literal(True)), is_true(Literal("true")), is_true(None)
    (True, False, False)
    """
    return isinstance(value, Literal) and value.toPython() is True


def _term_order(term: Node) -> tuple[str, str, str, str]:
    """A total order of terms: kind, lexical form, datatype, language."""
    if isinstance(term, Literal):
        return ("literal", str(term), str(term.datatype or ""), term.language or "")
    return (type(term).__name__, str(term), "", "")


def least(values: Iterable[Node]) -> Node:
    """The value :meth:`TripleIndex.first` picks among a subject's several: the least in
    term order, whatever order a store sends them in.

    >>> from rdflib import Literal
    >>> str(least([Literal("2022-02-20"), Literal("2022-02")]))
    '2022-02'
    """
    return min(values, key=_term_order)


class TripleIndex:
    """Subject → objects maps of the graph, one triple-pattern scan per predicate.

    Kept on :class:`NodeTable` as ``index``, so the projections reuse the scans
    the table already paid for.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._maps: dict[Node, dict[Node, list[Node]]] = {}

    def all(self, predicate: Node) -> dict[Node, list[Node]]:
        """Every subject's objects of ``predicate``."""
        found = self._maps.get(predicate)
        if found is None:
            store = self.graph.store
            if isinstance(store, BackendTriples):
                # Oxigraph or an endpoint: the map its bulk read of the
                # predicate's concern already holds, without a pass per triple.
                found = defaultdict(list, store.predicate_map(predicate))
            else:
                found = defaultdict(list)
                for subject, value in self.graph.subject_objects(predicate):
                    found[subject].append(value)
            self._maps[predicate] = found
        return found

    def first(self, predicate: Node) -> dict[Node, Node]:
        """One object of ``predicate`` per subject (the properties that have one).

        Where two sources give a subject two values (two start dates), the
        least in term order, so every store, whatever order it reads the
        triples in, and every part of the graph picks the same one.

        Examples
        --------
        >>> from rdflib import Graph, Literal, URIRef
        >>> g, node, p = Graph(), URIRef("https://e.org/x"), URIRef("https://e.org/date")
        >>> _ = g.add((node, p, Literal("2022-02-21")))
        >>> _ = g.add((node, p, Literal("2022-02-20")))
        >>> str(TripleIndex(g).first(p)[node])
        '2022-02-20'
        """
        return {subject: values[0] if len(values) == 1 else least(values)
                for subject, values in self.all(predicate).items()}

    def strings(self, predicate: Node) -> dict[Node, list[str]]:
        """Every subject's objects of ``predicate``, as strings."""
        return {subject: [str(v) for v in values]
                for subject, values in self.all(predicate).items()}

    def flags(self, predicate: Node) -> set[Node]:
        """The subjects whose ``predicate`` is ``true``."""
        return {s for s, values in self.all(predicate).items() if any(map(is_true, values))}
