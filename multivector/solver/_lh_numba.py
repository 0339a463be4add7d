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

from multivector.solver._pivot_numba import lex_ratio_test, pivot

__all__ = ["follow_every_label", "follow_path"]

# status codes returned by follow_path
_DONE = 0
_UNBOUNDED = 1
_TOO_LONG = 2


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
    rows = np.empty(k, dtype=np.int64)
    pivots = np.empty(2 * k)
    row = np.empty(max(table_p.shape[1], table_q.shape[1]))
    where_p = _where(table_p, basis_p, compact)
    where_q = _where(table_q, basis_q, compact)
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
