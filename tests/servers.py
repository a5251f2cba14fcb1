"""A real SPARQL server for tests: the Oxigraph server (PyPI's ``oxigraph``) on a free
loopback port, loaded with a built ``graph.nq`` and stopped after."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port nothing answers on: held bound, never listening, so that no
    other test's server (pytest-xdist runs them in parallel) can take it meanwhile."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield int(held.getsockname()[1])


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).is_file():
        pytest.fail("the oxigraph server is missing: pip install -e '.[test]'")
    return found


@contextmanager
def oxigraph_server(quads: Path, location: Path) -> Iterator[str]:
    """The Oxigraph server holding ``quads`` (N-Quads) in ``location``; its query URL."""
    binary = oxigraph_binary()
    subprocess.run([binary, "load", "--location", str(location), "--file", str(quads)],
                   check=True, capture_output=True, timeout=120)
    # Tests run in parallel (pytest-xdist): a port found free may be taken by
    # another worker's server before this one binds it; then another port.
    for _attempt in range(5):
        port = free_port()
        process = subprocess.Popen([binary, "serve-read-only", "--location", str(location),
                                    "--bind", f"127.0.0.1:{port}",
                                    # as the README serves it: facts live in each source's
                                    # named graph, queries read their union
                                    "--union-default-graph"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/query"
        if _answers(url, process):
            break
        process.terminate()
        process.wait(timeout=10)
    else:
        pytest.fail("the Oxigraph server did not start")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers(url: str, process: subprocess.Popen[bytes]) -> bool:
    """Whether the server at ``url`` answers within 30 s (False once it has exited)."""
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2):
                pass
            # The answer may have come from another worker's server on the same
            # port, while this one fails to bind it and exits: it would by now.
            time.sleep(0.2)
            return process.poll() is None
        except OSError:
            time.sleep(0.1)
    return False
