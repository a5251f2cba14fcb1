"""The disputes between sources (and the list of sources), found once by ``build``
and saved with the store.

Finding them (:func:`mmru_graph.sources.conflicts.find_conflicts`) compares
every source's named graph with every other's: seconds at a million triples,
and a store's neighbourhood (:mod:`mmru_graph.store.focus`) holds too little
to compare. ``build`` therefore writes them next to the Oxigraph store
(``sources.json``, renamed into place with it, so both describe the same
graph), with a digest of the code that finds them: a file written by other
code, damaged or missing is not believed, and the disputes are found again on
the dataset rebuilt from the store's quads
(:func:`mmru_graph.store.sourced.sourced_dataset`).

The same file holds the list of sources with their counts
(:func:`~mmru_graph.sources.registry.list_sources`: every annotation is read to
count them, about ten seconds at 2M triples), which ``mmru-graph sources`` then
prints from the whole built store without reading the graph.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph

from ..code_digest import code_digest as digest_of
from .conflicts import Claim, Conflict
from .registry import SourceInfo

__all__ = ["SAVED", "code_digest", "read_saved_conflicts", "read_saved_sources",
           "saved_by_this_code", "saved_file", "write_saved_conflicts"]

#: The file ``build`` writes in the store's folder.
SAVED = "sources.json"
#: The modules whose code decides what a dispute is and how it reads.
_CODE = ("sources/conflicts.py", "sources/named.py", "sources/registry.py", "containment.py",
         "dates.py", "evidence.py", "namespaces.py")


def code_digest() -> str:
    """A digest of the code that finds the disputes (see :data:`_CODE`)."""
    return digest_of(_CODE)


def write_saved_conflicts(conflicts: list[Conflict], path: Path,
                          sources: list[SourceInfo] | None = None) -> None:
    """Write ``conflicts`` (disagreements and refinements) to ``path`` as JSON, and the
    list of ``sources`` when given."""
    payload: dict[str, Any] = {"digest": code_digest(),
                               "conflicts": [c.as_dict() for c in conflicts]}
    if sources is not None:
        payload["sources"] = [s.as_dict() for s in sources]
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def read_saved_sources(path: Path) -> list[SourceInfo] | None:
    """The list of sources saved at ``path``, or None when missing, damaged, written by
    other code or saved without it.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / SAVED
    >>> info = SourceInfo("source-a", "news article", "Talks", "The Daily", "2022-05-04",
    ...                   "as of 2022-05-04", None, "source-a.txt", 2, 1, 9)
    >>> write_saved_conflicts([], target, [info])
    >>> read_saved_sources(target) == [info]
    True
    >>> write_saved_conflicts([], target)
    >>> read_saved_sources(target) is None
    True
    """
    try:
        payload: Any = json.loads(path.read_text(encoding="utf-8"))
        if payload.get("digest") != code_digest() or "sources" not in payload:
            return None
        return [SourceInfo(**item) for item in payload["sources"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def saved_by_this_code(path: Path) -> bool:
    """Whether the disputes at ``path`` were saved by this code, told from the head of
    the file (:func:`write_saved_conflicts` writes the digest first), without reading
    the rest (at 10M triples, 2.6 MB of JSON). A damaged file is found out by
    :func:`read_saved_conflicts`.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / SAVED
    >>> saved_by_this_code(target)
    False
    >>> write_saved_conflicts([], target)
    >>> saved_by_this_code(target)
    True
    >>> _ = target.write_text('{"digest": "0", "conflicts": []}', encoding="utf-8")
    >>> saved_by_this_code(target)
    False
    """
    head = json.dumps({"digest": code_digest()})[:-1].encode("utf-8")
    try:
        with path.open("rb") as file:
            return file.read(len(head)) == head
    except OSError:
        return False


def read_saved_conflicts(path: Path) -> list[Conflict] | None:
    """The conflicts saved at ``path``, or None when missing, damaged or written by
    other code.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / SAVED
    >>> claim = Claim("source-a", "A Wire", "2022-03-01", "as of 2022-03-01", ["2022-02-20"])
    >>> found = [Conflict("id:visit", "A visit", "date", "schema:startDate", "…", [claim])]
    >>> write_saved_conflicts(found, target)
    >>> read_saved_conflicts(target) == found
    True
    >>> _ = target.write_text("{", encoding="utf-8")
    >>> read_saved_conflicts(target) is None
    True
    """
    try:
        payload: Any = json.loads(path.read_text(encoding="utf-8"))
        if payload.get("digest") != code_digest():
            return None
        return [_conflict(item) for item in payload["conflicts"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _conflict(item: dict[str, Any]) -> Conflict:
    claims = [Claim(**claim) for claim in item.pop("claims")]
    return Conflict(claims=claims, **item)


def saved_file(graph: Graph) -> Path | None:
    """Where the store behind ``graph`` keeps its saved disputes, if it has a folder."""
    from ..store.backends import backend_of

    backend: Any = backend_of(graph)
    backend = getattr(backend, "origin", None) or backend
    where = getattr(backend, "saved_file", None)
    return where(SAVED) if where is not None else None
