"""The one way the project loads its RDF: :func:`load_graph`.

Every command, test and notebook gets its graph from here, so the choice of
store, the parse order and the error reporting are decided in one place.
Nothing else in the code constructs an :class:`rdflib.Graph` from files.

Only local files are read: nothing is ever parsed from a URL (rdflib's
``Graph.parse(url)`` would fetch it).

Named graphs: the facts a source supports live in its own named graph. A
Turtle file in a folder ``data/<slug>/`` is parsed into the named graph
``id:<slug>`` (the source's IRI); a TriG or N-Quads file keeps the graphs it
names; every other file (ontology, source descriptions, the shared entities
in ``data/*.ttl``) goes to the default graph. :func:`load_graph` returns a
:class:`SourcedGraph`, an rdflib ``Dataset`` whose default graph is read as
the union of all graphs, so every analysis sees one graph and the quads are
still there for ``GRAPH ?source { … }`` and for :mod:`mmru_graph.sources`.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.store import Store

from ..errors import (
    GraphNotFoundError,
    GraphSyntaxError,
    MmruError,
    StoreNotFoundError,
    UnsupportedStoreError,
)
from ..namespaces import ID, PREFIXES
from .bulk import plain_memory_of, union_triples
from .location import default_store_dir, resolve_graph_dir
from .syntax import read_rdf_text

#: Store kinds :func:`load_graph` knows: rdflib in memory (the parsed
#: files), the embedded Oxigraph store ``build`` writes, a SPARQL endpoint.
STORES = ("memory", "oxigraph", "sparql")


def new_graph(store: str = "memory") -> Graph:
    """Return an empty graph of the chosen store with the project's prefixes bound.

    >>> len(new_graph())
    0
    """
    if store != "memory":
        raise UnsupportedStoreError(
            f"store {store!r} cannot hold a new graph (only 'memory' can)")
    graph = Graph(store="Memory", bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


class SourcedGraph(Dataset):
    """The project's graph: a ``Dataset`` read as the union of its graphs.

    Every ``Graph`` method (``triples``, ``value``, ``query`` …) sees the
    union; iterating yields the union's triples (a plain ``Dataset`` yields
    quads). ``quads()`` and ``graph(iri)`` give each source's statements.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from mmru_graph.namespaces import SCHEMA
    >>> g = SourcedGraph()
    >>> _ = g.graph(ID["source-a"]).add((ID.russia, SCHEMA.name, Literal("Russia")))
    >>> _ = g.add((ID.russia, SCHEMA.name, Literal("Russia")))
    >>> len(g), [str(o) for _, _, o in g]
    (1, ['Russia'])
    """

    def __init__(self, store: Store | None = None) -> None:
        super().__init__(store=store if store is not None else "Memory", default_union=True)
        for prefix, namespace in PREFIXES.items():
            self.bind(prefix, namespace, override=True)

    def __iter__(self):  # type: ignore[no-untyped-def]
        """The union's triples, as a plain ``Graph`` yields them."""
        return self.triples((None, None, None))

    def add(self, triple_or_quad):  # type: ignore[no-untyped-def]
        """A triple goes to the default graph (rdflib's path reads the deprecated
        ``default_context``, a warning on every call); a quad as ``Dataset`` does."""
        if len(triple_or_quad) == 3:
            self.default_graph.add(triple_or_quad)
            return self
        return super().add(triple_or_quad)

    def triples(self, triple_or_quad, context=None):  # type: ignore[no-untyped-def]
        """The union's matching triples straight from the store (the common case), else
        as ``Dataset`` does. rdflib's own path reads a deprecated property, and so
        raises a warning, on every call: most of a query command's extra time."""
        if context is None and len(triple_or_quad) == 3:
            subject, path, obj = triple_or_quad
            if isinstance(path, PropertyPath):  # as Graph.triples walks a path, on the union
                for found_subject, found_object in path.eval(self, subject, obj):
                    yield found_subject, path, found_object
                return
            store = plain_memory_of(self)
            if store is not None:  # without working out each triple's graphs
                yield from union_triples(store, triple_or_quad)
                return
            union = getattr(self.store, "union_triples", None)
            if union is not None:  # the compact store's own (store.compact)
                yield from union(triple_or_quad)
                return
            for found, _contexts in self.store.triples(triple_or_quad, context=None):
                yield found
            return
        yield from super().triples(triple_or_quad, context)


