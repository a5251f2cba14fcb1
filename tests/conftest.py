"""Shared fixtures: the real graph, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from mmru_graph import load_graph

ROOT = Path(__file__).resolve().parents[1]
GRAPH_DIR = ROOT / "graph"


@pytest.fixture(scope="session")
def graph() -> Graph:
    """The curated graph (ontology, sources, data) as an rdflib graph."""
    return load_graph(GRAPH_DIR)


# --- validate/build fixtures (tests/test_build.py, test_validate.py, test_cli_build.py) ---

def copy_graph_dir(source: Path, target: Path) -> Path:
    """Copy a graph directory (never its build outputs) to ``target``."""
    import shutil

    shutil.copytree(source, target,
                    ignore=shutil.ignore_patterns("build", "__pycache__", ".*"))
    return target


@pytest.fixture
def graph_copy(tmp_path: Path) -> Path:
    """A fresh copy of the real graph directory, for a test to corrupt."""
    return copy_graph_dir(GRAPH_DIR, tmp_path / "graph")


@pytest.fixture
def mini_graph(tmp_path: Path) -> Path:
    """The small fixture graph of tests/fixtures/mini_graph with the real article text."""
    import shutil

    target = copy_graph_dir(ROOT / "tests" / "fixtures" / "mini_graph", tmp_path / "mini")
    for text in (GRAPH_DIR / "sources").glob("*.txt"):
        shutil.copyfile(text, target / "sources" / text.name)
    return target


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real graph built once per session (``build_graph``) into a temporary directory."""
    from mmru_graph.build import build_graph

    out = tmp_path_factory.mktemp("build")
    build_graph(GRAPH_DIR, out)
    return out
