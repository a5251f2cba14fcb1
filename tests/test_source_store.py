"""``--source`` / ``--exclude-source`` on the built store: the chosen sources' named graphs
and the default graph, each read by itself, never every statement of the store.

Every command must print what it prints on the parsed files (``--store memory``),
which restricts the dataset in memory (:func:`mmru_graph.sources.named.restrict`).
"""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import GRAPH_DIR, make_multi_source
from rdflib import Graph

from mmru_graph.build import build_graph
from mmru_graph.cli import cli
from mmru_graph.errors import SourceError
from mmru_graph.sources import named
from mmru_graph.sources.named import restrict
from mmru_graph.store.loading import load_graph
from mmru_graph.store.oxigraph import OxigraphBackend

#: The source selections every command is run with (``alpha``, ``beta``, ``gamma``:
#: the multi-source fixture's three sources).
SELECTIONS = (
    ("--source", "source-fixture-alpha"),
    ("--source", "source-fixture-gamma"),
    ("--source", "source-fixture-alpha", "--source", "id:source-fixture-beta"),
    ("--exclude-source", "source-fixture-beta"),
    ("--source", "source-fixture-alpha", "--exclude-source", "source-fixture-alpha"),
)

#: Commands and their arguments (a page and an export are compared by what they print
#: and write).
COMMANDS = (
    ("met", "Kyaw Zin Oo"),
    ("met", "Kyaw Zin Oo", "--format", "json"),
    ("show", "Kyaw Zin Oo", "--format", "json"),
    ("timeline", "--format", "json"),
    ("path", "Hla Tun", "Ivan Petrov", "--format", "json"),
    ("central", "--format", "json"),
    ("inferred", "--format", "json"),
    ("sparql", "SELECT ?event ?name WHERE { ?event schema:attendee ?who . "
               "?who schema:name ?name } ORDER BY ?event ?name", "--format", "csv"),
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multi-source fixture corpus built into its default build folder, so that the
    commands read the store by default (it is fresh)."""
    graph_dir = make_multi_source(tmp_path_factory.mktemp("source-store") / "graph")
    build_graph(graph_dir)
    return graph_dir


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def _spy_reads(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Refuse the store's whole read; record which graphs are read (``"named"``: every
    named graph's quads at once, as a restriction keeping most sources does)."""
    read: list[Any] = []
    by_graph, every_named = OxigraphBackend.statements_in, OxigraphBackend.named_quads

    def statements_in(self: OxigraphBackend, name: Any) -> Any:
        read.append(name)
        return by_graph(self, name)

    def named_quads(self: OxigraphBackend) -> Any:
        read.append("named")
        return every_named(self)

    def refused(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the whole store was read")

    monkeypatch.setattr(OxigraphBackend, "statements_in", statements_in)
    monkeypatch.setattr(OxigraphBackend, "named_quads", named_quads)
    monkeypatch.setattr(OxigraphBackend, "triples", refused)
    return read


@pytest.mark.parametrize("share", [0.0, float("inf")], ids=["all-at-once", "by-graph"])
@pytest.mark.parametrize("selection", SELECTIONS, ids=" ".join)
def test_every_command_answers_as_on_the_files(built: Path, selection: tuple[str, ...],
                                               share: float,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {}
    for command in COMMANDS:
        memory = _run(*command, *selection, "--graph", str(built), "--store", "memory")
        # no path between two actors, nothing attributed: an answer too, told alike
        expected[command] = (memory.exit_code, memory.stdout, memory.stderr)
    assert expected[COMMANDS[0]][0] == 0 and expected[COMMANDS[-1]][0] == 0
    monkeypatch.setattr(named, "WHOLE_SHARE", share)
    read = _spy_reads(monkeypatch)
    for command in COMMANDS:
        for store in ((), ("--store", "oxigraph"), ("--store-dir", str(built / "build" / "store"))):
            answer = _run(*command, *selection, "--graph", str(built), *store)
            assert (answer.exit_code, answer.stdout, answer.stderr) == expected[command], \
                (command, store, answer.stderr)
    assert None in read  # the default graph: the shared entities and the sources
    chosen = {flag: {value.removeprefix("id:") for named, value in pairwise(selection)
                     if named == flag} for flag in ("--source", "--exclude-source")}
    every = {f"source-fixture-{name}" for name in ("alpha", "beta", "gamma")}
    kept = (chosen["--source"] or every) - chosen["--exclude-source"]
    if chosen["--source"] or share:  # only the kept sources' graphs are read, one by one
        assert {str(name).rsplit("/", 1)[-1] for name in read if name is not None} == kept
    else:  # most sources kept: every named quad at once, and no graph by itself
        assert set(read) == {None, "named"}


def test_the_page_and_an_export_are_those_of_the_files(built: Path, tmp_path: Path) -> None:
    for selection in SELECTIONS[:2]:
        memory_page, store_page = tmp_path / "memory.html", tmp_path / "store.html"
        memory = _run("view", "--no-open", "--out", str(memory_page), *selection,
                      "--graph", str(built), "--store", "memory")
        store = _run("view", "--no-open", "--out", str(store_page), *selection,
                     "--graph", str(built))
        assert memory.exit_code == store.exit_code == 0, (memory.output, store.output)
        assert store.stdout.replace("store.html", "memory.html") == memory.stdout
        assert store_page.read_bytes() == memory_page.read_bytes()
        for fmt in ("graphml", "csv"):
            outputs = []
            for name, store_args in (("m", ("--store", "memory")), ("s", ())):
                out = tmp_path / f"{name}-{fmt}"
                result = _run("export", "--format", fmt, "--out", str(out), *selection,
                              "--graph", str(built), *store_args)
                assert result.exit_code == 0, result.output
                outputs.append(sorted((p.name, p.read_bytes()) for p in out.rglob("*")
                                      if p.is_file()) if out.is_dir() else out.read_bytes())
            assert outputs[0] == outputs[1], fmt


def test_the_library_restricts_the_store_as_the_dataset(built: Path,
                                                        multi_source_graph: Graph) -> None:
    store = load_graph(built, store="oxigraph", location=built / "build" / "store")
    for include, exclude in ((["source-fixture-beta"], []), ([], ["source-fixture-alpha"]),
                             (["source-fixture-alpha", "source-fixture-gamma"], [])):
        expected = restrict(multi_source_graph, include, exclude)
        found = restrict(store, include, exclude)
        assert set(found.default_graph) == set(expected.default_graph)
        assert sorted(str(g.identifier) for g in found.graphs() if len(g)) == \
            sorted(str(g.identifier) for g in expected.graphs() if len(g))
        for graph in expected.graphs():
            assert set(found.graph(graph.identifier)) == set(graph), graph.identifier
    with pytest.raises(SourceError, match="unknown source 'nope' \\(known: source-fixture-"):
        restrict(store, ["nope"])


def test_an_unknown_source_is_told_as_on_the_files(built: Path) -> None:
    for flag in ("--source", "--exclude-source"):
        memory = _run("met", "Kyaw Zin Oo", flag, "nope", "--graph", str(built),
                      "--store", "memory")
        store = _run("met", "Kyaw Zin Oo", flag, "nope", "--graph", str(built))
        assert memory.exit_code == store.exit_code == 2
        assert store.stderr == memory.stderr
        assert store.stderr.startswith("Error: unknown source 'nope' (known: ")


def test_an_endpoint_is_refused_in_one_line(built: Path) -> None:
    result = _run("met", "Kyaw Zin Oo", "--source", "source-fixture-alpha",
                  "--endpoint", "http://127.0.0.1:9/sparql")
    assert result.exit_code == 2
    assert "--source and --exclude-source read the graph's files or the built store" \
        in result.stderr
    assert "Traceback" not in result.output


def test_the_articles_source_from_its_store(built_dir: Path) -> None:
    """On the article built (whatever sources it holds): each source alone, and every
    source left out, answer from the store as from the files."""
    listed = json.loads(_run("sources", "--format", "json", "--graph", str(GRAPH_DIR)).stdout)
    assert listed
    for source in [row["id"] for row in listed]:
        for selection in (("--source", source), ("--exclude-source", source)):
            for command in (("timeline", "--format", "json"), ("central", "--format", "json")):
                memory = _run(*command, *selection, "--graph", str(GRAPH_DIR),
                              "--store", "memory")
                store = _run(*command, *selection, "--graph", str(GRAPH_DIR),
                             "--store-dir", str(built_dir / "store"))
                assert memory.exit_code == store.exit_code == 0, store.output
                assert store.stdout == memory.stdout, (command, selection)


def test_a_part_of_the_store_is_not_restricted_silently(built: Path) -> None:
    """A neighbourhood cannot tell which graph holds what: read as one graph, it would
    keep every source's facts. It is refused, not answered wrongly."""
    from mmru_graph.analysis.focus import focus_on

    store = load_graph(built, store="oxigraph", location=built / "build" / "store")
    part, _names = focus_on(store, ["Kyaw Zin Oo"])
    assert part is not store
    with pytest.raises(SourceError, match="only the graph's files or the whole built store"):
        restrict(part, ["source-fixture-alpha"])
