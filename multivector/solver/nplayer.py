"""Every isolated Nash equilibrium of a small n-player game, by support enumeration with a
certified subdivision search on each support profile.

How it works
------------
An equilibrium with supports ``S_1, ..., S_n`` solves the polynomial system "each player
is indifferent among the strategies of its support, and each mixed strategy sums to one",
and no strategy outside a support pays more. With ``d_i = |S_i| - 1`` free probabilities
per player the system is square (``sum d_i`` equations in as many unknowns) and
*multilinear*: player ``i``'s equations have degree one in each other player's
probabilities and degree zero in its own.

1. **Support profiles.** Every profile is kept when it is *balanced*,
   ``d_i <= sum_{j != i} d_j`` for every player (otherwise the multihomogeneous Bezout
   number of its system is zero and the system has no isolated solution; McKelvey and
   McLennan 1997, "The maximal number of regular totally mixed Nash equilibria",
   J. Econ. Theory 72), and when no strategy of a support is strictly dominated by a pure
   strategy against every profile of the others' supports (the test of Porter, Nudelman
   and Shoham 2008, "Simple search methods for finding a Nash equilibrium", Games Econ.
   Behav. 63, Algorithm 2, applied to whole profiles). Both tests run on all profiles at
   once.
2. **Each surviving system is searched by certified subdivision** of the box of its free
   probabilities (:mod:`multivector.solver._subdivision`). Every equation, every
   "outside strategy pays no more" inequality and every entry of the Jacobian is
   multiaffine, so its exact range over a box is spanned by the box's corners. A box is
   dropped when a support strategy is beaten everywhere in it, or when the Krawczyk
   operator (Krawczyk 1969; Moore, Kearfott and Cloud 2009, *Introduction to Interval
   Analysis*, section 8.2), computed with these exact ranges, misses it; a box the
   operator maps into itself while contracting holds exactly one solution, which is
   then refined to machine precision. The other boxes are bisected. The boxes of all
   profiles are processed together, level by level, in numpy arrays. The same approach,
   subdivision of the probability box with a uniqueness test, is Gambit's ``enumpoly``;
   here the inequalities and the exact hull of the preconditioned Newton map prune boxes
   too, and a box that cannot be decided is never dropped silently. With numba installed
   (the ``fast`` extra) the search runs in a compiled kernel once it is loaded (see
   :mod:`._subdivision`).
3. **Profiles the subdivision cannot resolve** (a box that stays undecided down to a
   width of ``1e-10``, or a profile needing more boxes than its budget: singular
   solutions and continua), and profiles on which two support strategies of a player
   pay the same against every profile of the others' supports (an identically zero
   equation), are solved by homotopy continuation instead
   (:mod:`multivector.solver._homotopy`; Morgan and Sommese 1987), after a linear
   program per strategy has ruled out the profiles on which a support strategy is
   strictly dominated by a mixed strategy. Herings and Peeters (2005, Ann. Oper. Res.
   137) and Datta (2010, Econ. Theory 42) use the same homotopy for all profiles.
4. **Certification.** Every candidate is kept when it lies in the simplex and its regret
   on the full game is at most the tolerance; equilibria found from several support
   profiles are listed once.

Guarantees and limits
---------------------
* For games whose equilibria are *regular* (nonsingular Jacobian of the support system,
  no unused best response) -- almost every game -- the list is every equilibrium, each
  computed to about machine precision: every box was either excluded by a test or holds
  a certified solution. The tests run in floating point with margins (``1e-11`` of the
  payoff range) far above the rounding errors they cover, not in directed rounding.
* Where a support system has a singular solution (a multiple root, or a
  positive-dimensional set of solutions, as in games with ties), or a homotopy path
  fails, the result says so in ``Solution.notes`` and ``complete`` is False. Equilibria
  found at singular endpoints are returned when their regret passes; equilibria inside
  positive-dimensional sets (continua) are not enumerated: the note names the support
  profile so that a user can study it. An equilibrium with an unused best response (not
  quasi-strict) is also reported in the notes, since that is where continua of
  equilibria attach.
* Size limit: the number of support profiles is ``prod_i (2^{s_i} - 1)``; above
  ``max_support_profiles`` (default :data:`DEFAULT_MAX_SUPPORT_PROFILES`) the function
  refuses with a :class:`~multivector.errors.SolverError` naming the alternatives, as it
  does when one support system sent to the homotopy needs more than ``max_paths`` paths.
* Randomness (the homotopy's start systems and ``gamma``) comes from a seeded generator:
  results are reproducible, and a different ``seed`` gives an independent run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver._homotopy import System, bezout_number, newton, track_support
from multivector.solver._subdivision import MARGIN, search
from multivector.solver.equilibrium import Equilibrium, Solution

__all__ = [
    "DEFAULT_MAX_PATHS",
    "DEFAULT_MAX_SUPPORT_PROFILES",
    "nplayer_equilibria",
    "polish_on_support",
    "run_support_homotopy",
    "support_profile_count",
]

#: Largest number of support profiles, ``prod_i (2^{s_i} - 1)``, the enumeration accepts
#: by default (a 5x4x3 game has 3,255, a 4x4x4 game 3,375).
DEFAULT_MAX_SUPPORT_PROFILES = 4_096

#: Largest number of homotopy paths (the m-homogeneous Bezout number) of one support
#: system sent to the homotopy accepted by default.
DEFAULT_MAX_PATHS = 5_000

_METHOD = "support-homotopy"

Supports = tuple[tuple[int, ...], ...]
FloatArray = NDArray[np.float64]


# ---------------------------------------------------------------------- support profiles
def support_profile_count(shape: Sequence[int]) -> int:
    """Number of support profiles of a game with ``shape`` strategies: ``prod (2^s - 1)``.

    Examples
    --------
    >>> support_profile_count((2, 2, 2)), support_profile_count((3, 3, 3))
    (27, 343)
    """
    out = 1
    for s in shape:
        out *= 2 ** int(s) - 1
    return out


def _scaled(game: NormalFormGame) -> FloatArray:
    """Payoffs shifted per player to a minimum of 0 and divided by the payoff scale: the
    same equilibria, in the units of the search's margins."""
    u = game.payoffs
    low = u.reshape(u.shape[0], -1).min(axis=1).reshape(-1, *([1] * (u.ndim - 1)))
    return np.asarray((u - low) / game.payoff_scale(), dtype=np.float64)


