"""``mmru-graph sparql`` and ``mmru-graph queries`` through click's CliRunner:
every argument form, every format, every error path (exit 2, one line, no traceback).

The named queries' answers on the curated graph are data tests (marked
``article``); the command's forms, formats and errors are library tests on
the tiny world's graph directory (``world_dir``: the tiny world with the
project's ontology and named queries) and the multi-source fixture corpus."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal

from mmru_graph.cli import cli
from mmru_graph.namespaces import ID, SCHEMA

#: The tests that read the curated graph (data tests, ``-m article``).
article = pytest.mark.article

ROOT = Path(__file__).resolve().parents[1]
GRAPH_DIR = ROOT / "graph"
QUERY_FILES = sorted((GRAPH_DIR / "queries").glob("*.rq"))


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--graph", str(GRAPH_DIR)], catch_exceptions=False)


@pytest.fixture
def world_run(world_dir: Path) -> Callable[..., Result]:
    """Run a command on the tiny world's graph directory."""

    def run_world(*args: str) -> Result:
        return CliRunner().invoke(cli, [*args, "--graph", str(world_dir)],
                                  catch_exceptions=False)
    return run_world


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
@article
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


@article
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


@article
def test_param_as_prefixed_name_and_short_option() -> None:
    by_iri = run("sparql", "offices-held", "-p", "actor=id:alexander-fomin", "--format", "csv")
    by_alias = run("sparql", "offices-held", "-p", "?actor=the Colonel General",
                   "--format", "csv")
    assert by_iri.exit_code == by_alias.exit_code == 0, by_iri.output + by_alias.output
    assert by_iri.stdout == by_alias.stdout
    rows = list(csv.DictReader(io.StringIO(raw(by_iri), newline="")))
    assert [(r["role"], r["organization"]) for r in rows] == [
        ("deputy defense minister", str(ID["russia"]))]


@article
def test_every_named_query_runs_from_its_file_and_by_name() -> None:
    for path in QUERY_FILES:
        by_name = run("sparql", path.stem, "--format", "json")
        by_file = run("sparql", str(path), "--format", "json")
        assert by_name.exit_code == by_file.exit_code == 0, path
        # By name, an engine with LATERAL runs the query's marked phrasing
        # (sparql/lateral.py), a file runs as written: the same rows, but SPARQL
        # leaves the order inside GROUP_CONCAT open (the quotes joined by " | ").
        assert _concat_sorted(by_name.stdout) == _concat_sorted(by_file.stdout), path


def _concat_sorted(text: str) -> object:
    answer = json.loads(text)
    for row in answer["results"]["bindings"]:
        for value in row.values():
            if " | " in value["value"]:
                value["value"] = " | ".join(sorted(value["value"].split(" | ")))
    return answer


# --------------------------------------------------------------------------
# sparql: formats
# --------------------------------------------------------------------------
@article
def test_csv_header_and_rows() -> None:
    result = run("sparql", "claims-attributed-to-media", "--format", "csv")
    rows = list(csv.reader(io.StringIO(raw(result), newline="")))
    assert rows[0] == ["statement", "class", "what", "attributed_to", "attributed_to_name",
                       "controller_name", "evidence"]
    assert len(rows) == 4
    assert all(line.endswith("\r") or line == "" for line in raw(result).split("\n"))


# --------------------------------------------------------------------------
# sparql: errors
# --------------------------------------------------------------------------
def test_missing_or_wrong_graph_directory(tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["sparql", "timeline", "--graph", str(tmp_path / "none")])
    assert_clean_error(missing, 1, str(tmp_path / "none"), "does not exist")
    empty = CliRunner().invoke(cli, ["sparql", "ASK { ?s ?p ?o }", "--graph", str(tmp_path)])
    assert_clean_error(empty, 1, str(tmp_path), "not a graph directory")


# --------------------------------------------------------------------------
# queries
# --------------------------------------------------------------------------
@article
def test_queries_lists_every_file() -> None:
    result = run("queries")
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.stdout.splitlines()
              if line and not line.startswith(" ")]
    assert listed == [p.stem for p in QUERY_FILES]
    assert "--param actor=...  (entity)" in result.stdout
    first = next(line for line in result.stdout.splitlines() if line.startswith("who-met-whom"))
    assert "Pairs of actors in direct contact" in first


@article
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


# --------------------------------------------------------------------------
# library behaviour on small graph directories
# --------------------------------------------------------------------------
Run = Callable[..., Result]


