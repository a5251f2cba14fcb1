"""The parsed-graph cache: same triples as parsing, never stale, never required.

Library behaviour, so it runs on the small fixture graph (tests/fixtures/mini_graph).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from mmru_graph import load_graph
from mmru_graph.errors import GraphSyntaxError
from mmru_graph.store import cache as graph_cache
from mmru_graph.store.loading import graph_files, new_graph


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("MMRU_GRAPH_CACHE_DIR", str(directory))
    monkeypatch.delenv("MMRU_GRAPH_CACHE", raising=False)
    return directory


@pytest.fixture
def graph_dir(mini_graph: Path) -> Path:
    """A fresh copy of the small fixture graph, for a test to change."""
    return mini_graph


def test_cached_graph_equals_the_parsed_one(cache_dir: Path, graph_dir: Path) -> None:
    parsed = load_graph(graph_dir)
    first = load_graph(graph_dir, cache=True)
    assert list(cache_dir.glob("graph-*.marshal"))
    second = load_graph(graph_dir, cache=True)
    assert set(second) == set(parsed) and isomorphic(second, parsed)
    assert set(first) == set(parsed)
    assert dict(second.namespaces()) == dict(parsed.namespaces())


def test_a_changed_file_is_parsed_again(cache_dir: Path, graph_dir: Path) -> None:
    load_graph(graph_dir, cache=True)
    people = graph_dir / "data" / "entities.ttl"
    people.write_text(people.read_text("utf-8") + "\n# a comment changes size and mtime\n"
                      "<https://w3id.org/mmru-graph/id/x> "
                      "<https://schema.org/name> \"Added\" .\n", "utf-8")
    reloaded = load_graph(graph_dir, cache=True)
    assert any(str(o) == "Added" for o in reloaded.objects())


def test_a_same_size_edit_with_its_mtime_restored_is_parsed_again(cache_dir: Path,
                                                                  graph_dir: Path) -> None:
    # The probe of issue 12: size and mtime alone would serve the old triples.
    first = load_graph(graph_dir, cache=True)
    people = graph_dir / "data" / "entities.ttl"
    text = people.read_text("utf-8")
    old_name = next(str(o) for o in first.objects() if str(o) == "Alexander Vasilyevich Fomin")
    stat = people.stat()
    edited = text.replace(f'"{old_name}"', '"Alexander Vasilyevich FOMIN"', 1)
    assert edited != text and len(edited.encode()) == len(text.encode())
    people.write_text(edited, "utf-8")
    os.utime(people, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert people.stat().st_size == stat.st_size
    assert people.stat().st_mtime_ns == stat.st_mtime_ns
    reloaded = load_graph(graph_dir, cache=True)
    names = {str(o) for o in reloaded.objects()}
    assert "Alexander Vasilyevich FOMIN" in names and old_name not in names


def test_a_broken_file_is_reported_not_hidden_by_the_cache(cache_dir: Path,
                                                           graph_dir: Path) -> None:
    load_graph(graph_dir, cache=True)
    people = graph_dir / "data" / "entities.ttl"
    people.write_text(people.read_text("utf-8") + "\nthis is not turtle\n", "utf-8")
    with pytest.raises(GraphSyntaxError, match=r"entities\.ttl"):
        load_graph(graph_dir, cache=True)


def test_a_corrupt_cache_is_ignored(cache_dir: Path, graph_dir: Path) -> None:
    parsed = load_graph(graph_dir, cache=True)
    [cache_file] = cache_dir.glob("graph-*.marshal")
    cache_file.write_bytes(b"\x00garbage")
    assert set(load_graph(graph_dir, cache=True)) == set(parsed)
    # ... and rewritten with good data.
    assert graph_cache.load(graph_files(graph_dir), new_graph())


def test_cache_can_be_turned_off(cache_dir: Path, graph_dir: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MMRU_GRAPH_CACHE", "0")
    load_graph(graph_dir, cache=True)
    assert not cache_dir.exists()


def test_an_unwritable_cache_directory_is_no_error(tmp_path: Path, graph_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MMRU_GRAPH_CACHE_DIR", str(blocker / "cache"))
    assert len(load_graph(graph_dir, cache=True)) == len(load_graph(graph_dir))


def test_loading_without_cache_writes_nothing(cache_dir: Path, graph_dir: Path) -> None:
    # The cache file this graph would have is inside the directory checked below ...
    target = graph_cache.cache_file(graph_files(graph_dir))
    assert target.parent == cache_dir
    before = sorted(p for p in cache_dir.parent.rglob("*"))
    load_graph(graph_dir)
    assert not target.exists() and not cache_dir.exists()
    # ... and nothing else appeared next to it or in the graph directory.
    assert sorted(p for p in cache_dir.parent.rglob("*")) == before
    # The same load with the cache on does write it: the check above can fail.
    load_graph(graph_dir, cache=True)
    assert target.is_file()
