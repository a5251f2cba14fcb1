"""No network, anywhere: a process-wide guard against outbound connections.

mmru-graph reads local files and answers from them; nothing it does needs
the network. Yet several libraries it uses can reach it when fed hostile
input: rdflib follows ``SERVICE`` in SPARQL (also inside a SHACL-SPARQL
constraint that pyshacl runs), ``FROM`` and ``LOAD``, remote JSON-LD
contexts, ``owl:imports``. Refusing each by name is not enough (the issue
that introduced this module found a ``SERV\\u0049CE`` escape slipping past a
text check), so every outbound connection is refused below all of them:

- :func:`offline` is a context manager that turns on a Python audit hook
  (PEP 578; rdflib's *Security Considerations* page recommends it): while
  any ``offline()`` block is open, in any thread, ``socket.connect``,
  ``getaddrinfo``, ``urllib.Request``, ``http.client.connect`` and the like
  raise :class:`~mmru_graph.errors.NetworkRefusedError` instead of happening.
  Unix domain sockets (local inter-process pipes) are not network and pass;
  so does opening the written page in the user's browser (``view``).
  A worker process forked inside a block inherits the guard.
- The command line opens one block around the whole of every command
  (:mod:`mmru_graph.cli.main`), and the library opens one around loading,
  validation, building and every query, so library callers are covered too.

**Allowing one endpoint.** A configured remote SPARQL endpoint (the
``--endpoint`` option) is the one legitimate destination: open the block as
``offline(allow="https://host:port/path")``. Connections are then allowed to
that URL's host and port only (its name lookup included), everything else is
still refused. Only one endpoint can be allowed at a time: a nested block
may narrow the allowance, never add a second destination.

The hook is installed once per process and cannot be removed (audit hooks
never can); outside every block it does nothing.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from .errors import NetworkRefusedError

__all__ = ["is_offline", "offline", "refused"]

#: Audit events that start network traffic (see the audit events table of the
#: Python documentation). Their first argument names the destination.
_NETWORK_EVENTS = frozenset({
    "urllib.Request", "socket.connect", "socket.connect_ex", "socket.getaddrinfo",
    "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr",
    "socket.getnameinfo", "socket.sendto", "socket.sendmsg", "http.client.connect",
    "ftplib.connect", "smtplib.connect", "poplib.connect", "imaplib.open", "nntplib.connect",
    "telnetlib.Telnet.open",
})

_lock = threading.Lock()
#: How many offline blocks are open (in any thread), and the endpoint each allows.
_state: dict[str, Any] = {"depth": 0, "allowed": []}
_hook_installed = False


def _destination(event: str, args: tuple[Any, ...]) -> tuple[str, int | None] | None:
    """``(host, port)`` an event is about, when it says (None for a Unix socket)."""
    try:
        if event == "urllib.Request":
            parts = urlsplit(args[0])
            default = {"http": 80, "https": 443}.get(parts.scheme)
            return (parts.hostname or "", parts.port or default)
        if event in ("socket.connect", "socket.connect_ex", "socket.sendto", "socket.sendmsg"):
            address = args[1]
            if isinstance(address, tuple) and len(address) >= 2:
                return (str(address[0]), int(address[1]))
            return None
        if event in ("socket.getaddrinfo", "http.client.connect"):
            host, port = (args[0], args[1]) if event == "socket.getaddrinfo" else args[1:3]
            return (str(host), int(port) if port is not None else None)
        if event in ("socket.gethostbyname", "socket.gethostbyname_ex",
                     "socket.gethostbyaddr"):
            return (str(args[0]), None)
    except (IndexError, TypeError, ValueError):
        return ("", None)
    return ("", None)


def _allowed(dest: tuple[str, int | None] | None, allowed: list[tuple[str, int, set[str]]]) -> bool:
    if not allowed:
        return False
    host, port, addresses = allowed[-1]  # the innermost block decides
    if dest is None:
        return False
    name, dest_port = dest
    if dest_port is not None and dest_port != port:
        return False
    return name.lower() == host or name in addresses


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event not in _NETWORK_EVENTS or not _state["depth"]:
        return
    if event in ("socket.connect", "socket.connect_ex") and isinstance(args[1], (str, bytes)):
        return  # a Unix domain socket (local IPC, e.g. a multiprocessing pipe): no network
    destination = _destination(event, args)
    if _allowed(destination, _state["allowed"]):
        return
    shown = ""
    if destination and destination[0]:
        shown = f" to {destination[0]}" + (f":{destination[1]}" if destination[1] else "")
    raise NetworkRefusedError(
        f"network access refused ({event}{shown}): mmru-graph works offline "
        "and never fetches anything")


def _endpoint(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NetworkRefusedError(f"{url!r} is not an http(s) endpoint URL")
    return parts.hostname.lower(), parts.port or (443 if parts.scheme == "https" else 80)


def _addresses(host: str, port: int) -> set[str]:
    """The host's name and addresses: a connection goes to an address, not a name."""
    addresses = {host}
    try:
        addresses.add(str(ipaddress.ip_address(host)))
    except ValueError:
        # Learned before the guard is on: the audit hook never sees a lookup's answer.
        with contextlib.suppress(OSError):
            addresses.update(str(info[4][0]) for info in socket.getaddrinfo(host, port))
    return addresses


@contextlib.contextmanager
def offline(allow: str | None = None) -> Iterator[None]:
    """Refuse every outbound network connection made anywhere in the process meanwhile.

    Parameters
    ----------
    allow : str, optional
        The URL of the one configured SPARQL endpoint that may be reached
        (its host and port; ``http`` or ``https``). Inside an enclosing
        block that allows nothing, a nested ``allow`` is refused: only the
        outermost configuration (the command line's ``--endpoint``) decides.

    Raises
    ------
    NetworkRefusedError
        From the guarded code, at the first connection attempt.

    Examples
    --------
    >>> import urllib.request
    >>> with offline():
    ...     urllib.request.urlopen("http://example.org/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.errors.NetworkRefusedError: network access refused (urllib.Request to ...
    >>> is_offline()
    False
    """
    global _hook_installed
    entry: tuple[str, int, set[str]] | None = None
    if allow is not None:
        host, port = _endpoint(allow)
        current = _state["allowed"]
        if _state["depth"]:
            if not current or current[-1][:2] != (host, port):
                raise NetworkRefusedError(
                    f"network access to {allow} refused: only the configured endpoint "
                    "may be reached")
            entry = current[-1]
        else:
            entry = (host, port, _addresses(host, port))
    with _lock:
        if not _hook_installed:
            sys.addaudithook(_hook)
            _hook_installed = True
        # A block without ``allow`` keeps an enclosing allowance (the endpoint
        # is configured once, for the whole command).
        if entry is None and _state["allowed"]:
            entry = _state["allowed"][-1]
        _state["depth"] += 1
        if entry is not None:
            _state["allowed"].append(entry)
    try:
        yield
    finally:
        with _lock:
            _state["depth"] -= 1
            if entry is not None:
                _state["allowed"].pop()


def is_offline() -> bool:
    """Whether an :func:`offline` block is open in this process."""
    return bool(_state["depth"])


def refused(exc: BaseException) -> bool:
    """Whether ``exc`` is (or was caused by) the guard's refusal.

    Libraries sometimes wrap the exception an audit hook raises; callers
    that catch broadly use this to report the refusal rather than the wrapper.
    """
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 20:
        if isinstance(current, NetworkRefusedError):
            return True
        current = current.__cause__ or current.__context__
        seen += 1
    return False

