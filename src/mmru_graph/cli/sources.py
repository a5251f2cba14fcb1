"""The source commands: ``add-source``, ``sources``, ``conflicts``, ``mentions``, ``draft``.

Each parses its options, calls one function of :mod:`mmru_graph.sources`
and prints the result as a table or JSON.
"""

from __future__ import annotations

from typing import Any

import click

from .common import (
    echo_json,
    format_option,
    graph_option,
    handle_errors,
    load_query_graph,
    source_options,
)
from .tables import WIDTH, quote_line, table, wrap


@click.command("add-source")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--title", required=True, help="The source's title (its headline for news).")
@click.option("--publisher", required=True,
              help="Who published it; an organization already in the graph is reused.")
@click.option("--published", metavar="DATE", required=True,
              help="Publication date as known: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--url", metavar="URL", default=None,
              help="Its address, only when known (recorded, never fetched).")
@click.option("--id", "source_id", metavar="ID", default=None,
              help="The source's id (a slug); default source-<publisher>-<date>.")
@click.option("--work", is_flag=True,
              help="Describe it as a schema:CreativeWork instead of a schema:NewsArticle.")
@graph_option
@handle_errors
def add_source(file: str, title: str, publisher: str, published: str, url: str | None,
               source_id: str | None, work: bool, graph_dir: str | None) -> None:
    """Register FILE as a source: copy it into graph/sources/ and describe it.

    The text is copied byte for byte (evidence offsets are code points into
    it); its description records the title, publisher, publication date and
    language, and the address only when given. Refuses a text already
    registered (same SHA-256) or an id in use. Prints the new source's id;
    its facts go in graph/data/<id>/ (see `mmru-graph draft`).
    """
    from ..namespaces import local_name
    from ..sources.registry import add_source as register

    node = register(file, title=title, publisher=publisher, published=published, url=url,
                    source_id=source_id, news=not work, graph_dir=graph_dir)
    click.echo(local_name(node))


@click.command("sources")
@format_option("table", "json")
@graph_option
@handle_errors
def sources(fmt: str, graph_dir: str | None) -> None:
    """The registered sources, with counts of the facts each supports.

    FACTS counts the nodes its annotations support, QUOTES its annotations,
    STATEMENTS the triples of its named graph. PUBLISHED is empty where the
    publication date is not known; AS OF says what a negative statement of
    the source is scoped to. JSON: a list of objects with id, kind, title,
    publisher, published, as_of, url, text_file, annotations, facts and
    statements.
    """
    from ..sources.registry import list_sources

    found = list_sources(load_query_graph(graph_dir))
    if fmt == "json":
        echo_json([s.as_dict() for s in found])
        return
    rows = [[s.id, s.publisher, s.published or "(unknown)", str(s.facts), str(s.annotations),
             str(s.statements), s.title] for s in found]
    click.echo(table(["ID", "PUBLISHER", "PUBLISHED", "FACTS", "QUOTES", "STATEMENTS", "TITLE"],
                     rows, [28, 22, 10, 5, 6, 10, 40],
                     notes=[[s.as_of] + ([s.url] if s.url else []) for s in found]))


@click.command("conflicts")
@click.option("--refinements", is_flag=True,
              help="Also list the refinements: values that differ only in precision (a day "
                   "within a month, a city inside a country), which are not disagreements.")
