"""The tables of ``docs/model.md``, generated from a scenario so that they cannot drift
from the code: players and moves, one row per payoff term, one row per parameter."""

from __future__ import annotations

from typing import Any

__all__ = ["model_tables", "parameter_table", "term_table"]


def _fmt(v: float) -> str:
    return f"{v:.4g}"


def term_table(scenario: Any) -> str:
    """``| player | term | formula | applies when | parameters | provenance |`` rows."""
    lines = [
        "| player | term | formula | applies when | parameters | provenance |",
        "|---|---|---|---|---|---|",
    ]
    for t in scenario.terms:
        sign = "+" if t.kind == "gain" else "−"
        params = ", ".join(f"`{p}`" for p in t.params)
        lines.append(
            f"| {t.player} | `{t.name}` | {sign} {t.formula} | {t.applies} | {params} | {t.why} |"
        )
    return "\n".join(lines)


def parameter_table(scenario: Any) -> str:
    """``| parameter | default | bounds | <eras> | kind | source |`` rows."""
    eras = list(scenario.eras)
    values = {e: scenario.values(e) for e in eras}
    head = "| parameter | default | bounds | " + " | ".join(eras) + " | kind | source |"
    lines = [head, "|" + "---|" * (5 + len(eras))]
    for name, p in scenario.parameters.items():
        cells = " | ".join(_fmt(values[e][name]) for e in eras)
        lines.append(
            f"| `{name}` | {_fmt(p.default)} | [{p.min:g}, {p.max:g}] | {cells} | {p.kind} | "
            f"{p.source} |"
        )
    return "\n".join(lines)


def model_tables(scenario: Any) -> str:
    """The generated part of a scenario's section: description, moves, units, terms and
    parameters."""
    if hasattr(scenario, "stages"):
        moves = "; ".join(
            f"{s.player if s.player != 'chance' else 'chance'} ({', '.join(s.actions)})"
            + (f", seeing {', '.join(s.observes)}" if s.observes else "")
            for s in scenario.stages
        )
        structure = f"Moves, in order: {moves}."
    else:
        structure = (
            "Players and strategies: "
            + "; ".join(
                f"{p} ({', '.join(s)})"
                for p, s in zip(scenario.players, scenario.strategies, strict=True)
            )
            + "."
        )
    units = "; ".join(f"{p}: {u}" for p, u in scenario.units.items())
    return "\n\n".join(
        [
            scenario.description,
            structure,
            f"Units: {units}.",
            term_table(scenario),
            "Parameters (defaults; the calibrations in "
            f"`multivector/games/scenarios/data/{scenario.calibration_file}` set the era "
            "values):",
            parameter_table(scenario),
        ]
    )
