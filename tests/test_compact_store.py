"""The compact store (store.compact) answers as rdflib's Memory store does.

Random additions and removals, into the default graph and named graphs, are
applied to a Memory-backed and a compact-backed dataset alike (some before a
read, some after, since the compact store sorts additions in at the next
read); then every triple pattern is asked of the union, of each graph and of
the quads, and the answers compared as sets (the two stores' orders differ).
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.plugins.stores.memory import Memory

from mmru_graph.store.bulk import graph_triples, scan_triples
from mmru_graph.store.compact import CompactStore
from mmru_graph.store.loading import SourcedGraph, load_graph

# rdflib's own Dataset code reads its deprecated default_context on every call.
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated")

TERMS: list[Any] = [URIRef(f"urn:t{i}") for i in range(6)] + [
    Literal("x"), Literal(3), Literal("x", lang="en"), BNode("b")]
GRAPHS = [URIRef(f"urn:g{i}") for i in range(3)]
#: Every pattern of subjects, predicates and objects from a few terms and None,
#: with a term that is never stated (urn:absent).
CHOICES = [None, *TERMS[:3], TERMS[6], TERMS[8], URIRef("urn:absent")]
PATTERNS = list(itertools.product(CHOICES, CHOICES, CHOICES))


def random_changes(seed: int, count: int = 250) -> list[tuple[str, tuple[Any, ...]]]:
    rng = random.Random(seed)
    changes = []
    for _ in range(count):
        quad = (rng.choice([*TERMS[:6], TERMS[9]]), rng.choice(TERMS[:3]), rng.choice(TERMS),
                rng.choice([*GRAPHS, None]))
        changes.append(("add" if rng.random() < 0.8 else "remove", quad))
    return changes


def apply(data: Dataset, changes: list[tuple[str, tuple[Any, ...]]]) -> None:
    for kind, (s, p, o, name) in changes:
        graph = data.default_graph if name is None else data.graph(name)
        if kind == "add":
            graph.add((s, p, o))
        else:
            graph.remove((s, p, o))


def both(seed: int, read_at: int | None = None) -> tuple[Dataset, Dataset]:
    """A Memory and a compact dataset after the same changes; ``read_at``: read both
    after that many (so that later ones come after a sort)."""
    made = []
    changes = random_changes(seed)
    cut = len(changes) if read_at is None else read_at
    for store in (Memory(), CompactStore()):
        data = Dataset(store=store, default_union=True)
        apply(data, changes[:cut])
        len(data)
        apply(data, changes[cut:])
        made.append(data)
    return made[0], made[1]


def quads_of(data: Dataset, pattern: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    return sorted((s, p, o, str(c)) for s, p, o, c in data.quads((*pattern, None)))


@pytest.mark.parametrize("seed, read_at", [(1, None), (2, 120), (3, 0), (4, 200)])
def test_every_pattern_answers_as_memory(seed: int, read_at: int | None) -> None:
    memory, compact = both(seed, read_at)
    assert len(compact) == len(memory)
    for pattern in PATTERNS:
        assert sorted(compact.triples(pattern)) == sorted(memory.triples(pattern)), pattern
        assert quads_of(compact, pattern) == quads_of(memory, pattern), pattern
        for name in GRAPHS:
            mine, theirs = compact.graph(name), memory.graph(name)
            assert sorted(mine.triples(pattern)) == sorted(theirs.triples(pattern)), \
                (pattern, name)
        assert sorted(compact.default_graph.triples(pattern)) == \
            sorted(memory.default_graph.triples(pattern))


@pytest.mark.parametrize("seed", [5, 6])
def test_counts_graphs_and_membership_answer_as_memory(seed: int) -> None:
    memory, compact = both(seed, read_at=100)
    for name in GRAPHS:
        assert len(compact.graph(name)) == len(memory.graph(name))
        assert sorted(graph_triples(compact.graph(name))) == \
            sorted(graph_triples(memory.graph(name)))
    assert len(compact.default_graph) == len(memory.default_graph)
    assert sorted(str(g.identifier) for g in compact.graphs()) == \
        sorted(str(g.identifier) for g in memory.graphs())
    for s, p, o in itertools.product(TERMS[:3], TERMS[:3], TERMS):
        assert ((s, p, o) in compact) == ((s, p, o) in memory)
        assert sorted(str(g.identifier) for g in compact.store.contexts((s, p, o))) == \
            sorted(str(g.identifier) for g in memory.store.contexts((s, p, o)))


def test_a_statement_in_several_graphs_is_one_triple_of_the_union() -> None:
    a, b = URIRef("urn:a"), URIRef("urn:b")
    made = []
    for store in (Memory(), CompactStore()):
        data = Dataset(store=store, default_union=True)
        for name in GRAPHS:
            data.graph(name).add((a, b, a))
        data.default_graph.add((a, b, a))
        data.default_graph.add((a, b, a))  # twice: held once
        made.append(data)
    memory, compact = made
    assert list(compact.triples((None, None, None))) == [(a, b, a)]
    assert len(compact) == 1 and len(compact.default_graph) == 1
    assert quads_of(compact, (a, None, None)) == quads_of(memory, (a, None, None))
    assert len(quads_of(compact, (a, None, None))) == len(GRAPHS) + 1


def test_removing_a_graph_forgets_it_and_its_statements() -> None:
    memory, compact = both(7)
    for data in (memory, compact):
        data.remove_graph(data.graph(GRAPHS[0]))
    assert sorted(str(g.identifier) for g in compact.graphs()) == \
        sorted(str(g.identifier) for g in memory.graphs())
    assert quads_of(compact, (None, None, None)) == quads_of(memory, (None, None, None))


def test_a_removal_then_the_same_addition_keeps_the_statement() -> None:
    data = Dataset(store=CompactStore(), default_union=True)
    a = URIRef("urn:a")
    data.default_graph.add((a, a, a))
    len(data)
    data.default_graph.remove((a, a, a))
    data.default_graph.add((a, a, a))
    assert list(data.default_graph) == [(a, a, a)]


def test_a_quoted_graph_is_refused() -> None:
    store = CompactStore()
    with pytest.raises(ValueError, match="quoted"):
        store.add((URIRef("urn:a"),) * 3, Graph(store=store), quoted=True)


def test_prefixes_bind_as_on_memory() -> None:
    stores = (Memory(), CompactStore())
    for store in stores:
        store.bind("ex", URIRef("http://e.org/"))
        store.bind("ex", URIRef("http://e.org/2/"))  # replaces it
        store.bind("ey", URIRef("http://e.org/2/"), override=False)  # keeps ex
    memory, compact = stores
    assert sorted(compact.namespaces()) == sorted(memory.namespaces())
    assert compact.prefix(URIRef("http://e.org/2/")) == memory.prefix(URIRef("http://e.org/2/"))


def test_the_project_graph_loads_the_same_into_either_store(tmp_path: Any) -> None:
    """load_graph(compact=True), as validation and the build read the graph: the same
    quads as rdflib's Memory store holds, and the union read the same way."""
    import shutil
    from pathlib import Path

    from mmru_graph.store.location import resolve_graph_dir

    graph_dir = shutil.copytree(Path(__file__).parent / "fixtures" / "multi_source",
                                tmp_path / "graph")
    shutil.copyfile(resolve_graph_dir() / "ontology.ttl", graph_dir / "ontology.ttl")
    memory, compact = load_graph(graph_dir), load_graph(graph_dir, compact=True)
    assert isinstance(compact, SourcedGraph) and isinstance(compact.store, CompactStore)
    assert quads_of(compact, (None, None, None)) == quads_of(memory, (None, None, None))
    assert sorted(scan_triples(compact)) == sorted(scan_triples(memory))
    assert dict(compact.namespaces()) == dict(memory.namespaces())


