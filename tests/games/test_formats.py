"""Game files: JSON game files and Gambit .nfg, read, write, errors."""

from __future__ import annotations

import json
import os
import re
import stat
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from multivector import FormatError, NormalFormGame, solve
from multivector.games.formats import (
    ALLOWED_KEYS,
    game_from_dict,
    game_from_json,
    game_from_nfg,
    game_from_text,
    game_to_dict,
    game_to_nfg,
    load_game,
    read_game,
    read_nfg,
    save_game,
    write_game,
    write_nfg,
)
from tests.peers import peer_gambit_nfg, run_limited
from tests.validators import assert_equilibrium

BOS = {
    "title": "Battle of the Sexes",
    "players": ["Ann", "Bob"],
    "strategies": {"Ann": ["opera", "football"], "Bob": ["opera", "football"]},
    "bimatrix": {"A": [[2, 0], [0, 1]], "B": [[1, 0], [0, 2]]},
}


def _write(tmp_path: Path, name: str, data: object) -> Path:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return p


# --------------------------------------------------------------------------- JSON: layouts
def test_three_layouts_describe_the_same_game() -> None:
    tensor = {
        "players": ["Ann", "Bob"],
        "strategies": [["opera", "football"], ["opera", "football"]],
        "payoffs": [[[2, 0], [0, 1]], [[1, 0], [0, 2]]],
    }
    table = {
        "players": ["Ann", "Bob"],
        "table": [
            {"profile": {"Ann": "opera", "Bob": "opera"}, "payoffs": {"Ann": 2, "Bob": 1}},
            {"profile": ["opera", "football"], "payoffs": [0, 0]},
            {"profile": ["football", "opera"], "payoffs": [0, 0]},
            {"profile": {"Bob": "football", "Ann": "football"}, "payoffs": [1, 2]},
        ],
    }
    games = [game_from_dict(d) for d in (BOS, tensor, table)]
    assert games[0] == games[1] == games[2]
    assert games[0].title == "Battle of the Sexes"
    assert games[0].strategies == (("opera", "football"), ("opera", "football"))
    # Ann's payoff when both go to the opera, Bob's when both go to football
    assert games[2].payoffs[0][0, 0] == 2 and games[2].payoffs[1][1, 1] == 2


def test_players_default_and_come_from_strategy_keys() -> None:
    g = game_from_dict({"payoffs": [[[1, 2, 3]], [[4, 5, 6]]]})
    assert g.players == ("P1", "P2") and g.shape == (1, 3)
    g = game_from_dict(
        {
            "strategies": {"KZ": ["balance"], "RU": ["coerce", "accommodate"]},
            "bimatrix": {"A": [[1, 2]], "B": [[3, 4]]},
        }
    )
    assert g.players == ("KZ", "RU")
    assert g.strategies == (("balance",), ("coerce", "accommodate"))


def test_bimatrix_without_b_is_zero_sum_and_exact() -> None:
    g = game_from_dict({"bimatrix": {"A": [[1, "-1/2"], [-1, 1]]}})
    assert np.array_equal(g.payoffs[1], -g.payoffs[0])
    assert g.exact_payoffs is not None
    assert g.exact_payoffs[1][0, 1] == Fraction(1, 2)


def test_exact_strings_and_decimals_stay_exact(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        "exact.json",
        '{"bimatrix": {"A": [["2/3", 0.1], [1, "0.25"]], "B": [[1e-3, -2], ["7/9", 3]]}}',
    )
    g = read_game(p)
    assert g.exact_payoffs is not None
    assert g.exact_payoffs[0].tolist() == [
        [Fraction(2, 3), Fraction(1, 10)],
        [Fraction(1), Fraction(1, 4)],
    ]
    # JSON decimals are read as the decimal they spell, not the nearest binary float
    assert g.exact_payoffs[1][0, 0] == Fraction(1, 1000)
    assert g.exact_payoffs[1][1, 0] == Fraction(7, 9)


def test_float_payoffs_from_python_dicts_are_kept_as_floats() -> None:
    g = game_from_dict({"bimatrix": {"A": [[0.5, 1 / 3]], "B": [[0, "2/3"]]}})
    assert g.exact_payoffs is None
    assert g.payoffs[0][0, 1] == 1 / 3
    assert g.payoffs[1][0, 1] == 2 / 3


