"""The tree, its validation, its builders and its file formats."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from multivector.errors import FormatError, GameError
from multivector.games.extensive import (
    BayesianGame,
    Chance,
    Decision,
    ExtensiveFormGame,
    Terminal,
    behaviour_to_mixed,
    extract_subgame,
    from_tree,
    mixed_to_behaviour,
    reduced_normal_form,
    reduced_strategies,
    subgame_roots,
)
from multivector.games.extensive.generators import random_two_player_game
from multivector.games.formats import efg, tree


def entry(fight: object = -1) -> ExtensiveFormGame:
    return from_tree(
        ["Entrant", "Incumbent"],
        Decision(
            "Entrant",
            {
                "out": Terminal([0, 2]),
                "in": Decision(
                    "Incumbent", {"fight": Terminal([fight, fight]), "share": Terminal([1, 1])}
                ),
            },
        ),
    )


# ---------------------------------------------------------------------- validation
def test_chance_probabilities_must_sum_to_one_naming_the_node() -> None:
    with pytest.raises(GameError, match=r"chance move at the node after in: .* sum to 9/10"):
        from_tree(
            ["A"],
            Decision(
                "A",
                {
                    "out": Terminal([0]),
                    "in": Chance({"x": ("1/2", Terminal([1])), "y": ("2/5", Terminal([2]))}),
                },
            ),
        )
    with pytest.raises(GameError, match="non-negative"):
        from_tree(["A"], Chance({"x": (1.5, Terminal([1])), "y": (-0.5, Terminal([2]))}))


def test_information_set_with_different_actions_is_refused() -> None:
    with pytest.raises(GameError, match=r"the node after r: information set 'b' has actions"):
        from_tree(
            ["A", "B"],
            Decision(
                "A",
                {
                    "l": Decision("B", {"x": Terminal([0, 0]), "y": Terminal([0, 0])}, "b"),
                    "r": Decision("B", {"x": Terminal([0, 0]), "z": Terminal([0, 0])}, "b"),
                },
            ),
        )


def test_information_set_with_a_node_and_its_descendant_is_refused() -> None:
    with pytest.raises(GameError, match=r"contains the root and its descendant the node after go"):
        from_tree(
            ["A"],
            Decision(
                "A",
                {
                    "stop": Terminal([0]),
                    "go": Decision("A", {"stop": Terminal([1]), "go": Terminal([2])}, "h"),
                },
                "h",
            ),
        )


def test_imperfect_recall_needs_to_be_asked_for() -> None:
    # player A forgets her first move
    def forget() -> Decision:
        return Decision(
            "A",
            {
                "l": Decision("A", {"x": Terminal([1, 0]), "y": Terminal([0, 0])}, "later"),
                "r": Decision("A", {"x": Terminal([0, 0]), "y": Terminal([1, 0])}, "later"),
            },
        )

    with pytest.raises(GameError, match="imperfect recall: player 'A' cannot tell"):
        from_tree(["A", "B"], forget())
    game = from_tree(["A", "B"], forget(), perfect_recall=False)
    assert not game.perfect_recall
    with pytest.raises(GameError, match="perfect recall"):
        game.realization_plans(np.full(game.num_actions, 0.5))


def test_missing_or_wrong_payoffs_are_refused() -> None:
    with pytest.raises(GameError, match=r"the node after out: 1 payoffs for 2 players"):
        from_tree(["A", "B"], Decision("A", {"out": Terminal([0]), "in": Terminal([1, 1])}))
    with pytest.raises(GameError, match="give exactly one payoff for each"):
        from_tree(["A", "B"], Decision("A", {"out": Terminal({"A": 1}), "in": Terminal([1, 1])}))
    with pytest.raises(GameError, match="unknown player 'C'"):
        from_tree(["A", "B"], Decision("C", {"out": Terminal([0, 0])}))


def test_exact_payoffs_and_probabilities_are_kept() -> None:
    g = from_tree(["A"], Chance({"x": ("1/3", Terminal(["1/7"])), "y": ("2/3", Terminal([2]))}))
    assert g.is_exact
    assert g.exact_action_probs == (Fraction(1, 3), Fraction(2, 3))
    assert g.exact_terminal_payoffs() == {1: (Fraction(1, 7),), 2: (Fraction(2),)}


def test_node_path_and_structure() -> None:
    g = entry()
    assert [g.node_path(int(t)) for t in g.terminals] == [
        ("out",),
        ("in", "fight"),
        ("in", "share"),
    ]
    assert g.parent.tolist() == [-1, 0, 0, 2, 2]
    assert g.depth.tolist() == [0, 1, 1, 2, 2]
    assert g.is_perfect_information and g.perfect_recall


# ---------------------------------------------------------------------- conversions
def test_kuhn_round_trip_preserves_the_outcome() -> None:
    g = random_two_player_game(2, actions=(2, 2), seed=3, chance_first=True)
    rng = np.random.default_rng(0)
    b = np.nan_to_num(g.action_probs, nan=0.0)
    for h in np.flatnonzero(g.infoset_player >= 0):
        lo, hi = g.infoset_action_start[h], g.infoset_action_start[h + 1]
        w = rng.random(hi - lo)
        b[lo:hi] = w / w.sum()
    strategies = [reduced_strategies(g, p) for p in range(2)]
    mixed = behaviour_to_mixed(g, strategies, b)
    assert all(np.isclose(x.sum(), 1.0) for x in mixed)
    back = mixed_to_behaviour(g, strategies, mixed)
    assert np.allclose(g.terminal_distribution(back), g.terminal_distribution(b))
    nf = reduced_normal_form(g, strategies=strategies)
    assert np.allclose(nf.expected_payoffs(mixed), g.expected_payoffs(b))


def test_reduced_labels_name_the_fixed_actions() -> None:
    nf = reduced_normal_form(entry())
    assert nf.strategies == (("out", "in"), ("fight", "share"))


def test_subgames_of_a_battle_after_an_outside_option() -> None:
    g = from_tree(
        ["A", "B"],
        Decision(
            "A",
            {
                "out": Terminal([2, 2]),
                "in": Decision(
                    "A",
                    {
                        "x": Decision("B", {"l": Terminal([3, 1]), "r": Terminal([0, 0])}, "b"),
                        "y": Decision("B", {"l": Terminal([0, 0]), "r": Terminal([1, 3])}, "b"),
                    },
                ),
            },
        ),
    )
    roots = subgame_roots(g)
    assert [g.node_path(r) for r in roots] == [(), ("in",)]
    sub = extract_subgame(g, roots[1]).game
    assert sub.num_terminals == 4 and not sub.is_perfect_information


def test_harsanyi_tree_has_one_set_per_type() -> None:
    b = BayesianGame(
        ["A", "B"],
        [["a1", "a2"], ["b1"]],
        [["x", "y"], ["u", "v"]],
        [["1/3"], ["2/3"]],
        np.zeros((2, 2, 1, 2, 2), dtype=int).tolist(),
    )
    g = b.to_extensive()
    assert g.perfect_recall and g.exact_action_probs is not None
    assert sorted(g.infoset_names) == sorted(["types", "a1", "a2", "b1"])
    with pytest.raises(GameError, match="sum to"):
        BayesianGame(["A"], [["t"]], [["x"]], ["1/2"], [[[0]]])


# ---------------------------------------------------------------------- formats
def test_efg_writer_round_trips_outcomes_at_inner_nodes() -> None:
    text = """EFG 2 R "stage payoffs" { "A" "B" }
    ""
    p "root" 1 1 "first" { "l" "r" } 1 "entry fee" { -1/2, 0 }
    t "" 2 "win" { 3, 1 }
    c "luck" 1 "" { "h" .25 "t" .75 } 0
    t "" 2
    t "" 3 "lose" { 0, 2 }
    """
    g = efg.read_efg(text)
    assert g.terminal_payoffs[g.terminals].tolist() == [[2.5, 1.0], [2.5, 1.0], [-0.5, 2.0]]
    assert g.exact_action_probs is not None and g.exact_action_probs[2:] == (
        Fraction(1, 4),
        Fraction(3, 4),
    )
    back = efg.read_efg(efg.write_efg(g))
    assert back.same_tree(g) and back.outcome_labels == g.outcome_labels
    assert np.array_equal(back.node_outcome, g.node_outcome)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('NFG 1 R "x" { "A" }', "not an .efg file"),
        ('EFG 2 R "x" { "A" }\np "" 1 1 "" { "a" "b" } 0\nt "" 1 "o" { 1 }', "file ends before"),
        ('EFG 2 R "x" { "A" }\np "" 2 1 "" { "a" } 0\nt "" 0', "player number 2"),
        ('EFG 2 R "x" { "A" }\nt "" 1', "outcome 1 is used but its payoffs"),
        ('EFG 2 R "x" { "A" }\nc "" 1 "" { "a" 1/2 "b" 1/3 } 0\nt "" 0\nt "" 0', "sum to 5/6"),
        ('EFG 2 R "x" { "A" }\nt "" 1 "o" { one }', "expected a payoff"),
    ],
)
def test_efg_reader_errors_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        efg.read_efg(text)


def test_tree_file_round_trips_and_refuses_bad_nodes() -> None:
    g = entry(fight="-1/2")
    text = tree.write_tree(g)
    assert tree.sniff(text) and not efg.sniff(text)
    assert tree.read_tree(text).same_tree(g)
    with pytest.raises(FormatError, match="node in: a node needs 'payoffs'"):
        tree.read_tree('{"players": ["A"], "tree": {"player": "A", "actions": {"in": {}}}}')
    with pytest.raises(FormatError, match="unknown name 'q'"):
        tree.read_tree(
            '{"players": ["A"], "parameters": {"p": 1}, '
            '"tree": {"player": "A", "actions": {"x": {"payoffs": ["q"]}}}}'
        )
    with pytest.raises(FormatError, match="unknown key"):
        tree.read_tree('{"players": ["A"], "tree": {"payoffs": [1], "chanse": 1}}')


def test_tree_file_chance_formulas_follow_the_parameters() -> None:
    text = """
    players = ["A"]
    [parameters]
    p = { default = 0.25, min = 0, max = 1 }
    [tree]
    chance = { hi = "p", lo = "1 - p" }
    actions = { hi = { payoffs = [10] }, lo = { payoffs = [0] } }
    """
    assert tree.read_tree(text).expected_payoffs(np.array([0.25, 0.75]))[0] == 2.5
    assert tree.read_tree(text, values={"p": 0.5}).action_probs.tolist() == [0.5, 0.5]
    with pytest.raises(FormatError, match="outside its bounds"):
        tree.read_tree(text, values={"p": 2})
