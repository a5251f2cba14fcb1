"""JSON-LD of the union of the graphs, written node by node with an inline context.

pyoxigraph 0.5 writes JSON-LD only in expanded form (no context, every IRI in
full), and rdflib's JSON-LD serialiser holds the whole document as Python
objects. :func:`write_jsonld` streams instead: one node object per subject,
IRIs compacted with the project's prefixes (the ``@context``, inline, never a
remote one), nodes in the order of their ``@id`` text, each node's keys
sorted, values in N-Triples order. Literals keep their exact lexical form
(``{"@value": "01", "@type": "xsd:integer"}``, never a JSON number).
"""

from __future__ import annotations

import json
from typing import IO, Any

from ..namespaces import PREFIXES
from ..sources.quads import SortedQuads

__all__ = ["compact_iri", "write_jsonld"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_DUMPS = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
#: Literals up to this long have their JSON text kept for the next triple that uses them.
_SHORT = 64
_NAMESPACES = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()),
                     key=lambda item: -len(item[0]))


def compact_iri(iri: str) -> str:
    """The IRI with the longest matching project prefix, else as it is.

    Examples
    --------
    >>> compact_iri("https://schema.org/name"), compact_iri("https://example.org/x")
    ('schema:name', 'https://example.org/x')
    """
    if _BY_HEAD is not None:
        # Every namespace ends in "/" or "#", so which one matches (and whether
        # "//" follows it) is decided by the IRI up to its last "/" or "#": one
        # lookup for the many IRIs of one folder.
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        head = iri[:cut]
        found = _BY_HEAD.get(head)
        if found is None:
            if len(_BY_HEAD) > 100_000:  # bounded: IRIs from many folders
                _BY_HEAD.clear()
            found = _BY_HEAD[head] = _match(head)
        return iri if not found[0] else f"{found[1]}:{iri[len(found[0]):]}"
    found = _match(iri)
    return iri if not found[0] else f"{found[1]}:{iri[len(found[0]):]}"


def _match(iri: str) -> tuple[str, str]:
    """The longest project namespace ``iri`` starts with and its prefix (``("", "")``: none)."""
    for namespace, prefix in _NAMESPACES:
        # "prefix://..." would read as an absolute IRI, not a compact one.
        if iri.startswith(namespace) and not iri.startswith("//", len(namespace)):
            return namespace, prefix
    return "", ""


#: compact_iri's matches by the IRI's head, when every namespace ends in "/" or "#".
_BY_HEAD: dict[str, tuple[str, str]] | None = \
    {} if all(ns.endswith(("/", "#")) for ns, _prefix in _NAMESPACES) else None


def _node_id(term: Any) -> str:
    """``@id`` of an IRI or blank node; empty for a literal (never a subject)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return ""


def _value(term: Any) -> Any:
    """A node reference or a value object for an object term."""
    import pyoxigraph as ox

    if not isinstance(term, ox.Literal):
        return {"@id": _node_id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": compact_iri(datatype)}


def _node_text(node: dict[str, Any]) -> str:
    """One node object, a key a line in sorted order, each value on one line.

    The node maps each key to its value's JSON text, or to a list of them: the
    text json's C encoder writes (an indented dump runs its pure-Python encoder,
    10x slower), made once per distinct value by :func:`write_jsonld`."""
    parts = []
    for key in sorted(node):
        value = node[key]
        text = f"[{', '.join(value)}]" if type(value) is list else value
        parts.append(f"      {_DUMPS(key)}: {text}")
    lines = ",\n".join(parts)
    return f"    {{\n{lines}\n    }}"


def write_jsonld(quads: SortedQuads, out: IO[bytes]) -> None:
    """Write the union of ``quads``' graphs as one JSON-LD document to ``out``.

    Examples
    --------
    >>> import io
    >>> from rdflib import Literal
    >>> from mmru_graph.namespaces import ID, RDF, SCHEMA
    >>> from mmru_graph.store.loading import SourcedGraph
    >>> g = SourcedGraph()
    >>> _ = g.add((ID.russia, RDF.type, SCHEMA.Country))
    >>> _ = g.graph(ID["source-a"]).add((ID.russia, SCHEMA.name, Literal("Russia")))
    >>> buffer = io.BytesIO()
    >>> write_jsonld(SortedQuads(g), buffer)
    >>> doc = json.loads(buffer.getvalue())
    >>> doc["@context"]["schema"], doc["@graph"][0]["@type"], doc["@graph"][0]["schema:name"]
    ('https://schema.org/', 'schema:Country', 'Russia')
    """
    import numpy as np
    import pyoxigraph as ox

    terms = quads.terms
    ids = [_node_id(term) for term in terms]
    by_id = np.empty(len(ids), dtype=np.int64)
    by_id[np.asarray(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)] = \
        np.arange(len(ids), dtype=np.int64)
    rows = quads.triple_rows()
    rows = rows[np.lexsort((rows[:, 2], rows[:, 1], by_id[rows[:, 0]]))]
    context = {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())}
    head = json.dumps({"@context": context}, indent=2, ensure_ascii=False)
    out.write((head[:-2] + ',\n  "@graph": [').encode("utf-8"))
    first = True
    keys: dict[int, str] = {}  # predicate rank -> compacted key
    # Object rank -> its value's JSON text, for the objects of many triples (an IRI,
    # a short literal); a long literal (a quote) is mostly the object of one, and
    # keeping every one's text to the end cost a fifth of the build's memory at 2M.
    values: dict[int, str] = {}
    classes: dict[int, str] = {}  # class rank -> its @type text
    node: dict[str, Any] | None = None
    subject = -1

    def flush() -> None:
        nonlocal first
        if node is not None:
            out.write((("\n" if first else ",\n") + _node_text(node)).encode("utf-8"))
            first = False

    typing: dict[int, bool] = {}  # predicate rank -> whether it is rdf:type
    for start in range(0, len(rows), 1 << 16):
        for s, p, o in rows[start:start + (1 << 16)].tolist():
            if s != subject:
                flush()
                subject, node = s, {"@id": _DUMPS(ids[s])}
            assert node is not None
            is_type = typing.get(p)
            if is_type is None:
                is_type = typing[p] = terms[p].value == _RDF_TYPE
            if is_type and not isinstance(terms[o], ox.Literal):
                key = "@type"
                value = classes.get(o) or classes.setdefault(o, _DUMPS(ids[o]))
            else:
                key = keys.get(p) or keys.setdefault(p, compact_iri(terms[p].value))
                known = values.get(o)
                if known is None:
                    term = terms[o]
                    known = _DUMPS(_value(term))
                    if not isinstance(term, ox.Literal) or len(term.value) <= _SHORT:
                        values[o] = known
                value = known
            held = node.get(key)
            if held is None:
                node[key] = value
            elif isinstance(held, list):
                held.append(value)
            else:
                node[key] = [held, value]
    flush()
    out.write(("\n  ]\n}\n" if not first else "]\n}\n").encode("utf-8"))
