"""Compiled kernel for the batched pure-equilibrium mask (numba, ``fast`` extra).

One pass per game and player over the flattened profiles: the best payoff along the
player's own axis is read with that axis's stride, and profiles already ruled out by an
earlier player are skipped. Compiled on first use and cached on disk.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["pure_mask"]


@njit(cache=True)
def pure_mask(P, rtol, shape):
    """Mask ``(B, S)`` of pure equilibria for payoffs ``P`` of shape ``(B, n, S)``.

    A strategy is a best response when within ``rtol`` times the game's largest payoff
    range (at least 1) of the best, as in the numpy path.
    """
    B, n, S = P.shape
    strides = np.empty(n, dtype=np.int64)
    acc = 1
    for i in range(n - 1, -1, -1):
        strides[i] = acc
        acc *= shape[i]
    out = np.ones((B, S), dtype=np.bool_)
    for b in range(B):
        scale = 1.0
        for i in range(n):
            lo = P[b, i, 0]
            hi = lo
            for p in range(1, S):
                v = P[b, i, p]
                lo = min(lo, v)
                hi = max(hi, v)
            if hi - lo > scale:
                scale = hi - lo
        t = rtol * scale
        for i in range(n):
            stride = strides[i]
            si = shape[i]
            block = stride * si
            # the lines along player i's axis start at o * block + j, 0 <= j < stride
            for o in range(0, S, block):
                for j in range(stride):
                    base = o + j
                    best = P[b, i, base]
                    for k in range(1, si):
                        best = max(best, P[b, i, base + k * stride])
                    cut = best - t
                    for k in range(si):  # branch-free: random payoffs defeat prediction
                        q = base + k * stride
                        out[b, q] &= P[b, i, q] >= cut
    return out
