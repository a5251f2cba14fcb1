"""The network page in headless Chromium: offline, complete, interactive, and safe.

Every test loads a real page file (``file://``) under its own
Content-Security-Policy, records every request and console message, and
reads what vis-network actually draws (``network.body.nodeIndices``, the
DataSets) through ``window.mmruView``. The answers are checked against the
networkx projections and the library's own date rules.
"""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from browser import chromium, open_page, wait_until
from rdflib import Graph
from test_view import IMG, KASATONOV, MIN_AUNG_HLAING, SCRIPT, hostile_projections

from mmru_graph.atomic import atomic_write_bytes
from mmru_graph.dates import in_range
from mmru_graph.projection.graphs import actor_graph, full_graph
from mmru_graph.view.page import render_network_page, write_network_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
#: Where the README's screenshot is written: a temporary folder in a test run
#: (tests never write tracked files); ``scripts/refresh-docs-images`` points
#: ``$MMRU_DOCS_IMAGES`` at ``docs/`` to refresh the committed picture.
SCREENSHOT_NAME = "network-view.png"
DIM = "#e4e7eb"
PATH_COLOUR = "#e03131"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def projections(graph: Graph) -> tuple[nx.MultiDiGraph, nx.Graph]:
    return full_graph(graph), actor_graph(graph)


