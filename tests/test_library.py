"""The analysis library on a tiny invented world (tests/fixtures/tiny_world.ttl).

Library behaviour — contacts, paths, centrality, timeline, cards, name
resolution, the projections' rules — checked on a graph small enough that
every expected answer is written out here. The article's own answers are
data tests (``-m article``): tests/test_contacts.py, test_paths.py, ...
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from mmru_graph import (
    actor_graph,
    entity_card,
    explain_paths,
    full_graph,
    load_graph,
    negative_statements,
    rank,
    timeline,
    who_met,
)
from mmru_graph.analysis.centrality import MEASURES
from mmru_graph.analysis.resolve import resolve_name
from mmru_graph.errors import InvalidDateError, NameResolutionError, NoPathError
from mmru_graph.namespaces import ID, MMRU, RDF, RDFS, SCHEMA
from mmru_graph.projection.nodes import class_table

ANA, LUIS, EVA, NAVY = (str(ID[s]) for s in ("ana", "luis", "eva", "navy"))
# ``world`` (tests/conftest.py): the graph of tests/fixtures/tiny_world.ttl.


# --- contacts ---------------------------------------------------------------
def test_who_met_lists_each_shared_event_in_date_order(world: Graph) -> None:
    assert [(c.date, c.counterpart, c.contact, c.place) for c in who_met(world, "Luis Quispe")] \
        == [("2022-05-04", "Ana Rojas", "direct", "Lima (trip)"),
            ("2022-06 (approx.)", "Eva Mamani", "co-attendance", "Lima"),
            ("2022-06 (approx.)", "Luis Mamani", "co-attendance", "Lima")]


def test_an_office_holder_and_the_force_he_commands_are_not_counterparts(world: Graph) -> None:
    assert "Peruvian Navy" not in {c.counterpart for c in who_met(world, "Luis Quispe")}
    assert "Peruvian Navy" in {c.counterpart for c in who_met(world, "Ana Rojas")}
    assert not actor_graph(world).has_edge(LUIS, NAVY)


def test_contacts_carry_their_events_evidence(world: Graph) -> None:
    [talks] = who_met(world, "Luis Quispe", with_="Ana")
    assert talks.evidence == [{"quote": "Rojas holds talks with Quispe.", "start": 10,
                               "end": 40, "source": str(ID.src),
                               "source_title": "A test article", "publisher": "",
                               "published": ""}]


def test_date_filters_keep_events_that_may_overlap(world: Graph) -> None:
    assert [c.counterpart for c in who_met(world, "Luis Quispe", since="2022-06")] == [
        "Eva Mamani", "Luis Mamani"]
    assert [c.counterpart for c in who_met(world, "Luis Quispe", until="2022-05")] == [
        "Ana Rojas"]
    with pytest.raises(InvalidDateError):
        who_met(world, "Luis Quispe", since="June")


def test_what_did_not_happen_is_a_statement_not_a_contact(world: Graph) -> None:
    assert who_met(world, "Eva", with_="Ana") == []
    [statement] = negative_statements(world, "Ana", with_="Eva")
    assert (statement.subject, statement.object, statement.denied, statement.text) == (
        "Eva Mamani", "Ana Rojas", "Meeting", "Eva has never met Ana.")
    assert negative_statements(world, "Luis Quispe") == []


# --- paths ------------------------------------------------------------------
def test_actor_path_prefers_direct_contact_and_explains_each_hop(world: Graph) -> None:
    [path] = explain_paths(world, "the minister", "Eva")
    assert path.names == ["Ana Rojas", "Luis Quispe", "Eva Mamani"] and path.via == "actors"
    assert [h.contact for h in path.hops] == ["direct", "co-attendance"]
    assert path.hops[0].sentence == (
        "Ana Rojas met Luis Quispe at Rojas–Quispe talks (2022-05-04, Lima (trip))")


def test_full_paths_go_through_events_and_places_shortest_first(world: Graph) -> None:
    paths = explain_paths(world, "José", "Eva", via="full", k=2)
    assert paths[0].names == [
        "José Núñez", "Ana's trip to Peru", "Lima", "Navy day parade", "Eva Mamani"]
    # several paths of length 5 tie for second place; any one of them, not the first again
    assert paths[1].length == 5 and paths[1].nodes != paths[0].nodes
    assert paths[1].names[0] == "José Núñez" and paths[1].names[-1] == "Eva Mamani"


def test_no_path_is_an_error_naming_both_ends(world: Graph) -> None:
    with pytest.raises(NoPathError, match="Ana Rojas and Hermit Solo in the actors graph"):
        explain_paths(world, "Ana", "Hermit")


def test_path_arguments_are_checked(world: Graph) -> None:
    with pytest.raises(NoPathError, match="same entity"):
        explain_paths(world, "the minister", "Ana Rojas")
    with pytest.raises(NameResolutionError, match="ambiguous"):
        explain_paths(world, "Luis", "Ana")
    with pytest.raises(NameResolutionError):
        explain_paths(world, "Lima", "Ana")  # a place is not an actor
    with pytest.raises(ValueError, match="via"):
        explain_paths(world, "Ana", "Eva", via="sideways")
    with pytest.raises(ValueError, match="k must"):
        explain_paths(world, "Ana", "Eva", k=0)


def test_a_path_as_a_dict(world: Graph) -> None:
    [path] = explain_paths(world, "Ana", "Eva")
    data = path.as_dict()
    assert (data["names"], data["length"], data["via"]) == (
        ["Ana Rojas", "Luis Quispe", "Eva Mamani"], 2, "actors")
    assert {"source", "target", "sentence", "event", "date", "place", "evidence"} <= \
        set(data["hops"][0])
    assert data["hops"][0]["evidence"][0]["quote"] == "Rojas holds talks with Quispe."


# --- centrality -------------------------------------------------------------
def test_betweenness_finds_the_brokers_with_their_sides(world: Graph) -> None:
    scores = rank(world, "betweenness", top=3)
    assert [(s.name, s.side) for s in scores[:2]] == [("Ana Rojas", "chile"),
                                                       ("Luis Quispe", "peru")]
    assert scores[0].score > scores[1].score > scores[2].score == 0


@pytest.mark.parametrize("measure", MEASURES)
def test_every_measure_ranks_every_actor_with_its_side(world: Graph, measure: str) -> None:
    scores = rank(world, measure, top=0)
    assert [s.rank for s in scores] == list(range(1, 8))
    assert [s.score for s in scores] == sorted((s.score for s in scores), reverse=True)
    assert {s.kind for s in scores} == {"person", "organization"}
    sides = {s.name: s.side for s in scores}
    assert (sides["Ana Rojas"], sides["Peruvian Navy"], sides["Eva Mamani"]) == (
        "chile", "peru", "other")
    assert len(rank(world, measure, top=3)) == 3


def test_the_full_graph_ranks_places_and_events_without_sides(world: Graph) -> None:
    scores = rank(world, "degree", top=0, graph_kind="full")
    assert {s.kind for s in scores} == {"person", "organization", "place", "event"}
    assert {s.side for s in scores if s.kind in ("place", "event")} == {""}
    # four links each: the trip (Lima, Ana, José, the talks), the talks (the trip,
    # Ana, Luis, the navy), the parade (Lima and its three attendees); all else fewer
    top = {s.name for s in scores if s.score == scores[0].score}
    assert top == {"Ana's trip to Peru", "Rojas–Quispe talks", "Navy day parade"}


def test_ranking_arguments_are_checked(world: Graph) -> None:
    with pytest.raises(ValueError, match="measure"):
        rank(world, "fame")
    with pytest.raises(ValueError, match="graph_kind"):
        rank(world, "degree", graph_kind="sideways")
    with pytest.raises(ValueError, match="top"):
        rank(world, "degree", top=-1)


def test_every_actor_is_ranked_even_without_links(world: Graph) -> None:
    names = {s.name for s in rank(world, "degree", top=0)}
    assert names == {"Ana Rojas", "José Núñez", "Luis Quispe", "Luis Mamani", "Eva Mamani",
                     "Peruvian Navy", "Hermit Solo"}


# --- timeline ---------------------------------------------------------------
def test_timeline_orders_partial_and_undated_events(world: Graph) -> None:
    assert [(e.date, e.event, e.sides, e.part_of) for e in timeline(world)] == [
        ("2022-05-03 – 2022-05-06", "Ana's trip to Peru", ["chile"], ""),
        ("2022-05-04", "Rojas–Quispe talks", ["chile", "peru"], "Ana's trip to Peru"),
        ("2022-06 (approx.)", "Navy day parade", ["other", "peru"], ""),
        ("undated", "Arms sale", ["chile", "other"], "")]
    parade = timeline(world)[2]
    assert parade.approximate and parade.date_note == "'in June'"
    assert timeline(world)[-1].undated_reason == "The source does not say when."


def test_timeline_of_one_actor_in_a_range(world: Graph) -> None:
    assert [e.event for e in timeline(world, "José")] == ["Ana's trip to Peru"]
    assert [e.event for e in timeline(world, since="2022-05-05", until="2022-05-31")] == [
        "Ana's trip to Peru"]


# --- cards ------------------------------------------------------------------
def test_a_persons_card(world: Graph) -> None:
    card = entity_card(world, "Quispe")
    assert (card.name, card.kind, card.side) == ("Luis Quispe", "person", "peru")
    assert [(o["role"], o["organization"]) for o in card.offices] == [
        ("commander", "Peruvian Navy")]
    assert [(c["counterpart"], c["contact"]) for c in card.counterparts] == [
        ("Ana Rojas", "direct"), ("Eva Mamani", "co-attendance"),
        ("Luis Mamani", "co-attendance")]
    assert [(e["event"], e["role"]) for e in card.events] == [
        ("Rojas–Quispe talks", "attended"), ("Navy day parade", "attended")]


def test_an_inferred_relation_says_so_on_the_card(world: Graph) -> None:
    [relation] = entity_card(world, "Ana").relations
    assert relation["sentence"] == "José Núñez accompanied Ana Rojas (inferred)"
    assert relation["inferred"] is True


# --- names ------------------------------------------------------------------
@pytest.mark.parametrize("text", ["Ana Rojas", "ana rojas", "THE MINISTER", "Rojas",
                                  str(ID.ana), "id:ana"])
def test_names_aliases_parts_and_iris_resolve(world: Graph, text: str) -> None:
    assert resolve_name(world, text) == ANA


def test_accents_do_not_matter(world: Graph) -> None:
    assert resolve_name(world, "jose nunez") == resolve_name(world, "José Núñez") == str(ID.jose)


def test_a_card_for_an_unknown_or_ambiguous_name_is_an_error(world: Graph) -> None:
    with pytest.raises(NameResolutionError, match="ambiguous"):
        entity_card(world, "Luis")
    with pytest.raises(NameResolutionError, match="did you mean: Luis Quispe"):
        entity_card(world, "Quipse")


def test_ambiguous_and_unknown_names(world: Graph) -> None:
    ambiguous = r"'Luis' is ambiguous: Luis Mamani \(person\); Luis Quispe \(person\)"
    with pytest.raises(NameResolutionError, match=ambiguous):
        resolve_name(world, "Luis")
    with pytest.raises(NameResolutionError, match="did you mean: Luis Quispe"):
        resolve_name(world, "Quipse")


# --- the projections' rules --------------------------------------------------
def test_contact_kind_and_weight_follow_the_ontology(world: Graph) -> None:
    actors = actor_graph(world)
    assert (actors.edges[ANA, LUIS]["contact"], actors.edges[ANA, LUIS]["weight"]) == (
        "direct", 1.0)
    assert (actors.edges[LUIS, EVA]["contact"], actors.edges[LUIS, EVA]["weight"]) == (
        "co-attendance", 0.25)
    assert not actors.has_edge(EVA, str(ID.chile))  # a sale is not contact; states are not actors


def test_relations_become_edges_and_claims_do_not(world: Graph) -> None:
    full = full_graph(world)
    office = full.get_edge_data(LUIS, NAVY, key=str(ID["office-luis"]))
    assert (office["label"], office["inferred"]) == ("commander", False)
    companion = full.get_edge_data(str(ID.jose), ANA, key=str(ID["with-ana"]))
    assert (companion["label"], companion["inferred"]) == ("accompanied", True)
    assert str(ID.never) not in full
    assert full.graph["sides"] == [
        {"key": "chile", "iri": str(ID.chile), "label": "Chile"},
        {"key": "peru", "iri": str(ID.peru), "label": "Peru"}]


def test_a_class_the_graph_adds_takes_its_parents_rules(world: Graph) -> None:
    """A class declared only in the data, below mmru:Talks, is direct contact."""
    extended = Graph()
    for triple in world:
        extended.add(triple)
    summit, event = URIRef("https://example.org/Summit"), ID["test-summit"]
    extended.add((summit, RDFS.subClassOf, MMRU.Talks))
    extended.add((event, RDF.type, summit))
    extended.add((event, SCHEMA.name, Literal("A summit")))
    extended.add((event, SCHEMA.attendee, ID.eva))
    extended.add((event, SCHEMA.attendee, ID.jose))
    assert (class_table(extended)[summit].kind, class_table(extended)[summit].contact) == (
        "event", "direct")
    edge = actor_graph(extended).edges[EVA, str(ID.jose)]
    assert edge["contact"] == "direct" and edge["events"][0]["event"] == "A summit"


def test_the_projection_of_a_serialised_graph_is_the_same(tmp_path: Path, world: Graph) -> None:
    """Loading the same triples another way gives the same projection."""
    path = tmp_path / "world.nt"
    world.serialize(path, format="nt", encoding="utf-8")
    again = load_graph(files=[path])
    first, second = full_graph(world), full_graph(again)
    assert dict(first.nodes(data=True)) == dict(second.nodes(data=True))
    assert sorted(first.edges(keys=True)) == sorted(second.edges(keys=True))
    assert first.graph == second.graph
