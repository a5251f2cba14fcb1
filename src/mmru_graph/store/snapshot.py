"""The triples the commands read, precomputed by ``build`` next to the Oxigraph store.

Every query command reads the same few bulk concerns of the graph
(:data:`mmru_graph.store.backends.CONCERNS`). Walking them out of Oxigraph
one quad at a time costs a Python object per term per triple; ``build``
therefore also writes ``store/triples.marshal``: each distinct term once,
then each concern's triples as integer rows. The Oxigraph backend answers
its bulk reads from it (user SPARQL still runs in Oxigraph). It is written
into the same staging folder as the store and renamed with it, so the two
always describe the same build.

:mod:`marshal` holds plain strings and integers (never pickle: loading it
runs no code).
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from .backends import CONCERNS, REST, Triple, concern_of
from .chunks import dump_chunks, load_chunks
from .terms import LITERAL, decode, encode

__all__ = ["LINKS", "SNAPSHOT", "Links", "Snapshot", "named_rows", "numbered_triples",
           "write_links", "write_links_rows", "write_snapshot", "write_snapshot_rows"]

SNAPSHOT = "triples.marshal"
_KNOWN = {p for predicates in CONCERNS.values() for p in predicates}
#: Bumped when the layout changes; an unknown layout is ignored (Oxigraph answers).
#: 2: each concern's rows as int32 bytes. 3: the term table in chunks after them.
FORMAT = 3
#: Terms per chunk of the term table.
_TERMS_PER_CHUNK = 65536
#: The same for the links file; 2 added the quads of the sources' named graphs (``named``).
LINKS_FORMAT = 2



def numbered_triples(graph: Graph) -> tuple[list[Node], Any]:
    """Every distinct term of ``graph``'s triples and the triples as an ``(n, 3)``
    array of indexes into it (what :func:`write_snapshot_rows` and
    :func:`write_links_rows` take; ``build`` has them already, sorted)."""
    import numpy as np

    terms: dict[Node, int] = {}
    nodes: list[Node] = []

    def number(term: Node) -> int:
        found = terms.get(term)
        if found is None:
            found = terms[term] = len(nodes)
            nodes.append(term)
        return found

    flat = [number(term) for triple in graph for term in triple]
    return nodes, np.asarray(flat, dtype=np.int64).reshape(-1, 3)


def write_snapshot(graph: Graph, path: Path) -> None:
    """Write every triple of ``graph``, grouped by concern, to ``path``."""
    write_snapshot_rows(*numbered_triples(graph), path)


def write_snapshot_rows(nodes: Sequence[Node], triples: Any, path: Path) -> None:
    """Write the triples (an ``(n, 3)`` integer array of indexes into ``nodes``),
    grouped by concern, to ``path``: the term table is ``nodes`` encoded."""
    import numpy as np

    by_concern: dict[str, list[int]] = {}
    for predicate in np.unique(triples[:, 1]).tolist():
        by_concern.setdefault(concern_of(nodes[predicate]), []).append(predicate)
    # Each concern's rows as the bytes of native int32s (array("i")), not a list of
    # Python ints: that list was 0.4 GB above the 2M build's base, its peak then.
    rows: dict[str, bytes] = {name: b"" for name in [*CONCERNS, REST]}
    for name, predicates in by_concern.items():
        rows[name] = triples[np.isin(triples[:, 1], predicates)].astype(np.intc).tobytes()
    # The term table a chunk at a time, never whole: encoded and marshalled in one
    # piece it was 0.7 GB above the 10M build's base. The chunks' offsets go last,
    # with where they start in the file's last 8 bytes.
    with open(path, "wb") as out:
        offsets = [out.write(marshal.dumps((FORMAT, rows, len(nodes))))]
        del rows
        dump_chunks(out, map(encode, nodes), _TERMS_PER_CHUNK, offsets)
        out.write(marshal.dumps(offsets))
        out.write(offsets[-1].to_bytes(8, "little"))


class Snapshot:
    """The concerns' triples from a snapshot file, terms decoded on first use."""

    def __init__(self, path: Path) -> None:
        data = memoryview(path.read_bytes())
        version, rows, count = marshal.loads(data)  # an older layout: its own first value
        if version != FORMAT:
            raise ValueError(f"{path}: snapshot format {version}, expected {FORMAT}")
        offsets = marshal.loads(data[int.from_bytes(data[-8:], "little"):-8])
        self._table: list[tuple[Any, ...]] = load_chunks(data, offsets)
        if len(self._table) != count:
            raise ValueError(f"{path}: {len(self._table)} terms, expected {count}")
        del data
        self._rows: dict[str, array[int]] = {}
        for name, raw in rows.items():
            self._rows[name] = array("i")
            self._rows[name].frombytes(raw)
        # Terms are decoded when a triple that holds them is asked for, once:
        # a command that reads a few concerns pays for those, not the graph.
        self._terms: list[Node | None] = [None] * len(self._table)

    def _term(self, number: int) -> Node:
        term = self._terms[number]
        if term is None:
            term = self._terms[number] = decode(*self._table[number])
        return term

    def triples(self, predicates: Sequence[URIRef] | None,
                exclude: Sequence[URIRef] = ()) -> Iterable[Triple]:
        """As :meth:`mmru_graph.store.backends.Backend.triples`."""
        if predicates is None:
            skip = set(exclude)
            # "Every predicate but the known ones" is exactly the rest.
            names = [REST] if skip >= _KNOWN else [*CONCERNS, REST]
            wanted = None
        else:
            skip = set()
            names = sorted({concern_of(p) for p in predicates})
            wanted = set(predicates)
        term = self._term
        found: list[Triple] = []
        for name in names:
            flat = self._rows.get(name, array("i"))
            # Predicates first (a few distinct ones): subjects and objects are
            # decoded only for the triples kept.
            kept = {number for number in set(flat[1::3])
                    if (wanted is None or term(number) in wanted) and term(number) not in skip}
            found.extend((term(s), term(p), term(o))
                         for s, p, o in zip(flat[0::3], flat[1::3], flat[2::3], strict=True)
                         if p in kept)
        return found