@pytest.fixture(scope="module")
def page_file(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("view") / "network.html"
    write_network_html(graph, path)
    return path


def pick(page: Any, selector: str, typed: str, name: str) -> None:
    """Type into a path picker and click the option that shows ``name``."""
    page.fill(selector, typed)
    option = page.locator(f"{selector}-list li[role=option]", has_text=name).first
    option.click()
    assert page.input_value(selector) == name


def entity_index(page: Any, iri: str) -> int:
    index: int = page.evaluate("iri => window.mmruView.data.entities.findIndex(e => e.iri === iri)",
                               iri)
    assert index >= 0, iri
    return index


def switch_view(page: Any, name: str) -> None:
    page.click(f"#view-{name}")
    wait_until(page, f"window.mmruView.view === '{name}' && window.mmruView.ready")


def card_text(page: Any) -> str:
    text: str = page.evaluate("document.getElementById('card').textContent")
    return text


def visible_node_ids(page: Any) -> set[int]:
    return set(page.evaluate("window.mmruView.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))


def visible_edges(page: Any) -> list[dict[str, Any]]:
    edges: list[dict[str, Any]] = page.evaluate(
        "window.mmruView.edges.get({filter: e => !e.hidden, fields: ['id', 'from', 'to']})")
    return edges


FIND_CLICKABLE_EDGE = """
() => {
  const view = window.mmruView, network = view.network;
  const box = document.getElementById('network').getBoundingClientRect();
  for (const edge of view.edges.get({filter: e => !e.hidden})) {
    const middle = network.body.edges[edge.id].edgeType.getPoint(0.5);
    const dom = network.canvasToDOM(middle);
    if (dom.x < 30 || dom.y < 30 || dom.x > box.width - 30 || dom.y > box.height - 30) continue;
    if (network.getNodeAt(dom) !== undefined || network.getEdgeAt(dom) !== edge.id) continue;
    if (view.labelAt(dom.x, dom.y) !== undefined) continue;  // a label's click is its node's
    return {id: edge.id, from: edge.from, to: edge.to, x: box.left + dom.x, y: box.top + dom.y};
  }
  return null;
}
"""


def test_page_loads_offline_and_draws_every_node_and_edge(
        browser: Any, page_file: Path, projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    full, actors = projections
    with open_page(browser, page_file) as (page, log):
        counts = page.evaluate("window.mmruView.counts()")
        assert (counts["nodes"], counts["edges"]) == (actors.number_of_nodes(),
                                                      actors.number_of_edges())
        switch_view(page, "full")
        counts = page.evaluate("window.mmruView.counts()")
        assert (counts["nodes"], counts["edges"]) == (full.number_of_nodes(),
                                                      full.number_of_edges())
        switch_view(page, "actors")  # back again, from the remembered layout
        assert page.evaluate("window.mmruView.counts().edges") == actors.number_of_edges()
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert log.requests == [page_file.resolve().as_uri()]
        assert log.console_errors() == []
        # The Content-Security-Policy is in force: a fetch is refused before any request.
        outcome = page.evaluate("fetch('https://example.org/x').then(() => 'fetched', "
                                "error => 'refused: ' + error.name)")
        assert outcome == "refused: TypeError"
        assert log.requests == [page_file.resolve().as_uri()]


def test_search_in_the_full_view_prefers_the_person_to_events_named_after_him(
        browser: Any, page_file: Path) -> None:
    """In the full view "Kasatonov" also matches the meeting named after him:
    equally good matches go to people and organizations first."""
    with open_page(browser, page_file) as (page, _log):
        switch_view(page, "full")
        kasatonov = entity_index(page, KASATONOV)
        page.fill("#search", "Kasatonov")
        page.press("#search", "Enter")
        assert page.evaluate("window.mmruView.network.getSelectedNodes()") == [kasatonov]
        assert page.evaluate("document.querySelector('#card h2').textContent") == \
            "Vladimir Kasatonov"


def test_search_selects_and_centres_kasatonov(browser: Any, page_file: Path,
                                              projections: tuple[nx.MultiDiGraph, nx.Graph]
                                              ) -> None:
    _full, actors = projections
    with open_page(browser, page_file) as (page, log):
        kasatonov = entity_index(page, KASATONOV)
        page.fill("#search", "kasátonov")  # case and accents do not matter
        page.press("#search", "Enter")
        assert page.evaluate("window.mmruView.network.getSelectedNodes()") == [kasatonov]
        assert page.evaluate("document.querySelector('#card h2').textContent") == \
            "Vladimir Kasatonov"
        page.wait_for_timeout(600)  # the centring animation
        centre = page.evaluate("""id => {
            const n = window.mmruView.network, p = n.canvasToDOM(n.getPositions([id])[id]);
            const box = document.getElementById('network').getBoundingClientRect();
            return [p.x - box.width / 2, p.y - box.height / 2]; }""", kasatonov)
        assert abs(centre[0]) < 5 and abs(centre[1]) < 5
        # neighbourhood highlight: his contacts keep their colour, the rest is dimmed
        colours = dict(page.evaluate(
            "window.mmruView.nodes.get().map(n => [n.id, n.color])"))
        entities = page.evaluate("window.mmruView.data.entities.map(e => e.iri)")
        near = set(actors[KASATONOV]) | {KASATONOV}
        for node, colour in colours.items():
            assert (colour == DIM) == (entities[int(node)] not in near), entities[int(node)]
        text = card_text(page)
        assert "Vice Admiral" in text or "Vice-Admiral" in text  # an alias on his card
        assert log.console_errors() == []


def test_date_filter_to_october_2021_hides_the_march_events(
        browser: Any, page_file: Path, projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    full, actors = projections
    since, until = "2021-10-01", "2021-10-31"
    with open_page(browser, page_file) as (page, log):
        entities = page.evaluate("window.mmruView.data.entities.map(e => e.iri)")
        index = {iri: i for i, iri in enumerate(entities)}
        page.fill("#since", since)
        page.fill("#until", until)
        # actor view: a link stays only if one of its events overlaps October
        shown = {frozenset((entities[e["from"]], entities[e["to"]])) for e in visible_edges(page)}
        expected = {frozenset((a, b)) for a, b, data in actors.edges(data=True)
                    if any(in_range(ev["start"], ev["end"], since, until)
                           for ev in data["events"])}
        assert shown == expected and shown
        # "hide unlinked" (on by default): only actors linked in October stay
        linked_in_october = {index[iri] for pair in expected for iri in pair}
        assert visible_node_ids(page) == linked_in_october
        switch_view(page, "full")
        visible = visible_node_ids(page)
        march = [iri for iri, data in full.nodes(data=True)
                 if data["kind"] == "event" and data["start"].startswith("2021-03")]
        assert march, "the graph has March 2021 events"
        assert not visible & {index[iri] for iri in march}
        for iri, data in full.nodes(data=True):
            if data["kind"] == "event":
                assert (index[iri] in visible) == in_range(data["start"], data["end"], since,
                                                           until), iri
        assert page.evaluate("window.mmruView.counts().nodes") == len(visible)
        page.click("#reset")
        assert len(visible_node_ids(page)) == full.number_of_nodes()
        assert log.console_errors() == []


def clicked_edge_ends(page: Any, entities: list[str]) -> tuple[str, str]:
    """The IRIs at the ends of the link the click selected.

    Where two links cross at the point clicked, vis-network picks one of
    them: the card must show *that* link's evidence.
    """
    selected = page.evaluate("window.mmruView.network.getSelectedEdges()")
    assert len(selected) == 1, selected
    edge = page.evaluate("id => window.mmruView.edges.get(id)", selected[0])
    return entities[edge["from"]], entities[edge["to"]]


def test_clicking_a_link_shows_its_quotes(browser: Any, page_file: Path,
                                          projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    full, actors = projections
    with open_page(browser, page_file) as (page, log):
        entities = page.evaluate("window.mmruView.data.entities.map(e => e.iri)")
        target = page.evaluate(FIND_CLICKABLE_EDGE)
        assert target, "no link can be clicked clear of the nodes"
        page.mouse.click(target["x"], target["y"])
        text = card_text(page)
        a, b = clicked_edge_ends(page, entities)
        for event in actors.edges[a, b]["events"]:
            assert event["event"] in text
            for item in event["evidence"]:
                assert item["quote"] in text
        assert actors.nodes[a]["name"] in text and actors.nodes[b]["name"] in text

        switch_view(page, "full")
        target = page.evaluate(FIND_CLICKABLE_EDGE)
        assert target
        page.mouse.click(target["x"], target["y"])
        text = card_text(page)
        a, b = clicked_edge_ends(page, entities)
        labels = {data["label"] for data in full.get_edge_data(a, b).values()}
        assert any(label in text for label in labels)
        quotes = [item["quote"] for data in full.get_edge_data(a, b).values()
                  for item in data["evidence"]]
        assert any(quote in text for quote in quotes)
        assert log.console_errors() == []


def test_path_between_two_actors_is_highlighted(browser: Any, page_file: Path,
                                                projections: tuple[nx.MultiDiGraph, nx.Graph]
                                                ) -> None:
    _full, actors = projections
    distances = nx.single_source_shortest_path_length(actors, KASATONOV)
    farthest = max(sorted(distances), key=lambda iri: distances[iri])
    assert distances[farthest] >= 2
    with open_page(browser, page_file) as (page, log):
        entities = page.evaluate("window.mmruView.data.entities.map(e => e.iri)")
        pick(page, "#path-from", "kasaton", "Vladimir Kasatonov")
        pick(page, "#path-to", actors.nodes[farthest]["name"], actors.nodes[farthest]["name"])
        path = page.evaluate("window.mmruView.path")
        nodes = [entities[n] for n in path["nodes"]]
        assert nodes[0] == KASATONOV and nodes[-1] == farthest
        assert len(nodes) - 1 == distances[farthest]
        assert all(actors.has_edge(u, v) for u, v in itertools.pairwise(nodes))
        styled = page.evaluate("""ids => ids.map(id => {
            const e = window.mmruView.edges.get(id); return [e.color.color, e.width]; })""",
                               path["edges"])
        assert styled == [[PATH_COLOUR, 5]] * len(path["edges"])
        colours = dict(page.evaluate(
            "window.mmruView.nodes.get().map(n => [n.id, n.color])"))
        assert {int(n) for n, c in colours.items() if c != DIM} == set(path["nodes"])
        assert f"Path: {distances[farthest]} steps" in card_text(page)
        assert log.console_errors() == []


def test_kind_filter_hides_and_restores(browser: Any, page_file: Path,
                                        projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    full, _actors = projections
    with open_page(browser, page_file) as (page, log):
        switch_view(page, "full")
        kinds = page.evaluate("window.mmruView.data.entities.map(e => e.kind)")
        page.uncheck("#kinds input[value=event]")
        visible = visible_node_ids(page)
        assert visible and not any(kinds[n] == "event" for n in visible)
        page.check("#kinds input[value=event]")
        assert len(visible_node_ids(page)) == full.number_of_nodes()
        assert log.console_errors() == []


def test_focus_page_opens_on_its_entity(browser: Any, graph: Graph, tmp_path: Path,
                                        projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    _full, actors = projections
    path = tmp_path / "focus.html"
    write_network_html(graph, path, focus=KASATONOV, depth=1, since="2021-10")
    with open_page(browser, path) as (page, log):
        page.wait_for_timeout(400)
        assert page.evaluate("window.mmruView.selected") == entity_index(page, KASATONOV)
        assert page.evaluate("document.querySelector('#card h2').textContent") == \
            "Vladimir Kasatonov"
        assert page.evaluate("document.getElementById('since').value") == "2021-10-01"
        assert page.evaluate("window.mmruView.nodes.length") == len(actors[KASATONOV]) + 1
        assert log.console_errors() == []


def test_page_works_inside_the_notebook_iframe(browser: Any, page_file: Path,
                                               tmp_path: Path) -> None:
    """The notebook shows the page in ``<iframe srcdoc sandbox="allow-scripts">``."""
    import html

    wrapper = tmp_path / "notebook.html"
    wrapper.write_text(
        '<!DOCTYPE html><iframe srcdoc="'
        + html.escape(page_file.read_text(encoding="utf-8"), quote=True)
        + '" sandbox="allow-scripts" width="1200" height="700"></iframe>', encoding="utf-8")
    context = browser.new_context(viewport={"width": 1300, "height": 800})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(wrapper.resolve().as_uri())
        frame = page.frames[1]
        wait_until(frame, "Boolean(window.mmruView && window.mmruView.ready)")
        assert frame.evaluate("window.mmruView.counts().edges") > 0
        assert errors == []
    finally:
        context.close()


def test_screenshot_of_the_real_graph(browser: Any, page_file: Path, tmp_path: Path) -> None:
    """The picture in the README: who met whom, with the evidence of one link open."""
    with open_page(browser, page_file, width=1400, height=900) as (page, log):
        mah, kasatonov = entity_index(page, MIN_AUNG_HLAING), entity_index(page, KASATONOV)
        point = page.evaluate("""([a, b]) => {
            const view = window.mmruView, network = view.network;
            const edge = view.edges.get({filter: e => (e.from === a && e.to === b) ||
                                                      (e.from === b && e.to === a)})[0];
            const box = document.getElementById('network').getBoundingClientRect();
            for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
              const dom = network.canvasToDOM(network.body.edges[edge.id].edgeType.getPoint(t));
              if (network.getNodeAt(dom) === undefined && network.getEdgeAt(dom) === edge.id
                  && view.labelAt(dom.x, dom.y) === undefined)
                return [box.left + dom.x, box.top + dom.y];
            }
            return null; }""", [mah, kasatonov])
        assert point, "the Min Aung Hlaing – Kasatonov link is hidden under nodes"
        page.mouse.click(point[0], point[1])
        assert "Vladimir Kasatonov" in card_text(page)
        # move off the link inside the canvas, so that vis-network hides its tooltip
        box = page.evaluate("(() => { const b = document.getElementById('network')"
                            ".getBoundingClientRect(); return [b.right, b.bottom]; })()")
        page.mouse.move(box[0] - 8, box[1] - 8, steps=4)
        wait_until(page, "(() => { const t = document.querySelector('div.vis-tooltip');"
                         " return !t || t.style.visibility === 'hidden'; })()")
        image = page.screenshot(type="png")
        assert log.console_errors() == []
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    screenshot = Path(os.environ.get("MMRU_DOCS_IMAGES") or tmp_path) / SCREENSHOT_NAME
    if not same_picture(screenshot, image):
        atomic_write_bytes(screenshot, image)
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def same_picture(path: Path, image: bytes, tolerance: int = 200) -> bool:
    """Whether ``path`` already shows ``image``, anti-aliasing aside.

    Chromium's anti-aliasing of a rounded corner varies from run to run by a
    few pixels; rewriting the committed screenshot for that would churn it.
    """
    try:
        from PIL import Image, ImageChops
    except ImportError:
        return False
    if not path.is_file():
        return False
    old = Image.open(path).convert("RGB")
    new = Image.open(io.BytesIO(image)).convert("RGB")
    if old.size != new.size:
        return False
    changed = ImageChops.difference(old, new).convert("L").point(lambda v: 255 if v > 16 else 0)
    return changed.histogram()[255] < tolerance


def test_hostile_text_is_shown_literally_and_runs_nothing(browser: Any,
                                                          tmp_path: Path) -> None:
    full, actors, title = hostile_projections()
    path = tmp_path / "hostile.html"
    path.write_text(render_network_page(full, actors, title=title), encoding="utf-8")
    with open_page(browser, path) as (page, log):
        assert page.evaluate("document.getElementById('page-title').textContent") == title
        assert page.evaluate("document.title") == title
        page.fill("#search", "href")
        page.press("#search", "Enter")
        text = card_text(page)
        for literal in (f"{IMG} Person href", f"{SCRIPT} alias", f"<b>minister</b> {IMG}",
                        f"He said {SCRIPT} and {IMG}", f"Source {IMG}"):
            assert literal in text
        # the tooltip, shown on hover, is text too
        page.wait_for_timeout(600)  # the centring animation
        position = page.evaluate("""() => {
            const n = window.mmruView.network, id = window.mmruView.selected;
            const p = n.canvasToDOM(n.getPositions([id])[id]);
            const box = document.getElementById('network').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y]; }""")
        page.mouse.move(position[0] - 40, position[1] - 40)
        page.mouse.move(position[0] + 1, position[1] + 1, steps=5)
        tip = wait_until(page, "(() => { const t = document.querySelector('div.vis-tooltip'); "
                               "return t && t.style.visibility !== 'hidden' && t.textContent; "
                               "})()")
        assert f"{IMG} Person href" in tip and SCRIPT in tip
        # the link's card: the meeting, its place and its quote, literally
        page.mouse.move(5, 5)
        target = page.evaluate(FIND_CLICKABLE_EDGE)
        assert target
        page.mouse.click(target["x"], target["y"])
        text = card_text(page)
        assert f"Meeting {SCRIPT} {IMG}" in text and f"Naypyitaw {IMG}" in text
        options = page.evaluate("[...document.querySelectorAll('#search-names option')]"
                                ".map(o => o.value)")
        assert any(SCRIPT in option for option in options)
        page.fill("#path-from", "script")  # the picker lists the hostile names as text
        listed = page.evaluate("[...document.querySelectorAll('#path-from-list li')]"
                               ".map(li => li.textContent)")
        assert any(SCRIPT in text for text in listed)
        switch_view(page, "full")
        page.fill("#search", "Meeting")
        page.press("#search", "Enter")
        assert f"attended by {IMG}" in card_text(page)
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.evaluate("document.querySelectorAll('img, svg image, iframe, object').length") \
            == 0
        assert page.evaluate("document.scripts.length") == 3
        assert log.requests == [path.resolve().as_uri()]
        assert log.console_errors() == []
