"""Calibration as data: the judged terms the 2014-2021 record constrains, and the article's
forecasts evaluated out of sample on 2022- over the whole calibrated set.

Four of Kazakhstan's terms are judgements the record speaks to (the autonomy value, the
crowding out of the other relationships, the patron premium, mediation prestige). Instead
of one judged value each, :func:`calibrated_set` draws them uniformly inside their bounds
(every other parameter at its 2014-2021 value) and keeps the draws whose equilibria
reproduce every observation of :data:`OBSERVATIONS`: that sample is the calibrated set.
It is computed for each model family (the simultaneous benchmark ``great-powers`` and the
sequential ``coercion``), stored in ``multivector/games/scenarios/data/calibrated_2014_2021.csv``
with ``calibrated_2014_2021.toml`` (the observations, the sampling, the accepted counts and
box), and checked against a fresh computation by the tests.

:func:`forecast_shares` then moves every calibrated draw to the 2022- calibration (the
calibrated terms keep their drawn values; only what a source says changed is changed) and
reports, for each forecast [F1]..[F5] and each family, the share of the calibrated set in
which the forecast holds, with a Wilson 95% interval. Nothing is fixed by hand: the shares
are computed from the stored set each time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.explore.robustness import wilson_interval
from multivector.games.scenarios import get_scenario

__all__ = [
    "CALIBRATED",
    "CHECKS",
    "DRAWS",
    "FAMILIES",
    "FORECASTS",
    "OBSERVATIONS",
    "SEED",
    "CalibratedSet",
    "FamilyPoint",
    "Observation",
    "calibrated_set",
    "family_points",
    "forecast_shares",
    "stored_set",
    "write_sets",
]

#: The judged terms the 2014-2021 record constrains.
CALIBRATED = (
    "kazakhstan.autonomy_value",
    "kazakhstan.crowding_out",
    "kazakhstan.bandwagon_premium",
    "kazakhstan.mediation_prestige",
)
#: Model family -> the scenario that stands for it.
FAMILIES = {"simultaneous": "great-powers", "sequential": "coercion"}
#: Draws from the prior box, and the seed.
DRAWS = 2000
SEED = 2014
#: The era the record comes from, and the era of the out-of-sample test.
IN_SAMPLE, OUT_OF_SAMPLE = "2014-2021", "2022-"

BAL, MED, BR, BC, BW = (
    "balance",
    "mediate",
    "bandwagon-russia",
    "bandwagon-china",
    "bandwagon-west",
)


@dataclass(frozen=True)
class Observation:
    """One observed fact of 2014-2021 and what it requires of Kazakhstan's equilibrium
    choices (every equilibrium, and at least one)."""

    tag: str
    fact: str
    source: str
    allowed: frozenset[str]


#: The 2014-2021 record (modelling guide, section 2).
OBSERVATIONS = (
    Observation(
        "O1",
        "balancing kept: Kazakhstan sided with neither Russia nor the West",
        "[S13] abstained rather than back Russia on the UN General Assembly Crimea "
        "resolution of 27 March 2014; declined to vote with Russia 15 times in the Security "
        "Council, 2017-2018; [S1]; NATO 'Steppe Eagle' exercises alongside CSTO membership [S8]",
        frozenset({BAL, MED}),
    ),
    Observation(
        "O2",
        "EAEU and CSTO kept",
        "[S6], [S14]: member of both throughout 2014-2021 (bandwagoning with the West is "
        "leaving them)",
        frozenset({BAL, MED, BR, BC}),
    ),
    Observation(
        "O3",
        "Astana format hosted",
        "[S5]: Astana talks on Syria with Russia, Turkey and Iran from January 2017",
        frozenset({MED}),
    ),
)

#: The forecasts and what each requires (declared before any share was computed).
FORECASTS = {
    "F1": "Kazakhstan keeps balancing: it plays balance or mediate in every equilibrium",
    "F2": "it stays in the EAEU: no equilibrium has it bandwagon with the West",
    "F3": "the mix tilts to the non-Western world: bandwagoning with China would earn it "
    "more than bandwagoning with the West, at every equilibrium",
    "F4": "the policy needs adjustment: the equilibrium changes between 2014-2021 and 2022-",
    "F5": "mediation continues: it mediates in every equilibrium",
}


@dataclass(frozen=True)
class CalibratedSet:
    """The draws of :data:`CALIBRATED` consistent with the record, for one family."""

    family: str
    scenario: str
    parameters: tuple[str, ...]
    draws: int
    seed: int
    samples: NDArray[np.float64]  # (accepted, len(parameters))

    @property
    def accepted(self) -> int:
        """Number of draws kept."""
        return int(self.samples.shape[0])

    def box(self) -> dict[str, tuple[float, float]]:
        """The smallest box holding the set: ``{parameter: (min, max)}``."""
        return {
            p: (float(self.samples[:, j].min()), float(self.samples[:, j].max()))
            for j, p in enumerate(self.parameters)
        }


# ---------------------------------------------------------------------- solving batches
def _values(scenario: Any, era: str, samples: NDArray[np.float64]) -> dict[str, Any]:
    base = scenario.values(era, derive=True)
    n = samples.shape[0]
    values = {k: np.full(n, v) for k, v in base.items()}
    for j, name in enumerate(CALIBRATED):
        values[name] = samples[:, j]
    return values


@dataclass(frozen=True)
class FamilyPoint:
    """What the forecasts read at one point: Kazakhstan's choices over the equilibria,
    the lean to China over the West at each, and a key for the whole equilibrium set."""

    choices: tuple[str, ...]
    leans: tuple[float, ...]
    key: str


def _simultaneous(scenario: Any, values: Mapping[str, Any]) -> list[FamilyPoint]:
    from multivector.solver.pure import pure_nash_mask

    payoffs = scenario.payoffs_batch(values)
    mask = pure_nash_mask(payoffs)
    labels = scenario.strategies[0]
    bc, bw = labels.index(BC), labels.index(BW)
    out = []
    for b in range(mask.shape[0]):
        eqs = [tuple(int(i) for i in e) for e in np.argwhere(mask[b])]
        choices = tuple(labels[e[0]] for e in eqs)
        leans = tuple(float(payoffs[b, 0, bc, *e[1:]] - payoffs[b, 0, bw, *e[1:]]) for e in eqs)
        key = ";".join("/".join(scenario.strategies[i][k] for i, k in enumerate(e)) for e in eqs)
        out.append(FamilyPoint(choices, leans, key))
    return out


def _sequential(scenario: Any, values: Mapping[str, Any]) -> list[FamilyPoint]:
    plans = scenario.plans_batch(values)
    chance = scenario.chance_batch(values)
    kz = scenario.stages[[s.player for s in scenario.stages].index("Kazakhstan")]
    bc, bw = kz.actions.index(BC), kz.actions.index(BW)
    out = []
    for b, plan in enumerate(plans):
        probs = {k: v[b] for k, v in chance.items()}
        labels = scenario.plan_labels(plan, probs)
        lean = float(plan.first_values[bc] - plan.first_values[bw])
        out.append(FamilyPoint((labels[0],), (lean,), "/".join(labels)))
    return out


def family_points(family: str, era: str, samples: NDArray[np.float64]) -> list[FamilyPoint]:
    """What the forecasts read at each draw of ``samples`` (rows of :data:`CALIBRATED`
    values), in ``family``'s scenario at calibration ``era``."""
    scenario = get_scenario(FAMILIES[family])
    values = _values(scenario, era, samples)
    if family == "sequential":
        return _sequential(scenario, values)
    return _simultaneous(scenario, values)


