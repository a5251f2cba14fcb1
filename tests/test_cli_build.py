"""``mmru-graph build``, ``validate`` and ``locate`` through click's CliRunner.

Bad input is made by copying the multi-source fixture corpus (three invented
sources with the real ontology and shapes) and breaking one thing in it. Each
bad input must give a clear error (exit code non-zero, no traceback, the file
and line or the node named) and leave an earlier build's outputs byte for
byte and timestamp for timestamp as they were. Validating, building and
locating quotes in the curated graph are data tests.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, URIRef

from mmru_graph import load_graph
from mmru_graph.build import OUTPUT_DIRS, OUTPUT_FILES
from mmru_graph.cli import cli
from mmru_graph.namespaces import MMRU, OA, RDF, SCHEMA, prefixed
from mmru_graph.quotes import locate, source_texts

GRAPH_DIR = Path(__file__).resolve().parents[1] / "graph"
TEXT_NAME = "myanmar-russia-post-coup-2021.txt"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def assert_clean_failure(result: Result) -> list[str]:
    """A non-zero exit with ``Error: ...`` on stderr and no traceback; its lines."""
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.rstrip("\n").split("\n")
    assert lines[0].startswith("Error: ")
    if len(lines) > 1:  # a list of violations: "Error: N violations:" then one line each
        assert re.fullmatch(r"Error: \d+ violations?:", lines[0]), lines[0]
        assert all(line.startswith("  ") and ": " in line for line in lines[1:])
    return lines


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(directory.iterdir())}


@pytest.fixture(scope="module")
def multi_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multi-source corpus built once for this module."""
    from conftest import make_multi_source

    from mmru_graph.build import build_graph

    base = tmp_path_factory.mktemp("multi-build")
    out = base / "out"
    build_graph(make_multi_source(base / "graph"), out)
    return out


@pytest.fixture
def earlier_build(multi_built: Path, tmp_path: Path) -> Path:
    """An output directory holding a previous build (copies of the module's, times kept)."""
    out = tmp_path / "out"
    out.mkdir()
    for name in OUTPUT_FILES:
        shutil.copy2(multi_built / name, out / name)
    return out


# --------------------------------------------------------------------------
# Finding things to break in the data
# --------------------------------------------------------------------------
def data_files(graph_dir: Path) -> list[Path]:
    return sorted((graph_dir / "data").glob("**/*.ttl"))


def block_of(graph_dir: Path, node: URIRef) -> tuple[Path, int, int]:
    """The data file of a node's subject block, and the block's first and last line index."""
    name = prefixed(node)
    for path in data_files(graph_dir):
        lines = path.read_text(encoding="utf-8").split("\n")
        for first, line in enumerate(lines):
            if line.split(" ", 1)[0] == name:
                last = first
                while not lines[last].rstrip().endswith(" ."):
                    last += 1
                return path, first, last
    raise AssertionError(f"no subject block for {name}")


def replace_in_block(graph_dir: Path, node: URIRef, old: str, new: str) -> Path:
    path, first, last = block_of(graph_dir, node)
    lines = path.read_text(encoding="utf-8").split("\n")
    block = "\n".join(lines[first:last + 1])
    assert block.count(old) == 1, f"{old!r} in {block!r}"
    lines[first:last + 1] = block.replace(old, new).split("\n")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def source_of(graph: Graph, selector: URIRef) -> URIRef:
    """The source whose text a selector points into."""
    [target] = graph.subjects(OA.hasSelector, selector)
    source = graph.value(target, OA.hasSource)
    assert isinstance(source, URIRef)
    return source


def selectors(graph: Graph) -> list[tuple[URIRef, URIRef, str, int, int]]:
    """(quote selector, position selector, exact, start, end) of every target, sorted."""
    found = []
    for target in sorted(set(graph.objects(None, OA.hasTarget)), key=str):
        sels = list(graph.objects(target, OA.hasSelector))
        quote = next(s for s in sels if (s, RDF.type, OA.TextQuoteSelector) in graph)
        pos = next(s for s in sels if (s, RDF.type, OA.TextPositionSelector) in graph)
        found.append((quote, pos, str(graph.value(quote, OA.exact)),
                      int(graph.value(pos, OA.start)), int(graph.value(pos, OA.end))))
    return found


# --------------------------------------------------------------------------
# The real graph
# --------------------------------------------------------------------------
def test_validate_real_graph(graph: Graph) -> None:
    result = run("validate", "--graph", str(GRAPH_DIR))
    assert result.exit_code == 0, result.output
    annotations = len(set(graph.subjects(RDF.type, OA.Annotation)))
    assert re.match(rf"OK: {len(graph)} triples, {annotations} annotations checked",
                    result.output.splitlines()[-1])


