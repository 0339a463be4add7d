"""Robustness of an equilibrium outcome: parameter margins and Monte-Carlo shares.

An *outcome* is a yes/no property of a point's equilibria, by default "the first player
(Kazakhstan) plays balance or mediate in every equilibrium, and there is at least one".
:func:`margins` moves each parameter alone from the calibration, in both directions
within its bounds, until the outcome changes: a grid from the calibration to the bound
brackets the first change, and bisection narrows it. :func:`monte_carlo` draws every
parameter at random and reports the share of draws where the outcome holds, with a
Wilson score interval.

Equilibria are those of :func:`multivector.explore.sweep.solve_points`: pure equilibria
for scenarios of three or more players, every extreme equilibrium for two players.

Examples
--------
>>> from multivector.explore.robustness import margins
>>> table = margins("great-powers")
>>> table.holds_at_calibration
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from multivector.errors import ScenarioError
from multivector.explore.sweep import Method, resolve_method, solve_points
from multivector.games.models import ParametricModel, load_model
from multivector.games.scenarios import LATEST

__all__ = [
    "Margin",
    "MarginTable",
    "MonteCarlo",
    "Outcome",
    "Robustness",
    "calibrated_choice",
    "check_robustness",
    "first_player_choice",
    "first_player_plays",
    "margins",
    "monte_carlo",
    "wilson_interval",
]

#: A point's equilibria (each one label string per player) -> does the outcome hold.
Outcome = Callable[[Sequence[tuple[str, ...]]], bool]

#: The default outcome's strategies.
DEFAULT_STRATEGIES = ("balance", "mediate")


def first_player_plays(strategies: Sequence[str] = DEFAULT_STRATEGIES) -> Outcome:
    """Outcome: at least one equilibrium, and the first player uses only ``strategies``
    in every one (a mixed strategy counts when its whole support is among them).

    Examples
    --------
    >>> holds = first_player_plays(["balance", "mediate"])
    >>> holds([("balance", "coerce")]), holds([("balance", "x"), ("align", "y")]), holds([])
    (True, False, False)
    """
    allowed = frozenset(strategies)

    def outcome(eqs: Sequence[tuple[str, ...]]) -> bool:
        if not eqs:
            return False
        for e in eqs:
            parts = [p.split("*")[-1] for p in e[0].split("+")]
            if not set(parts) <= allowed:
                return False
        return True

    outcome.__doc__ = f"first player plays only {'/'.join(strategies)} in every equilibrium"
    return outcome


def _supports(eqs: Sequence[tuple[str, ...]]) -> frozenset[str]:
    """The first player's strategies used in any of ``eqs`` (every mixed support)."""
    return frozenset(p.split("*")[-1] for e in eqs for p in e[0].split("+"))


def first_player_choice(strategies: Sequence[str]) -> Outcome:
    """Outcome: at least one equilibrium, and the strategies the first player uses across
    all of them are exactly ``strategies`` (its choice at a point, compared with another
    point's; :func:`calibrated_choice` gives it at the calibration).

    Unlike :func:`first_player_plays`, this changes when the first player moves between
    strategies of the set, and when it stops using one of them.

    Examples
    --------
    >>> same = first_player_choice(["mediate"])
    >>> mixed = ("0.5*mediate+0.5*balance", "x")
    >>> same([("mediate", "x")]), same([("balance", "x")]), same([mixed])
    (True, False, False)
    """
    chosen = frozenset(strategies)

    def outcome(eqs: Sequence[tuple[str, ...]]) -> bool:
        return bool(eqs) and _supports(eqs) == chosen

    outcome.__doc__ = f"first player's choice is {'/'.join(strategies)} (across equilibria)"
    return outcome


def calibrated_choice(
    scenario: str | ParametricModel, *, era: str | None = LATEST, method: Method = "auto"
) -> tuple[str, ...]:
    """The strategies the first player uses in the equilibria at the calibration, in the
    order of its strategy list (empty when there is no equilibrium).

    Examples
    --------
    >>> calibrated_choice("coercion")
    ('mediate',)
    """
    model = load_model(scenario)
    base = model.values(era, {})
    m = resolve_method(method, len(model.players))
    values = {k: np.array([v]) for k, v in base.items()}
    used = _supports(solve_points(model, values, m)[0])
    return tuple(s for s in model.strategies[0] if s in used)


def _holds(
    model: ParametricModel,
    base: dict[str, float],
    name: str,
    xs: NDArray[np.float64],
    outcome: Outcome,
    method: str,
) -> NDArray[np.bool_]:
    values = {k: np.full(xs.shape[0], v) for k, v in base.items()}
    values[name] = xs
    return np.array([outcome(e) for e in solve_points(model, values, method)])


