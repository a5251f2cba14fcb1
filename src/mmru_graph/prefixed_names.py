"""The prefixed name of an IRI (``id:russia``), as messages and counts show it.

Validation messages, build summaries and quote checks name nodes and
properties the way the Turtle files spell them, with the project's prefixes
(:data:`mmru_graph.namespaces.PREFIXES`).
"""

from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.term import Node

from .namespaces import PREFIXES

__all__ = ["prefixed"]


def prefixed(term: Node) -> str:
    """The short form of an IRI with the project's prefixes (``id:russia``).

    Unlike rdflib's ``qname``, local names may start with a digit, as the
    project's dated event slugs do. Literals and IRIs outside the known
    namespaces keep their N-Triples form.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, SCHEMA
    >>> prefixed(ID["2021-03-27-armed-forces-day-parade"])
    'id:2021-03-27-armed-forces-day-parade'
    >>> prefixed(SCHEMA.name)
    'schema:name'
    >>> prefixed(URIRef("http://example.org/x"))
    '<http://example.org/x>'
    """
    if isinstance(term, URIRef):
        iri = str(term)
        best = max((p for p, ns in PREFIXES.items() if iri.startswith(str(ns))),
                   key=lambda p: len(str(PREFIXES[p])), default=None)
        if best is not None:
            local = iri[len(str(PREFIXES[best])):]
            if local and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*", local) \
                    and not local.endswith("."):
                return f"{best}:{local}"
    return str(term.n3())
