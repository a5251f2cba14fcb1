"""Parse a graph directory's Turtle with pyoxigraph and add it to rdflib in bulk.

rdflib's Turtle parser is pure Python: about 90 µs a triple, three minutes of a
two-million-triple build. pyoxigraph's (Rust) reads the same file in about a
microsecond a triple, and it already reads every file once to check its syntax
strictly (:mod:`mmru_graph.store.syntax`). :func:`add_turtle` keeps what it
parsed: it converts each distinct term to rdflib's once (IRIs and short
literals are shared through a cache, which also saves memory) and adds the
triples to the store in one call (:func:`mmru_graph.store.bulk.add_triples`).

The graph must come out exactly as rdflib's own parser makes it: the same
triples, the same literals (lexical form, datatype, language tag), blank nodes
fresh for each file, the file's prefixes bound in the same order. Where
pyoxigraph and rdflib read a file differently, :func:`add_turtle` declines
(returns ``False``, having added nothing) and the caller parses the file with
rdflib as before; so does any file pyoxigraph rejects, so every error message
stays what rdflib's path reports. It declines:

- any file that is not Turtle (``.trig`` and ``.nq`` keep rdflib's placement of graphs);
- an IRI written relative (resolution against the file's URI differs at the edges);
- a language tag with a capital (pyoxigraph lower-cases it, rdflib keeps it);
- an ``xsd:string`` datatype written out (pyoxigraph drops it, rdflib keeps it);
- a number whose shorthand (``007``, ``.5``) rdflib would rewrite differently
  from the typed literal pyoxigraph reports;
- RDF 1.2 triple terms or directional language tags, and anything unexpected.

These checks are on the raw bytes and may decline a file that would have been
fine (a ``<`` inside a quote, say): that costs time, never a difference.
Nothing is fetched: pyoxigraph is given the file's ``file:`` URI as base and
reads no remote document.
"""

from __future__ import annotations

import re
import weakref
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef

