"""The registry of game file formats: suffix -> reader, writer and content sniffer.

A format is one module that defines ``FORMAT``, a :class:`GameFormat`, and one line in
:data:`FORMAT_MODULES`. :func:`load_game` and :func:`save_game` pick the format by the
file's suffix; a file with another suffix (or standard input) is recognised by its
content, by the formats' sniffers (:func:`game_from_text`). Every file is read through the
one checked reader, :func:`multivector.files.read_text`, and written through
:func:`multivector.files.atomic_write_text`.

A format may hold another kind of game than :class:`NormalFormGame` (its ``game_type``);
:func:`load_game` then needs that type, ``load_game(path, ExtensiveFormGame)`` (or
``object`` for any game), and refuses the file with a
:class:`~multivector.errors.FormatError` otherwise.

Several formats may share a suffix: ``.json`` and ``.toml`` files hold either a
normal-form game or a tree (an extensive-form game). A file with such a suffix is told
apart by its content (:func:`recognise_format`), and a game is written in the format of
its suffix that holds its kind (:func:`save_game`).

Examples
--------
>>> [f.name for f in registered_formats()]
['json', 'toml', 'nfg', 'efg', 'tree-json', 'tree-toml']
>>> [f.name for f in formats_for_suffix(".json")]
['json', 'tree-json']
>>> format_for_suffix(".NFG").description
'Gambit strategic-form file'
>>> sniff_format('NFG 1 R "" { "a" "b" } { 1 1 } 0 0').name
'nfg'
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar, overload

from multivector.errors import FormatError
from multivector.files import atomic_write_text, read_text
from multivector.games.normal_form import NormalFormGame

__all__ = [
    "FORMAT_MODULES",
    "GameFormat",
    "TextReader",
    "check_game_type",
    "convert_game",
    "file_format",
    "format_for_suffix",
    "formats_for_suffix",
    "game_from_text",
    "load_game",
    "recognise_format",
    "registered_formats",
    "save_game",
    "sniff_format",
]

#: The modules that define a ``FORMAT``, in the order their sniffers are tried. Adding a
#: format is one module and one line here; ``"module:NAME"`` names a module's second
#: format (a module may define one for JSON and one for TOML).
FORMAT_MODULES: tuple[str, ...] = (
    "multivector.games.formats.json_format",
    "multivector.games.formats.toml_format",
    "multivector.games.formats.nfg",
    "multivector.games.formats.efg",
    "multivector.games.formats.tree",
    "multivector.games.formats.tree:TOML_FORMAT",
)

G = TypeVar("G")
G_co = TypeVar("G_co", covariant=True)


class TextReader(Protocol[G_co]):
    """A format's parser: the text of a file (and its name, for messages) -> the game."""

    def __call__(self, text: str, *, source: str | None = None) -> G_co: ...


@dataclass(frozen=True)
class GameFormat(Generic[G]):
    """One game file format.

    Attributes
    ----------
    name : str
        Short name, e.g. ``"json"``.
    suffixes : tuple of str
        File suffixes, lower case with the dot, e.g. ``(".json",)``.
    description : str
        E.g. ``"JSON game file"``.
    game_type : type
        What the reader returns (:class:`NormalFormGame`, or another kind of game).
    read : TextReader
        ``read(text, source=name) -> game``; raises FormatError naming ``source``.
    write : callable or None
        ``write(game) -> text``; None for a format that is only read.
    sniff : callable
        ``sniff(text) -> bool``: whether text is of this format, for text from standard
        input, from a file of another suffix, or from a file whose suffix several formats
        share. Sniffers must not overlap.
    signature : str
        How a file of the format starts, for the message of text no sniffer knows:
        ``"a JSON game file starts with '{'"``.
    """

    name: str
    suffixes: tuple[str, ...]
    description: str
    game_type: type[G]
    read: TextReader[G]
    write: Callable[[G], str] | None
    sniff: Callable[[str], bool]
    signature: str

    def read_file(self, path: str | os.PathLike[str]) -> G:
        """Read a file of this format, whatever its suffix.

        Raises
        ------
        FormatError
            When the file cannot be read (see :func:`multivector.files.read_text`) or does
            not hold a valid game.
        """
        name = os.fspath(path)
        return self.read(read_text(name, expected=f"a {self.description}"), source=name)

    def write_file(self, game: G, path: str | os.PathLike[str]) -> None:
        """Write ``game`` in this format, atomically.

        Raises
        ------
        FormatError
            When the format is read-only or the file cannot be written.
        """
        if self.write is None:
            raise FormatError(f"{os.fspath(path)}: {self.description}s can be read, not written")
        atomic_write_text(path, self.write(game))


