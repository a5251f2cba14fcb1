"""A draft of a new source's facts for the analyst to complete: :func:`draft_facts`.

For every sentence of a registered source that links two or more actors, or
an actor and a date, the draft holds an event node with the linked IRIs and
the resolved date filled in, and its annotation with the quote and its
offsets (so ``text[start:end] == quote`` holds from the start). What only a
person can decide is marked ``TODO``: the event's class and title, each
participant's role, whether an unknown name is a new entity or one already
in the graph, an approximate date. ``mmru-graph validate`` refuses any file
that still holds a ``TODO`` (:func:`todo_violations`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from rdflib import Graph, URIRef

from ..dates import date_span, event_span
from ..errors import InvalidDateError, SourceError, Violation
from ..namespaces import ID, MMRU, RDF, SCHEMA, local_name, prefixed
from ..quotes import read_source_text
from .conflicts import _subclasses
from .mentions import Mention, find_mentions, sentence_spans
from .registry import as_of, slugify

__all__ = ["draft_facts", "draft_for", "mentions_of", "todo_violations"]

_TODO = re.compile(r"\bTODO\b")
_PREFIXES = """@prefix id: <https://w3id.org/mmru-graph/id/> .
@prefix mmru: <https://w3id.org/mmru-graph/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _is_actor(graph: Graph, iri: str) -> bool:
    node = URIRef(iri)
    return any((node, RDF.type, cls) in graph for cls in (SCHEMA.Person,)) or any(
        True for cls in graph.objects(node, RDF.type)
        if cls == SCHEMA.Organization or (cls, None, SCHEMA.Organization) in graph)


def _is_place(graph: Graph, iri: str) -> bool:
    node = URIRef(iri)
    return any(cls == SCHEMA.Place or (cls, None, SCHEMA.Place) in graph
               or cls in (SCHEMA.Country, SCHEMA.City, SCHEMA.State)
               for cls in graph.objects(node, RDF.type))


def _date_literal(mention: Mention) -> str:
    value = mention.date or ""
    datatype = {4: "xsd:gYear", 7: "xsd:gYearMonth"}.get(len(value), "xsd:date")
    return f'"{value}"^^{datatype}'


#: How far apart (days) a known event's dates and a sentence's date may be for
#: the draft to ask whether they are one event (sources differ by a day or two).
SAME_EVENT_DAYS = 7
#: At most this many known events are offered per sentence.
SAME_EVENT_MOST = 3


def _known_events(graph: Graph, actors: list[str], when: Mention | None) \
        -> list[tuple[URIRef, str]]:
    """Events already in the graph that a sentence may report again: one of its
    actors takes part and the dates lie within :data:`SAME_EVENT_DAYS`; the
    :data:`SAME_EVENT_MOST` closest, most precisely dated first. Only a
    question for the analyst: nothing is linked without a person deciding."""
    if when is None or not when.date or not actors:
        return []
    try:
        lo, hi = date_span(when.date)
    except InvalidDateError:
        return []
    margin = timedelta(days=SAME_EVENT_DAYS)
    events = _subclasses(graph, SCHEMA.Event)
    found: dict[URIRef, tuple[tuple[int, int], str]] = {}
    for actor in actors:
        for event in set(graph.subjects(None, URIRef(actor))):
            if not isinstance(event, URIRef) or \
                    not any(c in events for c in graph.objects(event, RDF.type)):
                continue
            start, end = graph.value(event, SCHEMA.startDate), graph.value(event, SCHEMA.endDate)
            try:
                span = event_span(str(start or ""), str(end or ""))
            except InvalidDateError:
                continue
            if span is None or span[0] - margin > hi or lo > span[1] + margin:
                continue
            label = f"\"{graph.value(event, SCHEMA.name) or local_name(event)}\", " + (
                f"{start}" + (f" – {end}" if end is not None else ""))
            gap = max((span[0] - hi).days, (lo - span[1]).days, 0)
            found[event] = ((gap, (span[1] - span[0]).days), label)
    ranked = sorted(found.items(), key=lambda item: (item[1][0], str(item[0])))
    return [(event, label) for event, (_rank, label) in ranked[:SAME_EVENT_MOST]]


def _source_node(graph: Graph, source: str) -> URIRef:
    node = URIRef(source) if source.startswith(str(ID)) else ID[source.removeprefix("id:")]
    if (node, MMRU.textFile, None) not in graph:
        known = sorted(local_name(s) for s in graph.subjects(MMRU.textFile, None))
        raise SourceError(f"unknown source {source!r} (known: {', '.join(known)})")
    return node