@format_option("table", "json")
@graph_option
@source_options
@handle_errors
def conflicts(refinements: bool, fmt: str, graph_dir: str | None) -> None:
    """Where sources disagree: every disputed value with each source's side.

    Compared: dates, places, ordinals ("his first visit" / "his second
    visit"), participants where neither list holds the other, and whether
    something happened (a source's negative statement beside another
    source's event, scoped to the date the statement speaks as of). Both
    claims stay in the graph; nothing is resolved. A value only more precise
    than another (2022-02-20 and 2022-02; Moscow and Russia, by
    schema:containedInPlace) is a refinement, not a disagreement: left out,
    or listed after the disagreements with --refinements. JSON: a list of
    objects with node, name, kind, property, note, related, refinement
    (false for a disagreement) and claims (each with source, publisher,
    published, as_of, values and quotes).
    """
    from ..sources.conflicts import find_conflicts, find_refinements

    graph = load_query_graph(graph_dir)
    found = find_conflicts(graph)
    compatible = find_refinements(graph) if refinements else []
    if fmt == "json":
        echo_json([c.as_dict() for c in found + compatible])
        return
    click.echo(f"{len(found)} disagreement{'s' if len(found) != 1 else ''} between sources")
    _print_conflicts(found)
    if refinements:
        click.echo(f"\n{len(compatible)} refinement{'s' if len(compatible) != 1 else ''} "
                   "(values that differ only in precision; not disagreements)")
        _print_conflicts(compatible)


def _print_conflicts(found: list[Any]) -> None:
    for conflict in found:
        click.echo("")
        click.echo("\n".join(wrap(f"{conflict.name} ({conflict.node}): {conflict.kind}",
                                  WIDTH)))
        click.echo("\n".join(wrap(conflict.note, WIDTH, "  ")))
        for claim in conflict.claims:
            click.echo("\n".join(wrap(f"- {', '.join(claim.values)} — {claim.as_of}", WIDTH,
                                      "  ", "    ")))
            for quote in claim.quotes:
                click.echo("\n".join(wrap(quote_line(quote), WIDTH, "      ")))


@click.command("mentions")
@click.argument("source")
@format_option("table", "json")
@graph_option
@handle_errors
def mentions(source: str, fmt: str, graph_dir: str | None) -> None:
    """What SOURCE mentions: known entities, dates and unknown names, in text order.

    SOURCE is a registered source's id (see `mmru-graph sources`). Names
    match any name or alias whatever the case, accents, possessive or rank
    abbreviation ("Snr. Gen." is "Senior General"); dates are resolved to
    ISO, relative ones ("on Monday", "in July", "last week") against the
    publication date and flagged approximate. JSON: a list of objects with
    start, end (code points), text, kind (entity, date or unknown), iri,
    candidates, date and approximate.
    """
    from ..sources.draft import mentions_of

    found = mentions_of(load_query_graph(graph_dir), graph_dir, source)
    if fmt == "json":
        echo_json([m.as_dict() for m in found])
        return
    rows = []
    for m in found:
        if m.kind == "date":
            what = (m.date or "(unresolved)") + (" approx." if m.approximate else "")
        elif m.iri:
            what = _short(m.iri)
        else:
            what = ("ambiguous: " if m.kind == "entity" else "closest: ") + (
                ", ".join(_short(c) for c in m.candidates) or "none")
        rows.append([f"{m.start}–{m.end}", m.kind, m.text, what])
    click.echo(table(["OFFSETS", "KIND", "TEXT", "LINKS TO"], rows, [11, 7, 40, 34]))


def _short(iri: str) -> str:
    from rdflib import URIRef

    from ..namespaces import prefixed

    return prefixed(URIRef(iri))


@click.command("draft")
@click.argument("source")
@click.option("--out", "out_file", metavar="FILE", type=click.Path(dir_okay=False),
              required=True, help="Where to write the Turtle draft (replaced atomically).")
@graph_option
@handle_errors
def draft(source: str, out_file: str, graph_dir: str | None) -> None:
    """Write a Turtle draft of SOURCE's facts for an analyst to complete.

    For each sentence linking two or more actors, or an actor and a date:
    an event with the linked IRIs and the date, and its annotation with the
    quote and its offsets. TODO marks what a person must decide (event
    class, title, roles, unknown names); `mmru-graph validate` refuses a
    file that still holds one. Move the completed file to
    graph/data/SOURCE/.
    """
    from ..atomic import atomic_write_text
    from ..sources.draft import draft_for

    text = draft_for(load_query_graph(graph_dir), graph_dir, source)
    atomic_write_text(out_file, text)
    click.echo(f"Wrote {out_file} ({text.count('TODO')} TODO markers to resolve)")