def merge_same_as(graph: Dataset) -> None:
    """Treat the two IRIs of every ``A owl:sameAs B`` between ``id:`` nodes as one: B.

    An analyst records that a new entity duplicates one already in the graph
    with ``id:new owl:sameAs id:existing``. Every statement about or
    pointing to ``id:new`` (in every named graph) is moved to
    ``id:existing``; its ``schema:name`` becomes an ``schema:alternateName``
    (the kept node has one name); the ``owl:sameAs`` statement itself stays,
    so the merge is visible. Chains (A sameAs B sameAs C) end at C.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from mmru_graph.namespaces import SCHEMA
    >>> from rdflib.namespace import OWL
    >>> g = SourcedGraph()
    >>> _ = g.add((ID["mah"], SCHEMA.name, Literal("Min Aung Hlaing")))
    >>> _ = g.add((ID["mah-2"], SCHEMA.name, Literal("Snr-Gen Min Aung Hlaing")))
    >>> _ = g.graph(ID["source-b"]).add((ID.visit, SCHEMA.attendee, ID["mah-2"]))
    >>> _ = g.add((ID["mah-2"], OWL.sameAs, ID["mah"]))
    >>> merge_same_as(g)
    >>> g.value(ID.visit, SCHEMA.attendee) == ID.mah
    True
    >>> sorted(map(str, g.objects(ID.mah, None)))
    ['Min Aung Hlaing', 'Snr-Gen Min Aung Hlaing']
    """
    from rdflib.namespace import OWL

    from ..namespaces import SCHEMA

    target: dict[URIRef, URIRef] = {}
    for alias, kept in graph.subject_objects(OWL.sameAs):
        if isinstance(alias, URIRef) and isinstance(kept, URIRef) and alias != kept \
                and alias.startswith(str(ID)) and kept.startswith(str(ID)):
            target[alias] = kept
    if not target:
        return

    def final(node: URIRef) -> URIRef:
        seen = {node}
        while node in target and target[node] not in seen:
            node = target[node]
            seen.add(node)
        return node

    moved = []
    for s, p, o, context in list(graph.quads((None, None, None, None))):
        if p == OWL.sameAs:
            continue
        new_s = final(s) if isinstance(s, URIRef) and s in target else s
        new_o = final(o) if isinstance(o, URIRef) and o in target else o
        if (new_s, new_o) != (s, o):
            new_p = SCHEMA.alternateName if p == SCHEMA.name and new_s != s else p
            name = getattr(context, "identifier", context)
            moved.append((graph.graph(name), (s, p, o), (new_s, new_p, new_o)))
    for part, old, new in moved:
        part.remove(old)
        part.add(new)


def named_graph_of(path: Path) -> URIRef | None:
    """The named graph a Turtle file belongs to: ``id:<slug>`` for ``data/<slug>/*.ttl``.

    >>> named_graph_of(Path("graph/data/source-x/events.ttl"))
    rdflib.term.URIRef('https://w3id.org/mmru-graph/id/source-x')
    >>> named_graph_of(Path("graph/data/people.ttl")) is None
    True
    """
    if path.parent.parent.name == "data" and path.suffix == ".ttl":
        return ID[path.parent.name]
    return None


def _entries(folder: str | Path, suffix: str, *, folders: bool = False) -> list[str]:
    """The names in ``folder`` ending in ``suffix`` (the sub-folders instead, with
    ``folders``), sorted: what ``folder.glob("*" + suffix)`` lists, by one
    ``scandir`` (pathlib's glob costs a quarter of a second over 5,000 sources,
    on every command, for the freshness check)."""
    try:
        with os.scandir(folder) as found:
            return sorted(entry.name for entry in found
                          if (entry.is_dir() if folders else entry.name.endswith(suffix)))
    except (FileNotFoundError, NotADirectoryError):
        return []


def graph_files(graph_dir: Path, *, include_shapes: bool = False) -> list[Path]:
    """The RDF files that make up the graph, in the order they are parsed.

    The ontology first, then the source descriptions, then the shared data
    (``data/*.ttl``, the default graph), then each source's facts
    (``data/*.trig`` and ``data/<slug>/*.ttl``, its named graph), each folder
    sorted by name so every run reads the same sequence.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("ontology.ttl", "sources/b.ttl", "sources/a.ttl", "data/people.ttl",
    ...              "data/s-2/x.ttl", "data/s-10/x.ttl", "data/s-10/notes.txt"):
    ...     (root / name).parent.mkdir(parents=True, exist_ok=True)
    ...     _ = (root / name).write_text("")
    >>> [p.relative_to(root).as_posix() for p in graph_files(root)]
    ['ontology.ttl', 'sources/a.ttl', 'sources/b.ttl', 'data/people.ttl', 'data/s-10/x.ttl', \
'data/s-2/x.ttl']
    """
    return [Path(graph_dir, name)
            for name in graph_file_names(graph_dir, include_shapes=include_shapes)]


