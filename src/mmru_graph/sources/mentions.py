"""Help linking a new text: the known entities, dates and unknown names it mentions.

:func:`find_mentions` reads a registered source's text and lists, in text
order, every mention of

- a known entity (person, organization, place) by any name or alias, with
  case, accents, possessives ("Hlaing’s") and rank abbreviations folded
  ("Snr. Gen." is "Senior General", "Col. Gen." "Colonel General"); an
  ambiguous name gives its candidates instead of one IRI;
- a date: absolute ("September 7, 2022", "7 September 2022", "June 2021")
  or relative to the source's publication date ("on Monday", "in July",
  "last week", "February 20"), resolved to ISO and flagged approximate
  where the resolution assumes something;
- a capitalised multi-word name the graph does not know ("Col. Gen. Pavel
  Orlov"): kind ``unknown``, with the closest known entities.

Nothing is written: :mod:`mmru_graph.sources.draft` turns mentions into a
draft for the analyst to complete.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..namespaces import RDF, RDFS, SCHEMA

__all__ = ["Mention", "entity_names", "find_mentions", "normalise_name", "sentence_spans"]

#: Rank and title abbreviations, folded to the words they stand for.
ABBREVIATIONS = {
    "snr": "senior", "sr": "senior", "gen": "general", "col": "colonel", "lt": "lieutenant",
    "maj": "major", "brig": "brigadier", "adm": "admiral", "capt": "captain", "cmdr": "commander",
    "pres": "president", "gov": "governor", "dr": "doctor", "prof": "professor", "st": "saint",
}
_TITLE_WORDS = set(ABBREVIATIONS.values()) | {"vice", "deputy"}
MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_TOKEN = re.compile(r"\w+(?:[’'.\-]\w+)*\.?", re.UNICODE)
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|" \
         r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE_PATTERNS = [
    ("mdy", re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")),
    ("dmy", re.compile(rf"\b(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})\b")),
    ("my", re.compile(rf"\b{_MONTH}\s+(\d{{4}})\b")),
    ("md", re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?![,\s]*\d{{4}})")),
    ("weekday", re.compile(r"\b(?:[Oo]n\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                           r"Sunday)\b(?!,?\s+" + _MONTH + r")")),
    ("in-month", re.compile(rf"\b[Ii]n\s+{_MONTH}\b(?!\s+\d)")),
    ("last", re.compile(r"\b(last|next)\s+(week|month|year)\b|\b(yesterday|today)\b",
                        re.IGNORECASE)),
    ("year", re.compile(r"\b(?:in|since|by|until)\s+((?:19|20)\d{2})\b")),
]


@dataclass(frozen=True)
class Mention:
    """One mention in a text: code-point offsets (end exclusive), and what it is."""

    start: int
    end: int
    text: str
    kind: str  # "entity", "date" or "unknown"
    iri: str | None = None
    candidates: list[str] = field(default_factory=list)
    date: str | None = None
    approximate: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return asdict(self)


def _fold_token(token: str) -> str:
    token = unicodedata.normalize("NFKD", token)
    token = "".join(c for c in token if not unicodedata.combining(c)).casefold()
    token = token.replace("’", "'")
    token = re.sub(r"'s?$", "", token)
    bare = token.rstrip(".")
    return ABBREVIATIONS.get(bare, bare) if token.endswith(".") or bare in ABBREVIATIONS \
        else bare


def normalise_name(text: str) -> str:
    """A name folded for matching: case, accents, possessive, rank abbreviations.

    Examples
    --------
    >>> normalise_name("Snr. Gen. Min Aung Hlaing’s")
    'senior general min aung hlaing'
    >>> normalise_name("Vice Snr. Gen. Soe Win") == normalise_name("Vice Senior General Soe Win")
    True
    >>> normalise_name("Col. Gen. Fomin"), normalise_name("Naypyitaw")
    ('colonel general fomin', 'naypyitaw')
    """
    return " ".join(_fold_token(t) for t in _TOKEN.findall(text))


def _entity_classes(graph: Graph) -> set[Node]:
    found: set[Node] = set()
    todo: list[Node] = [SCHEMA.Person, SCHEMA.Organization, SCHEMA.Place]
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found.add(cls)
        todo.extend(graph.subjects(RDFS.subClassOf, cls))
    return found


def entity_names(graph: Graph) -> dict[str, set[URIRef]]:
    """Every folded name and alias of a person, organization or place, to its IRIs.

    A leading "the" is dropped, and an honorific prefix is also tried before
    the name ("Senior General" + "Min Aung Hlaing").
    """
    classes = _entity_classes(graph)
    names: dict[str, set[URIRef]] = {}
    sources = set(graph.subjects(URIRef("https://w3id.org/mmru-graph/ontology#textFile")))
    for node, cls in graph.subject_objects(RDF.type):
        if cls not in classes or not isinstance(node, URIRef) or node in sources:
            continue
        labels = [str(v) for p in (SCHEMA.name, SCHEMA.alternateName)
                  for v in graph.objects(node, p)]
        main = graph.value(node, SCHEMA.name)
        for prefix in graph.objects(node, SCHEMA.honorificPrefix):
            if main is not None:
                labels.append(f"{prefix} {main}")
        for label in labels:
            folded = normalise_name(label)
            folded = folded.removeprefix("the ")
            if folded:
                names.setdefault(folded, set()).add(node)
    return names


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences as offsets; an abbreviation ("Snr.", "Gen.") does not end one.

    >>> text = "Snr. Gen. Min Aung Hlaing arrived. He left."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Snr. Gen. Min Aung Hlaing arrived.', 'He left.']
    """
    spans, start = [], 0
    for match in re.finditer(r"(?<=[.!?])\s+|\n+", text):
        before = text[start:match.start()].rsplit(None, 1)
        last = before[-1].rstrip(".").casefold() if before else ""
        if match.group().strip(" \t") == "" and last in ABBREVIATIONS:
            continue
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _entity_mentions(text: str, names: dict[str, set[URIRef]]) -> list[Mention]:
    tokens = [(m.start(), m.end(), _fold_token(m.group())) for m in _TOKEN.finditer(text)]
    longest = max((len(k.split()) for k in names), default=1)
    found, i = [], 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            key = " ".join(t[2] for t in tokens[i:i + size])
            following = text[tokens[i + size][0]] if i + size < len(tokens) else ""
            if key in names and set(key.split()) <= _TITLE_WORDS and following.isupper():
                continue  # "Col. Gen. Pavel Orlov": a rank before a name, not "the Colonel General"
            if key in names:
                start, end = tokens[i][0], tokens[i + size - 1][1]
                surface = text[start:end]
                if surface.endswith(".") and not normalise_name(surface).endswith(
                        tuple(ABBREVIATIONS.values())):
                    end -= 1  # the sentence's full stop is not part of the name
                elif surface.endswith(("’s", "'s")):
                    end -= 2  # the possessive is not part of the name
                iris = sorted(names[key], key=str)
                found.append(Mention(start, end, text[start:end], "entity",
                                     str(iris[0]) if len(iris) == 1 else None,
                                     [str(n) for n in iris] if len(iris) > 1 else []))
                i += size
                break
        else:
            i += 1
    return found


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").casefold()]


