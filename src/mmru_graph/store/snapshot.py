"""The triples the commands read, precomputed by ``build`` next to the Oxigraph store.

Every query command reads the same few bulk concerns of the graph
(:data:`mmru_graph.store.backends.CONCERNS`). Walking them out of Oxigraph
one quad at a time costs a Python object per term per triple; ``build``
therefore also writes ``store/triples.marshal``: each distinct term once,
then each concern's triples as integer rows. The Oxigraph backend answers
its bulk reads from it (user SPARQL still runs in Oxigraph). It is written
into the same staging folder as the store and renamed with it, so the two
always describe the same build.

:mod:`marshal` holds plain strings and integers (never pickle: loading it
runs no code).
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .backends import CONCERNS, REST, Triple, concern_of

__all__ = ["LINKS", "SNAPSHOT", "Links", "Snapshot", "write_links", "write_snapshot"]

SNAPSHOT = "triples.marshal"
_KNOWN = {p for predicates in CONCERNS.values() for p in predicates}
#: Bumped when the layout changes; an unknown layout is ignored (Oxigraph answers).
FORMAT = 1
_URI, _LITERAL, _BNODE = 0, 1, 2


def _encode(term: Node) -> tuple[Any, ...]:
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else None
        return (_LITERAL, str(term), datatype, term.language)
    if isinstance(term, BNode):
        return (_BNODE, str(term))
    return (_URI, str(term))


def write_snapshot(graph: Graph, path: Path) -> None:
    """Write every triple of ``graph``, grouped by concern, to ``path``."""
    terms: dict[Node, int] = {}
    table: list[tuple[Any, ...]] = []
    rows: dict[str, list[int]] = {name: [] for name in [*CONCERNS, REST]}

    def number(term: Node) -> int:
        found = terms.get(term)
        if found is None:
            found = terms[term] = len(table)
            table.append(_encode(term))
        return found

    for s, p, o in graph:
        rows[concern_of(p)].extend((number(s), number(p), number(o)))
    path.write_bytes(marshal.dumps((FORMAT, table, rows)))


class Snapshot:
    """The concerns' triples from a snapshot file, terms decoded on first use."""

    def __init__(self, path: Path) -> None:
        version, self._table, self._rows = marshal.loads(path.read_bytes())
        if version != FORMAT:
            raise ValueError(f"{path}: snapshot format {version}, expected {FORMAT}")
        self._all: list[Node] | None = None

    def _decoded(self) -> list[Node]:
        """Every term of the table as an rdflib term, decoded once in one pass."""
        if self._all is None:
            decoded: list[Node] = []
            append = decoded.append
            for kind, value, *rest in self._table:
                if kind == _URI:
                    append(URIRef(value))
                elif kind == _LITERAL:
                    datatype, language = rest
                    append(Literal(value, lang=language,
                                   datatype=URIRef(datatype) if datatype else None))
                else:
                    append(BNode(value))
            self._all = decoded
        return self._all

    def triples(self, predicates: Sequence[URIRef] | None,
                exclude: Sequence[URIRef] = ()) -> Iterable[Triple]:
        """As :meth:`mmru_graph.store.backends.Backend.triples`."""
        if predicates is None:
            skip = set(exclude)
            # "Every predicate but the known ones" is exactly the rest.
            names = [REST] if skip >= _KNOWN else [*CONCERNS, REST]
            wanted = None
        else:
            skip = set()
            names = sorted({concern_of(p) for p in predicates})
            wanted = set(predicates)
        terms = self._decoded()
        found: list[Triple] = []
        for name in names:
            flat = self._rows.get(name, [])
            triples = zip(map(terms.__getitem__, flat[0::3]),
                          map(terms.__getitem__, flat[1::3]),
                          map(terms.__getitem__, flat[2::3]), strict=True)
            if wanted is not None and wanted.issuperset(CONCERNS.get(name, ())) \
                    and name != REST:
                found.extend(triples)  # the whole concern: nothing to filter
            else:
                found.extend(t for t in triples
                             if (wanted is None or t[1] in wanted) and t[1] not in skip)
        return found


# --------------------------------------------------------------------------
# Links: every triple by subject, object and predicate (for neighbourhoods)
# --------------------------------------------------------------------------
LINKS = "links.marshal"


def _key(term: Node) -> str | None:
    """The lookup key of an IRI or blank node (None for a literal)."""
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return "_:" + str(term)
    return None


def write_links(graph: Graph, path: Path) -> None:
    """Write every triple of ``graph`` as term numbers, indexed by subject, object and
    predicate, so that a neighbourhood (:mod:`mmru_graph.store.focus`) is read with
    dictionary lookups instead of the store's per-term string lookups."""
    terms: dict[Node, int] = {}
    table: list[tuple[Any, ...]] = []
    subjects: list[int] = []
    predicates: list[int] = []
    objects: list[int] = []
    by_subject: dict[str, list[int]] = {}
    by_object: dict[str, list[int]] = {}
    by_predicate: dict[str, list[int]] = {}

    def number(term: Node) -> int:
        found = terms.get(term)
        if found is None:
            found = terms[term] = len(table)
            table.append(_encode(term))
        return found

    for row, (s, p, o) in enumerate(graph):
        subjects.append(number(s))
        predicates.append(number(p))
        objects.append(number(o))
        by_subject.setdefault(_key(s) or "", []).append(row)
        by_predicate.setdefault(str(p), []).append(row)
        key = _key(o)
        if key is not None:
            by_object.setdefault(key, []).append(row)
    path.write_bytes(marshal.dumps((FORMAT, table, subjects, predicates, objects,
                                    by_subject, by_object, by_predicate)))


class Links:
    """Every triple by subject, object and predicate, from a links file; answers
    :class:`mmru_graph.store.focus.NodeLookup`'s questions, terms decoded once each."""

    def __init__(self, path: Path) -> None:
        (version, self._table, self._s, self._p, self._o, self._by_subject,
         self._by_object, self._by_predicate) = marshal.loads(path.read_bytes())
        if version != FORMAT:
            raise ValueError(f"{path}: links format {version}, expected {FORMAT}")
        self._decoded: dict[int, Node] = {}

    def _term(self, number: int) -> Node:
        found = self._decoded.get(number)
        if found is None:
            kind, value, *rest = self._table[number]
            if kind == _URI:
                found = URIRef(value)
            elif kind == _LITERAL:
                datatype, language = rest
                found = Literal(value, lang=language,
                                datatype=URIRef(datatype) if datatype else None)
            else:
                found = BNode(value)
            self._decoded[number] = found
        return found

    def _rows(self, rows: Iterable[int]) -> list[Triple]:
        term, s, p, o = self._term, self._s, self._p, self._o
        return [(term(s[r]), term(p[r]), term(o[r])) for r in rows]

    def about(self, nodes: Iterable[Node], incoming: bool = False,
              predicate: URIRef | None = None) -> list[Triple]:
        """Every triple from (``incoming``: to) one of ``nodes``, of ``predicate`` if given."""
        index = self._by_object if incoming else self._by_subject
        rows = [r for node in nodes for r in index.get(_key(node) or "", ())]
        if predicate is not None:
            wanted = set(self._by_predicate.get(str(predicate), ()))
            rows = [r for r in rows if r in wanted]
        return self._rows(rows)

    def with_predicates(self, predicates: Sequence[URIRef]) -> list[Triple]:
        """Every triple of these predicates."""
        return self._rows(r for p in dict.fromkeys(predicates)
                          for r in self._by_predicate.get(str(p), ()))