def test_ad_hoc_query_with_project_prefixes(world_run: Run) -> None:
    result = world_run("sparql", "SELECT ?n WHERE { ?p a schema:Person ; mmru:side id:peru ; "
                                 "schema:name ?n } ORDER BY ?n", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert raw(result) == "n\r\nLuis Mamani\r\nLuis Quispe\r\n"


def test_ad_hoc_query_with_param(world_run: Run) -> None:
    result = world_run("sparql", "SELECT ?n WHERE { ?who schema:name ?n }", "-p",
                       "who=the minister", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert raw(result) == "n\r\nAna Rojas\r\n"


def test_query_file(tmp_path: Path, world_run: Run) -> None:
    path = tmp_path / "shared.rq"
    path.write_text("# title: Who shared an event\n# description: test.\n"
                    "# parameters: ?who (entity) a person\n"
                    "PREFIX schema: <https://schema.org/>\n"
                    "SELECT ?other WHERE { ?e schema:attendee ?who, ?o . ?o schema:name ?other "
                    "FILTER (?o != ?who) }\n", encoding="utf-8")
    result = world_run("sparql", str(path), "--param", "who=Ana", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert sorted(raw(result).split("\r\n")[1:-1]) == [
        "José Núñez", "Luis Quispe", "Peruvian Navy"]
    undeclared = world_run("sparql", str(path), "--param", "whom=Ana")
    assert_clean_error(undeclared, 2, "unknown parameter ?whom", "declared: ?who")


def test_query_file_with_a_literal_parameter(tmp_path: Path, world_run: Run) -> None:
    path = tmp_path / "named.rq"
    path.write_text("# title: Named exactly\n# description: test.\n"
                    "# parameters: ?name (literal) a name as written\n"
                    "PREFIX schema: <https://schema.org/>\n"
                    "SELECT ?who WHERE { ?who schema:name ?name }\n", encoding="utf-8")
    result = world_run("sparql", str(path), "-p", "name=Lima", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert raw(result) == f"who\r\n{ID.lima}\r\n"
    # A literal is taken as written, never resolved as a name.
    assert raw(world_run("sparql", str(path), "-p", "name=lima", "--format", "csv")) == "who\r\n"


def test_a_named_query_runs_by_name_and_from_its_file(world_run: Run, world_dir: Path) -> None:
    by_name = world_run("sparql", "meetings-of-actor", "-p", "actor=Quispe", "--format", "json")
    by_file = world_run("sparql", str(world_dir / "queries" / "meetings-of-actor.rq"),
                        "-p", "actor=Quispe", "--format", "json")
    assert by_name.exit_code == by_file.exit_code == 0, by_name.output + by_file.output
    assert json.loads(by_name.stdout) == json.loads(by_file.stdout)
    counterparts = {b["counterpart_name"]["value"]
                    for b in json.loads(by_name.stdout)["results"]["bindings"]}
    assert counterparts == {"Ana Rojas", "Peruvian Navy"}  # the talks; the parade is no meeting


def test_json_validates_against_the_w3c_structure(world_run: Run) -> None:
    result = world_run("sparql", "timeline", "--format", "json")
    data = json.loads(result.stdout)
    assert list(data) == ["head", "results"]
    variables = data["head"]["vars"]
    assert variables == ["start", "end", "approximate", "event", "event_name", "class", "place",
                         "evidence"]
    bindings = data["results"]["bindings"]
    assert [b["event_name"]["value"] for b in bindings] == [
        "Ana's trip to Peru", "Rojas–Quispe talks", "Navy day parade", "Arms sale"]
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert bindings[2]["start"] == {"type": "literal", "value": "2022-06",
                                    "datatype": xsd + "gYearMonth"}
    assert bindings[2]["approximate"] == {"type": "literal", "value": "true",
                                          "datatype": xsd + "boolean"}
    assert bindings[0]["event"] == {"type": "uri", "value": str(ID.trip)}
    assert "start" not in bindings[3]  # unbound: left out, not null
    years = json.loads(world_run("sparql", 'SELECT ?y ?n WHERE { VALUES (?y ?n) '
                                 '{ ("2021"^^xsd:gYear "x"@en) } }', "--format", "json").stdout)
    assert years["results"]["bindings"] == [{
        "y": {"type": "literal", "value": "2021", "datatype": xsd + "gYear"},
        "n": {"type": "literal", "value": "x", "xml:lang": "en"}}]
    for binding in bindings:
        assert set(binding) <= set(variables)
        for term in binding.values():
            assert term["type"] in {"uri", "literal", "bnode"}
            assert set(term) <= {"type", "value", "datatype", "xml:lang"}


def test_select_table_fits_the_terminal(world_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["sparql", "timeline", "--graph", str(world_dir)],
                                env={"COLUMNS": "72"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 72
    assert result.output.splitlines()[-1] == "(4 rows)"
    wide = CliRunner().invoke(cli, ["sparql", "timeline", "--graph", str(world_dir), "--wide"],
                              env={"COLUMNS": "72"})
    assert max(len(line) for line in wide.output.splitlines()) > 72  # --wide: full lines


def test_ask_as_json_and_table(world_run: Run) -> None:
    ask = "ASK { id:talks schema:attendee id:eva }"
    assert json.loads(world_run("sparql", ask, "--format", "json").stdout) == {
        "head": {}, "boolean": False}
    assert world_run("sparql", "ASK { ?e schema:attendee id:eva }").stdout == "true\n"


@pytest.mark.parametrize("fmt", ["turtle", "table"])
def test_construct_gives_turtle(fmt: str, world_run: Run) -> None:
    result = world_run("sparql", "CONSTRUCT { ?p schema:name ?n } WHERE { ?e schema:attendee "
                                 "?p . ?p a schema:Person ; schema:name ?n }", "--format", fmt)
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert (ID.luis, SCHEMA.name, Literal("Luis Quispe")) in graph
    assert (ID.eva, SCHEMA.name, Literal("Eva Mamani")) in graph
    assert len(graph) == 5  # the five persons who attended something


def test_describe_gives_turtle(world_run: Run) -> None:
    result = world_run("sparql", "DESCRIBE id:lima", "--format", "turtle")
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert (ID.lima, SCHEMA.name, Literal("Lima")) in graph
    assert (ID.lima, SCHEMA.containedInPlace, ID.peru) in graph


@pytest.mark.parametrize(("args", "fragments"), [
    (["CONSTRUCT WHERE { id:peru ?p ?o }", "--format", "json"],
     ["CONSTRUCT gives a graph", "use --format turtle or table"]),
    (["DESCRIBE id:peru", "--format", "csv"], ["DESCRIBE gives a graph"]),
    (["timeline", "--format", "turtle"],
     ["SELECT gives a table", "use --format table, json or csv"]),
    (["ASK { ?s ?p ?o }", "--format", "csv"], ["ASK gives a yes/no answer"]),
])
def test_format_that_does_not_fit_the_result(args: list[str], fragments: list[str],
                                             world_run: Run) -> None:
    assert_clean_error(world_run("sparql", *args), 2, *fragments)


def test_malformed_query_exit_2_with_line_and_column(world_run: Run) -> None:
    result = world_run("sparql", "SELECT ?n\nWHERE {\n  ?p schema:name ?n .\n  FILTER(\n}")
    assert_clean_error(result, 2, "malformed SPARQL at line 4, column 3", "Expected")
    assert len(result.stderr.strip().splitlines()) == 1


def test_malformed_query_file_names_the_file(tmp_path: Path, world_run: Run) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("# title: x\nSELECT ?x WHERE {\n  ?x ?y\n}\n", encoding="utf-8")
    # Lines count from the top of the file, header comments included.
    assert_clean_error(world_run("sparql", str(path)), 2,
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
def test_network_and_update_refused(query: str, fragments: list[str], world_run: Run) -> None:
    assert_clean_error(world_run("sparql", query), 2, *fragments)


def test_the_word_service_in_a_string_is_fine(world_run: Run) -> None:
    result = world_run("sparql", 'SELECT ?n WHERE { id:peru schema:name ?n '
                                 'FILTER (?n != "SERVICE <http://example.org/> {}") } # SERVICE',
                       "--format", "csv")
    assert result.exit_code == 0, result.output
    assert raw(result) == "n\r\nPeru\r\n"


@pytest.mark.parametrize(("args", "code", "fragments"), [
    (["nope"], 2, ["unknown named query 'nope'", "who-met-whom", "meetings-of-actor"]),
    (["missing-file.rq"], 2, ["missing-file.rq: no such query file"]),
    (["meetings-of-actor", "-p", "actor=Luis"], 2,
     ["'Luis' is ambiguous", "Luis Mamani", "Luis Quispe"]),
    (["meetings-of-actor", "-p", "actor=Nobody Atall"], 2, ["Nobody Atall"]),
    (["meetings-of-actor", "-p", "actor=id:nobody"], 2, ["id:nobody: no such node"]),
    (["meetings-of-actor", "-p", "who=Ana"], 2,
     ["unknown parameter ?who (declared: ?actor)"]),
    (["timeline", "-p", "actor=Ana"], 2, ["unknown parameter ?actor (declared: none)"]),
    (["SELECT * WHERE { ?s nope:p ?o }"], 2, ["Unknown namespace prefix : nope"]),
])
def test_error_paths(args: list[str], code: int, fragments: list[str], world_run: Run) -> None:
    assert_clean_error(world_run("sparql", *args), code, *fragments)


def test_bad_param_syntax_is_a_usage_error(world_run: Run) -> None:
    result = world_run("sparql", "timeline", "--param", "actor")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "write NAME=VALUE" in result.stderr


def test_graph_names_the_source_of_each_statement(multi_source: Path) -> None:
    """Each source's facts are in its own named graph: GRAPH ?source finds them, an
    unknown graph name is simply empty (no longer a failing query)."""
    def run_multi(*args: str) -> Result:
        return CliRunner().invoke(cli, [*args, "--graph", str(multi_source)],
                                  catch_exceptions=False)

    result = run_multi("sparql", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a mmru:Visit } } "
                                 "ORDER BY ?g", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert raw(result).split("\r\n")[1:-1] == [str(ID["source-fixture-alpha"]),
                                               str(ID["source-fixture-beta"])]
    empty = run_multi("sparql", "SELECT ?s ?p ?o WHERE { GRAPH <urn:x:g> { ?s ?p ?o } }",
                      "--format", "csv")
    assert empty.exit_code == 0 and raw(empty) == "s,p,o\r\n"
