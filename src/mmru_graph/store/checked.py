"""Queries that passed the guard, remembered so they are not parsed again.

:func:`mmru_graph.store.query_check.checked_kind` parses a query with rdflib
(about 0.4 s with the grammar's import) only to check it and learn its kind
when the query itself runs elsewhere (Oxigraph, an endpoint). This file
remembers the texts that passed: a BLAKE2 hash of the text, the extra
prefixes, rdflib's version and :data:`VERSION` (bumped whenever the check
changes), mapped to the kind. Only passes are kept, so a refused query is
refused afresh each time, with its own message; a changed text or prefix is
another key, so nothing unchecked is ever let through.

The file lives in the user's cache directory
(:func:`mmru_graph.store.cache.cache_dir`), holds at most :data:`LIMIT`
entries (the oldest go first), is JSON (loading it runs no code), is replaced
atomically, and honours ``MMRU_GRAPH_CACHE=0``. Any problem reading it means
an empty memory: the query is checked again, never trusted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

#: Bumped when :func:`~mmru_graph.store.query_check.prepare_query` checks differently.
VERSION = 1
#: How many passed queries are remembered.
LIMIT = 512
#: The kinds a remembered entry may hold (anything else is ignored).
KINDS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


def _path() -> Path:
    from .cache import cache_dir

    return cache_dir() / "checked-queries.json"


def _key(query_text: str, prefixes: Mapping[str, str]) -> str:
    import rdflib

    digest = hashlib.blake2b(digest_size=20)
    for part in (f"v{VERSION}", rdflib.__version__, json.dumps(sorted(prefixes.items())),
                 query_text):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _read() -> dict[str, str]:
    try:
        data = json.loads(_path().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and v in KINDS}


def recall(query_text: str, prefixes: Mapping[str, str]) -> str | None:
    """The kind of a query that passed before, or None.

    >>> import os, tempfile
    >>> os.environ["MMRU_GRAPH_CACHE_DIR"] = tempfile.mkdtemp()
    >>> recall("ASK {}", {}) is None
    True
    >>> remember("ASK {}", {}, "ASK")
    >>> recall("ASK {}", {}), recall("ASK { }", {})
    ('ASK', None)
    >>> del os.environ["MMRU_GRAPH_CACHE_DIR"]
    """
    from .cache import enabled

    if not enabled():
        return None
    return _read().get(_key(query_text, prefixes))


def remember(query_text: str, prefixes: Mapping[str, str], kind: str) -> None:
    """Remember that ``query_text`` passed the check as a query of ``kind``.

    Best effort: a cache that cannot be written is left as it is.
    """
    from ..atomic import atomic_write_bytes
    from .cache import enabled

    if not enabled() or kind not in KINDS:
        return
    entries = _read()
    key = _key(query_text, prefixes)
    entries.pop(key, None)
    entries[key] = kind  # newest last: the oldest are dropped first
    kept = dict(list(entries.items())[-LIMIT:])
    try:
        _path().parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(_path(), json.dumps(kept).encode("utf-8"))
    except OSError:
        pass
