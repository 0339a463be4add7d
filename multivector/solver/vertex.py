"""Every equilibrium of a 2-player game, by vertex enumeration of the best-response polytopes.

The extreme equilibria of a bimatrix game are the completely labelled vertex pairs of its
best-response polytopes ``P`` and ``Q`` (von Stengel 2007, Theorem 3.4 and Section 3.5);
every other equilibrium is a convex combination inside a maximal Nash subset, and the
maximal Nash subsets are the maximal bicliques of the graph of extreme equilibria
(Avis, Rosenberg, Savani and von Stengel 2010; Gambit's ``enummixed -c``).

Why this algorithm
------------------
Correctness first: vertex enumeration with *all* tight constraints of each vertex as its
label set finds every extreme equilibrium of degenerate games too, where support
enumeration needs rank tests per support and Lemke-Howson reaches only some equilibria.
Speed second: on nondegenerate games (random float payoffs) the vertices come from a
breadth-first walk over the bases of each polytope (compiled with numba when installed,
vectorised numpy otherwise), labels are bitmasks, and the completely labelled pairs are
found by one sorted join: a vertex of ``P`` with label set ``L`` matches only the vertex
of ``Q`` labelled by the complement of ``L``. From :data:`ONE_POLYTOPE_LABELS` strategies
in all only one polytope is walked (the one of lower dimension; in a square game from
:data:`CHOOSE_WALK_FROM` strategies a side, the one a sample of its faces says is
smaller), and each of its vertices is checked for its one possible partner by a small
linear solve (as lrsnash does), which about halves the time; ``degenerate`` is then None,
the other polytope not being walked. Unlike a
convex-hull code (QuantEcon's ``vertex_enumeration`` calls qhull) the walk does no work
beyond visiting each vertex once, and it sees degeneracy directly: a basic variable at
zero. Floating point cannot be trusted on degenerate polytopes, so there the enumeration
is redone in exact integer arithmetic (lexicographic pivoting, as lrs does), which is also
the path for small games (exact payoffs and at most ``SMALL_GAME`` strategies in all) and
for ``exact=True``. That path first tries a proof that float walks of both polytopes
found every vertex with its exact tight constraints
(:mod:`multivector.solver._certify_numba` and its numpy twin
:mod:`multivector.solver._certify`, rigorous error bounds); it holds on
nondegenerate games, and then only the vertices in equilibria are computed in integers.

Every equilibrium returned is certified by its regret
(:func:`~multivector.solver.equilibrium.make_bimatrix_equilibria`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver._certify import certify_vertices_numpy
from multivector.solver._compiled import compiled_kernel, imported_kernel, spent, worth_loading
from multivector.solver._pivot import integer_pivot, positive_shift
from multivector.solver._polytope import integer_matrix, vertex_numerators, vertices_bfs
from multivector.solver.equilibrium import (
    Component,
    Equilibrium,
    Solution,
    make_bimatrix_equilibria,
)

__all__ = [
    "Degeneracy",
    "enumerate_equilibria",
    "find_degeneracy",
    "run_exact",
    "run_vertex",
    "vertex_enumeration",
]

#: Games with exact payoffs (integers, fractions) and at most this many strategies in all
#: are solved exactly: it is fast there and certifies the result.
SMALL_GAME = 8

#: Largest denominator when float payoffs are rationalised for exact arithmetic.
MAX_DENOMINATOR = 10**9

#: Games with at least this many strategies in all load the compiled walk (numba) even
#: when it is not loaded in the process yet; smaller ones take the numpy walk until then.
#: At 10x10 the numpy walk takes a few milliseconds, loading the kernel from numba's disk
#: cache a few hundred and compiling it the first time a few seconds.
COMPILE_LABELS = 20

#: The exact path's proof (:func:`_proved_vertices`) loads its compiled kernels from
#: this many strategies in all; smaller games use them once they are loaded, and the
#: numpy twin of the proof until then. The numpy proof takes about 0.2 s at 12x12,
#: 0.45 s at 13x13 and 1-1.9 s at 14x14; loading the kernels from numba's disk cache
#: takes about 0.3 s, and compiling them in a new environment about 13 s (3 s of them
#: the proof, the rest the reverse search the float path also compiles from 10x10).
EXACT_COMPILE_LABELS = 28

#: Without the compiled proof (not loaded yet, or no numba), the exact path proves its
#: walks with the numpy twin (:mod:`multivector.solver._certify`) from this many
#: strategies in all. Measured, median of 5 random games with payoffs in 0..10^6, numpy
#: proof against integer walk: 4.3 ms against 3.3 ms at 6x6, 9.6 ms against 25 ms at
#: 8x8, 29 ms against 144 ms at 10x10.
NUMPY_PROOF_LABELS = 14

#: Games with at least this many strategies in all are walked by reverse search (from
#: 8x8, where it took a median 0.68x the time of the breadth-first walk on 8 random games
#: in one run, 0.45x at 9x9 and 0.37x at 10x10, and its memory stays that of one path);
#: smaller ones breadth first (at 6x6 reverse search took 1.03x).
REVERSE_SEARCH_LABELS = 16

#: Games with at least this many strategies in all walk one best-response polytope (the
#: one of lower dimension, or see :data:`CHOOSE_WALK_FROM`) and solve one small linear
#: system per vertex for its partner in the other
#: (:mod:`multivector.solver._partner_numba`), as lrsnash does: 0.5-0.7x the time of
#: walking both from 8x8 on, in one run. The other polytope is then not checked
#: for degeneracy away from the equilibria, so ``Solution.degenerate`` is None.
ONE_POLYTOPE_LABELS = 16

#: Square games from this many strategies a side walk the best-response polytope that
#: looks smaller (:func:`_walk_first`) instead of always the row player's: on 29 random
#: 16x16 games the column player's polytope had from 0.17x to 2.45x the row player's
#: vertices, and walking the smaller one each time takes 0.68x the work of always
#: walking the first. The estimate costs about 2 ms at 16x16, against a 0.1 s solve;
#: at 12x12 (1.5 ms against a 5 ms solve) it would cost about what it saves.
CHOOSE_WALK_FROM = 14

#: The estimate of :func:`_walk_first`: vertices with this many nonzero coordinates,
#: counted on this many random faces of each polytope (a fixed seed: the same choice on
#: every run). On 20 random 16x16 games, with four seeds of the sample, the choice took
#: 0.66x-0.74x the work of always walking the first (0.658x for the best choice);
#: support 4 chose worse, and 60 or 80 faces no better at 1.5x and 2x the cost.
FACE_SUPPORT = 5
FACE_SAMPLES = 40
_FACE_SEED = 20261201

# A partner's system with a singular value below this is left to rational arithmetic
# (as the compiled check's smallest pivot does).
_PARTNER_SINGULAR = 1e-6

#: The walk refuses polytopes with more vertices than this.
MAX_VERTICES = 2_000_000

# A basic variable or a reduced cost within this of zero stops the float walk (the
# polytopes' matrices are scaled to largest entry 1).
_WALK_TOL = 1e-9
# Why a float walk that met a degenerate vertex (to within _WALK_TOL) is not trusted.
_DEGENERATE_WALK = (
    "best-response polytopes degenerate in floating point (or within "
    f"{_WALK_TOL:g} of it): enumerated in exact arithmetic"
)


@dataclass(frozen=True)
class Degeneracy:
    """A witness that a 2-player game is degenerate.

    A game is nondegenerate when no mixed strategy with ``k`` strategies in its support has
    more than ``k`` pure best responses (von Stengel 2007, Definition 3.2). This record
    names one mixed strategy that breaks the rule.

    Attributes
    ----------
    player : str
        The player whose mixed strategy it is.
    strategy : dict of str to Fraction
        The mixed strategy (support only).
    best_responses : tuple of str
        The other player's pure best responses to it, more than the support size.
    """

    player: str
    strategy: dict[str, Fraction]
    best_responses: tuple[str, ...]

    def __str__(self) -> str:
        mix = ", ".join(f"{k}: {v}" for k, v in self.strategy.items())
        return (
            f"{self.player}'s strategy {{{mix}}} uses {len(self.strategy)} strateg"
            f"{'y' if len(self.strategy) == 1 else 'ies'} but has "
            f"{len(self.best_responses)} pure best responses ({', '.join(self.best_responses)})"
        )


# ---------------------------------------------------------------------- polytopes
def _float_polytopes(game: NormalFormGame) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    A, B = game.bimatrix()
    MP = positive_shift(B.T, scaled=False)
    MQ = positive_shift(A, scaled=False)
    MP /= MP.max()
    MQ /= MQ.max()
    return MP, MQ


@dataclass
class _ExactVertices:
    """Exact vertices of P and Q (origin excluded), label masks in the joint labelling:
    every vertex, or only those in equilibria when the game is proved nondegenerate
    (:func:`_proved_vertices`).

    A vertex is kept as integers proportional to it (the numerators over a common
    denominator): equilibria are normalised to probabilities anyway, and only the few
    vertices in equilibria become fractions."""

    xs: list[tuple[int, ...]]
    x_labels: list[int]
    ys: list[tuple[int, ...]]
    y_labels: list[int]
    degenerate: bool


def _relabel_q(mask: Any, m: int, n: int) -> Any:
    """Q's own bits (y_j = 0 -> j, (Ay)_i = 1 -> n + i) to the joint labels.

    Works on Python ints and on uint64 arrays alike.
    """
    if isinstance(mask, np.ndarray):
        y_part = mask & np.uint64((1 << n) - 1)
        return (mask >> np.uint64(n)) | (y_part << np.uint64(m))
    return (mask >> n) | ((mask & ((1 << n) - 1)) << m)


def _integer_polytopes(
    game: NormalFormGame, max_denominator: int
) -> tuple[tuple[list[list[int]], list[int]], tuple[list[list[int]], list[int]]]:
    """The best-response polytopes ``{z >= 0 : M z <= b}`` of P and Q in integers
    (:func:`~multivector.solver._polytope.integer_matrix`), on the rationalised payoffs."""
    R = game.rational_payoffs(max_denominator)
    A = np.array(R[0], dtype=object)
    B = np.array(R[1], dtype=object)
    return (
        integer_matrix(positive_shift(B.T, scaled=False)),
        integer_matrix(positive_shift(A, scaled=False)),
    )


def _exact_vertices(game: NormalFormGame, max_denominator: int) -> _ExactVertices:
    """Every vertex of both polytopes, by the walk in integer arithmetic; when a proof
    of a float walk holds (:func:`_proved_vertices`), only the vertices in equilibria."""
    m, n = game.shape
    P, Q = _integer_polytopes(game, max_denominator)
    proved = _proved_vertices(P, Q, m, n)
    if proved is not None:
        return proved
    px, pl = vertex_numerators(*P)
    qy, ql = vertex_numerators(*Q)
    xs = [(v, lab) for (v, _), lab in zip(px, pl, strict=True) if any(v)]
    ys = [(v, _relabel_q(lab, m, n)) for (v, _), lab in zip(qy, ql, strict=True) if any(v)]
    degenerate = any(lab.bit_count() > m for _, lab in xs) or any(
        lab.bit_count() > n for _, lab in ys
    )
    return _ExactVertices(
        [v for v, _ in xs],
        [lab for _, lab in xs],
        [v for v, _ in ys],
        [lab for _, lab in ys],
        degenerate,
    )


# Integers below this are exact in float64.
_EXACT_IN_FLOAT = 2**53


def _proved_vertices(
    P: tuple[list[list[int]], list[int]], Q: tuple[list[list[int]], list[int]], m: int, n: int
) -> _ExactVertices | None:
    """The vertices in equilibria of a nondegenerate game, from float walks of both
    integer polytopes ``P`` and ``Q`` proved complete and exact, or None.

    Each walk's vertex list is proved to be every vertex of its polytope, each
    nondegenerate, by :func:`multivector.solver._certify_numba.certify_vertices`
    (floating point with rigorous error bounds): the labels are then exact, the game is
    nondegenerate, and its equilibria are the completely labelled pairs, as the integer
    walk would find them. Only the vertices of those pairs are computed in integers.
    The compiled proof runs by the rule of :func:`_compiled_walk` (from
    :data:`EXACT_COMPILE_LABELS` strategies in all, or once loaded); otherwise its numpy
    twin does, from :data:`NUMPY_PROOF_LABELS`. Returns None, and the caller walks in
    integer arithmetic, when the proof fails (a degenerate polytope always fails it),
    when an integer does not fit a float exactly, or for a game too small for either
    proof: the result is then the same, only slower.
    """
    if m + n > 64:
        return None
    module = "multivector.solver._certify_numba"
    certify = _rule_kernel(m, n, module, "certify_vertices", EXACT_COMPILE_LABELS)
    if certify is None:
        if m + n < NUMPY_PROOF_LABELS:
            return None
        certify = certify_vertices_numpy
    walk = _compiled_walk(m, n, EXACT_COMPILE_LABELS)
    masks = []
    for (M, b), d in ((P, m), (Q, n)):
        if max(max(map(abs, row)) for row in M) >= _EXACT_IN_FLOAT or max(b) >= _EXACT_IN_FLOAT:
            return None
        Mf = np.array(M, dtype=np.float64)
        bf = np.array(b, dtype=np.float64)
        walked = Mf / bf[:, None]
        walked /= walked.max()
        try:
            found, why = _walk(walk, walked)
        except SolverError:  # too many vertices for the float walk
            return None
        if why is not None:
            return None
        listed = np.append(found, np.uint64((1 << d) - 1))  # the origin too
        status, _ = certify(Mf, bf, listed)
        if status != 0:
            return None
        masks.append(found)
    # nondegenerate: the only partner of x is the vertex labelled by the complement
    xl, yl = masks[0], _relabel_q(masks[1], m, n)
    want = xl ^ np.uint64((1 << (m + n)) - 1)
    order = np.argsort(yl)
    pos = np.minimum(np.searchsorted(yl[order], want), len(yl) - 1)
    hit = yl[order][pos] == want
    x_in = np.flatnonzero(hit).tolist()
    y_in = np.sort(order[pos[hit]]).tolist()
    return _ExactVertices(
        [_integer_vertex(*P, int(masks[0][i]), m) for i in x_in],
        [int(xl[i]) for i in x_in],
        [_integer_vertex(*Q, int(masks[1][j]), n) for j in y_in],
        [int(yl[j]) for j in y_in],
        False,
    )


def _integer_vertex(M: list[list[int]], b: list[int], mask: int, d: int) -> tuple[int, ...]:
    """Positive integers proportional to the nondegenerate vertex of
    ``{z >= 0 : M z <= b}`` with tight constraints ``mask`` (its own bits, as the walk
    gives them): ``M[T, S] z_S = b_T`` solved by fraction-free pivots
    (:func:`~multivector.solver._pivot.integer_pivot`), ``det * z`` up to its sign."""
    support = [j for j in range(d) if not mask >> j & 1]
    tight = [i for i in range(len(M)) if mask >> (d + i) & 1]
    s = len(support)
    T = [[M[i][j] for j in support] + [b[i]] for i in tight]
    det = 1
    row_of = []
    for c in range(s):
        r = next(r for r in range(s) if r not in row_of and T[r][c] != 0)
        T, det = integer_pivot(T, r, c, det), T[r][c]
        row_of.append(r)
    z = [0] * d
    for c, r in zip(support, row_of, strict=True):
        z[c] = T[r][s] if det > 0 else -T[r][s]
    return tuple(z)


def _rule_kernel(
    m: int, n: int, module: str, name: str, compile_from: int = COMPILE_LABELS
) -> Any:
    """The compiled kernel ``name`` of ``module`` for an ``m x n`` game, or None for the
    numpy (or integer) path: by the rule of :func:`_compiled_walk`, compiled once it is
    loaded in the process, or from ``compile_from`` strategies in all."""
    big = m + n >= compile_from
    kernel = (compiled_kernel if big else imported_kernel)(module, name)
    if kernel is None or big or kernel.signatures:
        return kernel
    return None


def _compiled_walk(m: int, n: int, compile_from: int = COMPILE_LABELS) -> Any:
    """The compiled walk for an ``m x n`` game, or None for the numpy walk.

    From :data:`REVERSE_SEARCH_LABELS` strategies in all, the reverse search of
    :mod:`multivector.solver._reverse_numba`, whose memory is that of one path of its
    tree; below, the breadth-first walk of :mod:`multivector.solver._bfs_numba`, faster
    on small polytopes. The rule of the n-player search (``_compiled_search`` in
    :mod:`multivector.solver._subdivision`) decides between compiled and numpy: a kernel
    runs once it is loaded in the process, or when the game has at least
    ``compile_from`` strategies in all (:data:`COMPILE_LABELS`, or
    :data:`EXACT_COMPILE_LABELS` for the exact path's proof); smaller games take the
    numpy walk until then, so that a first call never waits for numba to compile
    (seconds) or load (a fraction of one) a kernel it barely needs. A small game takes
    the other compiled walk when only that one is loaded (larger games load the reverse
    search, and on small polytopes the two walks are within a few percent of each
    other). Once the numpy walk has taken
    :data:`~multivector.solver._compiled.LOAD_AFTER_SECONDS` in the process, small games
    load the compiled walk too (see :mod:`multivector.solver._compiled`). Every walk
    finds the same vertices and labels, and equilibria are recomputed from their supports
    (:func:`_from_supports`), so the choice never changes a result.
    """
    reverse = ("multivector.solver._reverse_numba", "reverse_search")
    bfs = (_BFS, "bfs_vertices")
    first, second = (reverse, bfs) if m + n >= REVERSE_SEARCH_LABELS else (bfs, reverse)
    if m + n >= compile_from or worth_loading(_BFS):
        return compiled_kernel(*first)
    # a small game does not import a kernel (and numba) itself, see imported_kernel
    for where in (first, second):
        kernel = imported_kernel(*where)
        if kernel is None:
            continue
        if kernel in _LOADED:
            return kernel
        if kernel.signatures:
            _LOADED.add(kernel)  # loaded once, loaded for good: skip the look-up next time
            return kernel
    return None


# The compiled walks known to be loaded in this process.
_LOADED: set[Any] = set()
# The module of the compiled breadth-first walk, whose twin is the numpy walk.
_BFS = "multivector.solver._bfs_numba"


def _walk(kernel: Any, M: NDArray[np.float64]) -> tuple[NDArray[np.uint64], str | None]:
    """Tight-constraint masks of the nonzero vertices of ``{z >= 0 : M z <= 1}`` by the
    walk :func:`_compiled_walk` chose, and why they cannot be trusted (None when they
    can)."""
    degenerate = _DEGENERATE_WALK
    if kernel is None or kernel.__name__ == "bfs_vertices":
        start = time.perf_counter()
        _, labels, simple = vertices_bfs(M, max_vertices=MAX_VERTICES, compiled=kernel is not None)
        if kernel is None:
            spent(_BFS, time.perf_counter() - start)  # see _compiled_walk
        return labels, None if simple else degenerate
    status, _, labels = kernel(M, _WALK_TOL, MAX_VERTICES)
    if status == 2:
        raise SolverError(
            f"a best-response polytope has more than {MAX_VERTICES} vertices; enumerating "
            "all equilibria is out of reach, use method='lh-graph' or 'lemke-howson' for "
            "some of them"
        )
    if status == 3:
        return labels, (
            "the floating-point walk met a reduced cost too close to zero to follow: "
            "enumerated in exact arithmetic"
        )
    return labels, None if status == 0 else degenerate


def _partners_numpy(
    M: NDArray[np.float64], masks: NDArray[np.uint64], d: int, tol: float
) -> tuple[NDArray[np.int64], NDArray[np.int64]] | None:
    """The numpy twin of :func:`multivector.solver._partner_numba.complementary_partners`:
    the indices of the walked vertices (``masks``) whose partner in the other polytope
    (matrix ``M``, rows by the walked polytope's variables) is an equilibrium, and of those
    too close to call, batched by support size; None when a vertex's support and tight
    rows differ in size."""
    e = M.shape[1]
    bits = np.arange(d + e, dtype=np.uint64)
    on = ((masks[:, None] >> bits[None, :]) & np.uint64(1)).astype(bool)
    support, tight = ~on[:, :d], on[:, d:]
    sizes = support.sum(axis=1)
    if not np.array_equal(sizes, tight.sum(axis=1)):
        return None
    hit = np.zeros(len(masks), dtype=bool)
    undecided = np.zeros(len(masks), dtype=bool)
    for k in np.unique(sizes[sizes > 0]):  # (the origin, no support, pairs with nothing)
        rows = np.flatnonzero(sizes == k)
        S = np.nonzero(support[rows])[1].reshape(len(rows), k)
        T = np.nonzero(tight[rows])[1].reshape(len(rows), k)
        K = M[S[:, :, None], T[:, None, :]]
        # the smallest singular value bounds the solve's rounding (the compiled twin
        # bounds its pivots instead): a near-singular system is left undecided
        singular = np.linalg.svd(K, compute_uv=False)[:, -1] < _PARTNER_SINGULAR
        K[singular] = np.eye(k)  # solved for nothing, so that the batch solves
        w = np.linalg.solve(K, np.ones((len(rows), k, 1)))[..., 0]
        load = np.einsum("vik,vk->vi", M[:, T].transpose(1, 0, 2), w)
        load[np.arange(len(rows))[:, None], S] = 0.0  # rows on S are tight by construction
        outside = (w < -tol).any(axis=1) | (load > 1.0 + tol).any(axis=1)
        close = (w <= tol).any(axis=1) | (load >= 1.0 - tol).any(axis=1)
        undecided[rows[singular | (close & ~outside)]] = True
        hit[rows[~singular & ~outside & ~close]] = True
    return np.flatnonzero(hit), np.flatnonzero(undecided)


def _exact_partner(
    M: NDArray[np.object_], support: Sequence[int], tight: Sequence[int]
) -> bool | None:
    """Whether the walked vertex with ``support`` and ``tight`` rows has an equilibrium
    partner in ``{w >= 0 : M w <= 1}`` (``M`` exact, rows by the walked polytope's
    variables), decided in rational arithmetic; None when the other polytope is
    degenerate there (a singular system, a zero coordinate or a tight row off the
    support), which only the walk of both polytopes handles."""
    k = len(support)
    K = [[Fraction(M[i, j]) for j in tight] + [Fraction(1)] for i in support]
    for c in range(k):
        p = next((r for r in range(c, k) if K[r][c] != 0), None)
        if p is None:
            return None
        K[c], K[p] = K[p], K[c]
        for r in range(k):
            if r != c and K[r][c] != 0:
                f = K[r][c] / K[c][c]
                K[r] = [a - f * b for a, b in zip(K[r], K[c], strict=True)]
    w = [K[c][k] / K[c][c] for c in range(k)]
    if any(q < 0 for q in w):
        return False
    on = set(support)
    loads = [
        sum((Fraction(M[i, j]) * q for j, q in zip(tight, w, strict=True)), Fraction(0))
        for i in range(M.shape[0])
        if i not in on
    ]
    if any(load > 1 for load in loads):
        return False
    if any(q == 0 for q in w) or any(load == 1 for load in loads):
        return None
    return True


def _partner_kernel(m: int, n: int) -> Any:
    """The compiled partner check for an ``m x n`` game, or None for the numpy one: the
    rule of :func:`_compiled_walk` (compiled once loaded, or from
    :data:`COMPILE_LABELS` strategies in all)."""
    return _rule_kernel(m, n, "multivector.solver._partner_numba", "complementary_partners")


def _walk_first(kernel: Any, MP: NDArray[np.float64], MQ: NDArray[np.float64]) -> bool:
    """Whether the one-polytope walk takes the row player's polytope ``MP`` (else the
    column player's ``MQ``).

    The one of lower dimension, or in a square game from :data:`CHOOSE_WALK_FROM`
    strategies a side with the compiled reverse search, the one with fewer vertices of
    :data:`FACE_SUPPORT` nonzero coordinates by the estimate of :func:`_face_vertices`
    (the row player's on a tie or a failed estimate). The choice changes the time of a
    solve, never its result: either walk finds every equilibrium.
    """
    m, n = MQ.shape[0], MP.shape[0]
    if m != n:
        return m < n
    if m < CHOOSE_WALK_FROM or kernel is None or kernel.__name__ != "reverse_search":
        return True
    in_p, in_q = _face_vertices(kernel, MP), _face_vertices(kernel, MQ)
    return in_p < 0 or in_q < 0 or in_p <= in_q


def _face_vertices(
    kernel: Any,
    M: NDArray[np.float64],
    support: int = FACE_SUPPORT,
    samples: int = FACE_SAMPLES,
    seed: int = _FACE_SEED,
) -> float:
    """An unbiased estimate of how many vertices of ``{z >= 0 : M z <= 1}`` have exactly
    ``support`` nonzero coordinates, or -1.0 when a walk fails.

    The vertices with support ``S`` are those of the face ``{z_S >= 0 : M[:, S] z_S <=
    1}`` with every coordinate of ``S`` nonzero. ``samples`` random ``support``-subsets
    of the columns (from ``seed``: the same on every run) are walked by ``kernel``, and
    the count found, times ``C(d, support) / samples``, estimates the count over all
    subsets. (A compiled loop over the faces took 0.83 ms per 16x16 polytope against
    1.13 ms for this one, but compiling it cost 3 s on a first large solve.)
    """
    d = M.shape[1]
    support = min(support, d)
    rng = np.random.default_rng(seed)
    subsets = np.argsort(rng.random((samples, d)), axis=1)[:, :support]
    low = np.uint64((1 << support) - 1)
    found = 0
    for S in subsets:
        status, _, masks = kernel(np.ascontiguousarray(M[:, S]), _WALK_TOL, MAX_VERTICES)
        if status != 0:
            return -1.0
        found += int(np.count_nonzero((masks & low) == 0))
    return math.comb(d, support) * found / samples


def _one_polytope_pairs(
    game: NormalFormGame, kernel: Any, MP: NDArray[np.float64], MQ: NDArray[np.float64]
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]] | str | None:
    """Equilibrium supports from a walk of one polytope only (:func:`_walk_first`
    chooses it), each vertex checked for a partner in the other.

    A vertex whose check is too close to call in floating point (a near-singular system,
    a partner on the edge of the other polytope) is decided in rational arithmetic
    (:func:`_exact_partner`); such vertices are rare (a few in 10^5 on random games).
    Returns ``(x_support, y_support)``; the reason the float path cannot be trusted (a
    degenerate walked polytope) for the exact path; or None when the other polytope is
    degenerate at a walked vertex's partner or the count is even: the caller then walks
    both polytopes.
    """
    m, n = game.shape
    walk_p = _walk_first(kernel, MP, MQ)
    d, own, other = (m, MP, MQ) if walk_p else (n, MQ, MP)
    masks, why = _walk(kernel, own)
    if why is not None:
        return why
    check = _partner_kernel(m, n)
    if check is not None:
        status, hits, undecided = check(other, masks, d, _WALK_TOL)
        if status != 0:
            return None
    else:
        found = _partners_numpy(other, masks, d, _WALK_TOL)
        if found is None:
            return None
        hits, undecided = found
    bits = np.arange(d + (n if walk_p else m), dtype=np.uint64)
    if len(undecided):
        # the few vertices too close to call in floating point, decided exactly on the
        # rationalised payoffs (as the exact path would see them)
        # only the other polytope's payoffs (A when P is walked): rationalising each
        # float costs tens of microseconds
        R = game.rational_payoffs(MAX_DENOMINATOR, player=0 if walk_p else 1)
        exact = positive_shift(
            np.array(R, dtype=object) if walk_p else np.array(R, dtype=object).T,
            scaled=False,
        )
        more = []
        for v in undecided.tolist():
            on_v = (masks[v] >> bits) & np.uint64(1)
            support = np.flatnonzero(on_v[:d] == 0).tolist()
            tight = np.flatnonzero(on_v[d:]).tolist()
            decided = _exact_partner(exact, support, tight)
            if decided is None:
                return None
            if decided:
                more.append(v)
        hits = np.sort(np.concatenate([hits, np.array(more, dtype=np.int64)]))
    if len(hits) % 2 == 0:
        return None
    on = ((masks[hits, None] >> bits[None, :]) & np.uint64(1)).astype(bool)
    own_support, other_support = ~on[:, :d], on[:, d:]
    return (own_support, other_support) if walk_p else (other_support, own_support)


def _float_pairs(
    game: NormalFormGame,
) -> tuple[NDArray[np.float64], NDArray[np.float64], bool] | str:
    """Equilibrium strategies (x, y) of a nondegenerate game by the float walk, and
    whether both polytopes were walked (so that the game is known to be nondegenerate).

    From :data:`ONE_POLYTOPE_LABELS` strategies in all, one polytope is walked and each
    of its vertices checked for a partner (:func:`_one_polytope_pairs`); when the other
    polytope is degenerate at a partner or the count is even, both are walked. Returns
    the reason instead when the float path cannot be trusted: the polytopes are
    degenerate, the labels do not fit uint64 masks, or the count of equilibria is even
    (a nondegenerate game has an odd number, Shapley 1974, so round-off misled the
    walk). The caller then takes the exact path.
    """
    m, n = game.shape
    if m + n > 64:
        return "more than 64 strategies in all: enumerated in exact arithmetic"
    kernel = _compiled_walk(m, n)
    MP, MQ = _float_polytopes(game)
    if m + n >= ONE_POLYTOPE_LABELS:
        one = _one_polytope_pairs(game, kernel, MP, MQ)
        if isinstance(one, str):
            return one
        if one is not None:
            return (*_from_supports(game, *one), False)
    xl, why = _walk(kernel, MP)
    if why is not None:
        return why
    yl, why = _walk(kernel, MQ)
    if why is not None:
        return why
    yl = _relabel_q(yl, m, n)
    # nondegenerate: the only partner of x is the vertex labelled by the complement
    full = np.uint64((1 << (m + n)) - 1)
    order = np.argsort(yl)
    yl_sorted = yl[order]
    want = xl ^ full
    pos = np.minimum(np.searchsorted(yl_sorted, want), len(yl_sorted) - 1)
    hit = yl_sorted[pos] == want
    if hit.sum() % 2 == 0:
        return (
            "the floating-point walk found an even number of equilibria, impossible in "
            "a nondegenerate game: enumerated in exact arithmetic"
        )
    # supports: row i is played where label i is missing from x's labels, column j where
    # label m + j is missing from y's labels
    bits = np.arange(m + n, dtype=np.uint64)
    x_zero = (xl[hit, None] >> bits[None, :m]) & np.uint64(1)
    y_zero = (yl_sorted[pos[hit], None] >> bits[None, m:]) & np.uint64(1)
    return (*_from_supports(game, x_zero == 0, y_zero == 0), True)


def _from_supports(
    game: NormalFormGame, x_support: NDArray[np.bool_], y_support: NDArray[np.bool_]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Equilibrium strategies recomputed from their supports, in one batched solve.

    For supports ``I`` and ``J`` of equal size ``s``, ``y`` makes the row player
    indifferent on ``I`` and ``x`` the column player on ``J`` (the equations of support
    enumeration, von Stengel 2007, Section 3.4). One linear solve per equilibrium gives
    the answer to working precision, whatever path of pivots found the support. Systems
    of every size are solved at once, each padded to the largest with unknowns that no
    equation reads (a padding unknown's own row ties it to the payoff unknown), so that
    partial pivoting takes the system's own pivots and its solution is that of the
    system alone. The supports of one row must have the same size (the callers' walks
    of nondegenerate polytopes give them so).
    """
    A, B = game.bimatrix()
    E = len(x_support)
    m, n = A.shape
    X = np.zeros((E, m))
    Y = np.zeros((E, n))
    if E == 0:
        return X, Y
    sizes = x_support.sum(axis=1)
    N = int(sizes.max())
    valid = np.arange(N) < sizes[:, None]  # (E, N): the slots each support fills
    # each support's members in order (row-major nonzero lists them so, and the slots
    # too); past a support, the index m (or n) of a zero row (or column) added below
    e_of, slot_of = np.nonzero(valid)
    rows, cols = np.nonzero(x_support)[1], np.nonzero(y_support)[1]
    rI = np.full((E, N), m)
    cJ = np.full((E, N), n)
    rI[e_of, slot_of] = rows
    cJ[e_of, slot_of] = cols
    #  [A_IJ  -1] [y_J]   [0]        [B_IJ^T  -1] [x_I]   [0]
    #  [1^T    0] [ v ] = [1]        [1^T      0] [ u ] = [1]
    # with each unknown past the support (and its row) an identity block apart from the
    # equations: its row is e_s - e_v, no other row touches it, so the support's system
    # is solved as if alone (partial pivoting picks the same pivots)
    Az = np.zeros((m + 1, n + 1))
    Az[:m, :n] = A
    Bz = np.zeros((n + 1, m + 1))
    Bz[:n, :m] = B.T
    K = np.zeros((E, 2, N + 1, N + 1))
    K[:, 0, :N, :N] = Az[rI[:, :, None], cJ[:, None, :]]
    K[:, 1, :N, :N] = Bz[cJ[:, :, None], rI[:, None, :]]
    K.reshape(E, 2, -1)[:, :, : N * (N + 2) : N + 2] += ~valid[:, None, :]  # the diagonal
    K[:, :, :N, N] = -1.0
    K[:, :, N, :N] = valid[:, None, :]
    rhs = np.zeros((E, 2, N + 1, 1))
    rhs[:, :, N] = 1.0
    sol = np.linalg.solve(K, rhs)
    Y[e_of, cols] = sol[e_of, 0, slot_of, 0]
    X[e_of, rows] = sol[e_of, 1, slot_of, 0]
    return X, Y


def _match(v: _ExactVertices, m: int, n: int) -> list[tuple[int, int]]:
    """Index pairs (x, y) of completely labelled vertex pairs: labels cover all m + n."""
    full = (1 << (m + n)) - 1
    if not v.degenerate:
        index = {lab: j for j, lab in enumerate(v.y_labels)}
        return [(i, index[full ^ lab]) for i, lab in enumerate(v.x_labels) if full ^ lab in index]
    return [
        (i, j)
        for i, lx in enumerate(v.x_labels)
        for j, ly in enumerate(v.y_labels)
        if lx | ly == full
    ]


def _normalise_exact(z: Sequence[int]) -> tuple[Fraction, ...]:
    """A nonnegative integer vector scaled to sum 1, as fractions."""
    s = sum(z)
    return tuple(Fraction(q, s) for q in z)


def _components(
    pairs: list[tuple[int, int]],
) -> tuple[tuple[Component, ...], list[int], list[int]]:
    """Maximal Nash subsets (maximal bicliques) and connected components of the pairs.

    Returns the components plus the x- and y-vertex indices used, in order of first use,
    so that :class:`Component` indices refer to ``row_vertices`` / ``col_vertices``.
    """
    xs_used: dict[int, int] = {}
    ys_used: dict[int, int] = {}
    for i, j in pairs:
        xs_used.setdefault(i, len(xs_used))
        ys_used.setdefault(j, len(ys_used))
    adj_x: dict[int, set[int]] = {}
    for i, j in pairs:
        adj_x.setdefault(xs_used[i], set()).add(ys_used[j])
    # maximal bicliques = closed pairs (X, Y) of the Galois connection; the closed column
    # sets are the intersections of neighbourhoods of row vertices (few here).
    closed: set[frozenset[int]] = set()
    frontier = [frozenset(s) for s in adj_x.values()]
    while frontier:
        new = []
        for s in frontier:
            if s in closed:
                continue
            closed.add(s)
            for t in adj_x.values():
                u = s & t
                if u and u not in closed:
                    new.append(frozenset(u))
        frontier = new
    subsets = []
    for Y in closed:
        X = frozenset(i for i, nb in adj_x.items() if nb >= Y)
        subsets.append((tuple(sorted(X)), tuple(sorted(Y))))
    # connected components over the bipartite graph of extreme equilibria
    parent = list(range(len(xs_used) + len(ys_used)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    off = len(xs_used)
    for i, j in pairs:
        ra, rb = find(xs_used[i]), find(off + ys_used[j])
        if ra != rb:
            parent[ra] = rb
    groups: dict[int, list[int]] = {}
    for k, (i, _j) in enumerate(pairs):
        groups.setdefault(find(xs_used[i]), []).append(k)
    comps = []
    for root, members in groups.items():
        subs = tuple(sorted((X, Y) for X, Y in subsets if find(X[0]) == root))
        comps.append(Component(equilibria=tuple(members), nash_subsets=subs))
    comps.sort(key=lambda c: c.equilibria)
    return tuple(comps), list(xs_used), list(ys_used)


# ---------------------------------------------------------------------- public API
def enumerate_equilibria(
    game: NormalFormGame,
    *,
    exact: bool = False,
    max_denominator: int = MAX_DENOMINATOR,
    tol: float | None = None,
) -> Solution:
    """Every extreme equilibrium of a 2-player game, and the components they span.

    Parameters
    ----------
    game : NormalFormGame
        A 2-player game, degenerate or not.
    exact : bool
        Compute in rational arithmetic and attach exact profiles (regret exactly 0).
        Float payoffs are rationalised by :meth:`NormalFormGame.rational_payoffs`
        (nearest fraction with denominator at most ``max_denominator``); integer,
        fraction and decimal-string payoffs are used exactly.
    max_denominator : int
        See ``exact``.
    tol : float, optional
        Regret tolerance for the float results; default
        :meth:`NormalFormGame.default_tolerance`.

    Returns
    -------
    Solution
        ``complete=True``. ``equilibria`` are the extreme equilibria in decreasing
        lexicographic order of the row strategy. ``components`` group them into connected
        components and maximal Nash subsets; in a nondegenerate game every component is a
        single equilibrium. ``degenerate`` is None when only one best-response polytope
        was walked (float path, from :data:`ONE_POLYTOPE_LABELS` strategies in all):
        :func:`find_degeneracy` then tells.

    Raises
    ------
    SolverError
        For a game that does not have 2 players.

    Notes
    -----
    Vertex enumeration of the best-response polytopes (von Stengel 2007, "Equilibrium
    computation for two-player games in strategic and extensive form", in Algorithmic Game
    Theory, Section 3.5); degenerate games handled by labelling each vertex with every
    tight constraint and matching label sets by superset (Avis, Rosenberg, Savani and von
    Stengel 2010, "Enumeration of Nash equilibria for two-player games", Economic Theory
    42). The float path walks the bases of each polytope breadth first; the exact path
    uses lexicographic integer pivoting (Avis 2000, lrs). See the module docstring for
    when each runs.

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    >>> sol = enumerate_equilibria(g, exact=True)
    >>> for e in sol.equilibria:
    ...     print(" | ".join(" ".join(str(p) for p in x) for x in e.exact))
    1 0 0 | 1 0
    4/5 1/5 0 | 2/3 1/3
    0 1/3 2/3 | 1/3 2/3

    A degenerate game: the row player is always indifferent, so the equilibria are the
    row mixes with the column player's best responses to them, a path through four
    extreme equilibria forming one component.

    >>> d = NormalFormGame.from_bimatrix([[1, 0], [1, 0]], [[1, 0], [0, 1]])
    >>> sol = enumerate_equilibria(d)
    >>> sol.degenerate, len(sol.equilibria), len(sol.components)
    (True, 4, 1)
    >>> [len(X) * len(Y) for X, Y in sol.components[0].nash_subsets]
    [2, 2, 2]
    """
    if game.num_players != 2:
        raise SolverError(
            f"vertex enumeration is for 2-player games; this one has {game.num_players} "
            "players. Use method='pure' (or the n-player methods when available)"
        )
    m, n = game.shape
    method = "exact" if exact else "vertex"
    notes: list[str] = []
    if min(m, n) == 1:
        return _one_strategy_game(game, exact, max_denominator, tol, method)
    if not exact and (m + n > SMALL_GAME or not game.is_exact):
        pairs = _float_pairs(game)
        if not isinstance(pairs, str):
            X, Y, both = pairs
            # largest probabilities first: lexicographic on (-x, -y)
            eqs = make_bimatrix_equilibria(game, X, Y, method, tol=tol, sort=True)
            return Solution(
                game=game,
                equilibria=tuple(eqs),
                method=method,
                complete=True,
                exact=False,
                degenerate=False if both else None,
                components=tuple(
                    Component(equilibria=(k,), nash_subsets=(((k,), (k,)),))
                    for k in range(len(eqs))
                ),
                row_vertices=tuple(e.profile[0] for e in eqs),
                col_vertices=tuple(e.profile[1] for e in eqs),
            )
        notes.append(pairs)
    verts = _exact_vertices(game, max_denominator)
    if not game.is_exact and (exact or notes):
        notes.append(
            "float payoffs rationalised to the nearest fraction with denominator "
            f"<= {max_denominator}"
        )
    matched = _match(verts, m, n)
    # order: largest probabilities first, exactly. A vertex z (integers) stands for z / sum(z);
    # scaled by one common multiple of the sums, the keys are integers in the same order
    # (Fractions cost two microseconds each, and a game with a thousand equilibria of a
    # thousand strategies made a million of them)
    sums_x = {i: sum(verts.xs[i]) for i, _ in matched}
    sums_y = {j: sum(verts.ys[j]) for _, j in matched}
    lx, ly = math.lcm(*sums_x.values(), 1), math.lcm(*sums_y.values(), 1)
    key_x = {i: tuple(-q * (lx // s) for q in verts.xs[i]) for i, s in sums_x.items()}
    key_y = {j: tuple(-q * (ly // s) for q in verts.ys[j]) for j, s in sums_y.items()}
    ordered = sorted(matched, key=lambda ij: (key_x[ij[0]], key_y[ij[1]], ij))
    X = np.array([[q / sums_x[i] for q in verts.xs[i]] for i, _ in ordered]).reshape(-1, m)
    Y = np.array([[q / sums_y[j] for q in verts.ys[j]] for _, j in ordered]).reshape(-1, n)
    exact_profiles = (
        [(_normalise_exact(verts.xs[i]), _normalise_exact(verts.ys[j])) for i, j in ordered]
        if exact
        else None
    )
    eqs = make_bimatrix_equilibria(game, X, Y, method, tol=tol, exact=exact_profiles)
    comps, xs_used, ys_used = _components(ordered)
    first_x = {i: k for k, (i, _) in reversed(list(enumerate(ordered)))}
    first_y = {j: k for k, (_, j) in reversed(list(enumerate(ordered)))}
    return Solution(
        game=game,
        equilibria=tuple(eqs),
        method=method,
        complete=True,
        exact=exact,
        degenerate=verts.degenerate,
        components=comps,
        row_vertices=tuple(eqs[first_x[i]].profile[0] for i in xs_used),
        col_vertices=tuple(eqs[first_y[j]].profile[1] for j in ys_used),
        notes=tuple(notes),
    )


def vertex_enumeration(game: NormalFormGame, *, exact: bool = False) -> list[Equilibrium]:
    """Every extreme equilibrium of a 2-player game (see :func:`enumerate_equilibria`).

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> rps = NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    >>> [e.profile[0].round(4).tolist() for e in vertex_enumeration(rps)]
    [[0.3333, 0.3333, 0.3333]]
    """
    return list(enumerate_equilibria(game, exact=exact).equilibria)


def find_degeneracy(
    game: NormalFormGame, *, max_denominator: int = MAX_DENOMINATOR
) -> Degeneracy | None:
    """A witness of degeneracy of a 2-player game, or None when it is nondegenerate.

    Exact: the vertices of both best-response polytopes are enumerated in rational
    arithmetic, and a vertex with more tight constraints than its dimension is a mixed
    strategy with more pure best responses than its support size. A nondegenerate game
    is usually answered sooner, by the proof that float walks found every vertex, each
    nondegenerate (:func:`_proved_vertices`).

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 1], [0, 2]], [[1, 1], [0, 2]],
    ...                                  strategies=[["T", "B"], ["L", "R"]])
    >>> print(find_degeneracy(g))
    P1's strategy {T: 1} uses 1 strategy but has 2 pure best responses (L, R)
    >>> find_degeneracy(NormalFormGame.from_bimatrix([[1, 0], [0, 1]])) is None
    True
    """
    if game.num_players != 2:
        raise SolverError("degeneracy is defined here for 2-player games")
    m, n = game.shape
    v = _exact_vertices(game, max_denominator)
    for xs, labels, own, k, other, who in (
        (v.xs, v.x_labels, 0, m, 1, 0),
        (v.ys, v.y_labels, 1, n, 0, 1),
    ):
        for z, lab in zip(xs, labels, strict=True):
            if lab.bit_count() <= k:
                continue
            zq = _normalise_exact(z)
            strategy = {game.strategies[own][i]: q for i, q in enumerate(zq) if q != 0}
            offset = m if who == 0 else 0
            size = n if who == 0 else m
            brs = tuple(game.strategies[other][t] for t in range(size) if lab >> (offset + t) & 1)
            return Degeneracy(player=game.players[own], strategy=strategy, best_responses=brs)
    return None


#: Largest number of probabilities (extreme equilibria times strategies in all) the
#: equilibria of a game where one player has a single strategy may hold: about 160 MB.
MAX_LISTED_PROBABILITIES = 20_000_000


def _one_strategy_game(
    game: NormalFormGame, exact: bool, max_denominator: int, tol: float | None, method: str
) -> Solution:
    """The extreme equilibria of a game where a player has one strategy, directly.

    That player's strategy is fixed; the other's extreme equilibrium strategies are its
    pure best responses to it (compared exactly, by the rule of the exact methods), and
    every mixture of them is an equilibrium: one component. No polytope is walked (a
    1 x 20,001 game's polytope has 20,002 vertices of 20,001 coordinates each).
    """
    m, n = game.shape
    one = 0 if m == 1 else 1  # the player with a single strategy
    other = 1 - one
    size = game.shape[other]
    payoffs = game.rational_payoffs(max_denominator)[other]
    row = [payoffs[(0, j) if one == 0 else (j, 0)] for j in range(size)]
    best = max(row)
    replies = [j for j in range(size) if row[j] == best]
    if len(replies) * (m + n) > MAX_LISTED_PROBABILITIES:
        raise SolverError(
            f"in this {m}x{n} game {game.players[one]} has one strategy and "
            f"{game.players[other]} is indifferent among {len(replies):,} best replies: "
            f"every mixture of them is an equilibrium, and the list of its {len(replies):,} "
            f"extreme points would hold {len(replies) * (m + n):,} probabilities. Use "
            "method='lemke-howson' for one of them"
        )
    fixed = np.ones(1)
    profiles = []
    for j in replies:
        pure = np.zeros(size)
        pure[j] = 1.0
        profiles.append((fixed, pure) if one == 0 else (pure, fixed))
    X = np.array([x for x, _ in profiles]).reshape(-1, m)
    Y = np.array([y for _, y in profiles]).reshape(-1, n)
    exact_profiles = None
    if exact:
        exact_profiles = [
            (tuple(Fraction(int(v)) for v in x), tuple(Fraction(int(v)) for v in y))
            for x, y in profiles
        ]
    eqs = make_bimatrix_equilibria(game, X, Y, method, tol=tol, exact=exact_profiles)
    notes: tuple[str, ...] = ()
    if len(replies) > 1:
        notes = ("a player has a single strategy: the equilibria are the other's best replies",)
        if not game.is_exact:
            notes += (
                "float payoffs rationalised to the nearest fraction with denominator "
                f"<= {max_denominator}",
            )
    many = tuple(range(len(replies)))
    subset = ((0,), many) if one == 0 else (many, (0,))
    return Solution(
        game=game,
        equilibria=tuple(eqs),
        method=method,
        complete=True,
        exact=exact,
        degenerate=len(replies) > 1,
        components=(Component(equilibria=many, nash_subsets=(subset,)),),
        row_vertices=tuple(e.profile[0] for e in eqs[:1])
        if one == 0
        else tuple(e.profile[0] for e in eqs),
        col_vertices=tuple(e.profile[1] for e in eqs)
        if one == 0
        else tuple(e.profile[1] for e in eqs[:1]),
        notes=notes,
    )


def run_vertex(game: NormalFormGame, *, tol: float | None = None) -> Solution:
    """Registry runner for ``method="vertex"``."""
    return enumerate_equilibria(game, exact=False, tol=tol)


def run_exact(
    game: NormalFormGame, *, max_denominator: int = MAX_DENOMINATOR, tol: float | None = None
) -> Solution:
    """Registry runner for ``method="exact"``."""
    return enumerate_equilibria(game, exact=True, max_denominator=max_denominator, tol=tol)
