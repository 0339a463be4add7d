"""Compiled kernel of the certified subdivision search (numba, ``fast`` extra).

The same tests as the numpy path of :mod:`multivector.solver._subdivision`, box by box
instead of level by level: each support profile's boxes are kept on a stack, and each box
is evaluated in compiled loops (corners, centre and coordinate directions of each player's
block, one contraction per player over the others' supports only), then dropped,
certified and polished by Newton's method, shrunk, or cut along its widest axis. Without
the per-level cost of array operations, small games take a fraction of a millisecond.
Compiled on first use and cached on disk.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["search_profiles"]


@njit(cache=True)
def _rows(points, d, s):
    """A player's mixed strategies (in the profile's order) at ``points`` ``(r, d)`` of its
    free probabilities, then its ``d`` coordinate directions: ``(r + d, s)``."""
    r = points.shape[0]
    X = np.zeros((r + d, s))
    for i in range(r):
        total = 0.0
        for k in range(d):
            X[i, k + 1] = points[i, k]
            total += points[i, k]
        X[i, 0] = 1.0 - total
    for k in range(d):
        X[r + k, 0] = -1.0
        X[r + k, k + 1] = 1.0
    return X


@njit(cache=True)
def _contract(Tp, n, s, p, rotation, Xall, W, size):
    """Player ``p``'s payoffs ``(s, W_1, ..., W_{n-1})`` (flattened) at every combination of
    the rows ``Xall[q, :W[q]]`` of the other players, in the rotated order; each other
    player's axis is summed over its support (the first ``size[q]`` positions) only."""
    cur = Tp
    post = 1
    pre = s ** (n - 1)
    for k in range(n - 1, 0, -1):
        q = rotation[p, k - 1]
        wq = W[q]
        out = np.zeros(pre * wq * post)
        for i in range(pre):
            for b in range(size[q]):
                base_in = (i * s + b) * post
                for w in range(wq):
                    x = Xall[q, w, b]
                    if x == 0.0:
                        continue
                    base_out = (i * wq + w) * post
                    for j in range(post):
                        out[base_out + j] += cur[base_in + j] * x
        cur = out
        post *= wq
        pre //= s
    return cur


@njit(cache=True)
def _inverse(A):
    """Gauss-Jordan inverse with partial pivoting; a zero matrix when ``A`` is singular
    (any matrix is a valid preconditioner: only the certification needs a good one)."""
    D = A.shape[0]
    M = A.copy()
    inv = np.eye(D)
    for col in range(D):
        piv = col
        best = abs(M[col, col])
        for r in range(col + 1, D):
            if abs(M[r, col]) > best:
                best = abs(M[r, col])
                piv = r
        if best < 1e-300 or not np.isfinite(best):
            return np.zeros((D, D))
        if piv != col:
            for c in range(D):
                M[col, c], M[piv, c] = M[piv, c], M[col, c]
                inv[col, c], inv[piv, c] = inv[piv, c], inv[col, c]
        f = 1.0 / M[col, col]
        for c in range(D):
            M[col, c] *= f
            inv[col, c] *= f
        for r in range(D):
            if r != col and M[r, col] != 0.0:
                g = M[r, col]
                for c in range(D):
                    M[r, c] -= g * M[col, c]
                    inv[r, c] -= g * inv[col, c]
    return inv


