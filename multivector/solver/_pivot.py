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
  problems from cycling; :func:`exact_lex_ratio_test` is the same rule in integers,
  without tolerances, for the exact path of vertex enumeration;
* :func:`pivot` (floating point, Gauss-Jordan) and :func:`integer_pivot` (exact,
  fraction-free as in Edmonds 1967 and lrs, Avis 2000): the pivot step itself;
* :func:`solve_by_pivoting`: a small square system solved by those pivots, which is how
  both algorithms read an equilibrium off its basis (from the payoffs, not from a tableau
  that many pivots have rounded).

The compiled kernels of :mod:`multivector.solver._lh_numba` and
:mod:`multivector.solver._bfs_numba` use the numba twins of the shift, the ratio test, the
pivot and the small solve in :mod:`multivector.solver._pivot_numba`, which take the same
decisions; :mod:`multivector.solver._reverse_numba` writes the same ratio test and pivot
out in its own body.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "exact_lex_ratio_test",
    "integer_pivot",
    "lex_ratio_test",
    "min_ratio_rows",
    "pivot",
    "positive_shift",
    "solve_by_pivoting",
]


def positive_shift(M: NDArray[Any], *, scaled: bool = True) -> NDArray[Any]:
    """A positive affine transform of a payoff matrix with smallest entry 1.

    Equilibria do not change under a positive affine transform of one player's payoffs,
    and with every entry at least 1 the best-response polytopes are bounded (von Stengel
    2007, Section 3.2).

    Parameters
    ----------
    M : ndarray
        Payoffs: floats, or an object array of :class:`~fractions.Fraction` (exact).
    scaled : bool
        Entries that spread over more than 1 are scaled into ``[1, 2]``, so that the
        result lies in ``[1, 1 + min(range, 1)]``. The unit is that of the project's
        tolerances (:meth:`~multivector.games.normal_form.NormalFormGame.payoff_scale`,
        the range but at least 1): the fixed tolerances of the floating-point ratio tests
        then mean the same on every game, and differences far below the tolerance, which
        the exact path rationalises away, stay ties (Lemke-Howson). ``scaled=False``
        gives ``M - min(M) + 1``: vertex enumeration's exact path has no tolerance and
        keeps its integers small that way, and its float path divides by the largest
        entry itself (its degeneracy test is then relative to the payoff range plus 1,
        as the exact path's rationalisation is).

    Examples
    --------
    >>> positive_shift(np.array([[0.0, 4.0], [2.0, -4.0]])).tolist()
    [[1.5, 2.0], [1.75, 1.0]]
    >>> positive_shift(np.array([[0.0, 0.25]])).tolist()
    [[1.0, 1.25]]
    >>> from fractions import Fraction
    >>> positive_shift(np.array([[Fraction(3), Fraction(0)]], dtype=object), scaled=False)
    array([[Fraction(4, 1), Fraction(1, 1)]], dtype=object)
    """
    lo = M.min()
    if not scaled:
        return M - lo + 1
    hi = M.max()
    if M.dtype == object:
        return (M - lo) / max(hi - lo, 1) + 1
    # times the reciprocal, as the compiled twin shifts (a division per entry cost it half
    # of a 50x50 game's set-up)
    return (M - lo) * (1.0 / max(hi - lo, 1.0)) + 1


