"""Commands that check and publish the graph: ``build``, ``validate``, ``locate``.

Each parses its options, calls one library function
(:func:`~mmru_graph.build.build_graph`,
:func:`~mmru_graph.validate.validate_graph`,
:func:`~mmru_graph.quotes.find_quote`) and prints the result. The library
modules are imported inside the commands so that ``mmru-graph --help`` and
the other commands do not pay for pyshacl.
"""

from __future__ import annotations

import click

from .common import fail, graph_option, handle_errors, leave_to_exit


@click.command()
@graph_option
@click.option("--out", "out_dir", metavar="DIR", type=click.Path(file_okay=False), default=None,
              help="Output directory (default: GRAPH/build).")
@click.option("--force", is_flag=True,
              help="Rebuild even when the outputs are up to date.")
@handle_errors
def build(graph_dir: str | None, out_dir: str | None, force: bool) -> None:
    """Validate the graph, then write graph.ttl, graph.jsonld, graph.graphml, network.html.

    Nothing is written if any Turtle file fails to parse, any quote is not
    in the source at its offsets, or any SHACL shape is broken: the errors
    are listed and the previous build is left as it was.

    When the outputs were built from the same files (every Turtle file and
    stored text, by content) by the same code, nothing is rebuilt: the
    build says so and repeats what it reported then (--force rebuilds).
    """
    from ..build import build_graph
    from ..build_record import current_build

    record = None if force else current_build(graph_dir, out_dir)
    if record is not None:
        report = record.report
        click.echo(f"Up to date: {record.out_dir} was built on {record.built} from these "
                   "files by this code; nothing written (--force rebuilds).")
        click.echo(report["summary"])
        for warning in report["warnings"]:
            click.echo(f"warning: {warning}")
        return
    result = build_graph(graph_dir, out_dir)
    click.echo(result.validation.summary())
    for warning in result.validation.warnings:
        click.echo(f"warning: {warning}")
    click.echo("Nodes per class:")
    width = max((len(name) for name in result.counts), default=0)
    for name, count in result.counts.items():
        click.echo(f"  {name:<{width}}  {count:>5}")
    click.echo(f"Events: {result.events}  Annotations: {result.annotations}  "
               f"Triples: {result.triples}")
    click.echo("Wrote:")
    for path in result.files.values():
        click.echo(f"  {path}")
    if result.store is not None:
        click.echo(f"  {result.store}/ (Oxigraph store: the query commands' default "
                   "while the graph's files are unchanged)")
    click.echo(f"Built in {result.seconds:.2f} s (validation {result.validation.seconds:.2f} s)")
    leave_to_exit(result)  # the graph: not freed object by object before the process ends


@click.command()
@graph_option
@handle_errors
def validate(graph_dir: str | None) -> None:
    """Check the graph without writing anything.

    Parses every Turtle file, checks every quote against the source text and
    its offsets, and validates the SHACL shapes. Prints "OK: ..." or every
    violation as FILE:LINE: NODE PROPERTY: MESSAGE (exit 1).
    """
    from ..validate import validate_graph

    report = validate_graph(graph_dir)
    for warning in report.warnings:
        click.echo(f"warning: {warning}")
    click.echo(report.summary())
    leave_to_exit(report)  # the graph: not freed object by object before the process ends


@click.command()
@click.argument("quote")
@graph_option
@handle_errors
def locate(quote: str, graph_dir: str | None) -> None:
    """Print START END of each occurrence of QUOTE in the source text.

    The offsets are Unicode code points, end exclusive: what oa:start and
    oa:end of a TextPositionSelector hold. Exit 1 if the quote is not in the
    text, naming the closest passage. Quote the argument for the shell, and
    keep the article's typographic apostrophes (’).
    """
    from ..quotes import find_quote

    if not quote:
        fail("QUOTE is empty", 2)
    spans = find_quote(graph_dir, quote)
    several_files = len({span.file for span in spans}) > 1
    for span in spans:
        prefix = f"{span.file.name} " if several_files else ""
        click.echo(f"{prefix}{span.start} {span.end}")
