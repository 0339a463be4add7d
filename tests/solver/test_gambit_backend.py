"""Gambit backends: results certified at multivector's tolerance, failures as SolverError.

Issue 15: on a game with a payoff of 6,000,000,000 Gambit's ``enummixed`` said
"complete, no equilibrium found" (Gambit's rational methods fail when the payoffs span
2**31 - 1 or more) and ``simpdiv`` returned a profile with regret 199.85, "accepted at
Gambit's tolerance". Every call here runs Gambit in its child process under a time limit
(tests/conftest.py sets 120 s; some calls set less).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multivector import NormalFormGame, SolverError, solve
from multivector.games.formats import read_nfg
from multivector.solver import gambit_backend
from multivector.solver.gambit_backend import GAMBIT_RATIONAL_RANGE, gambit_rational_payoffs
from tests.validators import assert_equilibrium, profile_key

pytest.importorskip("pygambit")

#: Both players' first strategies dominate; the unique equilibrium is pure, (s1, s1).
SIX_BILLION = NormalFormGame.from_bimatrix(
    [[6_000_000_000, 1], [0, 0]], [[6_000_000_000, 0], [1, 0]]
)
FLOAT_METHODS = ["gambit-simpdiv", "gambit-logit", "gambit-gnm", "gambit-ipa", "gambit-enumpoly"]
RATIONAL_METHODS = ["gambit-enummixed", "gambit-lcp"]


@pytest.mark.parametrize("method", RATIONAL_METHODS + FLOAT_METHODS)
def test_the_six_billion_game_gives_its_pure_equilibrium(method: str) -> None:
    sol = solve(SIX_BILLION, method=method, time_limit=60)
    assert [profile_key(eq, 9) for eq in sol] == [((1.0, 0.0), (1.0, 0.0))]
    for eq in sol:
        assert_equilibrium(SIX_BILLION, eq)
        assert eq.regret <= SIX_BILLION.default_tolerance()
    if method in RATIONAL_METHODS:
        assert sol.exact and any("power of two" in note for note in sol.notes)


def test_the_rescaling_keeps_the_game_exact_and_below_gambits_range() -> None:
    scaled, rescaled = gambit_rational_payoffs(SIX_BILLION)
    assert rescaled
    for i in range(2):
        values = list(scaled[i].ravel())
        assert min(values) == 0 and max(values) < GAMBIT_RATIONAL_RANGE
        # a positive affine map of the player's payoffs: the order of every pair is kept
        original = list(SIX_BILLION.exact_payoffs[i].ravel())
        ratios = {
            (b - a) / (y - x)
            for a, b, x, y in zip(values, values[1:], original, original[1:], strict=False)
            if y != x
        }
        assert len(ratios) == 1 and next(iter(ratios)) > 0
    small = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert gambit_rational_payoffs(small)[1] is False


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(2, 3),
    st.integers(2, 3),
    st.integers(0, 2**32 - 1),
    st.sampled_from([1, 1e3, 6e9, 1e12]),
)
def test_simpdiv_never_returns_a_regret_above_the_tolerance(
    m: int, n: int, seed: int, scale: float
) -> None:
    """Random games with payoffs up to ``scale`` (one entry of 6e9 among small ones too):
    every profile simpdiv returns is certified at multivector's tolerance, or the call is
    a SolverError; never a looser acceptance."""
    rng = np.random.default_rng(seed)
    payoffs = rng.integers(0, 4, size=(2, m, n)).astype(float)
    payoffs[tuple(rng.integers(0, [2, m, n]))] = scale
    game = NormalFormGame(payoffs)
    try:
        sol = solve(game, method="gambit-simpdiv", time_limit=60)
    except SolverError as err:
        assert "tolerance" in str(err) or "Gambit" in str(err)
        return
    assert len(sol) >= 1
    for eq in sol:
        assert eq.regret <= game.default_tolerance()
        assert_equilibrium(game, eq)
    assert not any("Gambit's tolerance" in note for note in sol.notes)


def test_an_empty_answer_is_an_error_not_a_complete_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every finite game has an equilibrium: a Gambit method that returns none failed."""
    monkeypatch.setattr(gambit_backend, "_gambit_profiles", lambda *a, **k: [])
    for method in RATIONAL_METHODS + FLOAT_METHODS:
        with pytest.raises(SolverError, match="returned no equilibrium, but every finite game"):
            solve(SIX_BILLION, method=method)


def test_a_failing_gambit_call_is_a_solver_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(method: str, payoffs: object) -> object:
        raise RuntimeError("Column label index out of range")

    monkeypatch.setattr(gambit_backend, "_compute", fail)
    with pytest.raises(SolverError, match=r"gambit-lcp' failed on this game .*Column label"):
        solve(SIX_BILLION, method="gambit-lcp", time_limit=float("inf"))


def test_an_uncertified_profile_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A profile past the tolerance that polishing cannot repair is refused, naming both."""
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    monkeypatch.setattr(
        gambit_backend, "_gambit_profiles", lambda *a, **k: [[["1", "0"], ["1", "0"]]]
    )
    monkeypatch.setattr(gambit_backend, "polish_on_support", lambda *a, **k: None)
    with pytest.raises(SolverError, match=r"regret 2, above multivector's tolerance 5e-09"):
        solve(pd, method="gambit-simpdiv")


def test_a_looping_gambit_method_is_stopped(reference_games: Path) -> None:
    """pygambit 16.7's gnm does not return on Gambit's own 2x2x2.nfg; the time limit stops
    it, and the next call (a fresh child process) works."""
    game = read_nfg(reference_games / "gambit-contrib" / "2x2x2.nfg")
    with pytest.raises(SolverError, match="did not finish within 3 s"):
        solve(game, method="gambit-gnm", time_limit=3)
    sol = solve(game, method="gambit-enumpoly", time_limit=60)
    for eq in sol:
        assert_equilibrium(game, eq)


def test_the_time_limit_is_checked() -> None:
    with pytest.raises(SolverError, match="time_limit -1 must be a positive number"):
        solve(SIX_BILLION, method="gambit-simpdiv", time_limit=-1)
