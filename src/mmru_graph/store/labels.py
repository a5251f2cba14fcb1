"""Every node's name, aliases and kind, written by ``build`` next to the Oxigraph store.

Resolving a typed name (:mod:`mmru_graph.analysis.resolve`) compares it with
the name and aliases of every node of the graph: on the whole graph, so
that a name ambiguous anywhere is ambiguous. Computing every node's kind
needs the whole projection's node table; ``build`` therefore writes
``store/labels.marshal``, one row per node (IRI, name, kind, aliases, and the
name and aliases already folded for matching), into
the same staging folder as the store, renamed with it: the labels always
describe the store they sit in. A query about a few actors resolves its names
from it and then reads only their neighbourhood (:mod:`mmru_graph.store.focus`).

The file is laid out so that a question reads what it needs, not the whole
file (at 2M triples it is 20 MB, and decoding all of it took longer than the
rest of a ``met``):

- a header (its length in 8 bytes, then the layout) saying where each part is;
- each kind's rows in chunks of :data:`CHUNK` rows (``met`` reads only the
  actors' chunks, never the events');
- each kind's *exact-name index*: every folded name and alias to the numbers of
  the rows that carry it, spread over buckets by a stable hash of the folded
  text. A typed name that is exactly some node's name or alias (the usual
  case, and then the best match anywhere) reads one bucket and the chunks
  holding its rows (:func:`read_exact`).

:mod:`marshal` holds plain strings (never pickle: loading it runs no code).
"""

from __future__ import annotations

import marshal
import os
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

__all__ = ["LABELS", "Label", "read_exact", "read_labels", "write_labels"]

LABELS = "labels.marshal"
#: Bumped when the layout changes; an unknown layout is ignored (nothing is focused).
FORMAT = 4
#: Rows per chunk: a chunk is decoded whole, so small enough that an exact name
#: costs little, large enough that reading every row stays one pass.
CHUNK = 256
#: About this many folded labels per bucket of the exact-name index.
BUCKET = 512
_HEADER = 8

#: ``(iri, name, kind, aliases, folded)``: ``folded`` the name then each alias as
#: :func:`mmru_graph.analysis.resolve.normalize` folds them.
Label = tuple[str, str, str, list[str], list[str]]

_ERRORS = (OSError, ValueError, EOFError, TypeError, KeyError, IndexError)


def _bucket(folded: str, buckets: int) -> int:
    # crc32, not hash(): the same bucket in every process (str hashes are salted).
    return zlib.crc32(folded.encode("utf-8")) % buckets


def write_labels(rows: Iterable[Label], path: Path) -> None:
    """Write the label rows to ``path``, each kind's apart (a question about
    actors reads the actors' labels, not every event's), sorted by IRI, with an
    exact-name index.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / LABELS
    >>> write_labels([("https://w3id.org/mmru-graph/id/ana", "Ana", "person", ["The Minister"],
    ...                ["ana", "the minister"]),
    ...               ("https://w3id.org/mmru-graph/id/lima", "Lima", "place", [], ["lima"])],
    ...              path)
    >>> [row[1] for row in read_labels(path)], [row[1] for row in read_labels(path, ["place"])]
    (['Ana', 'Lima'], ['Lima'])
    >>> read_labels(path)[0][3:]
    (['The Minister'], ['ana', 'the minister'])
    >>> [row[1] for row in read_exact(path, "the minister")]
    ['Ana']
    """
    by_kind: dict[str, list[Label]] = {}
    for iri, name, kind, aliases, folds in rows:
        by_kind.setdefault(str(kind), []).append(
            (str(iri), str(name), str(kind), [str(a) for a in aliases], [str(f) for f in folds]))
    blobs: list[bytes] = []
    offset = 0
    layout: dict[str, dict[str, Any]] = {}

    def place(blob: bytes) -> tuple[int, int]:
        nonlocal offset
        blobs.append(blob)
        offset += len(blob)
        return offset - len(blob), len(blob)

    for kind, table in sorted(by_kind.items()):
        table.sort(key=lambda row: row[0])
        chunks = [place(marshal.dumps(table[start:start + CHUNK]))
                  for start in range(0, len(table), CHUNK)]
        count = sum(len(dict.fromkeys(row[4])) for row in table)
        buckets: list[dict[str, list[int]]] = [{} for _ in range(max(1, count // BUCKET))]
        for number, row in enumerate(table):
            for folded in dict.fromkeys(row[4]):
                buckets[_bucket(folded, len(buckets))].setdefault(folded, []).append(number)
        layout[kind] = {"rows": len(table), "chunks": chunks,
                        "buckets": [place(marshal.dumps(b)) for b in buckets]}
    header = marshal.dumps((FORMAT, CHUNK, offset, layout))
    with path.open("wb") as handle:
        handle.write(len(header).to_bytes(_HEADER, "little"))
        handle.write(header)
        for blob in blobs:
            handle.write(blob)


def _layout(handle: BinaryIO) -> tuple[int, int, dict[str, dict[str, Any]]]:
    """The chunk size, where the data starts, and the per-kind layout; ValueError if
    the file is of another layout."""
    size = int.from_bytes(handle.read(_HEADER), "little")
    if not 0 < size < 1 << 30:
        raise ValueError("not a labels file")
    version, chunk, total, layout = marshal.loads(handle.read(size))
    if version != FORMAT or not isinstance(layout, dict):
        raise ValueError("another layout")
    # A file cut short (a full disk) or grown is not believed, whatever part is asked.
    if os.fstat(handle.fileno()).st_size != _HEADER + size + total:
        raise ValueError("a labels file of the wrong size")
    return chunk, _HEADER + size, layout


def _read(handle: BinaryIO, start: int, part: Sequence[int]) -> Any:
    handle.seek(start + part[0])
    data = handle.read(part[1])
    if len(data) != part[1]:
        raise EOFError("truncated labels file")
    return marshal.loads(data)


def _kinds(layout: dict[str, Any], kinds: Iterable[str] | None) -> list[str]:
    return list(layout) if kinds is None else [k for k in dict.fromkeys(kinds) if k in layout]


def read_labels(path: Path, kinds: Iterable[str] | None = None) -> list[Label] | None:
    """The label rows in ``path`` (only those of ``kinds`` if given), sorted by
    IRI, or None when the file is missing or of another layout."""
    try:
        with path.open("rb") as handle:
            _chunk, start, layout = _layout(handle)
            rows = [tuple(row) for kind in _kinds(layout, kinds)
                    for part in layout[kind]["chunks"] for row in _read(handle, start, part)]
    except _ERRORS:
        return None
    rows.sort(key=lambda row: row[0])
    return rows


def read_exact(path: Path, folded: str, kinds: Iterable[str] | None = None) -> list[Label] | None:
    """The rows (of ``kinds``, if given) whose folded name or one folded alias is
    exactly ``folded``, sorted by IRI (empty when none is); None when the file
    is missing or of another layout. Reads one bucket of each kind's index and
    the chunks holding the rows found."""
    found: list[Label] = []
    try:
        with path.open("rb") as handle:
            chunk, start, layout = _layout(handle)
            for kind in _kinds(layout, kinds):
                buckets = layout[kind]["buckets"]
                numbers = _read(handle, start, buckets[_bucket(folded, len(buckets))]).get(
                    folded, [])
                decoded: dict[int, list[Any]] = {}
                for number in numbers:
                    at = number // chunk
                    if at not in decoded:
                        decoded[at] = _read(handle, start, layout[kind]["chunks"][at])
                    found.append(tuple(decoded[at][number % chunk]))
    except _ERRORS:
        return None
    found.sort(key=lambda row: row[0])
    return found
