"""The Lemke-Howson algorithm for 2-player games, and the walk of the Lemke-Howson graph.

:func:`lemke_howson` follows one complementary pivoting path from the artificial
equilibrium ``(0, 0)`` of the best-response polytopes and returns the equilibrium at its
end. :func:`lemke_howson_walk` follows every path from the artificial equilibrium and then
every path from each equilibrium it finds, as Gambit's ``lcp`` does, and returns the
equilibria that such paths reach.

Both pivot two floating-point tableaux with the lexicographic minimum-ratio test, so that
degenerate games (ties in the ratio test) neither cycle nor stop early: the rule is the
lexicographic form of the perturbation ``1 + (eps, eps^2, ...)`` of the right-hand side,
which makes every game behave as a nondegenerate one (von Stengel 2007, Section 3.7).
The ratio test, the pivot and the payoff shift are those of vertex enumeration, in
:mod:`multivector.solver._pivot`. With numba installed (the ``fast`` extra) the pivoting
runs in the compiled kernel of :mod:`multivector.solver._lh_numba` (about ten times faster
per pivot on a 100x100 game); without it, or with the environment variable
``MULTIVECTOR_DISABLE_NUMBA`` set, in numpy. Both pivot with the same floating-point
operations in the same order and take the same ratio-test decisions, so they follow the
same paths and return the same equilibria.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.errors import GameError, SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver._compiled import compiled_kernel, imported_kernel, spent, worth_loading
from multivector.solver._pivot import lex_ratio_test, pivot, positive_shift, solve_by_pivoting
from multivector.solver._records import built
from multivector.solver.equilibrium import (
    Equilibrium,
    Solution,
    certified_bimatrix_equilibrium,
    make_bimatrix_equilibrium,
    make_equilibrium,
)

__all__ = [
    "COMPILE_LABELS",
    "DEFAULT_MAX_PIVOTS",
    "PIVOTS_PER_LABEL_SQUARED",
    "lemke_howson",
    "lemke_howson_walk",
    "pivot_cap",
    "run_lemke_howson",
    "run_lh_graph",
]

#: The least number of pivots allowed on one path before
#: :class:`~multivector.errors.SolverError` is raised; larger games get more, see
#: :func:`pivot_cap`. Paths are short on most games, but exponentially long ones exist
#: (Savani and von Stengel 2006, "Hard-to-solve bimatrix games", Econometrica 74).
DEFAULT_MAX_PIVOTS = 100_000
#: Games with at least this many strategies in all load the compiled kernels (numba)
#: even when they are not loaded in the process yet; smaller ones pivot in numpy until
#: then (a 20x20 path takes about a millisecond there; compiling the kernels the first
#: time takes seconds).
COMPILE_LABELS = 60
# The module of the compiled kernels.
_KERNELS = "multivector.solver._lh_numba"
#: Pivots allowed per squared number of labels (see :func:`pivot_cap`).
PIVOTS_PER_LABEL_SQUARED = 25

# A pivot-column entry counts as positive above this, relative to the column's largest
# entry: round-off leaves entries of order 1e-16 where exact arithmetic has zeros.
_PIVOT_RTOL = 1e-11
# A row ties in the ratio test when the pivot would leave its entry within this (relative)
# distance of zero; ties go to the next lexicographic column.
_TIE_RTOL = 1e-10
# Two profiles closer than this (largest absolute difference) are the same equilibrium.
_SAME_PROFILE_TOL = 1e-7

# A basis: the labels of the basic variables of one tableau, sorted.
_Basis = tuple[int, ...]


@dataclass
class _Tableau:
    """One of the two linear systems, in tableau form.

    ``table`` has one row per basic variable and one column per variable (variable ``k``
    carries label ``k``), then the right-hand side. ``slack`` lists the columns of the
    slack variables, whose entries form the basis inverse; they give the lexicographic
    order of the ratio test. ``basis[r]`` is the variable of row ``r``. The compiled
    kernel also takes a compact ``table``, without the columns of the basic variables
    (see :func:`_path_from_artificial`).
    """

    table: NDArray[np.float64]
    basis: NDArray[np.intp]
    slack: NDArray[np.intp]

    def copy(self) -> _Tableau:
        return _Tableau(self.table.copy(), self.basis.copy(), self.slack)

    def key(self) -> _Basis:
        return tuple(np.sort(self.basis).tolist())


def _systems(A: NDArray[np.float64], B: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
    """Constraint matrices of ``P = {x >= 0 : B^T x <= 1}`` and ``Q = {y >= 0 : A y <= 1}``.

    Columns are indexed by label: in P, ``x_i`` has label ``i`` and the slack ``s_j`` of
    column ``j`` has label ``m + j``; in Q, the slack ``r_i`` of row ``i`` has label ``i``
    and ``y_j`` has label ``m + j``.
    """
    m, n = A.shape
    P = np.hstack([B.T, np.eye(n)])
    Q = np.hstack([np.eye(m), A])
    return P, Q


def _tableau(C: NDArray[np.float64], basis: _Basis, slack: NDArray[np.intp]) -> _Tableau:
    """The tableau of ``C z = 1`` for the given basis, computed from scratch."""
    rhs = np.ones((C.shape[0], 1))
    full = np.hstack([C, rhs])
    cols = np.asarray(basis, dtype=np.intp)
    table = np.linalg.solve(C[:, cols], full)
    return _Tableau(np.ascontiguousarray(table, dtype=np.float64), cols.copy(), slack)


def _artificial(
    P: NDArray[np.float64], Q: NDArray[np.float64], m: int, n: int
) -> tuple[_Tableau, _Tableau]:
    """The tableaux at the artificial equilibrium ``(0, 0)``: every slack is basic."""
    p_slack = np.arange(m, m + n, dtype=np.intp)
    q_slack = np.arange(m, dtype=np.intp)
    tp = _Tableau(np.hstack([P, np.ones((n, 1))]), p_slack.copy(), p_slack)
    tq = _Tableau(np.hstack([Q, np.ones((m, 1))]), q_slack.copy(), q_slack)
    return tp, tq


def _pivot(t: _Tableau, entering: int) -> int:
    """Bring ``entering`` into the basis of ``t`` in place; return the label that leaves.

    The leaving row is chosen by the lexicographic minimum-ratio test, with the slack
    columns (the basis inverse) breaking ties in order (von Stengel 2007, Section 3.7).
    """
    rhs = t.table.shape[1] - 1
    r = lex_ratio_test(
        t.table, entering, [rhs, *t.slack.tolist()], pivot_rtol=_PIVOT_RTOL, tie_rtol=_TIE_RTOL
    )
    if r < 0:
        raise _unbounded_ray()
    pivot(t.table, r, entering)
    leaving = int(t.basis[r])
    t.basis[r] = entering
    return leaving


def _unbounded_ray() -> SolverError:
    return SolverError(
        "Lemke-Howson found an unbounded ray, which cannot happen with positive payoffs; "
        "the game is numerically ill-conditioned. Try method='vertex' or 'exact'"
    )


def _path_too_long(label: int, max_pivots: int) -> SolverError:
    return SolverError(
        f"the Lemke-Howson path dropping label {label} did not end within {max_pivots} "
        "pivots; raise max_pivots, try another label, or use method='vertex'"
    )


def _follow_path(tp: _Tableau, tq: _Tableau, label: int, max_pivots: int) -> int:
    """Follow the path that drops ``label`` from the complementary pair ``(tp, tq)``.

    Pivots both tableaux in place until the variable with label ``label`` leaves a basis,
    which makes the pair complementary again (Lemke and Howson 1964; von Stengel 2007,
    Algorithm 3.5). Returns the number of pivots. This is the numpy code;
    :func:`_follow_path_compiled` takes the same pivots in compiled loops.
    """
    systems = (tp, tq)
    # At a complementary pair each label is basic in exactly one tableau; the path starts
    # by making it basic in the other one too.
    side = 1 if np.any(tp.basis == label) else 0
    entering = label
    for pivots in range(1, max_pivots + 1):
        leaving = _pivot(systems[side], entering)
        if leaving == label:
            return pivots
        entering = leaving
        side = 1 - side
    raise _path_too_long(label, max_pivots)


def _follow_path_compiled(
    kernel: Any, tp: _Tableau, tq: _Tableau, label: int, max_pivots: int, *, compact: bool
) -> int:
    """:func:`_follow_path` by the compiled kernel (see :func:`_numba_kernel`).

    With ``compact``, ``tp`` and ``tq`` hold only the columns of their nonbasic variables,
    in increasing order, then the right-hand side (see :mod:`multivector.solver._lh_numba`).
    """
    status, pivots = kernel.follow_path(
        tp.table,
        tp.basis,
        tq.table,
        tq.basis,
        tp.slack,
        tq.slack,
        label,
        max_pivots,
        _PIVOT_RTOL,
        _TIE_RTOL,
        compact,
    )
    _raise_for(status, label, max_pivots)
    return int(pivots)


def _raise_for(status: int, label: int, max_pivots: int) -> None:
    """Raise the error of a failed kernel status: 1 an unbounded ray, 2 a path too long."""
    if status == 1:
        raise _unbounded_ray()
    if status == 2:
        raise _path_too_long(label, max_pivots)


def _path_from_artificial(
    P: NDArray[np.float64], Q: NDArray[np.float64], m: int, label: int, max_pivots: int
) -> tuple[_Basis, _Basis, int]:
    """Bases at the end of the path from the artificial equilibrium that drops ``label``,
    and the number of pivots.

    The compiled kernel pivots compact tableaux here: the basic columns of these tableaux
    are exact unit vectors all along the path, so leaving them out halves the work per
    pivot and changes no number.
    """
    n = P.shape[0]
    kernel = _numba_kernel(m + n)
    if kernel is None:
        tp, tq = _artificial(P, Q, m, n)
        pivots = _follow_path(tp, tq, label, max_pivots)
        return tp.key(), tq.key(), pivots
    p_slack = np.arange(m, m + n, dtype=np.intp)
    q_slack = np.arange(m, dtype=np.intp)
    # the nonbasic variables at the artificial equilibrium: x in P, y in Q
    tp = _Tableau(np.hstack([P[:, :m], np.ones((n, 1))]), p_slack.copy(), p_slack)
    tq = _Tableau(np.hstack([Q[:, m:], np.ones((m, 1))]), q_slack.copy(), q_slack)
    pivots = _follow_path_compiled(kernel, tp, tq, label, max_pivots, compact=True)
    return tp.key(), tq.key(), pivots


def _path_ends(tp: _Tableau, tq: _Tableau, max_pivots: int) -> Iterator[tuple[_Basis, _Basis]]:
    """The bases at the end of the path dropping each label from ``(tp, tq)``, label by label.

    The compiled kernel follows every label in one call; its ends are then handed out in
    label order, and a failed path raises when its turn comes, as it does in numpy.
    """
    kernel = _numba_kernel(tp.table.shape[1] - 1)
    if kernel is None:
        for label in range(tp.table.shape[1] - 1):
            start = time.perf_counter()
            p, q = tp.copy(), tq.copy()
            _follow_path(p, q, label, max_pivots)
            spent(_KERNELS, time.perf_counter() - start)
            yield p.key(), q.key()
        return
    done, status, ends_p, ends_q = kernel.follow_every_label(
        tp.table,
        tp.basis,
        tq.table,
        tq.basis,
        tp.slack,
        tq.slack,
        max_pivots,
        _PIVOT_RTOL,
        _TIE_RTOL,
        False,
    )
    sorted_p = np.sort(ends_p[:done], axis=1).tolist()
    sorted_q = np.sort(ends_q[:done], axis=1).tolist()
    for bp, bq in zip(sorted_p, sorted_q, strict=True):
        yield tuple(bp), tuple(bq)
    _raise_for(status, done, max_pivots)


def _numba_kernel(labels: int | None = None) -> Any:
    """The compiled kernels (the module :mod:`multivector.solver._lh_numba`), or None
    without numba or with ``MULTIVECTOR_DISABLE_NUMBA`` set (see
    :mod:`multivector.solver._compiled`).

    Given the number of ``labels`` (strategies in all) of the game at hand, also None
    when the game has fewer than :data:`COMPILE_LABELS` and the kernels are not loaded in
    the process yet: the rule of vertex enumeration and of the n-player search, so that
    a first small solve does not wait for numba to compile or load them. Once the numpy
    paths have taken :data:`~multivector.solver._compiled.LOAD_AFTER_SECONDS` in the
    process, small games load the kernels too (see :mod:`multivector.solver._compiled`).
    """
    small = (
        labels is not None
        and labels < COMPILE_LABELS
        and not _LOADED
        and not worth_loading(_KERNELS)
    )
    # a small game does not import the kernels (and numba) itself, see imported_kernel
    kernel = (imported_kernel if small else compiled_kernel)(_KERNELS)
    if kernel is None or not small:
        return kernel
    if kernel.follow_path.signatures or kernel.equilibrium_from_artificial.signatures:
        _LOADED.append(True)  # loaded once, loaded for good: skip the look-up next time
        return kernel
    return None


# Non-empty once the compiled kernels are known to be loaded in this process.
_LOADED: list[bool] = []


def _strategy_from_basis(
    C: NDArray[np.float64], basis: _Basis, offset: int, size: int
) -> NDArray[np.float64] | None:
    """One player's normalised strategy at a basis of ``{z >= 0 : C z <= 1}``, or None.

    The player's variables are ``offset .. offset + size - 1``, the slacks of the rows of
    ``C`` the others. Only the rows whose slack is nonbasic and the columns of the basic
    strategies enter the system, a square one (the basis matrix less its slack columns),
    solved by :func:`~multivector.solver._pivot.solve_by_pivoting` from the payoffs: the
    strategy does not carry the round-off of the path. The compiled twin is
    :func:`multivector.solver._lh_numba.strategy_from_basis`, with the same operations.
    Returns None when the system is singular or its solution is zero.
    """
    k = C.shape[0]
    in_basis = np.zeros(k + size, dtype=bool)
    in_basis[list(basis)] = True
    slack0 = 0 if offset > 0 else size
    cols = np.flatnonzero(in_basis[offset : offset + size])
    rows = np.flatnonzero(~in_basis[slack0 : slack0 + k])
    if len(cols) != len(rows):
        return None
    K = np.ones((len(rows), len(cols) + 1))
    K[:, :-1] = C[np.ix_(rows, cols)]
    values = solve_by_pivoting(K)
    if values is None:
        return None
    z = np.zeros(size)
    z[cols] = np.maximum(values, 0.0)
    total = 0.0
    for v in z[cols].tolist():  # in order, as the compiled twin adds them
        total += v
    if not total > 0.0:
        return None
    return z / total


def _ill_conditioned() -> SolverError:
    return SolverError(
        "Lemke-Howson ended at a basis that gives no strategy (the artificial equilibrium, "
        "or a numerically singular basis); the game is numerically ill-conditioned. Use "
        "method='vertex' or 'exact'"
    )


def _profile(
    SA: NDArray[np.float64], SB: NDArray[np.float64], bp: _Basis, bq: _Basis
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The normalised strategies of a complementary basis pair (shifted payoffs ``SA``,
    ``SB``): ``x`` from the tight columns of ``P``, ``y`` from the tight rows of ``Q``."""
    m, n = SA.shape
    x = _strategy_from_basis(np.ascontiguousarray(SB.T), bp, 0, m)
    y = _strategy_from_basis(SA, bq, m, n)
    if x is None or y is None:
        raise _ill_conditioned()
    return x, y


