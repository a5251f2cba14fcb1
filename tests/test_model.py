"""The model, once: the ontology declares it, model.py reads it, shapes and data agree.

- ``model.read_model`` reads the ontology's annotations (kinds, contact
  classes and weights, edge labels, relationship edges) and the data's sides;
  every event class has a kind and, where the article implies contact, the
  rule the analyst expects (checked against expectations written here, not
  against a second copy of the model);
- every ``mmru:`` term the data uses is declared; every project class reaches
  a standard root;
- every class the data uses is targeted by a SHACL shape (directly or through
  a superclass), every shape speaks to the analyst (``sh:message``);
- the real graph conforms to the shapes, and the shapes catch what they are
  for (each rule broken once on a copy of the graph).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, SH, XSD

from mmru_graph import actor_graph, entity_card, explain_paths, load_graph, model
from mmru_graph.namespaces import ID, MMRU, OA, ORG, RDF, RDFS, SCHEMA, TURTLE_PREFIXES
from mmru_graph.store.loading import new_graph

GRAPH_DIR = Path(__file__).resolve().parents[1] / "graph"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_graph(files=[GRAPH_DIR / "ontology.ttl"])


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_graph(files=[GRAPH_DIR / "shapes.ttl"])


@pytest.fixture(scope="module")
def data() -> Graph:
    """Sources and curated data, without the ontology."""
    files = sorted((GRAPH_DIR / "sources").glob("*.ttl"))
    files += sorted((GRAPH_DIR / "data").glob("**/*.ttl"))
    return load_graph(files=files)


def superclasses(graph: Graph, cls: URIRef) -> set:
    """``cls`` and everything above it through rdfs:subClassOf."""
    return set(graph.transitive_objects(cls, RDFS.subClassOf))


# --------------------------------------------------------------------------
# model.py reads ontology.ttl
# --------------------------------------------------------------------------
def project_classes(ontology: Graph) -> set[URIRef]:
    return {c for c in ontology.subjects(RDF.type, OWL.Class) if c.startswith(str(MMRU))}


#: What an analyst expects of each event class (docs/data-model.md): its
#: contact kind, or None when taking part in it is not contact.
EXPECTED_CONTACT = {
    MMRU.Meeting: "direct", MMRU.Talks: "direct", MMRU.Interview: "direct",
    MMRU.HonoraryAward: "direct", MMRU.Visit: "co-attendance", MMRU.SiteVisit: "co-attendance",
    MMRU.Conference: "co-attendance", MMRU.Exhibition: "co-attendance",
    MMRU.Forum: "co-attendance", MMRU.Games: "co-attendance",
    MMRU.Competition: "co-attendance", MMRU.Parade: "co-attendance",
    MMRU.Ceremony: "co-attendance", MMRU.PortCall: "co-attendance",
    MMRU.Coup: None, MMRU.Resolution: None, MMRU.MilitaryAction: None, MMRU.ArmsSale: None,
    MMRU.Broadcast: None, MMRU.Pledge: None, MMRU.IndustrialProject: None,
    MMRU.PublicReaction: None,
}


def test_the_model_is_read_from_the_ontology(ontology: Graph) -> None:
    rules = model.read_model(ontology)
    assert {rules.contact_kind(c) for c in EXPECTED_CONTACT} == {"direct", "co-attendance", None}
    for cls, expected in EXPECTED_CONTACT.items():
        assert rules.kind_of(cls) == "event", cls
        assert rules.contact_kind(cls) == expected, cls
    assert rules.contact_weights == {"direct": 1.0, "co-attendance": 0.25}
    assert rules.kind_of(MMRU.ArmedForces) == "organization"
    assert rules.kind_of(SCHEMA.CollegeOrUniversity) == "organization"  # and a place
    assert rules.kind_of(MMRU.Facility) == rules.kind_of(SCHEMA.Country) == "place"
    assert rules.kind_of(MMRU.Warship) == rules.kind_of(MMRU.Claim) == "other"
    assert rules.edges[SCHEMA.attendee] == model.EdgeRule("attended by", "attended")
    assert rules.relations[MMRU.Accompaniment] == model.RelationRule(
        MMRU.companion, MMRU.principal, "accompanied")
    assert rules.relations[MMRU.Position].label is None  # the office's own role name


def test_every_event_class_is_in_the_expectations(ontology: Graph) -> None:
    """A new event class must say whether it is contact (add it to EXPECTED_CONTACT)."""
    rules = model.read_model(ontology)
    events = {c for c in project_classes(ontology) if rules.kind_of(c) == "event"}
    # the abstract classes above events (never used on a node) have no expectation
    abstract = {MMRU.DirectContact, MMRU.CoAttendance, MMRU.MilitaryEvent}
    assert events - abstract == set(EXPECTED_CONTACT)


def test_the_package_ontology_is_the_graph_ontology(ontology: Graph) -> None:
    """A graph without an ontology of its own is read with the same model."""
    assert model.read_model(Graph()) == model.read_model(ontology)


#: A graph with its own ontology: the package's, plus a new edge property, a
#: new relationship class whose ends are one party, and data using both.
NEW_RULES = TURTLE_PREFIXES + """
mmru:lentTo a owl:ObjectProperty ; mmru:edgeLabel "lent to" ; mmru:inverseEdgeLabel "lent by" ;
    mmru:edgeSentence "{source} lent a ship to {target}" ;
    mmru:inverseEdgeSentence "{target} borrowed a ship from {source}" .
