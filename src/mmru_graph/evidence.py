"""The evidence of a node: the quotes of the annotations whose body it is.

Each event, office and relationship node is the ``oa:hasBody`` of one or more
W3C Web Annotations whose target points into a stored source text with a
``oa:TextQuoteSelector`` (``oa:exact``, the verbatim words) and a
``oa:TextPositionSelector`` (``oa:start``/``oa:end``, Unicode code-point
offsets, end exclusive). This module reads those annotations and returns the
evidence of every node in the form the projections and the CLI show
(:func:`evidence_index`, one pass for all nodes; the projection's node table
hands it on). Checking the quotes against
the source texts is :mod:`mmru_graph.quotes`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import Graph, Literal
from rdflib.term import Node

from .namespaces import OA, RDF, SCHEMA
from .store.index import TripleIndex

__all__ = ["evidence_index", "int_literal", "source_facts", "target_selectors"]


# --------------------------------------------------------------------------
# Annotations and their selectors
# --------------------------------------------------------------------------
def target_selectors(graph: Graph, target: Node) -> tuple[list[Node], list[Node]]:
    """The quote selectors and the position selectors of an annotation target.

    A selector counts as a quote selector when it is typed
    ``oa:TextQuoteSelector`` or has an ``oa:exact``, and as a position
    selector when it is typed ``oa:TextPositionSelector`` or has an
    ``oa:start``; each list is sorted by IRI.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> from mmru_graph.namespaces import ID
    >>> g = new_graph().parse(format="turtle", data='''
    ... @prefix oa: <http://www.w3.org/ns/oa#> .
    ... @prefix id: <https://w3id.org/mmru-graph/id/> .
    ... id:ev-1-t oa:hasSelector id:ev-1-q, id:ev-1-p .
    ... id:ev-1-q oa:exact "attends the parade" .
    ... id:ev-1-p a oa:TextPositionSelector ; oa:start 4 ; oa:end 22 .
    ... ''')
    >>> quotes, positions = target_selectors(g, ID["ev-1-t"])
    >>> quotes == [ID["ev-1-q"]], positions == [ID["ev-1-p"]]
    (True, True)
    """
    quotes, positions = [], []
    for selector in sorted(graph.objects(target, OA.hasSelector), key=str):
        types = set(graph.objects(selector, RDF.type))
        if OA.TextQuoteSelector in types or (selector, OA.exact, None) in graph:
            quotes.append(selector)
        if OA.TextPositionSelector in types or (selector, OA.start, None) in graph:
            positions.append(selector)
    return quotes, positions


def int_literal(value: Node | None) -> int | None:
    """The integer a literal holds (an ``oa:start`` or ``oa:end``), else None.

    Booleans, decimals, strings and IRIs are not integers here.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> int_literal(Literal(1338)), int_literal(Literal("1338")), int_literal(Literal(True))
    (1338, None, None)
    >>> int_literal(URIRef("https://w3id.org/mmru-graph/id/x")) is None
    True
    """
    if isinstance(value, Literal):
        number = value.toPython()
        if isinstance(number, int) and not isinstance(number, bool):
            return number
    return None


def _title(graph: Graph, source: Node) -> str:
    for predicate in (SCHEMA.headline, SCHEMA.name):
        title = graph.value(source, predicate)
        if title is not None:
            return str(title)
    return ""


def source_facts(graph: Graph, source: Node) -> dict[str, str]:
    """Who published a source and when: ``source_title``, ``publisher``, ``published``.

    ``publisher`` is the name of its ``schema:publisher``, ``published`` its
    ``schema:datePublished`` (``""`` when the source does not give it).

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> from mmru_graph.namespaces import ID
    >>> g = new_graph().parse(format="turtle", data='''
    ... @prefix schema: <https://schema.org/> .
    ... @prefix id: <https://w3id.org/mmru-graph/id/> .
    ... id:src schema:headline "An article" ; schema:publisher id:paper ;
    ...     schema:datePublished "2021-11-02" .
    ... id:paper schema:name "The Paper" .
    ... ''')
    >>> source_facts(g, ID.src)
    {'source_title': 'An article', 'publisher': 'The Paper', 'published': '2021-11-02'}
    """
    publishers = sorted(_title(graph, p) or str(p) for p in graph.objects(source, SCHEMA.publisher))
    published = graph.value(source, SCHEMA.datePublished)
    return {"source_title": _title(graph, source), "publisher": ", ".join(publishers),
            "published": str(published) if published is not None else ""}


_NO_SOURCE = {"source_title": "", "publisher": "", "published": ""}


def _evidence_key(item: dict[str, Any]) -> tuple[str, int, int, str]:
    start = item["start"] if item["start"] is not None else -1
    end = item["end"] if item["end"] is not None else -1
    return (item["source"], start, end, item["quote"])


def evidence_index(graph: Graph) -> dict[Node, list[dict[str, Any]]]:
    """The evidence of every annotated node: the quotes of the annotations whose body it is.

    One pass over the annotations (a handful of predicate scans), because
    every query command pays for it at start-up through the projection.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph (see :func:`mmru_graph.load_graph`).

    Returns
    -------
    dict
        Node -> list of ``{"quote", "start", "end", "source", "source_title",
        "publisher", "published"}``: ``oa:exact``, the offsets of the target's
        ``oa:TextPositionSelector`` (None without one), the source's IRI and
        what :func:`source_facts` says of it (its headline, else name; who
        published it and when). Sorted by source and position, without
        duplicates; a node without annotation is absent.

    Examples
    --------
    Two annotations of the parade (one also of Fomin), given out of order:

    >>> from mmru_graph.store.loading import new_graph
    >>> from mmru_graph.namespaces import ID, prefixed
    >>> g = new_graph().parse(format="turtle", data='''
    ... @prefix oa: <http://www.w3.org/ns/oa#> .
    ... @prefix schema: <https://schema.org/> .
    ... @prefix id: <https://w3id.org/mmru-graph/id/> .
    ... id:src schema:headline "An article" .
    ... id:ev-2 oa:hasBody id:parade, id:fomin ; oa:hasTarget id:ev-2-t .
    ... id:ev-2-t oa:hasSource id:src ; oa:hasSelector id:ev-2-q, id:ev-2-p .
    ... id:ev-2-q a oa:TextQuoteSelector ; oa:exact "the parade" .
    ... id:ev-2-p a oa:TextPositionSelector ; oa:start 40 ; oa:end 50 .
    ... id:ev-1 oa:hasBody id:parade ; oa:hasTarget id:ev-1-t .
    ... id:ev-1-t oa:hasSource id:src ; oa:hasSelector id:ev-1-q, id:ev-1-p .
    ... id:ev-1-q a oa:TextQuoteSelector ; oa:exact "attends" .
    ... id:ev-1-p a oa:TextPositionSelector ; oa:start 4 ; oa:end 11 .
    ... ''')
    >>> index = evidence_index(g)
    >>> sorted(prefixed(node) for node in index)
    ['id:fomin', 'id:parade']
    >>> [(e["quote"], e["start"], e["end"]) for e in index[ID.parade]]
    [('attends', 4, 11), ('the parade', 40, 50)]
    >>> index[ID.fomin]  # doctest: +NORMALIZE_WHITESPACE
    [{'quote': 'the parade', 'start': 40, 'end': 50,
      'source': 'https://w3id.org/mmru-graph/id/src', 'source_title': 'An article',
      'publisher': '', 'published': ''}]
    """
    index = TripleIndex(graph)

    def scan(predicate: Node) -> dict[Node, list[Node]]:
        return index.all(predicate)

    def first(predicate: Node) -> dict[Node, Node]:
        return {subject: values[0] for subject, values in scan(predicate).items()}

    # A handful of predicate scans instead of lookups per annotation: every
    # query command pays for this at start-up (through the projection).
    quote_class, position_class = OA.TextQuoteSelector, OA.TextPositionSelector
    types = scan(RDF.type)
    exacts, starts, ends = first(OA.exact), first(OA.start), first(OA.end)
    sources, selectors, targets_of = first(OA.hasSource), scan(OA.hasSelector), scan(OA.hasTarget)
    facts: dict[Node, dict[str, str]] = {}

    def about(source: Node | None) -> dict[str, str]:
        if source is None:
            return _NO_SOURCE
        if source not in facts:
            facts[source] = source_facts(graph, source)
        return facts[source]

    by_node: dict[Node, dict[tuple[str, int, int, str], dict[str, Any]]] = defaultdict(dict)
    for annotation, bodies in scan(OA.hasBody).items():
        items = []
        for target in sorted(targets_of.get(annotation, []), key=str):
            chosen = sorted(selectors.get(target, []), key=str)
            quotes = [c for c in chosen if quote_class in types.get(c, ()) or c in exacts]
            positions = [c for c in chosen if position_class in types.get(c, ()) or c in starts]
            source = sources.get(target)
            start = int_literal(starts.get(positions[0])) if positions else None
            end = int_literal(ends.get(positions[0])) if positions else None
            items += [{"quote": str(exacts[q]), "start": start, "end": end,
                       "source": str(source) if source is not None else "", **about(source)}
                      for q in quotes if q in exacts]
        for body in bodies:
            for item in items:
                by_node[body].setdefault(_evidence_key(item), dict(item))
    return {node: [found[key] for key in sorted(found)] for node, found in by_node.items()}
