"""Add many triples to one graph of rdflib's in-memory store at once: :func:`add_triples`.

rdflib's ``Memory.add`` costs about 15 µs a triple, most of it not the
indexing: an event object built and dispatched to no one, the context turned
into its key string, the default-context bookkeeping looked up again, for
every triple. For a file's triples, all into one graph, :func:`add_triples`
does that once and then fills the same three indexes and the same context
tables as ``Memory.add`` would, statement for statement (the test suite
compares the store's every table after both). It only does so for the store
whose layout it knows (rdflib 7's ``Memory``, with nothing subscribed to its
events); any other store gets ``addN``.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import BNode, Dataset, Graph, URIRef

__all__ = ["add_triples", "graph_triples", "plain_memory_of", "scan_triples", "union_triples"]

#: The prefix of rdflib's Memory store's private attributes (name mangling).
_M = "_Memory__"
#: Per store: how many graphs it had when last checked, and whether none was quoted.
_CHECKED: weakref.WeakKeyDictionary[Any, tuple[int, bool]] = weakref.WeakKeyDictionary()


def _is_plain_memory(store: Any, *, events: bool = True) -> bool:
    """Whether ``store`` is rdflib 7's ``Memory`` (and, with ``events``, nothing is
    subscribed to its events: adding may skip them)."""
    import rdflib
    from rdflib.plugins.stores.memory import Memory

    return (type(store) is Memory and rdflib.__version__.startswith("7.")
            and not (events and getattr(store.dispatcher, "_dispatch_map", None))
            and all(hasattr(store, _M + name) for name in (
                "spo", "pos", "osp", "tripleContexts", "contextTriples", "all_contexts",
                "defaultContexts", "ctx_to_str")))


def add_triples(graph: Graph, triples: Iterable[tuple[Any, Any, Any]]) -> None:
    """Add ``triples`` to ``graph`` (a graph of a context-aware store) as
    ``graph.store.add(triple, graph)`` would, one by one, but faster.

    Examples
    --------
    >>> from rdflib import Dataset, Literal, URIRef
    >>> data = Dataset()
    >>> part = data.graph(URIRef("http://e.org/g"))
    >>> a, b = URIRef("http://e.org/a"), URIRef("http://e.org/b")
    >>> add_triples(part, [(a, b, Literal(1)), (a, b, Literal(1)), (a, b, a)])
    >>> len(part), sorted(str(g) for _, _, _, g in data.quads((a, None, None, None)))
    (2, ['http://e.org/g', 'http://e.org/g'])
    """
    store = graph.store
    if not _is_plain_memory(store):
        store.addN((s, p, o, graph) for s, p, o in triples)
        return
    spo: dict[Any, Any] = getattr(store, _M + "spo")
    pos: dict[Any, Any] = getattr(store, _M + "pos")
    osp: dict[Any, Any] = getattr(store, _M + "osp")
    triple_contexts: dict[Any, Any] = getattr(store, _M + "tripleContexts")
    context_triples: dict[Any, Any] = getattr(store, _M + "contextTriples")
    getattr(store, _M + "all_contexts").add(graph)
    ctx = getattr(store, _M + "ctx_to_str")(graph)  # also records the graph object
    defaults = getattr(store, _M + "defaultContexts")
    every = context_triples[None]
    mine = context_triples.setdefault(ctx, set())
    objects: dict[Any, int] | None
    subjects: dict[Any, int] | None
    predicates: dict[Any, int] | None
    for triple in triples:
        s, p, o = triple
        by_predicate = spo.get(s)
        if by_predicate is None:
            by_predicate = spo[s] = {}
        objects = by_predicate.get(p)
        if objects is None:
            objects = {}
            by_predicate[p] = objects
        exists = o in objects
        if exists:
            contexts = triple_contexts.get(triple)
            if contexts is None:  # it was in the default contexts: start from a copy
                contexts = triple_contexts[triple] = defaults.copy()
            contexts[ctx] = False
            contexts[None] = False
        else:
            objects[o] = 1
            contexts = triple_contexts[triple] = {ctx: False, None: False}
        every.add(triple)
        mine.add(triple)
        if defaults is None:  # the store's first triple sets the default contexts
            defaults = contexts
            setattr(store, _M + "defaultContexts", defaults)
        if contexts == defaults:
            del triple_contexts[triple]
        if exists:
            continue
        by_object = pos.get(p)
        if by_object is None:
            by_object = pos[p] = {}
        subjects = by_object.get(o)
        if subjects is None:
            subjects = {}
            by_object[o] = subjects
        subjects[s] = 1
        by_subject = osp.get(o)
        if by_subject is None:
            by_subject = osp[o] = {}
        predicates = by_subject.get(s)
        if predicates is None:
            predicates = {}
            by_subject[s] = predicates
        predicates[p] = 1


def plain_memory_of(graph: Graph) -> Any:
    """``graph``'s store if it is rdflib's plain ``Memory`` holding no quoted (N3
    formula) statements, so its union can be read without context checks; else None.

    The check of the graphs is redone only when their number changes.
    """
    store = graph.store
    contexts = getattr(store, _M + "all_contexts", None)
    if contexts is None:
        return None
    known = _CHECKED.get(store)
    if known is None or known[0] != len(contexts):
        from rdflib.graph import QuotedGraph

        plain = _is_plain_memory(store, events=False) and \
            not any(isinstance(c, QuotedGraph) for c in contexts)
        known = _CHECKED[store] = (len(contexts), plain)
    return store if known[1] else None


def union_triples(store: Any, pattern: tuple[Any, Any, Any]) -> Iterator[tuple[Any, Any, Any]]:
    """The union's triples matching ``pattern`` in a :func:`plain_memory_of` store, in
    the order ``Memory.triples(pattern, context=None)`` gives them.

    That method also works out, for every triple, the graphs it is in (a list
    built and dropped); the union needs none of it: every statement of a
    store without quoted ones is in the union. About a third of the time of
    a scan.

    Examples
    --------
    >>> from rdflib import Dataset, URIRef
    >>> data = Dataset()
    >>> a, b = URIRef("http://e.org/a"), URIRef("http://e.org/b")
    >>> _ = data.graph(URIRef("http://e.org/g")).add((a, b, a))
    >>> store = plain_memory_of(data)
    >>> list(union_triples(store, (None, b, None))) == [(a, b, a)]
    True
    """
    subject, predicate, object_ = pattern
    if subject is None and predicate is None and object_ is None:
        yield from getattr(store, _M + "contextTriples")[None].copy()
    elif subject is not None:
        by_predicate = getattr(store, _M + "spo").get(subject)
        if by_predicate is None:
            return
        if predicate is not None:
            objects = by_predicate.get(predicate)
            if objects is None:
                return
            if object_ is not None:
                if object_ in objects:
                    yield subject, predicate, object_
            else:
                for found in list(objects):
                    yield subject, predicate, found
        else:
            for found_predicate in list(by_predicate):
                objects = by_predicate[found_predicate]
                if object_ is not None:
                    if object_ in objects:
                        yield subject, found_predicate, object_
                else:
                    for found in list(objects):
                        yield subject, found_predicate, found
    elif predicate is not None:
        by_object = getattr(store, _M + "pos").get(predicate)
        if by_object is None:
            return
        if object_ is not None:
            subjects = by_object.get(object_)
            if subjects is not None:
                for found in list(subjects):
                    yield found, predicate, object_
        else:
            for found_object in list(by_object):
                for found in list(by_object[found_object]):
                    yield found, predicate, found_object
    else:
        by_subject = getattr(store, _M + "osp").get(object_)
        if by_subject is None:
            return
        for found in list(by_subject):
            for found_predicate in list(by_subject[found]):
                yield found, found_predicate, object_


def scan_triples(graph: Graph) -> Iterable[tuple[Any, Any, Any]]:
    """``graph``'s triples, in no particular order, for a scan that neither adds nor
    removes while it runs: for a :class:`~mmru_graph.store.loading.SourcedGraph`
    (whose triples are the union of its graphs) on a :func:`plain_memory_of` store,
    the store's own set of them (no copy, no generator per triple); else
    ``graph.triples((None, None, None))``.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> from mmru_graph.store.loading import SourcedGraph
    >>> data = SourcedGraph()
    >>> a = URIRef("http://e.org/a")
    >>> _ = data.graph(URIRef("http://e.org/g")).add((a, a, a))
    >>> _ = data.default_graph.add((a, a, URIRef("http://e.org/b")))
    >>> sorted(o for _s, _p, o in scan_triples(data))
    [rdflib.term.URIRef('http://e.org/a'), rdflib.term.URIRef('http://e.org/b')]
    >>> [o for _s, _p, o in scan_triples(data.default_graph)]  # one graph: its own
    [rdflib.term.URIRef('http://e.org/b')]
    """
    from .loading import SourcedGraph

    store = plain_memory_of(graph)
    if store is None or not isinstance(graph, SourcedGraph):
        return graph.triples((None, None, None))
    found: set[tuple[Any, Any, Any]] = getattr(store, _M + "contextTriples")[None]
    return found


def graph_triples(graph: Graph) -> Iterable[tuple[Any, Any, Any]]:
    """Every triple of ``graph`` (one graph of a store, or a plain graph), in the order
    ``graph.triples((None, None, None))`` gives them.

    From a :func:`plain_memory_of` store, the graph's own set of triples is
    copied at once instead of working out, for each triple, every graph it is
    in: what validation and the writers do for each source's graph.

    Examples
    --------
    >>> from rdflib import Dataset, URIRef
    >>> data = Dataset()
    >>> a = URIRef("http://e.org/a")
    >>> _ = data.graph(URIRef("http://e.org/g")).add((a, a, a))
    >>> list(graph_triples(data.graph(URIRef("http://e.org/g")))) == [(a, a, a)]
    True
    >>> list(graph_triples(data.default_graph))
    []
    """
    store = plain_memory_of(graph)
    if store is None and not isinstance(graph, Dataset) and \
            hasattr(graph.store, "union_triples"):  # the compact store (store.compact)
        return list(graph.store.union_triples((None, None, None), graph))
    if store is None or not isinstance(graph.identifier, (URIRef, BNode)) or \
            isinstance(graph, Dataset):
        return graph.triples((None, None, None))
    key = getattr(store, _M + "ctx_to_str")(graph)
    found: set[tuple[Any, Any, Any]] = getattr(store, _M + "contextTriples").get(key, set())
    return found.copy()  # as rdflib iterates: its copy's order
