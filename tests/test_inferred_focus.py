"""``inferred`` on the built store reads the flagged nodes, not the whole store.

:func:`mmru_graph.analysis.inferred.flagged_part` finds the flags by their IRIs
in the build's links file, then the nodes they flag, their annotations and what
they point to; the items from that part must be the whole graph's, for every
kind of flag and for values named through other nodes (a role's member, an
accompaniment's two ends). With nothing inferred, no evidence index is built.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from mmru_graph.analysis import inferred as inferred_module
from mmru_graph.analysis.inferred import inferred_items
from mmru_graph.cli import cli
from mmru_graph.namespaces import ID, OA, TURTLE_PREFIXES
from mmru_graph.store.backends import backend_graph, backend_of
from mmru_graph.store.focus import FocusedBackend
from mmru_graph.store.loading import load_graph, new_graph
from mmru_graph.store.oxigraph import OxigraphBackend, write_store

ROOT = Path(__file__).resolve().parents[1]

#: Every kind of flag: nodes inferred whole (one an accompaniment, named by its
#: two ends; one flagged false, which is no item), mmru:inferredProperty with
#: values that are a role and an accompaniment, and mmru:inferredContainment,
#: a flag this fixture's ontology declares by a label only. Evidence for some.
FLAGGED = TURTLE_PREFIXES + """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
mmru:inferred a owl:DatatypeProperty ; rdfs:label "inferred" .
mmru:inferredProperty a owl:ObjectProperty ; rdfs:label "inferred property" .
mmru:inferredContainment rdfs:label "inferred containment" .
mmru:Talks rdfs:subClassOf schema:Event .

id:ana a schema:Person ; schema:name "Ana" .
id:bo a schema:Person ; schema:name "Bo" .
id:cy a schema:Person ; schema:name "Cy" .
id:ministry a schema:GovernmentOrganization ; schema:name "Ministry" .
id:land a schema:Country ; schema:name "Land" .
id:town a schema:City ; schema:name "Town" ; schema:containedInPlace id:land ;
    mmru:inferredContainment schema:containedInPlace ; rdfs:comment "Town is in Land: context." .
id:ana-minister a org:Membership ; org:member id:ana ; schema:roleName "Minister" ;
    org:organization id:ministry .
id:bo-with-ana a mmru:Accompaniment ; mmru:companion id:bo ; mmru:principal id:ana ;
    mmru:inferred true ; rdfs:comment "Bo's coming is implied." .
id:cy-with-ana a mmru:Accompaniment ; mmru:companion id:cy ; mmru:principal id:ana ;
    mmru:inferred false .
id:talks a mmru:Talks ; schema:name "The talks" ; schema:location id:town ;
    schema:attendee id:ana-minister , id:bo ; schema:subEvent id:bo-with-ana ;
    mmru:inferredProperty schema:attendee , schema:subEvent , schema:location ;
    rdfs:comment "Who and where: context." , "A second reason." .
id:first-talks a mmru:Talks ; schema:name "the first talks" ; mmru:inferred true ;
    rdfs:comment "Implied by 'their second talks'." .
id:dinner a mmru:Meeting ; schema:name "A dinner" ; schema:attendee id:ana ;
    schema:location id:town .

id:paper a schema:Organization ; schema:name "The Paper" .
id:src a schema:NewsArticle ; schema:headline "An article" ; schema:publisher id:paper ;
    schema:datePublished "2021-11-02" .
