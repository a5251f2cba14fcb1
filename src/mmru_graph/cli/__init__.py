"""The ``mmru-graph`` command line: a thin layer over the library.

Each command module parses options, calls one library function and prints
the result; :mod:`.common` turns library errors into one-line messages and
exit codes. ``mmru_graph.cli:main`` is the console script.
"""

from .main import cli, main

__all__ = ["cli", "main"]
