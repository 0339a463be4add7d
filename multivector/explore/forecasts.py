"""The article's forecasts [F1]..[F5] as checks on the built-in scenarios.

Each check is declared here before any result is read: which scenario, which
calibration, and what the equilibria must show for the forecast to count as reproduced.
No parameter is moved to make a forecast hold; a forecast the model does not reproduce is
reported as such, with the reason (``docs/model.md`` says which assumption would have to
change). Where one parameter decides a forecast, :func:`evaluate_forecasts` reports the
range of that parameter over which the verdict holds, scanning it across its bounds with
the batched builder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from multivector.games.normal_form import NormalFormGame
from multivector.games.scenarios import Scenario, get_scenario

__all__ = ["CHANGES_AFTER_RESULTS", "ForecastResult", "evaluate_forecasts", "forecast_report"]

REPRODUCED, NOT_REPRODUCED = "reproduced", "not reproduced"


@dataclass(frozen=True)
class ForecastResult:
    """The verdict on one forecast.

    Attributes
    ----------
    tag : str
        ``"F1"`` .. ``"F5"``.
    claim : str
        The forecast in one line.
    scenario, era : str
        Where it was tested.
    test : str
        What the equilibria must show (declared before solving).
    status : str
        ``"reproduced"`` or ``"not reproduced"``.
    evidence : str
        The equilibria (or comparison) that decide it.
    notes : tuple of str
        Sensitivity of the verdict and results in other scenarios.
    """

    tag: str
    claim: str
    scenario: str
    era: str
    test: str
    status: str
    evidence: str
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "tag": self.tag,
            "claim": self.claim,
            "scenario": self.scenario,
            "era": self.era,
            "test": self.test,
            "status": self.status,
            "evidence": self.evidence,
            "notes": list(self.notes),
        }


def _solve(game: NormalFormGame) -> list[Any]:
    from multivector.solver import solve

    return list(solve(game).equilibria)


def _describe(eq: Any) -> str:
    parts = []
    for player, labels, x, support in zip(
        eq.players, eq.strategies, eq.profile, eq.supports, strict=True
    ):
        if len(support) == 1:
            parts.append(f"{player}: {labels[support[0]]}")
        else:
            mix = ", ".join(f"{labels[k]} {x[k]:.3g}" for k in support)
            parts.append(f"{player}: {mix}")
    return "(" + "; ".join(parts) + ")"


def _kz_support(eq: Any) -> set[str]:
    i = eq.players.index("Kazakhstan")
    return {eq.strategies[i][k] for k in eq.supports[i]}


def _all_equilibria(eqs: Sequence[Any], test: Callable[[Any], bool]) -> bool:
    return bool(eqs) and all(test(e) for e in eqs)


def _threshold(
    scenario_name: str, era: str, parameter: str, holds: Callable[[NormalFormGame], bool]
) -> str:
    """Over which part of the parameter's bounds the verdict holds (others at ``era``)."""
    scenario = get_scenario(scenario_name)
    assert isinstance(scenario, Scenario)
    p = scenario.parameters[parameter]
    grid = np.linspace(p.min, p.max, 51)
    values = scenario.values(era)
    batch = {k: np.full(grid.shape, v) for k, v in values.items()}
    batch[parameter] = grid
    games = scenario.games_batch(batch)
    ok = np.array([holds(g) for g in games])
    current = values[parameter]
    if ok.all():
        return f"holds for every {parameter} in [{p.min:g}, {p.max:g}] (now {current:g})"
    if not ok.any():
        return f"fails for every {parameter} in [{p.min:g}, {p.max:g}] (now {current:g})"
    inside = grid[ok]
    return (
        f"holds for {parameter} in about [{inside.min():.3g}, {inside.max():.3g}] of its "
        f"bounds [{p.min:g}, {p.max:g}] (now {current:g}; grid of 51 points)"
    )


def _f1() -> ForecastResult:
    era = get_scenario("great-powers").latest_era

    def holds(g: NormalFormGame) -> bool:
        return _all_equilibria(_solve(g), lambda e: _kz_support(e) <= {"balance", "mediate"})

    eqs = _solve(get_scenario("great-powers").game(era=era))
    ok = _all_equilibria(eqs, lambda e: _kz_support(e) <= {"balance", "mediate"})
    return ForecastResult(
        "F1",
        "Kazakhstan keeps balancing (multi-vector) rather than bandwagoning with one power",
        "great-powers",
        era,
        "every equilibrium has Kazakhstan balance or mediate (and one exists)",
        REPRODUCED if ok else NOT_REPRODUCED,
        "; ".join(_describe(e) for e in eqs) or "no equilibrium",
        (
            _threshold("great-powers", era, "kazakhstan.autonomy_value", holds),
            _threshold("great-powers", era, "kazakhstan.crowding_out", holds),
        ),
    )