@pytest.mark.parametrize("layout", ["payoffs", "bimatrix", "table"])
def test_write_read_round_trip_keeps_labels_title_and_exactness(
    tmp_path: Path, layout: str
) -> None:
    g = NormalFormGame.from_bimatrix(
        [[3, "1/3"], [5, -1]],
        [["2/7", 5], [0, 1]],
        players=["Kazakhstan", "Russia"],
        strategies=[["balance", "align"], ["accommodate", "coerce"]],
        title="A game with exact payoffs",
    )
    p = tmp_path / "g.json"
    write_game(g, p, layout=layout)  # type: ignore[arg-type]
    back = read_game(p)
    assert back == g and back.title == g.title
    assert back.exact_payoffs is not None and g.exact_payoffs is not None
    assert back.exact_payoffs.tolist() == g.exact_payoffs.tolist()
    assert layout in json.loads(p.read_text())


def test_float_game_round_trips_to_equal_payoffs(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    g = NormalFormGame(rng.normal(size=(3, 2, 3, 2)) * 1e-3)
    p = tmp_path / "floats.json"
    write_game(g, p)
    assert np.array_equal(read_game(p).payoffs, g.payoffs)


def test_three_player_table_layout_round_trip() -> None:
    g = NormalFormGame(np.arange(24).reshape(3, 2, 2, 2), players=["A", "B", "C"])
    d = game_to_dict(g, layout="table")
    assert len(d["table"]) == 8
    assert game_from_dict(d) == g


def test_bimatrix_layout_needs_two_players() -> None:
    g = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(FormatError, match="2-player"):
        game_to_dict(g, layout="bimatrix")


def test_solving_a_read_game_gives_the_known_pure_equilibria(tmp_path: Path) -> None:
    # Battle of the Sexes has exactly two pure equilibria: (opera, opera), (football, football)
    # (Osborne 2004, An Introduction to Game Theory, Section 2.7.2)
    g = read_game(_write(tmp_path, "bos.json", BOS))
    sol = solve(g, "pure")
    for eq in sol:
        assert_equilibrium(g, eq)
    assert [e.supports for e in sol] == [((0,), (0,)), ((1,), (1,))]


# --------------------------------------------------------------------------- JSON: atomic write
def test_write_is_atomic_leaves_no_temporary_and_a_normal_mode(tmp_path: Path) -> None:
    g = game_from_dict(BOS)
    p = tmp_path / "bos.json"
    p.write_text("old contents")
    write_game(g, p)
    assert read_game(p) == g
    assert sorted(os.listdir(tmp_path)) == ["bos.json"]
    # a temporary file from mkstemp is 0600; the result must be readable like any file
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~umask


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "bos.json"
    p.write_text("old contents")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(FormatError, match=r"bos\.json.*No space left"):
        write_game(game_from_dict(BOS), p)
    assert p.read_text() == "old contents"
    assert sorted(os.listdir(tmp_path)) == ["bos.json"]


def test_write_into_a_missing_folder_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"nowhere[/\\]g\.json.*exists"):
        write_game(game_from_dict(BOS), tmp_path / "nowhere" / "g.json")


