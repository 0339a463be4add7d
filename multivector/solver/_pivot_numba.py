"""Compiled twins of :mod:`multivector.solver._pivot` (numba): the ratio tests and the pivot.

Called from the compiled kernels, :mod:`multivector.solver._lh_numba` (Lemke-Howson) and
:mod:`multivector.solver._bfs_numba` (the breadth-first walk of vertex enumeration), with
explicit loops and no temporary arrays; the reverse search
(:mod:`multivector.solver._reverse_numba`) writes its ratio test and pivot out in its own
body, since numba counts references to the arrays handed to a compiled helper. They take
the decisions of their numpy twins (von Stengel 2007, Sections 3.5-3.7, "Equilibrium
computation for two-player games in strategic and extensive form", in Nisan et al.,
*Algorithmic Game Theory*, ch. 3).

A tableau has one row per basic variable and its right-hand side in the last column. It is
kept either in full (one column per variable) or compact (one column per nonbasic
variable: the columns of basic variables are unit vectors and are not stored, which halves
the work of a pivot; Chvátal 1983, *Linear Programming*, calls this form a dictionary).

Compiled on first use and cached on disk (``cache=True``). Imported only when numba is
installed (the ``fast`` extra). numba's on-disk cache of a kernel looks only at the
kernel's own source file: after editing this module in a working copy, delete the
``*.nbi``/``*.nbc`` files under ``multivector/solver/__pycache__`` so that the kernels
that call it are compiled again (an installed release has fresh files and no such cache).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit
from numba.core.cpu import CPUTargetOptions

__all__ = [
    "BORROWED",
    "entry",
    "lex_ratio_test",
    "min_ratio_row",
    "pivot",
    "positive_shift",
    "shifted",
    "solve_by_pivoting",
]


#: Options of a kernel compiled without numba's reference counting (``_nrt=False``, where
#: this numba has the option): for functions that allocate nothing and work only on
#: arrays their caller owns. With reference counting, numba counts a reference,
#: atomically, on each array a function picks or hands to a compiled helper, at every
#: pivot: a quarter of a 10x10 game's Lemke-Howson call, half of the reverse search's.
BORROWED: dict[str, Any] = {"_nrt": False} if hasattr(CPUTargetOptions, "_nrt") else {}


@njit(cache=True, inline="always")
def min_ratio_row(table, col, threshold):
    """Row of the smallest ``rhs / table[:, col]`` among entries above ``threshold``, the
    first on a tie; -1 when there is none (an unbounded ray).

    Ratios are compared by cross-multiplication, ``b / a < bb / ba`` as
    ``b * ba < bb * a`` (both ``a`` positive), so the scan does no division. Inlined into
    its callers (``inline="always"``): the breadth-first walk calls it once per vertex and
    entering column, where a call costs as much as the scan.
    """
    k = table.shape[0]
    rhs = table.shape[1] - 1
    best = -1
    bb = 0.0
    ba = 1.0
    for r in range(k):
        a = table[r, col]
        if a > threshold:
            b = table[r, rhs]
            if best < 0 or b * ba < bb * a:
                best = r
                bb = b
                ba = a
    return best


@njit(cache=True)
def entry(table, i, pos):
    """Entry in row ``i`` of the column at ``pos`` (see :func:`lex_ratio_test` for ``pos``)."""
    if pos >= 0:
        return table[i, pos]
    return 1.0 if i == -1 - pos else 0.0


@njit(cache=True, error_model="numpy")
def lex_ratio_test(table, col, slack, where, pivot_rtol, tie_rtol, rows, pivots):
    """Row of the leaving variable for the entering column ``col`` by the lexicographic
    minimum-ratio test, or -1 (an unbounded ray); the rule of
    :func:`multivector.solver._pivot.lex_ratio_test`.

    ``slack`` lists the variables whose columns form the basis inverse, in the order that
    breaks ties. ``where[v]`` is the column of variable ``v``, or ``-1 - row`` when ``v``
    is basic and its column is not stored (a unit vector with its 1 in ``row``).
    ``rows`` and ``pivots`` are scratch arrays with one and two entries per row of
    ``table``.
    """
    k = table.shape[0]
    rhs = table.shape[1] - 1
    # every loop over the rows without branches: which entries are positive is a coin
    # toss on random games, and the mispredicted branches cost about as much as the
    # pivot itself on a 50x50 game
    top = table[0, col]
    for i in range(1, k):
        top = max(top, table[i, col])
    if top <= 0.0:
        return -1
    threshold = pivot_rtol * max(top, 1.0)
    # the least ratio as the numpy twin computes it (rhs / entry over the positive
    # entries, the minimum); a division by zero gives inf or nan (error_model="numpy")
    best = np.inf
    for i in range(k):
        a = table[i, col]
        q = table[i, rhs] / a
        best = min(best, q if a > threshold else np.inf)
    if best == np.inf:
        return -1
    count = 0
    for i in range(k):
        a = table[i, col]
        b = table[i, rhs]
        keep = (a > threshold) & (b - a * best <= tie_rtol * max(1.0, abs(b)))
        rows[count] = i
        pivots[count] = a
        count += np.int64(keep)
    if count == 1:
        return rows[0]
    for c in slack:
        pos = where[c]
        least = np.inf
        for t in range(count):
            pivots[k + t] = entry(table, rows[t], pos) / pivots[t]
            if t == 0 or pivots[k + t] < least:
                least = pivots[k + t]
        kept = 0
        for t in range(count):
            e = entry(table, rows[t], pos)
            if e - pivots[t] * least <= tie_rtol * max(1.0, abs(e)):
                rows[kept] = rows[t]
                pivots[kept] = pivots[t]
                kept += 1
        count = kept
        if count == 1:
            break
    return rows[0]


@njit(cache=True, inline="always")
def pivot(src, dst, r, col, row, compact, inplace):
    """Gauss-Jordan pivot of ``src`` on ``(r, col)``, written to ``dst``; the numba twin of
    :func:`multivector.solver._pivot.pivot`.

    ``dst`` is ``src`` itself when ``inplace``; rows whose multiplier is zero are then
    skipped (they would change no entry but the sign of a zero, which no ratio test
    sees). In a full tableau column ``col`` becomes the unit vector of row ``r``; in a
    compact one it then holds the column of the leaving variable, which was that unit
    vector: ``1 / p`` in row ``r`` and ``-f_i / p`` in row ``i``. ``row`` is scratch space
    for the new pivot row: updating the other rows from a separate array lets the compiler
    vectorise the inner loop, which it cannot do when the source row may alias the target.
    """
    k, w = src.shape
    inv = 1.0 / src[r, col]
    for j in range(w):
        row[j] = src[r, j] * inv
    row[col] = inv if compact else 1.0
    for i in range(k):
        if i == r:
            continue
        f = src[i, col]
        if inplace:
            # a loop of its own: with ``dst`` and ``src`` one array, the compiler's
            # run-time overlap check would send the two-array loop below to scalar code
            if f == 0.0:
                continue
            for j in range(w):
                src[i, j] -= f * row[j]
        else:
            for j in range(w):
                dst[i, j] = src[i, j] - f * row[j]
        if compact:
            dst[i, col] = -f * inv
    for j in range(w):
        dst[r, j] = row[j]


@njit(cache=True)
def positive_shift(M):
    """The bounds of :func:`multivector.solver._pivot.positive_shift` (``scaled=True``):
    ``(lo, inv)``, so that entry ``v`` of ``M`` shifts to :func:`shifted` ``(v, lo,
    inv)`` with the same operations. Callers shift entries as they read them, without
    a shifted copy of the matrix.

    Each row is scanned four entries at a time into four running minima and maxima: one
    running pair waits on its own last comparison at every entry, and took 1.3 ns per
    entry, a quarter of a 100x100 game's Lemke-Howson call.
    """
    m, n = M.shape
    lo0 = lo1 = lo2 = lo3 = M[0, 0]
    hi0 = hi1 = hi2 = hi3 = M[0, 0]
    for i in range(m):
        j = 0
        while j + 4 <= n:
            a = M[i, j]
            b = M[i, j + 1]
            c = M[i, j + 2]
            d = M[i, j + 3]
            lo0 = a if a < lo0 else lo0
            hi0 = a if a > hi0 else hi0
            lo1 = b if b < lo1 else lo1
            hi1 = b if b > hi1 else hi1
            lo2 = c if c < lo2 else lo2
            hi2 = c if c > hi2 else hi2
            lo3 = d if d < lo3 else lo3
            hi3 = d if d > hi3 else hi3
            j += 4
        while j < n:
            a = M[i, j]
            lo0 = a if a < lo0 else lo0
            hi0 = a if a > hi0 else hi0
            j += 1
    lo = min(min(lo0, lo1), min(lo2, lo3))
    hi = max(max(hi0, hi1), max(hi2, hi3))
    return lo, 1.0 / max(hi - lo, 1.0)


@njit(cache=True, inline="always")
def shifted(v, lo, inv):
    """An entry moved by :func:`positive_shift`'s bounds: ``(v - lo) * inv + 1``."""
    return (v - lo) * inv + 1.0


@njit(cache=True, **BORROWED)
def solve_by_pivoting(K, row, used, row_of, z):
    """:func:`multivector.solver._pivot.solve_by_pivoting` on ``K = [M | b]`` in place,
    into ``z`` (its first ``s`` entries for ``s`` rows of ``K``): True, or False when
    ``M`` is singular. ``row`` is scratch space of ``K``'s width, ``used`` and ``row_of``
    integer scratch of ``s`` entries each; nothing is allocated."""
    s = K.shape[0]
    for i in range(s):
        used[i] = 0
    for c in range(s):
        r = -1
        best = -1.0
        for i in range(s):
            if used[i] == 0 and abs(K[i, c]) > best:
                best = abs(K[i, c])
                r = i
        if not best > 0.0:
            return False
        pivot(K, K, r, c, row, False, True)
        used[r] = 1
        row_of[c] = r
    for c in range(s):
        z[c] = K[row_of[c], s]
    return True
