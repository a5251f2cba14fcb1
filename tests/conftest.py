"""Shared fixtures: the real graph, loaded once per test session; the ``article`` marker.

Tests of the article's facts (and end-to-end runs on the curated graph) are
data tests, marked ``article``; library behaviour is tested on small graphs
(``mini_graph``, tests/fixtures/, graphs built in the test). The marker is set
here for every test that uses a fixture of the curated graph (``graph``,
``graph_copy``, ``built_dir``) or names its folder (``GRAPH``/``GRAPH_DIR``),
for every doctest that loads, validates, builds or searches it (a call given
no folder; copying its ontology and shapes is no reading of the article), and
by ``pytestmark`` in modules that run commands on it; ``pytest -m "not
article"`` runs the library tests alone. This file is loaded only when
``tests/`` is collected (the default ``testpaths``): ``pytest src/`` alone
marks no doctest.
"""

from __future__ import annotations

import os
import re
import tempfile
import types
from pathlib import Path

import pytest
from rdflib import Graph

from mmru_graph import load_graph

ROOT = Path(__file__).resolve().parents[1]
GRAPH_DIR = ROOT / "graph"


@pytest.fixture(scope="session")
def graph() -> Graph:
    """The curated graph (ontology, sources, data) as an rdflib graph."""
    return load_graph(GRAPH_DIR)


@pytest.fixture(scope="session")
def world() -> Graph:
    """The tiny invented world of tests/fixtures/tiny_world.ttl (library tests)."""
    return load_graph(files=[ROOT / "tests" / "fixtures" / "tiny_world.ttl"])


def make_world_dir(target: Path) -> Path:
    """A graph directory holding the tiny world, with the project's model: its ontology
    and its named queries (graph/ontology.ttl, graph/queries; no data of the article)."""
    import shutil

    (target / "data").mkdir(parents=True)
    shutil.copyfile(GRAPH_DIR / "ontology.ttl", target / "ontology.ttl")
    shutil.copytree(GRAPH_DIR / "queries", target / "queries")
    (target / "data" / "world.ttl").write_bytes(
        (ROOT / "tests" / "fixtures" / "tiny_world.ttl").read_bytes())
    return target


@pytest.fixture(scope="session")
def world_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny world as a graph directory, for commands (``--graph``); read only."""
    return make_world_dir(tmp_path_factory.mktemp("world") / "graph")


# --- the article marker ------------------------------------------------------------------
ARTICLE_FIXTURES = frozenset({"graph", "graph_copy", "built_dir"})
#: Module names of the curated graph's folder: a test naming one reads the article.
ARTICLE_NAMES = frozenset({"GRAPH", "GRAPH_DIR"})
#: A doctest reads the article when it loads, validates, builds or searches the default
#: graph folder (a call with no folder) or reads that folder for more than the model
#: (its ontology, shapes and named queries, which are no data of the article).
_LOADS_THE_GRAPH = re.compile(
    r"load_graph\(\)|find_quote\(None|build_graph\((\)|out_dir=)|validate_graph\(\)|"
    r"list_named_queries\(\)|"
    r"resolve_graph_dir\(\)(?!\s*/\s*\"(ontology\.ttl|shapes\.ttl|queries)\")")


def _reads_the_article(item: pytest.Item) -> bool:
    if ARTICLE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    dtest = getattr(item, "dtest", None)
    if dtest is not None:  # a doctest
        return bool(_LOADS_THE_GRAPH.search("".join(e.source for e in dtest.examples)))
    function = getattr(item, "function", None)
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    # The names the test's code uses (not the words of its strings: a SPARQL
    # query's GRAPH keyword is no reading of the article).
    return bool(ARTICLE_NAMES & _names_used(code))


def _names_used(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names_used(const)
    return names


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _reads_the_article(item):
            item.add_marker(pytest.mark.article)


# --- validate/build fixtures (tests/test_build.py, test_validate.py, test_cli_build.py) ---

def copy_graph_dir(source: Path, target: Path) -> Path:
    """Copy a graph directory (never its build outputs) to ``target``."""
    import shutil

    shutil.copytree(source, target,
                    ignore=shutil.ignore_patterns("build", "__pycache__", ".*"))
    return target


@pytest.fixture
def graph_copy(tmp_path: Path) -> Path:
    """A fresh copy of the real graph directory, for a test to corrupt."""
    return copy_graph_dir(GRAPH_DIR, tmp_path / "graph")


@pytest.fixture
def mini_graph(tmp_path: Path) -> Path:
    """The small fixture graph of tests/fixtures/mini_graph with the real article text."""
    import shutil

    target = copy_graph_dir(ROOT / "tests" / "fixtures" / "mini_graph", tmp_path / "mini")
    for text in (GRAPH_DIR / "sources").glob("*.txt"):
        shutil.copyfile(text, target / "sources" / text.name)
    return target


MULTI_SOURCE = ROOT / "tests" / "fixtures" / "multi_source"


def make_multi_source(target: Path) -> Path:
    """The invented three-source corpus of tests/fixtures/multi_source with the real
    ontology and shapes, copied to ``target``."""
    import shutil

    copy_graph_dir(MULTI_SOURCE, target)
    for name in ("ontology.ttl", "shapes.ttl"):
        shutil.copyfile(GRAPH_DIR / name, target / name)
    return target


@pytest.fixture
def multi_source(tmp_path: Path) -> Path:
    """A fresh copy of the multi-source fixture corpus (TEST DATA, not news), to change."""
    return make_multi_source(tmp_path / "multi")


@pytest.fixture(scope="session")
def multi_source_graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The multi-source fixture corpus loaded once per session (read only)."""
    return load_graph(make_multi_source(tmp_path_factory.mktemp("multi") / "graph"))