def graph_file_names(graph_dir: Path, *, include_shapes: bool = False) -> list[str]:
    """:func:`graph_files` as names relative to ``graph_dir`` (``data/s-1/x.ttl``),
    without making a path object of each: what the freshness check of every
    query command compares with the store's manifest (5,000 paths cost a
    tenth of a second)."""
    if not (graph_dir / "ontology.ttl").is_file():
        raise GraphNotFoundError(f"{graph_dir / 'ontology.ttl'}: missing file")
    names = ["ontology.ttl"]
    names += ["sources/" + name for name in _entries(graph_dir / "sources", ".ttl")]
    data_dir = graph_dir / "data"
    data = ["data/" + name for name in _entries(data_dir, ".ttl")]
    data += ["data/" + name for name in _entries(data_dir, ".trig")]
    base = str(data_dir)
    for folder in _entries(data_dir, "", folders=True):
        data += [f"data/{folder}/{name}"
                 for name in _entries(os.path.join(base, folder), ".ttl")]
    if not data:
        raise GraphNotFoundError(f"{data_dir}: no .ttl files")
    names += data
    if include_shapes:
        if not (graph_dir / "shapes.ttl").is_file():
            raise GraphNotFoundError(f"{graph_dir / 'shapes.ttl'}: missing file")
        names.append("shapes.ttl")
    return names


def parse_turtle(graph: Graph, path: Path, *, display: str | None = None) -> None:
    """Parse one local Turtle (or TriG, N-Quads) file into ``graph``, strictly.

    A Turtle file is parsed by pyoxigraph and its triples added in bulk, as
    rdflib would parse them (:func:`mmru_graph.store.parse.add_turtle`); any
    file that declines, including one that does not parse, is first checked by
    a conforming parser (:func:`mmru_graph.store.syntax.read_rdf_text`), and
    only then does rdflib read it, offline. Into a :class:`SourcedGraph`, a Turtle file of
    ``data/<slug>/`` goes to the named graph ``id:<slug>``, any other to the
    default graph.

    Raises
    ------
    GraphSyntaxError
        With ``FILE:LINE: message`` if the file does not parse.
    GraphNotFoundError
        If the file does not exist.
    """
    from ..offline import offline
    from .parse import add_turtle, parse_context

    # pyoxigraph parses most Turtle files 50x faster; any it declines, rdflib reads.
    if add_turtle(graph, path, parse_context(graph, named_graph_of(path))):
        return
    name = display or str(path)
    data = read_rdf_text(path, display=display)
    rdf_format = {".trig": "trig", ".nq": "nquads"}.get(path.suffix.lower(), "turtle")
    if rdf_format == "turtle":
        graph = parse_context(graph, named_graph_of(path))
    try:
        # publicID gives relative IRIs a file: base and keeps rdflib from
        # treating anything as a location to fetch; the guard refuses any
        # connection all the same.
        with offline(), warnings.catch_warnings():
            # rdflib's own TriG and N-Quads parsers still call its deprecated
            # ConjunctiveGraph and default_context: silence those, only theirs.
            warnings.filterwarnings("ignore", category=DeprecationWarning,
                                    module=r"rdflib\.(plugins\.parsers|graph)")
            graph.parse(data=data, format=rdf_format, publicID=path.resolve().as_uri())
    except BadSyntax as exc:
        line = exc.lines + 1 if isinstance(exc.lines, int) else None
        raise GraphSyntaxError(name, line, str(exc._why)) from None
    except MmruError:
        raise
    except Exception as exc:  # rdflib raises bare exceptions for some errors
        raise GraphSyntaxError(name, None, f"{type(exc).__name__}: {exc}") from None