@njit(cache=True)
def _evaluate(T, n, s, real, rotation, size, offset, lo, hi, corners_on, margin):
    """Slack, equations at the centre, Jacobian bounds and (when ``corners_on``) the
    equations at every corner of the box, for one box of one profile."""
    D = offset[n]
    C = np.empty(n, dtype=np.int64)
    W = np.empty(n, dtype=np.int64)
    wmax = 1
    for j in range(n):
        d = size[j] - 1
        C[j] = 1 << d
        W[j] = C[j] + 1 + d
        wmax = max(wmax, W[j])
    Xall = np.zeros((n, wmax, s))
    for j in range(n):
        d = size[j] - 1
        pts = np.empty((C[j] + 1, d))
        for c in range(C[j]):
            for k in range(d):
                pts[c, k] = hi[offset[j] + k] if (c >> k) & 1 else lo[offset[j] + k]
        for k in range(d):
            pts[C[j], k] = 0.5 * (lo[offset[j] + k] + hi[offset[j] + k])
        X = _rows(pts, d, s)
        Xall[j, : W[j]] = X
    slack = -np.inf
    F = np.zeros(D)
    Jlo = np.zeros((D, D))
    Jhi = np.zeros((D, D))
    # corner values of each player's equations, indexed by the others' corners
    ncorner_others = np.ones(n, dtype=np.int64)
    for p in range(n):
        for k in range(n - 1):
            ncorner_others[p] *= C[rotation[p, k]]
    cmax = 1
    for p in range(n):
        cmax = max(cmax, ncorner_others[p])
    Fc = np.zeros((n, s, cmax))
    for p in range(n):
        R = _contract(T[p], n, s, p, rotation, Xall, W, size)
        dp = size[p] - 1
        strides = np.ones(n - 1, dtype=np.int64)
        for k in range(n - 3, -1, -1):
            strides[k] = strides[k + 1] * W[rotation[p, k + 1]]
        own = strides[0] * W[rotation[p, 0]]
        # the centre: every other player at its centre row
        centre = 0
        for k in range(n - 1):
            centre += C[rotation[p, k]] * strides[k]
        for t in range(dp):
            F[offset[p] + t] = R[(t + 1) * own + centre] - R[centre]
        # the corners of the others: slack, the equations there, the Jacobian
        worst = np.full((s, s), np.inf)
        digit = np.zeros(n - 1, dtype=np.int64)
        for combo in range(ncorner_others[p]):
            at = 0
            for k in range(n - 1):
                at += digit[k] * strides[k]
            for a in range(size[p]):
                va = R[a * own + at]
                for c in range(real[p]):
                    v = R[c * own + at] - va
                    if v < worst[a, c]:
                        worst[a, c] = v
            for t in range(dp):
                Fc[p, t, combo] = R[(t + 1) * own + at] - R[at]
            for k in range(n - 1):
                q = rotation[p, k]
                if digit[k] != 0:
                    continue
                dq = size[q] - 1
                for u in range(dq):
                    at2 = at + (C[q] + 1 + u) * strides[k]
                    for t in range(dp):
                        v = R[(t + 1) * own + at2] - R[at2]
                        row = offset[p] + t
                        col = offset[q] + u
                        if combo == 0 or v < Jlo[row, col]:
                            Jlo[row, col] = v
                        if combo == 0 or v > Jhi[row, col]:
                            Jhi[row, col] = v
            # next corner combination (the last other player fastest)
            for k in range(n - 2, -1, -1):
                digit[k] += 1
                if digit[k] < C[rotation[p, k]]:
                    break
                digit[k] = 0
        for a in range(size[p]):
            for c in range(real[p]):
                if worst[a, c] > slack:
                    slack = worst[a, c]
    return slack, F, Jlo, Jhi, Fc, C


@njit(cache=True)
def _point(T, n, s, rotation, size, offset, y):
    """The equations and their Jacobian at the point ``y`` of one profile."""
    D = offset[n]
    W = np.empty(n, dtype=np.int64)
    wmax = 1
    for j in range(n):
        W[j] = size[j]  # the point, then d directions
        wmax = max(wmax, W[j])
    Xall = np.zeros((n, wmax, s))
    for j in range(n):
        d = size[j] - 1
        pts = np.empty((1, d))
        for k in range(d):
            pts[0, k] = y[offset[j] + k]
        Xall[j, : W[j]] = _rows(pts, d, s)
    F = np.zeros(D)
    J = np.zeros((D, D))
    for p in range(n):
        R = _contract(T[p], n, s, p, rotation, Xall, W, size)
        dp = size[p] - 1
        strides = np.ones(n - 1, dtype=np.int64)
        for k in range(n - 3, -1, -1):
            strides[k] = strides[k + 1] * W[rotation[p, k + 1]]
        own = strides[0] * W[rotation[p, 0]]
        for t in range(dp):
            F[offset[p] + t] = R[(t + 1) * own] - R[0]
        for k in range(n - 1):
            q = rotation[p, k]
            for u in range(size[q] - 1):
                at = (1 + u) * strides[k]
                for t in range(dp):
                    J[offset[p] + t, offset[q] + u] = R[(t + 1) * own + at] - R[at]
    return F, J


