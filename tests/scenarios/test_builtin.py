"""Built-in scenarios: valid games everywhere inside the bounds, batched = one at a time,
every term moving its player's payoff in its stated direction, sourced parameters."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector import NormalFormGame, solve
from multivector.errors import ScenarioError
from multivector.games.scenarios import SCENARIOS, Scenario, get_scenario
from multivector.solver.dynamics import evolutionarily_stable_states
from tests.validators import assert_equilibrium

NAMES = list(SCENARIOS)
#: Normal-form scenarios; the sequential ones (trees) have their own tests of the same
#: properties in test_tree_scenarios.py.
NF_NAMES = [n for n in NAMES if isinstance(get_scenario(n), Scenario)]
#: Scenarios whose terms solve a network flow for each point (tens of milliseconds).
FLOW_PER_POINT = {"corridor-investment"}
TAG = ("[S", "[F", "Kydd", "Güner", "Morrow", "Schweller", "unit of", "(20", "20")


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_is_documented(name: str) -> None:
    s = get_scenario(name)
    for p in s.parameters.values():
        assert p.source.strip() and p.meaning.strip() and p.unit.strip()
        assert any(t in p.source for t in TAG), (p.name, p.source)
        assert np.isfinite(p.min) and np.isfinite(p.max)
    for player in s.players:
        assert s.units[player]


@pytest.mark.parametrize("name", NAMES)
def test_calibrations_set_only_sourced_values(name: str) -> None:
    s = get_scenario(name)
    assert len(s.eras) >= 2 and s.eras[:2] == ("2014-2021", "2022-")
    for cal in s.calibrations.values():
        for pname in cal.values:
            assert cal.sources[pname].strip()
            p = s.parameters[pname]
            assert p.min <= cal.values[pname] <= p.max
    latest = s.calibrations["2022-"]
    assert latest.base == "2014-2021"


def test_shared_parameters_have_one_value_per_era() -> None:
    """A parameter used by several scenarios is calibrated the same way in each."""
    seen: dict[tuple[str, str], tuple[float, str]] = {}
    for name in NAMES:
        s = get_scenario(name)
        for era in s.eras:
            for pname, value in s.values(era).items():
                key = (era, pname)
                if key in seen:
                    assert value == pytest.approx(seen[key][0]), (pname, era, name, seen[key][1])
                else:
                    seen[key] = (value, name)


@st.composite
def _draw(draw: st.DrawFn, name: str) -> dict[str, float]:
    s = get_scenario(name)
    return {k: draw(st.floats(p.min, p.max, allow_nan=False)) for k, p in s.parameters.items()}


@pytest.mark.parametrize("name", NF_NAMES)
def test_valid_game_at_defaults_bounds_and_eras(name: str) -> None:
    s = get_scenario(name)
    lows = {k: p.min for k, p in s.parameters.items()}
    highs = {k: p.max for k, p in s.parameters.items()}
    for values in (None, lows, highs):
        g = s.game(era=None, overrides=values)
        assert isinstance(g, NormalFormGame)
        assert g.shape == tuple(len(x) for x in s.strategies)
        assert np.all(np.isfinite(g.payoffs))
    for era in s.eras:
        sol = solve(s.game(era=era))
        assert sol.equilibria, (name, era)
        for eq in sol.equilibria:
            assert_equilibrium(sol.game, eq)


@pytest.mark.parametrize("name", NF_NAMES)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_hypothesis_draws_inside_bounds_build_and_solve(name: str, data: st.DataObject) -> None:
    s = get_scenario(name)
    values = data.draw(_draw(name))
    g = s.game(era=None, overrides=values)
    assert np.all(np.isfinite(g.payoffs))
    for eq in solve(g, "pure").equilibria:
        assert_equilibrium(g, eq)


@pytest.mark.parametrize("name", NF_NAMES)
def test_batch_equals_one_at_a_time(name: str) -> None:
    s = get_scenario(name)
    rng = np.random.default_rng(7)
    batch = {k: rng.uniform(p.min, p.max, size=9) for k, p in s.parameters.items()}
    stacked = s.payoffs_batch(batch)
    assert stacked.shape == (9, len(s.players), *(len(x) for x in s.strategies))
    for b in range(9):
        single = s.game(era=None, overrides={k: float(v[b]) for k, v in batch.items()})
        np.testing.assert_array_equal(stacked[b], single.payoffs)


def _dense_sum(s: Scenario, values: dict[str, np.ndarray]) -> np.ndarray:
    """Payoffs by the definition: each term added to the whole array, in term order."""
    batch = len(next(iter(values.values())))
    shape = tuple(len(x) for x in s.strategies)
    out = np.zeros((batch, len(s.players), *shape))
    for t in s.terms:
        mag = np.broadcast_to(np.asarray(t.magnitude(values), dtype=np.float64), (batch,))
        weights = s.term_weights(t.player, t.name)
        out[:, s.players.index(t.player)] += (
            t.sign * mag.reshape(batch, *[1] * len(shape)) * weights
        )
    return out


@pytest.mark.parametrize("name", NF_NAMES)
@pytest.mark.parametrize("scale", [None, 0.3])
@pytest.mark.parametrize("block", [None, 100])
def test_batch_adds_terms_in_order(
    name: str, scale: float | None, block: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """payoffs_batch skips zero weights and works in blocks of points: the floats (and
    the signs of zeros) are still those of adding every term to every entry in turn,
    with unit weights and with others, in one block and in many (100 payoff entries per
    block: a point or a few each, the last block short)."""
    if block is not None:
        monkeypatch.setattr("multivector.games.scenarios.base._BLOCK_ENTRIES", block)
    s = get_scenario(name)
    assert isinstance(s, Scenario)
    if scale is not None:
        terms = tuple(
            dataclasses.replace(
                t, weight=lambda *labels, w=t.weight, k=k: (k % 3 + scale) * w(*labels)
            )
            for k, t in enumerate(s.terms)
        )
        s = dataclasses.replace(s, terms=terms)
    # few points where each costs a network flow
    size = 21 if name in FLOW_PER_POINT else 601
    rng = np.random.default_rng(11)
    values = {k: rng.uniform(p.min, p.max, size=size) for k, p in s.parameters.items()}
    for k, p in s.parameters.items():
        values[k][:3] = (p.min, p.max, p.default)
    got = s.payoffs_batch(values)
    want = _dense_sum(s, values)
    np.testing.assert_array_equal(got, want)
    assert np.array_equal(np.signbit(got), np.signbit(want))
    assert got.flags.c_contiguous


@pytest.mark.parametrize("name", NAMES)
def test_batch_checks_bounds_and_names(name: str) -> None:
    s = get_scenario(name)
    first, p = next(iter(s.parameters.items()))
    with pytest.raises(ScenarioError, match="row 1"):
        s.payoffs_batch({first: np.array([p.min, p.max + 1.0])})
    with pytest.raises(ScenarioError, match="unknown parameter"):
        s.payoffs_batch({"no.such": np.array([0.0])})


def _kinds(name: str) -> dict[tuple[str, str], set[str]]:
    s = get_scenario(name)
    kinds: dict[tuple[str, str], set[str]] = {}
    for t in s.terms:
        for p in t.params:
            kinds.setdefault((t.player, p), set()).add(t.kind)
    return kinds


@pytest.mark.parametrize("name", NF_NAMES)
def test_only_trade_weights_enter_both_gains_and_costs(name: str) -> None:
    """A trade weight scales gains (the patron premium) and costs (crowding out, lost
    trade) alike; every other parameter is a pure cost or a pure gain of each player."""
    for (player, pname), kinds in _kinds(name).items():
        if len(kinds) > 1:
            assert pname.startswith("kazakhstan.weight."), (player, pname)


@pytest.mark.parametrize("name", NF_NAMES)
def test_each_term_moves_its_players_payoff_in_its_direction(name: str) -> None:
    """Raising a cost parameter never raises the player's payoff where its costs apply,
    raising a gain parameter never lowers it (from the defaults and from each era); a
    trade weight raises each term it scales."""
    s = get_scenario(name)
    kinds = _kinds(name)
    for start in [None, *s.eras]:
        base = s.values(start)
        arrays = {k: np.array([v]) for k, v in base.items()}
        for (player, pname), k in kinds.items():
            p = s.parameters[pname]
            i = s.players.index(player)
            terms = [t for t in s.terms if t.player == player and pname in t.params]
            if len(k) == 1:
                where = np.any([s.term_weights(player, t.name) > 0 for t in terms], axis=0)
                low = s.game(era=None, overrides={**base, pname: p.min}).payoffs[i][where]
                high = s.game(era=None, overrides={**base, pname: p.max}).payoffs[i][where]
                if k == {"cost"}:
                    assert np.all(high <= low + 1e-12), (name, player, pname)
                else:
                    assert np.all(high >= low - 1e-12), (name, player, pname)
            for t in terms:
                lo = np.asarray(t.magnitude({**arrays, pname: np.array([p.min])}))
                hi = np.asarray(t.magnitude({**arrays, pname: np.array([p.max])}))
                assert np.all(lo >= 0) and np.all(hi >= lo - 1e-12), (name, t.name, pname)


def test_great_powers_is_the_four_player_game_of_the_issue() -> None:
    g = get_scenario("great-powers").game()
    assert g.players == ("Kazakhstan", "Russia", "China", "West")
    assert g.strategies == (
        ("balance", "mediate", "bandwagon-russia", "bandwagon-china", "bandwagon-west"),
        ("accommodate", "coerce"),
        ("engage", "hold-back"),
        ("engage", "sanction"),
    )


def test_great_powers_cell_by_hand() -> None:
    """Kazakhstan bandwagons West while Russia coerces, China holds back, the West engages
    (2022- values): g*w_W - rho*(w_R + w_C) - A - L*x*d - T - w_C*h."""
    s = get_scenario("great-powers")
    v = s.values("2022-")
    g = s.game("2022-")
    expected = (
        v["kazakhstan.bandwagon_premium"] * v["kazakhstan.weight.west"]
        - v["kazakhstan.crowding_out"]
        * (v["kazakhstan.weight.russia"] + v["kazakhstan.weight.china"])
        - v["kazakhstan.autonomy_value"]
        - v["russia.leverage"] * v["kazakhstan.oil_share"] * v["russia.disruption"]
        - v["russia.security_threat"]
        - v["kazakhstan.weight.china"] * v["china.holdback_loss"]
    )
    assert g.payoffs[0][4, 1, 1, 0] == pytest.approx(expected)
    # Russia there: deterrence D_R * L minus coercion cost and the hub at risk
    assert g.payoffs[1][4, 1, 1, 0] == pytest.approx(
        v["russia.deterrence_value"] * v["russia.leverage"]
        - v["russia.coercion_cost"]
        - v["russia.hub_value"]
    )


def test_overrides_and_eras_change_the_game() -> None:
    s = get_scenario("great-powers")
    a = s.game("2022-").payoffs
    b = s.game("2022-", {"russia.leverage": 0.6}).payoffs
    assert not np.array_equal(a, b)
    with pytest.raises(ScenarioError, match="unknown era"):
        s.game("1999")
    with pytest.raises(ScenarioError, match="outside its bounds"):
        s.game(overrides={"russia.leverage": 2})


def test_derive_hook_is_declared_for_corridor_leverage() -> None:
    s = get_scenario("great-powers")
    assert s.parameters["russia.leverage"].derive
    with pytest.raises(ScenarioError, match=r"not available yet|derived"):
        try:
            s.values(derive=True)
        except ScenarioError:
            raise
        else:  # the network module exists: the derived value is inside the bounds
            raise ScenarioError("derived")


# ---------------------------------------------------------------- balance or bandwagon
def test_ess_known_answers() -> None:
    """Hawk-dove with V=2, C=4: the mixed ESS plays hawk with probability V/C = 1/2
    (Maynard Smith 1982); prisoner's dilemma: all-defect is the only ESS."""
    hd = NormalFormGame.from_bimatrix(
        [[-1, 2], [0, 1]], [[-1, 0], [2, 1]], strategies=[["hawk", "dove"]] * 2
    )
    (state,) = evolutionarily_stable_states(hd)
    assert state.kind == "divided" and state.shares["hawk"] == pytest.approx(0.5)
    pd = NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"]] * 2
    )
    assert [s.shares for s in evolutionarily_stable_states(pd)] == [{"C": 0.0, "D": 1.0}]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # V/2 - a > v: bandwagoning is the best reply to itself -> all bandwagon
        (
            {"strong_power.reward": 2.0, "balancing.reward": 0.2, "bandwagon.cost": 0.1},
            "bandwagon",
        ),
        # v/2 > V - a: balancing is the best reply to itself -> all balance
        ({"strong_power.reward": 0.5, "balancing.reward": 1.6, "bandwagon.cost": 0.2}, "balance"),
    ],
)
def test_ess_regimes_of_guner(values: dict[str, float], expected: str) -> None:
    g = get_scenario("balance-or-bandwagon").game(era=None, overrides=values)
    (state,) = evolutionarily_stable_states(g)
    assert state.kind == "pure" and state.shares[expected] == 1.0