def _lemke_howson_kernel(
    game: NormalFormGame, label: int, max_pivots: int, tol: float | None
) -> Equilibrium:
    """The certified equilibrium at the end of the path from the artificial one dropping
    ``label``.

    With the compiled kernel the whole computation, certificate included, is one call
    (:func:`multivector.solver._lh_numba.equilibrium_from_artificial`) on the game's
    payoffs: on small games a solve then costs about one call, not a dozen numpy
    operations. Its strategies and payoffs come back in one array, made read-only here
    once; the result's arrays are views of it.
    """
    payoffs = game.payoffs
    m, n = game.shape
    kernel = _numba_kernel(m + n)
    if kernel is not None:
        status, _, out, numbers = kernel.equilibrium_from_artificial(
            payoffs, label, max_pivots, _PIVOT_RTOL, _TIE_RTOL
        )
        if status == 3:
            raise _ill_conditioned()
        _raise_for(status, label, max_pivots)
        out.setflags(write=False)
        return certified_bimatrix_equilibrium(
            game,
            out[:m],
            out[m : m + n],
            "lemke-howson",
            numbers,
            tol=tol,
            payoffs=out[m + n :],
        )
    start = time.perf_counter()
    A, B = payoffs[0], payoffs[1]
    SA, SB = positive_shift(A), positive_shift(B)
    P, Q = _systems(SA, SB)
    bp, bq, _ = _path_from_artificial(P, Q, m, label, max_pivots)
    x, y = _profile(SA, SB, bp, bq)
    eq = make_bimatrix_equilibrium(game, x, y, "lemke-howson", tol=tol)
    spent(_KERNELS, time.perf_counter() - start)  # the numpy twin's time, see _numba_kernel
    return eq


