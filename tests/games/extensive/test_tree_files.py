"""Tree files in the format registry: .efg and JSON/TOML trees, told apart from normal-form
files by content, written in the format of their suffix, and shown as text."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from multivector.errors import FormatError
from multivector.games.extensive import Chance, Decision, ExtensiveFormGame, Terminal, from_tree
from multivector.games.extensive.display import (
    describe_play,
    infoset_beliefs,
    tree_lines,
    wrap_line,
)
from multivector.games.formats import (
    convert_game,
    game_from_text,
    load_game,
    save_game,
)
from multivector.games.formats.registry import file_format, recognise_format
from multivector.games.formats.tree import read_tree_file, sniff_json, sniff_toml, tree_to_toml
from multivector.games.models import resolve_game
from multivector.games.normal_form import NormalFormGame
from tests.conftest import reference_games_dir
from tests.solver.extensive.known_trees import beer_quiche, chain_store, selten_horse

_DIR = reference_games_dir()
EFG_GAMES = sorted(p.name for p in (_DIR / "gambit-efg").glob("*.efg")) if _DIR else []

NORMAL_JSON = '{"players": ["tree", "B"], "bimatrix": {"A": [[1, 0]], "B": [[0, 1]]}}'
NORMAL_TOML = 'players = ["A", "B"]\n[strategies]\ntree = ["x"]\nB = ["l", "r"]\n'


def _same(a: ExtensiveFormGame, b: ExtensiveFormGame) -> bool:
    names = {
        (int(a.infoset_player[h]), a.infoset_names[h], a.infoset_actions(h))
        for h in range(a.num_infosets)
    }
    other = {
        (int(b.infoset_player[h]), b.infoset_names[h], b.infoset_actions(h))
        for h in range(b.num_infosets)
    }
    return (
        a.same_tree(b)
        and a.players == b.players
        and a.title == b.title
        and np.allclose(a.terminal_payoffs[a.terminals], b.terminal_payoffs[b.terminals])
        and (a.exact_terminal_payoffs() == b.exact_terminal_payoffs())
        and names == other
    )


# ---------------------------------------------------------------------- the registry
def test_tree_and_normal_form_files_are_told_apart_by_content() -> None:
    tree_json = '{"players": ["A"], "tree": {"player": "A", "actions": {"x": {"payoffs": [1]}}}}'
    tree_toml = 'players = ["A"]\n[tree]\nplayer = "A"\nactions = { x = { payoffs = [1] } }\n'
    assert recognise_format(tree_json, ".json").name == "tree-json"
    assert recognise_format(tree_toml, ".toml").name == "tree-toml"
    # a player or strategy called "tree" does not make a tree file
    assert recognise_format(NORMAL_JSON, ".json").name == "json"
    assert recognise_format(NORMAL_TOML, ".toml").name == "toml"
    assert not sniff_json(NORMAL_JSON) and not sniff_toml(NORMAL_TOML)
    # without a suffix (standard input) too
    assert isinstance(game_from_text(tree_toml, object), ExtensiveFormGame)
    assert isinstance(game_from_text(NORMAL_JSON), NormalFormGame)


def test_every_suffix_reads_and_writes_a_tree(tmp_path: Path) -> None:
    game = beer_quiche()
    for suffix in (".efg", ".json", ".toml"):
        path = tmp_path / f"bq{suffix}"
        save_game(game, path)
        assert file_format(path) is not None
        back = load_game(path, ExtensiveFormGame)
        assert _same(game, back), suffix
        assert _same(game, read_tree_file(path))


def test_a_tree_file_is_refused_where_a_normal_form_game_is_wanted(tmp_path: Path) -> None:
    path = tmp_path / "entry.json"
    save_game(chain_store(), path)
    with pytest.raises(FormatError, match=r"entry\.json: a JSON tree file holds an extensive"):
        load_game(path)
    with pytest.raises(FormatError, match="extensive-form game"):
        resolve_game(path)
    with pytest.raises(FormatError, match="holds an extensive-form game"):
        game_from_text(path.read_text(), source="<stdin>")


def test_a_tree_cannot_be_written_as_nfg_nor_a_normal_form_game_as_efg(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"x\.nfg: .* not an extensive-form game .*\.efg"):
        save_game(chain_store(), tmp_path / "x.nfg")
    nf = NormalFormGame.from_bimatrix([[1, 0]], [[0, 1]])
    with pytest.raises(FormatError, match=r"x\.efg: .* not a normal-form game"):
        save_game(nf, tmp_path / "x.efg")
    normal = tmp_path / "nf.json"
    normal.write_text(NORMAL_JSON)
    with pytest.raises(FormatError, match="not a tree"):
        read_tree_file(normal)


def test_float_chance_probabilities_survive_an_efg_round_trip(tmp_path: Path) -> None:
    """0.8 and 1 - 0.8 (0.19999999999999996) sum to 1 only up to rounding; .efg is read
    exactly, so the writer gives the last probability the exact rest (0.2)."""
    q = 0.8
    game = from_tree(
        ["A"],
        Chance(
            {
                "h": (q, Decision("A", {"x": Terminal([1.0]), "y": Terminal([0.0])})),
                "t": (1 - q, Terminal([2.0])),
            }
        ),
    )
    path = tmp_path / "odds.efg"
    save_game(game, path)
    back = load_game(path, ExtensiveFormGame)
    np.testing.assert_allclose(back.action_probs[:2], [0.8, 0.2], atol=1e-12)
    assert back.num_nodes == game.num_nodes and back.infoset_names == game.infoset_names

    def payoffs(g: ExtensiveFormGame) -> dict[tuple[str, ...], list[float]]:
        return {
            g.node_path(int(t)): g.outcome_payoffs[int(g.node_outcome[t])].tolist()
            for t in g.terminals
        }

    assert payoffs(back) == payoffs(game)


def test_convert_between_tree_formats_keeps_the_tree(tmp_path: Path) -> None:
    horse = selten_horse()
    save_game(horse, tmp_path / "horse.efg")
    convert_game(tmp_path / "horse.efg", tmp_path / "horse.toml")
    convert_game(tmp_path / "horse.toml", tmp_path / "horse.json")
    convert_game(tmp_path / "horse.json", tmp_path / "back.efg")
    assert _same(horse, load_game(tmp_path / "back.efg", ExtensiveFormGame))


def test_toml_writer_quotes_labels_that_are_not_bare_keys() -> None:
    g = from_tree(
        ["A", "B"],
        Chance(
            {
                "no deal": ("1/3", Terminal([1, 0])),
                'say "yes"': ("2/3", Decision("B", {"": Terminal([0, 1])}, "set.1")),
            }
        ),
    )
    text = tree_to_toml(g)
    assert '[tree.actions."no deal"]' in text and '[tree.actions."say \\"yes\\""]' in text
    back = game_from_text(text, object)
    assert _same(g, back)


@pytest.mark.parametrize("name", EFG_GAMES)
def test_reference_trees_round_trip_through_json_and_toml(tmp_path: Path, name: str) -> None:
    assert _DIR is not None
    game = load_game(_DIR / "gambit-efg" / name, ExtensiveFormGame)
    for suffix in (".json", ".toml"):
        save_game(game, tmp_path / f"g{suffix}")
        back = load_game(tmp_path / f"g{suffix}", ExtensiveFormGame)
        assert back.same_tree(game) or _repeated_chance_labels(game), (name, suffix)
        assert np.allclose(
            back.terminal_payoffs[back.terminals], game.terminal_payoffs[game.terminals]
        )
        assert back.exact_terminal_payoffs() == game.exact_terminal_payoffs()


def _repeated_chance_labels(game: ExtensiveFormGame) -> bool:
    """A chance move that repeats a label: tree files suffix the repeat with #k."""
    return any(
        len(set(game.infoset_actions(h))) < len(game.infoset_actions(h))
        for h in np.flatnonzero(game.infoset_player == -1)
    )