def test_ess_divided_share_matches_the_mixed_equilibrium() -> None:
    s = get_scenario("balance-or-bandwagon")
    for era in s.eras:
        g = s.game(era)
        states = evolutionarily_stable_states(g)
        symmetric = [
            e
            for e in solve(g).equilibria
            if np.allclose(e.profile[0], e.profile[1]) and not e.is_pure
        ]
        assert len(states) == 1 and states[0].kind == "divided"
        assert states[0].shares["balance"] == pytest.approx(symmetric[0].profile[0][0])
    # 2014-2021: 6/7 bandwagon; 2022-: 1/5 bandwagon (by hand from the calibrations)
    assert evolutionarily_stable_states(s.game("2014-2021"))[0].shares[
        "bandwagon"
    ] == pytest.approx(6 / 7)
    assert evolutionarily_stable_states(s.game("2022-"))[0].shares["bandwagon"] == pytest.approx(
        0.2
    )


@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_ess_is_a_symmetric_equilibrium(data: st.DataObject) -> None:
    g = get_scenario("balance-or-bandwagon").game(
        era=None, overrides=data.draw(_draw("balance-or-bandwagon"))
    )
    for state in evolutionarily_stable_states(g):
        x = np.array([state.shares["balance"], state.shares["bandwagon"]])
        assert g.regret((x, x)) <= 1e-9


