"""Work budgets: enumerations past their budget are refused before any solver runs."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from multivector import NormalFormGame, WorkLimitError, solve
from multivector.cli import app
from multivector.games.formats import write_game
from multivector.solver import Solution
from multivector.solver._homotopy import bezout_number
from multivector.solver._polytope import vertices_bfs
from multivector.solver.limits import BUDGETS, estimate_work, path_estimate, vertex_bound
from multivector.solver.vertex import _float_polytopes
from tests.validators import assert_equilibrium

RUNNERS = {
    "vertex": ("multivector.solver.vertex", "run_vertex"),
    "exact": ("multivector.solver.vertex", "run_exact"),
    "support-homotopy": ("multivector.solver.nplayer", "run_support_homotopy"),
    "lemke-howson": ("multivector.solver.lemke_howson", "run_lemke_howson"),
}


def _random(shape: tuple[int, ...], seed: int = 0) -> NormalFormGame:
    return NormalFormGame(np.random.default_rng(seed).random((len(shape), *shape)))


GAME_40 = _random((40, 40))
GAME_7 = _random((2,) * 7)
GAME_3333 = _random((3, 3, 3, 3))
REFUSED = [(GAME_40, "vertex"), (GAME_7, "support-homotopy"), (GAME_3333, "support-homotopy")]


def _forbid(monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    """Make ``method``'s runner fail the test if it is ever called."""
    module, name = RUNNERS[method]

    def called(game: NormalFormGame, **options: Any) -> Solution:
        raise AssertionError(f"{method} ran although its estimate is past the budget")

    monkeypatch.setattr(f"{module}.{name}", called)


def _record(monkeypatch: pytest.MonkeyPatch, method: str) -> list[NormalFormGame]:
    """Replace ``method``'s runner by one that records its calls and finds nothing."""
    module, name = RUNNERS[method]
    calls: list[NormalFormGame] = []

    def called(game: NormalFormGame, **options: Any) -> Solution:
        calls.append(game)
        return Solution(game=game, equilibria=(), method=method, complete=False)

    monkeypatch.setattr(f"{module}.{name}", called)
    return calls


# ---------------------------------------------------------------------- the estimates
def test_upper_bound_theorem_matches_known_counts() -> None:
    # a simple 2-polytope with k facets is a k-gon (k vertices), a simple 3-polytope has
    # 2k - 4 (Euler's formula); the cube (d = 3, k = 6) has 8
    from multivector.solver.limits import _upper_bound_theorem

    for k in range(3, 30):
        assert _upper_bound_theorem(2, k) == k
    for k in range(4, 30):
        assert _upper_bound_theorem(3, k) == 2 * k - 4
    # the cyclic 4-polytope with k facets is dual to one with k vertices and k(k-3)/2
    # facets (McMullen 1970): its dual has k(k-3)/2 vertices
    for k in range(5, 30):
        assert _upper_bound_theorem(4, k) == k * (k - 3) // 2


@pytest.mark.parametrize("n", [2, 4, 6, 8, 10])
def test_vertex_bound_bounds_the_walk(n: int) -> None:
    for seed in range(3):
        rng = np.random.default_rng(seed)
        game = NormalFormGame.from_bimatrix(rng.random((n, n + 1)), rng.random((n, n + 1)))
        MP, MQ = _float_polytopes(game)
        visited = sum(
            len(vertices_bfs(M, max_vertices=10**6, compiled=False)[1]) for M in (MP, MQ)
        )
        assert 0 < visited <= vertex_bound(n, n + 1)


@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 3, 2), (2, 2, 2, 2), (4, 3, 2), (2, 3, 2, 2)])
def test_path_estimate_sums_bezout_numbers_of_balanced_profiles(shape: tuple[int, ...]) -> None:
    total = 0
    supports = [
        [s for r in range(1, k + 1) for s in itertools.combinations(range(k), r)] for k in shape
    ]
    for profile in itertools.product(*supports):
        dims = tuple(len(s) - 1 for s in profile)
        if any(2 * d > sum(dims) for d in dims):
            continue
        owner = tuple(i for i, d in enumerate(dims) for _ in range(d))
        total += max(1, bezout_number(owner, dims))
    assert path_estimate(shape) == total


