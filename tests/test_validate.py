"""Validation: quotes at their offsets, SHACL shapes, structural rules, error locations.

The real graph must validate; each rule is then shown to catch what it is
for, on the small fixture graph (tests/fixtures/mini_graph, real article
text) where the expected message can be stated exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from mmru_graph import load_graph
from mmru_graph.errors import (
    GraphNotFoundError,
    GraphSyntaxError,
    QuoteNotFoundError,
    ValidationError,
)
from mmru_graph.evidence import evidence_index
from mmru_graph.namespaces import ID, OA, RDF, SCHEMA, SH
from mmru_graph.quotes import check_quotes, find_quote, locate, source_texts
from mmru_graph.validate import shacl_violations, validate_graph

GRAPH_DIR = Path(__file__).resolve().parents[1] / "graph"

TEXT_NAME = "myanmar-russia-post-coup-2021.txt"
SHAPE = Namespace("https://w3id.org/mmru-graph/shapes#")


def violations_of(graph_dir: Path) -> list[str]:
    """The violation lines validate_graph raises for ``graph_dir``."""
    with pytest.raises(ValidationError) as caught:
        validate_graph(graph_dir)
    return [str(v) for v in caught.value.violations]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# --------------------------------------------------------------------------
# The real graph
# --------------------------------------------------------------------------
def test_real_graph_validates(graph: Graph) -> None:
    report = validate_graph(GRAPH_DIR)
    assert report.triples == len(graph)
    assert isomorphic(report.graph, graph)
    annotations = set(graph.subjects(RDF.type, OA.Annotation))
    assert report.annotations == len(annotations) > 0
    targets = set(graph.objects(None, OA.hasTarget)) | set(
        graph.subjects(RDF.type, OA.SpecificResource))
    assert report.quotes == len(targets)
    assert report.shapes > 0
    assert report.summary().startswith(
        f"OK: {len(graph)} triples, {len(annotations)} annotations checked")


def test_every_quote_of_the_real_graph_is_found_at_its_offsets(graph: Graph) -> None:
    texts = source_texts(graph, GRAPH_DIR)
    assert check_quotes(graph, texts) == []
    checked = 0
    for items in evidence_index(graph).values():
        for item in items:
            text = texts[URIRef(item["source"])]
            assert text[item["start"]:item["end"]] == item["quote"]
            assert (item["start"], item["end"]) in locate(text, item["quote"])
            spans = find_quote(GRAPH_DIR, item["quote"])
            assert (item["start"], item["end"]) in [(s.start, s.end) for s in spans]
            assert item["source_title"]
            checked += 1
    assert checked >= report_quotes(graph) > 0


def report_quotes(graph: Graph) -> int:
    return len(set(graph.objects(None, OA.hasTarget)))


def test_violation_locations_point_at_the_node(multi_source: Path) -> None:
    graph_copy = multi_source
    evidence_files = [p for p in sorted((graph_copy / "data").glob("**/*.ttl"))
                      if "oa:TextPositionSelector" in p.read_text(encoding="utf-8")]
    path = evidence_files[0]
    text = path.read_text(encoding="utf-8")
    match = re.search(r"oa:start (\d+) ;\s*oa:end (\d+)", text)
    assert match is not None
    start, end = int(match[1]), int(match[2])
    path.write_text(text[:match.start()] + f"oa:start {start + 1} ;\n    oa:end {end + 1}"
                    + text[match.end():], encoding="utf-8")
    [line] = violations_of(graph_copy)
    location, focus = re.match(r"(\S+:\d+): (\S+) ", line).groups()  # type: ignore[union-attr]
    file_name, number = location.rsplit(":", 1)
    assert Path(file_name) == path
    assert path.read_text(encoding="utf-8").splitlines()[int(number) - 1].startswith(focus)
    assert f"not at {start + 1}–{end + 1}" in line


# --------------------------------------------------------------------------
# Each rule, on the small fixture graph
# --------------------------------------------------------------------------
def test_fixture_graph_validates(mini_graph: Path) -> None:
    report = validate_graph(mini_graph)
    assert (report.annotations, report.quotes, report.shapes) == (3, 3, 3)


def test_wrong_offsets_say_where_the_quote_is(mini_graph: Path) -> None:
    edit(mini_graph / "data" / "evidence.ttl", "oa:start 1338 ;\n    oa:end 1455",
         "oa:start 1300 ;\n    oa:end 1417")
    assert violations_of(mini_graph) == [
        f"{mini_graph / 'data' / 'evidence.ttl'}:43: id:ev-parade-pos oa:start: "
        "oa:exact found at 1338–1455, not at 1300–1417"]


def test_offsets_outside_the_text(mini_graph: Path) -> None:
    edit(mini_graph / "data" / "evidence.ttl", "oa:start 151 ;\n    oa:end 173",
         "oa:start 7530 ;\n    oa:end 9000")
    [line] = violations_of(mini_graph)
    assert "id:ev-coup-pos oa:start: offsets 7530–9000 are not a span of the text" in line


def test_quote_not_in_the_source_names_the_closest_passage(mini_graph: Path) -> None:
    edit(mini_graph / "data" / "evidence.ttl", '"in its February 1 coup"',
         '"in its February 2 coup"')
    assert violations_of(mini_graph) == [
        f"{mini_graph / 'data' / 'evidence.ttl'}:13: id:ev-coup-quote oa:exact: “in its "
        "February 2 coup” is not in the source text; closest at 151–173: “in its February 1 coup”"]


def test_straight_apostrophe_is_pointed_out(mini_graph: Path) -> None:
    edit(mini_graph / "data" / "evidence.ttl", '"in its February 1 coup"',
         '"Myanmar\'s military"')
    lines = violations_of(mini_graph)
    assert any("differs only in quote marks, dashes or spaces: “Myanmar’s military”" in line
               for line in lines)


def test_event_without_date_breaks_the_shape(mini_graph: Path) -> None:
    edit(mini_graph / "data" / "events.ttl",
         'schema:startDate "2021-02-01"^^xsd:date ;\n', "")
    assert violations_of(mini_graph) == [
        f"{mini_graph / 'data' / 'events.ttl'}:7: id:2021-02-01-coup sh:or: "
        "an event needs a schema:startDate or a mmru:noDateReason"]


def test_event_ending_before_it_starts(mini_graph: Path) -> None:
    events = mini_graph / "data" / "events.ttl"
    # A partial end date compares by the part it gives: March 2021 does not end before the 26th.
    edit(events, 'schema:startDate "2021-03-26"^^xsd:date ;',
         'schema:startDate "2021-03-26"^^xsd:date ; schema:endDate "2021-03"^^xsd:gYearMonth ;')
    edit(events, 'schema:startDate "2021-03-27"^^xsd:date ;',
         'schema:startDate "2021-03-27"^^xsd:date ; schema:endDate "2021-03-26"^^xsd:date ;')
    [line] = violations_of(mini_graph)
    assert line.endswith("id:2021-03-27-armed-forces-day-parade schema:endDate: "
                         "ends (2021-03-26) before it starts (2021-03-27)")


def test_blank_nodes_and_dangling_references(mini_graph: Path) -> None:
    edit(mini_graph / "data" / "events.ttl",
         "    schema:location id:myanmar ;",
         "    schema:location id:myanmr, [ a schema:Country ; schema:name \"x\" ] ;")
    lines = [line.split(": ", 1)[1] for line in violations_of(mini_graph)]
    assert "id:2021-02-01-coup schema:location: blank node: give it an IRI id:…" in lines
    assert ("id:2021-02-01-coup schema:location: id:myanmr is not described anywhere "
            "(no rdf:type): a mistyped IRI?") in lines


def test_undeclared_project_term(mini_graph: Path) -> None:
    edit(mini_graph / "data" / "events.ttl", "mmru:dateNote", "mmru:dateNotes")
    [line] = violations_of(mini_graph)
    assert line.endswith("id:2021-03-27-armed-forces-day-parade mmru:dateNotes: "
                         "mmru:dateNotes is not declared in ontology.ttl")


def test_relative_iri(mini_graph: Path) -> None:
    edit(mini_graph / "data" / "entities.ttl", "mmru:side id:russia", "mmru:side <russia>")
    lines = violations_of(mini_graph)
    assert any("id:alexander-fomin mmru:side: relative IRI <file:" in line for line in lines)


def test_text_file_outside_the_sources_is_refused(mini_graph: Path) -> None:
    edit(mini_graph / "sources" / "myanmar-russia-post-coup-2021.ttl",
         f'"{TEXT_NAME}"', '"../../etc/passwd"')
    with pytest.raises(ValidationError, match="is not a file name inside"):
        validate_graph(mini_graph)


def test_missing_source_text(mini_graph: Path) -> None:
    (mini_graph / "sources" / TEXT_NAME).unlink()
    with pytest.raises(GraphNotFoundError,
                       match=rf"{TEXT_NAME}: missing file \(mmru:textFile of "
                             r"id:source-irrawaddy-2021\)"):
        validate_graph(mini_graph)


def test_empty_shapes_file_is_a_warning(mini_graph: Path) -> None:
    (mini_graph / "shapes.ttl").write_text("", encoding="utf-8")
    report = validate_graph(mini_graph)
    assert report.shapes == 0
    assert [str(w) for w in report.warnings] == [
        f"{mini_graph / 'shapes.ttl'} sh:NodeShape: no shapes defined: nothing was checked "
        "against SHACL"]


@pytest.mark.parametrize("name", ["shapes.ttl", "ontology.ttl"])
def test_missing_graph_file(mini_graph: Path, name: str) -> None:
    (mini_graph / name).unlink()
    with pytest.raises(GraphNotFoundError, match=re.escape(name)):
        validate_graph(mini_graph)


def test_syntax_error_gives_file_and_line(mini_graph: Path) -> None:
    edit(mini_graph / "data" / "events.ttl",
         'schema:name "Armed Forces Day parade" ;', 'schema:name "Armed Forces Day parade ;')
    with pytest.raises(GraphSyntaxError) as caught:
        validate_graph(mini_graph)
    assert str(caught.value).startswith(f"{mini_graph / 'data' / 'events.ttl'}:21: ")


def test_shacl_sparql_reaching_the_network_is_refused(mini_graph: Path) -> None:
    with (mini_graph / "shapes.ttl").open("a", encoding="utf-8") as shapes:
        shapes.write('shape:Remote a sh:NodeShape ; sh:targetClass mmru:Coup ;\n'
                     '  sh:sparql [ sh:select "SELECT $this WHERE { SERVICE <http://x.invalid/> '
                     '{ ?s ?p ?o } }" ] .\n')
    with pytest.raises(ValidationError, match="may not reach the network"):
        validate_graph(mini_graph)


def test_shacl_results_become_sorted_violations(mini_graph: Path) -> None:
    data = load_graph(mini_graph)
    shapes = load_graph(files=[mini_graph / "shapes.ttl"])
    data.remove((ID.russia, SCHEMA.name, None))
    data.add((ID.naypyitaw, SCHEMA.name, Literal("Nay Pyi Taw")))
    shapes.add((SHAPE.Warn, RDF.type, SH.NodeShape))
    shapes.add((SHAPE.Warn, SH.targetNode, ID.myanmar))
    shapes.add((SHAPE.Warn, SH.severity, SH.Warning))
    shapes.add((SHAPE.Warn, SH["class"], SCHEMA.Person))
    violations, warnings = shacl_violations(data, shapes)
    assert [str(v) for v in violations] == [
        "id:naypyitaw schema:name: exactly one schema:name",
        "id:russia schema:name: exactly one schema:name",
    ]
    # A warning does not fail validation; without a sh:message, pyshacl's own text is kept.
    assert [str(w) for w in warnings] == [
        "id:myanmar sh:class: Value does not have class schema:Person"]


def test_find_quote_not_found(multi_source: Path) -> None:
    with pytest.raises(QuoteNotFoundError,
                       match=re.escape("source-fixture-alpha.txt: closest at 31–95: “Kyaw")):
        find_quote(multi_source, "Snr. Gen. Kyaw Zin Oo arrived in Moscow on February 21 for "
                                 "his first visit")


# --------------------------------------------------------------------------
# Inference flags, on a copy of the multi-source fixture corpus
# --------------------------------------------------------------------------
MEETING_PLACE = "    schema:location id:vladivostok ;\n"
PLACE_COMMENT = "    rdfs:comment \"Place read from context, for the test.\" ;\n"


def gamma_facts(graph_dir: Path) -> Path:
    return graph_dir / "data" / "source-fixture-gamma" / "facts.ttl"


def test_an_inferred_property_with_its_comment_validates(multi_source: Path) -> None:
    edit(gamma_facts(multi_source), MEETING_PLACE,
         MEETING_PLACE + "    mmru:inferredProperty schema:location ;\n" + PLACE_COMMENT)
    validate_graph(multi_source)


def test_an_inferred_property_needs_a_comment(multi_source: Path) -> None:
    """Flagged only mmru:inferredProperty (not mmru:inferred): without a comment the
    shape still asks for the explanation, at the node's line."""
    facts = gamma_facts(multi_source)
    edit(facts, MEETING_PLACE, MEETING_PLACE + "    mmru:inferredProperty schema:location ;\n")
    [line] = violations_of(multi_source)
    assert line == (f"{line_of(facts, 'id:2022-09-07-kyaw-zin-oo-meets-petrov ')}: "
                    "id:2022-09-07-kyaw-zin-oo-meets-petrov rdfs:comment: a node marked "
                    "mmru:inferred or flagging an mmru:inferredProperty needs an rdfs:comment "
                    "explaining the inference")


