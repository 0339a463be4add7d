"""``corridor-investment``: residual capacities from the network, directional properties,
cells recomputed by hand, and certified equilibria."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector import NormalFormGame, solve
from multivector.games.scenarios import get_scenario
from multivector.games.scenarios.corridor_investment import STRATEGIES, residual_capacities
from tests.validators import assert_equilibrium

pytest.importorskip("networkx")

S = get_scenario("corridor-investment")
COERCE = S.strategies[1].index("coerce")
TC_SIZE, IR_SIZE = "corridor.trans_caspian_oil", "corridor.iranian_cargo"


def test_valid_game_at_defaults_bounds_and_eras() -> None:
    lows = {k: p.min for k, p in S.parameters.items()}
    highs = {k: p.max for k, p in S.parameters.items()}
    for values in (None, lows, highs):
        g = S.game(era=None, overrides=values)
        assert isinstance(g, NormalFormGame) and g.shape == (4, 2)
        assert np.all(np.isfinite(g.payoffs))
    for era in S.eras:
        sol = solve(S.game(era))
        assert sol.equilibria and sol.complete
        for eq in sol.equilibria:
            assert_equilibrium(sol.game, eq)


def test_residuals_match_the_network_figures() -> None:
    """Without Russia the shipped network carries 13.5 Mt/y of oil and 31 Mt/y of rail cargo
    of an intact 103 and 45 (docs/network.md)."""
    r = residual_capacities(0.0, 0.0)
    assert r["intact"] == {"oil": 103.0, "general_cargo": 45.0}
    for s in STRATEGIES:
        assert r[s] == {"oil": 13.5, "general_cargo": 31.0}


@settings(max_examples=20, deadline=None)
@given(
    tc=st.floats(0.0, 40.0, allow_nan=False),
    ir=st.floats(0.0, 20.0, allow_nan=False),
)
def test_investing_raises_residual_capacity_under_coercion(tc: float, ir: float) -> None:
    """Each investment never lowers what is left without Russia, raises it when positive,
    and never beyond its own size (max flow is monotone in capacities)."""
    r = residual_capacities(tc, ir)
    base = r["none"]
    for s, oil_up, cargo_up in (
        ("trans-caspian", tc, 0.0),
        ("iranian", 0.0, ir),
        ("both", tc, ir),
    ):
        assert base["oil"] - 1e-9 <= r[s]["oil"] <= base["oil"] + oil_up + 1e-9
        assert base["general_cargo"] - 1e-9 <= r[s]["general_cargo"]
        assert r[s]["general_cargo"] <= base["general_cargo"] + cargo_up + 1e-9
    if tc > 1e-6:
        assert r["trans-caspian"]["oil"] > base["oil"]
    if ir > 1e-6:
        assert r["iranian"]["general_cargo"] > base["general_cargo"]


def test_investing_lowers_the_coerced_loss_and_russias_leverage() -> None:
    g = S.game(era=None, overrides={"kazakhstan.cost.trans_caspian": 0.0})
    ng = S.game(era=None, overrides={"kazakhstan.cost.iranian": 0.0})
    none, tc, ir = (STRATEGIES.index(s) for s in ("none", "trans-caspian", "iranian"))
    assert g.payoffs[0][tc, COERCE] > g.payoffs[0][none, COERCE]
    assert ng.payoffs[0][ir, COERCE] > ng.payoffs[0][none, COERCE]
    # Russia's gain from coercion is its leverage, which the oil bypass lowers
    assert g.payoffs[1][tc, COERCE] < g.payoffs[1][none, COERCE]


@settings(max_examples=20, deadline=None)
@given(
    d=st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 1.0)).map(sorted),
    tc=st.floats(0.0, 40.0),
    ir=st.floats(0.0, 20.0),
)
def test_more_disruption_never_raises_kazakhstans_coerced_payoff(
    d: list[float], tc: float, ir: float
) -> None:
    low, high = (
        S.game(era=None, overrides={"russia.disruption": x, TC_SIZE: tc, IR_SIZE: ir}) for x in d
    )
    assert np.all(high.payoffs[0][:, COERCE] <= low.payoffs[0][:, COERCE] + 1e-12)
    # accommodation does not depend on the disruption depth
    np.testing.assert_array_equal(high.payoffs[0][:, 0], low.payoffs[0][:, 0])


def test_cells_by_hand() -> None:
    """2022-: Kazakhstan invests in both routes and Russia coerces.
    Kazakhstan: -I_TC - I_IR - x d L - c d (1 - R_cargo/45) - T, L = 1 - R_oil/C_oil;
    Russia: q_R L - c_R - H_R - F_R."""
    v = S.values("2022-")
    r = residual_capacities(v[TC_SIZE], v[IR_SIZE])["both"]
    assert r == {"oil": 13.5 + 10.5, "general_cargo": 31.0 + 5.0}
    # Russia's leverage after the investment: 1 - R_oil / C_oil with the investment
    oil = 1 - r["oil"] / residual_capacities(v[TC_SIZE], v[IR_SIZE])["intact-both"]["oil"]
    cargo = 1 - r["general_cargo"] / 45.0
    g = S.game("2022-")
    both = STRATEGIES.index("both")
    assert g.payoffs[0][both, COERCE] == pytest.approx(
        -v["kazakhstan.cost.trans_caspian"]
        - v["kazakhstan.cost.iranian"]
        - v["kazakhstan.oil_share"] * v["russia.disruption"] * oil
        - v["kazakhstan.cargo_share"] * v["russia.disruption"] * cargo
        - v["russia.security_threat"]
    )
    assert g.payoffs[1][both, COERCE] == pytest.approx(
        v["russia.demand"] * oil
        - v["russia.coercion_cost"]
        - v["russia.hub_value"]
        - v["russia.china_friction"]
    )


def test_equilibria_under_each_calibration() -> None:
    """Coercion gains Russia q_R * 0.75 at most (< c_R + H_R + F_R in both eras), so it
    accommodates and an investment is a pure cost: (none, accommodate) is the unique
    equilibrium (docs/model.md)."""
    for era in S.eras:
        (eq,) = solve(S.game(era)).equilibria
        assert eq.is_pure
        assert eq.profile[0][STRATEGIES.index("none")] == 1.0
        assert eq.profile[1][0] == 1.0


def test_under_coercion_the_oil_bypass_pays_when_its_saving_exceeds_its_cost() -> None:
    """q_R = 0.5: Russia coerces whatever Kazakhstan does. The Trans-Caspian bypass saves
    x d (L[none] - L[trans-caspian]) = 0.35 d (0.8689 - 0.7885): 0.0028 at the one-month
    depth d = 0.1, below its cost 0.003 (Kazakhstan does not invest), 0.0084 at d = 0.3
    (it invests). Before the Aktau oil berths were corrected to 7.5 Mt/y and leverage was
    measured as a capacity share, the same bypass saved 0.0052 at d = 0.1."""
    from multivector.games.scenarios.corridor_investment import leverage_after

    v = S.values("2022-")
    gap = leverage_after(v[TC_SIZE], v[IR_SIZE], "none") - leverage_after(
        v[TC_SIZE], v[IR_SIZE], "trans-caspian"
    )
    for depth in (0.1, 0.3):
        g = S.game("2022-", {"russia.demand": 0.5, "russia.disruption": depth})
        (eq,) = solve(g).equilibria
        assert_equilibrium(g, eq)
        assert eq.profile[1][COERCE] == 1.0
        pays = v["kazakhstan.oil_share"] * depth * gap > v["kazakhstan.cost.trans_caspian"]
        assert eq.profile[0][STRATEGIES.index("trans-caspian")] == float(pays)
        assert pays == (depth == 0.3)
