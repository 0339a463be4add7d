"""Hypothesis strategies for exploring models: games of a shape, calibrations in bounds.

Use them to state a property over every calibration a researcher finds plausible and let
hypothesis search for a counter-example (and shrink it to a minimal one); see
``docs/explore.md``. Needs hypothesis (the ``test`` extra).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from multivector.games.normal_form import NormalFormGame

__all__ = ["calibrations", "corridor_graphs", "games"]


def _sizes(value: int | tuple[int, int]) -> st.SearchStrategy[int]:
    if isinstance(value, int):
        return st.just(value)
    low, high = value
    return st.integers(low, high)


def games(
    shape: Sequence[int | tuple[int, int]] | None = None,
    *,
    num_players: int | tuple[int, int] = 2,
    max_strategies: int = 3,
    min_strategies: int = 1,
    integer: bool = False,
    max_payoff: int = 10,
    degenerate: bool | None = None,
) -> st.SearchStrategy[NormalFormGame]:
    """Normal-form games, of a given shape or with drawn numbers of players and strategies.

    Parameters
    ----------
    shape : sequence, optional
        Strategies per player: each a number, or a ``(low, high)`` range to draw it from.
        Without it, ``num_players``, ``min_strategies`` and ``max_strategies`` apply.
    num_players : int or (low, high)
        Number of players when ``shape`` is not given, fixed or drawn from a range.
    max_strategies, min_strategies : int
        Bounds on each player's number of strategies when ``shape`` is not given.
    integer : bool
        Integer payoffs ``0..max_payoff``, kept exact (ties, hence degenerate games, are
        common); otherwise finite floats in ``[-max_payoff, max_payoff]`` (hypothesis
        favours 0, 1 and repeated values, so degenerate games appear too).
    max_payoff : int
        Bound on the absolute payoffs.
    degenerate : bool, optional
        ``False``: nondegenerate games. Float payoffs are then drawn uniformly by numpy
        from a hypothesis-chosen seed (nondegenerate with probability one); integer
        payoffs, 2-player games only, are filtered by the exact test
        :func:`~multivector.solver.vertex.find_degeneracy`. ``True``: as random floats
        (or integers), then the first player is made indifferent among all its
        strategies when the others play their first strategy, so the game is degenerate
        whenever the first player has two or more strategies (a pure strategy with
        several best responses, von Stengel 2007, Definition 3.2). ``None`` (default):
        the drawn values as they come.

    Raises
    ------
    ValueError
        For ``integer=True, degenerate=False`` with other than 2 players.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(games((2, 3)), games(num_players=(2, 3), max_strategies=2, integer=True))
    ... def check(g, h):
    ...     assert g.payoffs.shape == (2, 2, 3)
    ...     assert h.is_exact and 2 <= h.num_players <= 3
    >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> NormalFormGame:
        if shape is None:
            n = draw(_sizes(num_players))
            sizes = tuple(draw(st.integers(min_strategies, max_strategies)) for _ in range(n))
        else:
            sizes = tuple(draw(_sizes(s)) for s in shape)
            n = len(sizes)
        full = (n, *sizes)
        if degenerate is False and integer and n != 2:
            raise ValueError("nondegenerate integer games are drawn for 2 players only")
        if degenerate is None or (degenerate is False and integer):
            count = int(np.prod(full))
            values: st.SearchStrategy[Any] = (
                st.integers(0, max_payoff)
                if integer
                else st.floats(
                    -max_payoff, max_payoff, allow_nan=False, allow_infinity=False, width=64
                )
            )
            drawn = draw(st.lists(values, min_size=count, max_size=count))
            if integer:
                game = NormalFormGame(np.array(drawn, dtype=object).reshape(full).tolist())
                if degenerate is False:
                    from multivector.solver.vertex import find_degeneracy

                    assume(find_degeneracy(game) is None)
                return game
            return NormalFormGame(np.array(drawn, dtype=np.float64).reshape(full))
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        u: Any = (
            rng.integers(0, max_payoff + 1, size=full)
            if integer
            else rng.uniform(-max_payoff, max_payoff, size=full)
        )
        if degenerate:
            # player 0's payoffs along its own axis, the others at their first strategy
            line = u[0].reshape(sizes[0], -1)[:, 0]
            line[:] = line[0]
        return NormalFormGame(u.tolist() if integer else u)

    return build()


