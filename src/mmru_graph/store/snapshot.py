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

__all__ = ["SNAPSHOT", "Snapshot", "write_snapshot"]

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