def test_build_prints_summary(tmp_path: Path, graph: Graph) -> None:
    result = run("build", "--graph", str(GRAPH_DIR), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    out = result.output
    persons = len(set(graph.subjects(RDF.type, SCHEMA.Person)))
    assert re.search(rf"^  schema:Person +{persons}$", out, re.MULTILINE)
    assert re.search(rf"^Events: \d+  Annotations: \d+  Triples: {len(graph)}$", out,
                     re.MULTILINE)
    for name in OUTPUT_FILES:
        assert f"  {tmp_path / name}\n" in out
        assert (tmp_path / name).stat().st_size > 0


def test_the_console_script_ends_a_build_with_all_its_output(multi_source: Path,
                                                             tmp_path: Path) -> None:
    """The console script ends a build without freeing its graph (``os._exit``):
    everything printed still reaches a pipe, and the exit status is the command's."""
    command = [sys.executable, "-m", "mmru_graph"]
    built = subprocess.run([*command, "build", "--graph", str(multi_source), "--out",
                            str(tmp_path / "out")], capture_output=True, text=True,
                           timeout=300, check=False)
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[-1].startswith("Built in "), built.stdout
    assert f"  {tmp_path / 'out' / 'store'}/ (Oxigraph store" in built.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        sorted(OUTPUT_FILES + OUTPUT_DIRS)
    checked = subprocess.run([*command, "validate", "--graph", str(multi_source)],
                             capture_output=True, text=True, timeout=300, check=False)
    assert checked.returncode == 0 and checked.stdout.startswith("OK"), checked
    (multi_source / "data" / "broken.ttl").write_text("id:x a .\n", encoding="utf-8")
    broken = subprocess.run([*command, "validate", "--graph", str(multi_source)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert broken.returncode != 0 and "broken.ttl" in broken.stderr, broken


def test_validate_writes_nothing(multi_source: Path) -> None:
    before = sorted(p.relative_to(multi_source) for p in multi_source.rglob("*"))
    assert run("validate", "--graph", str(multi_source)).exit_code == 0
    assert sorted(p.relative_to(multi_source) for p in multi_source.rglob("*")) == before


# --------------------------------------------------------------------------
# Bad input, one broken thing each
# --------------------------------------------------------------------------
def break_syntax(graph_dir: Path) -> str:
    """An unterminated string: the error names the file and the line."""
    for path in data_files(graph_dir):
        lines = path.read_text(encoding="utf-8").split("\n")
        for number, line in enumerate(lines, start=1):
            if re.fullmatch(r'\s+schema:name "[^"]+" ;', line):
                lines[number - 1] = line.replace('" ;', " ;")
                path.write_text("\n".join(lines), encoding="utf-8")
                return f"Error: {path}:{number}: "
    raise AssertionError("no schema:name line to break")


def break_quote(graph_dir: Path) -> str:
    """A quote that is not in the article."""
    graph = load_graph(graph_dir)
    quote, _pos, exact, _start, _end = selectors(graph)[0]
    replace_in_block(graph_dir, quote, exact, "Reportedly, " + exact)
    return f"{prefixed(quote)} oa:exact: “Reportedly, "


def break_offsets(graph_dir: Path) -> str:
    """Offsets shifted by three: the message says where the quote really is."""
    graph = load_graph(graph_dir)
    texts = source_texts(graph, graph_dir)
    # a quote found once, with room after it for the shifted span
    _quote, pos, _exact, start, end = next(
        s for s in selectors(graph)
        if len(locate(texts[source_of(graph, s[1])], s[2])) == 1
        and s[4] + 3 <= len(texts[source_of(graph, s[1])]))
    replace_in_block(graph_dir, pos, f"oa:start {start}", f"oa:start {start + 3}")
    replace_in_block(graph_dir, pos, f"oa:end {end}", f"oa:end {end + 3}")
    return (f"{prefixed(pos)} oa:start: oa:exact found at {start}–{end}, "
            f"not at {start + 3}–{end + 3}")


def break_event_date(graph_dir: Path) -> str:
    """An event with neither a date nor a reason for none: the SHACL shape catches it."""
    graph = load_graph(graph_dir)
    rows = graph.query("""
        PREFIX schema: <https://schema.org/>
        PREFIX mmru: <https://w3id.org/mmru-graph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?event WHERE {
            ?event a/rdfs:subClassOf* schema:Event ; schema:startDate ?date .
            FILTER NOT EXISTS { ?event schema:endDate ?end }
            FILTER NOT EXISTS { ?event mmru:noDateReason ?reason }
            FILTER NOT EXISTS { ?event mmru:dateApproximate ?approximate }
            FILTER NOT EXISTS { ?event mmru:dateNote ?note }
        } ORDER BY ?event""")
    [event] = next(iter(rows))  # type: ignore[misc]
    path, first, last = block_of(graph_dir, event)
    lines = path.read_text(encoding="utf-8").split("\n")
    [index] = [i for i in range(first, last + 1) if "schema:startDate" in lines[i]]
    assert lines[index].rstrip().endswith(";"), "startDate on a line of its own"
    del lines[index]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert (event, MMRU.noDateReason, None) not in graph
    return f"{prefixed(event)} "


def remove_source_text(graph_dir: Path) -> str:
    text = graph_dir / "sources" / "source-fixture-beta.txt"
    text.unlink()
    return f"Error: {text}: missing file (mmru:textFile of id:source-fixture-beta)"


def remove_ontology(graph_dir: Path) -> str:
    (graph_dir / "ontology.ttl").unlink()
    return f"Error: {graph_dir}: not a graph directory (needs ontology.ttl and data/)"


def remove_shapes(graph_dir: Path) -> str:
    (graph_dir / "shapes.ttl").unlink()
    return f"Error: {graph_dir / 'shapes.ttl'}: missing file"


def remove_graph_dir(graph_dir: Path) -> str:
    shutil.rmtree(graph_dir)
    return f"Error: {graph_dir}: graph directory does not exist"


BREAKAGES: dict[str, Callable[[Path], str]] = {
    "turtle syntax error": break_syntax,
    "quote not in the source": break_quote,
    "wrong offsets": break_offsets,
    "event without date or noDateReason": break_event_date,
    "missing source text": remove_source_text,
    "missing ontology.ttl": remove_ontology,
    "missing shapes.ttl": remove_shapes,
    "missing graph directory": remove_graph_dir,
}


@pytest.mark.parametrize("breakage", list(BREAKAGES), ids=list(BREAKAGES))
def test_bad_input_fails_cleanly_and_keeps_the_earlier_build(
        breakage: str, multi_source: Path, earlier_build: Path) -> None:
    graph_copy = multi_source
    before = snapshot(earlier_build)
    expected = BREAKAGES[breakage](graph_copy)

    for args in (["validate"], ["build", "--out", str(earlier_build)]):
        result = run(*args, "--graph", str(graph_copy))
        lines = assert_clean_failure(result)
        assert any(expected in line for line in lines), (expected, result.stderr)
        if len(lines) > 1:  # violations are located at the node's FILE:LINE
            hit = next(line for line in lines if expected in line)
            assert re.match(rf"  {re.escape(str(graph_copy))}/\S+\.ttl:\d+: ", hit), hit
    assert snapshot(earlier_build) == before


def test_default_out_dir_is_graph_build(multi_source: Path) -> None:
    result = run("build", "--graph", str(multi_source))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (multi_source / "build").iterdir())
    assert written == sorted(OUTPUT_FILES + OUTPUT_DIRS)


# --------------------------------------------------------------------------
# locate
# --------------------------------------------------------------------------
def test_locate_finds_every_quote_of_the_graph(graph: Graph) -> None:
    found = selectors(graph)
    assert found
    for _quote, _pos, exact, start, end in found:
        result = run("locate", exact, "--graph", str(GRAPH_DIR))
        assert result.exit_code == 0, result.output
        assert f"{start} {end}" in result.output.splitlines()


def test_locate_lists_every_occurrence() -> None:
    result = run("locate", "Myanmar’s military", "--graph", str(GRAPH_DIR))
    assert result.exit_code == 0
    text = (GRAPH_DIR / "sources" / TEXT_NAME).read_text(encoding="utf-8")
    assert result.output.splitlines() == [
        f"{s} {e}" for s, e in locate(text, "Myanmar’s military")]
    assert len(result.output.splitlines()) >= 2


def test_locate_not_found_suggests_the_closest_passage() -> None:
    result = run("locate", "Myanmar's military", "--graph", str(GRAPH_DIR))
    [line] = assert_clean_failure(result)
    assert result.exit_code == 1
    assert "differs only in quote marks" in line and "“Myanmar’s military”" in line
    result = run("locate", "Putin received Min Aung Hlaing", "--graph", str(GRAPH_DIR))
    [line] = assert_clean_failure(result)
    assert "closest at" in line and "Min Aung Hlaing" in line


def test_locate_empty_quote_is_a_usage_error() -> None:
    result = run("locate", "", "--graph", str(GRAPH_DIR))
    assert result.exit_code == 2
    assert_clean_failure(result)


@pytest.mark.parametrize("command", ["build", "validate", "locate"])
def test_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "--graph DIR" in result.output
    if command == "build":
        assert "--out DIR" in result.output
