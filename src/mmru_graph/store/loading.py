"""The one way the project loads its RDF: :func:`load_graph`.

Every command, test and notebook gets its graph from here, so the choice of
store, the parse order and the error reporting are decided in one place.
Nothing else in the code constructs an :class:`rdflib.Graph` from files.

Only local files are read: nothing is ever parsed from a URL (rdflib's
``Graph.parse(url)`` would fetch it).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from ..errors import (
    GraphNotFoundError,
    GraphSyntaxError,
    StoreNotFoundError,
    UnsupportedStoreError,
)
from ..namespaces import PREFIXES
from .location import default_store_dir, resolve_graph_dir

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


def graph_files(graph_dir: Path, *, include_shapes: bool = False) -> list[Path]:
    """The Turtle files that make up the graph, in the order they are parsed.

    The ontology first, then the source descriptions, then the curated data,
    each folder sorted by name so every run reads the same sequence.
    """
    ontology = graph_dir / "ontology.ttl"
    if not ontology.is_file():
        raise GraphNotFoundError(f"{ontology}: missing file")
    files = [ontology]
    files += sorted((graph_dir / "sources").glob("*.ttl"))
    data = sorted((graph_dir / "data").glob("*.ttl"))
    if not data:
        raise GraphNotFoundError(f"{graph_dir / 'data'}: no .ttl files")
    files += data
    if include_shapes:
        shapes = graph_dir / "shapes.ttl"
        if not shapes.is_file():
            raise GraphNotFoundError(f"{shapes}: missing file")
        files.append(shapes)
    return files


def parse_turtle(graph: Graph, path: Path, *, display: str | None = None) -> None:
    """Parse one local Turtle file into ``graph``.

    Raises
    ------
    GraphSyntaxError
        With ``FILE:LINE: message`` if the file does not parse.
    GraphNotFoundError
        If the file does not exist.
    """
    name = display or str(path)
    try:
        data = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GraphNotFoundError(f"{name}: missing file") from None
    except UnicodeDecodeError as exc:
        raise GraphSyntaxError(name, None, f"not UTF-8 ({exc.reason})") from None
    try:
        # publicID gives relative IRIs a file: base and keeps rdflib from
        # treating anything as a location to fetch.
        graph.parse(data=data, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as exc:
        line = exc.lines + 1 if isinstance(exc.lines, int) else None
        raise GraphSyntaxError(name, line, str(exc._why)) from None
    except Exception as exc:  # rdflib raises bare exceptions for some errors
        raise GraphSyntaxError(name, None, f"{type(exc).__name__}: {exc}") from None


def load_graph(graph_dir: str | os.PathLike[str] | None = None, *, store: str = "memory",
               include_shapes: bool = False, files: Iterable[Path] | None = None,
               cache: bool = False, location: str | os.PathLike[str] | None = None,
               endpoint: str | None = None, headers: Sequence[str] = ()) -> Graph:
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
        changed (:mod:`mmru_graph.store.cache`); for query commands, where
        parsing is most of the start-up. Build and validation never cache.

    Returns
    -------
    rdflib.Graph

    Examples
    --------
    >>> from mmru_graph.namespaces import SCHEMA, ID
    >>> g = load_graph()
    >>> str(g.value(ID["min-aung-hlaing"], SCHEMA.name))
    'Min Aung Hlaing'
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
    graph = new_graph(store)
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
        if not store_is_fresh(store_dir, base, graph_files(base)):
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
    if (store_dir / "data").is_dir() and store_is_fresh(store_dir, base, graph_files(base)):
        return "oxigraph"
    return "memory"
