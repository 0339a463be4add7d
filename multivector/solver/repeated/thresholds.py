"""Critical discount factors: how patient players must be for a pure profile to last.

For a target pure profile ``a`` played every period, a player ``i`` who deviates gains at
most ``d_i - u_i(a)`` today (``d_i`` its best deviation payoff) and is then punished. The
smallest discount factor at which no player wants to deviate is the critical discount
factor. Thresholds are exact Fractions when the stage payoffs are exact.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.games.repeated import as_discount
from multivector.solver.repeated.minmax import exact_or_float, pure_minmax, stage_payoffs

__all__ = [
    "Threshold",
    "critical_discount_factor",
    "grim_trigger_threshold",
    "minmax_punishment_threshold",
    "sustainable_profiles",
]

#: No discount factor below 1 works.
NEVER = None


@dataclass(frozen=True, eq=False)
class Threshold:
    """Critical discount factors of one target profile under one kind of punishment.

    Attributes
    ----------
    target : tuple of str
        The target profile's strategy labels.
    punishment : str
        ``"nash-reversion"`` or ``"minmax-<k>"`` / ``"minmax-forever"``.
    per_player : dict of str to Fraction, float or None
        Each player's critical discount factor; None when no discount factor below 1
        deters that player's deviation.
    value : Fraction, float or None
        The largest of them (None if any is None): the target is sustained for every
        discount factor ``>= value`` (and below 1).
    reversion : tuple of str, optional
        For Nash reversion, the stage Nash equilibrium reverted to.
    notes : tuple of str
    """

    target: tuple[str, ...]
    punishment: str
    per_player: dict[str, Fraction | float | None]
    value: Fraction | float | None
    reversion: tuple[str, ...] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    upper: Fraction | float | None = None

    def sustained_at(self, discount: Any) -> bool:
        """Whether the target is sustained at this discount factor."""
        d = as_discount(discount)
        if self.value is None or d < self.value:
            return False
        return self.upper is None or d <= self.upper

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""

        def num(x: Fraction | float | None) -> float | None:
            return None if x is None else float(x)

        return {
            "target": list(self.target),
            "punishment": self.punishment,
            "value": num(self.value),
            "exact": str(self.value) if isinstance(self.value, Fraction) else None,
            "per_player": {k: num(v) for k, v in self.per_player.items()},
            "reversion": None if self.reversion is None else list(self.reversion),
            "upper": num(self.upper),
            "notes": list(self.notes),
        }


def _profile(game: NormalFormGame, target: Sequence[int | str]) -> tuple[int, ...]:
    if isinstance(target, str) or len(target) != game.num_players:
        raise SolverError(
            f"target {target!r} must give one strategy per player ({game.num_players}), "
            "e.g. ('cooperate', 'cooperate')"
        )
    return tuple(game.strategy_index(i, s) for i, s in enumerate(target))


def _deviation(u: Any, i: int, a: tuple[int, ...], strict: bool = False) -> Any:
    """Player i's best payoff against a_{-i} (over actions other than a_i if strict;
    None when it has no other action)."""
    best = None
    for k in range(u.shape[i + 1]):
        if strict and k == a[i]:
            continue
        b = list(a)
        b[i] = k
        v = u[(i, *b)]
        if best is None or v > best:
            best = v
    return best


def _max(values: list[Fraction | float | None]) -> Fraction | float | None:
    if any(v is None for v in values):
        return None
    return max(values, key=float)  # type: ignore[arg-type]


def _pure_nash(game: NormalFormGame) -> list[tuple[int, ...]]:
    u = stage_payoffs(game)
    return [
        a
        for a in itertools.product(*(range(s) for s in game.shape))
        if all(_deviation(u, i, a) <= u[(i, *a)] for i in range(game.num_players))
    ]


def grim_trigger_threshold(
    game: NormalFormGame,
    target: Sequence[int | str],
    reversion: Sequence[int | str] | None = None,
) -> Threshold:
    """Critical discount factor of ``target`` under grim trigger (Nash reversion).

    Everyone plays ``target`` until someone deviates, then a stage Nash equilibrium
    ``e`` forever. Player ``i`` does not deviate iff
    ``u_i(a) >= (1 - delta) d_i + delta u_i(e)``, i.e.
    ``delta >= (d_i - u_i(a)) / (d_i - u_i(e))`` (Friedman 1971).

    Parameters
    ----------
    game : NormalFormGame
    target : sequence of int or str
        One strategy per player.
    reversion : sequence of int or str, optional
        A pure stage Nash equilibrium to revert to; by default the pure equilibrium that
        gives the lowest threshold.

    Returns
    -------
    Threshold

    Raises
    ------
    SolverError
        When ``reversion`` is not a Nash equilibrium, or the stage game has no pure Nash
        equilibrium (use :func:`minmax_punishment_threshold` then).

    Notes
    -----
    Nash reversion is subgame perfect for every discount factor since the punishment
    phase is a stage equilibrium played forever (Friedman 1971; Mailath and Samuelson
    2006, Section 2.5.2). Prisoner's dilemma with ``T > R > P > S``: the threshold is
    ``(T - R) / (T - P)``.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> grim_trigger_threshold(pd, ("s1", "s1")).value
    Fraction(1, 2)
    """
    a = _profile(game, target)
    u = stage_payoffs(game)
    target_labels = tuple(game.strategies[i][k] for i, k in enumerate(a))
    if reversion is None:
        candidates = _pure_nash(game)
        if not candidates:
            raise SolverError(
                "the stage game has no pure Nash equilibrium to revert to; pass "
                "reversion=... or use minmax_punishment_threshold"
            )
    else:
        e = _profile(game, reversion)
        if e not in _pure_nash(game):
            raise SolverError(
                f"reversion {tuple(reversion)} is not a pure Nash equilibrium of the stage "
                "game, so reverting to it is not credible; pick one of the stage equilibria"
            )
        candidates = [e]
    best: Threshold | None = None
    for e in candidates:
        per: dict[str, Fraction | float | None] = {}
        uppers: list[Fraction | float] = []
        notes: list[str] = []
        for i, name in enumerate(game.players):
            d, ua, ue = _deviation(u, i, a, strict=True), u[(i, *a)], u[(i, *e)]
            zero = exact_or_float(ua - ua)
            # deviating pays (1 - delta) d + delta u_i(e): linear in delta
            if d is None or (d <= ua and ue <= ua):
                per[name] = zero
            elif d > ua and ue >= ua:
                per[name] = NEVER
            elif d > ua:
                per[name] = exact_or_float((d - ua) / (d - ue))
            else:
                # a_i is a best reply but the reversion pays i more than the target:
                # i deviates on purpose once it is patient enough
                per[name] = zero
                cap = exact_or_float((ua - d) / (ue - d))
                uppers.append(cap)
                notes.append(f"{name} provokes the reversion when discount > {float(cap):.6g}")
        upper = min(uppers, key=float) if uppers else None
        value = _max(list(per.values()))
        if value is not None and upper is not None and float(value) > float(upper):
            value = NEVER
        th = Threshold(
            target=target_labels,
            punishment="nash-reversion",
            per_player=per,
            value=value,
            reversion=tuple(game.strategies[i][k] for i, k in enumerate(e)),
            notes=tuple(notes),
            upper=upper,
        )
        if best is None or _better(th.value, best.value):
            best = th
    assert best is not None
    return best


def _better(x: Fraction | float | None, y: Fraction | float | None) -> bool:
    if x is None:
        return False
    return y is None or float(x) < float(y)


def _root_geometric(ratio: Any, k: int) -> Fraction | float | None:
    """Smallest delta in [0, 1) with delta + ... + delta**k >= ratio (ratio >= 0)."""
    if ratio <= 0:
        return exact_or_float(ratio - ratio)
    if ratio >= k:
        return NEVER
    if k == 1:
        return exact_or_float(ratio)
    lo, hi = 0.0, 1.0
    r = float(ratio)
    for _ in range(200):
        mid = (lo + hi) / 2
        if sum(mid**t for t in range(1, k + 1)) >= r:
            hi = mid
        else:
            lo = mid
    return hi


def minmax_punishment_threshold(
    game: NormalFormGame, target: Sequence[int | str], periods: int | None = None
) -> Threshold:
    """Critical discount factor of ``target`` when a deviator is minmaxed for ``periods``.

    After player ``i`` deviates, the others play the pure profile that minmaxes ``i``
    (see :func:`~multivector.solver.repeated.minmax.pure_minmax`) for ``periods``
    periods (forever when None), then return to ``target``. Player ``i`` does not deviate
    iff ``d_i - u_i(a) <= (delta + ... + delta**k) (u_i(a) - v_i)``.

    Parameters
    ----------
    game : NormalFormGame
    target : sequence of int or str
    periods : int, optional
        Length ``k`` of the punishment; None for permanent minmax punishment, where the
        threshold is ``(d_i - u_i(a)) / (d_i - v_i)``.

    Returns
    -------
    Threshold
        Exact for ``periods`` in (1, None) on exact games; for ``2 <= k`` the threshold
        is the root of a polynomial, computed by bisection to double precision.

    Notes
    -----
    This is the deviator's incentive only: the pure-strategy folk theorem's simple
    strategies (Fudenberg and Maskin 1986; Mailath and Samuelson 2006, Proposition
    3.3.1) also need the punishers to be willing to punish, which depends on how their
    own deviations are punished. Check a complete strategy profile with
    :func:`~multivector.solver.repeated.automata.check_subgame_perfect` on
    :func:`~multivector.solver.repeated.automata.k_period_punishment` automata.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> minmax_punishment_threshold(pd, ("s1", "s1")).value
    Fraction(1, 2)
    >>> print(minmax_punishment_threshold(pd, ("s1", "s1"), periods=1).value)
    None
    >>> round(minmax_punishment_threshold(pd, ("s1", "s1"), periods=2).value, 6)
    0.618034
    """
    if periods is not None and (
        isinstance(periods, bool) or not isinstance(periods, int) or periods < 1
    ):
        raise SolverError(f"punishment length {periods!r} must be a positive integer or None")
    a = _profile(game, target)
    u = stage_payoffs(game)
    per: dict[str, Fraction | float | None] = {}
    for i, name in enumerate(game.players):
        d, ua = _deviation(u, i, a, strict=True), u[(i, *a)]
        v = pure_minmax(game, i).value
        if d is None or (d <= ua and v <= ua):
            per[name] = exact_or_float(ua - ua)
        elif ua <= v:
            # the folk theorem needs u_i(a) above the minmax value
            per[name] = NEVER
        elif d <= ua:
            per[name] = exact_or_float(ua - ua)
            per[name] = NEVER
        elif periods is None:
            per[name] = exact_or_float((d - ua) / (d - v))
        else:
            per[name] = _root_geometric((d - ua) / (ua - v), periods)
    return Threshold(
        target=tuple(game.strategies[i][k] for i, k in enumerate(a)),
        punishment="minmax-forever" if periods is None else f"minmax-{periods}",
        per_player=per,
        value=_max(list(per.values())),
        notes=("deviator's incentive only; punishers' incentives are not checked",),
    )


def critical_discount_factor(
    game: NormalFormGame,
    target: Sequence[int | str],
    punishment: str = "nash-reversion",
    periods: int | None = None,
) -> Threshold:
    """Critical discount factor of ``target`` under ``punishment``.

    ``punishment`` is ``"nash-reversion"`` (grim trigger, :func:`grim_trigger_threshold`)
    or ``"minmax"`` (:func:`minmax_punishment_threshold` with ``periods``).

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> critical_discount_factor(pd, ("s1", "s1")).per_player
    {'P1': Fraction(1, 2), 'P2': Fraction(1, 2)}
    """
    if punishment == "nash-reversion":
        return grim_trigger_threshold(game, target)
    if punishment == "minmax":
        return minmax_punishment_threshold(game, target, periods)
    raise SolverError(f"punishment {punishment!r} is not 'nash-reversion' or 'minmax'")


def sustainable_profiles(
    game: NormalFormGame,
    discount: Any,
    punishment: str = "nash-reversion",
    periods: int | None = None,
) -> list[Threshold]:
    """The pure profiles sustained at ``discount`` under ``punishment``, with thresholds.

    Profiles whose threshold cannot be computed (Nash reversion in a game without pure
    Nash equilibria) are left out.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [t.target for t in sustainable_profiles(pd, 0.6)]
    [('s1', 's1'), ('s2', 's2')]
    >>> [t.target for t in sustainable_profiles(pd, 0.4)]
    [('s2', 's2')]
    """
    d = as_discount(discount)
    out = []
    for a in itertools.product(*(range(s) for s in game.shape)):
        try:
            th = critical_discount_factor(game, a, punishment, periods)
        except SolverError:
            continue
        if th.value is not None and d >= th.value:
            out.append(th)
    return out
