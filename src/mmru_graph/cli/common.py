"""What every command shares: the ``--graph`` and ``--format`` options and the
translation of library errors into one-line CLI errors.

Kept free of heavy imports: it is imported on every start-up.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from ..errors import (
    EndpointError,
    ExportError,
    InvalidDateError,
    InvalidRangeError,
    MmruError,
    NameResolutionError,
    NoPathError,
    NotConvergedError,
    QueryError,
    QueryLimitError,
    ResultShapeError,
    SourceError,
    UnsupportedStoreError,
)

F = TypeVar("F", bound=Callable[..., Any])

#: Set by ``mmru-graph --debug`` (or ``MMRU_GRAPH_DEBUG=1``): an unexpected
#: exception is re-raised with its traceback instead of becoming one line.
DEBUG = {"on": False}

#: What a command leaves to the end of the process instead of freeing it: a
#: build's graph is millions of objects at scale, and freeing them one by one
#: takes longer than anything left to do (about 15 s at 2M triples). The console
#: script ends the process without freeing them (:func:`.main.main`); an
#: in-process caller (click's CliRunner) holds on to the last one only.
LEFT_TO_EXIT: list[object] = []


def leave_to_exit(value: object) -> None:
    """Keep ``value`` until the process ends, which then skips freeing it."""
    LEFT_TO_EXIT[:] = [value]


def debug_enabled() -> bool:
    """Whether tracebacks and library log messages should reach the user."""
    return DEBUG["on"] or os.environ.get("MMRU_GRAPH_DEBUG", "") not in ("", "0")


def quiet_libraries() -> None:
    """Keep rdflib's and pyshacl's log records and warnings off a user's terminal.

    rdflib logs a traceback for every ill-typed literal it parses and pyshacl
    warns about its own internals; a command reports what matters itself
    (validation lists every bad value as a violation). ``--debug`` keeps them.
    """
    import logging
    import warnings

    if debug_enabled():
        return
    for name in ("rdflib", "pyshacl", "owlrl"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    # pyshacl resets this logger's level and handler on every call (to print
    # a malformed shape's error on stderr); only disabling it sticks.
    logging.getLogger("pyshacl-validate").disabled = True
    warnings.filterwarnings("ignore", module=r"(rdflib|pyshacl|owlrl|pyvis)(\.|$)")


def internal_error(exc: BaseException) -> str:
    """The one line a user sees for an exception the library did not expect."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    what = type(exc).__name__ + (f": {detail}" if detail else "")
    if isinstance(exc, ImportError):
        return (f"a package this command needs is missing ({what}); reinstall mmru-graph "
                "with its dependencies (python3 -m pip install .)")
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to process (RecursionError)"
    return (f"internal error ({what}); this is a bug — run again with --debug "
            "for the traceback")

graph_option = click.option(
    "--graph", "graph_dir", metavar="DIR", type=click.Path(file_okay=False),
    envvar="MMRU_GRAPH_DIR", default=None,
    help="Graph directory (default: $MMRU_GRAPH_DIR, ./graph, or the bundled copy).")


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.meta[f"mmru_{param.name}"] = value
    return value


