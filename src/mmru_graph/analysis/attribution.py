"""Who says so: the one rule for whom a fact is attributed to.

A fact the source reports on someone's word ("according to Russian news
agencies") is ``prov:wasAttributedTo`` them; any other fact is the source's
own word, so it is attributed to the source's publisher. ``--attributed-to``
and ``--not-attributed-to`` on ``met``, ``path``, ``timeline`` and ``show``
match a text against these names (case- and accent-insensitively, any part).
"""

from __future__ import annotations

from typing import Any

from .resolve import normalize

__all__ = ["attribution_matches", "speakers"]


def speakers(attributed_to: list[str], evidence: list[dict[str, Any]]) -> list[str]:
    """Whom a fact is attributed to: its ``prov:wasAttributedTo``, else its sources' publishers.

    Examples
    --------
    >>> speakers(["Russian news agencies"], [{"publisher": "The Irrawaddy"}])
    ['Russian news agencies']
    >>> speakers([], [{"publisher": "The Irrawaddy"}, {"publisher": ""}])
    ['The Irrawaddy']
    """
    if attributed_to:
        return sorted(set(attributed_to))
    return sorted({item.get("publisher", "") for item in evidence} - {""})


def attribution_matches(attributed_to: list[str], evidence: list[dict[str, Any]],
                        include: str | None = None, exclude: str | None = None) -> bool:
    """Whether a fact passes ``--attributed-to include`` and ``--not-attributed-to exclude``.

    Parameters
    ----------
    attributed_to : list of str
        The fact's ``prov:wasAttributedTo`` names (the projection's
        ``attributed_to``).
    evidence : list of dict
        The fact's evidence (its sources' publishers stand in when
        ``attributed_to`` is empty).
    include, exclude : str, optional
        A text one of :func:`speakers` must (must not) contain.

    Examples
    --------
    >>> junta = (["junta-controlled newspapers"], [{"publisher": "The Irrawaddy"}])
    >>> own = ([], [{"publisher": "The Irrawaddy"}])
    >>> attribution_matches(*junta, include="junta"), attribution_matches(*own, include="junta")
    (True, False)
    >>> attribution_matches(*junta, exclude="Junta"), attribution_matches(*own, exclude="junta")
    (False, True)
    >>> attribution_matches(*own, include="irrawaddy")
    True
    """
    names = [normalize(name) for name in speakers(attributed_to, evidence)]
    if include is not None and not any(normalize(include) in name for name in names):
        return False
    return not (exclude is not None and any(normalize(exclude) in name for name in names))
