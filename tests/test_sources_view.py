"""The page says who says so across sources: counts of independent sources and disputes.

In headless Chromium, on the invented three-source corpus of
tests/fixtures/multi_source (TEST DATA, not news): the events and links
carry how many (independent) sources support them, a disputed one is drawn
in the disputed colour with its caption and a legend entry, and its card
shows every side of the dispute (value, source, publisher, publication date,
quote). The marks are the library's (:class:`mmru_graph.sources.provenance.Provenance`),
the ones ``met`` and ``timeline`` print.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, open_page, wait_until
from rdflib import Graph, Literal
from test_view_browser import card_text, entity_index, switch_view

from mmru_graph.namespaces import ID, SCHEMA
from mmru_graph.sources.provenance import Provenance
from mmru_graph.store.loading import SourcedGraph
from mmru_graph.view.page import write_network_html
from mmru_graph.view.style import EDGE_COLOURS

pytestmark = pytest.mark.browser

VISIT = ID["2022-02-kyaw-zin-oo-visit-to-russia"]
MEETING = ID["2022-09-07-kyaw-zin-oo-meets-petrov"]
NEGATIVE = ID["negative-kyaw-zin-oo-never-met-petrov"]
ALPHA, BETA = ID["source-fixture-alpha"], ID["source-fixture-beta"]
DISPUTED = EDGE_COLOURS["disputed"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def page_file(multi_source_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sources-view") / "network.html"
    write_network_html(multi_source_graph, path)
    return path


def quote_of(graph: Graph, source: Any) -> str:
    """The quote a fixture source gives for the visit (read from the graph)."""
    marks = Provenance(graph)
    [conflict] = [c for c in marks.conflicts if c.kind == "date"]
    [claim] = [c for c in conflict.claims if c.source == str(source).rsplit("/", 1)[1]]
    return str(claim.quotes[0]["quote"])


def test_an_event_card_counts_its_sources_and_shows_both_sides_of_each_dispute(
        browser: Any, page_file: Path, multi_source_graph: Graph) -> None:
    mark = Provenance(multi_source_graph).mark(str(VISIT))
    assert mark["supported_by"] == ["source-fixture-alpha", "source-fixture-beta"]
    with open_page(browser, page_file) as (page, log):
        switch_view(page, "full")
        visit = entity_index(page, str(VISIT))
        page.evaluate("ref => window.mmruView.select(ref)", visit)
        text = card_text(page)
        assert f"Supported by 2 sources ({mark['independent_sources']} independent)" in text
        assert "Sources disagree on the date: every side is below." in text
        tags = page.evaluate("[...document.querySelectorAll('#card .tags .tag')]"
                             ".map(t => t.textContent)")
        assert "disputed" in tags and "2 sources (2 independent)" in tags
        disputes = page.evaluate("""[...document.querySelectorAll('#card .dispute')].map(d => ({
            kind: d.dataset.kind,
            claims: [...d.querySelectorAll('.dispute-claim')].map(c => ({
                value: c.querySelector('.dispute-value').textContent,
                source: c.querySelector('.dispute-source').textContent,
                quotes: [...c.querySelectorAll('blockquote')].map(q => q.textContent)}))}))""")
        by_kind = {d["kind"]: d["claims"] for d in disputes}
        assert set(by_kind) == {"date", "ordinal"}
        date_values = [c["value"] for c in by_kind["date"]]
        assert date_values == ["2022-02-20", "2022-02-21"]
        assert [c["value"] for c in by_kind["ordinal"]] == ["1", "2"]
        alpha, beta = by_kind["date"]
        # value, source (title), publisher and the source's publication date on each side
        assert "Junta chief in Moscow" in alpha["source"] and "Alpha Wire" in alpha["source"]
        assert "published 2022-03-01" in alpha["source"]
        assert "Second Russia trip" in beta["source"] and "Beta Daily" in beta["source"]
        assert "published 2022-03-05" in beta["source"]
        assert alpha["quotes"] == [f"“{quote_of(multi_source_graph, ALPHA)}”"]
        assert beta["quotes"] == [f"“{quote_of(multi_source_graph, BETA)}”"]
        # the event is drawn with the disputed border
        border = page.evaluate("ref => window.mmruView.network.body.nodes[ref].options"
                               ".color.border", visit)
        assert border.lower() == DISPUTED
        assert log.console_errors() == []
        assert all(url.startswith("file:") for url in log.requests)


def test_a_link_counts_only_the_sources_naming_both_actors_and_is_drawn_disputed(
        browser: Any, page_file: Path, multi_source_graph: Graph) -> None:
    with open_page(browser, page_file) as (page, log):
        assert page.evaluate("window.mmruView.view") == "actors"
        hla_tun = entity_index(page, str(ID["hla-tun"]))
        petrov = entity_index(page, str(ID["ivan-petrov"]))
        edges = page.evaluate("window.mmruView.edges.get()")
        # only beta puts Hla Tun at the visit: one source, though two report the visit
        [link] = [e for e in edges if hla_tun in (e["from"], e["to"])]
        listed = page.evaluate("window.mmruView.data.supportSources")
        assert [listed[k] for k in link["support"]["sources"]] == [str(BETA)]
        drawn = page.evaluate("id => { const o = window.mmruView.network.body.edges[id].options;"
                              " return {colour: o.color.color, label: o.label}; }", link["id"])
        assert drawn == {"colour": DISPUTED, "label": "disputed"}
        page.evaluate("id => window.mmruView.showLink(id)", link["id"])
        text = card_text(page)
        assert "Supported by 1 source" in text and "Beta Daily" in text
        assert "This event: 2 sources (2 independent)" in text
        assert "Sources disagree on the date: " in text
        # the meeting is disputed too: alpha says the two never met
        [meeting] = [e for e in edges if petrov in (e["from"], e["to"])]
        page.evaluate("id => window.mmruView.showLink(id)", meeting["id"])
        text = card_text(page)
        assert "Sources disagree on whether it happened" in text
        assert "did not happen: He has never met President Ivan Petrov." in text
        assert "published 2022-09-08" in text and "published 2022-03-01" in text
        legend = page.evaluate("getComputedStyle(document.querySelector('.legend-disputed'))"
                               ".display")
        assert legend != "none"
        assert log.console_errors() == []


def test_the_negative_statement_is_marked_disputed_on_its_claim(
        browser: Any, page_file: Path) -> None:
    with open_page(browser, page_file) as (page, _log):
        petrov = entity_index(page, str(ID["ivan-petrov"]))
        page.evaluate("ref => window.mmruView.select(ref)", petrov)
        claim = page.evaluate("""(() => { const c = [...document.querySelectorAll('#card .claim')]
            .find(b => b.textContent.includes('never met'));
            return c && {tags: [...c.querySelectorAll('.tag')].map(t => t.textContent),
                         disputes: c.querySelectorAll('.dispute').length,
                         text: c.textContent}; })()""")
        assert claim is not None
        assert "disputed" in claim["tags"] and claim["disputes"] == 1
        assert "Kyaw Zin Oo meets Ivan Petrov in Vladivostok (2022-09-07)" in claim["text"]
        assert "later report supersedes it" in claim["text"]


def test_a_single_source_page_has_no_dispute_mark(browser: Any, tmp_path: Path,
                                                  multi_source_graph: Graph) -> None:
    only_gamma = SourcedGraph()
    for s, p, o, c in multi_source_graph.quads():
        name = getattr(c, "identifier", c)
        if name in (ALPHA, BETA):
            continue
        target = only_gamma.default_graph if name == multi_source_graph.default_graph.identifier \
            else only_gamma.graph(name)
        target.add((s, p, o))
    path = tmp_path / "gamma.html"
    write_network_html(only_gamma, path)
    with open_page(browser, path) as (page, _log):
        assert page.evaluate("window.mmruView.data.disputes") == []
        assert page.evaluate("getComputedStyle(document.querySelector('.legend-disputed'))"
                             ".display") == "none"
        edges = page.evaluate("window.mmruView.edges.get()")
        assert edges and not any("disputes" in e for e in edges)


def test_disputed_values_are_shown_as_text(browser: Any, tmp_path: Path,
                                           multi_source_graph: Graph) -> None:
    """A hostile place name in one source's claim reaches the card as text, never markup."""
    graph = SourcedGraph()
    for quad in multi_source_graph.quads():
        name = getattr(quad[3], "identifier", quad[3])
        target = graph.default_graph if name == multi_source_graph.default_graph.identifier \
            else graph.graph(name)
        target.add(quad[:3])
    hostile = "<img src=x onerror=\"window.__pwned=1\">Moscow"
    beta = graph.graph(BETA)
    beta.remove((VISIT, SCHEMA.location, None))
    beta.add((VISIT, SCHEMA.location, ID["evil-city"]))
    graph.add((ID["evil-city"], SCHEMA.name, Literal(hostile)))
    path = tmp_path / "hostile.html"
    write_network_html(graph, path)
    with open_page(browser, path) as (page, log):
        switch_view(page, "full")
        page.evaluate("ref => window.mmruView.select(ref)", entity_index(page, str(VISIT)))
        wait_until(page, "document.querySelectorAll('#card .dispute').length === 3")
        assert hostile in card_text(page)
        assert page.evaluate("document.querySelectorAll('#card img').length") == 0
        assert page.evaluate("window.__pwned") is None
        assert log.console_errors() == []


