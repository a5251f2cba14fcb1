"""Every command on every store: rdflib in memory, embedded Oxigraph, a SPARQL endpoint.

The ``sparql`` backend is the real Oxigraph server (the test extra's
``oxigraph`` package), loaded with the built ``graph.nq`` and started on a free
loopback port for this module. The same commands must answer the same on all
three, an endpoint must be read in a handful of requests, and a broken
endpoint must give one line, never a traceback.
"""

from __future__ import annotations

import http.server
import json
import os
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from servers import closed_port, free_port, oxigraph_server

from mmru_graph.cli import cli
from mmru_graph.store import endpoint as endpoint_module

ROOT = Path(__file__).resolve().parents[1]
GRAPH = str(ROOT / "graph")
BACKENDS = ("memory", "oxigraph", "sparql")


@pytest.fixture(scope="module")
def server(built_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Oxigraph server holding the built graph.nq on 127.0.0.1:PORT; its query URL."""
    with oxigraph_server(built_dir / "graph.nq", tmp_path_factory.mktemp("oxigraph-server")) \
            as url:
        yield url


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MMRU_GRAPH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def store_args(backend: str, built_dir: Path, server_url: str) -> list[str]:
    if backend == "memory":
        return ["--store", "memory"]
    if backend == "oxigraph":
        return ["--store-dir", str(built_dir / "store")]
    return ["--endpoint", server_url]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--graph", GRAPH])


#: A representative command of each kind, run on every backend.
COMMANDS = {
    "met": ["met", "Min Aung Hlaing", "--format", "json"],
    "met-with": ["met", "Putin", "--with", "Min Aung Hlaing"],
    "path": ["path", "Fomin", "Kasatonov"],
    "path-full": ["path", "Soe Win", "Kasatonov", "--via", "full", "--format", "json"],
    "central-degree": ["central", "--measure", "degree"],
    "central-betweenness": ["central", "--measure", "betweenness", "--format", "json"],
    "timeline": ["timeline", "--actor", "Kasatonov"],
    "show": ["show", "Kasatonov", "--format", "json"],
    # not an actor: the card comes from the whole graph (on the built store, its saved
    # networkx projection; in memory, the plain one)
    "show-place": ["show", "Kazan", "--format", "json"],
    "show-event": ["show", "id:2021-06-20-min-aung-hlaing-visit-to-russia"],
    "timeline-whole": ["timeline", "--format", "json"],
    # on the built store, the neighbourhood of the events in the place
    "timeline-place": ["timeline", "--place", "Tatarstan", "--since", "2021", "--format", "json"],
    "sparql-named": ["sparql", "offices-held", "-p", "actor=id:alexander-fomin",
                     "--format", "json"],
    "sparql-named-concat": ["sparql", "who-met-whom", "--format", "json"],
    "sparql-ad-hoc": ["sparql", "SELECT ?n ?d WHERE { ?e a mmru:Talks ; schema:name ?n ; "
                      "schema:startDate ?d } ORDER BY STR(?d) ?n", "--format", "csv"],
    "sparql-ad-hoc-param": ["sparql", "SELECT ?n WHERE { ?who schema:name ?n }", "-p",
                            "who=Minnikhanov", "--format", "csv"],
    "inferred": ["inferred", "--format", "json"],
    "sparql-ask": ["sparql", "ASK { id:vladimir-putin a schema:Person }"],
    "sparql-construct": ["sparql", "CONSTRUCT { ?p schema:name ?n } WHERE { "
                         "?p a schema:Country ; schema:name ?n }", "--format", "turtle"],
}


def _normal(command: str, output: str) -> str:
    """SPARQL leaves GROUP_CONCAT's order open: compare its ' | '-joined parts as sets."""
    if command != "sparql-named-concat":
        return output
    data = json.loads(output)
    for row in data["results"]["bindings"]:
        for term in row.values():
            term["value"] = " | ".join(sorted(term["value"].split(" | ")))
    return json.dumps(data, sort_keys=True)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_backend_answers_the_same(command: str, built_dir: Path, server: str) -> None:
    outputs = {}
    for backend in BACKENDS:
        result = run(*COMMANDS[command], *store_args(backend, built_dir, server))
        assert result.exit_code == 0, (backend, result.output)
        outputs[backend] = _normal(command, result.output)
    assert outputs["memory"].strip(), command
    assert outputs["oxigraph"] == outputs["memory"], command
    assert outputs["sparql"] == outputs["memory"], command


def test_view_draws_the_same_network_on_every_backend(built_dir: Path, server: str,
                                                      tmp_path: Path) -> None:
    pages = {}
    for backend in BACKENDS:
        out = tmp_path / f"{backend}.html"
        result = run("view", "--no-open", "--out", str(out),
                     *store_args(backend, built_dir, server))
        assert result.exit_code == 0, result.output
        pages[backend] = (result.output.replace(str(out), "PAGE"), out.read_bytes())
    assert pages["oxigraph"] == pages["memory"]
    assert pages["sparql"] == pages["memory"]


@pytest.mark.parametrize("command", ["met", "path", "central-betweenness", "timeline", "show",
                                     "sparql-named", "sparql-ad-hoc"])
def test_an_endpoint_is_read_in_a_handful_of_requests(command: str, server: str) -> None:
    before = endpoint_module.REQUESTS["count"]
    result = run(*COMMANDS[command], "--endpoint", server)
    assert result.exit_code == 0, result.output
    made = endpoint_module.REQUESTS["count"] - before
    assert 1 <= made <= 10, (command, made)


def test_library_on_each_backend(built_dir: Path, server: str) -> None:
    import mmru_graph as mg

    answers = []
    for store, kwargs in (("memory", {}), ("oxigraph", {"location": built_dir / "store"}),
                          ("sparql", {"endpoint": server})):
        g = mg.load_graph(GRAPH, store=store, **kwargs)
        answers.append((
            [c.as_dict() for c in mg.who_met(g, "Kasatonov")],
            [str(p) for p in mg.explain_paths(g, "Fomin", "Kasatonov")],
            mg.rank(g, "degree", top=5),
            [str(e) for e in mg.timeline(g)][:20],
            sorted(str(r.role) for r in mg.run_named_query(
                g, "offices-held", {"actor": "id:alexander-fomin"})),
        ))
    assert answers[1] == answers[0]
    assert answers[2] == answers[0]


# --------------------------------------------------------------------------
# The guard and the network block on every backend
# --------------------------------------------------------------------------
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://example.org/q> { ?s ?p ?o } }",
    "SELECT * FROM <http://example.org/g> { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "INSERT DATA { id:a schema:name 'x' }",
])
def test_the_guard_holds_on_every_backend(backend: str, query: str, built_dir: Path,
                                          server: str) -> None:
    before = endpoint_module.REQUESTS["count"]
    result = run("sparql", query, *store_args(backend, built_dir, server))
    assert result.exit_code == 2, result.output
    assert "refused" in result.stderr
    if backend == "sparql":  # refused before anything was sent
        assert endpoint_module.REQUESTS["count"] - before <= 5


