"""The networkx projections follow docs/architecture.md and the model.

The contract and the rules are library tests on the tiny invented world
(tests/fixtures/tiny_world.ttl) and graphs built here; what the projections
of the curated graph say about the article's actors are data tests."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from mmru_graph import actor_graph, full_graph, model
from mmru_graph.namespaces import ID, MMRU, OA, RDF, SCHEMA, TURTLE_PREFIXES
from mmru_graph.projection.nodes import node_table, place_label
from mmru_graph.store.loading import new_graph

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "graph" / "sources" / "myanmar-russia-post-coup-2021.txt").read_text("utf-8")

MAH = str(ID["min-aung-hlaing"])
PUTIN = str(ID["vladimir-putin"])
FOMIN = str(ID["alexander-fomin"])
KASATONOV = str(ID["vladimir-kasatonov"])
SOE_WIN = str(ID["soe-win"])
SITAGU = str(ID["sitagu-sayadaw"])

NODE_ATTRIBUTES = {
    "iri": str, "name": str, "kind": str, "cls": str, "side": str, "aliases": list,
    "unnamed": bool, "offices": list, "start": str, "end": str, "date_label": str,
    "approximate": bool, "place": str, "evidence": list, "inferred": bool,
    "inferred_properties": list, "attributed_to": list,
}
EVIDENCE_KEYS = {"quote", "start", "end", "source", "source_title", "publisher", "published"}


@pytest.fixture(scope="module")
def full(graph: Graph) -> nx.MultiDiGraph:
    return full_graph(graph)


@pytest.fixture(scope="module")
def actors(graph: Graph) -> nx.Graph:
    return actor_graph(graph)


def name_of(graph: nx.Graph, name: str) -> str:
    [iri] = [n for n, attrs in graph.nodes(data=True) if attrs["name"] == name]
    return iri


def check_evidence(items: list[dict]) -> None:
    for item in items:
        assert set(item) == EVIDENCE_KEYS
        assert TEXT[item["start"]:item["end"]] == item["quote"]


def test_reified_relations_become_labelled_edges(full: nx.MultiDiGraph) -> None:
    [accompanied] = full.get_edge_data(SITAGU, SOE_WIN).values()
    assert accompanied["label"] == "accompanied" and not accompanied["inferred"]
    assert any("accompanied Vice Snr. Gen. Soe Win" in e["quote"]
               for e in accompanied["evidence"])
    # The air force chief at the warship is not named: the link is an inference, marked.
    kyaw = str(ID["maung-maung-kyaw"])
    [inferred] = full.get_edge_data(kyaw, MAH).values()
    assert inferred["label"] == "accompanied" and inferred["inferred"] is True
    # Offices are labelled with the article's words for the role.
    roles = {data["label"] for _u, _v, data in full.out_edges(FOMIN, data=True)
             if data["predicate"] == str(MMRU.Position)}
    assert any("deputy defense minister" in role for role in roles)
    assert any("deputy defense minister" in o for o in full.nodes[FOMIN]["offices"])


COUP = str(ID["2021-02-01-coup"])


def test_the_coups_place_is_inferred_not_the_coup(full: nx.MultiDiGraph) -> None:
    """"Myanmar’s military … in its February 1 coup": who did it is said, where is not."""
    assert full.nodes[COUP]["inferred"] is False
    assert full.nodes[COUP]["inferred_properties"] == ["schema:location"]
    location = full.get_edge_data(COUP, str(ID.myanmar), key=str(SCHEMA.location))
    agent = full.get_edge_data(COUP, str(ID["myanmar-military"]), key=str(SCHEMA.agent))
    target = full.get_edge_data(COUP, str(ID["nld-government"]), key=str(MMRU.target))
    assert (location["inferred"], agent["inferred"], target["inferred"]) == (True, False, False)


def test_the_articles_inferred_containment(full: nx.MultiDiGraph) -> None:
    """Yangon in Myanmar is context, Thilawa Jetty in Yangon is said."""
    yangon = full.get_edge_data(str(ID.yangon), str(ID.myanmar), key=str(SCHEMA.containedInPlace))
    jetty = full.get_edge_data(str(ID["thilawa-jetty"]), str(ID.yangon),
                               key=str(SCHEMA.containedInPlace))
    assert (yangon["inferred"], jetty["inferred"]) == (True, False)


def test_every_quote_of_the_projections_is_verbatim_in_the_article(
        full: nx.MultiDiGraph, actors: nx.Graph) -> None:
    for _iri, attrs in full.nodes(data=True):
        check_evidence(attrs["evidence"])
    for _u, _v, data in full.edges(data=True):
        check_evidence(data["evidence"])
    for _u, _v, data in actors.edges(data=True):
        for record in data["events"]:
            check_evidence(record["evidence"])


def test_an_office_is_inferred_when_its_organization_is(full: nx.MultiDiGraph) -> None:
    """"former President U Htin Kyaw": the office is said, the country is not."""
    position = str(ID["position-htin-kyaw-former-president"])
    [office] = [d for _u, _v, k, d in full.out_edges(str(ID["htin-kyaw"]), keys=True, data=True)
                if k == position]
    assert office["label"] == "former President" and office["inferred"] is True
    fomin = full.get_edge_data(FOMIN, str(ID.russia),
                               key=str(ID["position-fomin-deputy-defense-minister"]))
    assert fomin["inferred"] is False


def test_meetings_are_direct_contact(actors: nx.Graph) -> None:
    edge = actors.edges[MAH, KASATONOV]
    assert edge["contact"] == "direct"
    assert any("Kasatonov" in r["event"] and r["date"] == "2021-10-29" for r in edge["events"])
    minnikhanov = str(ID["rustam-minnikhanov"])
    assert actors.edges[MAH, minnikhanov]["contact"] == "direct"
    assert actors.edges[MAH, FOMIN]["contact"] == "direct"


def test_putin_and_the_coup_leader_are_not_linked(actors: nx.Graph,
                                                  full: nx.MultiDiGraph) -> None:
    assert not actors.has_edge(MAH, PUTIN)
    # No event has both of them in the full graph either.
    shared = set(full.predecessors(MAH)) & set(full.predecessors(PUTIN))
    assert not [e for e in shared if full.nodes[e]["kind"] == "event"]


def test_an_office_holder_and_their_organization_are_not_counterparts(graph: Graph) -> None:
    """Maung Maung Aye heads the August delegation: they attend the forum as one
    party. He still meets the Russian army officers."""
    from mmru_graph import actor_graph

    actors = actor_graph(graph)
    aye = "https://w3id.org/mmru-graph/id/maung-maung-aye"
    assert not actors.has_edge(aye, "https://w3id.org/mmru-graph/id/myanmar-military-delegation-2021-08")
    assert actors.has_edge(aye, "https://w3id.org/mmru-graph/id/russian-army-officers")


# --- library behaviour, on the tiny invented world and graphs built here ------------------
ANA, LUIS, NAVY = (str(ID[s]) for s in ("ana", "luis", "navy"))
TALKS, PARADE, TRIP = (str(ID[s]) for s in ("talks", "parade", "trip"))


@pytest.fixture(scope="module")
def world_full(world: Graph) -> nx.MultiDiGraph:
    return full_graph(world)


def test_every_node_has_the_contract_attributes(world_full: nx.MultiDiGraph) -> None:
    assert len(world_full) == 14
    for iri, attrs in world_full.nodes(data=True):
        assert set(NODE_ATTRIBUTES) <= set(attrs), iri
        for key, kind in NODE_ATTRIBUTES.items():
            assert isinstance(attrs[key], kind), (iri, key)
        assert attrs["iri"] == iri
        if attrs["kind"] in model.ACTOR_KINDS:
            assert attrs["side"] in {"chile", "peru", "other"}, iri
        else:
            assert attrs["side"] == "", iri
        assert attrs["aliases"] == sorted(attrs["aliases"])
        for item in attrs["evidence"]:
            assert set(item) == EVIDENCE_KEYS
    talks = world_full.nodes[TALKS]
    assert [(e["quote"], e["start"], e["end"], e["source_title"]) for e in talks["evidence"]] \
        == [("Rojas holds talks with Quispe.", 10, 40, "A test article")]
    assert world_full.nodes[ANA]["aliases"] == ["the minister"]
    assert world_full.nodes[LUIS]["offices"] == ["commander, Peruvian Navy"]


def test_kinds_classes_and_sides_come_from_the_model_and_the_data(
        world_full: nx.MultiDiGraph) -> None:
    found = {iri.rsplit("/", 1)[1]: (a["kind"], a["cls"], a["side"])
             for iri, a in world_full.nodes(data=True)}
    assert found == {
        "chile": ("place", "Country", ""), "peru": ("place", "Country", ""),
        "lima": ("place", "City", ""),
        "ana": ("person", "Person", "chile"), "jose": ("person", "Person", "chile"),
        "luis": ("person", "Person", "peru"), "luis-mamani": ("person", "Person", "peru"),
        "eva": ("person", "Person", "other"), "loner": ("person", "Person", "other"),
        "navy": ("organization", "ArmedForces", "peru"),
        "trip": ("event", "Visit", ""), "talks": ("event", "Talks", ""),
        "parade": ("event", "Parade", ""), "sale": ("event", "ArmsSale", "")}


def test_documents_annotations_statements_and_ontology_are_not_nodes(
        world: Graph, world_full: nx.MultiDiGraph) -> None:
    not_nodes = {ID.src, ID["ev-talks"], ID["ev-talks-t"], ID["ev-talks-q"], ID["ev-talks-p"],
                 ID["office-luis"], ID["with-ana"], ID.never}
    assert all((node, None, None) in world for node in not_nodes)  # they are in the graph
    assert not {str(n) for n in not_nodes} & set(world_full)
    assert not any(n.startswith(str(MMRU)) for n in world_full)


def test_edges_are_exactly_the_statements_of_edge_predicates_and_relations(
        world: Graph, world_full: nx.MultiDiGraph) -> None:
    rules = model.read_model(world)
    expected = set()
    for predicate in rules.edges:
        for subject, obj in world.subject_objects(predicate):
            if str(subject) in world_full and str(obj) in world_full:
                expected.add((str(subject), str(obj), str(predicate)))
    expected |= {(str(ID.jose), ANA, str(ID["with-ana"])), (LUIS, NAVY, str(ID["office-luis"]))}
    assert set(world_full.edges(keys=True)) == expected and len(expected) == 16
    for _source, _target, key, data in world_full.edges(keys=True, data=True):
        if "statement" not in data:
            assert data["label"] == rules.edges[URIRef(key)].label
            assert data["inverse_label"] == rules.edges[URIRef(key)].inverse_label
    predicates = {data["predicate"] for _u, _v, data in world_full.edges(data=True)}
    assert str(RDF.type) not in predicates and str(OA.hasBody) not in predicates
    assert str(SCHEMA.name) not in predicates


def test_edges_carry_the_evidence_of_their_statement(world_full: nx.MultiDiGraph) -> None:
    edge = world_full.get_edge_data(TALKS, LUIS, key=str(SCHEMA.attendee))
    assert (edge["label"], edge["inverse_label"], edge["inferred"]) == (
        "attended by", "attended", False)
    assert [e["quote"] for e in edge["evidence"]] == ["Rojas holds talks with Quispe."]
    # the parade has no annotation: its edges carry none
    assert world_full.get_edge_data(PARADE, LUIS, key=str(SCHEMA.attendee))["evidence"] == []


INFERRED = TURTLE_PREFIXES + """
id:chile a schema:Country ; schema:name "Chile" .
id:santiago a schema:City ; schema:name "Santiago" ; schema:containedInPlace id:chile ;
    mmru:inferredProperty schema:containedInPlace ; rdfs:comment "Context." .
