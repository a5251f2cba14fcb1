"""The ``view`` command: write the interactive network page and open it.

The page is written by :func:`mmru_graph.view.write_network_html`, imported
inside the command so that other commands never load pyvis or jinja2.
"""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from .common import fail, graph_option, handle_errors, source_options, store_options

DEFAULT_OUT = "mmru-network.html"


@click.command()
@graph_option
@store_options
@click.option("--out", metavar="FILE", type=click.Path(dir_okay=False), default=DEFAULT_OUT,
              show_default=True, help="The HTML file to write (replaced atomically).")
@click.option("--open/--no-open", "open_browser", default=True,
              help="Open the page in the default browser.  [default: open]")
@click.option("--focus", metavar="NAME", default=None,
              help="Keep only the neighbourhood of this entity (a name, an alias, a unique "
                   "part of one, or an IRI).")
@click.option("--depth", metavar="N", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --focus: actors within N links in the actor view, nodes within 2N "
                   "steps in the full view.")
@click.option("--since", metavar="DATE", default=None,
              help="Open with the date range starting here (YYYY, YYYY-MM or YYYY-MM-DD); "
                   "on a graph beyond --max-nodes, earlier events are left out.")
@click.option("--until", metavar="DATE", default=None,
              help="Open with the date range ending here (YYYY, YYYY-MM or YYYY-MM-DD); "
                   "on a graph beyond --max-nodes, later events are left out.")
@click.option("--max-nodes", metavar="N", type=click.IntRange(min=1), default=None,
              help="Draw at most N actors (and five times as many nodes in the full view). "
                   "A larger graph is drawn bounded: the best-connected actors of the focus "
                   "neighbourhood or the date range (events outside it left out), the events "
                   "among them, and a notice of what was left out.  [default: 300]")
@click.option("--kind", type=click.Choice(["actors", "full"]), default="actors",
              show_default=True,
              help="The view the page opens on: who met whom (actors) or every entity and "
                   "event (full). Both are in the page.")
@source_options
@click.pass_context
@handle_errors
def view(ctx: click.Context, graph_dir: str | None, out: str, open_browser: bool,
         focus: str | None, depth: int, since: str | None, until: str | None,
         kind: str, max_nodes: int | None) -> None:
    """Write the interactive network page (one offline HTML file) and open it.

    The page needs no network connection and makes no request: search a name,
    filter by kind and date, click a person, an event or a link to read the
    quotes behind it, and highlight the path between two actors.

    \b
    Examples:
      mmru-graph view
      mmru-graph view --focus "Min Aung Hlaing" --depth 1 --no-open --out mah.html
      mmru-graph view --kind full --since 2021-10 --until 2021-10
      mmru-graph view --max-nodes 100 --no-open --out top100.html
    """
    from ..dates import check_range

    check_range(since, until)  # InvalidDateError, InvalidRangeError: exit 2, before any work
    if focus is None and ctx.get_parameter_source("depth") is not ParameterSource.DEFAULT:
        fail("--depth needs --focus NAME", 2)
    target = Path(out)
    if not target.parent.is_dir():
        fail(f"{out}: directory {target.parent} does not exist", 2)

    from ..view.page import write_network_html
    from .common import load_query_graph, source_scope

    graph = load_query_graph(graph_dir, note_sources=False)  # the page says it (scope)
    iri = None
    if focus is not None:
        from ..view.select import resolve_focus

        iri = resolve_focus(graph, focus)
    summary = write_network_html(graph, target, initial_view=kind, focus=iri, depth=depth,
                                 since=since or "", until=until or "", max_nodes=max_nodes,
                                 scope=source_scope())
    actors, links = summary.views["actors"]
    nodes, statements = summary.views["full"]
    click.echo(f"Wrote {target} ({summary.size / 1e6:.1f} MB): {actors} actors and {links} "
               f"links; full view {nodes} nodes and {statements} links")
    if summary.notice:
        click.echo(summary.notice)
    if open_browser:
        import webbrowser

        if not webbrowser.open(target.resolve().as_uri()):
            click.echo("No browser could be opened; open the file yourself.", err=True)