def _consistent(point: FamilyPoint) -> bool:
    return bool(point.choices) and all(c in o.allowed for o in OBSERVATIONS for c in point.choices)


# ---------------------------------------------------------------------- the set
def calibrated_set(family: str, *, draws: int = DRAWS, seed: int = SEED) -> CalibratedSet:
    """Draw :data:`CALIBRATED` uniformly in their bounds and keep the draws consistent
    with every observation at the 2014-2021 calibration.

    Examples
    --------
    >>> cs = calibrated_set("simultaneous", draws=200, seed=1)
    >>> 0 < cs.accepted < 200
    True
    """
    scenario = get_scenario(FAMILIES[family])
    rng = np.random.default_rng(seed)
    bounds = [scenario.parameters[p] for p in CALIBRATED]
    samples = np.stack([rng.uniform(p.min, p.max, draws) for p in bounds], axis=1)
    points = family_points(family, IN_SAMPLE, samples)
    keep = np.array([_consistent(pt) for pt in points], dtype=bool)
    return CalibratedSet(family, FAMILIES[family], CALIBRATED, draws, seed, samples[keep])


def _data(name: str) -> str:
    return (
        resources.files("multivector.games.scenarios")
        .joinpath("data", name)
        .read_text(encoding="utf-8")
    )


