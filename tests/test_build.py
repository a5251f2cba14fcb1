"""The build: round trips of every output, determinism, and atomic writes.

Library tests on the multi-source fixture corpus (three invented sources
with the real ontology and shapes, named graphs included), built once per
module and rebuilt in a separate process with another hash seed, so
byte-identical output is not an accident of one interpreter.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from mmru_graph import build as build_module
from mmru_graph import load_graph
from mmru_graph.atomic import atomic_write_bytes, atomic_write_text
from mmru_graph.build import OUTPUT_DIRS, OUTPUT_FILES, build_graph
from mmru_graph.errors import ValidationError
from mmru_graph.namespaces import ID
from mmru_graph.projection.graphs import full_graph


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multi-source fixture corpus as a graph directory (read only here)."""
    from conftest import make_multi_source

    return make_multi_source(tmp_path_factory.mktemp("corpus") / "graph")


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built") / "out"
    build_graph(corpus, out)
    return out


@pytest.fixture(scope="module")
def loaded(corpus: Path) -> Graph:
    return load_graph(corpus)


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a directory with its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(directory.iterdir()) if p.is_file()}


def test_build_writes_every_output(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == sorted(OUTPUT_FILES + OUTPUT_DIRS)
    for name in OUTPUT_FILES:
        assert (built / name).stat().st_size > 0, name


def test_graph_ttl_is_byte_identical_when_built_again(built: Path, tmp_path: Path,
                                                     corpus: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    env.pop("MMRU_GRAPH_DIR", None)
    run = subprocess.run([sys.executable, "-m", "mmru_graph", "build", "--graph", str(corpus),
                          "--out", str(tmp_path)], env=env, capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stderr
    for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld"):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name


def test_graph_ttl_reloads_isomorphic_to_the_sources(built: Path, loaded: Graph) -> None:
    reloaded = load_graph(files=[built / "graph.ttl"])
    assert len(reloaded) == len(loaded) > 0
    assert isomorphic(reloaded, loaded)


def test_graph_ttl_has_no_machine_specific_iri(built: Path, corpus: Path) -> None:
    text = (built / "graph.ttl").read_text(encoding="utf-8")
    assert "file:" not in text
    assert str(corpus) not in text and str(corpus.parent) not in text


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_graph_jsonld_round_trip(built: Path, loaded: Graph) -> None:
    text = (built / "graph.jsonld").read_text(encoding="utf-8")
    document = json.loads(text)
    # An inline context only: a string or list would name a remote context to fetch.
    assert isinstance(document["@context"], dict)
    assert all(isinstance(v, str) and v.startswith("http") for v in document["@context"].values())
    ids = [node["@id"] for node in document["@graph"]]
    assert ids == sorted(ids)
    parsed = Graph().parse(data=text, format="json-ld")
    assert len(parsed) == len(loaded)
    assert isomorphic(parsed, loaded)


def test_graph_graphml_has_the_projection(built: Path, loaded: Graph) -> None:
    projection = full_graph(loaded)
    read = nx.read_graphml(built / "graph.graphml")
    assert read.number_of_nodes() == projection.number_of_nodes() > 0
    assert read.number_of_edges() == projection.number_of_edges()
    assert set(read.nodes) == set(projection.nodes)
    # Flattened lists and dicts read back: names as Gephi's label, evidence as
    # JSON; dates with their precision (the export's GraphML, see test_export).
    node, data = next((n, d) for n, d in projection.nodes(data=True) if d.get("evidence"))
    assert read.nodes[node]["label"] == data["name"]
    assert json.loads(read.nodes[node]["evidence"]) == json.loads(
        json.dumps(data["evidence"], sort_keys=True))
    meeting = str(ID["2022-09-07-kyaw-zin-oo-meets-petrov"])
    assert (read.nodes[meeting]["start"], read.nodes[meeting]["precision"]) == (
        "2022-09-07", "day")


def test_network_html_is_the_offline_page(built: Path) -> None:
    page = (built / "network.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "Content-Security-Policy" in page
    assert not re.search(r"<(script|link|img)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", page,
                         re.IGNORECASE)


def test_build_result_counts(tmp_path: Path, loaded: Graph, corpus: Path) -> None:
    graph = loaded
    result = build_graph(corpus, tmp_path)
    assert result.files == {name: tmp_path / name for name in OUTPUT_FILES}
    # The node table right after the last RDF file: the quads' texts have gone by then.
    # The record of what the build was made from (build.json, last) is no step of its own.
    assert list(result.steps) == ["validate", "sorted quads", *OUTPUT_FILES[:4], "node table",
                                  *OUTPUT_FILES[4:-1], "store: projections", "store: conflicts",
                                  "store"]
    assert all(wall >= 0 and cpu >= 0 for wall, cpu in result.steps.values())
    assert result.triples == len(graph)
    [[persons]] = graph.query("""
        SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://schema.org/Person> }""")
    assert result.counts["schema:Person"] == int(persons) > 0
    [[events]] = graph.query("""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT (COUNT(DISTINCT ?e) AS ?n)
        WHERE { ?e a/rdfs:subClassOf* <https://schema.org/Event> }""")
    assert result.events == int(events) > 0
    [[annotations]] = graph.query("""
        SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <http://www.w3.org/ns/oa#Annotation> }""")
    assert result.annotations == int(annotations) > 0


def test_failing_output_leaves_the_previous_build(corpus: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build_graph(corpus, out)
    before = snapshot(out)

    def disk_full(graph: Graph, path: Path) -> None:
        path.write_bytes(b"<graphml half written")
        raise OSError(28, "No space left on device", str(path))

    # graph.ttl and graph.jsonld are produced before this one fails.
    monkeypatch.setitem(build_module._WRITERS, "graph.graphml", disk_full)
    with pytest.raises(OSError, match="No space left"):
        build_graph(corpus, out)
    assert snapshot(out) == before  # no output replaced, no temporary file left


def test_invalid_graph_writes_nothing(multi_source: Path, tmp_path: Path) -> None:
    text = multi_source / "sources" / "source-fixture-alpha.txt"
    original = text.read_text(encoding="utf-8")
    assert "Kyaw Zin Oo" in original
    text.chmod(0o644)
    text.write_text(original.replace("Kyaw Zin Oo", "Kyaw Zin O"), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ValidationError):
        build_graph(multi_source, out)
    assert not out.exists()


# --------------------------------------------------------------------------
# Atomic writes
# --------------------------------------------------------------------------
def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    atomic_write_text(target, "old\n")
    atomic_write_text(target, "new ’ text\r\n")
    assert target.read_bytes() == "new ’ text\r\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_write_failure_keeps_old_file(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    atomic_write_bytes(target, b"old")

    def fail_replace(src: str, dst: str) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", fail_replace)
    with pytest.raises(OSError, match="Input/output"):
        atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_write_unencodable_text_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    atomic_write_text(target, "old")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(target, "bad \ud800 surrogate")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_write_into_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write_text(tmp_path / "missing" / "out.txt", "x")
    assert list(tmp_path.iterdir()) == []
