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
