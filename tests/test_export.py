"""The exports, read back with their consumers' own readers.

GraphML and GEXF with networkx (``read_graphml``, ``read_gexf`` for GEXF
1.3); GEXF against the official GEXF 1.3 XML Schema (vendored in
tests/fixtures/gexf-1.3, read by ``xmlschema`` with no network) plus a
structural check of the schema's rules for what is written; CSV with :mod:`csv`; FollowTheMoney with
the ``followthemoney`` library's own model and schema checks; N-Quads with
rdflib. A small graph made here; one test on the article.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef

from mmru_graph.cli.main import cli
from mmru_graph.errors import ExportError, NameResolutionError
from mmru_graph.export import export_graph
from mmru_graph.export.nquads import to_nquads
from mmru_graph.store.loading import load_graph

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/mmru-graph/id/"
SOE_WIN, FOMIN, ARMY = ID + "soe-win", ID + "fomin", ID + "army"

DATA = """
@prefix schema: <https://schema.org/> .
@prefix mmru: <https://w3id.org/mmru-graph/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/mmru-graph/id/> .

id:src-a a schema:NewsArticle ; schema:headline "Article A" ; schema:publisher id:paper-a ;
    schema:datePublished "2021-11-01"^^xsd:date ; schema:url "https://example.org/a"^^xsd:anyURI .
id:src-b a schema:NewsArticle ; schema:headline "Article B" ; schema:publisher id:paper-a .
id:paper-a a schema:NewsMediaOrganization ; schema:name "Paper A" ; prov:wasDerivedFrom id:src-a .
id:agency a mmru:UnnamedGroup ; schema:name "state news agencies" ; prov:wasDerivedFrom id:src-b .
id:myanmar a schema:Country ; schema:name "Myanmar" ; prov:wasDerivedFrom id:src-a ;
    mmru:sideOrder 1 .
id:russia a schema:Country ; schema:name "Russia" ; prov:wasDerivedFrom id:src-a ;
    mmru:sideOrder 2 .
id:tatarstan a schema:State ; schema:name "Tatarstan" ; schema:containedInPlace id:russia ;
    prov:wasDerivedFrom id:src-a .
id:kazan a schema:City ; schema:name "Kazan" ; schema:containedInPlace id:tatarstan ;
    prov:wasDerivedFrom id:src-a .
id:soe-win a schema:Person ; schema:name "Soe Win" ; schema:alternateName "the deputy, leader" ;
    mmru:side id:myanmar ; prov:wasDerivedFrom id:src-a .
id:fomin a schema:Person ; schema:name "Fomin" ; mmru:side id:russia ;
    prov:wasDerivedFrom id:src-a .
id:army a mmru:ArmedForces ; schema:name "Myanmar army" ; mmru:side id:myanmar ;
    prov:wasDerivedFrom id:src-a .
id:delegation a mmru:Delegation ; schema:name "Army delegation" ; mmru:side id:myanmar ;
    schema:parentOrganization id:army ; prov:wasDerivedFrom id:src-a .
id:position-soe-win a mmru:Position ; org:member id:soe-win ; org:organization id:army ;
    schema:roleName "deputy army chief" ; schema:startDate "2021-02"^^xsd:gYearMonth .
id:position-fomin a mmru:Position ; org:member id:fomin ; org:organization id:russia ;
    schema:roleName "deputy defense minister" .
id:talks a mmru:Talks ; schema:name "Soe Win holds talks with Fomin" ;
    schema:startDate "2021-06"^^xsd:gYearMonth ; schema:location id:kazan ;
    schema:attendee id:soe-win , id:fomin .
id:parade a mmru:Parade ; schema:name "Parade" ; schema:startDate "2021-03-27"^^xsd:date ;
    schema:location id:myanmar ; schema:attendee id:fomin , id:army .
id:reported a mmru:Meeting ; schema:name "Reported meeting" ; schema:startDate "2022"^^xsd:gYear ;
    schema:attendee id:soe-win , id:fomin ; prov:wasAttributedTo id:agency .

