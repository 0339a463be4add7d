"""Hypothesis strategies for the tests: games, mixed profiles, relabellings, affine maps.

Games come from the public strategy :func:`multivector.explore.strategies.games`. Float
payoffs drawn value by value by hypothesis are far from "random": hypothesis prefers 0, 1
and repeated values, which makes most small games degenerate. Strategies that promise a
nondegenerate game therefore either filter with :func:`is_degenerate` (an exact test,
independent of the solvers under test) or draw uniform random floats from a seeded
generator, which are nondegenerate with probability one.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from multivector import NormalFormGame
from multivector.explore.strategies import games

__all__ = [
    "AffineMap",
    "affine_maps",
    "apply_affine",
    "bimatrix_games",
    "is_degenerate",
    "mixed_profiles",
    "payoff_stacks",
    "permute_game",
    "relabellings",
]

#: Bounds of float payoffs.
FLOAT_BOUND = 10.0

#: A positive affine map ``u -> a * u + b`` of one player's payoffs, ``a > 0``.
AffineMap = tuple[Fraction, Fraction]


# ---------------------------------------------------------------------- degeneracy
def _solve_square(M: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Unique solution of a square rational system, or None when it is singular."""
    size = len(M)
    aug = [[*row, b] for row, b in zip(M, rhs, strict=True)]
    for col in range(size):
        pivot = next((r for r in range(col, size) if aug[r][col] != 0), None)
        if pivot is None:
            return None
        aug[col], aug[pivot] = aug[pivot], aug[col]
        for r in range(size):
            if r != col and aug[r][col] != 0:
                f = aug[r][col] / aug[col][col]
                aug[r] = [a - f * c for a, c in zip(aug[r], aug[col], strict=True)]
    return [aug[r][size] / aug[r][r] for r in range(size)]


