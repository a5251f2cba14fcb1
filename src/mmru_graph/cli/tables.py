"""Plain aligned text tables for the terminal, readable in 100 columns.

Cells wrap inside their column instead of being cut, and each row may carry
notes (quotes, date notes) printed in full under it, wrapped and indented:
an analyst must be able to read a quote whole.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from itertools import zip_longest
from typing import Any

#: The width every table fits in.
WIDTH = 100
_GAP = "  "
_NOTE_INDENT = "    "


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
        The most each column may take; a column is as narrow as its widest
        cell allows.
    notes : sequence of sequences of str, optional
        For each row, lines printed under it across the whole width.

    Examples
    --------
    >>> print(table(["NAME", "SIDE"], [["Soe Win", "myanmar"]], [20, 10],
    ...             notes=[["“his deputy”"]]))
    NAME     SIDE
    Soe Win  myanmar
        “his deputy”
    """
    columns = [min(width, max([len(header), *(len(row[i]) for row in rows)]))
               for i, (header, width) in enumerate(zip(headers, widths, strict=True))]
    lines = [_GAP.join(h.ljust(w) for h, w in zip(headers, columns, strict=True)).rstrip()]
    for index, row in enumerate(rows):
        if notes and index:
            lines.append("")
        cells = [wrap(cell, width) for cell, width in zip(row, columns, strict=True)]
        for parts in zip_longest(*cells, fillvalue=""):
            lines.append(_GAP.join(p.ljust(w) for p, w in zip(parts, columns, strict=True))
                         .rstrip())
        for note in (notes[index] if notes else []):
            lines.extend(wrap(note, WIDTH, _NOTE_INDENT))
    return "\n".join(lines)


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
        wrapped = wrap(value, WIDTH - len(pad))
        for part in wrapped:
            lines.append(pad + part)
    if not lines:
        return []
    lines[0] = label.ljust(label_width + 2) + lines[0][len(pad):]
    return lines