@lru_cache(maxsize=4)
def stored_set(family: str) -> CalibratedSet:
    """The calibrated set shipped in ``calibrated_2014_2021.csv`` for ``family``."""
    rows = list(csv.DictReader(io.StringIO(_data("calibrated_2014_2021.csv"))))
    mine = [r for r in rows if r["family"] == family]
    samples = np.array([[float(r[p]) for p in CALIBRATED] for r in mine]).reshape(
        -1, len(CALIBRATED)
    )
    return CalibratedSet(family, FAMILIES[family], CALIBRATED, DRAWS, SEED, samples)


def write_sets(sets: Sequence[CalibratedSet]) -> tuple[str, str]:
    """The texts of ``calibrated_2014_2021.csv`` and ``.toml`` for ``sets``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["family", *CALIBRATED])
    for cs in sets:
        for row in cs.samples:
            w.writerow([cs.family, *(f"{float(x):.6g}" for x in row)])
    lines = [
        "# The calibrated set: values of Kazakhstan's judged terms consistent with the",
        "# 2014-2021 record, written by multivector.explore.calibration.write_sets and",
        "# checked against a fresh computation by the tests. The accepted draws are in",
        "# calibrated_2014_2021.csv.",
        "",
        f"draws = {DRAWS}",
        f"seed = {SEED}",
        f'era = "{IN_SAMPLE}"',
        f"parameters = [{', '.join(repr(p).replace(chr(39), chr(34)) for p in CALIBRATED)}]",
        "sampling = \"uniform within each parameter's bounds; every other parameter at its "
        '2014-2021 value"',
        "",
    ]
    for o in OBSERVATIONS:
        lines += [
            "[[observations]]",
            f'tag = "{o.tag}"',
            f'fact = "{o.fact}"',
            f'source = "{o.source}"',
            f"allowed = [{', '.join(chr(34) + a + chr(34) for a in sorted(o.allowed))}]",
            "",
        ]
    for cs in sets:
        lines += [
            f"[families.{cs.family}]",
            f'scenario = "{cs.scenario}"',
            f"accepted = {cs.accepted}",
        ]
        for p, (lo, hi) in cs.box().items():
            lines.append(f'"{p}" = [{lo:.6g}, {hi:.6g}]')
        lines.append("")
    return buf.getvalue(), "\n".join(lines)


# ---------------------------------------------------------------------- forecasts
_Check = Callable[[FamilyPoint, FamilyPoint], bool]

#: Each forecast's test on a draw's 2014-2021 and 2022- points.
CHECKS: dict[str, _Check] = {
    "F1": lambda old, new: bool(new.choices) and set(new.choices) <= {BAL, MED},
    "F2": lambda old, new: bool(new.choices) and BW not in new.choices,
    "F3": lambda old, new: bool(new.leans) and all(v > 0 for v in new.leans),
    "F4": lambda old, new: old.key != new.key,
    "F5": lambda old, new: bool(new.choices) and set(new.choices) == {MED},
}


def forecast_shares(
    families: Sequence[str] = tuple(FAMILIES), *, sets: Mapping[str, CalibratedSet] | None = None
) -> dict[str, dict[str, dict[str, Any]]]:
    """The share of each family's calibrated set in which each forecast holds in 2022-.

    Returns
    -------
    dict
        ``{forecast: {family: {"scenario", "holds", "n", "share", "low", "high"}}}``,
        ``low``-``high`` the Wilson 95% interval (Wilson 1927).

    Examples
    --------
    >>> out = forecast_shares(["simultaneous"])
    >>> sorted(out), out["F1"]["simultaneous"]["n"] > 0
    (['F1', 'F2', 'F3', 'F4', 'F5'], True)
    """
    out: dict[str, dict[str, dict[str, Any]]] = {f: {} for f in FORECASTS}
    for family in families:
        cs = (sets or {}).get(family) or stored_set(family)
        old = family_points(family, IN_SAMPLE, cs.samples)
        new = family_points(family, OUT_OF_SAMPLE, cs.samples)
        for tag, check in CHECKS.items():
            k = sum(bool(check(a, b)) for a, b in zip(old, new, strict=True))
            n = len(new)
            lo, hi = wilson_interval(k, n) if n else (0.0, 1.0)
            out[tag][family] = {
                "scenario": cs.scenario,
                "holds": k,
                "n": n,
                "share": k / n if n else None,
                "low": lo,
                "high": hi,
            }
    return out
