"""Strict parsing: every invalid Turtle file is refused as ``FILE:LINE: message``.

The 94 negative syntax tests of the W3C RDF 1.1 Turtle suite
(tests/fixtures/w3c-turtle-negative/, with their licence) each go into a small
graph directory as a data file; ``build`` must refuse each one in one line
naming the file and line, with no traceback, leaving the previous build
exactly as it was (``build`` validates first, so ``validate`` refuses them
too; a few are run through ``validate`` as well). Truncated files, invalid
UTF-8 and a byte-order mark get their own clear messages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mmru_graph.build import build_graph
from mmru_graph.cli import cli
from mmru_graph.errors import GraphSyntaxError
from mmru_graph.store.loading import load_graph

ROOT = Path(__file__).resolve().parents[1]
NEGATIVE = ROOT / "tests" / "fixtures" / "w3c-turtle-negative"
BAD_FILES = sorted(NEGATIVE.glob("turtle-syntax-bad-*.ttl"))
#: Accepted by rdflib before strict parsing; the build then crashed on the IRI.
INVALID_IRIS = ["turtle-syntax-bad-uri-01.ttl", "turtle-syntax-bad-uri-02.ttl",
                "turtle-syntax-bad-uri-03.ttl", "turtle-syntax-bad-struct-04.ttl"]


def manifest_negative_tests() -> set[str]:
    """The file names of the manifest's rdft:TestTurtleNegativeSyntax entries."""
    from rdflib import Namespace, URIRef
    from rdflib.namespace import RDF

    manifest = load_graph(files=[NEGATIVE / "manifest.ttl"])
    rdft = Namespace("http://www.w3.org/ns/rdftest#")
    action = URIRef("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#action")
    return {str(manifest.value(test, action)).rsplit("/", 1)[-1]
            for test in manifest.subjects(RDF.type, rdft.TestTurtleNegativeSyntax)}


def test_the_fixture_holds_all_94_negative_tests_of_the_manifest() -> None:
    named = manifest_negative_tests()
    assert len(BAD_FILES) == 94
    assert named == {p.name for p in BAD_FILES}
    assert (NEGATIVE / "LICENSE").read_text(encoding="utf-8").count("W3C") >= 2


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    # Every file of the output set, the store's included, as it is on disk.
    return {p.relative_to(directory).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("strict")
    graph = base / "mini"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini_graph", graph)
    for text in (ROOT / "graph" / "sources").glob("*.txt"):
        shutil.copyfile(text, graph / "sources" / text.name)
    out = base / "out"
    build_graph(graph, out)
    return graph, out


def refused(graph: Path, out: Path, name: str, content: bytes,
            command: str = "build") -> tuple[str, int]:
    """Put ``content`` into data/NAME, run ``command``; the error line and exit code."""
    target = graph / "data" / name
    target.write_bytes(content)
    try:
        args = [command, "--graph", str(graph)] + (["--out", str(out)] if command == "build"
                                                   else [])
        result = CliRunner().invoke(cli, args)
    finally:
        target.unlink()
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0], result.exit_code


def test_every_w3c_negative_syntax_test_is_refused(built_mini: tuple[Path, Path]) -> None:
    graph, out = built_mini
    before = snapshot(out)
    refusals = {}
    for bad in BAD_FILES:
        line, code = refused(graph, out, bad.name, bad.read_bytes())
        where = re.escape(str(graph / "data" / bad.name))
        assert code == 1 and re.match(rf"^Error: {where}:\d+: \S", line), line
        refusals[bad.name] = line
    assert len(refusals) == 94
    assert snapshot(out) == before  # previous outputs untouched


@pytest.mark.parametrize("name", INVALID_IRIS)
def test_validate_refuses_what_build_would_refuse(built_mini: tuple[Path, Path],
                                                  name: str) -> None:
    graph, out = built_mini
    line, code = refused(graph, out, name, (NEGATIVE / name).read_bytes(), "validate")
    assert code == 1 and re.match(rf"^Error: .*{re.escape(name)}:\d+: ", line), line


def test_truncated_file_names_its_last_line(built_mini: tuple[Path, Path]) -> None:
    graph, out = built_mini
    whole = (graph / "data" / "entities.ttl").read_bytes()
    cut = whole[: len(whole) * 2 // 3]
    cut = cut[: cut.rfind(b'"') + 3]  # inside a statement, after a string
    line, code = refused(graph, out, "zz-truncated.ttl", cut)
    last = cut.count(b"\n") + 1
    assert code == 1 and re.search(rf"zz-truncated\.ttl:{last}: ", line), line


def test_invalid_utf8_gives_line_column_and_byte(built_mini: tuple[Path, Path]) -> None:
    graph, out = built_mini
    content = (b'@prefix schema: <https://schema.org/> .\n\n'
               b'<https://e.org/a> schema:name "R\xffx" .\n')
    line, code = refused(graph, out, "zz-latin1.ttl", content)
    offset = content.index(b"\xff")
    assert code == 1 and f"zz-latin1.ttl:3: invalid UTF-8 at column 33 (byte {offset}" in line


def test_byte_order_mark_is_named(built_mini: tuple[Path, Path]) -> None:
    graph, out = built_mini
    content = b"\xef\xbb\xbf" + (graph / "data" / "entities.ttl").read_bytes()
    line, code = refused(graph, out, "zz-bom.ttl", content)
    assert code == 1 and "zz-bom.ttl:1: the file starts with a byte-order mark (BOM)" in line


def test_library_error_carries_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://e.org/a> <https://e.org/b> <https://e.org/c d> .\n")
    with pytest.raises(GraphSyntaxError) as caught:
        load_graph(files=[bad])
    assert caught.value.line == 1 and caught.value.path == str(bad)
    assert "Invalid IRI code point" in str(caught.value)
