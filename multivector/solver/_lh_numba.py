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

import numpy as np
from numba import njit

from multivector.solver._pivot_numba import (
    BORROWED,
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
    where = np.empty(table.shape[1] - 1 + (basis.shape[0] if compact else 0), dtype=np.int64)
    _where_into(where, basis, compact)
    return where


@njit(cache=True, **BORROWED)
def _where_into(where, basis, compact):
    """:func:`_where` into ``where``, one entry per variable."""
    for v in range(where.shape[0]):
        where[v] = v
    if compact:
        for r in range(basis.shape[0]):
            where[basis[r]] = -1 - r
        col = 0
        for v in range(where.shape[0]):
            if where[v] >= 0:
                where[v] = col
                col += 1


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


@njit(cache=True, **BORROWED)
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


@njit(cache=True, **BORROWED)
def strategy_from_basis(M, lo, inv, transpose, basis, offset, size, z, floats, ints):
    """One player's normalised strategy at a basis of ``{z >= 0 : C z <= 1}``, solved
    from ``C``, written into ``z``; the numpy twin is
    :func:`multivector.solver.lemke_howson._strategy_from_basis`.

    ``C`` is the payoff matrix ``M`` (its transpose when ``transpose``) shifted by
    :func:`~multivector.solver._pivot_numba.positive_shift`'s ``(lo, inv)``, read entry
    by entry. The player's variables are ``offset .. offset + size - 1``; the others are
    the slacks of the rows of ``C`` (slack of row ``t`` is variable ``t`` when ``offset``
    is positive, ``size + t`` otherwise). Only the rows whose slack is nonbasic and the
    columns of the basic strategies enter the system, a square one. Returns False when it
    is singular or its solution is zero. ``floats`` and ``ints`` are scratch space of at
    least ``(k + 2)^2`` and ``k + size + 4 max(k, size)`` entries for ``k`` rows of ``C``;
    nothing is allocated.
    """
    k = M.shape[1] if transpose else M.shape[0]
    in_basis = ints[: k + size]
    cols = ints[k + size : k + 2 * size]
    rows = ints[k + 2 * size : 2 * k + 2 * size]
    for v in range(k + size):
        in_basis[v] = 0
    for v in basis:
        in_basis[v] = 1
    slack0 = 0 if offset > 0 else size
    s = 0
    for i in range(size):
        if in_basis[offset + i] == 1:
            cols[s] = i
            s += 1
    t = 0
    for r in range(k):
        if in_basis[slack0 + r] == 0:
            rows[t] = r
            t += 1
    if s != t:
        return False
    K = floats[: s * (s + 1)].reshape((s, s + 1))
    row = floats[s * (s + 1) : (s + 1) * (s + 1)]
    values = floats[(s + 1) * (s + 1) : (s + 1) * (s + 1) + s]
    for a in range(s):
        for b in range(s):
            v = M[cols[b], rows[a]] if transpose else M[rows[a], cols[b]]
            K[a, b] = shifted(v, lo, inv)
        K[a, s] = 1.0
    used = ints[2 * k + 2 * size : 2 * k + 2 * size + s]
    row_of = ints[2 * k + 2 * size + s : 2 * k + 2 * size + 2 * s]
    if not solve_by_pivoting(K, row, used, row_of, values):
        return False
    for i in range(size):
        z[i] = 0.0
    total = 0.0
    for b in range(s):
        v = max(values[b], 0.0)
        z[cols[b]] = v
        total += v
    if not total > 0.0:
        return False
    for i in range(size):
        z[i] /= total
    return True


@njit(cache=True)
def equilibrium_from_artificial(P, label, max_pivots, pivot_rtol, tie_rtol):
    """The whole of :func:`multivector.solver.lemke_howson.lemke_howson` but the
    certificate's check, in one call on the payoffs ``P`` of a 2-player game (shape ``(2,
    m, n)``): compact tableaux of the shifted payoffs at the artificial equilibrium, the
    path dropping ``label`` (:func:`follow_path`), the strategies read off the final bases
    (:func:`strategy_from_basis`) and the numbers of their certificate
    (:func:`certificate`).

    Returns ``(status, pivots, out, numbers)``: status as :func:`follow_path`'s, or 3 when
    a final basis gives no strategy (a numerically singular basis, or the artificial
    equilibrium); ``out`` holds ``x``, ``y`` and the payoffs ``u1``, ``u2`` (``m + n + 2``
    entries, meaningful for status 0 only) and ``numbers`` the seven of
    :func:`certificate` (zeros unless status 0). One array, not three: each array handed
    back to Python costs about half a microsecond to box, and the caller makes one array
    read-only, not three. Three allocations in all (:func:`_equilibrium_borrowed` works in
    the two scratch arrays): with numba's reference counting, each of the twenty-odd arrays
    of the former kernel cost two atomic operations or more.
    """
    m, n = P.shape[1], P.shape[2]
    k = max(m, n)
    out = np.empty(m + n + 2)
    floats = np.empty(2 * m * n + m + n + 3 * k + 1 + (k + 2) ** 2)
    ints = np.empty(5 * (m + n) + 5 * k, dtype=np.int64)
    status, pivots, numbers = _equilibrium_borrowed(
        P, label, max_pivots, pivot_rtol, tie_rtol, out, floats, ints
    )
    return status, pivots, out, numbers


@njit(cache=True, **BORROWED)
def _equilibrium_borrowed(P, label, max_pivots, pivot_rtol, tie_rtol, out, floats, ints):
    """:func:`equilibrium_from_artificial` in its caller's arrays: ``out`` for the
    result, ``floats`` and ``ints`` as scratch (sizes as that function allocates them)."""
    m, n = P.shape[1], P.shape[2]
    k = max(m, n)
    A = P[0]
    B = P[1]
    lo_a, inv_a = positive_shift(A)
    lo_b, inv_b = positive_shift(B)
    tp = floats[: n * (m + 1)].reshape((n, m + 1))
    f = n * (m + 1)
    tq = floats[f : f + m * (n + 1)].reshape((m, n + 1))
    f += m * (n + 1)
    pivots = floats[f : f + 2 * k]
    row = floats[f + 2 * k : f + 3 * k + 1]
    rest = floats[f + 3 * k + 1 :]
    for i in range(m):
        for j in range(n):
            tp[j, i] = shifted(B[i, j], lo_b, inv_b)
    for i in range(m):
        for j in range(n):
            tq[i, j] = shifted(A[i, j], lo_a, inv_a)
        tq[i, n] = 1.0
    for j in range(n):
        tp[j, m] = 1.0
    slack_p = ints[:n]
    slack_q = ints[n : m + n]
    basis_p = ints[m + n : m + 2 * n]
    basis_q = ints[m + 2 * n : 2 * (m + n)]
    for j in range(n):
        slack_p[j] = m + j
        basis_p[j] = m + j
    for i in range(m):
        slack_q[i] = i
        basis_q[i] = i
    g = 2 * (m + n)
    rows = ints[g : g + k]
    where_p = ints[g + k : g + k + m + n]
    where_q = ints[g + k + m + n : g + k + 2 * (m + n)]
    rest_i = ints[g + k + 2 * (m + n) :]
    _where_into(where_p, basis_p, True)
    _where_into(where_q, basis_q, True)
    status, count = _follow_path_borrowed(
        tp,
        basis_p,
        tq,
        basis_q,
        slack_p,
        slack_q,
        label,
        max_pivots,
        pivot_rtol,
        tie_rtol,
        True,
        rows,
        pivots,
        row,
        where_p,
        where_q,
    )
    none = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    if status != _DONE:
        return status, count, none
    x = out[:m]
    y = out[m : m + n]
    if not strategy_from_basis(B, lo_b, inv_b, True, basis_p, 0, m, x, rest, rest_i):
        return _SINGULAR, count, none
    if not strategy_from_basis(A, lo_a, inv_a, False, basis_q, m, n, y, rest, rest_i):
        return _SINGULAR, count, none
    numbers = _certificate_into(A, B, x, y, rest[:m], rest[m : m + n])
    out[m + n] = numbers[0]
    out[m + n + 1] = numbers[1]
    return _DONE, count, numbers


@njit(cache=True)
def certificate(A, B, x, y):
    """The numbers :func:`multivector.solver.equilibrium.make_bimatrix_equilibrium` checks,
    over the supports, as its numpy code computes them: ``(u1, u2, best1, best2, lowest,
    sum_x, sum_y)``, where ``u1 = x A y``, ``u2 = x B y``, ``best1`` the largest entry of
    ``A y``, ``best2`` of ``x B``, ``lowest`` the smallest probability.
    """
    return _certificate_into(A, B, x, y, np.empty(A.shape[0]), np.empty(A.shape[1]))


@njit(cache=True, **BORROWED)
def _certificate_into(A, B, x, y, ay, xb):
    """:func:`certificate` with its scratch arrays ``ay`` and ``xb`` given (``m`` and ``n``
    entries)."""
    m, n = A.shape
    for i in range(m):
        ay[i] = 0.0
    for j in range(n):
        xb[j] = 0.0
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
    best1 = ay[0]
    for i in range(1, m):
        best1 = max(best1, ay[i])
    best2 = xb[0]
    for j in range(1, n):
        best2 = max(best2, xb[j])
    return u1, u2, best1, best2, lowest, sum_x, sum_y