@dataclass(frozen=True)
class _ProfileTable:
    """What the candidate test needs that depends only on the game's shape."""

    index: NDArray[np.intp]  # (P, n): each balanced profile's subset per player
    inside: tuple[NDArray[np.bool_], ...]  # per player (P, s_p): the support's indicator
    others: tuple[NDArray[np.bool_], ...]  # per player (combos, K): the others' profiles
    combo: tuple[NDArray[np.intp], ...]  # per player (P,): its combination of the others


@lru_cache(maxsize=32)
def _profile_table(shape: tuple[int, ...]) -> _ProfileTable:
    n = len(shape)
    masks = []
    for s in shape:
        rows = [np.array(bits, dtype=bool) for bits in np.ndindex(*([2] * s)) if any(bits)]
        rows.sort(key=lambda r: (int(r.sum()), tuple(-r.astype(int))))
        masks.append(np.array(rows))
    counts = [len(m) for m in masks]
    index = np.indices(counts).reshape(n, -1).T
    d = np.stack([masks[j].sum(axis=1)[index[:, j]] - 1 for j in range(n)], axis=1)
    index = index[np.all(2 * d <= d.sum(axis=1, keepdims=True), axis=1)]
    inside, others, combo = [], [], []
    for p in range(n):
        rest = [q for q in range(n) if q != p]
        mask = masks[rest[0]]
        for q in rest[1:]:
            mask = (mask[:, None, :, None] & masks[q][None, :, None, :]).reshape(
                mask.shape[0] * masks[q].shape[0], -1
            )
        inside.append(masks[p][index[:, p]])
        others.append(mask)
        combo.append(np.ravel_multi_index(tuple(index[:, rest].T), [counts[q] for q in rest]))
    return _ProfileTable(index, tuple(inside), tuple(others), tuple(combo))


