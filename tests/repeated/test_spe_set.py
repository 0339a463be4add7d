"""Subgame-perfect payoff sets of 2-player repeated games, against quantecon.

Known answer: the prisoner's dilemma [[(9,9),(1,10)],[(10,1),(3,3)]] at discount 0.9 has
the SPE payoff set with vertices (3,3), (9.75,3), (9,9), (3,9.75) (QuantEcon's
repeated-game notebook, Abreu and Sannikov 2014's algorithm).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver.repeated import (
    check_subgame_perfect,
    feasible_set,
    grim_trigger_threshold,
    individually_rational_set,
    k_period_punishment,
    spe_payoff_set,
    sustained_by_optimal_penal_code,
)
from tests.peers import peer_quantecon_spe_payoffs, run_limited

ANGLES = np.linspace(0, 2 * np.pi, 360, endpoint=False)
DIRS = np.stack([np.cos(ANGLES), np.sin(ANGLES)], axis=1)


def support(points: np.ndarray) -> np.ndarray:
    return np.max(DIRS @ np.asarray(points, dtype=float).T, axis=1)


_DIRS = np.stack(
    [
        np.cos(np.linspace(0, 2 * np.pi, 32, endpoint=False)),
        np.sin(np.linspace(0, 2 * np.pi, 32, endpoint=False)),
    ],
    axis=1,
)


def test_pd_known_vertices() -> None:
    g = NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    s = spe_payoff_set(g, 0.9)
    assert s.converged
    want = [(3, 3), (3, 9.75), (9, 9), (9.75, 3)]
    assert sorted(map(tuple, s.vertices.round(6).tolist())) == want
    np.testing.assert_allclose(s.worst, [3, 3], atol=1e-6)
    # the SPE set lies in the individually rational set (folk-theorem bound)
    ir = individually_rational_set(g)
    assert all(ir.contains(v, tol=1e-6) for v in s.vertices)


def test_pd_grows_with_patience_and_collapses_when_impatient() -> None:
    g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    # below the grim threshold 1/2 mutual cooperation is lost, but asymmetric play is
    # not: co{(1,1), (1,4), (4,1)} generates itself at 0.4 ((4,1) = 0.6 (5,0) + 0.4 (2.5,
    # 2.5), the cooperator's continuation 2.5 = P + (1-d)/d (P-S) exactly)
    low = spe_payoff_set(g, 0.4)
    want = [(1, 1), (1, 4), (4, 1)]
    assert sorted(map(tuple, low.vertices.round(6).tolist())) == want
    mid, high = spe_payoff_set(g, 0.6), spe_payoff_set(g, 0.9)
    assert np.all(support(high.vertices) >= support(mid.vertices) - 1e-8)
    assert np.all(support(feasible_set(g).vertices) >= support(high.vertices) - 1e-8)


def test_degenerate_segment() -> None:
    # two stage equilibria (9,9) and (8,9); player 1 can never be pushed below 8
    g = NormalFormGame.from_bimatrix([[7, 9], [8, 5]], [[9, 9], [9, 0]])
    s = spe_payoff_set(g, 0.85)
    assert sorted(map(tuple, s.vertices.round(6).tolist())) == [(8, 9), (9, 9)]


def test_no_pure_equilibrium_can_give_an_empty_set() -> None:
    g = NormalFormGame.from_bimatrix([[8, 0], [1, 2]], [[1, 8], [8, 5]])
    s = spe_payoff_set(g, 0.85)
    assert len(s.vertices) == 0 and s.converged


def test_a_set_far_wider_in_one_player_s_payoffs_keeps_its_shape() -> None:
    # fuzz findings: player 1's payoffs reach 1e12, player 2's stay within [-9, 9]. In one
    # unit for both, tolerances of 1e-9 of the wider range flattened the set to a
    # segment, the iterates grew and shrank by turns and cycled for all 5000 iterations
    # (2.4 s). In each player's own unit the set stays two-dimensional and converges.
    g = NormalFormGame.from_bimatrix(
        [[6e9, -1.75, 9], [2 / 3, 7, -3.0688], [1e12, 7, -8.165], [-5, 6, -3]],
        [[1e-7, -3, -6.289], [-7, 0.125, 2], [-5, 8, 9], [-6, -9, 4.64]],
    )
    s = spe_payoff_set(g, 0.9, max_iter=400)
    assert s.converged and not s.notes
    assert len(s.vertices) >= 3
    unit = np.array([1e12 + 8.165, 18.0])
    if importlib.util.find_spec("quantecon") is not None:
        theirs = run_limited(peer_quantecon_spe_payoffs, g.payoffs[0], g.payoffs[1], 0.9)
        if not isinstance(theirs, str):
            # the same set, in each player's unit, to well within the tolerances
            assert np.allclose(
                _support_of(s.vertices / unit), _support_of(np.asarray(theirs) / unit), atol=1e-6
            )
    # the iterates only shrink (the operator is monotone from the feasible set)
    previous = None
    for k in range(1, 12):
        v = spe_payoff_set(g, 0.9, max_iter=k).vertices / unit
        if previous is not None:
            assert np.all(_support_of(v) <= _support_of(previous) + 1e-9)
        previous = v


def _support_of(v: np.ndarray) -> np.ndarray:
    return np.max(_DIRS @ v.T, axis=1) if len(v) else np.full(len(_DIRS), -np.inf)


def test_errors() -> None:
    g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(SolverError):
        spe_payoff_set(g, 0)
    with pytest.raises(SolverError, match="2-player"):
        spe_payoff_set(NormalFormGame(np.zeros((3, 2, 2, 2))), 0.9)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("shape", "seed"), [((2, 2), s) for s in range(6)] + [((3, 3), s) for s in range(4)]
)
def test_agrees_with_quantecon(shape: tuple[int, int], seed: int) -> None:
    pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(seed)
    A = rng.integers(0, 10, shape)
    B = rng.integers(0, 10, shape)
    delta = 0.85
    ours = spe_payoff_set(NormalFormGame.from_bimatrix(A, B), delta)
    theirs = run_limited(peer_quantecon_spe_payoffs, A, B, delta, seconds=300)
    if isinstance(theirs, str) and theirs == "empty":
        # quantecon found no incentive-compatible payoff: the set is empty
        assert len(ours.vertices) == 0
        return
    if isinstance(theirs, str) and theirs == "qhull":
        pytest.skip("quantecon's hull of a degenerate (segment) set failed")
    assert ours.converged
    # same polygon: support functions agree (Hausdorff distance of convex sets)
    np.testing.assert_allclose(support(ours.vertices), support(theirs), atol=1e-5)


def test_optimal_penal_code_matches_grim_in_the_pd() -> None:
    # in the PD the worst SPE payoff is the stage Nash payoff P once cooperation is
    # possible, so Abreu's optimal penal code gives the grim threshold (T-R)/(T-P) = 1/2
    g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert sustained_by_optimal_penal_code(g, (0, 0), 0.51)["sustained"]
    assert not sustained_by_optimal_penal_code(g, (0, 0), 0.49)["sustained"]


@pytest.mark.parametrize("era", ["2014-2021", "2022-"])
def test_optimal_penal_code_dominates_every_automaton_punishment(era: str) -> None:
    """Whenever some subgame-perfect automaton profile sustains a stationary path, the
    optimal penal code does too (Abreu 1988), and it beats Nash reversion."""
    from multivector.games.models import resolve_game

    g = resolve_game("kz-russia", era=era)
    target = ("align", "accommodate")
    assert grim_trigger_threshold(g, target).value is None
    for k in (2, 3):
        autos = [k_period_punishment(g, i, target, ("balance", "coerce"), k) for i in (0, 1)]
        for delta in (0.6, 0.75, 0.9):
            if check_subgame_perfect(g, autos, delta).is_equilibrium:
                assert sustained_by_optimal_penal_code(g, target, delta)["sustained"]


def test_a_set_of_payoffs_in_billions_converges(tmp_path: Path) -> None:
    # a fuzz finding (case 390771): in each player's own unit, the clipping tolerance (1e-9
    # of a unit) sat above the stopping tolerance (1e-10), and the iteration stalled for
    # all 5000 iterations (3.2 s); it now clips at 1e-9 in the game's own units, as before
    from multivector.games.formats.registry import load_game

    path = tmp_path / "g.nfg"
    path.write_text(
        'NFG 1 R "x" { "P1" "Ann" }\n{ { "a" "b" "c" "d" }\n{ "a" "b" "c" "d" }\n}\n""\n\n'
        "-1.75 4 -4 -3000000000 -8 7 9 -9 -9.426754 4.8277 7 -2.5 -1 1000000 6 8\n"
        "1 9 -2.589 0.5 0.6666666666666666 -1 6000000000 0.6666666666666666 7 -5.9485 1 5 "
        "6.4 0.0000001 1 10\n"
    )
    s = spe_payoff_set(load_game(path), 0.9, max_iter=1000)
    assert s.converged and not s.notes
