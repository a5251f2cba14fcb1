"""The floor: the benchmark's questions asked of the built store with raw pyoxigraph.

    python bench/raw_oxigraph.py STORE/data QUESTION FIRST SECOND

QUESTION is ``met`` (FIRST's counterparts with event, date, place and quote),
``show`` (FIRST's card: every statement about it and its events),
``timeline`` (SECOND's events by date with quotes), ``named`` (the named
query who-met-whom), ``named-actor`` (the named query meetings-of-actor for
FIRST, bound by a ``VALUES`` block at the head of its group, as the command
binds it), ``degree`` (actors by number of counterparts) or
``path`` (a shortest path FIRST → SECOND over shared events, breadth-first).
No projection, no name resolution, no formatting: what any tool must pay.
The named queries are asked as the command asks Oxigraph: their ``# lateral:``
lines made text (mmru_graph.sparql.lateral), so both run the same text.
"""

from __future__ import annotations

import re
import sys
from collections import deque
from pathlib import Path

import pyoxigraph as ox

PREFIXES = {"schema": "https://schema.org/", "oa": "http://www.w3.org/ns/oa#",
            "mmru": "https://w3id.org/mmru-graph/ontology#",
            "id": "https://w3id.org/mmru-graph/id/", "prov": "http://www.w3.org/ns/prov#",
            "org": "http://www.w3.org/ns/org#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "xsd": "http://www.w3.org/2001/XMLSchema#"}
# The quotes row by row (LATERAL), as the named queries ask Oxigraph for them: a
# plain OPTIONAL of these patterns is evaluated over every annotation first.
QUOTE = ("LATERAL { OPTIONAL { ?ann oa:hasBody ?event ; "
         "oa:hasTarget/oa:hasSelector/oa:exact ?quote } }")
QUERIES = {
    "met": "SELECT ?other ?name ?event ?date ?place ?quote WHERE { ?a schema:name %(first)s . "
           "?event schema:attendee ?a , ?other . FILTER(?other != ?a) "
           "?other schema:name ?name . OPTIONAL { ?event schema:startDate ?date } "
           "OPTIONAL { ?event schema:location/schema:name ?place } " + QUOTE +
           " } ORDER BY ?date ?name",
    "show": "SELECT ?p ?o ?event ?quote WHERE { ?a schema:name %(first)s . "
            "{ ?a ?p ?o } UNION { ?event schema:attendee ?a . " + QUOTE + " } }",
    "timeline": "SELECT ?event ?name ?date ?quote WHERE { ?a schema:name %(second)s . "
                "?event schema:attendee ?a ; schema:name ?name . "
                "OPTIONAL { ?event schema:startDate ?date } " + QUOTE + " } ORDER BY ?date",
    "degree": "SELECT ?a (COUNT(DISTINCT ?b) AS ?n) WHERE { ?e schema:attendee ?a , ?b . "
              "FILTER(?a != ?b) } GROUP BY ?a ORDER BY DESC(?n) LIMIT 10",
}


def lateral(text: str) -> str:
    """The text Oxigraph is given: the ``# lateral:`` lines made text."""
    return re.sub(r"(?m)^(\s*)#\s*lateral:\s?", r"\1", text)


def literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    location, question, first, second = sys.argv[1:5]
    store = ox.Store.read_only(location)
    names = {"first": literal(first), "second": literal(second)}
    queries = Path(__file__).resolve().parents[1] / "graph" / "queries"
    if question == "named":
        text = lateral((queries / "who-met-whom.rq").read_text("utf-8"))
        rows = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
    elif question == "named-actor":  # meetings-of-actor with ?actor bound to FIRST
        actor = next(iter(store.query(f"SELECT ?a WHERE {{ ?a schema:name {names['first']} }}",
                                      prefixes=PREFIXES, use_default_graph_as_union=True)))["a"]
        text = lateral((queries / "meetings-of-actor.rq").read_text("utf-8"))
        where = text.index("{", text.index("WHERE")) + 1
        text = f"{text[:where]} VALUES ?actor {{ {actor} }}{text[where:]}"
        rows = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
    elif question == "path":
        rows = path(store, names)
    else:
        rows = store.query(QUERIES[question] % names, prefixes=PREFIXES,
                           use_default_graph_as_union=True)
    count = sum(1 for _ in rows)
    print(question, count)


def path(store: ox.Store, names: dict[str, str]) -> list[str]:
    """Breadth-first over actors sharing an event (one bulk query for the edges)."""
    ends = {key: next(iter(store.query(f"SELECT ?a WHERE {{ ?a schema:name {value} }}",
                                       prefixes=PREFIXES, use_default_graph_as_union=True)))["a"]
            for key, value in names.items()}
    links: dict[object, set[object]] = {}
    for row in store.query("SELECT ?a ?b WHERE { ?e schema:attendee ?a , ?b FILTER(?a != ?b) }",
                           prefixes=PREFIXES, use_default_graph_as_union=True):
        links.setdefault(row["a"], set()).add(row["b"])
    before = {ends["first"]: None}
    queue = deque([ends["first"]])
    while queue:
        node = queue.popleft()
        if node == ends["second"]:
            break
        for nxt in links.get(node, ()):
            if nxt not in before:
                before[nxt] = node
                queue.append(nxt)
    hops, node = [], ends["second"]
    while node is not None and node in before:
        hops.append(str(node))
        node = before[node]
    return hops


if __name__ == "__main__":
    main()
