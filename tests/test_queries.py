"""Each named query against the rows the article implies, on the real graph;
and the named queries in a second SPARQL engine (pyoxigraph), which must give
the same answers (they declare their prefixes and use only SPARQL 1.1)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery

from mmru_graph.model import EVENT, read_model
from mmru_graph.namespaces import ID, MMRU, OA, RDF, XSD
from mmru_graph.sparql.named import (
    PARAMETER_KINDS,
    bind_parameters,
    list_named_queries,
    run_named_query,
)

# The tests of the query files themselves (headers, prefixes, parameters) read the
# project's model, not the article; the expected rows are data tests (``-m article``:
# they take the ``graph`` fixture).

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "graph" / "queries"

REQUIRED = {
    "who-met-whom", "meetings-of-actor", "visits-to-russia", "russian-visits-to-myanmar",
    "events-by-place", "timeline", "offices-held", "arms-and-military-cooperation",
    "economic-cooperation", "claims-attributed-to-media", "source-support",
    "negative-statements",
}


def local(term) -> str:
    """``id:`` local name of an IRI (the tests compare slugs, as an analyst reads them)."""
    text = str(term)
    assert text.startswith(str(ID)), text
    return text[len(str(ID)):]


def rows(graph: Graph, name: str, **params) -> list:
    return list(run_named_query(graph, name, params or None))


def column(result_rows, var: str) -> set[str]:
    return {local(r[var]) for r in result_rows if r[var] is not None}


# --------------------------------------------------------------------------
# The files themselves
# --------------------------------------------------------------------------
def test_every_required_query_exists_with_a_header() -> None:
    named = list_named_queries()
    assert {q.name for q in named} >= REQUIRED
    assert {q.name for q in named} == {p.stem for p in QUERIES.glob("*.rq")}
    for q in named:
        assert q.title and q.description, q.path
        assert "\n" not in q.description
        assert all(p.kind in PARAMETER_KINDS for p in q.parameters)


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_queries_declare_their_own_prefixes(path: Path) -> None:
    # Parsed with no prefixes bound: a query relying on the project's
    # defaults would fail here (and in any other engine).
    query = prepareQuery(path.read_text(encoding="utf-8"))
    assert query.algebra.name == "SelectQuery"


@pytest.mark.parametrize("named", list_named_queries(), ids=lambda q: q.name)
def test_declared_parameters_are_variables_of_the_query(named) -> None:
    query = prepareQuery(named.text)
    variables = {str(v) for v in query.algebra["_vars"]}
    for parameter in named.parameters:
        assert parameter.name in variables, (named.name, parameter.name)


# --------------------------------------------------------------------------
# Expected rows, from the article
# --------------------------------------------------------------------------
def test_who_met_whom(graph: Graph) -> None:
    result = rows(graph, "who-met-whom")
    pairs = {(local(r.actor1), local(r.actor2)): r for r in result}
    assert all(str(r.actor1) < str(r.actor2) for r in result)
    # Putin met Aung San Suu Kyi (China, 2019) and Htin Kyaw (2016), never the coup leader.
    with_putin = {frozenset(p) - {"vladimir-putin"}: str(r.start)
                  for p, r in pairs.items() if "vladimir-putin" in p}
    assert with_putin == {frozenset({"aung-san-suu-kyi"}): "2019",
                          frozenset({"htin-kyaw"}): "2016"}
    assert ("min-aung-hlaing", "vladimir-putin") not in pairs
    fomin = pairs[("alexander-fomin", "min-aung-hlaing")]
    assert str(fomin.start) == "2021-03-26"
    assert "swords, axes and slingshots" in str(fomin.evidence)
    assert str(pairs[("min-aung-hlaing", "vladimir-kasatonov")].start) == "2021-10-29"
    assert str(pairs[("min-aung-hlaing", "vladimir-kasatonov")].place) == "Thilawa Jetty"
    assert ("min-aung-hlaing", "rustam-minnikhanov") in pairs
    assert ("maung-maung-aye", "russian-army-officers") in pairs
    # Co-attendance is not a meeting: Fomin and the coup leader both took part
    # in Armed Forces Day, but only their meeting is listed.
    assert {local(r.event) for r in result if local(r.actor1) == "alexander-fomin"} == {
        "2021-03-26-min-aung-hlaing-meets-fomin"}


MAH_COUNTERPARTS = {
    "alexander-fomin", "russian-news-agencies", "russia-24", "ria",
    "russian-government-officials", "russian-defense-minister", "russian-military-university",
    "rustam-minnikhanov", "russia-myanmar-association-for-friendship-and-cooperation",
    "vladimir-kasatonov", "russian-military-delegation-2021-10",
}


@pytest.mark.parametrize("actor", ["id:min-aung-hlaing", "the coup leader", "Snr. Gen."])
def test_meetings_of_the_coup_leader(graph: Graph, actor: str) -> None:
    result = rows(graph, "meetings-of-actor", actor=actor)
    assert {local(r.actor) for r in result} == {"min-aung-hlaing"}
    assert column(result, "counterpart") == MAH_COUNTERPARTS
    assert "vladimir-putin" not in column(result, "counterpart")
    dates = [str(r.start) for r in result]
    assert dates[0].startswith("2021-03")
    assert dates == sorted(dates)


def test_meetings_of_putin_are_before_the_coup(graph: Graph) -> None:
    result = rows(graph, "meetings-of-actor", actor="Putin")
    assert {(local(r.counterpart), str(r.start), str(r.place)) for r in result} == {
        ("htin-kyaw", "2016", "Russia"), ("aung-san-suu-kyi", "2019", "China")}


def test_visits_to_russia(graph: Graph) -> None:
    result = rows(graph, "visits-to-russia")
    visitors: dict[str, set[str]] = {}
    for r in result:
        visitors.setdefault(local(r.visit), set()).add(local(r.visitor))
    assert visitors == {
        "2016-htin-kyaw-visits-to-russia": {"htin-kyaw"},
        "2021-05-maung-maung-kyaw-goodwill-visit-to-russia": {"maung-maung-kyaw"},
        "2021-min-aung-hlaing-first-visit-to-russia-since-the-coup": {"min-aung-hlaing"},
        "2021-06-20-min-aung-hlaing-visit-to-russia": {"min-aung-hlaing"},
        "2021-08-myanmar-military-delegation-trip": {
            "maung-maung-aye", "myanmar-military-delegation-2021-08"},
        "2021-09-01-soe-win-visit-to-russia": {"soe-win", "sitagu-sayadaw"},
    }
    # The Kazan leg is part of the June visit, not a visit of its own.
    assert "2021-06-min-aung-hlaing-trip-to-kazan" not in visitors
    june = next(r for r in result if local(r.visit).startswith("2021-06-20"))
    assert str(june.start) == "2021-06-20"
    soe_win = next(r for r in result if local(r.visitor) == "soe-win")
    assert (str(soe_win.start), str(soe_win.end)) == ("2021-09-01", "2021-09-07")


def test_russian_visits_to_myanmar(graph: Graph) -> None:
    result = rows(graph, "russian-visits-to-myanmar")
    assert column(result, "visit") == {
        "2021-03-26-fomin-visit-to-naypyitaw", "2021-06-russian-navy-chief-visit-to-myanmar",
        "2021-10-24-russian-military-delegation-visit-to-myanmar",
        "2021-10-28-gremyashiy-port-call"}
    fomin = next(r for r in result if local(r.visitor) == "alexander-fomin")
    assert (str(fomin.start), str(fomin.place)) == ("2021-03-26", "Naypyitaw")
    assert "vladimir-kasatonov" in column(result, "visitor")


def test_events_by_place_follows_containment(graph: Graph) -> None:
    yangon = rows(graph, "events-by-place", place="Yangon")
    assert column(yangon, "event") == {
        "2021-10-24-russian-military-delegation-visit-to-myanmar",
        "2021-10-28-gremyashiy-port-call", "2021-10-29-min-aung-hlaing-visits-gremyashiy",
        "2021-10-29-min-aung-hlaing-meets-kasatonov"}
    # Thilawa Jetty is inside Yangon: the exact location is kept.
    assert {local(r.location) for r in yangon} == {"yangon", "thilawa-port", "thilawa-jetty"}
    kazan = rows(graph, "events-by-place", place="id:kazan")
    assert column(kazan, "event") == {
        "2021-06-min-aung-hlaing-trip-to-kazan", "2021-06-min-aung-hlaing-visits-kazan-plants",
        "2021-06-min-aung-hlaing-talks-with-minnikhanov"}
    russia = column(rows(graph, "events-by-place", place="id:russia"), "event")
    assert {"2021-05-20-heli-russia-exhibition", "2021-06-min-aung-hlaing-visits-kazan-plants",
            "2021-09-05-eastern-economic-forum"} <= russia
    assert "2021-10-28-gremyashiy-port-call" not in russia


def test_events_by_place_takes_an_unplaced_part_to_its_trip(graph: Graph) -> None:
    result = rows(graph, "events-by-place", place="id:russia")
    forum = [r for r in result if local(r.event) == "2021-08-24-army-2021-forum"]
    assert [local(r.placed_by) for r in forum] == ["2021-08-myanmar-military-delegation-trip"]
    heli = next(r for r in result if local(r.event) == "2021-05-20-heli-russia-exhibition")
    assert local(heli.placed_by) == "2021-05-20-heli-russia-exhibition"


def test_timeline(graph: Graph) -> None:
    result = rows(graph, "timeline")
    events = [local(r.event) for r in result]
    assert len(events) == len(set(events))
    # Every node typed with a class of kind "event" (model.py's reading of the
    # ontology, not the query's rdfs:subClassOf* path) is on the timeline.
    rules = read_model(graph)
    typed = {local(s) for s, c in graph.subject_objects(RDF.type)
             if isinstance(s, URIRef) and rules.kind_of(c) == EVENT}
    assert set(events) == typed
    starts = [str(r.start) for r in result if r.start is not None]
    assert starts == sorted(starts)
    assert events[:2] == ["2016-htin-kyaw-visits-to-russia", "2016-putin-meets-htin-kyaw"]
    assert events[-1] == "no-2-steel-mill-suspension"  # the one undated event, last
    # Partial dates stay partial, with their datatype.
    interview = next(r for r in result
                     if local(r.event) == "2021-03-min-aung-hlaing-interview-russian-news-agencies")
    assert interview.start == Literal("2021-03", datatype=XSD.gYearMonth)
    assert interview.approximate == Literal(True)


def test_offices_held(graph: Graph) -> None:
    fomin = rows(graph, "offices-held", actor="id:alexander-fomin")
    assert [(str(r.role), local(r.organization)) for r in fomin] == [
        ("deputy defense minister", "russia")]
    kasatonov = rows(graph, "offices-held", actor="Kasatonov")
    assert {(str(r.role), local(r.organization)) for r in kasatonov} == {
        ("deputy Commander-in-Chief", "russian-navy"),
        ("head of delegation", "russian-military-delegation-2021-10")}
    everyone = rows(graph, "offices-held")
    assert {"maung-maung-kyaw", "soe-win", "maung-maung-aye", "vladimir-putin"} <= column(
        everyone, "actor")
    # the offices are stated; whose country or navy they are in is read from context
    assert {(local(r.actor), str(r.role)) for r in everyone if r.inferred is not None} == {
        ("htin-kyaw", "former President"), ("myanmar-navy-chief", "navy chief")}


def test_claims_attributed_to_media(graph: Graph) -> None:
    result = rows(graph, "claims-attributed-to-media")
    assert {(local(r.statement), local(r.attributed_to)) for r in result} == {
        ("2021-08-russian-arms-sale", "russian-news-agencies"),
        ("2021-09-soe-win-talks-with-officials", "junta-controlled-newspapers"),
        ("claim-russian-businessmen-investment-interests", "junta-controlled-newspapers"),
    }
    arms = next(r for r in result if local(r.statement) == "2021-08-russian-arms-sale")
    assert "US$2.3 billion" in str(arms.what)
    assert "according to Russian news agencies" in str(arms.evidence)
    assert arms.controller_name is None
    newspapers = {str(r.controller_name) for r in result
                  if local(r.attributed_to) == "junta-controlled-newspapers"}
    assert newspapers == {"Myanmar military"}
    # The article's own voice (The Irrawaddy) is not a claim attributed to media.
    assert "the-irrawaddy" not in column(result, "attributed_to")


#: Every arms or military event of the article, and why (the query's basis column names
#: the rule; the data give the classes): read from the article, event by event.
ARTICLE_MILITARY_EVENTS = {
    # (1) by class: military actions, the arms sale, the parade
    "2021-05-kia-shoots-down-junta-helicopter": "military class",
    "2021-crackdown-on-anti-coup-protesters": "military class",
    "2021-08-russian-arms-sale": "military class",
    "2021-03-27-armed-forces-day-parade": "military class",
    # (2) a military body (or warship) takes part or is what it is about
    "2021-02-01-coup": "military party",
    "2021-international-condemnation-of-the-coup": "military party",
    "2021-06-un-general-assembly-arms-resolution": "military party",  # about the crackdown
    "2021-03-26-min-aung-hlaing-meets-fomin": "military party",  # about the two armies
    "2021-06-min-aung-hlaing-visits-military-academies": "military party",
    "2021-06-min-aung-hlaing-visits-arms-manufacturers": "military party",
    "2021-06-honorary-professorship": "military party",  # the Russian Military University
    "2021-06-russia-promises-cooperation": "military party",
    "2021-06-two-sides-vow-to-cement-ties": "military party",
    "2021-08-myanmar-military-delegation-trip": "military party",
    "2021-08-24-army-2021-forum": "military party",
    "2021-international-army-games": "military party",
    "2021-08-maung-maung-aye-talks-with-russian-army-officers": "military party",
    "2021-10-24-russian-military-delegation-visit-to-myanmar": "military party",
    "2021-10-science-and-technology-conference": "military party",
    "2021-10-28-gremyashiy-port-call": "military party",
    "2021-10-29-min-aung-hlaing-visits-gremyashiy": "military party",
    "2021-10-29-min-aung-hlaing-meets-kasatonov": "military party",
    "2021-10-no-2-steel-mill-restart": "military party",  # the junta as government
    # (3) a party holds a military office (a force's chief, a defence minister)
    "2021-03-26-fomin-visit-to-naypyitaw": "military office holder",  # deputy defense minister
    "2021-05-maung-maung-kyaw-goodwill-visit-to-russia": "military office holder",
    "2021-05-20-heli-russia-exhibition": "military office holder",  # the Air Force chief
    "2021-06-min-aung-hlaing-meets-russian-government-officials": "military office holder",
    "2021-06-russian-navy-chief-visit-to-myanmar": "military office holder",
    "2021-09-01-soe-win-visit-to-russia": "military office holder",  # deputy army chief
    "2021-09-soe-win-talks-with-officials": "military office holder",
    "2021-09-army-games-closing-ceremony": "military office holder",
    # (4) a part of such an event: the tank competition of the Army Games
    "2021-army-games-tank-competition": "part of: military party",
    # (5) a trip including such events: the coup leader's June visit (arms makers,
    # military academies, the Defense Minister, the Military University's honour)
    "2021-06-20-min-aung-hlaing-visit-to-russia": "includes: military party",
}


def test_arms_and_military_events_are_every_one_the_article_reports(graph: Graph) -> None:
    result = rows(graph, "arms-and-military-cooperation")
    found = {local(r.node): set(str(r.basis).split(", ")) for r in result}
    assert set(found) == set(ARTICLE_MILITARY_EVENTS)
    for node, basis in ARTICLE_MILITARY_EVENTS.items():
        assert basis in found[node], (node, found[node])
    # A political office does not make an event military (the coup leader's, the
    # junta's planning and finance minister's), a trip's other parts are not listed
    # for its military ones, and no keyword is read ("helicopter" plants in Kazan).
    assert not set(found) & {"2021-09-05-eastern-economic-forum",
                             "2021-06-min-aung-hlaing-visits-pharmaceutical-companies",
                             "2021-06-min-aung-hlaing-interview-ria",
                             "2021-06-min-aung-hlaing-visits-kazan-plants",
                             "2021-10-27-min-aung-hlaing-meets-russia-myanmar-association"}


def test_military_events_follow_the_ontology(graph: Graph) -> None:
    # A new event of a class under mmru:MilitaryEvent is listed with no other clue.
    extra = graph + Graph().parse(format="turtle", data="""
        @prefix schema: <https://schema.org/> .
        @prefix mmru: <https://w3id.org/mmru-graph/ontology#> .
        @prefix id: <https://w3id.org/mmru-graph/id/> .
        id:test-sale a mmru:ArmsSale ; schema:name "A sale" .
        id:test-talks a mmru:Talks ; schema:name "Talks" ; schema:attendee id:test-sale-x .
        """)
    found = column(rows(extra, "arms-and-military-cooperation"), "node")
    assert "test-sale" in found and "test-talks" not in found


def test_economic_cooperation(graph: Graph) -> None:
    found = column(rows(graph, "economic-cooperation"), "node")
    assert found == {
        "2021-03-min-aung-hlaing-interview-russian-news-agencies",
        "2021-06-min-aung-hlaing-talks-with-minnikhanov",
        "2021-06-min-aung-hlaing-visits-kazan-plants",
        "2021-06-min-aung-hlaing-visits-pharmaceutical-companies",
        "2021-09-05-eastern-economic-forum",
        "2021-09-05-talks-with-interstate-corporation-for-development",
        "2021-09-05-talks-with-russia-asean-economic-council",
        "2021-10-27-min-aung-hlaing-meets-russia-myanmar-association",
        "2021-10-financial-cooperation-committee-talks",
        "claim-russian-businessmen-investment-interests",
        "claim-coup-leader-relying-on-russia",
    }


def test_negative_statements(graph: Graph) -> None:
    result = rows(graph, "negative-statements")
    assert [(local(r.subject), local(r.object), r.denied_class) for r in result] == [
        ("vladimir-putin", "min-aung-hlaing", MMRU.Meeting)]
    assert "has never received the Snr. Gen." in str(result[0].evidence)


def test_accompaniments(graph: Graph) -> None:
    result = rows(graph, "accompaniments")
    assert {(local(r.companion), local(r.principal), bool(r.inferred)) for r in result} == {
        ("sitagu-sayadaw", "soe-win", False), ("myanmar-navy-chief", "min-aung-hlaing", False),
        ("maung-maung-kyaw", "min-aung-hlaing", True)}


def test_source_support_counts_annotated_nodes(graph: Graph) -> None:
    result = rows(graph, "source-support")
    assert column(result, "source") == {"source-irrawaddy-2021"}
    total = next(r for r in result if str(r["class"]) == "(all nodes)")
    bodies = {o for a in graph.subjects(RDF.type, OA.Annotation)
              for o in graph.objects(a, OA.hasBody)}
    annotations = set(graph.subjects(RDF.type, OA.Annotation))
    assert (int(total.nodes), int(total.annotations)) == (len(bodies), len(annotations))
    per_class = {str(r["class"]): int(r.nodes) for r in result}
    persons = {b for b in bodies if (b, RDF.type, URIRef("https://schema.org/Person")) in graph}
    assert per_class["https://schema.org/Person"] == len(persons) >= 15


# --------------------------------------------------------------------------
# A second engine: pyoxigraph gives the same answers
# --------------------------------------------------------------------------
#: Aggregated columns (GROUP_CONCAT) whose order inside the value is up to the engine.
CONCATENATED = {"evidence": " | ", "place": ", ", "parties": ", ", "basis": ", "}
XSD_STRING = str(XSD.string)
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@pytest.fixture(scope="module")
def oxigraph_store(graph: Graph):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"),
               format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _rdflib_term(term) -> tuple | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    assert isinstance(term, Literal)
    datatype = str(term.datatype) if term.datatype else (
        RDF_LANG_STRING if term.language else XSD_STRING)
    return ("literal", str(term), datatype, term.language)


def _oxigraph_term(term) -> tuple | None:
    import pyoxigraph
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return ("uri", term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return ("bnode",)
    return ("literal", term.value, term.datatype.value, term.language)


def _normalise(var: str, term: tuple | None):
    if term and var in CONCATENATED and term[0] == "literal":
        return ("concat", frozenset(term[1].split(CONCATENATED[var])))
    return term


PORTABLE = [
    ("who-met-whom", {}), ("meetings-of-actor", {"actor": ID["min-aung-hlaing"]}),
    ("visits-to-russia", {}), ("russian-visits-to-myanmar", {}),
    ("events-by-place", {"place": ID["russia"]}), ("timeline", {}),
    ("offices-held", {}), ("claims-attributed-to-media", {}),
    ("arms-and-military-cooperation", {}), ("economic-cooperation", {}),
    ("source-support", {}), ("negative-statements", {}), ("accompaniments", {}),
]


@pytest.mark.parametrize(("name", "params"), PORTABLE, ids=[n for n, _ in PORTABLE])
def test_same_rows_in_pyoxigraph(graph: Graph, oxigraph_store, name: str, params) -> None:
    import pyoxigraph

    named = next(q for q in list_named_queries() if q.name == name)
    ours = run_named_query(graph, name, params)
    variables = [str(v) for v in ours.vars]
    expected = Counter(
        tuple(_normalise(v, _rdflib_term(row.get(Variable(v)))) for v in variables)
        for row in ours.bindings)
    substitutions = {pyoxigraph.Variable(k): pyoxigraph.NamedNode(str(v))
                     for k, v in bind_parameters(graph, named, params).items()}
    theirs = oxigraph_store.query(named.text, substitutions=substitutions)
    assert [v.value for v in theirs.variables] == variables
    got = Counter(tuple(_normalise(v, _oxigraph_term(solution[v])) for v in variables)
                  for solution in theirs)
    assert got == expected
    assert sum(expected.values()) > 0


def test_timeline_order_is_the_same_in_pyoxigraph(graph: Graph, oxigraph_store) -> None:
    named = next(q for q in list_named_queries() if q.name == "timeline")
    ours = [str(r.event) for r in run_named_query(graph, "timeline")]
    theirs = [s["event"].value for s in oxigraph_store.query(named.text)]
    assert theirs == ours
