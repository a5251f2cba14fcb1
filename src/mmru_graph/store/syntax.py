"""Strict syntax checking of RDF files, before rdflib sees them.

rdflib's Turtle parser is lenient: of the 94 negative syntax tests of the
W3C RDF 1.1 Turtle test suite it accepts 27 silently (some then serialise
to Turtle that strict parsers reject, or crash the build with invalid IRIs),
and it reports truncated files as IndexError or AssertionError. So every
Turtle or TriG file is first read by a conforming parser, pyoxigraph's
(Rust, fast, rejects all 94), and only a file it accepts goes on to rdflib.

:func:`read_rdf_text` does the whole check and returns the decoded text:

- a UTF-8 byte-order mark is refused with a message that says so (rdflib
  and pyoxigraph would each call it an unexpected character);
- invalid UTF-8 is refused with its line, column and byte offset;
- a syntax error is ``FILE:LINE: message (column C)``, mapped from
  pyoxigraph's position, never a traceback.

pyoxigraph is imported inside the function: start-up stays light.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import GraphNotFoundError, GraphSyntaxError

__all__ = ["FORMATS", "check_rdf_syntax", "read_rdf_text"]

#: File suffixes the strict parser knows, and pyoxigraph's format names.
FORMATS = {".ttl": "TURTLE", ".trig": "TRIG", ".nt": "N_TRIPLES", ".nq": "N_QUADS"}

_BOM = b"\xef\xbb\xbf"


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _decode(data: bytes, name: str) -> str:
    if data.startswith(_BOM):
        raise GraphSyntaxError(name, 1, "the file starts with a byte-order mark (BOM); "
                                        "save it as UTF-8 without BOM")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        raise GraphSyntaxError(name, line, f"invalid UTF-8 at column {column} "
                                           f"(byte {exc.start}: {exc.reason})") from None


def check_rdf_syntax(data: bytes, name: str, *, suffix: str = ".ttl",
                     base_iri: str | None = None) -> str:
    """Check ``data`` with a conforming parser; return it decoded.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        The file name for error messages.
    suffix : str
        ``.ttl`` (Turtle, no named graphs), ``.trig``, ``.nt`` or ``.nq``.
    base_iri : str, optional
        The base for relative IRIs (the file's ``file:`` URI).

    Raises
    ------
    GraphSyntaxError
        ``NAME:LINE: message`` for a BOM, invalid UTF-8 or invalid syntax.

    Examples
    --------
    >>> check_rdf_syntax(b'<http://e.org/a> <http://e.org/b> "c" .', "ok.ttl")
    '<http://e.org/a> <http://e.org/b> "c" .'
    >>> check_rdf_syntax(b'<http://e.org/a> <http://e.org/b>\\n  <http://e.org/c d> .', "bad.ttl")
    Traceback (most recent call last):
    ...
    mmru_graph.errors.GraphSyntaxError: bad.ttl:2: Invalid IRI code point ' ' (column 3)
    >>> check_rdf_syntax(b'<http://e.org/a> <http://e.org/b> "\\xff" .', "bad.ttl")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.errors.GraphSyntaxError: bad.ttl:1: invalid UTF-8 at column 36 (byte 35: ...
    """
    text = _decode(data, name)
    if suffix not in FORMATS:
        return text
    from pyoxigraph import RdfFormat, parse  # heavy: only when reading RDF

    try:
        for _ in parse(data, format=getattr(RdfFormat, FORMATS[suffix]), base_iri=base_iri,
                       without_named_graphs=suffix in (".ttl", ".nt")):
            pass
    except SyntaxError as exc:
        message = str(exc.msg)
        # "Parser error at line 3 between columns 9 and 27: Invalid IRI ..."
        head, sep, detail = message.partition(": ")
        if sep and head.startswith("Parser error"):
            message = detail
        column = f" (column {exc.offset})" if exc.offset else ""
        raise GraphSyntaxError(name, exc.lineno or None, f"{message}{column}") from None
    except ValueError as exc:  # pyoxigraph reports some errors (bad base IRI) this way
        raise GraphSyntaxError(name, None, str(exc)) from None
    return text


def read_rdf_text(path: Path, *, display: str | None = None) -> str:
    """Read one local RDF file, check it strictly, and return its text.

    Raises
    ------
    GraphNotFoundError
        If the file does not exist or is a directory.
    GraphSyntaxError
        ``FILE:LINE: message`` (see :func:`check_rdf_syntax`).
    """
    name = display or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GraphNotFoundError(f"{name}: missing file") from None
    except IsADirectoryError:
        raise GraphNotFoundError(f"{name}: is a directory, not a file") from None
    return check_rdf_syntax(data, name, suffix=path.suffix.lower(),
                            base_iri=path.resolve().as_uri())
