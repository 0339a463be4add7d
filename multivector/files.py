"""The input boundary: every byte multivector reads passes here, checked and bounded.

Every file multivector reads (game files, parametric files, corridor tables, observed
choices, a sweep's output when it resumes) and standard input go through :func:`read_bytes`
or :func:`read_stream`, then :func:`decode_text`; JSON and TOML text is parsed by
:func:`parse_json_text` and :func:`parse_toml_text`, and a number written as text becomes
an exact value through :func:`exact_number`. Each step refuses bad input with one
:class:`~multivector.errors.FormatError` (or the error class the caller names) that names
the source, the problem and the fix, before any expensive work:

* size: at most :data:`MAX_INPUT_BYTES` bytes are read (so ``/dev/zero`` or a huge file
  is refused at once); the environment variable ``MULTIVECTOR_MAX_INPUT_BYTES``
  (:data:`INPUT_LIMIT_VARIABLE`) raises or lowers the limit;
* encoding: UTF-8 only; a UTF-16 or UTF-32 file and a Latin-1 (Windows-1252) file are
  named as such, a binary file too;
* nesting: JSON and TOML nested deeper than :data:`MAX_NESTING` levels are refused
  before they are parsed (no ``RecursionError``);
* numbers: at most :data:`MAX_NUMBER_DIGITS` digits and an exponent of at most
  :data:`MAX_EXPONENT` in size, checked on the text before any conversion, so ``1e999999999``
  is never expanded into an exact integer; ``NaN`` and ``Infinity`` are refused;
* JSON objects: a key given twice in one object is refused (the last one would win
  silently);
* games: at most :data:`MAX_PROFILES` strategy profiles (:func:`check_profile_count`),
  checked before a reader allocates the payoff table.

The limits are module constants, so that a reader of a new format (a tree format, say)
calls the same functions and gets the same limits: bytes in, checked text or parsed data
out. Every file multivector writes goes through :func:`atomic_write_text`.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
>>> atomic_write_text(path, "balance\\n")
>>> read_text(path)
'balance\\n'
>>> _ = path.write_bytes(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
>>> read_text(path)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
multivector.errors.FormatError: .../note.txt: is a binary file, not text; ...
>>> parse_json_text('{"a": 1, "a": 2}', "twice.json")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
multivector.errors.FormatError: twice.json: key 'a' is given twice in one object; ...
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import sys
import tempfile
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import IO, Any, BinaryIO

from multivector.errors import FormatError, MultivectorError

__all__ = [
    "INPUT_LIMIT_VARIABLE",
    "MAX_EXPONENT",
    "MAX_INPUT_BYTES",
    "MAX_NESTING",
    "MAX_NUMBER_DIGITS",
    "MAX_PROFILES",
    "MAX_TOML_CHARS",
    "NumberTextError",
    "atomic_write_text",
    "atomic_writer",
    "check_nesting",
    "check_number_text",
    "check_profile_count",
    "check_text_size",
    "check_toml_size",
    "decode_text",
    "exact_number",
    "exclusive_lock",
    "input_limit",
    "parse_json_text",
    "parse_toml_text",
    "read_bytes",
    "read_stream",
    "read_text",
    "shorten",
]

#: Largest TOML text parsed, in characters (512 KiB), unless :data:`INPUT_LIMIT_VARIABLE`
#: is set: Python's TOML parser reads about half a megabyte of numbers a second (a million
#: integers, 3 MB, took 7 s), so the 2 s bound needs a smaller limit than JSON's. TOML is
#: for files written by hand; a large game is written as JSON or ``.nfg``.
MAX_TOML_CHARS = 512 * 2**10

#: Largest input read, in bytes (8 MiB), unless :data:`INPUT_LIMIT_VARIABLE` says otherwise.
MAX_INPUT_BYTES = 8 * 2**20
#: The environment variable that sets the input limit: bytes, or with a K, M or G suffix
#: (``MULTIVECTOR_MAX_INPUT_BYTES=64M``).
INPUT_LIMIT_VARIABLE = "MULTIVECTOR_MAX_INPUT_BYTES"
#: Deepest nesting of JSON arrays and objects (or TOML arrays and tables) accepted. A game
#: of n players nests its payoff tensor n + 2 levels deep.
MAX_NESTING = 100
#: Most digits a number written in a file may have (an integer, the digits of a decimal,
#: each part of a fraction ``p/q``).
MAX_NUMBER_DIGITS = 1000
#: Largest exponent (in size) of a decimal such as ``2.5e-3``: a float lies between about
#: ``5e-324`` and ``1.8e308``, and exact decimals are kept within reach of them.
MAX_EXPONENT = 400
#: Most strategy profiles of a game read from a file (the payoff table has that many
#: entries per player).
MAX_PROFILES = 2**24

_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}


def shorten(text: str, width: int = 60) -> str:
    """``text`` cut to about ``width`` characters for a message (middle elided).

    Examples
    --------
    >>> shorten("1" * 100, 20)
    '11111111...11111111 (100 characters)'
    """
    text = str(text)
    if len(text) <= width:
        return text
    half = max(1, (width - 4) // 2)
    return f"{text[:half]}...{text[-half:]} ({len(text)} characters)"


def _human(n: int) -> str:
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size:
            return f"{n / size:.4g} {unit}"
    return f"{n} bytes"


def input_limit(error: type[MultivectorError] = FormatError) -> int:
    """The input limit in bytes: :data:`INPUT_LIMIT_VARIABLE` if set, else
    :data:`MAX_INPUT_BYTES`.

    Raises
    ------
    FormatError
        (or ``error``) When the variable is set to something that is not a size.

    Examples
    --------
    >>> input_limit() == MAX_INPUT_BYTES or INPUT_LIMIT_VARIABLE in os.environ
    True
    """
    value = os.environ.get(INPUT_LIMIT_VARIABLE)
    if value is None or not value.strip():
        return MAX_INPUT_BYTES
    m = re.fullmatch(r"\s*(\d{1,15})\s*([KMG]?)i?B?\s*", value, re.IGNORECASE)
    if m is None or int(m.group(1)) < 1:
        raise error(
            f"{INPUT_LIMIT_VARIABLE}={shorten(value, 30)!r} is not a size; give a number of "
            "bytes, e.g. 64M or 67108864"
        )
    return int(m.group(1)) * _UNITS[m.group(2).upper()]


def _too_large(source: str, limit: int, expected: str) -> str:
    return (
        f"{source}: is larger than the input limit of {_human(limit)} ({limit:,} bytes); "
        f"expected {expected}. To read it anyway, raise the limit with the environment "
        f"variable {INPUT_LIMIT_VARIABLE}, e.g. {INPUT_LIMIT_VARIABLE}="
        f"{max(2 * limit // 2**20, 1)}M"
    )


def read_bytes(
    path: str | os.PathLike[str],
    *,
    expected: str = "a text file",
    error: type[MultivectorError] = FormatError,
    max_bytes: float | None = None,
) -> bytes:
    """The bytes of a file, at most ``max_bytes`` of them (default :func:`input_limit`).

    Reads at most one byte past the limit, so an endless device (``/dev/zero``) or a huge
    file is refused at once. ``max_bytes=math.inf`` reads the whole file: for files that
    multivector wrote itself and reads back (a sweep's rows), never for an input.

    Raises
    ------
    FormatError
        (or ``error``) For a missing file, a folder, a file that cannot be read, or one
        larger than the limit; the message names the file, the limit and how to raise it.
    """
    name = os.fspath(path)
    limit = input_limit(error) if max_bytes is None else max_bytes
    try:
        with open(name, "rb") as fh:
            data = fh.read() if limit == math.inf else fh.read(int(limit) + 1)
    except FileNotFoundError:
        raise error(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise error(f"{name}: is a folder; give the path of {expected}") from None
    except OSError as err:
        raise error(f"{name}: cannot be read ({err.strerror or err})") from None
    if len(data) > limit:
        raise error(_too_large(name, int(limit), expected))
    return data


def read_stream(
    stream: IO[Any],
    source: str = "<stdin>",
    *,
    expected: str = "a text file",
    error: type[MultivectorError] = FormatError,
    max_bytes: float | None = None,
) -> bytes:
    """The bytes of a stream (standard input), at most ``max_bytes`` of them.

    A text stream is read through its ``buffer`` when it has one, else as text encoded
    to UTF-8.

    Raises
    ------
    FormatError
        (or ``error``) When the stream holds more than the limit or cannot be read.

    Examples
    --------
    >>> import io
    >>> read_stream(io.BytesIO(b"NFG 1 R"))
    b'NFG 1 R'
    >>> read_stream(io.BytesIO(b"0" * 10), max_bytes=4)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: <stdin>: is larger than the input limit of 4 bytes ...
    """
    limit = input_limit(error) if max_bytes is None else max_bytes
    raw = getattr(stream, "buffer", stream)
    try:
        data = raw.read() if limit == math.inf else raw.read(int(limit) + 1)
    except OSError as err:
        raise error(f"{source}: cannot be read ({err.strerror or err})") from None
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    if len(data) > limit:
        raise error(_too_large(source, int(limit), expected))
    return bytes(data)


_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_BLANK = re.compile(rb"\s*")
#: Bytes 0x80-0x9F that Windows-1252 leaves undefined.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _utf16_without_bom(data: bytes) -> bool:
    """ASCII text in UTF-16: a NUL at every even (or every odd) position."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) >= 0.9 * len(even) or odd.count(0) >= 0.9 * len(odd)


def decode_text(
    data: bytes,
    source: str,
    *,
    expected: str = "a text file",
    error: type[MultivectorError] = FormatError,
) -> str:
    """The text of a file's bytes, checked: not empty, not binary, UTF-8.

    A UTF-8 byte-order mark is dropped. Text in another encoding is named when it can be
    told: UTF-16 and UTF-32 (by their byte-order mark, or the NUL bytes of ASCII text in
    UTF-16), Latin-1 or Windows-1252 (bytes that are not UTF-8 but are letters there).

    Parameters
    ----------
    data : bytes
        The file's contents (or standard input's).
    source : str
        Its name, at the start of every message.
    expected : str
        What the file should hold, for the messages (``"a game file"``).
    error : type
        The exception raised, :class:`~multivector.errors.FormatError` by default.

    Raises
    ------
    FormatError
        (or ``error``) For an empty file (only white space), text in another encoding, a
        file with NUL bytes (binary data) or bytes that are not UTF-8.

    Examples
    --------
    >>> decode_text("café".encode(), "menu.txt")
    'café'
    >>> decode_text("café".encode("latin-1"), "menu.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: menu.txt: not UTF-8 text: it looks like Latin-1 ...
    >>> decode_text("{}".encode("utf-16"), "g.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: g.json: is UTF-16 text (it starts with a UTF-16 byte-order ...
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise error(
                f"{source}: is {encoding} text (it starts with a {encoding} byte-order mark); "
                f"save it as UTF-8"
            )
    if _BLANK.fullmatch(data):
        raise error(f"{source}: is empty; expected {expected}")
    if b"\x00" in data:
        if _utf16_without_bom(data):
            raise error(
                f"{source}: looks like UTF-16 text (every other byte is 0); save it as UTF-8"
            )
        raise error(
            f"{source}: is a binary file, not text; expected {expected} saved as UTF-8 text"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        bad = data[err.start]
        line = data.count(b"\n", 0, err.start) + 1
        where = f"byte 0x{bad:02X} on line {line}"
        high = [b for b in data if b >= 0x80]
        if bad >= 0x80 and not _CP1252_UNDEFINED.intersection(high):
            shown = bytes([bad]).decode("cp1252")
            raise error(
                f"{source}: not UTF-8 text: it looks like Latin-1 or Windows-1252 text "
                f"({where} would be {shown!r} there); save the file as UTF-8"
            ) from None
        raise error(f"{source}: not UTF-8 text ({where}); save the file as UTF-8") from None


def read_text(
    path: str | os.PathLike[str],
    *,
    expected: str = "a text file",
    error: type[MultivectorError] = FormatError,
    max_bytes: float | None = None,
) -> str:
    """Read a text file, checked (:func:`read_bytes`, then :func:`decode_text`).

    Raises
    ------
    FormatError
        (or ``error``) For a missing file, a folder, a file that cannot be read or is over
        the size limit, or contents that :func:`decode_text` refuses; the message names
        the file.
    """
    name = os.fspath(path)
    data = read_bytes(name, expected=expected, error=error, max_bytes=max_bytes)
    return decode_text(data, name, expected=expected, error=error)


# ------------------------------------------------------------------ numbers
class NumberTextError(ValueError):
    """A number written as text that is malformed or past a limit (the message says which);
    readers prefix the place. ``text`` is the number as written; ``limit`` is True when
    the number is well formed but past a limit (digits, exponent, range)."""

    def __init__(self, message: str, text: str = "", *, limit: bool = False) -> None:
        super().__init__(message)
        self.text = text
        self.limit = limit


_EXACT = re.compile(
    r"""
    (?P<sign>[+-]?)
    (?:
        (?P<num>\d+)/(?P<den>\d+)                       # a fraction p/q
      | (?P<int>\d*)(?:\.(?P<frac>\d*))?                # a decimal
        (?:[eE](?P<exp>[+-]?\d+))?
    )
    """,
    re.VERBOSE,
)


_SHORT_INTEGER = re.compile(r"\s*[+-]?\d{1,15}\s*")


def check_number_text(text: str) -> str | None:
    """Why the number ``text`` is refused before conversion, or None when it is within
    the limits (digits, exponent); the syntax is left to the converter.

    Examples
    --------
    >>> check_number_text("2.5e-3") is None
    True
    >>> check_number_text("1e999999999")
    'the exponent of 1e999999999 is beyond 400 in size; write the number without it, or rescale'
    """
    if len(text) <= 40 and "e" not in text and "E" not in text:
        return None  # at most 40 digits and no exponent: within every limit
    s = text.strip().replace("_", "")
    m = _EXACT.fullmatch(s)
    if m is None:
        # not a plain number: count digit runs anyway (e.g. in a malformed number)
        longest = max((len(r) for r in re.findall(r"\d+", s)), default=0)
        if longest > MAX_NUMBER_DIGITS:
            return (
                f"a number with {longest} digits is longer than the limit of "
                f"{MAX_NUMBER_DIGITS} digits"
            )
        return None
    # leading zeros count: "0.000...01" is as long to convert as any other digits
    if m.group("num") is not None:
        digits = max(len(m.group("num")), len(m.group("den")))
    else:
        digits = len(m.group("int") or "") + len(m.group("frac") or "")
    if digits > MAX_NUMBER_DIGITS:
        return (
            f"{shorten(s, 40)} has {digits} digits, more than the limit of {MAX_NUMBER_DIGITS}; "
            "round it"
        )
    exp = m.group("exp") if m.group("num") is None else None
    if exp is not None:
        mag = exp.lstrip("+-").lstrip("0")
        if len(mag) > 6 or int(mag or "0") > MAX_EXPONENT:
            return (
                f"the exponent of {shorten(s, 40)} is beyond {MAX_EXPONENT} in size; write the "
                "number without it, or rescale"
            )
    return None


def exact_number(text: str) -> int | Fraction:
    """The exact value of a number written as text: an integer, a decimal (``2.5e-3``) or
    a fraction (``3/4``), white space around it allowed; an int when it is integral.

    The digits and the exponent are checked before the value is computed
    (:func:`check_number_text`), so a short text cannot become a huge integer.

    Raises
    ------
    NumberTextError
        For text that is not such a number, a fraction with denominator 0, or a number
        past the limits.

    Examples
    --------
    >>> exact_number(" 3/4 "), exact_number("2.50"), exact_number("-1e3")
    (Fraction(3, 4), Fraction(5, 2), -1000)
    >>> exact_number("1e999999999")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.files.NumberTextError: the exponent of 1e999999999 is beyond 400 in size; ...
    """
    if _SHORT_INTEGER.fullmatch(text):  # the common case, at once
        return int(text)
    problem = check_number_text(text)
    if problem is not None:
        raise NumberTextError(problem, text, limit=True)
    s = text.strip()
    m = _EXACT.fullmatch(s)
    if m is None or (m.group("num") is None and not (m.group("int") or m.group("frac"))):
        raise NumberTextError(f"{shorten(s, 40)!r} is not a number", text)
    if m.group("num") is not None and int(m.group("den")) == 0:
        raise NumberTextError(f"{shorten(s, 40)} is not a number: it divides by zero", text)
    q = Fraction(s)
    return q.numerator if q.denominator == 1 else q


def _float_of(text: str) -> float:
    problem = check_number_text(text)
    if problem is not None:
        raise NumberTextError(problem, text, limit=True)
    value = float(text.replace("_", ""))
    if not math.isfinite(value):
        raise NumberTextError(
            f"{shorten(text, 40)} is beyond the floating-point range (about 1.8e308); rescale",
            text,
            limit=True,
        )
    return value


def _exact_decimal(text: str) -> Fraction:
    return Fraction(exact_number(text))


# ------------------------------------------------------------------ nesting
# strings as unrolled loops (a run of plain characters at a time: 20 times faster than an
# alternation per character on a long string)
_JSON_SKIP = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_TOML_SKIP = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\n]*\'|#[^\n]*'
)
_LONG_DIGITS = re.compile(rf"\d{{{MAX_NUMBER_DIGITS + 1},}}")
# a TOML dotted key of more than MAX_NESTING parts (tomllib takes quadratic time on them)
_LONG_DOTTED_KEY = re.compile(rf"(?:\.\s*+[A-Za-z0-9_-]*+\s*+){{{MAX_NESTING + 1}}}")


def _keep_newlines(m: re.Match[str]) -> str:
    return "\n" * m.group().count("\n")


def check_nesting(
    text: str,
    source: str,
    *,
    syntax: str = "json",
    limit: int = MAX_NESTING,
    error: type[MultivectorError] = FormatError,
) -> None:
    """Refuse JSON or TOML text nested deeper than ``limit`` or with a number of more than
    :data:`MAX_NUMBER_DIGITS` digits, before a parser sees it.

    Brackets and digits inside strings (and TOML comments) do not count.

    Parameters
    ----------
    syntax : {"json", "toml"}

    Raises
    ------
    FormatError
        (or ``error``) Naming the line where the limit is passed.

    Examples
    --------
    >>> check_nesting("[" * 200 + "]" * 200, "deep.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: deep.json: line 1: nested more than 100 levels deep; ...
    """
    import numpy as np

    skip = _JSON_SKIP if syntax == "json" else _TOML_SKIP
    # a JSON string holds no line break (it is invalid JSON otherwise), so each is replaced
    # by a constant, in C; TOML's multi-line strings keep their line breaks for the messages
    bare = skip.sub('""', text) if syntax == "json" else skip.sub(_keep_newlines, text)
    long = _LONG_DIGITS.search(bare)
    if long is not None:
        line = bare.count("\n", 0, long.start()) + 1
        raise error(
            f"{source}: line {line}: a number of {len(long.group())} digits is longer than "
            f"the limit of {MAX_NUMBER_DIGITS} digits; round it"
        )
    if syntax == "toml":
        dotted = _LONG_DOTTED_KEY.search(bare)
        if dotted is not None:
            line = bare.count("\n", 0, dotted.start()) + 1
            raise error(
                f"{source}: line {line}: a dotted key of more than {limit} parts is nested "
                f"more than {limit} levels deep; a game file needs a few levels"
            )
    codes = np.frombuffer(bare.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    step = np.zeros(codes.shape, dtype=np.int8)
    step[(codes == ord("[")) | (codes == ord("{"))] = 1
    step[(codes == ord("]")) | (codes == ord("}"))] = -1
    if not step.any():
        return
    depth = np.cumsum(step, dtype=np.int32)
    deepest = int(depth.max())
    if deepest > limit:
        at = int(np.argmax(depth > limit))
        line = int(np.count_nonzero(codes[:at] == ord("\n"))) + 1
        raise error(
            f"{source}: line {line}: nested more than {limit} levels deep; a game file "
            "needs a few levels (one per player, plus two)"
        )


def _data_depth(data: Any) -> int:
    """Deepest nesting of lists and dicts in parsed data, without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Iterable[Any] = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


# ------------------------------------------------------------------ JSON and TOML
def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)  # (built in C; a key given twice leaves fewer entries than pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_constant(name: str) -> Any:
    raise NumberTextError(f"{name} is not a finite number; give a finite number", name)


def _line_of(text: str, token: str) -> str:
    at = text.find(token)
    return f"line {text.count(chr(10), 0, at) + 1}: " if at >= 0 else ""


def parse_json_text(
    text: str,
    source: str | None = None,
    *,
    exact: bool = False,
    error: type[MultivectorError] = FormatError,
) -> Any:
    """Parse JSON text within the limits; every problem is one ``error`` naming the place.

    Nesting and long digit runs are checked first (:func:`check_nesting`); numbers are
    checked on their text (:func:`check_number_text`) before conversion; ``NaN``,
    ``Infinity`` and numbers beyond the floating-point range are refused, and so is a key
    given twice in one object.

    Parameters
    ----------
    text : str
    source : str, optional
        The name at the start of messages.
    exact : bool
        Read decimals as exact fractions (``0.1`` is ``Fraction(1, 10)``) instead of floats.

    Examples
    --------
    >>> parse_json_text('{"a": 0.1, "b": [1, 2]}', exact=True)
    {'a': Fraction(1, 10), 'b': [1, 2]}
    >>> parse_json_text('{"a": 1e999999999}', "big.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: big.json: line 1: the exponent of 1e999999999 is beyond ...
    """
    prefix = f"{source}: " if source else ""
    check_nesting(text, source or "<json text>", syntax="json", error=error)
    try:
        data = json.loads(
            text,
            parse_float=_exact_decimal if exact else _float_of,
            # (an integer's digits were bounded by check_nesting, below Python's own limit)
            parse_int=int,
            parse_constant=_refuse_constant,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as err:
        raise error(
            f"{prefix}line {err.lineno} column {err.colno}: invalid JSON: {err.msg}"
        ) from None
    except _DuplicateKey as err:
        raise error(
            f"{prefix}key {shorten(err.key, 40)!r} is given twice in one object; give each "
            "key once"
        ) from None
    except NumberTextError as err:
        raise error(f"{prefix}{_line_of(text, err.text)}{err}") from None
    except RecursionError:  # pragma: no cover - check_nesting refuses such text first
        raise error(f"{prefix}nested too deeply to parse") from None
    if _SURROGATE_ESCAPE.search(text):
        lone = _lone_surrogate(data)
        if lone is not None:
            raise error(
                f"{prefix}the string {shorten(ascii(lone), 40)} holds a lone UTF-16 surrogate "
                "(a \\ud800-\\udfff escape without its pair), which is not a character; "
                "write the character itself"
            )
    return data


#: A JSON escape of a UTF-16 surrogate, paired (a character past U+FFFF) or lone.
_SURROGATE_ESCAPE = re.compile(r"\\[uU][dD][89a-fA-F]")


def _lone_surrogate(data: Any) -> str | None:
    """The first string (key or value) of parsed JSON that holds a lone surrogate."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                return node
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return None


def check_text_size(
    text: str,
    source: str | None = None,
    *,
    limit: int,
    kind: str,
    advice: str,
    error: type[MultivectorError] = FormatError,
) -> None:
    """Refuse text of a slowly parsed ``kind`` past ``limit`` characters (or past the input
    limit when :data:`INPUT_LIMIT_VARIABLE` is set), before its parser sees it.

    Examples
    --------
    >>> check_text_size("x = 1", limit=10, kind="TOML", advice="write JSON")
    >>> check_text_size("x = 12345", "a.toml", limit=5, kind="TOML", advice="write JSON")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: a.toml: TOML text of 9 characters is past the limit of ...
    """
    if INPUT_LIMIT_VARIABLE in os.environ:
        limit = input_limit(error)
    if len(text) > limit:
        prefix = f"{source}: " if source else ""
        raise error(
            f"{prefix}{kind} text of {len(text):,} characters is past the limit of "
            f"{_human(limit)} for {kind} ({advice}), or raise the limit with the environment "
            f"variable {INPUT_LIMIT_VARIABLE}"
        )


def check_toml_size(
    text: str, source: str | None = None, *, error: type[MultivectorError] = FormatError
) -> None:
    """Refuse TOML text past :data:`MAX_TOML_CHARS` (see :func:`check_text_size`).

    Examples
    --------
    >>> check_toml_size("x = [" + "1, " * 200_000 + "]", "big.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: big.toml: TOML text of 600,006 characters is past ...
    """
    check_text_size(
        text,
        source,
        limit=MAX_TOML_CHARS,
        kind="TOML",
        advice="its parser reads about half a megabyte a second; write a large game as JSON "
        "or .nfg",
        error=error,
    )


def parse_toml_text(
    text: str, source: str | None = None, *, error: type[MultivectorError] = FormatError
) -> dict[str, Any]:
    """Parse TOML text within the limits, decimals as exact fractions.

    As :func:`parse_json_text`: nesting (brackets and dotted keys), digits and exponents
    are checked before conversion; ``inf`` and ``nan`` are refused.

    Examples
    --------
    >>> parse_toml_text("x = 0.1")
    {'x': Fraction(1, 10)}
    >>> parse_toml_text("x = 1e999999999", "big.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: big.toml: line 1: the exponent of 1e999999999 is beyond ...
    """
    prefix = f"{source}: " if source else ""
    check_toml_size(text, source, error=error)
    check_nesting(text, source or "<toml text>", syntax="toml", error=error)

    def exact_float(s: str) -> Fraction:
        if s.lstrip("+-") in ("inf", "nan"):
            raise NumberTextError(f"{s} is not a finite number; give a finite number", s)
        return _exact_decimal(s.replace("_", ""))

    try:
        data = tomllib.loads(text, parse_float=exact_float)
    except tomllib.TOMLDecodeError as err:
        raise error(f"{prefix}invalid TOML: {err}") from None
    except NumberTextError as err:
        raise error(f"{prefix}{_line_of(text, err.text)}{err}") from None
    except RecursionError:  # pragma: no cover - check_nesting refuses such text first
        raise error(f"{prefix}nested too deeply to parse") from None
    except ValueError as err:  # an integer past Python's own limit of digits
        raise error(f"{prefix}invalid TOML: {shorten(str(err), 120)}") from None
    if _data_depth(data) > MAX_NESTING:
        raise error(
            f"{prefix}nested more than {MAX_NESTING} levels deep (tables within tables); a "
            "game file needs a few levels"
        )
    return data


# ------------------------------------------------------------------ games
def check_profile_count(
    shape: Iterable[int],
    source: str | None = None,
    *,
    error: type[MultivectorError] = FormatError,
) -> int:
    """The number of strategy profiles of a game of ``shape``, refused past
    :data:`MAX_PROFILES` before anything of that size is allocated.

    Examples
    --------
    >>> check_profile_count([3, 2])
    6
    >>> check_profile_count([99999999999999999999, 2], "big.nfg")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: big.nfg: the strategies give 199999999999999999998 ...
    """
    counts = [int(s) for s in shape]
    total = math.prod(counts)
    if total > MAX_PROFILES:
        prefix = f"{source}: " if source else ""
        raise error(
            f"{prefix}the strategies give {total} strategy profiles "
            f"({' x '.join(map(str, counts))}), more than the limit of {MAX_PROFILES:,}; "
            "such a payoff table does not fit in memory"
        )
    return total


# ------------------------------------------------------------------ writing
def atomic_write_text(
    path: str | os.PathLike[str],
    text: str,
    *,
    error: type[MultivectorError] = FormatError,
) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends kept) to ``path``, atomically.

    The text goes to a temporary file in the same folder, which then replaces ``path`` in
    one step (``os.replace``): a reader never sees a half-written file, and an existing
    file survives a failed write. The file gets the permission bits an existing file had,
    or else those a plain ``open()`` would give it (not the private mode of the temporary
    file).

    Raises
    ------
    FormatError
        (or ``error``) When the folder does not exist or the file cannot be written.
    """
    target = Path(path)
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise error(
            f"{os.fspath(path)}: cannot write in folder {os.fspath(folder)!r} "
            f"({err.strerror or err}); check that it exists and is writable"
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates the file private (0600); give it the mode a plain open() would
        os.chmod(tmp, _new_file_mode(target))
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise error(f"{os.fspath(path)}: cannot be written ({err.strerror or err})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _new_file_mode(target: Path) -> int:
    """The existing file's permission bits, or those the umask gives a new file."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_writer(
    path: str | os.PathLike[str],
    *,
    error: type[MultivectorError] = FormatError,
) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` when the ``with`` block ends without an error.

    What :func:`atomic_write_text` does for a text in memory, for data written piece by
    piece: the bytes go to a temporary file in the same folder, which is flushed to disk
    and then replaces ``path`` in one step, with the permission bits an existing file had
    or those the umask gives a new one. On an error (or an interruption) inside the block
    the temporary file is removed and ``path`` is left as it was.

    Raises
    ------
    FormatError
        (or ``error``) When the folder does not exist or the file cannot be written; the
        message names ``path``, never the temporary file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "rows.csv"
    >>> with atomic_writer(path) as fh:
    ...     _ = fh.write(b"point,value\\n")
    ...     _ = fh.write(b"0,1.5\\n")
    >>> path.read_bytes()
    b'point,value\\n0,1.5\\n'
    """
    target = Path(path)
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise error(
            f"{os.fspath(path)}: cannot write in folder {os.fspath(folder)!r} "
            f"({err.strerror or err}); check that it exists and is writable"
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            try:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            except OSError as err:
                raise error(
                    f"{os.fspath(path)}: cannot be written ({err.strerror or err})"
                ) from None
        os.chmod(tmp, _new_file_mode(target))
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise error(f"{os.fspath(path)}: cannot be written ({err.strerror or err})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _describe_holder(data: bytes) -> str:
    fields = dict(
        part.split("=", 1) for part in data.decode("utf-8", "replace").split() if "=" in part
    )
    if not {"pid", "host", "started"} <= fields.keys():
        return ""
    return f"pid {fields['pid']} on {fields['host']}, started {fields['started']}"


@contextmanager
def exclusive_lock(
    path: str | os.PathLike[str],
    *,
    error: type[MultivectorError] = FormatError,
) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the ``with`` block, or refuse at once.

    The lock is the operating system's lock (``flock``, or ``msvcrt.locking`` on
    Windows) on a small file ``PATH.lock`` beside ``path``, which records who holds it
    (process id, host, start time) and is removed when the block ends. The operating
    system releases the lock when the holder ends, however it ends, so a lock file left
    by a killed process never blocks anyone. The lock is advisory: it keeps out whoever
    asks for it (every run of the same code), not other programs.

    Raises
    ------
    FormatError
        (or ``error``) When another process holds the lock (the message names it: process
        id, host and start time), or when the lock file cannot be created.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "rows.csv"
    >>> with exclusive_lock(path):
    ...     with exclusive_lock(path):  # doctest: +ELLIPSIS
    ...         pass
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: .../rows.csv: in use by another run (pid ... on ..., ...
    """
    import datetime
    import socket

    name = os.fspath(path)
    lock = name + ".lock"
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as err:
            raise error(
                f"{name}: cannot create its lock file {os.path.basename(lock)!r} "
                f"({err.strerror or err}); check that the folder exists and is writable"
            ) from None
        if not _try_lock(fd):
            holder = _describe_holder(_read_at_start(fd)) or "its details not written yet"
            os.close(fd)
            raise error(
                f"{name}: in use by another run ({holder}); wait for it to finish, or stop it"
            )
        # a holder that just finished may have removed the lock file we opened: then
        # our lock is on a file nobody else sees, and we take the lock again
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(lock))
        except OSError:
            same = False
        if same:
            break
        os.close(fd)
    started = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    note = f"pid={os.getpid()} host={socket.gethostname()} started={started}\n"
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, note.encode())
    except OSError:
        pass  # the lock holds without its note
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)  # releases the lock


def _try_lock(fd: int) -> bool:
    """Take the exclusive lock on an open file without waiting; False when it is held."""
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _read_at_start(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 4096)
