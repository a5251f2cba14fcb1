"""Which source states what, alike on every store, on a graph of several sources.

The invented three-source fixture (tests/fixtures/multi_source) disagrees with
itself: a date, an ordinal, and a negative statement ("has never met") beside
another source's meeting. In memory each source's facts are a named graph; the
Oxigraph store and an endpoint show the commands the union, and answer the
per-source questions themselves (``mmru_graph.store.sourced``; the disputes
``build`` saved with the store). Every command must answer as from memory.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import make_multi_source
from servers import oxigraph_server

from mmru_graph.build import build_graph
from mmru_graph.cli import cli
from mmru_graph.store import endpoint as endpoint_module
from mmru_graph.store.loading import choose_store

BACKENDS = ("memory", "oxigraph", "sparql")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    graph_dir = make_multi_source(tmp_path_factory.mktemp("sources") / "graph")
    build_graph(graph_dir)
    return graph_dir


@pytest.fixture(scope="module")
def server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(built / "build" / "graph.nq",
                         tmp_path_factory.mktemp("sources-server")) as url:
        yield url


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MMRU_GRAPH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def store_args(backend: str, built: Path, server: str, store_dir: Path | None = None
               ) -> list[str]:
    if backend == "memory":
        return ["--store", "memory"]
    if backend == "oxigraph":
        return ["--store-dir", str(store_dir or built / "build" / "store")]
    return ["--endpoint", server]


def run(built: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--graph", str(built)])


#: Every command whose answer carries which sources say so, or what they dispute.
COMMANDS = {
    "met": ["met", "Kyaw Zin Oo", "--format", "json"],
    "met-with": ["met", "Ivan Petrov", "--with", "Kyaw Zin Oo", "--format", "json"],
    "met-table": ["met", "Ivan Petrov", "--with", "Kyaw Zin Oo"],
    "path": ["path", "Ivan Petrov", "Hla Tun", "--format", "json"],
    "path-full": ["path", "Kyaw Zin Oo", "Moscow", "--via", "full", "--format", "json"],
    "show": ["show", "Kyaw Zin Oo", "--format", "json"],
    "timeline": ["timeline", "--format", "json"],
    "timeline-actor": ["timeline", "--actor", "Kyaw Zin Oo"],
    "timeline-window": ["timeline", "--since", "2022-02", "--until", "2022-02-20"],
    "central": ["central", "--measure", "degree", "--format", "json"],
    "inferred": ["inferred", "--format", "json"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_backend_answers_the_same(command: str, built: Path, server: str) -> None:
    outputs = {}
    for backend in BACKENDS:
        result = run(built, *COMMANDS[command], *store_args(backend, built, server))
        assert result.exit_code == 0, (backend, result.output)
        assert result.stderr == "", (backend, result.stderr)
        outputs[backend] = result.stdout
    assert outputs["memory"].strip()
    assert outputs["oxigraph"] == outputs["memory"]
    assert outputs["sparql"] == outputs["memory"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_marks_say_who_says_so_and_what_is_disputed(backend: str, built: Path,
                                                        server: str) -> None:
    result = run(built, *COMMANDS["met-with"], *store_args(backend, built, server))
    rows = json.loads(result.stdout)
    meeting = next(r for r in rows if r["contact"] != "none")
    denial = next(r for r in rows if r["contact"] == "none")
    assert meeting["supported_by"] == ["source-fixture-gamma"]
    assert any("did not happen" in note for note in meeting["disputed"])
    assert denial["supported_by"] == ["source-fixture-alpha"]
    visit = next(e for e in json.loads(run(built, *COMMANDS["timeline"],
                                           *store_args(backend, built, server)).stdout)
                 if "visit" in e["event"].lower())
    assert visit["supported_by"] == ["source-fixture-alpha", "source-fixture-beta"]
    assert any("disagree on the date" in note for note in visit["disputed"])


def test_the_view_is_the_same_page_on_every_backend(built: Path, server: str,
                                                    tmp_path: Path) -> None:
    pages = {}
    for backend in BACKENDS:
        out = tmp_path / f"{backend}.html"
        result = run(built, "view", "--no-open", "--out", str(out),
                     *store_args(backend, built, server))
        assert result.exit_code == 0, result.output
        pages[backend] = (result.stdout.replace(str(out), "PAGE"), out.read_bytes())
    assert b"did not happen" in pages["memory"][1]
    assert pages["oxigraph"] == pages["memory"]
    assert pages["sparql"] == pages["memory"]


def test_an_export_keeps_each_source_graph_on_every_backend(built: Path, server: str,
                                                            tmp_path: Path) -> None:
    written = {}
    for backend in BACKENDS:
        out = tmp_path / f"{backend}.nq"
        result = run(built, "export", "--format", "nquads", "--out", str(out),
                     *store_args(backend, built, server))
        assert result.exit_code == 0, result.output
        written[backend] = out.read_bytes()
    assert b"<https://w3id.org/mmru-graph/id/source-fixture-beta> .\n" in written["memory"]
    assert written["oxigraph"] == written["memory"]
    assert written["sparql"] == written["memory"]


def test_the_built_store_is_the_default_and_the_source_commands_agree(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert choose_store(built) == "oxigraph"
    commands = [["sources", "--format", "json"], ["conflicts", "--format", "json"],
                ["conflicts", "--refinements"]]
    from_store = [run(built, *c) for c in commands]
    monkeypatch.setattr("mmru_graph.store.loading.choose_store", lambda *_a, **_k: "memory")
    from_memory = [run(built, *c) for c in commands]
    for command, store, memory in zip(commands, from_store, from_memory, strict=True):
        assert store.exit_code == 0 and memory.exit_code == 0, command
        assert store.stdout == memory.stdout, command
    statements = {s["id"]: s["statements"] for s in json.loads(from_memory[0].stdout)}
    assert all(statements.values()), statements
    assert len(json.loads(from_memory[1].stdout)) >= 2  # the date, the ordinal, the meeting


def test_disputes_not_saved_or_saved_by_other_code_are_found_again(
        built: Path, server: str, tmp_path: Path) -> None:
    from mmru_graph.sources.saved import SAVED

    expected = run(built, *COMMANDS["met-with"], "--store", "memory").stdout
    unsaved = tmp_path / "unsaved"
    shutil.copytree(built / "build" / "store", unsaved)
    (unsaved / SAVED).unlink()
    foreign = tmp_path / "foreign"
    shutil.copytree(built / "build" / "store", foreign)
    saved = json.loads((foreign / SAVED).read_text("utf-8"))
    (foreign / SAVED).write_text(json.dumps({"digest": "other code", "conflicts": []}),
                                 "utf-8")
    assert saved["conflicts"], "build saved the fixture's disputes"
    for store in (unsaved, foreign):
        result = run(built, *COMMANDS["met-with"], *store_args("oxigraph", built, server, store))
        assert result.exit_code == 0, result.output
        assert result.stdout == expected
        # ... and the analyst is told why it is slower, once, on stderr
        notes = [line for line in result.stderr.splitlines() if line.startswith("Note: ")]
        assert len(notes) == 1 and str(store / SAVED) in notes[0], result.stderr
        assert ("missing" if store == unsaved else "another version") in notes[0]
    fresh = run(built, *COMMANDS["met-with"])
    assert fresh.exit_code == 0 and "Note:" not in fresh.stderr, fresh.stderr


def test_sources_on_the_built_store_reads_the_list_build_saved(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``sources`` counts every annotation of every source: build saves the list with the
    store, and the whole store answers from it without reading the graph's quotes; a
    store whose list is missing or foreign answers the same, counted, with a note."""
    from mmru_graph.sources.saved import SAVED
    from mmru_graph.store.backends import BackendTriples

    expected = run(built, "sources", "--format", "json").stdout
    assert json.loads(expected)
    loaded: list[str] = []
    real_load = BackendTriples.load

    def load(self: BackendTriples, concern: str) -> None:
        loaded.append(concern)
        real_load(self, concern)

    monkeypatch.setattr(BackendTriples, "load", load)
    again = run(built, "sources", "--format", "json")
    assert again.stdout == expected and "Note:" not in again.stderr
    assert "evidence" not in loaded, loaded
    copy = shutil.copytree(built, tmp_path / "graph", symlinks=True)
    assert choose_store(copy) == "oxigraph"
    stale = copy / "build" / "store" / SAVED
    saved = json.loads(stale.read_text("utf-8"))
    del saved["sources"]  # as an older build wrote it
    stale.write_text(json.dumps(saved), "utf-8")
    counted = run(copy, "sources", "--format", "json")
    assert counted.exit_code == 0, counted.output
    assert counted.stdout == expected
    assert "evidence" in loaded
    assert "list of sources" in counted.stderr and str(stale) in counted.stderr


