"""The links file answers a neighbourhood's lookups from its indexes alone.

``met``, ``show`` and ``timeline --actor`` read an actor's neighbourhood with a
few dozen lookups by subject, by object and by predicate and object
(:mod:`mmru_graph.store.focus`). Each must be served by a covering index:
otherwise every triple found costs a read of its row elsewhere in the file
(at 2M triples, a quarter of the neighbourhood's time).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from rdflib import Graph

from mmru_graph.namespaces import ID, OA, TURTLE_PREFIXES
from mmru_graph.store.focus import MODEL_PREDICATES, neighbourhood
from mmru_graph.store.snapshot import Links, write_links

DATA = TURTLE_PREFIXES + """
id:ana a schema:Person ; schema:name "Ana" .
id:bo a schema:Person ; schema:name "Bo" .
id:talks a mmru:Talks ; schema:name "Talks" ; schema:attendee id:ana , id:bo .
id:ann a oa:Annotation ; oa:hasBody id:talks ; oa:hasTarget [ oa:hasSource id:src ] .
mmru:Talks rdfs:subClassOf mmru:DirectContact .
"""

#: The statements Links runs for a neighbourhood, with a few values in each IN list.
LOOKUPS = {
    "by subject": "SELECT s, p, o FROM triples WHERE s IN (?, ?)",
    "by object": "SELECT s, p, o FROM triples WHERE o IN (?, ?)",
    "annotations of nodes": "SELECT s, p, o FROM triples WHERE p = 1 AND o IN (?, ?)",
    "every triple of predicates": "SELECT s, p, o FROM triples WHERE p IN (?, ?)",
}


@pytest.fixture(scope="module")
def links_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    graph = Graph().parse(data=DATA, format="turtle")
    path = tmp_path_factory.mktemp("links") / "links.sqlite"
    write_links(graph, path)
    return path, graph


@pytest.mark.parametrize("lookup", sorted(LOOKUPS))
def test_each_lookup_reads_a_covering_index(links_file: tuple[Path, Graph],
                                            lookup: str) -> None:
    db = sqlite3.connect(links_file[0])
    plan = " ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + LOOKUPS[lookup],
                                                  (1, 2)))
    db.close()
    assert "COVERING INDEX" in plan, plan


def test_the_lookups_find_what_the_graph_holds(links_file: tuple[Path, Graph]) -> None:
    path, graph = links_file
    links = Links(path)
    talks = ID.talks
    assert set(links.about([talks])) == set(graph.triples((talks, None, None)))
    assert set(links.about([talks], incoming=True)) == set(graph.triples((None, None, talks)))
    assert set(links.about([talks], incoming=True, predicate=OA.hasBody)) == {
        (ID.ann, OA.hasBody, talks)}
    model = set(links.with_predicates(MODEL_PREDICATES))
    assert model == {t for p in MODEL_PREDICATES for t in graph.triples((None, p, None))}
    found = {str(s) for s, _p, _o in neighbourhood(links, [str(ID.ana)])}
    assert {str(ID.ana), str(ID.bo), str(talks), str(ID.ann)} <= found


def test_decoding_rows_does_not_walk_every_term_decoded_before(
        links_file: tuple[Path, Graph]) -> None:
    # Each look-up decodes the terms it has not seen; checking that against every
    # term decoded so far made the marks of 56,589 contacts quadratic (minutes).
    class Watched(dict):  # type: ignore[type-arg]
        def keys(self):  # type: ignore[no-untyped-def]
            raise AssertionError("walked every decoded term")

        def __iter__(self):  # type: ignore[no-untyped-def]
            raise AssertionError("walked every decoded term")

    path, graph = links_file
    links = Links(path)
    links._decoded = Watched()
    assert set(links.about([ID.talks])) == set(graph.triples((ID.talks, None, None)))
    assert links.about([ID.ana], incoming=True)