mmru:Command a owl:Class ; rdfs:subClassOf org:Membership ;
    mmru:edgeSource mmru:commander ; mmru:edgeTarget mmru:force ; mmru:edgeLabel "commands" ;
    mmru:edgeSentence "{source} is in command of {target}" ;
    mmru:inverseEdgeSentence "{target} is under the command of {source}" ; mmru:oneParty true .
id:navy a mmru:ArmedForces ; schema:name "Peruvian Navy" ; mmru:lentTo id:army .
id:army a mmru:ArmedForces ; schema:name "Chilean Army" .
id:luis a schema:Person ; schema:name "Luis Quispe" .
id:luis-navy a mmru:Command ; mmru:commander id:luis ; mmru:force id:navy .
id:parade a mmru:Parade ; schema:name "Parade" ; schema:attendee id:luis, id:navy, id:army .
"""


def own_model_graph(extra: str) -> Graph:
    graph = new_graph()
    graph += model.package_ontology()
    return graph.parse(data=extra, format="turtle")


def test_a_new_relation_is_told_and_drawn_from_the_ontology_alone() -> None:
    """An edge property and a relationship class added as data: no code names them."""
    graph = own_model_graph(NEW_RULES)
    rules = model.read_model(graph)
    assert rules.sentences[MMRU.lentTo] == ("{source} lent a ship to {target}",
                                            "{target} borrowed a ship from {source}")
    assert rules.one_party == {MMRU.Position: (ORG.member, ORG.organization),
                               MMRU.Command: (MMRU.commander, MMRU.force)}
    [path] = explain_paths(graph, "Chilean Army", "Luis Quispe", via="full")
    assert [hop.sentence for hop in path.hops] == [
        "Chilean Army borrowed a ship from Peruvian Navy",
        "Peruvian Navy is under the command of Luis Quispe"]
    card = entity_card(graph, "Peruvian Navy")
    assert "Peruvian Navy lent a ship to Chilean Army" in [r["sentence"] for r in card.relations]
    # One party: the commander and his force never met at the parade; both met the army.
    actors = actor_graph(graph)
    luis, navy, army = (str(ID[s]) for s in ("luis", "navy", "army"))
    assert not actors.has_edge(luis, navy)
    assert actors.has_edge(luis, army) and actors.has_edge(navy, army)


def test_which_of_two_equal_paths_does_not_follow_the_hash_seed() -> None:
    """Army to Luis: through the navy or through the parade, both two hops. The one
    shown first is the same in every process, whatever its string hashes."""
    import subprocess
    import sys

    code = ("from test_model import own_model_graph, NEW_RULES\n"
            "from mmru_graph import explain_paths\n"
            "paths = explain_paths(own_model_graph(NEW_RULES), 'Chilean Army', 'Luis Quispe',"
            " via='full', k=2)\n"
            "print([[hop.sentence for hop in path.hops] for path in paths])\n")
    answers = {subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)},
                              capture_output=True, text=True, check=True, timeout=120).stdout
               for seed in range(1, 7)}
    assert len(answers) == 1, answers
    assert "Chilean Army attended Parade" in answers.pop()


def test_without_one_party_the_ends_are_counterparts() -> None:
    graph = own_model_graph(NEW_RULES.replace("; mmru:oneParty true", ""))
    assert MMRU.Command not in model.read_model(graph).one_party
    assert actor_graph(graph).has_edge(str(ID.luis), str(ID.navy))


def test_a_relation_without_a_sentence_reads_its_caption() -> None:
    """From either end, the caption in the statement's direction (never the opposite)."""
    graph = own_model_graph(NEW_RULES.replace(
        'mmru:edgeSentence "{source} is in command of {target}" ;', "").replace(
        'mmru:inverseEdgeSentence "{target} is under the command of {source}" ;', ""))
    for one, other in (("Luis Quispe", "Peruvian Navy"), ("Peruvian Navy", "Luis Quispe")):
        [path] = explain_paths(graph, one, other, via="full")
        assert path.hops[0].sentence == "Luis Quispe commands Peruvian Navy"


