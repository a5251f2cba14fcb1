"""RDF terms between the backends and rdflib: Oxigraph's terms, SPARQL JSON terms.

Every backend hands the library rdflib terms, built the way rdflib's own
Turtle parser builds them (a plain string literal has no datatype, a
language-tagged one no datatype either), so the projections and analyses
see the same values, whichever store answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["BNODE", "LITERAL", "URI", "TermCache", "decode", "encode", "from_json",
           "oxigraph_term", "to_sparql"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


#: The kinds of a term in the project's marshal files (parse cache, build snapshot, links).
URI, LITERAL, BNODE = 0, 1, 2


def encode(term: Node) -> tuple[Any, ...]:
    """A term as a marshal-able tuple: ``(kind, value)``, a literal's with its
    datatype and language; :func:`decode` gives the same term back.

    >>> encode(Literal("1", datatype=URIRef("urn:t"))), encode(URIRef("urn:a"))
    ((1, '1', 'urn:t', None), (0, 'urn:a'))
    >>> decode(*encode(Literal("hi", lang="en")))
    rdflib.term.Literal('hi', lang='en')
    """
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else None
        return (LITERAL, str(term), datatype, term.language)
    if isinstance(term, BNode):
        return (BNODE, str(term))
    return (URI, str(term))


def trusted_iri(value: str) -> URIRef:
    """An IRI this tool wrote itself, as a ``URIRef`` without checking it again.

    ``URIRef(value)`` checks every IRI for characters that would break a
    serialiser, which is most of the cost of reading a million of them back
    from the build's own files; they were checked when first parsed.

    >>> trusted_iri("urn:a") == URIRef("urn:a"), type(trusted_iri("urn:a")).__name__
    (True, 'URIRef')
    """
    return str.__new__(URIRef, value)


def decode(kind: int, value: str, datatype: str | None = None,
           language: str | None = None) -> Node:
    """The term :func:`encode` wrote, exactly (no normalising)."""
    if kind == URI:
        return trusted_iri(value)
    if kind == LITERAL:
        return Literal(value, lang=language, datatype=trusted_iri(datatype) if datatype else None)
    return BNode(value)


def _literal(value: str, datatype: str | None, language: str | None) -> Literal:
    if language:
        return Literal(value, lang=language)
    if datatype is None or datatype in (_XSD_STRING, _LANG_STRING):
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


def from_json(term: Mapping[str, Any]) -> Node:
    """An rdflib term from a SPARQL 1.1 Query Results JSON term.

    Examples
    --------
    >>> from_json({"type": "uri", "value": "http://example.org/a"})
    rdflib.term.URIRef('http://example.org/a')
    >>> from_json({"type": "literal", "value": "2021",
    ...            "datatype": "http://www.w3.org/2001/XMLSchema#gYear"}).datatype
    rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear')
    >>> from_json({"type": "literal", "value": "Moscow", "xml:lang": "en"}).language
    'en'
    """
    kind = term.get("type")
    if kind == "uri":
        return URIRef(term["value"])
    if kind == "bnode":
        return BNode(term["value"])
    if kind in ("literal", "typed-literal"):
        return _literal(term["value"], term.get("datatype"), term.get("xml:lang"))
    raise ValueError(f"unknown SPARQL JSON term type {kind!r}")


class TermCache:
    """Converts Oxigraph terms to rdflib terms, each distinct term once.

    A large graph repeats the same IRIs and literals many times; building
    each rdflib term once keeps a bulk read at a dictionary lookup per term.
    """

    def __init__(self) -> None:
        self._terms: dict[Any, Node] = {}

    def __call__(self, term: Any) -> Node:
        found = self._terms.get(term)
        if found is None:
            found = self._terms[term] = self._convert(term)
        return found

    @staticmethod
    def _convert(term: Any) -> Node:
        import pyoxigraph as ox

        if isinstance(term, ox.NamedNode):
            # Oxigraph parsed it as an IRI (RFC 3987), which refuses every character
            # rdflib's check looks for: checking again cost a quarter of a bulk read.
            return trusted_iri(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if isinstance(term, ox.Literal):
            return _literal(term.value, term.datatype.value, term.language)
        raise ValueError(f"unsupported RDF term {term!r}")


def to_sparql(term: Node) -> str:
    """A term as SPARQL syntax (for ``VALUES``): ``<iri>``, ``"text"^^<type>``.

    Examples
    --------
    >>> to_sparql(URIRef("http://example.org/a"))
    '<http://example.org/a>'
    >>> to_sparql(Literal("say \\"hi\\""))
    '"say \\\\"hi\\\\""'
    """
    if isinstance(term, URIRef | Literal | BNode):
        return term.n3()
    raise ValueError(f"cannot write {term!r} as SPARQL")


def oxigraph_term(node: Node) -> Any:
    """The pyoxigraph term of an rdflib term (IRI, blank node or literal)."""
    import pyoxigraph as ox

    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    raise TypeError(f"{node!r}: not an RDF term that can be written")
