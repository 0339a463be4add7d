"""Compiled check of each vertex of one best-response polytope for an equilibrium partner.

All equilibria of a nondegenerate bimatrix game come from the vertices of one of its two
best-response polytopes: a vertex ``z`` of the walked polytope, with support ``S`` and
tight rows ``T`` (``|S| = |T|`` when that polytope is simple), pairs with the point ``w``
of the other polytope whose support lies in ``T`` and whose rows on ``S`` are tight, that
is ``M[S, T] w_T = 1``; it is an equilibrium when ``w`` is in the other polytope
(``w >= 0`` and ``M w <= 1`` on the other rows). This is how lrsnash finds equilibria
(Avis, Rosenberg, Savani and von Stengel 2010, Section 5): one polytope is enumerated,
and each of its vertices costs one small linear solve instead of a walk of the other.

Floating point decides only away from ties: a vertex whose system ``M[S, T]`` is
near-singular, or whose partner has a coordinate within ``tol`` of zero or a row within
``tol`` of tight (where the other polytope may be degenerate, and rounding could hide or
invent an equilibrium), is left undecided and listed; the caller decides those few in
exact arithmetic (:func:`multivector.solver.vertex._exact_partner`).

Compiled on first use and cached on disk (``cache=True``). Imported only when numba is
installed (the ``fast`` extra).
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["complementary_partners"]

# status codes
_OK = 0
_UNEQUAL = 1

# A pivot of the partner's system below this (entries of M are at most 1) leaves the
# vertex undecided: the solve's rounding could pass ``tol``.
_SINGULAR = 1e-6


@njit(cache=True)
def complementary_partners(M, masks, d, tol):
    """Which vertices of the walked polytope have an equilibrium partner.

    Parameters
    ----------
    M : ndarray, shape (d, e)
        The other polytope's matrix ``{w >= 0 : M w <= 1}`` with its rows indexed by the
        walked polytope's variables and its columns by the walked polytope's rows.
    masks : ndarray of uint64
        The walked vertices' tight constraints: bit ``j < d`` for ``z_j = 0``, bit
        ``d + r`` for row ``r`` tight.
    d : int
        The walked polytope's dimension.
    tol : float
        The margin of every decision.

    Returns
    -------
    (status, hits, undecided)
        status 0, or 1 when a vertex's support and tight rows differ in size (the walked
        polytope is then degenerate; both lists empty); ``hits`` the indices of the masks
        whose partner is an equilibrium, ``undecided`` those too close to call, in order.
    """
    e = M.shape[1]
    hits = np.empty(masks.shape[0], dtype=np.int64)
    found = 0
    undecided = np.empty(masks.shape[0], dtype=np.int64)
    open_ = 0
    S = np.empty(d, dtype=np.int64)
    T = np.empty(e, dtype=np.int64)
    size = min(d, e)
    K = np.empty((size, size + 1))
    w = np.empty(size)
    one = np.uint64(1)
    for v in range(masks.shape[0]):
        mask = masks[v]
        # the support and the tight rows without branches (each written, kept by
        # counting it): which bits are set is a coin toss on random games
        k = 0
        for i in range(d):
            S[k] = i
            k += 1 - np.int64((mask >> np.uint64(i)) & one)
        t = 0
        for j in range(e):
            T[t] = j
            t += np.int64((mask >> np.uint64(d + j)) & one)
        if t != k or k > size:
            return _UNEQUAL, hits[:0], undecided[:0]
        if k == 0:
            continue  # the origin pairs with nothing
        for a in range(k):
            for b in range(k):
                K[a, b] = M[S[a], T[b]]
            K[a, k] = 1.0
        # Gaussian elimination with partial pivoting, then back substitution
        singular = False
        for c in range(k):
            p = c
            best = abs(K[c, c])
            for r in range(c + 1, k):
                x = abs(K[r, c])  # the largest without a branch, as the support above
                p = r if x > best else p
                best = max(best, x)
            if best < _SINGULAR:
                singular = True
                break
            if p != c:
                for q in range(c, k + 1):
                    K[c, q], K[p, q] = K[p, q], K[c, q]
            inv = 1.0 / K[c, c]
            for r in range(c + 1, k):
                f = K[r, c] * inv
                if f != 0.0:
                    for q in range(c + 1, k + 1):
                        K[r, q] -= f * K[c, q]
        if singular:
            undecided[open_] = v
            open_ += 1
            continue
        for c in range(k - 1, -1, -1):
            s = K[c, k]
            for q in range(c + 1, k):
                s -= K[c, q] * w[q]
            w[c] = s / K[c, c]
        outside = False
        close = False
        for c in range(k):
            if w[c] < -tol:
                outside = True
                break
            if w[c] <= tol:
                close = True
        if outside:
            continue
        # the rows off S must stay slack; S is increasing, so walk it alongside
        a = 0
        for i in range(d):
            if a < k and S[a] == i:
                a += 1
                continue
            s = 0.0
            for b in range(k):
                s += M[i, T[b]] * w[b]
            if s > 1.0 + tol:
                outside = True
                break
            if s >= 1.0 - tol:
                close = True
        if outside:
            continue
        if close:
            undecided[open_] = v
            open_ += 1
            continue
        hits[found] = v
        found += 1
    return _OK, hits[:found], undecided[:open_]
