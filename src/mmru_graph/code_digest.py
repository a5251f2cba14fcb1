"""A digest of some of the package's own modules: what guards a result saved by ``build``.

``build`` saves results next to the store that commands read back instead of
computing them (the projections, the disputes between sources). They are
only as good as the code that computed them: each is saved with the digest of
the modules that decide it, and a reader whose modules give another digest
computes the result again rather than trust it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

__all__ = ["code_digest"]


def code_digest(modules: Sequence[str]) -> str:
    """A digest of these modules' source (paths relative to the package).

    Examples
    --------
    >>> one = code_digest(["dates.py", "folding.py"])
    >>> len(one), one == code_digest(["dates.py", "folding.py"]), one == code_digest(["dates.py"])
    (32, True, False)
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=16)
    for name in modules:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes() + b"\0")
    return digest.hexdigest()
