"""Long sequences marshalled a chunk at a time: :func:`dump_chunks`, :func:`load_chunks`.

The files ``build`` writes beside the store (the triples file's term table,
the saved projections) hold sequences of millions of items. Marshalled as
one value, each was a plain copy and a string of its bytes in memory at once
(at 10M triples, gigabytes above the build's base); in chunks, each chunk's
only. The caller records where the chunks end, and reads them back by offset.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Sequence
from itertools import islice, pairwise
from typing import Any, BinaryIO

__all__ = ["dump_chunks", "load_chunks"]


def dump_chunks(out: BinaryIO, items: Iterable[Any], size: int, ends: list[int]) -> None:
    """Marshal ``items`` to ``out``, ``size`` a chunk, appending where each chunk
    ends to ``ends`` (whose last value is where the first starts).

    Examples
    --------
    >>> import io
    >>> out, ends = io.BytesIO(), [0]
    >>> dump_chunks(out, iter(range(5)), 2, ends)
    >>> len(ends), load_chunks(out.getvalue(), ends)
    (4, [0, 1, 2, 3, 4])
    """
    items = iter(items)
    while chunk := list(islice(items, size)):
        ends.append(ends[-1] + out.write(marshal.dumps(chunk)))


def load_chunks(data: bytes | memoryview, offsets: Sequence[int], base: int = 0) -> list[Any]:
    """Every item of the chunks between ``offsets`` (as :func:`dump_chunks` recorded
    them) in ``data``, which starts at offset ``base`` of what was written."""
    view, items = memoryview(data), []
    for start, end in pairwise(offsets):
        items += marshal.loads(view[start - base:end - base])
    return items
