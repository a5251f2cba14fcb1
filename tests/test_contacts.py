"""Who met whom: the article's answers (data tests), then the library's rules on the tiny
invented world (tests/fixtures/tiny_world.ttl)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from mmru_graph import negative_statements, who_met
from mmru_graph.dates import sort_key
from mmru_graph.errors import InvalidDateError, NameResolutionError
from mmru_graph.namespaces import ID

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


def test_who_accompanied_whom_is_co_attendance_of_the_trip(graph: Graph) -> None:
    contacts = who_met(graph, "Sitagu Sayadaw")
    assert [c.counterpart for c in contacts] == ["Soe Win"]
    assert contacts[0].start.startswith("2021-09")


# --- library behaviour, on the tiny invented world (tests/fixtures/tiny_world.ttl) ---------

def test_contacts_are_in_date_order(world: Graph) -> None:
    contacts = who_met(world, "Ana Rojas")
    assert [(c.start, c.end, c.counterpart) for c in contacts] == [
        ("2022-05-03", "2022-05-06", "José Núñez"), ("2022-05-04", "", "Luis Quispe"),
        ("2022-05-04", "", "Peruvian Navy")]
    keys = [sort_key(c.start, c.end) for c in contacts]
    assert keys == sorted(keys)


def test_with_other_keeps_only_the_shared_events(world: Graph) -> None:
    contacts = who_met(world, "Ana Rojas", with_="Quispe")
    assert [(c.counterpart, c.event) for c in contacts] == [("Luis Quispe", "Rojas–Quispe talks")]
    assert who_met(world, "Ana Rojas", with_="Eva") == []


def test_partial_dates_and_ranges_overlap_the_filter(world: Graph) -> None:
    # A parade dated only "2022-06" may fall after 15 June: kept; the May talks are not.
    june = who_met(world, "Luis Quispe", since="2022-06-15", until="2022-06-30")
    assert [c.counterpart for c in june] == ["Eva Mamani", "Luis Mamani"]
    # A trip of 3-6 May overlaps "since 5 May"; the talks of 4 May do not.
    assert [c.counterpart for c in who_met(world, "Ana Rojas", since="2022-05-05")] == [
        "José Núñez"]
    # "until 2022-05-04" keeps the talks of that day, not the parade of June.
    assert [c.counterpart for c in who_met(world, "Luis Quispe", until="2022-05-04")] == [
        "Ana Rojas"]
    assert [c.counterpart for c in who_met(world, "Luis Quispe", since="2022-06")] == [
        "Eva Mamani", "Luis Mamani"]


def test_bad_dates_and_names_are_errors(world: Graph) -> None:
    with pytest.raises(InvalidDateError, match="2022-13"):
        who_met(world, "Ana Rojas", since="2022-13")
    with pytest.raises(InvalidDateError, match="2022-02-30"):
        who_met(world, "Ana Rojas", until="2022-02-30")
    with pytest.raises(NameResolutionError, match="ambiguous"):
        who_met(world, "Luis")  # Luis Quispe and Luis Mamani
    # Places are not actors.
    with pytest.raises(NameResolutionError):
        who_met(world, "id:lima")


def test_contacts_as_dicts_carry_the_json_keys(world: Graph) -> None:
    [talks] = who_met(world, "Luis Quispe", with_="Ana")
    record = talks.as_dict()
    assert {"counterpart", "counterpart_iri", "event", "event_iri", "date", "place",
            "contact", "evidence"} <= set(record)
    assert (record["counterpart"], record["event_iri"], record["date"], record["place"],
            record["contact"]) == ("Ana Rojas", str(ID.talks), "2022-05-04", "Lima (trip)",
                                   "direct")
    assert record["evidence"][0]["quote"] == "Rojas holds talks with Quispe."
