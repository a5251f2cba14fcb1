"""A store's bulk load, run beside the rest of the build: :class:`StagedLoad`.

pyoxigraph loads N-Quads in Rust, on threads of its own and with the GIL
released. ``build`` starts the load as soon as ``graph.nq`` is written and goes
on meanwhile with the outputs that are pure Python (the Turtle and JSON-LD
files, GraphML, the page), so the load and its compaction (about 45 s of wall
time at 2M triples) no longer follow them but run beside them, on the core
Python leaves idle.

pyoxigraph's bulk loader holds about 700 bytes of memory a quad of what one
call is given (2M triples in one call: 1.4 GB beside the build's own peak); a
load ``in_parts`` gives it the file a part at a time (:data:`PART_BYTES`), so
that it holds one part's worth, whatever the graph's size. Each call names the
blank nodes it reads afresh (``_:b`` in two calls is two nodes): only a file
without any is loaded in parts, as the build's (validation refuses blank nodes).

The load goes into a staging folder next to the store's final place;
:func:`mmru_graph.store.oxigraph.write_store` waits for it, adds the files
read with the store and renames the folder into place. pyoxigraph is imported
only in the loading thread.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = ["PART_BYTES", "StagedLoad", "parts"]

#: The most bytes of N-Quads one bulk-load call is given, in a load in parts
#: (about 360,000 quads of the project's; the loader then holds about 0.3 GB).
PART_BYTES = 64 << 20


def parts(path: Path, size: int) -> Iterator[bytes]:
    r"""The file's bytes in parts of about ``size``, each ending at the end of a line
    (a line longer than ``size`` is one part).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "q.nq"
    >>> _ = path.write_bytes(b"one\ntwo\nthree\n")
    >>> list(parts(path, 5))
    [b'one\n', b'two\n', b'three\n']
    """
    with path.open("rb") as source:
        rest = b""
        while True:
            block = source.read(size)
            if not block:
                if rest:
                    yield rest
                return
            block = rest + block
            cut = block.rfind(b"\n") + 1
            if cut == 0:  # no line ends yet: read on
                rest = block
                continue
            yield block[:cut]
            rest = block[cut:]


class StagedLoad:
    """Bulk-load ``quads_file`` (N-Quads) into a new store in a staging folder next
    to ``store_dir``, in a thread; :meth:`wait` for it, or :meth:`discard` it.
    ``in_parts``: a part of ``part_bytes`` at a time (only for a file without blank
    nodes: see the module docstring).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> quads = folder / "graph.nq"
    >>> _ = quads.write_text('<urn:a> <urn:b> "c" <urn:g> .\\n', encoding="utf-8")
    >>> load = StagedLoad(quads, folder / "store")
    >>> staging = load.wait()
    >>> staging.parent == folder, (staging / "data").is_dir()
    (True, True)
    >>> load.discard()
    >>> staging.exists()
    False
    """

    def __init__(self, quads_file: Path, store_dir: Path, *, in_parts: bool = False,
                 part_bytes: int = PART_BYTES) -> None:
        store_dir.parent.mkdir(parents=True, exist_ok=True)
        self.in_parts, self.part_bytes = in_parts, part_bytes
        #: The folder the store is loaded into (``data/`` inside it).
        self.staging = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}-", dir=store_dir.parent))
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, args=(quads_file,),
                                        name="mmru-graph store load", daemon=True)
        self._thread.start()

    def _load(self, quads_file: Path) -> None:
        try:
            import pyoxigraph as ox

            store = ox.Store(str(self.staging / "data"))
            if self.in_parts:  # the loader's memory: one part's (see the module docstring)
                for part in parts(quads_file, self.part_bytes):
                    store.bulk_load(input=part, format=ox.RdfFormat.N_QUADS)
            else:
                store.bulk_load(path=str(quads_file), format=ox.RdfFormat.N_QUADS)
            store.optimize()
            store.flush()
            del store  # closes the database: the folder may be renamed now
        except BaseException as exc:  # raised again by wait(), in the caller's thread
            self._error = exc

    def wait(self) -> Path:
        """The staging folder once the load is done; the load's error if it failed."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self.staging

    def discard(self, wait: bool = True) -> None:
        """Remove the staging folder, after the load ends (``wait``), or at once: a
        load cut short by the end of the process leaves a folder the next build
        removes with the rest of a killed build's set."""
        if wait:
            self._thread.join()
        shutil.rmtree(self.staging, ignore_errors=True)