def _candidate_profiles(
    scaled: FloatArray, tol: float
) -> tuple[list[NDArray[np.bool_]], list[NDArray[np.bool_]]]:
    """Balanced support profiles with no support strategy strictly dominated by a pure
    strategy against the others' supports, split into those whose systems can be
    searched and those with an identically zero equation (two support strategies of a
    player tie against every profile of the others' supports). Each is given as one
    array of support indicators per player, ``(P, s_j)``.

    All profiles are tested at once: for each player, one array holds the smallest and
    the largest payoff difference of every pair of its strategies over every combination
    of the others' supports.
    """
    n = scaled.shape[0]
    shape = scaled.shape[1:]
    table = _profile_table(tuple(int(s) for s in shape))
    P = len(table.index)
    bad = np.zeros(P, dtype=bool)
    tied = np.zeros(P, dtype=bool)
    for p in range(n):
        u = np.moveaxis(scaled[p], p, 0).reshape(shape[p], -1)
        diff = u[None, :, :] - u[:, None, :]  # [a, c, profile of the others]: u_c - u_a
        where = table.others[p][:, None, None, :]
        lowest = np.where(where, diff[None], np.inf).min(axis=3)  # (combos, a, c)
        widest = np.where(where, np.abs(diff)[None], 0.0).max(axis=3)
        dominated = (lowest > tol).any(axis=2)  # (combos, a)
        ties = (widest <= tol) & ~np.eye(shape[p], dtype=bool)
        inside = table.inside[p]
        bad |= (dominated[table.combo[p]] & inside).any(axis=1)
        pairs = ties[table.combo[p]] & inside[:, :, None] & inside[:, None, :]
        tied |= pairs.reshape(P, -1).any(axis=1)
    keep, hard = ~bad & ~tied, ~bad & tied
    return [m[keep] for m in table.inside], [m[hard] for m in table.inside]


def _supports(masks: Sequence[NDArray[np.bool_]], k: int) -> Supports:
    """Profile ``k`` of ``masks`` as a tuple of supports."""
    return tuple(tuple(int(a) for a in np.flatnonzero(m[k])) for m in masks)


def _excluded_by_mixed_dominance(
    payoffs: NDArray[np.float64], supports: Supports, tol: float
) -> bool:
    """True when a strategy of some support is strictly dominated, against every profile
    of the others' supports, by a mixed strategy (one linear program per strategy): no
    equilibrium then has these supports."""
    from scipy.optimize import linprog

    n = payoffs.shape[0]
    for i in range(n):
        index = [list(s) for s in supports]
        index[i] = list(range(payoffs.shape[i + 1]))
        M = np.moveaxis(payoffs[i][np.ix_(*index)], i, 0).reshape(payoffs.shape[i + 1], -1)
        k, c = M.shape
        for a in supports[i]:
            # maximise eps: sigma . M[:, col] >= M[a, col] + eps for every column
            res = linprog(
                np.r_[np.zeros(k), -1.0],
                A_ub=np.c_[-M.T, np.ones(c)],
                b_ub=-M[a],
                A_eq=np.r_[np.ones(k), 0.0][None, :],
                b_eq=[1.0],
                bounds=[(0, None)] * k + [(None, None)],
                method="highs",
            )
            if res.status == 0 and -res.fun > tol:
                return True
    return False


# ---------------------------------------------------------------------- the homotopy fallback
@dataclass
class _Report:
    singular: list[Supports]
    failed: list[Supports]
    paths: int = 0
    homotopy: int = 0


def _solve_by_homotopy(
    game: NormalFormGame,
    supports: Supports,
    rng: np.random.Generator,
    max_paths: int,
    report: _Report,
) -> list[tuple[list[FloatArray], bool]]:
    """Real solutions in the simplex of one support system by homotopy continuation:
    ``(profile, singular)`` pairs."""
    system = System.build(game.payoffs, supports)
    report.homotopy += 1
    if system.size == 0:  # pragma: no cover - pure profiles are never sent here
        return [(system.profile(np.zeros(0), game.shape), False)]
    owner = tuple(int(o) for o in np.repeat(np.arange(len(system.mixers)), system.dims))
    count = bezout_number(owner, system.dims)
    if count > max_paths:
        raise SolverError(
            f"support profile {_describe(game, supports)} needs {count} homotopy paths, more "
            f"than max_paths={max_paths}; raise max_paths, or use method='logit-trace' "
            "(one equilibrium) or 'gambit-gnm'"
        )
    if count == 0:  # pragma: no cover - balanced profiles have a positive Bezout number
        return []
    endpoints, paths, clean = track_support(system, rng)
    report.paths += paths
    if not clean:
        report.failed.append(supports)
    out = []
    for yc, singular in endpoints:
        if singular:
            report.singular.append(supports)
        scale = 1.0 + np.abs(yc).max()
        if np.abs(yc.imag).max() > 1e-6 * scale:
            continue
        y = yc.real.astype(np.float64)
        if np.any(y < -1e-6) or any(
            y[off : off + d].sum() > 1 + 1e-6
            for off, d in zip(system.offsets, system.dims, strict=True)
        ):
            continue
        y, _, cond = newton(system, y)
        profile = system.profile(y, game.shape)
        if any(np.any(x < -1e-12) for x in profile):
            continue
        out.append(([np.clip(x, 0.0, None) for x in profile], singular or cond > 1e8))
    return out


