"""Safe, read-only, bounded SPARQL over the project graph: parse, check, run offline.

Three guards keep a query offline and read-only, and a fourth keeps it small:

1. The text is parsed with rdflib's SPARQL parser first, so a malformed
   query fails with the parser's line and column before anything runs.
2. The parsed algebra is inspected, never the raw text: ``SERVICE``,
   ``FROM`` / ``FROM NAMED`` and SPARQL Update are refused
   (:func:`mmru_graph.store.query_check.prepare_query`, which the SHACL-SPARQL
   constraints of ``shapes.ttl`` pass through too).
3. While a query is evaluated, the process-wide network guard
   (:func:`mmru_graph.offline.offline`) refuses any connection, in case a
   future rdflib grows another way to fetch.
4. The query runs in a worker process bounded in time, rows and memory
   (:mod:`mmru_graph.sparql.limits`); a runaway query is killed and
   reported as :class:`~mmru_graph.errors.QueryLimitError`.

The named queries of ``graph/queries/`` are :mod:`mmru_graph.sparql.named`;
rendering results as a table, JSON, CSV or Turtle is
:mod:`mmru_graph.sparql.results`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from rdflib.term import Identifier, Variable

from ..errors import MmruError, QueryError
from ..offline import offline
from ..store.backends import backend_of
from ..store.query_check import checked_kind, prepare_query
from .lateral import lateral_phrasing
from .limits import DEFAULT_LIMITS, QueryLimits, call, limit_error, run_limited

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result

    from ..store.endpoint import EndpointBackend

__all__ = ["QueryLimits", "offline", "prepare_query", "run_query"]


def _variable(key: Any) -> Any:
    return Variable(key) if type(key) is str else key


class Row(dict):
    """One SELECT solution: a plain dict of ``Variable`` to term that, like
    rdflib's own bindings, also takes a variable's name (``row["place"]``).

    >>> Row({Variable("n"): 1})["n"]
    1
    """

    def __getitem__(self, key: Any) -> Any:
        return super().__getitem__(_variable(key))

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(_variable(key), default)

    def __contains__(self, key: object) -> bool:
        return super().__contains__(_variable(key))


def _evaluate(graph: Graph, query: Any, bindings: dict[str, Identifier],
              limits: QueryLimits, where: str) -> tuple[Any, ...]:
    """Evaluate in the worker; a picklable ``(type, vars, rows-or-answer-or-triples)``."""
    try:
        result = graph.query(query, initBindings=bindings)
        if result.type == "ASK":
            return ("ASK", None, bool(result.askAnswer))
        rows: list[Any] = []
        source: Any = result.bindings if result.type == "SELECT" else result.graph
        for row in source:
            # rdflib yields one empty binding for an aggregate over no rows,
            # even with GROUP BY (the spec says no rows), and skips it only
            # when iterating; drop it so JSON and CSV agree with other engines.
            if result.type == "SELECT" and not row:
                continue
            if limits.max_rows is not None and len(rows) >= limits.max_rows:
                raise limit_error("rows", limits)
            rows.append(Row(row) if result.type == "SELECT" else tuple(row))
        variables = list(result.vars or []) if result.type == "SELECT" else None
        return (result.type, variables, rows)
    except MmruError:
        raise
    except RecursionError:
        raise QueryError(f"{where}query too deeply nested to evaluate") from None
    except MemoryError:
        raise
    except Exception as exc:  # rdflib raises bare exceptions while evaluating
        raise QueryError(f"{where}query failed: {type(exc).__name__}: {exc}") from None


def _result(kind: str, variables: list[Variable] | None, payload: Any) -> Result:
    from rdflib.query import Result

    from ..store.loading import new_graph

    result = Result(kind)
    if kind == "ASK":
        result.askAnswer = payload
    elif kind == "SELECT":
        result.vars = variables
        result.bindings = payload
    else:
        graph = new_graph()
        for triple in payload:
            graph.add(triple)
        result.graph = graph
    return result


def run_query(graph: Graph, query_text: str, *,
              init_bindings: Mapping[str, Identifier] | None = None,
              where: str = "", limits: QueryLimits = DEFAULT_LIMITS,
              lateral: bool = False) -> Result:
    """Run a read-only SPARQL query on the graph, offline and within limits.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph, as :func:`mmru_graph.load_graph` returns it.
    query_text : str
        SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE; project prefixes need
        no declaration.
    init_bindings : mapping of str to rdflib term, optional
        Variables bound before evaluation (``{"actor": ID["min-aung-hlaing"]}``).
    where : str
        Prefix for error messages (the file or query name).
    limits : QueryLimits
        Time, rows and memory the query may take
        (:data:`~mmru_graph.sparql.limits.DEFAULT_LIMITS`: 30 s, 100 000 rows,
        2048 MB).
    lateral : bool
        Let an engine with ``LATERAL`` (the Oxigraph store; an endpoint that
        accepts it) run the text's ``# lateral:`` lines
        (:mod:`mmru_graph.sparql.lateral`: what the named queries declare for
        Oxigraph's planner). False (a user's query) runs the text as written.

    Returns
    -------
    rdflib.query.Result
        SELECT rows already evaluated, an ASK answer, or a CONSTRUCT /
        DESCRIBE graph.

    Raises
    ------
    QueryError
        Malformed, refused, too deeply nested, or failing during evaluation.
    QueryLimitError
        The query ran past its time, row or memory limit and was stopped.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" .
    ... ''')

    The project's prefixes need no declaration:

    >>> rows = run_query(g, 'SELECT ?n WHERE { id:ana schema:name ?n }')
    >>> [str(r.n) for r in rows]
    ['Ana Rojas']
    >>> run_query(g, 'ASK { id:ana a schema:Person }').askAnswer
    True
    >>> run_query(g, 'SELECT * { ?s ?p ?o }', limits=QueryLimits(max_rows=1))
    Traceback (most recent call last):
    ...
    mmru_graph.errors.QueryLimitError: query stopped: its result exceeds the row limit (1 rows)
    """
    bindings = {str(k).lstrip("?$"): v for k, v in (init_bindings or {}).items()}
    backend = backend_of(graph)
    if backend is None or backend.kind not in ("oxigraph", "sparql"):
        query = prepare_query(query_text, where=where)
        with offline():
            kind, variables, payload = run_limited(
                lambda: _evaluate(graph, query, bindings, limits, where), limits)
        return _result(kind, variables, payload)
    # A store of its own runs the text: only the guard's verdict and the
    # kind are needed here, and a text that passed before is not re-parsed.
    kind = checked_kind(query_text, where=where)
    # The phrasing for LATERAL adds only LATERAL groups to the checked text
    # (lateral_phrasing refuses anything else), so the verdict holds for it.
    phrased = lateral_phrasing(query_text, where.rstrip(": ")) if lateral else None
    if backend.kind == "oxigraph":
        query_text = phrased or query_text
        # The embedded store is bounded as rdflib is: the worker opens the
        # store itself (read-only), so no store's threads are ever forked.
        spec = ("mmru_graph.store.oxigraph", "query_rows",
                (backend.location, query_text, kind, bindings, limits.max_rows))
        with offline():
            kind, variables, payload = run_limited(lambda: call(spec), limits, spec=spec)
        if kind == "SELECT":
            payload = [Row(row) for row in payload if row]
        return _result(kind, variables, payload)
    # The same guarded text, run by the endpoint within the query's time limit
    # (the kind, not isinstance: urllib stays unimported for local stores).
    endpoint = cast("EndpointBackend", backend)
    with offline(allow=endpoint.url):
        if phrased and endpoint.has_lateral():
            query_text = phrased
        result = endpoint.query(query_text, kind, bindings, timeout=limits.timeout)
        if result.type == "SELECT":
            result.bindings = [row for row in result.bindings if row]
            if limits.max_rows is not None and len(result.bindings) > limits.max_rows:
                raise limit_error("rows", limits)
    return result
