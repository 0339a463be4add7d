"""Compiled reverse search over the vertices of a best-response polytope (numba).

The vertices of a simple polytope ``{z >= 0 : M z <= 1}`` (``M`` positive) are the
feasible bases of its dictionary, and the simplex method with Bland's rule, minimising
``sum(z)``, leads from each of them to the origin. Those simplex pivots form a tree on the
vertices; reverse search (Avis and Fukuda 1992, "A pivoting algorithm for convex hulls and
vertex enumeration of arrangements and polyhedra", Discrete Comput. Geom. 8; the method of
lrs) walks that tree depth first from the origin. A vertex ``w`` reached from ``v`` by
bringing in column ``c`` is a child of ``v`` when Bland's rule at ``w`` would bring back
the variable that left, which is decided from ``v``'s dictionary alone (its objective row
and the pivot row). No set of visited vertices is kept, and each level of the tree keeps
its own dictionary, pivoted once from its parent's: a dictionary is never more pivots away
from the exact start than the depth of the tree (the length of a simplex path), as in a
breadth-first walk, while the memory is that of one path.

The vertices and their labels are matched into equilibria by
:func:`multivector.solver.vertex._float_pairs`, as those of the breadth-first walk
(:mod:`multivector.solver._bfs_numba`), which is faster on small polytopes.

Floating point is trusted only away from degeneracy: a basic variable within ``tol`` of
zero (a degenerate vertex) or a reduced cost within ``tol`` of zero (where rounding could
make two vertices claim the same child, or none) stops the search with a status, and the
caller redoes the enumeration in exact arithmetic.

The search is one function with no helper taking an array: numba counts references to
an array passed to a compiled helper (inlined or not) with atomic operations, which took
half the time of the search on 14x14 and 16x16 games; written out in one body, the
walk costs about 1.3 us per vertex of a 14x14 game instead of 2.4 us. The depth of the
tree is not known in advance: a search that goes deeper than its arrays starts again
with twice the depth (rare: the depth is the length of a simplex path).

Compiled on first use and cached on disk (``cache=True``). Imported only when numba is
installed (the ``fast`` extra).
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["reverse_search"]

# status codes
_OK = 0
_DEGENERATE = 1
_TOO_MANY = 2
_UNDECIDED = 3
_TOO_DEEP = 4  # internal: the arrays of the levels are too short, search again


@njit(cache=True)
def _start(M):
    """The dictionary at the origin: rows are the slacks, columns ``z``, then the right-hand
    side; the last row is minus the reduced costs of the objective ``sum(c_j z_j)``."""
    k, d = M.shape
    T = np.empty((k + 1, d + 1))
    for r in range(k):
        for j in range(d):
            T[r, j] = M[r, j]
        T[r, d] = 1.0
    for j in range(d):
        # minus the objective's weights: 1 plus the fractional part of j times the golden
        # ratio, all distinct and irrational-like, so that integer payoffs rarely give an
        # edge along which the objective is constant (a reduced cost of zero)
        T[k, j] = -(1.0 + (j * 0.6180339887498949) % 1.0)
    T[k, d] = 0.0
    basic = np.arange(d, d + k)
    nonbasic = np.arange(d)
    return T, basic, nonbasic


# error_model="numpy": a division by zero gives inf or nan instead of raising, as the ratio
# test divides by every entry of the column (and keeps only the positive ones)
@njit(cache=True, error_model="numpy")
def _search(M, tol, max_vertices, depth):
    """The reverse search with room for ``depth`` levels; see :func:`reverse_search`.

    Returns ``(status, vertices, masks, count)``, the first ``count`` masks filled;
    status 4 when the tree is deeper than ``depth``.

    Level ``L`` of the current path keeps its dictionary ``tabs[L]`` (rows the basic
    variables ``basics[L]``, then the objective row; columns the nonbasic variables
    ``nonbasics[L]``, then the right-hand side), the columns that may lead to a child
    (``cands[L]``, ``ncands[L]`` of them), the next of them to try (``next_col[L]``)
    and its nonbasic columns in increasing order of their variables (``orders[L]``),
    for Bland's rule; a child's order is its parent's with the pivot
    column moved to the place of the variable that left.

    The neighbour ``w`` along column ``c`` is a child of ``v`` when entering ``c`` raises
    the objective and, at ``w``, Bland's rule would bring back the variable ``e`` that
    left: ``w``'s objective row is ``obj_v - obj_v[c] * row_r / p`` on the other columns,
    and no nonbasic variable below ``e`` may improve there. A reduced cost within ``tol``
    of zero is undecided (status 3).

    The leaving row is the minimum-ratio test's; a second row left within ``tol`` of zero
    by the step (``b_i - a_i * step <= tol``, a degenerate neighbour) is a tie, status 1.
    A tie is checked on every edge that leads up the tree, not only on arrival: a
    degenerate vertex need not be anyone's child (its parent depends on which of its
    bases is taken), but the one of lowest objective is reached by an edge up from a
    visited vertex, with a tie. One pass keeps the two smallest ratios and the smallest
    ``a``: when the second ratio is above ``step + tol / min a``, no row ties and the pass
    is all; otherwise the rows are checked one by one against the exact test's step
    (cross-multiplied, as the pivots choose it).
    """
    k, d = M.shape
    T0, basic0, nonbasic0 = _start(M)
    tabs = np.empty((depth, k + 1, d + 1))
    basics = np.empty((depth, k), dtype=np.int64)
    nonbasics = np.empty((depth, d), dtype=np.int64)
    orders = np.empty((depth, d), dtype=np.int64)
    next_col = np.zeros(depth, dtype=np.int64)
    cands = np.empty((depth, d), dtype=np.int64)
    ncands = np.zeros(depth, dtype=np.int64)
    tabs[0] = T0
    basics[0] = basic0
    nonbasics[0] = nonbasic0
    row = np.empty(d + 1)
    for j in range(d):
        orders[0, j] = j  # at the origin column j holds z_j
    masks = np.zeros(1024, dtype=np.uint64)
    vertices = 1
    count = 0
    L = 0
    arrived = True
    while L >= 0:
        if arrived:
            if L > 0:
                # a new vertex: check and record it
                for r in range(k):
                    if tabs[L, r, d] <= tol:
                        return _DEGENERATE, vertices, masks, count
                if count == masks.shape[0]:
                    grown = np.zeros(2 * masks.shape[0], dtype=np.uint64)
                    grown[:count] = masks
                    masks = grown
                bits = np.uint64(0)
                for j in range(d):
                    bits |= np.uint64(1) << np.uint64(nonbasics[L, j])
                masks[count] = bits
                count += 1
            # the columns that may lead to a child (oc < tol: entering them raises the
            # objective, or is undecided), listed without branches: testing each
            # column's sign where it is searched mispredicted half of them
            nc = 0
            for j in range(d):
                cands[L, nc] = j
                nc += np.int64(tabs[L, k, j] < tol)
            ncands[L] = nc
            arrived = False
        ci = next_col[L]
        leaving = -1
        c = -1
        while ci < ncands[L]:
            c = cands[L, ci]
            # r: the leaving row when the neighbour along c is a child; -1 not a child,
            # -2 undecided, -3 a tie
            r = -1
            oc = tabs[L, k, c]
            if oc > -tol:
                r = -2
            else:
                best = -1
                first = np.inf
                second = np.inf
                lowest = np.inf
                for i in range(k):
                    # without branches: which rows enter, and which ratio is the
                    # smallest so far, are coin tosses on random games. The division is
                    # done for every row and the two smallest ratios kept by min and
                    # max (the second smallest of first, second and ratio is
                    # min(second, max(first, ratio))): with the division under a
                    # condition, or the ratios kept by if and else, the compiler makes
                    # branches, and their mispredictions took 40% of the search.
                    a = tabs[L, i, c]
                    q = tabs[L, i, d] / a
                    ok = a > 1e-12
                    ratio = q if ok else np.inf
                    lowest = min(lowest, a if ok else np.inf)
                    best = i if ratio < first else best
                    second = min(second, max(first, ratio))
                    first = min(first, ratio)
                if best >= 0 and not (second - first) * lowest > tol:
                    best = -1
                    bb = 0.0
                    ba = 1.0
                    for i in range(k):
                        a = tabs[L, i, c]
                        if a > 1e-12:
                            b = tabs[L, i, d]
                            if best < 0 or b * ba < bb * a:
                                best = i
                                bb = b
                                ba = a
                    step = tabs[L, best, d] / tabs[L, best, c]
                    for i in range(k):
                        a = tabs[L, i, c]
                        if i != best and a > 1e-12 and tabs[L, i, d] - a * step <= tol:
                            best = -1
                            break
                if best < 0:
                    r = -3
                else:
                    r = best
                    e = basics[L, best]
                    f = oc / tabs[L, best, c]
                    for t in range(d):
                        j = orders[L, t]
                        if nonbasics[L, j] > e:
                            break
                        if j == c:
                            continue
                        ou = tabs[L, k, j] - f * tabs[L, best, j]
                        if ou > tol:
                            r = -1  # u < e improves at w: Bland's rule at w picks u
                            break
                        if ou > -tol:
                            r = -2
                            break
            if r == -2:
                return _UNDECIDED, vertices, masks, count
            if r == -3:
                return _DEGENERATE, vertices, masks, count
            if r >= 0:
                leaving = r
                break
            ci += 1
        if leaving < 0:
            L -= 1  # every child of this vertex searched
            continue
        r = leaving
        next_col[L] = ci + 1
        child = L + 1
        if child == depth:
            return _TOO_DEEP, vertices, masks, count
        # the child's dictionary: a compact pivot on (r, c) from level L
        inv = 1.0 / tabs[L, r, c]
        for j in range(d + 1):
            row[j] = tabs[L, r, j] * inv
        row[c] = inv
        for i in range(k + 1):
            if i == r:
                continue
            f = tabs[L, i, c]
            for j in range(d + 1):
                tabs[child, i, j] = tabs[L, i, j] - f * row[j]
            tabs[child, i, c] = -f * inv
        for j in range(d + 1):
            tabs[child, r, j] = row[j]
        for i in range(k):
            basics[child, i] = basics[L, i]
        for j in range(d):
            nonbasics[child, j] = nonbasics[L, j]
        entering_var = nonbasics[L, c]
        leaving_var = basics[L, r]
        basics[child, r] = entering_var
        nonbasics[child, c] = leaving_var
        # the child's columns in increasing order of their variables: the parent's order
        # with column c (now the leaving variable) moved to its place
        t = 0
        placed = False
        for place in range(d):
            j = orders[L, place]
            if j == c:
                continue
            if not placed and nonbasics[L, j] > leaving_var:
                orders[child, t] = c
                t += 1
                placed = True
            orders[child, t] = j
            t += 1
        if not placed:
            orders[child, t] = c
        next_col[child] = 0
        L = child
        arrived = True
        vertices += 1
        if vertices > max_vertices:
            return _TOO_MANY, vertices, masks, count
    return _OK, vertices, masks, count


@njit(cache=True)
def reverse_search(M, tol, max_vertices):
    """Every vertex of ``{z >= 0 : M z <= 1}`` by reverse search, with its tight
    constraints.

    Returns ``(status, vertices, masks)``: status 0 done, 1 a degenerate vertex met, 2
    more than ``max_vertices`` vertices, 3 a reduced cost too close to zero to decide
    which vertex is a child; ``vertices`` counted (the
    origin included); ``masks`` (at most 64 variables) the bitmask of the tight
    constraints of each vertex but the origin: bit ``j`` for ``z_j = 0``, bit ``d + r``
    for row ``r`` tight, as :func:`multivector.solver._polytope.vertices_bfs` gives them
    (empty unless status 0).
    """
    k, d = M.shape
    depth = 2 * (k + d) + 2
    while True:
        status, vertices, masks, count = _search(M, tol, max_vertices, depth)
        if status != _TOO_DEEP:
            break
        depth *= 2
    if status != _OK:
        return status, vertices, masks[:0]
    return status, vertices, masks[:count]