def _walk_kernel(
    A: NDArray[np.float64],
    B: NDArray[np.float64],
    max_pivots: int,
    max_equilibria: int | None,
) -> list[tuple[NDArray[np.float64], NDArray[np.float64]]]:
    """Distinct equilibria reached by walking the Lemke-Howson graph breadth first.

    A node is a complementary pair of bases; from each node the path dropping each label
    is followed. Nodes are compared by their bases, equilibria by their profiles (several
    bases can carry one equilibrium of a degenerate game).
    """
    m, n = A.shape
    SA, SB = positive_shift(A), positive_shift(B)
    P, Q = _systems(SA, SB)
    start = _artificial(P, Q, m, n)
    artificial = (start[0].key(), start[1].key())
    seen = {artificial}
    queue: deque[tuple[_Basis, _Basis]] = deque([artificial])
    found: list[tuple[NDArray[np.float64], NDArray[np.float64]]] = []
    stacked = np.empty((0, m + n))
    while queue:
        node = queue.popleft()
        if node == artificial:
            base = start
        else:
            base = (_tableau(P, node[0], start[0].slack), _tableau(Q, node[1], start[1].slack))
        for end in _path_ends(base[0], base[1], max_pivots):
            if end in seen:
                continue
            seen.add(end)
            queue.append(end)
            x, y = _profile(SA, SB, end[0], end[1])
            xy = np.concatenate([x, y])
            if stacked.shape[0] and np.abs(stacked - xy).max(axis=1).min() <= _SAME_PROFILE_TOL:
                continue
            stacked = np.vstack([stacked, xy])
            found.append((x, y))
            if max_equilibria is not None and len(found) >= max_equilibria:
                return found
    return found


