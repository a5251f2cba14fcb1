"""The SPARQL engine: parse errors with positions, refusals, the offline guard,
parameters, and the output formats (W3C JSON and CSV, Turtle), on the real graph."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from mmru_graph.errors import NameResolutionError, QueryError
from mmru_graph.namespaces import ID, SCHEMA, XSD
from mmru_graph.sparql.guard import offline, prepare_query, run_query
from mmru_graph.sparql.named import (
    NamedQuery,
    Parameter,
    bind_parameters,
    get_named_query,
    parse_param_value,
    read_query_file,
)
from mmru_graph.sparql.results import format_result

# A port nothing listens on: if a guard failed, the attempt would end in
# "connection refused" (not QueryError), and never leave the machine.
DEAD_ENDPOINT = "http://127.0.0.1:9/sparql"


def names(result) -> set[str]:
    return {str(row[0]) for row in result}


# --------------------------------------------------------------------------
# Running queries
# --------------------------------------------------------------------------
def test_project_prefixes_need_no_declaration(graph: Graph) -> None:
    result = run_query(graph, "SELECT ?n WHERE { id:min-aung-hlaing schema:name ?n }")
    assert names(result) == {"Min Aung Hlaing"}


def test_declared_prefixes_win_over_nothing(graph: Graph) -> None:
    text = ("PREFIX s: <https://schema.org/>\n"
            "SELECT ?n WHERE { <https://w3id.org/mmru-graph/id/vladimir-putin> s:name ?n }")
    assert names(run_query(graph, text)) == {"Vladimir Putin"}


def test_init_bindings_restrict_the_query(graph: Graph) -> None:
    text = "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n }"
    everyone = names(run_query(graph, text))
    assert {"Min Aung Hlaing", "Vladimir Putin", "Alexander Vasilyevich Fomin"} <= everyone
    one = run_query(graph, text, init_bindings={"p": ID["vladimir-kasatonov"]})
    assert names(one) == {"Vladimir Kasatonov"}
    assert names(run_query(graph, text, init_bindings={"?p": ID["rustam-minnikhanov"]})) == {
        "Rustam Nurgaliyevich Minnikhanov"}


def test_ask_and_construct_and_describe(graph: Graph) -> None:
    assert run_query(graph, "ASK { id:vladimir-putin a schema:Person }").askAnswer is True
    assert run_query(graph, "ASK { id:vladimir-putin a schema:Place }").askAnswer is False
    built = run_query(graph, "CONSTRUCT { ?p schema:name ?n } WHERE "
                             "{ ?p a schema:Person ; schema:name ?n }")
    assert (ID["min-aung-hlaing"], SCHEMA.name, Literal("Min Aung Hlaing")) in built.graph
    described = run_query(graph, "DESCRIBE id:alexander-fomin")
    assert (ID["alexander-fomin"], SCHEMA.name,
            Literal("Alexander Vasilyevich Fomin")) in described.graph


def test_empty_aggregate_gives_no_row(graph: Graph) -> None:
    # rdflib would give one empty binding here; the spec (and pyoxigraph) give none.
    result = run_query(graph, "SELECT ?p (COUNT(?x) AS ?n) WHERE { ?p schema:nothing ?x } "
                              "GROUP BY ?p")
    assert list(result.bindings) == []
    data = json.loads(format_result(result, "json"))
    assert data["results"]["bindings"] == []


# --------------------------------------------------------------------------
# Malformed queries
# --------------------------------------------------------------------------
def test_malformed_query_reports_line_and_column() -> None:
    text = "SELECT ?n\nWHERE {\n  ?p schema:name ?n .\n  FILTER(\n}"
    with pytest.raises(QueryError, match=r"^malformed SPARQL at line 4, column 3: Expected"):
        prepare_query(text)


def test_malformed_first_token() -> None:
    with pytest.raises(QueryError) as info:
        prepare_query("SELEC ?x WHERE { ?x ?p ?o }")
    assert "line 1, column 1" in str(info.value)
    assert "SELEC" in str(info.value)


def test_unknown_prefix_and_empty_query() -> None:
    with pytest.raises(QueryError, match="Unknown namespace prefix : nope"):
        prepare_query("SELECT * WHERE { ?s nope:x ?o }")
    with pytest.raises(QueryError, match="empty query"):
        prepare_query("  \n ")


def test_where_prefixes_the_message() -> None:
    with pytest.raises(QueryError, match=r"^mine.rq: malformed SPARQL at line 1"):
        prepare_query("SELECT", where="mine.rq: ")


# --------------------------------------------------------------------------
# Refusals: checked on the parsed query, not the text
# --------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
     "SERVICE <http://example.org/sparql> is refused"),
    ("SELECT * WHERE { SERVICE SILENT <http://example.org/q> { ?s ?p ?o } }",
     "SERVICE <http://example.org/q> is refused"),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE ?endpoint { ?s ?p ?x } } }",
     "SERVICE ?endpoint is refused"),
    ("SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://e.org/> { ?s ?p ?o } } }",
     "SERVICE <http://e.org/> is refused"),
    ("select * where { service <http://example.org/q> { ?s ?p ?o } }",
     "SERVICE <http://example.org/q> is refused"),
    ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
     "FROM <http://example.org/data.ttl> is refused"),
    ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
     "FROM NAMED <http://example.org/g> is refused"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
     "FROM <file:///etc/passwd> is refused"),
    ("LOAD <http://example.org/data.ttl>", "SPARQL Update (LOAD) is refused"),
    ("LOAD <http://example.org/data.ttl> INTO GRAPH <urn:g>", "LOAD would fetch"),
    ("INSERT DATA { id:a schema:name 'x' }", "SPARQL Update (INSERT DATA) is refused"),
    ("DELETE WHERE { ?s ?p ?o }", "SPARQL Update (DELETE WHERE) is refused"),
    ("CLEAR ALL", "SPARQL Update (CLEAR) is refused"),
    ("DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
     "SPARQL Update (DELETE/INSERT) is refused"),
])
def test_network_and_update_are_refused(graph: Graph, text: str, expected: str) -> None:
    before = len(graph)
    with pytest.raises(QueryError, match=re.escape(expected)):
        run_query(graph, text)
    assert len(graph) == before


def test_service_in_a_string_or_comment_is_not_refused(graph: Graph) -> None:
    text = ('# a comment about SERVICE <http://example.org/sparql> { } and LOAD\n'
            'SELECT ?n WHERE {\n'
            '  id:vladimir-putin schema:name ?n .\n'
            '  FILTER (?n != "SERVICE <http://example.org/sparql> { ?s ?p ?o }")\n'
            '  FILTER (?n != "FROM <http://example.org/> LOAD <http://x>")\n'
            '}')
    assert names(run_query(graph, text)) == {"Vladimir Putin"}


def test_offline_guard_stops_rdflib_service_if_the_check_were_bypassed(graph: Graph) -> None:
    # The static check is the first line; this proves the second: rdflib's own
    # SERVICE evaluation (urlopen) is stopped inside offline().
    query = prepareQuery(f"SELECT * WHERE {{ SERVICE <{DEAD_ENDPOINT}> {{ ?s ?p ?o }} }}")
    with pytest.raises(QueryError, match=r"reach the network \(urllib.Request\)"), offline():
        list(graph.query(query))


def test_run_query_evaluates_inside_the_guard(graph: Graph, monkeypatch) -> None:
    # With the static check switched off, run_query's own evaluation is still offline.
    import mmru_graph.sparql.guard as sparql

    monkeypatch.setattr(sparql, "prepare_query", lambda text, where="": prepareQuery(text))
    with pytest.raises(QueryError, match="reach the network"):
        run_query(graph, f"SELECT * WHERE {{ SERVICE <{DEAD_ENDPOINT}> {{ ?s ?p ?o }} }}")


def test_offline_guard_stops_sockets_and_is_scoped() -> None:
    with pytest.raises(QueryError, match="socket"), offline():
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    # Outside the block, the guard is out of the way (the attempt fails for
    # the ordinary reason: nothing listens on the port).
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(DEAD_ENDPOINT, timeout=1)


# --------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------
def test_param_values(graph: Graph) -> None:
    assert parse_param_value(graph, "id:min-aung-hlaing") == ID["min-aung-hlaing"]
    assert parse_param_value(graph, f"<{ID['russia']}>") == ID["russia"]
    assert parse_param_value(graph, "Kasatonov") == ID["vladimir-kasatonov"]
    assert parse_param_value(graph, "the coup leader") == ID["min-aung-hlaing"]
    assert parse_param_value(graph, '"Moscow"') == Literal("Moscow")
    assert parse_param_value(graph, "id:nobody", "literal") == Literal("id:nobody")
    with pytest.raises(QueryError, match="id:nobody: no such node in the graph"):
        parse_param_value(graph, "id:nobody")
    with pytest.raises(NameResolutionError, match="ambiguous"):
        parse_param_value(graph, "Vladimir")


def test_bind_parameters_checks_declared_names(graph: Graph) -> None:
    named = get_named_query("meetings-of-actor")
    assert bind_parameters(graph, named, {"actor": "Kasatonov"}) == {
        "actor": ID["vladimir-kasatonov"]}
    assert bind_parameters(graph, named, {"?actor": ID["russia"]}) == {"actor": ID["russia"]}
    with pytest.raises(QueryError, match=r"unknown parameter \?who \(declared: \?actor\)"):
        bind_parameters(graph, named, {"who": "Putin"})
    plain = NamedQuery("timeline", "t", "d", (), Path("timeline.rq"), "")
    with pytest.raises(QueryError, match=r"unknown parameter \?x \(declared: none\)"):
        bind_parameters(graph, plain, {"x": "Putin"})
    # An ad-hoc query declares nothing and accepts any name, as an entity.
    assert bind_parameters(graph, plain, {"x": "Putin"}, strict=False) == {
        "x": ID["vladimir-putin"]}


def test_read_query_file_header(tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\n# description: One line.\n"
                    "# parameters: ?actor (entity) who; ?word (literal) a word\n"
                    "SELECT * WHERE { ?actor ?p ?word }\n# title: not header\n",
                    encoding="utf-8")
    named = read_query_file(path)
    assert (named.name, named.title, named.description) == ("mine", "Mine", "One line.")
    assert named.parameters == (Parameter("actor", "entity", "who"),
                                Parameter("word", "literal", "a word"))


@pytest.mark.parametrize(("header", "expected"), [
    ("# parameters: actor (entity) no question mark", r"mine.rq:1: bad parameter 'actor"),
    ("# parameters: ?actor (person) who", r"mine.rq:1: parameter \?actor has unknown kind"),
])
def test_read_query_file_bad_header(tmp_path: Path, header: str, expected: str) -> None:
    path = tmp_path / "mine.rq"
    path.write_text(header + "\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match=expected):
        read_query_file(path)


def test_read_query_file_not_utf8_or_missing(tmp_path: Path) -> None:
    path = tmp_path / "latin.rq"
    path.write_bytes(b"SELECT * WHERE { ?s ?p \"\xe9\" }")
    with pytest.raises(QueryError, match=r"latin\.rq: not UTF-8"):
        read_query_file(path)
    with pytest.raises(QueryError, match="no such query file"):
        read_query_file(tmp_path / "missing.rq")


# --------------------------------------------------------------------------
# Output formats
# --------------------------------------------------------------------------
TYPED = """SELECT ?person ?name ?label ?date ?missing WHERE {
  VALUES ?person { id:vladimir-putin id:min-aung-hlaing }
  ?person schema:name ?name .
  BIND (STRLANG(?name, "en") AS ?label)
  BIND ("2021-03-26"^^xsd:date AS ?date)
} ORDER BY ?name"""


def assert_w3c_select_json(data: dict) -> None:
    """The structure of W3C SPARQL 1.1 Query Results JSON (section 3)."""
    assert set(data) == {"head", "results"}
    variables = data["head"]["vars"]
    assert isinstance(variables, list) and all(isinstance(v, str) for v in variables)
    assert set(data["results"]) == {"bindings"}
    for binding in data["results"]["bindings"]:
        assert set(binding) <= set(variables)
        for term in binding.values():
            assert term["type"] in {"uri", "literal", "bnode"}
            assert isinstance(term["value"], str)
            assert set(term) <= {"type", "value", "datatype", "xml:lang"}
            assert not ("datatype" in term and "xml:lang" in term)
            if term["type"] != "literal":
                assert set(term) == {"type", "value"}


def test_json_is_w3c_results_format(graph: Graph) -> None:
    text = format_result(run_query(graph, TYPED), "json")
    data = json.loads(text)
    assert_w3c_select_json(data)
    assert list(data) == ["head", "results"]
    assert data["head"]["vars"] == ["person", "name", "label", "date", "missing"]
    first = data["results"]["bindings"][0]
    assert first["person"] == {"type": "uri", "value": str(ID["min-aung-hlaing"])}
    assert first["name"] == {"type": "literal", "value": "Min Aung Hlaing"}
    assert first["label"] == {"type": "literal", "value": "Min Aung Hlaing", "xml:lang": "en"}
    assert first["date"] == {"type": "literal", "value": "2021-03-26", "datatype": str(XSD.date)}
    assert "missing" not in first  # unbound: left out, as the format says


def test_json_for_ask(graph: Graph) -> None:
    data = json.loads(format_result(run_query(graph, "ASK { id:russia a schema:Country }"),
                                    "json"))
    assert data == {"head": {}, "boolean": True}


def test_csv_is_w3c_results_format(graph: Graph) -> None:
    text = format_result(run_query(graph, TYPED), "csv")
    assert text.startswith("person,name,label,date,missing\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["person", "name", "label", "date", "missing"]
    # Plain values: IRIs bare, literals without quotes, tags or datatypes; unbound empty.
    assert rows[1] == [str(ID["min-aung-hlaing"]), "Min Aung Hlaing", "Min Aung Hlaing",
                       "2021-03-26", ""]
    assert len(rows) == 3


def test_table_is_aligned_with_prefixed_names(graph: Graph) -> None:
    lines = format_result(run_query(graph, TYPED), "table").splitlines()
    assert lines[0].split() == ["person", "name", "label", "date", "missing"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2].startswith("id:min-aung-hlaing  Min Aung Hlaing")
    assert lines[3].startswith("id:vladimir-putin   Vladimir Putin ")
    # Columns line up: every value starts where its header starts.
    assert lines[2].index("2021-03-26") == lines[0].index("date") == lines[3].index("2021-03-26")
    assert lines[-1] == "(2 rows)"
    ask = run_query(graph, "ASK { id:russia a schema:Person }")
    assert format_result(ask, "table") == "false"


def test_construct_gives_turtle_that_parses(graph: Graph) -> None:
    result = run_query(graph, "CONSTRUCT { ?p schema:name ?n } WHERE "
                              "{ ?p a schema:Person ; schema:name ?n }")
    for fmt in ("turtle", "table"):
        text = format_result(result, fmt)
        assert "@prefix id: <https://w3id.org/mmru-graph/id/> ." in text
        parsed = Graph().parse(data=text, format="turtle")
        assert len(parsed) == len(result.graph) > 10
        assert (ID["vladimir-putin"], SCHEMA.name, Literal("Vladimir Putin")) in parsed


@pytest.mark.parametrize(("query", "fmt", "expected"), [
    ("CONSTRUCT WHERE { id:russia schema:name ?n }", "json", "CONSTRUCT gives a graph"),
    ("DESCRIBE id:russia", "csv", "DESCRIBE gives a graph, not csv"),
    ("SELECT ?n WHERE { id:russia schema:name ?n }", "turtle", "SELECT gives a table"),
    ("ASK { id:russia ?p ?o }", "csv", "ASK gives a yes/no answer, not a table of rows"),
    ("ASK { id:russia ?p ?o }", "turtle", "ASK gives a yes/no answer"),
    ("ASK { id:russia ?p ?o }", "xml", "unknown format 'xml'"),
])
def test_format_that_does_not_fit(graph: Graph, query: str, fmt: str, expected: str) -> None:
    with pytest.raises(QueryError, match=expected) as caught:
        format_result(run_query(graph, query), fmt)
    assert "--format" not in str(caught.value)  # the library knows no command-line flags


def test_evaluation_error_is_a_query_error() -> None:
    # GRAPH needs a dataset (load_graph gives one); on a plain Graph rdflib
    # raises a bare Exception for it.
    from mmru_graph.store.loading import new_graph

    with pytest.raises(QueryError, match="query failed"):
        run_query(new_graph(), "SELECT * WHERE { GRAPH <urn:x:g> { ?s ?p ?o } }")


def test_unknown_named_query_lists_known_names() -> None:
    with pytest.raises(QueryError, match=r"unknown named query 'nope' \(known: .*who-met-whom"):
        get_named_query("nope")


def test_iri_helper_keeps_unknown_namespaces_whole() -> None:
    from mmru_graph.sparql.results import short_name
    assert short_name(URIRef("https://schema.org/name")) == "schema:name"
    assert short_name(URIRef("urn:x:y")) == "<urn:x:y>"
    assert short_name(None) == ""
