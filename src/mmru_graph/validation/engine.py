"""Evaluate compiled shapes over every source's view at once.

SHACL runs per *view* (:func:`mmru_graph.sources.named.shacl_views`): view
*K* is the default graph, every source's evidence nodes and source *K*'s
named graph. Call the first two the *base*; then view *K* = base ∪ Δ\\ :sub:`K`
(*K*'s statements not in the base). Every check here reads the data only
through :class:`_View` lookups (the objects of ``(s, p)``, the subjects of
``(o, p)``), so a check of a node in the base gives the same answer in view
*K* unless Δ\\ :sub:`K` holds a statement one of those lookups would see. So:

- each target of the base is checked once in the base, recording which
  sources' Δ touch its lookups (usually none);
- it is checked again in the view of each such source only;
- its base results count when at least one view is untouched (that view sees
  exactly the base answer);
- the nodes a source's Δ makes targets are checked in that source's view.

That is the union of pyshacl's results over all views, in time linear in the
data. Each check also records the keys it read (hashed), and is filed under
a *group*: ``""`` for nodes typed in the default graph, else the first source
whose named graph types it; :mod:`.cache` re-uses a group's results while no
new statement touches those keys.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import Violation
from ..namespaces import OA, RDF, RDFS, SH, XSD, prefixed
from .shapes import CompiledShape, PathSpec

__all__ = ["EVIDENCE", "Fallback", "GroupResult", "Prepared", "evaluate", "key_hash", "prepare"]

EVIDENCE = (OA.Annotation, OA.SpecificResource, OA.TextQuoteSelector, OA.TextPositionSelector)
_EMPTY: frozenset[Node] = frozenset()


class Fallback(Exception):
    """The data needs a case the fast path leaves to pyshacl (e.g. sh:lessThan on a blank node)."""


_MASK = (1 << 64) - 1
_MIX = 0x9E3779B97F4A7C15  # odd: each part's hash is mixed in by a bijection


def _part_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "big")


def key_hash(key: tuple[object, ...], parts: dict[str, int] | None = None) -> int:
    """A stable 64-bit hash of a lookup key (Python's ``hash`` of str is salted per run).

    Each part (node, predicate, direction) is hashed alone and the hashes are
    combined, so ``parts`` (a memo of part hashes) lets the many keys of one node
    share its hash: at 2M triples there are millions of keys and far fewer nodes.
    Two keys that collide only cost a needless re-check.

    >>> key_hash(("a", "b", ">")) == key_hash(("a", "b", ">"), {}) != key_hash(("a", "b", "<"))
    True
    """
    found = 0
    for part in key:
        text = str(part)
        if parts is None:
            value = _part_hash(text)
        else:
            known = parts.get(text)
            value = parts[text] = _part_hash(text) if known is None else known
        found = (found * _MIX + value) & _MASK
    return found


class _Index:
    """The statements the shapes can read: ``s → p → {o}`` and ``o → p → {s}``.

    Most subjects have one value of a predicate: a lone value is held as a
    1-tuple (56 bytes), a set (216 bytes) only from the second on, which halves
    the index of a large graph (2M triples: about a gigabyte of sets before).
    """

    def __init__(self, forward: dict[Node, Node], inverse: dict[Node, Node]) -> None:
        # Each maps a predicate to the one term object the shapes look it up by:
        # stored under that object, a lookup finds it by identity, without
        # rdflib's Python-level __eq__ (millions of lookups at 2M triples).
        self.forward, self.inverse = forward, inverse
        self.out: dict[Node, dict[Node, Values]] = {}
        self.into: dict[Node, dict[Node, Values]] = {}
        self.size = 0

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.add_routed(s, o, self.forward.get(p), self.inverse.get(p))

    def add_routed(self, s: Node, o: Node, forward: Node | None, inverse: Node | None) -> None:
        """Add a statement whose predicate's shape terms (:class:`_Routes`) are known."""
        if forward is not None:
            _add(self.out, s, forward, o)
            self.size += 1
        if inverse is not None:
            _add(self.into, o, inverse, s)

    def has(self, s: Node, p: Node, o: Node) -> bool:
        return o in self.out.get(s, {}).get(p, _EMPTY)


#: The values of one key of an index: a 1-tuple, or a set once there are more.
Values = tuple[Node] | set[Node]


def _add(index: dict[Node, dict[Node, Values]], key: Node, predicate: Node, value: Node) -> None:
    by_predicate = index.get(key)
    if by_predicate is None:
        index[key] = {predicate: (value,)}
        return
    found = by_predicate.get(predicate)
    if found is None:
        by_predicate[predicate] = (value,)
    elif type(found) is tuple:
        if value not in found:
            by_predicate[predicate] = {found[0], value}
    else:
        found.add(value)  # type: ignore[union-attr]


def _union(found: Collection[Node], more: Collection[Node]) -> set[Node]:
    union = set(found)
    union.update(more)
    return union


class _Routes(dict[Node, "tuple[Node | None, Node | None, bool, bool]"]):
    """What the index does with each predicate term met in the data: its forward and
    inverse shape terms (None: not read that way), whether it makes targets, whether
    it is ``rdfs:subClassOf``. Kept by the data's own term objects, so the millions of
    lookups find them by identity (one rdflib ``__eq__`` per term object, not per
    statement)."""

    def __init__(self, forward: dict[Node, Node], inverse: dict[Node, Node],
                 targeting: set[URIRef]) -> None:
        super().__init__()
        self.forward, self.inverse, self.targeting = forward, inverse, targeting

    def __missing__(self, p: Node) -> tuple[Node | None, Node | None, bool, bool]:
        found = self[p] = (self.forward.get(p), self.inverse.get(p), p in self.targeting,
                           p == _SUBCLASS)
        return found


@dataclass
class Prepared:
    """The graph indexed for the shapes: the base, each source's Δ, who touches what."""

    shapes: list[CompiledShape]
    base: _Index
    deltas: dict[str, _Index]
    touch_out: dict[tuple[Node, Node], str | set[str]]
    touch_in: dict[tuple[Node, Node], str | set[str]]
    hierarchy_sources: set[str]
    group_of: dict[Node, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)


@dataclass
class GroupResult:
    """What the checks filed under one group found, and the keys they read."""

    violations: set[Violation] = field(default_factory=set)
    warnings: set[Violation] = field(default_factory=set)
    keys: set[int] = field(default_factory=set)


def _predicates(shapes: list[CompiledShape]) -> tuple[dict[Node, Node], dict[Node, Node]]:
    forward: dict[Node, Node] = {_TYPE: _TYPE, _SUBCLASS: _SUBCLASS}
    inverse: dict[Node, Node] = {_TYPE: _TYPE}

    def note(found: dict[Node, Node], predicates: Iterable[Node]) -> None:
        for predicate in predicates:
            found.setdefault(predicate, predicate)  # the first object met stands for all
    seen: set[int] = set()

    def walk(shape: CompiledShape) -> None:
        if id(shape) in seen:
            return
        seen.add(id(shape))
        if shape.path is not None:
            note(forward, shape.path.forward_predicates())
            note(inverse, shape.path.inverse_predicates())
        note(forward, shape.target_subjects_of)
        note(inverse, shape.target_subjects_of)
        for kind, value in shape.constraints:
            if kind == "lessThan":
                note(forward, [value])  # type: ignore[list-item]
            elif kind == "or":
                for member in value:  # type: ignore[attr-defined]
                    walk(member)
            elif kind == "not":
                walk(value)  # type: ignore[arg-type]
            elif kind == "qualified":
                walk(value[0])  # type: ignore[index]
        for prop in shape.properties:
            walk(prop)

    for shape in shapes:
        walk(shape)
    return forward, inverse


def prepare(graph: Graph, shapes: list[CompiledShape]) -> Prepared:
    """Index the graph once: the base, each source's Δ, and which keys each Δ touches."""
    from ..sources.named import named_graphs
    from ..store.bulk import graph_triples

    forward, inverse = _predicates(shapes)
    base = _Index(forward, inverse)
    names = named_graphs(graph)
    group_of: dict[Node, str] = {}
    targeting = {RDF.type, *(p for s in shapes for p in s.target_subjects_of)}
    routes = _Routes(forward, inverse, targeting)
    if not names:
        for s, p, o in graph.triples((None, None, None)):
            ahead, back, targets, _subclass = routes[p]
            base.add_routed(s, o, ahead, back)
            if targets:
                group_of.setdefault(s, "")
        return Prepared(shapes, base, {}, {}, {}, set(), group_of, [])
    assert isinstance(graph, Dataset)
    evidence = {s for cls in EVIDENCE for s in graph.subjects(RDF.type, cls)}
    for s, p, o in graph_triples(graph.default_graph):
        ahead, back, targets, _subclass = routes[p]
        base.add_routed(s, o, ahead, back)
        if targets:
            group_of[s] = ""
    # Only statements some check reads (forward or inverse): read each graph once.
    Route = tuple[Node | None, Node | None, bool, bool]
    statements: list[tuple[str, list[tuple[Node, Route, Node]]]] = []
    for name in names:
        rows = [(s, route, o) for s, p, o in graph_triples(graph.graph(name))
                if (route := routes[p])[0] is not None or route[1] is not None]
        statements.append((str(name), rows))
        for s, route, o in rows:
            if s in evidence:
                base.add_routed(s, o, route[0], route[1])
    deltas: dict[str, _Index] = {}
    touch_out: dict[tuple[Node, Node], str | set[str]] = {}
    touch_in: dict[tuple[Node, Node], str | set[str]] = {}
    hierarchy: set[str] = set()
    for key, rows in statements:
        delta = _Index(forward, inverse)
        for s, (ahead, back, targets, subclass), o in rows:
            if targets:
                group_of.setdefault(s, key)
            if s in evidence or (ahead is not None and base.has(s, ahead, o)):
                continue
            delta.add_routed(s, o, ahead, back)
            if subclass:
                hierarchy.add(key)
            if ahead is not None:
                _touch(touch_out, (s, ahead), key)
            if back is not None:
                _touch(touch_in, (o, back), key)
        deltas[key] = delta
    return Prepared(shapes, base, deltas, touch_out, touch_in, hierarchy, group_of,
                    [str(n) for n in names])


def _touch(touches: dict[tuple[Node, Node], str | set[str]], pair: tuple[Node, Node],
           key: str) -> None:
    """Note that source ``key`` touches ``pair``: its key alone while it is the only one
    (nearly always), a set from the second on."""
    found = touches.get(pair)
    if found is None:
        touches[pair] = key
    elif isinstance(found, str):
        if found != key:
            touches[pair] = {found, key}
    else:
        found.add(key)


def _hit(hits: set[str], touched: str | set[str] | None) -> None:
    if touched:
        if isinstance(touched, str):
            hits.add(touched)
        else:
            hits.update(touched)


class _View:
    """Lookups over the base plus at most one Δ, recording the keys read and the sources
    whose Δ would answer them differently."""

    def __init__(self, prepared: Prepared, delta: _Index | None) -> None:
        self.base, self.delta, self.prepared = prepared.base, delta, prepared
        self.record = delta is None and bool(prepared.deltas)
        self.hits: set[str] = set()
        self.keys: set[tuple[object, ...]] = set()
        self._supers: dict[Node, set[Node]] = {}

    def out(self, s: Node, p: Node) -> Collection[Node]:
        self.keys.add((s, p, ">"))
        if self.record:
            _hit(self.hits, self.prepared.touch_out.get((s, p)))
        found = self.base.out.get(s, {}).get(p, _EMPTY)
        if self.delta is not None:
            more = self.delta.out.get(s, {}).get(p)
            if more:
                return _union(found, more)
        return found

    def into(self, o: Node, p: Node) -> Collection[Node]:
        self.keys.add((o, p, "<"))
        if self.record:
            _hit(self.hits, self.prepared.touch_in.get((o, p)))
        found = self.base.into.get(o, {}).get(p, _EMPTY)
        if self.delta is not None:
            more = self.delta.into.get(o, {}).get(p)
            if more:
                return _union(found, more)
        return found

    def superclasses(self, cls: Node) -> set[Node]:
        """``cls`` and every class above it (``rdfs:subClassOf*``, as pyshacl's
        ``transitive_objects``); a Δ with ``rdfs:subClassOf`` touches every check."""
        if self.record:
            self.hits.update(self.prepared.hierarchy_sources)
        if cls not in self._supers:
            found, todo = {cls}, [cls]
            while todo:
                for parent in self._out_quiet(todo.pop(), _SUBCLASS):
                    if parent not in found:
                        found.add(parent)
                        todo.append(parent)
            self._supers[cls] = found
        return self._supers[cls]

    def _out_quiet(self, s: Node, p: Node) -> Iterable[Node]:
        found = self.base.out.get(s, {}).get(p, _EMPTY)
        if self.delta is not None:
            return _union(found, self.delta.out.get(s, {}).get(p, _EMPTY))
        return found

    def is_instance(self, node: Node, cls: Node) -> bool:
        if isinstance(node, Literal):
            return False
        return any(_same(t, cls) or cls in self.superclasses(t) for t in self.out(node, _TYPE))


def _same(a: Node, b: Node) -> bool:
    """``a == b`` as rdflib answers it, without its Python-level ``__eq__`` for IRIs
    and blank nodes (same type, same text)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    return a == b if isinstance(b, Literal) else str.__eq__(cast(str, a), cast(str, b))


# --------------------------------------------------------------------------
# Value checks, as pyshacl 0.40 makes them
# --------------------------------------------------------------------------
_TYPE, _SUBCLASS, _STRING, _LANG_STRING = RDF.type, RDFS.subClassOf, XSD.string, RDF.langString
# Read once: a namespace's attribute lookup is a Python call, and these are read
# hundreds of thousands of times at 2M triples.
_LITERAL, _DATATYPE = RDFS.Literal, RDFS.Datatype
_PLAIN_STRING = (None, _LANG_STRING, _STRING)
_BLANK_KINDS = (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI)
_LITERAL_KINDS = (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral)
_IRI_KINDS = (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI)
#: The Python value pyshacl requires of a literal of these datatypes (others pass).
_PYTHON_TYPES: dict[Node, type] = {
    XSD.integer: int, XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool,
    XSD.date: datetime.date, XSD.time: datetime.time, XSD.dateTime: datetime.datetime}


def _actual_datatype(value: object, datatype: Node) -> bool:
    if datatype in (_STRING, _LANG_STRING):
        return isinstance(value, (str, bytes))
    wanted = _PYTHON_TYPES.get(datatype)
    return True if wanted is None else isinstance(value, wanted)


def _datatype_ok(value: Node, datatype: Node) -> bool:
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        if getattr(value, "ill_typed", None) is True:
            return False
        return _actual_datatype(value.value, datatype)
    if datatype == _LITERAL:
        return True
    if datatype == _DATATYPE and value.datatype:
        return True
    if value.datatype is None and value.language is None and datatype == _STRING:
        return _actual_datatype(value.value, datatype)
    if datatype == _LANG_STRING and value.language:
        return _actual_datatype(value.value, datatype)
    return False


def _node_kind_ok(value: Node, kind: Node) -> bool:
    if isinstance(value, BNode):
        return kind in _BLANK_KINDS
    if isinstance(value, Literal):
        return kind in _LITERAL_KINDS
    return kind in _IRI_KINDS


def _compare(l1: Literal, l2: Literal) -> int:
    """pyshacl's ``compare_literal``."""
    if l1.eq(l2):
        return 0
    if l1.value.__class__ in (datetime.datetime, datetime.time):
        if l1.value == l2.value:
            return 0
        if l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1


def _min_inclusive_ok(value: Node, bound: Literal) -> bool:
    if not isinstance(value, Literal):
        return False
    if isinstance(bound.value, str) != isinstance(value.value, str):
        return False
    try:
        return _compare(value, bound) >= 0
    except (TypeError, NotImplementedError):
        return False


def _as_string(value: Node) -> str:
    if isinstance(value, Literal) and value.value is not None and \
            value.datatype in _PLAIN_STRING:
        return str(value.value)
    return str(value)


def _comparable(node: Node) -> tuple[bool, object]:
    if isinstance(node, BNode):
        raise Fallback("sh:lessThan on a blank node")
    if isinstance(node, URIRef):
        return True, str(node)
    if isinstance(node, Literal) and isinstance(node.value, str):
        return True, node.value
    return False, node


def _less_than_fails(values: Iterable[Node], others: Iterable[Node]) -> list[Node]:
    failing = []
    for value in values:
        value_is_string, left = _comparable(value)
        for other in others:
            other_is_string, right = _comparable(other)
            if value_is_string != other_is_string or not left < right:  # type: ignore[operator]
                failing.append(value)
    return failing


# --------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------
def _values(view: _View, focus: Node, path: PathSpec) -> Collection[Node]:
    if path.kind == "pred":
        return view.out(focus, path.predicate)  # type: ignore[arg-type]
    if path.kind == "inverse":
        return view.into(focus, path.parts[0].predicate)  # type: ignore[arg-type]
    if path.kind == "alternative":
        found: set[Node] = set()
        for part in path.parts:
            found.update(_values(view, focus, part))
        return found
    reached, todo = {focus}, [focus]  # zeroOrMore: the focus itself, then each step
    predicate = path.parts[0].predicate
    while todo:
        for nxt in view.out(todo.pop(), predicate):  # type: ignore[arg-type]
            if nxt not in reached:
                reached.add(nxt)
                todo.append(nxt)
    return reached


Found = list[tuple[CompiledShape, str, "Node | None"]]


def _check(view: _View, shape: CompiledShape, focus: Node, found: Found | None) -> bool:
    """Whether ``focus`` conforms; each failure appended to ``found`` (when reporting)
    as (shape, component, value)."""
    ok = True

    def fail(component: str, value: Node | None) -> bool:
        nonlocal ok
        ok = False
        if found is not None:
            found.append((shape, component, value))
        return found is None  # stop early when only conformance is asked

    values = _values(view, focus, shape.path) if shape.path is not None else {focus}
    for kind, param in shape.constraints:
        if kind in ("minCount", "maxCount", "hasValue"):
            broken = (len(values) < param if kind == "minCount"  # type: ignore[operator]
                      else len(values) > param if kind == "maxCount"  # type: ignore[operator]
                      else param not in values)
            if broken and fail(kind, None):
                return False
        elif kind == "qualified":
            inner, low, high = cast("tuple[CompiledShape, int | None, int | None]", param)
            count = sum(1 for v in values if _check(view, inner, v, None))
            if high is not None and count > high and fail("qualifiedMaxCount", None):
                return False
            if low is not None and count < low and fail("qualifiedMinCount", None):
                return False
        elif kind == "lessThan":
            for value in _less_than_fails(values, view.out(focus, param)):  # type: ignore[arg-type]
                if fail(kind, value):
                    return False
        else:
            for value in values:
                if not _value_ok(view, kind, param, value) and fail(kind, value):
                    return False
    for prop in shape.properties:
        if found is None:
            if not _check(view, prop, focus, None):
                return False
        elif not _check(view, prop, focus, found):
            ok = False
    return ok


def _value_ok(view: _View, kind: str, param: object, value: Node) -> bool:
    if kind == "class":
        return view.is_instance(value, param)  # type: ignore[arg-type]
    if kind == "datatype":
        return _datatype_ok(value, param)  # type: ignore[arg-type]
    if kind == "nodeKind":
        return _node_kind_ok(value, param)  # type: ignore[arg-type]
    if kind == "or":
        return any(_check(view, member, value, None) for member in param)  # type: ignore[attr-defined]
    if kind == "not":
        return not _check(view, param, value, None)  # type: ignore[arg-type]
    if kind == "minInclusive":
        return _min_inclusive_ok(value, param)  # type: ignore[arg-type]
    if kind == "pattern":
        if isinstance(value, BNode):
            return False
        text = _as_string(value)
        return bool(param.match(text) or param.search(text))  # type: ignore[attr-defined]
    if kind == "minLength":
        return param == 0 or (not isinstance(value, BNode)
                              and len(_as_string(value)) >= param)  # type: ignore[operator]
    raise Fallback(f"constraint {kind}")


def _violation(shape: CompiledShape, component: str, focus: Node, value: Node | None,
               path_text: dict[int, str]) -> Violation:
    message = "; ".join(shape.messages)
    if value is not None and value != focus and not isinstance(value, BNode):
        shown = prefixed(value) if isinstance(value, URIRef) else value.n3()
        if shown not in message:
            message += f" (value {shown})"
    path = path_text.get(id(shape)) or f"sh:{component}"
    return Violation(prefixed(focus) if focus is not None else "(unknown)", path, message)


# --------------------------------------------------------------------------
# Targets and the whole evaluation
# --------------------------------------------------------------------------
def _targets(view: _View, index: _Index, shape: CompiledShape) -> set[Node]:
    """The shape's targets among the nodes ``index`` types (``rdf:type/rdfs:subClassOf*``)."""
    found: set[Node] = set()
    if shape.target_classes:
        wanted = set(shape.target_classes)
        for cls, by_predicate in index.into.items():
            instances = by_predicate.get(_TYPE)
            if instances and wanted & view.superclasses(cls):
                found.update(instances)
    for predicate in shape.target_subjects_of:
        for s, by_predicate in index.out.items():
            if predicate in by_predicate:
                found.add(s)
    return found


def _targeted(view: _View, shape: CompiledShape, node: Node) -> bool:
    if any(view.is_instance(node, c) for c in shape.target_classes):
        return True
    return any(view.out(node, p) for p in shape.target_subjects_of)


def evaluate(prepared: Prepared, path_text: dict[int, str],
             groups: set[str] | None = None) -> dict[str, GroupResult]:
    """Check every target of every view; results filed by group (only ``groups``, if given).

    ``path_text`` maps ``id(shape)`` of each property shape to its path as
    :func:`mmru_graph.validation.shapes.path_text` writes it.
    """
    results: dict[str, GroupResult] = {}
    read: dict[str, set[tuple[object, ...]]] = {}
    sources = prepared.sources
    wanted = (lambda g: True) if groups is None else (lambda g: g in groups)

    def file(group: str, view: _View, shape: CompiledShape, focus: Node, found: Found) -> None:
        result = results.setdefault(group, GroupResult())
        for reporting, component, value in found:
            violation = _violation(reporting, component, focus, value, path_text)
            (result.violations if reporting.violation else result.warnings).add(violation)

    base_view = _View(prepared, None)
    views = {name: _View(prepared, delta) for name, delta in prepared.deltas.items()}
    new_targets: dict[str, list[tuple[CompiledShape, Node]]] = {name: [] for name in views}
    for shape in prepared.shapes:
        for focus in _targets(base_view, prepared.base, shape):
            group = prepared.group_of.get(focus, "")
            if not wanted(group):
                continue
            base_view.hits, base_view.keys = set(), set()
            found: Found = []
            _check(base_view, shape, focus, found)
            touched = base_view.hits
            keys = base_view.keys | {(focus, _TYPE, ">")}
            if touched:
                keys.add(("#sources", len(sources)))
            if len(touched) < len(sources) or not sources:
                file(group, base_view, shape, focus, found)
            for name in sorted(touched):
                view = views[name]
                view.keys = set()
                again: Found = []
                _check(view, shape, focus, again)
                keys |= view.keys
                file(group, view, shape, focus, again)
            read.setdefault(group, set()).update(keys)
        for name, view in views.items():
            fresh = _targets(view, prepared.deltas[name], shape)
            if name in prepared.hierarchy_sources:  # its classes may make base nodes targets
                fresh |= _targets(view, prepared.base, shape)
            for focus in fresh:
                if wanted(prepared.group_of.get(focus, "")):
                    new_targets[name].append((shape, focus))
    for name, pairs in new_targets.items():
        view = views[name]
        for shape, focus in pairs:
            if not _targeted(view, shape, focus):
                continue
            view.keys = set()
            found = []
            _check(view, shape, focus, found)
            group = prepared.group_of.get(focus, "")
            file(group, view, shape, focus, found)
            read.setdefault(group, set()).update(view.keys)
            read[group].add((focus, _TYPE, ">"))
    # key_hash, inlined, with each part's hash kept by the part itself (a node
    # object: found by identity, no str copy): millions of keys at 2M triples.
    parts: dict[object, int] = {}
    known = parts.get
    for group, keys in read.items():  # hashed once per group: checks share many keys
        hashes = results.setdefault(group, GroupResult()).keys
        for key in keys:
            code = 0
            for part in key:
                value = known(part)
                if value is None:
                    value = parts[part] = _part_hash(str(part))
                code = (code * _MIX + value) & _MASK
            hashes.add(code)
    return results
