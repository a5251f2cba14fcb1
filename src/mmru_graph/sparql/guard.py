"""Safe, read-only SPARQL over the project graph: parse, check, run offline.

Three guards keep a query offline and read-only:

1. The text is parsed with rdflib's SPARQL parser first, so a malformed
   query fails with the parser's line and column before anything runs.
2. The parsed algebra is inspected, never the raw text (a comment or a
   string literal mentioning ``SERVICE`` is harmless): ``SERVICE`` (rdflib
   would send the inner query to the IRI with ``urlopen``), ``FROM`` /
   ``FROM NAMED`` (rdflib's ``QueryContext.load`` would parse the IRI as a
   document) and every SPARQL Update operation (``LOAD`` fetches; the tool
   only reads) are refused.
3. While a query is evaluated, a Python audit hook (PEP 578, the measure
   rdflib's *Security Considerations* page recommends) refuses any
   ``urllib.Request`` or socket connection, in case a future rdflib grows
   another way to fetch.

The named queries of ``graph/queries/`` are :mod:`mmru_graph.sparql.named`;
rendering results as a table, JSON, CSV or Turtle is
:mod:`mmru_graph.sparql.results`.

``rdflib.plugins.sparql`` (about 80 ms of pyparsing grammar) is imported
only inside the functions that parse queries, to keep start-up light.
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from rdflib import URIRef
from rdflib.term import Identifier

from ..errors import MmruError, QueryError
from ..namespaces import PREFIXES
from ..store.backends import backend_of

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.plugins.sparql.sparql import Query
    from rdflib.query import Result

__all__ = ["offline", "prepare_query", "run_query"]

#: SPARQL Update operations as rdflib's parser names them, and as SPARQL spells them.
_UPDATE_KEYWORDS = {
    "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD",
    "Move": "MOVE", "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE", "Modify": "DELETE/INSERT",
}


# --------------------------------------------------------------------------
# Parsing and checking
# --------------------------------------------------------------------------
def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib algebra or parse tree (CompValues, lists, dicts)."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)


def _refuse_update(query_text: str, where: str) -> None:
    """Raise QueryError if the text is SPARQL Update; return quietly otherwise."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        tree = parseUpdate(query_text)
    except Exception:  # not an update either: the caller reports the query's error
        return
    operations = [_UPDATE_KEYWORDS.get(op.name, op.name) for op in tree.request or []]
    if operations:
        fetches = " (and LOAD would fetch from the network)" if "LOAD" in operations else ""
        raise QueryError(f"{where}SPARQL Update ({', '.join(operations)}) is refused: "
                         f"this tool only reads the graph{fetches}")


