"""Limits on what one query may cost: time, rows, memory.

A SPARQL query can run away: a cross product of three patterns, a
catastrophically backtracking ``regex``, an ``ORDER BY`` over millions of
rows, a ``CONCAT`` nested until the string is gigabytes. Neither rdflib nor
pyoxigraph can be interrupted from inside Python, so the query is evaluated
in a **worker process** that the caller can kill. The parent waits for the
answer, watching the worker's private memory, and kills it with ``SIGKILL``
at the deadline or above the memory limit; the worker sets its own memory
ceiling (``RLIMIT_AS``) too.

Two kinds of worker, chosen by :func:`run_limited`:

- **forked** (the usual case): the child shares the already loaded graph,
  copy-on-write, so an ordinary query pays a fork, tens of milliseconds, not a
  reload;
- **spawned** (a fresh interpreter, ``python -m mmru_graph.sparql.worker``)
  for work given as an importable call, when the calling process already runs
  native threads (an Oxigraph store opened earlier starts RocksDB's thread
  pool): a fork copies only the calling thread, and a child that needs a lock
  another thread held at the fork waits forever. The embedded store's queries
  are given this way, so the child opens the store itself and never inherits
  one.

Either way the answer is framed (its length first), so a worker that stalls
after answering costs nothing: the parent takes the answer, gives the worker
a moment to exit, and kills it.

The limits belong to the data layer, as datasette's
``with sqlite_timelimit(conn, ms)`` does for SQLite: :class:`QueryLimits` is
an argument of :func:`mmru_graph.sparql.run_query`; the command line only
passes its options through. Exceeding any limit raises
:class:`~mmru_graph.errors.QueryLimitError`, naming the limit.

Where ``os.fork`` does not exist (Windows), the query runs in the calling
process and only the row limit is enforced.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import pickle
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from ..errors import MmruError, NetworkRefusedError, QueryError, QueryLimitError

__all__ = ["DEFAULT_LIMITS", "Call", "QueryLimits", "call", "fork_is_safe", "limit_error",
           "run_limited"]

T = TypeVar("T")


@dataclass(frozen=True)
class QueryLimits:
    """The most one query may take.

    Attributes
    ----------
    timeout : float or None
        Seconds of wall time before the worker is killed (None: no limit).
    max_rows : int or None
        Result rows (triples for CONSTRUCT / DESCRIBE) before the query is
        stopped; counted while the rows are produced, so a huge result is
        stopped early rather than built.
    memory_mb : int or None
        Megabytes the worker may use beyond what it shares with its parent:
        its ``RLIMIT_AS`` ceiling is its parent's address space plus this,
        and the parent kills it when its private memory (new allocations
        and the shared pages it has written to) exceeds this.
    """

    timeout: float | None = 30.0
    max_rows: int | None = 100_000
    memory_mb: int | None = 2048

    def __post_init__(self) -> None:
        for name in ("timeout", "max_rows", "memory_mb"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise QueryError(f"the {name.replace('_', ' ')} limit must be positive, "
                                 f"not {value}")


#: What :func:`mmru_graph.sparql.run_query` applies when given no limits.
DEFAULT_LIMITS = QueryLimits()


def limit_error(limit: str, limits: QueryLimits) -> QueryLimitError:
    """The one-line error for a limit that was reached.

    >>> str(limit_error("rows", QueryLimits(max_rows=10)))
    'query stopped: its result exceeds the row limit (10 rows)'
    """
    if limit == "timeout":
        return QueryLimitError(f"query stopped: it ran longer than the time limit "
                               f"({limits.timeout:g} s)", "timeout", limits.timeout or 0)
    if limit == "rows":
        return QueryLimitError(f"query stopped: its result exceeds the row limit "
                               f"({limits.max_rows} rows)", "rows", limits.max_rows or 0)
    return QueryLimitError(f"query stopped: it needed more memory than the memory limit "
                           f"({limits.memory_mb} MB)", "memory", limits.memory_mb or 0)


def _address_space() -> int:
    """Bytes of address space this process maps now (0 if unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _set_memory_ceiling(megabytes: int) -> None:
    import resource

    ceiling = _address_space() + megabytes * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def _caused_by_memory(exc: BaseException) -> bool:
    current: BaseException | None = exc
    for _ in range(20):
        if current is None:
            return False
        if isinstance(current, MemoryError):
            return True
        current = current.__cause__ or current.__context__
    return False


#: An importable call a fresh interpreter can make: ``(module, function, args)``.
Call = tuple[str, str, tuple[Any, ...]]

_LENGTH = 8


def _frame(data: bytes) -> bytes:
    """The answer preceded by its length, so the reader knows when it is whole."""
    return len(data).to_bytes(_LENGTH, "big") + data


def call(spec: Call) -> Any:
    """Make an importable call.

    >>> call(("math", "gcd", (12, 18)))
    6
    """
    module, function, args = spec
    return getattr(importlib.import_module(module), function)(*args)


def fork_is_safe() -> bool:
    """Whether this process runs a single thread, so that a fork copies all of it.

    Native threads count too (read from ``/proc/self/task``): Python's own
    ``threading`` cannot see RocksDB's.
    """
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        import threading

        return threading.active_count() == 1


def answer(work: Callable[[], Any], limits: QueryLimits) -> bytes:
    """Run ``work`` and pickle ``(kind, payload)`` for the parent (in a worker)."""
    if limits.memory_mb is not None:
        _set_memory_ceiling(limits.memory_mb)
    try:
        message: tuple[str, Any] = ("ok", work())
    except QueryLimitError as exc:
        message = ("limit", exc.limit)
    except NetworkRefusedError as exc:
        message = ("network", str(exc))
    except MmruError as exc:
        message = ("error", str(exc))
    except BaseException as exc:
        if _caused_by_memory(exc):
            message = ("limit", "memory")
        else:
            message = ("error", f"query failed: {type(exc).__name__}: {exc}")
    try:
        return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("limit", "memory"))


