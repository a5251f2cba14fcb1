"""No traceback reaches a user: an unexpected exception becomes one line and exit 1.

Failures are forced by replacing the library function a command calls with one
that raises, in process; ``main()`` is what the console script runs.
"""

from __future__ import annotations

import sys

import pytest

from mmru_graph import cli as cli_module
from mmru_graph.cli.common import DEBUG


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
             *argv: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["mmru-graph", *argv])
    monkeypatch.delenv("MMRU_GRAPH_DEBUG", raising=False)
    monkeypatch.setitem(DEBUG, "on", False)
    with pytest.raises(SystemExit) as exited:
        cli_module.main()
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


def raiser(exc: BaseException):  # type: ignore[no-untyped-def]
    def boom(*args: object, **kwargs: object) -> None:
        raise exc
    return boom


FORCED = [
    (ImportError("No module named 'numpy'"), "missing"),
    (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
    (KeyError("surprise"), "internal error (KeyError"),
    (AssertionError(), "internal error (AssertionError)"),
]


@pytest.mark.parametrize(("exc", "words"), FORCED, ids=lambda v: type(v).__name__)
def test_unexpected_errors_become_one_line(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str],
                                           exc: BaseException, words: str) -> None:
    import mmru_graph.analysis.centrality as centrality

    monkeypatch.setattr(centrality, "rank", raiser(exc))
    code, _out, err = run_main(monkeypatch, capsys, "central")
    assert code == 1
    assert "Traceback" not in err
    # A note may come first (the repository's own build, stale after a code change,
    # says so); the error itself is one line.
    lines = [line for line in err.strip().splitlines() if not line.startswith("Note: ")]
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: ") and words in lines[0]


def test_a_shacl_engine_error_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from pyshacl.errors import ConstraintLoadError

    import mmru_graph.validate as validate
    import mmru_graph.validation.cache as fast_path

    failure = raiser(ConstraintLoadError("sh:minCount must be an integer", ""))
    monkeypatch.setattr(validate, "shacl_violations", failure)  # pyshacl
    monkeypatch.setattr(fast_path, "cached_shacl", failure)  # the fast path
    code, _out, err = run_main(monkeypatch, capsys, "validate")
    assert code == 1 and "Traceback" not in err
    assert "ConstraintLoadError" in err and "--debug" in err


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    import mmru_graph.analysis.centrality as centrality

    monkeypatch.setattr(centrality, "rank", raiser(KeyError("surprise")))
    monkeypatch.setattr(sys, "argv", ["mmru-graph", "--debug", "central"])
    with pytest.raises(KeyError):
        cli_module.main()
    monkeypatch.setitem(DEBUG, "on", False)


def test_an_output_in_a_missing_folder_names_the_folder(tmp_path: object) -> None:
    # The shared atomic writer names the folder the user gave, never its temporary file.
    from pathlib import Path

    from mmru_graph.atomic import atomic_write_text

    target = Path(str(tmp_path)) / "missing" / "out.html"
    with pytest.raises(FileNotFoundError) as caught:
        atomic_write_text(target, "x")
    assert caught.value.filename == str(target.parent)
    assert ".tmp" not in str(caught.value)
