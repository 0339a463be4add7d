"""Known answers from the literature for the tree methods."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from multivector import solve
from multivector.errors import SolverError
from multivector.games.extensive import (
    BayesianGame,
    behaviour_to_mixed,
    reduced_normal_form,
    reduced_strategies,
)
from multivector.games.formats.tree import read_tree
from multivector.solver.extensive.backward import backward_induction
from multivector.solver.extensive.sequence_form import lemke_sequence_form
from multivector.solver.extensive.sequential import (
    check_sequential,
    sequential,
    tremble_beliefs,
)
from multivector.solver.extensive.subgame_perfect import subgame_perfect
from tests.solver.extensive.known_trees import (
    beer_quiche,
    centipede,
    chain_store,
    selten_horse,
)


def _paths(sol):  # type: ignore[no-untyped-def]
    return sorted(tuple(a for a, _ in e.path()) for e in sol)


def test_centipede_unique_spe_takes_at_every_node() -> None:
    # McKelvey and Palfrey (1992): backward induction takes at once, and at every node
    g = centipede()
    sol = backward_induction(g)
    assert sol.complete and sol.exact and len(sol) == 1
    eq = sol[0]
    for sets in eq.strategies.values():
        for probs in sets.values():
            assert probs["take"] == 1.0
    assert eq.path() == [(("take",), 1.0)]
    assert eq.payoffs.tolist() == pytest.approx([0.4, 0.1])
    assert eq.exact is not None and all(isinstance(v, Fraction) for v in eq.exact)


def test_chain_store_two_nash_one_subgame_perfect() -> None:
    # Selten (1978): (out, fight) and (in, share) are the pure Nash equilibria; only
    # (in, share) is subgame perfect
    g = chain_store()
    nf = reduced_normal_form(g)
    pure = solve(nf, "pure")
    labels = sorted(tuple(nf.strategies[i][s[0]] for i, s in enumerate(e.supports)) for e in pure)
    assert labels == [("in", "share"), ("out", "fight")]
    for sol in (backward_induction(g), subgame_perfect(g), solve(g)):
        assert len(sol) == 1
        assert sol[0].path() == [(("in", "share"), 1.0)]
    # every Nash equilibrium: the subgame perfect one, and the deterrence segment
    # (fight with probability at least 1/2), whose two ends are listed
    every = solve(g, "sequence-form", all=True)
    fights = sorted(e.strategies["Incumbent"]["#1"]["fight"] for e in every)
    assert fights == pytest.approx([0.0, 0.5, 1.0])


def test_selten_horse_sequential_rules_out_the_other_nash_equilibrium() -> None:
    g = selten_horse()
    # (D, a, L) is a Nash equilibrium...
    starts = g.infoset_action_start
    names = g.infoset_names
    b = np.zeros(g.num_actions)
    pick = {("1", "1"): "D", ("2", "2"): "a", ("3", "3"): "L"}
    for h in range(g.num_infosets):
        player = g.players[g.infoset_player[h]]
        actions = g.infoset_actions(h)
        b[starts[h] + actions.index(pick[(player, names[h])])] = 1.0
    assert g.regret(b) == 0.0
    # ... but not sequentially rational: at player 2's node, d earns 4 > 1
    ok, worst = check_sequential(g, b, tremble_beliefs(g, b))
    assert not ok and worst == pytest.approx(3.0)
    sol = sequential(g)
    assert len(sol) >= 1
    for eq in sol:
        assert eq.sequential
        assert eq.path() == [(("A", "a"), 1.0)]
        assert eq.strategies["3"]["3"]["L"] <= 0.25 + 1e-9
        # player 3's consistent beliefs make R optimal: weight at least 2/3 on A-d
        node_ad = eq.belief_dict()["3"]["3"]["A > d"]
        assert node_ad >= 2 / 3 - 1e-9


def _beer_quiche_profile(strong: str, weak: str, after_beer: str, after_quiche: str):  # type: ignore[no-untyped-def]
    g = beer_quiche()
    table = {
        "Sender": {"strong": {strong: 1.0}, "weak": {weak: 1.0}},
        "Receiver": {"after beer": {after_beer: 1.0}, "after quiche": {after_quiche: 1.0}},
    }
    return g, g.behaviour_from_dict(table)


def test_beer_quiche_both_pooling_equilibria_are_sequential() -> None:
    # Cho and Kreps (1987): pooling on beer and pooling on quiche are both sequential
    g = beer_quiche()
    sol = sequential(g)
    assert all(e.sequential and e.kind == "pooling" for e in sol)
    meals = {e.strategies["Sender"]["strong"]["beer"] for e in sol}
    assert meals == {0.0, 1.0}
    for eq in sol:
        pooled_on = "beer" if eq.strategies["Sender"]["strong"]["beer"] == 1.0 else "quiche"
        off = "quiche" if pooled_on == "beer" else "beer"
        receiver = eq.strategies["Receiver"]
        assert receiver[f"after {pooled_on}"]["no duel"] == 1.0
        # off the path the receiver duels often enough to deter, believing weak >= 1/2
        assert receiver[f"after {off}"]["duel"] >= 0.5
        weak_belief = eq.belief_dict()["Receiver"][f"after {off}"][f"weak > {off}"]
        assert weak_belief >= 0.5 - 1e-9
        # on the path the belief is the prior
        on = eq.belief_dict()["Receiver"][f"after {pooled_on}"][f"weak > {pooled_on}"]
        assert on == pytest.approx(0.1)


def test_beer_quiche_separating_profile_is_refused() -> None:
    # the strong type drinks beer and the weak one eats quiche; the receiver duels
    # after quiche only: the weak type would rather drink beer (0 + 2 > 1 + 0)
    g, b = _beer_quiche_profile("beer", "quiche", "no duel", "duel")
    assert g.regret(b) == pytest.approx(0.1)  # the weak type (prior 0.1) gains 2 - 1
    ok, _ = check_sequential(g, b, tremble_beliefs(g, b))
    assert not ok
    assert all(e.kind != "separating" for e in sequential(g))


def _entry_game(p: str) -> BayesianGame:
    return BayesianGame(
        ["Entrant", "Incumbent"],
        types=[["-"], ["tough", "weak"]],
        actions=[["out", "in"], ["fight", "yield"]],
        prior=[[p, str(1 - Fraction(p))]],
        # entrant: out 0; in and fought -1; in and yielded to 2.
        # tough incumbent: fighting an entry beats yielding (1 > 0); weak: the reverse
        payoffs=[
            [[[[0, 0], [-1, 2]], [[0, 0], [-1, 2]]]],
            [[[[3, 3], [1, 0]], [[3, 3], [-1, 0]]]],
        ],
    )


DETERRENCE = """
title = "entry against an incumbent of unknown resolve"
players = ["Entrant", "Incumbent"]
[parameters]
p = { default = 0.5, min = 0, max = 1, meaning = "prior that the incumbent is tough" }
[tree]
chance = { tough = "p", weak = "1 - p" }
[tree.actions.tough]
player = "Entrant"
infoset = "entrant"
[tree.actions.tough.actions.out]
payoffs = [0, 3]
[tree.actions.tough.actions.in]
player = "Incumbent"
infoset = "tough"
actions = { fight = { payoffs = [-1, 1] }, yield = { payoffs = [2, 0] } }
[tree.actions.weak]
player = "Entrant"
infoset = "entrant"
[tree.actions.weak.actions.out]
payoffs = [0, 3]
[tree.actions.weak.actions.in]
player = "Incumbent"
infoset = "weak"
actions = { fight = { payoffs = [-1, -1] }, yield = { payoffs = [2, 0] } }
"""


@pytest.mark.parametrize(("p", "enters"), [(0.6, True), (0.65, True), (0.7, False), (0.9, False)])
def test_bayesian_entry_switches_at_the_prior_threshold(p: float, enters: bool) -> None:
    """The entrant does not know whether the incumbent is tough (prior p) or weak, and
    the incumbent answers an entry having seen it.

    By hand: once entry happened, a tough incumbent fights (1 > 0) and a weak one yields
    (0 > -1): sequential rationality rules out the weak type's threat. So entering earns
    p * (-1) + (1 - p) * 2 = 2 - 3p against 0 for staying out: the entrant enters when
    p < 2/3 and stays out when p > 2/3.
    """
    g = read_tree(DETERRENCE, values={"p": p})
    sol = sequential(g)
    assert sol.equilibria
    for eq in sol:
        assert eq.sequential
        assert eq.strategies["Entrant"]["entrant"]["in"] == (1.0 if enters else 0.0)
        assert eq.strategies["Incumbent"]["tough"]["fight"] == 1.0
        assert eq.strategies["Incumbent"]["weak"]["yield"] == 1.0
        assert eq.payoffs[0] == pytest.approx(2 - 3 * p if enters else 0.0)


@pytest.mark.parametrize(("p", "enters"), [("3/5", True), ("7/10", False)])
def test_simultaneous_bayesian_entry_in_undominated_strategies(p: str, enters: bool) -> None:
    """The same entry game with simultaneous moves, as a Bayesian game (Harsanyi's
    tree). A threat is then free when the entrant stays out, so staying out is an
    equilibrium for every prior; in the equilibria where each type avoids its weakly
    dominated action (tough fights, weak yields) the entrant enters exactly when
    2 - 3p > 0, p < 2/3, as computed by hand above."""
    g = _entry_game(p).to_extensive()
    sol = solve(g, "sequence-form", all=True, exact=True)
    undominated = [
        e
        for e in sol
        if e.strategies["Incumbent"]["tough"]["fight"] == 1.0
        and e.strategies["Incumbent"]["weak"]["yield"] == 1.0
    ]
    assert undominated
    assert {e.strategies["Entrant"]["-"]["in"] for e in undominated} == {1.0 if enters else 0.0}


def test_lemke_finds_the_mixed_equilibrium_of_sequential_matching_pennies() -> None:
    g = read_tree(
        '{"players": ["A", "B"], "tree": {"player": "A", "actions": {'
        '"H": {"player": "B", "infoset": "b", "actions": {"h": {"payoffs": [1, -1]},'
        ' "t": {"payoffs": [-1, 1]}}},'
        '"T": {"player": "B", "infoset": "b", "actions": {"h": {"payoffs": [-1, 1]},'
        ' "t": {"payoffs": [1, -1]}}}}}}'
    )
    sol = lemke_sequence_form(g, exact=True)
    assert sol.exact and sol[0].regret == 0.0
    assert sol[0].exact is not None
    assert [str(v) for v in sol[0].exact] == ["1/2", "1/2", "1/2", "1/2"]


def test_tree_methods_refuse_imperfect_recall() -> None:
    from multivector.games.extensive import Decision, Terminal, from_tree

    # the absent-minded driver (Piccione and Rubinstein 1997)
    g = from_tree(
        ["Driver"],
        Decision(
            "Driver",
            {
                "exit": Terminal([0]),
                "continue": Decision(
                    "Driver", {"exit": Terminal([4]), "continue": Terminal([1])}, "road"
                ),
            },
            "road",
        ),
        perfect_recall=False,
    )
    assert not g.perfect_recall
    with pytest.raises(SolverError, match="imperfect recall"):
        solve(g)
    with pytest.raises(SolverError, match="perfect information"):
        backward_induction(g)
    strategies = [reduced_strategies(g, 0)]
    assert len(strategies[0]) == 2
    assert behaviour_to_mixed(g, strategies, np.array([0.5, 0.5]))[0].tolist() == [0.5, 0.5]