# ---------------------------------------------------------------------- polishing
def polish_on_support(
    game: NormalFormGame, profile: Sequence[NDArray[np.float64]], *, threshold: float = 1e-6
) -> list[NDArray[np.float64]] | None:
    """Refine an approximate equilibrium by Newton's method on its support system.

    The support of each player is taken as the strategies with probability above
    ``threshold``; the indifference equations on it are solved by Newton's method (least
    squares when the system is not square), starting from ``profile``.

    Parameters
    ----------
    game : NormalFormGame
    profile : sequence of ndarray
        An approximate equilibrium, for example from a path-following method.
    threshold : float
        Probabilities at or below it are set to zero.

    Returns
    -------
    list of ndarray or None
        The refined profile, or None when Newton's method left the simplex or did not
        converge. The caller certifies the result by its regret.

    Examples
    --------
    >>> import numpy as np
    >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> [x.tolist() for x in polish_on_support(mp, [np.array([.51, .49]), np.array([.5, .5])])]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    supports = tuple(
        tuple(int(k) for k in np.flatnonzero(np.asarray(x) > threshold)) for x in profile
    )
    if any(not s for s in supports):
        return None
    system = System.build(game.payoffs, supports)
    y0 = np.concatenate(
        [np.asarray(profile[j], dtype=np.float64)[list(supports[j][1:])] for j in system.mixers]
        or [np.zeros(0)]
    )
    total = [float(np.asarray(profile[j])[list(supports[j])].sum()) for j in system.mixers]
    for off, d, tot in zip(system.offsets, system.dims, total, strict=True):
        y0[off : off + d] /= tot
    y, converged, _ = newton(system, y0) if y0.size else (y0, True, 1.0)
    if not converged:
        return None
    out = system.profile(y, game.shape)
    if any(np.any(x < -1e-9) for x in out):
        return None
    return [np.clip(x, 0.0, None) / np.clip(x, 0.0, None).sum() for x in out]


# ---------------------------------------------------------------------- the enumeration
def _describe(game: NormalFormGame, supports: Supports) -> str:
    parts = [
        f"{p}: {{{', '.join(game.strategies[i][k] for k in s)}}}"
        for i, (p, s) in enumerate(zip(game.players, supports, strict=True))
    ]
    return "(" + "; ".join(parts) + ")"


def nplayer_equilibria(
    game: NormalFormGame,
    *,
    tol: float | None = None,
    max_support_profiles: int = DEFAULT_MAX_SUPPORT_PROFILES,
    max_paths: int = DEFAULT_MAX_PATHS,
    seed: int = 0,
) -> Solution:
    """Every isolated Nash equilibrium of a small n-player game.

    Support enumeration with dominance pruning, a certified subdivision search on each
    support profile's polynomial system, and homotopy continuation on the profiles the
    search cannot resolve; see the module docstring for the method and its limits.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players (2-player games work too, but ``"vertex"`` is faster).
    tol : float, optional
        Largest regret accepted; default :meth:`NormalFormGame.default_tolerance`.
    max_support_profiles : int
        Refuse games with more support profiles, ``prod_i (2^{s_i} - 1)``.
    max_paths : int
        Refuse a support system sent to the homotopy that needs more paths.
    seed : int
        Seed of the homotopy's random start systems.

    Returns
    -------
    Solution
        Method ``"support-homotopy"``; ``complete`` is True when every support profile was
        either decided by the subdivision or tracked by the homotopy without failure,
        every solution found was nonsingular and every equilibrium is quasi-strict, and
        False otherwise with the reasons in ``notes``.

    Raises
    ------
    SolverError
        When the game is past the size limits.

    Notes
    -----
    Porter, Nudelman and Shoham (2008) for the support search; McKelvey and McLennan
    (1997) for the balance condition; Krawczyk (1969) and Moore, Kearfott and Cloud (2009)
    for the interval test; Morgan and Sommese (1987) for the m-homogeneous homotopy.

    Examples
    --------
    The 2x2x2 game of McKelvey and McLennan (1997) with nine equilibria, two of them
    totally mixed (Gambit's ``2x2x2.nfg``):

    >>> import numpy as np
    >>> u = np.zeros((3, 2, 2, 2))
    >>> u[:, 0, 0, 0] = 9, 8, 12
    >>> u[:, 1, 1, 0] = 9, 8, 2
    >>> u[:, 0, 1, 1] = 3, 4, 6
    >>> u[:, 1, 0, 1] = 3, 4, 6
    >>> sol = nplayer_equilibria(NormalFormGame(u))
    >>> totally_mixed = [e for e in sol if all(len(s) == 2 for s in e.supports)]
    >>> len(sol), len(totally_mixed), sol.complete, max(e.regret for e in sol) < 1e-12
    (9, 2, True, True)
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(f"expected a NormalFormGame, not {type(game).__name__}")
    tol = game.default_tolerance() if tol is None else float(tol)
    profiles = support_profile_count(game.shape)
    if profiles > max_support_profiles:
        raise SolverError(
            f"a {'x'.join(map(str, game.shape))} game has {profiles} support profiles, more "
            f"than the limit of {max_support_profiles} for method 'support-homotopy'; use "
            "method='logit-trace' (one equilibrium), 'gambit-gnm' or 'gambit-simpdiv' (one "
            "or some; pip install multivector[gambit]), 'pure' (pure equilibria), or raise "
            "max_support_profiles"
        )
    scaled = _scaled(game)
    searched, tied = _candidate_profiles(scaled, MARGIN)
    found = search(scaled, searched)
    # the profiles the subdivision could not decide, and those with an identically zero
    # equation, go to the homotopy unless a mixed strategy rules them out
    hard = [_supports(searched, k) for k in sorted(found.unresolved)]
    hard += [_supports(tied, k) for k in range(tied[0].shape[0])]
    rng = np.random.default_rng(seed)
    report = _Report(singular=[], failed=[])
    mixed_tol = 1e-9 * game.payoff_scale()
    extra: list[tuple[list[FloatArray], bool]] = []
    for supports in hard:
        if _excluded_by_mixed_dominance(game.payoffs, supports, mixed_tol):
            continue
        extra.extend(_solve_by_homotopy(game, supports, rng, max_paths, report))
    points = [
        np.concatenate([found.points[j], np.array([c[0][j] for c in extra]).reshape(-1, s)])
        for j, s in enumerate(game.shape)
    ]
    singular = np.concatenate([np.zeros(found.owner.size, dtype=bool), [c[1] for c in extra]])
    equilibria, singular_eq, loose = _certify(game, points, singular.astype(bool), tol)
    searched_count = searched[0].shape[0]
    notes = [
        f"{searched_count} support profile{'' if searched_count == 1 else 's'} searched by "
        f"certified subdivision ({found.boxes} boxes)"
        + (
            f"; {report.homotopy} solved by homotopy continuation ({report.paths} paths)"
            if report.homotopy
            else ""
        )
    ]
    complete = True
    if report.failed:
        complete = False
        notes.append(
            f"path tracking failed on {len(report.failed)} support profile(s), first "
            f"{_describe(game, report.failed[0])}; equilibria there may be missing: try "
            "another seed"
        )
    singular_profiles = sorted(set(report.singular))
    if singular_profiles:
        complete = False
        notes.append(
            f"{len(singular_profiles)} support profile(s) have singular solutions (multiple "
            f"roots or a continuum), first {_describe(game, singular_profiles[0])}; equilibria "
            "inside continua are not enumerated"
            + (f"; {singular_eq} equilibria returned are singular" if singular_eq else "")
        )
    if loose:
        complete = False
        notes.append(
            f"{len(loose)} equilibria have an unused best response (not quasi-strict), "
            f"first {equilibria[loose[0]]!r}; the game is degenerate there and continua "
            "of equilibria may attach to them"
        )
    return Solution(
        game=game,
        equilibria=tuple(equilibria),
        method=_METHOD,
        complete=complete,
        degenerate=True if singular_profiles or loose else (None if report.failed else False),
        notes=tuple(notes),
    )


def _deviations(payoffs: FloatArray, X: Sequence[FloatArray]) -> list[FloatArray]:
    """Each player's payoff from each pure strategy against the others' mixed strategies,
    for a batch of profiles: ``X[j]`` is ``(K, s_j)``, the result ``(K, s_p)`` per player."""
    n = payoffs.shape[0]
    letters = "abcdefghijklmnopqrstuvwxyz"[:n]
    out = []
    for p in range(n):
        others = [q for q in range(n) if q != p]
        spec = ",".join([letters, *(f"Z{letters[q]}" for q in others)]) + f"->Z{letters[p]}"
        out.append(np.einsum(spec, payoffs[p], *(X[q] for q in others)))
    return out


def _certify(
    game: NormalFormGame, points: Sequence[FloatArray], singular: NDArray[np.bool_], tol: float
) -> tuple[list[Equilibrium], int, list[int]]:
    """The candidates that are equilibria, each listed once, sorted; how many of them are
    singular; and the indices of those with an unused best response. Candidate ``k`` is
    the profile ``points[j][k]`` (per player ``j``).

    Every candidate is certified as :func:`~multivector.solver.equilibrium.make_equilibrium`
    does (probabilities cleaned and renormalised, regret at most ``tol``), with the
    deviation payoffs of all candidates computed in one contraction per player.
    """
    n = game.num_players
    K = points[0].shape[0]
    if not K:
        return [], 0, []
    X = [np.array(x, dtype=np.float64) for x in points]
    ok = np.ones(K, dtype=bool)
    for j in range(n):
        ok &= np.all(X[j] >= -1e-9, axis=1)
        X[j] = np.clip(X[j], 0.0, None)
        X[j] /= X[j].sum(axis=1, keepdims=True)
    dev = _deviations(game.payoffs, X)
    values = np.stack([np.sum(d * x, axis=1) for d, x in zip(dev, X, strict=True)], axis=1)
    best = np.stack([d.max(axis=1) for d in dev], axis=1)
    regret = np.maximum(best - values, 0.0).max(axis=1)
    # an unused strategy paying as much as the best: not quasi-strict
    slack = max(tol, 1e-9)
    unused_best = np.zeros(K, dtype=bool)
    for j, (d, x) in enumerate(zip(dev, X, strict=True)):
        unused_best |= np.any((x <= 1e-12) & (d >= best[:, j : j + 1] - slack), axis=1)
    ok &= regret <= tol
    # one of each: the first candidate of every cluster of equal profiles
    flat = np.concatenate(X, axis=1)
    good = np.flatnonzero(ok)
    gaps = np.abs(flat[good][:, None, :] - flat[good][None, :, :]).max(axis=2)
    earlier = np.tril(gaps <= 1e-7, k=-1).any(axis=1)
    kept = sorted(good[~earlier].tolist(), key=lambda k: tuple(-flat[k]))
    equilibria = []
    for k in kept:
        profile = tuple(x[k].copy() for x in X)
        for x in profile:
            x.flags.writeable = False
        payoffs = values[k].copy()
        payoffs.flags.writeable = False
        equilibria.append(
            Equilibrium(
                profile=profile,
                payoffs=payoffs,
                regret=float(regret[k]),
                method=_METHOD,
                players=game.players,
                strategies=game.strategies,
            )
        )
    loose = [i for i, k in enumerate(kept) if unused_best[k]]
    return equilibria, int(singular[kept].sum()), loose


def run_support_homotopy(
    game: NormalFormGame,
    *,
    tol: float | None = None,
    max_support_profiles: int = DEFAULT_MAX_SUPPORT_PROFILES,
    max_paths: int = DEFAULT_MAX_PATHS,
    seed: int = 0,
) -> Solution:
    """Registry runner for ``method="support-homotopy"``."""
    return nplayer_equilibria(
        game,
        tol=tol,
        max_support_profiles=max_support_profiles,
        max_paths=max_paths,
        seed=seed,
    )
