"""What validations keep between runs in the user's cache directory: where, how read and
written, and the content hashes they compare.

Two records are kept per graph directory: the SHACL results (:mod:`.cache`) and
the last validation that passed (:mod:`.passed`). Both are :mod:`marshal` files
named after the graph directory (:func:`record_path`), stamped with the version
of the code that wrote them (a record of other code reads as no record:
:func:`read_record`), written whole or not at all (:func:`write_record`), and
keyed by the inputs' content hashes (:func:`file_digests`, which ``build`` also
uses for what it was made from: :mod:`mmru_graph.build_record`).
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..atomic import atomic_write_bytes
from ..store import cache as store_cache

__all__ = ["digest", "file_digests", "read_record", "record_path", "write_record"]


def digest(data: bytes) -> str:
    """The content hash every record compares (BLAKE2b, 16 bytes, hex).

    >>> digest(b"# empty")
    '41252cb334bc5d91900db6e9c35fbf41'
    """
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digests(files: Iterable[Path]) -> dict[str, str]:
    """Each file's content hash, by its resolved path.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.ttl"
    >>> _ = path.write_text("# empty", "utf-8")
    >>> list(file_digests([path]).values())
    ['41252cb334bc5d91900db6e9c35fbf41']
    """
    return {str(path.resolve()): digest(path.read_bytes()) for path in files}


def record_path(graph_dir: Path, kind: str) -> Path:
    """The cache file of record ``kind`` (``validation``, ``passed``) for ``graph_dir``."""
    name = hashlib.sha256(str(graph_dir.resolve()).encode()).hexdigest()[:20]
    return store_cache.cache_dir() / f"{kind}-{name}.marshal"


def read_record(path: Path, version: Any) -> dict[str, Any] | None:
    """The record at ``path`` if it is one and ``version`` wrote it, else None."""
    try:
        stored = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return stored if isinstance(stored, dict) and stored.get("format") == version else None


def write_record(path: Path, version: Any, fields: dict[str, Any]) -> None:
    """Write ``fields`` stamped with ``version`` to ``path``, whole or not at all (a
    record that cannot be written is no record: the next validation checks more)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, marshal.dumps({"format": version, **fields}))
    except (OSError, ValueError):
        return