def test_an_endpoint_is_asked_which_source_says_what_in_one_request(
        built: Path, server: str) -> None:
    before = endpoint_module.REQUESTS["count"]
    result = run(built, *COMMANDS["met-with"], "--endpoint", server)
    assert result.exit_code == 0, result.output
    assert 1 <= endpoint_module.REQUESTS["count"] - before <= 10


def test_the_links_file_says_which_source_states_a_statement(built: Path) -> None:
    from mmru_graph.namespaces import ID, SCHEMA
    from mmru_graph.store.oxigraph import OxigraphBackend

    store = OxigraphBackend(built / "build" / "store")
    visit = ID["2022-02-kyaw-zin-oo-visit-to-russia"]
    assert sorted(map(str, store.graphs_holding(visit, SCHEMA.startDate, None))) == [
        str(ID["source-fixture-alpha"]), str(ID["source-fixture-beta"])]
    assert store.graphs_holding(visit, SCHEMA.startDate, ID["nowhere"]) == []
    assert store.graphs_holding(ID["nothing-here"], None, None) == []
    sizes = store.graph_sizes()
    assert set(sizes) == {ID[f"source-fixture-{s}"] for s in ("alpha", "beta", "gamma")}
    assert sum(sizes.values()) == len(store.named_quads())
    store._links_file = None  # the same answers from Oxigraph's own indexes
    store._linked = None
    assert sorted(map(str, store.graphs_holding(visit, SCHEMA.startDate, None))) == [
        str(ID["source-fixture-alpha"]), str(ID["source-fixture-beta"])]
    assert store.graph_sizes() == sizes