def _remember_endpoint(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """An endpoint is an http(s) URL with a host: anything else is wrong input (exit 2),
    told before the command runs (and before the network guard is set up for it)."""
    if value is not None:
        from urllib.parse import urlsplit

        parsed = urlsplit(value)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise click.BadParameter(f"{value!r} is not an http:// or https:// URL")
    return _remember(ctx, param, value)


_STORE_OPTIONS = [
    click.option("--store", "store", type=click.Choice(["memory", "oxigraph"]), default=None,
                 expose_value=False, callback=_remember,
                 help="Where to read the graph: 'memory' parses the Turtle files; 'oxigraph' "
                      "opens the store `build` wrote (GRAPH/build/store). Default: oxigraph "
                      "when that store is present and not older than the graph's files, "
                      "otherwise memory."),
    click.option("--store-dir", "store_dir", metavar="DIR", default=None,
                 type=click.Path(file_okay=False), expose_value=False, callback=_remember,
                 help="The Oxigraph store to read, as it is (implies --store oxigraph; "
                      "no freshness check; default GRAPH/build/store)."),
    click.option("--endpoint", "endpoint", metavar="URL", default=None, expose_value=False,
                 callback=_remember_endpoint,
                 help="Read the graph from this SPARQL 1.1 endpoint (read-only; any server "
                      "holding graph.nq) instead of a local store."),
    click.option("--endpoint-header", "endpoint_headers", metavar="'NAME: VALUE'",
                 multiple=True, expose_value=False, callback=_remember,
                 help="An HTTP header sent with every request to --endpoint (e.g. "
                      "'Authorization: Bearer TOKEN'); repeatable."),
]


def store_options(func: F) -> F:
    """``--store``, ``--store-dir``, ``--endpoint`` and ``--endpoint-header``.

    Their values wait in the click context for :func:`load_query_graph`, so a
    command's signature does not change.
    """
    for option in reversed(_STORE_OPTIONS):
        func = option(func)
    return func


def store_settings() -> dict[str, Any]:
    """The store options of the running command (empty outside a command)."""
    context = click.get_current_context(silent=True)
    if context is None:
        return {}
    return {key[len("mmru_"):]: value for key, value in context.meta.items()
            if key.startswith("mmru_")}


def format_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    """``--format`` with the given choices."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default,
                        show_default=True, help="Output format.")


_SOURCES_KEY = "mmru_graph.sources"


def _chosen_sources() -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The command's ``--source`` and ``--exclude-source`` values, or None when it has
    neither (or is not a command of :func:`source_options`)."""
    context = click.get_current_context(silent=True)
    chosen = context.meta.get(_SOURCES_KEY) if context is not None else None
    return chosen if chosen and (chosen[0] or chosen[1]) else None


def source_options(func: F) -> F:
    """``--source ID`` and ``--exclude-source ID`` (repeatable): the query runs on
    those sources' named graphs only (:func:`load_query_graph` applies them)."""

    @functools.wraps(func)
    def wrapper(*args: Any, only_sources: tuple[str, ...] = (),
                excluded_sources: tuple[str, ...] = (), **kwargs: Any) -> Any:
        context = click.get_current_context(silent=True)
        if context is not None:
            context.meta[_SOURCES_KEY] = (only_sources, excluded_sources)
        return func(*args, **kwargs)

    exclude = click.option(
        "--exclude-source", "excluded_sources", metavar="ID", multiple=True,
        help="Leave out the facts of source ID (repeatable; see `mmru-graph sources`).")
    only = click.option(
        "--source", "only_sources", metavar="ID", multiple=True,
        help="Only the facts of source ID (repeatable; see `mmru-graph sources`).")
    return only(exclude(wrapper))  # type: ignore[return-value]


def fail(message: str, code: int = 1) -> None:
    """Print ``Error: message`` on stderr and exit with ``code`` (no traceback)."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


#: The exit code of each library error class (the nearest class in its MRO
#: wins): 1 "the data or the answer is not what was hoped" (validation failed,
#: no path, a quote not found), 2 "the input is wrong" (unknown name, malformed
#: query, bad date), as click does for usage errors.
EXIT_CODES: dict[type[MmruError], int] = {
    MmruError: 1,
    EndpointError: 1,
    NoPathError: 1,
    NotConvergedError: 1,
    UnsupportedStoreError: 2,
    NameResolutionError: 2,
    QueryError: 2,
    QueryLimitError: 1,
    InvalidDateError: 2,
    ExportError: 2,
    InvalidRangeError: 2,
    SourceError: 2,
}


def exit_code(exc: MmruError) -> int:
    """The exit code for a library error (see :data:`EXIT_CODES`)."""
    for cls in type(exc).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 1


def message(exc: MmruError) -> str:
    """The error's message with the command-line advice that fits it."""
    text = str(exc)
    if isinstance(exc, NoPathError) and exc.via == "actors":
        return f"{text} (try --via full)"
    if isinstance(exc, NotConvergedError) and exc.measure == "eigenvector":
        return f"{text}; try --measure pagerank"
    if isinstance(exc, QueryLimitError):
        option = {"timeout": "--timeout", "rows": "--max-rows", "memory": "--max-memory"}
        return f"{text}; raise it with {option[exc.limit]} if the query is meant to be this big"
    if isinstance(exc, ResultShapeError):
        *first, last = exc.suitable
        return f"{text}: use --format {', '.join(first) + ' or ' if first else ''}{last}"
    return text


@contextmanager
def store_notes() -> Iterator[None]:
    """Show each :class:`~mmru_graph.errors.StaleStoreWarning` the command meets as one
    line on stderr, ``Note: ...`` (the answers stand; only their speed suffers), and
    every other warning as before."""
    import warnings

    from ..errors import StaleStoreWarning

    with warnings.catch_warnings():
        shown = warnings.showwarning
        noted: set[str] = set()  # each file once, however often it is read

        def show(message: Warning | str, category: type[Warning], filename: str,
                 lineno: int, file: Any = None, line: str | None = None) -> None:
            if issubclass(category, StaleStoreWarning):
                if str(message) not in noted:
                    noted.add(str(message))
                    click.echo(f"Note: {message}", err=True)
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        warnings.simplefilter("always", StaleStoreWarning)
        yield


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a command with the cycle collector paused, then put what it made out of the
    collector's sight (``gc.freeze``) until the command closes.

    A query command makes millions of objects that live as long as it does (the
    graph, the store's concerns, a neighbourhood, the projections) and few cycles;
    the collector would walk them again and again while they are made: at 2M
    triples a third of ``show`` on a country (41 s -> 27 s), a quarter of
    ``--exclude-source`` (54 s -> 41 s), about 5% of a neighbourhood read. A
    collector already paused stays paused. The command's close gives the objects
    back (a notebook or the tests' runner lives on).
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
        context = click.get_current_context(silent=True)
        if context is not None:
            context.call_on_close(gc.unfreeze)


def handle_errors(func: F) -> F:
    """Run a command offline, and turn library errors into clean CLI errors.

    The whole command runs inside :func:`mmru_graph.offline.offline`: no
    connection leaves the process, whatever the input (shapes, data,
    queries, parameters). A command that talks to a configured remote SPARQL
    endpoint takes ``--endpoint URL`` (:func:`store_options`); its value is
    then the one destination allowed (``offline(allow=URL)``), and only for
    that command.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..offline import offline

        try:
            with offline(allow=store_settings().get("endpoint") or None), store_notes(), \
                    collector_paused():
                return func(*args, **kwargs)
        except MmruError as exc:
            fail(message(exc), exit_code(exc))
        except BrokenPipeError:
            # `mmru-graph timeline | head`: the reader left; that is not an
            # error. Point stdout at devnull so the interpreter's final flush
            # does not complain either.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:  # disk full, permission denied, ...
            name = getattr(exc, "filename", None)
            fail(f"{name}: {exc.strerror}" if name else str(exc), 1)
        except (click.ClickException, click.Abort, click.exceptions.Exit):
            raise
        except Exception as exc:
            # Anything else is a bug or a broken install: one line, exit 1,
            # and the traceback only when asked for.
            if debug_enabled():
                raise
            fail(internal_error(exc), 1)

    return wrapper  # type: ignore[return-value]


def echo_json(value: Any) -> None:
    """Print ``value`` as indented JSON (non-ASCII kept as is)."""
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def load_focus_graph(graph_dir: str | None) -> tuple[Any, tuple[tuple[str, ...],
                                                               tuple[str, ...]] | None]:
    """:func:`load_query_graph` for a question about a few nodes (``met``, ``show``,
    ``timeline --actor``), and the ``--source`` / ``--exclude-source`` choice it left
    to :func:`mmru_graph.analysis.focus.focus_on` (None: none, or applied already).

    On the built store the restriction is left to the question: the nodes'
    neighbourhood as the kept sources state it, not the whole store restricted first
    (at 2M triples, ``met`` with ``--exclude-source``: 41 s and 3 GB). An unknown
    source is refused here, as the whole store's restriction refuses it.
    """
    from ..store.backends import backend_of

    graph = _store_graph(graph_dir)
    chosen = _chosen_sources()
    backend = backend_of(graph)
    if chosen is not None and hasattr(backend, "quads_about"):
        from ..analysis.kept_focus import kept_graphs

        if kept_graphs(backend, *chosen) is not None:
            click.echo(f"Note: {source_scope()}", err=True)
            return graph, chosen
    return apply_source_options(graph), None


def load_query_graph(graph_dir: str | None, *, note_sources: bool = True) -> Any:
    """The graph for a query command: the built store while it is fresh, else the files,
    restricted to the command's ``--source`` / ``--exclude-source``.

    The loaded triples live as long as the command: like everything a command makes,
    they are out of the garbage collector's sight meanwhile (:func:`collector_paused`,
    in :func:`handle_errors`), else one full collection scanning them all can cost
    more than the whole query.
    """
    return apply_source_options(_store_graph(graph_dir), note=note_sources)


def _store_graph(graph_dir: str | None) -> Any:
    """The graph a query command reads, unrestricted: the endpoint, the built store
    (chosen, or fresh), else the graph's files."""
    from ..store.loading import choose_store, default_store_dir, load_graph, resolve_graph_dir

    settings = store_settings()
    endpoint, store = settings.get("endpoint"), settings.get("store")
    store_dir, headers = settings.get("store_dir"), settings.get("endpoint_headers") or ()
    if endpoint and (store or store_dir):
        raise click.UsageError("--endpoint reads a remote store: leave out --store and "
                               "--store-dir")
    if headers and not endpoint:
        raise click.UsageError("--endpoint-header goes with --endpoint")
    for header in headers:
        name, colon, _value = header.partition(":")
        if not colon or not name.strip() or any(c.isspace() for c in name.strip()):
            raise click.BadParameter(f"{header!r} is not 'Name: value'",
                                     param_hint="--endpoint-header")
    if store_dir and store == "memory":
        raise click.UsageError("--store-dir is an Oxigraph store: leave out --store memory")
    if endpoint and _chosen_sources():
        # A source's statements are its named graph, and an endpoint serving the
        # union as its default graph (as the Oxigraph server is run here) has no
        # way to tell which statements the default graph itself holds.
        raise click.UsageError("--source and --exclude-source read the graph's files or "
                               "the built store: leave out --endpoint")
    if endpoint:
        graph = load_graph(graph_dir, store="sparql", endpoint=endpoint, headers=headers)
    elif store_dir or store == "oxigraph":
        graph = load_graph(graph_dir, store="oxigraph", location=store_dir)
    elif store is None and choose_store(graph_dir) == "oxigraph":
        # choose_store has just found the built store fresh: open it as it is
        # (the check again would cost what it just did).
        graph = load_graph(graph_dir, store="oxigraph",
                           location=default_store_dir(resolve_graph_dir(graph_dir)))
    else:
        # Parsed afresh, never from the parse cache: a cached graph holds the
        # same triples in another order, and ties (which of two equally short
        # paths, the order of GraphML's nodes) would fall otherwise than in
        # the store build wrote from a fresh parse. Parsing (pyoxigraph) costs
        # what reading the cache did on the article.
        graph = load_graph(graph_dir)
    return graph


def source_scope() -> str:
    """What the command's ``--source`` / ``--exclude-source`` left out, in words
    (``""`` without them), for output that would otherwise read as the whole graph.

    >>> with click.Context(click.Command("view")) as ctx:
    ...     ctx.meta[_SOURCES_KEY] = (("source-a", "id:source-b"), ("source-c",))
    ...     source_scope()
    'Only the facts of source-a and source-b, without those of source-c \
(--source, --exclude-source); the shared entities are kept.'
    """
    chosen = _chosen_sources()
    if chosen is None:
        return ""

    def listed(names: tuple[str, ...]) -> str:
        names = tuple(dict.fromkeys(n.strip().removeprefix("id:") for n in names))
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"

    only, without = chosen
    if only and without:
        said = (f"Only the facts of {listed(only)}, without those of {listed(without)} "
                "(--source, --exclude-source)")
    elif only:
        said = f"Only the facts of {listed(only)} (--source)"
    else:
        said = f"Without the facts of {listed(without)} (--exclude-source)"
    return f"{said}; the shared entities are kept."


def apply_source_options(graph: Any, *, note: bool = True) -> Any:
    """The graph restricted to the command's ``--source`` / ``--exclude-source``, if given;
    with ``note``, the analyst is told so on stderr (``Note: ...``, as
    :func:`source_scope` words it): "0 contacts" of some sources is not "0 contacts"."""
    chosen = _chosen_sources()
    if chosen is not None:
        from ..sources.named import restrict

        graph = restrict(graph, chosen[0], chosen[1])
        if note:
            click.echo(f"Note: {source_scope()}", err=True)
    return graph