@njit(cache=True)
def _polish(T, n, s, rotation, size, offset, start, lo, hi, Y):
    """Newton's method from ``start``, kept when it converges inside the box (where the
    root is unique); otherwise the simplified Newton map of the certificate."""
    D = offset[n]
    y = start.copy()
    for i in range(D):
        y[i] = min(max(y[i], lo[i]), hi[i])
    step = np.inf
    before = np.inf
    left = np.inf
    for _ in range(8):
        F, J = _point(T, n, s, rotation, size, offset, y)
        delta = _inverse(J) @ F
        scale = 1.0
        for i in range(D):
            y[i] -= delta[i]
            scale = max(scale, 1.0 + abs(y[i]))
        before = step
        step = 0.0
        for i in range(D):
            step = max(step, abs(delta[i]))
        step /= scale
        left = step * step if step <= 1e-10 else step**3 / (before * before)
        if left <= 1e-16:
            break
    good = np.isfinite(left) and left <= 1e-16 and step <= 1e-6
    for i in range(D):
        room = 1e-12 * (1.0 + abs(y[i]))
        if not (y[i] >= lo[i] - room and y[i] <= hi[i] + room):
            good = False
    if good:
        return y
    z = 0.5 * (lo + hi)
    for _ in range(200):
        F, _J = _point(T, n, s, rotation, size, offset, z)
        delta = Y @ F
        small = True
        for i in range(D):
            z[i] = min(max(z[i] - delta[i], lo[i]), hi[i])
            if abs(delta[i]) > 1e-15 * (1.0 + abs(z[i])):
                small = False
        if small:
            break
    return z