# --------------------------------------------------------------------------- JSON: errors
@pytest.mark.parametrize(
    ("data", "where", "fix"),
    [
        ({"payoffs": [[[1, 2]], [[3, "x"]]]}, r"payoffs\[1\]\[0\]\[1\]", '"2/3"'),
        ({"payoffs": [[[1, 2]], [[3]]]}, r"payoffs\[1\]\[0\]", "same length"),
        ({"payoffs": [[[1, 2]], [[3, [4]]]]}, r"payoffs\[1\]\[0\]\[1\]", "regular"),
        ({"payoffs": [[[1, True]], [[3, 4]]]}, r"payoffs\[0\]\[0\]\[1\]", "not a number"),
        ({"payoffs": [[[1, None]], [[3, 4]]]}, r"payoffs\[0\]\[0\]\[1\]", "null is not"),
        ({"bimatrix": {"A": [[1, 2]], "B": [[1, "1/0"]]}}, r"bimatrix\.B\[0\]\[1\]", "number"),
        ({"bimatrix": {"A": [[1, 2]], "B": [[1, 2], [3, 4]]}}, r"bimatrix\.B", "shape"),
        ({"bimatrix": {"B": [[1]]}}, "bimatrix", '"A"'),
        ({"bimatrix": {"A": [[1]], "C": [[1]]}}, "bimatrix", "unknown key"),
        (
            {
                "players": ["a", "b"],
                "strategies": {"a": ["x"], "c": ["y"]},
                "bimatrix": {"A": [[1]]},
            },
            "strategies",
            "unknown: ",
        ),
        (
            {"strategies": [["x", "x"], ["y"]], "bimatrix": {"A": [[1], [2]]}},
            r"strategies\[0\]",
            "unique",
        ),
        (
            {"strategies": [["x"], ["y"]], "bimatrix": {"A": [[1, 2]]}},
            "bimatrix",
            r"shape must be \(2, 1, 1\)",
        ),
        ({"players": ["a", "b", "c"], "payoffs": [[[1]], [[2]]]}, "payoffs", "3 players"),
        ({"payoffs": [[1, 2], [3, 4]]}, "payoffs", "nesting levels"),
        (
            {
                "table": [
                    {"profile": ["x", "y"], "payoffs": [1, 2]},
                    {"profile": ["x", "y"], "payoffs": [3, 4]},
                ]
            },
            r"table\[1\]",
            r"already given in table\[0\]",
        ),
        (
            {
                "table": [
                    {"profile": ["x", "y"], "payoffs": [1, 2]},
                    {"profile": ["z", "w"], "payoffs": [3, 4]},
                ]
            },
            "table",
            r"profile \['x', 'w'\] has no row",
        ),
        (
            {"table": [{"profile": ["x", "y"], "payoffs": [1, 2, 3]}]},
            r"table\[0\]\.payoffs",
            "one per player",
        ),
        (
            {
                "players": ["a", "b"],
                "table": [{"profile": {"a": "x", "b": "y"}, "payoffs": {"a": 1, "b": "?"}}],
            },
            r"table\[0\]\.payoffs\.b",
            "not a number",
        ),
        (
            {"table": [{"profile": {"a": "x", "b": "y"}, "payoffs": [1, 2]}]},
            r"table\[0\]",
            '"players"',
        ),
        (
            {"strategies": [["x"], ["y"]], "table": [{"profile": ["x", "q"], "payoffs": [1, 2]}]},
            r"table\[0\]\.profile",
            "no strategy 'q'",
        ),
        ({"table": [{"profile": ["x", "y"], "payoff": [1, 2]}]}, r"table\[0\]", "unknown key"),
        ({"title": 3, "payoffs": [[[1]], [[2]]]}, "title", "string"),
    ],
)
def test_errors_name_the_key_path_and_the_fix(data: dict, where: str, fix: str) -> None:
    with pytest.raises(FormatError, match=rf"^game\.json: {where}: .*{fix}"):
        game_from_dict(data, source="game.json")


def test_unknown_top_level_key_lists_the_allowed_ones() -> None:
    with pytest.raises(FormatError) as info:
        game_from_dict({"payoffs": [[[1]], [[2]]], "payof": 1}, source="g.json")
    message = str(info.value)
    assert "'payof'" in message
    assert all(key in message for key in ALLOWED_KEYS)


@pytest.mark.parametrize(
    ("data", "found"),
    [
        ({"players": ["a", "b"]}, "found none"),
        ({"payoffs": [[[1]], [[2]]], "bimatrix": {"A": [[1]]}}, "found payoffs and bimatrix"),
    ],
)
def test_exactly_one_payoff_layout(data: dict, found: str) -> None:
    with pytest.raises(FormatError, match=f"exactly one of.*{found}"):
        game_from_dict(data)


def test_invalid_json_names_file_line_and_column(tmp_path: Path) -> None:
    p = _write(tmp_path, "broken.json", '{\n  "payoffs": [1, 2,]\n}')
    with pytest.raises(FormatError, match=r"broken\.json: line 2 column \d+: invalid JSON"):
        read_game(p)


@pytest.mark.parametrize("text", ['{"bimatrix": {"A": [[NaN]]}}', "[1, 2]"])
def test_non_finite_constants_and_non_objects_are_refused(text: str) -> None:
    with pytest.raises(FormatError, match=r"finite|JSON object"):
        game_from_json(text, source="x.json")


def test_game_error_is_reraised_with_the_file_name(tmp_path: Path) -> None:
    # a one-player tensor passes the file checks; the game's own validation refuses it
    p = _write(tmp_path, "solo.json", '{"payoffs": [[1, 2]]}')
    with pytest.raises(FormatError, match=r"solo\.json: .*at least 2 players"):
        read_game(p)


