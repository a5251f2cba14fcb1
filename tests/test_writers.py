"""The build's streaming writers (pyoxigraph, :mod:`mmru_graph.sources.quads`,
:mod:`mmru_graph.export.jsonld`) give the same quads as rdflib's own serialisers.

``graph.nq``, ``graph.trig``, ``graph.ttl`` and ``graph.jsonld`` are parsed back
with rdflib and with pyoxigraph and compared, as sets of quads, with what
rdflib's serialisers (the writers the build used before) give for the same
graph: on the multi-source fixture corpus (named graphs) and on a tiny graph of
awkward terms (escapes, language tags, odd lexical forms, blank nodes, IRIs
outside every prefix or with local names Turtle cannot abbreviate).
"""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from mmru_graph import load_graph
from mmru_graph.build import build_graph
from mmru_graph.export.jsonld import write_jsonld
from mmru_graph.namespaces import ID, RDF, SCHEMA
from mmru_graph.sources.quads import SortedQuads
from mmru_graph.store.loading import SourcedGraph

#: Each output, its rdflib format, whether it keeps graph names, its pyoxigraph format.
FORMATS = {
    "graph.nq": ("nquads", True, ox.RdfFormat.N_QUADS),
    "graph.trig": ("trig", True, ox.RdfFormat.TRIG),
    "graph.ttl": ("turtle", False, ox.RdfFormat.TURTLE),
    "graph.jsonld": ("json-ld", False, ox.RdfFormat.JSON_LD),
}
Quad = tuple[Any, Any, Any, Any]


def blank(term: Any) -> Any:
    """Every blank node as one placeholder (parsers rename them; the graphs compared
    here have at most one)."""
    return "_:" if isinstance(term, BNode) or str(term).startswith("_:") else term


def rdflib_quads(text: bytes, rdf_format: str) -> set[Quad]:
    """The quads rdflib reads from ``text``; None names the default graph."""
    dataset = Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=text, format=rdf_format)
    default = dataset.default_graph.identifier
    return {(blank(s), p, blank(o), None if g == default else g)
            for s, p, o, g in dataset.quads()}


def oxigraph_quads(text: bytes, rdf_format: Any) -> set[Quad]:
    """The quads pyoxigraph reads from ``text`` (as N-Quads text of each term)."""
    return {(blank(str(q.subject)), str(q.predicate), blank(str(q.object)),
             None if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name))
            for q in ox.parse(text, rdf_format)}


def rdflib_writes(graph: Dataset, name: str) -> bytes:
    """What rdflib's own serialiser writes for ``name`` (the union for Turtle, JSON-LD)."""
    rdf_format, named, _ = FORMATS[name]
    if not named:
        union = Graph()
        for triple in graph.triples((None, None, None)):
            union.add(triple)
        return union.serialize(format=rdf_format, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return graph.serialize(format=rdf_format, encoding="utf-8")


def same_as_rdflib(graph: Dataset, name: str, written: bytes) -> None:
    rdf_format, _, ox_format = FORMATS[name]
    old = rdflib_writes(graph, name)
    assert rdflib_quads(written, rdf_format) == rdflib_quads(old, rdf_format), name
    assert oxigraph_quads(written, ox_format) == oxigraph_quads(old, ox_format), name


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Dataset]:
    from conftest import make_multi_source

    corpus = make_multi_source(tmp_path_factory.mktemp("corpus") / "graph")
    out = tmp_path_factory.mktemp("built") / "out"
    build_graph(corpus, out)
    return out, load_graph(corpus)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_build_outputs_read_back_as_rdflibs_writers_give(built: tuple[Path, Dataset],
                                                         name: str) -> None:
    out, graph = built
    written = (out / name).read_bytes()
    same_as_rdflib(graph, name, written)
    # and as the loaded graph itself: named graphs kept where the format has them
    rdf_format, named, _ = FORMATS[name]
    quads = rdflib_quads(written, rdf_format)
    expected = {(s, p, o, None if g == graph.default_graph.identifier else g)
                for s, p, o, g in graph.quads()} if named else \
        {(s, p, o, None) for s, p, o in graph.triples((None, None, None))}
    assert quads == expected
    assert len({q[3] for q in quads}) == (4 if named else 1)  # default + three sources


