"""Compile a SHACL shapes graph into plain Python objects for the fast path.

Only the part of SHACL Core the project's ``shapes.ttl`` uses is compiled:
targets ``sh:targetClass`` and ``sh:targetSubjectsOf``; paths of a
predicate, ``sh:inversePath``, ``sh:alternativePath`` and
``sh:zeroOrMorePath``; the constraints ``sh:minCount``, ``sh:maxCount``,
``sh:datatype``, ``sh:class``, ``sh:nodeKind``, ``sh:or``, ``sh:not``,
``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` /
``sh:qualifiedMaxCount``, ``sh:minInclusive``, ``sh:pattern`` (no flags),
``sh:minLength``, ``sh:lessThan`` and ``sh:hasValue``; ``sh:message`` and
``sh:severity``. Anything else (another constraint or target, a malformed
parameter, a reported shape without ``sh:message``, whose text would be
pyshacl's generic one) raises :class:`Unsupported`, and the caller falls
back to pyshacl, the reference: the fast path never guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ..namespaces import RDF, SH, XSD, prefixed

__all__ = ["CompiledShape", "PathSpec", "Unsupported", "compile_shapes", "path_text"]


def path_text(shapes: Graph, path: Node | None) -> str:
    """A SHACL property path in SPARQL-like prefixed notation.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data='''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> .
    ... @prefix oa: <http://www.w3.org/ns/oa#> .
    ... <https://e.org/S> sh:path [ sh:inversePath oa:hasBody ] .''')
    >>> path_text(g, next(g.objects(None, SH.path)))
    '^oa:hasBody'
    """
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return prefixed(path)
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + path_text(shapes, inverse)
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(shapes, p) for p in Collection(shapes, alternatives)) + ")"
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"),
                              (SH.zeroOrOnePath, "?")):
        inner = shapes.value(path, predicate)
        if inner is not None:
            return path_text(shapes, inner) + suffix
    if (path, RDF.first, None) in shapes:
        return "/".join(path_text(shapes, p) for p in Collection(shapes, path))
    return "(path)"


class Unsupported(Exception):
    """The shapes use something the fast path does not implement (the reason)."""


#: sh: predicates a shape may carry that only describe it (no validation).
_DESCRIPTIVE = {SH.name, SH.description, SH.order, SH.group, SH.defaultValue}
#: sh: predicates the compiler understands on a shape node.
_UNDERSTOOD = {SH.targetClass, SH.targetSubjectsOf, SH.message, SH.severity, SH.property,
               SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind,
               SH["or"], SH["not"], SH.qualifiedValueShape, SH.qualifiedMinCount,
               SH.qualifiedMaxCount, SH.minInclusive, SH.pattern, SH.minLength, SH.lessThan,
               SH.hasValue} | _DESCRIPTIVE
_NODE_KINDS = {SH.IRI, SH.BlankNode, SH.Literal, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral,
               SH.IRIOrLiteral}
_INTEGERS = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long,
             XSD.short, XSD.byte, XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort,
             XSD.unsignedByte, XSD.nonPositiveInteger, XSD.negativeInteger}


@dataclass(frozen=True)
class PathSpec:
    """A property path: ``kind`` is ``pred``, ``inverse``, ``alternative`` or ``zeroOrMore``."""

    kind: str
    predicate: URIRef | None = None
    parts: tuple[PathSpec, ...] = ()

    def forward_predicates(self) -> set[URIRef]:
        """Predicates this path follows from subject to object."""
        if self.kind == "pred":
            return {self.predicate} if self.predicate is not None else set()
        if self.kind == "inverse":
            return set()
        return set().union(*(p.forward_predicates() for p in self.parts))

    def inverse_predicates(self) -> set[URIRef]:
        """Predicates this path follows from object back to subject."""
        if self.kind == "inverse":
            return {self.parts[0].predicate} if self.parts[0].predicate is not None else set()
        return set().union(*(p.inverse_predicates() for p in self.parts))


@dataclass(eq=False)
class CompiledShape:
    """One shape: its path (property shapes), constraints and what it reports."""

    node: Node
    path: PathSpec | None = None
    path_node: Node | None = None
    messages: tuple[str, ...] = ()
    violation: bool = True
    constraints: list[tuple[str, object]] = field(default_factory=list)
    properties: list[CompiledShape] = field(default_factory=list)
    target_classes: list[URIRef] = field(default_factory=list)
    target_subjects_of: list[URIRef] = field(default_factory=list)


def _one(shapes: Graph, node: Node, predicate: URIRef) -> Node | None:
    values = list(shapes.objects(node, predicate))
    if len(values) > 1:
        raise Unsupported(f"more than one {predicate} on a shape")
    return values[0] if values else None


def _integer(value: Node | None) -> int | None:
    if value is None:
        return None
    if not isinstance(value, Literal) or value.datatype not in _INTEGERS \
            or getattr(value, "ill_typed", False) or not isinstance(value.value, int):
        raise Unsupported(f"not an integer: {value!r}")
    return int(value.value)


def _items(shapes: Graph, head: Node | None) -> list[Node]:
    if head is None:
        raise Unsupported("an empty list")
    if head == RDF.nil:
        return []
    if (head, RDF.first, None) not in shapes:
        raise Unsupported("not an RDF list")
    return list(Collection(shapes, head))


def _path(shapes: Graph, node: Node | None) -> PathSpec:
    if node is None:
        raise Unsupported("an empty path")
    if isinstance(node, URIRef):
        return PathSpec("pred", node)
    if not isinstance(node, BNode):
        raise Unsupported("a literal path")
    keys = {p for p, _ in shapes.predicate_objects(node)}
    if keys == {SH.inversePath}:
        inner = _path(shapes, shapes.value(node, SH.inversePath))
        if inner.kind != "pred":
            raise Unsupported("an inverse of a complex path")
        return PathSpec("inverse", parts=(inner,))
    if keys == {SH.alternativePath}:
        alternatives = _items(shapes, shapes.value(node, SH.alternativePath))
        if not alternatives:
            raise Unsupported("an empty sh:alternativePath")
        return PathSpec("alternative", parts=tuple(_path(shapes, a) for a in alternatives))
    if keys == {SH.zeroOrMorePath}:
        inner = _path(shapes, shapes.value(node, SH.zeroOrMorePath))
        if inner.kind != "pred":
            raise Unsupported("a zeroOrMorePath of a complex path")
        return PathSpec("zeroOrMore", parts=(inner,))
    raise Unsupported("a path kind the fast path does not implement")


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.done: dict[Node, CompiledShape] = {}

    def shape(self, node: Node, reported: bool) -> CompiledShape:
        if node in self.done:
            found = self.done[node]
            if reported and found.constraints and not found.messages:
                raise Unsupported("a reported shape without sh:message")
            return found
        g = self.shapes
        compiled = CompiledShape(node)
        self.done[node] = compiled
        for predicate, value in g.predicate_objects(node):
            if predicate == RDF.type:
                if value not in (SH.NodeShape, SH.PropertyShape):
                    raise Unsupported(f"a shape typed {value}")
            elif isinstance(predicate, URIRef) and predicate.startswith(str(SH)) \
                    and predicate not in _UNDERSTOOD:
                raise Unsupported(f"{predicate} is not implemented by the fast path")
        compiled.messages = tuple(sorted({str(m) for m in g.objects(node, SH.message)}))
        severity = _one(g, node, SH.severity)
        compiled.violation = severity in (None, SH.Violation)
        path = _one(g, node, SH.path)
        if path is not None:
            compiled.path, compiled.path_node = _path(g, path), path
        classes = list(g.objects(node, SH.targetClass))
        subjects_of = list(g.objects(node, SH.targetSubjectsOf))
        if not all(isinstance(t, URIRef) for t in classes + subjects_of):
            raise Unsupported("a target that is not an IRI")
        compiled.target_classes = [t for t in classes if isinstance(t, URIRef)]
        compiled.target_subjects_of = [t for t in subjects_of if isinstance(t, URIRef)]
        self._constraints(compiled)
        if reported and compiled.constraints and not compiled.messages:
            raise Unsupported("a reported shape without sh:message")
        compiled.properties = [self.shape(p, reported) for p in g.objects(node, SH.property)]
        return compiled

    def _constraints(self, compiled: CompiledShape) -> None:
        g, node, add = self.shapes, compiled.node, compiled.constraints.append
        for kind, predicate in (("minCount", SH.minCount), ("maxCount", SH.maxCount),
                                ("minLength", SH.minLength)):
            number = _integer(_one(g, node, predicate))
            if number is not None:
                if number < 0 or (kind != "maxCount" and compiled.path is None
                                  and kind != "minLength"):
                    raise Unsupported(f"sh:{kind} {number} here")
                add((kind, number))
        for kind, predicate in (("datatype", SH.datatype), ("nodeKind", SH.nodeKind),
                                ("lessThan", SH.lessThan)):
            value = _one(g, node, predicate)
            if value is None:
                continue
            if not isinstance(value, URIRef) or (kind == "nodeKind" and value not in _NODE_KINDS):
                raise Unsupported(f"sh:{kind} {value!r}")
            if kind == "lessThan" and compiled.path is None:
                raise Unsupported("sh:lessThan on a node shape")
            add((kind, value))
        for value in g.objects(node, SH["class"]):
            if not isinstance(value, URIRef):
                raise Unsupported("sh:class of a non-IRI")
            add(("class", value))
        for head in g.objects(node, SH["or"]):
            add(("or", [self.shape(m, False) for m in _items(g, head)]))
        for inner in g.objects(node, SH["not"]):
            add(("not", self.shape(inner, False)))
        minimum = _one(g, node, SH.minInclusive)
        if minimum is not None:
            if not isinstance(minimum, Literal):
                raise Unsupported("sh:minInclusive of a non-literal")
            add(("minInclusive", minimum))
        pattern = _one(g, node, SH.pattern)
        if pattern is not None:
            if not isinstance(pattern, Literal) or (node, SH.flags, None) in g:
                raise Unsupported("sh:pattern with flags or not a literal")
            text = str(pattern.value) if pattern.value is not None and len(pattern.value) > 1 \
                else str(pattern)
            try:
                add(("pattern", re.compile(text)))
            except re.error as exc:
                raise Unsupported(f"sh:pattern {text!r}: {exc}") from None
        has_value = _one(g, node, SH.hasValue)
        if has_value is not None:
            add(("hasValue", has_value))
        qualified = _one(g, node, SH.qualifiedValueShape)
        low = _integer(_one(g, node, SH.qualifiedMinCount))
        high = _integer(_one(g, node, SH.qualifiedMaxCount))
        if qualified is not None:
            if compiled.path is None or (low is None and high is None):
                raise Unsupported("sh:qualifiedValueShape without a path or counts")
            add(("qualified", (self.shape(qualified, False), low, high)))
        elif low is not None or high is not None:
            raise Unsupported("sh:qualifiedMinCount without sh:qualifiedValueShape")


def compile_shapes(shapes: Graph) -> list[CompiledShape]:
    """The shapes with targets, compiled; :class:`Unsupported` if any part is not.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data='''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> .
    ... @prefix schema: <https://schema.org/> .
    ... <https://e.org/S> a sh:NodeShape ; sh:targetClass schema:Person ;
    ...   sh:property [ sh:path schema:name ; sh:minCount 1 ; sh:message "a name" ] .
    ... ''')
    >>> [shape.properties[0].constraints for shape in compile_shapes(g)]
    [[('minCount', 1)]]
    >>> _ = g.parse(format="turtle", data='''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> .
    ... <https://e.org/T> sh:targetNode <https://e.org/x> ; sh:closed true .''')
    >>> compile_shapes(g)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.validation.shapes.Unsupported: http://www.w3.org/ns/shacl#...
    """
    used = {p for p in shapes.predicates() if isinstance(p, URIRef) and p.startswith(str(SH))}
    unknown = used - _UNDERSTOOD - {SH.inversePath, SH.alternativePath, SH.zeroOrMorePath,
                                    SH.deactivated, SH.declare, SH.prefix, SH.namespace}
    if unknown:
        raise Unsupported(sorted(unknown)[0])
    if (None, SH.deactivated, None) in shapes:
        raise Unsupported("sh:deactivated")
    compiler = _Compiler(shapes)
    targeted = sorted({s for p in (SH.targetClass, SH.targetSubjectsOf)
                       for s in shapes.subjects(p, None)}, key=str)
    for node in shapes.subjects(RDF.type, None):
        if (node, RDF.type, SH.NodeShape) not in shapes and \
                (node, RDF.type, SH.PropertyShape) not in shapes and node in targeted:
            raise Unsupported("a targeted node that is also a class")
    return [compiler.shape(node, True) for node in targeted]
