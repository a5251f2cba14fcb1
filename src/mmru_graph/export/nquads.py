"""N-Quads: every statement of the graph, with its graph name.

A plain graph's triples go to the default graph (three terms and a dot); a
dataset's named graphs (one per source, when the store has them) pass
through with their names as the fourth term.
"""

from __future__ import annotations

import os
import warnings

from rdflib import BNode, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ConjunctiveGraph
from rdflib.term import Node

__all__ = ["to_nquads", "write_nquads"]


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _term(node: Node) -> str:
    """A term in N-Triples form: ``<iri>``, ``_:b``, ``"text"@lang``, ``"1"^^<datatype>``.

    Examples
    --------
    >>> print(_term(Literal('two\\nlines "quoted"', lang="en")))
    "two\\nlines \\"quoted\\""@en
    """
    if isinstance(node, Literal):
        text = '"' + str(node).translate(_ESCAPES) + '"'
        if node.language:
            return f"{text}@{node.language}"
        return f"{text}^^<{node.datatype}>" if node.datatype else text
    if isinstance(node, BNode):
        return f"_:{node}"
    return f"<{node}>"


def to_nquads(graph: Graph) -> str:
    """The graph's quads as N-Quads text, lines sorted so the output is stable.

    A plain graph's triples are in the default graph (three terms); a
    dataset's named graphs keep their name as the fourth term.

    Examples
    --------
    >>> from rdflib import Dataset, URIRef, Literal
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data='''
    ... @prefix schema: <https://schema.org/> .
    ... <https://w3id.org/mmru-graph/id/x> schema:name "X" .''')
    >>> print(to_nquads(g), end="")
    <https://w3id.org/mmru-graph/id/x> <https://schema.org/name> "X" .
    >>> d = Dataset()
    >>> named = d.graph(URIRef("https://w3id.org/mmru-graph/id/source-a"))
    >>> _ = named.add((URIRef("urn:s"), URIRef("urn:p"), Literal("o")))
    >>> print(to_nquads(d), end="")
    <urn:s> <urn:p> "o" <https://w3id.org/mmru-graph/id/source-a> .
    """
    lines = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's own renames
        if isinstance(graph, ConjunctiveGraph):  # a Dataset too
            for s, p, o, context in graph.quads((None, None, None, None)):
                name = getattr(context, "identifier", context)
                named = isinstance(name, Node) and name != DATASET_DEFAULT_GRAPH_ID
                lines.add(f"{_term(s)} {_term(p)} {_term(o)}"
                          + (f" {_term(name)}" if named else "") + " .")  # type: ignore[arg-type]
        else:
            lines = {f"{_term(s)} {_term(p)} {_term(o)} ." for s, p, o in graph}
    return "".join(line + "\n" for line in sorted(lines))


def write_nquads(graph: Graph, path: str | os.PathLike[str]) -> None:
    """Write the graph as N-Quads (see :func:`to_nquads`)."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(to_nquads(graph))
