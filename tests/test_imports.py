"""The package's imports: no private name taken from another module, and no import cycle.

A module's private names (a leading underscore; dunder names such as ``__version__``
excepted) are its own: another module that needs one needs a public, documented function
instead. Importing a public name from a private module (``from multivector.solver._pivot
import ratio_test``) is fine. The graph of the imports that run when a module is first
imported (module level, outside ``if TYPE_CHECKING:``) must have no cycle, so that every
module can be imported first.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "multivector"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The module an ``ImportFrom`` names, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, *([node.module] if node.module else [])])


def private_uses(tree: ast.Module, module: str, is_package: bool = False) -> Iterator[str]:
    """Every place where ``module`` takes a private name of another package module.

    Both ``from X import _name`` (anywhere, inside functions too) and ``alias._name``
    where ``alias`` is a package module bound by an import in the same file.
    """
    module_aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node)
            for alias in node.names:
                if _is_private(alias.name) and base != module:
                    yield f"line {node.lineno}: from {base} import {alias.name}"
                if f"{base}.{alias.name}" in MODULES:
                    module_aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES and alias.asname:
                    module_aliases[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _is_private(node.attr)
            and isinstance(node.value, ast.Name)
            and module_aliases.get(node.value.id, module) != module
        ):
            yield f"line {node.lineno}: {module_aliases[node.value.id]}.{node.attr}"


def _executed_imports(nodes: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements among ``nodes`` that run when the module is imported."""
    for node in nodes:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from _executed_imports(node.orelse)
        else:
            children: list[ast.stmt] = []
            for field in ("body", "orelse", "finalbody"):
                children += getattr(node, field, [])
            for handler in getattr(node, "handlers", []):
                children += handler.body
            yield from _executed_imports(children)


def import_graph() -> nx.DiGraph:
    """Module -> the package modules it imports when it is first imported."""
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        graph.add_node(module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _executed_imports(tree.body):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = _absolute(module, path.name == "__init__.py", node)
                targets = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                    for a in node.names
                ]
            for target in targets:
                if target in MODULES and target != module:
                    graph.add_edge(module, target)
    return graph


def test_the_checks_see_what_they_look_for() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from multivector.errors import __all__, FormatError\n"
        "from multivector.solver._compiled import HAVE_NUMBA\n"
        "import multivector.network.analysis as na\n"
        "if TYPE_CHECKING:\n"
        "    from multivector.cli import app\n"
        "def f():\n"
        "    from .normal_form import _exactish\n"
        "    return na._roles, _private_here\n"
    )
    found = list(private_uses(ast.parse(source), "multivector.games.models"))
    assert found == [
        "line 8: from multivector.games.normal_form import _exactish",
        "line 9: multivector.network.analysis._roles",
    ]
    executed = _executed_imports(ast.parse(source).body)
    assert [n.lineno for n in executed] == [1, 2, 3, 4]  # not the TYPE_CHECKING one, 6, nor 8
    graph = import_graph()
    assert graph.has_edge("multivector.cli.app", "multivector.cli.common")
    assert not graph.has_edge("multivector.cli.common", "multivector.games.models")  # lazy


def test_no_module_imports_another_modules_private_names() -> None:
    found = [
        f"{path}: {use}"
        for module, path in MODULES.items()
        for use in private_uses(
            ast.parse(path.read_text(encoding="utf-8")), module, path.name == "__init__.py"
        )
    ]
    assert not found, "private names imported across modules:\n" + "\n".join(found)


def test_the_import_graph_has_no_cycle() -> None:
    cycles = list(nx.simple_cycles(import_graph()))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles[:10])