@functools.cache
def registered_formats() -> tuple[GameFormat[Any], ...]:
    """The formats of :data:`FORMAT_MODULES`, each module imported once."""
    out = []
    for entry in FORMAT_MODULES:
        module, _, name = entry.partition(":")
        out.append(getattr(importlib.import_module(module), name or "FORMAT"))
    return tuple(out)


def formats_for_suffix(suffix: str) -> tuple[GameFormat[Any], ...]:
    """Every format of a suffix (``".json"``; any case), in registry order."""
    suffix = suffix.lower()
    return tuple(fmt for fmt in registered_formats() if suffix in fmt.suffixes)


def format_for_suffix(suffix: str) -> GameFormat[Any] | None:
    """The first format of a suffix (``".json"``; any case), or None.

    Where several formats share the suffix, :func:`recognise_format` tells them apart.
    """
    found = formats_for_suffix(suffix)
    return found[0] if found else None


def sniff_format(text: str, game_type: type[Any] = object) -> GameFormat[Any] | None:
    """The format whose sniffer recognises ``text``, among those giving a ``game_type``."""
    for fmt in registered_formats():
        if issubclass(fmt.game_type, game_type) and fmt.sniff(text):
            return fmt
    return None


def recognise_format(text: str, suffix: str | None = None) -> GameFormat[Any] | None:
    """The format of a file's text with the given suffix.

    The one format of the suffix; among several, the one whose sniffer recognises the
    text, else the first (whose reader then names what is wrong); for an unknown suffix
    (or None), the format whose sniffer recognises the text, or None.

    Examples
    --------
    >>> recognise_format('{"players": ["A"], "tree": {"payoffs": [1]}}', ".json").name
    'tree-json'
    >>> recognise_format('{"bimatrix": {"A": [[1]]}}', ".json").name
    'json'
    >>> recognise_format('EFG 2 R "" { "A" }', ".txt").name
    'efg'
    """
    found = formats_for_suffix(suffix) if suffix else ()
    if len(found) == 1:
        return found[0]
    for fmt in found:
        if fmt.sniff(text):
            return fmt
    return found[0] if found else sniff_format(text)


def file_format(path: str | os.PathLike[str]) -> GameFormat[Any] | None:
    """The format of a file: by its suffix, reading its content only where needed.

    Raises
    ------
    FormatError
        When the file must be read and cannot be.
    """
    name = os.fspath(path)
    suffix = Path(name).suffix
    found = formats_for_suffix(suffix)
    if len(found) == 1:
        return found[0]
    return recognise_format(read_text(name, expected="a game file"), suffix)


def check_game_type(fmt: GameFormat[Any], game_type: type[Any], name: str | None) -> None:
    """Refuse a format that holds another kind of game than ``game_type``.

    Raises
    ------
    FormatError
        Naming the file, what it holds and what was wanted.
    """
    if issubclass(fmt.game_type, game_type):
        return
    prefix = f"{name}: " if name else ""
    fix = ""
    if game_type.__name__ == "NormalFormGame" and fmt.game_type.__name__ == "ExtensiveFormGame":
        fix = (
            "; solve, tree and convert take trees (convert --reduced-normal-form writes "
            "its reduced normal form, which every command reads)"
        )
    raise FormatError(
        f"{prefix}a {fmt.description} holds {_kind(fmt.game_type)}, not {_kind(game_type)}" + fix
    )


def _kind(game_type: type[Any]) -> str:
    """What a game type is, in words."""
    return {
        "NormalFormGame": "a normal-form game (NormalFormGame)",
        "ExtensiveFormGame": "an extensive-form game (a tree, ExtensiveFormGame)",
    }.get(game_type.__name__, f"a {game_type.__name__}")


