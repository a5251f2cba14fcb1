"""Plain aligned text tables that fit the terminal.

Cells wrap inside their column instead of being cut, and each row may carry
notes (quotes, date notes) printed in full under it, wrapped and indented:
an analyst must be able to read a quote whole. Everything wraps to the
terminal's width (``COLUMNS``, else the terminal's own, else 100 columns
when the output is not a terminal); ``--wide`` turns wrapping off, for
full lines in a file or a wide pager.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from itertools import zip_longest
from typing import Any

#: The width tables are designed for, and the width when the output is not
#: a terminal and ``COLUMNS`` is not set.
WIDTH = 100
#: The narrowest width wrapped to: below it a table cannot show its columns.
MIN_WIDTH = 40
#: "No limit" under ``--wide``.
UNLIMITED = 1_000_000
_GAP = "  "
_NOTE_INDENT = "    "
#: The longest word a column widens for (a longer one, an IRI, is split).
_WORD = 20
_STATE = {"wide": False}


def set_wide(wide: bool) -> None:
    """Turn wrapping off (``--wide``) or back on, for this process."""
    _STATE["wide"] = wide


def line_width() -> int:
    """The width lines wrap to: the terminal's, or :data:`UNLIMITED` under ``--wide``.

    Examples
    --------
    >>> import os
    >>> os.environ["COLUMNS"] = "72"
    >>> set_wide(False); line_width()
    72
    >>> set_wide(True); line_width() == UNLIMITED
    True
    >>> set_wide(False); del os.environ["COLUMNS"]
    """
    if _STATE["wide"]:
        return UNLIMITED
    return max(MIN_WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns)


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """``text`` wrapped to ``width`` columns (words longer than a line are split).

    ``indent`` starts the first line, ``hanging`` (default: ``indent``) the others.

    Examples
    --------
    >>> wrap("a quote that is long", 10, "  ")
    ['  a quote', '  that is', '  long']
    >>> wrap("1. a step to take", 10, "", "   ")
    ['1. a step', '   to take']
    """
    # Most cells fit their column: what textwrap would return, without its
    # chunking (a table of 50,000 rows spent most of its time there). Only
    # text textwrap leaves alone: printable (no tab or newline it would
    # replace), no space at either end (it would drop one).
    if (text and len(indent) + len(text) <= width and text.isprintable()
            and text[0] != " " and text[-1] != " "):
        return [indent + text]
    hanging = indent if hanging is None else hanging
    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=hanging,
                         break_on_hyphens=False) or [indent.rstrip()]


def quote_line(item: dict[str, Any]) -> str:
    """One piece of evidence as it is printed: the quote and where it is.

    Examples
    --------
    >>> quote_line({"quote": "He arrives.", "start": 10, "end": 21})
    '“He arrives.” [10–21]'
    """
    where = f" [{item['start']}–{item['end']}]" if item.get("start") is not None else ""
    return f"“{item['quote']}”{where}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int],
          notes: Sequence[Sequence[str]] | None = None) -> str:
    """Rows as aligned columns; each cell wrapped within its column's width.

    Parameters
    ----------
    headers : sequence of str
        Column titles.
    rows : sequence of sequences of str
        The cells.
    widths : sequence of int
        The most each column may take in :data:`WIDTH` columns (scaled up
        on a wider terminal); a column is as narrow as its widest cell
        allows, and the widest column gives way on a narrower terminal.
    notes : sequence of sequences of str, optional
        For each row, lines printed under it across the whole width.

    Examples
    --------
    >>> print(table(["NAME", "SIDE"], [["Soe Win", "myanmar"]], [20, 10],
    ...             notes=[["“his deputy”"]]))
    NAME     SIDE
    Soe Win  myanmar
        “his deputy”

    A column is never narrower than its longest word while the table fits:

    >>> print(table(["EVENT", "PLACE"], [["Talks in the Far East", "Vladivostok"]], [8, 6]))
    EVENT     PLACE
    Talks in  Vladivostok
    the Far
    East
    """
    limit = line_width()
    natural = [max([len(header), *(len(row[i]) for row in rows)])
               for i, header in enumerate(headers)]
    if limit == UNLIMITED:
        columns = natural
    else:
        # Columns may grow with a wider terminal.
        scale = max(1.0, limit / WIDTH)
        spec = [min(int(width * scale), wanted) for width, wanted in zip(widths, natural,
                                                                         strict=True)]
        # A column as wide as its longest word (up to _WORD), so that a name such
        # as "Vladivostok" is not cut in two, where the table still fits so;
        # else, as on a narrow terminal, the widest column gives way: a header
        # wraps too, but a column keeps a few characters, or nothing in it
        # could be read.
        words = [min(_WORD, max(len(word) for cell in (header, *(row[i] for row in rows))
                                for word in cell.split()), wanted)
                 for i, (header, wanted) in enumerate(zip(headers, natural, strict=True))]
        whole = _fitted([max(c, w) for c, w in zip(spec, words, strict=True)], words, limit)
        columns = whole if _fits(whole, limit) else _fitted(
            spec, [min(len(header), 6) for header in headers], limit)
    lines = [_GAP.join(p.ljust(w) for p, w in zip(parts, columns, strict=True)).rstrip()
             for parts in zip_longest(*(wrap(h, w) for h, w in zip(headers, columns,
                                                                   strict=True)),
                                      fillvalue="")]
    for index, row in enumerate(rows):
        if notes and index:
            lines.append("")
        cells = [wrap(cell, width) for cell, width in zip(row, columns, strict=True)]
        for parts in zip_longest(*cells, fillvalue=""):
            lines.append(_GAP.join(p.ljust(w) for p, w in zip(parts, columns, strict=True))
                         .rstrip())
        for note in (notes[index] if notes else []):
            lines.extend(wrap(note, limit, _NOTE_INDENT))
    return "\n".join(lines)


def _fits(columns: Sequence[int], limit: int) -> bool:
    return sum(columns) + len(_GAP) * (len(columns) - 1) <= limit


def _fitted(columns: Sequence[int], floor: Sequence[int], limit: int) -> list[int]:
    """``columns`` narrowed, the widest first, until they fit ``limit`` or each is at
    its ``floor``."""
    columns = list(columns)
    while not _fits(columns, limit):
        shrinkable = [i for i, c in enumerate(columns) if c > floor[i]]
        if not shrinkable:
            break
        columns[max(shrinkable, key=lambda i: columns[i])] -= 1
    return columns


def field_lines(label: str, values: Sequence[str], label_width: int = 14) -> list[str]:
    """A labelled field of a card, its values wrapped under each other.

    Examples
    --------
    >>> print("\\n".join(field_lines("Aliases:", ["the coup leader", "the Snr. Gen."])))
    Aliases:        the coup leader
                    the Snr. Gen.
    """
    pad = " " * (label_width + 2)
    lines: list[str] = []
    for value in values:
        wrapped = wrap(value, line_width() - len(pad))
        for part in wrapped:
            lines.append(pad + part)
    if not lines:
        return []
    lines[0] = label.ljust(label_width + 2) + lines[0][len(pad):]
    return lines
