"""The fast SHACL path: compiled shapes over all sources' views at once, pyshacl as fallback.

:func:`fast_shacl` gives exactly what running pyshacl once per view of
:func:`mmru_graph.sources.named.shacl_views` gives (the differential tests
in ``tests/test_validation_fast.py`` hold it to that), or ``None`` when the
shapes or the data need something it does not implement; the caller then
runs pyshacl.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph

from ..errors import Violation
from .engine import Fallback, GroupResult, Prepared, evaluate, prepare
from .shapes import CompiledShape, Unsupported, compile_shapes, path_text

__all__ = ["FastResult", "compiled", "fast_shacl", "prepare_fast"]


@dataclass
class FastResult:
    """The fast path's results by group, and what it re-used from a cache."""

    groups: dict[str, GroupResult]
    prepared: Prepared
    checked: set[str] = field(default_factory=set)

    def violations(self) -> tuple[set[Violation], set[Violation]]:
        """(violations, warnings) over every group."""
        violations: set[Violation] = set()
        warnings: set[Violation] = set()
        for result in self.groups.values():
            violations |= result.violations
            warnings |= result.warnings
        return violations, warnings


def compiled(shapes: Graph) -> tuple[list[CompiledShape], dict[int, str]] | None:
    """The shapes compiled and each property shape's path text, or ``None`` if unsupported."""
    try:
        found = compile_shapes(shapes)
    except Unsupported:
        return None
    texts: dict[int, str] = {}
    todo = list(found)
    seen: set[int] = set()
    while todo:
        shape = todo.pop()
        if id(shape) in seen:
            continue
        seen.add(id(shape))
        if shape.path_node is not None:
            texts[id(shape)] = path_text(shapes, shape.path_node)
        todo.extend(shape.properties)
    return found, texts


def prepare_fast(data: Graph, shapes: Graph) -> tuple[Prepared, dict[int, str]] | None:
    """The data indexed for the compiled shapes, or ``None`` if the shapes are unsupported."""
    compiled_shapes = compiled(shapes)
    if compiled_shapes is None:
        return None
    found, texts = compiled_shapes
    return prepare(data, found), texts


def fast_shacl(data: Graph, shapes: Graph, groups: set[str] | None = None) -> FastResult | None:
    """Validate ``data`` against ``shapes`` per source view, fast; ``None`` to fall back.

    ``groups`` limits the checks to those groups (``""``: nodes typed in the
    default graph; a source's IRI: nodes its named graph types); the data is
    still indexed whole, as every check reads the shared entities.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> data = new_graph().parse(format="turtle", data='''
    ... @prefix schema: <https://schema.org/> .
    ... @prefix id: <https://w3id.org/mmru-graph/id/> .
    ... id:putin a schema:Person ; schema:name "Vladimir Putin", "Putin" .
    ... ''')
    >>> shapes = new_graph().parse(format="turtle", data='''
    ... @prefix schema: <https://schema.org/> .
    ... @prefix sh: <http://www.w3.org/ns/shacl#> .
    ... [] a sh:NodeShape ; sh:targetClass schema:Person ;
    ...    sh:property [ sh:path schema:name ; sh:maxCount 1 ;
    ...                  sh:message "a person has exactly one schema:name" ] .
    ... ''')
    >>> for v in sorted(fast_shacl(data, shapes).violations()[0], key=str):
    ...     print(v)
    id:putin schema:name: a person has exactly one schema:name
    """
    ready = prepare_fast(data, shapes)
    if ready is None:
        return None
    prepared, texts = ready
    try:
        results = evaluate(prepared, texts, groups)
    except Fallback:
        return None
    return FastResult(results, prepared, set(results) if groups is None else set(groups))