def _before(published: date | None, month: int, day: int | None = None) -> tuple[int, bool]:
    """The year of a month (and day) given without one: the publication's, or the one
    before when that would be after the publication."""
    if published is None:
        return 0, True
    year = published.year
    if (month, day or 1) > (published.month, published.day):
        year -= 1
    return year, True


def _date_mentions(text: str, published: date | None) -> list[Mention]:
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            span = (match.start(), match.end())
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            iso, approximate = _resolve(kind, match, published)
            taken.append(span)
            found.append(Mention(span[0], span[1], match.group(), "date", date=iso,
                                 approximate=approximate))
    return found


def _resolve(kind: str, match: re.Match[str], published: date | None) -> tuple[str | None, bool]:
    groups = match.groups()
    try:
        if kind == "mdy":
            return date(int(groups[2]), _month(groups[0]), int(groups[1])).isoformat(), False
        if kind == "dmy":
            return date(int(groups[2]), _month(groups[1]), int(groups[0])).isoformat(), False
        if kind == "my":
            return f"{int(groups[1]):04d}-{_month(groups[0]):02d}", False
        if kind == "year":
            return groups[0], False
        if published is None:
            return None, True
        if kind == "md":
            month, day = _month(groups[0]), int(groups[1])
            year, _ = _before(published, month, day)
            return date(year, month, day).isoformat(), True
        if kind == "in-month":
            month = _month(groups[0])
            year, _ = _before(published, month)
            return f"{year:04d}-{month:02d}", True
        if kind == "weekday":
            wanted = WEEKDAYS.index(groups[0].casefold())
            back = (published.weekday() - wanted) % 7 or 7
            return (published - timedelta(days=back)).isoformat(), True
        word = (groups[2] or "").casefold()
        if word in ("yesterday", "today"):
            delta = 1 if word == "yesterday" else 0
            return (published - timedelta(days=delta)).isoformat(), False
        step = 1 if groups[0].casefold() == "next" else -1
        if groups[1].casefold() == "week":
            return (published + timedelta(days=7 * step)).isoformat(), True
        if groups[1].casefold() == "month":
            month = (published.month - 1 + step) % 12 + 1
            year = published.year + ((published.month - 1 + step) // 12)
            return f"{year:04d}-{month:02d}", True
        return f"{published.year + step:04d}", True
    except (ValueError, KeyError):
        return None, True


_CAPITALISED = re.compile(
    r"\b(?:(?:Snr|Sr|Gen|Col|Lt|Maj|Brig|Adm|Capt|Cmdr|Pres|Gov|Dr|Prof)\.\s+|Vice\s+)*"
    r"[A-Z][a-z’'\-]+(?:\s+(?:[A-Z][a-z’'\-]+|[A-Z]\.|(?:Snr|Gen|Col|Lt)\.))+")


def _unknown_mentions(text: str, names: dict[str, set[URIRef]],
                      taken: list[Mention]) -> list[Mention]:
    found = []
    keys = list(names)
    for match in _CAPITALISED.finditer(text):
        start, end = match.span()
        if any(m.start < end and start < m.end for m in taken):
            continue
        words = match.group().split()
        if len(words) < 2 or words[0].rstrip(".").casefold() in MONTHS \
                or words[0].casefold() in WEEKDAYS:
            continue
        folded = normalise_name(match.group())
        close = difflib.get_close_matches(folded, keys, n=5, cutoff=0.6)
        last = folded.split()[-1]
        close += [k for k in keys if k.split()[-1:] == [last] and k not in close]
        candidates = sorted({str(n) for k in close for n in names[k]})
        found.append(Mention(start, end, match.group(), "unknown", None, candidates))
    return found


def find_mentions(graph: Graph, text: str, published: str | None = None) -> list[Mention]:
    """Every entity, date and unknown name ``text`` mentions, in text order.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph whose entities are known.
    text : str
        The source's text; offsets are code points into it.
    published : str, optional
        The publication date (``YYYY-MM-DD``) relative dates resolve against.

    Examples
    --------
    The graph knows Ana Rojas, not the admiral; "on Monday" resolves against
    the publication date:

    >>> from mmru_graph.namespaces import TURTLE_PREFIXES, prefixed
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" .
    ... ''')
    >>> text = "Ana Rojas’s talks with Adm. Luis Quispe on Monday."
    >>> for m in find_mentions(g, text, published="2022-09-08"):
    ...     print(m.kind, repr(m.text), m.iri and prefixed(URIRef(m.iri)), m.date)
    entity 'Ana Rojas' id:ana None
    unknown 'Adm. Luis Quispe' None None
    date 'on Monday' None 2022-09-05
    """
    when = None
    if published and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        when = date.fromisoformat(published)
    names = entity_names(graph)
    dates = _date_mentions(text, when)
    entities = [m for m in _entity_mentions(text, names)
                if not any(d.start < m.end and m.start < d.end for d in dates)]
    unknown = _unknown_mentions(text, names, entities + dates)
    return sorted(entities + dates + unknown, key=lambda m: (m.start, m.end))
