"""Compiled kernel for :mod:`multivector.solver.lemke_howson` (numba).

One complementary pivoting path on the two tableaux, with explicit loops: the
lexicographic minimum-ratio test and the pivot of
:func:`multivector.solver.lemke_howson._follow_path`, taken by the compiled twins in
:mod:`multivector.solver._pivot_numba` (Lemke and Howson 1964; von Stengel 2007,
Algorithm 3.5 and Section 3.7, "Equilibrium computation for two-player games in strategic
and extensive form", in Nisan et al., *Algorithmic Game Theory*, ch. 3).

A tableau is kept either in full (one column per variable, then the right-hand side, as
the numpy code keeps it) or compact (one column per nonbasic variable, then the
right-hand side; the columns of basic variables are unit vectors and are not stored). On a
path from the artificial equilibrium the basic columns of the full tableau are exact unit
vectors, so the compact tableau holds the same numbers with half the columns, and each
pivot does half the work. Tableaux computed from scratch for another basis (the walk of
the Lemke-Howson graph) have basic columns that are unit vectors only up to round-off, so
they are pivoted in full.

Compiled on first use and cached on disk (``cache=True``), so later processes load it
without compiling. Imported only when numba is installed (the ``fast`` extra).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit
from numba.core.cpu import CPUTargetOptions

from multivector.solver._pivot_numba import (
    lex_ratio_test,
    pivot,
    positive_shift,
    shifted,
    solve_by_pivoting,
)

__all__ = [
    "equilibrium_from_artificial",
    "follow_every_label",
    "follow_path",
    "strategy_from_basis",
]

# status codes returned by follow_path
_DONE = 0
_UNBOUNDED = 1
_TOO_LONG = 2
_SINGULAR = 3


@njit(cache=True)
def _where(table, basis, compact):
    """Column of each variable (see :func:`multivector.solver._pivot_numba.lex_ratio_test`);
    a compact tableau stores the nonbasic variables in increasing order."""
    nvars = table.shape[1] - 1 + (basis.shape[0] if compact else 0)
    where = np.arange(nvars)
    if compact:
        for r in range(basis.shape[0]):
            where[basis[r]] = -1 - r
        col = 0
        for v in range(nvars):
            if where[v] >= 0:
                where[v] = col
                col += 1
    return where


@njit(cache=True)
def follow_path(
    table_p,
    basis_p,
    table_q,
    basis_q,
    slack_p,
    slack_q,
    label,
    max_pivots,
    pivot_rtol,
    tie_rtol,
    compact,
):
    """Follow the path dropping ``label`` from the complementary pair, in place.

    With ``compact`` the tableaux hold only the nonbasic columns, in increasing order of
    their variables, then the right-hand side; they are left in that form (columns then
    no longer in order). Returns ``(status, pivots)``: status 0 when the path ended
    (``label`` left a basis), 1 at an unbounded ray, 2 when ``max_pivots`` pivots did not
    end it.
    """
    k = max(table_p.shape[0], table_q.shape[0])
    return _follow_path_borrowed(
        table_p,
        basis_p,
        table_q,
        basis_q,
        slack_p,
        slack_q,
        label,
        max_pivots,
        pivot_rtol,
        tie_rtol,
        compact,
        np.empty(k, dtype=np.int64),
        np.empty(2 * k),
        np.empty(max(table_p.shape[1], table_q.shape[1])),
        _where(table_p, basis_p, compact),
        _where(table_q, basis_q, compact),
    )


# Compiled without numba's reference counting (its option ``_nrt=False``, where this
# numba has it): the function allocates nothing, every array is its caller's. With
# reference counting, numba counted a reference, atomically, on each array chosen for
# the side to pivot and on each one handed to the ratio test and the pivot, at every
# pivot: a quarter of a 10x10 game's call.
_BORROWED: dict[str, Any] = {"_nrt": False} if hasattr(CPUTargetOptions, "_nrt") else {}


@njit(cache=True, **_BORROWED)
def _follow_path_borrowed(
    table_p,
    basis_p,
    table_q,
    basis_q,
    slack_p,
    slack_q,
    label,
    max_pivots,
    pivot_rtol,
    tie_rtol,
    compact,
    rows,
    pivots,
    row,
    where_p,
    where_q,
):
    """:func:`follow_path` with its scratch arrays given: ``rows`` and ``pivots`` of one
    and two entries per row of the taller tableau, ``row`` of the wider one's width, and
    the column of each variable in each tableau (:func:`_where`)."""
    side = 0
    for i in range(basis_p.shape[0]):
        if basis_p[i] == label:
            side = 1
    entering = label
    for count in range(1, max_pivots + 1):
        table = table_p if side == 0 else table_q
        basis = basis_p if side == 0 else basis_q
        slack = slack_p if side == 0 else slack_q
        where = where_p if side == 0 else where_q
        col = where[entering]
        r = lex_ratio_test(table, col, slack, where, pivot_rtol, tie_rtol, rows, pivots)
        if r < 0:
            return _UNBOUNDED, count - 1
        leaving = basis[r]
        pivot(table, table, r, col, row, compact, True)
        if compact:
            where[leaving] = col
            where[entering] = -1 - r
        basis[r] = entering
        if leaving == label:
            return _DONE, count
        entering = leaving
        side = 1 - side
    return _TOO_LONG, max_pivots


@njit(cache=True)
def follow_every_label(
    table_p, basis_p, table_q, basis_q, slack_p, slack_q, max_pivots, pivot_rtol, tie_rtol, compact
):
    """Follow the path dropping each label in turn, each from a copy of the tableaux.

    Returns ``(done, status, ends_p, ends_q)``: the paths of labels ``0..done-1`` ended,
    row ``k`` of ``ends_p`` and ``ends_q`` holding the final bases of label ``k``'s path
    (in row order, not sorted); when ``done`` is less than the number of labels, the path
    of label ``done`` failed with ``status`` (as in :func:`follow_path`) and the later
    labels were not tried. ``compact`` is as in :func:`follow_path`.
    """
    labels = table_p.shape[1] - 1 + (basis_p.shape[0] if compact else 0)
    ends_p = np.empty((labels, basis_p.shape[0]), dtype=np.int64)
    ends_q = np.empty((labels, basis_q.shape[0]), dtype=np.int64)
    for label in range(labels):
        tp, bp = table_p.copy(), basis_p.copy()
        tq, bq = table_q.copy(), basis_q.copy()
        status, _ = follow_path(
            tp, bp, tq, bq, slack_p, slack_q, label, max_pivots, pivot_rtol, tie_rtol, compact
        )
        if status != _DONE:
            return label, status, ends_p, ends_q
        ends_p[label] = bp
        ends_q[label] = bq
    return labels, _DONE, ends_p, ends_q


@njit(cache=True)
def strategy_from_basis(M, lo, scale, transpose, basis, offset, size):
    """One player's normalised strategy at a basis of ``{z >= 0 : C z <= 1}``, solved
    from ``C``; the numpy twin is
    :func:`multivector.solver.lemke_howson._strategy_from_basis`.

    ``C`` is the payoff matrix ``M`` (its transpose when ``transpose``) shifted by
    :func:`~multivector.solver._pivot_numba.positive_shift`'s ``(lo, scale)``, read entry
    by entry. The player's variables are ``offset .. offset + size - 1``; the others are
    the slacks of the rows of ``C`` (slack of row ``t`` is variable ``t`` when ``offset``
    is positive, ``size + t`` otherwise). Only the rows whose slack is nonbasic and the
    columns of the basic strategies enter the system, a square one. Returns an empty
    array when it is singular or its solution is zero.
    """
    k = M.shape[1] if transpose else M.shape[0]
    in_basis = np.zeros(k + size, dtype=np.bool_)
    for v in basis:
        in_basis[v] = True
    slack0 = 0 if offset > 0 else size
    cols = np.empty(size, dtype=np.int64)
    s = 0
    for i in range(size):
        if in_basis[offset + i]:
            cols[s] = i
            s += 1
    rows = np.empty(k, dtype=np.int64)
    t = 0
    for r in range(k):
        if not in_basis[slack0 + r]:
            rows[t] = r
            t += 1
    if s != t:
        return np.empty(0)
    K = np.empty((s, s + 1))
    for a in range(s):
        for b in range(s):
            v = M[cols[b], rows[a]] if transpose else M[rows[a], cols[b]]
            K[a, b] = shifted(v, lo, scale)
        K[a, s] = 1.0
    values = solve_by_pivoting(K, np.empty(s + 1))
    if values.shape[0] != s:
        return np.empty(0)
    z = np.zeros(size)
    total = 0.0
    for b in range(s):
        v = max(values[b], 0.0)
        z[cols[b]] = v
        total += v
    if not total > 0.0:
        return np.empty(0)
    for i in range(size):
        z[i] /= total
    return z


@njit(cache=True)
def equilibrium_from_artificial(A, B, label, max_pivots, pivot_rtol, tie_rtol):
    """The whole of :func:`multivector.solver.lemke_howson.lemke_howson` but the
    certificate, in one call: compact tableaux of the shifted payoffs at the artificial
    equilibrium, the path dropping ``label`` (:func:`follow_path`), and the strategies
    read off the final bases (:func:`strategy_from_basis`).

    Returns ``(status, pivots, x, y, numbers)``: status as :func:`follow_path`'s, or 3
    when a final basis gives no strategy (a numerically singular basis, or the artificial
    equilibrium); ``numbers`` the seven of :func:`certificate` (zeros unless status 0), a
    tuple: each array handed back to Python costs about half a microsecond to box, a
    third of the call on a small game.
    """
    m, n = A.shape
    lo_a, scale_a = positive_shift(A)
    lo_b, scale_b = positive_shift(B)
    tp = np.empty((n, m + 1))
    for i in range(m):
        for j in range(n):
            tp[j, i] = shifted(B[i, j], lo_b, scale_b)
    tq = np.empty((m, n + 1))
    for i in range(m):
        for j in range(n):
            tq[i, j] = shifted(A[i, j], lo_a, scale_a)
        tq[i, n] = 1.0
    for j in range(n):
        tp[j, m] = 1.0
    slack_p = np.arange(m, m + n)
    slack_q = np.arange(m)
    basis_p = slack_p.copy()
    basis_q = slack_q.copy()
    status, pivots = follow_path(
        tp, basis_p, tq, basis_q, slack_p, slack_q, label, max_pivots, pivot_rtol, tie_rtol, True
    )
    none = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    if status != _DONE:
        return status, pivots, np.empty(0), np.empty(0), none
    x = strategy_from_basis(B, lo_b, scale_b, True, basis_p, 0, m)
    y = strategy_from_basis(A, lo_a, scale_a, False, basis_q, m, n)
    if x.shape[0] == 0 or y.shape[0] == 0:
        return _SINGULAR, pivots, x, y, none
    return _DONE, pivots, x, y, certificate(A, B, x, y)


@njit(cache=True)
def certificate(A, B, x, y):
    """The numbers :func:`multivector.solver.equilibrium.make_bimatrix_equilibrium` checks,
    over the supports, as its numpy code computes them: ``(u1, u2, best1, best2, lowest,
    sum_x, sum_y)``, where ``u1 = x A y``, ``u2 = x B y``, ``best1`` the largest entry of
    ``A y``, ``best2`` of ``x B``, ``lowest`` the smallest probability.
    """
    m, n = A.shape
    ay = np.zeros(m)
    xb = np.zeros(n)
    lowest = 0.0
    sum_x = 0.0
    sum_y = 0.0
    for j in range(n):
        q = y[j]
        lowest = min(lowest, q)
        sum_y += q
        if q != 0.0:
            for i in range(m):
                ay[i] += A[i, j] * q
    for i in range(m):
        p = x[i]
        lowest = min(lowest, p)
        sum_x += p
        if p != 0.0:
            for j in range(n):
                xb[j] += p * B[i, j]
    u1 = 0.0
    for i in range(m):
        u1 += x[i] * ay[i]
    u2 = 0.0
    for j in range(n):
        u2 += xb[j] * y[j]
    return u1, u2, ay.max(), xb.max(), lowest, sum_x, sum_y
