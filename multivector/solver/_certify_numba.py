"""Compiled proof that a list of bases is every vertex of an integer polytope (numba).

Exact vertex enumeration pivots in integers of hundreds of bits (Python ints); a walk in
floating point visits the same vertices a thousand times faster but proves nothing. This
kernel turns the float walk's answer into a proof, in floating point with rigorous error
bounds, for a polytope ``{z >= 0 : M z <= b}`` with ``M`` and ``b`` integers (exact in
float64) and ``M`` positive:

1. Every listed basis is feasible and nondegenerate: its basic variables are strictly
   positive. For the basis with basic ``z`` on ``S`` and tight rows ``T`` this is
   ``z_S = K^{-1} b_T > 0`` with ``K = M[T, S]``, and ``b_i - M[i, S] z_S > 0`` on the
   other rows. With ``R`` an approximate inverse of ``K`` and ``||I - R K|| <= alpha < 1``
   (the residual computed with its rounding bounded), ``K`` is nonsingular and
   ``||K^{-1}|| <= ||R|| / (1 - alpha)``, so the error of a computed ``z_S`` is at most
   ``||R|| ||b_T - K z_S|| / (1 - alpha)`` (Rump 1983; Higham 2002, *Accuracy and
   Stability of Numerical Algorithms*, Section 3.1, for the bound ``gamma_n`` on the
   rounding of an ``n``-term sum). A sign is proved when the computed value
   exceeds its bound, doubled (which also covers the rounding of the bound itself).
2. The list is closed under adjacency: from each basis, along each of its edges (one per
   nonbasic variable, the basis being nondegenerate), the float ratio test names a
   neighbour, which must be in the list. The float test may pick the wrong row, but not
   unnoticed: a feasible basis that differs from a feasible basis by that exchange is the
   end of that edge (it lies on the edge's line, and past the end the line leaves the
   polytope), so finding it among the proved bases proves the edge.

The graph of a polytope is connected (Balinski 1961), so a nonempty list of proved
vertices closed under adjacency is the vertex set, and every vertex is nondegenerate:
the labels (tight constraints) of each vertex are exact. Any step that cannot be proved
fails the whole proof, and the caller enumerates in integer arithmetic instead:
degenerate polytopes (a basic variable exactly zero can never be proved positive) always
fail, so they keep the exact walk and its components.

Compiled on first use and cached on disk (``cache=True``). Imported only when numba is
installed (the ``fast`` extra).
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["certify_vertices"]

# status codes
_PROVED = 0
_NOT_PROVED = 1  # a basis is not proved feasible and nondegenerate
_NOT_CLOSED = 2  # an edge leads out of the list
_BAD_LIST = 3  # a mask is not a basis, or is listed twice

# unit roundoff of float64
_U = 2.0**-53


# no mask has every bit set (a basis has d < 64 nonbasic variables): the empty slot
_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)
# Fibonacci hashing: the top bits of the key times 2**64 / golden ratio
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


@njit(cache=True)
def _slot(table, shift, key):
    """The slot of ``key`` in the open-addressing ``table`` (``2**(64 - shift)`` long),
    or of the empty slot where it would go."""
    last = table.shape[0] - 1
    h = np.int64((key * _GOLDEN) >> shift)
    while table[h] != key and table[h] != _EMPTY:
        h = (h + 1) & last
    return h


@njit(cache=True, error_model="numpy")
def certify_vertices(M, b, masks):
    """Prove that ``masks`` are the tight-constraint sets of all vertices of
    ``{z >= 0 : M z <= b}``, each vertex nondegenerate.

    Parameters
    ----------
    M : ndarray, shape (k, d)
        Positive integers, exact in float64 (below 2**53).
    b : ndarray, shape (k,)
        Positive integers, exact in float64.
    masks : ndarray of uint64, distinct
        One mask per vertex, the origin's included: bit ``j < d`` when ``z_j = 0``, bit
        ``d + r`` when row ``r`` is tight.

    Returns
    -------
    (status, index)
        status 0 when proved; 1 when the basis of ``masks[index]`` is not proved feasible
        and nondegenerate; 2 when one of its edges leads out of the list; 3 when it is not
        a basis (``d`` bits, as many tight rows as nonzero coordinates) or is listed twice.
    """
    k, d = M.shape
    one = np.uint64(1)
    S = np.empty(d, dtype=np.int64)  # basic z, increasing
    T = np.empty(k, dtype=np.int64)  # tight rows (nonbasic slacks), increasing
    U = np.empty(k, dtype=np.int64)  # the other rows (basic slacks), increasing
    size = min(d, k)
    K = np.empty((size, size))
    W = np.empty((size, 2 * size))  # Gauss-Jordan on [K | I]
    R = np.empty((size, size))
    z = np.empty(size)
    r = np.empty(size)
    slack = np.empty(k)
    dz = np.empty(size)  # the refinement's step
    MUS = np.empty((k, size))  # M[U, S]
    G = np.empty((k, size))  # M[U, S] R: column p, the basic slacks' change per unit
    # of the slack of the p-th tight row
    MT = np.empty(size)  # M[T, j] for an entering z_j
    position = np.empty(k, dtype=np.int64)  # of each tight row in T
    # the masks in a hash table (open addressing, at most half full)
    bits = 1
    while (1 << bits) < 2 * masks.shape[0]:
        bits += 1
    table = np.full(1 << bits, _EMPTY)
    shift = np.uint64(64 - bits)
    for v in range(masks.shape[0]):
        h = _slot(table, shift, masks[v])
        if table[h] == masks[v]:
            return _BAD_LIST, v
        table[h] = masks[v]
    for v in range(masks.shape[0]):
        mask = masks[v]
        s = 0
        for j in range(d):
            if (mask >> np.uint64(j)) & one == 0:
                S[s] = j
                s += 1
        t = 0
        u = 0
        for i in range(k):
            if (mask >> np.uint64(d + i)) & one:
                T[t] = i
                position[i] = t
                t += 1
            else:
                U[u] = i
                u += 1
        if t != s or (d + k < 64 and mask >> np.uint64(d + k) != 0):
            return _BAD_LIST, v
        # 1. the basis is feasible and nondegenerate, proved
        if s > 0:
            for a in range(s):
                for c in range(s):
                    K[a, c] = M[T[a], S[c]]
                    W[a, c] = K[a, c]
                    W[a, s + c] = 1.0 if a == c else 0.0
            for c in range(s):  # Gauss-Jordan with partial pivoting: R ~ K^{-1}
                p = c
                for a in range(c + 1, s):
                    if abs(W[a, c]) > abs(W[p, c]):
                        p = a
                if W[p, c] == 0.0:
                    return _NOT_PROVED, v
                if p != c:
                    for q in range(2 * s):
                        W[c, q], W[p, q] = W[p, q], W[c, q]
                inv = 1.0 / W[c, c]
                for q in range(2 * s):
                    W[c, q] *= inv
                for a in range(s):
                    if a != c and W[a, c] != 0.0:
                        f = W[a, c]
                        for q in range(2 * s):
                            W[a, q] -= f * W[c, q]
            for a in range(s):
                for c in range(s):
                    R[a, c] = W[a, s + c]
            # an (n)-term sum's rounding is at most gamma_n times the sum of the absolute
            # terms (Higham 2002, Section 3.1); g is twice gamma_(s+2), which also covers
            # the rounding of the sums of absolute terms themselves
            g = 2.0 * (s + 2) * _U
            # alpha >= ||I - R K||_inf, and ||R||_inf
            alpha = 0.0
            norm_r = 0.0
            for a in range(s):
                row = 0.0
                row_r = 0.0
                for c in range(s):
                    acc = 0.0
                    mag = 0.0
                    for q in range(s):
                        acc += R[a, q] * K[q, c]
                        mag += abs(R[a, q]) * abs(K[q, c])
                    delta = 1.0 if a == c else 0.0
                    row += abs(acc - delta) + g * (mag + delta)
                    row_r += abs(R[a, c])
                alpha = max(alpha, row)
                norm_r = max(norm_r, row_r)
            alpha *= 1.0 + 4.0 * s * _U
            norm_r *= 1.0 + 4.0 * s * _U
            if not alpha <= 0.5:  # (also when it is nan)
                return _NOT_PROVED, v
            # z ~ K^{-1} b_T, refined once, and the bound of its error
            for a in range(s):
                acc = 0.0
                for c in range(s):
                    acc += R[a, c] * b[T[c]]
                z[a] = acc
            rho = 0.0
            for step in range(2):
                rho = 0.0
                for a in range(s):
                    acc = b[T[a]]
                    mag = abs(b[T[a]])
                    for c in range(s):
                        acc -= K[a, c] * z[c]
                        mag += abs(K[a, c]) * abs(z[c])
                    r[a] = acc
                    rho = max(rho, abs(acc) + g * mag)
                if step == 0:
                    for a in range(s):
                        acc = 0.0
                        for c in range(s):
                            acc += R[a, c] * r[c]
                        dz[a] = acc
                    for a in range(s):
                        z[a] += dz[a]
            bound = 2.0 * norm_r * rho / (1.0 - alpha)
            for a in range(s):
                if not z[a] > bound:
                    return _NOT_PROVED, v
            for e in range(u):
                i = U[e]
                acc = b[i]
                mag = abs(b[i])
                near = 0.0
                for c in range(s):
                    acc -= M[i, S[c]] * z[c]
                    mag += abs(M[i, S[c]]) * abs(z[c])
                    near += abs(M[i, S[c]])
                slack[i] = acc
                if not acc > 2.0 * (near * bound + g * mag):
                    return _NOT_PROVED, v
        else:
            for e in range(u):
                i = U[e]
                slack[i] = b[i]
                if not b[i] > 0.0:
                    return _NOT_PROVED, v
        # 2. each edge leads to a listed basis (the float ratio test proposes the end,
        # the list's proofs decide)
        for e in range(u):
            for c in range(s):
                MUS[e, c] = M[U[e], S[c]]
        for e in range(u):
            for q in range(s):
                acc = 0.0
                for c in range(s):
                    acc += MUS[e, c] * R[c, q]
                G[e, q] = acc
        for entering in range(d + k):
            if (mask >> np.uint64(entering)) & one == 0:
                continue  # basic
            # per unit of the entering variable, the change of the basic z (-R M[T, j]
            # for z_j, -R e_p for the slack of the p-th tight row) and the decrease of
            # the basic slacks (M[U, j] - G M[T, j], or -G e_p)
            leaving = -1
            best = np.inf
            if entering < d:
                for q in range(s):
                    MT[q] = M[T[q], entering]
                for a in range(s):
                    acc = 0.0
                    for q in range(s):
                        acc += R[a, q] * MT[q]
                    if acc > 0.0 and z[a] < best * acc:  # z_a decreases
                        best = z[a] / acc
                        leaving = S[a]
                for e in range(u):
                    change = M[U[e], entering]
                    for q in range(s):
                        change -= G[e, q] * MT[q]
                    if change > 0.0 and slack[U[e]] < best * change:  # the slack decreases
                        best = slack[U[e]] / change
                        leaving = d + U[e]
            else:
                p = position[entering - d]
                for a in range(s):
                    if R[a, p] > 0.0 and z[a] < best * R[a, p]:
                        best = z[a] / R[a, p]
                        leaving = S[a]
                for e in range(u):
                    change = -G[e, p]
                    if change > 0.0 and slack[U[e]] < best * change:
                        best = slack[U[e]] / change
                        leaving = d + U[e]
            if leaving < 0:
                return _NOT_CLOSED, v
            key = (mask & ~(one << np.uint64(entering))) | (one << np.uint64(leaving))
            if table[_slot(table, shift, key)] != key:
                return _NOT_CLOSED, v
    return _PROVED, -1