id:army a mmru:ArmedForces ; schema:name "Army" .
id:ana a schema:Person ; schema:name "Ana Rojas" .
id:rally a mmru:Parade ; schema:name "Rally" ; schema:location id:santiago ;
    schema:attendee id:ana ; mmru:inferred true ; rdfs:comment "Implied." .
id:office a mmru:Position ; org:member id:ana ; org:organization id:army ;
    schema:roleName "general" ; mmru:inferredProperty org:organization ; rdfs:comment "Context." .
id:office2 a mmru:Position ; org:member id:ana ; org:organization id:chile ;
    schema:roleName "citizen" .
"""


def test_edges_are_inferred_exactly_where_their_statement_is() -> None:
    """A statement is inferred when its node is, or flags the statement's property; a
    relation edge when the relation node flags either end's property."""
    full = full_graph(new_graph().parse(data=INFERRED, format="turtle"))
    flags = {(u.rsplit("/", 1)[1], v.rsplit("/", 1)[1], d["label"]): d["inferred"]
             for u, v, d in full.edges(data=True)}
    assert flags == {
        ("santiago", "chile", "located in"): True,     # the property is flagged
        ("rally", "santiago", "took place at"): True,  # the whole node is inferred
        ("rally", "ana", "attended by"): True,
        ("ana", "army", "general"): True,              # the office's organization is flagged
        ("ana", "chile", "citizen"): False}
    assert full.nodes[str(ID.santiago)]["inferred_properties"] == ["schema:containedInPlace"]
    assert full.nodes[str(ID.rally)]["inferred"] is True