def test_sanctions_mixed_equilibrium_by_hand() -> None:
    """Inspection game: the West is indifferent when re-export has probability c_W / N_W."""
    s = get_scenario("sanctions")
    v = s.values("2022-")
    (eq,) = solve(s.game("2022-")).equilibria
    assert eq.profile[0][1] == pytest.approx(v["west.sanction_cost"] / v["west.enforcement_gain"])


def test_all_profiles_have_weights_in_unit_interval() -> None:
    for name in NAMES:  # trees too: a term's weight over histories is 0 or 1
        s = get_scenario(name)
        for t in s.terms:
            w = s.term_weights(t.player, t.name)
            assert np.all((w >= 0) & (w <= 1))
            assert set(itertools.chain([0.0, 1.0])) >= set(np.unique(w).tolist())


def test_docs_model_explains_every_term_and_parameter() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "model.md").read_text()
    for name in NAMES:
        s = get_scenario(name)
        assert f"## `{name}`" in text
        for t in s.terms:
            assert f"| {t.player} | `{t.name}` |" in text, (name, t.name)
        for p in s.parameters:
            assert f"`{p}`" in text, (name, p)


def test_a_parameter_shared_by_scenarios_has_one_value_everywhere() -> None:
    # the sequential scenarios declare great-power parameters that the matrix ones also
    # declare (their meaning says what the parameter does in that game, and may differ);
    # the number must not: default, bounds, unit and every calibration agree
    from collections import defaultdict

    from multivector.games.scenarios import scenario_names

    seen: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for name in scenario_names():
        s = get_scenario(name)
        eras = {era: s.values(era, {}) for era in (None, *s.eras)}
        for key, p in s.parameters.items():
            calibrated = tuple((era, values[key]) for era, values in eras.items())
            seen[key].append((name, (p.default, p.min, p.max, p.unit, calibrated)))
    shared = {k: v for k, v in seen.items() if len(v) > 1}
    assert len(shared) >= 20  # the check covers the great powers' common parameters
    for key, where in shared.items():
        first = where[0][1]
        for scenario, found in where[1:]:
            assert found == first, (key, where[0][0], scenario)


def test_a_value_past_the_float_range_is_out_of_bounds() -> None:
    # a fuzz finding: a calibration file's integer of 401 digits raised OverflowError
    p = get_scenario("kz-russia").parameters["russia.china_friction"]
    with pytest.raises(ScenarioError, match=r"outside its bounds \[0, 1\]"):
        p.check(10**400, where="cal.toml: ")
    with pytest.raises(ScenarioError, match="needs a number"):
        p.check("many", where="cal.toml: ")