def test_an_inferred_property_is_named_by_its_iri(multi_source: Path) -> None:
    facts = gamma_facts(multi_source)
    edit(facts, MEETING_PLACE,
         MEETING_PLACE + "    mmru:inferredProperty \"location\" ;\n" + PLACE_COMMENT)
    assert violations_of(multi_source) == [
        f"{line_of(facts, 'id:2022-09-07-kyaw-zin-oo-meets-petrov ')}: "
        "id:2022-09-07-kyaw-zin-oo-meets-petrov mmru:inferredProperty: mmru:inferredProperty "
        "names a property by its IRI (e.g. schema:location), never a literal or blank node "
        "(value \"location\")"]


def test_an_inferred_property_the_node_does_not_have(multi_source: Path) -> None:
    """Flagging a statement the node does not make (the meeting has no organizer) is refused."""
    facts = gamma_facts(multi_source)
    edit(facts, MEETING_PLACE, MEETING_PLACE + "    mmru:inferredProperty schema:location , "
         "schema:organizer ;\n" + PLACE_COMMENT)
    assert violations_of(multi_source) == [
        f"{line_of(facts, 'id:2022-09-07-kyaw-zin-oo-meets-petrov ')}: "
        "id:2022-09-07-kyaw-zin-oo-meets-petrov mmru:inferredProperty: "
        "flags schema:organizer as inferred but has no schema:organizer"]


def line_of(path: Path, start: str) -> str:
    """``FILE:LINE`` of the one line of ``path`` that starts with ``start``."""
    [number] = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(start)]
    return f"{path}:{number}"