def test_path_estimate_of_two_strategy_games_counts_derangements() -> None:
    # the totally mixed profile of an n-player 2-strategy game has at most D(n) isolated
    # equilibria, the number of derangements (McKelvey and McLennan 1997)
    derangements = {2: 1, 3: 2, 4: 9, 5: 44, 6: 265, 7: 1854}
    for n, d in derangements.items():
        with_mixed = path_estimate((2,) * n)
        # every smaller support profile fixes some players' strategies: the totally mixed
        # one adds exactly D(n) to the sum over the others
        others = sum(
            math.comb(n, k) * 2 ** (n - k) * derangements.get(k, 1 if k == 0 else 0)
            for k in range(n)
        )
        assert with_mixed - others == d


# ---------------------------------------------------------------------- refusals
@pytest.mark.parametrize(("game", "method"), REFUSED)
def test_refused_before_the_solver_runs(
    monkeypatch: pytest.MonkeyPatch, game: NormalFormGame, method: str
) -> None:
    _forbid(monkeypatch, method)
    with pytest.raises(WorkLimitError) as caught:
        solve(game, method)
    message = str(caught.value)
    estimate = estimate_work(game, method)
    assert estimate is not None and estimate.value > BUDGETS[method]
    assert f"{estimate.value:,}" in message and f"{BUDGETS[method]:,}" in message
    assert "logit-trace" in message and "force=True" in message and "--force" in message
    if game.num_players == 2:
        assert "lemke-howson" in message and "lh-graph" in message


def test_refusal_figures() -> None:
    # the figures the documentation quotes
    assert estimate_work(GAME_7, "support-homotopy").value == 13_700  # type: ignore[union-attr]
    assert estimate_work(GAME_3333, "support-homotopy").value == 7_365  # type: ignore[union-attr]
    assert vertex_bound(40, 40) == 11_178_252_015_481_320
    assert vertex_bound(18, 18) <= BUDGETS["vertex"] < vertex_bound(20, 20)


@pytest.mark.parametrize(("game", "method"), REFUSED)
def test_force_runs_the_method(
    monkeypatch: pytest.MonkeyPatch, game: NormalFormGame, method: str
) -> None:
    calls = _record(monkeypatch, method)
    solve(game, method, force=True)
    assert calls == [game]


def test_exact_flag_is_checked_against_the_exact_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    _forbid(monkeypatch, "exact")
    game = _random((18, 18))
    assert BUDGETS["exact"] < vertex_bound(18, 18) <= BUDGETS["vertex"]
    with pytest.raises(WorkLimitError, match="'exact'"):
        solve(game, "vertex", exact=True)
    with pytest.raises(WorkLimitError, match="'exact'"):
        solve(game, exact=True)


# ---------------------------------------------------------------------- auto
def test_auto_chooses_lemke_howson_past_the_vertex_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    _forbid(monkeypatch, "vertex")
    game = _random((20, 20), seed=3)
    sol = solve(game)
    assert sol.method == "lemke-howson" and not sol.complete and len(sol) == 1
    assert_equilibrium(game, sol[0])
    assert any("work budget of 'vertex'" in note for note in sol.notes)


@pytest.mark.parametrize("game", [GAME_7, GAME_3333])
def test_auto_chooses_pure_past_the_path_budget(
    monkeypatch: pytest.MonkeyPatch, game: NormalFormGame
) -> None:
    _forbid(monkeypatch, "support-homotopy")
    sol = solve(game)
    assert sol.method == "pure" and not sol.complete
    assert any("work budget of 'support-homotopy'" in note for note in sol.notes)
    for eq in sol:
        assert eq.is_pure
        assert_equilibrium(game, eq)


def test_auto_keeps_enumerating_within_the_budgets() -> None:
    assert solve(_random((3, 3, 3))).method == "support-homotopy"
    assert solve(_random((12, 12))).method == "vertex"


@pytest.mark.slow
def test_forced_enumeration_of_a_3x3x3x3_game_runs() -> None:
    sol = solve(GAME_3333, "support-homotopy", force=True)
    assert sol.method == "support-homotopy" and len(sol) >= 1
    for eq in sol:
        assert_equilibrium(GAME_3333, eq)


# ---------------------------------------------------------------------- command line
def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def test_cli_refuses_with_one_error_line_and_forces(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "seven.json"
    write_game(GAME_7, path)
    _forbid(monkeypatch, "support-homotopy")
    result = _runner().invoke(app, ["solve", str(path), "-m", "support-homotopy"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "13,700" in lines[0]
    calls = _record(monkeypatch, "support-homotopy")
    result = _runner().invoke(app, ["solve", str(path), "-m", "support-homotopy", "--force"])
    assert result.exit_code == 0, result.stderr
    assert len(calls) == 1
