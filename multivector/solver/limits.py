"""Work budgets: an enumeration past its budget is refused before it starts.

Enumerating every equilibrium grows exponentially with the size of the game: a random
18x18 game takes seconds, a 40x40 one would take longer than anyone waits, and a 7-player
game with 2 strategies each minutes. :func:`solve` asks :func:`check_work` first, which
estimates the work from the game's shape alone (no solver runs), compares the estimate
with the method's budget and raises :class:`~multivector.errors.WorkLimitError`, naming
the estimate, the budget, the methods that answer such games quickly and the override
(``force=True``, ``--force`` on the command line). ``auto`` uses the same estimate to
choose a method that fits.

The estimates
-------------
* **2-player enumeration** (``vertex``, ``exact``, ``gambit-enummixed``): every method
  walks the vertices of the two best-response polytopes, ``P`` (dimension ``m``) and
  ``Q`` (dimension ``n``), each with ``m + n`` facets. The estimate is the upper bound
  theorem's (McMullen 1970) largest vertex count of a ``d``-polytope with ``k`` facets,

      ``U(d, k) = C(k - ceil(d/2), floor(d/2)) + C(k - floor(d/2) - 1, ceil(d/2) - 1)``,

  summed over both polytopes: :func:`vertex_bound`. It bounds the walk's work from
  above; on random games the walk visits about a fifth of it (measured 0.48 at 6x6,
  0.21 at 10x10, 0.14 at 14x14).
* **n-player enumeration** (``support-homotopy``, ``gambit-enumpoly``): every support
  profile that can carry an isolated equilibrium (a *balanced* one, McKelvey and
  McLennan 1997) is searched, and its polynomial system has at most its m-homogeneous
  Bezout number of isolated solutions, which is also the number of paths the homotopy
  tracks for it. The estimate is the sum of these Bezout numbers over the balanced
  support profiles: :func:`path_estimate` (at least one per profile).

The budgets (:data:`BUDGETS`) were set from runs on a 2-core machine shared with other
work: a random 18x18 game (bound 12,498,200) took 11 s by ``vertex``, a 4-player 3x3x3x3
game (estimate 7,365) 10 s and a 7-player 2-strategy game (estimate 13,700) 197 s by
``support-homotopy``, a 5x4x3 game (estimate 4,025) 3 s. ``exact`` pivots in integer
arithmetic: a 12x12 game with payoffs in 0..10^6 (bound 49,504) took 5 s, a 14x14 one
(310,080) 46 s. A nondegenerate game now skips those pivots (its float walks are proved
complete instead; docs/algorithms.md): 12x12 takes about 0.05 s. The budget stays set
for the integer walk, which a degenerate game still needs and which the estimate cannot
tell from the shape alone. Gambit's ``enummixed`` in rational arithmetic took about 10 s on an 8x8
game (bound 1,320; benchmarks/README.md).

``vertex`` falls back to exact arithmetic on degenerate games, which it finds out only
by walking: a large degenerate game (integer payoffs with ties) within the ``vertex``
budget but past the ``exact`` one can still run for minutes.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from multivector.errors import WorkLimitError

__all__ = [
    "BUDGETS",
    "WorkEstimate",
    "check_work",
    "estimate_work",
    "path_estimate",
    "vertex_bound",
]

#: Budget per method, in the units of its estimate: vertices of the best-response
#: polytopes (upper bound theorem) for 2-player enumeration, homotopy paths summed over
#: the balanced support profiles for n-player enumeration.
BUDGETS: dict[str, int] = {
    "vertex": 20_000_000,
    "exact": 500_000,
    "gambit-enummixed": 10_000,
    "support-homotopy": 5_000,
    "gambit-enumpoly": 5_000,
}

#: The path sum stops once past this many times the budget: each support size vector adds
#: at least one path per profile, the first (all pure) the number of pure profiles, so at
#: most this many times the budget vectors are visited (a fraction of a second).
_STOP = 20

#: What each estimate counts, for messages.
_UNITS = {
    "vertex": "vertices of the best-response polytopes (upper bound theorem)",
    "paths": "homotopy paths over the balanced support profiles",
}

#: Methods that answer games past the budgets quickly, with what they find.
_ALTERNATIVES_2 = (
    "'lemke-howson' (one equilibrium), 'lh-graph' (the equilibria reachable by "
    "Lemke-Howson paths), 'logit-trace' (one equilibrium) or 'pure' (the pure equilibria)"
)
_ALTERNATIVES_N = (
    "'logit-trace' (one equilibrium), 'pure' (the pure equilibria), or 'gambit-gnm' or "
    "'gambit-simpdiv' (one or some; pip install multivector[gambit])"
)


@dataclass(frozen=True)
class WorkEstimate:
    """An estimate of an enumeration's work, checked against the method's budget.

    Attributes
    ----------
    method : str
        The method the estimate is for.
    kind : str
        ``"vertex"`` (2-player polytope vertices) or ``"paths"`` (n-player homotopy
        paths).
    value : int
        The estimate.
    budget : int
        The method's budget (:data:`BUDGETS`).
    partial : bool
        True when the sum was stopped far past the budget (:data:`_STOP` times it), so
        that ``value`` is a lower bound of the estimate (the message says "more than").
    """

    method: str
    kind: str
    value: int
    budget: int
    partial: bool = False

    @property
    def within(self) -> bool:
        """True when the estimate is within the budget."""
        return self.value <= self.budget

    def message(self, shape: Sequence[int]) -> str:
        """The refusal: estimate, budget, alternatives and the override."""
        dims = "x".join(str(s) for s in shape)
        more = "more than " if self.partial else ""
        alternatives = _ALTERNATIVES_2 if self.kind == "vertex" else _ALTERNATIVES_N
        size = "may visit up to" if self.kind == "vertex" else f"is estimated at {more}".strip()
        return (
            f"method {self.method!r} on this {len(shape)}-player {dims} game {size} "
            f"{self.value:,} {_UNITS[self.kind]}, past its budget of {self.budget:,}: it "
            f"could run for minutes or more. Use {alternatives}; or run it anyway with "
            "force=True (command line: --force)"
        )


def _upper_bound_theorem(d: int, k: int) -> int:
    """Largest number of vertices of a ``d``-polytope with ``k`` facets (McMullen 1970)."""
    if d <= 0:
        return 1
    if k <= d:
        return 0
    up, down = (d + 1) // 2, d // 2
    return math.comb(k - up, down) + math.comb(k - down - 1, up - 1)


def vertex_bound(m: int, n: int) -> int:
    """Upper bound on the vertices of both best-response polytopes of an ``m x n`` game.

    ``U(m, m + n) + U(n, m + n)`` with ``U`` the upper bound theorem's vertex count; the
    vertex walks of ``vertex`` and ``exact`` never visit more.

    Examples
    --------
    >>> vertex_bound(2, 2), vertex_bound(10, 10), vertex_bound(40, 40) > 10**15
    (8, 8008, True)
    """
    return _upper_bound_theorem(m, m + n) + _upper_bound_theorem(n, m + n)


@lru_cache(maxsize=65536)
def _bezout(counts: tuple[int, ...], slots: tuple[int, ...], player: int, left: int) -> int:
    """Ways to give the equations still unplaced to variable groups: ``left`` of player
    ``player``'s and all ``counts[q]`` of every later player ``q``, with ``slots[q]`` free
    places in group ``q``. An equation of player ``p`` is linear in every other player's
    variables, so it goes to a group ``q != p`` with a free place."""
    n = len(counts)
    while left == 0:
        player += 1
        if player == n:
            return 1
        left = counts[player]
    total = 0
    for q in range(n):
        if q != player and slots[q] > 0:
            rest = (*slots[:q], slots[q] - 1, *slots[q + 1 :])
            total += _bezout(counts, rest, player, left - 1)
    return total


def _bezout_number(dims: tuple[int, ...]) -> int:
    """The m-homogeneous Bezout number of the support system with ``dims[i] = |S_i| - 1``
    (the count of :func:`multivector.solver._homotopy.bezout_number`)."""
    return _bezout(dims, dims, 0, dims[0]) if dims else 1


def path_estimate(shape: Sequence[int], stop: int | None = None) -> int:
    """Homotopy paths summed over the balanced support profiles of a game of ``shape``.

    A support profile with ``|S_i| = d_i + 1`` is balanced when ``d_i <= sum_{j != i} d_j``
    for every player; there are ``prod_i C(s_i, d_i + 1)`` profiles with these sizes, each
    counted with its m-homogeneous Bezout number (at least 1). With ``stop``, the sum ends
    as soon as it passes ``stop`` (the result is then a lower bound).

    Examples
    --------
    >>> path_estimate((2, 2, 2)), path_estimate((3, 3, 3, 3)), path_estimate((2,) * 7)
    (16, 7365, 13700)
    """
    sizes = [int(s) for s in shape]
    total = 0
    for dims in itertools.product(*(range(s) for s in sizes)):
        whole = sum(dims)
        if any(2 * d > whole for d in dims):
            continue
        count = math.prod(math.comb(s, d + 1) for s, d in zip(sizes, dims, strict=True))
        total += count * max(1, _bezout_number(dims))
        if stop is not None and total > stop:
            break
    return total


def estimate_work(game: Any, method: str) -> WorkEstimate | None:
    """The work estimate of ``method`` on ``game``, or None for a method without a budget.

    Examples
    --------
    >>> import numpy as np
    >>> from multivector import NormalFormGame
    >>> estimate_work(NormalFormGame(np.zeros((2, 40, 40))), "vertex").within
    False
    >>> estimate_work(NormalFormGame(np.zeros((3, 3, 3, 3))), "support-homotopy").value
    271
    """
    budget = BUDGETS.get(method)
    if budget is None:
        return None
    shape = tuple(int(s) for s in game.shape)
    if len(shape) == 2 and method in ("vertex", "exact", "gambit-enummixed"):
        return WorkEstimate(method, "vertex", vertex_bound(*shape), budget)
    stop = _STOP * budget
    value = path_estimate(shape, stop=stop)
    return WorkEstimate(method, "paths", value, budget, partial=value > stop)


def check_work(game: Any, method: str) -> None:
    """Refuse ``method`` on ``game`` when its estimated work is past the budget.

    Raises
    ------
    WorkLimitError
        Naming the estimate, the budget, the alternatives and the override.

    Examples
    --------
    >>> import numpy as np
    >>> from multivector import NormalFormGame
    >>> seven = NormalFormGame(np.zeros((7, *[2] * 7)))
    >>> check_work(seven, "support-homotopy")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.WorkLimitError: method 'support-homotopy' on this 7-player ...
    """
    estimate = estimate_work(game, method)
    if estimate is not None and not estimate.within:
        raise WorkLimitError(estimate.message(game.shape), estimate=estimate)