def test_a_build_from_the_compact_store_writes_the_same_files(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Large graphs are validated and built from the compact store (validate.COMPACT_FROM),
    small ones from Memory: the outputs are the same, byte for byte, either way."""
    import filecmp
    import shutil
    from pathlib import Path

    from mmru_graph import validate
    from mmru_graph.build import OUTPUT_FILES, build_graph
    from mmru_graph.store.location import resolve_graph_dir

    graph_dir = shutil.copytree(Path(__file__).parent / "fixtures" / "multi_source",
                                tmp_path / "graph")
    for name in ("ontology.ttl", "shapes.ttl"):
        shutil.copyfile(resolve_graph_dir() / name, graph_dir / name)
    loaded: list[bool] = []
    real_load = validate.load_graph

    def recording(*args: Any, **kwargs: Any) -> Any:
        if "compact" in kwargs:
            loaded.append(kwargs["compact"])
        return real_load(*args, **kwargs)

    monkeypatch.setattr(validate, "load_graph", recording)
    memory = build_graph(graph_dir, out_dir=tmp_path / "memory")
    monkeypatch.setattr(validate, "COMPACT_FROM", 0)
    compact = build_graph(graph_dir, out_dir=tmp_path / "compact")
    assert loaded == [False, True]
    assert (compact.triples, compact.events, compact.annotations, compact.counts) == \
        (memory.triples, memory.events, memory.annotations, memory.counts)
    assert compact.validation.warnings == memory.validation.warnings
    for name in OUTPUT_FILES:
        assert filecmp.cmp(memory.files[name], compact.files[name], shallow=False), name
    for name in ("labels.marshal", "links.sqlite", "triples.marshal", "sources.json"):
        assert filecmp.cmp(memory.store / name, compact.store / name, shallow=False), name
