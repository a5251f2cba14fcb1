"""The data model, declared once as data and read by the rest of the code.

Which classes exist and what kind of thing each is, which events count as
direct contact, which statements become edges and how they are labelled:
everything a projection, a view or a query needs to know about the model
lives here, in the manner of followthemoney's schema files. Code elsewhere
looks these tables up instead of growing its own ``if`` chains.

The project's own classes and properties are also declared in
``graph/ontology.ttl`` (with labels, comments and their parent schema.org
terms); ``tests/test_model.py`` checks that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .namespaces import ID, MMRU, OA, ORG, PROV, RDF, RDFS, SCHEMA

# --------------------------------------------------------------------------
# Kinds: every node of the graph is one of these.
# --------------------------------------------------------------------------
PERSON: Final = "person"
ORGANIZATION: Final = "organization"
PLACE: Final = "place"
EVENT: Final = "event"
OTHER: Final = "other"

#: Order in which kinds win when a node has types of several kinds (the
#: Defense Services Academy is an organization and a place: it acts, so it
#: is an organization).
KIND_PRIORITY: Final = (PERSON, ORGANIZATION, EVENT, PLACE, OTHER)

#: The root class of each kind. A node's kind is found by walking
#: ``rdfs:subClassOf`` (from the ontology and ``SCHEMA_PARENTS``) to one of these.
KIND_ROOTS: Final = {
    SCHEMA.Person: PERSON,
    SCHEMA.Organization: ORGANIZATION,
    SCHEMA.Place: PLACE,
    SCHEMA.Event: EVENT,
}

#: The schema.org classes the data uses directly, with their schema.org
#: parents, so the kind of a node typed e.g. ``schema:Country`` is known
#: without loading all of schema.org.
SCHEMA_PARENTS: Final = {
    SCHEMA.Country: (SCHEMA.AdministrativeArea,),
    SCHEMA.State: (SCHEMA.AdministrativeArea,),
    SCHEMA.City: (SCHEMA.AdministrativeArea,),
    SCHEMA.AdministrativeArea: (SCHEMA.Place,),
    SCHEMA.CivicStructure: (SCHEMA.Place,),
    SCHEMA.Landform: (SCHEMA.Place,),
    SCHEMA.GovernmentOrganization: (SCHEMA.Organization,),
    SCHEMA.NewsMediaOrganization: (SCHEMA.Organization,),
    SCHEMA.EducationalOrganization: (SCHEMA.Organization, SCHEMA.CivicStructure),
    SCHEMA.CollegeOrUniversity: (SCHEMA.EducationalOrganization,),
    SCHEMA.Corporation: (SCHEMA.Organization,),
    SCHEMA.NGO: (SCHEMA.Organization,),
    SCHEMA.PoliticalParty: (SCHEMA.Organization,),
    SCHEMA.SportsTeam: (SCHEMA.SportsOrganization,),
    SCHEMA.SportsOrganization: (SCHEMA.Organization,),
    SCHEMA.ExhibitionEvent: (SCHEMA.Event,),
    SCHEMA.SportsEvent: (SCHEMA.Event,),
    SCHEMA.BusinessEvent: (SCHEMA.Event,),
    SCHEMA.EducationEvent: (SCHEMA.Event,),
    SCHEMA.PublicationEvent: (SCHEMA.Event,),
    SCHEMA.BroadcastEvent: (SCHEMA.PublicationEvent,),
    SCHEMA.Vehicle: (SCHEMA.Product,),
}

# --------------------------------------------------------------------------
# The project's classes: name -> (schema.org parent, label). The ontology
# file declares each with rdfs:label, rdfs:comment and rdfs:subClassOf.
# --------------------------------------------------------------------------
PROJECT_CLASSES: Final = {
    # organizations
    MMRU.ArmedForces: (SCHEMA.GovernmentOrganization, "armed forces or a branch of them"),
    MMRU.Ministry: (SCHEMA.GovernmentOrganization, "government ministry"),
    MMRU.Delegation: (SCHEMA.Organization, "delegation"),
    MMRU.ArmedGroup: (SCHEMA.Organization, "non-state armed group"),
    MMRU.InternationalBody: (SCHEMA.Organization, "international body"),
    MMRU.UnnamedGroup: (SCHEMA.Organization, "group the source names only generically"),
    # places
    MMRU.Facility: (SCHEMA.CivicStructure, "facility (port, jetty, plant, mill)"),
    # other things
    MMRU.Warship: (SCHEMA.Vehicle, "warship"),
    # events
    MMRU.Coup: (SCHEMA.Event, "coup d'état"),
    MMRU.Visit: (SCHEMA.Event, "visit or trip"),
    MMRU.SiteVisit: (MMRU.Visit, "visit to a site (plant, academy, company, ship)"),
    MMRU.Meeting: (SCHEMA.Event, "meeting"),
    MMRU.Talks: (MMRU.Meeting, "talks"),
    MMRU.Interview: (SCHEMA.Event, "interview"),
    MMRU.Conference: (SCHEMA.EducationEvent, "conference"),
    MMRU.Exhibition: (SCHEMA.ExhibitionEvent, "exhibition"),
    MMRU.Forum: (SCHEMA.BusinessEvent, "forum"),
    MMRU.Games: (SCHEMA.SportsEvent, "games"),
    MMRU.Competition: (SCHEMA.SportsEvent, "competition"),
    MMRU.Parade: (MMRU.MilitaryEvent, "parade"),
    MMRU.Ceremony: (SCHEMA.Event, "ceremony"),
    MMRU.HonoraryAward: (MMRU.Ceremony, "conferral of an honour"),
    MMRU.Resolution: (SCHEMA.Event, "adoption of a resolution"),
    MMRU.MilitaryEvent: (SCHEMA.Event, "arms or military event"),
    MMRU.MilitaryAction: (MMRU.MilitaryEvent, "military action (e.g. an aircraft shot down)"),
    MMRU.ArmsSale: (MMRU.MilitaryEvent, "arms sale"),
    MMRU.PortCall: (SCHEMA.Event, "a ship's stay in port"),
    MMRU.Broadcast: (SCHEMA.BroadcastEvent, "broadcast"),
    MMRU.Pledge: (SCHEMA.Event, "promise or pledge made"),
    MMRU.IndustrialProject: (SCHEMA.Event, "step in an industrial project (restart, suspension)"),
    MMRU.PublicReaction: (SCHEMA.Event, "public reaction"),
    # relationship and statement nodes (reified so each carries its evidence)
    MMRU.Position: (ORG.Membership, "office or membership held"),
    MMRU.Accompaniment: (PROV.Influence, "one actor accompanying another"),
    MMRU.Control: (PROV.Influence, "one organization controlling another"),
    MMRU.Claim: (SCHEMA.Claim, "claim attributed to someone"),
    MMRU.NegativeStatement: (SCHEMA.Claim, "the source's statement that something did not happen"),
}

#: Relationship nodes that the full projection folds into a single edge:
#: class -> (predicate to the edge's source, predicate to its target, fixed
#: label or None to use the node's ``schema:roleName``). Relationship nodes
#: whose classes are not here (claims, negative statements) stay attributes.
REIFIED_EDGES: Final = {
    MMRU.Position: (ORG.member, ORG.organization, None),
    MMRU.Accompaniment: (MMRU.companion, MMRU.principal, "accompanied"),
    MMRU.Control: (MMRU.controller, MMRU.controlled, "controls"),
}

# --------------------------------------------------------------------------
# Projection rules
# --------------------------------------------------------------------------
#: Kinds that are actors in the actor graph.
ACTOR_KINDS: Final = frozenset({PERSON, ORGANIZATION})

DIRECT: Final = "direct"
CO_ATTENDANCE: Final = "co-attendance"

#: How taking part in an event of a class links two actors. Classes not
#: listed (a coup, a resolution, an arms sale, a broadcast) link no actors:
#: taking part in them is not contact.
CONTACT_KIND: Final = {
    MMRU.Meeting: DIRECT,
    MMRU.Talks: DIRECT,
    MMRU.Interview: DIRECT,
    MMRU.HonoraryAward: DIRECT,
    MMRU.Visit: CO_ATTENDANCE,
    MMRU.SiteVisit: CO_ATTENDANCE,
    MMRU.Conference: CO_ATTENDANCE,
    MMRU.Exhibition: CO_ATTENDANCE,
    MMRU.Forum: CO_ATTENDANCE,
    MMRU.Games: CO_ATTENDANCE,
    MMRU.Competition: CO_ATTENDANCE,
    MMRU.Parade: CO_ATTENDANCE,
    MMRU.Ceremony: CO_ATTENDANCE,
    MMRU.PortCall: CO_ATTENDANCE,
}

#: Relationship classes whose two ends are never each other's counterparts
#: in the actor graph: a person and the delegation or force they hold an
#: office in attend events together as one party, not as two that met.
#: class -> (predicate to one end, predicate to the other).
NOT_COUNTERPARTS: Final = {
    MMRU.Position: (ORG.member, ORG.organization),
}

#: Weight an actor-graph edge gains per shared event of each contact kind.
CONTACT_WEIGHT: Final = {DIRECT: 1.0, CO_ATTENDANCE: 0.25}

#: Predicates from an event to the actors that took part in it.
PARTICIPATION: Final = (SCHEMA.attendee, SCHEMA.organizer, SCHEMA.agent)

#: Predicates that say a party took part in an event, for telling which
#: sides an event involves: the participants, and the parties of a sale or an
#: honour. Being what an event is *about* or *where* it happened is not
#: taking part.
TAKING_PART: Final = (*PARTICIPATION, MMRU.seller, MMRU.buyer, SCHEMA.recipient)


@dataclass(frozen=True)
class EdgeRule:
    """How one predicate appears as an edge of the full projection."""

    label: str
    inverse_label: str


#: Predicates that become edges in the full projection, with the label an
#: analyst reads ("Fomin — attended → Armed Forces Day parade").
EDGE_PREDICATES: Final = {
    SCHEMA.attendee: EdgeRule("attended by", "attended"),
    SCHEMA.organizer: EdgeRule("organized by", "organized"),
    SCHEMA.agent: EdgeRule("carried out by", "carried out"),
    MMRU.target: EdgeRule("directed at", "targeted by"),
    SCHEMA.location: EdgeRule("took place at", "place of"),
    SCHEMA.superEvent: EdgeRule("part of", "includes"),
    SCHEMA.containedInPlace: EdgeRule("located in", "contains"),
    SCHEMA.parentOrganization: EdgeRule("part of", "has part"),
    SCHEMA.about: EdgeRule("about", "subject of"),
    MMRU.seller: EdgeRule("sold by", "sold"),
    MMRU.buyer: EdgeRule("bought by", "bought"),
    SCHEMA.recipient: EdgeRule("received by", "received"),
    MMRU.vessel: EdgeRule("ship", "ship of"),
}

#: Predicates never drawn as edges: they describe a node, not a relation,
#: and drawing them would skew centrality (everything is typed, labelled and
#: derived from the one article).
ATTRIBUTE_PREDICATES: Final = frozenset({
    RDF.type, RDFS.label, RDFS.comment, SCHEMA.name, SCHEMA.alternateName,
    SCHEMA.description, SCHEMA.startDate, SCHEMA.endDate, PROV.wasDerivedFrom,
    PROV.wasAttributedTo, OA.hasBody, MMRU.side, MMRU.unnamed, MMRU.inferred,
    MMRU.inferredProperty, MMRU.dateApproximate, MMRU.dateNote, MMRU.noDateReason,
    MMRU.noPlaceReason,
})

#: ``mmru:side`` values and the short names the projection and view use.
#: An actor's ``mmru:side`` is the country node of the side it belongs to;
#: actors of any other country, or of none, are on the "other" side.
SIDE_NODES: Final = {ID.myanmar: "myanmar", ID.russia: "russia"}
SIDE_LABELS: Final = {"myanmar": "Myanmar", "russia": "Russia", "other": "other"}