def test_actor_graph_holds_persons_and_organizations_only(world: Graph,
                                                          world_full: nx.MultiDiGraph) -> None:
    world_actors = actor_graph(world)
    assert set(world_actors) == {n for n, a in world_full.nodes(data=True)
                                 if a["kind"] in model.ACTOR_KINDS}
    assert len(world_actors) == 7  # six persons and the navy, linked or not
    assert world_actors.graph["sides"] == world_full.graph["sides"]


def test_actor_edges_list_events_with_contact_kind_and_weight(world: Graph) -> None:
    world_actors = actor_graph(world)
    found = {tuple(sorted(n.rsplit("/", 1)[1] for n in (u, v))):
             (d["contact"], d["weight"], [r["event"] for r in d["events"]])
             for u, v, d in world_actors.edges(data=True)}
    assert found == {
        ("ana", "jose"): ("co-attendance", 0.25, ["Ana's trip to Peru"]),
        ("ana", "luis"): ("direct", 1.0, ["Rojas–Quispe talks"]),
        ("ana", "navy"): ("direct", 1.0, ["Rojas–Quispe talks"]),
        ("eva", "luis"): ("co-attendance", 0.25, ["Navy day parade"]),
        ("luis", "luis-mamani"): ("co-attendance", 0.25, ["Navy day parade"]),
        ("eva", "luis-mamani"): ("co-attendance", 0.25, ["Navy day parade"])}
    [record] = world_actors.edges[ANA, LUIS]["events"]
    evidence = record.pop("evidence")
    assert record == {"event_iri": TALKS, "event": "Rojas–Quispe talks", "date": "2022-05-04",
                      "start": "2022-05-04", "end": "", "place": "Lima (trip)",
                      "contact": "direct", "attributed_to": []}
    assert [e["quote"] for e in evidence] == ["Rojas holds talks with Quispe."]


