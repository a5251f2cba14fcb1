"""Entity cards: everything about one entity, with its sources.

The coup leader's card and Soe Win's are data tests of the article; how a
card is made (sources, places, events, inferred statements) is tested on the
tiny invented world, the multi-source fixture corpus and graphs built here."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from mmru_graph import entity_card
from mmru_graph.dates import sort_key
from mmru_graph.namespaces import TURTLE_PREFIXES
from mmru_graph.store.loading import new_graph

MULTI_SOURCE = Path(__file__).resolve().parent / "fixtures" / "multi_source"


def test_the_coup_leaders_card(graph: Graph) -> None:
    card = entity_card(graph, "the coup leader")
    assert (card.name, card.kind, card.cls, card.side) == \
        ("Min Aung Hlaing", "person", "Person", "myanmar")
    assert "the coup leader" in card.aliases and "Snr. Gen. Min Aung Hlaing" in card.aliases
    assert any(o["role"] == "coup leader" for o in card.offices)
    keys = [sort_key(e["start"], e["end"]) for e in card.events]
    assert keys == sorted(keys) and len(card.events) >= 10
    counterparts = {c["counterpart"] for c in card.counterparts}
    assert {"Alexander Vasilyevich Fomin", "Vladimir Kasatonov",
            "Rustam Nurgaliyevich Minnikhanov"} <= counterparts
    assert "Vladimir Putin" not in counterparts
    assert [s["subject"] for s in card.statements] == ["Vladimir Putin"]
    accompanied = [r for r in card.relations if "accompanied Min Aung Hlaing" in r["sentence"]]
    assert any(r["inferred"] for r in accompanied)


def test_who_accompanied_whom_on_the_card(graph: Graph) -> None:
    card = entity_card(graph, "Soe Win")
    assert "Sitagu Sayadaw accompanied Soe Win" in [r["sentence"] for r in card.relations]
    assert card.counterparts[0]["counterpart"] in {"Sitagu Sayadaw",
                                                   "civilian and military officials"}


# --- library behaviour ---------------------------------------------------------------------

def test_sources_hold_every_quote_verbatim(multi_source_graph: Graph) -> None:
    """One entry per source, its quotes in text order, each at its offsets in the text."""
    card = entity_card(multi_source_graph, "Kyaw Zin Oo")
    assert [s["source"].rsplit("/", 1)[1] for s in card.sources] == [
        "source-fixture-alpha", "source-fixture-beta", "source-fixture-gamma"]
    assert [s["publisher"] for s in card.sources] == ["Alpha Wire", "Beta Daily", "Gamma Times"]
    for source in card.sources:
        text = (MULTI_SOURCE / "sources" / (source["source"].rsplit("/", 1)[1] + ".txt")
                ).read_text("utf-8")
        starts = [q["start"] for q in source["quotes"]]
        assert starts == sorted(starts) and source["quotes"]
        for quote in source["quotes"]:
            assert text[quote["start"]:quote["end"]] == quote["quote"]
    alpha = card.sources[0]["quotes"]
    assert any(q["quote"] == "He has never met President Ivan Petrov." for q in alpha)


def test_place_and_event_cards(world: Graph) -> None:
    lima = entity_card(world, "Lima")
    assert (lima.kind, lima.side, lima.counterparts) == ("place", "", [])
    assert [r["sentence"] for r in lima.relations] == ["Lima is located in Peru"]
    assert [(e["event"], e["role"]) for e in lima.events] == [
        ("Ana's trip to Peru", "place of"), ("Rojas–Quispe talks", "in Lima"),
        ("Navy day parade", "place of")]
    parade = entity_card(world, "Navy day parade")
    assert (parade.kind, parade.date, parade.place) == ("event", "2022-06 (approx.)", "Lima")
    # who took part first, then the event's other statements
    assert [r["sentence"] for r in parade.relations] == [
        "Eva Mamani attended", "Luis Mamani attended", "Luis Quispe attended",
        "Navy day parade (2022-06 (approx.), Lima) took place at Lima"]
    assert parade.sources == []  # nothing quoted about it
    talks = entity_card(world, "Rojas–Quispe talks")
    assert [q["quote"] for s in talks.sources for q in s["quotes"]] == [
        "Rojas holds talks with Quispe."]


INFERRED = TURTLE_PREFIXES + """
id:chile a schema:Country ; schema:name "Chile" .
id:army a mmru:ArmedForces ; schema:name "Chilean Army" .
id:ana a schema:Person ; schema:name "Ana Rojas" .
id:coup a mmru:Coup ; schema:name "Coup" ; schema:agent id:army ;
    schema:location id:chile ; mmru:inferredProperty schema:location ;
    rdfs:comment "The place is read from context." .
id:sale a mmru:ArmsSale ; schema:name "Arms sale" ; mmru:seller id:chile ; mmru:buyer id:army ;
    mmru:inferredProperty mmru:buyer ; rdfs:comment "The buyer is not named." .
id:office-1 a mmru:Position ; org:member id:ana ; org:organization id:chile ;
    schema:roleName "former president" ; mmru:inferredProperty org:organization ;
    rdfs:comment "The country is read from context." .
id:office-2 a mmru:Position ; org:member id:ana ; org:organization id:army ;
    schema:roleName "general" .
"""


@pytest.fixture(scope="module")
def inferred() -> Graph:
    return new_graph().parse(data=INFERRED, format="turtle")


def test_a_card_marks_an_inferred_place_not_the_stated_agent(inferred: Graph) -> None:
    card = entity_card(inferred, "Coup")
    assert card.inferred is False and card.inferred_properties == ["schema:location"]
    assert [(r["label"], r["sentence"], r["inferred"]) for r in card.relations] == [
        ("carried out", "Chilean Army carried out", False),
        ("took place at", "Coup (undated, Chile) took place at Chile (inferred)", True)]


def test_an_offices_inferred_organization_marks_the_office(inferred: Graph) -> None:
    offices = entity_card(inferred, "Ana Rojas").offices
    assert [(o["role"], o["organization"], o["inferred"]) for o in offices] == [
        ("former president", "Chile", True), ("general", "Chilean Army", False)]


def test_an_events_inferred_participant_is_marked(inferred: Graph) -> None:
    card = entity_card(inferred, "Arms sale")
    [buyer] = [r for r in card.relations if r["label"] == "bought"]
    assert (buyer["other"], buyer["inferred"], buyer["sentence"]) == (
        "Chilean Army", True, "Chilean Army bought (inferred)")
    [seller] = [r for r in card.relations if r["label"] != "bought"]
    assert (seller["sentence"], seller["inferred"]) == (
        "Arms sale (undated) had as its seller Chile", False)
