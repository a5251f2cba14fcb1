"""The timeline: date order, partial dates as such, undated last.

The article's timelines of its actors are data tests; the rules are library
tests on the tiny invented world and a small graph built here."""

from __future__ import annotations

import pytest
from rdflib import Graph

from mmru_graph import timeline
from mmru_graph.dates import date_label, date_span, in_range, sort_key
from mmru_graph.errors import InvalidDateError
from mmru_graph.namespaces import TURTLE_PREFIXES
from mmru_graph.store.loading import new_graph


def test_one_actors_timeline(graph: Graph) -> None:
    entries = timeline(graph, "Putin")
    assert [(e.start, e.place) for e in entries] == [("2016", "Russia"), ("2019", "China")]
    mah = timeline(graph, actor="Min Aung Hlaing")
    starts = {e.start for e in mah}
    assert {"2021-03-26", "2021-06-20", "2021-10-29"} <= starts
    assert not any("Putin" in e.event for e in mah)
    # Accompanying someone puts the trip in one's timeline.
    sitagu = timeline(graph, "Sitagu Sayadaw")
    assert any(e.start.startswith("2021-09") for e in sitagu)


def test_actors_and_parts_of_trips(graph: Graph) -> None:
    entries = {e.event: e for e in timeline(graph)}
    talks = next(e for e in entries.values() if "Minnikhanov" in e.event)
    assert {"Min Aung Hlaing", "Rustam Nurgaliyevich Minnikhanov"} <= \
        {a["name"] for a in talks.actors}
    assert "Kazan" in talks.part_of
    assert all(a["role"] for e in entries.values() for a in e.actors)


def test_date_helpers() -> None:
    assert date_label("2021-06-20", "2021-06") == "2021-06-20 – 2021-06"
    assert date_label("2021-06", "", approximate=True) == "2021-06 (approx.)"
    assert in_range("2021-06", "", since="2021-06-15")
    assert not in_range("2021-06", "", since="2021-07")
    assert in_range("2021-05-20", "2021-05-22", since="2021-05-22", until="2021-05-22")
    assert date_span("2020-02")[1].day == 29
    with pytest.raises(InvalidDateError):
        date_span("21-06")


# --- library behaviour ---------------------------------------------------------------------
TIMES = TURTLE_PREFIXES + """
id:chile a schema:Country ; schema:name "Chile" ; mmru:sideOrder 1 .
id:peru a schema:Country ; schema:name "Peru" ; mmru:sideOrder 2 .
id:lima a schema:City ; schema:name "Lima" .
id:ana a schema:Person ; schema:name "Ana Rojas" ; mmru:side id:chile .
id:luis a schema:Person ; schema:name "Luis Quispe" ; mmru:side id:peru .
id:academy a schema:CollegeOrUniversity ; schema:name "Lima academy" ; mmru:side id:peru .
id:day-10 a mmru:Meeting ; schema:name "Meeting of the 10th" ;
    schema:startDate "2022-05-10"^^xsd:date ; schema:attendee id:ana, id:luis .
id:month a mmru:Meeting ; schema:name "Meeting in May" ;
    schema:startDate "2022-05"^^xsd:gYearMonth ; schema:attendee id:ana .
id:day-02 a mmru:Conference ; schema:name "Conference at the academy" ;
    schema:startDate "2022-05-02"^^xsd:date ; schema:location id:academy ;
    schema:about id:peru ; schema:attendee id:ana .
id:year a mmru:Pledge ; schema:name "A pledge" ; schema:startDate "2021"^^xsd:gYear ;
    schema:agent id:luis ; schema:recipient id:ana .
id:later a mmru:Meeting ; schema:name "A later meeting" ; schema:attendee id:luis ;
    mmru:noDateReason "Not said." .
id:earlier a mmru:Meeting ; schema:name "An earlier meeting" ; schema:attendee id:ana ;
    mmru:noDateReason "Not said either." .
"""


@pytest.fixture(scope="module")
def times() -> Graph:
    return new_graph().parse(data=TIMES, format="turtle")


def test_events_in_date_order_undated_last(times: Graph) -> None:
    entries = timeline(times)
    assert [(e.date, e.event) for e in entries] == [
        ("2021", "A pledge"), ("2022-05", "Meeting in May"),
        ("2022-05-02", "Conference at the academy"), ("2022-05-10", "Meeting of the 10th"),
        ("undated", "A later meeting"), ("undated", "An earlier meeting")]
    assert [e.undated_reason for e in entries] == ["", "", "", "", "Not said.",
                                                   "Not said either."]
    keys = [sort_key(e.start, e.end) for e in entries]
    assert keys == sorted(keys)


def test_partial_and_approximate_dates_are_shown_as_such(world: Graph) -> None:
    entries = {e.event: e for e in timeline(world)}
    trip, parade = entries["Ana's trip to Peru"], entries["Navy day parade"]
    assert (trip.date, trip.approximate) == ("2022-05-03 – 2022-05-06", False)
    assert (parade.date, parade.approximate, parade.date_note) == (
        "2022-06 (approx.)", True, "'in June'")


def test_first_and_last_day_bound_partial_dates(world: Graph, times: Graph) -> None:
    days = {e.event: (e.first_day, e.last_day) for e in [*timeline(world), *timeline(times)]}
    assert days["Ana's trip to Peru"] == ("2022-05-03", "2022-05-06")
    assert days["Navy day parade"] == ("2022-06-01", "2022-06-30")
    assert days["A pledge"] == ("2021-01-01", "2021-12-31")
    assert days["Arms sale"] == days["A later meeting"] == ("", "")


def test_range_filters_keep_what_may_overlap(world: Graph, times: Graph) -> None:
    assert [e.event for e in timeline(world, since="2022-06-15", until="2022-06-30")] == [
        "Navy day parade"]
    assert [e.event for e in timeline(world, since="2022-05-05", until="2022-05-31")] == [
        "Ana's trip to Peru"]
    # a range leaves the undated out; a month overlaps the days inside it
    assert [e.event for e in timeline(times, since="2022-05-03", until="2022-05-09")] == [
        "Meeting in May"]
    assert [e.event for e in timeline(times, "Luis Quispe")] == [
        "A pledge", "Meeting of the 10th", "A later meeting"]
    with pytest.raises(InvalidDateError):
        timeline(world, since="October")


def test_sides_count_taking_part_not_being_the_subject(times: Graph) -> None:
    """A conference at Peru's academy, about Peru, with only Ana taking part, involves
    Chile alone: the place and the subject are not parties. A pledge's recipient is."""
    entries = {e.event: e for e in timeline(times)}
    assert entries["Conference at the academy"].sides == ["chile"]
    assert entries["A pledge"].sides == ["chile", "peru"]
    assert entries["Meeting of the 10th"].sides == ["chile", "peru"]
    assert [(a["name"], a["role"]) for a in entries["A pledge"].actors] == [
        ("Ana Rojas", "received"), ("Luis Quispe", "carried out")]