# ---------------------------------------------------------------------- the text view
def test_tree_lines_show_every_node_once_and_fit_the_width() -> None:
    game = beer_quiche()
    lines = tree_lines(game, width=80)
    assert len(lines) == game.num_nodes
    for h in range(game.num_infosets):
        if game.infoset_player[h] >= 0:
            assert sum(f"[{game.infoset_names[h]}]" in line for line in lines) == len(
                game.infoset_nodes(h)
            )
    assert sum("(1/10)" in line for line in lines) == 1  # the chance probabilities
    # every terminal node's payoffs, in player order
    for t in game.terminals:
        u = game.terminal_payoffs[t]
        assert any(f"({u[0]:.4g}, {u[1]:.4g})" in line for line in lines)


@pytest.mark.parametrize("width", [30, 44, 80])
def test_narrow_lines_wrap_between_words_only(width: int) -> None:
    game = from_tree(
        ["A long player name", "Another rather long player name"],
        Decision(
            "A long player name",
            {
                "an action with a long label": Terminal([1, 2]),
                "another": Decision(
                    "Another rather long player name",
                    {"yes": Terminal([0, 0]), "no": Terminal([3, 1])},
                    "the set where the other one must decide",
                ),
            },
        ),
    )
    words = set(" ".join(tree_lines(game, width=200)).split())
    lines = tree_lines(game, width=width)
    assert all(len(line) <= width for line in lines)
    for line in lines:
        for word in re.sub(r"[│├└─*]", " ", line).split():
            assert word in words, (word, line)


def test_the_play_is_marked_and_told_in_words() -> None:
    game = beer_quiche()
    # both types have beer; the receiver does not duel after beer, duels after quiche
    behaviour = game.behaviour_from_dict(
        {
            "Sender": {"weak": {"beer": 1, "quiche": 0}, "strong": {"beer": 1, "quiche": 0}},
            "Receiver": {
                "after beer": {"duel": 0, "no duel": 1},
                "after quiche": {"duel": 1, "no duel": 0},
            },
        }
    )
    lines = tree_lines(game, behaviour=behaviour)
    marked = [line for line in lines if "*" in line]
    reach = game.node_reach(behaviour)
    assert len(marked) == int(np.count_nonzero(reach[1:] > 0))
    play = describe_play(game, behaviour)
    assert [line[:5] for line in play if line.startswith("[")] == ["[0.9]", "[0.1]"]
    assert "Sender chooses beer, Receiver chooses no duel" in " ".join(play)
    beliefs = infoset_beliefs(game, behaviour, game.consistent_beliefs(behaviour))
    reached = {game.infoset_names[h]: on for h, (on, _) in beliefs.items()}
    assert reached == {"after beer": True, "after quiche": False}


def test_wrap_line_keeps_long_words_whole() -> None:
    assert wrap_line("", "  ", "supercalifragilistic word", 12) == [
        "supercalifragilistic",
        "  word",
    ]
