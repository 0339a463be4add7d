"""Certified box subdivision for the support systems of an n-player game (private kernel
of :mod:`multivector.solver.nplayer`).

Every support profile's system lives in the free probabilities ``y`` (one block per
player, the probability of the support's first strategy eliminated). Each indifference
equation and each "no outside strategy pays more" inequality is *multiaffine* in ``y``:
of degree at most one in every coordinate. So its range over a box is the hull of its
values at the box's corners, and the same holds for every entry of the Jacobian and for
every fixed linear combination of the equations. The search keeps the boxes of all
support profiles in one batch and, level by level,

1. drops a box when some support strategy is beaten by some strategy at every corner
   (an indifference equation without a root in the box, or an outside strategy that pays
   more everywhere in it: conditional dominance on the box), or when no probability
   vector fits in it;
2. applies the Krawczyk operator (Krawczyk 1969, "Newton-Algorithmen zur Bestimmung von
   Nullstellen mit Fehlerschranken", Computing 4; Moore, Kearfott and Cloud 2009,
   *Introduction to Interval Analysis*, SIAM, section 8.2) to the simplified Newton map
   ``g(y) = y - Y F(y)``, ``Y`` the inverse of the midpoint Jacobian: every root in the box
   lies in ``g(box)``, which is enclosed both by the exact hull of ``g`` at the corners
   (``g`` is multiaffine too) and by the mean-value form with the exact interval
   Jacobian. A box is dropped when this enclosure misses it, *certified* to hold exactly
   one root when the enclosure lies inside it and ``g`` contracts it (the weighted bound
   of ``I - Y J`` over the box is below one, so ``g`` is a contraction of the box into
   itself), and shrunk to the intersection otherwise;
3. bisects the boxes that neither shrank to half their width nor were decided, along up
   to three of their widest axes at once; the halves overlap by a relative ``1e-4`` so
   that a root on a cut (the rational roots of games with integer payoffs often are) is
   inside both.

Each certified box is then refined by Newton's method, checked to stay in its box (where
the root is unique), to about machine precision. A box narrower than ``min_width`` that
is still undecided (a singular root, or a continuum of roots), and a profile needing more
boxes than its budget, make the profile *unresolved*: the caller solves it another way
and says so.

With numba installed the search runs in the compiled kernel of
:mod:`multivector.solver._subdivision_numba` (the same tests, box by box) once it is
loaded in the process; work from the size of Gambit's 5x4x3 game on loads it (see
:data:`COMPILE_WORK`), smaller work takes the numpy path until then, so that a first
call does not wait for numba.

Floating point: corner values carry rounding errors of about ``1e-15`` of the payoff
range (payoffs are scaled to [0, 1] first); a box is dropped only when a test passes by
more than a margin of ``1e-11``, and the enclosures of ``g`` are widened by a relative
``1e-13``. This is not directed rounding, but the margins are orders of magnitude above
the errors they cover.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.solver._compiled import compiled_kernel

Supports = tuple[tuple[int, ...], ...]
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

#: How far the initial box reaches past the simplex, so that a root on a face is interior.
INFLATION = 1e-7
#: A box is dropped only when a test passes by more than this (payoffs scaled to [0, 1]).
MARGIN = 1e-11
#: Boxes a profile may use, per free probability, before it is left unresolved. Regular
#: profiles of random 3x3x3 games use at most about 80 per free probability, those of
#: Gambit's 5x4x3 catalog game about 150.
BOXES_PER_UNKNOWN = 500
#: Profiles whose boxes have at most this many corners are searched in one batch.
SHARED_CORNERS = 64
#: Work (profiles times corners of a box) from which a call loads the compiled kernel
#: (about 1 s from numba's disk cache; about 25 s to compile it the first time in an
#: environment): Gambit's 5x4x3 game. Below it the numpy path runs until the kernel is
#: loaded in the process.
COMPILE_WORK = 65_536
#: Largest number of corners of a box for which the exact hull of the Newton map is used.
HULL_CORNERS = 512
#: Pairwise payoff differences computed at once (elements) in the dominance test.
SLACK_CHUNK = 2**17
#: Largest number of axes a box is bisected along at once; more while the batch has
#: fewer than SMALL_BATCH boxes after the cut.
SPLIT_AXES = 3
SMALL_BATCH = 256
#: Where a box is cut, as a fraction of its width: off the middle, so that the simple
#: rational roots of games with integer payoffs (1/2, 1/3, 3/4, ...) do not fall on cuts,
#: where neither half could certify them until it is tiny.
CUT = 0.4761
#: Relative overlap of the two halves of a cut box: a root on a cut is inside both.
OVERLAP = 1e-4


@dataclass
class SearchResult:
    """Candidate equilibria, the support profile each comes from, and the profiles left
    unresolved."""

    owner: IntArray  # (K,)
    points: list[FloatArray]  # per player, (K, s_j): the candidates' mixed strategies
    unresolved: set[int] = field(default_factory=set)
    boxes: int = 0
    levels: int = 0
    budget_exceeded: set[int] = field(default_factory=set)

    @classmethod
    def empty(cls, shape: Sequence[int]) -> SearchResult:
        return cls(np.zeros(0, dtype=np.intp), [np.zeros((0, s)) for s in shape])

    def add(self, owner: IntArray, points: Sequence[FloatArray]) -> None:
        self.owner = np.concatenate([self.owner, owner])
        self.points = [np.concatenate([a, b]) for a, b in zip(self.points, points, strict=True)]


@dataclass
class _Layout:
    """Per-profile arrays shared by all boxes of a profile, padded to a common size.

    Every player gets ``s`` strategies (the largest number in the game; the missing ones
    are dummies with zero payoff that are never used) and ``m`` slots (the largest number
    of free probabilities of a player in the profiles searched together). In profile
    ``P``, player ``j``'s strategies are reordered support first: position 0 is the
    support's first strategy (the *base*, whose probability is eliminated), slot ``k``
    holds the probability of the strategy at position ``k + 1``, and the slots past the
    support are fixed at zero. ``tensors[P, p]`` is player ``p``'s payoff tensor in this
    order with its axes rotated to ``(p, p + 1, ..., p - 1)`` (mod n), so that the
    contractions of all players run in one batch.
    """

    n: int
    s: int
    m: int
    order: IntArray  # (P, n, s): strategy at each position (dummies past the real count)
    tensors: FloatArray  # (P, n, s, ..., s)
    free: NDArray[np.bool_]  # (P, n * m)
    pair_mask: FloatArray  # (P, n, s, s): 0 for [a, c] with a in the support, else -inf
    jacobian_mask: FloatArray  # (P, D, D): 1 where row and column are free
    fixed_eye: FloatArray  # (P, D, D): 1 on the diagonal of fixed slots
    budget: NDArray[np.int64]  # (P,)
    corners: FloatArray  # (2^m + 1, m): the corners of the unit cube, then its centre
    counts: tuple[int, ...]  # per player, its distinct corners: the first 2^(its slots)
    directions: FloatArray  # (m, s): d x / d y_k in the profile's order
    rotation: IntArray  # (n, n - 1): the k-th other player of p is rotation[p, k - 1]
    players: IntArray  # (n,)

    @classmethod
    def build(cls, payoffs: FloatArray, masks: Sequence[NDArray[np.bool_]]) -> _Layout:
        """The layout of the profiles whose supports are ``masks[j]`` ``(P, s_j)``."""
        n = payoffs.shape[0]
        shape = payoffs.shape[1:]
        s = max(shape)
        P = masks[0].shape[0]
        sizes = np.stack([mask.sum(axis=1) for mask in masks], axis=1)  # (P, n)
        m = int(sizes.max()) - 1
        D = n * m
        padded = np.zeros((n, *([s] * n)))
        padded[(slice(None), *(slice(0, k) for k in shape))] = payoffs
        order = np.empty((P, n, s), dtype=np.intp)
        for j, mask in enumerate(masks):
            # the support first, each part in increasing order; dummies last
            order[:, j, : shape[j]] = np.argsort(~mask, axis=1, kind="stable")
            order[:, j, shape[j] :] = np.arange(shape[j], s)
        free = np.arange(m)[None, None, :] < (sizes - 1)[:, :, None]
        real = np.arange(s)[None, :] < np.array(shape)[:, None]  # (n, s)
        allowed = (np.arange(s)[None, None, :] < sizes[:, :, None])[:, :, :, None] & real[
            None, :, None, :
        ]
        pair_mask = np.where(allowed, 0.0, -np.inf)
        index: list[Any] = [slice(None)]
        for j in range(n):
            view = [1] * n
            view[j] = s
            index.append(order[:, j].reshape(-1, *view))
        ordered = np.moveaxis(padded[tuple(index)], 0, 1)  # (P, n, s, ..., s)
        tensors = np.empty_like(ordered)
        for p in range(n):
            tensors[:, p] = ordered[:, p].transpose(0, *(1 + (p + k) % n for k in range(n)))
        flat = free.reshape(P, D)
        jacobian_mask = (flat[:, :, None] & flat[:, None, :]).astype(float)
        fixed_eye = (~flat)[:, :, None] * np.eye(D)[None]
        budget = BOXES_PER_UNKNOWN * np.maximum(1, flat.sum(axis=1)).astype(np.int64)
        # slot 0 varies fastest, so that the first 2^k corners are those of the first k
        # slots: a player never free past its k-th slot in these profiles needs only them
        bits = (np.arange(2**m)[:, None] >> np.arange(m)[None, :]) & 1
        corners = np.concatenate([bits.astype(float), np.full((1, m), 0.5)], axis=0)
        counts = tuple(2 ** (int(sizes[:, j].max()) - 1) for j in range(n))
        directions = np.zeros((m, s))
        directions[:, 0] = -1.0
        directions[np.arange(m), np.arange(1, m + 1)] = 1.0
        rotation = (np.arange(n)[:, None] + np.arange(1, n)[None, :]) % n
        return cls(
            n,
            s,
            m,
            order,
            np.ascontiguousarray(tensors),
            flat,
            pair_mask,
            jacobian_mask,
            fixed_eye,
            budget,
            corners,
            counts,
            directions,
            rotation,
            np.arange(n),
        )

    def profiles(self, pidx: IntArray, y: FloatArray, shape: Sequence[int]) -> list[FloatArray]:
        """The mixed strategies of the game, per player ``(K, s_j)``, at the points ``y``
        ``(K, n * m)`` of the profiles ``pidx``."""
        K = pidx.size
        y = y.reshape(K, self.n, self.m)
        at = np.arange(K)[:, None]
        out = []
        for j, s in enumerate(shape):
            x = np.zeros((K, self.s))
            order = self.order[pidx, j]
            x[at[:, 0], order[:, 0]] = 1.0 - y[:, j].sum(axis=1)
            x[at, order[:, 1 : self.m + 1]] = y[:, j]
            out.append(x[:, :s])
        return out


def _payoffs(layout: _Layout, pidx: IntArray, y: FloatArray) -> FloatArray:
    """Every player's payoffs at every combination of the others' rows.

    ``y`` ``(B, n, r, m)`` gives ``r`` points of each player's block of each box; each
    player's strategy is taken at these points and along its ``m`` coordinate directions
    (``W = r + m`` rows). Returns ``(B, n, s, W, ..., W)``: for player ``p``, its payoff
    from each of its strategies (in the profile's order) when the ``k``-th other player
    (in the rotated order) is at row ``i_k``. Point rows give values; one direction row
    and point rows elsewhere give a derivative.
    """
    n, s, m = layout.n, layout.s, layout.m
    B, _, r, _ = y.shape
    X = np.zeros((B, n, r + m, s))
    X[:, :, :r, 0] = 1.0 - y.sum(axis=3)
    X[:, :, :r, 1 : m + 1] = y
    X[:, :, r:] = layout.directions
    W = r + m
    Xt = X[:, layout.rotation].swapaxes(3, 4)  # (B, n, n - 1, s, W)
    # contract the others' axes from the last: each step is one matrix product per box
    # and player, (rows * W^j, s) @ (s, W), after moving the next axis to contract last
    cur = np.matmul(layout.tensors[pidx].reshape(B, n, -1, s), Xt[:, :, n - 2])
    done = W  # rows of the players contracted so far
    for k in range(n - 3, -1, -1):
        cur = cur.reshape(B, n, -1, s, done).swapaxes(3, 4).reshape(B, n, -1, s)
        cur = np.matmul(cur, Xt[:, :, k])
        done *= W
    # the axes of the others came out last first: (s, W_{n-1}, ..., W_1)
    out: FloatArray = cur.reshape(B, n, s, *([W] * (n - 1)))
    return out.transpose(0, 1, 2, *range(n + 1, 2, -1)) if n > 2 else out


def _slack(layout: _Layout, pidx: IntArray, R: FloatArray, r: int) -> FloatArray:
    """The largest over players and pairs (support strategy ``a``, any strategy ``c``) of
    the smallest value over the box of ``u(c) - u(a)``: positive means no equilibrium.

    The first ``r`` point rows of each block are its corners."""
    n, s = layout.n, layout.s
    B = R.shape[0]
    index: tuple[Any, ...] = (Ellipsis, *([slice(0, r)] * (n - 1)))
    points = R[index].reshape(B, n, s, -1)
    # in chunks of boxes, so that the pairwise differences stay in cache
    step = max(1, SLACK_CHUNK // (n * s * s * points.shape[3]))
    worst = np.empty((B, n, s, s))
    for start in range(0, B, step):
        chunk = points[start : start + step]
        np.min(
            chunk[:, :, None, :, :] - chunk[:, :, :, None, :],
            axis=4,
            out=worst[start : start + step],
        )
    return np.asarray((worst + layout.pair_mask[pidx]).reshape(B, -1).max(axis=1))


def _equations(
    layout: _Layout, R: FloatArray, r: int, corners: bool
) -> tuple[FloatArray, FloatArray | None, FloatArray, FloatArray]:
    """The indifference equations at the last point row ``(B, n, m)``, at every corner of
    the whole box ``(B, n, m, prod(counts))`` when ``corners`` (the first point rows are
    the corners of each block), and the bounds ``(B, n, m, n, m)`` of their Jacobian over
    the point rows."""
    n, m = layout.n, layout.m
    B = R.shape[0]
    W = R.shape[3]
    # every support strategy against the base, at every combination of rows
    E = R[:, :, 1 : m + 1] - R[:, :, :1]  # (B, n, m, W, ..., W)
    at: tuple[Any, ...] = (Ellipsis, *([r - 1] * (n - 1)))
    F = E[at]
    full = None
    if corners:
        counts = layout.counts
        full = np.empty((B, n, m, *counts))
        for p in range(n):
            rest = [(p + k) % n for k in range(1, n)]
            block: tuple[Any, ...] = (Ellipsis, *(slice(0, counts[q]) for q in rest))
            # no dependence on the own block; the k-th other player's axis to its place
            axes = [0, 1] + [2 + (j - p) % n for j in range(n)]
            full[:, p] = E[:, p][block][:, :, None].transpose(axes)
        full = full.reshape(B, n, m, -1)
    lows, highs = [], []
    for k in range(n - 1):
        # the k-th other player along its directions, the others at their point rows
        index: list[Any] = [slice(0, r)] * (n - 1)
        index[k] = slice(r, W)
        view = E[(slice(None), slice(None), slice(None), *index)]
        points = tuple(3 + j for j in range(n - 1) if j != k)
        if r == 1 or not points:  # one point row: the value itself
            view = view.reshape(B, n, m, m)
            lows.append(view)
            highs.append(view)
        else:
            lows.append(view.min(axis=points))
            highs.append(view.max(axis=points))
    Jlo = np.zeros((B, n, m, n, m))
    Jhi = np.zeros((B, n, m, n, m))
    for k in range(n - 1):
        q = layout.rotation[:, k]
        Jlo[:, layout.players, :, q, :] = lows[k].swapaxes(0, 1)
        Jhi[:, layout.players, :, q, :] = highs[k].swapaxes(0, 1)
    return F, full, Jlo, Jhi


def _corner_points(layout: _Layout, y: FloatArray) -> FloatArray:
    """``y`` at every corner of the whole box, ``(B, n * m, prod(counts))``, from the
    corners of each block ``(B, n, C, m)``."""
    n, m = layout.n, layout.m
    counts = layout.counts
    B = y.shape[0]
    out = np.empty((B, n, m, *counts))
    for j in range(n):
        shape = [B, m] + [1] * n
        shape[2 + j] = counts[j]
        out[:, j] = y[:, j, : counts[j]].swapaxes(1, 2).reshape(shape)
    return out.reshape(B, n * m, -1)


def _inverse(J: FloatArray) -> FloatArray:
    """Batched inverse; singular matrices get a pseudo-inverse, non-finite ones zero (any
    matrix is a valid preconditioner: only the certification needs a good one)."""
    out: FloatArray
    try:
        out = np.asarray(np.linalg.inv(J), dtype=np.float64)
    except np.linalg.LinAlgError:
        out = np.asarray(np.linalg.pinv(J), dtype=np.float64)
    bad = ~np.isfinite(out).all(axis=(1, 2))
    if bad.any():
        out[bad] = 0.0
    return out


def _point_system(layout: _Layout, pidx: IntArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Equations ``(B, D)`` and Jacobian ``(B, D, D)`` at the points ``y`` ``(B, D)``, with
    the fixed slots' equations replaced by ``y_k = 0``."""
    B, D = y.shape
    R = _payoffs(layout, pidx, y.reshape(B, layout.n, 1, layout.m))
    F, _, J, _ = _equations(layout, R, 1, corners=False)
    free = layout.free[pidx]
    F = np.where(free, F.reshape(B, D), y)
    J = J.reshape(B, D, D) * layout.jacobian_mask[pidx] + layout.fixed_eye[pidx]
    return F, J


def _polish(
    layout: _Layout,
    pidx: IntArray,
    start: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    Y: FloatArray,
) -> FloatArray:
    """The root in each certified box: Newton's method from ``start``, kept when it
    converges inside the box (where the root is unique); otherwise the simplified Newton
    map ``y - Y F(y)`` of the certificate, a contraction of the box, is iterated."""
    y = np.clip(start, lo, hi)
    step = np.full(y.shape[0], np.inf)
    left = np.full(y.shape[0], np.inf)  # the error left after the last step, estimated
    for _ in range(8):
        F, J = _point_system(layout, pidx, y)
        try:
            delta = np.linalg.solve(J, F[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            delta = np.matmul(_inverse(J), F[:, :, None])[:, :, 0]
        y = y - delta
        before, step = step, np.abs(delta).max(axis=1, initial=0.0) / (1.0 + np.abs(y).max(axis=1))
        # Newton converges quadratically here: the next step would be about
        # step * (step / before)^2, and the error left is about that
        with np.errstate(invalid="ignore", divide="ignore"):
            left = np.where(step <= 1e-10, step**2, step**3 / before**2)
        if (left <= 1e-16).all():
            break
    room = 1e-12 * (1.0 + np.abs(y))
    good = np.isfinite(left) & (left <= 1e-16) & (step <= 1e-6)
    good &= ((y >= lo - room) & (y <= hi + room)).all(axis=1)
    if not good.all():
        bad = np.flatnonzero(~good)
        z = 0.5 * (lo[bad] + hi[bad])
        for _ in range(200):
            F, _ = _point_system(layout, pidx[bad], z)
            delta = np.matmul(Y[bad], F[:, :, None])[:, :, 0]
            z = np.clip(z - delta, lo[bad], hi[bad])
            if np.all(np.abs(delta) <= 1e-15 * (1.0 + np.abs(z))):
                break
        y[bad] = z
    return y


def search(
    payoffs: FloatArray, masks: Sequence[NDArray[np.bool_]], *, min_width: float = 1e-10
) -> SearchResult:
    """Every root of every profile's system in boxes that may hold an equilibrium.

    ``payoffs`` should be scaled to about [0, 1] (the margins are absolute); profile ``k``
    has support ``masks[j][k]`` for player ``j``. The candidates solve the indifference
    equations and may still break an inequality by up to the margin, or have entries down
    to ``-INFLATION``: the caller certifies them on the game. Profiles are searched in
    groups of equal largest support when their boxes would have many corners, so that
    corners are not padded past what a group needs; pure profiles need no box.
    """
    n = payoffs.shape[0]
    shape = payoffs.shape[1:]
    result = SearchResult.empty(shape)
    largest = np.max([mask.sum(axis=1) for mask in masks], axis=0)  # (P,)
    # a batch costs a fixed overhead per level, padding costs work per box
    key = np.where(2 ** ((largest - 1) * n) > SHARED_CORNERS, largest, 0)
    key[largest == 1] = 1
    pure = np.flatnonzero(key == 1)
    if pure.size:
        # a pure profile is a candidate when no strategy pays more
        index = np.stack([mask[pure].argmax(axis=1) for mask in masks], axis=1)
        best = np.ones(pure.size, dtype=bool)
        for p in range(n):
            top = payoffs[p].max(axis=p)
            got = payoffs[p][tuple(index.T)]
            best &= got >= top[tuple(np.delete(index, p, axis=1).T)] - MARGIN
        rows = index[best]
        result.add(pure[best], [np.eye(s)[rows[:, j]] for j, s in enumerate(shape)])
    for value in np.unique(key[key != 1]):
        members = np.flatnonzero(key == value)
        part = _search_group(payoffs, [mask[members] for mask in masks], min_width)
        result.add(members[part.owner], part.points)
        result.unresolved.update(int(members[k]) for k in part.unresolved)
        result.budget_exceeded.update(int(members[k]) for k in part.budget_exceeded)
        result.boxes += part.boxes
        result.levels += part.levels
    return result


def _compiled_search(
    layout: _Layout, shape: Sequence[int], min_width: float
) -> SearchResult | None:
    """The search by the compiled kernel of :mod:`._subdivision_numba`, or None when it is
    not to be used: without numba, and, so that a first call stays fast, for small work
    while the kernel is not compiled in this process yet (compiling it takes seconds the
    first time, loading it from numba's disk cache a fraction of one)."""
    kernel = compiled_kernel("multivector.solver._subdivision_numba", "search_profiles")
    if kernel is None:
        return None
    P = layout.free.shape[0]
    n, m = layout.n, layout.m
    if not kernel.signatures and P * 2 ** (n * m) < COMPILE_WORK:
        return None  # small work, and the kernel is not loaded yet: numpy is faster
    sizes = layout.free.reshape(P, n, m).sum(axis=2).astype(np.int64) + 1
    owners, points, unresolved, exhausted, boxes = kernel(
        np.ascontiguousarray(layout.tensors.reshape(P, n, -1)),
        layout.s,
        sizes,
        np.array(shape, dtype=np.int64),
        layout.rotation.astype(np.int64),
        m,
        layout.budget.astype(np.int64),
        min_width,
        MARGIN,
        INFLATION,
        CUT,
        OVERLAP,
        HULL_CORNERS,
    )
    result = SearchResult.empty(shape)
    owners = owners.astype(np.intp)
    result.add(owners, layout.profiles(owners, points, shape))
    result.unresolved = {int(k) for k in np.flatnonzero(unresolved)}
    result.budget_exceeded = {int(k) for k in np.flatnonzero(exhausted)}
    result.boxes = int(boxes)
    return result


def _search_group(
    payoffs: FloatArray, masks: Sequence[NDArray[np.bool_]], min_width: float
) -> SearchResult:
    """The subdivision search of :func:`search` on profiles sharing one layout."""
    layout = _Layout.build(payoffs, masks)
    P = masks[0].shape[0]
    n, m = layout.n, layout.m
    D = n * m
    shape = payoffs.shape[1:]
    compiled = _compiled_search(layout, shape, min_width)
    if compiled is not None:
        return compiled
    result = SearchResult.empty(shape)
    pidx = np.arange(P, dtype=np.intp)
    lo = np.where(layout.free, -INFLATION, 0.0)
    hi = np.where(layout.free, 1.0 + INFLATION, 0.0)
    used = np.zeros(P, dtype=np.int64)
    dropped = np.zeros(P, dtype=bool)
    eye = np.eye(D)
    certified: list[tuple[IntArray, FloatArray, FloatArray, FloatArray, FloatArray]] = []
    # the exact hull of g needs every corner of the whole box: worth it while they are few
    hull = int(np.prod(layout.counts)) <= HULL_CORNERS
    smallest_budget = int(layout.budget.min())
    while pidx.size:
        result.levels += 1
        result.boxes += pidx.size
        used += np.bincount(pidx, minlength=P)
        over = (used > layout.budget) & ~dropped
        if result.boxes > smallest_budget and over.any():
            result.budget_exceeded.update(int(k) for k in np.flatnonzero(over))
            dropped |= over
            keep = ~dropped[pidx]
            pidx, lo, hi = pidx[keep], lo[keep], hi[keep]
            if not pidx.size:
                break
        B = pidx.size
        lo3, hi3 = lo.reshape(B, n, m), hi.reshape(B, n, m)
        ys = lo3[:, :, None, :] + layout.corners * (hi3 - lo3)[:, :, None, :]
        R = _payoffs(layout, pidx, ys)
        r = layout.corners.shape[0]
        # a support strategy beaten everywhere, or no probability vector in the box
        out = _slack(layout, pidx, R, r - 1) > MARGIN
        out |= (lo3.sum(axis=2) > 1.0 + INFLATION).any(axis=1)
        if B > SMALL_BATCH // 4 and out.any():
            # the rest of the level for the boxes left only (a small batch costs the same)
            keep = ~out
            pidx, lo, hi, ys, R = pidx[keep], lo[keep], hi[keep], ys[keep], R[keep]
            out = out[keep]
            B = pidx.size
            if not B:
                break
        F3, Fv, Jlo, Jhi = _equations(layout, R, r, corners=hull)
        free = layout.free[pidx]
        jmask = layout.jacobian_mask[pidx]
        F = F3.reshape(B, D) * free
        Jc = 0.5 * (Jlo + Jhi).reshape(B, D, D) * jmask + layout.fixed_eye[pidx]
        Jr = 0.5 * (Jhi - Jlo).reshape(B, D, D) * jmask
        Y = _inverse(Jc)
        mid = 0.5 * (lo + hi)
        rad = 0.5 * (hi - lo)
        c = mid - np.matmul(Y, F[:, :, None])[:, :, 0]
        room = 1e-13 * (1.0 + np.abs(c)) + 1e-15
        krad = np.matmul(np.abs(eye - Y @ Jc) + np.abs(Y) @ Jr, rad[:, :, None])[:, :, 0]
        klo, khi = c - krad, c + krad
        if Fv is not None:
            # g(y) = y - Y F(y) is multiaffine: its corners span its range over the box
            g = _corner_points(layout, ys[:, :, :-1]) - np.matmul(
                Y, Fv.reshape(B, D, -1) * free[:, :, None]
            )
            klo = np.maximum(klo, g.min(axis=2))
            khi = np.minimum(khi, g.max(axis=2))
        klo, khi = klo - room, khi + room
        finite = np.isfinite(klo + khi).all(axis=1)
        miss = finite & ((klo > hi) | (khi < lo)).any(axis=1)
        # one root: g maps the box into itself and contracts it
        inside = finite & ~miss & ~out
        inside &= (((krad + room < rad) & (klo > lo) & (khi < hi)) | ~free).all(axis=1)
        miss |= out
        nlo, nhi = np.maximum(lo, klo), np.minimum(hi, khi)
        if not finite.all():
            nlo = np.where(finite[:, None], nlo, lo)
            nhi = np.where(finite[:, None], nhi, hi)
        if inside.any():
            certified.append((pidx[inside], c[inside], nlo[inside], nhi[inside], Y[inside]))
        width_old = 2.0 * rad.max(axis=1, initial=0.0)
        width_new = (nhi - nlo).max(axis=1, initial=0.0)
        undecided = ~miss & ~inside
        tiny = undecided & (width_new < min_width)
        if tiny.any():
            result.unresolved.update(int(k) for k in np.unique(pidx[tiny]))
            dropped[pidx[tiny]] = True
        keep = undecided & ~dropped[pidx]
        lo, hi, pidx = nlo[keep], nhi[keep], pidx[keep]
        # bisect the boxes that did not shrink to half, along each of their (at most
        # SPLIT_AXES) widest axes that is at least half the widest: fewer levels with more
        # boxes each, which is what batched evaluation favours
        split = np.flatnonzero(width_new[keep] > 0.5 * width_old[keep])
        if split.size:
            # while the batch is small, cut along more axes: a level costs about the same
            # for a few boxes as for a few hundred
            axes = SPLIT_AXES
            while axes < D and pidx.size * 2 ** (axes + 1) <= SMALL_BATCH:
                axes += 1
            parts = 4 if pidx.size * 4 ** min(axes, D) <= SMALL_BATCH else 2
            lo, hi, pidx = _bisect(lo, hi, pidx, split, axes, parts)
    result.unresolved |= result.budget_exceeded
    if certified:
        cp, start, clo, chi, cY = (np.concatenate([b[k] for b in certified]) for k in range(5))
        roots = _polish(layout, cp, start, clo, chi, cY)
        result.add(cp, layout.profiles(cp, roots, shape))
    return result


# cuts off the simple fractions of the width (see CUT): four pieces are two bisections
_MARKS = {2: np.array([0.0, CUT, 1.0]), 4: np.array([0.0, CUT * CUT, CUT, CUT * (2.0 - CUT), 1.0])}


@lru_cache(maxsize=64)
def _digits(K: int, parts: int) -> IntArray:
    """Row c: the base-``parts`` digits of ``c``, least significant first, ``(parts**K, K)``."""
    out: IntArray = (np.arange(parts**K)[:, None] // parts ** np.arange(K)[None, :]) % parts
    return out


def _bisect(
    lo: FloatArray,
    hi: FloatArray,
    pidx: IntArray,
    rows: IntArray,
    axes: int,
    parts: int = 2,
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Cut the boxes ``rows`` into ``parts`` (2 or 4) pieces along each of up to ``axes`` of their
    widest axes (each at least half the widest): ``parts**k`` children, which replace them
    at the end of the batch. Neighbouring pieces overlap by OVERLAP of the width."""
    w = hi[rows] - lo[rows]
    order = (-w).argsort(axis=1)[:, :axes]  # (R, K)
    K = order.shape[1]
    at = np.arange(rows.size)[:, None]
    wide = w[at, order]
    count = (wide >= 0.5 * wide[:, :1]).sum(axis=1)  # (R,)
    # child c of box r has digit (c // parts**k) % parts along its k-th axis; it exists
    # when c < parts**count[r], so that its digits past count[r] are zero
    digits = _digits(K, parts)
    parent, child = np.nonzero(np.arange(parts**K)[None, :] < (parts**count)[:, None])
    a = lo[rows][at, order][parent]
    b = hi[rows][at, order][parent]
    marks = _MARKS[parts]
    piece = digits[child]
    lap = OVERLAP * (b - a)
    used = np.arange(K)[None, :] < count[parent][:, None]
    new_lo = np.where(used, a + marks[piece] * (b - a) - lap * (piece > 0), a)
    new_hi = np.where(used, a + marks[piece + 1] * (b - a) + lap * (piece < parts - 1), b)
    child_lo, child_hi = lo[rows][parent], hi[rows][parent]
    slot = np.arange(parent.size)[:, None], order[parent]
    child_lo[slot] = new_lo
    child_hi[slot] = new_hi
    keep = np.ones(lo.shape[0], dtype=bool)
    keep[rows] = False
    return (
        np.concatenate([lo[keep], child_lo]),
        np.concatenate([hi[keep], child_hi]),
        np.concatenate([pidx[keep], pidx[rows][parent]]),
    )
