"""The network page as an analyst reads it, in headless Chromium (issue 13).

The time strip and its brush, the date filter of the full graph, filters
composed with a path, labels drawn where they fit at a readable size,
searchable path pickers, tooltips that go when the pointer leaves, ambiguous
searches listing their candidates with the command line's rules, and cards
that say who says so. Each test reads what vis-network draws and what the
DOM shows (``window.mmruView``) and compares it with the projections and
the library's own rules. Screenshots go to ``$MMRU_VIEW_SHOTS`` or tmp_path.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from browser import chromium, open_page, wait_until
from rdflib import Graph
from test_view import IMG, SCRIPT, hostile_projections
from test_view_browser import (
    DIM,
    KASATONOV,
    MIN_AUNG_HLAING,
    PATH_COLOUR,
    card_text,
    entity_index,
    pick,
    switch_view,
    visible_edges,
    visible_node_ids,
)

from mmru_graph import model
from mmru_graph.analysis.resolve import find_candidates, normalize
from mmru_graph.dates import in_range
from mmru_graph.namespaces import ID, PROV, SCHEMA
from mmru_graph.projection.graphs import actor_graph, full_graph
from mmru_graph.projection.nodes import node_table
from mmru_graph.view.page import render_network_page, write_network_html
from mmru_graph.view.provenance import Provenance
from mmru_graph.view.style import MIN_LABEL_PX
from mmru_graph.view.tables import date_bounds

pytestmark = pytest.mark.browser


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


def shot(page: Any, tmp_path: Path, name: str) -> Path:
    """A screenshot, for a person to look at (``$MMRU_VIEW_SHOTS`` keeps them)."""
    folder = Path(os.environ.get("MMRU_VIEW_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return path


def entity_iris(page: Any) -> list[str]:
    iris: list[str] = page.evaluate("window.mmruView.data.entities.map(e => e.iri)")
    return iris


def node_colours(page: Any) -> dict[int, str]:
    return {int(n): c for n, c in page.evaluate(
        "window.mmruView.nodes.get({filter: n => !n.hidden}).map(n => [n.id, n.color])")}


def drag_strip(page: Any, first: str, last: str) -> None:
    """Drag the time strip's brush from the bar of one month to another's."""
    boxes = [page.locator(f'g.strip-bin[data-month="{month}"] rect.strip-hit').bounding_box()
             for month in (first, last)]
    page.mouse.move(boxes[0]["x"] + boxes[0]["width"] / 2, boxes[0]["y"] + 10)
    page.mouse.down()
    page.mouse.move(boxes[1]["x"] + boxes[1]["width"] / 2, boxes[1]["y"] + 10, steps=6)
    page.mouse.up()


def full_view_expected(full: nx.MultiDiGraph, since: str, until: str) -> set[str]:
    """What the full graph keeps for a date range: the events in it, and the
    entities tied to one of them that keep a link among what is shown."""
    kind = {n: d["kind"] for n, d in full.nodes(data=True)}
    events = {n for n, d in full.nodes(data=True)
              if d["kind"] == "event" and in_range(d["start"], d["end"], since, until)}
    tied = {b for a, b in full.edges() if a in events and kind[b] != "event"} | \
        {a for a, b in full.edges() if b in events and kind[a] != "event"}
    shown = events | tied
    linked = {n for a, b in full.edges() if a != b and a in shown and b in shown for n in (a, b)}
    return events | (tied & linked)


# --------------------------------------------------------------------------
# the time strip and the date filter
# --------------------------------------------------------------------------
def test_time_strip_counts_events_by_month_and_its_brush_filters_both_views(
        browser: Any, page_file: Path, projections: tuple[nx.MultiDiGraph, nx.Graph],
        tmp_path: Path) -> None:
    full, actors = projections
    with open_page(browser, page_file) as (page, log):
        switch_view(page, "full")
        bins = {b["month"]: (int(b["exact"]), int(b["spread"])) for b in page.evaluate(
            "[...document.querySelectorAll('g.strip-bin')].map(g => ({month: g.dataset.month,"
            " exact: g.dataset.exact, spread: g.dataset.spread}))")}
        spans = [date_bounds(d["start"], d["end"]) for _n, d in full.nodes(data=True)
                 if d["kind"] == "event"]
        for month in ("2021-03", "2021-06", "2021-10"):
            exact = sum(1 for lo, hi in spans if lo[:7] == month == hi[:7])
            spread = sum(1 for lo, hi in spans if lo and lo[:7] <= month <= hi[:7]
                         and lo[:7] != hi[:7])
            assert bins[month] == (exact, spread), month
        assert bins["2021-06"][0] > 0
        # a year known only by year-dated events is one bar: no empty months
        assert "2016" in bins and "2016-06" not in bins

        drag_strip(page, "2021-06", "2021-08")
        since, until = "2021-06-01", "2021-08-31"
        assert (page.input_value("#since"), page.input_value("#until")) == (since, until)
        iris = entity_iris(page)
        shown = {iris[n] for n in visible_node_ids(page)}
        assert shown == full_view_expected(full, since, until)
        assert page.text_content(".strip-readout").startswith("Jun 2021 – Aug 2021: ")
        picture = shot(page, tmp_path, "full-after-brush.png")

        switch_view(page, "actors")  # the same range drives the other view
        assert page.evaluate("document.querySelectorAll('g.strip-bin.in').length") == 3
        pairs = {frozenset((iris[e["from"]], iris[e["to"]])) for e in visible_edges(page)}
        assert pairs == {frozenset((a, b)) for a, b, d in actors.edges(data=True)
                         if any(in_range(ev["start"], ev["end"], since, until)
                                for ev in d["events"])}

        # the keyboard: Escape clears, End picks the last month, Shift+← / → resize
        page.focus(".strip-box")
        page.keyboard.press("Escape")
        assert page.input_value("#since") == "" and page.input_value("#until") == ""
        assert len(visible_node_ids(page)) == actors.number_of_nodes()
        page.keyboard.press("End")
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("Shift+ArrowRight")
        assert (page.input_value("#since"), page.input_value("#until")) == \
            ("2021-11-01", "2021-12-31")
        # typed dates move the brush
        page.fill("#since", "2021-09-01")
        page.fill("#until", "2021-10-31")
        assert page.evaluate("[...document.querySelectorAll('g.strip-bin.in')]"
                             ".map(g => g.dataset.month)") == ["2021-09", "2021-10"]
        assert log.console_errors() == []
    assert picture.stat().st_size > 10_000


STRIP_STATE = """(() => {
  const bins = [...document.querySelectorAll('g.strip-bin')];
  const s = window.mmruView.strip;
  return {total: s.total, undated: s.undated,
          exact: bins.reduce((n, g) => n + Number(g.dataset.exact), 0),
          months: Object.fromEntries(bins.map(g => [g.dataset.month, Number(g.dataset.exact)]))};
})()"""


def set_kind(page: Any, kind: str, checked: bool) -> None:
    page.set_checked(f'#kinds input[value="{kind}"]', checked)


def test_time_strip_counts_only_what_the_kind_filters_show(
        browser: Any, page_file: Path, projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    full, actors = projections
    kind = {n: d["kind"] for n, d in actors.nodes(data=True)}

    def linked_events(kinds: set[str]) -> dict[str, tuple[str, str]]:
        return {ev["event_iri"]: (ev["start"], ev["end"]) for a, b, d in actors.edges(data=True)
                if kind[a] in kinds and kind[b] in kinds for ev in d["events"]}

    with open_page(browser, page_file) as (page, log):
        everything = page.evaluate(STRIP_STATE)
        assert everything["total"] == len(linked_events({"person", "organization"}))
        # who met whom, organizations unticked: only the events between persons
        set_kind(page, "organization", False)
        persons = linked_events({"person"})
        strip = wait_until(page, f"(() => {{ const s = {STRIP_STATE}; "
                                 f"return s.total === {len(persons)} && s; }})()")
        assert 0 < strip["total"] < everything["total"]
        dated = [date_bounds(start, end) for start, end in persons.values()]
        assert strip["undated"] == sum(1 for lo, _hi in dated if not lo)
        for month, count in strip["months"].items():
            if len(month) == 7:  # a month's bar counts the events dated within it
                assert count == sum(1 for lo, hi in dated if lo[:7] == month == hi[:7]), month
        # a brush set while filtered keeps its dates when the filter changes
        drag_strip(page, "2021-06", "2021-06")
        set_kind(page, "organization", True)
        assert page.evaluate(STRIP_STATE)["total"] == everything["total"]
        assert (page.input_value("#since"), page.input_value("#until")) == (
            "2021-06-01", "2021-06-30")
        assert page.evaluate("[...document.querySelectorAll('g.strip-bin.in')]"
                             ".map(g => g.dataset.month)") == ["2021-06"]
        page.click(".strip-clear")

        # the full graph: its event nodes, or none when events are unticked
        switch_view(page, "full")
        n_events = sum(1 for _n, d in full.nodes(data=True) if d["kind"] == "event")
        assert page.evaluate(STRIP_STATE)["total"] == n_events
        set_kind(page, "event", False)
        assert page.evaluate(STRIP_STATE)["total"] == 0
        assert page.text_content(".strip-readout").startswith("no dated events")
        set_kind(page, "event", True)
        assert page.evaluate(STRIP_STATE)["total"] == n_events
        assert log.console_errors() == []


def test_date_filter_hides_the_full_graph_outside_the_range(
        browser: Any, page_file: Path, projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    """June 2021: the June events and what took part in them, not 85 of 128 nodes."""
    full, _actors = projections
    since, until = "2021-06-01", "2021-06-30"
    with open_page(browser, page_file) as (page, log):
        switch_view(page, "full")
        page.fill("#since", since)
        page.fill("#until", until)
        iris = entity_iris(page)
        shown = {iris[n] for n in visible_node_ids(page)}
        expected = full_view_expected(full, since, until)
        assert shown == expected
        assert len(shown) < full.number_of_nodes() / 2
        # nothing shown is tied only to events of other months
        for iri in shown - {n for n, d in full.nodes(data=True) if d["kind"] == "event"}:
            assert any(in_range(full.nodes[e]["start"], full.nodes[e]["end"], since, until)
                       for e in set(full.predecessors(iri)) | set(full.successors(iri))
                       if full.nodes[e]["kind"] == "event"), iri
        assert page.evaluate("window.mmruView.counts().nodes") == len(shown)
        # "hide the rest" off: only the events go
        page.uncheck("#hide-isolated")
        assert len(visible_node_ids(page)) == sum(
            1 for _n, d in full.nodes(data=True)
            if d["kind"] != "event" or in_range(d["start"], d["end"], since, until))
        assert log.console_errors() == []


def test_filters_and_a_path_compose(browser: Any, page_file: Path,
                                    projections: tuple[nx.MultiDiGraph, nx.Graph],
                                    tmp_path: Path) -> None:
    _full, actors = projections
    distances = nx.single_source_shortest_path_length(actors, KASATONOV)
    target = max(sorted(distances), key=lambda iri: distances[iri])
    path = nx.shortest_path(actors, KASATONOV, target)
    assert len(path) >= 3
    events = [ev for a, b in itertools.pairwise(path)
              for ev in actors.edges[a, b]["events"]]
    spans = [date_bounds(ev["start"], ev["end"]) for ev in events]
    since, until = min(lo for lo, _ in spans), max(hi for _, hi in spans)
    with open_page(browser, page_file) as (page, log):
        name = actors.nodes[target]["name"]
        pick(page, "#path-from", "Kasatonov", "Vladimir Kasatonov")
        pick(page, "#path-to", name, name)  # both ends picked: the path shows
        found = page.evaluate("window.mmruView.path")
        assert len(found["nodes"]) == len(path)
        # a range that keeps the path: the path stays lit, the rest is dimmed
        page.fill("#since", since)
        page.fill("#until", until)
        found = page.evaluate("window.mmruView.path")
        assert found and len(found["nodes"]) == len(path)
        colours = node_colours(page)
        assert {n for n, c in colours.items() if c != DIM} == set(found["nodes"])
        assert page.evaluate("""ids => ids.map(id => window.mmruView.edges.get(id))
            .every(e => !e.hidden && e.color.color === '#e03131')""", found["edges"])
        assert PATH_COLOUR == "#e03131"
        picture = shot(page, tmp_path, "actors-path-with-dates.png")
        # a range that cuts it: nothing is greyed out, the card says why
        page.fill("#since", "2016-01-01")
        page.fill("#until", "2016-12-31")
        assert page.evaluate("window.mmruView.path") is None
        colours = node_colours(page)
        assert colours and DIM not in colours.values()
        assert "No path" in card_text(page)
        # clearing the dates brings the path back
        page.click(".strip-clear")
        found = page.evaluate("window.mmruView.path")
        assert found and len(found["nodes"]) == len(path)
        # a selected node the filter hides dims nothing either
        page.click("#reset")
        page.evaluate("id => window.mmruView.select(id)", entity_index(page, KASATONOV))
        page.fill("#since", "2016-01-01")
        page.fill("#until", "2016-12-31")
        assert DIM not in node_colours(page).values()
        assert log.console_errors() == []
    assert picture.stat().st_size > 10_000


# --------------------------------------------------------------------------
# labels, pickers, tooltips
# --------------------------------------------------------------------------
LABEL_GEOMETRY = """() => {
  const v = window.mmruView, n = v.network, scale = n.getScale();
  const box = document.getElementById('network').getBoundingClientRect();
  const nodes = n.body.nodeIndices.map(id => {
    const node = n.body.nodes[id], p = n.canvasToDOM({x: node.x, y: node.y});
    const r = node.options.size * scale;
    return {id: node.id, x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r};
  });
  return {labels: v.labels(), nodes, scale, width: box.width, height: box.height};
}"""


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


def check_labels(page: Any) -> dict[str, Any]:
    """Every drawn label is readable, inside the canvas, clear of other labels and nodes."""
    geometry: dict[str, Any] = page.evaluate(LABEL_GEOMETRY)
    texts = dict(page.evaluate("(() => { const v = window.mmruView; return v.data.views[v.view]"
                               ".nodes.map(n => [n.id, n.label]); })()"))
    shorts = dict(page.evaluate("(() => { const v = window.mmruView; return v.data.views[v.view]"
                                ".nodes.map(n => [n.id, n.short || '']); })()"))
    boxes = [{"id": p["id"], "x0": p["x"], "y0": p["y"], "x1": p["x"] + p["w"],
              "y1": p["y"] + p["h"]} for p in geometry["labels"]]
    for label, box in zip(geometry["labels"], boxes, strict=True):
        assert label["px"] >= MIN_LABEL_PX, label
        # the whole label (on one line in the block of unlinked nodes), or where
        # that does not fit its beginning and an ellipsis
        whole = texts[label["id"]]
        assert label["full"] in (whole, whole.replace("\n", " "))
        # an event's title without its date line, or its one-line form
        lines = whole.split("\n")
        assert label["text"] in (label["full"], "\n".join(lines[:-1]), shorts[label["id"]]) or (
            label["text"].endswith("…")
            and whole.replace("\n", " ").startswith(label["text"][:-1].replace("\n", " ")))
        assert box["x0"] >= 0 and box["y0"] >= 0
        assert box["x1"] <= geometry["width"] and box["y1"] <= geometry["height"]
    for i, a in enumerate(boxes):
        assert not any(overlap(a, b) for b in boxes[i + 1:]), a
        assert not any(overlap(a, node) for node in geometry["nodes"] if node["id"] != a["id"])
    return geometry


def test_labels_are_readable_and_event_labels_show_at_the_default_zoom(
        browser: Any, page_file: Path, projections: tuple[nx.MultiDiGraph, nx.Graph],
        tmp_path: Path) -> None:
    full, actors = projections
    with open_page(browser, page_file) as (page, log):
        geometry = check_labels(page)
        assert geometry["scale"] < 0.6  # vis-network would draw 16 px labels under 10 px
        assert len(geometry["labels"]) >= 0.75 * actors.number_of_nodes()
        shot(page, tmp_path, "actors-default-zoom.png")
        switch_view(page, "full")
        page.wait_for_timeout(100)
        geometry = check_labels(page)
        kinds = page.evaluate("window.mmruView.data.entities.map(e => e.kind)")
        events = [p for p in geometry["labels"] if kinds[p["id"]] == "event"]
        n_events = sum(1 for _n, d in full.nodes(data=True) if d["kind"] == "event")
        shot(page, tmp_path, "full-default-zoom.png")
        # Most events are labelled at the default zoom (40 of the article's 54 when
        # measured), with a short title and date; the full title is on hover and card.
        assert len(events) >= 0.6 * n_events, (len(events), n_events)
        dated = [p for p in events if p["text"] == p["full"] and "\n" in p["text"]]
        assert len(dated) >= n_events / 5, (len(dated), n_events)  # 14 when measured
        names = page.evaluate("window.mmruView.data.entities.map(e => e.name)")
        for p in events:  # the label's words are the event's own title's
            assert p["text"].split("\n")[0].rstrip("…") in names[p["id"]], p
        # zoomed in, more of them fit, and clicking a label selects its node
        page.evaluate("window.mmruView.network.moveTo({scale: window.mmruView.network"
                      ".getScale() * 2.5})")
        page.wait_for_timeout(150)
        zoomed = check_labels(page)
        on_screen = sum(1 for n in zoomed["nodes"] if n["x0"] > 0 and n["y0"] > 0
                        and n["x1"] < zoomed["width"] and n["y1"] < zoomed["height"])
        assert len(zoomed["labels"]) >= 0.6 * on_screen
        label = next(p for p in zoomed["labels"] if kinds[p["id"]] == "event")
        box = page.evaluate("document.getElementById('network').getBoundingClientRect().toJSON()")
        page.mouse.click(box["x"] + label["x"] + label["w"] / 2,
                         box["y"] + label["y"] + label["h"] / 2)
        assert page.evaluate("window.mmruView.selected") == label["id"]
        assert log.console_errors() == []


def test_path_pickers_filter_as_you_type(browser: Any, page_file: Path) -> None:
    with open_page(browser, page_file) as (page, log):
        page.fill("#path-from", "kasát")  # a part of a name, accents ignored
        options = page.evaluate("[...document.querySelectorAll('#path-from-list li')]"
                                ".map(li => li.textContent)")
        assert options and options[0].startswith("Vladimir Kasatonov")
        assert len(options) <= 12
        assert page.get_attribute("#path-from", "aria-expanded") == "true"
        page.keyboard.press("Enter")
        assert page.input_value("#path-from") == "Vladimir Kasatonov"
        assert page.evaluate("document.getElementById('path-from').dataset.id") == \
            str(entity_index(page, KASATONOV))
        # an alias finds its actor and says so
        page.fill("#path-to", "coup leader")
        first = page.locator("#path-to-list li").first
        assert first.text_content().startswith("Min Aung Hlaing")
        assert "as “" in first.text_content()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Escape")
        assert page.is_hidden("#path-to-list")
        page.fill("#path-to", "zzzz")
        assert page.text_content("#path-to-list") == "no actor matches"
        pick(page, "#path-to", "Min Aung", "Min Aung Hlaing")
        assert page.evaluate("window.mmruView.path.nodes.length") >= 2
        assert log.console_errors() == []


def test_tooltip_hides_when_the_pointer_leaves(browser: Any, page_file: Path) -> None:
    with open_page(browser, page_file) as (page, log):
        mah = entity_index(page, MIN_AUNG_HLAING)
        point = page.evaluate("""id => {
            const n = window.mmruView.network, p = n.canvasToDOM(n.getPositions([id])[id]);
            const box = document.getElementById('network').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y]; }""", mah)
        page.mouse.move(point[0] - 30, point[1] - 30)
        page.mouse.move(point[0], point[1], steps=4)
        tip = "(() => { const t = document.querySelector('div.vis-tooltip'); " \
              "return t && t.style.visibility !== 'hidden' ? t.textContent : ''; })()"
        assert "Min Aung Hlaing" in wait_until(page, tip)
        panel = page.locator("#panel").bounding_box()
        page.mouse.move(panel["x"] + 50, panel["y"] + 300, steps=3)  # off the canvas
        page.wait_for_timeout(400)
        assert page.evaluate(tip) == ""
        # hovering again, then leaving before the tooltip's delay: it never appears
        page.mouse.move(point[0], point[1], steps=3)
        page.mouse.move(panel["x"] + 50, panel["y"] + 300)
        page.wait_for_timeout(400)
        assert page.evaluate(tip) == ""
        assert log.console_errors() == []


# --------------------------------------------------------------------------
# search with the command line's rules; who says so
# --------------------------------------------------------------------------
def test_ambiguous_search_lists_the_candidates(browser: Any, page_file: Path,
                                               graph: Graph) -> None:
    table = node_table(graph)
    with open_page(browser, page_file) as (page, log):
        # the page folds names exactly as the command line does
        names = [label for attrs in table.attrs.values()
                 for label in (attrs["name"], *attrs["aliases"])]
        names += ["Myanmar’s  military", "Vice-Admiral Kasátonov", "'the' coup", "l’Ukraine ' x",
                  "Straße Ωmega", "  ", "Snr. Gen. Min Aung Hlaing", IMG]
        assert page.evaluate("names => names.map(window.mmruView.normalize)", names) == \
            [normalize(n) for n in names]
        for view, kinds, query in (("actors", model.ACTOR_KINDS, "coup"),
                                   ("full", None, "coup"), ("actors", model.ACTOR_KINDS,
                                                            "Vladimir")):
            switch_view(page, view)
            expected = find_candidates(graph, query, kinds=kinds, table=table)
            assert len(expected) > 1
            page.fill("#search", query)
            page.press("#search", "Enter")
            assert "is ambiguous" in page.text_content("#card h2")
            listed = page.evaluate("[...document.querySelectorAll('#card .candidates li "
                                   "button')].map(b => b.textContent)")
            assert listed == [c.name for c in expected]
            assert page.evaluate("window.mmruView.selected") is None
            candidates = {entity_index(page, c.iri) for c in expected}
            assert set(page.evaluate("window.mmruView.candidates")) == candidates
            colours = node_colours(page)
            assert {n for n, c in colours.items() if c != DIM} == candidates
        page.locator("#card .candidates li button", has_text="Vladimir Putin").click()
        assert page.evaluate("window.mmruView.selected") == \
            entity_index(page, str(ID["vladimir-putin"]))
        # one match is an answer: "coup leader" is Min Aung Hlaing
        page.fill("#search", "the coup leader")
        page.press("#search", "Enter")
        assert page.evaluate("window.mmruView.selected") == entity_index(page, MIN_AUNG_HLAING)
        assert log.console_errors() == []


def test_cards_say_who_says_so(browser: Any, page_file: Path, graph: Graph) -> None:
    table = node_table(graph)
    with open_page(browser, page_file) as (page, log):
        switch_view(page, "full")
        attributed = sorted(set(graph.subjects(PROV.wasAttributedTo, None)), key=str)
        checked = 0
        for node in attributed:
            if str(node) not in table.attrs:  # claims: on the cards of what they are about
                continue
            page.evaluate("id => window.mmruView.select(id)", entity_index(page, str(node)))
            text = card_text(page)
            assert "Reported according to: " in text
            for source in graph.objects(node, PROV.wasAttributedTo):
                assert table.attrs[str(source)]["name"] in text
            # every quote names its source, publisher and date
            captions = page.evaluate("[...document.querySelectorAll('#card figcaption')]"
                                     ".map(f => f.textContent)")
            assert captions and all("Myanmar and Russia’s Close Post-Coup Relationship" in c
                                    and "published by The Irrawaddy" in c
                                    and "publication date not given" in c for c in captions)
            checked += 1
        assert checked >= 2
        irrawaddy = str(ID["the-irrawaddy"])
        page.evaluate("id => window.mmruView.select(id)", entity_index(page, irrawaddy))
        text = card_text(page)
        assert "Claims attributed to The Irrawaddy" in text
        claims = [c for c in graph.subjects(PROV.wasAttributedTo, ID["the-irrawaddy"])
                  if str(c) not in table.attrs]
        assert claims
        for claim in claims:
            assert str(graph.value(claim, SCHEMA.name)) in text
        page.evaluate("id => window.mmruView.select(id)", entity_index(page, MIN_AUNG_HLAING))
        text = card_text(page)
        assert "Claims about Min Aung Hlaing" in text
        assert "Putin has never received Min Aung Hlaing" in text
        assert "What the source says did not happen" in text
        # the actor view's link card: the events reported on someone's word say so
        switch_view(page, "actors")
        talks = entity_index(page, str(ID["2021-09-soe-win-talks-with-officials"]))
        link = page.evaluate("ref => window.mmruView.edges.get({filter: e => (e.events || [])"
                             ".includes(ref)})[0].id", talks)
        page.evaluate("id => window.mmruView.showLink(id)", link)
        assert "Reported according to: junta-controlled newspapers" in card_text(page)
        assert log.console_errors() == []


def test_who_says_so_with_hostile_text_is_shown_as_text(browser: Any, tmp_path: Path) -> None:
    full, actors, title = hostile_projections()
    person, event = next(n for n, d in full.nodes(data=True) if d["kind"] == "person"), \
        next(n for n, d in full.nodes(data=True) if d["kind"] == "event")
    evidence = full.nodes[event]["evidence"]
    agency = [[f"Agency {IMG}", str(ID["agency"])]]
    provenance = Provenance(
        sources={evidence[0]["source"]: {"title": f"Source {IMG}", "publisher": f"Pub {SCRIPT}",
                                         "date": f"2021 {IMG}", "url": "javascript:alert(1)"}},
        attributed={event: agency},
        claims=[{"iri": str(ID["claim"]), "name": f"Claim {SCRIPT}", "text": "",
                 "negative": False, "about": [[f"{IMG} Person href", person]],
                 "attributed": agency, "evidence": evidence}])
    path = tmp_path / "hostile.html"
    path.write_text(render_network_page(full, actors, title=title, provenance=provenance),
                    encoding="utf-8")
    with open_page(browser, path) as (page, log):
        page.evaluate("id => window.mmruView.select(id)", entity_index(page, person))
        text = card_text(page)
        assert f"Claim {SCRIPT}" in text and f"Attributed to: Agency {IMG}" in text
        assert f"published by Pub {SCRIPT}" in text and f"2021 {IMG}" in text
        switch_view(page, "full")
        page.evaluate("id => window.mmruView.select(id)", entity_index(page, event))
        assert f"Reported according to: Agency {IMG}" in card_text(page)
        page.fill("#search", "script")
        page.press("#search", "Enter")
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.evaluate("document.querySelectorAll('img, svg image, iframe, object, a')"
                             ".length") == 0
        assert log.requests == [path.resolve().as_uri()]
        assert log.console_errors() == []