@dataclass(frozen=True)
class Margin:
    """How far one parameter moves from the calibration before the outcome changes.

    ``down``/``up`` are distances (value units) to the nearest change below/above the
    calibrated ``value``; None when the outcome does not change up to the bound (then
    ``down_bounded``/``up_bounded`` is the distance to the bound). ``lower``/``upper``
    are the values where it changes.
    """

    parameter: str
    value: float
    min: float
    max: float
    lower: float | None
    upper: float | None

    @property
    def down(self) -> float | None:
        return None if self.lower is None else self.value - self.lower

    @property
    def up(self) -> float | None:
        return None if self.upper is None else self.upper - self.value

    @property
    def margin(self) -> float | None:
        """The smaller of ``down`` and ``up`` (None when neither direction changes it)."""
        found = [d for d in (self.down, self.up) if d is not None]
        return min(found) if found else None


@dataclass(frozen=True)
class MarginTable:
    """Margins of every parameter, with the outcome and where it was measured."""

    scenario: str
    era: str | None
    outcome: str
    holds_at_calibration: bool
    margins: tuple[Margin, ...]
    notes: tuple[str, ...]

    def rows(self) -> list[dict[str, object]]:
        """Plain rows, smallest margin first (None last)."""
        out: list[dict[str, object]] = [
            {
                "parameter": m.parameter,
                "value": m.value,
                "min": m.min,
                "max": m.max,
                "lower": m.lower,
                "upper": m.upper,
                "down": m.down,
                "up": m.up,
                "margin": m.margin,
            }
            for m in self.margins
        ]
        return sorted(out, key=lambda r: (r["margin"] is None, r["margin"] or 0.0))


def _edge(
    model: ParametricModel,
    base: dict[str, float],
    name: str,
    start: float,
    bound: float,
    outcome: Outcome,
    method: str,
    h0: bool,
    grid: int,
    tol: float,
) -> float | None:
    if start == bound or not math.isfinite(bound):
        # an unbounded side has no grid to bracket a change on (see margins' notes)
        return None
    xs = np.linspace(start, bound, grid + 1)[1:]
    h = _holds(model, base, name, xs, outcome, method)
    flips = np.flatnonzero(h != h0)
    if not flips.size:
        return None
    k = int(flips[0])
    a, b = (start if k == 0 else float(xs[k - 1])), float(xs[k])  # a keeps h0, b changes
    while abs(b - a) > tol:
        mid = 0.5 * (a + b)
        if _holds(model, base, name, np.array([mid]), outcome, method)[0] == h0:
            a = mid
        else:
            b = mid
    return b


def margins(
    scenario: str | ParametricModel,
    outcome: Outcome | None = None,
    *,
    era: str | None = LATEST,
    parameters: Sequence[str] | None = None,
    method: Method = "auto",
    grid: int = 64,
    tol: float = 1e-6,
) -> MarginTable:
    """Each parameter's margin: how far it moves alone before the outcome changes.

    Parameters
    ----------
    scenario : str or ParametricModel
        A built-in scenario, a parametric game file, or a model.
    outcome : callable, optional
        Default :func:`first_player_plays` ``("balance", "mediate")``.
    era : str or None
        The calibration to start from (default latest; None for the defaults).
    parameters : sequence of str, optional
        Parameters to examine (default all).
    method : {"auto", "pure", "vertex"}
    grid : int
        Grid points between the calibration and each bound used to bracket a change.
    tol : float
        Bisection stops when the bracket is shorter than ``tol``.

    Returns
    -------
    MarginTable

    Notes
    -----
    The first change is bracketed on a grid and then located by bisection, so a change
    that happens and reverts between two grid points is missed; raise ``grid`` to narrow
    that window. Parameters are moved one at a time, the others held at the calibration.
    """
    model = load_model(scenario)
    outcome = outcome or first_player_plays()
    m = resolve_method(method, len(model.players))
    base = model.values(era, {})
    names = list(parameters) if parameters is not None else list(model.parameters)
    h0 = (
        bool(
            _holds(model, base, names[0] if names else "", np.array([base[names[0]]]), outcome, m)[
                0
            ]
        )
        if names
        else False
    )
    rows = []
    for name in names:
        p = model.parameters[name]
        v = base[name]
        lo = _edge(model, base, name, v, p.min, outcome, m, h0, grid, tol)
        hi = _edge(model, base, name, v, p.max, outcome, m, h0, grid, tol)
        rows.append(Margin(name, v, p.min, p.max, lo, hi))
    desc = outcome.__doc__ or "outcome"
    kind = (
        "the sequential scenario's equilibrium (backward induction over its stages)"
        if hasattr(model, "equilibria_batch")
        else "pure equilibria only"
        if m == "pure"
        else "all extreme equilibria"
    )
    notes: tuple[str, ...] = (
        kind,
        f"grid of {grid} points to each bound, then bisection to {tol:g}",
    )
    unbounded = [r.parameter for r in rows if not (math.isfinite(r.min) and math.isfinite(r.max))]
    if unbounded:
        notes += (
            f"not examined towards an infinite bound: {', '.join(unbounded)} (give them min "
            "and max)",
        )
    return MarginTable(model.name, era, desc.strip(), h0, tuple(rows), notes)


