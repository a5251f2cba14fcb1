"""Safe, read-only SPARQL over the project graph, and the named queries.

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

Named queries are ``graph/queries/*.rq`` files whose leading comment
block describes them::

    # title: Meetings of one actor
    # description: The meetings and talks an actor took part in, with the quote.
    # parameters: ?actor (entity) the person or organization

Parameters are declared ``?name (kind) description`` and separated by
``;``. Kind ``entity`` takes an IRI (``<https://...>``), a prefixed name
(``id:min-aung-hlaing``) or a name or alias resolved through
:mod:`mmru_graph.resolve`; kind ``literal`` takes a plain string. A
parameter left out stays unbound, so every named query also runs, unchanged
and without parameters, in any SPARQL 1.1 engine: the named queries declare
their own prefixes.

``rdflib.plugins.sparql`` (about 80 ms of pyparsing grammar) is imported
only inside the functions that parse queries, to keep start-up light.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal, URIRef, Variable
from rdflib.term import Identifier

from .errors import MmruError, QueryError
from .namespaces import PREFIXES
from .paths import resolve_graph_dir

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.plugins.sparql.sparql import Query
    from rdflib.query import Result

#: Output formats; ``turtle`` is for graph results (CONSTRUCT, DESCRIBE).
FORMATS = ("table", "json", "csv", "turtle")

#: Kinds a named query's parameter can have.
PARAMETER_KINDS = ("entity", "literal")

#: SPARQL Update operations as rdflib's parser names them, and as SPARQL spells them.
_UPDATE_KEYWORDS = {
    "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD",
    "Move": "MOVE", "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE", "Modify": "DELETE/INSERT",
}

_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADER_RE = re.compile(r"^#\s*(title|description|parameters)\s*:\s*(.*?)\s*$")
_PARAMETER_RE = re.compile(r"^\?(\w+)\s*\((\w+)\)\s*(.*)$")
_PREFIXED_RE = re.compile(r"^([A-Za-z][\w-]*):(\S*)$")


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


def _refuse_network(event: str, args: tuple[Any, ...]) -> None:
    if event in _NETWORK_EVENTS and _OFFLINE.get():
        raise QueryError(f"the query tried to reach the network ({event}) and was stopped")


@contextlib.contextmanager
def offline() -> Iterator[None]:
    """Refuse every network access (``urllib``, sockets) made inside the block.

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
    token = _OFFLINE.set(True)
    try:
        yield
    finally:
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


# --------------------------------------------------------------------------
# Named queries
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Parameter:
    """A parameter a named query declares: ``?name (kind) description``."""

    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file with its header: name (the file stem), title, description."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    path: Path
    text: str


