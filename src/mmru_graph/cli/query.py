"""The analyst's commands: ``met``, ``path``, ``central``, ``timeline``, ``show``.

Each parses its options, calls one library function and prints the result
as an aligned table (quotes in full under each row) or as JSON. The library
modules are imported inside the commands, so ``mmru-graph --help`` stays
light.
"""

from __future__ import annotations

from typing import Any

import click

from ..errors import InvalidDateError
from .common import (
    echo_json,
    exit_code,
    fail,
    format_option,
    graph_option,
    handle_errors,
    load_focus_graph,
    load_query_graph,
    source_options,
    store_options,
)
from .tables import field_lines, line_width, quote_line, set_wide, table, wrap


def _check_date(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..dates import check_date
    try:
        return check_date(value)
    except InvalidDateError as exc:
        fail(f"{param.opts[0]} {exc}", exit_code(exc))
    return None


def _date_option(name: str, help_text: str) -> Any:
    return click.option(name, metavar="DATE", callback=_check_date, default=None,
                        help=help_text + " (YYYY, YYYY-MM or YYYY-MM-DD; partial dates overlap).")


since_option = _date_option("--since", "Only events that may have taken place on or after DATE")
until_option = _date_option("--until", "Only events that may have taken place on or before DATE")


def _quotes(evidence: list[dict[str, Any]], attributed_to: list[str] | None = None) -> list[str]:
    """The quotes, then who says so: each source (title, publisher, date), and the attribution."""
    lines = [quote_line(item) for item in evidence]
    sources = sorted({source_line(item) for item in evidence if item.get("source")})
    lines += [f"source: {line}" for line in sources]
    if attributed_to:
        lines.append("according to: " + ", ".join(attributed_to))
    return lines


def source_line(item: dict[str, Any]) -> str:
    """A quote's source as printed: title, publisher, date (or that it is undated)."""
    title = item.get("source_title") or item.get("source", "")
    details = [d for d in (item.get("publisher", ""),
                           item.get("published", "") or "publication date not given") if d]
    return f"{title} ({', '.join(details)})"


def _wide(_ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    set_wide(value)
    return value


wide_option = click.option(
    "--wide", is_flag=True, callback=_wide, expose_value=False, is_eager=True,
    help="Do not wrap tables to the terminal's width: full lines, for a file or a wide pager.")
attributed_option = click.option(
    "--attributed-to", "attributed_to", metavar="TEXT", default=None,
    help="Only what is attributed to someone whose name contains TEXT (prov:wasAttributedTo; "
         "a fact the source states itself is attributed to its publisher).")
not_attributed_option = click.option(
    "--not-attributed-to", "not_attributed_to", metavar="TEXT", default=None,
    help="Leave out what is attributed to someone whose name contains TEXT.")


def _side_namer(graph: Any) -> Any:
    """``side key -> label`` for the sides the graph declares (``mmru:sideOrder``)."""
    from ..model import read_sides, side_labels

    labels = side_labels(read_sides(graph))
    return lambda side: labels.get(side, side) if side else ""


# --------------------------------------------------------------------------
# met
# --------------------------------------------------------------------------
@click.command()
@click.argument("name")
@click.option("--with", "with_", metavar="OTHER", default=None,
              help="Only the events shared with OTHER; says so when none is recorded, "
                   "with the source's statement where it has one.")
@since_option
@until_option
@attributed_option
@not_attributed_option
@format_option("table", "json")
@wide_option
@graph_option
@source_options
@store_options
@handle_errors
def met(name: str, with_: str | None, since: str | None, until: str | None,
        attributed_to: str | None, not_attributed_to: str | None, fmt: str,
        graph_dir: str | None) -> None:
    """Whom NAME met: each counterpart with event, date, place, contact and quote.

    NAME is a person or organization: its name, any alias, or a unique part
    of one ("Kasatonov", "coup leader"). Contact is "direct" (meetings,
    talks, interviews, an award handed over) or "co-attendance" (both at a
    parade, a forum, a visit). JSON: a list of objects with counterpart,
    counterpart_iri, event, event_iri, date, place, contact, attributed_to
    (prov:wasAttributedTo names) and evidence (each quote with its source's
    title, publisher and publication date);
    with --with, what the source says did not happen between the two is
    added as objects with contact "none" and the statement's text.
    """
    from ..analysis.contacts import negative_statements, who_met
    from ..analysis.focus import focus_on
    from ..analysis.resolve import ACTORS, resolve_name
    from ..projection.nodes import node_table
    from ..sources.provenance import Provenance

    graph, sources = load_focus_graph(graph_dir)
    # On the built store: only the two actors' neighbourhood (as the sources kept
    # state it), names as IRIs.
    graph, (focused, with_) = focus_on(graph, [name, with_], sources=sources)
    name = focused or name
    _side = _side_namer(graph)
    nodes = node_table(graph)
    marks = Provenance(graph)
    contacts = who_met(graph, name, with_=with_, since=since, until=until,
                       attributed_to=attributed_to, not_attributed_to=not_attributed_to,
                       table=nodes)
    statements = (negative_statements(graph, name, with_=with_, table=nodes) if with_ else [])
    actor = nodes.attrs[resolve_name(graph, name, kinds=ACTORS, table=nodes)]
    if fmt == "json":
        items = [dict(c.as_dict(), **marks.mark(c.event_iri, between=_pair(c)))
                 for c in contacts]
        for s in statements:
            mine = s.subject_iri == actor["iri"]
            items.append({"actor": actor["name"], "actor_iri": actor["iri"],
                          "counterpart": s.object if mine else s.subject,
                          "counterpart_iri": s.object_iri if mine else s.subject_iri,
                          "event": None, "event_iri": None, "date": None, "place": None,
                          "contact": "none", "statement": s.text, "statement_iri": s.iri,
                          "denied": s.denied, "evidence": s.evidence, **marks.mark(s.iri)})
        echo_json(items)
        return
    where = _range_text(since, until)
    if with_:
        other_iri = resolve_name(graph, with_, kinds=ACTORS, table=nodes)
        pair = f"{actor['name']} and {nodes.attrs[other_iri]['name']}"
        if contacts:
            click.echo(f"{pair}: {len(contacts)} shared "
                       f"event{'s' if len(contacts) != 1 else ''}{where}\n")
        else:
            click.echo(f"{pair}: no recorded meeting{where}.")
    else:
        counterparts = {c.counterpart_iri for c in contacts}
        click.echo(f"{actor['name']} ({actor['kind']}, {_side(actor['side'])}): "
                   f"{len(contacts)} contact{'s' if len(contacts) != 1 else ''} with "
                   f"{len(counterparts)} counterpart{'s' if len(counterparts) != 1 else ''}"
                   f"{where}\n")
    if contacts:
        click.echo(table(
            ["DATE", "COUNTERPART", "SIDE", "CONTACT", "EVENT", "PLACE"],
            [[c.date, c.counterpart, _side(c.counterpart_side), c.contact, c.event,
              c.place or "-"] for c in contacts],
            [17, 20, 7, 13, 23, 10],
            notes=[marks.lines(c.event_iri, between=_pair(c))
                   + _quotes(c.evidence, c.attributed_to)
                   for c in contacts]))
    for s in statements:
        click.echo("")
        click.echo("\n".join(wrap(f"The source states ({s.subject} — {s.object}, no "
                                  f"{s.denied or 'event'}): {s.text}", line_width())))
        for line in marks.lines(s.iri):
            click.echo("\n".join(wrap(line, line_width(), "    ")))
        for line in _quotes(s.evidence):
            click.echo("\n".join(wrap(line, line_width(), "    ")))


def _pair(contact: Any) -> tuple[str, str]:
    """The two actors of a contact: its sources are those naming both at the event."""
    return contact.actor_iri, contact.counterpart_iri


def _range_text(since: str | None, until: str | None) -> str:
    if since and until:
        return f" from {since} to {until}"
    if since:
        return f" since {since}"
    return f" until {until}" if until else ""


# --------------------------------------------------------------------------
# path
# --------------------------------------------------------------------------
@click.command()
@click.argument("a")
@click.argument("b")
@click.option("--via", type=click.Choice(["actors", "full"]), default="actors",
              show_default=True,
              help="actors: through shared events; full: through every statement "
                   "(offices, places, accompaniments...).")
@click.option("--k", "k", type=click.IntRange(1, 50), default=1, show_default=True,
              help="How many paths to show, shortest first.")
@attributed_option
@not_attributed_option
@format_option("table", "json")
@wide_option
@graph_option
@source_options
@store_options
@handle_errors
def path(a: str, b: str, via: str, k: int, attributed_to: str | None,
         not_attributed_to: str | None, fmt: str, graph_dir: str | None) -> None:
    """How A is connected to B: the shortest path(s), each hop with its quote.

    A and B are names, aliases or unique parts of names (persons or
    organizations with --via actors; any entity with --via full). Exits 1
    with a message when they are not connected. Each hop names the source
    of its quotes and whom it is attributed to; --attributed-to and
    --not-attributed-to walk only through what passes.
    """
    import networkx  # noqa: F401  (the search's, imported before the graph is loaded)

    from ..analysis.focus import around
    from ..analysis.paths import explain_paths
    from ..sources.provenance import Provenance

    graph = load_query_graph(graph_dir)
    paths = explain_paths(graph, a, b, via=via, k=k,
                          attributed_to=attributed_to, not_attributed_to=not_attributed_to)
    # A hop is marked by its event (through actors every hop has one; through every
    # statement, those that have one): the events' neighbourhood holds all the
    # sources and disputes the marks need (an actor's may be a third of the graph).
    marks = Provenance(around(graph, [h.event_iri for p in paths for h in p.hops
                                      if h.event_iri]))
    if fmt == "json":
        found_paths = [p.as_dict() for p in paths]
        for found_path, data in zip(paths, found_paths, strict=True):
            for hop, hop_data in zip(found_path.hops, data["hops"], strict=True):
                hop_data.update(marks.mark(hop.event_iri, between=_ends(hop, via)))
        echo_json(found_paths)
        return
    if len(paths) < k:
        click.echo(f"Only {len(paths)} path{'s' if len(paths) != 1 else ''} exist"
                   f"{'s' if len(paths) == 1 else ''} (asked for {k}).\n")
    for number, found in enumerate(paths, start=1):
        if number > 1:
            click.echo("")
        title = (f"Path {number}: {' → '.join(found.names)} ({found.length} "
                 f"hop{'s' if found.length != 1 else ''}, via {via})")
        click.echo("\n".join(wrap(title, line_width())))
        for step, hop in enumerate(found.hops, start=1):
            bullet = f"  {step}. "
            click.echo("\n".join(wrap(hop.sentence, line_width(), bullet, " " * len(bullet))))
            for line in (marks.lines(hop.event_iri, between=_ends(hop, via))
                         + _quotes(hop.evidence, hop.attributed_to)):
                click.echo("\n".join(wrap(line, line_width(), "     ")))


def _ends(hop: Any, via: str) -> tuple[str, str] | None:
    """A hop between two actors is a contact: the sources naming both count."""
    return (hop.source_iri, hop.target_iri) if via == "actors" and hop.event_iri else None


# --------------------------------------------------------------------------
# central
# --------------------------------------------------------------------------
_WEIGHTS = {"degree": "unweighted", "betweenness": "distance 1/weight",
            "closeness": "distance 1/weight", "eigenvector": "weighted",
            "pagerank": "weighted"}


@click.command()
@click.option("--measure", type=click.Choice(["degree", "betweenness", "closeness",
                                              "eigenvector", "pagerank"]),
              default="degree", show_default=True, help="The centrality measure.")
@click.option("--top", type=click.IntRange(0), default=10, show_default=True,
              help="How many to list (0: all).")
@click.option("--graph-kind", type=click.Choice(["actors", "full"]), default="actors",
              show_default=True,
              help="actors: persons and organizations linked by shared events; "
                   "full: entities and events, undirected.")
@since_option
@until_option
@click.option("--sample", metavar="K", type=click.IntRange(0), default=500, show_default=True,
              help="Betweenness on a graph of more than K nodes is estimated from K "
                   "sampled source nodes (fixed seed; the output says so); 0: always exact.")
@format_option("table", "json")
@wide_option
@graph_option
@source_options
@store_options
@handle_errors
def central(measure: str, top: int, graph_kind: str, since: str | None, until: str | None,
            sample: int, fmt: str, graph_dir: str | None) -> None:
    """Who is central: a ranking by centrality, with each actor's side.

    Betweenness shows the brokers between the two sides. On
    the actor graph, betweenness and closeness use distance 1/weight,
    eigenvector and pagerank the weight (a meeting weighs more than a shared
    parade), degree none; the full graph is unweighted. --since/--until rank
    on the events of that window only.
    """
    from ..analysis.centrality import rank
    from ..model import side_labels
    from ..projection.nodes import node_table

    graph = load_query_graph(graph_dir)
    nodes = node_table(graph)
    labels = side_labels(nodes.sides())
    scores = rank(graph, measure, top=top, graph_kind=graph_kind, since=since, until=until,
                  sample=sample, table=nodes)
    if fmt == "json":
        echo_json([dict(s.as_dict(), measure=measure, graph_kind=graph_kind, since=since,
                        until=until) for s in scores])
        return
    weights = _WEIGHTS[measure] if graph_kind == "actors" else "unweighted"
    sampled = scores[0].sampled if scores else 0
    estimate = (f"; estimated from {sampled} sampled source nodes, not exact (--sample 0 "
                "for exact)" if sampled else "")
    click.echo(f"{measure.capitalize()} centrality, {graph_kind} graph ({weights}"
               f"{estimate}){_range_text(since, until)}:\n")
    click.echo(table(["RANK", "NAME", "KIND", "SIDE", "SCORE"],
                     [[str(s.rank), s.name, s.kind, labels.get(s.side, s.side) or "-",
                       f"{s.score:.4f}"]
                      for s in scores],
                     [4, 60, 12, 8, 8]))


# --------------------------------------------------------------------------
# timeline
# --------------------------------------------------------------------------
@click.command()
@click.option("--actor", metavar="NAME", default=None,
              help="Only the events NAME is linked to (any entity).")
@click.option("--place", metavar="NAME", default=None,
              help="Only the events in the place NAME or anywhere inside it "
                   "(Kazan is in Tatarstan; a trip's place counts for its parts).")
@since_option
@until_option
@attributed_option
@not_attributed_option
@format_option("table", "json")
@wide_option
@graph_option
@source_options
@store_options
@handle_errors
def timeline(actor: str | None, place: str | None, since: str | None, until: str | None,
             attributed_to: str | None, not_attributed_to: str | None, fmt: str,
             graph_dir: str | None) -> None:
    """The events in date order, with place, actors and quotes.

    Partial dates stay partial ("2021-06"), approximate ones are marked
    "(approx.)" with the note saying how they were derived; undated events
    come last with the reason the source gives none.
    """
    # Without networkx: one actor's timeline reads the full graph's edges as plain
    # dicts (projection.links); the whole one on a build reads the saved networkx graph.
    from ..analysis.focus import focus_on, in_window
    from ..analysis.place_focus import at_place
    from ..analysis.timeline import timeline as build_timeline
    from ..sources.provenance import Provenance

    if place is None and actor is not None:  # one actor's events: its neighbourhood
        graph, sources = load_focus_graph(graph_dir)
        graph, (focused,) = focus_on(graph, [actor], kinds=None, sources=sources)
        actor = focused or actor
    elif place is None and (since or until):  # a window's events
        graph, sources = load_focus_graph(graph_dir)
        graph = in_window(graph, since, until, sources=sources)
    elif place is None:
        graph = load_query_graph(graph_dir)
    else:  # a place's events (or the actor's): their neighbourhood
        graph, sources = load_focus_graph(graph_dir)
        graph, actor, place = at_place(graph, place, actor, since, until, sources=sources)
    entries = build_timeline(graph, actor, since, until, place=place,
                             attributed_to=attributed_to, not_attributed_to=not_attributed_to)
    marks = Provenance(graph)
    if fmt == "json":
        echo_json([dict(e.as_dict(), **marks.mark(e.event_iri)) for e in entries])
        return
    click.echo(f"{len(entries)} event{'s' if len(entries) != 1 else ''}"
               f"{_range_text(since, until)}\n")
    if not entries:
        return
    notes = []
    for entry in entries:
        lines = []
        if entry.part_of:
            lines.append(f"part of: {entry.part_of}")
        if entry.date_note:
            lines.append(f"date: {entry.date_note}")
        if entry.undated_reason:
            lines.append(f"undated: {entry.undated_reason}")
        notes.append(lines + marks.lines(entry.event_iri)
                     + _quotes(entry.evidence, entry.attributed_to))
    click.echo(table(["DATE", "EVENT", "PLACE", "ACTORS"],
                     [[e.date, e.event, e.place or "-",
                       ", ".join(_actor_label(a) for a in e.actors) or "-"] for e in entries],
                     [17, 32, 14, 31], notes=notes))


def _actor_label(actor: dict[str, str]) -> str:
    return actor["name"] if actor["role"] == "attended" else f"{actor['name']} ({actor['role']})"


# --------------------------------------------------------------------------
# show
# --------------------------------------------------------------------------
@click.command()
@click.argument("name")
@attributed_option
@not_attributed_option
@format_option("table", "json")
@wide_option
@graph_option
@source_options
@store_options
@handle_errors
def show(name: str, attributed_to: str | None, not_attributed_to: str | None, fmt: str,
         graph_dir: str | None) -> None:
    """Everything about NAME: kind, aliases, offices, events, counterparts, sources.

    NAME is any entity or event: a name, alias, unique part of one, or IRI.
    A place's events include those anywhere inside it (Tatarstan's, Kazan's).
    Each source is named with its publisher and date, and each event with
    whom it is attributed to.
    """
    from ..analysis.cards import entity_card
    from ..analysis.focus import CARD_KINDS, focus_on
    from ..analysis.kept_focus import kept_place_card
    from ..analysis.place_focus import place_card_part
    from ..sources.provenance import Provenance
    from ..store.backends import backend_of
    from ..store.focus import FocusedBackend

    graph, sources = load_focus_graph(graph_dir)
    # An actor or an event: its neighbourhood; a place: its events' and its own (asked
    # of some sources: the place first, as focus_on would restrict the whole store).
    placed = None if sources is None else kept_place_card(graph, name, *sources)
    focused: str | None
    if placed is not None:
        graph, focused = placed
    else:
        graph, (focused,) = focus_on(graph, [name], kinds=None, focusable=CARD_KINDS,
                                     sources=sources)
        if not isinstance(backend_of(graph), FocusedBackend):
            graph, focused = place_card_part(graph, name)
    name = focused or name
    _side = _side_namer(graph)
    card = entity_card(graph, name, attributed_to=attributed_to,
                       not_attributed_to=not_attributed_to)
    marks = Provenance(graph)
    if fmt == "json":
        data = dict(card.as_dict(), **marks.mark(card.iri))
        for event in data["events"]:
            event.update(marks.mark(event["event_iri"]))
        echo_json(data)
        return
    flags = [f for f, on in (("named only by office", card.unnamed),
                             ("inferred", card.inferred),
                             ("inferred: " + ", ".join(card.inferred_properties),
                              bool(card.inferred_properties))) if on]
    head = f"{card.name} ({card.kind}, {card.cls}"
    head += f", side: {_side(card.side)})" if card.side else ")"
    lines = [head, *field_lines("IRI:", [card.iri])]
    lines += field_lines("Aliases:", card.aliases)
    lines += field_lines("Note:", flags)
    lines += field_lines("Date:", [card.date] if card.date else [])
    lines += field_lines("Place:", [card.place] if card.place else [])
    lines += field_lines("According to:", card.attributed_to)
    lines += field_lines("Offices:", [_office_label(o) for o in card.offices])
    lines += field_lines("Disputed:", marks.mark(card.iri)["disputed"])
    click.echo("\n".join(lines))
    if card.events:
        click.echo(f"\nEvents ({len(card.events)}):")
        click.echo(table(["DATE", "EVENT", "ROLE", "PLACE", "ACCORDING TO"],
                         [[e["date"], e["event"], e["role"], e["place"] or "-",
                           ", ".join(e["attributed_to"]) or "-"]
                          for e in card.events], [17, 34, 14, 13, 14],
                         # which sources, where several report it or one is disputed
                         notes=[lines if len(lines) > 1 or ", " in lines[0] else []
                                for lines in (marks.lines(e["event_iri"]) or [""]
                                              for e in card.events)]))
    if card.counterparts:
        click.echo(f"\nCounterparts ({len(card.counterparts)}):")
        click.echo(table(["NAME", "SIDE", "CONTACT", "SHARED EVENTS"],
                         [[c["counterpart"], _side(c["side"]), c["contact"],
                           "; ".join(c["events"])] for c in card.counterparts],
                         [28, 8, 13, 45]))
    if card.relations:
        click.echo(f"\nRelations ({len(card.relations)}):")
        for relation in card.relations:
            click.echo("\n".join(wrap(relation["sentence"], line_width() - 2, "  ")))
    for statement in card.statements:
        click.echo("")
        click.echo("\n".join(wrap(f"The source states: {statement['text']}", line_width())))
    for source in card.sources:
        click.echo("")
        click.echo("\n".join(wrap(f"Source: {source_line(source)}", line_width(), "",
                                  "        ")))
        if source["url"]:
            click.echo("\n".join(wrap(f"<{source['url']}>", line_width(), "        ")))
        for quote in source["quotes"]:
            click.echo("\n".join(wrap(quote_line(quote), line_width(), "    ")))


def _office_label(office: dict[str, Any]) -> str:
    dates = " – ".join(d for d in (office["start"], office["end"]) if d)
    label = f"{office['role']}, {office['organization']}"
    label += f" (since {dates})" if dates and not office["end"] else (f" ({dates})" if dates
                                                                       else "")
    return label + (" [inferred]" if office["inferred"] else "")
