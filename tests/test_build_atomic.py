"""The build replaces its outputs as one set, whenever it is killed.

A build is forked and killed with SIGKILL at each named phase
(``MMRU_GRAPH_BUILD_KILL_AT``, see mmru_graph.build): before, during and
after the swap. The output folder must then hold exactly the previous set
or exactly the new one, never a mix; the next build must leave no stale
temporary behind. Each killed build runs in a fresh interpreter, never a
fork of the test process: a build opens an Oxigraph store, and RocksDB opened
in a child forked from a process that already runs RocksDB's threads can
wait forever on a lock no thread will release.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import mmru_graph.atomic as atomic
from mmru_graph.build import KILL_AT, OUTPUT_DIRS, OUTPUT_FILES, build_graph

OUTPUTS = (*OUTPUT_FILES, *OUTPUT_DIRS)
PHASES_BEFORE_SWAP = ["validated", *(f"wrote {name}" for name in OUTPUTS), "linked"]
PHASES_AFTER_SWAP = ["swapped", "cleaned"]


def _hash(path: Path) -> str:
    """A file's SHA-256, or the store's: of its quads, sorted (RocksDB's own files,
    logs and numbering differ from one identical load to the next)."""
    if not path.is_dir():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    import pyoxigraph as ox

    store = ox.Store.read_only(str(path / "data"))
    quads = sorted(str(quad) for quad in store)
    del store
    return hashlib.sha256("\n".join(quads).encode()).hexdigest()


def digest(out: Path) -> dict[str, str]:
    return {p.name: _hash(p) for p in sorted(out.iterdir())}


def killed_build(graph: Path, out: Path, phase: str) -> int:
    """Build in a child process that kills itself at ``phase``; the child's signal
    (or minus its exit status, if the phase never came)."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from mmru_graph.build import build_graph; "
         "build_graph(Path(sys.argv[1]), Path(sys.argv[2])); sys.exit(3)", str(graph), str(out)],
        env={**os.environ, KILL_AT: phase}, capture_output=True, timeout=300, check=False)
    return -done.returncode  # Popen gives minus the signal of a killed child


def leftovers(out: Path) -> list[str]:
    current = atomic.current_set(out)
    return sorted(p.name for p in out.parent.iterdir()
                  if p.name.startswith(f".{out.name}.") and p.name != f".{out.name}.lock"
                  and (current is None or p.name != current.name))


def edit(graph: Path) -> None:
    """A change that alters every output (a name), still valid."""
    entities = graph / "data" / "entities.ttl"
    text = entities.read_text(encoding="utf-8")
    assert '"Russia"' in text
    entities.write_text(text.replace('"Russia"', '"Russian Federation"', 1), encoding="utf-8")


@pytest.fixture
def two_sets(mini_graph: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, str],
                                                        dict[str, str]]:
    """An output folder holding the old set, and the digests of the old and new sets."""
    new_out = tmp_path / "expected"
    old_out = tmp_path / "out"
    build_graph(mini_graph, old_out)
    old = digest(old_out)
    edit(mini_graph)
    build_graph(mini_graph, new_out)
    new = digest(new_out)
    assert old.keys() == new.keys() == set(OUTPUTS)
    assert all(old[name] != new[name] for name in OUTPUTS)
    return mini_graph, old_out, old, new


@pytest.mark.parametrize("phase", PHASES_BEFORE_SWAP + PHASES_AFTER_SWAP)
def test_a_kill_at_any_phase_leaves_one_whole_set(two_sets: tuple, phase: str) -> None:
    graph, out, old, new = two_sets
    assert killed_build(graph, out, phase) == signal.SIGKILL
    assert digest(out) == (old if phase in PHASES_BEFORE_SWAP else new)
    build_graph(graph, out)  # the next build cleans up after the killed one
    assert digest(out) == new
    assert leftovers(out) == []
    umask = os.umask(0)
    os.umask(umask)
    assert out.is_symlink() and out.stat().st_mode & 0o777 == 0o777 & ~umask


@pytest.mark.parametrize("phase", ["linked", "swapped"])
def test_a_kill_while_taking_over_a_plain_folder(mini_graph: Path, tmp_path: Path,
                                                 phase: str) -> None:
    # An output folder from before outputs were sets is a plain folder; it is
    # taken over by swapping it with the link, atomically too. (Such a folder
    # holds the files of its day, no store.)
    out = tmp_path / "out"
    build_graph(mini_graph, tmp_path / "first")
    out.mkdir()
    for name in OUTPUT_FILES:
        (out / name).write_bytes((tmp_path / "first" / name).read_bytes())
    old = digest(out)
    edit(mini_graph)
    assert killed_build(mini_graph, out, phase) == signal.SIGKILL
    assert digest(out) == old if phase == "linked" else digest(out) != old
    assert set(digest(out)) == set(OUTPUT_FILES if phase == "linked" else OUTPUTS)
    build_graph(mini_graph, out)
    assert out.is_symlink() and leftovers(out) == []


def test_a_failing_swap_leaves_the_old_set(two_sets: tuple,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    graph, out, old, _new = two_sets

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        build_graph(graph, out)
    monkeypatch.undo()
    assert digest(out) == old
    build_graph(graph, out)
    assert leftovers(out) == []


def test_a_folder_with_other_files_is_not_swallowed(mini_graph: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="holds files the build did not write"):
        build_graph(mini_graph, out)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    assert leftovers(out) == []
