"""The analyst notebook: run top to bottom in a fresh kernel, right answers, committed clean.

``notebooks/explore.ipynb`` is executed with nbclient (kernel ``python3``)
from ``notebooks/``, as JupyterLab runs it, and again from the repository
root; any error fails the test. The assertions read what the notebook
itself computed: its last cell (tag ``summary``) displays a JSON summary,
and the cells tagged ``who-met``, ``network``, ``timeline-plot`` and
``centrality-plot`` are read by their outputs. The plots are written to
a temporary folder, or to ``$MMRU_DOCS_IMAGES`` (``scripts/refresh-docs-images``
sets it to ``docs/``): tests never write tracked files.
"""

from __future__ import annotations

import base64
import html
import importlib.util
import os
import re
import struct
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import nbformat
import pytest
from browser import chromium, wait_until
from nbclient import NotebookClient

import mmru_graph as mg
from mmru_graph.errors import NoPathError

#: Every test here reads the curated graph (data tests, ``-m article``).
pytestmark = pytest.mark.article

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
SOURCE_TEXT = ROOT / "graph" / "sources" / "myanmar-russia-post-coup-2021.txt"
PLOTS = {"timeline-plot": "notebook-timeline.png", "centrality-plot": "notebook-centrality.png"}
CELL_TIMEOUT = 120  # seconds per cell; the whole notebook takes a few seconds


def _load_strip_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "strip_notebook_outputs", ROOT / "scripts" / "strip_notebook_outputs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


strip_script = _load_strip_script()


