"""The public API: what ``multivector`` exports, the method registry, and ``solve``'s
contract (which method runs, what it promises, how it refuses)."""

from __future__ import annotations

import importlib
import pkgutil
import types
from collections.abc import Callable

import pytest

import multivector
from multivector import METHODS, MethodInfo, NormalFormGame, Solution, SolverError, solve
from tests.validators import assert_equilibrium

BOS = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
THREE_PLAYERS = NormalFormGame([[[[1, 0], [0, 0]], [[0, 0], [0, 1]]]] * 3)


def isort_key(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 gives ``__all__``: CONSTANTS, then Classes, then the rest."""
    if name.isupper():
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def public_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(multivector.__path__, "multivector."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts):
            continue  # private modules and __main__
        names.append(info.name)
    return names


# ---------------------------------------------------------------------- exports
def test_all_is_sorted_and_unique() -> None:
    names = list(multivector.__all__)
    assert names == sorted(names, key=isort_key)
    assert len(set(names)) == len(names)


def test_all_lists_every_public_name() -> None:
    public = {
        name
        for name, value in vars(multivector).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public <= set(multivector.__all__)
    for name in multivector.__all__:
        assert hasattr(multivector, name), name


def test_version_is_a_string() -> None:
    assert isinstance(multivector.__version__, str)
    assert multivector.__version__.count(".") >= 2


@pytest.mark.parametrize("module_name", public_modules())
def test_every_public_module_declares_all(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert hasattr(module, "__all__"), f"{module_name} has no __all__"
    exported = list(module.__all__)
    assert len(set(exported)) == len(exported)
    for name in exported:
        assert hasattr(module, name), f"{module_name}.__all__ lists missing {name!r}"


@pytest.mark.parametrize(
    "module_name", [m for m in public_modules() if m.startswith("multivector.solver.")]
)
def test_solver_modules_export_their_functions(module_name: str) -> None:
    module = importlib.import_module(module_name)
    defined_here = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and callable(value)
        and getattr(value, "__module__", None) == module_name
    }
    assert defined_here <= set(module.__all__), module_name


def test_errors_share_one_base() -> None:
    for name in ("DataError", "FormatError", "GameError", "ScenarioError", "SolverError"):
        assert issubclass(getattr(multivector, name), multivector.MultivectorError)


# ---------------------------------------------------------------------- registry
@pytest.mark.parametrize("name", sorted(METHODS))
def test_registry_entry_is_consistent_and_loads(name: str) -> None:
    info = METHODS[name]
    assert isinstance(info, MethodInfo)
    assert info.name == name
    assert info.players in {"2", "n"}
    assert info.finds in {"all", "pure", "one", "accessible"}
    assert info.summary and info.reference
    runner = info.load()
    assert callable(runner)
    module, func = info.runner.split(":")
    assert func in importlib.import_module(module).__all__


@pytest.mark.parametrize("name", sorted(n for n, m in METHODS.items() if m.kind == "normal"))
def test_every_method_runs_and_keeps_its_promise(name: str) -> None:
    info = METHODS[name]
    if name.startswith("gambit-"):
        pytest.importorskip("pygambit", reason="Gambit backends need the gambit extra")
    sol = solve(BOS, method=name)
    assert isinstance(sol, Solution)
    assert sol.method == name
    assert sol.game is BOS
    for eq in sol:
        assert_equilibrium(BOS, eq)
    # Battle of the Sexes: pure (1,0),(1,0) and (0,1),(0,1); mixed (2/3,1/3),(1/3,2/3)
    pure = {((0,), (0,)), ((1,), (1,))}
    supports = {e.supports for e in sol}
    if info.finds == "all":
        assert sol.complete
        assert len(sol) == 3 and pure < supports
    elif info.finds == "pure":
        assert supports == pure
    elif info.finds == "one":
        assert len(sol) == 1
    else:
        assert 1 <= len(sol) <= 3
    assert sol.exact == info.exact
    if info.exact:
        assert all(e.exact is not None for e in sol)
    if info.players == "n":
        three = solve(THREE_PLAYERS, method=name)
        for eq in three:
            assert_equilibrium(THREE_PLAYERS, eq)


# ---------------------------------------------------------------------- solve()
def test_auto_picks_complete_methods() -> None:
    assert solve(BOS).method == "vertex"
    assert solve(BOS, exact=True).method == "exact"
    assert solve(BOS, method="vertex", exact=True).method == "exact"
    # more players: the complete n-player enumeration within its size limit
    three = solve(THREE_PLAYERS)
    assert three.method == "support-homotopy" and three.complete


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: solve(BOS, method="simplex"), r"unknown method 'simplex'; choose one of"),
        (lambda: solve([[1, 0], [0, 1]]), r"takes a NormalFormGame, not list"),  # type: ignore[arg-type]
        (lambda: solve(THREE_PLAYERS, exact=True), r"2-player games only.*3 players"),
        (lambda: solve(THREE_PLAYERS, method="vertex"), r"needs a 2-player game.*3 players"),
        (lambda: solve(BOS, method="pure", exact=True), r"'pure' is not exact"),
    ],
)
def test_solve_refuses_clearly(call: Callable[[], Solution], match: str) -> None:
    with pytest.raises(SolverError, match=match):
        call()


def test_solution_is_a_sequence_of_equilibria() -> None:
    sol = solve(BOS)
    assert len(sol) == 3
    assert list(sol) == list(sol.equilibria)
    assert sol[0] is sol.equilibria[0]
    d = sol.to_dict()
    assert d["method"] == "vertex" and d["complete"] is True
    assert len(d["equilibria"]) == 3
