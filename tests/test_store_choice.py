"""A graph of several sources is answered from memory by default: the Oxigraph
store does not yet show the commands each source's named graph, so its answers
would lack the disputes and the sources of each link. Asked for explicitly, a
store says so in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_multi_source

from mmru_graph.build import build_graph
from mmru_graph.cli import cli
from mmru_graph.store.loading import choose_store

WARNING = "warning: this graph has several sources"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    graph_dir = make_multi_source(tmp_path_factory.mktemp("choice") / "graph")
    build_graph(graph_dir)
    return graph_dir


def test_the_default_store_of_several_sources_is_memory(built: Path) -> None:
    assert (built / "build" / "store" / "data").is_dir()
    assert choose_store(built) == "memory"


def test_the_default_answers_carry_the_disputes(built: Path) -> None:
    runner = CliRunner()
    args = ["met", "Ivan Petrov", "--graph", str(built), "--format", "json"]
    default = runner.invoke(cli, args)
    memory = runner.invoke(cli, [*args, "--store", "memory"])
    assert default.exit_code == 0 and memory.exit_code == 0
    assert default.stdout == memory.stdout
    disputed = [note for row in json.loads(default.stdout) for note in row["disputed"]]
    assert any("did not happen" in note for note in disputed)
    assert WARNING not in default.stderr


def test_an_explicit_store_warns_once(built: Path) -> None:
    result = CliRunner().invoke(cli, ["met", "Ivan Petrov", "--graph", str(built),
                                      "--store", "oxigraph"])
    assert result.exit_code == 0
    assert result.stderr.count(WARNING) == 1
    assert "--store memory gives them" in result.stderr


def test_sparql_reads_the_named_graphs_itself_and_does_not_warn(built: Path) -> None:
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    result = CliRunner().invoke(cli, ["sparql", query, "--graph", str(built),
                                      "--store", "oxigraph", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["n", "3"]  # the three sources' graphs
    assert WARNING not in result.stderr