id:ev-talks oa:hasBody id:talks , id:soe-win , id:kazan ; oa:hasTarget id:ev-talks-t .
id:ev-talks-t oa:hasSource id:src-a ; oa:hasSelector id:ev-talks-q , id:ev-talks-p .
id:ev-talks-q a oa:TextQuoteSelector ; oa:exact "holds talks, with Fomin, in Kazan" .
id:ev-talks-p a oa:TextPositionSelector ; oa:start 10 ; oa:end 43 .
id:ev-parade oa:hasBody id:parade , id:fomin , id:army ; oa:hasTarget id:ev-parade-t .
id:ev-parade-t oa:hasSource id:src-a ; oa:hasSelector id:ev-parade-q .
id:ev-parade-q a oa:TextQuoteSelector ; oa:exact "Fomin attends the parade" .
id:ev-positions oa:hasBody id:position-soe-win , id:position-fomin ; oa:hasTarget id:ev-pos-t .
id:ev-pos-t oa:hasSource id:src-a ; oa:hasSelector id:ev-pos-q .
id:ev-pos-q a oa:TextQuoteSelector ; oa:exact "deputy army chief Soe Win; deputy minister Fomin" .
id:ev-reported oa:hasBody id:reported ; oa:hasTarget id:ev-reported-t .
id:ev-reported-t oa:hasSource id:src-b ; oa:hasSelector id:ev-reported-q .
id:ev-reported-q a oa:TextQuoteSelector ; oa:exact "they met, say state news agencies" .
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    data = tmp_path_factory.mktemp("small") / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    return load_graph(files=[ROOT / "graph" / "ontology.ttl", data])


# --------------------------------------------------------------------------
# GraphML
# --------------------------------------------------------------------------
def test_graphml_actor_network_reads_back(small: Graph, tmp_path: Path) -> None:
    out = tmp_path / "actors.graphml"
    result = export_graph(small, "graphml", out)
    read = nx.read_graphml(out)
    # Every actor, linked or not (the publisher, the news agencies, the delegation too).
    assert result.nodes == read.number_of_nodes() == 6
    assert read.nodes[SOE_WIN]["label"] == "Soe Win"
    assert (read.nodes[SOE_WIN]["kind"], read.nodes[SOE_WIN]["side"]) == ("person", "myanmar")
    edge = read.edges[SOE_WIN, FOMIN]
    # Talks and a meeting: two direct contacts, weight 1 each.
    assert (edge["contact"], edge["weight"]) == ("direct", 2.0)
    assert edge["start"] == "2021-06" and edge["precision"] == "month"
    assert edge["end"] == "2022"
    quotes = {item["quote"] for item in json.loads(edge["evidence"])}
    assert quotes == {"holds talks, with Fomin, in Kazan", "they met, say state news agencies"}
    assert edge["sources"] == "Article A; Article B"
    assert edge["attributed_to"] == "state news agencies"
    # The parade links Fomin and the army by co-attendance only.
    assert read.edges[FOMIN, ARMY]["weight"] == 0.25


def test_graphml_full_network_keeps_dates_with_precision(small: Graph, tmp_path: Path) -> None:
    out = tmp_path / "full.graphml"
    export_graph(small, "graphml", out, graph_kind="full")
    read = nx.read_graphml(out)
    assert read.is_directed()
    parade, talks = read.nodes[ID + "parade"], read.nodes[ID + "talks"]
    assert (parade["label"], parade["start"], parade["precision"]) == ("Parade", "2021-03-27",
                                                                       "day")
    assert (talks["start"], talks["precision"], talks["spells"]) == (
        "2021-06", "month", "2021-06-01/2021-06-30")
    labels = {d["label"] for _s, _t, d in read.edges(ID + "talks", data=True)}
    assert labels == {"attended by", "took place at"}


@pytest.mark.parametrize(("kind", "since", "until"), [
    ("full", None, None), ("full", "2021-06", None), ("full", None, "2021-05"),
    ("actors", None, None)])
def test_graphml_streamed_from_records_is_the_networks_own(
        small: Graph, tmp_path: Path, kind: str, since: str | None, until: str | None) -> None:
    # build streams the full network from its projection (network_records) rather than
    # building it (export_network): the same bytes, window or not.
    from mmru_graph.export.graphml import write_graphml
    from mmru_graph.export.network import export_network, network_records

    write_graphml(export_network(small, kind, since, until), tmp_path / "built.graphml")
    write_graphml(network_records(small, kind, since, until), tmp_path / "streamed.graphml")
    built = (tmp_path / "built.graphml").read_bytes()
    assert built == (tmp_path / "streamed.graphml").read_bytes()
    assert nx.read_graphml(tmp_path / "built.graphml").number_of_edges() > 0


