"""A view of some sources reads the same statements from the links file as from Oxigraph.

:class:`mmru_graph.store.kept.KeptLookup` reads each statement with the named graphs
stating it from the build's links file when there is one, and asks the store whether
the default graph states it only where every named graph that does is left out. Here a
source restates statements of the shared entities (the default graph's), so a view
leaving that source out must keep them, and every read (by subject, by object, by
predicate, the graphs stating each) must equal the one from Oxigraph's own indexes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import make_multi_source
from rdflib import Literal, URIRef
from test_kept_focus import CHOICES

from mmru_graph.analysis.kept_focus import kept_graphs
from mmru_graph.build import build_graph
from mmru_graph.namespaces import ID, MMRU, SCHEMA
from mmru_graph.store.kept import KeptLookup
from mmru_graph.store.oxigraph import OxigraphBackend

DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
#: Added to the shared entities (the default graph): a dated and a tagged literal.
SHARED = """
id:ivan-petrov schema:birthDate "1952-10-07"^^xsd:date ; schema:description "Präsident"@de .
"""
#: What source-fixture-beta restates of the default graph: a name, an alias, a side, and
#: the literals of :data:`SHARED`.
RESTATED = """
id:ivan-petrov schema:name "Ivan Petrov" ; schema:alternateName "President Ivan Petrov" ;
    mmru:side id:russia ; schema:birthDate "1952-10-07"^^xsd:date ;
    schema:description "Präsident"@de .
"""


@pytest.fixture(scope="module")
def restating(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The multi-source fixture with :data:`RESTATED` in one source, built; its store,
    and a copy of it without the links file (read from Oxigraph's indexes)."""
    graph_dir = make_multi_source(tmp_path_factory.mktemp("restating") / "graph")
    for path, added in ((graph_dir / "data" / "entities.ttl", SHARED),
                        (graph_dir / "data" / "source-fixture-beta" / "facts.ttl", RESTATED)):
        path.write_text(path.read_text("utf-8") + added, "utf-8")
    build_graph(graph_dir, graph_dir.parent / "build")
    store = graph_dir.parent / "build" / "store"
    bare = graph_dir.parent / "bare"
    shutil.copytree(store, bare)
    (bare / "links.sqlite").unlink()
    return store, bare


def _lookup(store: Path, choice: tuple[tuple[str, ...], tuple[str, ...]]) -> KeptLookup:
    backend = OxigraphBackend(store)
    kept = kept_graphs(backend, *choice)
    assert kept is not None
    return KeptLookup(backend, kept)


@pytest.mark.parametrize("scan", [False, True], ids=["by-subject", "one-pass"])
def test_the_links_file_and_the_indexes_read_the_same_view(
        restating: tuple[Path, Path], scan: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every read, of every choice of sources; a predicate's statements read by subject
    (few subjects) or in one pass over the named quads (many)."""
    if scan:
        monkeypatch.setattr("mmru_graph.store.snapshot._SCAN_SUBJECTS", 0)
    store, bare = restating
    # Every IRI of the store, in any position (the ontology's and the sources' too).
    iris = sorted({URIRef(term.value) for quad in OxigraphBackend(bare).store
                   for term in (quad.subject, quad.predicate, quad.object, quad.graph_name)
                   if isinstance(term, ox.NamedNode)}, key=str)
    assert len(iris) > 100
    for choice in CHOICES:
        near, far = _lookup(store, choice), _lookup(bare, choice)
        assert near.store.stated_about(iris[:1]) is not None  # the links file is read
        assert far.store.stated_about(iris[:1]) is None
        assert set(near.about(iris)) == set(far.about(iris)), choice
        assert set(near.about(iris, incoming=True)) == set(far.about(iris, incoming=True))
        assert set(near.about(iris, predicate=SCHEMA.attendee)) == \
            set(far.about(iris, predicate=SCHEMA.attendee))
        for predicates in ([SCHEMA.name, MMRU.side], [SCHEMA.startDate, SCHEMA.location]):
            assert set(near.with_predicates(predicates)) == set(far.with_predicates(predicates))
        assert {s: set(q) for s, q in near.quads.items()} == \
            {s: set(q) for s, q in far.quads.items()}, choice


def test_what_a_left_out_source_restates_of_the_shared_entities_is_kept(
        restating: tuple[Path, Path]) -> None:
    store, _bare = restating
    ivan = ID["ivan-petrov"]
    restated = {(ivan, SCHEMA.name, Literal("Ivan Petrov")), (ivan, MMRU.side, ID.russia),
                (ivan, SCHEMA.alternateName, Literal("President Ivan Petrov")),
                (ivan, SCHEMA.birthDate, Literal("1952-10-07", datatype=DATE)),
                (ivan, SCHEMA.description, Literal("Präsident", lang="de"))}
    for choice in (((), ("source-fixture-beta",)), (("source-fixture-alpha",), ())):
        lookup = _lookup(store, choice)
        assert restated <= set(lookup.about([ivan])), choice
        assert restated <= set(lookup.with_predicates([p for _s, p, _o in restated]))
        assert not lookup.quads.get(ivan), choice  # stated by the default graph only
    kept = _lookup(store, (("source-fixture-beta",), ()))
    assert restated <= set(kept.about([ivan]))
    assert {q[3] for q in kept.quads[ivan]} == {ID["source-fixture-beta"]}