id:ev-1 a oa:Annotation ; oa:hasBody id:talks , id:ana ; oa:hasTarget id:ev-1-t .
id:ev-1-t oa:hasSource id:src ; oa:hasSelector id:ev-1-q , id:ev-1-p .
id:ev-1-q a oa:TextQuoteSelector ; oa:exact "they talk" .
id:ev-1-p a oa:TextPositionSelector ; oa:start 4 ; oa:end 13 .
id:ev-2 a oa:Annotation ; oa:hasBody id:dinner ; oa:hasTarget id:ev-2-t .
id:ev-2-t oa:hasSource id:src ; oa:hasSelector id:ev-2-q .
id:ev-2-q oa:exact "they dine" .
"""


def _store(turtle: str, folder: Path) -> Graph:
    """The embedded store of ``turtle``, with its links, as ``build`` writes them."""
    graph = new_graph().parse(format="turtle", data=turtle)
    folder.mkdir(parents=True, exist_ok=True)
    quads = folder / "graph.nq"
    graph.serialize(quads, format="nt", encoding="utf-8")
    write_store(quads, folder / "store", {"format": 1, "files": []}, graph=graph)
    return backend_graph(OxigraphBackend(folder / "store"))


@pytest.fixture(scope="module")
def built_multi(built_multi_source: tuple[Path, Path]) -> tuple[Path, Path]:
    """The multi-source fixture corpus, built once per session (graph folder, store)."""
    graph_dir, out = built_multi_source
    return graph_dir, out / "store"


def _items(graph: Graph) -> list[dict[str, object]]:
    return [item.as_dict() for item in inferred_items(graph)]


def _part(whole: Graph) -> Graph:
    from mmru_graph.analysis.inferred import flagged_part

    part = flagged_part(whole)
    assert isinstance(backend_of(part), FocusedBackend)
    return part


def test_every_kind_of_flag_reads_the_same_from_the_part(tmp_path: Path) -> None:
    whole = _store(FLAGGED, tmp_path)
    part = _part(whole)
    items = _items(part)
    assert items == _items(whole)
    assert items == _items(new_graph().parse(format="turtle", data=FLAGGED))
    assert [(i["what"], i["node"], i["flag"], i["property"], i["values"]) for i in items] == [
        ("node", "Bo accompanies Ana", "mmru:inferred", "", []),
        ("node", "the first talks", "mmru:inferred", "", []),
        ("statement", "The talks", "mmru:inferredProperty", "schema:attendee",
         ["Ana: Minister", "Bo"]),
        ("statement", "The talks", "mmru:inferredProperty", "schema:location", ["Town"]),
        ("statement", "The talks", "mmru:inferredProperty", "schema:subEvent",
         ["Bo accompanies Ana"]),
        ("statement", "Town", "mmru:inferredContainment", "schema:containedInPlace",
         ["Land"])]
    talks = next(i for i in items if i["node"] == "The talks")
    assert [e["quote"] for e in talks["evidence"]] == ["they talk"]  # type: ignore[index]
    assert talks["evidence"][0]["publisher"] == "The Paper"  # type: ignore[index]
    # Of what points to a flagged node only its annotations are read: not the
    # dinner at the flagged town, nor the dinner's quote.
    assert (ID["ev-1"], OA.hasBody, ID.talks) in part
    assert (ID.dinner, None, None) not in part and (ID["ev-2"], None, None) not in part


def test_the_article_reads_the_same_from_the_part(built_dir: Path) -> None:
    whole = load_graph(ROOT / "graph", store="oxigraph", location=built_dir / "store")
    items = _items(_part(whole))
    assert items == _items(whole)
    assert items == _items(load_graph(ROOT / "graph"))
    assert {i["what"] for i in items} == {"node", "statement"}


def test_nothing_flagged_reads_nothing_and_builds_no_evidence(
        built_multi: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(_graph: Graph) -> None:
        raise AssertionError("the evidence index is built with nothing inferred")

    monkeypatch.setattr(inferred_module, "evidence_index", refused)
    graph_dir, store = built_multi
    whole = load_graph(graph_dir, store="oxigraph", location=store)
    assert _items(load_graph(graph_dir)) == []
    assert _items(whole) == []
    unflagged = FLAGGED.replace("mmru:inferred true", "mmru:inferred false").replace(
        "mmru:inferredProperty schema:attendee , schema:subEvent , schema:location ;", "").replace(
        "mmru:inferredContainment schema:containedInPlace ;", "")
    for graph in (whole, _store(unflagged, tmp_path)):
        assert len(_part(graph)) == 0
        assert _items(_part(graph)) == []


def test_what_the_part_cannot_answer_is_answered_whole(tmp_path: Path) -> None:
    from mmru_graph.analysis.inferred import flagged_part

    memory = new_graph().parse(format="turtle", data=FLAGGED)
    assert flagged_part(memory) is memory
    # A flagged blank node (validation refuses them; the part is read by IRI).
    blank = _store(FLAGGED + '[] schema:name "X" ; mmru:inferred true .', tmp_path / "blank")
    assert flagged_part(blank) is blank
    # A store without links.
    whole = _store(FLAGGED, tmp_path / "unlinked")
    (tmp_path / "unlinked" / "store" / "links.sqlite").unlink()
    assert flagged_part(whole) is whole
    assert _items(whole) == _items(memory)


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, ["inferred", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_the_command_never_reads_the_store_whole(fmt: str, built_dir: Path,
                                                 built_multi: tuple[Path, Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    graph_dir, multi_store = built_multi
    expected = [_cli("--format", fmt, "--graph", str(graph), "--store", "memory")
                for graph in (ROOT / "graph", graph_dir)]

    def whole(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the store was read in bulk")

    monkeypatch.setattr(OxigraphBackend, "triples", whole)
    found = [_cli("--format", fmt, "--graph", str(graph), "--store-dir", str(store))
             for graph, store in ((ROOT / "graph", built_dir / "store"),
                                  (graph_dir, multi_store))]
    assert found == expected
    if fmt == "json":
        assert len(json.loads(found[0])) >= 1 and json.loads(found[1]) == []