def write_answer(out: int, data: bytes) -> None:
    """Write a framed answer to file descriptor ``out``."""
    view = memoryview(_frame(data))
    while view:
        written = os.write(out, view)
        view = view[written:]


def _child(work: Callable[[], Any], limits: QueryLimits, out: int) -> None:
    """Run in the forked worker: evaluate, send ``(kind, payload)``, never return."""
    code = 0
    try:
        # No cyclic garbage collection in a forked child: it would run the
        # finalisers of objects the parent still owns (a native store's close
        # joins threads that were not copied by the fork).
        gc.disable()
        # The worker answers through the pipe only: what a dying evaluation
        # prints (``Exception ignored in`` generator finalisers after a
        # MemoryError) must not reach the user's terminal.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        write_answer(out, answer(work, limits))
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _private_memory(pid: int) -> int | None:
    """Bytes of memory process ``pid`` holds privately (None if the system cannot say).

    A forked worker starts sharing every page with its parent; what it
    allocates, and every shared page it writes to (copy-on-write), becomes
    private. That is the memory the worker costs, whether it maps new memory
    or reuses what its parent had freed.
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line)
        return sum(int(fields[key].split()[0]) for key in ("Private_Clean", "Private_Dirty")) \
            * 1024
    except (OSError, ValueError, KeyError, IndexError):
        return None


#: How often the parent looks at the worker's private memory: every 50 ms at first,
#: then a tenth of the time the query has run, at most every second. Reading
#: ``smaps_rollup`` walks every mapping of the worker (tens of ms of system time
#: for an Oxigraph worker): at a fixed 50 ms the waiting parent burned a third of
#: a core for as long as a long query ran.
_POLL_SECONDS = 0.05
_POLL_MAX_SECONDS = 1.0


def _read_answer(pipe: int, pid: int, limits: QueryLimits) -> bytes | None:
    """The worker's framed answer, or None if it closed the pipe before a whole one.

    Raises a limit's error (the caller kills the worker). Besides the
    deadline, the worker's private memory is watched: its ``RLIMIT_AS``
    ceiling cannot see memory the parent had already freed inside its own
    heap (a long-lived process, a notebook), which a forked worker may fill
    without mapping anything new.
    """
    started = time.monotonic()
    deadline = None if limits.timeout is None else started + limits.timeout
    ceiling = None if limits.memory_mb is None else limits.memory_mb * 1024 * 1024
    if ceiling is not None and _private_memory(os.getpid()) is None:
        ceiling = None  # no /proc: the RLIMIT_AS ceiling alone
    received = bytearray()
    # poll, not select: select() refuses a descriptor above 1023, which a process that
    # has opened many stores (a notebook, a test session) reaches.
    waiting = select.poll()
    waiting.register(pipe, select.POLLIN)
    while True:
        if len(received) >= _LENGTH:
            size = int.from_bytes(received[:_LENGTH], "big")
            if len(received) >= _LENGTH + size:
                return bytes(received[_LENGTH:_LENGTH + size])
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        if ceiling is not None:
            ran = time.monotonic() - started
            poll = min(_POLL_MAX_SECONDS, max(_POLL_SECONDS, ran / 10))
            wait = poll if wait is None else min(wait, poll)
        ready = waiting.poll(None if wait is None else wait * 1000)
        if not ready:
            if deadline is not None and time.monotonic() >= deadline:
                raise limit_error("timeout", limits)
            if ceiling is not None and (_private_memory(pid) or 0) > ceiling:
                raise limit_error("memory", limits)
            continue
        chunk = os.read(pipe, 1 << 20)
        if not chunk:
            return None
        received += chunk


#: How long a worker that has answered (or closed its pipe) may take to exit.
_EXIT_GRACE = 1.0


def _reap(pid: int, grace: float) -> int:
    """Wait at most ``grace`` seconds for the worker to exit, then kill it; its status."""
    end = time.monotonic() + grace
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return 0
        if done:
            return status
        if time.monotonic() >= end:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                return os.waitpid(pid, 0)[1]
            return 0
        time.sleep(0.005)


def _decode(data: bytes | None, status: int, limits: QueryLimits) -> Any:
    if not data:
        if limits.memory_mb is not None and os.WIFSIGNALED(status):
            # An allocation that fails outside Python (a native library) aborts.
            raise limit_error("memory", limits)
        raise QueryError(f"the query worker died without answering (status {status})")
    kind, payload = pickle.loads(data)
    if kind == "ok":
        return payload
    if kind == "limit":
        raise limit_error(payload, limits)
    if kind == "network":
        raise NetworkRefusedError(payload)
    raise QueryError(payload)


def _run_forked(work: Callable[[], T], limits: QueryLimits) -> T:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        os.close(read_end)
        _child(work, limits, write_end)
    os.close(write_end)
    answered = False
    try:
        data = _read_answer(read_end, pid, limits)
        answered = True
    finally:
        os.close(read_end)
        status = _reap(pid, _EXIT_GRACE if answered else 0.0)
    return cast(T, _decode(data, status, limits))


def _run_spawned(spec: Call, limits: QueryLimits) -> Any:
    request = pickle.dumps((spec, limits), protocol=pickle.HIGHEST_PROTOCOL)
    process = subprocess.Popen(  # this interpreter, running a module of ours
        [sys.executable, "-m", "mmru_graph.sparql.worker"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, close_fds=True)
    stdin, stdout = cast(Any, process.stdin), cast(Any, process.stdout)
    answered = False
    try:
        with contextlib.suppress(BrokenPipeError):
            stdin.write(request)
            stdin.close()
        data = _read_answer(stdout.fileno(), process.pid, limits)
        answered = True
    finally:
        stdout.close()
        try:
            status = process.wait(_EXIT_GRACE if answered else 0.0)
        except subprocess.TimeoutExpired:
            process.kill()
            status = process.wait()
    # Popen reports a signal as a negative return code; _decode reads a wait status.
    return _decode(data, (-status) & 0x7F if status < 0 else status << 8, limits)


def run_limited(work: Callable[[], T], limits: QueryLimits = DEFAULT_LIMITS,
                spec: Call | None = None) -> T:
    """Call ``work()`` in a worker process bounded by ``limits`` and return its result.

    Parameters
    ----------
    work : callable
        Evaluates the query and returns a picklable value. In a forked
        worker it sees everything the caller has loaded; it should raise
        :class:`~mmru_graph.errors.QueryLimitError` itself for the row limit
        (it knows what a row is).
    limits : QueryLimits
    spec : (module, function, args), optional
        The same work as an importable call. Given, the work runs in a freshly
        spawned interpreter whenever this process runs other threads (see the
        module's notes); the embedded store's queries are given so.

    Raises
    ------
    QueryLimitError
        The time, row or memory limit was reached; the worker is gone.
    QueryError
        The work failed (its message), or the worker died without answering.
    NetworkRefusedError
        The work tried to reach the network (:mod:`mmru_graph.offline`).

    Examples
    --------
    >>> run_limited(lambda: sum(range(10)))
    45
    >>> import time
    >>> run_limited(lambda: time.sleep(5), QueryLimits(timeout=0.2))
    Traceback (most recent call last):
    ...
    mmru_graph.errors.QueryLimitError: query stopped: it ran longer than the time limit (0.2 s)
    >>> run_limited(lambda: "x" * (400 * 1024 * 1024), QueryLimits(memory_mb=100))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.errors.QueryLimitError: query stopped: it needed more memory than the memory ...
    """
    if not hasattr(os, "fork"):
        return work()
    if spec is not None and not fork_is_safe():
        return cast(T, _run_spawned(spec, limits))
    return _run_forked(work, limits)
