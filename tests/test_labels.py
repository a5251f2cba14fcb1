"""The labels file next to the store: every row read back, and exact names found
in a sliver of it (:mod:`mmru_graph.store.labels`), resolving as all labels do."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import make_multi_source

from mmru_graph.analysis.focus import name_table, names_table
from mmru_graph.analysis.resolve import ACTORS, normalize, resolve_name
from mmru_graph.build import build_graph
from mmru_graph.errors import NameResolutionError
from mmru_graph.store.labels import CHUNK, LABELS, read_exact, read_labels, write_labels
from mmru_graph.store.loading import load_graph

ID = "https://w3id.org/mmru-graph/id/"


def _rows(count: int, seed: int = 7) -> list[tuple[str, str, str, list[str], list[str]]]:
    """Labels with shared names, aliases and several kinds (more rows than a chunk)."""
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        kind = rng.choice(["person", "organization", "event", "place"])
        name = f"name {rng.randrange(count // 3)}"
        aliases = [f"alias {rng.randrange(50)}" for _ in range(rng.randrange(3))]
        folded = [normalize(label) for label in (name, *aliases)]
        rows.append((f"{ID}n{number:05d}", name, kind, aliases, folded))
    return rows


def test_every_row_reads_back_sorted_by_iri_per_kind(tmp_path: Path) -> None:
    rows = _rows(3 * CHUNK + 17)
    path = tmp_path / LABELS
    write_labels(reversed(rows), path)
    assert read_labels(path) == sorted(rows)
    for kinds in (["person"], ["event", "place"], ["nothing"]):
        assert read_labels(path, kinds) == sorted(r for r in rows if r[2] in kinds)


def test_exact_names_are_what_a_scan_of_every_label_finds(tmp_path: Path) -> None:
    rows = _rows(3 * CHUNK + 17)
    path = tmp_path / LABELS
    write_labels(rows, path)
    folded = [*sorted({f for row in rows for f in row[4]}), "name", "nobody"]
    for text in folded:
        for kinds in (None, ["person", "organization"], ["place"]):
            expected = sorted(r for r in rows if text in r[4] and (kinds is None or r[2] in kinds))
            assert read_exact(path, text, kinds) == expected, (text, kinds)


@pytest.mark.parametrize("damage", ["missing", "empty", "truncated", "other layout"])
def test_a_damaged_labels_file_is_not_believed(tmp_path: Path, damage: str) -> None:
    import marshal

    path = tmp_path / LABELS
    write_labels(_rows(40), path)
    if damage == "missing":
        path.unlink()
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:-100])
    else:  # the previous layout: one marshalled dict of kinds
        path.write_bytes(marshal.dumps((3, {"person": marshal.dumps([])})))
    assert read_labels(path) is None
    assert read_exact(path, "name 1") is None


def test_names_resolve_as_against_every_label(tmp_path: Path) -> None:
    """Every name, alias, part of one and unknown name of a built graph resolves
    (or fails, with the same message) exactly as against every node's labels."""
    graph_dir = make_multi_source(tmp_path / "graph")
    build_graph(graph_dir, tmp_path / "build")
    store = tmp_path / "build" / "store"
    graph = load_graph(graph_dir, store="oxigraph", location=store)
    labels = read_labels(store / LABELS)
    assert labels
    texts = {label for row in labels for label in (row[1], *row[3])}
    texts |= {word for text in list(texts) for word in text.split()[:1]}
    texts |= {"nobody at all", "id:" + labels[0][0].removeprefix(ID), "  "}
    exact_only = 0
    for text in sorted(texts):
        for kinds in (None, ACTORS):
            whole = name_table(graph, kinds)
            some = names_table(graph, [text], kinds)
            assert whole is not None and some is not None
            exact_only += len(some.attrs) < len(whole.attrs)
            try:
                expected: object = resolve_name(graph, text, kinds=kinds, table=whole)
            except NameResolutionError as exc:
                expected = str(exc)
            try:
                got: object = resolve_name(graph, text, kinds=kinds, table=some)
            except NameResolutionError as exc:
                got = str(exc)
            assert got == expected, (text, kinds)
    assert exact_only > len(texts) // 2  # the sliver is what most names read
