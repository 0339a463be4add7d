"""Known equilibria from the literature, found by ``solve`` in float and exact mode.

Each game's equilibria are stated with their source; mixed equilibria are re-derived
in a comment from the indifference conditions, so a reader can check them by hand.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from multivector import NormalFormGame, Solution, solve
from tests.known_games import (
    VS75_ORIGINAL_A,
    VS75_ORIGINAL_B,
    VS75_SMALL_A,
    VS75_SMALL_B,
)
from tests.peers import peer_gambit_enummixed, run_limited
from tests.strategies import is_degenerate
from tests.validators import assert_equilibrium, assert_exact_equilibrium

F = Fraction
ExactProfile = tuple[tuple[Fraction, ...], ...]

# Support sizes of the 75 equilibria (each player's support has the same size, the game
# being nondegenerate): von Stengel 1999.
VS75_SUPPORT_SIZES = {1: 2, 2: 26, 3: 18, 4: 26, 5: 2, 6: 1}


def checked_solve(game: NormalFormGame, *, exact: bool = False) -> Solution:
    """``solve`` with every equilibrium checked from scratch, and the list complete."""
    sol = solve(game, exact=exact)
    assert sol.complete
    assert sol.method == ("exact" if exact else "vertex")
    assert sol.exact is exact
    for eq in sol:
        assert_equilibrium(game, eq)
        if exact:
            assert eq.exact is not None
            assert all(isinstance(q, Fraction) for x in eq.exact for q in x)
            assert_exact_equilibrium(game, eq.exact)
    return sol


def exact_set(sol: Solution) -> set[ExactProfile]:
    out = set()
    for eq in sol:
        assert eq.exact is not None
        out.add(eq.exact)
    assert len(out) == len(sol)  # no duplicates
    return out


def rounded_set(sol: Solution, digits: int = 9) -> set[tuple[tuple[float, ...], ...]]:
    out = {tuple(tuple(np.round(x, digits) + 0.0) for x in eq.profile) for eq in sol}
    assert len(out) == len(sol)
    return out


def as_rounded(profiles: set[ExactProfile], digits: int = 9) -> set[tuple[tuple[float, ...], ...]]:
    return {
        tuple(tuple(np.round([float(q) for q in x], digits) + 0.0) for x in p) for p in profiles
    }


def assert_known(game: NormalFormGame, expected: set[ExactProfile]) -> None:
    """Float and exact mode both find exactly ``expected``, and agree on degeneracy."""
    exact = checked_solve(game, exact=True)
    assert exact_set(exact) == expected
    floats = checked_solve(game)
    assert rounded_set(floats) == as_rounded(expected)
    for sol in (exact, floats):
        if sol.degenerate is not None:
            assert sol.degenerate == is_degenerate(game)
        if sol.degenerate is False and sol.components is not None:
            # in a nondegenerate game every equilibrium is isolated
            assert all(c.is_isolated for c in sol.components)
            assert len(sol.components) == len(sol)


# ---------------------------------------------------------------------- classic 2x2 / 3x3
def test_prisoners_dilemma() -> None:
    # Unique equilibrium (D, D), in strictly dominant strategies (Osborne 2004, An
    # Introduction to Game Theory, Chapter 2).
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert_known(pd, {((F(0), F(1)), (F(0), F(1)))})


def test_battle_of_the_sexes() -> None:
    # Two pure equilibria and one mixed (Osborne 2004, Chapter 4). Mixed: the row player
    # is indifferent when 2 q = 1 (1 - q), q = 1/3; the column player when p = 2 (1 - p),
    # p = 2/3.
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert_known(
        bos,
        {
            ((F(1), F(0)), (F(1), F(0))),
            ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))),
            ((F(0), F(1)), (F(0), F(1))),
        },
    )
    mixed = next(e for e in solve(bos, exact=True) if not e.is_pure)
    assert mixed.payoffs.tolist() == pytest.approx([2 / 3, 2 / 3])


def test_chicken() -> None:
    # Chicken (Rapoport and Chammah 1966, "The game of chicken", American Behavioral
    # Scientist 10(3), 10-28): two asymmetric pure equilibria and one symmetric mixed one.
    # Strategies (swerve, straight). Mixed: swerving with probability q makes the other
    # indifferent when -(1 - q) = q - 10 (1 - q), q = 9/10.
    chicken = NormalFormGame.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
    assert_known(
        chicken,
        {
            ((F(1), F(0)), (F(0), F(1))),
            ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10))),
            ((F(0), F(1)), (F(1), F(0))),
        },
    )


def test_matching_pennies() -> None:
    # Unique equilibrium, both players mix 1/2-1/2 (von Neumann and Morgenstern 1944,
    # Theory of Games and Economic Behavior); the value is 0.
    mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    assert_known(mp, {((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))})
    (eq,) = solve(mp)
    assert eq.payoffs.tolist() == pytest.approx([0.0, 0.0])


def test_rock_paper_scissors() -> None:
    # Unique equilibrium, uniform play by both (symmetric zero-sum game with a cyclic
    # payoff matrix; e.g. Osborne 2004, Chapter 4).
    rps = NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    third = (F(1, 3),) * 3
    assert_known(rps, {(third, third)})


def test_von_stengel_textbook_3x2() -> None:
    # von Stengel 2007, "Equilibrium computation for two-player games in strategic and
    # extensive form", Algorithmic Game Theory, Chapter 3: the chapter's running 3x2
    # example has exactly these three equilibria.
    g = NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    assert_known(
        g,
        {
            ((F(1), F(0), F(0)), (F(1), F(0))),
            ((F(4, 5), F(1, 5), F(0)), (F(2, 3), F(1, 3))),
            ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
        },
    )
    # A solver comparing best-response payoffs with exact float equality can reject
    # this equilibrium when its y carries round-off (nashpy's is_best_response does);
    # the float path must still find it.
    sol = solve(g)
    assert any(e.supports == ((1, 2), (0, 1)) for e in sol)


def test_labels_are_carried_into_results() -> None:
    bos = NormalFormGame.from_bimatrix(
        [[2, 0], [0, 1]],
        [[1, 0], [0, 2]],
        players=["Ann", "Bob"],
        strategies=[["opera", "football"], ["opera", "football"]],
    )
    sol = solve(bos, exact=True)
    d = sol.to_dict()
    assert d["game"]["players"] == ["Ann", "Bob"]
    mixed = next(e for e in d["equilibria"] if len(e["supports"]["Ann"]) == 2)
    assert mixed["exact"] == {
        "Ann": {"opera": "2/3", "football": "1/3"},
        "Bob": {"opera": "1/3", "football": "2/3"},
    }


# ---------------------------------------------------------------------- von Stengel 75
def read_reference_list(path: Path) -> set[ExactProfile]:
    out: set[ExactProfile] = set()
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        x, y = line.split("|")
        out.add((tuple(F(v) for v in x.split()), tuple(F(v) for v in y.split())))
    return out


def support_histogram(sol: Solution) -> Counter[int]:
    sizes: Counter[int] = Counter()
    for eq in sol:
        rows, cols = eq.supports
        assert len(rows) == len(cols)  # nondegenerate: equal support sizes
        sizes[len(rows)] += 1
    return sizes


@pytest.mark.parametrize("exact", [False, True], ids=["float", "exact"])
def test_von_stengel_75_small_payoffs(exact: bool) -> None:
    g = NormalFormGame.from_bimatrix(VS75_SMALL_A, VS75_SMALL_B)
    sol = checked_solve(g, exact=exact)
    assert len(sol) == 75
    assert sol.degenerate is False
    assert support_histogram(sol) == VS75_SUPPORT_SIZES
    # examples quoted with the game (Savani and von Stengel 2006)
    totally_mixed: ExactProfile = (
        (F(1, 30), F(1, 6), F(3, 10), F(3, 10), F(1, 6), F(1, 30)),
        (F(1, 6), F(1, 30), F(3, 10), F(3, 10), F(1, 30), F(1, 6)),
    )
    pure: set[ExactProfile] = {
        ((F(0),) * 4 + (F(1), F(0)), (F(1),) + (F(0),) * 5),
        ((F(0), F(1)) + (F(0),) * 4, (F(0),) * 5 + (F(1),)),
    }
    expected_some = {totally_mixed, *pure}
    if exact:
        assert expected_some <= exact_set(sol)
        assert {e.exact for e in sol if e.is_pure} == pure
    else:
        assert as_rounded(expected_some) <= rounded_set(sol)


def test_von_stengel_75_small_payoffs_equal_the_reference_list(reference_games: Path) -> None:
    path = reference_games / "vonstengel75_equilibria_small_payoffs.txt"
    if not path.exists():
        pytest.skip(f"{path.name} not in the reference games folder")
    reference = read_reference_list(path)
    assert len(reference) == 75
    g = NormalFormGame.from_bimatrix(VS75_SMALL_A, VS75_SMALL_B)
    assert exact_set(checked_solve(g, exact=True)) == reference
    assert rounded_set(checked_solve(g)) == as_rounded(reference)


@pytest.mark.parametrize("exact", [False, True], ids=["float", "exact"])
def test_von_stengel_75_original_payoffs(exact: bool) -> None:
    # Payoffs up to ~1.7e6: a test of floating-point robustness (nashpy's vertex
    # enumeration returns 505 profiles here). The two versions do NOT have the same
    # equilibria (only the two pure ones coincide), so only the count, the support
    # sizes and validity are shared with the small version.
    g = NormalFormGame.from_bimatrix(VS75_ORIGINAL_A, VS75_ORIGINAL_B)
    sol = checked_solve(g, exact=exact)
    assert len(sol) == 75
    assert support_histogram(sol) == VS75_SUPPORT_SIZES
    small = checked_solve(NormalFormGame.from_bimatrix(VS75_SMALL_A, VS75_SMALL_B))
    shared = rounded_set(sol) & rounded_set(small)
    assert len(shared) == 2
    assert all(max(x) == 1.0 for p in shared for x in p)  # the two pure equilibria
    assert {e.supports for e in sol if e.is_pure} == {e.supports for e in small if e.is_pure}


def test_von_stengel_75_float_and_exact_agree() -> None:
    for A, B in ((VS75_SMALL_A, VS75_SMALL_B), (VS75_ORIGINAL_A, VS75_ORIGINAL_B)):
        g = NormalFormGame.from_bimatrix(A, B)
        exact = exact_set(checked_solve(g, exact=True))
        assert rounded_set(checked_solve(g)) == as_rounded(exact)


def test_von_stengel_75_original_payoffs_agree_with_gambit() -> None:
    pytest.importorskip("pygambit")
    matrices = [np.asarray(m).astype(int).tolist() for m in (VS75_ORIGINAL_A, VS75_ORIGINAL_B)]
    theirs = run_limited(peer_gambit_enummixed, matrices, seconds=120)
    ours = exact_set(
        checked_solve(NormalFormGame.from_bimatrix(VS75_ORIGINAL_A, VS75_ORIGINAL_B), exact=True)
    )
    assert ours == theirs
