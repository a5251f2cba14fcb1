"""Paths between actors of the two sides, every hop explained with its quote: the
article's paths (data tests), then the library's rules on the tiny invented world."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from mmru_graph import explain_paths
from mmru_graph.errors import NoPathError
from mmru_graph.namespaces import ID, TURTLE_PREFIXES
from mmru_graph.store.loading import new_graph

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


def test_no_path_between_putin_and_the_coup_leader(graph: Graph) -> None:
    with pytest.raises(NoPathError) as caught:
        explain_paths(graph, "Putin", "Min Aung Hlaing")
    assert "Vladimir Putin" in str(caught.value)


# --- library behaviour, on the tiny invented world and graphs built here ------------------

def test_k_shortest_paths_are_distinct_and_shortest_first(world: Graph) -> None:
    paths = explain_paths(world, "José", "Eva", via="full", k=4)
    assert [p.length for p in paths] == [4, 5, 5, 5]
    assert len({tuple(p.nodes) for p in paths}) == 4
    assert all(p.names[0] == "José Núñez" and p.names[-1] == "Eva Mamani" for p in paths)
    assert [h.sentence for h in paths[0].hops] == [
        "José Núñez attended Ana's trip to Peru (2022-05-03 – 2022-05-06, Lima)",
        "Ana's trip to Peru (2022-05-03 – 2022-05-06, Lima) took place at Lima",
        "Lima was the place of Navy day parade (2022-06 (approx.), Lima)",
        "Navy day parade (2022-06 (approx.), Lima) was attended by Eva Mamani"]


def test_full_paths_reach_places_read_from_either_end(world: Graph) -> None:
    [there] = explain_paths(world, "Lima", "Peru", via="full")
    [back] = explain_paths(world, "Peru", "Lima", via="full")
    assert [h.sentence for h in there.hops] == ["Lima is located in Peru"]
    assert [h.sentence for h in back.hops] == ["Peru contains Lima"]
    [sale] = explain_paths(world, "Arms sale", "Eva", via="full")
    assert [h.sentence for h in sale.hops] == ["Arms sale (undated) had as its buyer Eva Mamani"]


def test_an_actor_hop_carries_its_events_evidence(world: Graph) -> None:
    [path] = explain_paths(world, "Ana", "Luis Quispe")
    [hop] = path.hops
    assert (hop.event_iri, hop.contact, hop.date) == (str(ID.talks), "direct", "2022-05-04")
    assert [(e["quote"], e["start"], e["end"]) for e in hop.evidence] == [
        ("Rojas holds talks with Quispe.", 10, 40)]


def test_no_actor_path_is_a_library_error_without_cli_advice(world: Graph) -> None:
    with pytest.raises(NoPathError, match=r"Ana Rojas and Hermit Solo in the actors graph") as no:
        explain_paths(world, "Ana", "Hermit")
    assert no.value.via == "actors" and "--via" not in str(no.value)
    with pytest.raises(NoPathError) as no_full:
        explain_paths(world, "Ana", "Hermit", via="full")
    assert no_full.value.via == "full"


INFERRED_PLACE = TURTLE_PREFIXES + """
id:chile a schema:Country ; schema:name "Chile" .
id:army a mmru:ArmedForces ; schema:name "Chilean Army" .
id:coup a mmru:Coup ; schema:name "Coup" ; schema:agent id:army ;
    schema:location id:chile ; mmru:inferredProperty schema:location ;
    rdfs:comment "The place is read from context." .
"""


def test_a_hop_over_an_inferred_statement_says_so(world: Graph) -> None:
    """The coup's agent is stated, its place is read from context: only that hop is inferred."""
    graph = new_graph().parse(data=INFERRED_PLACE, format="turtle")
    [to_place] = explain_paths(graph, "Coup", "Chile", via="full")
    [to_agent] = explain_paths(graph, "Coup", "Chilean Army", via="full")
    assert [(h.sentence, h.inferred) for h in to_place.hops + to_agent.hops] == [
        ("Coup (undated, Chile) took place at Chile (inferred)", True),
        ("Coup (undated, Chile) was carried out by Chilean Army", False)]
    # An inferred relation node: the accompaniment of the tiny world.
    [companion] = explain_paths(world, "José", "Ana", via="full")
    assert [(h.sentence, h.inferred) for h in companion.hops] == [
        ("José Núñez accompanied Ana Rojas (inferred)", True)]
