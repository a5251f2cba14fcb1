"""N-Quads: every statement of the graph, with its graph name.

A plain graph's triples go to the default graph (three terms and a dot); a
dataset's named graphs (one per source) pass through with their names as the
fourth term; a store's graph is written with the store's named graphs
(:func:`mmru_graph.store.sourced.sourced_dataset`), as from memory. The same
writer as ``build``'s ``graph.nq``
(:class:`mmru_graph.sources.quads.SortedQuads`: pyoxigraph's serialiser, lines
sorted, so the output is stable).
"""

from __future__ import annotations

import os

from rdflib import Graph

from ..sources.quads import SortedQuads
from ..sources.quads import to_nquads as to_nquads
from ..store.sourced import sourced_dataset

__all__ = ["to_nquads", "write_nquads"]


def write_nquads(graph: Graph, path: str | os.PathLike[str]) -> None:
    """Write the graph as N-Quads (see :func:`to_nquads`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from rdflib import Literal, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:s"), URIRef("urn:p"), Literal('two\\nlines "quoted"', lang="en")))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "all.nq"
    >>> write_nquads(g, path)
    >>> print(path.read_text(encoding="utf-8"), end="")
    <urn:s> <urn:p> "two\\nlines \\"quoted\\""@en .
    """
    with open(path, "wb") as handle:
        SortedQuads(sourced_dataset(graph)).write_nquads(handle)
