"""The named queries' phrasing for LATERAL: checked, chosen by the engine, same answers.

A named query marks ``# lateral:`` lines (:mod:`mmru_graph.sparql.lateral`)
that Oxigraph (embedded, or a server behind ``--endpoint``) runs, so its
planner fetches each row's quotes by index. These tests show that every named
query answers the same on rdflib (standard text), the embedded store and the
Oxigraph server (the phrasing), that the phrasing is what those two engines
really run, that an endpoint without LATERAL gets the standard text, and that
a marked line can add nothing but LATERAL and braces.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_backends import server  # noqa: F401  (the Oxigraph server fixture)

import mmru_graph as mg
from mmru_graph.errors import QueryError
from mmru_graph.sparql.guard import run_query
from mmru_graph.sparql.lateral import lateral_phrasing
from mmru_graph.sparql.named import list_named_queries, read_query_file

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "graph"
#: Parameters worth binding (a bound actor or place is where VALUES and LATERAL meet).
BOUND = {"meetings-of-actor": {"actor": "id:min-aung-hlaing"},
         "offices-held": {"actor": "id:alexander-fomin"},
         "events-by-place": {"place": "id:russia"}}


@pytest.fixture(scope="module")
def graphs(graph: Any, built_dir: Path, server: str) -> dict[str, Any]:  # noqa: F811
    return {"memory": graph,
            "oxigraph": mg.load_graph(GRAPH, store="oxigraph", location=built_dir / "store"),
            "sparql": mg.load_graph(GRAPH, store="sparql", endpoint=server)}


def _rows(result: Any) -> list[tuple[tuple[str, str], ...]]:
    """Rows as sorted (variable, value) pairs; GROUP_CONCAT's order is open, so its
    ' | ' and ', ' joined parts are compared as sorted lists."""
    rows = []
    for row in result:
        cells = []
        for key, value in row.asdict().items() if hasattr(row, "asdict") else row.items():
            text = str(value)
            for separator in (" | ", ", "):
                text = separator.join(sorted(text.split(separator)))
            cells.append((str(key), f"{type(value).__name__}:{text}"))
        rows.append(tuple(sorted(cells)))
    return sorted(rows)


#: Every query with a LATERAL phrasing, unbound, and the bound ones (the others'
#: text runs unchanged everywhere; tests/test_backends.py compares some of them).
PHRASED = [q.name for q in list_named_queries(GRAPH) if lateral_phrasing(q.text)]
CASES = [(name, {}) for name in PHRASED] + [(name, params) for name, params in BOUND.items()]


@pytest.mark.parametrize(("name", "params"), CASES,
                         ids=[f"{n}-bound" if p else n for n, p in CASES])
def test_every_named_query_answers_the_same_on_every_engine(
        name: str, params: dict[str, str], graphs: dict[str, Any]) -> None:
    answers = {kind: _rows(mg.run_named_query(g, name, params, GRAPH))
               for kind, g in graphs.items()}
    assert answers["oxigraph"] == answers["memory"], name
    assert answers["sparql"] == answers["memory"], name


def test_the_quotes_are_fetched_row_by_row_in_every_query_that_has_them() -> None:
    for named in list_named_queries(GRAPH):
        phrased = lateral_phrasing(named.text, str(named.path))
        if "oa:hasSelector/oa:exact ?quote" in named.text:
            assert phrased is not None and "LATERAL {" in phrased, named.name
        if phrased is not None:
            # the standard text has LATERAL only in comments (rdflib must never see it)
            code = [line.split("#")[0] for line in named.text.splitlines()]
            assert not any("LATERAL" in line for line in code), named.name


def test_both_phrasings_answer_alike_in_oxigraph_itself(built_dir: Path) -> None:
    import pyoxigraph as ox

    from mmru_graph.namespaces import PREFIXES

    store = ox.Store.read_only(str(built_dir / "store" / "data"))
    compared = 0
    for named in list_named_queries(GRAPH):
        phrased = lateral_phrasing(named.text)
        if phrased is None:
            continue
        answers = []
        for text in (named.text, phrased):
            solutions = store.query(text, prefixes=dict(PREFIXES),
                                    use_default_graph_as_union=True)
            names = [v.value for v in solutions.variables]
            answers.append(sorted(tuple(str(s[n]) for n in names) for s in solutions))
        assert answers[0], named.name
        assert len(answers[1]) == len(answers[0]), named.name
        compared += 1
    assert compared >= 10


# A query whose LATERAL phrasing answers differently, to see which text ran:
# inside LATERAL the sub-select (which projects ?x) sees its value; in standard
# SPARQL it is evaluated alone.
PROBE = """SELECT ?y WHERE {
  VALUES ?x { 1 }
  # lateral: LATERAL {
  { SELECT ?x ?y WHERE { BIND (COALESCE(?x, 0) AS ?y) } }
  # lateral: }
}"""


@pytest.mark.parametrize(("store", "lateral", "expected"), [
    ("memory", True, 0), ("oxigraph", True, 1), ("oxigraph", False, 0),
    ("sparql", True, 1), ("sparql", False, 0)])
def test_the_phrasing_runs_where_the_engine_has_lateral(
        store: str, lateral: bool, expected: int, graphs: dict[str, Any]) -> None:
    rows = list(run_query(graphs[store], PROBE, lateral=lateral))
    assert [int(row["y"]) for row in rows] == [expected]


class _NoLateral(http.server.BaseHTTPRequestHandler):
    """An endpoint without LATERAL: refuses it outside comments (HTTP 400), answers
    anything else with no rows; keeps every query it is sent."""

    seen: list[str]

    def do_GET(self) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["query"][0]
        self.seen.append(query)
        if any("LATERAL" in line.split("#")[0] for line in query.splitlines()):
            self.send_response(400)
            self.end_headers()
            self.wfile.write(b"Parse error: unexpected LATERAL\n")
            return
        body = ({"head": {}, "boolean": True} if "ASK" in query
                else {"head": {"vars": ["y"]}, "results": {"bindings": []}})
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def no_lateral() -> Iterator[tuple[str, type[_NoLateral]]]:
    handler = type("Handler", (_NoLateral,), {"seen": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_an_endpoint_without_lateral_gets_the_standard_text(
        no_lateral: tuple[str, type[_NoLateral]]) -> None:
    url, handler = no_lateral
    g = mg.load_graph(GRAPH, store="sparql", endpoint=url)
    assert list(run_query(g, PROBE, lateral=True)) == []
    assert list(run_query(g, PROBE, lateral=True)) == []
    probes = [q for q in handler.seen if "LATERAL" in q.split("}")[0]]
    assert len(probes) == 1  # asked once per endpoint
    sent = [q for q in handler.seen if q not in probes]
    assert len(sent) == 2 and all("\n  LATERAL {" not in q for q in sent)
    assert all("# lateral: LATERAL {" in q for q in sent)


@pytest.mark.parametrize("line", ["# lateral: SERVICE <http://example.org/q> {",
                                  "# lateral: LATERAL { ?s ?p ?o",
                                  "# lateral: } LOAD <http://example.org/x>",
                                  "# lateral: LATERALS {"])
def test_a_marked_line_holds_only_lateral_and_braces(line: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(f"# title: Bad\n# description: Bad.\nSELECT * WHERE {{\n  {line}\n"
                    "  OPTIONAL { ?s ?p ?o }\n  # lateral: }\n}\n", encoding="utf-8")
    expected = rf"^{re.escape(str(path))}:4: a '# lateral:' line may hold only"
    with pytest.raises(QueryError, match=expected):
        read_query_file(path)


def test_marked_braces_must_pair(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match=r"q\.rq: the '# lateral:' lines leave 1 brace"):
        lateral_phrasing("SELECT * WHERE {\n# lateral: LATERAL {\n?s ?p ?o }", "q.rq")
    with pytest.raises(QueryError, match=r"q\.rq:1: a '# lateral:' line closes a brace"):
        lateral_phrasing("# lateral: }\nSELECT * WHERE { ?s ?p ?o }", "q.rq")


def test_a_bad_marked_line_is_refused_before_anything_runs(graphs: dict[str, Any]) -> None:
    text = "SELECT * WHERE {\n  # lateral: SERVICE <http://example.org/q> {\n  ?s ?p ?o\n}"
    with pytest.raises(QueryError, match="may hold only LATERAL"):
        run_query(graphs["oxigraph"], text, lateral=True)
    # in a user's query (no lateral), a comment is only a comment
    assert len(run_query(graphs["memory"], text + " LIMIT 1")) == 1


def test_csv_is_written_as_rdflib_writes_it() -> None:
    from rdflib import BNode, Literal, URIRef, Variable
    from rdflib.query import Result

    from mmru_graph.sparql.results import format_result

    result = Result("SELECT")
    result.vars = [Variable("a"), Variable("b"), Variable("c")]
    result.bindings = [
        {Variable("a"): URIRef("https://w3id.org/mmru-graph/id/x"),
         Variable("b"): Literal('said "no", twice\nthen left'),
         Variable("c"): BNode("b0")},
        {Variable("a"): Literal("2021-06-20", datatype=URIRef(
            "http://www.w3.org/2001/XMLSchema#date")), Variable("c"): Literal("é, 42", lang="en")},
        {},
    ]
    expected = result.serialize(format="csv", encoding="utf-8").decode("utf-8")
    assert format_result(result, "csv") == expected
    assert expected.count("\r\n") >= 4  # the CRLF rows, the quoted newline kept