def wilson_interval(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (Wilson 1927, JASA 22:209-212).

    Examples
    --------
    >>> lo, hi = wilson_interval(50, 100)
    >>> round(lo, 4), round(hi, 4)
    (0.4038, 0.5962)
    """
    if n <= 0 or not 0 <= successes <= n:
        raise ScenarioError(
            f"Wilson interval needs 0 <= successes <= n, n > 0; got {successes}, {n}"
        )
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class MonteCarlo:
    """Share of random draws where the outcome holds, with its Wilson 95% interval."""

    draws: int
    holds: int
    share: float
    low: float
    high: float
    seed: int | None
    spread: float


def monte_carlo(
    scenario: str | ParametricModel,
    outcome: Outcome | None = None,
    *,
    draws: int = 10_000,
    seed: int | None = 0,
    spread: float = 0.2,
    era: str | None = LATEST,
    method: Method = "auto",
) -> MonteCarlo:
    """Monte-Carlo share of draws where the outcome holds.

    Every parameter is drawn independently and uniformly on
    ``[value - spread * (max - min), value + spread * (max - min)]`` around its
    calibrated value, cut to its bounds (``spread=1`` draws over the whole bounds). A
    parameter without a finite range (no min or no max) stays at its calibrated value.

    Examples
    --------
    >>> mc = monte_carlo("great-powers", draws=500, seed=1)
    >>> mc.low <= mc.share <= mc.high
    True
    """
    from multivector.explore.sweep import Sweep, uniform

    if not spread > 0:
        raise ScenarioError("spread must be > 0")
    model = load_model(scenario)
    outcome = outcome or first_player_plays()
    base = model.values(era, {})
    dists = []
    for name, p in model.parameters.items():
        width = spread * (p.max - p.min)
        lo, hi = max(p.min, base[name] - width), min(p.max, base[name] + width)
        if hi > lo and math.isfinite(lo) and math.isfinite(hi):
            dists.append(uniform(name, lo, hi))
    sweep = Sweep(model, draws=dists, num_draws=draws, seed=seed, era=era, method=method)
    pts = sweep.points(0, draws)
    values = {k: np.full(draws, v) for k, v in base.items()}
    for j, d in enumerate(dists):
        values[d.name] = pts[:, j]
    eqs = solve_points(model, values, sweep.method_used)
    k = sum(bool(outcome(e)) for e in eqs)
    lo, hi = wilson_interval(k, draws)
    return MonteCarlo(draws, k, k / draws, lo, hi, seed, spread)


@dataclass(frozen=True)
class Robustness:
    """The margins of every parameter and, when drawn, the Monte-Carlo share.

    ``choice`` holds the margins of the first player's choice at the calibration
    (:func:`first_player_choice` of :func:`calibrated_choice`): how far each parameter
    moves before the first player's equilibrium strategies change at all, even within
    the outcome's set. None when not asked for, or when that choice is the outcome's set.
    """

    margins: MarginTable
    monte_carlo: MonteCarlo | None
    choice: MarginTable | None = None


def check_robustness(
    scenario: str | ParametricModel,
    strategies: Sequence[str] = DEFAULT_STRATEGIES,
    *,
    era: str | None = LATEST,
    draws: int = 10_000,
    seed: int | None = 0,
    spread: float = 0.2,
    method: Method = "auto",
    choice: bool = True,
) -> Robustness:
    """How robust "the first player plays only ``strategies``" is: :func:`margins`, then
    :func:`monte_carlo` with ``draws`` draws (none when ``draws`` is 0).

    With ``choice`` (the default), also the margins of the first player's choice at the
    calibration (:attr:`Robustness.choice`): a parameter can move the first player from
    one strategy of the outcome's set to another (from mediation to balancing) without
    changing the outcome, and this shows which parameters do.

    Raises
    ------
    ScenarioError
        For no strategies, a strategy the first player does not have, or the errors of
        :func:`margins` and :func:`monte_carlo`.

    Examples
    --------
    >>> r = check_robustness("great-powers", ["balance", "mediate"], draws=200, seed=1)
    >>> r.margins.holds_at_calibration, r.monte_carlo.draws
    (True, 200)
    """
    if not [s for s in strategies if s]:
        raise ScenarioError("the outcome needs strategy labels, e.g. balance,mediate (--outcome)")
    model = load_model(scenario)
    first, labels = model.players[0], model.strategies[0]
    unknown = [s for s in strategies if s and s not in labels]
    if unknown:
        raise ScenarioError(
            f"{first} has no strategy {unknown[0][:40]!r} (--outcome); its strategies are "
            f"{', '.join(labels)}"
        )
    rule = first_player_plays(strategies)
    table = margins(model, rule, era=era, method=method)
    chosen = None
    if choice:
        at_calibration = calibrated_choice(model, era=era, method=method)
        if at_calibration and set(at_calibration) != {s for s in strategies if s}:
            chosen = margins(model, first_player_choice(at_calibration), era=era, method=method)
    mc = None
    if draws > 0:
        mc = monte_carlo(
            model, rule, draws=draws, seed=seed, spread=spread, era=era, method=method
        )
    return Robustness(table, mc, chosen)
