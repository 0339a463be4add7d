"""Robustness margins, the CLI commands and the docs example."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from multivector.cli.app import app
from multivector.explore.robustness import (
    first_player_plays,
    margins,
    monte_carlo,
    wilson_interval,
)
from multivector.explore.sweep import solve_points
from multivector.games.scenarios import get_scenario

DOCS = Path(__file__).resolve().parents[2] / "docs" / "explore.md"


def test_margins_bracket_the_change() -> None:
    table = margins("great-powers", parameters=["kazakhstan.bandwagon_premium", "russia.leverage"])
    assert table.holds_at_calibration
    s = get_scenario("great-powers")
    rule = first_player_plays()
    base = s.values()
    for m in table.margins:
        for edge, inside in ((m.upper, -1e-4), (m.lower, 1e-4)):
            if edge is None:
                continue
            vals = {k: np.array([v, v]) for k, v in base.items()}
            vals[m.parameter] = np.array([edge + inside, edge])
            before, after = (rule(e) for e in solve_points(s, vals))
            assert before and not after


def test_wilson_and_monte_carlo() -> None:
    lo, hi = wilson_interval(0, 10)
    assert lo == 0.0 and 0.2 < hi < 0.35  # Wilson 1927: (0, 0.2775) at 95%
    mc = monte_carlo("great-powers", draws=400, seed=3)
    assert mc.low <= mc.share <= mc.high and 0 < mc.holds < 400
    assert monte_carlo("great-powers", draws=400, seed=3) == mc


def test_cli_sweep_and_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out, png = tmp_path / "g.csv", tmp_path / "p.png"
    args = [
        "sweep",
        "great-powers",
        "--vary",
        "kazakhstan.autonomy_value=0:0.3:10",
        "--vary",
        "kazakhstan.bandwagon_premium=0:1:10",
        "--out",
        str(out),
        "--plot",
        str(png),
    ]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert len(out.read_text().splitlines()) == 101 and png.stat().st_size > 1000
    again = CliRunner().invoke(app, [*args[:-2], "--resume"])
    assert again.exit_code == 0 and len(out.read_text().splitlines()) == 101


def test_cli_robustness_and_errors() -> None:
    res = CliRunner().invoke(app, ["robustness", "great-powers", "--draws", "200"])
    assert res.exit_code == 0, res.output
    assert "kazakhstan.bandwagon_premium" in res.output and "Wilson" in res.output
    bad = CliRunner().invoke(app, ["sweep", "great-powers", "--vary", "russia.leverage=0:1"])
    assert bad.exit_code == 2


def test_docs_example_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 2
    for code in blocks:
        exec(compile(code, str(DOCS), "exec"), {"__name__": "docs_example"})


def test_choice_margins_show_each_great_power_of_coercion() -> None:
    # Kazakhstan mediates at the 2022- calibration; the claim (balance or mediate) does not
    # change with any of the West's parameters, but its choice does: the choice table
    # gives every great power's parameters that move it, and each edge is checked by
    # solving the scenario on both sides of it
    from multivector.explore.robustness import (
        calibrated_choice,
        check_robustness,
        first_player_choice,
    )

    s = get_scenario("coercion")
    chosen = calibrated_choice(s)
    assert chosen == ("mediate",)
    found = check_robustness(s, draws=0)
    assert found.choice is not None and found.choice.holds_at_calibration
    moved = {m.parameter for m in found.choice.margins if m.margin is not None}
    for power in ("russia.", "china.", "west."):
        assert any(p.startswith(power) for p in moved), power
    rule = first_player_choice(chosen)
    base = s.values()
    checked = 0
    for m in found.choice.margins:
        if not m.parameter.startswith("west."):
            continue
        for edge, inside in ((m.upper, -1e-4), (m.lower, 1e-4)):
            if edge is None:
                continue
            vals = {k: np.array([v, v]) for k, v in base.items()}
            vals[m.parameter] = np.array([edge + inside, edge])
            before, after = (rule(e) for e in solve_points(s, vals))
            assert before and not after
            checked += 1
    assert checked >= 2
    # the claim's own table is unchanged by the choice table, and none is made when the
    # outcome is the choice itself
    assert check_robustness(s, ["mediate"], draws=0).choice is None
    assert check_robustness(s, draws=0, choice=False).choice is None