def test_a_relation_with_one_sentence_reads_it_from_both_ends() -> None:
    graph = own_model_graph(NEW_RULES.replace(
        'mmru:inverseEdgeSentence "{target} is under the command of {source}" ;', ""))
    [path] = explain_paths(graph, "Peruvian Navy", "Luis Quispe", via="full")
    assert path.hops[0].sentence == "Luis Quispe is in command of Peruvian Navy"


def test_every_sentence_of_the_ontology_names_both_ends(ontology: Graph) -> None:
    rules = model.read_model(ontology)
    drawn = set(rules.edges) | set(rules.relations)
    assert set(rules.sentences) == drawn  # every edge is told as a sentence
    for edge, templates in rules.sentences.items():
        for template in templates:
            assert template.count("{source}") == template.count("{target}") == 1, edge
            assert not re.sub(r"\{(source|target|label)\}", "", template).count("{"), edge


def test_sides_come_from_the_data(data: Graph) -> None:
    assert [(s.key, s.label) for s in model.read_sides(data)] == [
        ("myanmar", "Myanmar"), ("russia", "Russia")]


def test_every_project_class_is_documented(ontology: Graph) -> None:
    for cls in project_classes(ontology):
        assert len(list(ontology.objects(cls, RDFS.label))) == 1, cls
        assert len(list(ontology.objects(cls, RDFS.comment))) == 1, cls
        assert list(ontology.objects(cls, RDFS.subClassOf)), cls


def test_every_project_class_reaches_a_standard_root(ontology: Graph) -> None:
    for cls in project_classes(ontology):
        above = superclasses(ontology, cls)
        assert any(not c.startswith(str(MMRU)) for c in above), cls


def test_ontology_has_a_header_and_no_blank_nodes(ontology: Graph) -> None:
    assert (URIRef("https://w3id.org/mmru-graph/ontology"), RDF.type, OWL.Ontology) in ontology
    assert not any(isinstance(t, BNode) for triple in ontology for t in triple)