def prepare_query(query_text: str, *, where: str = "") -> Query:
    """Parse a SPARQL query and refuse anything that writes or reaches the network.

    Parameters
    ----------
    query_text : str
        A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE). The project
        prefixes (``schema:``, ``oa:``, ``prov:``, ``org:``, ``mmru:``,
        ``id:``, ...) may be used without declaring them.
    where : str
        Prefix for error messages, e.g. ``"graph/queries/timeline.rq: "``.

    Returns
    -------
    rdflib.plugins.sparql.sparql.Query
        The parsed query with its algebra, ready to evaluate.

    Raises
    ------
    QueryError
        ``line L, column C: message`` for a malformed query; a refusal for
        SPARQL Update, ``SERVICE``, ``FROM`` or ``FROM NAMED``.

    Examples
    --------
    >>> prepare_query("SELECT ?name WHERE { ?p schema:name ?name }").algebra.name
    'SelectQuery'
    >>> prepare_query("SELECT ?x WHERE { ?x ?y }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.errors.QueryError: malformed SPARQL at line 1, column 19: Expected ...
    >>> prepare_query("SELECT * { SERVICE <http://example.org/q> { ?s ?p ?o } }")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.errors.QueryError: SERVICE <http://example.org/q> is refused: queries may not ...
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    if not query_text.strip():
        raise QueryError(f"{where}empty query")
    try:
        tree = parseQuery(query_text)
    except ParseException as exc:
        _refuse_update(query_text, where)
        found = f", found {exc.found}" if getattr(exc, "found", "") else ""
        message = f"{exc.msg}{found}" if exc.msg.startswith("Expected") else str(exc.msg)
        raise QueryError(
            f"{where}malformed SPARQL at line {exc.lineno}, column {exc.col}: {message}"
        ) from None
    try:
        query = translateQuery(tree, initNs=PREFIXES)
    except Exception as exc:  # rdflib raises bare Exception (e.g. unknown prefix)
        raise QueryError(f"{where}malformed SPARQL: {exc}") from None

    dataset = query.algebra.get("datasetClause") or []
    if dataset:
        # CompValue.get returns the key itself when it is missing: test membership.
        clauses = [f"FROM NAMED <{d['named']}>" if "named" in d else f"FROM <{d['default']}>"
                   for d in dataset]
        raise QueryError(f"{where}{', '.join(clauses)} is refused: queries run on the local "
                         "graph only and may not load other graphs")
    for node in _walk(query.algebra):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            term = node["term"]
            target = f"<{term}>" if isinstance(term, URIRef) else f"?{term}"
            raise QueryError(
                f"{where}SERVICE {target} is refused: queries may not reach the network")
    return query


# --------------------------------------------------------------------------
# Offline evaluation
# --------------------------------------------------------------------------
_OFFLINE: contextvars.ContextVar[bool] = contextvars.ContextVar("mmru_offline", default=False)
_NETWORK_EVENTS = frozenset({
    "urllib.Request", "socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
    "socket.gethostbyaddr", "http.client.connect",
})
_hook_installed = False


#: The one endpoint a query may reach inside :func:`offline` (the configured
#: SPARQL backend): its URL, host name and the addresses it resolves to.
_ALLOWED: contextvars.ContextVar[tuple[str, str, frozenset[Any]] | None] = \
    contextvars.ContextVar("mmru_allowed", default=None)


def _allowed(event: str, args: tuple[Any, ...]) -> bool:
    allowed = _ALLOWED.get()
    if allowed is None:
        return False
    url, host, addresses = allowed
    try:
        if event == "urllib.Request":
            from urllib.parse import urlsplit

            asked, endpoint = urlsplit(str(args[0])), urlsplit(url)
            return (asked.scheme, asked.hostname, asked.port) == \
                (endpoint.scheme, endpoint.hostname, endpoint.port)
        if event in ("socket.getaddrinfo", "socket.gethostbyname"):
            return str(args[0]) == host
        if event == "http.client.connect":
            return str(args[1]) == host
        if event == "socket.connect":
            address = args[1]
            return isinstance(address, tuple) and tuple(address[:2]) in addresses
    except (IndexError, TypeError):
        return False
    return False


def _refuse_network(event: str, args: tuple[Any, ...]) -> None:
    if event in _NETWORK_EVENTS and _OFFLINE.get() and not _allowed(event, args):
        raise QueryError(f"the query tried to reach the network ({event}) and was stopped")


@contextlib.contextmanager
def offline(allow: tuple[str, str, int] | None = None) -> Iterator[None]:
    """Refuse every network access (``urllib``, sockets) made inside the block.

    ``allow`` is ``(url, host, port)`` of the one SPARQL endpoint the
    command was told to read: requests to it pass, every other is refused.

    The audit hook is installed once per process and does nothing outside
    such a block (audit hooks cannot be removed; PEP 578).

    Examples
    --------
    >>> import urllib.request
    >>> with offline():
    ...     urllib.request.urlopen("http://example.org/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.errors.QueryError: the query tried to reach the network (urllib.Request) and ...
    """
    global _hook_installed
    if not _hook_installed:
        sys.addaudithook(_refuse_network)
        _hook_installed = True
    permit = None
    if allow is not None:
        url, host, port = allow
        import socket
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            infos = []
        permit = (url, host, frozenset((info[4][0], info[4][1]) for info in infos))
    token, allowed = _OFFLINE.set(True), _ALLOWED.set(permit)
    try:
        yield
    finally:
        _ALLOWED.reset(allowed)
        _OFFLINE.reset(token)


def run_query(graph: Graph, query_text: str, *,
              init_bindings: Mapping[str, Identifier] | None = None,
              where: str = "") -> Result:
    """Run a read-only SPARQL query on the graph, offline.

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

    Returns
    -------
    rdflib.query.Result
        SELECT rows already evaluated (inside the offline guard), an ASK
        answer, or a CONSTRUCT/DESCRIBE graph.

    Raises
    ------
    QueryError
        Malformed, refused, or failing during evaluation.

    Examples
    --------
    >>> from mmru_graph import load_graph
    >>> g = load_graph()
    >>> rows = run_query(g, 'SELECT ?n WHERE { id:min-aung-hlaing schema:name ?n }')
    >>> [str(r.n) for r in rows]
    ['Min Aung Hlaing']
    >>> run_query(g, 'ASK { id:vladimir-putin a schema:Person }').askAnswer
    True
    """
    query = prepare_query(query_text, where=where)
    bindings = {str(k).lstrip("?$"): v for k, v in (init_bindings or {}).items()}
    backend = backend_of(graph)
    if backend is not None:
        # The same guarded text, run by the store itself (Oxigraph, an endpoint).
        kind = query.algebra.name.removesuffix("Query").upper()
        allow = getattr(backend, "allowance", None)
        with offline(allow):
            result = backend.query(query_text, kind, bindings)
            if result.type == "SELECT":
                result.bindings = [row for row in result.bindings if row]
        return result
    try:
        with offline():
            result = graph.query(query, initBindings=bindings)
            if result.type == "SELECT":
                # Evaluate the lazy rows inside the guard. rdflib yields one empty
                # binding for an aggregate over no rows, even with GROUP BY (the
                # spec says no rows), and skips it only when iterating; drop it
                # here so JSON and CSV agree with iteration and other engines.
                result.bindings = [row for row in result.bindings if row]
    except MmruError:
        raise
    except Exception as exc:  # rdflib raises bare exceptions while evaluating
        raise QueryError(f"{where}query failed: {type(exc).__name__}: {exc}") from None
    return result
