"""The source registry: register a text (:func:`add_source`) and list them (:func:`list_sources`).

A source is a stored text in ``GRAPH_DIR/sources/`` (byte for byte as the
analyst supplied it: evidence offsets are code points into it) and its
description beside it, ``<id>.ttl``: a ``schema:NewsArticle`` (or
``schema:CreativeWork`` for anything else) with its title, publisher,
publication date and language, and its address only when the analyst gives
one. Nothing is invented: what is not known is left out and the shapes
accept that.

The facts a source supports live in its own named graph, the folder
``GRAPH_DIR/data/<id>/`` (see :mod:`mmru_graph.store.loading`).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ..atomic import commit_staged, discard_staged, staged_path
from ..dates import check_date
from ..errors import SourceError
from ..namespaces import ID, MMRU, OA, PROV, RDF, RDFS, SCHEMA, XSD, local_name, prefixed
from ..store.loading import load_graph, new_graph
from ..store.location import resolve_graph_dir

__all__ = ["SourceInfo", "add_source", "as_of", "list_sources", "slugify", "source_nodes",
           "text_hash"]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_HEADER = (
    "# A registered source (`mmru-graph add-source`): what the analyst knows of it,\n"
    "# nothing more. The text is stored beside this file, byte for byte; evidence\n"
    "# offsets are Unicode code points into it. Its facts go in graph/data/{id}/.\n"
)


def slugify(text: str, words: int = 0) -> str:
    """An IRI slug: lower-case ASCII words joined by ``-`` (the first ``words`` if given).

    Examples
    --------
    >>> slugify("The Irrawaddy")
    'the-irrawaddy'
    >>> slugify("Myanmar’s Junta Chief Meets Putin in Vladivostok", words=4)
    'myanmars-junta-chief-meets'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    if words:
        parts = parts[:words]
    return "-".join(parts)


