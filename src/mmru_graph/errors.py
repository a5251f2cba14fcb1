"""Errors the library raises: plain exceptions that say what is wrong with the input.

Every error carries what an analyst needs to fix the input: the file and
line, the offending name, or the query position. They know nothing of the
command line: the CLI (:mod:`mmru_graph.cli.common`) maps each class to an
exit code and adds any advice about its options (datasette's and
sqlite-utils' split).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class MmruError(Exception):
    """Base class of every error the library raises on bad input."""


class GraphNotFoundError(MmruError):
    """The graph directory, or a file it must contain, does not exist."""


class GraphSyntaxError(MmruError):
    """A Turtle (or other RDF) file does not parse.

    The message starts with ``FILE:LINE:`` so editors can jump to it.
    """

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.detail = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Violation:
    """One problem found while validating: which node, which property, what."""

    focus: str
    path: str
    message: str
    #: ``FILE:LINE`` where the focus node is written, when known.
    location: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.focus} {self.path}: {self.message}"


class ValidationError(MmruError):
    """The graph parsed but breaks a rule (quote, offsets, SHACL shape)."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        n = len(violations)
        super().__init__(f"{n} violation{'s' if n != 1 else ''}:\n"
                         + "\n".join(f"  {v}" for v in violations))


class QuoteNotFoundError(MmruError):
    """A quote looked up with ``mmru-graph locate`` is in no source text.

    The message says where the closest passage is, when there is one.
    """


class UnsupportedStoreError(MmruError):
    """A store kind was asked for that this version cannot open."""



class StoreNotFoundError(MmruError):
    """The built Oxigraph store asked for is missing or older than its sources."""


class EndpointError(MmruError):
    """A SPARQL endpoint could not be reached or gave an answer that is not SPARQL JSON.

    The message names the endpoint and what went wrong (refused, timed out,
    HTTP status, not JSON), in one line.
    """


class NameResolutionError(MmruError):
    """A name given by the user matches no entity, or several."""


    def __init__(self, message: str, query: str, candidates: list[str]) -> None:
        self.query = query
        self.candidates = candidates
        super().__init__(message)


class QueryError(MmruError):
    """A SPARQL query is malformed, unknown, or asks to reach the network."""



class ExportError(MmruError):
    """An export cannot be written as asked (a format it has no place for, e.g. a
    date range for N-Quads)."""


class NoPathError(MmruError):
    """Two actors are not connected in the chosen projection (``via``)."""

    def __init__(self, message: str, via: str = "") -> None:
        self.via = via
        super().__init__(message)


class ResultShapeError(QueryError):
    """A query result cannot be written in the format asked for.

    ``result_type`` is ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``;
    ``suitable`` the formats that can show it.
    """

    def __init__(self, message: str, result_type: str, suitable: tuple[str, ...]) -> None:
        self.result_type = result_type
        self.suitable = suitable
        super().__init__(message)


class NotConvergedError(MmruError):
    """An iterative measure (eigenvector centrality) did not converge on this graph."""

    def __init__(self, message: str, measure: str) -> None:
        self.measure = measure
        super().__init__(message)



class InvalidDateError(MmruError, ValueError):
    """A date given by the user is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""


    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(f"{value!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")


class NetworkRefusedError(MmruError):
    """Something tried to reach the network; :mod:`mmru_graph.offline` refused it."""


class QueryLimitError(MmruError):
    """A query ran past one of its limits and was stopped.

    ``limit`` is ``"timeout"``, ``"rows"`` or ``"memory"``; ``value`` the
    limit's setting (seconds, rows, megabytes).
    """

    def __init__(self, message: str, limit: str, value: float) -> None:
        self.limit = limit
        self.value = value
        super().__init__(message)


class InvalidRangeError(MmruError, ValueError):
    """Options that are each valid but contradict each other (a range that ends
    before it starts, a pair of one actor with itself)."""


class SourceError(MmruError):
    """A source to register is wrong: its text is already registered, its id is
    in use, its file is missing or not UTF-8, or an id names no source."""


class StaleStoreWarning(UserWarning):
    """The built store answers, but what ``build`` saved beside it for speed (the
    projections, the disputes) was written by another version of mmru-graph or is
    damaged: it is computed afresh by each command, slower, until the next build.

    A warning, not an error: the answers are the same. The CLI shows it as a
    one-line note on stderr.
    """


def warn_stale(folder: Path, what: str, exc: BaseException | None = None) -> None:
    """Warn (:class:`~mmru_graph.errors.StaleStoreWarning`) that the ``what`` saved
    at ``folder`` cannot be read and are computed afresh: the same answers, slower,
    until the next build (most often: the store was built by another version).
    ``exc`` says why; without it, ``folder`` is missing or was not believed.

    >>> import warnings
    >>> from pathlib import Path
    >>> stale = ValueError("store/projections/x: written by other code")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_stale(Path("store/projections"), "projections", stale)
    >>> print(caught[0].message)  # doctest: +NORMALIZE_WHITESPACE
    store/projections: the projections saved with the store cannot be used (written by other
    code: another version of mmru-graph built it?); computed afresh instead, slower, until
    the next `mmru-graph build`
    """
    import warnings

    if exc is None:
        exc = (FileNotFoundError() if not folder.exists()
               else ValueError("damaged, or written by other code"))
    if isinstance(exc, FileNotFoundError):
        reason = "missing: an older version of mmru-graph built it?"
    else:
        reason = str(exc).rsplit(": ", 1)[-1] if str(exc) else type(exc).__name__
        if "other code" in reason:
            reason += ": another version of mmru-graph built it?"
    warnings.warn(StaleStoreWarning(
        f"{folder}: the {what} saved with the store cannot be used ({reason}); computed "
        "afresh instead, slower, until the next `mmru-graph build`"), stacklevel=3)
