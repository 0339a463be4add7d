"""The extensive-form readers (``.efg``, JSON and TOML trees), scenario calibrations and
the peers' game objects behind the one input boundary: a game, or one project error that
names the problem, for the inputs of issue 15 (numbers with huge exponents or digits, deep
nesting, duplicate keys, other encodings, files past the size limit)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from multivector.errors import FormatError, GameError, ScenarioError
from multivector.games.formats.efg import MAX_EFG_CHARS, MAX_EFG_INTEGER, read_efg
from multivector.games.formats.tree import (
    MAX_TREE_NODES,
    read_tree,
    read_tree_file,
    tree_from_dict,
)
from multivector.games.interop import from_nashpy
from multivector.games.scenarios import get_scenario, load_calibrations

ENTRY = """EFG 2 R "entry" { "Entrant" "Incumbent" } ""
p "" 1 1 "" { "out" "in" } 0
t "" 1 "stay out" { 0, 2 }
p "" 2 1 "" { "fight" "accommodate" } 0
t "" 2 "war" { -1, -1 }
t "" 3 "peace" { PAYOFF, 1 }
"""


def _tree(payoff: object) -> dict[str, object]:
    return {
        "players": ["A", "B"],
        "tree": {"player": "A", "actions": {"l": {"payoffs": [payoff, 0]},
                                            "r": {"payoffs": [1, 2]}}},
    }  # fmt: skip


@pytest.mark.parametrize(
    ("payoff", "message"),
    [
        ("1e999999999", "exponent of 1e999999999 is beyond 400"),
        ("9" * 5000, "5000 digits, more than the limit of 1000"),
        ("0." + "0" * 5000 + "1", "digits, more than the limit of 1000"),
        ("1e400", "beyond the floating-point range"),
        ("1/0", "divides by zero"),
    ],
)
def test_efg_numbers_are_checked_before_conversion(payoff: str, message: str) -> None:
    with pytest.raises(FormatError, match=message) as err:
        read_efg(ENTRY.replace("PAYOFF", payoff), source="entry.efg")
    assert str(err.value).startswith("entry.efg: line 6:")


@pytest.mark.parametrize("number", ["99999999999999999999999", "9" * 5000, "2147483648"])
def test_efg_counts_beyond_gambits_range_are_refused(number: str) -> None:
    text = ENTRY.replace('t "" 3 "peace"', f't "" {number} "peace"').replace("PAYOFF", "1")
    with pytest.raises(FormatError, match=f"beyond {MAX_EFG_INTEGER:,}"):
        read_efg(text)


def test_efg_leading_zeros_are_a_small_number() -> None:
    text = ENTRY.replace('t "" 3 "peace"', f't "" {"0" * 5000}3 "peace"')
    game = read_efg(text.replace("PAYOFF", "1"))
    assert game.terminal_payoffs[game.terminals].tolist()[-1] == [1.0, 1.0]


@pytest.mark.parametrize(
    ("payoff", "message"),
    [
        ("1e999999999", "exponent of 1e999999999 is beyond 400"),
        ("9" * 5000, "5000 digits"),
        ("1e400", "beyond the floating-point range"),
    ],
)
def test_tree_numbers_in_strings_are_checked(payoff: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        read_tree(json.dumps(_tree(payoff)), source="t.json")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"players": ["A"], "tree": {"payoffs": [1e999999999]}}', "exponent"),
        ('{"players": ["A"], "tree": {"payoffs": [' + "9" * 5000 + "]}}", "5000 digits"),
        ('{"players": ["A"], "tree": {"payoffs": [NaN]}}', "not a finite number"),
        ('{"players": ["A"], "players": ["B"], "tree": {}}', "given twice"),
        ('{"tree": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested more than 100"),
        ('players = ["A"]\ntree = { payoffs = [1e999999999] }', "exponent"),
        ('players = ["A"]\ntree = { payoffs = [1e400] }', "floating-point range"),
        ('players = ["A"]\n' + "x = " + "[" * 100_000 + "]" * 100_000, "nested more"),
    ],
)
def test_tree_text_is_parsed_within_the_limits(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        read_tree(text, source="t")


def test_a_tree_that_is_only_a_terminal_node_is_refused() -> None:
    with pytest.raises(FormatError, match="no move: its root is a terminal node"):
        read_tree('{"players": ["A", "B"], "tree": {"payoffs": [1, 2]}}')


def test_read_tree_file_reads_through_the_boundary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "entry.efg"
    path.write_text(ENTRY.replace("PAYOFF", "1"), encoding="utf-16")
    with pytest.raises(FormatError, match="UTF-16"):
        read_tree_file(path)
    path.write_text(ENTRY.replace("PAYOFF", "1"))
    assert read_tree_file(path).num_terminals == 3
    monkeypatch.setenv("MULTIVECTOR_MAX_INPUT_BYTES", "100")
    with pytest.raises(FormatError, match="larger than the input limit"):
        read_tree_file(path)
    monkeypatch.delenv("MULTIVECTOR_MAX_INPUT_BYTES")
    with pytest.raises(FormatError, match="is a folder; give the path of a tree file"):
        read_tree_file(tmp_path)
    other = tmp_path / "game.json"
    other.write_text('{"players": ["A", "B"], "payoffs": []}')
    with pytest.raises(FormatError, match="not a tree"):
        read_tree_file(other)


def test_calibrations_are_checked_for_digits_and_nesting() -> None:
    params = get_scenario("kz-russia").parameters
    with pytest.raises(ScenarioError, match="5000 digits"):
        load_calibrations("x = " + "9" * 5000, params, where="c.toml")
    with pytest.raises(ScenarioError, match="nested more than 100"):
        load_calibrations("x = " + "[" * 100_000 + "]" * 100_000, params, where="c.toml")


def test_ragged_nashpy_matrices_are_a_game_error() -> None:
    with pytest.raises(GameError, match="ragged"):
        from_nashpy(SimpleNamespace(payoff_matrices=([[1, 2], [3]], [[1, 2], [3, 4]])))


def test_a_long_efg_file_is_refused_before_it_is_tokenised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The .efg reader takes seconds a megabyte: past MAX_EFG_CHARS it refuses at once,
    unless the input limit is raised."""
    lines = ['EFG 2 R "chain" { "A" "B" } ""']
    for k in range(1, 6_001):
        lines += [f'p "" 1 {k} "" {{ "a" "b" }} 0', f't "" {k} "" {{ 1, 0 }}']
    text = "\n".join([*lines, 't "" 99999 "" { 0, 1 }'])
    assert len(text) > MAX_EFG_CHARS
    with pytest.raises(FormatError, match=r"past the limit of 256 KiB for \.efg"):
        read_efg(text, source="chain.efg")
    monkeypatch.setenv("MULTIVECTOR_MAX_INPUT_BYTES", "2M")
    assert read_efg(text).num_terminals == 6_001


def test_a_tree_past_the_node_limit_is_refused_as_it_is_read() -> None:
    import inspect

    assert inspect.signature(tree_from_dict).parameters["max_nodes"].default == MAX_TREE_NODES
    wide = {f"a{k}": {"payoffs": [k, 1]} for k in range(3)}
    small = {"players": ["A", "B"], "tree": {"player": "A", "actions": wide}}
    assert tree_from_dict(small, max_nodes=4).num_terminals == 3
    with pytest.raises(FormatError, match="more than 3 nodes"):
        tree_from_dict(small, source="wide.json", max_nodes=3)


def test_an_expression_that_is_not_text_is_a_format_error() -> None:
    """A JSON escape of a lone surrogate reached Python's parser (UnicodeEncodeError)."""
    text = json.dumps(_tree("\ud800"))
    with pytest.raises(
        FormatError, match=r"lone UTF-16 surrogate|holds a character that is not text"
    ):
        read_tree(text, source="t.json")
