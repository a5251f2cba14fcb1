"""``mmru-graph sparql`` and ``mmru-graph queries`` through click's CliRunner:
every argument form, every format, every error path (exit 2, one line, no traceback)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal

from mmru_graph.cli import cli
from mmru_graph.namespaces import ID, SCHEMA

ROOT = Path(__file__).resolve().parents[1]
GRAPH_DIR = ROOT / "graph"
QUERY_FILES = sorted((GRAPH_DIR / "queries").glob("*.rq"))


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--graph", str(GRAPH_DIR)], catch_exceptions=False)


def raw(result: Result) -> str:
    """stdout as written (click's ``Result.stdout`` turns CRLF into LF)."""
    return result.stdout_bytes.decode("utf-8")


def assert_clean_error(result: Result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    message = result.stderr.strip()
    assert message.startswith("Error: ")
    for fragment in fragments:
        assert fragment in message, message
    assert result.stdout == ""


# --------------------------------------------------------------------------
# sparql: the three kinds of argument
# --------------------------------------------------------------------------
def test_named_query_as_table() -> None:
    result = run("sparql", "visits-to-russia", "--wide")  # full lines: IRIs unwrapped
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["visit", "visit_name", "class", "start"]
    body = "\n".join(lines[1:])
    for visit in ("id:2021-05-maung-maung-kyaw-goodwill-visit-to-russia",
                  "id:2021-06-20-min-aung-hlaing-visit-to-russia",
                  "id:2021-09-01-soe-win-visit-to-russia"):
        assert visit in body
    assert lines[-1] == "(8 rows)"  # six visits, two of them with two visitors


def test_named_query_with_param_by_name_and_json() -> None:
    result = run("sparql", "meetings-of-actor", "--param", "actor=Kasatonov", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["head"]["vars"][:2] == ["actor", "actor_name"]
    counterparts = {b["counterpart"]["value"] for b in data["results"]["bindings"]}
    assert counterparts == {str(ID["min-aung-hlaing"]),
                            str(ID["russian-military-delegation-2021-10"])}
    for binding in data["results"]["bindings"]:
        assert binding["actor"] == {"type": "uri", "value": str(ID["vladimir-kasatonov"])}
        assert binding["start"] == {"type": "literal", "value": "2021-10-29",
                                    "datatype": "http://www.w3.org/2001/XMLSchema#date"}


def test_param_as_prefixed_name_and_short_option() -> None:
    by_iri = run("sparql", "offices-held", "-p", "actor=id:alexander-fomin", "--format", "csv")
    by_alias = run("sparql", "offices-held", "-p", "?actor=the Colonel General",
                   "--format", "csv")
    assert by_iri.exit_code == by_alias.exit_code == 0, by_iri.output + by_alias.output
    assert by_iri.stdout == by_alias.stdout
    rows = list(csv.DictReader(io.StringIO(raw(by_iri), newline="")))
    assert [(r["role"], r["organization"]) for r in rows] == [
        ("deputy defense minister", str(ID["russia"]))]


def test_ad_hoc_query_with_project_prefixes() -> None:
    result = run("sparql", "SELECT ?n WHERE { ?p a schema:Person ; mmru:side id:russia ; "
                           "schema:name ?n } ORDER BY ?n", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert raw(result).startswith("n\r\n")
    names = raw(result).split("\r\n")[1:-1]
    assert "Vladimir Putin" in names and "Vladimir Kasatonov" in names
    assert "Min Aung Hlaing" not in names
    assert names == sorted(names)


def test_ad_hoc_query_with_param() -> None:
    result = run("sparql", "SELECT ?n WHERE { ?who schema:name ?n }", "-p", "who=Minnikhanov",
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    assert raw(result) == "n\r\nRustam Nurgaliyevich Minnikhanov\r\n"


def test_query_file(tmp_path: Path) -> None:
    path = tmp_path / "putin.rq"
    path.write_text("# title: Putin's meetings\n# description: test.\n"
                    "# parameters: ?who (entity) a person\n"
                    "PREFIX schema: <https://schema.org/>\n"
                    "SELECT ?other WHERE { ?e schema:attendee ?who, ?o . ?o schema:name ?other "
                    "FILTER (?o != ?who) }\n", encoding="utf-8")
    result = run("sparql", str(path), "--param", "who=Putin", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert set(raw(result).split("\r\n")[1:-1]) == {"Aung San Suu Kyi", "Htin Kyaw"}
    undeclared = run("sparql", str(path), "--param", "whom=Putin")
    assert_clean_error(undeclared, 2, "unknown parameter ?whom", "declared: ?who")


def test_query_file_with_a_literal_parameter(tmp_path: Path) -> None:
    path = tmp_path / "named.rq"
    path.write_text("# title: Named exactly\n# description: test.\n"
                    "# parameters: ?name (literal) a name as written\n"
                    "PREFIX schema: <https://schema.org/>\n"
                    "SELECT ?who WHERE { ?who schema:name ?name }\n", encoding="utf-8")
    result = run("sparql", str(path), "-p", "name=Gremyashiy", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert raw(result) == f"who\r\n{ID.gremyashiy}\r\n"
    # A literal is taken as written, never resolved as a name.
    assert raw(run("sparql", str(path), "-p", "name=gremyashiy", "--format", "csv")) == "who\r\n"


def test_every_named_query_runs_from_its_file_and_by_name() -> None:
    for path in QUERY_FILES:
        by_name = run("sparql", path.stem, "--format", "json")
        by_file = run("sparql", str(path), "--format", "json")
        assert by_name.exit_code == by_file.exit_code == 0, path
        assert json.loads(by_name.stdout) == json.loads(by_file.stdout), path


# --------------------------------------------------------------------------
# sparql: formats
# --------------------------------------------------------------------------
def test_json_validates_against_the_w3c_structure() -> None:
    result = run("sparql", "timeline", "--format", "json")
    data = json.loads(result.stdout)
    assert list(data) == ["head", "results"]
    variables = data["head"]["vars"]
    assert variables == ["start", "end", "approximate", "event", "event_name", "class", "place",
                         "evidence"]
    bindings = data["results"]["bindings"]
    assert len(bindings) > 30
    kinds = set()
    for binding in bindings:
        assert set(binding) <= set(variables)
        for term in binding.values():
            assert term["type"] in {"uri", "literal", "bnode"}
            assert set(term) <= {"type", "value", "datatype", "xml:lang"}
            kinds.add((term["type"], term.get("datatype")))
    # IRIs, plain literals, dates of three precisions and booleans all appear.
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert {("uri", None), ("literal", None), ("literal", xsd + "date"),
            ("literal", xsd + "gYearMonth"), ("literal", xsd + "gYear"),
            ("literal", xsd + "boolean")} <= kinds


def test_select_table_fits_the_terminal() -> None:
    result = CliRunner().invoke(cli, ["sparql", "visits-to-russia"], env={"COLUMNS": "72"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 72
    assert result.output.splitlines()[-1] == "(8 rows)"


def test_ask_as_json_and_table() -> None:
    ask = "ASK { id:vladimir-putin schema:attendee id:min-aung-hlaing }"
    assert json.loads(run("sparql", ask, "--format", "json").stdout) == {
        "head": {}, "boolean": False}
    assert run("sparql", "ASK { ?e schema:attendee id:vladimir-putin }").stdout == "true\n"


def test_csv_header_and_rows() -> None:
    result = run("sparql", "claims-attributed-to-media", "--format", "csv")
    rows = list(csv.reader(io.StringIO(raw(result), newline="")))
    assert rows[0] == ["statement", "class", "what", "attributed_to", "attributed_to_name",
                       "controller_name", "evidence"]
    assert len(rows) == 4
    assert all(line.endswith("\r") or line == "" for line in raw(result).split("\n"))


@pytest.mark.parametrize("fmt", ["turtle", "table"])
def test_construct_gives_turtle(fmt: str) -> None:
    result = run("sparql", "CONSTRUCT { ?p schema:name ?n } WHERE { ?e schema:attendee ?p . "
                           "?p a schema:Person ; schema:name ?n }", "--format", fmt)
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert (ID["alexander-fomin"], SCHEMA.name, Literal("Alexander Vasilyevich Fomin")) in graph
    assert (ID["vladimir-putin"], SCHEMA.name, Literal("Vladimir Putin")) in graph


def test_describe_gives_turtle() -> None:
    result = run("sparql", "DESCRIBE id:gremyashiy", "--format", "turtle")
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert (ID.gremyashiy, SCHEMA.name, Literal("Gremyashiy")) in graph


@pytest.mark.parametrize(("args", "fragments"), [
    (["CONSTRUCT WHERE { id:russia ?p ?o }", "--format", "json"],
     ["CONSTRUCT gives a graph", "use --format turtle or table"]),
    (["DESCRIBE id:russia", "--format", "csv"], ["DESCRIBE gives a graph"]),
    (["timeline", "--format", "turtle"],
     ["SELECT gives a table", "use --format table, json or csv"]),
    (["ASK { ?s ?p ?o }", "--format", "csv"], ["ASK gives a yes/no answer"]),
])
def test_format_that_does_not_fit_the_result(args: list[str], fragments: list[str]) -> None:
    assert_clean_error(run("sparql", *args), 2, *fragments)


# --------------------------------------------------------------------------
# sparql: errors
# --------------------------------------------------------------------------
def test_malformed_query_exit_2_with_line_and_column() -> None:
    result = run("sparql", "SELECT ?n\nWHERE {\n  ?p schema:name ?n .\n  FILTER(\n}")
    assert_clean_error(result, 2, "malformed SPARQL at line 4, column 3", "Expected")
    assert len(result.stderr.strip().splitlines()) == 1


def test_malformed_query_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("# title: x\nSELECT ?x WHERE {\n  ?x ?y\n}\n", encoding="utf-8")
    # Lines count from the top of the file, header comments included.
    assert_clean_error(run("sparql", str(path)), 2,
                       f"{path}: malformed SPARQL at line 3, column 3")


@pytest.mark.parametrize(("query", "fragments"), [
    ("SELECT * WHERE { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }",
     ["SERVICE <http://dbpedia.org/sparql> is refused", "network"]),
    ("SELECT * FROM <http://example.org/g.ttl> WHERE { ?s ?p ?o }",
     ["FROM <http://example.org/g.ttl> is refused"]),
    ("SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }",
     ["FROM NAMED <http://example.org/g> is refused"]),
    ("LOAD <http://example.org/data.ttl>", ["SPARQL Update (LOAD) is refused", "only reads"]),
    ("DROP ALL", ["SPARQL Update (DROP) is refused"]),
])
def test_network_and_update_refused(query: str, fragments: list[str]) -> None:
    assert_clean_error(run("sparql", query), 2, *fragments)


def test_the_word_service_in_a_string_is_fine() -> None:
    result = run("sparql", 'SELECT ?n WHERE { id:russia schema:name ?n '
                           'FILTER (?n != "SERVICE <http://example.org/> {}") } # SERVICE',
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    assert raw(result) == "n\r\nRussia\r\n"


@pytest.mark.parametrize(("args", "code", "fragments"), [
    (["nope"], 2, ["unknown named query 'nope'", "who-met-whom", "visits-to-russia"]),
    (["missing-file.rq"], 2, ["missing-file.rq: no such query file"]),
    (["meetings-of-actor", "-p", "actor=Vladimir"], 2,
     ["'Vladimir' is ambiguous", "Vladimir Kasatonov", "Vladimir Putin"]),
    (["meetings-of-actor", "-p", "actor=Nobody Atall"], 2, ["Nobody Atall"]),
    (["meetings-of-actor", "-p", "actor=id:nobody"], 2, ["id:nobody: no such node"]),
    (["meetings-of-actor", "-p", "who=Putin"], 2,
     ["unknown parameter ?who (declared: ?actor)"]),
    (["timeline", "-p", "actor=Putin"], 2, ["unknown parameter ?actor (declared: none)"]),
    (["SELECT * WHERE { ?s nope:p ?o }"], 2, ["Unknown namespace prefix : nope"]),
    # rdflib's memory graph has no named graphs to evaluate GRAPH on (the
    # Oxigraph store has, and answers such a query).
    (["SELECT * WHERE { GRAPH <urn:x:g> { ?s ?p ?o } }", "--store", "memory"], 2,
     ["query failed"]),
])
def test_error_paths(args: list[str], code: int, fragments: list[str]) -> None:
    assert_clean_error(run("sparql", *args), code, *fragments)


def test_bad_param_syntax_is_a_usage_error() -> None:
    result = run("sparql", "timeline", "--param", "actor")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "write NAME=VALUE" in result.stderr


def test_missing_or_wrong_graph_directory(tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["sparql", "timeline", "--graph", str(tmp_path / "none")])
    assert_clean_error(missing, 1, str(tmp_path / "none"), "does not exist")
    empty = CliRunner().invoke(cli, ["sparql", "ASK { ?s ?p ?o }", "--graph", str(tmp_path)])
    assert_clean_error(empty, 1, str(tmp_path), "not a graph directory")


# --------------------------------------------------------------------------
# queries
# --------------------------------------------------------------------------
def test_queries_lists_every_file() -> None:
    result = run("queries")
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.stdout.splitlines()
              if line and not line.startswith(" ")]
    assert listed == [p.stem for p in QUERY_FILES]
    assert "--param actor=...  (entity)" in result.stdout
    first = next(line for line in result.stdout.splitlines() if line.startswith("who-met-whom"))
    assert "Pairs of actors in direct contact" in first


def test_queries_as_json() -> None:
    data = json.loads(run("queries", "--format", "json").stdout)
    assert [q["name"] for q in data] == [p.stem for p in QUERY_FILES]
    meetings = next(q for q in data if q["name"] == "meetings-of-actor")
    assert meetings["title"] == "Meetings of one actor"
    assert meetings["parameters"][0]["name"] == "actor"
    assert meetings["parameters"][0]["kind"] == "entity"
    assert Path(meetings["path"]).name == "meetings-of-actor.rq"


def test_queries_reports_a_bad_header(tmp_path: Path) -> None:
    graph_dir = tmp_path / "graph"
    (graph_dir / "queries").mkdir(parents=True)
    (graph_dir / "data").mkdir()
    (graph_dir / "ontology.ttl").write_text("", encoding="utf-8")
    (graph_dir / "queries" / "bad.rq").write_text(
        "# title: Bad\n# description: x\n# parameters: ?a (person) who\nSELECT * {}\n",
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["queries", "--graph", str(graph_dir)])
    assert_clean_error(result, 2, "bad.rq:3: parameter ?a has unknown kind 'person'")
    (graph_dir / "queries" / "bad.rq").write_text("# title: Bad\nSELECT * {}\n",
                                                  encoding="utf-8")
    result = CliRunner().invoke(cli, ["queries", "--graph", str(graph_dir)])
    assert_clean_error(result, 2, "bad.rq:1: header lacks '# description: ...'")


@pytest.mark.parametrize("command", ["sparql", "queries"])
def test_help_text(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert len(result.stdout) > 200
    assert "--graph" in result.stdout and "--format" in result.stdout
