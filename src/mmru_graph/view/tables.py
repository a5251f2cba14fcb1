"""The page's shared tables: entities and events, evidence quotes, role names.

Every view of the page refers to the same numbered entities (name, aliases,
offices, dates, evidence), each evidence quote stored once however many
links cite it, and each role name ("attended by") stored once: that is what
keeps a 10,000-node page small. :class:`PageTables` collects them from the
attributes of the projection contract (``docs/architecture.md``) of any
networkx graph handed to the view, so every value is coerced, never trusted;
:mod:`mmru_graph.view.data` assembles the views around these tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import model
from ..dates import event_span
from ..errors import InvalidDateError
from ..namespaces import local_name

__all__ = ["KINDS", "PageTables", "as_text", "date_bounds"]

#: Kinds in the order the legend and the filters list them.
KINDS = (model.PERSON, model.ORGANIZATION, model.PLACE, model.EVENT, model.OTHER)


def date_bounds(start: str, end: str = "") -> tuple[str, str]:
    """First and last day (ISO) an event dated ``start``–``end`` may fall on.

    The page compares these strings to its date inputs, with the overlap rule
    of :func:`mmru_graph.dates.in_range`. An undated or malformed date gives
    ``("", "")``: the event is kept only while no range is set.

    Examples
    --------
    >>> date_bounds("2021-05")
    ('2021-05-01', '2021-05-31')
    >>> date_bounds("2021-09-01", "2021-09-07")
    ('2021-09-01', '2021-09-07')
    >>> date_bounds(""), date_bounds("sometime")
    (('', ''), ('', ''))
    """
    try:
        span = event_span(start.strip(), end.strip())
    except InvalidDateError:
        return "", ""
    if span is None:
        return "", ""
    return span[0].isoformat(), span[1].isoformat()


def as_text(value: Any) -> str:
    """A node or edge attribute as a string (``""`` for None)."""
    return "" if value is None else str(value)


def _texts(values: Any) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values]


#: Fields every entity has; the others are left out of the page when empty
#: (the page fills them in), which keeps 10,000-node pages small.
_ENTITY_REQUIRED = ("iri", "name", "kind")


class PageTables:
    """The page's shared tables: entities (and events), evidence quotes, role names.

    Entities are numbered in the order they are added; the views refer to
    them by that number. A quote cited by many links is stored once, and so
    is every role name ("attended by", "deputy defense minister").
    """

    def __init__(self, side_colours: Mapping[str, str] | None = None) -> None:
        #: Colour of each side the graph declares; an actor of any other side is ``other``.
        self.side_colours = dict(side_colours or {})
        self.sides = {*self.side_colours, model.OTHER}
        self.entities: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}
        self.evidence: list[dict[str, Any]] = []
        self.roles: list[str] = []
        self._role_index: dict[str, int] = {}
        self._evidence_index: dict[tuple[Any, ...], int] = {}
        # The projections share one evidence list between all the edges of a
        # statement: remember the answer per list object (kept alive here).
        self._evidence_memo: dict[int, tuple[Any, list[int]]] = {}
        self._related: list[dict[tuple[int, int], None]] = []

    def role(self, name: str) -> int:
        """Number of a role name, adding it on first sight."""
        if name not in self._role_index:
            self._role_index[name] = len(self.roles)
            self.roles.append(name)
        return self._role_index[name]

    def evidence_refs(self, items: Any) -> list[int]:
        """Numbers of the evidence dicts in ``items``, adding the new ones."""
        if not items:
            return []
        memo = self._evidence_memo.get(id(items))
        if memo is not None and memo[0] is items:
            return memo[1]
        refs: list[int] = []
        for item in items:
            if not isinstance(item, Mapping):
                continue
            record = {"quote": as_text(item.get("quote")), "start": item.get("start"),
                      "end": item.get("end"), "source": as_text(item.get("source")),
                      "title": as_text(item.get("source_title"))}
            # Who published the source and when (the evidence contract's
            # publisher and published), only where known: small pages.
            for fact in ("publisher", "published"):
                if item.get(fact):
                    record[fact] = as_text(item.get(fact))
            key = tuple(record.values())
            if key not in self._evidence_index:
                self._evidence_index[key] = len(self.evidence)
                self.evidence.append(record)
            ref = self._evidence_index[key]
            if ref not in refs:
                refs.append(ref)
        self._evidence_memo[id(items)] = (items, refs)
        return refs

    def add_node(self, node_id: Any, attrs: Mapping[str, Any]) -> int:
        """Number of the entity for a projection node, adding it on first sight."""
        key = str(node_id)
        if key in self.index:
            return self.index[key]
        kind = as_text(attrs.get("kind")) or model.OTHER
        if kind not in KINDS:
            kind = model.OTHER
        side = as_text(attrs.get("side"))
        if kind in model.ACTOR_KINDS and side not in self.sides:
            side = "other"
        start, end = as_text(attrs.get("start")), as_text(attrs.get("end"))
        lo, hi = date_bounds(start, end)
        label = as_text(attrs.get("date_label"))
        record = {
            "iri": as_text(attrs.get("iri")) or key,
            "name": as_text(attrs.get("name")) or local_name(key),
            "kind": kind, "cls": as_text(attrs.get("cls")), "side": side,
            "aliases": _texts(attrs.get("aliases")), "offices": _texts(attrs.get("offices")),
            "unnamed": bool(attrs.get("unnamed")),
            "date": label or (f"{start} – {end}" if end and end != start else start),
            "approximate": bool(attrs.get("approximate")), "lo": lo, "hi": hi,
            "place": as_text(attrs.get("place")),
            "evidence": self.evidence_refs(attrs.get("evidence")),
            # Whom the source attributes it to (names; the page links them
            # when it knows their IRIs, see view.provenance).
            "attributed": [[name, ""] for name in _texts(attrs.get("attributed_to"))],
        }
        self.index[key] = len(self.entities)
        self.entities.append(record)
        self._related.append({})
        return self.index[key]

    def add_event(self, item: Mapping[str, Any]) -> int:
        """Number of an event named in an actor-graph edge (a node of the full view or not)."""
        key = as_text(item.get("event_iri")) or f"event:{as_text(item.get('event'))}"
        ref = self.index.get(key)
        if ref is None:
            ref = self.add_node(key, {
                "iri": as_text(item.get("event_iri")), "name": as_text(item.get("event")) or key,
                "kind": model.EVENT, "date_label": item.get("date"),
                "start": item.get("start"), "end": item.get("end"),
                "place": item.get("place"), "evidence": item.get("evidence"),
                "attributed_to": item.get("attributed_to")})
        contact = as_text(item.get("contact"))
        if contact:
            self.entities[ref]["contact"] = contact
        return ref

    def relate(self, entity: int, other: int, role: str, *, unless_known: bool = False) -> None:
        """Record that ``entity`` is linked to ``other`` (shown on its card).

        With ``unless_known``, only if no link between the two is recorded yet
        (the actor view's generic "took part in" after the full view's roles).
        """
        if entity == other:
            return
        related = self._related[entity]
        if unless_known and any(ref == other for ref, _role in related):
            return
        related.setdefault((other, self.role(role)), None)

    def finish(self) -> None:
        """Sort each entity's related list (events first, by date) and drop empty fields."""
        entities = self.entities
        for number, related in enumerate(self._related):
            pairs = sorted(related, key=lambda p: (
                entities[p[0]]["kind"] != model.EVENT, entities[p[0]]["lo"] or "9999",
                entities[p[0]]["name"].casefold(), self.roles[p[1]]))
            entities[number]["related"] = [list(pair) for pair in pairs]
        for number, record in enumerate(entities):
            entities[number] = {k: v for k, v in record.items()
                                if v or k in _ENTITY_REQUIRED}
