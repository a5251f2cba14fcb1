"""Strip outputs from the project's notebooks, so that only their sources are committed.

A notebook is committed clean: no outputs, no execution counts, no
editor-specific metadata (JupyterLab and VS Code add cell timings, scroll
state, collapsed headings), written the way Jupyter writes it (one-space
indent, sources as lists of lines) so a change reads well in a diff.
``tests/test_notebook.py`` checks every notebook with :func:`clean_text`.

Usage::

    python scripts/strip_notebook_outputs.py            # clean notebooks/*.ipynb in place
    python scripts/strip_notebook_outputs.py --check    # exit 1 naming each unclean notebook
    python scripts/strip_notebook_outputs.py PATH ...   # only these files
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"

#: Cell metadata worth keeping: tags mark the cells the tests read.
KEPT_CELL_METADATA = ("tags",)
#: Notebook metadata worth keeping; language_info only by name (its version churns).
KEPT_NOTEBOOK_METADATA = ("kernelspec",)


def notebooks(paths: list[str] | None = None) -> list[Path]:
    """The notebooks to check: ``paths``, or every ``notebooks/**/*.ipynb``."""
    if paths:
        return [Path(p) for p in paths]
    return sorted(p for p in NOTEBOOK_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs, execution counts and editor metadata, in place; return ``nb``."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata = nbformat.NotebookNode(
            {key: cell.metadata[key] for key in KEPT_CELL_METADATA if cell.metadata.get(key)})
    metadata = {key: nb.metadata[key] for key in KEPT_NOTEBOOK_METADATA if key in nb.metadata}
    language = nb.metadata.get("language_info", {}).get("name")
    if language:
        metadata["language_info"] = {"name": language}
    nb.metadata = nbformat.NotebookNode(metadata)
    return nb


def clean_text(path: Path) -> tuple[str, str]:
    """The notebook's text as it is, and as it should be committed."""
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    cleaned = nbformat.writes(strip(nb))
    return text, cleaned if cleaned.endswith("\n") else cleaned + "\n"


def _replace(path: Path, text: str) -> None:
    """Write through a temporary file and a rename: an interrupted run leaves the old file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="notebooks (default: notebooks/**/*.ipynb)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if any notebook is not clean")
    args = parser.parse_args(argv)
    unclean = []
    for path in notebooks(args.paths):
        try:
            text, cleaned = clean_text(path)
        except (OSError, ValueError) as exc:  # nbformat raises ValueError subclasses
            sys.stderr.write(f"{path}: cannot read notebook: {exc}\n")
            return 2
        if text == cleaned:
            continue
        unclean.append(path)
        if not args.check:
            _replace(path, cleaned)
            sys.stderr.write(f"{path}: stripped\n")
    if args.check and unclean:
        for path in unclean:
            sys.stderr.write(f"{path}: has outputs or editor metadata; run "
                             f"python scripts/strip_notebook_outputs.py {path}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
