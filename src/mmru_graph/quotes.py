"""The source texts and the quotes in them: reading, finding and checking quotes.

Every piece of evidence quotes a stored source text (``GRAPH_DIR/sources/``)
verbatim, at code-point offsets. This module reads the stored texts
(:func:`read_source_text`, :func:`source_texts`), finds a quote's offsets
(:func:`locate`, :func:`find_quote`), suggests what a quote that is not
verbatim was meant to be (:func:`missing_quote_hint`) and checks that every
annotation's quote is in its text at its offsets (:func:`check_quotes`).
Reading the evidence of a node is :mod:`mmru_graph.evidence`.

Offsets are Python ``str`` indices into the text decoded from UTF-8 with no
newline translation: exactly what ``text[start:end]`` means.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .errors import (
    GraphNotFoundError,
    GraphSyntaxError,
    QuoteNotFoundError,
    ValidationError,
    Violation,
)
from .evidence import int_literal
from .namespaces import MMRU, OA, RDF, SCHEMA, prefixed
from .store.location import resolve_graph_dir

__all__ = ["QuoteSpan", "check_quotes", "closest_match", "find_quote", "locate",
           "missing_quote_hint", "read_source_text", "sentences", "source_texts"]

#: Characters writers often type instead of the typographic ones an article
#: uses (and back). Each maps to one character, so offsets are unchanged.
_LOOKALIKES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ",
                             "–": "-", "—": "-"})

#: How much of a quote a message repeats, and of a suggested passage.
_QUOTE_PREVIEW = 60
_HINT_PREVIEW = 240


def _preview(quote: str, limit: int = _QUOTE_PREVIEW) -> str:
    if len(quote) <= limit:
        return f"“{quote}”"
    return f"“{quote[:limit]}…”"


# --------------------------------------------------------------------------
# Source texts
# --------------------------------------------------------------------------
def read_source_text(path: str | os.PathLike[str]) -> str:
    """Read a stored source text exactly: UTF-8, no newline translation.

    A symbolic link is refused, not followed: a link in ``sources/`` could
    make ``validate`` or ``locate`` read and echo any file of the machine
    (``/etc/passwd`` in a "closest passage" hint).

    Raises
    ------
    GraphNotFoundError
        If the file does not exist, or is a directory or a symbolic link.
    GraphSyntaxError
        If it is not UTF-8.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise GraphNotFoundError(f"{path}: missing file") from None
    except IsADirectoryError:
        raise GraphNotFoundError(f"{path}: is a directory, not a text file") from None
    except OSError:
        if path.is_symlink():
            raise GraphNotFoundError(f"{path}: is a symbolic link; a source text must be a "
                                     "plain file in the graph directory (links are not "
                                     "followed)") from None
        raise
    try:
        with os.fdopen(fd, "rb") as handle:
            data = handle.read()
    except IsADirectoryError:
        raise GraphNotFoundError(f"{path}: is a directory, not a text file") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GraphSyntaxError(str(path), None, f"not UTF-8 ({exc.reason} at byte {exc.start})") \
            from None


