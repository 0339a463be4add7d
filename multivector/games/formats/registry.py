"""The registry of game file formats: suffix -> reader, writer and content sniffer.

A format is one module that defines ``FORMAT``, a :class:`GameFormat`, and one line in
:data:`FORMAT_MODULES`. :func:`load_game` and :func:`save_game` pick the format by the
file's suffix; a file with another suffix (or standard input) is recognised by its
content, by the formats' sniffers (:func:`game_from_text`). Every file is read through the
one checked reader, :func:`multivector.files.read_text`, and written through
:func:`multivector.files.atomic_write_text`.

A format may hold another kind of game than :class:`NormalFormGame` (its ``game_type``);
:func:`load_game` then needs that type, ``load_game(path, ExtensiveFormGame)``, and
refuses the file with a :class:`~multivector.errors.FormatError` otherwise.

Examples
--------
>>> [f.name for f in registered_formats()]
['json', 'toml', 'nfg']
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
    "convert_game",
    "format_for_suffix",
    "game_from_text",
    "load_game",
    "registered_formats",
    "save_game",
    "sniff_format",
]

#: The modules that define a ``FORMAT``, in the order their sniffers are tried. Adding a
#: format is one module and one line here.
FORMAT_MODULES: tuple[str, ...] = (
    "multivector.games.formats.json_format",
    "multivector.games.formats.toml_format",
    "multivector.games.formats.nfg",
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
        ``sniff(text) -> bool``: whether text (not from a file with one of ``suffixes``)
        is of this format. Sniffers must not overlap.
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
    return tuple(importlib.import_module(m).FORMAT for m in FORMAT_MODULES)


def format_for_suffix(suffix: str) -> GameFormat[Any] | None:
    """The format of a suffix (``".json"``; any case), or None."""
    suffix = suffix.lower()
    for fmt in registered_formats():
        if suffix in fmt.suffixes:
            return fmt
    return None


def sniff_format(text: str, game_type: type[Any] = object) -> GameFormat[Any] | None:
    """The format whose sniffer recognises ``text``, among those giving a ``game_type``."""
    for fmt in registered_formats():
        if issubclass(fmt.game_type, game_type) and fmt.sniff(text):
            return fmt
    return None


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
    fmt = sniff_format(text, game_type)
    if fmt is None:
        prefix = f"{source}: " if source else ""
        known = [f.signature for f in registered_formats() if issubclass(f.game_type, game_type)]
        raise FormatError(f"{prefix}not a game file: {', '.join(known)}")
    return fmt.read(text, source=source)


@overload
def load_game(path: str | os.PathLike[str]) -> NormalFormGame: ...
@overload
def load_game(path: str | os.PathLike[str], game_type: type[G]) -> G: ...
def load_game(path: str | os.PathLike[str], game_type: type[Any] = NormalFormGame) -> Any:
    """Read a game file, choosing the format by suffix (``.json``, ``.toml``, ``.nfg``, ...).

    A file with another suffix is recognised by its content (see :func:`game_from_text`).

    Parameters
    ----------
    path : str or path-like
    game_type : type
        The kind of game wanted (default :class:`NormalFormGame`).

    Raises
    ------
    FormatError
        When the file cannot be read, does not describe a valid game, or holds another
        kind of game.
    """
    name = os.fspath(path)
    fmt = format_for_suffix(Path(name).suffix)
    if fmt is None:
        return game_from_text(read_text(name, expected="a game file"), game_type, source=name)
    if not issubclass(fmt.game_type, game_type):
        raise FormatError(
            f"{name}: a {fmt.description} holds a {fmt.game_type.__name__}, not a "
            f"{game_type.__name__}"
        )
    return fmt.read_file(name)


def convert_game(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> Any:
    """Read ``source`` and write its game to ``target``, each format by its suffix.

    The target's suffix is checked before the source is read. Returns the game.

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


def _writer(path: str | os.PathLike[str]) -> GameFormat[Any]:
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    fmt = format_for_suffix(suffix)
    if fmt is None:
        known = ", ".join(s for f in registered_formats() for s in f.suffixes)
        raise FormatError(f"{name}: unknown extension {suffix or '(none)'!r}; use one of {known}")
    return fmt


def save_game(game: Any, path: str | os.PathLike[str]) -> None:
    """Write a game file, choosing the format by suffix, atomically.

    Raises
    ------
    FormatError
        For a suffix of no registered format, a format that cannot hold this kind of
        game, or a file that cannot be written.
    """
    name = os.fspath(path)
    fmt = _writer(name)
    if not isinstance(game, fmt.game_type):
        raise FormatError(
            f"{name}: a {fmt.description} holds a {fmt.game_type.__name__}, not a "
            f"{type(game).__name__}; choose another extension"
        )
    fmt.write_file(game, name)
