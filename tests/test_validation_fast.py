"""The fast SHACL path gives exactly pyshacl's results, view by view.

pyshacl stays the reference: :func:`reference` runs it once per view of
:func:`mmru_graph.sources.named.shacl_views` (today's validation), and every
test compares the fast path's (violations, warnings) with it on the
fixtures and on graphs broken on purpose, one constraint kind at a time
(each break is checked to be found, so no comparison passes empty).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal

from mmru_graph.errors import Violation
from mmru_graph.namespaces import ID, SCHEMA
from mmru_graph.sources.named import shacl_views
from mmru_graph.store.loading import SourcedGraph, load_graph, new_graph
from mmru_graph.validate import shacl_violations, validate_graph
from mmru_graph.validation.fast import fast_shacl

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "graph" / "shapes.ttl"
ONTOLOGY = ROOT / "graph" / "ontology.ttl"

PREFIXES = """@prefix id: <https://w3id.org/mmru-graph/id/> .
@prefix mmru: <https://w3id.org/mmru-graph/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def reference(data: Graph, shapes: Graph) -> tuple[set[Violation], set[Violation]]:
    violations: set[Violation] = set()
    warnings: set[Violation] = set()
    for view in shacl_views(data):
        found, warned = shacl_violations(view, shapes)
        violations |= set(found)
        warnings |= set(warned)
    return violations, warnings


def fast(data: Graph, shapes: Graph) -> tuple[set[Violation], set[Violation]]:
    result = fast_shacl(data, shapes)
    assert result is not None, "the fast path fell back on the project's shapes"
    return result.violations()


def shapes_graph(extra: str = "") -> Graph:
    shapes = load_graph(files=[SHAPES])
    if extra:
        shapes.parse(data=PREFIXES + extra, format="turtle")
    return shapes


def mutate(graph: SourcedGraph, where: str, add: str = "",
           remove: tuple[tuple[str, str], ...] = ()) -> None:
    """Add Turtle to the default graph (``where=""``) or a source's named graph, and
    remove every value of some (subject slug, schema property) pairs there."""
    target = graph.default_graph if not where else graph.graph(ID[where])
    for slug, prop in remove:
        target.remove((ID[slug], SCHEMA[prop], None))
    if add:
        target.parse(data=PREFIXES + add, format="turtle")


def assert_same(data: Graph, shapes: Graph, expect: tuple[str, ...] = ()) -> None:
    wanted = reference(data, shapes)
    got = fast(data, shapes)
    assert got == wanted
    found = {f"{v.focus} {v.path}: {v.message}" for v in wanted[0] | wanted[1]}
    for text in expect:  # each break is found, so the comparison is not vacuous
        assert any(text in line for line in found), (text, sorted(found))


def test_same_on_the_fixtures(multi_source_graph: Graph, graph: Graph) -> None:
    shapes = shapes_graph()
    assert_same(multi_source_graph, shapes)
    assert_same(graph, shapes)


def test_same_on_a_graph_without_named_graphs(world: Graph) -> None:
    data = new_graph()
    for source in (load_graph(files=[ONTOLOGY]), world):
        for triple in source.triples((None, None, None)):
            data.add(triple)
    # The tiny world carries no evidence: many results, all the same.
    assert_same(data, shapes_graph(), ("needs at least one annotation",))


def test_same_on_broken_entities(multi_source: Path) -> None:
    data = load_graph(multi_source)
    mutate(data, "", remove=(("ivan-petrov", "name"), ("alpha-wire", "name"),
                             ("moscow", "containedInPlace")), add="""
        id:hla-tun schema:name "Hla Tun II" ; schema:alternateName "Hla"@en .
        id:kyaw-zin-oo mmru:side "Myanmar" ; mmru:unnamed "yes" .
        id:vladivostok schema:containedInPlace id:hla-tun .
        id:source-fixture-gamma mmru:textFile "sub/dir.txt" .
        id:lonely-org a schema:Organization ; schema:name "Lonely" ;
            prov:wasDerivedFrom id:source-fixture-alpha .
        id:stray-source mmru:textFile "stray.txt" .
    """)
    assert_same(data, shapes_graph(), (
        "id:ivan-petrov schema:name: a person has exactly one",       # minCount
        "id:hla-tun schema:name: a person has exactly one",           # maxCount
        'schema:alternateName must be a plain string, verbatim from the source (value "Hla"@en)',
        'mmru:side is at most one country node (id:myanmar, id:russia, ...) (value "Myanmar")',
        "id:kyaw-zin-oo mmru:unnamed",                                 # datatype boolean
        "id:moscow schema:containedInPlace*",                          # qualifiedMinCount
        "id:vladivostok schema:containedInPlace: schema:containedInPlace must be a place node "
        "(value id:hla-tun)",                                          # class
        "id:lonely-org sh:or",                                         # node-level or
        "id:source-fixture-gamma mmru:textFile",                       # pattern + maxCount
        "id:stray-source sh:class",                 # targetSubjectsOf, node-level class
    ))