def _require_bimatrix(game: NormalFormGame, what: str) -> None:
    if not isinstance(game, NormalFormGame):
        raise SolverError(
            f"{what}() takes a NormalFormGame, not {type(game).__name__}; build one with "
            "NormalFormGame.from_bimatrix(A, B)"
        )
    if len(game.shape) != 2:
        raise SolverError(
            f"{what}() needs a 2-player game; this game has {game.num_players} players. "
            "Use method='pure' or another n-player method"
        )


def _bimatrix(game: NormalFormGame, what: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    _require_bimatrix(game, what)
    A, B = game.bimatrix()
    return np.asarray(A, dtype=np.float64), np.asarray(B, dtype=np.float64)


def pivot_cap(m: int, n: int) -> int:
    """Pivots allowed on one Lemke-Howson path of an ``m x n`` game by default.

    ``max(DEFAULT_MAX_PIVOTS, PIVOTS_PER_LABEL_SQUARED * (m + n) ** 2)``: a fixed cap
    refused long paths of large random games that end (one random 200x200 game needs
    about 300,000 pivots from label 0), while a cap growing with the game still stops a
    runaway path of a small one within a second. Each pivot costs about ``m * n``
    operations, so the cap bounds a call to about ``25 (m + n)^2 m n`` of them.

    Examples
    --------
    >>> pivot_cap(10, 10), pivot_cap(200, 200)
    (100000, 4000000)
    """
    return max(DEFAULT_MAX_PIVOTS, PIVOTS_PER_LABEL_SQUARED * (m + n) ** 2)


def _check_max_pivots(max_pivots: int) -> int:
    if isinstance(max_pivots, bool) or not isinstance(max_pivots, (int, np.integer)):
        raise SolverError(f"max_pivots must be a positive integer, not {max_pivots!r}")
    if max_pivots < 1:
        raise SolverError(f"max_pivots must be a positive integer, not {max_pivots}")
    return int(max_pivots)


def _label_index(game: NormalFormGame, label: int | str | tuple[int | str, int | str]) -> int:
    """The label number ``0..m+n-1`` of a label given by number, strategy name or pair."""
    m, n = game.shape
    if type(label) is int and 0 <= label < m + n:
        return label  # the common case, without the checks below
    if isinstance(label, tuple):
        if len(label) != 2:
            raise SolverError(
                f"a label given as a tuple must be (player, strategy), not {label!r}"
            )
        try:
            player = game.player_index(label[0])
            k = game.strategy_index(player, label[1])
        except GameError as err:
            raise SolverError(f"bad label {label!r}: {err}") from None
        return k if player == 0 else m + k
    if isinstance(label, str):
        owners = [i for i in range(2) if label in game.strategies[i]]
        if not owners:
            raise SolverError(
                f"no strategy is labelled {label!r}; strategies are "
                f"{list(game.strategies[0])} (rows) and {list(game.strategies[1])} (columns)"
            )
        if len(owners) == 2:
            raise SolverError(
                f"both players have a strategy labelled {label!r}; give the label as "
                f"(player, strategy), e.g. ({game.players[1]!r}, {label!r}), or as a number "
                f"0..{m + n - 1}"
            )
        k = game.strategy_index(owners[0], label)
        return k if owners[0] == 0 else m + k
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)):
        raise SolverError(
            f"label must be a number 0..{m + n - 1}, a strategy label or a (player, strategy) "
            f"pair, not {label!r}"
        )
    if not 0 <= int(label) < m + n:
        raise SolverError(
            f"label {label} is out of range: labels 0..{m - 1} are the row player's "
            f"strategies and {m}..{m + n - 1} the column player's"
        )
    return int(label)


