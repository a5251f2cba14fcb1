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

:mod:`marshal` holds plain strings (never pickle: loading it runs no code).
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable
from pathlib import Path

__all__ = ["LABELS", "Label", "read_labels", "write_labels"]

LABELS = "labels.marshal"
#: Bumped when the layout changes; an unknown layout is ignored (nothing is focused).
FORMAT = 3

#: ``(iri, name, kind, aliases, folded)``: ``folded`` the name then each alias as
#: :func:`mmru_graph.analysis.resolve.normalize` folds them.
Label = tuple[str, str, str, list[str], list[str]]


def write_labels(rows: Iterable[Label], path: Path) -> None:
    """Write the label rows to ``path``, each kind's apart (a question about
    actors reads the actors' labels, not every event's).

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
    """
    by_kind: dict[str, list[tuple[str, str, str, list[str], list[str]]]] = {}
    for iri, name, kind, aliases, folded in rows:
        by_kind.setdefault(str(kind), []).append(
            (str(iri), str(name), str(kind), [str(a) for a in aliases], [str(f) for f in folded]))
    path.write_bytes(marshal.dumps(
        (FORMAT, {kind: marshal.dumps(table) for kind, table in by_kind.items()})))


def read_labels(path: Path, kinds: Iterable[str] | None = None) -> list[Label] | None:
    """The label rows in ``path`` (only those of ``kinds`` if given), sorted by
    IRI, or None when the file is missing or of another layout."""
    try:
        version, parts = marshal.loads(path.read_bytes())
        if version != FORMAT or not isinstance(parts, dict):
            return None
        wanted = parts if kinds is None else [k for k in dict.fromkeys(kinds) if k in parts]
        rows = [tuple(row) for kind in wanted for row in marshal.loads(parts[kind])]
    except (OSError, ValueError, EOFError, TypeError):
        return None
    rows.sort(key=lambda row: row[0])
    return rows