def source_texts(graph: Graph, graph_dir: str | os.PathLike[str]) -> dict[URIRef, str]:
    """The stored text of every ``schema:NewsArticle``, by the article's IRI.

    Each article names its text with ``mmru:textFile``, a file name inside
    ``GRAPH_DIR/sources/``. Articles without one are left out (their quotes
    are then reported by :func:`check_quotes`).

    Raises
    ------
    GraphNotFoundError
        If a text file is missing, naming the file and the article.
    ValidationError
        If a ``mmru:textFile`` is not a plain file name (a path could read
        files outside the graph directory).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from mmru_graph.store.loading import new_graph
    >>> from mmru_graph.namespaces import ID
    >>> graph_dir = pathlib.Path(tempfile.mkdtemp())
    >>> (graph_dir / "sources").mkdir()
    >>> _ = (graph_dir / "sources" / "talks.txt").write_text("Rojas holds talks.", "utf-8")
    >>> g = new_graph()
    >>> _ = g.add((ID.article, RDF.type, SCHEMA.NewsArticle))
    >>> _ = g.add((ID.article, MMRU.textFile, Literal("talks.txt")))
    >>> source_texts(g, graph_dir)[ID.article]
    'Rojas holds talks.'
    """
    base = Path(graph_dir) / "sources"
    texts: dict[URIRef, str] = {}
    for article in sorted(graph.subjects(RDF.type, SCHEMA.NewsArticle), key=str):
        if not isinstance(article, URIRef):
            continue
        name = graph.value(article, MMRU.textFile)
        if name is None:
            continue
        file_name = str(name)
        if not file_name or Path(file_name).name != file_name or file_name in (".", ".."):
            raise ValidationError([Violation(prefixed(article), "mmru:textFile",
                                             f"{file_name!r} is not a file name inside "
                                             f"{base}")])
        # Neither the text nor the sources folder may be a link out of the graph.
        if (base / file_name).resolve().parent != Path(graph_dir).resolve() / "sources":
            raise ValidationError([Violation(prefixed(article), "mmru:textFile",
                                             f"{base / file_name} leads outside {base} "
                                             "through a symbolic link: refused (links are "
                                             "not followed)")])
        try:
            texts[article] = read_source_text(base / file_name)
        except GraphNotFoundError as exc:
            raise GraphNotFoundError(f"{exc} (mmru:textFile of {prefixed(article)})") from None
    return texts


