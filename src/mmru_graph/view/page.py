"""The interactive network page: one offline, self-contained, safe HTML file.

:func:`write_network_html` is what ``mmru-graph build`` and ``mmru-graph
view`` call (an rdflib graph in, a file out); :func:`render_network_html`
turns one networkx projection into the page's HTML, for the notebook.

The page is assembled with pyvis (nodes added in bulk, options from its
physics helpers) but rendered with the project's own template
(``templates/network.html.j2``), because pyvis's stock template loads
Bootstrap and tom-select from a CDN in every mode and turns tooltips into
raw HTML whenever any of them contains ``href``. Here:

- vis-network's script and style are read from the installed pyvis and
  inlined; a Content-Security-Policy forbids every network request;
- the data travels as JSON in a ``<script type="application/json">`` element
  with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, read with
  ``JSON.parse``; the page's script writes it into the DOM as text only;
- the heading is escaped by Jinja2's autoescape.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from ..dates import check_range
from ..validate import gc_paused
from .data import VIEW_NAMES, page_data
from .provenance import Provenance, page_provenance
from .tables import KINDS

__all__ = ["CONTENT_SECURITY_POLICY", "DEFAULT_TITLE", "PageSummary", "focus_projections",
           "json_for_script", "render_network_html", "render_network_page", "write_network_html"]

DEFAULT_TITLE = "Myanmar–Russia ties since the February 2021 coup"

#: Nothing may be fetched: scripts and styles only inline, images only data:
#: URLs (vis-network's CSS uses a few), no connections, forms or base URL.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; "
                           "style-src 'unsafe-inline'; img-src data:; connect-src 'none'; "
                           "font-src 'none'; media-src 'none'; object-src 'none'; "
                           "frame-src 'none'; worker-src 'none'; form-action 'none'; "
                           "base-uri 'none'")

TEMPLATE_DIR = Path(__file__).parent / "templates"
#: The page's scripts, inlined as one: name matching, labels, the time strip,
#: the path pickers, the cards, then the page itself.
APP_SCRIPTS = ("match.js", "labels.js", "timestrip.js", "picker.js", "cards.js", "network.js")
#: vis-network inside the installed pyvis package.
VIS_VERSION_DIR = Path("templates") / "lib" / "vis-9.1.2"

_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                 ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=\S*\s*$", re.MULTILINE)
_KIND_LABELS = {"person": "people", "organization": "organizations", "place": "places",
                "event": "events", "other": "other"}


def json_for_script(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (so no
    ``</script>`` or ``<!--`` can appear), and the line separators U+2028 and
    U+2029 are escaped too. ``JSON.parse`` reads it back unchanged.

    Examples
    --------
    >>> json_for_script({"name": "</script><img src=x>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e"}'
    """
    import json

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # Five replace() passes: C speed, where translate() with a dict is a
    # Python-level lookup per character (a second on a 20 MB page).
    for raw, escaped in _JSON_ESCAPES:
        text = text.replace(raw, escaped)
    return text


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    """vis-network's script and style (from pyvis) and the page's own, as text."""
    import pyvis

    vis_dir = Path(pyvis.__file__).parent / VIS_VERSION_DIR
    vis_js = _SOURCE_MAP.sub("", (vis_dir / "vis-network.min.js").read_text(encoding="utf-8"))
    assets = {
        "vis_js": vis_js,
        "vis_css": (vis_dir / "vis-network.css").read_text(encoding="utf-8"),
        # The page's own script: helpers first, network.js (which uses them) last.
        "app_js": "\n".join((TEMPLATE_DIR / name).read_text(encoding="utf-8")
                            for name in APP_SCRIPTS),
        "app_css": (TEMPLATE_DIR / "network.css").read_text(encoding="utf-8"),
    }
    for name, text in assets.items():
        # Inlined code must not be able to end its own element.
        closing = "</script" if name.endswith("js") else "</style"
        if closing in text.lower():
            raise RuntimeError(f"{name} contains {closing!r} and cannot be inlined")
    return assets


