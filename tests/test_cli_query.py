"""The commands met, path, central, timeline and show, through click's CliRunner.

What the commands answer on the curated graph are data tests (they take the
``graph`` fixture, so ``-m article`` selects them); their errors, exit codes
and start-up are library tests on the tiny world's graph directory
(``world_dir``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mmru_graph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
GRAPH = str(ROOT / "graph")
TEXT = (ROOT / "graph" / "sources" / "myanmar-russia-post-coup-2021.txt").read_text("utf-8")
MET_KEYS = {"counterpart", "counterpart_iri", "event", "event_iri", "date", "place", "contact",
            "evidence"}


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the parsed-graph cache of these runs out of the user's cache directory."""
    monkeypatch.setenv("MMRU_GRAPH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--graph", GRAPH], catch_exceptions=False)


@pytest.fixture
def world_run(world_dir: Path) -> Callable[..., Result]:
    """Run a command on the tiny world's graph directory."""

    def run_world(*args: str) -> Result:
        return CliRunner().invoke(cli, [*args, "--graph", str(world_dir)],
                                  catch_exceptions=False)
    return run_world


def assert_clean_error(result: Result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    message = result.stderr.strip()
    assert message.startswith("Error: ") and "\n" not in message, message
    for word in words:
        assert word in message, message


def assert_quotes_verbatim(evidence: list[dict]) -> None:
    for item in evidence:
        assert TEXT[item["start"]:item["end"]] == item["quote"]


# --- met ------------------------------------------------------------------
def table_column(out: str, header: str) -> list[str]:
    """Each row's cell under ``header`` in a printed table, wrapped lines joined.

    Rows are separated by blank lines; a row's notes (its sources, its quotes)
    follow its cells, each indented by exactly four spaces.
    """
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if header in line and line.isupper())
    starts = [m.start() for m in re.finditer(r"\S+", lines[head])]
    left = lines[head].index(header)
    right = next((s for s in starts if s > left), None)
    cells = []
    for block in "\n".join(lines[head + 1:]).split("\n\n"):
        row = []
        for line in block.splitlines():
            if re.match(r"    \S", line):
                break
            row.append(line[left:right].strip())
        if row:
            cells.append(" ".join(part for part in row if part))
    return cells


def test_met_table(graph: object) -> None:
    result = run("met", "Min Aung Hlaing")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Min Aung Hlaing (person, Myanmar):")
    # Every row of the table, and only those, is a counterpart the library
    # finds (the JSON); Putin, who never received him, is in none of them.
    listed = table_column(out, "COUNTERPART")
    expected = json.loads(run("met", "Min Aung Hlaing", "--format", "json").stdout)
    assert sorted(listed) == sorted(item["counterpart"] for item in expected)
    assert {"Alexander Vasilyevich Fomin", "Vladimir Kasatonov",
            "Rustam Nurgaliyevich Minnikhanov"} <= set(listed)
    assert not [cell for cell in listed if "Putin" in cell]
    labels = {"russia": "Russia", "myanmar": "Myanmar", "other": "other"}
    assert table_column(out, "SIDE") == [labels[item["counterpart_side"]] for item in expected]
    assert "“During his trip, the coup leader grants interviews" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_met_json(graph: object) -> None:
    result = run("met", "coup leader", "--format", "json")
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert items and all(set(item) >= MET_KEYS for item in items)
    names = {item["counterpart"] for item in items}
    assert {"Alexander Vasilyevich Fomin", "Vladimir Kasatonov",
            "Rustam Nurgaliyevich Minnikhanov"} <= names
    assert "Vladimir Putin" not in names
    for item in items:
        assert item["contact"] in {"direct", "co-attendance"}
        assert_quotes_verbatim(item["evidence"])


def test_met_putin_before_the_coup(graph: object) -> None:
    items = json.loads(run("met", "Putin", "--format", "json").stdout)
    assert [(i["date"], i["counterpart"], i["place"]) for i in items] == [
        ("2016", "Htin Kyaw", "Russia"), ("2019", "Aung San Suu Kyi", "China")]
    table = run("met", "Putin").stdout
    assert "Htin Kyaw" in table and "Aung San Suu Kyi" in table


