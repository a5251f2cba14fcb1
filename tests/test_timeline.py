"""The timeline of the real graph: date order, partial dates as such, undated last."""

from __future__ import annotations

import pytest
from rdflib import Graph

from mmru_graph import timeline
from mmru_graph.dates import date_label, date_span, in_range, sort_key
from mmru_graph.errors import InvalidDateError


def test_events_in_date_order_undated_last(graph: Graph) -> None:
    entries = timeline(graph)
    keys = [sort_key(e.start, e.end) for e in entries]
    assert keys == sorted(keys)
    undated = [e for e in entries if not e.start]
    assert undated, "the steel mill's suspension has no date"
    assert entries[-len(undated):] == undated
    assert all(e.date == "undated" and e.undated_reason for e in undated)
    assert all(not e.undated_reason for e in entries if e.start)


def test_partial_and_approximate_dates_are_shown_as_such(graph: Graph) -> None:
    entries = {e.event: e for e in timeline(graph)}
    heli = entries["HeliRussia exhibition"]
    assert heli.date == "2021-05-20 – 2021-05-22" and not heli.approximate
    shootdown = next(e for e in entries.values() if "shoots down" in e.event)
    assert shootdown.approximate and shootdown.date.endswith("(approx.)")
    assert "two weeks before" in shootdown.date_note
    month_only = [e for e in entries.values() if e.start == "2021-06"]
    assert month_only and all(e.date.startswith("2021-06") for e in month_only)
    # A month sorts before the days of that month.
    order = [e.start for e in timeline(graph, since="2021-05", until="2021-05")]
    assert order.index("2021-05") < order.index("2021-05-20")


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


def test_range_filters(graph: Graph) -> None:
    october = timeline(graph, since="2021-10-01", until="2021-10-31")
    assert october and all(in_range(e.start, e.end, "2021-10-01", "2021-10-31")
                           for e in october)
    assert not any(e.start.startswith("2021-03") for e in october)
    assert all(e.start for e in october)
    with pytest.raises(InvalidDateError):
        timeline(graph, since="October")


def test_date_helpers() -> None:
    assert date_label("2021-06-20", "2021-06") == "2021-06-20 – 2021-06"
    assert date_label("2021-06", "", approximate=True) == "2021-06 (approx.)"
    assert in_range("2021-06", "", since="2021-06-15")
    assert not in_range("2021-06", "", since="2021-07")
    assert in_range("2021-05-20", "2021-05-22", since="2021-05-22", until="2021-05-22")
    assert date_span("2020-02")[1].day == 29
    with pytest.raises(InvalidDateError):
        date_span("21-06")


def test_sides_count_taking_part_not_being_the_subject(graph: Graph) -> None:
    """The arms sale involves both sides (Russia sells, the military buys); the
    Defense Services Academy conference only the Russian delegation (the academy
    is its place, not a party)."""
    entries = {e.event_iri.rsplit("/", 1)[1]: e for e in timeline(graph)}
    assert entries["2021-08-russian-arms-sale"].sides == ["myanmar", "russia"]
    assert entries["2021-06-russia-promises-cooperation"].sides == ["myanmar", "russia"]
    assert entries["2021-10-science-and-technology-conference"].sides == ["russia"]
    assert entries["2019-putin-meets-aung-san-suu-kyi"].sides == ["myanmar", "russia"]


def test_first_and_last_day_bound_partial_dates(graph: Graph) -> None:
    entries = {e.event_iri.rsplit("/", 1)[1]: e for e in timeline(graph)}
    heli = entries["2021-05-20-heli-russia-exhibition"]
    assert (heli.first_day, heli.last_day) == ("2021-05-20", "2021-05-22")
    shootdown = entries["2021-05-kia-shoots-down-junta-helicopter"]
    assert (shootdown.first_day, shootdown.last_day) == ("2021-05-01", "2021-05-31")
    suspension = entries["no-2-steel-mill-suspension"]
    assert (suspension.first_day, suspension.last_day) == ("", "")
