"""The built store's freshness check lists the graph's folders only when one changed.

``build`` records, next to each file's size, time and hash, the modification
time of every folder whose listing makes the file list (``sources``, ``data``
and each folder in it). While none has moved, no file can have been added,
removed or renamed, and the check stats the recorded files without listing
the folders (at 2M triples, 1,668 of them on every command).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from mmru_graph.store.loading import graph_file_names, graph_files
from mmru_graph.store.oxigraph import MANIFEST, sources_manifest, store_is_fresh

FILES = ("ontology.ttl", "sources/s-1.ttl", "data/people.ttl", "data/s-1/events.ttl",
         "data/s-2/events.ttl")


def _age(graph_dir: Path, seconds: float = 3600) -> None:
    """Every folder of the graph as if last changed ``seconds`` ago."""
    then = time.time() - seconds
    for folder in (graph_dir / "sources", graph_dir / "data", *(graph_dir / "data").iterdir()):
        if folder.is_dir():
            os.utime(folder, (then, then))


@pytest.fixture
def graph_dir(tmp_path: Path) -> Path:
    root = tmp_path / "graph"
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"# {name}\n", "utf-8")
    (root / "data" / "empty").mkdir()
    _age(root)
    return root


def _write_manifest(graph_dir: Path) -> tuple[Path, dict]:
    store = graph_dir / "build" / "store"
    store.mkdir(parents=True)
    manifest = sources_manifest(graph_dir, graph_files(graph_dir))
    (store / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    return store, manifest


class Listing:
    """graph_file_names, counting its calls."""

    def __init__(self, graph_dir: Path) -> None:
        self.graph_dir, self.calls = graph_dir, 0

    def __call__(self) -> list[str]:
        self.calls += 1
        return graph_file_names(self.graph_dir)


def test_settled_folders_are_recorded_and_spare_the_listing(graph_dir: Path) -> None:
    store, manifest = _write_manifest(graph_dir)
    assert set(manifest["folders"]) == {"sources", "data", "data/s-1", "data/s-2", "data/empty"}
    listing = Listing(graph_dir)
    assert store_is_fresh(store, graph_dir, listing)
    assert listing.calls == 0
    # a file changed in place still counts: its size and time are checked as before
    (graph_dir / "data" / "s-1" / "events.ttl").write_text("# edited, longer\n", "utf-8")
    assert not store_is_fresh(store, graph_dir, listing)


@pytest.mark.parametrize("added", ["data/s-1/more.ttl", "data/s-3/events.ttl",
                                   "data/empty/events.ttl", "sources/s-9.ttl",
                                   "data/extra.trig"])
def test_an_added_file_moves_its_folder_and_the_files_are_listed(graph_dir: Path,
                                                                  added: str) -> None:
    store, _manifest = _write_manifest(graph_dir)
    (graph_dir / added).parent.mkdir(parents=True, exist_ok=True)
    (graph_dir / added).write_text("# new\n", "utf-8")
    listing = Listing(graph_dir)
    assert not store_is_fresh(store, graph_dir, listing)
    assert listing.calls == 1


def test_a_removed_file_is_missed_by_its_stat_or_its_folder(graph_dir: Path) -> None:
    store, _manifest = _write_manifest(graph_dir)
    (graph_dir / "data" / "s-2" / "events.ttl").unlink()
    assert not store_is_fresh(store, graph_dir, Listing(graph_dir))


def test_folders_changed_just_before_the_build_are_not_vouched_for(graph_dir: Path) -> None:
    (graph_dir / "data" / "s-2" / "notes.txt").write_text("not RDF\n", "utf-8")  # moves s-2
    store, manifest = _write_manifest(graph_dir)
    assert "folders" not in manifest
    listing = Listing(graph_dir)
    assert store_is_fresh(store, graph_dir, listing)
    assert listing.calls == 1  # listed every time, as before


def test_a_manifest_without_folders_lists_them(graph_dir: Path) -> None:
    store, manifest = _write_manifest(graph_dir)
    del manifest["folders"]
    (store / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    listing = Listing(graph_dir)
    assert store_is_fresh(store, graph_dir, listing) and listing.calls == 1
    assert store_is_fresh(store, graph_dir, graph_file_names(graph_dir))
