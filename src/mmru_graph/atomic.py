"""Write files so that a reader never sees half of one.

Every output of the project (the built graph, the network page) is written
to a temporary file in the target's own directory, flushed to disk, then
moved over the target with :func:`os.replace`, which is atomic on POSIX and
Windows when both paths are on the same file system. If anything fails on
the way, the temporary file is removed and the previous file is untouched.

:func:`staged_path` and :func:`commit_staged` split the two halves for writers
that produce a file themselves (``networkx.write_graphml``).

A build publishes several files that belong together; :func:`new_set`,
:func:`publish_set` and :func:`remove_stale_sets` replace the whole output
folder as one set (see the comment above them).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

__all__ = ["atomic_write_bytes", "atomic_write_text", "commit_staged", "current_set",
           "discard_staged", "new_set", "output_lock", "publish_set", "remove_stale_sets",
           "staged_path"]


def staged_path(path: str | os.PathLike[str]) -> Path:
    """Create an empty temporary file next to ``path`` and return its path.

    The name starts with ``.`` and the target's name, so a crashed writer
    leaves an obvious, hidden leftover rather than a plausible output.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "out.txt"
    >>> tmp = staged_path(target)
    >>> tmp.parent == target.parent, tmp.name.startswith(".out.txt."), tmp.exists()
    (True, True, True)
    >>> discard_staged(tmp)
    """
    target = Path(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except FileNotFoundError:
        # Name the folder the user gave, not the temporary file we tried to make.
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(target.parent)) from None
    os.close(fd)
    return Path(name)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not possible on every platform.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def discard_staged(tmp: str | os.PathLike[str]) -> None:
    """Remove a temporary file made by :func:`staged_path`, if it still exists."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)


def commit_staged(tmp: str | os.PathLike[str], path: str | os.PathLike[str]) -> None:
    """Flush ``tmp`` to disk and move it over ``path`` in one atomic step.

    Raises
    ------
    OSError
        If the file cannot be synced or renamed; ``tmp`` is removed then.
    """
    tmp, target = Path(tmp), Path(path)
    try:
        _fsync_file(tmp)
        # mkstemp creates files readable by the owner only; outputs are for
        # everyone who can read the directory, like a plain open() would make.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        discard_staged(tmp)
        raise
    _fsync_dir(target.parent)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file at ``path`` with ``data``, atomically.

    Parameters
    ----------
    path : path
        The file to write; its directory must exist.
    data : bytes
        The complete new content.

    Raises
    ------
    OSError
        If the directory does not exist, the disk is full, ... The file at
        ``path`` is then exactly what it was before, and no temporary file
        is left behind.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "data.bin"
    >>> atomic_write_bytes(target, b"\\x00\\x01")
    >>> target.read_bytes()
    b'\\x00\\x01'
    """
    target = Path(path)
    tmp = staged_path(target)
    try:
        tmp.write_bytes(data)
    except BaseException:
        discard_staged(tmp)
        raise
    commit_staged(tmp, target)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Replace the file at ``path`` with ``text``, atomically.

    The text is written as is: no newline translation, so the bytes on disk
    are the same on every platform (builds must be byte-identical).

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "note.txt"
    >>> atomic_write_text(target, "first\\n")
    >>> atomic_write_text(target, "second\\n")
    >>> target.read_text()
    'second\\n'
    >>> sorted(p.name for p in target.parent.iterdir())
    ['note.txt']
    """
    atomic_write_bytes(path, text.encode(encoding))


# --------------------------------------------------------------------------
# A folder of outputs, replaced as one set
# --------------------------------------------------------------------------
# ``OUT`` (say ``graph/build``) is a symbolic link to a sibling folder
# ``.OUT.set-XXXX`` that holds one complete set of outputs. A build writes a
# new set folder next to it, then swaps the link with one rename(2): a reader
# opening ``graph/build/graph.ttl`` gets the old set or the new one, never a
# mix, whatever moment the writer is killed at. Readers keep using the
# documented paths; only the link's target changes.
_SET, _LINK, _OLD = ".set-", ".link-", ".old-"


def _hidden(out: Path, kind: str) -> str:
    return f".{out.name}{kind}"