# --------------------------------------------------------------------------
# Links: every triple by subject, object and predicate (for neighbourhoods)
# --------------------------------------------------------------------------
LINKS = "links.sqlite"
#: Parameters per ``IN (...)`` (SQLite's default limit is far above it).
_BATCH = 500
#: Past this many subjects, the named quads of some predicates are read in one pass
#: over all of them rather than by subject (at 2M triples a pass takes about 0.3 s).
_SCAN_SUBJECTS = 20_000


def _key(term: Node) -> str | None:
    """The lookup key of an IRI or blank node (None for a literal)."""
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return "_:" + str(term)
    return None


def write_links(graph: Graph, path: Path) -> None:
    """Write every triple of ``graph`` into an SQLite file indexed by subject, object and
    predicate, so that a neighbourhood (:mod:`mmru_graph.store.focus`) is read with a
    few indexed lookups, never by loading the whole graph, nor with the store's
    per-term string lookups (50 us a quad); and, for a dataset, which named graph
    (source) states each triple."""
    nodes, triples = numbered_triples(graph)
    named, nodes = named_rows(graph, nodes)
    write_links_rows(nodes, triples, path, named)


def named_rows(graph: Graph, nodes: Sequence[Node]) -> tuple[Any, list[Node]]:
    """The quads of ``graph``'s named graphs as an ``(n, 4)`` array of indexes
    (subject, predicate, object, graph name) into ``nodes``, extended with any graph
    name it lacks, and those nodes; no rows for a plain graph."""
    import numpy as np
    from rdflib import Dataset

    nodes = list(nodes)
    number = {term: index for index, term in enumerate(nodes)}
    flat: list[int] = []
    if isinstance(graph, Dataset):
        default = graph.default_graph.identifier
        for s, p, o, context in graph.quads((None, None, None, None)):
            name = getattr(context, "identifier", context)
            if name is None or name == default or not isinstance(name, URIRef):
                continue
            if name not in number:
                number[name] = len(nodes)
                nodes.append(name)
            flat += (number[s], number[p], number[o], number[name])
    return np.asarray(flat, dtype=np.int64).reshape(-1, 4), nodes