def test_a_shared_event_list_sums_its_weights(world: Graph) -> None:
    extended = Graph()
    extended += world
    extended.add((ID["second-talks"], RDF.type, MMRU.Meeting))
    extended.add((ID["second-talks"], SCHEMA.name, Literal("Second meeting")))
    extended.add((ID["second-talks"], SCHEMA.startDate, Literal("2022-04-01", datatype=XSD.date)))
    for person in (ID.ana, ID.jose):
        extended.add((ID["second-talks"], SCHEMA.attendee, person))
    edge = actor_graph(extended).edges[ANA, str(ID.jose)]
    assert [r["event"] for r in edge["events"]] == ["Second meeting", "Ana's trip to Peru"]
    assert (edge["contact"], edge["weight"]) == ("direct", 1.25)


def test_partial_and_approximate_dates_are_labelled(world_full: nx.MultiDiGraph) -> None:
    trip, parade = world_full.nodes[TRIP], world_full.nodes[PARADE]
    assert (trip["start"], trip["end"], trip["date_label"], trip["approximate"]) == (
        "2022-05-03", "2022-05-06", "2022-05-03 – 2022-05-06", False)
    assert (parade["start"], parade["date_label"], parade["approximate"]) == (
        "2022-06", "2022-06 (approx.)", True)
    assert world_full.nodes[str(ID.sale)]["date_label"] == "undated"


def test_place_label_falls_back_to_the_trip(world: Graph) -> None:
    table = node_table(world)
    assert table.attrs[TALKS]["place"] == ""
    assert place_label(table, TALKS) == "Lima (trip)"
    assert place_label(table, PARADE) == "Lima"
    assert place_label(table, str(ID.sale)) == ""