def lemke_howson(
    game: NormalFormGame,
    label: int | str | tuple[int | str, int | str] = 0,
    *,
    tol: float | None = None,
    max_pivots: int | None = None,
) -> Equilibrium:
    """One equilibrium of a 2-player game by the Lemke-Howson algorithm.

    Parameters
    ----------
    game : NormalFormGame
        A 2-player game, degenerate or not.
    label : int, str or (player, strategy), default 0
        The label dropped at the artificial equilibrium: ``0..m-1`` are the row player's
        strategies, ``m..m+n-1`` the column player's. A strategy label (when only one
        player has it) or a ``(player, strategy)`` pair are also accepted.
    tol : float, optional
        Largest regret accepted; default :meth:`NormalFormGame.default_tolerance`.
    max_pivots : int, optional
        Pivots allowed before giving up; default :func:`pivot_cap` of the game's shape.

    Returns
    -------
    Equilibrium
        The equilibrium at the end of the path, certified by its regret.

    Raises
    ------
    SolverError
        For a game that is not 2-player, a bad label, a path longer than ``max_pivots``,
        or (on a numerically ill-conditioned game) a result that fails its regret check.

    Notes
    -----
    Algorithm 3.5 of von Stengel 2007 ("Equilibrium computation for two-player games in
    strategic and extensive form", in Nisan et al., *Algorithmic Game Theory*, ch. 3),
    after Lemke and Howson 1964. Payoffs are first moved by a positive affine transform
    into [1, 2], so that the best-response polytopes ``P = {x >= 0 : B^T x <= 1}`` and
    ``Q = {y >= 0 : A y <= 1}`` are bounded; the equilibria do not change. The path starts
    at the artificial equilibrium ``(0, 0)``, makes the variable with the dropped label
    basic, and then pivots alternately in the two tableaux, each time bringing in the
    variable whose label has just become duplicate, until the dropped label is picked up
    again. The leaving variable is chosen by the lexicographic minimum-ratio test of
    Section 3.7, which handles degenerate games. The final strategies are recomputed from
    the final bases by one linear solve each, so round-off does not accumulate into them.

    On a nondegenerate game the path from a given label is unique, so every correct
    implementation returns the same equilibrium for the same label. The ratio tests take
    two rows as tied when their ratios differ by less than a relative ``1e-10``: payoffs
    that differ by less than that (after the shift, about ``1e-10`` times the payoff range)
    are treated as equal, and the path may end at a profile that is an equilibrium only
    within ``tol`` (a regret of that size, not zero), which ``method="vertex"``, resolving
    such differences, does not list. Hypothesis found one: row payoffs ``1e-9``, ``-6``,
    ``0`` against one column give the third row, regret ``1e-9``. With numba installed
    the pivots run compiled, on tableaux without the columns of basic variables (the
    dictionaries of Chvátal 1983, *Linear Programming*); they are the same pivots, with the
    same numbers, as in the numpy code.

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix(
    ...     [[2, 0], [0, 1]], [[1, 0], [0, 2]], strategies=[["opera", "football"]] * 2)
    >>> eq = lemke_howson(bos, label=0)
    >>> [x.tolist() for x in eq.profile]
    [[1.0, 0.0], [1.0, 0.0]]
    >>> [x.tolist() for x in lemke_howson(bos, label=("P2", "football")).profile]
    [[0.0, 1.0], [0.0, 1.0]]
    """
    _require_bimatrix(game, "lemke_howson")
    k = _label_index(game, label)
    cap = pivot_cap(*game.shape) if max_pivots is None else _check_max_pivots(max_pivots)
    return _lemke_howson_kernel(game, k, cap, tol)


