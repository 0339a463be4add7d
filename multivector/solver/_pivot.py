"""Pivoting on the best-response polytopes: the pieces shared by Lemke-Howson and vertex
enumeration.

Both algorithms move between bases of polytopes ``{z >= 0 : M z <= 1}`` built from
payoff matrices made positive (von Stengel 2007, "Equilibrium computation for two-player
games in strategic and extensive form", in Nisan et al., *Algorithmic Game Theory*, ch. 3,
Sections 3.2-3.7). This module holds, once each, the three steps they share:

* :func:`positive_shift`: the positive affine transform of a payoff matrix that makes the
  polytopes bounded without moving any equilibrium;
* :func:`min_ratio_rows` and :func:`lex_ratio_test`: the minimum-ratio test that picks the
  leaving variable, and its lexicographic form (Section 3.7), which keeps degenerate
  problems from cycling;
* :func:`pivot` (floating point, Gauss-Jordan) and :func:`integer_pivot` (exact,
  fraction-free as in Edmonds 1967 and lrs, Avis 2000): the pivot step itself.

The compiled kernels of :mod:`multivector.solver._lh_numba` and
:mod:`multivector.solver._bfs_numba` use the numba twins of the ratio test and the pivot in
:mod:`multivector.solver._pivot_numba`, which take the same decisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "integer_pivot",
    "lex_ratio_test",
    "min_ratio_rows",
    "pivot",
    "positive_shift",
    "ratios",
]


def positive_shift(M: NDArray[Any]) -> NDArray[Any]:
    """A positive affine transform of a payoff matrix into ``[1, 1 + min(range, 1)]``.

    The smallest entry goes to 1; entries that spread over more than 1 are scaled into
    ``[1, 2]``. Equilibria do not change under a positive affine transform of one
    player's payoffs, and with every entry at least 1 the best-response polytopes are
    bounded (von Stengel 2007, Section 3.2). The unit is that of the project's
    tolerances (:meth:`~multivector.games.normal_form.NormalFormGame.payoff_scale`, the
    range but at least 1): the fixed tolerances of the floating-point ratio tests then
    mean the same on every game, and differences far below the tolerance, which the
    exact path rationalises away, stay ties. Works on float arrays and on object arrays
    of :class:`~fractions.Fraction` (exactly).

    Examples
    --------
    >>> positive_shift(np.array([[0.0, 4.0], [2.0, -4.0]])).tolist()
    [[1.5, 2.0], [1.75, 1.0]]
    >>> positive_shift(np.array([[0.0, 0.25]])).tolist()
    [[1.0, 1.25]]
    >>> from fractions import Fraction
    >>> positive_shift(np.array([[Fraction(3), Fraction(0)]], dtype=object)).tolist()
    [[Fraction(2, 1), Fraction(1, 1)]]
    """
    lo, hi = M.min(), M.max()
    return (M - lo) / max(hi - lo, 1) + 1


def ratios(num: NDArray[Any], den: NDArray[Any]) -> NDArray[Any]:
    """``num / den`` elementwise: floats for float arrays, exact Fractions for object arrays
    of integers (the fraction-free tableaux of the exact path)."""
    if num.dtype == object:
        return np.array([Fraction(a, b) for a, b in zip(num, den, strict=True)], dtype=object)
    return num / den


def min_ratio_rows(
    columns: NDArray[Any], rhs: NDArray[Any], threshold: Any = 0.0
) -> NDArray[np.intp]:
    """The minimum-ratio test: the row that leaves when each column enters.

    Parameters
    ----------
    columns : ndarray, shape (..., k)
        Entering columns, one per leading index; the last axis runs over the ``k`` rows.
    rhs : ndarray, shape (..., k)
        The right-hand sides (broadcast against ``columns``).
    threshold : float
        Entries at or below it do not count as positive (0 for exact arithmetic).

    Returns
    -------
    ndarray of intp, shape (...)
        The row of the smallest ``rhs / column`` among positive entries, the first one on
        a tie; -1 where no entry is positive (an unbounded ray).

    Examples
    --------
    >>> min_ratio_rows(np.array([[1.0, 2.0, 0.0], [0.0, 0.0, -1.0]]), np.ones(3)).tolist()
    [1, -1]
    """
    positive = columns > threshold
    if columns.dtype == object:
        flat_c, flat_b = np.broadcast_arrays(columns, rhs)
        shape = flat_c.shape
        flat_c, flat_b, pos = (a.reshape(-1, shape[-1]) for a in (flat_c, flat_b, positive))
        out = np.full(flat_c.shape[0], -1, dtype=np.intp)
        for t in range(flat_c.shape[0]):
            rows = np.flatnonzero(pos[t])
            if rows.size:
                out[t] = rows[int(np.argmin(ratios(flat_b[t, rows], flat_c[t, rows])))]
        return out.reshape(shape[:-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(positive, rhs / columns, np.inf)
    best = r.argmin(axis=-1)
    return np.where(positive.any(axis=-1), best, -1)


def lex_ratio_test(
    table: NDArray[Any],
    entering: int,
    lex_columns: Sequence[int],
    *,
    pivot_rtol: float = 0.0,
    tie_rtol: float = 0.0,
) -> int:
    """Row of the leaving variable by the lexicographic minimum-ratio test, or -1.

    Among rows with a positive entry in the entering column, the smallest ratio of the
    first of ``lex_columns`` (the right-hand side) decides; ties go to the ratios of the
    next columns in turn (the columns of the basis inverse), as if the right-hand side
    were perturbed by ``(eps, eps^2, ...)`` (von Stengel 2007, Section 3.7). The rows of
    the basis inverse are linearly independent, so a single row is left in the end.

    Parameters
    ----------
    table : ndarray, shape (k, w)
        The tableau: floats, or Python integers in an object array (exact; then leave the
        tolerances at 0).
    entering : int
        Column of the entering variable.
    lex_columns : sequence of int
        The right-hand side's column, then the basis inverse's columns in order.
    pivot_rtol : float
        An entry counts as positive above ``pivot_rtol`` times the column's largest entry
        (at least 1): round-off leaves entries of order 1e-16 where exact arithmetic has
        zeros.
    tie_rtol : float
        A row ties with the least ratio when pivoting on that ratio would leave its entry
        within ``tie_rtol`` (relative, at least absolute) of zero; with 0 only equal
        ratios tie. Measured on the entry, not on the ratio: ratios can be tiny where
        pivots are large, and a fixed distance between ratios would then tie rows whose
        entries would turn clearly negative.

    Returns
    -------
    int
        The row, or -1 when no entry of the entering column is positive.

    Examples
    --------
    Both rows tie on the right-hand side; the first basis-inverse column breaks the tie.

    >>> T = np.array([[1.0, 1.0, 0.0, 1.0], [2.0, 0.0, 1.0, 2.0]])
    >>> lex_ratio_test(T, 0, [3, 1, 2])
    1
    """
    col = table[:, entering]
    top = col.max()
    if top <= 0:
        return -1
    threshold = pivot_rtol * max(float(top), 1.0) if pivot_rtol else 0
    rows = np.flatnonzero(col > threshold)
    if rows.size == 0:
        return -1
    pivots = col[rows]
    for c in lex_columns:
        if rows.size == 1:
            break
        entries = table[rows, c]
        least = ratios(entries, pivots).min()
        if tie_rtol:
            # a row ties when pivoting on the least ratio leaves its entry within the
            # tolerance of zero: entry - pivot * least is what that entry would become
            keep = entries - pivots * least <= tie_rtol * np.maximum(1.0, np.abs(entries))
        else:
            keep = ratios(entries, pivots) <= least
        rows, pivots = rows[keep], pivots[keep]
    return int(rows[0])


def pivot(table: NDArray[np.float64], row: Any, col: Any) -> None:
    """Gauss-Jordan pivot on ``(row, col)``, in place; batched over leading axes.

    The pivot row is multiplied by the reciprocal of the pivot (its entry in ``col`` set to
    exactly 1) and subtracted from every other row, so that column ``col`` becomes a unit
    vector. The compiled twin is :func:`multivector.solver._pivot_numba.pivot`, with the
    same operations in the same order.

    Parameters
    ----------
    table : ndarray, shape (..., k, w)
        One tableau, or a stack of them.
    row, col : int or ndarray of int, shape (...)
        The pivot position of each tableau.

    Examples
    --------
    >>> T = np.array([[2.0, 1.0, 4.0], [1.0, 3.0, 5.0]])
    >>> pivot(T, 0, 0)
    >>> T.tolist()
    [[1.0, 0.5, 2.0], [0.0, 2.5, 3.0]]
    """
    stack = table.reshape(-1, *table.shape[-2:])
    idx = np.arange(stack.shape[0])
    r = np.broadcast_to(np.asarray(row), table.shape[:-2]).reshape(-1)
    c = np.broadcast_to(np.asarray(col), table.shape[:-2]).reshape(-1)
    inv = 1.0 / stack[idx, r, c]
    prow = stack[idx, r, :] * inv[:, None]
    prow[idx, c] = 1.0
    factor = stack[idx, :, c]
    factor[idx, r] = 0.0
    stack -= factor[:, :, None] * prow[:, None, :]
    stack[idx, r, :] = prow
    if not np.may_share_memory(stack, table):
        table[...] = stack.reshape(table.shape)


def integer_pivot(T: NDArray[np.object_], row: int, col: int, det: int) -> NDArray[np.object_]:
    """Fraction-free pivot of an integer tableau on ``(row, col)``: a new tableau.

    ``T`` is ``det(B) * B^{-1} [M | I | b]`` in Python integers (``det`` the current
    basis' determinant); every other row becomes ``(T_i T_rc - T_ic T_r) / det``, an exact
    division (Edmonds 1967; Avis 2000, lrs), and the pivot row stays as it is. The new
    determinant is ``T[row, col]``.

    Examples
    --------
    >>> T = np.array([[2, 1, 1, 0, 4], [1, 3, 0, 1, 5]], dtype=object)
    >>> integer_pivot(T, 0, 0, 1).tolist()
    [[2, 1, 1, 0, 4], [0, 5, -1, 2, 6]]
    """
    p = T[row, col]
    out = (T * p - np.outer(T[:, col], T[row])) // det
    out[row] = T[row]
    return out