def test_graphml_of_the_multi_source_corpus_streams_the_same(multi_source: Path,
                                                           tmp_path: Path) -> None:
    # Several sources, inferred statements, relations as edges: each edge's record
    # is made from the projection as it is read.
    from mmru_graph.export.graphml import write_graphml
    from mmru_graph.export.network import export_network, network_records
    from mmru_graph.projection.graphs import full_graph

    graph = load_graph(multi_source)
    write_graphml(export_network(graph, "full"), tmp_path / "built.graphml")
    write_graphml(network_records(graph, "full"), tmp_path / "streamed.graphml")
    text = (tmp_path / "streamed.graphml").read_text("utf-8")
    assert (tmp_path / "built.graphml").read_text("utf-8") == text
    # The order the file always had: nodes as the projection's edges first name them
    # (a graph the edges were added to), then the rest; each node's edges together.
    full = full_graph(graph)
    named = list(dict.fromkeys(node for edge in full.edges() for node in edge))
    expected = named + [node for node in full if node not in set(named)]
    assert re.findall(r'<node id="([^"]+)"', text) == expected
    sources = re.findall(r'<edge source="([^"]+)"', text)
    assert sources == sorted(sources, key=expected.index)
    assert len(sources) == full.number_of_edges()


# --------------------------------------------------------------------------
# GEXF 1.3
# --------------------------------------------------------------------------
NS = "{http://gexf.net/1.3}"
ATTRIBUTE_TYPES = {"integer", "long", "double", "float", "boolean", "bigdecimal", "biginteger",
                   "byte", "char", "short", "liststring", "listboolean", "listinteger",
                   "listlong", "listfloat", "listdouble", "listbyte", "listshort",
                   "listbigdecimal", "listbiginteger", "listchar", "string", "anyURI"}
NODE_ATTRS = {"id", "label", "pid", "start", "end", "intervals", "timestamp", "timestamps"}
EDGE_ATTRS = {"id", "type", "label", "source", "target", "weight", "kind", "start", "end",
              "intervals", "timestamp", "timestamps"}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


GEXF_XSD = ROOT / "tests" / "fixtures" / "gexf-1.3" / "gexf.xsd"


@functools.cache
def gexf_schema() -> Any:
    """The official GEXF 1.3 XML Schema, read from its vendored files (no network)."""
    import xmlschema

    # allow="local": includes and imports resolve in the fixture folder; a
    # remote location would be refused, not fetched.
    return xmlschema.XMLSchema(str(GEXF_XSD), allow="local")


def schema_errors(document: str | Path) -> list[str]:
    """What the GEXF 1.3 XML Schema finds wrong with a document."""
    source = str(document) if isinstance(document, Path) else document
    return [f"{error.path}: {error.reason}" for error in gexf_schema().iter_errors(source)]


def check_gexf_13(path: Path) -> ET.Element:
    """Valid against the official GEXF 1.3 XML Schema, and the schema's rules
    (gexf.rnc, dynamics.rnc) for what is written, checked one by one."""
    assert schema_errors(path) == []
    root = ET.parse(path).getroot()
    assert root.tag == NS + "gexf" and root.get("version") == "1.3"
    assert [child.tag for child in root] in ([NS + "meta", NS + "graph"], [NS + "graph"])
    graph = root.find(NS + "graph")
    assert graph is not None
    assert set(graph.attrib) <= {"defaultedgetype", "idtype", "mode", "timeformat", "start",
                                 "end", "timestamp", "timerepresentation", "timezone"}
    assert graph.get("defaultedgetype") in {"directed", "undirected", "mutual"}
    assert graph.get("timeformat") == "date" and graph.get("mode") == "dynamic"
    order = [child.tag for child in graph]
    assert order == [NS + "attributes"] * order.count(NS + "attributes") + [NS + "nodes",
                                                                              NS + "edges"]
    declared: dict[str, set[str]] = {}
    for attributes in graph.findall(NS + "attributes"):
        assert set(attributes.attrib) == {"class"}  # 1.3 has no mode here
        ids = declared.setdefault(attributes.get("class", ""), set())
        for attribute in attributes:
            assert attribute.tag == NS + "attribute"
            assert {"id", "title", "type"} <= set(attribute.attrib)
            assert attribute.get("type") in ATTRIBUTE_TYPES
            ids.add(attribute.get("id", ""))
    node_ids = set()
    nodes = graph.find(NS + "nodes")
    assert nodes is not None and int(nodes.get("count", -1)) == len(nodes)
    for node in nodes:
        assert node.tag == NS + "node" and set(node.attrib) <= NODE_ATTRS
        node_ids.add(node.get("id"))
        check_content(node, declared["node"])
    edges = graph.find(NS + "edges")
    assert edges is not None and int(edges.get("count", -1)) == len(edges)
    for edge in edges:
        assert edge.tag == NS + "edge" and set(edge.attrib) <= EDGE_ATTRS
        assert {edge.get("source"), edge.get("target")} <= node_ids
        float(edge.get("weight", "1"))
        check_content(edge, declared["edge"])
    return root