def lemke_howson_walk(
    game: NormalFormGame,
    *,
    tol: float | None = None,
    max_equilibria: int | None = None,
    max_pivots: int | None = None,
) -> list[Equilibrium]:
    """Every equilibrium reachable by Lemke-Howson paths: a walk of the Lemke-Howson graph.

    Parameters
    ----------
    game : NormalFormGame
        A 2-player game, degenerate or not.
    tol : float, optional
        Largest regret accepted; default :meth:`NormalFormGame.default_tolerance`.
    max_equilibria : int, optional
        Stop once this many distinct equilibria are found.
    max_pivots : int, optional
        Pivots allowed on each path; default :func:`pivot_cap` of the game's shape.

    Returns
    -------
    list of Equilibrium
        The distinct equilibria in the order the walk found them (breadth first), each with
        method ``"lh-graph"``. This is
        the *accessible* set, not necessarily every equilibrium: use ``method="vertex"``
        when every equilibrium is needed.

    Raises
    ------
    SolverError
        As :func:`lemke_howson`, and for a bad ``max_equilibria``.

    Notes
    -----
    The Lemke-Howson graph (von Stengel 2007, Section 3.6) has the equilibria and the
    artificial equilibrium as nodes; for each label, the path that drops it joins two
    nodes (Shapley 1974, "A note on the Lemke-Howson algorithm", Math. Programming Study
    1). The walk, as Gambit's ``lcp`` does (``gambit-lcp``; pygambit
    ``nash.lcp_solve(g, stop_after=0)``), follows every label from the artificial
    equilibrium, then every label from each equilibrium found, until no new node appears.
    A node is a complementary pair of bases, so that a path leaving a found equilibrium
    is well defined even in a degenerate game (with the lexicographic rule, each such
    pair is a vertex pair of the perturbed, nondegenerate game); equilibria are then
    deduplicated by profile.

    The walk reaches all 75 equilibria of von Stengel's 6x6 game, of which single paths
    from the artificial equilibrium reach only 2. Some equilibria are linked by paths only
    among themselves, whatever the label, and no walk reaches them: in Shapley's and
    Todd's examples (Gambit's ``sh3``, ``todd2``, ``todd3``, ``shapley1974_fig3``) the
    walk finds 1 of 3.

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> eqs = lemke_howson_walk(bos)
    >>> sorted(e.profile[0].round(4).tolist() for e in eqs)
    [[0.0, 1.0], [0.6667, 0.3333], [1.0, 0.0]]
    """
    A, B = _bimatrix(game, "lemke_howson_walk")
    if max_equilibria is not None and (
        isinstance(max_equilibria, bool)
        or not isinstance(max_equilibria, (int, np.integer))
        or max_equilibria < 1
    ):
        raise SolverError(
            f"max_equilibria must be a positive integer or None, not {max_equilibria!r}"
        )
    cap = pivot_cap(*A.shape) if max_pivots is None else _check_max_pivots(max_pivots)
    profiles = _walk_kernel(A, B, cap, max_equilibria)
    return [make_equilibrium(game, xy, "lh-graph", tol=tol) for xy in profiles]