def write_links_rows(nodes: Sequence[Node], triples: Any, path: Path,
                     named: Any = None) -> None:
    """:func:`write_links` of triples given as an ``(n, 3)`` integer array of indexes
    into ``nodes``; ``named``, the quads of the named graphs as ``(n, 4)`` rows
    (graph ``-1``, the default graph, is left out)."""
    import sqlite3

    def row(number: int, term: Node) -> tuple[int, int, str, str | None, str | None,
                                              str | None]:
        encoded = encode(term)
        datatype, language = (encoded[2], encoded[3]) if encoded[0] == LITERAL else (None, None)
        return (number, encoded[0], encoded[1], datatype, language, _key(term))

    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE terms (id INTEGER PRIMARY KEY, kind INTEGER, value TEXT, "
                   "datatype TEXT, language TEXT, key TEXT)")
        db.execute("CREATE TABLE triples (s INTEGER, p INTEGER, o INTEGER)")
        db.executemany("INSERT INTO terms VALUES (?, ?, ?, ?, ?, ?)",
                       (row(number, term) for number, term in enumerate(nodes)))
        for start in range(0, len(triples), 1 << 16):
            db.executemany("INSERT INTO triples VALUES (?, ?, ?)",
                           triples[start:start + (1 << 16)].tolist())
        db.execute("CREATE INDEX terms_key ON terms (key)")
        # Which source states what: a link's sources are those whose named
        # graph has a statement from the event to both actors.
        db.execute("CREATE TABLE named (s INTEGER, p INTEGER, o INTEGER, g INTEGER)")
        if named is not None:
            # Filtered a part at a time: the whole filtered copy of the quads was
            # 0.3 GB at 10M triples, at the build's peak.
            for start in range(0, len(named), 1 << 16):
                part = named[start:start + (1 << 16)]
                db.executemany("INSERT INTO named VALUES (?, ?, ?, ?)",
                               part[part[:, 3] >= 0].tolist())
        db.execute("CREATE INDEX named_s ON named (s)")
        # Covering indexes: a neighbourhood's lookups by subject or object read the
        # index alone, not a row of the table scattered elsewhere in the file per
        # triple (a typical actor's neighbourhood at 2M: 0.10 -> 0.075 s; the file
        # 11% larger).
        db.execute("CREATE INDEX triples_s ON triples (s, p, o)")
        db.execute("CREATE INDEX triples_o ON triples (o, p, s)")
        # The quotes of given nodes (oa:hasBody to them): by predicate alone it
        # is a scan of every quote, by object alone of everything typed with a
        # class or placed in a city the nodes include. (Also every triple of a
        # predicate: the model's.)
        db.execute("CREATE INDEX triples_po ON triples (p, o, s)")
        db.execute(f"PRAGMA user_version = {int(LINKS_FORMAT)}")
    db.close()


