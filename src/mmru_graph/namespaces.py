"""The RDF namespaces the project writes and reads, declared once.

Entities live under ``ID`` (``https://w3id.org/mmru-graph/id/``), project terms
under ``MMRU`` (``https://w3id.org/mmru-graph/ontology#``). Standard terms come
from schema.org (``https://schema.org/``, as rdflib's ``SDO``), the W3C Web
Annotation vocabulary, PROV-O and the W3C Organization ontology.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Namespace, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

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

#: The same prefixes as Turtle ``@prefix`` lines, for parsing a snippet:
#: ``new_graph().parse(format="turtle", data=TURTLE_PREFIXES + "id:a schema:name 'A' .")``
#: (the doctests build their tiny graphs this way).
TURTLE_PREFIXES = "".join(f"@prefix {prefix}: <{namespace}> .\n"
                          for prefix, namespace in PREFIXES.items())

__all__ = ["DCTERMS", "ID", "MMRU", "OA", "ORG", "PREFIXES", "PROV", "RDF", "RDFS", "SCHEMA",
           "SH", "SKOS", "TURTLE_PREFIXES", "XSD", "local_name", "prefixed"]



def prefixed(term: Node) -> str:
    """The short form of an IRI with the project's prefixes (``id:russia``).

    Unlike rdflib's ``qname``, local names may start with a digit, as the
    project's dated event slugs do. Literals and IRIs outside the known
    namespaces keep their N-Triples form.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, SCHEMA
    >>> prefixed(ID["2021-03-27-armed-forces-day-parade"])
    'id:2021-03-27-armed-forces-day-parade'
    >>> prefixed(SCHEMA.name)
    'schema:name'
    >>> prefixed(URIRef("http://example.org/x"))
    '<http://example.org/x>'
    """
    if isinstance(term, URIRef):
        iri = str(term)
        best = max((p for p, ns in PREFIXES.items() if iri.startswith(str(ns))),
                   key=lambda p: len(str(PREFIXES[p])), default=None)
        if best is not None:
            local = iri[len(str(PREFIXES[best])):]
            if local and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*", local) \
                    and not local.endswith("."):
                return f"{best}:{local}"
    return str(term.n3())


def local_name(node_id: Any) -> str:
    """The last segment of an IRI (after ``/`` or ``#``), or the whole text.

    Examples
    --------
    >>> local_name("https://schema.org/Person")
    'Person'
    >>> local_name("http://www.w3.org/ns/oa#Annotation")
    'Annotation'
    """
    text = str(node_id)
    return re.split(r"[/#]", text.rstrip("/#"))[-1] or text
