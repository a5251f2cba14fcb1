"""The sources supporting a link or a statement, read from the store's quads.

:meth:`Provenance.link_sources` and :meth:`Provenance.statement_sources` ask
the store which named graphs hold a triple instead of asking each source's
graph in turn; on the three-source fixture (and a graph with a statement in
two sources and in the default graph) they must give what asking each
source's graph gives, for every pair of participants of every event and for
every statement.
"""

from __future__ import annotations

from itertools import combinations

from rdflib import Graph, URIRef

from mmru_graph.namespaces import ID, SCHEMA, local_name
from mmru_graph.sources.named import named_graphs
from mmru_graph.sources.provenance import Provenance
from mmru_graph.store.loading import SourcedGraph


def each_source(graph: Graph) -> list[tuple[str, Graph]]:
    return [(local_name(name), graph.graph(name))  # type: ignore[attr-defined]
            for name in named_graphs(graph)]


def asked_of_each(graph: Graph, events: list[str], a: str, b: str) -> list[str]:
    return sorted({name for event in events for name, part in each_source(graph)
                   if (URIRef(event), None, URIRef(a)) in part
                   and (URIRef(event), None, URIRef(b)) in part})


def test_link_and_statement_sources_match_asking_each_source(multi_source_graph: Graph) -> None:
    marks = Provenance(multi_source_graph)
    checked = 0
    for event in set(multi_source_graph.subjects(SCHEMA.attendee, None)):
        actors = sorted(map(str, multi_source_graph.objects(event, SCHEMA.attendee)))
        for a, b in combinations(actors, 2):
            expected = asked_of_each(multi_source_graph, [str(event)], a, b)
            assert marks.link_sources([str(event)], a, b) == expected
            checked += bool(expected)
    assert checked >= 2  # pairs some source names together
    stated = 0
    for s, p, o in multi_source_graph:
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            expected = sorted(name for name, part in each_source(multi_source_graph)
                              if (s, p, o) in part)
            found = marks.statement_sources(str(s), str(p), str(o))
            if expected:
                assert found == expected
                stated += 1
            else:  # a statement of the default graph: the sources quoting its subject
                assert found == marks.sources_of([str(s)])
    assert stated > 10


def test_a_statement_in_two_sources_and_the_default_graph() -> None:
    graph = SourcedGraph()
    triple = (ID.talks, SCHEMA.attendee, ID.ana)
    graph.add(triple)
    for source in ("source-b", "source-a"):
        graph.graph(ID[source]).add(triple)
        graph.graph(ID[source]).add((ID.talks, SCHEMA.organizer, ID.bo))
    graph.graph(ID["source-c"]).add((ID.talks, SCHEMA.attendee, ID.bo))
    marks = Provenance(graph)
    assert marks.statement_sources(*map(str, triple)) == ["source-a", "source-b"]
    # source-c names Bo but not Ana at the talks: it does not support the link.
    assert marks.link_sources([str(ID.talks)], str(ID.ana), str(ID.bo)) == \
        ["source-a", "source-b"]
    assert marks.link_sources([str(ID.talks), None], str(ID.bo), str(ID.bo)) == \
        ["source-a", "source-b", "source-c"]