def test_payoffs_beyond_float_range_are_refused_with_their_place() -> None:
    with pytest.raises(FormatError, match=r"bimatrix\.A\[0\]\[0\]: .*too large"):
        game_from_json('{"bimatrix": {"A": [[1e400]], "B": [[0]]}}')
    with pytest.raises(FormatError, match=r"line 2: payoff 1e400 is too large"):
        game_from_nfg('NFG 1 R "t" { "a" "b" } { 1 1 }\n1e400 0')


def test_unreadable_files_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"missing\.json: no such file"):
        read_game(tmp_path / "missing.json")
    with pytest.raises(FormatError, match="is a folder"):
        read_game(tmp_path)
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"title": "caf\xe9"}'.encode("latin-1"))
    with pytest.raises(FormatError, match=r"latin1\.json: not UTF-8"):
        read_game(latin)


# --------------------------------------------------------------------------- dispatch
def test_load_and_save_choose_the_format_by_extension(tmp_path: Path) -> None:
    g = game_from_dict(BOS)
    for name in ("g.json", "g.nfg", "G.NFG"):
        save_game(g, tmp_path / name)
        assert load_game(tmp_path / name) == g
    (tmp_path / "g.txt").write_text(game_to_nfg(g))
    assert load_game(tmp_path / "g.txt") == g
    with pytest.raises(FormatError, match=r"unknown extension '\.txt'"):
        save_game(g, tmp_path / "g.txt")
    with pytest.raises(FormatError, match="not a game file"):
        game_from_text("hello", source="h.txt")


# --------------------------------------------------------------------------- NFG
PD_OUTCOME_FORM = """NFG 1 R "Two person Prisoner's Dilemma game" { "Player 1" "Player 2" }

{ { "1" "2" }
{ "1" "2" }
}
""

{
{ "" 9, 9 }
{ "" 10, 0 }
{ "" 0, 10 }
{ "" 1, 1 }
}
1 2 3 4
"""


def test_outcome_form_orders_profiles_with_player_one_fastest() -> None:
    g = read_nfg(PD_OUTCOME_FORM)
    # outcome k belongs to the k-th profile: (1,1), (2,1), (1,2), (2,2)
    assert g.payoffs[0].tolist() == [[9, 0], [10, 1]]
    assert g.payoffs[1].tolist() == [[9, 10], [0, 1]]
    assert g.title == "Two person Prisoner's Dilemma game"


def test_payoff_form_with_counts_and_exact_numbers() -> None:
    g = read_nfg('NFG 1 R "t" { "A" "B" "C" } { 2 1 2 }\n1 2 3  3/2 -0.25 6  7 8 9  10 11 1.0e-2')
    assert g.shape == (2, 1, 2)
    assert g.strategies == (("1", "2"), ("1",), ("1", "2"))
    assert g.exact_payoffs is not None
    # profiles (1,1,1), (2,1,1), (1,1,2), (2,1,2)
    assert g.exact_payoffs[:, 1, 0, 0].tolist() == [Fraction(3, 2), Fraction(-1, 4), 6]
    assert g.exact_payoffs[:, 1, 0, 1].tolist() == [10, 11, Fraction(1, 100)]


def test_outcome_zero_is_the_null_outcome_and_names_are_optional() -> None:
    g = read_nfg(
        'NFG 1 R "" { "" "Col" } { { "U" "" } { "L" } }\n{ { "win" 3 -3 } { 1, 1 } }\n0 2'
    )
    assert g.players == ("Player 1", "Col")
    assert g.strategies == (("U", "2"), ("L",))
    assert g.payoffs[:, 0, 0].tolist() == [0, 0]
    assert g.payoffs[:, 1, 0].tolist() == [1, 1]