def test_nquads_lines_are_sorted_and_the_header_and_prefixes_are_kept(
        built: tuple[Path, Dataset]) -> None:
    out, _ = built
    lines = (out / "graph.nq").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))
    turtle = (out / "graph.ttl").read_text(encoding="utf-8")
    assert turtle.startswith("# The mmru-graph knowledge graph")
    assert "@prefix schema: <https://schema.org/> ." in turtle
    trig = (out / "graph.trig").read_text(encoding="utf-8")
    assert "id:source-fixture-alpha {" in trig


def awkward_graph() -> SourcedGraph:
    """Terms that need escaping, odd lexical forms, blank nodes, unprefixed IRIs."""
    g = SourcedGraph()
    node, other = ID["a.b"], URIRef("https://example.org/x(1)")
    blank = BNode("b0")
    g.add((node, SCHEMA.name, Literal('two\nlines, "quoted" \\ back\tslash ’ ဗမာ')))
    g.add((node, SCHEMA.name, Literal("Anna", lang="ru-Latn")))
    g.add((node, SCHEMA.alternateName, Literal("")))
    g.add((node, SCHEMA.position, Literal("01", datatype=XSD.integer, normalize=False)))
    g.add((node, SCHEMA.startDate, Literal("2022-02", datatype=XSD.gYearMonth)))
    g.add((node, SCHEMA.value, Literal("1.50", datatype=XSD.decimal, normalize=False)))
    g.add((node, SCHEMA.isPartOf, Literal("true", datatype=XSD.boolean)))
    g.add((node, RDF.type, SCHEMA.Person))
    g.add((node, RDF.type, other))
    g.add((node, SCHEMA.knows, blank))
    g.add((blank, SCHEMA.name, Literal("anonymous")))
    g.add((other, URIRef("https://example.org/p#q"), node))
    g.add((URIRef("https://schema.org/"), SCHEMA.name, Literal("the namespace itself")))
    g.graph(ID["source-a"]).add((node, SCHEMA.name, Literal("Anna", lang="ru-Latn")))
    g.graph(ID["source-a"]).add((other, SCHEMA.about, ID["2022-x"]))
    return g


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_awkward_terms_read_back_exactly(name: str) -> None:
    graph = awkward_graph()
    quads = SortedQuads(graph)
    buffer = io.BytesIO()
    {"graph.nq": quads.write_nquads, "graph.trig": quads.write_trig,
     "graph.ttl": quads.write_turtle,
     "graph.jsonld": lambda out: write_jsonld(quads, out)}[name](buffer)
    written = buffer.getvalue()
    if name != "graph.jsonld":
        same_as_rdflib(graph, name, written)
    # Compared with the graph itself, as rdflib's N-Quads (which loses nothing) give it:
    # rdflib's JSON-LD writer turns "01"^^xsd:integer into the JSON number 1, this
    # one keeps the lexical form.
    rdf_format, named, ox_format = FORMATS[name]
    lossless = rdflib_writes(graph, "graph.nq")
    assert rdflib_quads(written, rdf_format) == {
        (s, p, o, g if named else None) for s, p, o, g in rdflib_quads(lossless, "nquads")}
    assert oxigraph_quads(written, ox_format) == {
        (s, p, o, g if named else None)
        for s, p, o, g in oxigraph_quads(lossless, ox.RdfFormat.N_QUADS)}


def test_jsonld_keeps_lexical_forms_and_an_inline_context_only() -> None:
    buffer = io.BytesIO()
    write_jsonld(SortedQuads(awkward_graph()), buffer)
    document = json.loads(buffer.getvalue())
    assert isinstance(document["@context"], dict)
    ids = [node["@id"] for node in document["@graph"]]
    assert ids == sorted(ids)
    node = document["@graph"][ids.index("id:a.b")]
    assert node["schema:position"] == {"@type": "xsd:integer", "@value": "01"}
    assert sorted(node["@type"]) == ["https://example.org/x(1)", "schema:Person"]
    # An IRI that would read as "prefix://..." is left whole, not compacted.
    from mmru_graph.export.jsonld import compact_iri
    assert compact_iri("https://schema.org///x") == "https://schema.org///x"