def test_the_network_block_lets_through_only_the_endpoint(server: str) -> None:
    from mmru_graph.errors import NetworkRefusedError
    from mmru_graph.sparql.guard import offline

    with offline(allow=server):
        with urllib.request.urlopen(f"{server}?query=ASK%7B%7D", timeout=5) as answer:
            assert answer.status == 200
        with pytest.raises(NetworkRefusedError, match="network access refused"):
            urllib.request.urlopen(f"http://127.0.0.1:{free_port()}/other", timeout=5)


# --------------------------------------------------------------------------
# A broken endpoint: one line, exit 1
# --------------------------------------------------------------------------
class _Handler(http.server.BaseHTTPRequestHandler):
    mode = "html"

    def do_GET(self) -> None:
        if self.mode == "slow":
            time.sleep(3)
        if self.mode == "error":
            self.send_response(503)
            self.end_headers()
            self.wfile.write(b"Service Unavailable\n")
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html>not SPARQL</html>")

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        return


class _QuietServer(http.server.ThreadingHTTPServer):
    # The slow answer is written after the client has given up: the broken pipe
    # is expected, and its traceback would land in whatever test runs then.
    daemon_threads = False  # server_close() waits for that answer

    def handle_error(self, request: object, client_address: object) -> None:
        return


@pytest.fixture
def fake_endpoint() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {})
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def assert_one_line(result: Result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    message = result.stderr.strip()
    assert message.startswith("Error: ") and "\n" not in message, message
    for word in words:
        assert word in message, message


@pytest.mark.parametrize("command", [["met", "Kasatonov"], ["sparql", "who-met-whom"],
                                     ["central"]])
def test_an_unreachable_endpoint_is_one_line(command: list[str]) -> None:
    with closed_port() as port:
        url = f"http://127.0.0.1:{port}/query"
        assert_one_line(run(*command, "--endpoint", url), url, "cannot reach")


def test_an_http_error_is_one_line(fake_endpoint: tuple[str, type[_Handler]]) -> None:
    url, handler = fake_endpoint
    handler.mode = "error"
    assert_one_line(run("met", "Kasatonov", "--endpoint", url), "HTTP 503")


def test_an_answer_that_is_not_json_is_one_line(
        fake_endpoint: tuple[str, type[_Handler]]) -> None:
    url, _handler = fake_endpoint
    assert_one_line(run("show", "Kasatonov", "--endpoint", url), "not SPARQL JSON",
                    "text/html")


def test_a_slow_endpoint_times_out_in_one_line(fake_endpoint: tuple[str, type[_Handler]],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    url, handler = fake_endpoint
    handler.mode = "slow"
    monkeypatch.setenv("MMRU_GRAPH_ENDPOINT_TIMEOUT", "0.5")
    assert_one_line(run("timeline", "--endpoint", url), "no answer within 0.5 s")


def test_a_query_time_limit_bounds_an_endpoint_query(fake_endpoint: tuple[str, type[_Handler]]
                                                     ) -> None:
    url, handler = fake_endpoint
    handler.mode = "slow"
    assert_one_line(run("sparql", "ASK { ?s ?p ?o }", "--endpoint", url, "--timeout", "0.5"),
                    "no answer within 0.5 s")


def test_headers_go_with_every_request(fake_endpoint: tuple[str, type[_Handler]]) -> None:
    url, handler = fake_endpoint
    seen: list[str | None] = []

    def record(self: _Handler) -> None:
        seen.append(self.headers.get("Authorization"))
        _Handler.do_GET(self)

    # Long bulk queries go by POST, short ones by GET: both must carry the header.
    handler.do_GET = handler.do_POST = record  # type: ignore[method-assign]
    run("met", "Kasatonov", "--endpoint", url, "--endpoint-header", "Authorization: Bearer t")
    assert seen and set(seen) == {"Bearer t"}
    result = run("met", "Kasatonov", "--endpoint", url, "--endpoint-header", "no colon")
    assert result.exit_code == 2 and "Name: value" in result.output


@pytest.mark.parametrize("url", ["ftp://example.org/sparql", "example.org/sparql",
                                 "http:///sparql"])
def test_an_endpoint_that_is_not_an_http_url_is_wrong_input(url: str) -> None:
    result = run("met", "Kasatonov", "--endpoint", url)
    assert result.exit_code == 2, result.output
    assert "http:// or https://" in result.output and url in result.output
    assert "Traceback" not in result.output


def test_conflicting_store_options_are_usage_errors() -> None:
    result = run("met", "Kasatonov", "--store", "memory", "--endpoint", "http://127.0.0.1:1/")
    assert result.exit_code == 2 and "--endpoint" in result.output


# --------------------------------------------------------------------------
# The built store: the default while fresh, memory once a source changes
# --------------------------------------------------------------------------
def test_the_default_store_follows_the_sources(graph_copy: Path) -> None:
    from mmru_graph.build import build_graph
    from mmru_graph.store.loading import choose_store

    assert choose_store(graph_copy) == "memory"
    build_graph(graph_copy)
    assert (graph_copy / "build" / "graph.nq").is_file()
    assert choose_store(graph_copy) == "oxigraph"
    people = graph_copy / "data" / "people.ttl"
    os.utime(people, ns=(people.stat().st_atime_ns, people.stat().st_mtime_ns + 10**9))
    assert choose_store(graph_copy) == "oxigraph"  # touched, same bytes: still fresh
    people.write_text(people.read_text("utf-8") + "\n# changed\n", "utf-8")
    assert choose_store(graph_copy) == "memory"
    result = CliRunner().invoke(cli, ["met", "Kasatonov", "--store", "oxigraph",
                                      "--graph", str(graph_copy)])
    assert result.exit_code == 1 and "older than its sources" in result.stderr


# --------------------------------------------------------------------------
# Scale: sampled betweenness, a bounded page
# --------------------------------------------------------------------------
def test_betweenness_is_sampled_only_beyond_k_and_says_so() -> None:
    exact = run("central", "--measure", "betweenness", "--store", "memory")
    assert exact.exit_code == 0 and "estimated" not in exact.stdout
    sampled = run("central", "--measure", "betweenness", "--sample", "5", "--store", "memory")
    assert sampled.exit_code == 0, sampled.output
    assert "estimated from 5 sampled source nodes" in sampled.stdout.splitlines()[0]
    again = run("central", "--measure", "betweenness", "--sample", "5", "--store", "memory")
    assert again.stdout == sampled.stdout  # seeded: the same estimate every time
    scores = json.loads(run("central", "--measure", "betweenness", "--sample", "5",
                            "--format", "json", "--store", "memory").stdout)
    assert {s["sampled"] for s in scores} == {5}


def test_a_large_page_is_bounded_and_says_what_it_left_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mmru_graph.view import page

    monkeypatch.setattr(page, "MAX_ACTORS", 10)
    monkeypatch.setattr(page, "MAX_FULL_NODES", 40)
    out = tmp_path / "page.html"
    result = run("view", "--no-open", "--out", str(out), "--store", "memory")
    assert result.exit_code == 0, result.output
    assert "10 actors" in result.stdout and "Showing the 10 best-connected of" in result.stdout
    html = out.read_text("utf-8")
    assert 'id="notice"' in html and "--focus NAME" in html
    assert result.stdout.count("full view 40 nodes") == 1


def test_the_build_snapshot_and_the_store_hold_the_same_triples(built_dir: Path) -> None:
    from mmru_graph.store.backends import CONCERNS, REST
    from mmru_graph.store.oxigraph import OxigraphBackend

    with_snapshot = OxigraphBackend(built_dir / "store")
    without = OxigraphBackend(built_dir / "store")
    without._snapshot_file = None  # read Oxigraph quad by quad
    known = tuple(p for predicates in CONCERNS.values() for p in predicates)
    for name, predicates in [*CONCERNS.items(), (REST, None)]:
        exclude = known if predicates is None else ()
        fast = set(with_snapshot.triples(predicates, exclude))
        slow = set(without.triples(predicates, exclude))
        assert fast == slow and fast, name
    assert with_snapshot._snapshot is not None and without._snapshot is None
