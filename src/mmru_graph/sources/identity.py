"""Identity across sources: entities that are probably the same, before an analyst says so.

Two sources name one person differently, and an analyst adding the second
may create a second node. :func:`duplicate_warnings` flags pairs of persons,
organizations or places that share a name or alias once folded (case,
accents, possessives, rank abbreviations, a leading "the"), or whose names
are nearly identical (and carry the same numbers: "trade union 4" and
"trade union 74" are two unions, as "Brigade 33" and "Brigade 3" are two
brigades). They are warnings, not errors: when the two are the
same, the analyst records ``id:new owl:sameAs id:existing`` and every
command treats them as one (:func:`mmru_graph.store.loading.merge_same_as`);
when they are not, the warning stays as a reminder.
"""

from __future__ import annotations

import difflib
import re

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..errors import Violation
from ..namespaces import RDF, RDFS, SCHEMA, prefixed
from .mentions import _entity_classes, normalise_name

__all__ = ["duplicate_warnings"]

#: Folded names this much alike (difflib ratio) are "near-identical".
NEAR = 0.92
#: Names are compared when they share their first or last this many characters.
BLOCK = 4


def _kind(types: set[Node], families: dict[str, set[Node]]) -> str:
    for family, classes in families.items():
        if not types.isdisjoint(classes):
            return family
    return ""


def duplicate_warnings(graph: Graph) -> list[Violation]:
    """Pairs of entities of one kind that probably are one, as warnings.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from mmru_graph.store.loading import new_graph
    >>> from mmru_graph.namespaces import ID
    >>> g = new_graph()
    >>> for slug, name in (("mah", "Min Aung Hlaing"), ("mah-2", "Snr. Gen. Min Aung Hlaing's")):
    ...     _ = g.add((ID[slug], RDF.type, SCHEMA.Person))
    ...     _ = g.add((ID[slug], SCHEMA.name, Literal(name)))
    >>> _ = g.add((ID.mah, SCHEMA.alternateName, Literal("Senior General Min Aung Hlaing")))
    >>> [str(w) for w in duplicate_warnings(g)]  # doctest: +NORMALIZE_WHITESPACE
    ["id:mah owl:sameAs: probably the same as id:mah-2 (both are called 'senior general min
      aung hlaing'); if so, record id:mah-2 owl:sameAs id:mah"]
    """
    families = {"person": _entity_classes_of(graph, SCHEMA.Person),
                "organization": _entity_classes_of(graph, SCHEMA.Organization),
                "place": _entity_classes_of(graph, SCHEMA.Place)}
    labels: dict[URIRef, set[str]] = {}
    names: dict[URIRef, str] = {}
    kinds: dict[URIRef, str] = {}
    types: dict[URIRef, set[Node]] = {}
    for node, cls in graph.subject_objects(RDF.type):  # one pass, not one lookup per node
        if isinstance(node, URIRef):
            types.setdefault(node, set()).add(cls)
    for node, classes in types.items():
        kind = _kind(classes, families)
        if not kind:  # most typed nodes (events, annotations): no lookup
            continue
        main = graph.value(node, SCHEMA.name)
        if main is None:
            continue
        kinds[node] = kind
        names[node] = normalise_name(str(main)).removeprefix("the ")
        labels[node] = {normalise_name(str(v)).removeprefix("the ")
                        for p in (SCHEMA.name, SCHEMA.alternateName)
                        for v in graph.objects(node, p)}
        for prefix in graph.objects(node, SCHEMA.honorificPrefix):
            labels[node].add(normalise_name(f"{prefix} {main}"))
    found: list[tuple[int, int, Violation]] = []
    ordered = sorted(kinds, key=str)
    position = {node: i for i, node in enumerate(ordered)}
    matcher = difflib.SequenceMatcher(None)
    for i, j in sorted(_candidates(ordered, kinds, names, labels)):
        a, b = ordered[i], ordered[j]
        shared = sorted(labels[a] & labels[b])
        why = f"both are called {shared[0]!r}" if shared else ""
        if not why and _digits(names[a]) == _digits(names[b]):
            matcher.set_seqs(names[a], names[b])
            if matcher.real_quick_ratio() >= NEAR and matcher.quick_ratio() >= NEAR \
                    and matcher.ratio() >= NEAR:
                why = f"near-identical names {names[a]!r} and {names[b]!r}"
        if why:
            found.append((position[a], position[b], Violation(
                prefixed(a), "owl:sameAs",
                f"probably the same as {prefixed(b)} ({why}); if so, "
                f"record {prefixed(b)} owl:sameAs {prefixed(a)}")))
    return [violation for _i, _j, violation in sorted(found, key=lambda f: (f[0], f[1]))]


def _digits(name: str) -> tuple[str, ...]:
    """The numbers in a name: "trade union 4" and "trade union 74" differ in them."""
    return tuple(re.findall(r"\d+", name))


def _candidates(ordered: list[URIRef], kinds: dict[URIRef, str], names: dict[URIRef, str],
                labels: dict[URIRef, set[str]]) -> set[tuple[int, int]]:
    """Index pairs (earlier, later) of one kind worth comparing, by blocking.

    A pair shares a label, or has names with the same numbers and the same
    first or last ``BLOCK`` characters: two names at least ``NEAR`` alike
    (a difflib ratio of 0.92: at most one or two characters apart in a
    name of twenty) that differ at both ends are not looked at. Each block
    is compared within itself, so the work grows with the sizes of the
    blocks, not with the square of the number of entities.
    """
    blocks: dict[tuple[str, ...], list[int]] = {}
    for i, node in enumerate(ordered):
        kind, name = kinds[node], names[node]
        for label in labels[node]:
            blocks.setdefault((kind, "label", label), []).append(i)
        digits = "\x00".join(_digits(name))
        blocks.setdefault((kind, "head", digits, name[:BLOCK]), []).append(i)
        blocks.setdefault((kind, "tail", digits, name[-BLOCK:]), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        unique = sorted(set(members))
        for n, j in enumerate(unique):
            pairs.update((i, j) for i in unique[:n])
    return pairs


def _entity_classes_of(graph: Graph, root: URIRef) -> set[Node]:
    classes = _entity_classes(graph)
    found: set[Node] = {root}
    todo: list[Node] = [root]
    while todo:
        for child in graph.subjects(RDFS.subClassOf, todo.pop()):
            if child not in found and child in classes:
                found.add(child)
                todo.append(child)
    return found