def _render(data: dict[str, Any]) -> str:
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    from .style import EDGE_COLOURS

    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True,
                      keep_trailing_newline=True)
    template = env.get_template("network.html.j2")
    assets = _assets()
    return template.render(
        title=data["title"], notice=data.get("notice", ""),
        csp=Markup(CONTENT_SECURITY_POLICY),  # a constant of ours
        kinds=KINDS, kind_labels=_KIND_LABELS, sides=data["sides"],
        colours=data["colours"], edge_colours=EDGE_COLOURS,
        # Markup: inserted verbatim. The assets are our own files and pyvis's;
        # the data is JSON escaped by json_for_script.
        data_json=Markup(json_for_script(data)),
        **{name: Markup(text) for name, text in assets.items()})


def render_network_page(full: nx.MultiDiGraph | None = None, actors: nx.Graph | None = None, *,
                        title: str = DEFAULT_TITLE, initial_view: str = "actors",
                        since: str = "", until: str = "", focus: str | None = None,
                        graph: Graph | None = None, provenance: Provenance | None = None,
                        notice: str = "") -> str:
    """The page for the full and/or the actor projection, with a toggle when both are given.

    Parameters
    ----------
    full : networkx.MultiDiGraph, optional
        The full projection (:func:`mmru_graph.projection.full_graph`).
    actors : networkx.Graph, optional
        The actor projection (:func:`mmru_graph.projection.actor_graph`).
    title : str
        The heading, shown as text.
    initial_view : {"actors", "full"}
        The view the page opens on.
    since, until : str
        Initial date range (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); the
        analyst can change it in the page.
    focus : str, optional
        Node id selected and centred when the page opens.
    graph : rdflib.Graph, optional
        The RDF graph the projections come from: the cards then say who says
        so (sources' publishers and dates, attributions, claims), as in the
        page ``mmru-graph view`` writes.
    provenance : Provenance, optional
        The same, already read (:func:`mmru_graph.view.provenance.page_provenance`);
        it wins over ``graph``.
    notice : str
        Shown under the heading: what a bounded page left out.

    Returns
    -------
    str
        The complete HTML document.
    """
    with gc_paused():  # hundreds of thousands of small dicts (validate.gc_paused)
        if provenance is None and graph is not None:
            provenance = page_provenance(graph)
        data = page_data(full, actors, title=title, initial_view=initial_view, since=since,
                         until=until, focus=focus, provenance=provenance)
        data["notice"] = notice
        return _render(data)


def render_network_html(nx_graph: nx.Graph, *, title: str = DEFAULT_TITLE,
                        kind: str | None = None, since: str = "", until: str = "",
                        focus: str | None = None) -> str:
    """The page for one networkx projection, as an HTML string.

    Parameters
    ----------
    nx_graph : networkx.Graph or networkx.MultiDiGraph
        A projection following the contract in ``docs/architecture.md``.
    title : str
        The heading, shown as text.
    kind : {"actors", "full"}, optional
        Which projection ``nx_graph`` is; by default a multigraph is the full
        one and anything else the actor graph.
    since, until, focus
        As in :func:`render_network_page`.

    Returns
    -------
    str
        A self-contained HTML document (no network request; data shown as text).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("https://w3id.org/mmru-graph/id/a", name="<b>A</b>", kind="person",
    ...            side="myanmar")
    >>> page = render_network_html(g, title="Ties & <more>")
    >>> "<title>Ties &amp; &lt;more&gt;</title>" in page, "<b>A</b>" in page
    (True, False)
    """
    if kind is None:
        kind = "full" if nx_graph.is_multigraph() else "actors"
    if kind not in VIEW_NAMES:
        raise ValueError(f"unknown kind {kind!r} (choose from: {', '.join(VIEW_NAMES)})")
    if kind == "full":
        return render_network_page(nx_graph, None, title=title, initial_view="full",
                                   since=since, until=until, focus=focus)
    return render_network_page(None, nx_graph, title=title, initial_view="actors",
                               since=since, until=until, focus=focus)


