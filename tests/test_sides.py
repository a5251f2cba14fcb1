"""The sides of the relationship are data: a graph of two other countries needs no code.

tests/fixtures/two_countries declares Chile and Peru as its sides
(``mmru:sideOrder``) and carries no model of its own; the projections, the
CLI's tables and the page all show its sides, in its order, and never the
curated graph's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mmru_graph import actor_graph, full_graph, load_graph
from mmru_graph.cli import cli
from mmru_graph.namespaces import ID
from mmru_graph.projection.nodes import node_table
from mmru_graph.view.page import render_network_page

FIXTURE = Path(__file__).parent / "fixtures" / "two_countries"
ANA, QUISPE, MAMANI = (str(ID[s]) for s in ("ana-rojas", "luis-quispe", "eva-mamani"))


@pytest.fixture(scope="module")
def chile_peru() -> Any:
    """The two-countries fixture graph (named apart from conftest's ``graph``, the article)."""
    return load_graph(FIXTURE)


def run(*args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--graph", str(FIXTURE)],
                                env={"MMRU_GRAPH_CACHE": "0"})
    assert result.exit_code == 0, result.output
    return result


def test_actors_take_the_sides_the_graph_declares(chile_peru: Any) -> None:
    attrs = node_table(chile_peru).attrs
    assert [attrs[n]["side"] for n in (ANA, QUISPE, MAMANI)] == ["chile", "peru", "other"]
    assert attrs[str(ID["chilean-navy"])]["side"] == "chile"
    assert attrs[str(ID.lima)]["side"] == ""  # places have no side
    sides = [(s["key"], s["label"]) for s in full_graph(chile_peru).graph["sides"]]
    assert sides == [("chile", "Chile"), ("peru", "Peru")]


def test_contact_rules_come_from_the_package_ontology(chile_peru: Any) -> None:
    actors = actor_graph(chile_peru)
    assert actors.edges[ANA, QUISPE]["contact"] == "direct"
    assert actors.edges[QUISPE, MAMANI]["contact"] == "co-attendance"
    assert actors.edges[QUISPE, MAMANI]["weight"] == pytest.approx(0.25)


def test_cli_tables_name_the_sides(chile_peru: Any) -> None:
    out = run("met", "Ana Rojas").stdout
    assert out.startswith("Ana Rojas (person, Chile): 1 contact with 1 counterpart")
    row = next(line for line in out.splitlines() if "Luis Quispe" in line)
    assert re.search(r"Luis Quispe\s+Peru\s+direct", row), row
    ranking = run("central", "--measure", "degree").stdout
    assert re.search(r"Eva Mamani\s+person\s+other", ranking), ranking
    assert re.search(r"Chilean Navy\s+organization\s+Chile", ranking), ranking
    assert "Myanmar" not in out + ranking and "Russia" not in out + ranking
    card = run("show", "Quispe").stdout
    assert card.startswith("Luis Quispe (person, Person, side: Peru)")


def page_data(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="mmru-data">(.*?)</script>', html,
                      re.DOTALL)
    assert found, "no data block"
    return json.loads(found.group(1))


def test_the_page_shows_the_graphs_sides(chile_peru: Any) -> None:
    html = render_network_page(full_graph(chile_peru), actor_graph(chile_peru), title="Chile–Peru")
    data = page_data(html)
    assert [(s["key"], s["label"]) for s in data["sides"]] == [
        ("chile", "Chile"), ("peru", "Peru"), ("other", "other")]
    groups = html[html.index('id="legend"'):].split('<span class="legend-group">')
    legend = groups[1]  # the first group: the sides
    assert re.findall(r"</svg>([^<]*)</span>", legend) == ["Chile", "Peru", "other"]
    colours = {s["key"]: s["colour"] for s in data["sides"]}
    assert len(set(colours.values())) == 3
    nodes = {n["id"]: n for n in data["views"]["actors"]["nodes"]}
    by_name = {e["name"]: i for i, e in enumerate(data["entities"])}
    assert nodes[by_name["Ana Rojas"]]["color"] == colours["chile"]
    assert nodes[by_name["Luis Quispe"]]["color"] == colours["peru"]
    assert nodes[by_name["Eva Mamani"]]["color"] == colours["other"]
    assert "Myanmar" not in html and "myanmar" not in html and "Russia" not in html


@pytest.mark.browser
def test_the_page_labels_and_colours_side_tags_in_the_browser(chile_peru: Any,
                                                               tmp_path: Path) -> None:
    from browser import chromium, open_page, wait_until

    path = tmp_path / "page.html"
    path.write_text(render_network_page(full_graph(chile_peru), actor_graph(chile_peru),
                                        title="Chile–Peru"), encoding="utf-8")
    with chromium() as browser, open_page(browser, path) as (page, log):
        page.fill("#search", "Quispe")
        page.press("#search", "Enter")
        tag = wait_until(page, "(() => { const t = document.querySelector('#card .tag.side');"
                               " return t && [t.textContent, getComputedStyle(t).color]; })()")
        assert tag[0] == "Peru"
        assert tag[1] == "rgb(18, 63, 140)"  # the second side's tag text colour
        assert not log.console_errors()


def test_named_queries_between_the_sides_read_the_sides_from_the_data(chile_peru: Any) -> None:
    """The economic-cooperation query names no country: it takes the graph's two sides."""
    from mmru_graph.model import package_ontology
    from mmru_graph.sparql.named import run_named_query

    with_model = chile_peru + package_ontology()  # the queries reason over the ontology's classes
    rows = list(run_named_query(with_model, "economic-cooperation"))
    assert [(str(r.name), set(str(r.parties).split(", "))) for r in rows] == [
        ("Chile pledges investment in Peru's ports", {"Chile", "Peru"})]
    # The arms query goes by classes alone: the parade and the sale.
    rows = list(run_named_query(with_model, "arms-and-military-cooperation"))
    assert [str(r.name) for r in rows] == ["Navy day parade", "Chile sells patrol boats to Peru"]
