"""TOML game files: the JSON schema written as TOML, read with the standard library.

The keys are those of the JSON game file (``docs/file-format.md``): ``title``,
``players``, ``strategies`` and the payoffs as a nested array (``payoffs``), a
``bimatrix``, or one ``[[table]]`` row per profile. Decimals are read exactly (``0.1`` is
``1/10``), as in JSON files. A file with a ``[parameters]`` table is a parametric file
(:mod:`multivector.games.formats.parametric`); :func:`read_toml` returns its game at the
default values.

Examples
--------
>>> from multivector import NormalFormGame
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                   players=["Row", "Col"], strategies=[["C", "D"]] * 2)
>>> text = game_to_toml(pd)
>>> print(text.splitlines()[0])
players = ["Row", "Col"]
>>> game_from_toml(text) == pd
True
"""

from __future__ import annotations

import json
import os
import re
from typing import Any, Literal

import numpy as np

from multivector.errors import FormatError
from multivector.files import atomic_write_text, parse_toml_text
from multivector.games.display import reads_as_decimals
from multivector.games.formats.json_format import game_from_dict, json_payoff
from multivector.games.formats.registry import GameFormat
from multivector.games.normal_form import NormalFormGame

__all__ = [
    "FORMAT",
    "game_from_toml",
    "game_to_toml",
    "looks_like_toml",
    "parse_toml",
    "read_toml",
    "write_toml",
]


def parse_toml(text: str, *, source: str | None = None) -> dict[str, Any]:
    """Parse TOML text within the input limits, decimals as exact fractions; errors as
    FormatError (see :func:`multivector.files.parse_toml_text`)."""
    return parse_toml_text(text, source)


def game_from_toml(text: str, *, source: str | None = None) -> NormalFormGame:
    """Build a game from the text of a TOML game file (parametric files at defaults).

    Raises
    ------
    FormatError
        For invalid TOML or contents that do not describe a game.
    """
    data = parse_toml(text, source=source)
    if "parameters" in data:
        from multivector.games.formats.parametric import parametric_from_dict

        return parametric_from_dict(data, source=source or "<toml text>").game()
    return game_from_dict(data, source=source)


def read_toml(path: str | os.PathLike[str]) -> NormalFormGame:
    """Read a TOML game file (see :func:`game_from_toml`)."""
    return FORMAT.read_file(path)


def _string(text: str) -> str:
    # a JSON string is a valid TOML basic string (same escapes)
    return json.dumps(text, ensure_ascii=False)


def _value(v: Any) -> str:
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, bool):  # pragma: no cover - payoffs are never booleans
        raise FormatError("booleans are not payoffs")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise FormatError(f"cannot write {v!r} in TOML")


def _inline(d: dict[str, Any]) -> str:
    return "{ " + ", ".join(f"{_string(k)} = {_value(v)}" for k, v in d.items()) + " }"


def game_to_toml(game: NormalFormGame, *, layout: Literal["payoffs", "table"] = "table") -> str:
    """The text of a TOML game file; :func:`game_from_toml` reads it back equal.

    Parameters
    ----------
    game : NormalFormGame
    layout : {"table", "payoffs"}
        One ``[[table]]`` row per profile (default, easiest to read) or the nested
        payoff array.

    Notes
    -----
    Exact payoffs are written as integers or ``"p/q"`` strings (as decimals when the game
    reads as decimals, see :func:`~multivector.games.display.reads_as_decimals`),
    float payoffs as their shortest round-tripping decimal.
    """
    if layout not in ("payoffs", "table"):
        raise FormatError(f"unknown TOML layout {layout!r}; use 'table' or 'payoffs'")
    source = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    decimal = game.exact_payoffs is not None and reads_as_decimals(game.exact_payoffs)
    values = np.vectorize(lambda v: json_payoff(v, decimal=decimal), otypes=[object])(source)
    lines = []
    if game.title:
        lines.append(f"title = {_string(game.title)}")
    lines.append(f"players = {_value(list(game.players))}")
    if layout == "payoffs":
        lines.append(f"payoffs = {_value(values.tolist())}")
    lines += ["", "[strategies]"]
    lines += [
        f"{_string(p)} = {_value(list(s))}"
        for p, s in zip(game.players, game.strategies, strict=True)
    ]
    if layout == "table":
        for profile in game.profiles():
            lines += [
                "",
                "[[table]]",
                "profile = "
                + _inline(
                    {
                        p: game.strategies[i][k]
                        for i, (p, k) in enumerate(zip(game.players, profile, strict=True))
                    }
                ),
                "payoffs = "
                + _inline({p: values[(i, *profile)] for i, p in enumerate(game.players)}),
            ]
    return "\n".join(lines) + "\n"


def write_toml(
    game: NormalFormGame,
    path: str | os.PathLike[str],
    *,
    layout: Literal["payoffs", "table"] = "table",
) -> None:
    """Write a game as a TOML file, atomically (see :func:`game_to_toml`)."""
    atomic_write_text(path, game_to_toml(game, layout=layout))


_FIRST_LINE = re.compile(r"""\s*(\[|[A-Za-z0-9_"'-][^=\n]*=)""")


def looks_like_toml(text: str) -> bool:
    """Whether text starts like a TOML file: its first line that is not blank or a comment
    is ``key = value`` or a ``[table]`` header.

    Examples
    --------
    >>> looks_like_toml("# a game\\ntitle = 'x'"), looks_like_toml('{"title": "x"}')
    (True, False)
    """
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return _FIRST_LINE.match(line) is not None
    return False


def _looks_like_toml_game(text: str) -> bool:
    """TOML text that is not a tree file (those hold extensive-form games)."""
    if not looks_like_toml(text):
        return False
    from multivector.games.formats.tree import sniff_toml as is_tree

    return not is_tree(text)


#: The TOML game file format, for the registry.
FORMAT = GameFormat(
    name="toml",
    suffixes=(".toml",),
    description="TOML game file",
    game_type=NormalFormGame,
    read=game_from_toml,
    write=game_to_toml,
    sniff=_looks_like_toml_game,
    signature="a TOML file with key = value lines",
)
