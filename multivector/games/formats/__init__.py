"""Reading and writing game files: JSON and TOML game files, Gambit's ``.nfg`` and ``.efg``.

The formats form a registry (:mod:`~multivector.games.formats.registry`): each maps a
suffix to a reader, a writer and a content sniffer. :func:`load_game` and
:func:`save_game` choose the format from the file's extension (``.json``, ``.toml``,
``.nfg`` or ``.efg``); a file with another extension is recognised by its content, and so
is a ``.json`` or ``.toml`` file, which holds a normal-form game or a tree (an
extensive-form game, :mod:`~multivector.games.formats.tree`;
``load_game(path, ExtensiveFormGame)``). The format modules'
functions can be called directly as well. JSON and TOML files with a ``parameters`` table
are parametric files (:mod:`~multivector.games.formats.parametric`): they load as their
game at the defaults.

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

from multivector.games.formats.json_format import (
    ALLOWED_KEYS,
    game_from_dict,
    game_from_json,
    game_to_dict,
    read_game,
    write_game,
)
from multivector.games.formats.nfg import game_from_nfg, game_to_nfg, read_nfg, write_nfg
from multivector.games.formats.registry import (
    GameFormat,
    convert_game,
    game_from_text,
    load_game,
    registered_formats,
    save_game,
)
from multivector.games.formats.toml_format import game_from_toml, read_toml, write_toml

__all__ = [
    "ALLOWED_KEYS",
    "FORMATS",
    "GameFormat",
    "convert_game",
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
    "registered_formats",
    "save_game",
    "write_game",
    "write_nfg",
    "write_toml",
]

#: File extensions understood by :func:`load_game` and :func:`save_game`, with their
#: formats' descriptions (``" or "`` between the formats that share an extension).
FORMATS: dict[str, str] = {
    suffix: " or ".join(f.description for f in registered_formats() if suffix in f.suffixes)
    for fmt in registered_formats()
    for suffix in fmt.suffixes
}
