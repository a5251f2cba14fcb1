"""Write files so that a reader never sees half of one.

Every output of the project (the built graph, the network page) is written
to a temporary file in the target's own directory, flushed to disk, then
moved over the target with :func:`os.replace`, which is atomic on POSIX and
Windows when both paths are on the same file system. If anything fails on
the way, the temporary file is removed and the previous file is untouched.

:func:`staged_path` and :func:`commit_staged` split the two halves for writers
that produce a file themselves (``networkx.write_graphml``) and for builds
that must publish several files together only once all of them exist.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write_bytes", "atomic_write_text", "commit_staged", "discard_staged",
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
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
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
