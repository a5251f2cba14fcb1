"""The query worker is safe next to a native store, and never hangs its caller.

A forked child copies only the calling thread. In a process that has opened
an Oxigraph store (RocksDB's thread pool), a child that needs a lock another
thread held can wait forever; and a caller that waits for the child's exit
would wait with it. These tests pin the three defences of
:mod:`mmru_graph.sparql.limits`: the embedded store's queries run in a worker
that opens the store itself (spawned when the caller runs other threads); the
answer is framed, so the caller never waits for the child to close its pipe;
a worker that outlives its answer is killed after a short grace.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mmru_graph.errors import QueryLimitError
from mmru_graph.sparql.guard import run_query
from mmru_graph.sparql.limits import QueryLimits, _frame, _read_answer, _reap, fork_is_safe
from mmru_graph.store.backends import backend_graph
from mmru_graph.store.loading import new_graph
from mmru_graph.store.oxigraph import OxigraphBackend, write_store

#: 60 people with a name each: enough rows for a four-way cross product that
#: runs for minutes, few enough to load in milliseconds.
NQUADS = "".join(
    f'<https://example.org/p{i}> <https://schema.org/name> "Person {i}" '
    f"<https://example.org/source-{i % 3}> .\n" for i in range(60))
CROSS = ("SELECT (COUNT(*) AS ?n) { ?a schema:name ?x . ?b schema:name ?y . "
         "?c schema:name ?z . ?d schema:name ?w }")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ox")
    quads = folder / "graph.nq"
    quads.write_text(NQUADS, encoding="utf-8")
    write_store(quads, folder / "store", {"format": 1, "files": []})
    return folder / "store"


@pytest.fixture
def another_thread() -> Iterator[None]:
    """A second thread alive during the test: the process is no longer fork-safe."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def names(store_dir: Path) -> set[str]:
    graph = backend_graph(OxigraphBackend(store_dir))
    rows = run_query(graph, "SELECT ?n { ?p schema:name ?n }")
    return {str(row["n"]) for row in rows}


def test_a_fresh_process_stays_single_threaded_through_its_queries(store_dir: Path) -> None:
    # As a command does: query the store, then still be fork-safe (the worker,
    # not this process, opened RocksDB), so the next query forks cheaply.
    script = ("import sys; from pathlib import Path\n"
              "from mmru_graph.sparql.limits import fork_is_safe\n"
              "from test_query_workers import names\n"
              "assert fork_is_safe()\n"
              "print(len(names(Path(sys.argv[1]))), fork_is_safe())\n")
    done = subprocess.run([sys.executable, "-c", script, str(store_dir)], capture_output=True,
                          text=True, cwd=Path(__file__).parent, timeout=120, check=False)
    assert done.stdout.split() == ["60", "True"], done.stderr


def test_a_threaded_caller_spawns_and_gets_the_same_answer(store_dir: Path,
                                                           another_thread: None) -> None:
    assert not fork_is_safe()
    assert names(store_dir) == {f"Person {i}" for i in range(60)}


def test_the_caller_never_opens_the_store_it_queries(store_dir: Path) -> None:
    backend = OxigraphBackend(store_dir)
    run_query(backend_graph(backend), "ASK { ?p schema:name ?n }")
    assert backend._store is None


@pytest.mark.parametrize("threaded", [False, True])
def test_an_embedded_store_query_stops_at_the_time_limit(store_dir: Path, threaded: bool) -> None:
    stop = threading.Event()
    if threaded:
        threading.Thread(target=stop.wait, daemon=True).start()
    graph = backend_graph(OxigraphBackend(store_dir))
    started = time.monotonic()
    try:
        with pytest.raises(QueryLimitError, match=r"time limit \(1 s\)"):
            run_query(graph, CROSS, limits=QueryLimits(timeout=1))
    finally:
        stop.set()
    assert time.monotonic() - started < 10


def test_an_embedded_store_query_stops_at_the_row_limit(store_dir: Path) -> None:
    graph = backend_graph(OxigraphBackend(store_dir))
    with pytest.raises(QueryLimitError, match=r"row limit \(5 rows\)"):
        run_query(graph, "SELECT ?p { ?p schema:name ?n }", limits=QueryLimits(max_rows=5))


def test_a_whole_answer_is_taken_without_waiting_for_the_pipe_to_close() -> None:
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, _frame(b"the answer"))
        # The writer still holds its end open (a worker stalled after answering).
        started = time.monotonic()
        assert _read_answer(read_end, os.getpid(), QueryLimits(timeout=5)) == b"the answer"
        assert time.monotonic() - started < 1
    finally:
        os.close(read_end)
        os.close(write_end)


def test_a_worker_that_outlives_its_answer_is_killed_after_the_grace() -> None:
    pid = os.fork()
    if pid == 0:  # a worker stuck forever
        time.sleep(60)
        os._exit(0)
    started = time.monotonic()
    status = _reap(pid, 0.2)
    assert time.monotonic() - started < 5
    assert os.WIFSIGNALED(status)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_memory_query_still_forks_in_a_threaded_process(another_thread: None) -> None:
    # rdflib's graph lives only in this process, so its worker is forked; the
    # child touches no native store, and gives its answer framed as ever.
    graph = new_graph().parse(data='<urn:a> <urn:b> "c" .', format="nt")
    rows = run_query(graph, "SELECT ?o { ?s ?p ?o }")
    assert [str(row["o"]) for row in rows] == ["c"]
