"""SPARQL results as text: an aligned table, W3C JSON or CSV, or Turtle.

:func:`format_result` renders what :func:`mmru_graph.sparql.run_query`
returns, in the formats ``mmru-graph sparql --format`` offers.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rdflib import BNode, URIRef, Variable
from rdflib.term import Identifier

from ..errors import QueryError, ResultShapeError
from ..namespaces import PREFIXES

if TYPE_CHECKING:
    from rdflib.query import Result

__all__ = ["FORMATS", "format_result", "short_name"]

#: Output formats; ``turtle`` is for graph results (CONSTRUCT, DESCRIBE).
FORMATS = ("table", "json", "csv", "turtle")


def short_name(term: Identifier | None) -> str:
    """How a term reads in a table: prefixed IRIs, literals' lexical form.

    >>> short_name(URIRef("https://w3id.org/mmru-graph/id/russia"))
    'id:russia'
    >>> short_name(URIRef("http://example.org/x"))
    '<http://example.org/x>'
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        best = max((ns for ns in PREFIXES.items() if term.startswith(ns[1])),
                   key=lambda ns: len(ns[1]), default=None)
        return f"{best[0]}:{term[len(best[1]):]}" if best else f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _table(result: Result) -> str:
    if result.type == "ASK":
        return "true" if result.askAnswer else "false"
    names = [str(v) for v in result.vars or []]
    rows = [[short_name(row.get(Variable(n))) for n in names]
            for row in result.bindings]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    out = [_table_line(cells, widths) for cells in [names, ["-" * w for w in widths], *rows]]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _table_line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def _turtle(result: Result) -> str:
    from ..store.loading import new_graph

    graph = new_graph()  # the project prefixes, so the Turtle reads id:..., schema:...
    for triple in result.graph or []:
        graph.add(triple)
    return graph.serialize(format="turtle")


def format_result(result: Result, fmt: str = "table") -> str:
    """Render a query result as text.

    ``table``: aligned columns with prefixed names (graph results: Turtle);
    ``json``: W3C SPARQL 1.1 Query Results JSON (SELECT and ASK);
    ``csv``: W3C SPARQL 1.1 Query Results CSV (SELECT);
    ``turtle``: CONSTRUCT and DESCRIBE graphs.

    Raises
    ------
    QueryError
        When the format does not fit the result (``csv`` of a graph,
        ``turtle`` of a table): the message names the formats that do.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> from mmru_graph.sparql.guard import run_query
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:peru schema:name "Peru" .
    ... ''')
    >>> r = run_query(g, 'SELECT ?n WHERE { id:peru schema:name ?n }')
    >>> print(format_result(r, "table"))
    n
    ----
    Peru
    (1 row)
    >>> format_result(r, "csv")
    'n\\r\\nPeru\\r\\n'
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
    is_graph = result.type in ("CONSTRUCT", "DESCRIBE")
    if is_graph:
        if fmt in ("table", "turtle"):
            return _turtle(result)
        raise ResultShapeError(f"{result.type} gives a graph, not {fmt}", result.type,
                               ("turtle", "table"))
    if fmt == "turtle":
        shape = "a table" if result.type == "SELECT" else "a yes/no answer"
        suitable = ("table", "json", "csv") if result.type == "SELECT" else ("table", "json")
        raise ResultShapeError(f"{result.type} gives {shape}, not a graph", result.type,
                               suitable)
    if fmt == "table":
        return _table(result)
    if fmt == "json":
        # rdflib's serializer is the W3C format; re-dumped only to indent it.
        data = json.loads(result.serialize(format="json", encoding="utf-8") or b"{}")
        ordered = {"head": data.pop("head", {}), **data}  # head first, as the spec shows it
        return json.dumps(ordered, indent=2, ensure_ascii=False)
    if result.type == "ASK":
        raise ResultShapeError("ASK gives a yes/no answer, not a table of rows", "ASK",
                               ("table", "json"))
    return _csv(result)


def _csv(result: Result) -> str:
    """W3C SPARQL 1.1 Query Results CSV: bare values (a blank node as ``_:id``,
    unbound as empty), CRLF rows; what rdflib's CSV serializer writes, without
    importing rdflib's SPARQL engine for it (0.4 s of a command's start)."""
    import csv
    import io

    from rdflib import BNode

    out = io.StringIO()
    writer = csv.writer(out)
    variables = list(result.vars or [])
    writer.writerow([str(v) for v in variables])
    for row in result.bindings:
        cells = []
        for variable in variables:
            term = row.get(variable)
            cells.append("" if term is None else f"_:{term}" if isinstance(term, BNode)
                         else str(term))
        writer.writerow(cells)
    return out.getvalue()