class Links:
    """Every triple by subject, object and predicate, from a links file; answers
    :class:`mmru_graph.store.focus.NodeLookup`'s questions, terms decoded once each."""

    def __init__(self, path: Path) -> None:
        import sqlite3

        if not path.is_file():
            raise OSError(f"{path}: no links file")
        try:
            self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise ValueError(f"{path}: {exc}") from None
        if version != LINKS_FORMAT:
            raise ValueError(f"{path}: links format {version}, expected {LINKS_FORMAT}")
        self._decoded: dict[int, Node] = {}
        self._ids: dict[str, int | None] = {}
        self._named: dict[int, list[tuple[Node, Node, Node]]] = {}

    def _select(self, sql: str, values: Sequence[Any]) -> list[Any]:
        """``sql`` with ``IN ({})`` over ``values``, in batches."""
        found: list[Any] = []
        for start in range(0, len(values), _BATCH):
            batch = values[start:start + _BATCH]
            found += self._db.execute(sql.format(",".join("?" * len(batch))), batch).fetchall()
        return found

    def _numbers(self, nodes: Iterable[Node]) -> list[int]:
        keys = [k for k in {_key(n) for n in nodes} if k is not None]
        missing = [k for k in keys if k not in self._ids]
        for key in missing:
            self._ids[key] = None
        for number, key in self._select("SELECT id, key FROM terms WHERE key IN ({})", missing):
            self._ids[key] = number
        return [n for n in (self._ids[k] for k in keys) if n is not None]

    def _rows(self, rows: list[tuple[int, int, int]]) -> list[Triple]:
        decoded = self._decoded
        # Membership per number, never ``set - decoded.keys()``: that walks every
        # key decoded so far, on every call (quadratic: minutes for the marks of
        # the busiest actor's 56,589 contacts at 2M triples).
        wanted = sorted({n for row in rows for n in row if n not in decoded})
        for number, kind, value, datatype, language in self._select(
                "SELECT id, kind, value, datatype, language FROM terms WHERE id IN ({})", wanted):
            decoded[number] = decode(kind, value, datatype, language)
        return [(decoded[s], decoded[p], decoded[o]) for s, p, o in rows]

    def about(self, nodes: Iterable[Node], incoming: bool = False,
              predicate: URIRef | None = None) -> list[Triple]:
        """Every triple from (``incoming``: to) one of ``nodes``, of ``predicate`` if given."""
        return self._rows(self._about_rows(nodes, incoming, predicate))

    def _about_rows(self, nodes: Iterable[Node], incoming: bool,
                    predicate: URIRef | None) -> list[tuple[int, int, int]]:
        numbers = self._numbers(nodes)
        column = "o" if incoming else "s"
        if predicate is None:
            return self._select(f"SELECT s, p, o FROM triples WHERE {column} IN ({{}})", numbers)
        link = self._numbers([predicate])
        if not link:
            return []
        return self._select(f"SELECT s, p, o FROM triples WHERE p = {int(link[0])} "
                            f"AND {column} IN ({{}})", numbers)

    def with_predicates(self, predicates: Sequence[URIRef]) -> list[Triple]:
        """Every triple of these predicates."""
        numbers = self._numbers(predicates)
        return self._rows(self._select("SELECT s, p, o FROM triples WHERE p IN ({})", numbers))

    def stated_about(self, nodes: Iterable[Node], incoming: bool = False,
                     predicate: URIRef | None = None) -> list[tuple[Node, Node, Node, list[Node]]]:
        """:meth:`about`, each triple with the named graphs stating it (none: the default
        graph alone states it; some: the default graph may too, this file cannot say)."""
        rows = self._about_rows(nodes, incoming, predicate)
        return self._stated(rows, self._select("SELECT s, p, o, g FROM named WHERE s IN ({})",
                                               sorted({row[0] for row in rows})))

    def stated_with(self, predicates: Sequence[URIRef]
                    ) -> list[tuple[Node, Node, Node, list[Node]]]:
        """:meth:`with_predicates`, each triple with the named graphs stating it (as
        :meth:`stated_about`): read by subject for a few subjects, in one pass over the
        named quads for many."""
        numbers = self._numbers(predicates)
        rows = self._select("SELECT s, p, o FROM triples WHERE p IN ({})", numbers)
        subjects = sorted({row[0] for row in rows})
        if len(subjects) > _SCAN_SUBJECTS:  # every event's date: one pass over the quads
            named = self._select("SELECT s, p, o, g FROM named WHERE p IN ({})", numbers)
        else:  # the model's few: by subject (the named quads are indexed by subject alone)
            wanted = set(numbers)
            named = [row for row in self._select("SELECT s, p, o, g FROM named WHERE s IN ({})",
                                                 subjects) if row[1] in wanted]
        return self._stated(rows, named)

    def _stated(self, rows: list[tuple[int, int, int]], named: list[tuple[int, int, int, int]]
                ) -> list[tuple[Node, Node, Node, list[Node]]]:
        graphs: dict[tuple[int, int, int], list[int]] = {}
        for s, p, o, g in named:
            graphs.setdefault((s, p, o), []).append(g)
        self._rows([(g, g, g) for g in {g for _s, _p, _o, g in named}])
        decoded = self._decoded
        return [(*triple, [decoded[g] for g in graphs.get(row, ())])
                for triple, row in zip(self._rows(rows), rows, strict=True)]

    def iris_starting(self, prefix: str) -> list[URIRef]:
        """Every IRI of the graph (in any position) that starts with ``prefix``, sorted.

        A range of the indexed keys: a few rows read, never every term (as asking
        the store for every predicate would).

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from mmru_graph.namespaces import ID, MMRU, SCHEMA
        >>> from mmru_graph.store.loading import new_graph
        >>> g = new_graph()
        >>> for flag in ("inferred", "inferredProperty", "inferrer", "inferredé"):
        ...     _ = g.add((ID.coup, MMRU[flag], SCHEMA.location))
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "links.sqlite"
        >>> write_links(g, path)
        >>> [iri.removeprefix(str(MMRU)) for iri in Links(path).iris_starting(str(MMRU.inferred))]
        ['inferred', 'inferredProperty', 'inferredé']
        """
        if not prefix:
            raise ValueError("an empty prefix would list every term")
        # Code-point order is UTF-8 byte order, SQLite's for TEXT: every key
        # starting with the prefix sorts below the prefix with its last
        # character incremented.
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = self._db.execute("SELECT key FROM terms WHERE key >= ? AND key < ?",
                                (prefix, upper)).fetchall()
        return sorted({URIRef(key) for (key,) in rows if not key.startswith("_:")})

    def graphs_holding(self, subject: Node, predicate: Node | None, obj: Node | None
                       ) -> list[Node]:
        """The named graphs (sources) stating a triple ``subject predicate obj`` (None:
        any), read by subject: an event's few statements, matched here."""
        numbers = self._numbers([subject])
        if not numbers:
            return []
        # An event is asked about once per counterpart: its rows are read once.
        stated = self._named.get(numbers[0])
        if stated is None:
            rows = self._db.execute("SELECT s, p, o, g FROM named WHERE s = ?",
                                    (numbers[0],)).fetchall()
            stated = self._named[numbers[0]] = [
                (p, o, self._term(row[3]))
                for (_s, p, o), row in zip(self._rows([r[:3] for r in rows]), rows, strict=True)]
        found: dict[Node, None] = {}
        for p, o, g in stated:
            if (predicate is None or p == predicate) and (obj is None or o == obj):
                found[g] = None
        return list(found)

    def _term(self, number: int) -> Node:
        if number not in self._decoded:
            self._rows([(number, number, number)])
        return self._decoded[number]

    def has_named_graphs(self) -> bool:
        """Whether any named graph holds a statement."""
        return self._db.execute("SELECT 1 FROM named LIMIT 1").fetchone() is not None

    def graph_sizes(self) -> dict[Node, int]:
        """How many statements each named graph (source) holds."""
        rows = self._db.execute("SELECT g, COUNT(*) FROM named GROUP BY g").fetchall()
        return {self._term(g): n for g, n in rows}

    def named_quads(self) -> list[tuple[Node, Node, Node, Node]]:
        """Every quad of the named graphs."""
        rows = self._db.execute("SELECT s, p, o, g FROM named").fetchall()
        return [(s, p, o, self._term(row[3]))
                for (s, p, o), row in zip(self._rows([r[:3] for r in rows]), rows, strict=True)]
