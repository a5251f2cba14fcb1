"""N-Quads written from the terms' texts are the bytes pyoxigraph's serialiser writes."""

from __future__ import annotations

import io

from rdflib import BNode, Literal, URIRef

from mmru_graph.namespaces import XSD
from mmru_graph.sources.quads import SortedQuads
from mmru_graph.store.loading import SourcedGraph


def test_nquads_text_is_pyoxigraphs() -> None:
    import pyoxigraph as ox

    g = SourcedGraph()
    a, b = URIRef("https://e.org/a"), URIRef("https://e.org/ü")
    objects = [a, b, BNode("b0"), Literal("hi", lang="en-gb"), Literal("1", datatype=XSD.integer),
               Literal('x\ny"z\\ \t\r\x00\x7f\x08\x0c\u2028 é 😀'), Literal("")]
    for number, obj in enumerate(objects):
        g.add((a, URIRef(f"https://e.org/p{number}"), obj))
        g.graph(b).add((BNode("s"), a, obj))
    quads = SortedQuads(g)
    ours = io.BytesIO()
    quads.write_nquads(ours)
    theirs = io.BytesIO()
    ox.serialize(quads._quads(quads.rows), theirs, ox.RdfFormat.N_QUADS)
    assert ours.getvalue() == theirs.getvalue()
    assert len(ours.getvalue().splitlines()) == 2 * len(objects)