def test_an_empty_graph_writes_empty_documents() -> None:
    quads = SortedQuads(SourcedGraph())
    for name in sorted(FORMATS):
        buffer = io.BytesIO()
        {"graph.nq": quads.write_nquads, "graph.trig": quads.write_trig,
         "graph.ttl": quads.write_turtle,
         "graph.jsonld": lambda out: write_jsonld(quads, out)}[name](buffer)
        rdf_format, _, ox_format = FORMATS[name]
        assert rdflib_quads(buffer.getvalue(), rdf_format) == set(), name
        assert oxigraph_quads(buffer.getvalue(), ox_format) == set(), name


def test_snapshot_and_links_from_the_sorted_quads_hold_the_graphs_triples(
        tmp_path: Path) -> None:
    from mmru_graph.store.snapshot import (
        Links,
        Snapshot,
        write_links,
        write_links_rows,
        write_snapshot,
        write_snapshot_rows,
    )

    graph = SourcedGraph()  # the awkward terms as a parser gives them ("01" read as "1")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        graph.parse(data=rdflib_writes(awkward_graph(), "graph.nq"), format="nquads")
    quads = SortedQuads(graph)
    write_snapshot(graph, tmp_path / "walked.marshal")
    write_snapshot_rows(quads.nodes, quads.triple_rows(), tmp_path / "sorted.marshal")
    triples = set(graph.triples((None, None, None)))
    for name in ("walked", "sorted"):
        snapshot = Snapshot(tmp_path / f"{name}.marshal")
        assert set(snapshot.triples(None)) == triples
        assert set(snapshot.triples([SCHEMA.name])) == set(graph.triples((None, SCHEMA.name,
                                                                             None)))
    write_links(graph, tmp_path / "walked.sqlite")
    write_links_rows(quads.nodes, quads.triple_rows(), tmp_path / "sorted.sqlite")
    node = ID["a.b"]
    for name in ("walked", "sorted"):
        links = Links(tmp_path / f"{name}.sqlite")
        assert set(links.about([node])) == set(graph.triples((node, None, None)))
        assert set(links.about([node], incoming=True)) == set(graph.triples((None, None, node)))


def test_a_snapshot_reads_back_from_chunks_and_refuses_other_layouts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    from mmru_graph.store import snapshot as snapshot_module

    graph = SourcedGraph()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        graph.parse(data=rdflib_writes(awkward_graph(), "graph.nq"), format="nquads")
    monkeypatch.setattr(snapshot_module, "_TERMS_PER_CHUNK", 2)  # many chunks, the last short
    path = tmp_path / "triples.marshal"
    snapshot_module.write_snapshot(graph, path)
    triples = set(graph.triples((None, None, None)))
    assert set(snapshot_module.Snapshot(path).triples(None)) == triples
    whole = path.read_bytes()
    path.write_bytes(whole[:-20])  # cut short: refused, so the store itself answers
    with pytest.raises((ValueError, EOFError, TypeError)):
        snapshot_module.Snapshot(path)
    path.write_bytes(marshal.dumps((2, [], {})))  # the layout before chunks
    with pytest.raises(ValueError, match="format 2, expected 3"):
        snapshot_module.Snapshot(path)


@pytest.mark.parametrize("kind", ["full", "actors"])
def test_streamed_graphml_reads_back_as_networkx_own_writer(built: tuple[Path, Dataset],
                                                           kind: str, tmp_path: Path) -> None:
    import networkx as nx

    from mmru_graph.export.graphml import graphml_ready, write_graphml
    from mmru_graph.export.network import export_network

    _, graph = built
    network = export_network(graph, kind)
    network.graph["title"] = 'a <"quoted"> & title'
    write_graphml(network, tmp_path / "ours.graphml")
    nx.write_graphml(graphml_ready(network), tmp_path / "theirs.graphml", encoding="utf-8")
    ours, theirs = (nx.read_graphml(tmp_path / f"{name}.graphml")
                    for name in ("ours", "theirs"))
    assert ours.graph == theirs.graph and ours.graph["title"] == 'a <"quoted"> & title'
    assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))
    assert ours.number_of_nodes() == network.number_of_nodes() > 0
    assert ours.is_multigraph() == theirs.is_multigraph()
    edges = (lambda g: g.edges(keys=True, data=True)) if ours.is_multigraph() else \
        (lambda g: g.edges(data=True))
    assert sorted(edges(ours), key=repr) == sorted(edges(theirs), key=repr)
    assert ours.number_of_edges() == network.number_of_edges() > 0