# --------------------------------------------------------------------------
# data <-> ontology
# --------------------------------------------------------------------------
def test_every_mmru_term_used_in_data_is_declared(ontology: Graph, data: Graph) -> None:
    used = {p for _, p, _ in data if p.startswith(str(MMRU))}
    used |= {o for _, o in data.subject_objects(RDF.type) if o.startswith(str(MMRU))}
    used |= {o for _, _, o in data if isinstance(o, URIRef) and o.startswith(str(MMRU))}
    assert used, "the data uses no mmru: term?"
    for term in used:
        assert (term, RDFS.label, None) in ontology, f"{term} has no rdfs:label"
        assert (term, RDFS.comment, None) in ontology, f"{term} has no rdfs:comment"


def test_every_declared_property_is_typed_and_documented(ontology: Graph) -> None:
    properties = {s for s in ontology.subjects(RDF.type, None)
                  if s.startswith(str(MMRU)) and s not in project_classes(ontology)}
    assert {MMRU.side, MMRU.unnamed, MMRU.inferred, MMRU.inferredProperty, MMRU.companion,
            MMRU.textFile} <= properties
    # one inference mechanism: the place-only flag it replaced is gone
    assert (MMRU.inferredContainment, None, None) not in ontology
    for prop in properties:
        kinds = set(ontology.objects(prop, RDF.type))
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}, prop
        assert (prop, RDFS.label, None) in ontology and (prop, RDFS.comment, None) in ontology