def test_met_with_no_meeting_shows_the_sources_statement(graph: object) -> None:
    result = run("met", "Putin", "--with", "Min Aung Hlaing")
    assert result.exit_code == 0
    assert "Vladimir Putin and Min Aung Hlaing: no recorded meeting." in result.stdout
    assert "The source states" in result.stdout
    assert "“Russia’s President Putin has never received the Snr. Gen.”" in result.stdout
    items = json.loads(run("met", "Putin", "--with", "Min Aung Hlaing",
                           "--format", "json").stdout)
    assert [i["contact"] for i in items] == ["none"]
    [statement] = items
    assert set(statement) >= MET_KEYS and statement["event"] is None
    assert statement["counterpart"] == "Min Aung Hlaing"
    assert any("never received" in e["quote"] for e in statement["evidence"])


def test_met_with_shared_events(graph: object) -> None:
    result = run("met", "Kasatonov", "--with", "coup leader")
    assert result.exit_code == 0
    assert result.stdout.startswith("Vladimir Kasatonov and Min Aung Hlaing: 1 shared event")
    assert "2021-10-29" in result.stdout


def test_met_since_until(graph: object) -> None:
    items = json.loads(run("met", "Min Aung Hlaing", "--since", "2021-06-15", "--until",
                           "2021-06-30", "--format", "json").stdout)
    assert items and all(i["date"].startswith("2021-06") for i in items)
    result = run("met", "Min Aung Hlaing", "--since", "2021-10")
    assert "since 2021-10" in result.stdout and "2021-03-26" not in result.stdout


def test_missing_graph_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["met", "Putin", "--graph", str(tmp_path / "nowhere")])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "nowhere" in result.stderr


# --- path -----------------------------------------------------------------
def test_path_table_and_json(graph: object) -> None:
    result = run("path", "Fomin", "Kasatonov")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Path 1: Alexander Vasilyevich Fomin → Min Aung Hlaing → "
                          "Vladimir Kasatonov (2 hops, via actors)")
    assert "  1. Alexander Vasilyevich Fomin met Min Aung Hlaing" in out
    assert out.count("“") >= 2
    paths = json.loads(run("path", "Fomin", "Kasatonov", "--format", "json").stdout)
    [path] = paths
    assert path["names"][1] == "Min Aung Hlaing"
    for hop in path["hops"]:
        assert hop["event"] and hop["date"] and hop["sentence"]
        assert_quotes_verbatim(hop["evidence"])


def test_path_across_the_sides_via_full(graph: object) -> None:
    result = run("path", "Soe Win", "Kasatonov", "--via", "full", "--k", "2")
    assert result.exit_code == 0
    assert "Path 1: Soe Win →" in result.stdout and "Path 2: Soe Win →" in result.stdout
    paths = json.loads(run("path", "Soe Win", "Kasatonov", "--via", "full", "--k", "2",
                           "--format", "json").stdout)
    assert len(paths) == 2
    for path in paths:
        assert path["names"][-1] == "Vladimir Kasatonov"
        assert all(hop["evidence"] for hop in path["hops"])


# --- central ----------------------------------------------------------------
def test_central_table_and_json(graph: object) -> None:
    result = run("central")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Degree centrality, actors graph (unweighted):"
    assert lines[2].split() == ["RANK", "NAME", "KIND", "SIDE", "SCORE"]
    assert lines[3].startswith("1     Min Aung Hlaing") and "Myanmar" in lines[3]
    scores = json.loads(run("central", "--measure", "betweenness", "--top", "5",
                            "--format", "json").stdout)
    assert len(scores) == 5 and scores[0]["name"] == "Min Aung Hlaing"
    assert {"rank", "iri", "name", "kind", "side", "score", "measure"} <= set(scores[0])
    full = json.loads(run("central", "--graph-kind", "full", "--measure", "closeness",
                          "--top", "0", "--format", "json").stdout)
    assert {s["kind"] for s in full} >= {"place", "event", "person"}


# --- timeline ---------------------------------------------------------------
def test_timeline_table_and_json(graph: object) -> None:
    result = run("timeline")
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("2016") < out.index("2021-03-26") < out.index("2021-10-29")
    assert "(approx.)" in out and "undated: " in out
    assert out.rstrip().rfind("undated") > out.rfind("2021-10-29")
    entries = json.loads(run("timeline", "--actor", "Putin", "--format", "json").stdout)
    assert [e["start"] for e in entries] == ["2016", "2019"]
    assert {"event", "event_iri", "date", "place", "actors", "evidence"} <= set(entries[0])


