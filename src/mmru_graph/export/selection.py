"""Which facts an export holds: :func:`facts_from_source`, the one source filter.

Today a fact's source is found through its evidence: the annotations whose
``oa:hasBody`` it is point with ``oa:hasTarget``/``oa:hasSource`` at the
article, and entities name it with ``prov:wasDerivedFrom``. When the graph is
split into one named graph per source, this is the one function to change.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..errors import NameResolutionError
from ..namespaces import ID, OA, PROV, RDF, SCHEMA

__all__ = ["facts_from_source", "resolve_source", "source_ids"]

#: The classes a source is typed with.
_SOURCE_CLASSES = (SCHEMA.NewsArticle, SCHEMA.Article, SCHEMA.CreativeWork)


def source_ids(graph: Graph) -> list[str]:
    """The ``id:`` slugs of the graph's sources (its news articles), sorted.

    Examples
    --------
    A source is a typed article or anything an annotation's target has as
    its source:

    >>> from mmru_graph.namespaces import TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:source-b a schema:NewsArticle ; schema:headline "B" .
    ... id:ev a oa:Annotation ; oa:hasTarget [ oa:hasSource id:source-a ] .
    ... ''')
    >>> source_ids(g)
    ['source-a', 'source-b']
    """
    found = {str(s) for cls in _SOURCE_CLASSES for s in graph.subjects(RDF.type, cls)}
    found |= {str(s) for s in graph.objects(None, OA.hasSource)}
    return sorted(s.removeprefix(str(ID)) for s in found)


def resolve_source(graph: Graph, source: str) -> URIRef:
    """The IRI of a source given as its IRI or its ``id:`` slug.

    Raises
    ------
    NameResolutionError
        If the graph has no such source (the message lists the sources).

    Examples
    --------
    >>> from mmru_graph.namespaces import TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:source-a a schema:NewsArticle ; schema:headline "A" .
    ... ''')
    >>> resolve_source(g, "id:source-a")
    rdflib.term.URIRef('https://w3id.org/mmru-graph/id/source-a')
    >>> resolve_source(g, "source-z")
    Traceback (most recent call last):
    ...
    mmru_graph.errors.NameResolutionError: no source 'source-z' (sources: source-a)
    """
    known = source_ids(graph)
    slug = source.strip().removeprefix(str(ID)).removeprefix("id:")
    if slug not in known:
        raise NameResolutionError(
            f"no source {source!r} (sources: {', '.join(known) or 'none'})", source, known)
    return ID[slug]


def _closure(graph: Graph, roots: set[Node]) -> set[Node]:
    """The roots and every node an annotation of theirs reaches (targets, selectors)."""
    seen = set(roots)
    frontier = list(roots)
    while frontier:
        node = frontier.pop()
        for predicate in (OA.hasTarget, OA.hasSelector):
            for child in graph.objects(node, predicate):
                if child not in seen:
                    seen.add(child)
                    frontier.append(child)
    return seen


def facts_from_source(graph: Graph, source: str) -> Graph:
    """The graph restricted to the facts one source gives, with their evidence.

    A node is kept when an annotation of it quotes the source
    (``oa:hasTarget``/``oa:hasSource``) or when it is ``prov:wasDerivedFrom``
    the source; it keeps all its statements. The source's annotations (their
    targets and selectors), the source's own description, and every
    statement about a term outside ``id:`` (the ontology) are kept too.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph.
    source : str
        The source's IRI or ``id:`` slug (:func:`resolve_source`).

    Returns
    -------
    rdflib.Graph
        A new graph with the same namespace bindings.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data='''
    ... @prefix oa: <http://www.w3.org/ns/oa#> .
    ... @prefix prov: <http://www.w3.org/ns/prov#> .
    ... @prefix schema: <https://schema.org/> .
    ... @prefix id: <https://w3id.org/mmru-graph/id/> .
    ... id:a a schema:NewsArticle . id:b a schema:NewsArticle .
    ... id:talks a schema:Event ; schema:name "Talks" .
    ... id:parade a schema:Event ; schema:name "Parade" .
    ... id:fomin a schema:Person ; prov:wasDerivedFrom id:b .
    ... id:ev-1 oa:hasBody id:talks ; oa:hasTarget id:ev-1-t .
    ... id:ev-1-t oa:hasSource id:a ; oa:hasSelector id:ev-1-q .
    ... id:ev-1-q oa:exact "talks" .
    ... id:ev-2 oa:hasBody id:parade ; oa:hasTarget id:ev-2-t .
    ... id:ev-2-t oa:hasSource id:b .
    ... ''')
    >>> from mmru_graph.namespaces import prefixed
    >>> sorted({prefixed(s) for s in facts_from_source(g, "a").subjects()})
    ['id:a', 'id:ev-1', 'id:ev-1-q', 'id:ev-1-t', 'id:talks']
    >>> sorted({prefixed(s) for s in facts_from_source(g, "b").subjects()})
    ['id:b', 'id:ev-2', 'id:ev-2-t', 'id:fomin', 'id:parade']
    """
    iri = resolve_source(graph, source)
    targets = set(graph.subjects(OA.hasSource, iri))
    annotations = {a for t in targets for a in graph.subjects(OA.hasTarget, t)}
    keep = _closure(graph, annotations) | {iri}
    keep |= {body for a in annotations for body in graph.objects(a, OA.hasBody)}
    keep |= set(graph.subjects(PROV.wasDerivedFrom, iri))
    result = Graph(store="Memory", bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace, override=True)
    ours = str(ID)
    for triple in graph:
        subject = triple[0]
        if subject in keep or not str(subject).startswith(ours):
            result.add(triple)
    return result
