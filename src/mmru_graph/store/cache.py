"""A cache of the parsed graph, so query commands start fast.

Parsing the Turtle files is most of what a command like ``mmru-graph met``
costs beyond importing rdflib. :func:`mmru_graph.loading.load_graph` with
``cache=True`` keeps the parsed triples in the user's cache directory
(``$MMRU_GRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/mmru-graph``, else
``~/.cache/mmru-graph``), one file per graph directory, and reuses them while
every input file has the same path and content (a BLAKE2 hash; and rdflib
the same version). Any change, or any problem reading the cache, means the
files are parsed again: the cache can never make a command read stale data,
only skip work.

The cache holds plain strings in :mod:`marshal` format (never pickle: loading
it runs no code). ``MMRU_GRAPH_CACHE=0`` turns it off. The commands, build and
validation never use it: they always parse the files. A cached graph holds the
same triples as a fresh parse but not in the same order (rdflib's indexes
keep the order triples were added in, and the parse also removes and adds
while merging ``owl:sameAs``), and ties between equal answers (two equally
short paths) follow that order: the commands must answer as the store
``build`` wrote from a fresh parse does. Since the Turtle is parsed by
pyoxigraph, reading the cache saves nothing on the article.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import rdflib
from rdflib import Dataset, Graph
from rdflib.term import Node

from ..atomic import atomic_write_bytes
from .terms import decode, encode

#: Bumped when the file layout changes, so old caches are ignored.
FORMAT = 2



def enabled() -> bool:
    """Whether the cache may be used (``MMRU_GRAPH_CACHE`` is not ``0``/``off``/``no``)."""
    return os.environ.get("MMRU_GRAPH_CACHE", "1").strip().lower() not in ("0", "off", "no",
                                                                            "false")


def cache_dir() -> Path:
    """Where cache files live.

    Examples
    --------
    >>> import os
    >>> os.environ["MMRU_GRAPH_CACHE_DIR"] = "/tmp/mmru-cache-example"
    >>> str(cache_dir())
    '/tmp/mmru-cache-example'
    >>> del os.environ["MMRU_GRAPH_CACHE_DIR"]
    """
    if os.environ.get("MMRU_GRAPH_CACHE_DIR"):
        return Path(os.environ["MMRU_GRAPH_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mmru-graph"


def files_key(paths: Sequence[Path]) -> list[Any]:
    """What must be unchanged for a cache to be valid: each file's path and content.

    The content is hashed rather than trusted to size and modification time:
    an edit of the same size with its mtime put back (``touch -r``, a
    checkout, a copy with ``cp -p``) must not be served stale. BLAKE2 reads
    the few hundred kilobytes of the graph in about a millisecond.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.ttl"
    >>> _ = path.write_text("<x:a> <x:b> 1 .")
    >>> before = files_key([path])
    >>> _ = path.write_text("<x:a> <x:b> 2 .")
    >>> files_key([path]) == before
    False
    """
    key: list[Any] = [FORMAT, rdflib.__version__]
    for path in paths:
        digest = hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
        key.append((str(path.resolve()), digest))
    return key


def cache_file(paths: Sequence[Path]) -> Path:
    """The cache file for this list of input files (one per list)."""
    names = "\n".join(str(p.resolve()) for p in paths)
    return cache_dir() / f"graph-{hashlib.sha256(names.encode()).hexdigest()[:20]}.marshal"



def save(paths: Sequence[Path], graph: Graph) -> None:
    """Write ``graph`` to the cache for ``paths``; a failure only means no cache."""
    try:
        terms: dict[Node, int] = {}
        table: list[tuple[Any, ...]] = []
        rows = []
        default = getattr(graph, "default_graph", None)
        quads = graph.quads((None, None, None, None)) if isinstance(graph, Dataset) \
            else ((s, p, o, None) for s, p, o in graph)
        for s, p, o, context in quads:
            # A row is (s, p, o) in the default graph, (s, p, o, g) in graph g.
            name = getattr(context, "identifier", context)
            row = []
            for term in (s, p, o) if name is None or (default is not None and
                                                      name == default.identifier) \
                    else (s, p, o, name):
                index = terms.get(term)
                if index is None:
                    index = terms[term] = len(table)
                    table.append(encode(term))
                row.append(index)
            rows.append(tuple(row))
        namespaces = [(prefix, str(ns)) for prefix, ns in graph.namespaces()]
        data = marshal.dumps((files_key(paths), namespaces, table, rows))
        target = cache_file(paths)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, data)
    except (OSError, ValueError):
        return


def load(paths: Sequence[Path], graph: Graph) -> bool:
    """Fill the empty ``graph`` from the cache for ``paths``; False if there is none valid."""
    try:
        data = cache_file(paths).read_bytes()
        key, namespaces, table, rows = marshal.loads(data)
        if key != files_key(paths):
            return False
        terms = [decode(*row) for row in table]
        if isinstance(graph, Dataset):
            default = graph.default_graph
            contexts: dict[int, Graph] = {}
            for row in rows:
                if len(row) == 4 and row[3] not in contexts:
                    contexts[row[3]] = graph.graph(terms[row[3]])
            graph.addN((terms[row[0]], terms[row[1]], terms[row[2]],
                        contexts[row[3]] if len(row) == 4 else default) for row in rows)
        else:
            # A plain graph takes the union: every row's triple, its graph dropped.
            graph.addN((terms[row[0]], terms[row[1]], terms[row[2]], graph) for row in rows)
        for prefix, namespace in namespaces:
            graph.bind(prefix, namespace, override=False)
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        graph.remove((None, None, None))
        if isinstance(graph, Dataset):
            for context in list(graph.graphs()):  # contexts() is deprecated
                graph.remove_graph(context)
        return False
    return True
