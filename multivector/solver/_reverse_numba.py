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

Compiled on first use and cached on disk (``cache=True``). Imported only when numba is
installed (the ``fast`` extra).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from multivector.solver._pivot_numba import min_ratio_row, pivot

__all__ = ["reverse_search"]

# status codes
_OK = 0
_DEGENERATE = 1
_TOO_MANY = 2
_UNDECIDED = 3


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


@njit(cache=True, inline="always")
def _sorted_columns(nonbasic, order, index_of):
    """Fill ``order`` with the columns of the nonbasic variables in increasing order of
    the variables (``index_of`` is scratch of one entry per variable, left at -1)."""
    for j in range(nonbasic.shape[0]):
        index_of[nonbasic[j]] = j
    t = 0
    for u in range(index_of.shape[0]):
        if index_of[u] >= 0:
            order[t] = index_of[u]
            index_of[u] = -1
            t += 1


@njit(cache=True, inline="always")
def _ratio_row_or_tie(T, c, tol):
    """The row of the minimum-ratio test for column ``c`` (the first on a tie), or -1 when
    another row is left within ``tol`` of zero by the step (a tie: the neighbour along
    ``c`` is degenerate).

    A tie is checked on every edge that leads up the tree, not only on arrival: a
    degenerate vertex need not be anyone's child (its parent depends on which of its bases
    is taken), but the one of lowest objective is reached by an edge up from a visited
    vertex, with a tie. Row ``i`` ties when ``b_i - a_i * step <= tol``, that is
    ``ratio_i - step <= tol / a_i``. The one pass keeps the two smallest ratios and the
    smallest ``a``: when the second ratio is above ``step + tol / min a``, no row ties and
    the pass is all; otherwise the rows are checked one by one.
    """
    k = T.shape[0] - 1
    rhs = T.shape[1] - 1
    best = -1
    first = np.inf
    second = np.inf
    lowest = np.inf
    for i in range(k):
        a = T[i, c]
        if a > 1e-12:
            ratio = T[i, rhs] / a
            if ratio < first:
                second = first
                first = ratio
                best = i
            elif ratio < second:
                second = ratio
            if a < lowest:
                lowest = a
    if best < 0 or (second - first) * lowest > tol:
        return best
    # the row of the exact test (cross-multiplied, as the pivots choose it)
    r = min_ratio_row(T[:k], c, 1e-12)
    step = T[r, rhs] / T[r, c]
    for i in range(k):
        if i != r and T[i, c] > 1e-12 and T[i, rhs] - T[i, c] * step <= tol:
            return -1
    return r


@njit(cache=True, inline="always")
def _child(T, basic, nonbasic, order, c, tol):
    """The leaving row when column ``c`` enters, if the neighbour reached is a child in
    the reverse-search tree; -1 when it is not, -2 when rounding could decide either way,
    -3 when the neighbour is degenerate (a tie in the ratio test).

    The neighbour ``w`` has nonbasic ``nonbasic - {c} + {e}`` (``e`` the leaving
    variable); its objective row is ``obj_v - obj_v[c] * row_r / p`` on the others and
    ``-obj_v[c] / p`` on ``e``. ``w``'s parent is ``v`` when ``e`` is the smallest
    variable whose reduced cost improves at ``w`` (Bland's rule): the nonbasic variables
    below ``e`` are scanned in increasing order (``order``), and the first that improves
    at ``w`` ends the scan.
    """
    k = T.shape[0] - 1
    oc = T[k, c]
    if oc > -tol:
        if oc >= tol:
            return -1  # entering c lowers the objective: not a way down the tree
        return -2
    r = _ratio_row_or_tie(T, c, tol)
    if r < 0:
        return -3
    e = basic[r]
    f = oc / T[r, c]
    for t in range(order.shape[0]):
        j = order[t]
        if nonbasic[j] > e:
            break
        if j == c:
            continue
        ou = T[k, j] - f * T[r, j]
        if ou > tol:
            return -1  # u < e improves at w: Bland's rule at w picks u
        if ou > -tol:
            return -2
    return r