def min_ratio_rows(
    columns: NDArray[Any],
    rhs: NDArray[Any],
    threshold: Any = 0.0,
    *,
    axis: int = -1,
    bounded: bool = False,
) -> NDArray[np.intp]:
    """The minimum-ratio test: the row that leaves when each column enters.

    Parameters
    ----------
    columns : ndarray, shape (..., k)
        Entering columns, one per other index; axis ``axis`` runs over the ``k`` rows.
    rhs : ndarray, shape (..., k)
        The right-hand sides (broadcast against ``columns``).
    threshold : float
        Entries at or below it do not count as positive.
    axis : int
        The axis of the rows (the last by default; a stack of tableaux ``(F, k, w)``
        tests every column of every tableau at once with ``axis=1``).
    bounded : bool
        The caller knows that every column has a positive entry (the polytope is
        bounded): the check for columns without one, which costs as much as the test
        on small tableaux, is skipped and -1 never returned.

    Returns
    -------
    ndarray of intp, ``columns``' shape without ``axis``
        The row of the smallest ``rhs / column`` among positive entries, the first one on
        a tie; -1 where no entry is positive (an unbounded ray).

    Examples
    --------
    >>> min_ratio_rows(np.array([[1.0, 2.0, 0.0], [0.0, 0.0, -1.0]]), np.ones(3)).tolist()
    [1, -1]
    """
    positive = columns > threshold
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(positive, rhs / columns, np.inf)
    best = r.argmin(axis=axis)
    if bounded:
        return best
    return np.where(positive.any(axis=axis), best, -1)


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
        The tableau (floats; :func:`exact_lex_ratio_test` is the rule in integers).
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
        within ``tie_rtol`` (relative, at least absolute) of zero. Measured on the entry,
        not on the ratio: ratios can be tiny where pivots are large, and a fixed distance
        between ratios would then tie rows whose entries would turn clearly negative.

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
    rows = np.flatnonzero(col > pivot_rtol * max(float(top), 1.0))
    if rows.size == 0:
        return -1
    pivots = col[rows]
    for c in lex_columns:
        if rows.size == 1:
            break
        entries = table[rows, c]
        least = (entries / pivots).min()
        # a row ties when pivoting on the least ratio leaves its entry within the
        # tolerance of zero: entry - pivot * least is what that entry would become
        keep = entries - pivots * least <= tie_rtol * np.maximum(1.0, np.abs(entries))
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
        The pivot position of each tableau (one each: no broadcasting).

    Examples
    --------
    >>> T = np.array([[2.0, 1.0, 4.0], [1.0, 3.0, 5.0]])
    >>> pivot(T, 0, 0)
    >>> T.tolist()
    [[1.0, 0.5, 2.0], [0.0, 2.5, 3.0]]
    """
    if table.ndim == 2:  # one tableau: the same steps, without a stack's gathers
        prow = table[row] * (1.0 / table[row, col])
        prow[col] = 1.0
        table -= np.outer(table[:, col], prow)
        table[row] = prow
        return
    stack = table.reshape(-1, *table.shape[-2:])
    idx = np.arange(stack.shape[0])
    r = np.asarray(row).reshape(-1)
    c = np.asarray(col).reshape(-1)
    prow = stack[idx, r, :]
    inv = 1.0 / prow[idx, c]
    prow *= inv[:, None]
    prow[idx, c] = 1.0
    # every row less its multiple of the pivot row; the pivot row itself is then set
    stack -= stack[idx, :, c][:, :, None] * prow[:, None, :]
    stack[idx, r, :] = prow
    if not table.flags.c_contiguous:  # reshape made a copy
        table[...] = stack.reshape(table.shape)


def exact_lex_ratio_test(
    T: list[list[int]], entering: int, lex_columns: Sequence[int], det: int = 1
) -> int:
    """:func:`lex_ratio_test` in exact integer arithmetic, or -1.

    The same rule on a fraction-free integer tableau (see :func:`integer_pivot`), without
    tolerances: ratios are compared by cross-multiplication (the pivots are positive), so
    no fraction is ever formed, and a tie on one column goes to the next. As in the
    compiled twin of :func:`lex_ratio_test`, a column of ``lex_columns`` given as
    ``-1 - t`` is not stored: it is the column of the variable basic in row ``t``, ``det``
    times the unit vector of that row (a compact tableau stores only nonbasic columns).

    Examples
    --------
    >>> exact_lex_ratio_test([[1, 1, 0, 1], [2, 0, 1, 2]], 0, [3, 1, 2])
    1
    >>> exact_lex_ratio_test([[1, 1], [2, 2]], 0, [1, -1, -2])
    1
    """
    best = -1
    for r, row in enumerate(T):
        a = row[entering]
        if a <= 0:
            continue
        if best < 0:
            best = r
            continue
        b = T[best][entering]
        brow = T[best]
        for c in lex_columns:
            # row[c] / a against brow[c] / b, both denominators positive
            if c >= 0:
                lhs = row[c] * b
                rhs = brow[c] * a
            else:
                lhs = det * b if r == -1 - c else 0
                rhs = det * a if best == -1 - c else 0
            if lhs != rhs:
                if lhs < rhs:
                    best = r
                break
    return best


def integer_pivot(T: list[list[int]], row: int, col: int, det: int) -> list[list[int]]:
    """Fraction-free pivot of a compact integer tableau on ``(row, col)``: a new tableau.

    ``T`` holds the nonbasic columns of ``det(B) * B^{-1} [M | I | b]`` in Python
    integers, then the right-hand side (``det`` the current basis' determinant; the
    columns of the basic variables, ``det`` times unit vectors, are not stored). Every
    other row becomes ``(T_i T_rc - T_ic T_r) / det``, an exact division (Edmonds 1967;
    Avis 2000, lrs), and the pivot row stays as it is; column ``col`` then holds the
    leaving variable: ``-T_ic`` in row ``i``, ``det`` in the pivot row. The new
    determinant is ``T[row][col]``.

    Examples
    --------
    >>> integer_pivot([[2, 1, 4], [1, 3, 5]], 0, 0, 1)
    [[1, 1, 4], [-1, 5, 6]]
    """
    prow = T[row]
    p = prow[col]
    out = []
    for i, r in enumerate(T):
        if i == row:
            new = list(prow)
            new[col] = det
        else:
            f = r[col]
            if f == 0:
                new = [(v * p) // det for v in r]
            else:
                new = [(v * p - f * w) // det for v, w in zip(r, prow, strict=True)]
                new[col] = -f
        out.append(new)
    return out


def solve_by_pivoting(K: NDArray[np.float64]) -> NDArray[np.float64] | None:
    """Solve the square system held in the augmented matrix ``K = [M | b]``, in place.

    Gauss-Jordan elimination by :func:`pivot`, column by column, on the row with the
    largest entry in absolute value among the rows not used yet (partial pivoting, the
    first such row on a tie). The compiled twin
    :func:`multivector.solver._pivot_numba.solve_by_pivoting` takes the same pivots with
    the same operations, so the two give the same floats.

    Parameters
    ----------
    K : ndarray, shape (s, s + 1)
        The matrix, then the right-hand side; overwritten.

    Returns
    -------
    ndarray, shape (s,), or None
        The solution, or None when the matrix is singular (a column with no nonzero entry
        left).

    Examples
    --------
    >>> solve_by_pivoting(np.array([[0.0, 2.0, 2.0], [4.0, 0.0, 8.0]])).tolist()
    [2.0, 1.0]
    """
    s = K.shape[0]
    used = np.zeros(s, dtype=bool)
    row_of = np.empty(s, dtype=np.intp)
    for c in range(s):
        size = np.where(used, -1.0, np.abs(K[:, c]))
        r = int(size.argmax())
        if not size[r] > 0.0:
            return None
        pivot(K, r, c)
        used[r] = True
        row_of[c] = r
    return K[row_of, s].copy()
