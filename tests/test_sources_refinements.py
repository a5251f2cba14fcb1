"""Values that differ only in precision are refinements, not disagreements.

A day within a month, a city inside a country (the one containment rule,
:func:`mmru_graph.containment.places_within`): ``conflicts`` leaves them out
(``--refinements`` lists them apart) and no command marks them disputed.
Genuine disagreements are still listed. Small graphs built here, and the
invented multi-source corpus (TEST DATA, not news) for the command.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from mmru_graph.cli import cli
from mmru_graph.namespaces import ID, MMRU, SCHEMA, XSD
from mmru_graph.sources.conflicts import find_conflicts, find_refinements
from mmru_graph.sources.provenance import Provenance
from mmru_graph.store.loading import SourcedGraph

A, B, C = (ID[f"source-{n}"] for n in "abc")
VISIT = ID.visit
PLACES = {  # child → parent
    ID.kazan: ID.tatarstan, ID.tatarstan: ID.russia, ID.moscow: ID.russia,
    ID.yangon: ID.myanmar}


def sourced(values: dict[URIRef, Literal | URIRef], prop: URIRef) -> SourcedGraph:
    """One event, each source giving its own value of ``prop``; places contained as above."""
    graph = SourcedGraph()
    for child, parent in PLACES.items():
        graph.add((child, SCHEMA.containedInPlace, parent))
    for source, value in values.items():
        graph.graph(source).add((VISIT, prop, value))
    return graph


def day(text: str) -> Literal:
    kind = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(text)]
    return Literal(text, datatype=kind)


@pytest.mark.parametrize(("first", "second"), [
    ("2022-02", "2022-02-20"), ("2022", "2022-02-20"), ("2022", "2022-02"),
    ("2022-02-20", "2022-02-20")])
def test_a_finer_date_within_the_coarser_is_a_refinement(first: str, second: str) -> None:
    graph = sourced({A: day(first), B: day(second)}, SCHEMA.startDate)
    assert find_conflicts(graph) == []
    refined = find_refinements(graph)
    assert len(refined) == (first != second)
    for item in refined:
        assert item.refinement and item.kind == "date"
        assert [c.values for c in item.claims] == [[first], [second]]
        assert item.note.startswith("compatible, not a disagreement")


@pytest.mark.parametrize(("first", "second"), [
    ("2022-02-20", "2022-03-01"), ("2022-02", "2022-03-05"), ("2021", "2022-02-20"),
    ("2022-02-20", "2022-02-21")])
def test_dates_that_cannot_both_hold_still_disagree(first: str, second: str) -> None:
    graph = sourced({A: day(first), B: day(second)}, SCHEMA.startDate)
    [conflict] = find_conflicts(graph)
    assert conflict.kind == "date" and not conflict.refinement
    assert conflict.note.startswith("sources disagree on the date")
    assert find_refinements(graph) == []


@pytest.mark.parametrize(("first", "second", "refinement"), [
    (ID.moscow, ID.russia, True),
    (ID.kazan, ID.russia, True),        # any depth: Kazan → Tatarstan → Russia
    (ID.tatarstan, ID.kazan, True),     # either way round
    (ID.moscow, ID.kazan, False),       # two cities of one country disagree
    (ID.yangon, ID.russia, False),
])
def test_a_place_inside_the_other_is_a_refinement(first: URIRef, second: URIRef,
                                                   refinement: bool) -> None:
    graph = sourced({A: first, B: second}, SCHEMA.location)
    assert len(find_refinements(graph)) == int(refinement)
    assert len(find_conflicts(graph)) == int(not refinement)
    marks = Provenance(graph).mark(str(VISIT))
    assert bool(marks["disputed"]) is not refinement


def test_one_incompatible_source_makes_it_a_disagreement_with_every_side() -> None:
    """2022-02 holds both days, but the two days cannot both be right."""
    graph = sourced({A: day("2022-02"), B: day("2022-02-20"), C: day("2022-02-21")},
                    SCHEMA.startDate)
    [conflict] = find_conflicts(graph)
    assert [c.source for c in conflict.claims] == ["source-a", "source-b", "source-c"]
    assert find_refinements(graph) == []


def test_an_ordinal_is_never_a_refinement() -> None:
    graph = sourced({A: Literal(1), B: Literal(2)}, MMRU.ordinal)
    assert find_refinements(graph) == []


def test_conflicts_command_leaves_refinements_out_unless_asked(multi_source: Path) -> None:
    """Beta gives the visit's month and Russia: only the ordinal and the negative
    statement are still disagreements."""
    facts = multi_source / "data" / "source-fixture-beta" / "facts.ttl"
    facts.write_text(facts.read_text(encoding="utf-8")
                     .replace('"2022-02-21"^^xsd:date', '"2022-02"^^xsd:gYearMonth')
                     .replace("schema:location id:moscow", "schema:location id:russia"),
                     encoding="utf-8")
    runner = CliRunner()
    base = ["conflicts", "--graph", str(multi_source)]
    table = runner.invoke(cli, base, catch_exceptions=False)
    assert table.exit_code == 0, table.output
    assert table.output.startswith("2 disagreements between sources")
    assert "2022-02-20" not in table.output and "refinement" not in table.output
    plain = json.loads(runner.invoke(cli, [*base, "--format", "json"]).output)
    assert sorted(c["kind"] for c in plain) == ["happened", "ordinal"]
    assert {c["refinement"] for c in plain} == {False}
    both = json.loads(runner.invoke(cli, [*base, "--format", "json", "--refinements"]).output)
    assert both[:2] == plain  # the disagreements first, unchanged
    refined = {(c["kind"], c["refinement"]): [cl["values"] for cl in c["claims"]]
               for c in both[2:]}
    assert refined == {("date", True): [["2022-02-20"], ["2022-02"]],
                       ("place", True): [["Moscow"], ["Russia"]]}
    assert set(both[0]) == set(both[2])  # one shape for every object
    listed = runner.invoke(cli, [*base, "--refinements"], catch_exceptions=False).output
    assert "2 refinements (values that differ only in precision; not disagreements)" in listed
    # and met no longer calls the visit's date disputed
    met = json.loads(runner.invoke(cli, ["met", "Hla Tun", "--format", "json", "--graph",
                                         str(multi_source)]).output)
    assert len(met) == 1
    assert [note.split(":")[0] for note in met[0]["disputed"]] == [
        "sources disagree on the ordinal"]