@njit(cache=True)
def reverse_search(M, tol, max_vertices):
    """Every vertex of ``{z >= 0 : M z <= 1}`` by reverse search, with its tight
    constraints.

    Returns ``(status, vertices, masks)``: status 0 done, 1 a degenerate vertex met, 2
    more than ``max_vertices`` vertices, 3 a reduced cost too close to zero to decide
    which vertex is a child; ``vertices`` counted (the
    origin included); ``masks`` (at most 64 variables) the bitmask of the tight
    constraints of each vertex but the origin: bit ``j`` for ``z_j = 0``, bit ``d + r``
    for row ``r`` tight, as :func:`multivector.solver._polytope.vertices_bfs` gives them.
    """
    k, d = M.shape
    T0, basic0, nonbasic0 = _start(M)
    depth_cap = 64
    tabs = np.empty((depth_cap, k + 1, d + 1))
    basics = np.empty((depth_cap, k), dtype=np.int64)
    nonbasics = np.empty((depth_cap, d), dtype=np.int64)
    next_col = np.zeros(depth_cap, dtype=np.int64)
    tabs[0] = T0
    basics[0] = basic0
    nonbasics[0] = nonbasic0
    row = np.empty(d + 1)
    order = np.empty(d, dtype=np.int64)
    index_of = np.full(d + k, -1, dtype=np.int64)
    masks = np.zeros(1024, dtype=np.uint64)
    vertices = 1
    level = 0
    while level >= 0:
        T = tabs[level]
        basic = basics[level]
        nonbasic = nonbasics[level]
        c = next_col[level]
        if c == 0 and level > 0:
            # a new vertex: check and record it on arrival
            for r in range(k):
                if T[r, d] <= tol:
                    return _DEGENERATE, vertices, masks[:0]
            if vertices - 1 > masks.shape[0]:
                grown = np.zeros(2 * masks.shape[0], dtype=np.uint64)
                grown[: masks.shape[0]] = masks
                masks = grown
            bits = np.uint64(0)
            for j in range(d):
                bits |= np.uint64(1) << np.uint64(nonbasic[j])
            masks[vertices - 2] = bits
        advanced = False
        _sorted_columns(nonbasic, order, index_of)
        while c < d:
            r = _child(T, basic, nonbasic, order, c, tol)
            if r == -2:
                return _UNDECIDED, vertices, masks[:0]
            if r == -3:
                return _DEGENERATE, vertices, masks[:0]
            if r >= 0:
                next_col[level] = c + 1
                if level + 1 == tabs.shape[0]:
                    cap = 2 * tabs.shape[0]
                    t2 = np.empty((cap, k + 1, d + 1))
                    b2 = np.empty((cap, k), dtype=np.int64)
                    n2 = np.empty((cap, d), dtype=np.int64)
                    x2 = np.zeros(cap, dtype=np.int64)
                    t2[: level + 1] = tabs[: level + 1]
                    b2[: level + 1] = basics[: level + 1]
                    n2[: level + 1] = nonbasics[: level + 1]
                    x2[: level + 1] = next_col[: level + 1]
                    tabs, basics, nonbasics, next_col = t2, b2, n2, x2
                    T = tabs[level]
                    basic = basics[level]
                    nonbasic = nonbasics[level]
                child = level + 1
                pivot(T, tabs[child], r, c, row, True, False)
                for i in range(k):
                    basics[child, i] = basic[i]
                for j in range(d):
                    nonbasics[child, j] = nonbasic[j]
                basics[child, r] = nonbasic[c]
                nonbasics[child, c] = basic[r]
                next_col[child] = 0
                level = child
                vertices += 1
                if vertices > max_vertices:
                    return _TOO_MANY, vertices, masks[:0]
                advanced = True
                break
            c += 1
        if not advanced:
            level -= 1
    return _OK, vertices, masks[: vertices - 1]
