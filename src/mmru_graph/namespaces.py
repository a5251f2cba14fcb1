"""The RDF namespaces the project writes and reads, declared once.

Entities live under ``ID`` (``https://w3id.org/mmru-graph/id/``), project terms
under ``MMRU`` (``https://w3id.org/mmru-graph/ontology#``). Standard terms come
from schema.org (``https://schema.org/``, as rdflib's ``SDO``), the W3C Web
Annotation vocabulary, PROV-O and the W3C Organization ontology.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
MMRU = Namespace("https://w3id.org/mmru-graph/ontology#")
ID = Namespace("https://w3id.org/mmru-graph/id/")

#: Prefixes bound on every graph the project creates, so that serialisations
#: (Turtle, JSON-LD, SPARQL output) use the same short names everywhere.
PREFIXES: dict[str, Namespace] = {
    "schema": SCHEMA,
    "oa": OA,
    "prov": Namespace(str(PROV)),
    "org": Namespace(str(ORG)),
    "dcterms": DCTERMS,
    "mmru": MMRU,
    "id": ID,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "sh": Namespace(str(SH)),
    "skos": Namespace(str(SKOS)),
}

__all__ = ["DCTERMS", "ID", "MMRU", "OA", "ORG", "PREFIXES", "PROV", "RDF", "RDFS", "SCHEMA",
           "SH", "SKOS", "XSD"]
