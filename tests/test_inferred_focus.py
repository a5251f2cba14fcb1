"""``inferred`` reads what it needs: with nothing inferred, no evidence index."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_multi_source
from rdflib import Graph

from mmru_graph.analysis import inferred as inferred_module
from mmru_graph.analysis.inferred import inferred_items
from mmru_graph.build import build_graph
from mmru_graph.store.loading import load_graph


@pytest.fixture(scope="module")
def built_multi(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The multi-source fixture corpus, built (graph folder, store)."""
    graph_dir = make_multi_source(tmp_path_factory.mktemp("inferred") / "graph")
    build_graph(graph_dir, graph_dir.parent / "build")
    return graph_dir, graph_dir.parent / "build" / "store"


def _items(graph: Graph) -> list[dict[str, object]]:
    return [item.as_dict() for item in inferred_items(graph)]


def test_nothing_flagged_builds_no_evidence(built_multi: tuple[Path, Path],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(_graph: Graph) -> None:
        raise AssertionError("the evidence index is built with nothing inferred")

    monkeypatch.setattr(inferred_module, "evidence_index", refused)
    graph_dir, store = built_multi
    assert _items(load_graph(graph_dir)) == []
    assert _items(load_graph(graph_dir, store="oxigraph", location=store)) == []
