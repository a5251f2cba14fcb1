"""The named queries: ``graph/queries/*.rq`` files, their headers and parameters.

A named query is a ``.rq`` file whose leading comment block describes it::

    # title: Meetings of one actor
    # description: The meetings and talks an actor took part in, with the quote.
    # parameters: ?actor (entity) the person or organization

Parameters are declared ``?name (kind) description`` and separated by
``;``. Kind ``entity`` takes an IRI (``<https://...>``), a prefixed name
(``id:min-aung-hlaing``) or a name or alias resolved through
:mod:`mmru_graph.analysis.resolve`; kind ``literal`` takes a plain string. A
parameter left out stays unbound, so every named query also runs, unchanged
and without parameters, in any SPARQL 1.1 engine: the named queries declare
their own prefixes. They run through :func:`mmru_graph.sparql.run_query`,
with its refusals and its offline guard. Lines marked ``# lateral:`` are the
query's phrasing for engines with ``LATERAL`` (:mod:`mmru_graph.sparql.lateral`):
comments to every other engine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from ..errors import QueryError
from ..namespaces import PREFIXES
from ..store.backends import backend_of
from ..store.location import resolve_graph_dir
from ..store.terms import to_sparql
from .guard import run_query
from .lateral import lateral_phrasing
from .limits import DEFAULT_LIMITS, QueryLimits

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result

__all__ = ["PARAMETER_KINDS", "NamedQuery", "Parameter", "bind_parameters", "get_named_query",
           "list_named_queries", "parse_param_value", "queries_dir", "read_query_file",
           "run_named_query"]

#: Kinds a named query's parameter can have.
PARAMETER_KINDS = ("entity", "literal")

_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADER_RE = re.compile(r"^#\s*(title|description|parameters)\s*:\s*(.*?)\s*$")
_PARAMETER_RE = re.compile(r"^\?(\w+)\s*\((\w+)\)\s*(.*)$")
_PREFIXED_RE = re.compile(r"^([A-Za-z][\w-]*):(\S*)$")


# --------------------------------------------------------------------------
# The query files and their headers
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
        ``FILE:LINE: message`` for an unreadable file, a bad parameter line or
        a bad ``# lateral:`` line.
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
    lateral_phrasing(text, str(path))  # a bad '# lateral:' line fails here, with its line
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
    A query file's header gives its title and description:

    >>> import pathlib, tempfile
    >>> graph_dir = pathlib.Path(tempfile.mkdtemp())
    >>> for folder in ("data", "queries"):
    ...     (graph_dir / folder).mkdir()
    >>> _ = (graph_dir / "ontology.ttl").write_text("", "utf-8")
    >>> _ = (graph_dir / "queries" / "people.rq").write_text(
    ...     "# title: People\\n# description: Every person and their name.\\n"
    ...     "PREFIX schema: <https://schema.org/>\\n"
    ...     "SELECT ?person ?name WHERE { ?person a schema:Person ; schema:name ?name }\\n",
    ...     "utf-8")
    >>> [(q.name, q.title, q.description) for q in list_named_queries(graph_dir)]
    [('people', 'People', 'Every person and their name.')]
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


# --------------------------------------------------------------------------
# Parameters, and running a named query
# --------------------------------------------------------------------------
def parse_param_value(graph: Graph, value: str, kind: str = "entity") -> Identifier:
    """Turn a ``--param`` value into an RDF term.

    ``<IRI>`` and ``prefix:local`` (project prefixes) give an IRI, which must
    occur in the graph when ``kind`` is ``entity``. ``"quoted"`` gives a
    literal. Otherwise ``entity`` resolves the text as a name or alias
    (:func:`mmru_graph.resolve.resolve_name`) and ``literal`` takes it as is.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" .
    ... ''')
    >>> parse_param_value(g, "id:ana")
    rdflib.term.URIRef('https://w3id.org/mmru-graph/id/ana')
    >>> parse_param_value(g, "rojas")
    rdflib.term.URIRef('https://w3id.org/mmru-graph/id/ana')
    >>> parse_param_value(g, "Lima", "literal")
    rdflib.term.Literal('Lima')
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
    if kind == "entity" and not _occurs(graph, iri):
        raise QueryError(f"{text}: no such node in the graph")
    return iri


def _occurs(graph: Graph, iri: URIRef) -> bool:
    """Whether ``iri`` is a subject or object in the graph: on a store, its links
    (the embedded store's build-time links file: the store itself stays closed, so
    the query worker can still be forked) or one ASK, never the whole graph read."""
    backend = backend_of(graph)
    if backend is None or backend.kind == "memory":
        return (iri, None, None) in graph or (None, None, iri) in graph
    about = getattr(backend, "about", None)
    if about is not None:
        return bool(about([iri])) or bool(about([iri], incoming=True))
    try:
        node = to_sparql(iri)  # refuses what is not an IRI (spaces, '>', braces)
    except Exception:
        raise QueryError(f"<{iri}>: not an IRI") from None
    answer = backend.query(f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}", "ASK", {})
    return bool(answer.askAnswer)


def _resolve_entity(graph: Graph, name: str) -> URIRef:
    try:
        from ..analysis.resolve import resolve_name
    except ImportError:
        raise QueryError(f"{name!r}: give an IRI (<https://...>) or a prefixed name "
                         "(id:...); name resolution is not available") from None
    from ..analysis.focus import name_table, names_table
    from ..errors import NameResolutionError

    # On the built store, the labels build wrote; at an endpoint, the labels of the
    # nodes the name may mean: never every node's, unless nothing matches (the
    # closest names are suggested from all of them, as on the whole graph).
    table = names_table(graph, [name])
    try:
        found: Any = resolve_name(graph, name, table=table)
    except NameResolutionError as exc:
        # Only an endpoint's table is partial; the store's, when no label matched
        # exactly, is already every node's: judged twice it cost 4.7 s at 2M, not 0.9.
        remote = getattr(backend_of(graph), "remote_focus", None)
        if table is None or exc.candidates or remote is None:
            raise
        found = resolve_name(graph, name, table=name_table(graph))
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
                    graph_dir: str | Path | None = None, *,
                    limits: QueryLimits = DEFAULT_LIMITS) -> Result:
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
    limits : QueryLimits
        Time, rows and memory the query may take (:mod:`mmru_graph.sparql.limits`).

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> from mmru_graph.model import package_ontology
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" .
    ... id:talks a mmru:Talks ; schema:name "Talks" ; schema:attendee id:ana, id:luis .
    ... id:parade a mmru:Parade ; schema:name "Parade" ; schema:attendee id:luis, id:eva .
    ... ''')

    The named queries reason over the ontology's classes (talks are below
    ``mmru:DirectContact``, a parade is not), so it goes in with the data,
    as :func:`mmru_graph.load_graph` always puts it:

    >>> g += package_ontology()
    >>> [(str(r.name1), str(r.name2), str(r.event_name)) for r in run_named_query(
    ...     g, "who-met-whom")]
    [('Ana Rojas', 'Luis Quispe', 'Talks')]
    >>> rows = run_named_query(g, "meetings-of-actor", {"actor": "Eva"})
    >>> len(rows)
    0
    """
    named = get_named_query(name, graph_dir)
    bindings = bind_parameters(graph, named, params)
    return run_query(graph, named.text, init_bindings=bindings, where=f"{named.name}: ",
                     limits=limits, lateral=True)
