"""``mmru-graph inferred``: what the graph infers rather than the source says."""

from __future__ import annotations

import click

from .common import (
    echo_json,
    format_option,
    graph_option,
    handle_errors,
    load_query_graph,
    source_options,
    store_options,
)
from .query import wide_option
from .tables import table


@click.command()
@format_option("table", "json")
@wide_option
@graph_option
@source_options
@store_options
@handle_errors
def inferred(fmt: str, graph_dir: str | None) -> None:
    """Every inferred node and statement, with the reason the data gives.

    A whole node is inferred (mmru:inferred true: an event the source
    implies but never reports); or one property of a stated node
    (mmru:inferredProperty: the coup's place). The reason is the node's
    rdfs:comment. JSON: a list of objects with what ("node" or
    "statement"), node, node_iri, node_class, flag, property, values, reason
    and evidence.
    """
    from ..analysis.inferred import flagged_part, inferred_items

    # On the built store, only the flagged nodes' neighbourhood is read.
    items = inferred_items(flagged_part(load_query_graph(graph_dir)))
    if fmt == "json":
        echo_json([item.as_dict() for item in items])
        return
    nodes = sum(1 for item in items if item.what == "node")
    click.echo(f"{nodes} inferred node{'s' if nodes != 1 else ''}, {len(items) - nodes} "
               f"inferred statement{'s' if len(items) - nodes != 1 else ''}\n")
    if not items:
        return
    click.echo(table(["WHAT", "NODE", "CLASS", "INFERRED", "VALUE"],
                     [[item.what, item.node, item.node_class,
                       item.property or "the node itself", ", ".join(item.values) or "-"]
                      for item in items],
                     [9, 34, 18, 22, 17],
                     notes=[[f"why: {item.reason or '(no reason given)'}"] for item in items]))