def test_timeline_range(graph: object) -> None:
    entries = json.loads(run("timeline", "--since", "2021-10", "--until", "2021-10",
                             "--format", "json").stdout)
    assert entries and all(e["start"].startswith("2021-10") or e["start"] == "2021"
                           for e in entries)
    assert_clean_error(run("timeline", "--actor", "Vladimir"), 2, "ambiguous")


# --- show -------------------------------------------------------------------
def test_show_table_and_json(graph: object) -> None:
    result = run("show", "Kasatonov")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Vladimir Kasatonov (person, Person, side: Russia)")
    for section in ("Aliases:", "Offices:", "Events (", "Counterparts (", "Source: "):
        assert section in out
    card = json.loads(run("show", "coup leader", "--format", "json").stdout)
    assert card["name"] == "Min Aung Hlaing" and card["kind"] == "person"
    assert {"aliases", "offices", "events", "counterparts", "relations", "statements",
            "sources"} <= set(card)
    for source in card["sources"]:
        assert_quotes_verbatim(source["quotes"])
    place = run("show", "Kazan").stdout
    assert place.startswith("Kazan (place, City)") and "located in Republic of Tatarstan" in place


def test_show_marks_what_is_inferred(graph: object) -> None:
    """The coup itself is stated; its place and Htin Kyaw's country are not."""
    coup = run("show", "Military coup in Myanmar").stdout
    assert "Note:           inferred: schema:location" in coup
    assert "Myanmar military carried out\n" in coup
    assert "took place at Myanmar (inferred)" in coup
    htin_kyaw = run("show", "Htin Kyaw").stdout
    assert "former President, Myanmar [inferred]" in htin_kyaw
    assert "inferred:" not in htin_kyaw


def test_tables_fit_in_100_columns(graph: object) -> None:
    for args in (("met", "coup leader"), ("timeline",), ("show", "coup leader"),
                 ("central", "--top", "0"), ("path", "Soe Win", "Kasatonov", "--via", "full")):
        out = run(*args).stdout
        assert max(len(line) for line in out.splitlines()) <= 100, args


# --- errors and start-up: library behaviour on the tiny world --------------------------------
@pytest.mark.parametrize("value", ["2022-13", "June", "2022-02-30", "21"])
def test_bad_dates_exit_2_naming_the_value(world_run: Callable[..., Result], value: str) -> None:
    assert_clean_error(world_run("met", "Ana", "--since", value), 2, "--since", repr(value))
    assert_clean_error(world_run("timeline", "--until", value), 2, "--until", repr(value))


def test_ambiguous_name_exits_2_listing_candidates(world_run: Callable[..., Result]) -> None:
    assert_clean_error(world_run("met", "Luis"), 2, "ambiguous", "Luis Quispe", "Luis Mamani")
    assert_clean_error(world_run("met", "Ana", "--with", "Luis"), 2, "Luis Quispe")
    assert_clean_error(world_run("timeline", "--actor", "Luis"), 2, "ambiguous")


def test_unknown_name_exits_2_with_suggestions(world_run: Callable[..., Result]) -> None:
    assert_clean_error(world_run("met", "Quipse"), 2, "no ", "Quipse", "did you mean",
                       "Luis Quispe")
    assert_clean_error(world_run("show", "Ana Rojaz"), 2, "Ana Rojas")


def test_no_path_exits_1(world_run: Callable[..., Result]) -> None:
    assert_clean_error(world_run("path", "Ana", "Hermit"), 1, "no path", "Ana Rojas",
                       "Hermit Solo", "(try --via full)")
    # the advice is the CLI's, and only where it helps: Hermit Solo is linked to nothing
    full = world_run("path", "Ana", "Hermit", "--via", "full")
    assert_clean_error(full, 1, "no path")
    assert "try --via" not in full.stderr


def test_path_bad_input(world_run: Callable[..., Result]) -> None:
    assert_clean_error(world_run("path", "Luis", "Ana"), 2, "ambiguous")
    assert_clean_error(world_run("path", "Ana", "the minister"), 1, "same entity")
    result = world_run("path", "Ana", "Eva", "--k", "0")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_central_bad_measure(world_run: Callable[..., Result]) -> None:
    result = world_run("central", "--measure", "fame")
    assert result.exit_code == 2 and "fame" in result.output