def calibrations(
    scenario: Any,
    *,
    vary: Sequence[str] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    era: str | None = "latest",
) -> st.SearchStrategy[dict[str, float]]:
    """Full parameter values of a scenario, with ``vary`` drawn inside their bounds.

    Parameters
    ----------
    scenario : Scenario or str
    vary : sequence of str, optional
        Parameters to draw (default all); the others keep the calibration's values.
    bounds : mapping, optional
        Narrower ``name -> (low, high)`` ranges (cut to the parameter's bounds).
    era : str or None
        Calibration of the fixed parameters.
    """
    from multivector.games.models import load_model

    model = load_model(scenario)
    base = model.values(era, {})
    names = list(vary) if vary is not None else list(model.parameters)
    draws = {}
    for name in names:
        p = model.parameters[name]
        lo, hi = (bounds or {}).get(name, (p.min, p.max))
        lo, hi = max(lo, p.min), min(hi, p.max)
        draws[name] = st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    return st.fixed_dictionaries(draws).map(lambda d: {**base, **d})


def corridor_graphs(
    countries: Sequence[str] = ("A", "B", "C"), *, max_edges: int = 14
) -> st.SearchStrategy[Any]:
    """Random corridor networks in the schema of :mod:`multivector.network`.

    Layered graphs of two origins, three transit hubs and two markets (``m0``, ``m1``), one
    commodity (oil, Mt/y); random edges with integer capacities 0-20, random controlling
    countries from ``countries`` and optional recent flows, plus one edge from each origin
    and to each market so that every origin and market is present. Needs networkx.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from multivector.network import export_capacity
    >>> @settings(max_examples=5, deadline=None)
    ... @given(corridor_graphs())
    ... def check(G):
    ...     assert export_capacity(G, "oil") >= 0
    >>> check()
    """
    import itertools

    import networkx as nx

    layers = [["o0", "o1"], ["t0", "t1", "t2"], ["m0", "m1"]]
    kinds = {"o": "origin", "t": "hub", "m": "market"}
    pairs = [(u, v) for a, b in itertools.pairwise(layers) for u in a for v in b]
    pairs += [("t0", "t1"), ("t1", "t2")]
    owners = st.sets(st.sampled_from(list(countries)), min_size=1).map(tuple)

    @st.composite
    def build(draw: st.DrawFn) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph()
        for layer in layers:
            for node in layer:
                G.add_node(node, kind=kinds[node[0]], country=None, throughput=None)
        chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=max_edges))
        for i, (u, v) in enumerate(chosen):
            G.add_edge(
                u,
                v,
                key=f"{u}-{v}:{i}",
                commodity="oil",
                unit="Mt/y",
                route=draw(st.sampled_from(["r1", "r2"])),
                mode="rail",
                capacity=float(draw(st.integers(0, 20))),
                controlling=draw(owners),
                flow_recent=draw(st.none() | st.floats(0, 10)),
            )
        first, second = countries[0], countries[-1]
        for o in layers[0]:
            G.add_edge(
                o,
                "t0",
                key=f"{o}-t0:base",
                commodity="oil",
                unit="Mt/y",
                route="r1",
                mode="rail",
                capacity=1.0,
                controlling=(first, second),
                flow_recent=1.0,
            )
        for m in layers[2]:
            G.add_edge(
                "t0",
                m,
                key=f"t0-{m}:base",
                commodity="oil",
                unit="Mt/y",
                route="r2",
                mode="rail",
                capacity=1.0,
                controlling=(countries[1 % len(countries)],),
                flow_recent=1.0,
            )
        return G

    return build()