def test_same_on_broken_events_and_evidence(multi_source: Path) -> None:
    data = load_graph(multi_source)
    mutate(data, "source-fixture-alpha", add="""
        id:2022-02-kyaw-zin-oo-visit-to-russia schema:startDate "2022-13-45"^^xsd:date ;
            schema:attendee id:moscow ; mmru:ordinal 0 .
        id:negative-kyaw-zin-oo-never-met-petrov mmru:deniedEventClass "Meeting" .
        id:ev-alpha-visit-pos oa:start 200 .
        id:ev-alpha-never-met-pos oa:start -1 .
        id:ev-alpha-visit-quote oa:exact "" .
        id:ev-alpha-never-met-target oa:hasSelector id:ev-alpha-visit-quote .
        id:ev-alpha-never-met oa:hasBody "a literal body" .
    """)
    mutate(data, "source-fixture-gamma", add="""
        id:broken-event a mmru:Meeting ; schema:name "A broken event" ;
            mmru:dateApproximate true ; prov:wasDerivedFrom id:source-fixture-gamma .
    """)
    assert_same(data, shapes_graph(), (
        "schema:startDate: schema:startDate is at most one typed date",  # or + maxCount
        "schema:attendee: schema:attendee must be a person or an organization (value id:moscow)",
        "mmru:ordinal: mmru:ordinal is one positive integer",            # minInclusive
        "mmru:deniedEventClass",                                         # nodeKind
        "id:ev-alpha-visit-pos oa:start",                                # lessThan
        "id:ev-alpha-never-met-pos oa:start",                            # minInclusive
        "id:ev-alpha-visit-quote oa:exact",                              # minLength + maxCount
        "id:ev-alpha-never-met-target oa:hasSelector",                   # qualifiedMaxCount
        "id:ev-alpha-never-met oa:hasBody",                              # nodeKind on a literal
        "id:broken-event ^oa:hasBody",                                   # inverse path
        "id:broken-event (schema:attendee|schema:organizer|schema:agent)",  # alternative path
        "id:broken-event sh:or: an approximate date needs",              # not + hasValue
        "id:broken-event sh:or: an event needs a schema:startDate",
    ))


def test_same_where_sources_disagree_or_touch_shared_nodes(multi_source: Path) -> None:
    """Per-view semantics: what one source says of a shared node counts in its view only."""
    data = load_graph(multi_source)
    mutate(data, "source-fixture-beta", add="""
        id:ivan-petrov schema:name "Ivan P." .
        id:2022-02-kyaw-zin-oo-visit-to-russia schema:startDate "2022-02-22"^^xsd:date .
    """)
    mutate(data, "source-fixture-gamma", add="id:russia a mmru:Claim .")
    mutate(data, "source-fixture-alpha", add="""
        schema:City rdfs:subClassOf mmru:Claim .
        id:hla-tun a mmru:Position .
    """)
    assert_same(data, shapes_graph(), (
        "id:ivan-petrov schema:name: a person has exactly one",
        "id:2022-02-kyaw-zin-oo-visit-to-russia schema:startDate",
        "id:russia schema:text",
        "id:moscow schema:text",   # a city is a claim in alpha's view only
        "id:hla-tun org:member",
    ))


def test_same_with_warnings(multi_source: Path) -> None:
    data = load_graph(multi_source)
    mutate(data, "", remove=(("hla-tun", "name"),))
    shapes = shapes_graph("""
        [] a sh:NodeShape ; sh:targetClass schema:Person ; sh:severity sh:Warning ;
           sh:message "a person should say where they serve" ;
           sh:property [ sh:path schema:jobTitle ; sh:minCount 1 ; sh:severity sh:Info ;
                         sh:message "no job title" ] .
    """)
    assert_same(data, shapes, ("no job title", "id:hla-tun schema:name"))
    assert fast(data, shapes)[1]


@pytest.mark.parametrize("extra", [
    "[] a sh:NodeShape ; sh:targetNode id:russia ; sh:closed true ; sh:message \"closed\" .",
    "[] a sh:NodeShape ; sh:targetClass schema:Person ; "
    "sh:property [ sh:path schema:name ; sh:maxLength 3 ; sh:message \"short\" ] .",
    "[] a sh:NodeShape ; sh:targetClass schema:Person ; sh:property [ sh:path schema:name ; "
    "sh:minCount 1 ] .",  # no sh:message: pyshacl's own wording
])
def test_unsupported_shapes_fall_back_to_pyshacl(multi_source: Path, extra: str) -> None:
    data = load_graph(multi_source)
    mutate(data, "", remove=(("hla-tun", "name"),))
    shapes = shapes_graph(extra)
    assert fast_shacl(data, shapes) is None
    (multi_source / "shapes.ttl").write_text(
        SHAPES.read_text("utf-8") + "\n" + PREFIXES + extra + "\n", "utf-8")
    (multi_source / "data" / "entities.ttl").write_text(
        (multi_source / "data" / "entities.ttl").read_text("utf-8").replace(
            'schema:name "Hla Tun" ;', ""), "utf-8")
    with pytest.raises(Exception) as caught:
        validate_graph(multi_source)
    wanted = {(v.focus, v.path, v.message) for v in reference(data, shapes)[0]}
    got = {(v.focus, v.path, v.message)
           for v in caught.value.violations}  # type: ignore[attr-defined]
    assert wanted and wanted <= got


def test_plain_literal_values_match(multi_source: Path) -> None:
    """A literal where a node is expected shows as its N3 text, as pyshacl's value does."""
    data = load_graph(multi_source)
    data.default_graph.add((ID["moscow"], SCHEMA.containedInPlace, Literal(3)))
    assert_same(data, shapes_graph(), ("(value",))
