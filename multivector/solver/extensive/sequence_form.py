"""Equilibria of 2-player extensive games on the sequence form.

A player's behaviour strategy is represented by its realization plan: the probability of
each of her sequences of own actions. Under perfect recall the plans form a polytope
``{x >= 0 : E x = e}`` whose size is linear in the tree, and the payoff is bilinear in
the two plans, ``x^T A y`` (Koller, Megiddo and von Stengel 1996; von Stengel 1996;
von Stengel, *Game Theory Basics*, 2022, Chapter 10). An equilibrium solves the linear
complementarity problem

    w = q + M z >= 0,  z >= 0,  w^T z = 0,

with ``z = (x, y, u, v)``: ``-A~ y - E^T u >= 0`` complementary to ``x``,
``-B~^T x - F^T v >= 0`` complementary to ``y``, and ``E x - e >= 0``, ``F y - f >= 0``
complementary to the information-set prices ``u, v``; ``A~, B~`` are the payoffs shifted
to be negative, so that the inequalities hold as equalities at a solution. Lemke's
algorithm (1965) follows one path of almost-complementary bases from the ray where the
artificial variable ``z0`` covers every infeasibility to a solution.

The bases are kept as a sparse LU factorisation (SuperLU) updated by eta columns, the
product form of the inverse, and refactorised every few dozen pivots: a pivot costs a
sparse solve and a few vector operations, never a dense tableau, so games whose normal
form is far too large to build are solved. Degenerate ties are broken by a tiny random
perturbation of ``q``; the final basis is then solved again with the exact ``q`` (in
rational arithmetic with ``exact=True``) and certified.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.linalg import splu

from multivector.errors import SolverError
from multivector.games.extensive.tree import ExtensiveFormGame
from multivector.solver.extensive.result import (
    ExtensiveSolution,
    make_behaviour_equilibrium,
)

__all__ = [
    "SequenceForm",
    "exact_behaviour_from_plans",
    "lemke_sequence_form",
    "run_sequence_form",
    "sequence_form",
    "sequence_form_lcp",
]

METHOD = "sequence-form"

#: Pivots between two refactorisations of the basis.
REFACTOR_EVERY = 60

#: Size of the random perturbation of q that breaks degenerate ties.
PERTURBATION = 1e-6


@dataclass(frozen=True)
class SequenceForm:
    """The sequence form of a 2-player game of perfect recall.

    Attributes
    ----------
    A, B : scipy.sparse.csr_matrix, shape (n1, n2)
        Expected payoffs of each pair of sequences (chance probabilities included).
    E, F : scipy.sparse.csr_matrix
        The constraint matrices: ``E x = e`` with ``e = (1, 0, ..., 0)``; row 0 fixes the
        empty sequence at 1, row ``k`` says that the actions of the player's ``k``-th
        information set share the probability of the sequence leading to it.
    infosets : tuple of ndarray
        Each player's information sets, in the order of the rows 1.. of E and F.
    """

    A: sp.csr_matrix
    B: sp.csr_matrix
    E: sp.csr_matrix
    F: sp.csr_matrix
    infosets: tuple[NDArray[np.int64], NDArray[np.int64]]


def sequence_form(game: ExtensiveFormGame) -> SequenceForm:
    """The sparse sequence form of a 2-player game of perfect recall.

    Examples
    --------
    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["A", "B"], Decision("A", {
    ...     "l": Decision("B", {"x": Terminal([1, 0]), "y": Terminal([0, 1])}, infoset="b"),
    ...     "r": Decision("B", {"x": Terminal([0, 1]), "y": Terminal([1, 0])}, infoset="b")}))
    >>> sf = sequence_form(g)
    >>> sf.A.toarray().tolist()
    [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    >>> sf.E.toarray().tolist()
    [[1.0, 0.0, 0.0], [-1.0, 1.0, 1.0]]
    """
    if game.num_players != 2:
        raise SolverError(
            f"the sequence form here is for 2-player games; this game has "
            f"{game.num_players} players (use method='subgame-perfect' or the reduced "
            "normal form)"
        )
    if not game.perfect_recall:
        raise SolverError(
            "the sequence form needs perfect recall; this game has imperfect recall. Solve "
            "its reduced normal form instead (reduced_normal_form, then solve)"
        )
    sq = game.sequences
    t = game.terminals
    s1 = sq.node_sequence[t, 0]
    s2 = sq.node_sequence[t, 1]
    w = game.chance_reach[t]
    n1, n2 = sq.num_sequences
    pay = game.terminal_payoffs[t]
    A = sp.csr_matrix((w * pay[:, 0], (s1, s2)), shape=(n1, n2))
    B = sp.csr_matrix((w * pay[:, 1], (s1, s2)), shape=(n1, n2))
    mats = []
    sets_out = []
    starts = game.infoset_action_start
    for p in (0, 1):
        sets = np.flatnonzero(game.infoset_player == p).astype(np.int64)
        cnt = np.diff(starts)[sets]
        rows = [np.array([0])]
        cols = [np.array([0])]
        vals = [np.array([1.0])]
        k = np.arange(1, sets.size + 1)
        rows.append(k)
        cols.append(sq.parent_sequence[sets])
        vals.append(-np.ones(sets.size))
        acts = np.repeat(starts[sets], cnt) + (
            np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        )
        rows.append(np.repeat(k, cnt))
        cols.append(sq.action_sequence[acts])
        vals.append(np.ones(acts.size))
        mats.append(
            sp.csr_matrix(
                (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                shape=(sets.size + 1, sq.num_sequences[p]),
            )
        )
        sets_out.append(sets)
    return SequenceForm(A, B, mats[0], mats[1], (sets_out[0], sets_out[1]))


def sequence_form_lcp(game: ExtensiveFormGame) -> tuple[sp.csc_matrix, NDArray[np.float64], int]:
    """``(M, q, shift)`` of the sequence-form LCP, variables ordered ``(x, y, u, v)``."""
    sf = sequence_form(game)
    t = game.terminals
    pay = game.terminal_payoffs[t]
    shift = float(np.max(pay)) + 1.0
    sq = game.sequences
    P = sp.csr_matrix(
        (game.chance_reach[t], (sq.node_sequence[t, 0], sq.node_sequence[t, 1])),
        shape=sf.A.shape,
    )
    At = sf.A - shift * P
    Bt = sf.B - shift * P
    m1, m2 = sf.E.shape[0], sf.F.shape[0]
    M = sp.bmat(
        [
            [None, -At, -sf.E.T, None],
            [-Bt.T, None, None, -sf.F.T],
            [sf.E, None, None, None],
            [None, sf.F, None, None],
        ],
        format="csc",
    )
    n1, n2 = sf.A.shape
    q = np.zeros(M.shape[0])
    q[n1 + n2] = -1.0
    q[n1 + n2 + m1] = -1.0
    return M, q, int(n1 + n2 + m1 + m2)


class _Basis:
    """The basis of ``[I, -M, -d]`` as a sparse LU plus eta columns."""

    def __init__(self, M: sp.csc_matrix) -> None:
        self.M = M
        self.N = M.shape[0]
        self.etas: list[tuple[int, NDArray[np.float64]]] = []
        self.lu: Any = None

    def column(self, var: int) -> NDArray[np.float64]:
        N = self.N
        if var < N:
            c = np.zeros(N)
            c[var] = 1.0
            return c
        if var < 2 * N:
            j = var - N
            c = np.zeros(N)
            lo, hi = self.M.indptr[j], self.M.indptr[j + 1]
            c[self.M.indices[lo:hi]] = -self.M.data[lo:hi]
            return c
        return -np.ones(N)

    def factor(self, basis: NDArray[np.int64]) -> None:
        N = self.N
        is_w = basis < N
        is_z = (basis >= N) & (basis < 2 * N)
        pos_w, pos_z = np.flatnonzero(is_w), np.flatnonzero(is_z)
        pos_0 = np.flatnonzero(basis == 2 * N)
        blocks = [
            sp.csc_matrix(
                (np.ones(pos_w.size), (basis[pos_w], np.arange(pos_w.size))),
                shape=(N, pos_w.size),
            ),
            -self.M[:, basis[pos_z] - N],
        ]
        if pos_0.size:
            blocks.append(sp.csc_matrix(-np.ones((N, 1))))
        stacked = sp.hstack(blocks, format="csc")
        order = np.empty(N, dtype=np.int64)
        order[np.concatenate([pos_w, pos_z, pos_0])] = np.arange(N)
        Bm = stacked[:, order]
        self.lu = splu(Bm.tocsc(), permc_spec="COLAMD")
        self.etas = []

    def solve(self, rhs: NDArray[np.float64]) -> NDArray[np.float64]:
        x = np.asarray(self.lu.solve(rhs), dtype=np.float64)
        for r, d in self.etas:
            xr = x[r] / d[r]
            x -= d * xr
            x[r] = xr
        return x


def _lemke(
    M: sp.csc_matrix,
    q: NDArray[np.float64],
    max_pivots: int,
    seed: int,
    perturbation: float = PERTURBATION,
) -> tuple[NDArray[np.int64], int]:
    """Lemke's algorithm with covering vector 1; returns the final basis and pivots."""
    N = M.shape[0]
    rng = np.random.default_rng(seed)
    qp = q + perturbation * (1.0 + rng.random(N))  # breaks degenerate ties
    basis = np.arange(N, dtype=np.int64)  # all w basic
    where = np.full(2 * N + 1, -1, dtype=np.int64)
    where[:N] = np.arange(N)
    Bx = _Basis(M)
    # z0 enters; the most infeasible row leaves
    r = int(np.argmin(qp))
    beta = qp + (-qp[r])
    beta[r] = -qp[r]
    leaving = int(basis[r])
    basis[r] = 2 * N
    where[leaving] = -1
    where[2 * N] = r
    Bx.factor(basis)
    entering = leaving + N if leaving < N else leaving - N
    for pivots in range(1, max_pivots + 1):
        col = Bx.solve(Bx.column(entering))
        tol = 1e-9 * max(1.0, float(np.abs(col).max()))
        pos = np.flatnonzero(col > tol)
        if pos.size == 0:
            raise SolverError(
                "Lemke's algorithm ended on a ray (no equilibrium found on this path); "
                "this should not happen for the sequence form: please report the game"
            )
        ratios = beta[pos] / col[pos]
        k = int(np.argmin(ratios))
        r = int(pos[k])
        t = float(ratios[k])
        beta -= t * col
        beta[r] = t
        leaving = int(basis[r])
        basis[r] = entering
        where[leaving] = -1
        where[entering] = r
        Bx.etas.append((r, col))
        if leaving == 2 * N:
            return basis, pivots
        if len(Bx.etas) >= REFACTOR_EVERY:
            Bx.factor(basis)
            beta = Bx.solve(qp)
        entering = leaving + N if leaving < N else leaving - N
    raise SolverError(
        f"Lemke's algorithm did not finish within max_pivots={max_pivots}; raise the limit"
    )


def _basic_solution(
    M: sp.csc_matrix, q: NDArray[np.float64], basis: NDArray[np.int64]
) -> NDArray[np.float64]:
    """``z`` of a complementary basis, solved with the unperturbed ``q``."""
    N = M.shape[0]
    Bx = _Basis(M)
    Bx.factor(basis)
    beta = Bx.solve(q)
    z = np.zeros(N)
    for r, var in enumerate(basis):
        if N <= var < 2 * N:
            z[var - N] = beta[r]
    return z


def _exact_solution(
    M: sp.csc_matrix, q: NDArray[np.float64], basis: NDArray[np.int64], game: ExtensiveFormGame
) -> list[Fraction] | None:
    """``z`` of the final basis in rational arithmetic, certified complementary."""
    N = M.shape[0]
    Mq = _exact_matrix(game, M)
    qq = [Fraction(int(v)) for v in q]
    # columns of the basis: unit (w), -M[:, j] (z)
    cols: list[dict[int, Fraction]] = []
    for var in basis:
        v = int(var)
        if v < N:
            cols.append({v: Fraction(1)})
        elif v < 2 * N:
            cols.append({i: -a for i, a in Mq[v - N].items()})
        else:
            return None
    sol = _solve_sparse_exact(cols, qq, N)
    if sol is None:
        return None
    z = [Fraction(0)] * N
    for r, var in enumerate(basis):
        if N <= var < 2 * N:
            z[int(var) - N] = sol[r]
    # certify: z >= 0, w = q + M z >= 0, w . z = 0
    w = list(qq)
    for j, zj in enumerate(z):
        if zj:
            for i, a in Mq[j].items():
                w[i] += a * zj
    if any(v < 0 for v in z) or any(v < 0 for v in w):
        return None
    if any(a * b != 0 for a, b in zip(w, z, strict=True)):
        return None
    return z


def _exact_matrix(game: ExtensiveFormGame, M: sp.csc_matrix) -> list[dict[int, Fraction]]:
    """The LCP matrix by columns in exact arithmetic (rebuilt from exact payoffs)."""
    sq = game.sequences
    t = game.terminals
    pay = game.exact_terminal_payoffs()
    assert pay is not None
    probs = game.exact_action_probs
    par, act = game.parent, game.parent_action
    reach: list[Fraction] = []
    for n in t:
        r = Fraction(1)
        m = int(n)
        while m > 0:
            a = int(act[m])
            if probs is not None and probs[a] is not None:
                r *= probs[a]  # type: ignore[operator]
            m = int(par[m])
        reach.append(r)
    shift = max(max(pay[int(n)]) for n in t) + Fraction(1)
    n1, n2 = sq.num_sequences
    N = M.shape[0]
    cols: list[dict[int, Fraction]] = [dict() for _ in range(N)]
    for k, n in enumerate(t):
        s1, s2 = int(sq.node_sequence[n, 0]), int(sq.node_sequence[n, 1])
        pay_a = reach[k] * (pay[int(n)][0] - shift)
        pay_b = reach[k] * (pay[int(n)][1] - shift)
        # row x_s1, column y_s2: -A~ ; row y_s2, column x_s1: -B~^T
        cols[n1 + s2][s1] = cols[n1 + s2].get(s1, Fraction(0)) - pay_a
        cols[s1][n1 + s2] = cols[s1].get(n1 + s2, Fraction(0)) - pay_b
    # the constraint blocks are integers: copy them from M
    for j in range(N):
        lo, hi = M.indptr[j], M.indptr[j + 1]
        for i, v in zip(M.indices[lo:hi], M.data[lo:hi], strict=True):
            i = int(i)
            in_payoff = (j < n1 and n1 <= i < n1 + n2) or (n1 <= j < n1 + n2 and i < n1)
            if not in_payoff:
                cols[j][i] = Fraction(round(v))
    return cols


def _solve_sparse_exact(
    cols: list[dict[int, Fraction]], rhs: list[Fraction], n: int
) -> list[Fraction] | None:
    """Solve ``B x = rhs`` (B given by sparse columns) by Gaussian elimination."""
    rows: list[dict[int, Fraction]] = [dict() for _ in range(n)]
    for j, col in enumerate(cols):
        for i, a in col.items():
            if a:
                rows[i][j] = a
    b = list(rhs)
    pivot_of: dict[int, int] = {}
    remaining = set(range(n))
    for j in range(n):
        cand = [i for i in remaining if j in rows[i]]
        if not cand:
            return None
        i = min(cand, key=lambda k: len(rows[k]))
        remaining.discard(i)
        pivot_of[j] = i
        pr = rows[i]
        pv = pr[j]
        for k in cand:
            if k == i:
                continue
            f = rows[k][j] / pv
            for c, a in pr.items():
                nv = rows[k].get(c, Fraction(0)) - f * a
                if nv:
                    rows[k][c] = nv
                else:
                    rows[k].pop(c, None)
            b[k] -= f * b[i]
    x = [Fraction(0)] * n
    for j in range(n - 1, -1, -1):
        i = pivot_of[j]
        s = b[i] - sum((a * x[c] for c, a in rows[i].items() if c != j), start=Fraction(0))
        x[j] = s / rows[i][j]
    return x


def lemke_sequence_form(
    game: ExtensiveFormGame,
    *,
    exact: bool = False,
    max_pivots: int | None = None,
    seed: int = 0,
) -> ExtensiveSolution:
    """One equilibrium of a 2-player game by Lemke's algorithm on the sequence form.

    Parameters
    ----------
    game : ExtensiveFormGame
        Two players, perfect recall; chance moves allowed.
    exact : bool
        Solve the final basis again in rational arithmetic and certify the equilibrium
        exactly (the game's payoffs must be exact; slow beyond a few hundred sequences).
    max_pivots : int, optional
        Limit on Lemke's pivots (default 50 times the LCP's size).
    seed : int
        Seed of the perturbation that breaks degenerate ties (the equilibrium found may
        depend on it in degenerate games).

    Returns
    -------
    ExtensiveSolution
        One equilibrium in behaviour strategies (``complete=False``). Where a player's
        own moves rule an information set out, her behaviour there is uniform.

    Notes
    -----
    Koller, Megiddo and von Stengel (1996), "Efficient computation of equilibria for
    extensive two-person games", Games Econ. Behav. 14, Section 4; Lemke (1965); von
    Stengel, *Game Theory Basics* (2022), Chapter 10. The LCP's size is the number of
    sequences plus information sets, linear in the tree.

    Examples
    --------
    Matching pennies played in sequence, the second mover not seeing the first move:

    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["A", "B"], Decision("A", {
    ...     "H": Decision("B", {"h": Terminal([1, -1]), "t": Terminal([-1, 1])}, infoset="b"),
    ...     "T": Decision("B", {"h": Terminal([-1, 1]), "t": Terminal([1, -1])}, infoset="b")}))
    >>> eq = lemke_sequence_form(g, exact=True)[0]
    >>> eq.strategies["A"]
    {'#1': {'H': 0.5, 'T': 0.5}}
    >>> eq.exact[:2]
    (Fraction(1, 2), Fraction(1, 2))
    """
    M, q, N = sequence_form_lcp(game)
    limit = 50 * N + 100 if max_pivots is None else int(max_pivots)
    if exact and not game.is_exact:
        raise SolverError(
            "exact=True needs exact payoffs and chance probabilities (integers, "
            "fractions or decimal strings); this game has floats"
        )
    n1, n2 = game.sequences.num_sequences
    failure = ""
    # a final basis that is feasible only for the perturbed q is caught by the checks
    # below; the path is then followed again with a smaller perturbation
    for attempt, perturbation in enumerate((PERTURBATION, PERTURBATION * 1e-3)):
        basis, pivots = _lemke(M, q, limit, seed + attempt, perturbation)
        notes = [f"Lemke's algorithm took {pivots} pivots on an LCP of size {N}"]
        exact_b = None
        if exact:
            z = _exact_solution(M, q, basis, game)
            if z is None:
                failure = "the final basis did not give an exact equilibrium"
                continue
            exact_b = exact_behaviour_from_plans(game, [z[:n1], z[n1 : n1 + n2]])
            b = np.array([float(v) for v in exact_b])
        else:
            zf = _basic_solution(M, q, basis)
            x, y = np.maximum(zf[:n1], 0.0), np.maximum(zf[n1 : n1 + n2], 0.0)
            b = game.behaviour_from_plans([x, y])
        try:
            eq = make_behaviour_equilibrium(game, b, METHOD, exact=exact_b)
        except SolverError as err:
            failure = str(err)
            continue
        break
    else:
        raise SolverError(
            f"Lemke's path ended on a basis that is not an equilibrium of the unperturbed "
            f"game twice ({failure}); try another seed, or exact=True on exact payoffs"
        )
    return ExtensiveSolution(
        game=game,
        equilibria=(eq,),
        method=METHOD,
        complete=False,
        exact=exact,
        notes=tuple(notes),
    )


def exact_behaviour_from_plans(
    game: ExtensiveFormGame, plans: list[list[Fraction]]
) -> tuple[Fraction, ...]:
    """Exact behaviour probabilities, in the tree's action order, from realisation plans.

    Parameters
    ----------
    game : ExtensiveFormGame
    plans : list of list of Fraction
        Each player's realisation plan (one probability per sequence, the empty sequence
        first), as the sequence-form LCP returns it.

    Returns
    -------
    tuple of Fraction
        One probability per action of every information set: chance actions keep their
        exact probabilities; a player's action gets plan(sequence + action) divided by
        plan(sequence) (normalised over the set), and an unreached information set the
        uniform distribution.
    """
    sq = game.sequences
    starts = game.infoset_action_start
    out: list[Fraction] = []
    probs = game.exact_action_probs
    for h in range(game.num_infosets):
        p = int(game.infoset_player[h])
        lo, hi = int(starts[h]), int(starts[h + 1])
        if p < 0:
            out.extend(
                (probs[a] if probs is not None else None) or Fraction(0) for a in range(lo, hi)
            )
            continue
        vals = [plans[p][int(sq.action_sequence[a])] for a in range(lo, hi)]
        total = sum(vals, start=Fraction(0))
        if total > 0:
            out.extend(v / total for v in vals)
        else:
            out.extend(Fraction(1, hi - lo) for _ in range(lo, hi))
    return tuple(out)


def run_sequence_form(game: ExtensiveFormGame, **options: Any) -> ExtensiveSolution:
    """Registry runner for ``sequence-form``: one equilibrium by Lemke, or with
    ``all=True`` every extreme equilibrium of a small game (see
    :func:`multivector.solver.extensive.enumerate.all_equilibria`)."""
    if options.pop("all", False):
        from multivector.solver.extensive.enumerate import all_equilibria

        return all_equilibria(game, **options)
    return lemke_sequence_form(game, **options)