def _f2() -> ForecastResult:
    s = get_scenario("kz-russia")
    era = s.latest_era

    def no_exit(e: Any) -> bool:
        return "leave-eaeu" not in _kz_support(e)

    def holds(g: NormalFormGame) -> bool:
        return _all_equilibria(_solve(g), no_exit)

    eqs = _solve(s.game(era=era))
    gp = _solve(get_scenario("great-powers").game(era=era))
    gp_ok = _all_equilibria(gp, lambda e: "bandwagon-west" not in _kz_support(e))
    return ForecastResult(
        "F2",
        "Kazakhstan does not leave the EAEU (northern-corridor dependence)",
        "kz-russia",
        era,
        "no equilibrium gives leave-eaeu positive probability (and one exists)",
        REPRODUCED if _all_equilibria(eqs, no_exit) else NOT_REPRODUCED,
        "; ".join(_describe(e) for e in eqs) or "no equilibrium",
        (
            _threshold("kz-russia", era, "russia.leverage", holds),
            _threshold("kz-russia", era, "kazakhstan.eaeu_exit_loss", holds),
            "great-powers: bandwagon-west is "
            + ("absent from" if gp_ok else "present in")
            + " every equilibrium",
        ),
    )


def _lean(game: NormalFormGame, eq: Any) -> float:
    """Kazakhstan's payoff from bandwagon-china minus bandwagon-west against the others."""
    i = game.players.index("Kazakhstan")
    payoffs = game.payoffs[i]
    for j in reversed(range(game.num_players)):
        if j != i:
            payoffs = np.tensordot(payoffs, eq.profile[j], axes=([j], [0]))
    labels = game.strategies[i]
    return float(
        payoffs[labels.index("bandwagon-china")] - payoffs[labels.index("bandwagon-west")]
    )


def _f3() -> ForecastResult:
    s = get_scenario("great-powers")
    era, old = s.latest_era, s.eras[0]
    g = s.game(era=era)
    eqs = _solve(g)
    leans = [_lean(g, e) for e in eqs]
    g_old = s.game(era=old)
    old_leans = [_lean(g_old, e) for e in _solve(g_old)]
    ok = bool(eqs) and all(v > 0 for v in leans)
    return ForecastResult(
        "F3",
        "The multi-vector mix tilts toward the non-Western world (China, Turkey, SCO)",
        "great-powers",
        era,
        "at every equilibrium Kazakhstan would gain more by leaning to China than to the "
        "West (u(bandwagon-china) > u(bandwagon-west) against the powers' equilibrium play)",
        REPRODUCED if ok else NOT_REPRODUCED,
        f"u(bandwagon-china) - u(bandwagon-west) = {', '.join(f'{v:+.4f}' for v in leans)} "
        f"({era}); {', '.join(f'{v:+.4f}' for v in old_leans)} ({old})",
        (
            "Turkey and the SCO are not players of any built-in scenario; only the China "
            "part of the forecast is tested.",
        ),
    )


def _changes(name: str) -> tuple[bool, str]:
    s = get_scenario(name)
    first, last = s.eras[0], s.latest_era
    a = [_describe(e) for e in _solve(s.game(era=first))]
    b = [_describe(e) for e in _solve(s.game(era=last))]
    return a != b, f"{name}: {first} {'; '.join(a) or 'none'} -> {last} {'; '.join(b) or 'none'}"


def _f4() -> ForecastResult:
    changed, evidence = _changes("great-powers")
    others = []
    for name in ("kz-russia", "mediation", "sanctions", "balance-or-bandwagon"):
        c, text = _changes(name)
        others.append(("changes: " if c else "unchanged: ") + text)
    return ForecastResult(
        "F4",
        "The policy needs constant adjustment: as payoffs change, the best policy changes",
        "great-powers",
        "2014-2021 -> 2022-",
        "the equilibria of the default scenario differ between the two calibrations",
        REPRODUCED if changed else NOT_REPRODUCED,
        evidence,
        tuple(others),
    )


def _f5() -> ForecastResult:
    s = get_scenario("mediation")
    era = s.latest_era
    offers = {"mediate-neutral", "mediate-leaning-russia"}

    def mediates(e: Any) -> bool:
        return _kz_support(e) <= offers

    def holds(g: NormalFormGame) -> bool:
        return _all_equilibria(_solve(g), mediates)

    eqs = _solve(s.game(era=era))
    gp = _solve(get_scenario("great-powers").game(era=era))
    talks = [e for e in eqs if all(e.strategies[i][e.supports[i][0]] == "accept" for i in (1, 2))]
    return ForecastResult(
        "F5",
        "Mediation remains part of the strategy",
        "mediation",
        era,
        "every equilibrium has Kazakhstan offering mediation (and one exists)",
        REPRODUCED if _all_equilibria(eqs, mediates) else NOT_REPRODUCED,
        "; ".join(_describe(e) for e in eqs) or "no equilibrium",
        (
            f"talks take place in {len(talks)} of {len(eqs)} equilibria",
            _threshold("mediation", era, "kazakhstan.offer_prestige", holds),
            "great-powers: mediate is "
            + (
                "played in every"
                if _all_equilibria(gp, lambda e: "mediate" in _kz_support(e))
                else "not played in every"
            )
            + " equilibrium",
        ),
    )