def focus_projections(full: nx.MultiDiGraph, actors: nx.Graph, node: str,
                      depth: int = 1) -> tuple[nx.MultiDiGraph, nx.Graph]:
    """Both projections cut down to what surrounds one node.

    The actor view keeps the actors within ``depth`` links of ``node`` in the
    actor graph; the full view keeps what lies within ``2 * depth`` steps in
    the full graph (an actor reaches another actor through an event in two
    steps there), directions ignored. A node that is not an actor (an event,
    a place) gets, in the actor view, the actors of its full-view neighbourhood.

    Examples
    --------
    >>> import networkx as nx
    >>> full = nx.MultiDiGraph([("e1", "a"), ("e1", "b"), ("e2", "b"), ("e2", "c")])
    >>> actors = nx.Graph([("a", "b"), ("b", "c")])
    >>> f, a = focus_projections(full, actors, "a", depth=1)
    >>> sorted(f), sorted(a)
    (['a', 'b', 'e1'], ['a', 'b'])
    """
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    full_part = nx.ego_graph(full, node, radius=2 * depth, undirected=True) if node in full \
        else full.subgraph([]).copy()
    if node in actors:
        actor_part = nx.ego_graph(actors, node, radius=depth)
    else:
        actor_part = actors.subgraph([n for n in full_part if n in actors]).copy()
    return full_part, actor_part


@dataclass(frozen=True)
class PageSummary:
    """What :func:`write_network_html` wrote: the file, its size, each view's counts."""

    path: Path
    size: int
    views: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: What a bounded page left out and how to see it (``""``: nothing left out).
    notice: str = ""


#: The most actors and full-graph nodes a page draws by default (``view
#: --max-nodes`` changes both); beyond, the page keeps the best connected and
#: says what it left out (:mod:`mmru_graph.view.select`): a browser cannot lay
#: out tens of thousands of nodes.
MAX_ACTORS = 300
MAX_FULL_NODES = 1500


