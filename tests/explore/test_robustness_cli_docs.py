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