def evaluate_forecasts() -> list[ForecastResult]:
    """Test each forecast [F1]..[F5] on the built-in scenarios, in order.

    Returns
    -------
    list of ForecastResult

    Examples
    --------
    >>> [r.tag for r in evaluate_forecasts()]
    ['F1', 'F2', 'F3', 'F4', 'F5']
    """
    return [_f1(), _f2(), _f3(), _f4(), _f5()]


#: Every structural change made to a scenario after one of its results was seen, with the
#: result that prompted it. ``multivector forecasts`` prints the list; a change belongs
#: here whether or not it moved a forecast.
CHANGES_AFTER_RESULTS: tuple[dict[str, str], ...] = (
    {
        "scenario": "great-powers",
        "change": "the crowding-out term (kazakhstan.crowding_out) was added",
        "after": "the first version gave bandwagon-west as the only pure equilibrium in "
        "both eras (F1 and F2 not reproduced)",
        "forecasts": "F1, F2, F3, F4, F5",
    },
    {
        "scenario": "coercion",
        "change": "a resolute Russia holds a squeeze for russia.escalation (0.3 of a year) "
        "instead of the 2022 pattern's russia.disruption (0.1)",
        "after": "a hand calculation while designing the scenario showed that with the 0.1 "
        "depth no prior of resolve changes Kazakhstan's choice",
        "forecasts": "F1, F5 (sequential family)",
    },
    {
        "scenario": "corridor-insurance",
        "change": "turkey.russia_friction set to 0.03 instead of 0.02",
        "after": "the first run showed Turkey exactly indifferent at its information sets "
        "(0.02 against a partnership value of 0.02), before any forecast was evaluated",
        "forecasts": "none (the scenario enters no forecast)",
    },
    {
        "scenario": "sanctions-sequential",
        "change": "solved by the sequential method instead of the sequence form (no term or "
        "parameter changed)",
        "after": "a test found a Nash equilibrium of the sequence form that is not "
        "sequentially rational",
        "forecasts": "none",
    },
)


def _sequential_point(tag: str) -> dict[str, Any]:
    """The verdict of a forecast in ``coercion`` at its 2022- calibration (one point)."""
    from multivector.explore.calibration import CHECKS, family_points, stored_set

    s = get_scenario("coercion")
    point = np.array([[s.values("2022-")[p] for p in stored_set("sequential").parameters]])
    old = family_points("sequential", "2014-2021", point)[0]
    new = family_points("sequential", "2022-", point)[0]
    eq = s.solve("2022-")[0]  # type: ignore[union-attr]
    return {
        "scenario": "coercion",
        "era": "2022-",
        "status": REPRODUCED if CHECKS[tag](old, new) else NOT_REPRODUCED,
        "evidence": s.describe(eq),  # type: ignore[union-attr]
    }


def forecast_report() -> list[dict[str, Any]]:
    """Each forecast [F1]..[F5] side by side in the two model families.

    Each row has the point verdict of the simultaneous benchmark
    (:func:`evaluate_forecasts`), the point verdict of the sequential ``coercion``, the
    share of each family's calibrated set in which the forecast holds out of sample
    (:func:`multivector.explore.calibration.forecast_shares`), every change made after a
    result was seen (:data:`CHANGES_AFTER_RESULTS`) and Russia's leverage with its source
    rows, the one value every command uses.

    Examples
    --------
    >>> rows = forecast_report()
    >>> [r["tag"] for r in rows], sorted(rows[0]["calibrated"])
    (['F1', 'F2', 'F3', 'F4', 'F5'], ['sequential', 'simultaneous'])
    """
    from multivector.explore.calibration import FORECASTS, forecast_shares
    from multivector.network.derived import leverage_report

    shares = forecast_shares()
    lev = leverage_report()
    leverage = {
        "value": lev["value"],
        "definition": lev["definition"],
        "rows": [r["row"] for r in lev["capacity_rows"]],
        "residual_rows": [r["row"] for r in lev["residual_rows"]],
        "alternatives": lev["alternatives"],
    }
    rows = []
    for point in evaluate_forecasts():
        d = point.to_dict()
        d["simultaneous"] = {k: d[k] for k in ("scenario", "era", "status", "evidence")}
        d["sequential"] = _sequential_point(point.tag)
        d["calibrated_test"] = FORECASTS[point.tag]
        d["calibrated"] = shares[point.tag]
        d["changes_after_results"] = list(CHANGES_AFTER_RESULTS)
        d["leverage"] = leverage
        rows.append(d)
    return rows