@pytest.mark.parametrize("args", [["met", "Ana"], ["show", "Ana"], ["timeline", "--actor", "Ana"],
                                  ["path", "Ana", "Eva"], ["central"], ["met", "Quipse"],
                                  ["met", "Ana", "--store", "memory", "--store-dir", "x"]])
def test_commands_leave_the_collector_as_they_found_it(world_run: Callable[..., Result],
                                                       args: list[str]) -> None:
    # The commands run with the collector paused and freeze what they made
    # (cli.common.collector_paused); in a longer-lived process, such as
    # this one, it runs again afterwards and nothing stays frozen, answer or error.
    import gc

    assert gc.isenabled() and gc.get_freeze_count() == 0
    result = world_run(*args)
    assert result.exit_code == (2 if "Quipse" in args or "x" in args else 0), result.output
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_command_answers_with_the_collector_paused(world_run: Callable[..., Result],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only while loading: the analysis after it makes millions of objects at scale
    (cli.common.collector_paused), and the collector walked them again and again."""
    import gc

    from mmru_graph.analysis import contacts

    seen: list[bool] = []
    who_met = contacts.who_met

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return who_met(*args, **kwargs)

    monkeypatch.setattr(contacts, "who_met", watched)
    assert world_run("met", "Ana").exit_code == 0
    assert seen == [False]
    assert gc.isenabled() and gc.get_freeze_count() == 0


HEAVY = ("pyvis", "pyshacl", "jinja2", "pyoxigraph")


@pytest.fixture(scope="module")
def built_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multi-source fixture with its store built: a command's ordinary start-up."""
    from conftest import make_multi_source

    from mmru_graph.build import build_graph

    target = make_multi_source(tmp_path_factory.mktemp("sources-built") / "graph")
    build_graph(target)
    return target


@pytest.mark.parametrize(("store", "args"), [
    *[("files", a) for a in (["met", "Ana"], ["path", "Ana", "Eva"], ["central"],
                             ["timeline"], ["show", "Ana"])],
    *[("built store", a) for a in (["met", "Kyaw Zin Oo"], ["path", "Ivan Petrov", "Hla Tun"],
                                   ["central"], ["timeline"], ["show", "Kyaw Zin Oo"])]])
def test_commands_do_not_import_heavy_packages(args: list[str], store: str, tmp_path: Path,
                                               world_dir: Path, built_sources: Path) -> None:
    # Read from the built store, nothing heavy loads; from the files, pyoxigraph
    # parses them (strictly, before rdflib reads them), and nothing else heavy loads.
    graph_dir, heavy = ((built_sources, HEAVY) if store == "built store"
                        else (world_dir, tuple(m for m in HEAVY if m != "pyoxigraph")))
    code = (
        "import sys\n"
        "from mmru_graph.cli import cli\n"
        f"try:\n    cli({[*args, '--graph', str(graph_dir)]!r})\n"
        "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
        f"heavy = [m for m in {heavy!r} if m in sys.modules]\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n")
    env = dict(os.environ, MMRU_GRAPH_CACHE_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("HEAVY="), done.stderr


@pytest.mark.parametrize(("store", "args"), [
    ("files", ["met", "Ana"]), ("files", ["met", "Ana", "--with", "Eva"]),
    ("files", ["show", "Ana"]), ("files", ["timeline", "--actor", "Ana"]),
    ("files", ["timeline"]),
    ("built store", ["met", "Kyaw Zin Oo"]),
    ("built store", ["met", "Kyaw Zin Oo", "--format", "json"]),
    ("built store", ["show", "Kyaw Zin Oo"]),
    ("built store", ["timeline", "--actor", "Kyaw Zin Oo"])])
def test_questions_about_an_actor_do_not_import_networkx(
        args: list[str], store: str, tmp_path: Path, world_dir: Path,
        built_sources: Path) -> None:
    # An actor's counterparts are read from their events alone
    # (projection.graphs.counterparts), its statements from the full graph as plain
    # dicts (projection.links): networkx's import is most of such a command's start-up.
    graph_dir = built_sources if store == "built store" else world_dir
    code = (
        "import sys\n"
        "from mmru_graph.cli import cli\n"
        f"try:\n    cli({[*args, '--graph', str(graph_dir)]!r})\n"
        "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "sys.stderr.write('NETWORKX=' + str('networkx' in sys.modules))\n")
    env = dict(os.environ, MMRU_GRAPH_CACHE_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the command printed nothing"
    assert done.stderr.strip().endswith("NETWORKX=False"), done.stderr