def load_graph(graph_dir: str | os.PathLike[str] | None = None, *, store: str = "memory",
               include_shapes: bool = False, files: Iterable[Path] | None = None,
               cache: bool = False, location: str | os.PathLike[str] | None = None,
               endpoint: str | None = None, headers: Sequence[str] = (),
               compact: bool = False) -> Graph:
    """Load the project's graph: ontology, source descriptions and curated data.

    Parameters
    ----------
    graph_dir : path, optional
        The graph directory; resolved as :func:`mmru_graph.paths.resolve_graph_dir`
        does (``--graph``, ``MMRU_GRAPH_DIR``, ``./graph``, the bundled copy).
    store : str
        Where the triples live: ``"memory"`` (the files parsed by rdflib),
        ``"oxigraph"`` (the store ``build`` wrote: ``location``, default
        ``GRAPH/build/store``; it must be fresh) or ``"sparql"`` (the
        ``endpoint`` URL, sending ``headers``, each ``"Name: value"``).
        The last two are read-only and read in bulk, a few requests per
        command (:mod:`mmru_graph.store.backends`).
    include_shapes : bool
        Also parse ``shapes.ttl`` (for validation, never for queries).
    files : iterable of Path, optional
        Parse exactly these files instead of the graph directory's
        (for example a built ``graph.ttl``).
    cache : bool
        Reuse the triples parsed by an earlier call while no input file has
        changed (:mod:`mmru_graph.store.cache`): the same triples, but not in
        the order a fresh parse adds them, so answers that depend on that order
        (ties between equally short paths, the order of an export's nodes) may
        differ from a fresh parse's. The commands, build and validation never
        use it.
    compact : bool
        Hold the parsed triples in :class:`~mmru_graph.store.compact.CompactStore`
        (sorted integer arrays) instead of rdflib's ``Memory``: the same statements
        in under a quarter of the memory (200k triples: 59 MB against 266 MB), read
        as fast in bulk, about half as fast a lookup at a time. What validation and
        the build read from :data:`mmru_graph.validate.COMPACT_FROM` bytes of files.

    Returns
    -------
    SourcedGraph
        An rdflib ``Dataset`` read as the union of its graphs (see
        :class:`SourcedGraph`); each source's facts in its named graph.

    Examples
    --------
    A graph directory holds ``ontology.ttl`` and Turtle files under ``data/``;
    they load as one graph:

    >>> import pathlib, tempfile
    >>> from mmru_graph.namespaces import SCHEMA, TURTLE_PREFIXES
    >>> graph_dir = pathlib.Path(tempfile.mkdtemp())
    >>> (graph_dir / "data").mkdir()
    >>> _ = (graph_dir / "ontology.ttl").write_text(
    ...     TURTLE_PREFIXES + "mmru:Talks rdfs:subClassOf schema:Event .", "utf-8")
    >>> _ = (graph_dir / "data" / "people.ttl").write_text(
    ...     TURTLE_PREFIXES + 'id:ana a schema:Person ; schema:name "Ana Rojas" .', "utf-8")
    >>> g = load_graph(graph_dir)
    >>> str(g.value(ID.ana, SCHEMA.name)), len(g)
    ('Ana Rojas', 3)
    """
    if store not in STORES:
        raise UnsupportedStoreError(
            f"store {store!r} is not supported (choose from: {', '.join(STORES)})")
    if store == "sparql":
        from .backends import backend_graph
        from .endpoint import EndpointBackend
        if not endpoint:
            raise UnsupportedStoreError("the sparql store needs an endpoint URL")
        return backend_graph(EndpointBackend(endpoint, headers))
    if store == "oxigraph":
        return _oxigraph_graph(graph_dir, location)
    new_graph(store)  # checks the store kind
    if compact:
        from .compact import CompactStore  # numpy loads only here

        graph = SourcedGraph(CompactStore())
    else:
        graph = SourcedGraph()
    if files is None:
        base = resolve_graph_dir(graph_dir)
        paths = graph_files(base, include_shapes=include_shapes)
    else:
        paths = list(files)
    use_cache = cache
    if use_cache:
        from ..store import cache as graph_cache
        use_cache = graph_cache.enabled()
        if use_cache and graph_cache.load(paths, graph):
            return graph
    for path in paths:
        parse_turtle(graph, path)
    merge_same_as(graph)
    if use_cache:
        graph_cache.save(paths, graph)
    return graph


def _oxigraph_graph(graph_dir: str | os.PathLike[str] | None,
                    location: str | os.PathLike[str] | None) -> Graph:
    from .backends import backend_graph
    from .oxigraph import OxigraphBackend, store_is_fresh

    if location is None:
        base = resolve_graph_dir(graph_dir)
        store_dir = default_store_dir(base)
        if not store_is_fresh(store_dir, base, lambda: graph_file_names(base)):
            state = "older than its sources" if store_dir.exists() else "not built"
            raise StoreNotFoundError(f"{store_dir}: the Oxigraph store is {state}; "
                                     "build the graph first")
        location = store_dir
    return backend_graph(OxigraphBackend(Path(location)))


def choose_store(graph_dir: str | os.PathLike[str] | None = None) -> str:
    """The store query commands use by default.

    ``"oxigraph"`` when ``build`` wrote a store that is not older than the
    graph's files (same sizes and times, or same hashes), else ``"memory"``.

    Examples
    --------
    >>> choose_store() in STORES
    True
    """
    from .oxigraph import store_is_fresh

    base = resolve_graph_dir(graph_dir)
    store_dir = default_store_dir(base)
    if not (store_dir / "data").is_dir():
        return "memory"
    if store_is_fresh(store_dir, base, lambda: graph_file_names(base)):
        return "oxigraph"
    return "memory"
