"""The arms-and-military named query's rule, on a tiny invented graph (library test).

The query decides from classes alone (graph/ontology.ttl): an event's class
(``mmru:MilitaryEvent``), a party of a military class (``mmru:MilitaryBody``:
armed forces, arms makers, military schools, ...) or a body of one, a party
holding a ``mmru:MilitaryOffice``; then the parts of such events and the trips
including them, one step each way. rdflib and pyoxigraph must agree.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from mmru_graph.model import package_ontology
from mmru_graph.namespaces import ID, TURTLE_PREFIXES
from mmru_graph.sparql.named import list_named_queries, run_named_query
from mmru_graph.store.loading import new_graph

QUERY = "arms-and-military-cooperation"

#: TEST DATA, not news: two invented countries, one trip with parts of each kind.
RURITANIA = TURTLE_PREFIXES + """
id:ruritania a schema:Country ; schema:name "Ruritania" .
id:ruritanian-navy a mmru:ArmedForces ; schema:name "Ruritanian Navy" .
id:navy-band a schema:Organization ; schema:name "Navy band" ;
    schema:parentOrganization id:ruritanian-navy .
id:gunworks a mmru:UnnamedGroup, mmru:ArmsMaker ; schema:name "arms makers (Ruritania)" .
id:cadet-school a schema:CollegeOrUniversity, mmru:MilitaryAcademy ; schema:name "Cadet School" .
id:dairy a mmru:UnnamedGroup ; schema:name "dairy farms" .

id:admiral a schema:Person ; schema:name "Admiral Vos" .
id:admiral-office a mmru:Position, mmru:MilitaryOffice ; org:member id:admiral ;
    org:organization id:ruritanian-navy ; schema:roleName "Navy chief" .
id:leader a schema:Person ; schema:name "Leader Kral" .
# A political office over the armed forces is not a military office.
id:leader-office a mmru:Position ; org:member id:leader ;
    org:organization id:ruritanian-navy ; schema:roleName "junta leader" .

id:trip a mmru:Visit ; schema:name "Kral's trip" ; schema:attendee id:leader .
id:gunworks-visit a mmru:SiteVisit ; schema:name "Kral visits arms makers" ;
    schema:superEvent id:trip ; schema:attendee id:leader, id:gunworks .
id:dairy-visit a mmru:SiteVisit ; schema:name "Kral visits dairy farms" ;
    schema:superEvent id:trip ; schema:attendee id:leader, id:dairy .
id:school-visit a mmru:SiteVisit ; schema:name "Kral visits the Cadet School" ;
    schema:attendee id:leader ; schema:organizer id:cadet-school .
id:fair a mmru:Exhibition ; schema:name "Boat fair" ; schema:attendee id:admiral .
id:fair-dinner a mmru:Meeting ; schema:name "Fair dinner" ; schema:superEvent id:fair ;
    schema:attendee id:leader .
id:concert a mmru:Ceremony ; schema:name "Concert" ; schema:attendee id:navy-band .
id:sale a mmru:ArmsSale ; schema:name "A sale" ; mmru:seller id:ruritania .
id:harvest a mmru:Ceremony ; schema:name "Harvest festival" ; schema:attendee id:leader .
"""

EXPECTED = {
    "sale": {"military class"},
    "concert": {"military party"},  # a body of the navy takes part
    "gunworks-visit": {"military party"},  # an arms maker
    "school-visit": {"military party"},  # a military school holds it
    "fair": {"military office holder"},  # the Navy chief attends: in that capacity
    "fair-dinner": {"part of: military office holder"},
    "trip": {"includes: military party"},
}


@pytest.fixture(scope="module")
def ruritania() -> Graph:
    graph = new_graph().parse(format="turtle", data=RURITANIA)
    return graph + package_ontology()  # the query follows the ontology's classes


def _found(ruritania: Graph) -> dict[str, set[str]]:
    return {str(r.node).removeprefix(str(ID)): set(str(r.basis).split(", "))
            for r in run_named_query(ruritania, QUERY)}


def test_the_rule_lists_events_by_class_party_office_part_and_whole(ruritania: Graph) -> None:
    found = _found(ruritania)
    assert found == EXPECTED
    # Not listed: what the junta leader does in his political office (the harvest
    # festival), and the trip's other part (the dairy farms), though the trip is.
    assert not {"harvest", "dairy-visit"} & set(found)


def test_an_office_class_below_military_office_counts(ruritania: Graph) -> None:
    """A class the data adds below mmru:MilitaryOffice inherits the rule (rdfs:subClassOf*)."""
    extra = ruritania + new_graph().parse(format="turtle", data=TURTLE_PREFIXES + """
        id:GeneralStaffOffice rdfs:subClassOf mmru:MilitaryOffice .
        id:staff-office a mmru:Position, id:GeneralStaffOffice ; org:member id:leader ;
            org:organization id:ruritanian-navy ; schema:roleName "chief of staff" .
        """)
    found = _found(extra)
    assert found["harvest"] == {"military office holder"}
    # Now the trip's parts are military by the office, each on its own footing.
    assert "military office holder" in found["dairy-visit"]


def test_the_same_rows_in_pyoxigraph(ruritania: Graph) -> None:
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(ruritania.serialize(format="nt").encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    text = next(q for q in list_named_queries() if q.name == QUERY).text
    theirs = {s["node"].value.removeprefix(str(ID)): set(s["basis"].value.split(", "))
              for s in store.query(text)}
    assert theirs == _found(ruritania) == EXPECTED
