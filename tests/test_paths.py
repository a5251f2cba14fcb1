"""Paths between actors of the two sides, every hop explained with its quote."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from mmru_graph import explain_paths
from mmru_graph.errors import NoPathError
from mmru_graph.namespaces import ID

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "graph" / "sources" / "myanmar-russia-post-coup-2021.txt").read_text("utf-8")


def assert_quotes_verbatim(evidence: list[dict]) -> None:
    for item in evidence:
        assert TEXT[item["start"]:item["end"]] == item["quote"]


def test_actor_path_across_the_sides(graph: Graph) -> None:
    [path] = explain_paths(graph, "Fomin", "Kasatonov")
    assert path.names == ["Alexander Vasilyevich Fomin", "Min Aung Hlaing", "Vladimir Kasatonov"]
    assert path.length == 2 and path.via == "actors"
    first, second = path.hops
    assert (first.source, first.target) == ("Alexander Vasilyevich Fomin", "Min Aung Hlaing")
    # Direct contact is preferred over a shared parade to explain the hop.
    assert first.contact == "direct" and first.date == "2021-03-26 (approx.)"
    assert "met" in first.sentence and first.event in first.sentence
    assert second.date == "2021-10-29" and "Kasatonov" in second.event
    for hop in path.hops:
        assert hop.evidence, hop
        assert_quotes_verbatim(hop.evidence)


def test_soe_win_to_kasatonov(graph: Graph) -> None:
    # Soe Win shares no event with the coup leader's circle ...
    with pytest.raises(NoPathError, match=r"Soe Win.*Vladimir Kasatonov.*actors graph") as no:
        explain_paths(graph, "Soe Win", "Kasatonov")
    assert no.value.via == "actors" and "--via" not in str(no.value)
    # ... but the full graph links them through statements, each with its quote.
    [path] = explain_paths(graph, "Soe Win", "Kasatonov", via="full")
    assert path.nodes[0] == str(ID["soe-win"]) and path.nodes[-1] == str(ID["vladimir-kasatonov"])
    for hop in path.hops:
        assert hop.sentence
        assert hop.evidence, hop.sentence
        assert_quotes_verbatim(hop.evidence)
    # The hop into the meeting on board names its date and place.
    assert any(h.date == "2021-10-29" and h.place == "Thilawa Jetty" for h in path.hops)


def test_k_shortest_paths_are_distinct_and_shortest_first(graph: Graph) -> None:
    paths = explain_paths(graph, "Soe Win", "Kasatonov", via="full", k=3)
    assert len(paths) == 3
    assert len({tuple(p.nodes) for p in paths}) == 3
    assert [p.length for p in paths] == sorted(p.length for p in paths)


def test_no_path_between_putin_and_the_coup_leader(graph: Graph) -> None:
    with pytest.raises(NoPathError) as caught:
        explain_paths(graph, "Putin", "Min Aung Hlaing")
    assert "Vladimir Putin" in str(caught.value)


def test_full_paths_reach_places_and_events(graph: Graph) -> None:
    [path] = explain_paths(graph, "Kazan", "Russia", via="full")
    assert path.names[0] == "Kazan" and path.names[-1] == "Russia"
    assert all("located in" in hop.sentence or "contains" in hop.sentence for hop in path.hops)


def test_a_hop_over_an_inferred_statement_says_so(graph: Graph) -> None:
    """The coup's agent is stated, its place is read from context: only that hop is inferred."""
    [to_place] = explain_paths(graph, "Military coup in Myanmar", "Myanmar", via="full")
    [hop] = to_place.hops
    assert hop.inferred is True and hop.sentence.endswith(" (inferred)")
    [to_agent] = explain_paths(graph, "Military coup in Myanmar", "Myanmar military", via="full")
    [hop] = to_agent.hops
    assert hop.inferred is False and "(inferred)" not in hop.sentence
