"""From a name an analyst types to the entity it means.

Every command that takes an actor accepts its ``schema:name`` or any
``schema:alternateName``, in any case, with or without accents and with
straight or curly apostrophes, or a unique part of one ("Kasatonov",
"coup leader"). Matching goes through tiers, the first tier with a match
wins:

1. the whole name or alias;
2. the same without a leading "the" ("coup leader" for "the coup leader");
3. a run of whole words inside a name or alias of an entity (not an event);
4. every word, in any order, in one name or alias of an entity
   ("Vice Admiral Kasatonov");
5. a run of whole words, or every word, inside an event's name;
6. any part of a word ("Kasaton") in an entity's names, then in an event's.

Several entities in the winning tier make the input ambiguous
(:class:`~mmru_graph.errors.NameResolutionError` listing them, exit 2); no
match at all gives the closest names instead.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection
from dataclasses import dataclass

from rdflib import Graph

from .. import model
from ..errors import NameResolutionError
from ..folding import normalize
from ..projection.nodes import NodeTable, node_table

__all__ = ["Candidate", "as_iri", "find_candidates", "label_tiers", "normalize",
           "resolve_name"]

_PREFIXES = ("https://w3id.org/mmru-graph/id/", "id:")

#: Kinds an actor argument accepts (``met``, ``path``).
ACTORS = model.ACTOR_KINDS


def as_iri(text: str) -> str | None:
    """The node IRI ``text`` names (a full IRI or ``id:slug``), or None for a name.

    >>> as_iri("id:ana"), as_iri("Ana Rojas")
    ('https://w3id.org/mmru-graph/id/ana', None)
    """
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            return _PREFIXES[0] + text[len(prefix):]
    return None


def _without_article(text: str) -> str:
    return text[4:] if text.startswith("the ") else text


@dataclass(frozen=True)
class Candidate:
    """An entity a typed name may mean, with the name or alias that matched."""

    iri: str
    name: str
    kind: str
    matched: str

    def describe(self) -> str:
        """``Name (kind)``, with the alias that matched when it is not the name."""
        via = f", as “{self.matched}”" if self.matched != self.name else ""
        return f"{self.name} ({self.kind}{via})"


def _labels(table: NodeTable, kinds: Collection[str] | None) -> list[tuple[str, str, str]]:
    """``(iri, label, normalised label)`` for every name and alias of the allowed kinds."""
    labels = []
    for iri, name, aliases, folded in table.labels(kinds):
        # "folded": the same labels normalised beforehand (the build's labels file)
        for number, label in enumerate((name, *aliases)):
            labels.append((iri, label, folded[number] if folded else normalize(label)))
    return labels


def label_tiers(query: str) -> Callable[[str, bool], int | None]:
    """The tier in which a label (normalised) matches the typed name ``query``
    (normalised), 0 the best, or None, as a function of the label and whether it is an
    event's (an event matches by a part of its label a tier lower than an entity).

    A label matches no name it would not match with words added to it: a node with
    fewer labels (some sources left out) matches no name it did not before.

    >>> tier = label_tiers("kasatonov")
    >>> tier("vice admiral kasatonov", False), tier("vice admiral kasatonov", True)
    (2, 4)
    >>> label_tiers("ana")("the ana", False), tier("petrov", False) is None
    (1, True)
    """
    bare = _without_article(query)
    padded = f" {query} "
    words = set(query.split())

    def tier(folded: str, event: bool) -> int | None:
        if folded == query:
            return 0
        if _without_article(folded) == bare:
            return 1
        if padded in f" {folded} ":
            return 4 if event else 2
        if words <= set(folded.split()):
            return 4 if event else 3
        if query in folded:
            return 6 if event else 5
        return None

    return tier


def _tiers(query: str, labels: list[tuple[str, str, str]],
           table: NodeTable) -> list[dict[str, str]]:
    """For each tier, the matching entities (iri → the label that matched)."""
    tiers: list[dict[str, str]] = [{} for _ in range(7)]
    tier_of = label_tiers(query)
    for iri, label, folded in labels:
        tier = tier_of(folded, table.kind(iri) == model.EVENT)
        if tier is None:
            continue
        # Within a tier, prefer the entity's own name over an alias.
        if iri not in tiers[tier] or label == table.name(iri):
            tiers[tier][iri] = label
    return tiers


def find_candidates(graph: Graph, text: str, *, kinds: Collection[str] | None = None,
                    table: NodeTable | None = None) -> list[Candidate]:
    """The entities ``text`` may mean, best matches only.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph.
    text : str
        A name, an alias, a unique part of one, or an IRI (``id:russia``).
    kinds : collection of str, optional
        Only entities of these kinds (``{"person", "organization"}`` for actors).
    table : NodeTable, optional
        A :func:`~mmru_graph.node_table.node_table` already computed.

    Returns
    -------
    list of Candidate
        The matches of the best tier (see the module's description), sorted
        by name; empty if nothing matches.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" ; mmru:side id:chile .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" ; mmru:side id:peru ;
    ...     schema:alternateName "the minister" .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" .
    ... id:luis-mamani a schema:Person ; schema:name "Luis Mamani" .
    ... ''')
    >>> [c.name for c in find_candidates(g, "Luis")]
    ['Luis Mamani', 'Luis Quispe']
    >>> [c.name for c in find_candidates(g, "minister")]
    ['Luis Quispe']
    """
    table = table if table is not None else node_table(graph)
    stripped = text.strip()
    iri = as_iri(stripped)
    if iri is not None:
        kind = table.kind(iri)
        if kind and (kinds is None or kind in kinds):
            return [Candidate(iri, table.name(iri), kind, stripped)]
        return []
    query = normalize(stripped)
    if not query:
        return []
    labels = _labels(table, kinds)
    # An exact name or alias is the best tier: found in one cheap pass, it
    # spares the substring tiers a scan of every label (a big graph's events).
    exact = [item for item in labels if item[2] == query]
    for tier in _tiers(query, exact, table) if exact else _tiers(query, labels, table):
        if tier:
            found = [Candidate(iri, table.name(iri), table.kind(iri), label)
                     for iri, label in tier.items()]
            return sorted(found, key=lambda c: (c.name.casefold(), c.iri))
    return []


def _closest(query: str, labels: list[tuple[str, str, str]], table: NodeTable,
             limit: int = 5) -> list[str]:
    """The names of the entities whose names, aliases or words are closest to ``query``."""
    by_folded: dict[str, str] = {}
    by_word: dict[str, str] = {}
    # Entities before events, so a word suggests the entity it names; then by
    # IRI, so every store (whatever order its table is in) suggests the same.
    ordered = sorted(labels, key=lambda item: (table.kind(item[0]) == model.EVENT,
                                               item[0]))
    for iri, _label, folded in ordered:
        by_folded.setdefault(folded, iri)
        for word in folded.split():
            if len(word) > 3:
                by_word.setdefault(word, iri)
    close = [by_folded[f] for f in
             difflib.get_close_matches(query, list(by_folded), n=limit, cutoff=0.6)]
    close += [by_word[w] for w in
              difflib.get_close_matches(query, list(by_word), n=limit, cutoff=0.75)]
    names: list[str] = []
    for iri in close:
        name = table.name(iri)
        if name not in names:
            names.append(name)
    return names[:limit]


def resolve_name(graph: Graph, text: str, *, kinds: Collection[str] | None = None,
                 table: NodeTable | None = None) -> str:
    """The IRI of the one entity ``text`` names.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph.
    text : str
        A name, an alias, a unique part of one, or an IRI.
    kinds : collection of str, optional
        Only entities of these kinds (``{"person", "organization"}`` for actors).
    table : NodeTable, optional
        A :func:`~mmru_graph.node_table.node_table` already computed.

    Returns
    -------
    str
        The entity's IRI, as a plain string (the node id of the networkx
        projections; wrap it in :class:`rdflib.URIRef` for triple lookups).

    Raises
    ------
    NameResolutionError
        If nothing matches (the message suggests the closest names) or
        several entities match equally well (the message lists them).

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" ; mmru:side id:chile .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" ; mmru:side id:peru ;
    ...     schema:alternateName "the minister" .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" .
    ... id:luis-mamani a schema:Person ; schema:name "Luis Mamani" .
    ... ''')
    >>> resolve_name(g, "quispe")
    'https://w3id.org/mmru-graph/id/luis'
    >>> resolve_name(g, "THE MINISTER")
    'https://w3id.org/mmru-graph/id/luis'
    >>> resolve_name(g, "Luis")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.errors.NameResolutionError: 'Luis' is ambiguous: Luis Mamani (person); ...
    """
    table = table if table is not None else node_table(graph)
    found = find_candidates(graph, text, kinds=kinds, table=table)
    if len(found) == 1:
        return found[0].iri
    what = "entity" if kinds is None else " or ".join(sorted(kinds))
    if found:
        raise NameResolutionError(
            f"{text!r} is ambiguous: {'; '.join(c.describe() for c in found)}",
            text, [c.iri for c in found])
    close = _closest(normalize(text), _labels(table, kinds), table)
    hint = f"; did you mean: {'; '.join(close)}?" if close else ""
    raise NameResolutionError(f"no {what} named {text!r}{hint}", text, [])
