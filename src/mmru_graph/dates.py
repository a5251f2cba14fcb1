"""Partial dates: parsing, comparing and labelling them as an analyst reads them.

The article often gives only a month ("in June") or a year ("in 2016"), and
the graph stores such dates as ``xsd:gYearMonth`` / ``xsd:gYear``. Every date
here is therefore a *span*: ``2021-06`` stands for 1–30 June 2021. Filters
compare spans by overlap, so an event dated ``2021-06`` is kept by
``since=2021-06-15`` (it may have happened after the 15th) and an event of
``2021-05-20 – 2021-05-22`` is kept by ``until=2021-05-21``.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date

from .errors import InvalidDateError, InvalidRangeError

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

#: The marker added to a label when the date is approximate.
APPROX = "approx."


# A graph repeats few dates, and the page and GraphML ask for each edge.
@functools.lru_cache(maxsize=1 << 16)
def date_span(text: str) -> tuple[date, date]:
    """The first and last day covered by an ISO date, year-month or year.

    Parameters
    ----------
    text : str
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the lexical forms of
        ``xsd:gYear``, ``xsd:gYearMonth`` and ``xsd:date``).

    Returns
    -------
    tuple of datetime.date
        The first and the last day of the span (both inclusive).

    Raises
    ------
    InvalidDateError
        If ``text`` is not one of the three forms or names no real day.

    Examples
    --------
    >>> date_span("2021-06")
    (datetime.date(2021, 6, 1), datetime.date(2021, 6, 30))
    >>> date_span("2016")
    (datetime.date(2016, 1, 1), datetime.date(2016, 12, 31))
    >>> date_span("2021-13")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.errors.InvalidDateError: '2021-13' is not a date (expected YYYY, ...)
    """
    match = _DATE_RE.match(text.strip())
    if match is None:
        raise InvalidDateError(text)
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last)
        exact = date(year, month, day)
    except ValueError:
        raise InvalidDateError(text) from None
    return exact, exact


def check_date(text: str | None) -> str | None:
    """Return ``text`` stripped if it is a valid (partial) date, ``None`` for ``None``.

    Used on user input (``--since``, ``--until``) so a bad value is reported
    before any work is done.

    Examples
    --------
    >>> check_date(" 2021-06 ")
    '2021-06'
    >>> check_date(None) is None
    True
    """
    if text is None:
        return None
    date_span(text)
    return text.strip()


def check_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Check a ``since``–``until`` range: each a date, and not ending before it starts.

    Partial dates compare by the days they cover: ``since="2021-06-15"`` with
    ``until="2021-06"`` is a range (they overlap), ``since="2021-07"`` with
    ``until="2021-06"`` is not.

    Raises
    ------
    InvalidDateError
        If a bound is not a date.
    InvalidRangeError
        If ``since`` is after ``until``.

    Examples
    --------
    >>> check_range("2021-06-15", "2021-06")
    ('2021-06-15', '2021-06')
    >>> check_range("2022", "2021-12-31")
    Traceback (most recent call last):
    ...
    mmru_graph.errors.InvalidRangeError: since 2022 is after until 2021-12-31: the range is empty
    """
    since, until = check_date(since), check_date(until)
    if since is not None and until is not None and date_span(since)[0] > date_span(until)[1]:
        raise InvalidRangeError(f"since {since} is after until {until}: the range is empty")
    return since, until


def event_span(start: str, end: str) -> tuple[date, date] | None:
    """The days an event may have taken place on, or ``None`` if it is undated.

    Examples
    --------
    >>> event_span("2021-05-20", "2021-05-22")
    (datetime.date(2021, 5, 20), datetime.date(2021, 5, 22))
    >>> event_span("", "") is None
    True
    """
    if not start:
        return None
    first = date_span(start)[0]
    last = date_span(end or start)[1]
    return first, last


def in_range(start: str, end: str, since: str | None = None, until: str | None = None) -> bool:
    """Whether an event dated ``start``–``end`` overlaps the range ``since``–``until``.

    Both bounds are inclusive and may be partial dates themselves. Without
    bounds every event, dated or not, is in range; with a bound an undated
    event is not (it cannot be placed).

    Examples
    --------
    >>> in_range("2021-06", "", since="2021-06-15")
    True
    >>> in_range("2021-05-20", "2021-05-22", until="2021-05-19")
    False
    >>> in_range("", "", since="2021")
    False
    """
    if since is None and until is None:
        return True
    span = event_span(start, end)
    if span is None:
        return False
    if since is not None and span[1] < date_span(since)[0]:
        return False
    return not (until is not None and span[0] > date_span(until)[1])


def sort_key(start: str, end: str) -> tuple[int, date, date]:
    """A key ordering events by date, undated ones last.

    A month sorts at its first day, so ``2021-05`` comes before ``2021-05-20``.

    Examples
    --------
    >>> sorted(["2021-05-20", "", "2021-05"], key=lambda s: sort_key(s, ""))
    ['2021-05', '2021-05-20', '']
    """
    span = event_span(start, end)
    if span is None:
        return (1, date.max, date.max)
    return (0, span[0], span[1])


def date_label(start: str, end: str = "", approximate: bool = False) -> str:
    """How an analyst reads an event's date.

    Parameters
    ----------
    start, end : str
        ISO lexical forms (``2021-05-20``, ``2021-06``, ``2021``) or ``""``.
    approximate : bool
        The source gives the date only approximately (``mmru:dateApproximate``).

    Examples
    --------
    >>> date_label("2021-05-20", "2021-05-22")
    '2021-05-20 – 2021-05-22'
    >>> date_label("2021-05", approximate=True)
    '2021-05 (approx.)'
    >>> date_label("2016")
    '2016'
    >>> date_label("")
    'undated'
    """
    if not start:
        return "undated"
    label = start if not end or end == start else f"{start} – {end}"
    return f"{label} ({APPROX})" if approximate else label
