"""The network page as written: its data, its self-containment, its escaping, the command.

What the page *does* in a browser is tested in ``test_view_browser.py``;
here the HTML and the JSON inside it are read back and compared with the
projections of the tiny invented world (tests/fixtures/tiny_world.ttl, with
an inferred statement and one more meeting added here). Who says so on the
article's page is a data test.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from mmru_graph.cli import cli
from mmru_graph.namespaces import SCHEMA, TURTLE_PREFIXES
from mmru_graph.projection.graphs import actor_graph, full_graph
from mmru_graph.store.loading import new_graph
from mmru_graph.view import page as view_module
from mmru_graph.view.data import LARGE_GRAPH_NODES, page_data
from mmru_graph.view.page import (
    CONTENT_SECURITY_POLICY,
    focus_projections,
    json_for_script,
    render_network_html,
    render_network_page,
    write_network_html,
)

ID = "https://w3id.org/mmru-graph/id/"
MIN_AUNG_HLAING = ID + "min-aung-hlaing"
KASATONOV = ID + "vladimir-kasatonov"  # for the browser tests of the article's page
ANA, LUIS, NAVY = ID + "ana", ID + "luis", ID + "navy"

#: Added to the tiny world for the page: a coup whose place is inferred (its agent is
#: stated), and a meeting that makes Ana Rojas the best-connected actor.
VIEW_EXTRA = TURTLE_PREFIXES + """
id:coup a mmru:Coup ; schema:name "Coup in Peru" ; schema:startDate "2022-07-01"^^xsd:date ;
    schema:agent id:navy ; schema:location id:peru ; mmru:inferredProperty schema:location ;
    rdfs:comment "The place is read from context." .
id:lunch a mmru:Meeting ; schema:name "Working lunch" ; schema:startDate "2022-05-05"^^xsd:date ;
    schema:location id:lima ; schema:attendee id:ana, id:luis-mamani .
"""

#: Markup that would run code if any of it reached the DOM as HTML.
IMG = "<img src=x onerror=window.__xss=1>"
SCRIPT = "<script>window.__xss=2</script>"


# --------------------------------------------------------------------------
# helpers shared with the browser tests
# --------------------------------------------------------------------------
def page_json(page: str) -> dict[str, Any]:
    """The JSON document embedded in a page."""
    match = re.search(r'<script type="application/json" id="mmru-data">(.*?)</script>', page,
                      re.DOTALL)
    assert match, "no data element in the page"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def hostile_projections() -> tuple[nx.MultiDiGraph, nx.Graph, str]:
    """A tiny pair of projections whose every text field carries markup.

    Names, aliases, offices, places, dates, quotes, source titles, edge
    labels and even node ids hold ``<img onerror>``, ``<script>`` and the
    word ``href`` (which makes pyvis's stock template switch to innerHTML).
    Returns the full graph, the actor graph and a hostile page title.
    """
    evidence = [{"quote": f"He said {SCRIPT} and {IMG}, see href=javascript:alert(3)",
                 "start": 0, "end": 64, "source": ID + "source", "source_title": f"Source {IMG}"}]
    person = ID + 'a"><img src=x onerror=window.__xss=3>'
    other = ID + "b</script><script>window.__xss=4</script>"
    event = ID + "event-<svg onload=window.__xss=5>"
    base = {"cls": "Person", "unnamed": False, "start": "", "end": "", "date_label": "",
            "approximate": False, "place": "", "evidence": evidence, "inferred": False,
            "inferred_properties": []}
    person_attrs = dict(base, iri=person, name=f"{IMG} Person href", kind="person",
                        side="myanmar", aliases=[f"{SCRIPT} alias", "href=javascript:x"],
                        offices=[f"<b>minister</b> {IMG}"])
    other_attrs = dict(base, iri=other, name=f"Other {SCRIPT}", kind="organization",
                       cls="Organization", side="russia", aliases=[], offices=[])
    event_attrs = dict(base, iri=event, name=f"Meeting {SCRIPT} {IMG}", kind="event",
                       cls="Meeting", side="", aliases=[], offices=[], start="2021-03-26",
                       date_label="2021-03-26", place=f"Naypyitaw {IMG}")
    full = nx.MultiDiGraph()
    full.add_node(person, **person_attrs)
    full.add_node(other, **other_attrs)
    full.add_node(event, **event_attrs)
    for actor in (person, other):
        full.add_edge(event, actor, key=str(SCHEMA.attendee), predicate=str(SCHEMA.attendee),
                      label=f"attended by {IMG}", evidence=evidence, inferred=False)
    actors = nx.Graph()
    actors.add_node(person, **person_attrs)
    actors.add_node(other, **other_attrs)
    actors.add_edge(person, other, contact="direct", weight=1.0, events=[{
        "event_iri": event, "event": event_attrs["name"], "date": "2021-03-26",
        "start": "2021-03-26", "end": "", "place": event_attrs["place"], "contact": "direct",
        "evidence": evidence}])
    return full, actors, f"Ties {SCRIPT} & {IMG}"


class _Resources(HTMLParser):
    """Every tag, and every attribute that could load something."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.loading: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href", "srcset", "action", "data", "poster", "background"}:
                self.loading.append((tag, name, value or ""))