def read_query_file(path: Path) -> NamedQuery:
    """Read a ``.rq`` file and its comment header.

    The header is the leading run of ``#`` lines; ``title`` and
    ``description`` are required for files in ``graph/queries/``, and are
    empty for other files that lack them.

    Raises
    ------
    QueryError
        ``FILE:LINE: message`` for an unreadable file or a bad parameter line.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"{path}: no such query file") from None
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: not UTF-8 ({exc.reason})") from None
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER_RE.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key != "parameters":
            fields[key] = value
            continue
        for part in filter(None, (p.strip() for p in value.split(";"))):
            declared = _PARAMETER_RE.match(part)
            if not declared:
                raise QueryError(f"{path}:{lineno}: bad parameter {part!r} "
                                 "(write: ?name (kind) description)")
            name, kind, description = declared.groups()
            if kind not in PARAMETER_KINDS:
                raise QueryError(f"{path}:{lineno}: parameter ?{name} has unknown kind {kind!r} "
                                 f"(known: {', '.join(PARAMETER_KINDS)})")
            parameters.append(Parameter(name, kind, description))
    return NamedQuery(path.stem, fields.get("title", ""), fields.get("description", ""),
                      tuple(parameters), path, text)


def queries_dir(graph_dir: str | Path | None = None) -> Path:
    """The folder of the named queries: ``queries/`` in the graph directory."""
    return resolve_graph_dir(graph_dir) / "queries"


def list_named_queries(graph_dir: str | Path | None = None) -> list[NamedQuery]:
    """The named queries of ``graph/queries/``, sorted by name.

    Raises
    ------
    QueryError
        If a file's name is not lower-case words joined by ``-``, or its
        header lacks a title or description.

    Examples
    --------
    >>> names = [q.name for q in list_named_queries()]
    >>> "who-met-whom" in names and "visits-to-russia" in names
    True
    """
    found = []
    for path in sorted(queries_dir(graph_dir).glob("*.rq")):
        named = read_query_file(path)
        if not _NAME_RE.match(named.name):
            raise QueryError(f"{path}: query names are lower-case words joined by '-'")
        for field in ("title", "description"):
            if not getattr(named, field):
                raise QueryError(f"{path}:1: header lacks '# {field}: ...'")
        found.append(named)
    return found


def get_named_query(name: str, graph_dir: str | Path | None = None) -> NamedQuery:
    """The named query called ``name``.

    Raises
    ------
    QueryError
        If there is none; the message lists the known names.

    Examples
    --------
    >>> get_named_query("timeline").title
    'Timeline of events'
    """
    named = list_named_queries(graph_dir)
    for query in named:
        if query.name == name:
            return query
    raise QueryError(f"unknown named query {name!r} (known: "
                     f"{', '.join(q.name for q in named) or 'none'})")


def parse_param_value(graph: Graph, value: str, kind: str = "entity") -> Identifier:
    """Turn a ``--param`` value into an RDF term.

    ``<IRI>`` and ``prefix:local`` (project prefixes) give an IRI, which must
    occur in the graph when ``kind`` is ``entity``. ``"quoted"`` gives a
    literal. Otherwise ``entity`` resolves the text as a name or alias
    (:func:`mmru_graph.resolve.resolve_name`) and ``literal`` takes it as is.

    Examples
    --------
    >>> from mmru_graph import load_graph
    >>> g = load_graph()
    >>> parse_param_value(g, "id:min-aung-hlaing")
    rdflib.term.URIRef('https://w3id.org/mmru-graph/id/min-aung-hlaing')
    >>> parse_param_value(g, "Moscow", "literal")
    rdflib.term.Literal('Moscow')
    """
    text = value.strip()
    iri: URIRef | None = None
    if text.startswith("<") and text.endswith(">"):
        iri = URIRef(text[1:-1])
    elif len(text) >= 2 and text[0] == text[-1] == '"':
        return Literal(text[1:-1])
    elif kind == "literal":
        return Literal(text)
    elif (match := _PREFIXED_RE.match(text)) and match.group(1) in PREFIXES:
        iri = URIRef(PREFIXES[match.group(1)] + match.group(2))
    if iri is None:
        return _resolve_entity(graph, text)
    if kind == "entity" and (iri, None, None) not in graph and (None, None, iri) not in graph:
        raise QueryError(f"{text}: no such node in the graph")
    return iri


def _resolve_entity(graph: Graph, name: str) -> URIRef:
    try:
        from .resolve import resolve_name
    except ImportError:
        raise QueryError(f"{name!r}: give an IRI (<https://...>) or a prefixed name "
                         "(id:...); name resolution is not available") from None
    found: Any = resolve_name(graph, name)
    return URIRef(str(getattr(found, "iri", found)))


def bind_parameters(graph: Graph, named: NamedQuery,
                    params: Mapping[str, str | Identifier] | None, *,
                    strict: bool = True) -> dict[str, Identifier]:
    """Check ``params`` against the query's declared parameters and convert them.

    With ``strict`` (the named queries), only declared parameters are
    accepted. Otherwise (an ad-hoc query or file) a query that declares
    none accepts any name and reads the values as entities.

    Raises
    ------
    QueryError
        For an undeclared parameter (listing the declared ones) or a value
        that does not resolve.
    """
    declared = {p.name: p for p in named.parameters}
    bindings: dict[str, Identifier] = {}
    for key, value in (params or {}).items():
        name = key.lstrip("?$")
        if name not in declared and (strict or declared):
            known = ", ".join(f"?{n}" for n in declared) or "none"
            raise QueryError(f"{named.name}: unknown parameter ?{name} (declared: {known})")
        kind = declared[name].kind if name in declared else "entity"
        bindings[name] = (value if isinstance(value, Identifier)
                          else parse_param_value(graph, value, kind))
    return bindings


def run_named_query(graph: Graph, name: str,
                    params: Mapping[str, str | Identifier] | None = None,
                    graph_dir: str | Path | None = None) -> Result:
    """Run the named query ``name`` from ``graph/queries/``.

    Parameters
    ----------
    graph : rdflib.Graph
    name : str
        The file stem, e.g. ``"visits-to-russia"``.
    params : mapping, optional
        Parameter values: strings as on the command line (see
        :func:`parse_param_value`) or rdflib terms.
    graph_dir : path, optional
        Where the queries live (default: as :func:`mmru_graph.paths.resolve_graph_dir`).

    Examples
    --------
    >>> from mmru_graph import load_graph
    >>> from mmru_graph.namespaces import ID
    >>> g = load_graph()
    >>> rows = run_named_query(g, "offices-held", {"actor": ID["alexander-fomin"]})
    >>> sorted({str(r.role) for r in rows})
    ['deputy defense minister']
    """
    named = get_named_query(name, graph_dir)
    bindings = bind_parameters(graph, named, params)
    return run_query(graph, named.text, init_bindings=bindings, where=f"{named.name}: ")


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------
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
    from .loading import new_graph

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
    >>> from mmru_graph import load_graph
    >>> g = load_graph()
    >>> r = run_query(g, 'SELECT ?n WHERE { id:russia schema:name ?n }')
    >>> print(format_result(r, "table"))
    n
    ------
    Russia
    (1 row)
    >>> format_result(r, "csv")
    'n\\r\\nRussia\\r\\n'
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
    is_graph = result.type in ("CONSTRUCT", "DESCRIBE")
    if is_graph:
        if fmt in ("table", "turtle"):
            return _turtle(result)
        raise QueryError(f"{result.type} gives a graph: use --format turtle (or table)")
    if fmt == "turtle":
        shape = "a table" if result.type == "SELECT" else "a yes/no answer"
        raise QueryError(f"{result.type} gives {shape}: use --format table, json or csv")
    if fmt == "table":
        return _table(result)
    if fmt == "json":
        # rdflib's serializer is the W3C format; re-dumped only to indent it.
        data = json.loads(result.serialize(format="json", encoding="utf-8") or b"{}")
        ordered = {"head": data.pop("head", {}), **data}  # head first, as the spec shows it
        return json.dumps(ordered, indent=2, ensure_ascii=False)
    if result.type == "ASK":
        raise QueryError("ASK gives a yes/no answer: use --format table or json")
    # rdflib's CSV serializer writes the W3C format: bare values, CRLF rows.
    return (result.serialize(format="csv", encoding="utf-8") or b"").decode("utf-8")
