"""The built-in models: sourced parameters -> games.

Each scenario lives in its own module and is loaded on first use. ``great-powers`` is the
default that ``multivector solve`` solves without arguments.

Examples
--------
>>> from multivector.games.scenarios import get_scenario, scenario_names
>>> scenario_names()
('great-powers', 'kz-russia', 'mediation', 'balance-or-bandwagon', 'sanctions',
 'corridor-investment', 'coercion', 'corridor-insurance', 'sanctions-sequential',
 'great-powers-sequence')
>>> s = get_scenario("great-powers")
>>> s.game(era="2022-").shape
(5, 2, 2, 2)
>>> s.game(overrides={"russia.leverage": 0.6}).players
('Kazakhstan', 'Russia', 'China', 'West')
"""

from __future__ import annotations

import importlib
from typing import Any

from multivector.errors import ScenarioError
from multivector.games.scenarios.base import (
    LATEST,
    Calibration,
    Parameter,
    ParameterSet,
    Scenario,
    Term,
    load_calibrations,
    parse_assignments,
)
from multivector.games.scenarios.tree import TreeScenario

__all__ = [
    "DEFAULT_SCENARIO",
    "LATEST",
    "SCENARIOS",
    "Calibration",
    "Parameter",
    "ParameterSet",
    "Scenario",
    "Term",
    "TreeScenario",
    "get_scenario",
    "load_calibrations",
    "parse_assignments",
    "scenario_names",
    "scenario_summaries",
]

#: Registry: scenario name -> module defining ``SCENARIO``.
SCENARIOS: dict[str, str] = {
    "great-powers": "multivector.games.scenarios.great_powers",
    "kz-russia": "multivector.games.scenarios.kz_russia",
    "mediation": "multivector.games.scenarios.mediation",
    "balance-or-bandwagon": "multivector.games.scenarios.balance_or_bandwagon",
    "sanctions": "multivector.games.scenarios.sanctions",
    "corridor-investment": "multivector.games.scenarios.corridor_investment",
    "coercion": "multivector.games.scenarios.coercion",
    "corridor-insurance": "multivector.games.scenarios.corridor_insurance",
    "sanctions-sequential": "multivector.games.scenarios.sanctions_sequential",
    "great-powers-sequence": "multivector.games.scenarios.great_powers_sequence",
}

#: What ``multivector solve`` solves with no argument.
DEFAULT_SCENARIO = "great-powers"


def scenario_names() -> tuple[str, ...]:
    """Names of the built-in scenarios, the default first."""
    return tuple(SCENARIOS)


def get_scenario(name: str) -> Scenario | TreeScenario:
    """The built-in scenario called ``name``.

    Raises
    ------
    ScenarioError
        For an unknown name (the message lists the known ones).
    """
    try:
        module = SCENARIOS[name]
    except (KeyError, TypeError):
        raise ScenarioError(
            f"unknown scenario {name!r}; choose one of {', '.join(SCENARIOS)} "
            "(see `multivector scenarios`)"
        ) from None
    scenario: Scenario | TreeScenario = importlib.import_module(module).SCENARIO
    return scenario


def scenario_summaries() -> list[dict[str, Any]]:
    """One JSON-ready row per built-in scenario (the default first): ``name``,
    ``players``, ``shape``, ``eras``, ``parameters`` (their number) and ``description``.

    Examples
    --------
    >>> row = scenario_summaries()[1]
    >>> row["name"], row["players"], row["shape"]
    ('kz-russia', ['Kazakhstan', 'Russia'], [3, 2])
    """
    rows = []
    for name in SCENARIOS:
        s = get_scenario(name)
        rows.append(
            {
                "name": name,
                "players": list(s.players),
                "shape": [len(x) for x in s.strategies],
                "eras": list(s.eras),
                "parameters": len(s.parameters),
                "description": s.description,
            }
        )
    return rows