def test_quoted_strings_may_hold_escapes_and_newlines() -> None:
    g = game_from_nfg('NFG 1 R "say \\"hi\\"" { "a" "b" } { 1 1 }\n"a comment\nover lines"\n1 2')
    assert g.title == 'say "hi"'
    assert g.payoffs[:, 0, 0].tolist() == [1, 2]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("EFG 2 R", "line 1: not a Gambit strategic-form file"),
        ('NFG 2 R "t" { "a" "b" } { 1 1 } 1 2', "version 2"),
        ('NFG 1 R "t" { "a" } { 1 } 1', "at least 2"),
        ('NFG 1 R "t" { "a" "b" } { 2 } 1 2', "give 1 players but the header names 2"),
        ('NFG 1 R "t" { "a" "b" } { 1 0 } 1 2', "positive integer"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 }\n1', "line 2: file ends where payoff of player 2"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 }\n1 2 3', "line 2: unexpected '3'"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 }\n1 two', "line 2: expected a payoff"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 }\n1 1/0', "divides by zero"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 }\n{ { "" 1 } }\n1', "outcome 1 has 1 payoffs"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 }\n{ { "" 1 2 } }\n\n2', "line 4: outcome index '2'"),
        ('NFG 1 R "t { "a" "b" }', "unterminated string"),
        ('NFG 1 R "t" { "a" "b" } { { "x" "x" } { "y" } } 1 2 3 4', "duplicate"),
    ],
)
def test_nfg_errors_name_file_line_and_problem(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=re.escape(message)) as info:
        game_from_nfg(text, source="bad.nfg")
    assert str(info.value).startswith("bad.nfg: ")