def test_refined_properties_point_to_standard_terms(ontology: Graph) -> None:
    assert (MMRU.seller, RDFS.subPropertyOf, SCHEMA.seller) in ontology
    assert (MMRU.buyer, RDFS.subPropertyOf, SCHEMA.buyer) in ontology
    assert (MMRU.companion, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#agent")) \
        in ontology


def test_every_class_used_in_data_is_declared(ontology: Graph, data: Graph) -> None:
    standard_roots = {OA.Annotation, OA.SpecificResource, OA.TextQuoteSelector,
                      OA.TextPositionSelector}
    for cls in set(data.objects(None, RDF.type)) - standard_roots:
        assert (cls, RDF.type, OWL.Class) in ontology, f"{cls} is not declared in the ontology"


# --------------------------------------------------------------------------
# data <-> shapes
# --------------------------------------------------------------------------
def test_every_class_in_use_has_a_shape(graph: Graph, data: Graph, shapes: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    used = set(data.objects(None, RDF.type))
    assert {SCHEMA.Person, MMRU.Meeting, MMRU.Position, OA.Annotation} <= used
    for cls in used:
        assert superclasses(graph, cls) & targeted, f"no shape targets {cls} or a superclass"


def test_every_shape_has_a_message(shapes: Graph) -> None:
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(node_shapes) >= 15
    for shape in node_shapes:
        assert (shape, SH.message, None) in shapes, shape
        for prop in shapes.objects(shape, SH.property):
            assert (prop, SH.message, None) in shapes, (shape, shapes.value(prop, SH.path))


def validate(graph: Graph, shapes: Graph) -> tuple[bool, set[tuple[str, str]]]:
    """pyshacl over data+ontology, shapes apart; returns (conforms, {(focus, message)})."""
    import pyshacl

    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=None,
                                            inference="none")
    found = {(str(results.value(r, SH.focusNode)), str(results.value(r, SH.resultMessage)))
             for r in results.subjects(RDF.type, SH.ValidationResult)}
    return conforms, found


def test_the_graph_conforms_to_its_shapes(graph: Graph, shapes: Graph) -> None:
    conforms, found = validate(graph, shapes)
    assert conforms, sorted(found)


#: The shapes are checked on a small conforming graph: two of the multi-source
#: fixture corpus' invented sources (alpha and gamma: they do not contradict each
#: other) with the real ontology, plus one office quoted by gamma.
MULTI = Path(__file__).resolve().parent / "fixtures" / "multi_source"
MEETING = ID["2022-09-07-kyaw-zin-oo-meets-petrov"]
VISIT = ID["2022-02-kyaw-zin-oo-visit-to-russia"]
PERSON = ID["kyaw-zin-oo"]
POSITION = ID["position-petrov-president"]
MEETING_POS = ID["ev-gamma-meeting-pos"]
OFFICE = TURTLE_PREFIXES + """
id:position-petrov-president a mmru:Position ; org:member id:ivan-petrov ;
    org:organization id:russia ; schema:roleName "President" ;
    prov:wasDerivedFrom id:source-fixture-gamma .
id:ev-gamma-meeting oa:hasBody id:position-petrov-president .
"""


@pytest.fixture(scope="module")
def small_world() -> Graph:
    files = [GRAPH_DIR / "ontology.ttl", MULTI / "data" / "entities.ttl",
             *sorted((MULTI / "sources").glob("*.ttl")),
             MULTI / "data" / "source-fixture-alpha" / "facts.ttl",
             MULTI / "data" / "source-fixture-gamma" / "facts.ttl"]
    graph = new_graph()
    graph += load_graph(files=files)
    graph.remove((ID["hla-tun"], None, None))  # beta's, whose facts are left out
    return graph.parse(data=OFFICE, format="turtle")


def test_the_small_graph_conforms_to_the_shapes(small_world: Graph, shapes: Graph) -> None:
    conforms, found = validate(small_world, shapes)
    assert conforms, sorted(found)


def _drop(*patterns):
    def change(g: Graph) -> None:
        for pattern in patterns:
            assert list(g.triples(pattern)), pattern  # something to drop
            g.remove(pattern)
    return change


def _add(*triples):
    def change(g: Graph) -> None:
        for triple in triples:
            g.add(triple)
    return change


BROKEN = {
    "event without date or reason": (
        _drop((MEETING, SCHEMA.startDate, None)), MEETING,
        "schema:startDate or an mmru:noDateReason"),
    "event without place or reason": (
        _drop((MEETING, SCHEMA.location, None)), MEETING,
        "schema:location or an mmru:noPlaceReason"),
    "event without participant": (
        _drop((MEETING, SCHEMA.attendee, None)), MEETING, "at least one participant"),
    "event without evidence": (
        _drop((None, OA.hasBody, MEETING)), MEETING, "needs evidence"),
    "date as a plain string": (
        _add((MEETING, SCHEMA.endDate, Literal("8 September 2022"))), MEETING,
        "schema:endDate"),
    "place as a literal": (
        _add((MEETING, SCHEMA.location, Literal("Vladivostok"))), MEETING, "never a literal"),
    "approximate date without note": (
        _add((VISIT, MMRU.dateApproximate, Literal(True))), None, None),
    "two names": (
        _add((PERSON, SCHEMA.name, Literal("Kyaw"))), PERSON, "exactly one schema:name"),
    "office without role": (
        _drop((POSITION, SCHEMA.roleName, None)), POSITION, "schema:roleName"),
    "negative offset": (
        _add((MEETING_POS, OA.start, Literal(-1, datatype=XSD.integer))), MEETING_POS,
        "oa:start"),
    "inference without comment": (
        _add((POSITION, MMRU.inferred, Literal(True))), POSITION, "explaining the inference"),
    "inferred property without comment": (
        _add((POSITION, MMRU.inferredProperty, SCHEMA.startDate)), POSITION,
        "explaining the inference"),
    "inferred property as a literal": (
        _add((POSITION, MMRU.inferredProperty, Literal("organization")),
             (POSITION, RDFS.comment, Literal("The country is read from context."))),
        POSITION, "by its IRI"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_shapes_catch_broken_data(small_world: Graph, shapes: Graph, case: str) -> None:
    change, focus, message = BROKEN[case]
    broken = Graph()
    broken += small_world
    change(broken)
    conforms, found = validate(broken, shapes)
    if focus is None:
        # the visit's dateNote already explains its date: still conforms
        assert conforms, sorted(found)
        broken.remove((VISIT, MMRU.dateNote, None))
        conforms, found = validate(broken, shapes)
        focus, message = VISIT, "mmru:dateNote"
    assert not conforms
    assert any(f == str(focus) and message in m for f, m in found), sorted(found)