def current_set(out: str | os.PathLike[str]) -> Path | None:
    """The set folder ``out`` points at, if ``out`` is such a link.

    >>> import tempfile
    >>> current_set(Path(tempfile.mkdtemp()) / "build") is None
    True
    """
    out = Path(out)
    if not out.is_symlink():
        return None
    target = Path(os.readlink(out))
    return target if target.is_absolute() else out.parent / target


@contextlib.contextmanager
def output_lock(out: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an exclusive lock on the output folder ``out`` (one build at a time).

    A second build waits rather than removing the first one's set folder as
    stale. The lock file ``.OUT.lock`` sits next to ``out``.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = out.parent / f".{out.name}.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, builds must not overlap
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def remove_stale_sets(out: str | os.PathLike[str]) -> list[Path]:
    """Remove the set folders and links next to ``out`` that ``out`` does not point at.

    They are what killed or failed builds left behind (a half-written set, a
    link never swapped in, an old set never removed). Call it holding
    :func:`output_lock`. Returns what was removed.
    """
    out = Path(out)
    keep = current_set(out)
    removed = []
    for kind in (_SET, _LINK, _OLD):
        for path in sorted(out.parent.glob(f"{_hidden(out, kind)}*")):
            if keep is not None and path.name == keep.name:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            removed.append(path)
    return removed


def new_set(out: str | os.PathLike[str]) -> Path:
    """Create an empty set folder next to ``out`` for a build to fill."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=_hidden(out, _SET), dir=out.parent))
    # mkdtemp makes it private; outputs are for everyone who can read the parent.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staged, 0o777 & ~umask)
    return staged


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def publish_set(staged: str | os.PathLike[str], out: str | os.PathLike[str],
                known: Iterable[str], phase: Callable[[str], None] = lambda name: None) -> None:
    """Make the filled set folder ``staged`` what ``out`` shows, in one atomic step.

    Parameters
    ----------
    staged : path
        A folder made by :func:`new_set` holding the complete new outputs.
    out : path
        The output folder readers open (``graph/build``): a link to the set.
    known : iterable of str
        The names a build writes. An ``out`` that is still a plain folder
        (from before outputs were sets) is taken over only if it holds
        nothing else, so a user's folder given by mistake is never swallowed.
    phase : callable
        Called with ``"linked"`` (the new link exists, not yet swapped in)
        and ``"swapped"`` (before the old set is removed); a test hook.

    Raises
    ------
    FileExistsError
        ``out`` is a plain folder holding files the build did not write, or a file.
    """
    staged, out = Path(staged), Path(out)
    for path in staged.iterdir():
        if path.is_dir():  # a folder output (the Oxigraph store): its files, then itself
            for inner in path.rglob("*"):
                if inner.is_file():
                    _fsync_file(inner)
            _fsync_dir(path)
        else:
            _fsync_file(path)
    _fsync_dir(staged)
    plain = out.is_dir() and not out.is_symlink()
    if plain:
        names = set(known)
        foreign = sorted(p.name for p in out.iterdir()
                         if p.name not in names and not p.name.startswith("."))
        if foreign:
            raise FileExistsError(errno.EEXIST, "holds files the build did not write ("
                                  + ", ".join(foreign[:3]) + "); the build replaces its "
                                  "output folder as a whole: choose a new or empty folder",
                                  str(out))
    elif out.exists() and not out.is_symlink():
        raise FileExistsError(errno.EEXIST, "is a file, not an output folder", str(out))
    suffix = staged.name.rsplit(_SET, 1)[-1]
    link = out.parent / f"{_hidden(out, _LINK)}{suffix}"
    os.symlink(staged.name, link)  # relative: the folder can be moved as a whole
    phase("linked")
    if plain:
        # Once only: a plain folder cannot be replaced by rename(2); swap it
        # with the link atomically where the system can, else in two renames.
        old = out.parent / f"{_hidden(out, _OLD)}{suffix}"
        if _exchange(link, out):
            os.replace(link, old)
        else:
            os.replace(out, old)
            os.replace(link, out)
    else:
        os.replace(link, out)
    _fsync_dir(out.parent)
    phase("swapped")