__all__ = ["add_turtle", "parse_context"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"

# `<` not followed by a scheme: a relative IRI (or a `<` in a string: declined too).
_RELATIVE_IRI = re.compile(rb"<(?![A-Za-z][A-Za-z0-9+.\-]*:)")
# A language tag with a capital right after a string's closing quote.
_CAPITAL_TAG = re.compile(rb"[\"']@[A-Za-z0-9\-]*[A-Z]")
# A datatype written out that ends in "string" (xsd:string, or any such name).
_STRING_TYPE = re.compile(rb"\^\^\s*\S*string")
# The prefix directives in the order rdflib binds them.
_PREFIX = re.compile(rb"(?:@prefix|(?i:prefix))\s+([^\s:]*):\s*<([^>]*)>")

#: Terms already converted, per store (so the cache lives as long as the graph):
#: IRI text -> URIRef, (text, datatype, language) -> Literal.
_CACHES: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()
#: A cache is emptied past this many entries (its memory stays bounded).
_CACHE_LIMIT = 2_000_000
#: Literals longer than this are not cached: quotes are seldom repeated.
_SHORT = 80


class _Decline(Exception):
    """The file must be parsed by rdflib."""


def _number_agrees(value: str, datatype: str) -> bool:
    """Whether rdflib reads ``value`` the same written as a shorthand number and as a
    typed literal (its parser rewrites shorthands: ``007`` becomes ``"7"``)."""
    try:
        if datatype == _XSD + "integer":
            shorthand = str(int(value))
        elif datatype == _XSD + "decimal":
            shorthand = str(Decimal(value))
            shorthand = "0" if shorthand == "-0" else shorthand
        elif datatype == _XSD + "double":
            shorthand = str(float(value))
        else:
            return True
    except (ValueError, InvalidOperation):
        return True  # not a shorthand's syntax: written typed, read alike
    if shorthand == value:  # the same text, so the same literal: nothing to build
        return True
    typed = URIRef(datatype)
    return str(Literal(shorthand, datatype=typed)) == str(Literal(value, datatype=typed))


def _literal(term: Any, terms: dict[Any, Any]) -> Literal:
    value = term.value
    language = term.language
    datatype = term.datatype.value
    key = (value, datatype, language)
    found = terms.get(key)
    if found is not None:
        return found
    if getattr(term, "direction", None):
        raise _Decline
    if language:
        made = Literal(value, lang=language)
    elif datatype == _XSD_STRING:
        made = Literal(value)
    else:
        if not _number_agrees(value, datatype):
            raise _Decline
        typed = terms.get(datatype)  # the datatype IRI, shared like every IRI
        if typed is None:
            typed = terms[datatype] = URIRef(datatype)
        made = Literal(value, datatype=typed)
    if len(value) <= _SHORT:
        terms[key] = made
    return made


def _rdflib_triples(quads: list[Any], terms: dict[Any, Any]) -> list[tuple[Any, Any, Any]]:
    """The rdflib triples of one file's pyoxigraph quads, sharing the terms already in
    ``terms``; raises :class:`_Decline`."""
    from pyoxigraph import BlankNode, NamedNode

    if len(terms) > _CACHE_LIMIT:
        terms.clear()
    blank: dict[str, BNode] = {}  # labels are the file's own: fresh nodes per file

    def convert(term: Any) -> Any:
        kind = type(term)
        if kind is NamedNode:
            value = term.value
            found = terms.get(value)
            if found is None:
                found = terms[value] = URIRef(value)
            return found
        if kind is BlankNode:
            label = term.value
            node = blank.get(label)
            if node is None:
                node = blank[label] = BNode()
            return node
        if hasattr(term, "datatype"):
            return _literal(term, terms)
        raise _Decline  # a triple term (RDF 1.2)

    return [(convert(quad.subject), convert(quad.predicate), convert(quad.object))
            for quad in quads]


def _prefixes(data: bytes, parsed: dict[str, str]) -> list[tuple[str, str]]:
    """The file's prefixes in the order rdflib binds them (first declaration's place,
    last declaration's IRI), checked against what pyoxigraph read."""
    found: dict[str, str] = {}
    for name, iri in _PREFIX.findall(data):
        found[name.decode("utf-8")] = iri.decode("utf-8")
    if found != parsed:
        raise _Decline  # a directive the pattern misread (escapes, one in a string)
    return list(found.items())


def add_turtle(graph: Graph, path: Path, context: Graph) -> bool:
    """Parse the Turtle file ``path`` with pyoxigraph into ``context`` (a graph of
    ``graph``'s store), as rdflib's parser would.

    Returns ``False``, having added nothing, when the file must be read by rdflib
    instead (see the module docstring), including when it does not parse.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from mmru_graph.store.loading import SourcedGraph
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.ttl"
    >>> _ = path.write_text('@prefix ex: <http://e.org/> . ex:a ex:b 7, "x"@en .', "utf-8")
    >>> g = SourcedGraph()
    >>> add_turtle(g, path, g.default_graph)
    True
    >>> sorted(str(o) for o in g.objects()), g.namespace_manager.store.namespace("ex")
    (['7', 'x'], rdflib.term.URIRef('http://e.org/'))
    >>> _ = path.write_text('<http://e.org/a> <http://e.org/b> "x"@en-GB .', "utf-8")
    >>> add_turtle(g, path, g.default_graph), len(g)  # rdflib keeps the tag's capitals
    (False, 2)
    """
    from pyoxigraph import RdfFormat, parse

    if path.suffix.lower() != ".ttl":
        return False
    try:
        data = path.read_bytes()
    except OSError:
        return False  # rdflib's path reports it
    if data.startswith(b"\xef\xbb\xbf") or _RELATIVE_IRI.search(data) \
            or _CAPITAL_TAG.search(data) or _STRING_TYPE.search(data):
        return False
    try:
        parser = parse(data, format=RdfFormat.TURTLE, base_iri=path.resolve().as_uri(),
                       without_named_graphs=True)
        quads = list(parser)
        prefixes = _prefixes(data, parser.prefixes)
        try:
            terms = _CACHES.setdefault(graph.store, {})
        except TypeError:  # a store that cannot be weakly referenced
            terms = {}
        triples = _rdflib_triples(quads, terms)
    except (_Decline, SyntaxError, ValueError, UnicodeDecodeError):
        return False
    from .bulk import add_triples

    # rdflib binds the file's prefixes on the graph it parsed into, after its triples.
    add_triples(context, triples)
    for prefix, namespace in prefixes:
        context.bind(prefix, namespace)
    return True


def parse_context(graph: Graph, named: URIRef | None) -> Graph:
    """The graph of ``graph``'s store a Turtle file is parsed into: the named graph
    ``named`` of a :class:`~rdflib.Dataset`, else its default graph, else ``graph``."""
    if isinstance(graph, Dataset):
        return graph.graph(named) if named is not None else graph.default_graph
    return graph
