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
FORMAT = 2

#: ``(iri, name, kind, aliases, folded)``: ``folded`` the name then each alias as
#: :func:`mmru_graph.analysis.resolve.normalize` folds them.
Label = tuple[str, str, str, list[str], list[str]]


def write_labels(rows: Iterable[Label], path: Path) -> None:
    """Write the label rows to ``path``.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / LABELS
    >>> write_labels([("https://w3id.org/mmru-graph/id/ana", "Ana", "person", ["The Minister"],
    ...                ["ana", "the minister"])], path)
    >>> read_labels(path)[0][3:]
    (['The Minister'], ['ana', 'the minister'])
    """
    table = [(str(iri), str(name), str(kind), [str(a) for a in aliases], [str(f) for f in folded])
             for iri, name, kind, aliases, folded in rows]
    path.write_bytes(marshal.dumps((FORMAT, table)))


def read_labels(path: Path) -> list[Label] | None:
    """The label rows in ``path``, or None when it is missing or of another layout."""
    try:
        version, table = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if version != FORMAT or not isinstance(table, list):
        return None
    return [tuple(row) for row in table]