@pytest.fixture(scope="session")
def built_multi_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The multi-source fixture corpus built once per session: (graph folder, build
    folder), read only."""
    from mmru_graph.build import build_graph

    graph_dir = make_multi_source(tmp_path_factory.mktemp("multi-built") / "graph")
    out = graph_dir.parent / "build"
    build_graph(graph_dir, out)
    return graph_dir, out


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real graph built once per session (``build_graph``) into a temporary directory."""
    from mmru_graph.build import build_graph

    out = tmp_path_factory.mktemp("build")
    build_graph(GRAPH_DIR, out)
    return out


# --- tests never write tracked files ------------------------------------------------------
# The work tree's state (`git status --porcelain`) is read when the session starts and
# again when it ends; any difference fails the run, naming the paths. Screenshots and
# plots go to temporary folders (scripts/refresh-docs-images writes docs/ on purpose).

def _work_tree_state() -> str | None:
    import subprocess

    try:
        done = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_STATE_KEY] = _work_tree_state()
    # The user's cache (parse cache, checked queries) is theirs: the run keeps
    # its own, unless the caller chose one (scripts/test-extra-source does).
    # Under pytest-xdist each worker keeps its own (what one worker's tests cache
    # must not change what another's see), the caller's choice apart.
    if not os.environ.get("MMRU_GRAPH_CACHE_DIR") or (
            os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get(_OWN_CACHE)):
        os.environ["MMRU_GRAPH_CACHE_DIR"] = tempfile.mkdtemp(prefix="mmru-test-cache-")
        os.environ[_OWN_CACHE] = "1"


_OWN_CACHE = "MMRU_GRAPH_TEST_OWN_CACHE"


@pytest.fixture(autouse=True)
def _default_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables are as wide as on a terminal of the default width, whatever the
    caller's COLUMNS (pytest-xdist sets 80 in its workers); tests of other widths
    set it themselves."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_STATE_KEY, None)
    after = _work_tree_state()
    if before is None or after is None or before == after:
        return
    changed = sorted(set(after.splitlines()) ^ set(before.splitlines()))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = "the test run changed the work tree: " + ", ".join(changed)
    if reporter is not None:
        reporter.write_line(f"FAILED {message}", red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


_STATE_KEY = pytest.StashKey[str | None]()
