"""Reading and writing game files: JSON and TOML game files and Gambit's ``.nfg`` format.

:func:`load_game` and :func:`save_game` choose the format from the file's extension
(``.json``, ``.toml`` or ``.nfg``); the format modules' functions can be called directly as
well. JSON and TOML files with a ``parameters`` table are parametric files
(:mod:`~multivector.games.formats.parametric`): they load as their game at the defaults.

Examples
--------
>>> import tempfile, pathlib
>>> from multivector import NormalFormGame
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=["Ann", "Bob"])
>>> save_game(bos, folder / "bos.json")
>>> save_game(bos, folder / "bos.nfg")
>>> load_game(folder / "bos.json") == load_game(folder / "bos.nfg") == bos
True
"""

from __future__ import annotations

import os
from pathlib import Path

from multivector.errors import FormatError
from multivector.games.formats.json_format import (
    ALLOWED_KEYS,
    _read_text,
    game_from_dict,
    game_from_json,
    game_to_dict,
    read_game,
    write_game,
)
from multivector.games.formats.nfg import game_from_nfg, game_to_nfg, read_nfg, write_nfg
from multivector.games.formats.parametric import game_from_json_any
from multivector.games.formats.toml_format import game_from_toml, read_toml, write_toml
from multivector.games.normal_form import NormalFormGame

__all__ = [
    "ALLOWED_KEYS",
    "FORMATS",
    "game_from_dict",
    "game_from_json",
    "game_from_nfg",
    "game_from_text",
    "game_from_toml",
    "game_to_dict",
    "game_to_nfg",
    "load_game",
    "read_game",
    "read_nfg",
    "read_toml",
    "save_game",
    "write_game",
    "write_nfg",
    "write_toml",
]

#: File extensions understood by :func:`load_game` and :func:`save_game`.
FORMATS: dict[str, str] = {
    ".json": "JSON game file",
    ".toml": "TOML game file",
    ".nfg": "Gambit strategic-form file",
}


def game_from_text(text: str, *, source: str | None = None) -> NormalFormGame:
    """Parse a game file's text, recognising the format from its first character.

    Text starting with ``{`` is a JSON game file, text starting with ``NFG`` a Gambit
    file; other text is read as TOML.

    Raises
    ------
    FormatError
        When the text is neither, or does not describe a valid game.

    Examples
    --------
    >>> game_from_text('{"bimatrix": {"A": [[1, -1], [-1, 1]]}}').shape
    (2, 2)
    """
    head = text.lstrip()
    if head.startswith("{"):
        return game_from_json_any(text, source=source)
    if head.startswith("NFG"):
        return game_from_nfg(text, source=source)
    if "=" in head:
        return game_from_toml(text, source=source)
    prefix = f"{source}: " if source else ""
    raise FormatError(
        f"{prefix}not a game file: a JSON game file starts with '{{', a Gambit file with "
        "'NFG', a TOML file with key = value lines"
    )


def load_game(path: str | os.PathLike[str]) -> NormalFormGame:
    """Read a game file, choosing the format by extension (``.json``, ``.toml``, ``.nfg``).

    A file with another extension is recognised by its content (see
    :func:`game_from_text`).

    Raises
    ------
    FormatError
        When the file cannot be read or does not describe a valid game.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return game_from_json_any(_read_text(os.fspath(path)), source=os.fspath(path))
    if suffix == ".toml":
        return read_toml(path)
    if suffix == ".nfg":
        return read_nfg(Path(path))
    name = os.fspath(path)
    return game_from_text(_read_text(name), source=name)


def save_game(game: NormalFormGame, path: str | os.PathLike[str]) -> None:
    """Write a game file, choosing the format by extension (``.json``, ``.toml``, ``.nfg``).

    Raises
    ------
    FormatError
        For another extension, or when the file cannot be written.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        write_game(game, path)
    elif suffix == ".toml":
        write_toml(game, path)
    elif suffix == ".nfg":
        write_nfg(game, path)
    else:
        raise FormatError(
            f"{os.fspath(path)}: unknown extension {suffix or '(none)'!r}; "
            f"use one of {', '.join(FORMATS)}"
        )