def test_nfg_round_trip_exact_and_float(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    values = [
        str(Fraction(int(a), int(b)))
        for a, b in zip(rng.integers(-9, 9, 24), rng.integers(1, 5, 24), strict=True)
    ]
    exact = NormalFormGame(
        np.array(values, dtype=object).reshape(3, 2, 2, 2),
        players=["KZ", "RU", "CN"],
        strategies=[["balance", "align"], ["accommodate", "coerce"], ["invest", "wait"]],
        title='The "three vectors" game',
    )
    p = tmp_path / "exact.nfg"
    write_nfg(exact, p)
    back = read_nfg(p)
    assert back == exact and back.title == exact.title
    assert back.exact_payoffs is not None and exact.exact_payoffs is not None
    assert back.exact_payoffs.tolist() == exact.exact_payoffs.tolist()

    floats = NormalFormGame(
        np.array([0.1, 1 / 3, 1e-5, -2.5e7, 0.0, 7.0, 1e-300, 3.0]).reshape(2, 2, 2)
    )
    text = game_to_nfg(floats)
    assert "e-" not in text and "e+" not in text  # Gambit reads plain decimals only
    assert np.array_equal(read_nfg(text).payoffs, floats.payoffs)


# --------------------------------------------------------------------------- reference games
def _header_shape(text: str) -> tuple[int, ...]:
    """Strategy counts stated in a .nfg header, read independently of the parser."""
    body = text.split("}", 1)[1]  # after the player list
    counts = re.match(r"\s*\{\s*([\d\s]+)\}", body)
    if counts:
        return tuple(int(c) for c in counts.group(1).split())
    block = re.match(r"\s*\{((?:\s*\{[^{}]*\})+)\s*\}", body)
    assert block is not None
    return tuple(
        len(re.findall(r'"[^"]*"', s)) for s in re.findall(r"\{([^{}]*)\}", block.group(1))
    )


def _reference_files(reference_games: Path) -> list[Path]:
    files = sorted((reference_games / "gambit-contrib").glob("*.nfg"))
    if not files:
        pytest.skip("no .nfg files in the reference games folder")
    return files


def test_every_reference_game_parses_with_the_header_shape(reference_games: Path) -> None:
    for path in _reference_files(reference_games):
        text = path.read_text(encoding="utf-8")
        g = read_nfg(path)
        assert g.shape == _header_shape(text), path.name
        assert g.num_players == len(g.players) >= 2
        assert g.exact_payoffs is not None, path.name  # every payoff there is exact text
        assert game_from_nfg(game_to_nfg(g)) == g, path.name


def test_reference_payoffs_match_the_file_text(reference_games: Path) -> None:
    folder = reference_games / "gambit-contrib"
    if not (folder / "pd.nfg").exists():
        pytest.skip("pd.nfg not in the reference games")
    pd = read_nfg(folder / "pd.nfg")
    # outcomes: (9,9) (10,0) (0,10) (1,1) for profiles (1,1) (2,1) (1,2) (2,2)
    assert pd.payoffs[:, 1, 0].tolist() == [10, 0]
    assert pd.payoffs[:, 0, 1].tolist() == [0, 10]
    assert pd.payoffs[:, 1, 1].tolist() == [1, 1]

    g = read_nfg(folder / "2x2x2.nfg")
    assert g.payoffs[:, 0, 0, 0].tolist() == [9, 8, 12]  # outcome 1, profile (1,1,1)
    assert g.payoffs[:, 1, 1, 0].tolist() == [9, 8, 2]  # outcome 4, profile (2,2,1)
    assert g.payoffs[:, 1, 0, 1].tolist() == [3, 4, 6]  # outcome 6, profile (2,1,2)
    assert g.payoffs[:, 1, 1, 1].tolist() == [0, 0, 0]  # outcome 8, profile (2,2,2)

    vs = read_nfg(folder / "6x6_game_with_75_eq_small_payoffs.nfg")
    assert vs.payoffs[:, 0, 0].tolist() == [-81, 72]  # 1st outcome
    assert vs.payoffs[:, 1, 0].tolist() == [-180, -180]  # 2nd: player 1 moves first
    assert vs.payoffs[:, 0, 1].tolist() == [36, 36]  # 7th: player 2's second strategy
    assert vs.payoffs[:, 5, 5].tolist() == [-81, 72]  # 36th


def test_reference_decimals_are_exact(reference_games: Path) -> None:
    folder = reference_games / "gambit-contrib"
    if not (folder / "cent2.nfg").exists():
        pytest.skip("cent2.nfg not in the reference games")
    g = read_nfg(folder / "cent2.nfg")
    assert g.exact_payoffs is not None
    assert g.exact_payoffs[0][0, 0] == Fraction(811, 1000)


def _gambit_payoff(theirs: dict[str, Any], profile: tuple[int, ...], i: int) -> Fraction:
    """Player i's payoff at a profile of a game read by pygambit (the null outcome as 0),
    from :func:`tests.peers.peer_gambit_nfg`."""
    value: Fraction = theirs["payoffs"][tuple(profile)][i]
    return value


def test_reference_games_agree_with_pygambit(reference_games: Path) -> None:
    pytest.importorskip("pygambit")
    for path in _reference_files(reference_games):
        ours = read_nfg(path)
        theirs = run_limited(peer_gambit_nfg, str(path))
        assert ours.exact_payoffs is not None
        for i, label in enumerate(theirs["players"]):
            # names the file leaves empty get defaults: ours "Player 1", pygambit's "_1"
            if label and not re.fullmatch(r"_\d+", label):
                assert label == ours.players[i], path.name
        assert [
            tuple(s or str(k + 1) for k, s in enumerate(row)) for row in theirs["strategies"]
        ] == list(ours.strategies), path.name
        for profile in ours.profiles():
            for i in range(len(theirs["players"])):
                expected = _gambit_payoff(theirs, profile, i)
                assert ours.exact_payoffs[(i, *profile)] == expected, (path.name, profile)


@pytest.mark.parametrize(
    "values",
    [
        [1, "2/3", "-5/4", 0, 7, "0.125", 3, -2, "1/10", "1/3", "5/2", "1/100000"],
        [1.0, 2 / 3, -1.25, 0.0, 7.0, 0.125, 3.0, -2.0, 0.1, 1 / 3, 2.5, 1e-5],
    ],
    ids=["exact", "float"],
)
def test_pygambit_reads_what_write_nfg_writes(tmp_path: Path, values: list[object]) -> None:
    pytest.importorskip("pygambit")
    ours = NormalFormGame(
        np.array(values, dtype=object).reshape(2, 3, 2).tolist(),
        players=["Kazakhstan", "Russia"],
        strategies=[["balance", "align", 'say "no"'], ["accommodate", "coerce"]],
        title='Quotes "inside" the title',
    )
    path = tmp_path / "ours.nfg"
    write_nfg(ours, path)
    theirs = run_limited(peer_gambit_nfg, str(path))
    assert theirs["title"] == ours.title
    assert theirs["players"] == list(ours.players)
    assert theirs["strategies"] == list(ours.strategies)
    exact = ours.rational_payoffs() if ours.exact_payoffs is not None else None
    for profile in ours.profiles():
        for i in range(len(theirs["players"])):
            theirs_value = _gambit_payoff(theirs, profile, i)
            if exact is not None:
                assert theirs_value == exact[(i, *profile)]
            else:
                assert float(theirs_value) == ours.payoffs[(i, *profile)]