def run_lemke_howson(
    game: NormalFormGame,
    *,
    label: int | str | tuple[int | str, int | str] = 0,
    tol: float | None = None,
    max_pivots: int | None = None,
) -> Solution:
    """Registry runner of ``method="lemke-howson"``: one equilibrium, see :func:`lemke_howson`.

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> sol = run_lemke_howson(bos, label=3)
    >>> sol.method, sol.complete, sol[0].profile[1].tolist()
    ('lemke-howson', False, [0.0, 1.0])
    """
    _require_bimatrix(game, "lemke_howson")
    k = _label_index(game, label)
    m, n = game.shape
    cap = pivot_cap(m, n) if max_pivots is None else _check_max_pivots(max_pivots)
    eq = _lemke_howson_kernel(game, k, cap, tol)
    player, strategy = (0, k) if k < m else (1, k - m)
    note = (
        f"Lemke-Howson path from the artificial equilibrium dropping label {k} "
        f"({game.players[player]}: {game.strategies[player][strategy]}); other equilibria "
        "may exist"
    )
    # every field given, as Solution(...) would fill them: this is most of a small solve
    return built(
        Solution,
        game=game,
        equilibria=(eq,),
        method="lemke-howson",
        complete=False,
        exact=False,
        degenerate=None,
        components=None,
        row_vertices=None,
        col_vertices=None,
        notes=(note,),
    )


def run_lh_graph(
    game: NormalFormGame,
    *,
    tol: float | None = None,
    max_equilibria: int | None = None,
    max_pivots: int | None = None,
) -> Solution:
    """Registry runner of ``method="lh-graph"``, see :func:`lemke_howson_walk`.

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> sol = run_lh_graph(bos)
    >>> sol.method, sol.complete, len(sol)
    ('lh-graph', False, 3)
    """
    eqs = lemke_howson_walk(game, tol=tol, max_equilibria=max_equilibria, max_pivots=max_pivots)
    note = (
        "the Lemke-Howson-accessible equilibria: those reachable by Lemke-Howson paths from "
        "the artificial equilibrium and from each other (Shapley 1974); the game may have "
        "others, use method='vertex' for every equilibrium"
    )
    return Solution(
        game=game, equilibria=tuple(eqs), method="lh-graph", complete=False, notes=(note,)
    )