# --------------------------------------------------------------------------
# Finding quotes
# --------------------------------------------------------------------------
def locate(text: str, quote: str) -> list[tuple[int, int]]:
    """Every place ``quote`` occurs in ``text``, as ``(start, end)`` offsets.

    Offsets are code points, end exclusive, so ``text[start:end] == quote``.
    Overlapping occurrences are all listed; an empty quote occurs nowhere.

    Examples
    --------
    >>> locate("the coup leader met the coup leader", "coup leader")
    [(4, 15), (24, 35)]
    >>> text = "Myanmar’s military"
    >>> [text[s:e] for s, e in locate(text, "’s")]
    ['’s']
    >>> locate("abc", "")
    []
    """
    if not quote:
        return []
    found = []
    start = text.find(quote)
    while start != -1:
        found.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return found


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences (and lines) of ``text`` as ``(start, end)`` offsets.

    Examples
    --------
    >>> text = "March 26: He arrives. He leaves.\\nMay 20-22: A fair."
    >>> [text[s:e] for s, e in sentences(text)]
    ['March 26: He arrives.', 'He leaves.', 'May 20-22: A fair.']
    """
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def closest_match(text: str, quote: str) -> tuple[int, int] | None:
    """The passage of ``text`` most like ``quote``, or None if nothing is alike.

    For suggesting what was meant when a quote is not verbatim: within the
    sentence that shares most of the quote's words in order, the span from
    the first to the last shared run of characters. Quote marks, dashes and
    case are ignored.

    Examples
    --------
    >>> text = "The coup leader visits Russia. In its February 1 coup, it took power."
    >>> s, e = closest_match(text, "in its February 2 coup")
    >>> text[s:e]
    'In its February 1 coup'
    >>> s, e = closest_match(text, "the coup leader visited Russia")
    >>> text[s:e]
    'The coup leader visits Russia'
    >>> closest_match(text, "Putin received him") is None
    True
    """
    folded_quote = quote.translate(_LOOKALIKES).casefold()
    if not folded_quote:
        return None
    best, best_cover = None, 0.6
    for start, end in sentences(text):
        matcher = difflib.SequenceMatcher(
            None, folded_quote, text[start:end].translate(_LOOKALIKES).casefold(),
            autojunk=False)
        # Runs of one or two characters are coincidences, not shared words.
        blocks = [b for b in matcher.get_matching_blocks() if b.size >= 3]
        cover = sum(b.size for b in blocks) / len(folded_quote)
        if blocks and cover > best_cover:
            best_cover = cover
            best = (start + blocks[0].b, start + blocks[-1].b + blocks[-1].size)
    return best


def _spans(spans: Iterable[tuple[int, int]]) -> str:
    return ", ".join(f"{s}–{e}" for s, e in spans)


def missing_quote_hint(text: str, quote: str) -> str:
    """What ``quote`` (not in ``text``) was probably meant to be, or ``""``.

    Examples
    --------
    >>> print(missing_quote_hint("Myanmar’s military", "Myanmar's military"))
    ... # doctest: +NORMALIZE_WHITESPACE
    the text at 0–18 differs only in quote marks, dashes or spaces:
    “Myanmar’s military”
    >>> missing_quote_hint("He arrives in Naypyitaw. He leaves.", "He arrive in Naypyitaw.")
    'closest at 0–24: “He arrives in Naypyitaw.”'
    >>> missing_quote_hint("He arrives in Naypyitaw.", "Putin")
    ''
    """
    folded = locate(text.translate(_LOOKALIKES), quote.translate(_LOOKALIKES))
    if folded:
        start, end = folded[0]
        return (f"the text at {start}–{end} differs only in quote marks, dashes or spaces: "
                f"{_preview(text[start:end], _HINT_PREVIEW)}")
    near = closest_match(text, quote)
    if near is None:
        return ""
    start, end = near
    return f"closest at {start}–{end}: {_preview(text[start:end], _HINT_PREVIEW)}"


@dataclass(frozen=True)
class QuoteSpan:
    """Where a quote occurs: the stored text file and the code-point offsets."""

    file: Path
    start: int
    end: int


def find_quote(graph_dir: str | os.PathLike[str] | None, quote: str) -> list[QuoteSpan]:
    """Every occurrence of ``quote`` in the stored texts of a graph directory.

    Reads the ``*.txt`` files of ``GRAPH/sources/`` directly, so it works
    while the Turtle being edited does not parse yet. This is what
    ``mmru-graph locate`` runs when a fact is being added.

    Raises
    ------
    QuoteNotFoundError
        If the quote occurs in no text; the message names the closest
        passage when there is one.

    Examples
    --------
    A graph directory in a few lines (its ontology and data may be empty):

    >>> import pathlib, tempfile
    >>> graph_dir = pathlib.Path(tempfile.mkdtemp())
    >>> for folder in ("data", "sources"):
    ...     (graph_dir / folder).mkdir()
    >>> _ = (graph_dir / "ontology.ttl").write_text("", "utf-8")
    >>> _ = (graph_dir / "sources" / "talks.txt").write_text(
    ...     "Lima, 4 May. Rojas holds talks with Quispe.", "utf-8")
    >>> [(s.file.name, s.start, s.end) for s in find_quote(graph_dir, "Rojas holds talks")]
    [('talks.txt', 13, 30)]
    >>> find_quote(graph_dir, "Rojas holds no talks")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.errors.QuoteNotFoundError: “Rojas holds no talks” is not in ...talks.txt; \