def test_a_link_no_one_source_makes_says_so(browser: Any, tmp_path: Path,
                                           multi_source_graph: Graph) -> None:
    """Beta names only Hla Tun at the visit, alpha only Kyaw Zin Oo: the page's link
    between them is supported by no single source, and its card says so."""
    graph = SourcedGraph()
    for quad in multi_source_graph.quads():
        name = getattr(quad[3], "identifier", quad[3])
        target = graph.default_graph if name == multi_source_graph.default_graph.identifier \
            else graph.graph(name)
        target.add(quad[:3])
    graph.graph(BETA).remove((VISIT, SCHEMA.attendee, ID["kyaw-zin-oo"]))
    path = tmp_path / "joined.html"
    write_network_html(graph, path)
    with open_page(browser, path) as (page, log):
        hla_tun = entity_index(page, str(ID["hla-tun"]))
        [link] = [e for e in page.evaluate("window.mmruView.edges.get()")
                  if hla_tun in (e["from"], e["to"])]
        assert link["support"]["sources"] == []
        page.evaluate("id => window.mmruView.showLink(id)", link["id"])
        assert "No one source names both" in card_text(page)
        assert "no one source names both" in page.evaluate(
            "[...document.querySelectorAll('#card .tags .tag')].map(t => t.textContent)")
        assert log.console_errors() == []
