"""Queries that cannot run away: the hostile queries of issue 12, each stopped at its limit.

Each ran for minutes or took gigabytes before (a three-way cross product
COUNT, a catastrophically backtracking regex, ORDER BY over a cross product,
a nested CONCAT); now each is stopped by the worker's time or memory limit
and reported in one line naming the limit. Short limits keep the suite fast.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from mmru_graph.cli import cli
from mmru_graph.errors import QueryError, QueryLimitError
from mmru_graph.namespaces import TURTLE_PREFIXES
from mmru_graph.sparql.guard import run_query
from mmru_graph.sparql.limits import QueryLimits, run_limited
from mmru_graph.store.loading import new_graph

#: A generated graph the size of the curated one (about 2,500 triples): big enough
#: that a cross product runs for hours, small enough to load at once.
PEOPLE = "".join(
    f'id:p{i} a schema:Person ; schema:name "Person {i}" ; schema:alternateName "P{i}" ;\n'
    f'    mmru:side id:side{i % 2} .\n'
    f'id:e{i} a mmru:Meeting ; schema:attendee id:p{i}, id:p{(i + 1) % 500} .\n'
    for i in range(500))


@pytest.fixture(scope="module")
def big() -> Graph:
    return new_graph().parse(data=TURTLE_PREFIXES + PEOPLE, format="turtle")


@pytest.fixture(scope="module")
def big_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated graph as a graph directory, for the command."""
    target = tmp_path_factory.mktemp("big") / "graph"
    (target / "data").mkdir(parents=True)
    (target / "ontology.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://w3id.org/mmru-graph/ontology> a owl:Ontology .\n", encoding="utf-8")
    (target / "data" / "people.ttl").write_text(TURTLE_PREFIXES + PEOPLE, encoding="utf-8")
    return target

CROSS_COUNT = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
BACKTRACKING = ('SELECT ?ok { VALUES ?x { "' + "a" * 40 + 'b" } '
                'BIND(regex(?x, "^(a+)+$") AS ?ok) }')
ORDERED_CROSS = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
#: 32 characters multiplied by 8 eight times: 512 MB of text (16 GB in UTF-32 terms).
CONCAT = ('SELECT (STRLEN(?s8) AS ?n) { BIND("' + "x" * 32 + '" AS ?s0) '
          + " ".join(f"BIND(CONCAT({', '.join([f'?s{i}'] * 8)}) AS ?s{i + 1})"
                     for i in range(8)) + " }")
DEEP = "SELECT * { ?s ?p ?o FILTER(" + "(" * 400 + "1" + ")" * 400 + ") }"


def stopped(graph: Graph, query: str, limits: QueryLimits) -> tuple[QueryLimitError, float]:
    started = time.monotonic()
    with pytest.raises(QueryLimitError) as caught:
        run_query(graph, query, limits=limits)
    return caught.value, time.monotonic() - started


def test_cross_product_count_stops_at_the_time_limit(big: Graph) -> None:
    error, seconds = stopped(big, CROSS_COUNT, QueryLimits(timeout=1.5))
    assert error.limit == "timeout" and "time limit (1.5 s)" in str(error)
    assert seconds < 10


def test_backtracking_regex_stops_at_the_time_limit(big: Graph) -> None:
    error, seconds = stopped(big, BACKTRACKING, QueryLimits(timeout=1.5))
    assert error.limit == "timeout" and seconds < 10


def test_order_by_over_a_cross_product_stops_at_the_memory_limit(big: Graph) -> None:
    # Stopped even where the worker can fill memory its parent freed (RLIMIT_AS
    # alone would not see it; the parent watches the worker's private memory).
    junk = [str(i) * 3 for i in range(1_000_000)]
    del junk
    error, _ = stopped(big, ORDERED_CROSS, QueryLimits(timeout=120, memory_mb=32))
    assert error.limit == "memory" and "memory limit (32 MB)" in str(error)
    # And at the time limit when memory is plentiful.
    error, _ = stopped(big, ORDERED_CROSS, QueryLimits(timeout=1.5))
    assert error.limit == "timeout"


def test_nested_concat_stops_at_the_memory_limit(big: Graph) -> None:
    error, seconds = stopped(big, CONCAT, QueryLimits(timeout=60, memory_mb=128))
    assert error.limit == "memory" and seconds < 30


def test_row_limit_stops_a_large_result_early(big: Graph) -> None:
    error, _ = stopped(big, "SELECT * { ?s ?p ?o }", QueryLimits(max_rows=5))
    assert error.limit == "rows" and "row limit (5 rows)" in str(error)
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    error, _ = stopped(big, construct, QueryLimits(max_rows=5))
    assert error.limit == "rows"
    # Exactly at the limit is fine.
    rows = run_query(big, "SELECT ?s { ?s a schema:Person } LIMIT 3",
                     limits=QueryLimits(max_rows=3))
    assert len(list(rows)) == 3


def test_deep_nesting_is_one_line_not_a_recursion_error(big: Graph) -> None:
    with pytest.raises(QueryError, match=r"^query too deeply nested to parse$"):
        run_query(big, DEEP)


@pytest.mark.parametrize(("query", "options", "limit"), [
    (CROSS_COUNT, ["--timeout", "1.5"], "time limit (1.5 s); raise it with --timeout"),
    (CONCAT, ["--max-memory", "128"], "memory limit (128 MB); raise it with --max-memory"),
    ("SELECT * { ?s ?p ?o }", ["--max-rows", "7"], "row limit (7 rows); raise it with --max-rows"),
])
def test_cli_reports_each_limit_in_one_line(query: str, options: list[str], limit: str,
                                           big_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["sparql", query, *options, "--graph", str(big_dir)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: query stopped:") and limit in lines[0]


def test_cli_deep_nesting_exits_2(big_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["sparql", DEEP, "--graph", str(big_dir)])
    assert result.exit_code == 2
    assert result.output == "Error: query too deeply nested to parse\n"


def test_cli_limits_must_be_positive() -> None:
    for option in ("--timeout", "--max-rows"):
        result = CliRunner().invoke(cli, ["sparql", "ASK {}", option, "0"])
        assert result.exit_code == 2 and option in result.output


def test_a_limited_query_answers_above_descriptor_1023(tmp_path: Path) -> None:
    """A long-lived process that opened many files (stores, in a notebook or a test
    session) still runs limited queries: select() refused a descriptor above 1023."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert hard == resource.RLIM_INFINITY or hard > 1100, "this host allows too few files"
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1100) if hard == resource.RLIM_INFINITY
                                                else min(max(soft, 1100), hard), hard))
    held: list[int] = []
    try:
        base = os.open(os.devnull, os.O_RDONLY)
        held.append(base)
        while held[-1] < 1024:  # every lower descriptor taken: the worker's pipe is above
            held.append(os.dup(base))
        assert run_limited(lambda: "above", QueryLimits(timeout=30.0)) == "above"
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
