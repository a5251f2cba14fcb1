"""No network, anywhere: a local HTTP listener receives nothing from any input.

The probes of issue 12: a SHACL-SPARQL constraint hiding ``SERVICE`` behind an
escape (``SERV\\u0049CE``), data and ontology pointing at the listener, user
queries and parameters naming it. Each runs through the command line as an
analyst would; the listener counts every request it receives, and must count 0.
The listener itself is proven to count (a request made outside any command).
"""

from __future__ import annotations

import socket
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from mmru_graph.cli import cli
from mmru_graph.errors import NetworkRefusedError
from mmru_graph.offline import is_offline, offline


class Listener:
    """An HTTP server on 127.0.0.1 that counts the requests it receives."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 5

            def _answer(self) -> None:
                listener.requests.append(f"{self.command} {self.path}")
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                self.wfile.write(b'{"head": {"vars": []}, "results": {"bindings": []}}')

            do_GET = do_POST = do_HEAD = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> Listener:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def listener() -> Iterator[Listener]:
    with Listener() as running:
        # The listener counts: one request from outside any command reaches it.
        urllib.request.urlopen(f"{running.url}/probe", timeout=5).read()
        assert running.requests == ["GET /probe"]
        running.requests.clear()
        yield running


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_shapes_data_queries_and_parameters_send_nothing(mini_graph: Path,
                                                         listener: Listener) -> None:
    url = listener.url
    graph = str(mini_graph)
    # Data and ontology that point at the listener in every way Turtle allows.
    (mini_graph / "data" / "zz-remote.ttl").write_text(
        f"@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<{url}/ontology> a owl:Ontology ; owl:imports <{url}/imported> .\n",
        encoding="utf-8")
    codes = {"validate (data)": run("validate", "--graph", graph)[0]}
    (mini_graph / "data" / "zz-remote.ttl").unlink()

    for label, query in {
        "escaped SERVICE": f'SELECT * {{ SERV\\u0049CE <{url}/sparql> {{ ?s ?p ?o }} }}',
        "FROM": f"SELECT * FROM <{url}/g> {{ ?s ?p ?o }}",
        "FROM NAMED": f"SELECT * FROM NAMED <{url}/g> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "LOAD": f"LOAD <{url}/data>",
        "SERVICE variable": f"SELECT * {{ BIND(<{url}/s> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    }.items():
        code, output = run("sparql", query, "--graph", graph)
        assert code == 2 and "refused" in output, (label, output)
        codes[label] = code
    # A parameter is bound as a term, never fetched: an IRI must name a node of
    # the graph, a quoted value is a literal.
    query = "SELECT ?x WHERE { BIND(?p AS ?x) }"
    code, output = run("sparql", query, "-p", f"p=<{url}/x>", "--graph", graph)
    assert code == 2 and "no such node" in output, output
    code, output = run("sparql", query, "-p", f'p="{url}/x"', "--graph", graph)
    assert code == 0 and f"{url}/x" in output, output
    codes["parameter"] = code

    # A SHACL-SPARQL constraint whose SERVICE hides behind an escape.
    with (mini_graph / "shapes.ttl").open("a", encoding="utf-8") as shapes:
        shapes.write(
            'shape:Remote a sh:NodeShape ; sh:targetClass mmru:Coup ;\n'
            f'  sh:sparql [ sh:select "SELECT $this WHERE {{ SERV\\\\u0049CE <{url}/sparql> '
            '{ $this ?p ?o } }" ] .\n')
    code, output = run("validate", "--graph", graph)
    assert code == 1 and "SERVICE" in output and "refused" in output, output
    code, output = run("build", "--graph", graph, "--out", str(mini_graph / "out"))
    assert code == 1 and not (mini_graph / "out").exists(), output
    assert listener.requests == [], codes


def test_the_process_guard_stops_what_the_query_gate_would_miss(
        mini_graph: Path, listener: Listener, monkeypatch: pytest.MonkeyPatch) -> None:
    # Second line of defence: with the SHACL-SPARQL gate switched off, pyshacl
    # runs the SERVICE query, and the process-wide guard refuses the connection.
    import mmru_graph.validate as validate

    monkeypatch.setattr(validate, "check_shape_queries", lambda shapes: None)
    with (mini_graph / "shapes.ttl").open("a", encoding="utf-8") as shapes:
        shapes.write(
            'shape:Remote a sh:NodeShape ; sh:targetClass mmru:Coup ;\n'
            # pyshacl refuses a plain SERVICE itself, not an escaped one.
            f'  sh:sparql [ sh:select "SELECT $this WHERE {{ SERV\\\\u0049CE <{listener.url}/q> '
            '{ $this ?p ?o } }" ] .\n')
    code, output = run("validate", "--graph", str(mini_graph))
    assert code == 1 and "network access refused" in output, output
    assert listener.requests == []


def test_guard_covers_threads_and_forked_workers(listener: Listener) -> None:
    errors: list[BaseException] = []

    def connect() -> None:
        try:
            socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()
        except BaseException as exc:
            errors.append(exc)

    with offline():
        thread = threading.Thread(target=connect)
        thread.start()
        thread.join(5)
        from mmru_graph.sparql.limits import run_limited

        with pytest.raises(NetworkRefusedError):
            run_limited(lambda: urllib.request.urlopen(listener.url, timeout=2).read())
    assert len(errors) == 1 and isinstance(errors[0], NetworkRefusedError)
    assert not is_offline()
    assert listener.requests == []


def test_one_configured_endpoint_may_be_allowed(listener: Listener) -> None:
    # The documented way for --endpoint (issue 11): exactly that host and port.
    with offline(allow=f"{listener.url}/sparql"):
        urllib.request.urlopen(f"{listener.url}/sparql?query=ASK%7B%7D", timeout=5).read()
        with pytest.raises(NetworkRefusedError):
            socket.create_connection(("127.0.0.1", listener.port + 1 if listener.port < 65535
                                      else 1), timeout=1)
        # A nested block cannot add a second destination.
        with pytest.raises(NetworkRefusedError), offline(allow="http://127.0.0.2:1/"):
            pass
    assert listener.requests == ["GET /sparql?query=ASK%7B%7D"]
    with pytest.raises(NetworkRefusedError), offline():
        urllib.request.urlopen(listener.url, timeout=2)
    assert len(listener.requests) == 1
