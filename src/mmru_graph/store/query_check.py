"""Parse a SPARQL query and refuse what would write or reach the network.

:func:`prepare_query` is the one gate every query passes before it runs,
whoever wrote it: a user's ``mmru-graph sparql``, a named query, and the
SHACL-SPARQL constraints of ``shapes.ttl`` (:mod:`mmru_graph.validate` checks
each ``sh:select`` / ``sh:ask`` here before pyshacl sees it). It sits in the
store layer so that validation, below the query layer, can use it.

The parsed algebra is inspected, never the raw text: rdflib expands
``\\u`` escapes before parsing, so ``SERV\\u0049CE`` is a ``SERVICE`` to the
algebra and is refused, while a comment or a string mentioning ``SERVICE``
is harmless. Refused: ``SERVICE`` (rdflib would send the inner query to the
IRI with ``urlopen``), ``FROM`` / ``FROM NAMED`` (rdflib's
``QueryContext.load`` would parse the IRI as a document) and every SPARQL
Update operation (``LOAD`` fetches; the tool only reads).

``rdflib.plugins.sparql`` (about 80 ms of pyparsing grammar) is imported
only inside the functions, to keep start-up light. A query that runs in a
store of its own (Oxigraph, an endpoint) needs only the verdict and its kind,
not rdflib's algebra: :func:`checked_kind` remembers the verdict for texts
that passed (:mod:`mmru_graph.store.checked`), so a named query asked again
skips rdflib's parser (about 0.4 s) while passing exactly the same check.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from ..errors import QueryError
from ..namespaces import PREFIXES

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

__all__ = ["checked_kind", "prepare_query", "query_kind"]

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


def prepare_query(query_text: str, *, where: str = "",
                  prefixes: Mapping[str, str] | None = None) -> Query:
    """Parse a SPARQL query and refuse anything that writes or reaches the network.

    Parameters
    ----------
    query_text : str
        A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE). The project
        prefixes (``schema:``, ``oa:``, ``prov:``, ``org:``, ``mmru:``,
        ``id:``, ...) may be used without declaring them.
    where : str
        Prefix for error messages, e.g. ``"graph/queries/timeline.rq: "``.
    prefixes : mapping of str to str, optional
        More prefixes the query may use undeclared (a SHACL shape's ``sh:declare``).

    Returns
    -------
    rdflib.plugins.sparql.sparql.Query
        The parsed query with its algebra, ready to evaluate.

    Raises
    ------
    QueryError
        ``line L, column C: message`` for a malformed query; a refusal for
        SPARQL Update, ``SERVICE``, ``FROM`` or ``FROM NAMED``; "too deeply
        nested" when the parser would exceed Python's recursion limit.

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
    >>> prepare_query("SELECT * { SERV\\u0049CE <http://example.org/q> { ?s ?p ?o } }")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.errors.QueryError: SERVICE <http://example.org/q> is refused: queries may not ...
    >>> prepare_query("ASK { FILTER(" + "(" * 300 + "1" + ")" * 300 + ") }")
    Traceback (most recent call last):
    ...
    mmru_graph.errors.QueryError: query too deeply nested to parse
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    if not query_text.strip():
        raise QueryError(f"{where}empty query")
    try:
        tree = parseQuery(query_text)
    except RecursionError:
        raise QueryError(f"{where}query too deeply nested to parse") from None
    except ParseException as exc:
        _refuse_update(query_text, where)
        found = f", found {exc.found}" if getattr(exc, "found", "") else ""
        message = f"{exc.msg}{found}" if exc.msg.startswith("Expected") else str(exc.msg)
        raise QueryError(
            f"{where}malformed SPARQL at line {exc.lineno}, column {exc.col}: {message}"
        ) from None
    try:
        query = translateQuery(tree, initNs=dict(PREFIXES, **(prefixes or {})))
    except RecursionError:
        raise QueryError(f"{where}query too deeply nested to parse") from None
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


def query_kind(query: Query) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the kind of a prepared query.

    >>> query_kind(prepare_query("ASK { ?s ?p ?o }"))
    'ASK'
    """
    return str(query.algebra.name).removesuffix("Query").upper()


def checked_kind(query_text: str, *, where: str = "",
                 prefixes: Mapping[str, str] | None = None) -> str:
    """The kind of a query that passes :func:`prepare_query`, remembered.

    The same check as :func:`prepare_query`, for callers that run the text
    elsewhere (an Oxigraph store, an endpoint) and need only its kind. A text
    that passed before (same text, prefixes, rdflib and check version) is not
    parsed again; one that fails is never remembered, so it fails the same
    way each time.

    Raises
    ------
    QueryError
        As :func:`prepare_query`.

    Examples
    --------
    >>> checked_kind("SELECT ?n WHERE { ?p schema:name ?n }")
    'SELECT'
    >>> checked_kind("SELECT * { SERVICE <http://example.org/q> { ?s ?p ?o } }")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.errors.QueryError: SERVICE <http://example.org/q> is refused: ...
    """
    from .checked import recall, remember

    extra = dict(prefixes or {})
    kind = recall(query_text, extra)
    if kind is None:
        kind = query_kind(prepare_query(query_text, where=where, prefixes=extra))
        remember(query_text, extra, kind)
    return kind
