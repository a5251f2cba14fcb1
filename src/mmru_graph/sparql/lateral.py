"""A named query's phrasing for engines with ``LATERAL``: its ``# lateral:`` lines.

Oxigraph's planner evaluates the right side of an ``OPTIONAL`` whole and
joins it by hash once that side has more than two triple patterns (its cost
estimates saturate): the quotes of a named query (``?annotation oa:hasBody
?event ; oa:hasTarget/oa:hasSelector/oa:exact ?quote``) are then fetched for
every annotation of the graph, about a minute at two million triples, to
keep the few that belong to the rows. Inside ``LATERAL`` (SEP-0006, which
Oxigraph implements) the same ``OPTIONAL`` runs once per row, with the row's
values in place: a few index lookups.

rdflib has no ``LATERAL``, and a named query must stay standard SPARQL 1.1
that any engine runs unchanged. So the phrasing for ``LATERAL`` is written
in the query file as comments that only such an engine reads::

      # lateral: LATERAL {
      OPTIONAL {
        ?annotation oa:hasBody ?event ;
                    oa:hasTarget/oa:hasSelector/oa:exact ?quote .
      }
      # lateral: }

:func:`lateral_phrasing` turns those lines into text. A ``# lateral:`` line
may hold only the word ``LATERAL`` and braces, so the phrasing differs from
the standard text by nothing but ``LATERAL`` groups: the guard's verdict on
the standard text (no ``SERVICE``, ``FROM``, ``LOAD`` or update) holds for it,
and ``LATERAL { OPTIONAL { P } }`` after a group answers as ``OPTIONAL { P }``
when ``P`` shares with the rows before it only variables they always bind
(a test runs every named query both ways on every backend to show it).
"""

from __future__ import annotations

import re

from ..errors import QueryError

__all__ = ["LATERAL_MARK", "lateral_phrasing"]

#: The comment that starts a line only engines with ``LATERAL`` read.
LATERAL_MARK = "# lateral:"

_MARKED = re.compile(r"^(\s*)#\s*lateral:(.*)$")
_ALLOWED = re.compile(r"^(?:\s|LATERAL\b|\{|\})*$")


def lateral_phrasing(text: str, where: str = "") -> str | None:
    """The text with its ``# lateral:`` lines made text, or None if it has none.

    Raises
    ------
    QueryError
        ``WHERE:LINE: ...`` for a marked line holding anything but ``LATERAL``
        and braces, or for braces that do not pair up.

    Examples
    --------
    >>> text = "SELECT * WHERE {\\n  ?e a ?c .\\n  # lateral: LATERAL {\\n" \\
    ...        "  OPTIONAL { ?e ?p ?o }\\n  # lateral: }\\n}"
    >>> print(lateral_phrasing(text))
    SELECT * WHERE {
      ?e a ?c .
      LATERAL {
      OPTIONAL { ?e ?p ?o }
      }
    }
    >>> lateral_phrasing("SELECT * WHERE { ?s ?p ?o }") is None
    True
    >>> lateral_phrasing("# lateral: SERVICE <http://x/> {", "q.rq")
    Traceback (most recent call last):
    ...
    mmru_graph.errors.QueryError: q.rq:1: a '# lateral:' line may hold only LATERAL and braces
    """
    lines = text.split("\n")
    depth = 0
    marked = False
    for number, line in enumerate(lines, start=1):
        found = _MARKED.match(line)
        if not found:
            continue
        indent, body = found.groups()
        if not _ALLOWED.match(body):
            raise QueryError(f"{where}:{number}: a '{LATERAL_MARK}' line may hold only "
                             "LATERAL and braces")
        depth += body.count("{") - body.count("}")
        if depth < 0:
            raise QueryError(f"{where}:{number}: a '{LATERAL_MARK}' line closes a brace "
                             "no marked line opened")
        lines[number - 1] = indent + body.strip()
        marked = True
    if depth:
        raise QueryError(f"{where}: the '{LATERAL_MARK}' lines leave {depth} brace(s) open")
    return "\n".join(lines) if marked else None