# --------------------------------------------------------------------------
# the page of a small graph
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def view_graph(world: Graph) -> Graph:
    graph = new_graph()
    graph += world
    return graph.parse(data=VIEW_EXTRA, format="turtle")


@pytest.fixture(scope="module")
def projections(view_graph: Graph) -> tuple[nx.MultiDiGraph, nx.Graph]:
    return full_graph(view_graph), actor_graph(view_graph)


@pytest.fixture(scope="module")
def world_page(projections: tuple[nx.MultiDiGraph, nx.Graph]) -> str:
    full, actors = projections
    return render_network_page(full, actors)


def test_page_holds_both_views_with_every_node_and_edge(
        world_page: str, projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    full, actors = projections
    data = page_json(world_page)
    entities = data["entities"]
    for name, graph in (("full", full), ("actors", actors)):
        view = data["views"][name]
        assert len(view["nodes"]) == graph.number_of_nodes()
        assert len(view["edges"]) == graph.number_of_edges()
        assert {entities[n["id"]]["iri"] for n in view["nodes"]} == set(graph.nodes)
        assert len({e["id"] for e in view["edges"]}) == graph.number_of_edges()
    pairs = {frozenset((entities[e["from"]]["iri"], entities[e["to"]]["iri"]))
             for e in data["views"]["actors"]["edges"]}
    assert pairs == {frozenset(edge) for edge in actors.edges}
    assert data["initial"]["view"] == "actors"


def test_nodes_carry_the_projection_attributes(
        world_page: str, projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    full, _actors = projections
    data = page_json(world_page)
    by_iri = {e["iri"]: e for e in data["entities"]}
    for iri, attrs in full.nodes(data=True):
        entity = by_iri[iri]
        assert (entity["name"], entity["kind"]) == (attrs["name"], attrs["kind"])
        # empty fields are left out of the page
        assert entity.get("aliases", []) == attrs["aliases"]
        assert entity.get("offices", []) == attrs["offices"]
        quotes = [data["evidence"][ref]["quote"] for ref in entity.get("evidence", [])]
        assert quotes == [item["quote"] for item in attrs["evidence"]]
    assert len(by_iri) == full.number_of_nodes() == 16
    luis = by_iri[LUIS]
    assert (luis["side"], luis["kind"], luis["offices"]) == (
        "peru", "person", ["commander, Peruvian Navy"])
    talks = by_iri[ID + "talks"]
    assert [data["evidence"][ref]["quote"] for ref in talks["evidence"]] == [
        "Rojas holds talks with Quispe."]


def test_only_inferred_statements_are_drawn_dashed(
        world_page: str, projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    """The coup is stated, its place is not: its agent link is solid, its place link dashed;
    and every full-view link's style follows its edge's flag, not its node's."""
    full, _actors = projections
    data = page_json(world_page)
    iris = [e["iri"] for e in data["entities"]]
    styles: dict[tuple[str, str], set[str]] = {}
    for edge in data["views"]["full"]["edges"]:
        styles.setdefault((iris[edge["from"]], iris[edge["to"]]), set()).add(edge["style"])
    coup = ID + "coup"
    assert styles[coup, ID + "peru"] == {"inferred"}
    assert styles[coup, NAVY] == {"statement"}
    assert styles[ID + "jose", ANA] == {"inferred"}  # an inferred accompaniment
    for (u, v), drawn in styles.items():
        flags = {d["inferred"] for d in full.get_edge_data(u, v).values()}
        assert drawn == {"inferred" if f else "statement" for f in flags}, (u, v)
    assert data["edgeStyles"]["inferred"]["dashes"]


def test_actor_links_carry_every_shared_event_and_its_quotes(
        world_page: str, projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    _full, actors = projections
    data = page_json(world_page)
    entities, evidence, styles = data["entities"], data["evidence"], data["edgeStyles"]
    for edge in data["views"]["actors"]["edges"]:
        a, b = entities[edge["from"]]["iri"], entities[edge["to"]]["iri"]
        expected = actors.edges[a, b]
        assert edge["style"] == expected["contact"]
        assert [entities[ref]["iri"] for ref in edge["events"]] == [
            item["event_iri"] for item in expected["events"]]
        for ref, item in zip(edge["events"], expected["events"], strict=True):
            assert entities[ref]["contact"] == item["contact"]
            assert [evidence[r]["quote"] for r in entities[ref].get("evidence", [])] == [
                q["quote"] for q in item["evidence"]]
        # direct contact solid and thicker with every meeting, co-attendance dashed and thin
        if edge["style"] == "direct":
            assert edge["width"] > styles["co-attendance"]["width"]
    assert styles["direct"]["dashes"] is False and styles["co-attendance"]["dashes"]


def test_page_says_who_says_so(graph: Graph, tmp_path: Path) -> None:
    """Each quote's source with its publisher and date, whom reports are
    attributed to, and every claim with its attribution and quotes."""
    from mmru_graph.evidence import evidence_index
    from mmru_graph.namespaces import MMRU, PROV, RDF

    path = tmp_path / "page.html"
    write_network_html(graph, path)
    data = page_json(path.read_text(encoding="utf-8"))
    source = ID + "source-irrawaddy-2021"
    assert data["sourceInfo"][source]["title"] == str(graph.value(URIRef(source),
                                                                  SCHEMA.headline))
    assert data["sourceInfo"][source]["publisher"] == "The Irrawaddy"
    assert {e["source"] for e in data["evidence"]} <= set(data["sourceInfo"])
    by_iri = {e["iri"]: e for e in data["entities"]}
    for subject, agent in graph.subject_objects(PROV.wasAttributedTo):
        if str(subject) in by_iri:
            assert [str(agent)] == [iri for _name, iri in by_iri[str(subject)]["attributed"]]
    assert by_iri[ID + "2021-08-russian-arms-sale"]["attributed"] == [
        ["Russian news agencies", ID + "russian-news-agencies"]]
    claims = {str(graph.value(c, SCHEMA.name)): c for cls in (MMRU.Claim, MMRU.NegativeStatement)
              for c in graph.subjects(RDF.type, cls)}
    assert {c["name"] for c in data["claims"]} == set(claims)
    for claim in data["claims"]:
        node = claims[claim["name"]]
        assert {iri for _n, iri in claim["attributed"]} == {
            str(o) for o in graph.objects(node, PROV.wasAttributedTo)}
        assert [data["evidence"][r]["quote"] for r in claim["evidence"]] == [
            item["quote"] for item in evidence_index(graph).get(node, [])]
        assert claim["evidence"]
    # from the projections alone (the notebook's page without graph=): the
    # evidence contract's publisher and the projection's attributed_to
    plain = page_json(render_network_page(full_graph(graph), actor_graph(graph)))
    sale = next(e for e in plain["entities"] if e["iri"] == ID + "2021-08-russian-arms-sale")
    assert sale["attributed"] == [["Russian news agencies", ""]]
    assert plain["evidence"] and all(e.get("publisher") == "The Irrawaddy"
                                     for e in plain["evidence"])
    negative = next(c for c in data["claims"] if c["negative"])
    assert {iri for _n, iri in negative["about"]} == {MIN_AUNG_HLAING,
                                                      ID + "vladimir-putin"}


def test_node_size_follows_the_number_of_connections(world_page: str) -> None:
    nodes = page_json(world_page)["views"]["actors"]["nodes"]
    by_degree = sorted(nodes, key=lambda n: n["degree"])
    assert [n["size"] for n in by_degree] == sorted(n["size"] for n in nodes)
    assert max(nodes, key=lambda n: n["size"])["label"] == "Ana Rojas"  # four counterparts
    assert min(nodes, key=lambda n: n["size"])["label"] == "Hermit Solo"  # none


def test_dates_for_the_page_filter(world_page: str) -> None:
    entities = page_json(world_page)["entities"]
    by_iri = {e["iri"]: e for e in entities}
    assert (by_iri[ID + "talks"]["lo"], by_iri[ID + "talks"]["hi"]) == ("2022-05-04",
                                                                      "2022-05-04")
    # a month spans its days, a trip its days
    assert (by_iri[ID + "parade"]["lo"], by_iri[ID + "parade"]["hi"]) == ("2022-06-01",
                                                                        "2022-06-30")
    assert (by_iri[ID + "trip"]["lo"], by_iri[ID + "trip"]["hi"]) == ("2022-05-03",
                                                                    "2022-05-06")
    assert "lo" not in by_iri[ID + "sale"]  # undated
    assert all(e["lo"] <= e["hi"] for e in entities if e.get("lo"))


def test_page_is_self_contained_and_forbids_requests(world_page: str) -> None:
    parser = _Resources()
    parser.feed(world_page)
    assert parser.loading == [], "nothing may be loaded from elsewhere"
    assert "link" not in parser.tags and "iframe" not in parser.tags
    assert parser.tags.count("script") == 3  # data, vis-network, the page's own
    assert f'content="{CONTENT_SECURITY_POLICY}"' in world_page
    for directive in ("default-src 'none'", "connect-src 'none'", "script-src 'unsafe-inline'"):
        assert directive in CONTENT_SECURITY_POLICY
    assert "sourceMappingURL" not in world_page
    for host in ("cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com"):  # pyvis's CDNs
        assert host not in world_page


def test_page_script_never_writes_markup() -> None:
    script = "\n".join((view_module.TEMPLATE_DIR / name).read_text(encoding="utf-8")
                       for name in view_module.APP_SCRIPTS)
    assert "function createCards" in script and "function createTimeStrip" in script
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function"):
        assert sink not in script


def test_same_graph_same_bytes(projections: tuple[nx.MultiDiGraph, nx.Graph],
                               world_page: str) -> None:
    full, actors = projections
    assert render_network_page(full, actors) == world_page


def test_same_bytes_whatever_the_hash_seed(tmp_path: Path, world_dir: Path) -> None:
    """``mmru-graph build`` must be byte-identical: no set order may leak into the page."""
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"page-{seed}.html"
        subprocess.run([sys.executable, "-m", "mmru_graph", "view", "--graph", str(world_dir),
                        "--no-open", "--out", str(out)], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_empty_graph_still_makes_a_page() -> None:
    data = page_json(render_network_html(nx.Graph(), title="Nothing yet"))
    assert data["views"]["actors"]["nodes"] == [] and data["entities"] == []


def test_nodes_added_in_bulk_never_edge_by_edge(
        monkeypatch: pytest.MonkeyPatch, projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    from pyvis.network import Network

    calls: list[int] = []
    original = Network.add_nodes

    def counting_add_nodes(self: Network, nodes: list[Any], **kwargs: Any) -> None:
        calls.append(len(nodes))
        original(self, nodes, **kwargs)

    def forbidden(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("quadratic pyvis call")

    monkeypatch.setattr(Network, "add_nodes", counting_add_nodes)
    for name in ("add_edge", "add_edges", "from_nx"):
        monkeypatch.setattr(Network, name, forbidden)
    full, actors = projections
    render_network_page(full, actors)
    assert calls == [full.number_of_nodes(), actors.number_of_nodes()]


# --------------------------------------------------------------------------
# escaping
# --------------------------------------------------------------------------
def test_json_for_script_escapes_what_could_end_the_element() -> None:
    value = {"a": "</script><!-- & \u2028\u2029 >", "b": [1, 2.5, None, True]}
    text = json_for_script(value)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == value


def test_hostile_text_never_reaches_the_html_as_markup() -> None:
    full, actors, title = hostile_projections()
    page = render_network_page(full, actors, title=title)
    for markup in (IMG, SCRIPT, "<svg onload", "<b>minister</b>", '"><img'):
        assert markup not in page
    assert "<title>Ties &lt;script&gt;window.__xss=2&lt;/script&gt; &amp; &lt;img" in page
    data = page_json(page)
    assert data["title"] == title
    names = {e["name"] for e in data["entities"]}
    assert f"{IMG} Person href" in names  # the text itself survives, as data


def test_vis_labels_and_ids_are_not_data_strings() -> None:
    full, actors, _title = hostile_projections()
    data = page_data(full, actors, title="t")
    for view in data["views"].values():
        assert all(isinstance(n["id"], int) for n in view["nodes"])
        assert all(re.fullmatch(r"[af]\d+", e["id"]) for e in view["edges"])
        assert not any("title" in n for n in view["nodes"])  # tooltips are built as DOM


# --------------------------------------------------------------------------
# one projection (the notebook), large graphs, focus
# --------------------------------------------------------------------------
def test_render_network_html_draws_one_projection(
        projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    full, actors = projections
    actors_only = page_json(render_network_html(actors))
    assert list(actors_only["views"]) == ["actors"]
    full_only = page_json(render_network_html(full))
    assert list(full_only["views"]) == ["full"]
    assert full_only["initial"]["view"] == "full"
    with pytest.raises(ValueError, match="unknown kind"):
        render_network_html(actors, kind="people")


def _ring(n: int) -> nx.Graph:
    ring = nx.Graph()
    for i in range(n):
        ring.add_node(f"{ID}p{i}", name=f"Person {i}", kind="person",
                      side=("myanmar", "russia", "other")[i % 3], aliases=[], offices=[],
                      evidence=[])
    for i in range(n):
        ring.add_edge(f"{ID}p{i}", f"{ID}p{(i + 1) % n}", contact="co-attendance",
                      weight=0.25, events=[])
    return ring


def test_large_graphs_get_a_fixed_layout_without_physics() -> None:
    data = page_data(actors=_ring(LARGE_GRAPH_NODES + 1), title="large")
    view = data["views"]["actors"]
    assert view["large"] is True
    assert view["options"]["physics"]["enabled"] is False
    assert not any(n["physics"] for n in view["nodes"])
    points = {(n["x"], n["y"]) for n in view["nodes"]}
    assert len(points) == len(view["nodes"])  # a real layout, not a pile


def test_small_graphs_settle_with_bounded_physics(world_page: str) -> None:
    options = page_json(world_page)["views"]["actors"]["options"]
    assert options["physics"]["enabled"] is True
    assert options["physics"]["stabilization"]["iterations"] <= 300


def test_focus_keeps_the_neighbourhood(projections: tuple[nx.MultiDiGraph, nx.Graph]) -> None:
    full, actors = projections
    full_part, actor_part = focus_projections(full, actors, LUIS, depth=1)
    assert set(actor_part) == {LUIS, ANA, ID + "eva", ID + "luis-mamani"}
    assert set(full_part) == set(nx.ego_graph(full, LUIS, radius=2, undirected=True))
    assert ID + "talks" in full_part and ID + "loner" not in full_part


# --------------------------------------------------------------------------
# writing the file
# --------------------------------------------------------------------------
def test_write_network_html_replaces_atomically(view_graph: Graph, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    graph = view_graph
    target = tmp_path / "network.html"
    summary = write_network_html(graph, target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert summary.size == target.stat().st_size
    assert summary.views["actors"] == (actor_graph(graph).number_of_nodes(),
                                       actor_graph(graph).number_of_edges())
    before = target.read_bytes()

    def broken(*_args: Any, **_kwargs: Any) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(view_module, "render_network_page", broken)
    with pytest.raises(RuntimeError):
        write_network_html(graph, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["network.html"]


def test_write_network_html_rejects_bad_dates(view_graph: Graph, tmp_path: Path) -> None:
    from mmru_graph.errors import InvalidDateError

    with pytest.raises(InvalidDateError):
        write_network_html(view_graph, tmp_path / "x.html", since="2022-13")
    assert not (tmp_path / "x.html").exists()


# --------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------
@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL the command asks the browser to open (no browser is started)."""
    import webbrowser

    urls: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: urls.append(url) or True)
    return urls


def test_view_command_writes_and_opens_the_page(tmp_path: Path, opened: list[str],
                                                world: Graph, world_dir: Path) -> None:
    out = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["view", "--graph", str(world_dir), "--out", str(out),
                                      "--kind", "full", "--since", "2022-06",
                                      "--until", "2022-06-30"])
    assert result.exit_code == 0, result.output
    assert opened == [out.resolve().as_uri()]
    full, actors = full_graph(world), actor_graph(world)
    assert "7 actors and 6 links" in result.output
    assert (actors.number_of_nodes(), actors.number_of_edges()) == (7, 6)
    data = page_json(out.read_text(encoding="utf-8"))
    assert data["initial"] == {"view": "full", "since": "2022-06-01", "until": "2022-06-30",
                               "focus": None}
    assert len(data["views"]["full"]["nodes"]) == full.number_of_nodes()


def test_view_command_focus(tmp_path: Path, opened: list[str], world_dir: Path) -> None:
    out = tmp_path / "focus.html"
    result = CliRunner().invoke(cli, ["view", "--graph", str(world_dir), "--no-open",
                                      "--out", str(out), "--focus", "Quispe", "--depth", "1"])
    assert result.exit_code == 0, result.output
    assert opened == []
    data = page_json(out.read_text(encoding="utf-8"))
    shown = {data["entities"][n["id"]]["iri"] for n in data["views"]["actors"]["nodes"]}
    assert shown == {LUIS, ANA, ID + "eva", ID + "luis-mamani"}
    assert data["entities"][data["initial"]["focus"]]["iri"] == LUIS


@pytest.mark.parametrize(("args", "message"), [
    (["--focus", "Nobody Atall"], "Nobody Atall"),
    (["--focus", "Luis"], "ambiguous"),
    (["--since", "2022-13"], "'2022-13' is not a date"),
    (["--until", "last week"], "'last week' is not a date"),
    (["--depth", "2"], "--depth needs --focus"),
    (["--out", "no/such/dir/page.html"], "does not exist"),
    (["--kind", "people"], "Invalid value for '--kind'"),
])
def test_view_command_bad_input(args: list[str], message: str, tmp_path: Path,
                                opened: list[str], monkeypatch: pytest.MonkeyPatch,
                                world_dir: Path) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["view", "--graph", str(world_dir), "--no-open", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == [] and opened == []


def test_view_module_does_not_load_heavy_packages_on_import() -> None:
    code = ("import sys, mmru_graph.cli, mmru_graph.view.page; "
            "print(sorted(m for m in ('pyvis', 'jinja2', 'pyshacl', 'pyoxigraph') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    assert out.strip() == "[]"
