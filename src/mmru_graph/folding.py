"""How names are folded for matching (:func:`normalize`): the same fold when
``build`` saves the labels and when a command matches a typed name against them."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize"]

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_NOT_WORD = re.compile(r"[^\w']+")


def normalize(text: str) -> str:
    """Fold a name for matching: no accents, no case, straight apostrophes, words only.

    Examples
    --------
    >>> normalize("Snr. Gen. Min Aung Hlaing")
    'snr gen min aung hlaing'
    >>> normalize("Myanmar’s  military") == normalize("MYANMAR'S MILITARY")
    True
    >>> normalize("Vice-Admiral Kasátonov")
    'vice admiral kasatonov'
    """
    straight = text.translate(_APOSTROPHES)
    if straight.isascii():  # ASCII has no accents to drop: the same fold, at C speed
        plain = straight.casefold()
    else:
        decomposed = unicodedata.normalize("NFKD", straight)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_NOT_WORD.sub(" ", plain).replace(" ' ", " ").split()).strip("'")