def draft_facts(graph: Graph, graph_dir: str | os.PathLike[str], source: str) -> str:
    """The Turtle draft of a registered source's facts, with TODO markers.

    Raises
    ------
    SourceError
        ``source`` is no registered source.
    """
    node = _source_node(graph, source)
    slug = local_name(node)
    text = read_source_text(Path(graph_dir) / "sources" / str(graph.value(node, MMRU.textFile)))
    published, how = as_of(graph, node)
    mentions = find_mentions(graph, text, published if how == "published" else None)
    blocks = [
        f"# Draft of the facts of {prefixed(node)}, written by `mmru-graph draft`.\n"
        f"# Decide every item marked below (validate refuses a file that still holds a\n"
        f"# marker), delete the blocks that state no fact, then move this file to\n"
        f"# graph/data/{slug}/. An event another source already reports keeps its IRI:\n"
        f"# each source's folder states what that source says of it (see `conflicts`).\n"
        f"# Relative dates were resolved against {published or 'an unknown date'} "
        f"({how}).\n" + _PREFIXES]
    number = 0
    for start, end in sentence_spans(text):
        inside = [m for m in mentions if start <= m.start and m.end <= end]
        actors = sorted({m.iri for m in inside if m.iri and _is_actor(graph, m.iri)})
        places = sorted({m.iri for m in inside if m.iri and _is_place(graph, m.iri)})
        dates = [m for m in inside if m.kind == "date" and m.date]
        # An unknown name ("Col. Gen. Pavel Orlov") may be a new actor: a person decides.
        unknown = sorted({f"id:TODO-{slugify(m.text)}" for m in inside if m.kind == "unknown"})
        linked = len(actors) + len(unknown)
        if linked < 2 and not (linked and dates):
            continue
        number += 1
        name = f"{slug}-{number}"
        quote = text[start:end]
        lines = [f"# Sentence {number} [{start}–{end}]: {quote}"]
        for mention in inside:
            if mention.kind == "unknown":
                near = ", ".join(prefixed(URIRef(c)) for c in mention.candidates) or "none"
                lines.append(f"# TODO: \"{mention.text}\" is not in the graph (closest: {near});"
                             " add it to graph/data/*.ttl or link an existing IRI")
            elif mention.kind == "entity" and mention.iri is None:
                lines.append(f"# TODO: \"{mention.text}\" is ambiguous: "
                             + ", ".join(prefixed(URIRef(c)) for c in mention.candidates))
        known = _known_events(graph, actors, dates[0] if dates else None)
        if known:
            lines.append("# TODO: an event the graph already holds? "
                         + "; ".join(f"{prefixed(e)} ({label})" for e, label in known)
                         + f". If it is one of them, write its IRI for id:event-{name}, "
                         "here and in the annotation")
        lines.append(f"id:event-{name} a mmru:TODO ;  # TODO: the event class "
                     "(mmru:Meeting, mmru:Visit, mmru:Talks, ... see docs/data-model.md)")
        lines.append('    schema:name "TODO: a short title an analyst can read" ;')
        if dates:
            lines.append(f"    schema:startDate {_date_literal(dates[0])} ;")
            if dates[0].approximate:
                note = f"TODO: check {dates[0].text!r}, resolved from the publication date"
                lines.append(f"    mmru:dateApproximate true ; mmru:dateNote {_literal(note)} ;")
        else:
            lines.append('    mmru:noDateReason "TODO: a date, or why there is none" ;')
        if places:
            lines.append("    schema:location " + " , ".join(prefixed(URIRef(p)) for p in places)
                         + " ;  # TODO: keep only where it took place")
        else:
            lines.append('    mmru:noPlaceReason "TODO: a place, or why there is none" ;')
        lines.append("    schema:attendee "
                     + " , ".join([prefixed(URIRef(a)) for a in actors] + unknown)
                     + " ;  # TODO: roles (schema:attendee / schema:organizer / schema:agent)")
        lines.append(f"    prov:wasDerivedFrom {prefixed(node)} .")
        bodies = [f"id:event-{name}", *(prefixed(URIRef(i)) for i in actors + places)]
        lines += [
            "",
            f"id:ev-{name} a oa:Annotation ;",
            "    oa:motivatedBy oa:describing ;",
            "    oa:hasBody " + " ,\n        ".join(bodies) + " ;",
            f"    oa:hasTarget id:ev-{name}-target ;",
            f"    prov:wasDerivedFrom {prefixed(node)} .",
            f"id:ev-{name}-target a oa:SpecificResource ;",
            f"    oa:hasSource {prefixed(node)} ;",
            f"    oa:hasSelector id:ev-{name}-quote , id:ev-{name}-pos .",
            f"id:ev-{name}-quote a oa:TextQuoteSelector ;",
            f"    oa:exact {_literal(quote)} .",
            f"id:ev-{name}-pos a oa:TextPositionSelector ;",
            f"    oa:start {start} ;",
            f"    oa:end {end} .",
        ]
        blocks.append("\n".join(lines) + "\n")
    if number == 0:
        blocks.append("# TODO: no sentence links two known actors, or an actor and a date;\n"
                      "# write the facts by hand (see `mmru-graph mentions`).\n")
    return "\n".join(blocks)


def todo_violations(files: Iterable[Path]) -> list[Violation]:
    """A violation for every line of these files that still holds a ``TODO``.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "draft.ttl"
    >>> _ = path.write_text('id:x a mmru:TODO .\\n', encoding="utf-8")
    >>> [v.message for v in todo_violations([path])]
    ['a draft still holds a TODO: decide it and remove the marker']
    """
    found = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if not _TODO.search(text):  # most files: no line to look at
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if _TODO.search(line):
                found.append(Violation("TODO", "draft",
                                       "a draft still holds a TODO: decide it and remove the "
                                       "marker", location=f"{path}:{number}"))
    return found


def mentions_of(graph: Graph, graph_dir: str | os.PathLike[str] | None,
                source: str) -> list[Mention]:
    """:func:`~mmru_graph.sources.mentions.find_mentions` of a registered source's text."""
    from ..store.location import resolve_graph_dir

    node = _source_node(graph, source)
    base = resolve_graph_dir(graph_dir)
    text = read_source_text(base / "sources" / str(graph.value(node, MMRU.textFile)))
    published, how = as_of(graph, node)
    return find_mentions(graph, text, published if how == "published" else None)


def draft_for(graph: Graph, graph_dir: str | os.PathLike[str] | None, source: str) -> str:
    """:func:`draft_facts` with the graph directory resolved as every command does."""
    from ..store.location import resolve_graph_dir

    return draft_facts(graph, resolve_graph_dir(graph_dir), source)
