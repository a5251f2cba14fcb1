"""A spawned query worker: ``python -m mmru_graph.sparql.worker``.

Reads one pickled ``(call, limits)`` request from standard input, makes the
call under the network guard and the memory ceiling, and writes the framed,
pickled answer to standard output, as a forked worker of
:mod:`mmru_graph.sparql.limits` does through its pipe. Used where forking is
unsafe (the calling process runs native threads).
"""

from __future__ import annotations

import pickle
import sys


def main() -> None:
    """Answer the one request on standard input."""
    from ..offline import offline
    from .limits import answer, call, write_answer

    spec, limits = pickle.loads(sys.stdin.buffer.read())
    with offline():
        data = answer(lambda: call(spec), limits)
    write_answer(sys.stdout.fileno(), data)


if __name__ == "__main__":
    main()