def check_content(element: ET.Element, declared: set[str]) -> None:
    assert {child.tag for child in element} <= {NS + "attvalues", NS + "spells"}
    for value in element.iterfind(f"{NS}attvalues/{NS}attvalue"):
        assert set(value.attrib) == {"for", "value"} and value.get("for") in declared
    spells = element.find(NS + "spells")
    if spells is not None:
        assert len(spells) >= 1
        for spell in spells:
            assert spell.tag == NS + "spell" and set(spell.attrib) == {"start", "end"}
            assert ISO_DAY.match(spell.get("start", "")) and ISO_DAY.match(spell.get("end", ""))
            assert spell.get("start", "") <= spell.get("end", "")


def test_gexf_is_gexf_13_with_spells_networkx_reads(small: Graph, tmp_path: Path) -> None:
    out = tmp_path / "actors.gexf"
    export_graph(small, "gexf", out)
    check_gexf_13(out)
    read = nx.read_gexf(out, version="1.3")
    assert read.nodes[SOE_WIN]["label"] == "Soe Win"
    assert read.nodes[SOE_WIN]["side"] == "myanmar"
    # A partial date spells its whole month or year; overlapping spells merge.
    assert read.edges[SOE_WIN, FOMIN]["weight"] == 2.0
    assert read.edges[SOE_WIN, FOMIN]["spells"] == [("2021-06-01", "2021-06-30"),
                                                    ("2022-01-01", "2022-12-31")]
    assert read.nodes[FOMIN]["spells"] == [("2021-03-27", "2021-03-27"),
                                           ("2021-06-01", "2021-06-30"),
                                           ("2022-01-01", "2022-12-31")]
    assert read.edges[FOMIN, ARMY]["contact"] == "co-attendance"


def test_the_gexf_schema_is_the_official_one_and_rejects_what_gexf_forbids(
        small: Graph, tmp_path: Path) -> None:
    """The vendored XSD is GEXF 1.3's own, and it does check: each break of the
    format in an otherwise valid export is reported."""
    assert gexf_schema().target_namespace == "http://gexf.net/1.3"
    out = tmp_path / "actors.gexf"
    export_graph(small, "gexf", out)
    text = out.read_text(encoding="utf-8")
    assert schema_errors(text) == []
    broken = {
        "version": text.replace('version="1.3"', 'version="1.2"', 1),
        "attribute type": text.replace('type="liststring"', 'type="stringlist"', 1),
        "weight": text.replace('weight="', 'weight="heavy', 1),
        "spell date": re.sub(r'<spell start="\d{4}-', '<spell start="21-', text, count=1),
        "spell attribute": text.replace("<spell ", '<spell colour="red" ', 1),
        "element": text.replace("<meta>", "<meta><owner />", 1),
    }
    for what, document in broken.items():
        assert document != text, what
        assert schema_errors(document), what


def test_gexf_full_graph_in_a_window(small: Graph, tmp_path: Path) -> None:
    out = tmp_path / "june.gexf"
    export_graph(small, "gexf", out, graph_kind="full", since="2021-06", until="2021-06")
    check_gexf_13(out)
    read = nx.read_gexf(out, version="1.3")
    assert ID + "talks" in read and ID + "parade" not in read and ID + "reported" not in read
    assert read.nodes[ID + "talks"]["spells"] == [("2021-06-01", "2021-06-30")]
    # An event's links carry its spell; the army took part only in the parade,
    # and stays linked by statements that are no events (an office, a delegation).
    assert all(d["spells"] == [("2021-06-01", "2021-06-30")]
               for *_e, d in read.edges(ID + "talks", data=True))
    assert not list(read.successors(ARMY))
    assert set(read.predecessors(ARMY)) == {SOE_WIN, ID + "delegation"}