def _rank(M: list[list[Fraction]]) -> int:
    rows = [row[:] for row in M]
    rank = 0
    ncols = len(rows[0]) if rows else 0
    for col in range(ncols):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][col] != 0:
                f = rows[r][col] / rows[rank][col]
                rows[r] = [a - f * c for a, c in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def _polytope_is_degenerate(C: list[list[Fraction]]) -> bool:
    """True when a point of ``{z >= 0 : C^T z <= 1}`` has more than ``dim z`` tight rows.

    ``C`` (``d x k``, all entries positive) is the other player's payoff matrix seen from
    the player owning ``z``. The constraints are ``z_i >= 0`` (``d`` of them) and
    ``(C^T z)_j <= 1`` (``k`` of them). If some point has more than ``d`` tight
    constraints, so does a vertex of the face they define (the polytope is bounded), and
    that vertex has ``d`` linearly independent tight constraints plus one more; so it
    suffices to try every ``d + 1`` constraints whose first ``d`` are independent.
    """
    d, k = len(C), len(C[0])
    rows: list[tuple[list[Fraction], Fraction]] = []
    for i in range(d):
        rows.append(([Fraction(int(t == i)) for t in range(d)], Fraction(0)))
    for j in range(k):
        rows.append(([C[t][j] for t in range(d)], Fraction(1)))
    for subset in itertools.combinations(range(d + k), d + 1):
        M = [rows[r][0] for r in subset]
        if _rank(M) < d:
            continue
        # d independent rows among the d + 1: solve them, check the extra one and P.
        for drop in subset:
            basis = [r for r in subset if r != drop]
            z = _solve_square([rows[r][0] for r in basis], [rows[r][1] for r in basis])
            if z is None:
                continue
            extra_lhs = sum((a * b for a, b in zip(rows[drop][0], z, strict=True)), Fraction(0))
            if extra_lhs != rows[drop][1]:
                break
            inside = all(v >= 0 for v in z) and all(
                sum((C[t][j] * z[t] for t in range(d)), Fraction(0)) <= 1 for j in range(k)
            )
            if inside:
                return True
            break
    return False


def is_degenerate(game: NormalFormGame) -> bool:
    """Exact test: does some mixed strategy of support size k have more than k best responses?

    This is the definition of a degenerate 2-player game (von Stengel 2007, "Equilibrium
    computation for two-player games in strategic and extensive form", Definition 3.2),
    checked through the best-response polytopes ``P = {x >= 0 : B^T x <= 1}`` and
    ``Q = {y >= 0 : A y <= 1}`` with payoffs shifted to be positive: the game is
    degenerate if and only if some point of ``P`` has more than ``m`` tight constraints
    or some point of ``Q`` more than ``n``. Written independently of the solvers so it
    can check their degeneracy reports. Meant for small games (it tries every subset of
    ``m + 1`` constraints).
    """
    if game.num_players != 2:
        raise ValueError("degeneracy is defined here for 2-player games")
    R = game.rational_payoffs()
    A = [[Fraction(v) for v in row] for row in R[0]]
    B = [[Fraction(v) for v in row] for row in R[1]]

    def positive(M: list[list[Fraction]]) -> list[list[Fraction]]:
        low = min(min(row) for row in M)
        return [[v - low + 1 for v in row] for row in M]

    A, B = positive(A), positive(B)
    B_rows = B  # P: z = x (m entries), constraints x^T B <= 1
    A_T = [list(col) for col in zip(*A, strict=True)]  # Q: z = y (n entries), A y <= 1
    return _polytope_is_degenerate(B_rows) or _polytope_is_degenerate(A_T)


# ---------------------------------------------------------------------- payoffs and games
def bimatrix_games(
    rows: int | tuple[int, int] = (1, 4),
    cols: int | tuple[int, int] = (1, 4),
    *,
    integer: bool = False,
    max_payoff: int = 9,
    degenerate: bool | None = None,
) -> st.SearchStrategy[NormalFormGame]:
    """2-player games of ``rows x cols`` strategies (each a fixed number or a range).

    The games of the public strategy :func:`multivector.explore.strategies.games`, with
    ``degenerate`` decided by the exact test :func:`is_degenerate` (written independently
    of the solvers under test): ``True`` keeps only the degenerate games among the drawn
    ones (so they are as varied as hypothesis draws them), ``False`` only the
    nondegenerate ones, float games then drawn as uniform random numbers.
    """
    random_floats = degenerate is False and not integer
    drawn = games(
        (rows, cols),
        integer=integer,
        max_payoff=max_payoff if integer else int(FLOAT_BOUND),
        degenerate=False if random_floats else None,
    )
    if degenerate is None:
        return drawn
    # Reject rather than repair: hypothesis keeps searching, and counts the rejection.
    return drawn.filter(lambda game: is_degenerate(game) == degenerate)


def payoff_stacks(
    num_players: int, shape: tuple[int, ...], *, max_batch: int = 8, integer: bool = True
) -> st.SearchStrategy[NDArray[np.float64]]:
    """Stacks of payoff tensors of shape ``(B, n, *shape)``, for the batched solvers.

    Integer payoffs (``0..3``) by default, so that ties, and so several or no pure
    equilibria, are common.
    """
    n_entries = num_players * int(np.prod(shape))

    @st.composite
    def build(draw: st.DrawFn) -> NDArray[np.float64]:
        batch = draw(st.integers(1, max_batch))
        values = draw(
            st.lists(
                st.integers(0, 3)
                if integer
                else st.floats(-FLOAT_BOUND, FLOAT_BOUND, allow_nan=False, allow_infinity=False),
                min_size=batch * n_entries,
                max_size=batch * n_entries,
            )
        )
        return np.array(values, dtype=np.float64).reshape((batch, num_players, *shape))

    return build()


# ---------------------------------------------------------------------- profiles
@st.composite
def mixed_profiles(draw: st.DrawFn, game: NormalFormGame) -> tuple[NDArray[np.float64], ...]:
    """Mixed profiles of ``game``: nonnegative weights, some zero, normalised per player."""
    out = []
    for s in game.shape:
        weights = draw(
            st.lists(st.integers(0, 6), min_size=s, max_size=s).filter(lambda w: sum(w) > 0)
        )
        x = np.array(weights, dtype=np.float64)
        out.append(x / x.sum())
    return tuple(out)


# ---------------------------------------------------------------------- transforms
def relabellings(shape: Sequence[int]) -> st.SearchStrategy[tuple[tuple[int, ...], ...]]:
    """One permutation of each player's strategies (``perm[k]`` = old index of new ``k``)."""
    return st.tuples(*(st.permutations(list(range(s))).map(tuple) for s in shape))


def permute_game(game: NormalFormGame, perms: Sequence[Sequence[int]]) -> NormalFormGame:
    """``game`` with strategies reordered by ``perms``, exact payoffs kept exact."""
    payoffs: Any = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    for i, perm in enumerate(perms):
        payoffs = np.take(payoffs, list(perm), axis=i + 1)
    labels = [[game.strategies[i][k] for k in perm] for i, perm in enumerate(perms)]
    return NormalFormGame(payoffs, game.players, labels, title=game.title)


def affine_maps(num_players: int) -> st.SearchStrategy[tuple[AffineMap, ...]]:
    """One positive affine map ``u -> a u + b`` per player.

    ``a`` is a fraction in [1/4, 5], ``b`` an integer in [-10, 10].
    """
    scale = st.builds(Fraction, st.integers(1, 5), st.sampled_from([1, 2, 4]))
    shift = st.integers(-10, 10).map(Fraction)
    return st.tuples(*(st.tuples(scale, shift) for _ in range(num_players)))


def apply_affine(game: NormalFormGame, maps: Sequence[AffineMap]) -> NormalFormGame:
    """``game`` with player ``i``'s payoffs replaced by ``a_i u_i + b_i``.

    Exact games stay exact (the map is applied to the Fractions); float games get the
    map in floating point.
    """
    if game.exact_payoffs is not None:
        payoffs: Any = np.stack([game.exact_payoffs[i] * a + b for i, (a, b) in enumerate(maps)])
    else:
        payoffs = np.stack(
            [game.payoffs[i] * float(a) + float(b) for i, (a, b) in enumerate(maps)]
        )
    return NormalFormGame(payoffs, game.players, game.strategies, title=game.title)
