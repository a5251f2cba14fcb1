"""Who met whom, answered from the real graph as the article tells it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from mmru_graph import negative_statements, who_met
from mmru_graph.errors import InvalidDateError, NameResolutionError

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "graph" / "sources" / "myanmar-russia-post-coup-2021.txt").read_text("utf-8")


def test_counterparts_of_the_coup_leader(graph: Graph) -> None:
    contacts = who_met(graph, "Min Aung Hlaing")
    names = {c.counterpart for c in contacts}
    assert {"Alexander Vasilyevich Fomin", "Vladimir Kasatonov",
            "Rustam Nurgaliyevich Minnikhanov", "Russian Defense Minister"} <= names
    assert "Vladimir Putin" not in names
    direct = {c.counterpart for c in contacts if c.contact == "direct"}
    assert {"Alexander Vasilyevich Fomin", "Vladimir Kasatonov",
            "Rustam Nurgaliyevich Minnikhanov"} <= direct
    assert all(c.actor == "Min Aung Hlaing" for c in contacts)


def test_each_contact_names_event_date_place_and_quote(graph: Graph) -> None:
    contacts = who_met(graph, "coup leader")
    for contact in contacts:
        assert contact.event and contact.event_iri.startswith("https://w3id.org/mmru-graph/id/")
        assert contact.date
        assert contact.contact in {"direct", "co-attendance"}
    kasatonov = [c for c in contacts if c.counterpart == "Vladimir Kasatonov"
                 and c.contact == "direct"]
    assert kasatonov[0].date == "2021-10-29" and kasatonov[0].place == "Thilawa Jetty"
    for contact in contacts:
        for item in contact.evidence:
            assert TEXT[item["start"]:item["end"]] == item["quote"]
    assert any("Kasatonov" in e["quote"] for e in kasatonov[0].evidence)


def test_contacts_are_in_date_order(graph: Graph) -> None:
    from mmru_graph.dates import sort_key
    contacts = who_met(graph, "Min Aung Hlaing")
    keys = [sort_key(c.start, c.end) for c in contacts]
    assert keys == sorted(keys)


def test_putins_two_meetings_before_the_coup(graph: Graph) -> None:
    contacts = who_met(graph, "Putin")
    assert [(c.start, c.counterpart, c.place) for c in contacts] == [
        ("2016", "Htin Kyaw", "Russia"), ("2019", "Aung San Suu Kyi", "China")]
    assert all(c.contact == "direct" for c in contacts)
    assert "2019" in contacts[1].evidence[0]["quote"]


def test_no_meeting_with_putin_and_what_the_source_says(graph: Graph) -> None:
    assert who_met(graph, "Putin", with_="Min Aung Hlaing") == []
    assert who_met(graph, "Min Aung Hlaing", with_="Putin") == []
    statements = negative_statements(graph, "Putin", with_="Min Aung Hlaing")
    assert len(statements) == 1
    [statement] = statements
    assert (statement.subject, statement.object, statement.denied) == \
        ("Vladimir Putin", "Min Aung Hlaing", "Meeting")
    quotes = [e["quote"] for e in statement.evidence]
    assert any("has never received the Snr. Gen." in q for q in quotes)
    assert any("no face to face meeting" in q for q in quotes)
    # The same statement, asked from the other side.
    assert negative_statements(graph, "coup leader", with_="Putin") == statements


def test_with_other_keeps_only_the_shared_events(graph: Graph) -> None:
    contacts = who_met(graph, "Min Aung Hlaing", with_="Kasatonov")
    assert contacts and {c.counterpart for c in contacts} == {"Vladimir Kasatonov"}


def test_who_accompanied_whom_is_co_attendance_of_the_trip(graph: Graph) -> None:
    contacts = who_met(graph, "Sitagu Sayadaw")
    assert [c.counterpart for c in contacts] == ["Soe Win"]
    assert contacts[0].start.startswith("2021-09")


def test_partial_dates_overlap_the_range(graph: Graph) -> None:
    # Events dated only "2021-06" may fall after 15 June: kept.
    june = who_met(graph, "Min Aung Hlaing", since="2021-06-15", until="2021-06-30")
    assert "Rustam Nurgaliyevich Minnikhanov" in {c.counterpart for c in june}
    assert "Alexander Vasilyevich Fomin" not in {c.counterpart for c in june}
    october = who_met(graph, "Min Aung Hlaing", since="2021-10")
    assert {c.counterpart for c in october} >= {"Vladimir Kasatonov"}
    assert all(c.start >= "2021-10" for c in october)
    march = who_met(graph, "Min Aung Hlaing", until="2021-03-26")
    assert all(c.start <= "2021-03-26" for c in march)
    assert "Alexander Vasilyevich Fomin" in {c.counterpart for c in march}


def test_bad_dates_and_names_are_errors(graph: Graph) -> None:
    with pytest.raises(InvalidDateError, match="2021-13"):
        who_met(graph, "Putin", since="2021-13")
    with pytest.raises(InvalidDateError, match="2021-02-30"):
        who_met(graph, "Putin", until="2021-02-30")
    with pytest.raises(NameResolutionError):
        who_met(graph, "Vladimir")
    # Places are not actors.
    with pytest.raises(NameResolutionError):
        who_met(graph, "id:kazan")


def test_contacts_as_dicts_carry_the_json_keys(graph: Graph) -> None:
    [first, *_] = who_met(graph, "Putin")
    assert {"counterpart", "counterpart_iri", "event", "event_iri", "date", "place",
            "contact", "evidence"} <= set(first.as_dict())