def text_hash(data: bytes) -> str:
    """The SHA-256 of a text's bytes: two sources with the same hash are the same text.

    >>> text_hash(b"abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(data).hexdigest()


def _date_literal(text: str) -> Literal:
    value = check_date(text)
    assert value is not None
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


def source_nodes(graph: Graph) -> list[URIRef]:
    """Every registered source (a node with an ``mmru:textFile``), sorted by IRI."""
    return sorted({s for s in graph.subjects(MMRU.textFile, None) if isinstance(s, URIRef)},
                  key=str)


def _find_publisher(graph: Graph, name: str) -> URIRef | None:
    wanted = name.strip().casefold()
    for predicate in (SCHEMA.name, SCHEMA.alternateName):
        for node, value in graph.subject_objects(predicate):
            if isinstance(node, URIRef) and str(value).strip().casefold() == wanted \
                    and (node, RDF.type, None) in graph and not _is_source(graph, node):
                return node
    return None


def _is_source(graph: Graph, node: URIRef) -> bool:
    return (node, MMRU.textFile, None) in graph


def add_source(text_file: str | os.PathLike[str], *, title: str, publisher: str,
               published: str, url: str | None = None, source_id: str | None = None,
               news: bool = True, language: str = "en",
               graph_dir: str | os.PathLike[str] | None = None) -> URIRef:
    """Register a text as a source: copy it into ``sources/`` and describe it.

    Parameters
    ----------
    text_file : path
        The text, UTF-8. Copied byte for byte to ``sources/<id>.txt``.
    title, publisher : str
        The title (``schema:name``, and ``schema:headline`` for news) and the
        publisher's name; a publisher already in the graph (by name or alias)
        is reused, a new one is described in the source's file.
    published : str
        The publication date as known: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.
    url : str, optional
        The address, only when known (``schema:url``; never fetched).
    source_id : str, optional
        The source's slug (``id:<slug>``); default ``source-<publisher>-<date>``.
    news : bool
        ``schema:NewsArticle`` (default) or a plain ``schema:CreativeWork``.

    Returns
    -------
    URIRef
        The new source's IRI.

    Raises
    ------
    SourceError
        The text is missing, not UTF-8 or already registered (same SHA-256),
        or the id is not a slug or is in use. Nothing is written then.
    InvalidDateError
        ``published`` is not a date.

    Examples
    --------
    A tiny graph folder that knows one publisher:

    >>> import tempfile
    >>> from pathlib import Path
    >>> from mmru_graph.namespaces import TURTLE_PREFIXES
    >>> graph_dir = Path(tempfile.mkdtemp()) / "graph"
    >>> for folder in ("data", "sources"):
    ...     (graph_dir / folder).mkdir(parents=True)
    >>> _ = (graph_dir / "ontology.ttl").write_text("", "utf-8")
    >>> _ = (graph_dir / "data" / "publishers.ttl").write_text(TURTLE_PREFIXES +
    ...     'id:daily a schema:NewsMediaOrganization ; schema:name "The Daily" .', "utf-8")
    >>> text = graph_dir.parent / "note.txt"
    >>> _ = text.write_text("Rojas held talks with Quispe.", encoding="utf-8")
    >>> add_source(text, title="A note", publisher="The Daily", published="2022-09",
    ...            graph_dir=graph_dir)
    rdflib.term.URIRef('https://w3id.org/mmru-graph/id/source-the-daily-2022-09')
    >>> sorted(p.name for p in (graph_dir / "sources").iterdir())
    ['source-the-daily-2022-09.ttl', 'source-the-daily-2022-09.txt']
    >>> try:
    ...     add_source(text, title="Again", publisher="X", published="2022", graph_dir=graph_dir)
    ... except SourceError as exc:
    ...     print(str(exc).split(": ", 1)[1].replace("the-daily-", ""))
    the same text is already registered as id:source-2022-09 (source-2022-09.txt)
    """
    base = resolve_graph_dir(graph_dir)
    path = Path(text_file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a directory, not a text file") from None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    if not data.strip():
        raise SourceError(f"{path}: the text is empty")
    for field_name, value in (("title", title), ("publisher", publisher)):
        if not value.strip():
            raise SourceError(f"the {field_name} is empty")
    date_value = _date_literal(published)

    graph = load_graph(base)
    digest = text_hash(data)
    sources_dir = base / "sources"
    for node in source_nodes(graph):
        name = str(graph.value(node, MMRU.textFile))
        stored = sources_dir / name
        if stored.is_file() and text_hash(stored.read_bytes()) == digest:
            raise SourceError(f"{path}: the same text is already registered as "
                              f"{prefixed(node)} ({name})")

    slug = source_id.strip() if source_id else \
        f"source-{slugify(publisher, 3)}-{date_value}".lower()
    if not _SLUG.fullmatch(slug):
        raise SourceError(f"source id {slug!r} is not a slug (lower-case ASCII words "
                          "joined by '-')")
    node = ID[slug]
    text_path, ttl_path = sources_dir / f"{slug}.txt", sources_dir / f"{slug}.ttl"
    if any(True for _ in graph.predicate_objects(node)) or any(
            p.exists() for p in (text_path, ttl_path, base / "data" / slug)):
        raise SourceError(f"source id {slug!r} is in use (id:{slug} or its files exist)")

    description = new_graph()
    description.add((node, RDF.type, SCHEMA.NewsArticle if news else SCHEMA.CreativeWork))
    description.add((node, SCHEMA.name, Literal(title.strip())))
    if news:
        description.add((node, SCHEMA.headline, Literal(title.strip())))
    publisher_node = _find_publisher(graph, publisher)
    if publisher_node is None:
        publisher_node = ID[slugify(publisher)]
        if (publisher_node, None, None) in graph:
            publisher_node = ID[f"{slugify(publisher)}-publisher"]
        description.add((publisher_node, RDF.type,
                         SCHEMA.NewsMediaOrganization if news else SCHEMA.Organization))
        description.add((publisher_node, SCHEMA.name, Literal(publisher.strip())))
        description.add((publisher_node, RDFS.comment, Literal(
            f"Publisher of {prefixed(node)}, from its record (not its text).")))
        description.add((publisher_node, PROV.wasDerivedFrom, node))
    description.add((node, SCHEMA.publisher, publisher_node))
    description.add((node, SCHEMA.datePublished, date_value))
    description.add((node, SCHEMA.inLanguage, Literal(language)))
    if url:
        description.add((node, SCHEMA.url, Literal(url.strip(), datatype=XSD.anyURI)))
    description.add((node, MMRU.textFile, Literal(text_path.name)))
    turtle = _HEADER.format(id=slug) + description.serialize(format="turtle")

    staged_text, staged_ttl = staged_path(text_path), staged_path(ttl_path)
    try:
        staged_text.write_bytes(data)
        staged_ttl.write_bytes(turtle.encode("utf-8"))
        commit_staged(staged_text, text_path)
        commit_staged(staged_ttl, ttl_path)
    except BaseException:
        discard_staged(staged_text)
        discard_staged(staged_ttl)
        if text_path.exists() and not ttl_path.exists():
            text_path.unlink()
        raise
    return node


def as_of(graph: Graph, source: URIRef) -> tuple[str | None, str]:
    """The date a source speaks as of, and how it is known.

    Its ``schema:datePublished`` when recorded (``"published"``); else the end
    of its ``schema:temporalCoverage``, the last event it reports, meaning
    "written no earlier than" (``"not before"``); else ``(None, "unknown")``.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph()
    >>> _ = g.add((ID.a, SCHEMA.temporalCoverage, Literal("2016/2021-10-29")))
    >>> as_of(g, ID.a)
    ('2021-10-29', 'not before')
    >>> _ = g.add((ID.a, SCHEMA.datePublished, Literal("2021-11-02", datatype=XSD.date)))
    >>> as_of(g, ID.a)
    ('2021-11-02', 'published')
    """
    published = graph.value(source, SCHEMA.datePublished)
    if published is not None:
        return str(published), "published"
    coverage = graph.value(source, SCHEMA.temporalCoverage)
    if coverage is not None and "/" in str(coverage):
        return str(coverage).rsplit("/", 1)[1], "not before"
    return None, "unknown"


def as_of_label(graph: Graph, source: URIRef) -> str:
    """``as of 2022-09-07, per id:x`` or ``as of (written after 2021-10-29), per …``."""
    when, how = as_of(graph, source)
    who = _source_label(graph, source)
    if how == "published":
        return f"as of {when}, per {who}"
    if how == "not before":
        return f"as of its writing (after {when}; publication date unknown), per {who}"
    return f"as of an unknown date, per {who}"


def _source_label(graph: Graph, source: URIRef) -> str:
    publisher = graph.value(source, SCHEMA.publisher)
    name = graph.value(publisher, SCHEMA.name) if publisher is not None else None
    return f"{name} ({local_name(source)})" if name is not None else local_name(source)


@dataclass(frozen=True)
class SourceInfo:
    """One registered source and how much of the graph it supports.

    ``facts`` counts the distinct nodes its annotations support (events,
    offices, relations, first mentions); ``annotations`` its quotes;
    ``statements`` the triples of its named graph.
    """

    id: str
    kind: str
    title: str
    publisher: str
    published: str | None
    as_of: str
    url: str | None
    text_file: str
    annotations: int
    facts: int
    statements: int

    def as_dict(self) -> dict[str, object]:
        """The JSON form."""
        return dict(self.__dict__)


def _saved_list(graph: Graph) -> list[SourceInfo] | None:
    """The list ``build`` saved with the store, when ``graph`` is that whole store
    (never a part of it); a store without a usable one says so (a note) and counts."""
    from ..errors import warn_stale
    from ..store.backends import backend_of
    from .saved import read_saved_sources, saved_file

    path = saved_file(graph)
    if path is None or getattr(backend_of(graph), "origin", None) is not None:
        return None
    found = read_saved_sources(path)
    if found is None:
        warn_stale(path, "list of sources")
    return found


def list_sources(graph: Graph) -> list[SourceInfo]:
    """Every registered source with counts of what it supports, sorted by id.

    Examples
    --------
    A source is a node naming its text file; ``facts`` counts the distinct
    things its quotes support:

    >>> from mmru_graph.namespaces import TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:daily a schema:Organization ; schema:name "The Daily" .
    ... id:source-a a schema:NewsArticle ; schema:headline "Talks in Lima" ;
    ...     schema:publisher id:daily ; schema:datePublished "2022-05-04"^^xsd:date ;
    ...     mmru:textFile "source-a.txt" .
    ... id:ev-1 oa:hasBody id:talks ; oa:hasTarget [ oa:hasSource id:source-a ] .
    ... id:ev-2 oa:hasBody id:talks ; oa:hasTarget [ oa:hasSource id:source-a ] .
    ... ''')
    >>> [info] = list_sources(g)
    >>> info.id, info.title, info.publisher, info.published, info.annotations, info.facts
    ('source-a', 'Talks in Lima', 'The Daily', '2022-05-04', 2, 1)
    """
    from .named import source_graph_sizes

    saved = _saved_list(graph)
    if saved is not None:
        return saved
    annotations: dict[URIRef, set[URIRef]] = {}
    bodies: dict[URIRef, set[URIRef]] = {}
    for annotation, target in graph.subject_objects(OA.hasTarget):
        source = graph.value(target, OA.hasSource)
        if isinstance(source, URIRef) and isinstance(annotation, URIRef):
            annotations.setdefault(source, set()).add(annotation)
            bodies.setdefault(source, set()).update(
                b for b in graph.objects(annotation, OA.hasBody) if isinstance(b, URIRef))
    sizes = source_graph_sizes(graph)
    found = []
    for node in source_nodes(graph):
        publisher = graph.value(node, SCHEMA.publisher)
        url = graph.value(node, SCHEMA.url)
        published = graph.value(node, SCHEMA.datePublished)
        kind = "news article" if (node, RDF.type, SCHEMA.NewsArticle) in graph else "work"
        found.append(SourceInfo(
            id=local_name(node), kind=kind,
            title=str(graph.value(node, SCHEMA.name) or graph.value(node, SCHEMA.headline) or ""),
            publisher=str(graph.value(publisher, SCHEMA.name) or local_name(publisher))
            if publisher is not None else "",
            published=str(published) if published is not None else None,
            as_of=as_of_label(graph, node), url=str(url) if url is not None else None,
            text_file=str(graph.value(node, MMRU.textFile)),
            annotations=len(annotations.get(node, ())), facts=len(bodies.get(node, ())),
            statements=sizes.get(node, 0)))
    return found
