"""The package's public API: every name in ``__all__`` is importable and documented."""

from __future__ import annotations

import subprocess
import sys

import pytest

import mmru_graph


def test_every_public_name_resolves_and_has_a_docstring() -> None:
    for name in mmru_graph.__all__:
        value = getattr(mmru_graph, name)
        if callable(value):
            assert (value.__doc__ or "").strip(), name
    assert set(mmru_graph.__all__) <= set(dir(mmru_graph))


def test_timeline_is_the_function_even_after_its_module_is_imported() -> None:
    # Importing the module that defines it must not shadow the function.
    import mmru_graph.analysis.timeline

    assert callable(mmru_graph.timeline)
    from mmru_graph import timeline
    assert timeline.__module__ == "mmru_graph.analysis.timeline"


def test_importing_the_package_stays_light() -> None:
    code = ("import sys, mmru_graph\n"
            "heavy = ['networkx', 'pyvis', 'pyshacl', 'jinja2', 'pyoxigraph',"
            " 'rdflib', 'followthemoney', 'igraph']\n"
            "print(','.join(m for m in heavy if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == ""


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_function"):
        _ = mmru_graph.no_such_function
