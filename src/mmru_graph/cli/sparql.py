"""``mmru-graph sparql`` and ``mmru-graph queries``: SPARQL from the command line.

Thin over :mod:`mmru_graph.sparql.guard`, :mod:`mmru_graph.sparql.named` and
:mod:`mmru_graph.sparql.results`, which are imported inside the commands
so that ``mmru-graph --help`` does not pay for rdflib's SPARQL grammar.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from ..errors import QueryError
from .common import (
    echo_json,
    format_option,
    graph_option,
    handle_errors,
    source_options,
    store_options,
)
from .query import wide_option
from .tables import line_width, table, wrap

#: An argument that looks like a query name rather than query text.
_NAME_LIKE = re.compile(r"^[\w-]+$")
#: Characters a file path given on the command line would not contain.
_NOT_A_PATH = re.compile(r"[\s{}]")


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip("?$ "):
            raise click.BadParameter(f"{item!r}: write NAME=VALUE", param_hint="--param")
        params[key.strip().lstrip("?$")] = value
    return params


@click.command()
@click.argument("query")
@format_option("table", "json", "csv", "turtle")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME before running: an IRI <...>, a prefixed name (id:...), "
                   "a name or alias of an entity, or \"quoted\" text. Repeatable.")
@wide_option
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, metavar="SECONDS",
              help="Stop the query after this many seconds (exit 1).")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              metavar="N", help="Stop the query when its result exceeds N rows (exit 1).")
@click.option("--max-memory", type=click.IntRange(min=16), default=2048, show_default=True,
              metavar="MB", help="Stop the query when it needs more memory than this (exit 1).")
@graph_option
@source_options
@store_options
@handle_errors
def sparql(query: str, fmt: str, params: tuple[str, ...], timeout: float, max_rows: int,
           max_memory: int, graph_dir: str | None) -> None:
    """Run a read-only SPARQL query: QUERY text, a .rq FILE, or a NAME from `queries`.

    The project prefixes (schema:, oa:, prov:, org:, mmru:, id:, ...) need no
    PREFIX lines. SELECT and ASK print a table, W3C SPARQL results JSON
    (--format json) or W3C CSV (--format csv, SELECT only). CONSTRUCT and
    DESCRIBE print Turtle (--format turtle or table; json and csv are
    refused). SERVICE, FROM, LOAD and SPARQL Update are refused: queries never
    reach the network. A malformed query exits 2 with its line and column.
    A query runs in a worker process stopped at --timeout, --max-rows or
    --max-memory (exit 1, naming the limit).

    \b
    Examples:
      mmru-graph sparql visits-to-russia
      mmru-graph sparql meetings-of-actor --param actor=id:min-aung-hlaing
      mmru-graph sparql 'SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n }'
      mmru-graph sparql my-query.rq --format csv
    """
    from ..sparql.guard import run_query
    from ..sparql.limits import QueryLimits
    from ..sparql.named import (
        NamedQuery,
        bind_parameters,
        get_named_query,
        read_query_file,
        run_named_query,
    )
    from ..sparql.results import format_result
    from .common import load_query_graph

    bindings = _parse_params(params)
    limits = QueryLimits(timeout=timeout, max_rows=max_rows, memory_mb=max_memory)
    path = Path(query)
    if query.endswith(".rq") and path.is_file():
        named = read_query_file(path)
        graph = load_query_graph(graph_dir)
        values = bind_parameters(graph, named, bindings, strict=False)
        result = run_query(graph, named.text, init_bindings=values, where=f"{path}: ",
                           limits=limits)
    elif query.endswith(".rq") and not _NOT_A_PATH.search(query):
        raise QueryError(f"{query}: no such query file")
    elif _NAME_LIKE.match(query):
        get_named_query(query, graph_dir)  # before loading: unknown names list the known
        graph = load_query_graph(graph_dir)
        result = run_named_query(graph, query, bindings, graph_dir, limits=limits)
    else:
        graph = load_query_graph(graph_dir)
        ad_hoc = NamedQuery("query", "", "", (), Path(), query)
        values = bind_parameters(graph, ad_hoc, bindings, strict=False)
        result = run_query(graph, query, init_bindings=values, limits=limits)
    if fmt == "table" and result.type == "SELECT":
        click.echo(_select_table(result))
        return
    text = format_result(result, fmt)
    # CSV rows end in CRLF already; Turtle ends in a newline of its own.
    click.echo(text if fmt == "csv" else text.rstrip("\n"), nl=fmt != "csv")


def _select_table(result: Any) -> str:
    """A SELECT result as a table that fits the terminal (cells wrap in their column)."""
    from rdflib import Variable

    from ..sparql.results import short_name

    names = [str(v) for v in result.vars or []]
    rows = [[short_name(row.get(Variable(n))) for n in names] for row in result.bindings]
    # Every column as wide as its widest cell; the widest give way first
    # until the table fits the terminal.
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    count = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
    return (table(names, rows, widths) + "\n" if names else "") + count


@click.command()
@format_option("table", "json")
@wide_option
@graph_option
@handle_errors
def queries(fmt: str, graph_dir: str | None) -> None:
    """List the named queries (graph/queries/*.rq) with one-line descriptions.

    Run one with `mmru-graph sparql NAME [--param NAME=VALUE]`.
    """
    from ..sparql.named import list_named_queries

    named = list_named_queries(graph_dir)
    if fmt == "json":
        echo_json([{"name": q.name, "title": q.title, "description": q.description,
                    "parameters": [{"name": p.name, "kind": p.kind,
                                    "description": p.description} for p in q.parameters],
                    "path": str(q.path)} for q in named])
        return
    width = max((len(q.name) for q in named), default=0)
    for q in named:
        click.echo("\n".join(wrap(f"{q.name.ljust(width)}  {q.description}", line_width(), "",
                                  " " * (width + 2))))
        for p in q.parameters:
            click.echo("\n".join(wrap(f"--param {p.name}=...  ({p.kind}) {p.description}",
                                      line_width(), " " * (width + 4), " " * (width + 6))))