# --------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------
def test_csv_nodes_and_edges_for_kumu(small: Graph, tmp_path: Path) -> None:
    result = export_graph(small, "csv", tmp_path / "csv")
    assert sorted(Path(p).name for p in result.paths) == ["edges.csv", "nodes.csv"]
    with open(tmp_path / "csv" / "nodes.csv", encoding="utf-8", newline="") as handle:
        nodes = {row["Label"]: row for row in csv.DictReader(handle)}
    assert set(nodes) == {"Soe Win", "Fomin", "Myanmar army", "Paper A", "state news agencies",
                          "Army delegation"}
    assert nodes["Soe Win"]["Type"] == "person" and nodes["Soe Win"]["Side"] == "myanmar"
    with open(tmp_path / "csv" / "edges.csv", encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert len(edges) == 2
    [pair] = [r for r in edges if {r["From"], r["To"]} == {"Soe Win", "Fomin"}]
    assert pair["Events"] == "Soe Win holds talks with Fomin | Reported meeting"
    assert pair["Weight"] == "2" and pair["Contact"] == "direct"
    # A quote with commas stays one cell.
    assert "“holds talks, with Fomin, in Kazan” [10–43]" in pair["Quotes"]
    assert pair["Sources"] == "Article A | Article B"
    assert pair["Attributed to"] == "state news agencies"


# --------------------------------------------------------------------------
# FollowTheMoney
# --------------------------------------------------------------------------
def read_ftm(path: Path) -> list[dict]:
    from followthemoney import model

    entities = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for entity in entities:
        proxy = model.get_proxy(entity, cleaned=False)  # re-cleans every value
        assert proxy.schema.validate(entity) is None
        # Nothing was dropped by cleaning: what is written is what the model keeps.
        assert proxy.to_dict()["properties"] == entity["properties"], entity["id"]
    return entities


def test_ftm_entities_pass_followthemoney_checks(small: Graph, tmp_path: Path) -> None:
    out = tmp_path / "entities.ftm.json"
    result = export_graph(small, "ftm", out)
    entities = read_ftm(out)
    by_id = {e["id"]: e for e in entities}
    assert result.counts == {"Directorship": 1, "Event": 3, "Occupancy": 1, "Organization": 3,
                             "Person": 2, "Position": 1, "PublicBody": 1, "Representation": 1}
    soe_win = by_id["mmru-soe-win"]
    assert (soe_win["schema"], soe_win["properties"]["name"]) == ("Person", ["Soe Win"])
    assert soe_win["properties"]["country"] == ["mm"]
    talks = by_id["mmru-talks"]["properties"]
    assert talks["startDate"] == ["2021-06"] and talks["location"] == ["Kazan"]
    assert talks["country"] == ["ru"]
    assert sorted(talks["involved"]) == ["mmru-fomin", "mmru-soe-win"]
    assert talks["publisher"] == ["Paper A"] and talks["sourceUrl"] == ["https://example.org/a"]
    assert any("holds talks, with Fomin, in Kazan" in note for note in talks["notes"])
    assert by_id["mmru-army"]["schema"] == "PublicBody"  # armed forces are a government body
    assert by_id["mmru-position-soe-win"]["schema"] == "Directorship"
    assert by_id["mmru-position-fomin"]["schema"] == "Occupancy"
    [sent] = [e for e in entities if e["schema"] == "Representation"]
    assert (sent["properties"]["agent"], sent["properties"]["client"]) == (["mmru-delegation"],
                                                                           ["mmru-army"])
    post = by_id[by_id["mmru-position-fomin"]["properties"]["post"][0]]
    assert post["properties"]["name"] == ["deputy defense minister, Russia"]
    # Every entity a link points to is in the file (Aleph would reject a dangling one).
    from followthemoney import model
    for entity in entities:
        schema = model.get(entity["schema"])
        for prop, values in entity["properties"].items():
            if schema.get(prop).type.name == "entity":
                assert set(values) <= set(by_id), (entity["id"], prop)


# --------------------------------------------------------------------------
# N-Quads and the source filter
# --------------------------------------------------------------------------
# rdflib's own N-Quads parser warns about its renamed internals.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_nquads_every_statement(small: Graph, tmp_path: Path) -> None:
    out = tmp_path / "all.nq"
    export_graph(small, "nquads", out)
    read = Dataset().parse(out, format="nquads")
    assert len(read) == len(small)
    assert (URIRef(SOE_WIN), URIRef("https://schema.org/name"), Literal("Soe Win")) in read


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_nquads_named_graphs_pass_through() -> None:
    dataset = Dataset()
    for name in ("src-a", "src-b"):
        dataset.graph(URIRef(ID + name)).add((URIRef(ID + "x"), URIRef(ID + "said-in"),
                                              Literal(name)))
    quote = Literal('two lines,\n"quoted" and a \\ backslash', lang="en")
    dataset.graph(URIRef(ID + "src-b")).add((URIRef(ID + "x"), URIRef(ID + "quote"), quote))
    text = to_nquads(dataset)
    assert f'<{ID}x> <{ID}said-in> "src-a" <{ID}src-a> .' in text.splitlines()
    assert len(text.splitlines()) == 3
    read = Dataset().parse(data=text, format="nquads")
    assert {str(g.identifier) for g in read.graphs() if len(g)} == {ID + "src-a", ID + "src-b"}
    assert read.graph(URIRef(ID + "src-b")).value(URIRef(ID + "x"), URIRef(ID + "quote")) == quote


def test_source_filter_keeps_one_sources_facts(small: Graph, tmp_path: Path) -> None:
    out = tmp_path / "b.gexf"
    export_graph(small, "gexf", out, graph_kind="full", source="src-b")
    read = nx.read_gexf(out, version="1.3")
    events = {n for n, d in read.nodes(data=True) if d["kind"] == "event"}
    assert events == {ID + "reported"}
    export_graph(small, "ftm", tmp_path / "a.json", source=ID + "src-a")
    ids = {e["id"] for e in read_ftm(tmp_path / "a.json")}
    assert "mmru-talks" in ids and "mmru-reported" not in ids
    with pytest.raises(NameResolutionError, match="no source 'src-c'"):
        export_graph(small, "csv", tmp_path / "c", source="src-c")


def test_a_failed_export_leaves_the_previous_file(small: Graph, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import mmru_graph.export.gexf as gexf

    out = tmp_path / "keep.gexf"
    out.write_text("previous", encoding="utf-8")

    def broken(_network: object, path: Path) -> None:
        Path(path).write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gexf, "write_gexf", broken)
    with pytest.raises(OSError):
        export_graph(small, "gexf", out)
    assert out.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.gexf"]


def test_a_date_range_is_refused_for_nquads(small: Graph, tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        export_graph(small, "nquads", tmp_path / "x.nq", since="2021")
    assert not (tmp_path / "x.nq").exists()


# --------------------------------------------------------------------------
# The command, on the article
# --------------------------------------------------------------------------
def test_export_command_on_the_article(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "june.gexf"
    result = runner.invoke(cli, ["export", "--format", "gexf", "--since", "2021-06",
                                 "--until", "2021-06", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    check_gexf_13(out)
    read = nx.read_gexf(out, version="1.3")
    mah = ID + "min-aung-hlaing"
    assert read.nodes[mah]["label"] == "Min Aung Hlaing"
    assert all("2021-06-01" <= first <= last <= "2021-06-30"
               for *_e, d in read.edges(data=True) for first, last in d["spells"])
    # the whole article's full graph (every entity, event and statement) is valid GEXF 1.3
    whole = tmp_path / "full.gexf"
    result = runner.invoke(cli, ["export", "--format", "gexf", "--graph-kind", "full",
                                 "--out", str(whole)])
    assert result.exit_code == 0, result.output
    assert schema_errors(whole) == []
    ftm = tmp_path / "all.json"
    result = runner.invoke(cli, ["export", "--format", "ftm", "--out", str(ftm)])
    assert result.exit_code == 0, result.output
    names = {e["properties"]["name"][0] for e in read_ftm(ftm) if e["schema"] == "Event"}
    assert "UN General Assembly resolution calling for a halt in arms sales to Myanmar" in names
    bad = runner.invoke(cli, ["export", "--format", "nquads", "--since", "2021",
                              "--out", str(tmp_path / "x.nq")])
    assert bad.exit_code == 2 and "date range" in bad.output
    unknown = runner.invoke(cli, ["export", "--format", "csv", "--source", "nowhere",
                                  "--out", str(tmp_path / "c")])
    assert unknown.exit_code == 2 and "no source 'nowhere'" in unknown.output
