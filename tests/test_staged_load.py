"""The store's bulk load in a thread (``mmru_graph.store.staged_load``): what it loads is
what the store answers, its errors reach the caller, and nothing of it is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmru_graph.store.oxigraph import write_store
from mmru_graph.store.staged_load import StagedLoad

QUADS = ('<urn:x:a> <urn:x:b> "c" <urn:x:g> .\n'
         '<urn:x:a> <urn:x:d> <urn:x:e> .\n')


def test_a_started_load_becomes_the_store(tmp_path: Path) -> None:
    import pyoxigraph as ox

    quads = tmp_path / "graph.nq"
    quads.write_text(QUADS, encoding="utf-8")
    load = StagedLoad(quads, tmp_path / "store")
    write_store(quads, tmp_path / "store", {"format": 1, "files": []}, load=load)
    assert not load.staging.exists()  # renamed into place
    store = ox.Store.read_only(str(tmp_path / "store" / "data"))
    assert sorted(str(q) for q in store) == sorted(str(q) for q in ox.parse(
        QUADS, format=ox.RdfFormat.N_QUADS))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_load_raises_in_the_caller_and_leaves_nothing(tmp_path: Path) -> None:
    quads = tmp_path / "graph.nq"
    quads.write_text("<urn:x:a> <urn:x:b> .\n", encoding="utf-8")  # no object
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "old").write_text("the previous store", encoding="utf-8")
    load = StagedLoad(quads, tmp_path / "store")
    with pytest.raises(SyntaxError):
        write_store(quads, tmp_path / "store", {"format": 1, "files": []}, load=load)
    assert not load.staging.exists()
    assert (tmp_path / "store" / "old").read_text(encoding="utf-8") == "the previous store"


def test_a_discarded_load_is_removed(tmp_path: Path) -> None:
    quads = tmp_path / "graph.nq"
    quads.write_text(QUADS, encoding="utf-8")
    load = StagedLoad(quads, tmp_path / "store")
    load.discard()
    assert not load.staging.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nq"]


def test_a_load_in_parts_holds_every_quad_once(tmp_path: Path) -> None:
    """Parts of a few lines each (the build's are 64 MB): the store answers as one load."""
    import pyoxigraph as ox

    lines = [f'<urn:x:s{i % 7}> <urn:x:p> "{i}" <urn:x:g{i % 3}> .\n' for i in range(200)]
    quads = tmp_path / "graph.nq"
    quads.write_text("".join(lines), encoding="utf-8")
    load = StagedLoad(quads, tmp_path / "store", in_parts=True, part_bytes=150)
    stored = ox.Store.read_only(str(load.wait() / "data"))
    assert sorted(str(q) for q in stored) == sorted(str(q) for q in ox.parse(
        "".join(lines), format=ox.RdfFormat.N_QUADS))
    load.discard()

