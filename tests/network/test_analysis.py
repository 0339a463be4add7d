"""Properties of the corridor analyses on random networks, and the shipped data against
its sources (docs/network.md; figures in the corridors research notes)."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.errors import DataError
from multivector.explore.strategies import corridor_graphs
from multivector.network import (
    add_capacity,
    dependence_on,
    disrupt,
    export_capacity,
    load_corridors,
    min_cut,
    route_hhi,
)
from multivector.network.derived import russia_corridor_leverage

COUNTRIES = ("A", "B", "C")


@settings(max_examples=60, deadline=None)
@given(corridor_graphs(), st.data())
def test_removing_edges_never_increases_any_max_flow(
    G: nx.MultiDiGraph, data: st.DataObject
) -> None:
    keys = [k for _, _, k in G.edges(keys=True)]
    drop = data.draw(st.lists(st.sampled_from(keys), max_size=5))
    H = disrupt(G, without_edges=[k for k in drop])
    for market in (None, "m0", "m1"):
        assert export_capacity(H, "oil", market) <= export_capacity(G, "oil", market) + 1e-9
    country = data.draw(st.sampled_from(COUNTRIES))
    assert (
        export_capacity(disrupt(G, without_countries=[country]), "oil")
        <= export_capacity(G, "oil") + 1e-9
    )


@settings(max_examples=60, deadline=None)
@given(corridor_graphs(), st.sampled_from(COUNTRIES))
def test_dependence_shares_lie_in_unit_interval(G: nx.MultiDiGraph, country: str) -> None:
    d = dependence_on(G, country, "oil")
    assert 0.0 <= d["capacity_share"] <= 1.0
    assert d["flow_share"] is None or 0.0 <= d["flow_share"] <= 1.0
    assert d["residual"] <= d["capacity"] + 1e-9
    h = route_hhi(G, "oil")
    for key in ("capacity_hhi", "flow_hhi"):
        assert h[key] is None or 0.0 < h[key] <= 1.0 + 1e-12


@settings(max_examples=60, deadline=None)
@given(corridor_graphs())
def test_capacity_equals_min_cut_value(G: nx.MultiDiGraph) -> None:
    cut = min_cut(G, "oil")
    assert cut.value == pytest.approx(export_capacity(G, "oil"))
    # the cut edges' capacities add up to its value, and removing them leaves nothing
    total = sum(d["capacity"] for _, _, k, d in G.edges(keys=True, data=True) if k in cut.edges)
    assert total == pytest.approx(cut.value)
    assert export_capacity(disrupt(G, without_edges=cut.edges), "oil") == 0.0


@settings(max_examples=60, deadline=None)
@given(corridor_graphs(), st.data())
def test_adding_capacity_never_lowers_capacity(G: nx.MultiDiGraph, data: st.DataObject) -> None:
    u, v, k = data.draw(st.sampled_from(list(G.edges(keys=True))))
    amount = data.draw(st.floats(0, 50))
    H = add_capacity(G, u, v, amount, "oil", key=k)
    for market in (None, "m0", "m1"):
        assert export_capacity(H, "oil", market) >= export_capacity(G, "oil", market) - 1e-9


def test_disrupt_returns_a_new_graph_and_leaves_the_input_alone() -> None:
    G = load_corridors()
    before = export_capacity(G, "oil")
    H = disrupt(G, without_countries=["Russia"], scale={"Sangachal-Ceyhan": 0.5})
    assert export_capacity(G, "oil") == before
    assert "Tengiz-Novorossiysk:oil" in H.graph["removed"]
    # the BTC's spare capacity: 50 Mt/y less 30.2 Mt/y in use (2023) [D]
    assert G.edges["Sangachal", "Ceyhan", "Sangachal-Ceyhan:oil"]["capacity"] == 19.8


def test_bad_disruptions_are_refused_with_the_fix() -> None:
    G = load_corridors()
    with pytest.raises(DataError, match="countries in the network"):
        disrupt(G, without_countries=["Atlantis"])
    with pytest.raises(DataError, match="no edge named"):
        disrupt(G, scale={"Tengiz-Nowhere": 0.5})
    with pytest.raises(DataError, match="no known capacity"):
        disrupt(G, scale={"Samara-Germany_Druzhba": 0.5})


# ---------------------------------------------------------------- shipped data
def test_russia_share_of_oil_export_capacity_lies_between_the_sourced_measures() -> None:
    # The capacity share (what is lost if Russia's routes close) is at least the CPC's
    # share of exported oil (79% in 2021, 81% in 2022 [D]), since the CPC is not the only
    # route Russia controls, and at most the share of recent flow crossing Russia
    # (exports bypassing Russia were about 5% in 2023, Reuters via marketscreener).
    d = dependence_on(load_corridors(), "Russia", "oil")
    assert 0.81 <= d["capacity_share"] <= d["flow_share"]
    # 1 - (Atyrau-Kenkiyak 6 + Aktau oil berths 7.5) / (CPC 72.5 + Atyrau-Samara 17 + 6 + 7.5)
    assert d["capacity_share"] == pytest.approx(1 - 13.5 / 103.0)
    assert russia_corridor_leverage() == pytest.approx(d["capacity_share"], abs=1e-4)
    # exports bypassing Russia were about 5% in 2023 (Reuters via marketscreener)
    assert d["flow_share"] is not None and d["flow_share"] > 0.9


def test_shipped_oil_capacity_is_the_sum_of_the_sourced_bottlenecks() -> None:
    G = load_corridors()
    # CPC Kazakh entry 72.5 + Atyrau-Samara 17 + Atyrau-Kenkiyak feeder 6 + the Aktau oil
    # berths 7.5 (PortNews 2023-09-04), not the whole port's 11
    assert export_capacity(G, "oil") == pytest.approx(72.5 + 17 + 6 + 7.5)
    assert export_capacity(G, "oil", "Black_Sea_market") == pytest.approx(72.5)
    # the CPC terminal at one of three moorings (Aug-Nov 2022): 3.5 Mt/month = 42 Mt/y
    one_spm = disrupt(G, scale={"Novorossiysk-Black_Sea_market": 1 / 3})
    assert export_capacity(one_spm, "oil", "Black_Sea_market") == pytest.approx(42.0)
    assert "Russia" in min_cut(G, "oil").countries


def test_middle_corridor_capacity_matches_its_sourced_figure() -> None:
    """The cargo network's Middle Corridor (every general-cargo leg into a market on the
    trans-Caspian route) carries 6 Mt/y as sourced (Trend 2024-12-17), within 10%."""
    G = load_corridors()
    other = [
        f"{u}-{v}:general_cargo"
        for u, v, d in G.edges(data=True)
        if d["commodity"] == "general_cargo"
        and G.nodes[v]["kind"] == "market"
        and d["route"] != "trans-caspian"
    ]
    middle = export_capacity(disrupt(G, without_edges=other), "general_cargo")
    assert middle == pytest.approx(6.0, rel=0.10)


def test_kazakh_exports_are_origins_of_the_cargo_network() -> None:
    from multivector.network import origins

    G = load_corridors()
    assert {"Kazakh_grain", "Kazakh_cargo"} <= set(origins(G, "general_cargo"))
    assert all(G.nodes[o]["country"] == "Kazakhstan" for o in ("Kazakh_grain", "Kazakh_cargo"))


def test_turkey_is_transit_exposure_not_control_for_the_straits() -> None:
    from multivector.network import exposure_table

    G = load_corridors()
    assert (
        "Turkey"
        not in G.edges["Novorossiysk", "Black_Sea_market", "Novorossiysk-Black_Sea_market:oil"][
            "controlling"
        ]
    )
    control = dependence_on(G, "Turkey", "oil")["capacity_share"]
    exposure = next(r for r in exposure_table(G, "oil") if r["country"] == "Turkey")
    assert exposure["measure"] == "transit exposure"
    assert control < 0.1 < exposure["capacity_share"]
