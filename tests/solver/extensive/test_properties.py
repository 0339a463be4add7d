"""Property tests of the tree methods on random games (hypothesis), bounded in size."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multivector.games.extensive import (
    BayesianGame,
    ExtensiveFormGame,
    behaviour_to_mixed,
    reduced_normal_form,
    reduced_strategies,
)
from multivector.games.extensive.generators import (
    random_perfect_information_game,
    random_two_player_game,
)
from multivector.solver.extensive.backward import backward_induction
from multivector.solver.extensive.sequence_form import lemke_sequence_form, sequence_form
from multivector.solver.extensive.sequential import action_values

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _spe_outcomes_brute_force(game: ExtensiveFormGame) -> set[tuple[float, ...]]:
    """Terminal distributions of every pure profile that passes the one-shot deviation
    test at every decision node (subgame perfection in a finite game of perfect
    information), over all assignments of an action to each decision node."""
    dec = [int(n) for n in np.flatnonzero(game.node_player >= 0)]
    counts = [int(game.num_children[n]) for n in dec]
    starts = game.infoset_action_start
    fc = game.first_child
    out = set()
    for choice in itertools.product(*(range(c) for c in counts)):
        b = np.nan_to_num(game.action_probs, nan=0.0).copy()
        for n, a in zip(dec, choice, strict=True):
            b[starts[game.node_infoset[n]] + a] = 1.0
        # continuation values under b
        values = np.zeros((game.num_nodes, game.num_players))
        for n in range(game.num_nodes - 1, -1, -1):
            k = int(game.num_children[n])
            if k == 0:
                values[n] = game.terminal_payoffs[n]
                continue
            kids = range(int(fc[n]), int(fc[n]) + k)
            values[n] = sum(b[game.parent_action[c]] * values[c] for c in kids)
        ok = True
        for n in dec:
            p = int(game.node_player[n])
            kids = range(int(fc[n]), int(fc[n]) + int(game.num_children[n]))
            if max(values[c][p] for c in kids) > values[n][p] + 1e-12:
                ok = False
                break
        if ok:
            out.add(tuple(np.round(game.terminal_distribution(b), 12)))
    return out


@SETTINGS
@given(
    seed=st.integers(0, 10**6),
    nodes=st.integers(3, 13),
    players=st.integers(1, 3),
    chance=st.sampled_from([0.0, 0.3]),
    ties=st.sampled_from([None, 3]),
)
def test_backward_induction_matches_brute_force_and_is_nash(
    seed: int, nodes: int, players: int, chance: float, ties: int | None
) -> None:
    g = random_perfect_information_game(
        nodes, num_players=players, seed=seed, chance_share=chance, integer_payoffs=ties
    )
    sol = backward_induction(g)
    assert sol.complete
    found = {tuple(np.round(e.terminal_distribution, 12)) for e in sol}
    assert found == _spe_outcomes_brute_force(g)
    if players >= 2:
        strategies = [reduced_strategies(g, p) for p in range(players)]
        nf = reduced_normal_form(g, strategies=strategies)
        for eq in sol:
            mixed = behaviour_to_mixed(g, strategies, eq.behaviour)
            assert nf.regret(mixed) <= 1e-9
            assert np.allclose(nf.expected_payoffs(mixed), eq.payoffs)


@SETTINGS
@given(
    seed=st.integers(0, 10**6),
    rounds=st.integers(1, 2),
    actions=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    chance_first=st.booleans(),
    integer=st.sampled_from([None, 2]),
)
def test_sequence_form_equilibrium_has_zero_regret_and_a_valid_plan(
    seed: int,
    rounds: int,
    actions: tuple[int, int],
    chance_first: bool,
    integer: int | None,
) -> None:
    g = random_two_player_game(
        rounds, actions=actions, seed=seed, integer_payoffs=integer, chance_first=chance_first
    )
    sol = lemke_sequence_form(g, exact=integer is not None)
    eq = sol[0]
    assert g.regret(eq.behaviour) <= 1e-9
    sf = sequence_form(g)
    x, y = g.realization_plans(eq.behaviour)
    assert np.all(x >= 0) and np.all(y >= 0)
    # the sequence constraints E x = e, F y = f with e, f the first unit vectors
    assert np.allclose(sf.E @ x, np.eye(1, sf.E.shape[0]).ravel())
    assert np.allclose(sf.F @ y, np.eye(1, sf.F.shape[0]).ravel())
    # the payoffs of the plans are the expected payoffs of the behaviour
    assert np.isclose(x @ sf.A @ y, eq.payoffs[0]) and np.isclose(x @ sf.B @ y, eq.payoffs[1])
    if eq.exact is not None:
        assert all(isinstance(v, Fraction) for v in eq.exact)


@st.composite
def bayesian_games(draw: st.DrawFn) -> tuple[BayesianGame, list[np.ndarray]]:
    n = draw(st.integers(2, 3))
    types = [draw(st.integers(1, 2)) for _ in range(n)]
    actions = [draw(st.integers(1, 2)) for _ in range(n)]
    weights = draw(
        st.lists(st.integers(0, 4), min_size=int(np.prod(types)), max_size=int(np.prod(types)))
    )
    if sum(weights) == 0:
        weights[0] = 1
    total = sum(weights)
    prior = np.array([Fraction(w, total) for w in weights], dtype=object).reshape(types)
    size = n * int(np.prod(types)) * int(np.prod(actions))
    pays = draw(st.lists(st.integers(-5, 5), min_size=size, max_size=size))
    payoffs = np.array(pays, dtype=object).reshape(n, *types, *actions)
    game = BayesianGame(
        [f"P{i}" for i in range(n)],
        [[f"t{k}" for k in range(t)] for t in types],
        [[f"a{k}" for k in range(a)] for a in actions],
        prior.tolist(),
        payoffs.tolist(),
    )
    strategies = []
    for t, a in zip(types, actions, strict=True):
        raw = np.array(
            draw(st.lists(st.floats(0.01, 1.0), min_size=t * a, max_size=t * a))
        ).reshape(t, a)
        strategies.append(raw / raw.sum(axis=1, keepdims=True))
    return game, strategies


@SETTINGS
@given(data=bayesian_games())
def test_harsanyi_tree_preserves_interim_payoffs(
    data: tuple[BayesianGame, list[np.ndarray]],
) -> None:
    game, strategies = data
    tree = game.to_extensive()
    b = np.nan_to_num(tree.action_probs, nan=0.0).copy()
    starts = tree.infoset_action_start
    for h in range(tree.num_infosets):
        p = int(tree.infoset_player[h])
        if p < 0:
            continue
        t = game.types[p].index(tree.infoset_labels[h])
        b[starts[h] : starts[h + 1]] = strategies[p][t]
    interim = game.interim_payoffs(strategies)
    reach = tree.node_reach(b)
    dec = np.flatnonzero(tree.node_infoset >= 0)
    total = np.bincount(tree.node_infoset[dec], weights=reach[dec], minlength=tree.num_infosets)
    mu = np.ones(tree.num_nodes)
    mu[dec] = reach[dec] / np.where(
        total[tree.node_infoset[dec]] > 0, total[tree.node_infoset[dec]], 1
    )
    Q = action_values(tree, b, mu)
    for h in range(tree.num_infosets):
        p = int(tree.infoset_player[h])
        if p < 0:
            continue
        t = game.types[p].index(tree.infoset_labels[h])
        value = float(Q[starts[h] : starts[h + 1]] @ b[starts[h] : starts[h + 1]])
        assert np.isclose(value, interim[p][t])