closest at 13–30: “Rojas holds talks”
    """
    sources = resolve_graph_dir(graph_dir) / "sources"
    files = sorted(sources.glob("*.txt"))
    if not files:
        raise GraphNotFoundError(f"{sources}: no source texts (*.txt)")
    texts = {path: read_source_text(path) for path in files}
    found = [QuoteSpan(path, start, end)
             for path, text in texts.items() for start, end in locate(text, quote)]
    if not found:
        where = ", ".join(str(path) for path in texts)
        hints = [f"{path.name}: {hint}" if len(texts) > 1 else hint
                 for path, text in texts.items() if (hint := missing_quote_hint(text, quote))]
        raise QuoteNotFoundError(f"{_preview(quote)} is not in {where}"
                                 + (f"; {'; '.join(hints)}" if hints else ""))
    return found


# --------------------------------------------------------------------------
# Checking quotes against the texts
# --------------------------------------------------------------------------
# Read once: a namespace's attribute is made anew on each lookup (a Python call),
# and the checks below read these a dozen times per quote.
_HAS_SOURCE, _HAS_SELECTOR, _TYPE = OA.hasSource, OA.hasSelector, RDF.type
_EXACT, _START, _END = OA.exact, OA.start, OA.end
_QUOTE_SELECTOR, _POSITION_SELECTOR = OA.TextQuoteSelector, OA.TextPositionSelector


class _Lookups:
    """The statements quote checks read, from one scan per predicate: a lookup per
    target and selector through the union of the graphs costs about 10 µs, a dozen
    per quote, which is seconds at two million triples.

    Where a node has several values, they are read from the graph itself, in the
    order (and so with the messages) a lookup there gives.
    """

    def __init__(self, graph: Graph) -> None:
        from .store.index import TripleIndex

        self.graph = graph
        self.index = TripleIndex(graph)

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        found = self.index.all(predicate).get(subject, ())
        return list(self.graph.objects(subject, predicate)) if len(found) > 1 else list(found)

    def has(self, subject: Node, predicate: Node) -> bool:
        return subject in self.index.all(predicate)

    def selectors(self, target: Node) -> tuple[list[Node], list[Node]]:
        """:func:`mmru_graph.evidence.target_selectors` from these lookups."""
        quotes, positions = [], []
        for selector in sorted(self.objects(target, _HAS_SELECTOR), key=str):
            types = self.objects(selector, _TYPE)
            if _QUOTE_SELECTOR in types or self.has(selector, _EXACT):
                quotes.append(selector)
            if _POSITION_SELECTOR in types or self.has(selector, _START):
                positions.append(selector)
        return quotes, positions


class _Direct(_Lookups):
    """The same lookups straight from the graph, for a handful of targets."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        return list(self.graph.objects(subject, predicate))

    def has(self, subject: Node, predicate: Node) -> bool:
        return (subject, predicate, None) in self.graph


def _touched_targets(graph: Graph, touched: Iterable[tuple[Node, Node, Node]]) -> set[Node]:
    """The quote targets a check of which reads one of ``touched``: what a target's
    check reads is its own statements and its selectors'."""
    nodes: set[Node] = set()
    for subject, predicate, obj in touched:
        nodes.add(subject)
        if predicate == OA.hasTarget:
            nodes.add(obj)
        nodes.update(graph.subjects(_HAS_SELECTOR, subject))  # a selector's target
    return {node for node in nodes if (node, _TYPE, OA.SpecificResource) in graph
            or (None, OA.hasTarget, node) in graph}


def _check_target(look: _Lookups, target: Node, texts: dict[URIRef, str]) -> list[Violation]:
    sources = look.objects(target, _HAS_SOURCE)
    source = sources[0] if sources else None  # what graph.value() gives
    if source is None:
        return [Violation(prefixed(target), "oa:hasSource", "target has no source")]
    if not isinstance(source, URIRef) or source not in texts:
        return [Violation(prefixed(target), "oa:hasSource",
                          f"{prefixed(source)} has no stored text "
                          "(a schema:NewsArticle with mmru:textFile)")]
    text = texts[source]
    quotes, positions = look.selectors(target)
    problems = []
    if len(quotes) != 1:
        problems.append(Violation(prefixed(target), "oa:hasSelector",
                                  f"needs exactly one oa:TextQuoteSelector, has {len(quotes)}"))
    if len(positions) != 1:
        problems.append(Violation(prefixed(target), "oa:hasSelector",
                                  f"needs exactly one oa:TextPositionSelector, has "
                                  f"{len(positions)}"))
    exact: str | None = None
    for selector in quotes:
        values = look.objects(selector, _EXACT)
        if len(values) != 1 or not isinstance(values[0], Literal):
            problems.append(Violation(prefixed(selector), "oa:exact",
                                      f"needs exactly one text, has {len(values)}"))
            continue
        exact = str(values[0])
        if not exact:
            problems.append(Violation(prefixed(selector), "oa:exact", "empty quote"))
        elif exact not in text:  # what locate() finds nowhere
            hint = missing_quote_hint(text, exact)
            problems.append(Violation(prefixed(selector), "oa:exact",
                                      f"{_preview(exact)} is not in the source text"
                                      + (f"; {hint}" if hint else "")))
    for selector in positions:
        problems += _check_offsets(look, selector, text, exact if len(quotes) == 1 else None)
    return problems


