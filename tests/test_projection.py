"""The networkx projections of the real graph follow docs/architecture.md and model.py."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef

from mmru_graph import actor_graph, full_graph, model
from mmru_graph.namespaces import ID, MMRU, OA, RDF, SCHEMA
from mmru_graph.projection.nodes import node_table, place_label

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


def test_every_node_has_the_contract_attributes(full: nx.MultiDiGraph) -> None:
    for iri, attrs in full.nodes(data=True):
        for key, kind in NODE_ATTRIBUTES.items():
            assert isinstance(attrs[key], kind), (iri, key)
        assert attrs["iri"] == iri
        assert attrs["kind"] in {"person", "organization", "place", "event", "other"}
        if attrs["kind"] in model.ACTOR_KINDS:
            assert attrs["side"] in {"myanmar", "russia", "other"}
        else:
            assert attrs["side"] == ""
        assert attrs["aliases"] == sorted(attrs["aliases"])
        assert attrs["inferred_properties"] == sorted(attrs["inferred_properties"])
        check_evidence(attrs["evidence"])


def test_kinds_and_classes_come_from_the_model(full: nx.MultiDiGraph) -> None:
    nodes = full.nodes
    assert (nodes[MAH]["kind"], nodes[MAH]["cls"], nodes[MAH]["side"]) == \
        ("person", "Person", "myanmar")
    assert (nodes[KASATONOV]["kind"], nodes[KASATONOV]["side"]) == ("person", "russia")
    assert nodes[str(ID.russia)]["kind"] == "place"
    assert nodes[str(ID["myanmar-military"])]["kind"] == "organization"
    parade = nodes[str(ID["2021-03-27-armed-forces-day-parade"])]
    assert (parade["kind"], parade["cls"], parade["start"]) == ("event", "Parade", "2021-03-27")
    # Every person and organization of the graph is a node of the actor kinds.
    assert {nodes[n]["kind"] for n in nodes} >= {"person", "organization", "place", "event"}


def test_documents_annotations_statements_and_ontology_are_not_nodes(
        graph: Graph, full: nx.MultiDiGraph) -> None:
    for annotation in graph.subjects(RDF.type, OA.Annotation):
        assert str(annotation) not in full
    for selector in graph.subjects(RDF.type, OA.TextQuoteSelector):
        assert str(selector) not in full
    assert str(ID["source-irrawaddy-2021"]) not in full
    for cls in (MMRU.Position, MMRU.Accompaniment, MMRU.Claim, MMRU.NegativeStatement):
        for node in graph.subjects(RDF.type, cls):
            assert str(node) not in full
    assert not any(n.startswith(str(MMRU)) for n in full)


def test_types_labels_and_annotations_are_never_edges(graph: Graph,
                                                      full: nx.MultiDiGraph) -> None:
    rules = model.read_model(graph)
    allowed = {str(p) for p in rules.edges} | {str(c) for c in rules.relations}
    predicates = {data["predicate"] for _u, _v, data in full.edges(data=True)}
    assert predicates <= allowed
    assert str(RDF.type) not in predicates and str(OA.hasBody) not in predicates


def test_every_statement_of_an_edge_predicate_is_an_edge(graph: Graph,
                                                         full: nx.MultiDiGraph) -> None:
    for predicate, rule in model.read_model(graph).edges.items():
        for subject, obj in graph.subject_objects(predicate):
            if str(subject) in full and str(obj) in full:
                data = full.get_edge_data(str(subject), str(obj), key=str(predicate))
                assert data is not None and data["label"] == rule.label


def test_edges_carry_the_evidence_of_their_statement(full: nx.MultiDiGraph) -> None:
    parade = str(ID["2021-03-27-armed-forces-day-parade"])
    edge = full.get_edge_data(parade, FOMIN, key=str(SCHEMA.attendee))
    assert edge["label"] == "attended by" and edge["inferred"] is False
    assert any("attends the Armed Forces Day parade" in e["quote"] for e in edge["evidence"])
    for _u, _v, data in full.edges(data=True):
        check_evidence(data["evidence"])
        assert isinstance(data["inferred"], bool)


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


def test_edges_are_inferred_exactly_where_their_statement_is(graph: Graph,
                                                              full: nx.MultiDiGraph) -> None:
    """Every direct edge's flag, recomputed from the RDF: the source node is inferred, or it
    flags the edge's predicate; both kinds occur."""
    whole = set(graph.subjects(MMRU.inferred, Literal(True)))
    kinds = set()
    for source, _target, key, data in full.edges(keys=True, data=True):
        if "statement" in data:
            continue
        subject = URIRef(source)
        flagged = (subject, MMRU.inferredProperty, URIRef(key)) in graph
        assert data["inferred"] is (subject in whole or flagged), (source, key)
        if data["inferred"]:
            kinds.add("node" if subject in whole else "property")
    assert kinds == {"node", "property"}
    # a place's inferred containment: Yangon in Myanmar is context, Thilawa Jetty in Yangon is said
    yangon = full.get_edge_data(str(ID.yangon), str(ID.myanmar), key=str(SCHEMA.containedInPlace))
    jetty = full.get_edge_data(str(ID["thilawa-jetty"]), str(ID.yangon),
                               key=str(SCHEMA.containedInPlace))
    assert (yangon["inferred"], jetty["inferred"]) == (True, False)


