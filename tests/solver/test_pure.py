"""Pure-strategy Nash equilibria: known games, the batched kernel against the one-game
function and a brute-force loop, and QuantEcon's ``pure_nash_brute`` as an independent
implementation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from multivector import GameError, NormalFormGame, solve
from multivector.explore.strategies import games
from multivector.solver.pure import pure_nash, pure_nash_batch, pure_nash_mask
from tests.peers import peer_quantecon_pure_nash, run_limited
from tests.strategies import payoff_stacks
from tests.validators import assert_equilibrium


def brute_force_pure(payoffs: NDArray[np.float64], tol: float = 0.0) -> set[tuple[int, ...]]:
    """Pure equilibria by the definition: no player gains by any unilateral deviation."""
    n = payoffs.shape[0]
    shape = payoffs.shape[1:]
    found = set()
    for profile in itertools.product(*(range(s) for s in shape)):
        stable = True
        for i in range(n):
            here = payoffs[(i, *profile)]
            for k in range(shape[i]):
                other = (*profile[:i], k, *profile[i + 1 :])
                if payoffs[(i, *other)] > here + tol:
                    stable = False
        if stable:
            found.add(profile)
    return found


def pure_profiles(game: NormalFormGame) -> list[tuple[int, ...]]:
    """The pure profiles found by ``pure_nash``, each checked as an equilibrium."""
    out = []
    for eq in pure_nash(game):
        assert_equilibrium(game, eq)
        assert eq.is_pure
        assert eq.method == "pure"
        if game.is_exact:
            assert eq.regret == 0.0
        out.append(tuple(s[0] for s in eq.supports))
    return out


def coordination(num_players: int, num_actions: int) -> NormalFormGame:
    """Pure coordination: every player gets 1 when all choose the same action, else 0."""
    shape = (num_actions,) * num_players
    u = np.zeros((num_players, *shape), dtype=np.int64)
    for a in range(num_actions):
        u[(slice(None),) + (a,) * num_players] = 1
    return NormalFormGame(u)


# ---------------------------------------------------------------------- known games
def test_prisoners_dilemma_unique_defect_defect() -> None:
    # Osborne 2004, An Introduction to Game Theory, Chapter 2: (Fink, Fink) is the unique
    # Nash equilibrium, in strictly dominant strategies.
    pd = NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]]
    )
    assert pure_profiles(pd) == [(1, 1)]
    (eq,) = pure_nash(pd)
    assert eq.payoffs.tolist() == [1.0, 1.0]
    assert eq.to_dict()["supports"] == {"P1": ["D"], "P2": ["D"]}


def test_battle_of_the_sexes_two_pure() -> None:
    # Osborne 2004, Chapter 2 (BoS): the two pure equilibria are the coordinated outcomes.
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert pure_profiles(bos) == [(0, 0), (1, 1)]
    assert [e.payoffs.tolist() for e in pure_nash(bos)] == [[2.0, 1.0], [1.0, 2.0]]


def test_matching_pennies_has_no_pure_equilibrium() -> None:
    mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    assert pure_profiles(mp) == []
    sol = solve(mp, method="pure")
    assert len(sol) == 0
    assert sol.complete is False


def test_three_player_coordination_two_actions() -> None:
    # With two actions every non-unanimous profile is a 2-1 split: the odd player gains
    # by joining the others, so only the two unanimous profiles are equilibria.
    assert pure_profiles(coordination(3, 2)) == [(0, 0, 0), (1, 1, 1)]


def test_three_player_coordination_three_actions_weak_equilibria() -> None:
    # With three actions the all-different profiles are (weak) equilibria too: no single
    # deviation can create unanimity, so every deviation pays 0 as before.
    found = pure_profiles(coordination(3, 3))
    unanimous = [(a, a, a) for a in range(3)]
    all_different = list(itertools.permutations(range(3)))
    assert sorted(found) == sorted(unanimous + all_different)
    assert found == sorted(found)  # lexicographic order, as documented


def test_round_off_ties_count_as_best_responses() -> None:
    # 0.1 + 0.2 != 0.3 in binary floating point; the tolerance treats them as a tie.
    g = NormalFormGame.from_bimatrix([[0.1 + 0.2, 0.0], [0.3, 0.0]], [[1.0, 0.0], [1.0, 0.0]])
    assert pure_profiles(g) == [(0, 0), (1, 0)]
    assert pure_nash_mask(g.payoffs[None])[0].tolist() == [[True, False], [True, False]]


def test_pure_method_on_n_players_is_not_complete_and_inside_the_full_set() -> None:
    sol = solve(coordination(3, 2), method="pure")
    assert sol.method == "pure"
    assert sol.complete is False
    assert [e.supports for e in sol] == [((0,), (0,), (0,)), ((1,), (1,), (1,))]
    for eq in sol:
        assert_equilibrium(sol.game, eq)
    full = solve(coordination(3, 2))  # auto: the complete n-player enumeration
    assert full.complete
    assert {e.supports for e in sol} <= {e.supports for e in full}


# ---------------------------------------------------------------------- batched kernel
@st.composite
def stacks(draw: st.DrawFn) -> NDArray[np.float64]:
    n = draw(st.integers(2, 4))
    shape = tuple(draw(st.integers(1, 3)) for _ in range(n))
    return draw(payoff_stacks(n, shape, max_batch=6, integer=draw(st.booleans())))


@given(stacks())
@settings(max_examples=60, deadline=None)
def test_batch_equals_one_at_a_time_and_brute_force(stack: NDArray[np.float64]) -> None:
    mask = pure_nash_mask(stack)
    batch = pure_nash_batch(stack)
    assert mask.shape == (stack.shape[0], *stack.shape[2:])
    assert len(batch) == stack.shape[0]
    for b, payoffs in enumerate(stack):
        game = NormalFormGame(payoffs)
        one = pure_profiles(game)
        from_mask = [tuple(int(k) for k in p) for p in np.argwhere(mask[b])]
        from_batch = [tuple(int(k) for k in p) for p in batch[b]]
        assert one == from_mask == from_batch
        # independent check with a tolerance far below any payoff difference of the stack
        assert set(one) == brute_force_pure(payoffs, tol=game.default_tolerance())


@given(games(num_players=(2, 3), max_strategies=3))
@settings(max_examples=40, deadline=None)
def test_float_games_agree_with_brute_force(game: NormalFormGame) -> None:
    assert set(pure_profiles(game)) == brute_force_pure(game.payoffs, tol=game.default_tolerance())


def test_batch_handles_games_without_equilibria() -> None:
    mp = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], dtype=float)
    coord = np.array([[[1, 0], [0, 1]], [[1, 0], [0, 1]]], dtype=float)
    out = pure_nash_batch(np.stack([mp, coord, mp]))
    assert [e.tolist() for e in out] == [[], [[0, 0], [1, 1]], []]


@pytest.mark.parametrize(
    ("payoffs", "match"),
    [
        (np.zeros((2, 2)), r"shape \(B, n, s_1, ..., s_n\)"),
        (np.zeros((1, 2, 2)), r"shape \(B, n, s_1, ..., s_n\)"),
        (np.zeros((1, 3, 2, 2)), r"shape \(B, n, s_1, ..., s_n\)"),
        (np.full((1, 2, 2, 2), np.nan), r"NaN or inf"),
    ],
)
def test_batch_rejects_bad_stacks(payoffs: NDArray[np.float64], match: str) -> None:
    with pytest.raises(GameError, match=match):
        pure_nash_mask(payoffs)


# ---------------------------------------------------------------------- QuantEcon
def test_four_player_stack_agrees_with_quantecon() -> None:
    pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(2024)
    # Small integer payoffs: ties and several equilibria per game are common.
    stack = rng.integers(0, 4, size=(40, 4, 3, 3, 3, 3)).astype(np.float64)
    batch = pure_nash_batch(stack)
    total = 0
    for payoffs, ours in zip(stack, batch, strict=True):
        # QuantEcon takes payoff profiles: shape (s_1, ..., s_n, n); numba inside, so it
        # runs in the peers' worker process, under a time limit
        theirs = run_limited(peer_quantecon_pure_nash, payoffs)
        assert {tuple(int(a) for a in p) for p in ours} == theirs
        total += len(theirs)
    assert total > 0  # the comparison is not vacuous


@pytest.mark.parametrize("shape", [(2, 3, 4), (3, 2, 4, 3), (4, 3, 3, 3, 3), (5, 2, 2, 2, 2, 2)])
def test_compiled_and_numpy_masks_agree(shape: tuple[int, ...]) -> None:
    """The numba kernel (when installed), the numpy pass over the whole stack and the
    numpy pass in blocks of games (pure_nash_mask without the kernel: 1,500 games are
    several blocks) give the same mask, ties too."""
    pytest.importorskip("numba")
    from multivector.solver.pure import _batch_tolerance, _pure_nash_kernel

    rng = np.random.default_rng(11)
    for stack in (
        rng.random((1500, *shape)),
        rng.integers(0, 3, (1500, *shape)) * 0.1,  # many ties, with round-off in 0.1 * k
    ):
        expected = _pure_nash_kernel(stack, _batch_tolerance(stack, 1e-9))
        assert np.array_equal(pure_nash_mask(stack), expected)
        assert np.array_equal(pure_nash_mask(stack, compiled=False), expected)


@pytest.mark.parametrize("compiled", [True, False])
def test_empty_stack_gives_empty_mask(compiled: bool) -> None:
    mask = pure_nash_mask(np.zeros((0, 3, 2, 3, 4)), compiled=compiled)
    assert mask.shape == (0, 2, 3, 4) and mask.dtype == bool
    assert pure_nash_batch(np.zeros((0, 2, 2, 2))) == []
