"""The package's layers: no module imports from a layer above its own.

Read from the source with ``ast`` (every ``import``, at module level or
inside a function), so a lazy import cannot hide an upward dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mmru_graph"

#: Lowest first. A module may import from its own layer and the ones before it.
LAYERS: list[set[str]] = [
    {"namespaces", "errors", "dates", "atomic", "model", "offline", "containment",
     "folding", "code_digest"},
    {"store"},
    {"evidence", "quotes"},
    {"sources"},
    {"validate", "validation"},
    {"projection"},
    {"analysis"},
    {"sparql"},
    {"view"},
    {"export"},
    {"build", "build_record"},
    {"cli", "__init__", "__main__"},
]


def layer_of(unit: str) -> int:
    for number, units in enumerate(LAYERS):
        if unit in units:
            return number
    raise AssertionError(f"{unit} is in no layer: add it to LAYERS")


def unit_of(path: Path) -> str:
    """The top-level unit a file belongs to: a flat module or a subpackage."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def is_unit(name: str) -> bool:
    return (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name / "__init__.py").is_file()


def imported_units(path: Path, source: str | None = None) -> set[str]:
    """The package's top-level units that ``path`` (or ``source`` as if at ``path``) imports."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    package = ["mmru_graph", *parts[:-1]]
    found: set[str] = set()
    text = path.read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(text)):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                dotted = [*base, *(node.module.split(".") if node.module else [])]
                if node.module is None:
                    targets = [".".join([*dotted, alias.name]) for alias in node.names]
                else:
                    targets = [".".join(dotted)]
            elif node.module:
                targets = [node.module]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        for target in targets:
            bits = target.split(".")
            if bits[0] == "mmru_graph":
                found.add(bits[1] if len(bits) > 1 and is_unit(bits[1]) else "__init__")
    return found


def test_every_module_is_in_a_layer() -> None:
    for path in PACKAGE.rglob("*.py"):
        layer_of(unit_of(path))


def test_no_module_imports_from_a_layer_above() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        unit = unit_of(path)
        for imported in imported_units(path) - {unit, "__init__"}:
            if layer_of(imported) > layer_of(unit):
                upward.append(f"{path.relative_to(PACKAGE)} imports {imported}")
    assert upward == []


def test_the_check_sees_relative_and_lazy_imports() -> None:
    # The checker itself: lazy relative imports of higher layers are found, as
    # are absolute ones, and a name imported from the package root is the root.
    source = ("import mmru_graph.sparql.guard\n"
              "from .. import __version__, model\n"
              "def f():\n    from ..view import page\n    from ..analysis.paths import x\n")
    assert imported_units(PACKAGE / "store" / "probe.py", source) == {
        "sparql", "__init__", "model", "view", "analysis"}
