"""``mmru-graph export``: the graph for Gephi, Kumu, spreadsheets and Aleph.

Parses the options, calls :func:`mmru_graph.export.export_graph` and says
what it wrote.
"""

from __future__ import annotations

import click

from .common import graph_option, handle_errors, load_query_graph, store_options
from .query import since_option, until_option

FORMATS = ("graphml", "gexf", "csv", "ftm", "nquads")


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="graphml or gexf (Gephi; GEXF 1.3 with time spells for its timeline), "
                   "csv (nodes.csv and edges.csv for Kumu and spreadsheets), ftm "
                   "(FollowTheMoney entities as JSON lines, for Aleph), nquads (every "
                   "statement, with its named graph).")
@click.option("--graph-kind", type=click.Choice(["actors", "full"]), default="actors",
              show_default=True,
              help="For graphml, gexf and csv: actors (persons and organizations linked by "
                   "shared events, weighted) or full (entities and events, every statement).")
@since_option
@until_option
@click.option("--source", metavar="ID", default=None,
              help="Only the facts of this source (its id, e.g. source-irrawaddy-2021, "
                   "or IRI).")
@click.option("--out", "out", metavar="PATH", required=True,
              type=click.Path(dir_okay=True, writable=True),
              help="The file to write (for csv: the directory for nodes.csv and edges.csv).")
@graph_option
@store_options
@handle_errors
def export(fmt: str, graph_kind: str, since: str | None, until: str | None,
           source: str | None, out: str, graph_dir: str | None) -> None:
    """Write the graph in a format another tool reads.

    Nodes carry a label, kind, side and ISO dates with their precision;
    links their label, weight, contact kind, dates, quotes and sources.
    GEXF gives every node and link time spells (a partial date is the whole
    month or year), so Gephi's timeline plays the network. Each file is
    written whole or not at all.
    """
    from ..export import export_graph

    result = export_graph(load_query_graph(graph_dir), fmt, out, graph_kind=graph_kind,
                          since=since, until=until, source=source)
    if result.counts:
        what = ", ".join(f"{count} {name}" for name, count in sorted(result.counts.items()))
    else:
        what = (f"{result.nodes} node{'s' if result.nodes != 1 else ''}, {result.edges} "
                f"link{'s' if result.edges != 1 else ''} ({graph_kind} graph)")
    for path in result.paths:
        click.echo(f"Wrote {path}")
    click.echo(f"{fmt}: {what}")
