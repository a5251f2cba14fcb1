"""Entity cards of the real graph: everything about one entity, with its sources."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from mmru_graph import entity_card
from mmru_graph.dates import sort_key

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "graph" / "sources" / "myanmar-russia-post-coup-2021.txt").read_text("utf-8")


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


def test_sources_hold_every_quote_verbatim(graph: Graph) -> None:
    card = entity_card(graph, "Min Aung Hlaing")
    [source] = card.sources
    assert source["source"].endswith("source-irrawaddy-2021")
    assert source["source_title"] and source["url"].startswith("https://www.irrawaddy.com/")
    starts = [q["start"] for q in source["quotes"]]
    assert starts == sorted(starts)
    for quote in source["quotes"]:
        assert TEXT[quote["start"]:quote["end"]] == quote["quote"]
    assert any("never received the Snr. Gen." in q["quote"] for q in source["quotes"])


def test_who_accompanied_whom_on_the_card(graph: Graph) -> None:
    card = entity_card(graph, "Soe Win")
    assert "Sitagu Sayadaw accompanied Soe Win" in [r["sentence"] for r in card.relations]
    assert card.counterparts[0]["counterpart"] in {"Sitagu Sayadaw",
                                                   "civilian and military officials"}


def test_place_and_event_cards(graph: Graph) -> None:
    kazan = entity_card(graph, "Kazan")
    assert kazan.kind == "place" and kazan.side == "" and kazan.counterparts == []
    assert "Kazan is located in Republic of Tatarstan" in [r["sentence"] for r in kazan.relations]
    assert any("trip to Kazan" in e["event"] for e in kazan.events)
    parade = entity_card(graph, "Armed Forces Day parade")
    assert parade.kind == "event" and parade.date == "2021-03-27"
    assert "Alexander Vasilyevich Fomin attended" in [r["sentence"] for r in parade.relations]
    assert parade.sources and parade.sources[0]["quotes"]


def test_the_coups_card_marks_its_place_inferred_not_its_agent(graph: Graph) -> None:
    """The coup is stated ("Myanmar’s military … in its February 1 coup"); where it happened
    is read from context. The card says so statement by statement."""
    card = entity_card(graph, "Military coup in Myanmar")
    assert card.inferred is False and card.inferred_properties == ["schema:location"]
    flags = {r["label"]: r["inferred"] for r in card.relations}
    assert flags["took place at"] is True
    assert flags["carried out"] is False and flags["targeted by"] is False
    place = next(r for r in card.relations if r["label"] == "took place at")
    assert place["sentence"].endswith("took place at Myanmar (inferred)")


def test_an_offices_inferred_organization_marks_the_office(graph: Graph) -> None:
    """"former President U Htin Kyaw": the country is not said; Fomin's office is."""
    [office] = entity_card(graph, "Htin Kyaw").offices
    assert (office["role"], office["organization"], office["inferred"]) == (
        "former President", "Myanmar", True)
    fomin = entity_card(graph, "Fomin").offices
    assert [o["inferred"] for o in fomin] == [False]


def test_an_events_inferred_participant_is_marked(graph: Graph) -> None:
    """"Russia sells … during his trip": the buyer is not named."""
    card = entity_card(graph, "Russia sells an additional US$2.3 billion worth of weapons")
    [buyer] = [r for r in card.relations if r["label"] == "bought"]
    assert buyer["other"] == "Myanmar military" and buyer["inferred"] is True
    assert buyer["sentence"] == "Myanmar military bought (inferred)"