@njit(cache=True)
def search_profiles(
    tensors,
    s,
    sizes,
    real,
    rotation,
    m,
    budget,
    min_width,
    margin,
    inflation,
    cut,
    overlap,
    hull_corners,
):
    """Search the boxes of every profile; see :func:`_subdivision._search_group`.

    ``tensors`` ``(P, n, s**n)`` (``s`` strategies per player after padding), ``sizes``
    ``(P, n)`` support sizes, ``real`` ``(n,)`` strategy counts, ``rotation``
    ``(n, n - 1)``. Returns the owners ``(K,)`` and points
    ``(K, n * m)`` (slot layout of the numpy path) of the certified roots, per profile
    whether it is unresolved and whether it ran out of its box budget, and the number of
    boxes examined.
    """
    P, n, _ = tensors.shape
    cap_roots = 16
    owners = np.empty(cap_roots, dtype=np.int64)
    points = np.zeros((cap_roots, n * m))
    found = 0
    unresolved = np.zeros(P, dtype=np.bool_)
    exhausted = np.zeros(P, dtype=np.bool_)
    boxes = 0
    offset = np.zeros(n + 1, dtype=np.int64)
    for prof in range(P):
        size = sizes[prof]
        for j in range(n):
            offset[j + 1] = offset[j] + size[j] - 1
        D = offset[n]
        T = tensors[prof]
        free_count = 1
        for j in range(n):
            free_count *= 1 << (size[j] - 1)
        hull = free_count <= hull_corners
        cap = 64
        stack_lo = np.empty((cap, D))
        stack_hi = np.empty((cap, D))
        top = 1
        stack_lo[0, :] = -inflation
        stack_hi[0, :] = 1.0 + inflation
        used = 0
        while top > 0:
            top -= 1
            lo = stack_lo[top].copy()
            hi = stack_hi[top].copy()
            used += 1
            boxes += 1
            if used > budget[prof]:
                exhausted[prof] = True
                unresolved[prof] = True
                break
            # no probability vector in the box
            empty = False
            for j in range(n):
                total = 0.0
                for k in range(offset[j], offset[j + 1]):
                    total += lo[k]
                if total > 1.0 + inflation:
                    empty = True
            if empty:
                continue
            slack, F, Jlo, Jhi, Fc, C = _evaluate(
                T, n, s, real, rotation, size, offset, lo, hi, hull, margin
            )
            if slack > margin:
                continue
            Jc = 0.5 * (Jlo + Jhi)
            Jr = 0.5 * (Jhi - Jlo)
            Y = _inverse(Jc)
            mid = 0.5 * (lo + hi)
            rad = 0.5 * (hi - lo)
            c = mid - Y @ F
            A = np.abs(np.eye(D) - Y @ Jc) + np.abs(Y) @ Jr
            krad = A @ rad
            klo = np.empty(D)
            khi = np.empty(D)
            for i in range(D):
                klo[i] = c[i] - krad[i]
                khi[i] = c[i] + krad[i]
            if hull:
                # g(y) = y - Y F(y) at every corner of the whole box
                glo = np.full(D, np.inf)
                ghi = np.full(D, -np.inf)
                total = 1
                for j in range(n):
                    total *= C[j]
                v = np.zeros(n, dtype=np.int64)
                Fv = np.empty(D)
                for _ in range(total):
                    for p in range(n):
                        # p's combination of the others' corners, the last one fastest
                        combo = 0
                        for k in range(n - 1):
                            q = rotation[p, k]
                            combo = combo * C[q] + v[q]
                        for t in range(offset[p + 1] - offset[p]):
                            Fv[offset[p] + t] = Fc[p, t, combo]
                    for j in range(n):
                        for k in range(offset[j + 1] - offset[j]):
                            i = offset[j] + k
                            g = hi[i] if (v[j] >> k) & 1 else lo[i]
                            for e in range(D):
                                g -= Y[i, e] * Fv[e]
                            if g < glo[i]:
                                glo[i] = g
                            if g > ghi[i]:
                                ghi[i] = g
                    for j in range(n - 1, -1, -1):
                        v[j] += 1
                        if v[j] < C[j]:
                            break
                        v[j] = 0
                for i in range(D):
                    klo[i] = max(klo[i], glo[i])
                    khi[i] = min(khi[i], ghi[i])
            finite = True
            miss = False
            inside = True
            for i in range(D):
                room = 1e-13 * (1.0 + abs(c[i])) + 1e-15
                klo[i] -= room
                khi[i] += room
                if not (np.isfinite(klo[i]) and np.isfinite(khi[i])):
                    finite = False
                if klo[i] > hi[i] or khi[i] < lo[i]:
                    miss = True
                if not (krad[i] + room < rad[i] and klo[i] > lo[i] and khi[i] < hi[i]):
                    inside = False
            if finite and miss:
                continue
            width_old = 0.0
            width_new = 0.0
            nlo = lo.copy()
            nhi = hi.copy()
            if finite:
                for i in range(D):
                    nlo[i] = max(lo[i], klo[i])
                    nhi[i] = min(hi[i], khi[i])
            for i in range(D):
                width_old = max(width_old, hi[i] - lo[i])
                width_new = max(width_new, nhi[i] - nlo[i])
            if finite and inside:
                y = _polish(T, n, s, rotation, size, offset, c, nlo, nhi, Y)
                if found == cap_roots:
                    cap_roots *= 2
                    grown = np.zeros((cap_roots, n * m))
                    grown[:found] = points[:found]
                    points = grown
                    go = np.empty(cap_roots, dtype=np.int64)
                    go[:found] = owners[:found]
                    owners = go
                owners[found] = prof
                for j in range(n):
                    for k in range(offset[j + 1] - offset[j]):
                        points[found, j * m + k] = y[offset[j] + k]
                found += 1
                continue
            if width_new < min_width:
                unresolved[prof] = True
                break
            # push the shrunk box back, or its two halves along the widest axis
            need = 2 if width_new > 0.5 * width_old else 1
            if top + need > cap:
                cap *= 2
                grown_lo = np.empty((cap, D))
                grown_hi = np.empty((cap, D))
                grown_lo[:top] = stack_lo[:top]
                grown_hi[:top] = stack_hi[:top]
                stack_lo = grown_lo
                stack_hi = grown_hi
            if need == 1:
                stack_lo[top] = nlo
                stack_hi[top] = nhi
                top += 1
                continue
            axis = 0
            for i in range(D):
                if nhi[i] - nlo[i] > nhi[axis] - nlo[axis]:
                    axis = i
            a = nlo[axis]
            b = nhi[axis]
            cutat = a + cut * (b - a)
            lap = overlap * (b - a)
            stack_lo[top] = nlo
            stack_hi[top] = nhi
            stack_hi[top, axis] = cutat + lap
            stack_lo[top + 1] = nlo
            stack_hi[top + 1] = nhi
            stack_lo[top + 1, axis] = cutat - lap
            top += 2
    return owners[:found], points[:found], unresolved, exhausted, boxes