def test_ties_fall_alike_on_every_run_and_backend(built: Path, server: str) -> None:
    """Two paths of four hops join Ivan Petrov to Moscow. Which one is shown must not
    follow the order the graph's triples came in (the parse, the store, an endpoint's
    answer, a cache): the projections add their nodes and links by IRI. GraphML, written
    from the same projection, is byte for byte the same from every store."""
    args = ["path", "Ivan Petrov", "Moscow", "--via", "full", "--k", "2", "--format", "json"]
    first = run(built, *args, "--store", "memory")
    again = run(built, *args, "--store", "memory")
    assert first.exit_code == 0, first.output
    [one, other] = json.loads(first.stdout)
    assert one["length"] == other["length"] == 4 and one["nodes"] != other["nodes"]
    assert again.stdout == first.stdout
    assert run(built, *args, *store_args("oxigraph", built, server)).stdout == first.stdout
    assert run(built, *args, *store_args("sparql", built, server)).stdout == first.stdout
    export = {}
    for backend in BACKENDS:
        out = built.parent / f"{backend}.graphml"
        result = run(built, "export", "--format", "graphml", "--out", str(out),
                     *store_args(backend, built, server))
        assert result.exit_code == 0, result.output
        export[backend] = out.read_bytes()
        out.unlink()
    assert export["oxigraph"] == export["memory"]
    assert export["sparql"] == export["memory"]