def test_an_office_is_inferred_when_its_organization_is(full: nx.MultiDiGraph) -> None:
    """"former President U Htin Kyaw": the office is said, the country is not."""
    position = str(ID["position-htin-kyaw-former-president"])
    [office] = [d for _u, _v, k, d in full.out_edges(str(ID["htin-kyaw"]), keys=True, data=True)
                if k == position]
    assert office["label"] == "former President" and office["inferred"] is True
    fomin = full.get_edge_data(FOMIN, str(ID.russia),
                               key=str(ID["position-fomin-deputy-defense-minister"]))
    assert fomin["inferred"] is False


def test_actor_graph_holds_persons_and_organizations_only(actors: nx.Graph,
                                                          full: nx.MultiDiGraph) -> None:
    assert {attrs["kind"] for _n, attrs in actors.nodes(data=True)} == {"person",
                                                                         "organization"}
    assert set(actors) == {n for n, a in full.nodes(data=True)
                           if a["kind"] in model.ACTOR_KINDS}


def test_actor_edges_list_events_with_contact_kind_and_weight(graph: Graph, actors: nx.Graph,
                                                             full: nx.MultiDiGraph) -> None:
    rules = model.read_model(graph)
    for u, v, data in actors.edges(data=True):
        events = data["events"]
        assert events
        for record in events:
            assert {"event_iri", "event", "date", "place", "contact", "evidence"} <= set(record)
            event = full.nodes[record["event_iri"]]
            assert event["kind"] == "event"
            assert record["contact"] == rules.contact_kind(MMRU[event["cls"]])
            # Both actors took part in the event.
            assert full.has_edge(record["event_iri"], u) and full.has_edge(record["event_iri"], v)
        contacts = {r["contact"] for r in events}
        assert data["contact"] == ("direct" if "direct" in contacts else "co-attendance")
        assert data["weight"] == pytest.approx(
            sum(rules.contact_weights[r["contact"]] for r in events))


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


def test_partial_and_approximate_dates_are_labelled(full: nx.MultiDiGraph) -> None:
    heli = full.nodes[str(ID["2021-05-20-heli-russia-exhibition"])]
    assert (heli["start"], heli["end"], heli["date_label"]) == \
        ("2021-05-20", "2021-05-22", "2021-05-20 – 2021-05-22")
    shootdown = full.nodes[str(ID["2021-05-kia-shoots-down-junta-helicopter"])]
    assert shootdown["approximate"] is True
    assert shootdown["date_label"] == f"{shootdown['start']} (approx.)"


def test_place_label_falls_back_to_the_trip(graph: Graph) -> None:
    table = node_table(graph)
    meeting = str(ID["2021-03-26-min-aung-hlaing-meets-fomin"])
    assert table.attrs[meeting]["place"] == ""
    assert place_label(table, meeting) == "Naypyitaw (trip)"
    heli = str(ID["2021-05-20-heli-russia-exhibition"])
    assert place_label(table, heli) == "Moscow"


def test_an_office_holder_and_their_organization_are_not_counterparts(graph: Graph) -> None:
    """Maung Maung Aye heads the August delegation: they attend the forum as one
    party. He still meets the Russian army officers."""
    from mmru_graph import actor_graph

    actors = actor_graph(graph)
    aye = "https://w3id.org/mmru-graph/id/maung-maung-aye"
    assert not actors.has_edge(aye, "https://w3id.org/mmru-graph/id/myanmar-military-delegation-2021-08")
    assert actors.has_edge(aye, "https://w3id.org/mmru-graph/id/russian-army-officers")