def _check_offsets(look: _Lookups, selector: Node, text: str,
                   exact: str | None) -> list[Violation]:
    bounds: dict[str, int] = {}
    problems = []
    for name, prop in (("start", _START), ("end", _END)):
        values = look.objects(selector, prop)
        number = int_literal(values[0]) if len(values) == 1 else None
        if number is None:
            problems.append(Violation(prefixed(selector), f"oa:{name}",
                                      f"needs exactly one integer, has "
                                      f"{', '.join(v.n3() for v in values) or 'none'}"))
        else:
            bounds[name] = number
    if problems:
        return problems
    start, end = bounds["start"], bounds["end"]
    if not 0 <= start < end <= len(text):
        return [Violation(prefixed(selector), "oa:start",
                          f"offsets {start}–{end} are not a span of the text "
                          f"(0 ≤ start < end ≤ {len(text)})")]
    if exact is None or not exact or text[start:end] == exact:
        return []
    found = locate(text, exact)
    if found:
        return [Violation(prefixed(selector), "oa:start",
                          f"oa:exact found at {_spans(found)}, not at {start}–{end}")]
    return []  # the quote itself is not in the text: reported once, on oa:exact


def check_quotes(graph: Graph, texts: dict[URIRef, str],
                 touched: Iterable[tuple[Node, Node, Node]] | None = None) -> list[Violation]:
    """Check every quote and its offsets against the stored source texts.

    For every ``oa:SpecificResource`` (and every ``oa:hasTarget``): it has a
    source with a stored text, exactly one quote selector and one position
    selector; the quote occurs in the text; ``0 <= start < end <= len(text)``
    and ``text[start:end] == exact``. When the quote is in the text but
    elsewhere, the message says where.

    Parameters
    ----------
    graph : rdflib.Graph
    texts : dict
        The stored source texts by article IRI (:func:`source_texts`).
    touched : iterable of triples, optional
        Check only the targets whose check reads one of these statements (those
        added since a validation that passed: :mod:`mmru_graph.validation.passed`):
        a target or selector they describe, or a target they point to.

    Returns
    -------
    list of Violation
        Sorted by node, property and message; empty when all is well.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> from mmru_graph.namespaces import ID
    >>> g = new_graph().parse(format="turtle", data='''
    ... @prefix oa: <http://www.w3.org/ns/oa#> .
    ... @prefix id: <https://w3id.org/mmru-graph/id/> .
    ... id:ev-1-t a oa:SpecificResource ; oa:hasSource id:src ;
    ...     oa:hasSelector id:ev-1-q, id:ev-1-p .
    ... id:ev-1-q a oa:TextQuoteSelector ; oa:exact "attends the parade" .
    ... id:ev-1-p a oa:TextPositionSelector ; oa:start 0 ; oa:end 18 .
    ... ''')
    >>> for v in check_quotes(g, {ID.src: "He attends the parade."}):
    ...     print(v)
    id:ev-1-p oa:start: oa:exact found at 3–21, not at 0–18
    >>> check_quotes(g, {ID.src: "attends the parade"})
    []
    """
    look: _Lookups
    if touched is None:
        targets = set(graph.subjects(RDF.type, OA.SpecificResource))
        targets.update(graph.objects(None, OA.hasTarget))
        look = _Lookups(graph)
    else:  # a few targets: looked up one by one, no index of the whole graph
        targets = _touched_targets(graph, touched)
        look = _Direct(graph)
    problems: list[Violation] = []
    for target in sorted(targets, key=str):
        problems += _check_target(look, target, texts)
    return sorted(set(problems), key=lambda v: (v.focus, v.path, v.message))