@overload
def game_from_text(text: str, *, source: str | None = None) -> NormalFormGame: ...
@overload
def game_from_text(text: str, game_type: type[G], *, source: str | None = None) -> G: ...
def game_from_text(
    text: str, game_type: type[Any] = NormalFormGame, *, source: str | None = None
) -> Any:
    """Parse a game file's text, recognising its format from its content.

    Raises
    ------
    FormatError
        When no registered format recognises the text, or the text does not describe a
        valid game.

    Examples
    --------
    >>> game_from_text('{"bimatrix": {"A": [[1, -1], [-1, 1]]}}').shape
    (2, 2)
    """
    fmt = sniff_format(text)
    if fmt is None:
        prefix = f"{source}: " if source else ""
        known = [f.signature for f in registered_formats() if issubclass(f.game_type, game_type)]
        raise FormatError(f"{prefix}not a game file: {', '.join(known)}")
    check_game_type(fmt, game_type, source)
    return fmt.read(text, source=source)


@overload
def load_game(path: str | os.PathLike[str]) -> NormalFormGame: ...
@overload
def load_game(path: str | os.PathLike[str], game_type: type[G]) -> G: ...
def load_game(path: str | os.PathLike[str], game_type: type[Any] = NormalFormGame) -> Any:
    """Read a game file, choosing the format by suffix (``.json``, ``.toml``, ``.nfg``, ...).

    A file with another suffix is recognised by its content (see :func:`game_from_text`),
    and so is a ``.json`` or ``.toml`` file: a normal-form game or a tree.

    Parameters
    ----------
    path : str or path-like
    game_type : type
        The kind of game wanted (default :class:`NormalFormGame`; ``object`` for any).

    Raises
    ------
    FormatError
        When the file cannot be read, does not describe a valid game, or holds another
        kind of game.
    """
    name = os.fspath(path)
    suffix = Path(name).suffix
    found = formats_for_suffix(suffix)
    if len(found) == 1:
        check_game_type(found[0], game_type, name)
        return found[0].read_file(name)
    text = read_text(name, expected="a game file")
    if not found:
        return game_from_text(text, game_type, source=name)
    fmt = recognise_format(text, suffix)
    assert fmt is not None  # a known suffix always gives a format
    check_game_type(fmt, game_type, name)
    return fmt.read(text, source=name)


def convert_game(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> Any:
    """Read ``source`` and write its game to ``target``, each format by its suffix.

    The target's suffix is checked before the source is read. Returns the game. A tree
    converts between ``.efg``, ``.json`` and ``.toml``; a normal-form game among
    ``.json``, ``.toml`` and ``.nfg``.

    Raises
    ------
    FormatError
        For an unknown target suffix, or a file that cannot be read or written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "mp.json").write_text('{"bimatrix": {"A": [[1, -1], [-1, 1]]}}')
    >>> convert_game(folder / "mp.json", folder / "mp.nfg").shape
    (2, 2)
    """
    _writer(target)
    game = load_game(source, object)
    save_game(game, target)
    return game


def _writer(path: str | os.PathLike[str], game: Any = None) -> GameFormat[Any]:
    """The format that writes ``path`` (for ``game``'s kind, when given)."""
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    found = formats_for_suffix(suffix)
    if not found:
        known = ", ".join(dict.fromkeys(s for f in registered_formats() for s in f.suffixes))
        raise FormatError(f"{name}: unknown extension {suffix or '(none)'!r}; use one of {known}")
    if game is None:
        return found[0]
    for fmt in found:
        if isinstance(game, fmt.game_type):
            return fmt
    fits = ", ".join(
        dict.fromkeys(
            s for f in registered_formats() if isinstance(game, f.game_type) for s in f.suffixes
        )
    )
    raise FormatError(
        f"{name}: a {found[0].description} holds {_kind(found[0].game_type)}, not "
        f"{_kind(type(game))}; choose another extension ({fits})"
    )


def save_game(game: Any, path: str | os.PathLike[str]) -> None:
    """Write a game file, choosing the format by suffix, atomically.

    Raises
    ------
    FormatError
        For a suffix of no registered format, a format that cannot hold this kind of
        game, or a file that cannot be written.
    """
    name = os.fspath(path)
    _writer(name, game).write_file(game, name)