def execute(cwd: Path) -> nbformat.NotebookNode:
    """Run the notebook in a fresh ``python3`` kernel started in ``cwd``."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as patch:
        # The notebook must find the graph by the library's own resolution, and
        # draw inline whatever backend the environment asks for.
        for name in ("MMRU_GRAPH_DIR", "MPLBACKEND"):
            patch.delenv(name, raising=False)
        NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                       resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def tagged(nb: nbformat.NotebookNode, tag: str) -> nbformat.NotebookNode:
    [cell] = [c for c in nb.cells if tag in c.metadata.get("tags", [])]
    return cell


def output_data(nb: nbformat.NotebookNode, tag: str, mime: str) -> Any:
    """The ``mime`` data the cell tagged ``tag`` displayed (exactly one such output)."""
    found = [out["data"][mime] for out in tagged(nb, tag).outputs
             if out.get("output_type") in ("display_data", "execute_result")
             and mime in out.get("data", {})]
    assert len(found) == 1, f"cell {tag!r}: {len(found)} {mime} outputs"
    return found[0]


def stderr_of(nb: nbformat.NotebookNode) -> list[str]:
    return [out["text"] for cell in nb.cells if cell.cell_type == "code"
            for out in cell.outputs if out.get("output_type") == "stream"
            and out.get("name") == "stderr"]


@pytest.fixture(scope="module")
def executed() -> nbformat.NotebookNode:
    return execute(NOTEBOOK.parent)


@pytest.fixture(scope="module")
def summary(executed: nbformat.NotebookNode) -> dict[str, Any]:
    data = output_data(executed, "summary", "application/json")
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def source_text() -> str:
    return SOURCE_TEXT.read_text(encoding="utf-8")


def assert_quoted(evidence: list[dict[str, Any]], text: str) -> None:
    """At least one quote, each found verbatim at its offsets in the source."""
    assert evidence, "no evidence"
    for item in evidence:
        assert item["quote"], item
        assert text[item["start"]:item["end"]] == item["quote"], item


# --------------------------------------------------------------------------
# Running it
# --------------------------------------------------------------------------
@pytest.mark.notebook
def test_runs_clean_in_a_fresh_kernel(executed: nbformat.NotebookNode) -> None:
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert not [out for c in code for out in c.outputs if out.get("output_type") == "error"]
    assert stderr_of(executed) == []  # no warnings shown to the analyst either


@pytest.mark.notebook
def test_runs_from_the_repository_root(summary: dict[str, Any]) -> None:
    again = execute(ROOT)
    assert output_data(again, "summary", "application/json") == summary


# --------------------------------------------------------------------------
# What it computed
# --------------------------------------------------------------------------
@pytest.mark.notebook
def test_counts_per_kind_match_the_graph(summary: dict[str, Any], graph: Any,
                                         executed: nbformat.NotebookNode) -> None:
    expected = Counter(kind for _, kind in mg.full_graph(graph).nodes(data="kind"))
    assert summary["counts"] == dict(expected)
    assert {"person", "organization", "place", "event"} <= set(summary["counts"])
    table = output_data(executed, "counts", "text/html")
    assert "total" in table and "russia" in table and "myanmar" in table


@pytest.mark.notebook
def test_the_coup_leaders_counterparts(summary: dict[str, Any],
                                       executed: nbformat.NotebookNode) -> None:
    assert summary["leader"] == "Min Aung Hlaing"
    counterparts = set(summary["counterparts"])
    assert {"Alexander Vasilyevich Fomin", "Vladimir Kasatonov",
            "Rustam Nurgaliyevich Minnikhanov"} <= counterparts
    # The article says Putin has never received him: no meeting may appear.
    assert "Vladimir Putin" not in counterparts
    shown = html.unescape(output_data(executed, "who-met", "text/html"))
    assert "Vladimir Kasatonov" in shown and "Thilawa Jetty" in shown
    assert "The coup leader shows the Colonel General swords" in shown  # the quote itself


@pytest.mark.notebook
def test_the_timeline(summary: dict[str, Any], graph: Any) -> None:
    timeline = summary["timeline"]
    assert timeline["events"] == len(mg.timeline(graph, since="2021-02"))
    assert timeline["approximate"] >= 1  # drawn hollow in the plot
    assert timeline["approximate"] < timeline["events"]
    assert sum(timeline["sides"].values()) == timeline["events"]
    assert timeline["sides"]["Myanmar and Russia"] >= 5


@pytest.mark.notebook
def test_centrality(summary: dict[str, Any]) -> None:
    assert summary["top_degree"] == "Min Aung Hlaing"
    assert summary["brokers"][0] == "Min Aung Hlaing"


@pytest.mark.notebook
def test_the_path_crosses_sides_hop_by_hop_with_quotes(summary: dict[str, Any], graph: Any,
                                                       source_text: str) -> None:
    path = summary["path"]
    assert path["names"][0] == "Myanmar navy chief"
    assert path["names"][-1] == "Alexander Vasilyevich Fomin"
    sides = dict(mg.actor_graph(graph).nodes(data="side"))
    assert (sides[path["nodes"][0]], sides[path["nodes"][-1]]) == ("myanmar", "russia")
    assert path["length"] == len(path["hops"]) >= 1
    for hop in path["hops"]:
        assert hop["event"] and hop["date"]
        assert_quoted(hop["evidence"], source_text)
    # The notebook says these two are linked only through the full graph.
    assert summary["full_path"][0] == "Maung Maung Aye"
    assert summary["full_path"][-1] == "Vladimir Kasatonov"
    with pytest.raises(NoPathError):
        mg.explain_paths(graph, "Maung Maung Aye", "Kasatonov")


@pytest.mark.notebook
def test_sparql_and_named_query(summary: dict[str, Any], source_text: str) -> None:
    rows = summary["sparql_rows"]
    by_date = {(row["date"], name) for row in rows for name in row["russian_side"].split(", ")}
    assert ("2021-03-26", "Alexander Vasilyevich Fomin") in by_date
    assert ("2021-10-29", "Vladimir Kasatonov") in by_date
    for row in rows:
        for quote in row["quotes"].split(" | "):
            assert quote in source_text, quote
    assert summary["named_query_rows"] >= 1


# --------------------------------------------------------------------------
# The network, inline
# --------------------------------------------------------------------------
_IFRAME = re.compile(r'<div><iframe srcdoc="([^"]*)" sandbox="allow-scripts" width="100%" '
                     r'height="700" style="[^"]*" title="[^"]*"></iframe></div>', re.DOTALL)


@pytest.fixture(scope="module")
def iframe_html(executed: nbformat.NotebookNode) -> str:
    return str(output_data(executed, "network", "text/html"))


@pytest.mark.notebook
def test_network_is_the_view_page_in_a_sandboxed_srcdoc(iframe_html: str, graph: Any,
                                                        tmp_path: Path) -> None:
    from mmru_graph.view.page import write_network_html

    match = _IFRAME.fullmatch(iframe_html)
    assert match, iframe_html[:300]
    assert "allow-same-origin" not in iframe_html
    page = html.unescape(match.group(1))
    write_network_html(graph, tmp_path / "view.html")  # what `mmru-graph view` writes
    assert page == (tmp_path / "view.html").read_text(encoding="utf-8")
    # Nothing to fetch: no external script, stylesheet, import or frame.
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"<(?:script|link|img|iframe)[^>]*https?://", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", page, re.IGNORECASE)
    assert 'http-equiv="Content-Security-Policy"' in page


@pytest.mark.notebook
@pytest.mark.browser
def test_network_renders_inside_the_notebook_output(iframe_html: str, graph: Any,
                                                    tmp_path: Path) -> None:
    wrapper = tmp_path / "output.html"
    wrapper.write_text(f"<!DOCTYPE html><html><body>{iframe_html}</body></html>",
                       encoding="utf-8")
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1200, "height": 800})
        page = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(wrapper.as_uri())
        [frame] = [f for f in page.frames if f != page.main_frame]
        wait_until(frame, "Boolean(window.mmruView && window.mmruView.ready)", 20_000)
        counts = frame.evaluate("window.mmruView.counts()")
        canvases = frame.evaluate("document.querySelectorAll('canvas').length")
        view = frame.evaluate("window.mmruView.view")
        box = page.locator("iframe").bounding_box()
        context.close()
    assert errors == []
    assert requests == [wrapper.as_uri()]  # the iframe fetched nothing
    assert view == "actors" and canvases == 1
    assert counts["dataNodes"] == mg.actor_graph(graph).number_of_nodes()
    assert box is not None and box["height"] >= 650 and box["width"] >= 1000


# --------------------------------------------------------------------------
# The plots
# --------------------------------------------------------------------------
def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.notebook
def test_plots_render_to_png(executed: nbformat.NotebookNode, tmp_path: Path) -> None:
    out_dir = Path(os.environ.get("MMRU_DOCS_IMAGES") or tmp_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    for tag, name in PLOTS.items():
        png = base64.b64decode(output_data(executed, tag, "image/png"))
        width, height = _png_size(png)
        assert width >= 1000 and height >= 400, (tag, width, height)
        target = out_dir / name
        if not target.exists() or target.read_bytes() != png:
            partial = target.with_name(f".{name}.tmp")
            partial.write_bytes(png)
            partial.replace(target)
    assert tagged(executed, "timeline-plot").outputs  # drawn, not only saved


# --------------------------------------------------------------------------
# "Your turn": the worked example is the graph as it is
# --------------------------------------------------------------------------
def test_the_add_a_fact_example_is_in_the_graph(graph: Any, source_text: str) -> None:
    from rdflib import Graph

    from mmru_graph.namespaces import PREFIXES

    nb = nbformat.read(NOTEBOOK, as_version=4)
    [cell] = [c for c in nb.cells if c.cell_type == "markdown" and "```turtle" in c.source]
    turtle = re.search(r"```turtle\n(.*?)```", cell.source, re.DOTALL)
    assert turtle
    prefixes = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in PREFIXES.items())
    example = Graph().parse(data=prefixes + textwrap.dedent(turtle.group(1)), format="turtle")
    assert len(example) >= 10
    assert not [triple for triple in example if triple not in graph]
    start, end = map(int, re.search(r"prints `(\d+) (\d+)`", cell.source).groups())
    quote = re.search(r'mmru-graph locate "(.*?)"', cell.source).group(1)
    assert source_text[start:end] == quote


# --------------------------------------------------------------------------
# Committed clean
# --------------------------------------------------------------------------
def test_committed_notebooks_have_no_outputs() -> None:
    found = strip_script.notebooks()
    assert NOTEBOOK in found
    for path in found:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.outputs == [] for c in code), f"{path}: outputs committed"
        assert all(c.execution_count is None for c in code), f"{path}: execution counts"
        text, cleaned = strip_script.clean_text(path)
        assert text == cleaned, (f"{path}: not clean; run "
                                 f"python scripts/strip_notebook_outputs.py {path}")


def test_strip_script_cleans_an_executed_notebook(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello\n")]
    nb.cells[1].execution_count = 7
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00"}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    dirty = tmp_path / "dirty.ipynb"
    nbformat.write(nb, dirty)
    assert strip_script.main(["--check", str(dirty)]) == 1
    assert strip_script.main([str(dirty)]) == 0
    assert dirty.read_text(encoding="utf-8") == NOTEBOOK.read_text(encoding="utf-8")
    assert strip_script.main(["--check", str(dirty)]) == 0
