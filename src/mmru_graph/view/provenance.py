"""Who says so, for the page's cards: sources, attributions and claims.

The projections carry each quote with its source's IRI and title; an
analyst also needs the source's publisher and date, whom the source credits
with a report (``prov:wasAttributedTo``: "according to Russian news
agencies"), and the claims it records (``mmru:Claim``, attributed to whoever
makes them; ``mmru:NegativeStatement``, what it says did not happen). These
live in the RDF graph, not in the networkx projections, so
:func:`page_provenance` reads them from the graph once, for
:func:`mmru_graph.view.data.page_data` to add to the page.

Which sources support each event or link and what sources dispute come from
:class:`mmru_graph.sources.provenance.Provenance`, the same marks ``met``,
``timeline``, ``show`` and ``path`` print: :func:`page_provenance` keeps one
in ``marks``, and :func:`dispute_record` gives a dispute the shape the
cards read (both claims with value, source, publisher, date and quotes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from ..evidence import evidence_index
from ..namespaces import ID, MMRU, OA, PROV, RDF, SCHEMA, local_name
from ..sources.conflicts import Conflict
from ..sources.provenance import Provenance as SourceMarks

__all__ = ["Provenance", "dispute_record", "page_provenance"]

#: Properties that give the publication date of a source, in order of preference.
_DATE_PROPERTIES = (SCHEMA.datePublished, SCHEMA.dateCreated)


@dataclass
class Provenance:
    """What the page's cards say about who says so.

    ``sources``: source IRI → ``{"title", "publisher", "date", "url"}``;
    ``attributed``: node IRI → ``[[name, IRI], ...]`` of whom the source
    attributes it to; ``claims``: ``{"iri", "name", "text", "negative",
    "about", "attributed", "evidence"}`` per claim (``about`` and
    ``attributed`` as ``[[name, IRI], ...]``, ``evidence`` as the
    projections' evidence dicts); ``marks``: the sources supporting each
    node and the disputes about it (:class:`mmru_graph.sources.provenance.Provenance`),
    ``None`` when not read.
    """

    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    attributed: dict[str, list[list[str]]] = field(default_factory=dict)
    claims: list[dict[str, Any]] = field(default_factory=list)
    marks: SourceMarks | None = None


def dispute_record(conflict: Conflict) -> dict[str, Any]:
    """A dispute as the page's cards show it: what is disputed and every source's claim.

    Each claim has the source's IRI and id, its publisher, its publication
    date (``""`` when unknown), what it speaks as of, the values it gives
    and its quotes (``quote``, ``start``, ``end``).

    Examples
    --------
    >>> from mmru_graph.sources.conflicts import Claim
    >>> conflict = Conflict("id:visit", "A visit", "date", "schema:startDate",
    ...     "sources disagree on the date", [Claim("source-a", "A Wire", "2022-03-01",
    ...     "as of 2022-03-01, per A Wire (source-a)", ["2022-02-20"],
    ...     [{"quote": "on February 20", "start": 3, "end": 17}])])
    >>> record = dispute_record(conflict)
    >>> record["kind"], record["claims"][0]["values"], record["claims"][0]["source"]
    ('date', ['2022-02-20'], 'https://w3id.org/mmru-graph/id/source-a')
    """
    return {
        "kind": conflict.kind, "name": conflict.name, "property": conflict.property,
        "note": conflict.note,
        "claims": [{"source": str(ID[claim.source]), "id": claim.source,
                    "publisher": claim.publisher, "published": claim.published or "",
                    "asOf": claim.as_of, "values": list(claim.values),
                    "quotes": [{"quote": str(q.get("quote", "")), "start": q.get("start"),
                                "end": q.get("end")} for q in claim.quotes]}
                   for claim in conflict.claims]}


def _name(graph: Graph, node: Node) -> str:
    for predicate in (SCHEMA.name, SCHEMA.headline):
        value = graph.value(node, predicate)
        if value is not None:
            return str(value)
    return local_name(str(node))


def _named(graph: Graph, nodes: Any) -> list[list[str]]:
    return sorted(([_name(graph, n), str(n)] for n in set(nodes)), key=lambda p: (p[0], p[1]))


def page_provenance(graph: Graph, conflicts: list[Conflict] | None = None) -> Provenance:
    """Sources, attributions and claims of an RDF graph, for the page (``conflicts``:
    the graph's disagreements when already found,
    :func:`~mmru_graph.sources.conflicts.find_conflicts`).

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data='''
    ... @prefix schema: <https://schema.org/> .
    ... @prefix prov: <http://www.w3.org/ns/prov#> .
    ... @prefix oa: <http://www.w3.org/ns/oa#> .
    ... @prefix mmru: <https://w3id.org/mmru-graph/ontology#> .
    ... @prefix id: <https://w3id.org/mmru-graph/id/> .
    ... id:src a schema:NewsArticle ; schema:headline "An article" ;
    ...     schema:publisher id:paper ; schema:datePublished "2021-11-01" .
    ... id:paper schema:name "The Paper" .
    ... id:agencies schema:name "news agencies" .
    ... id:sale a mmru:ArmsSale ; prov:wasAttributedTo id:agencies .
    ... id:claim a mmru:Claim ; schema:name "Sales grew" ; schema:about id:sale ;
    ...     prov:wasAttributedTo id:paper .
    ... id:ev-1 oa:hasBody id:claim ; oa:hasTarget id:ev-1-t .
    ... id:ev-1-t oa:hasSource id:src ; oa:hasSelector id:ev-1-q .
    ... id:ev-1-q oa:exact "sales grew" .
    ... ''')
    >>> p = page_provenance(g)
    >>> p.sources["https://w3id.org/mmru-graph/id/src"]["publisher"]
    'The Paper'
    >>> p.attributed["https://w3id.org/mmru-graph/id/sale"]
    [['news agencies', 'https://w3id.org/mmru-graph/id/agencies']]
    >>> [(c["name"], c["attributed"][0][0], c["evidence"][0]["quote"]) for c in p.claims]
    [('Sales grew', 'The Paper', 'sales grew')]
    """
    found = Provenance(marks=SourceMarks(graph, conflicts))
    sources = set(graph.objects(None, OA.hasSource)) | set(graph.subjects(RDF.type,
                                                                         SCHEMA.NewsArticle))
    for source in sorted(sources, key=str):
        publisher = graph.value(source, SCHEMA.publisher)
        date = next((graph.value(source, p) for p in _DATE_PROPERTIES
                     if graph.value(source, p) is not None), None)
        url = graph.value(source, SCHEMA.url)
        found.sources[str(source)] = {
            "title": _name(graph, source) if (source, None, None) in graph else "",
            "publisher": _name(graph, publisher) if publisher is not None else "",
            "date": str(date) if date is not None else "",
            "url": str(url) if url is not None else ""}
    claims = set(graph.subjects(RDF.type, MMRU.Claim)) | set(
        graph.subjects(RDF.type, MMRU.NegativeStatement))
    for subject in sorted(set(graph.subjects(PROV.wasAttributedTo, None)) - claims, key=str):
        found.attributed[str(subject)] = _named(graph, graph.objects(subject,
                                                                     PROV.wasAttributedTo))
    index = evidence_index(graph) if claims else {}
    for claim in sorted(claims, key=str):
        negative = (claim, RDF.type, MMRU.NegativeStatement) in graph
        about = [*graph.objects(claim, SCHEMA.about), *graph.objects(claim, MMRU.subjectActor),
                 *graph.objects(claim, MMRU.objectActor)]
        text = graph.value(claim, SCHEMA.text)
        found.claims.append({
            "iri": str(claim), "name": _name(graph, claim),
            "text": str(text) if text is not None else "", "negative": negative,
            "about": _named(graph, about),
            "attributed": _named(graph, graph.objects(claim, PROV.wasAttributedTo)),
            "evidence": index.get(claim, [])})
    return found