def write_network_html(graph: Graph, path: str | os.PathLike[str], *,
                       title: str = DEFAULT_TITLE, initial_view: str = "actors",
                       focus: str | None = None, depth: int = 1, since: str = "",
                       until: str = "", max_nodes: int | None = None,
                       table: Any = None, conflicts: list[Any] | None = None,
                       scope: str = "") -> PageSummary:
    """Project an RDF graph both ways and write the network page, atomically.

    A graph with more actors than the budget is drawn bounded
    (:mod:`mmru_graph.view.select`): the best-connected actors (of the focus
    neighbourhood, of the date window), the events among them, and a notice
    on the page of what was left out. From a store that can answer in bulk
    (the built Oxigraph store) only the chosen part is read and projected.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph (as :func:`mmru_graph.load_graph` returns it).
    path : path
        The HTML file to write; its directory must exist. Written through a
        temporary file and a rename: a failure leaves the old file intact.
    title, initial_view
        As in :func:`render_network_page`.
    since, until : str
        The date range the page opens with; on a graph beyond the budget, a
        real window too: the events outside it are left out of the page.
    focus : str, optional
        The IRI of a node: keep only its neighbourhood
        (:func:`focus_projections` with ``depth``) and select it on opening.
    depth : int
        Radius of the neighbourhood kept around ``focus``.
    max_nodes : int, optional
        The most actors drawn (:data:`MAX_ACTORS` by default); the full view
        draws at most as many nodes in proportion (:data:`MAX_FULL_NODES`).
    table : NodeTable, optional
        ``graph``'s node table (:func:`mmru_graph.projection.nodes.node_table`)
        when the caller already has it (``build`` shares one among its outputs);
        used when the whole graph is projected.
    conflicts : list of Conflict, optional
        ``graph``'s disagreements when the caller has found them already
        (:func:`mmru_graph.sources.conflicts.find_conflicts`; ``build`` saves
        them with the store too); used when the whole graph is drawn.
    scope : str
        What ``graph`` already leaves out (``mmru-graph view --source``), said first
        in the page's notice: a page of some sources must not read as the whole graph.

    Returns
    -------
    PageSummary

    Raises
    ------
    InvalidDateError
        If ``since`` or ``until`` is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    OSError
        If the file cannot be written (the previous one is then untouched).
    """
    from ..atomic import atomic_write_text
    from ..projection.graphs import actor_graph, full_graph
    from ..projection.nodes import node_table
    from .select import Budget, bound_projections, read_selection

    # Bad dates fail before any work is done (InvalidDateError, exit 2 in the CLI).
    checked = check_range(since or None, until or None)
    since, until = checked[0] or "", checked[1] or ""
    # Read at call time: the defaults are module data (tests lower them).
    budget = Budget(MAX_ACTORS, MAX_FULL_NODES) if max_nodes is None else \
        Budget.for_actors(max_nodes, MAX_ACTORS, MAX_FULL_NODES)
    with gc_paused():  # hundreds of thousands of small dicts (validate.gc_paused)
        selected = read_selection(graph, budget, focus=focus, depth=depth, since=since,
                                  until=until)
        drawn = graph if selected is None else selected[0]
        if table is None or drawn is not graph:
            table = node_table(drawn)  # shared by both projections
        full, actors = full_graph(drawn, table), actor_graph(drawn, table)
        if selected is not None:
            full, actors, notice = bound_projections(full, actors, budget, ranking=selected[1],
                                                     events=selected[2], scope=selected[3])
        else:
            full, actors, notice = _bound_whole(full, actors, budget, focus, depth, since, until)
        known = conflicts if drawn is graph else None
        notice = " ".join(part for part in (scope, notice) if part)
        page = render_network_page(full, actors, title=title, initial_view=initial_view,
                                   since=since, until=until,
                                   focus=str(focus) if focus is not None else None,
                                   provenance=page_provenance(drawn, known), notice=notice)
    atomic_write_text(path, page)
    return PageSummary(Path(path), len(page.encode("utf-8")), {
        "actors": (actors.number_of_nodes(), actors.number_of_edges()),
        "full": (full.number_of_nodes(), full.number_of_edges())}, notice)


def _bound_whole(full: nx.MultiDiGraph, actors: nx.Graph, budget: Any, focus: str | None,
                 depth: int, since: str, until: str) -> tuple[nx.MultiDiGraph, nx.Graph, str]:
    """Cut projections of the whole graph: focus, then (beyond the budget) window and budget.

    A graph that fits is drawn whole: the page filters by date itself. A
    focus neighbourhood of a graph beyond the budget gets the notice even
    when it fits, as it does from the store (:func:`read_selection`).
    """
    from ..projection.window import actors_in_window, full_in_window
    from .select import Scope, bound_projections, window_words

    where = ""
    first: list[str] = []
    # A part of a graph beyond the budget says what it is, even when it fits.
    part = actors.number_of_nodes() > budget.actors or full.number_of_nodes() > budget.full
    if focus is not None:
        full, actors = focus_projections(full, actors, str(focus), depth)
        first = [str(focus)]
        name = next((g.nodes[focus].get("name") for g in (actors, full) if focus in g), focus)
        where = f" within {depth} link{'' if depth == 1 else 's'} of {name}"
    fits = actors.number_of_nodes() <= budget.actors and full.number_of_nodes() <= budget.full
    if fits and not part:
        return full, actors, ""
    if since or until:
        full = full_in_window(full, since or None, until or None)
        actors = actors_in_window(actors, since or None, until or None)
        where = window_words(since, until) + where
    events = sum(1 for _n, kind in full.nodes(data="kind") if kind == "event")
    return bound_projections(full, actors, budget, first=first, cut=part,
                             scope=Scope(actors.number_of_nodes(), events, where))
