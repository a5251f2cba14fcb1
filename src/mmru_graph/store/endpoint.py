"""A SPARQL 1.1 Protocol endpoint as a read-only backend (standard library only).

Any server holding ``graph.nq`` answers: the Oxigraph server, Apache Jena
Fuseki, QLever, Virtuoso, GraphDB. Queries go as ``GET ?query=`` while the
URL stays short and as a form ``POST`` otherwise; answers are SPARQL JSON
results (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE). Optional headers
(``Authorization: Bearer ...``) go with every request. Every failure, from a
refused connection to an answer that is not JSON, is one
:class:`~mmru_graph.errors.EndpointError` line naming the endpoint.

``REQUESTS`` counts the HTTP requests made by this process, so a test can
prove a command makes a handful, never one per node.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rdflib import URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Node

from ..errors import EndpointError, QueryError
from .backends import Triple, ask_result, graph_result, prefix_declarations, select_result
from .terms import from_json, to_sparql

__all__ = ["REQUESTS", "EndpointBackend", "bind_values", "parse_header"]

#: HTTP requests made so far by this process (all endpoints).
REQUESTS = {"count": 0}

#: Seconds to wait for an answer; ``MMRU_GRAPH_ENDPOINT_TIMEOUT`` overrides.
DEFAULT_TIMEOUT = 60.0
_GET_LIMIT = 2000
_JSON = "application/sparql-results+json"


def parse_header(text: str) -> tuple[str, str]:
    """``"Name: value"`` → ``("Name", "value")``.

    >>> parse_header("Authorization: Bearer abc")
    ('Authorization', 'Bearer abc')
    """
    name, sep, value = text.partition(":")
    if not sep or not name.strip() or any(c.isspace() for c in name.strip()):
        raise EndpointError(f"{text!r}: a header is 'Name: value'")
    return name.strip(), value.strip()


def bind_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """Bind variables by a ``VALUES`` block at the start of the query's first group.

    What rdflib's ``initBindings`` and Oxigraph's substitutions do, in plain
    SPARQL any endpoint runs. Comments, strings and IRIs are skipped when
    looking for the group's ``{``.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> bind_values("SELECT ?n # {\\nWHERE { ?a ?p ?n }", {"a": URIRef("http://x/a")})
    'SELECT ?n # {\\nWHERE { VALUES (?a) { (<http://x/a>) } ?a ?p ?n }'
    """
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(to_sparql(v) for v in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    i, quote = 0, ""
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif char == "<" and (end := text.find(">", i)) > 0 and " " not in text[i:end]:
            i = end
        elif char == "{":
            return text[:i + 1] + block + text[i + 1:]
        i += 1
    raise QueryError("cannot bind parameters: the query has no group pattern")


def graphs_matching(quads: Iterable[tuple[Node, Node, Node, Node]], predicate: Node | None,
                    obj: Node | None) -> list[Node]:
    """The graphs of the ``quads`` (of one subject) whose predicate and object match
    (None: any), each once, in their order.

    >>> from rdflib import URIRef
    >>> a, b, g, h = (URIRef(f"urn:x:{n}") for n in "abgh")
    >>> graphs_matching([(a, b, a, g), (a, a, b, h), (a, b, b, g)], b, None)
    [rdflib.term.URIRef('urn:x:g')]
    """
    found: dict[Node, None] = {}
    for _s, p, o, g in quads:
        if (predicate is None or p == predicate) and (obj is None or o == obj):
            found[g] = None
    return list(found)


class _Refused(EndpointError):
    """The endpoint answered with an HTTP error status."""


class EndpointBackend:
    """A remote SPARQL 1.1 Protocol endpoint, read-only."""

    kind = "sparql"

    def __init__(self, url: str, headers: Sequence[str] = (), timeout: float | None = None):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise EndpointError(f"{url}: an endpoint is an http:// or https:// URL")
        self.location = self.url = url
        self.headers = dict(parse_header(h) for h in headers)
        env = os.environ.get("MMRU_GRAPH_ENDPOINT_TIMEOUT")
        self.timeout = timeout if timeout is not None else float(env or DEFAULT_TIMEOUT)
        self._lateral: bool | None = None
        self._named: list[tuple[Node, Node, Node, Node]] | None = None
        self._by_subject: dict[Node, list[tuple[Node, Node, Node, Node]]] | None = None
        self._focus: Any = None

    def remote_focus(self) -> Any:
        """The requests that answer a question about a few actors without reading the
        whole graph (:class:`mmru_graph.store.remote_focus.RemoteFocus`), made once."""
        if self._focus is None:
            from .remote_focus import RemoteFocus

            self._focus = RemoteFocus(self)
        return self._focus

    # -- the protocol --------------------------------------------------------
    def _request(self, query: str, accept: str,
                 timeout: float | None = None) -> tuple[bytes, str]:
        timeout = self.timeout if timeout is None else min(timeout, self.timeout)
        form = urllib.parse.urlencode({"query": query})
        headers = {"Accept": accept, **self.headers}
        joiner = "&" if "?" in self.url else "?"
        if len(self.url) + len(form) < _GET_LIMIT:
            request = urllib.request.Request(f"{self.url}{joiner}{form}", headers=headers)
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            request = urllib.request.Request(self.url, data=form.encode("utf-8"),
                                             headers=headers, method="POST")
        REQUESTS["count"] += 1
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
            more = f": {detail[0]}" if detail else ""
            raise _Refused(f"{self.url}: HTTP {exc.code} {exc.reason}{more}") from None
        except TimeoutError:
            raise EndpointError(f"{self.url}: no answer within {timeout:g} s") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise EndpointError(f"{self.url}: no answer within {timeout:g} s") from None
            raise EndpointError(f"{self.url}: cannot reach the endpoint ({reason})") from None
        except (OSError, ValueError) as exc:
            raise EndpointError(f"{self.url}: {type(exc).__name__}: {exc}") from None

    def has_lateral(self) -> bool:
        """Whether the endpoint evaluates ``LATERAL`` (SEP-0006: the Oxigraph server
        does), asked once (one request) with an empty ``LATERAL`` group; an endpoint
        that answers with an HTTP error does not. Unreachable: the error, raised."""
        if self._lateral is None:
            try:
                self._lateral = self.results("ASK { LATERAL { } }").get("boolean") is True
            except _Refused:
                self._lateral = False
        return self._lateral

    def results(self, query: str, timeout: float | None = None) -> dict[str, Any]:
        """The SPARQL JSON results of ``query`` (one request); an answer that is not
        SPARQL JSON results is an :class:`EndpointError`."""
        body, content_type = self._request(query, _JSON, timeout)
        try:
            data = json.loads(body.decode("utf-8"))
            if not isinstance(data, dict) or ("boolean" not in data and "results" not in data):
                raise ValueError("no results")
        except (ValueError, UnicodeDecodeError):
            shown = content_type.split(";")[0] or "no content type"
            raise EndpointError(f"{self.url}: the answer is not SPARQL JSON results "
                                f"({shown})") from None
        return data

    def triples(self, predicates: Sequence[URIRef] | None,
                exclude: Sequence[URIRef] = ()) -> Iterable[Triple]:
        if predicates is not None:
            where = f"VALUES ?p {{ {' '.join(p.n3() for p in predicates)} }} "
        elif exclude:
            where = f"FILTER(?p NOT IN ({', '.join(p.n3() for p in exclude)})) "
        else:
            where = ""
        # Both the default graph and every named graph, whatever the server's
        # default-graph setting; DISTINCT folds a triple found in both.
        query = ("SELECT DISTINCT ?s ?p ?o WHERE { "
                 f"{{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} {where}}}")
        return [(s, p, o) for s, p, o in self.select_rows(query, ("s", "p", "o"))]

    def select_rows(self, query: str, names: Sequence[str],
                    optional: Sequence[str] = ()) -> list[tuple[Any, ...]]:
        """The rows of a SELECT as tuples of ``names``' terms, each distinct term made once
        (None for a name of ``optional`` the row leaves unbound)."""
        data = self.results(query)
        cache: dict[tuple[Any, ...], Any] = {}
        found = []
        try:
            for row in data["results"]["bindings"]:
                terms: list[Any] = []
                for name in names:
                    if name in optional and name not in row:
                        terms.append(None)
                        continue
                    term = row[name]
                    key = (term["type"], term["value"], term.get("datatype"),
                           term.get("xml:lang"))
                    value = cache.get(key)
                    if value is None:
                        value = cache[key] = from_json(term)
                    terms.append(value)
                found.append(tuple(terms))
        except (KeyError, TypeError, ValueError) as exc:
            raise EndpointError(f"{self.url}: malformed SPARQL JSON results ({exc})") from None
        return found

    # -- which source states what (each source's named graph) -----------------
    def named_quads(self) -> list[tuple[Node, Node, Node, Node]]:
        """Every quad of the named graphs, in one request made on first use."""
        if self._named is None:
            rows = self.select_rows("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                              ("s", "p", "o", "g"))
            self._named = [(s, p, o, g) for s, p, o, g in rows]
        return self._named

    def graphs_holding(self, subject: Node, predicate: Node | None, obj: Node | None
                       ) -> list[Node]:
        """The named graphs stating a triple of this pattern (None: any term), from
        :meth:`named_quads` (never a request per question)."""
        if self._by_subject is None:
            self._by_subject = {}
            for quad in self.named_quads():
                self._by_subject.setdefault(quad[0], []).append(quad)
        return graphs_matching(self._by_subject.get(subject, ()), predicate, obj)

    def has_named_graphs(self) -> bool:
        """Whether any named graph holds a statement."""
        return bool(self.named_quads())

    def graph_sizes(self) -> dict[Node, int]:
        """How many statements each named graph holds."""
        return dict(Counter(quad[3] for quad in self.named_quads()))

    def query(self, text: str, kind: str, bindings: Mapping[str, Identifier],
              timeout: float | None = None) -> Result:
        """Run a guarded query; ``timeout`` (a query's own limit) shortens the
        endpoint's timeout for this request (urllib's: per network read)."""
        full = prefix_declarations() + bind_values(text, bindings)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            body, _type = self._request(full, "application/n-triples", timeout)
            from .loading import new_graph

            parsed = new_graph()
            try:
                parsed.parse(data=body.decode("utf-8"), format="nt")
            except Exception:
                raise EndpointError(f"{self.url}: the answer is not N-Triples") from None
            return graph_result(kind, parsed)
        data = self.results(full, timeout)
        if kind == "ASK":
            return ask_result(bool(data.get("boolean")))
        from rdflib import Variable

        try:
            names = list(data["head"].get("vars", []))
            rows = [{Variable(k): from_json(v) for k, v in row.items()}
                    for row in data["results"]["bindings"]]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise EndpointError(f"{self.url}: malformed SPARQL JSON results ({exc})") from None
        return select_result(names, rows)
