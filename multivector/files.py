"""Reading and writing files: one checked reader, one atomic writer.

Every file multivector reads (game files, parametric files, corridor tables, observed
choices, a sweep's output when it resumes) goes through :func:`read_text` or
:func:`decode_text`, so that a missing, unreadable, empty, binary or non-UTF-8 file ends in
one :class:`~multivector.errors.FormatError` (or the error class the caller names) that
names the file and the fix, never in a ``UnicodeDecodeError``. Every file it writes goes
through :func:`atomic_write_text`.

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
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from multivector.errors import FormatError, MultivectorError

__all__ = [
    "atomic_write_text",
    "atomic_writer",
    "decode_text",
    "exclusive_lock",
    "read_text",
]


def decode_text(
    data: bytes,
    source: str,
    *,
    expected: str = "a text file",
    error: type[MultivectorError] = FormatError,
) -> str:
    """The text of a file's bytes, checked: not empty, not binary, UTF-8.

    A UTF-8 byte-order mark is dropped.

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
        (or ``error``) For an empty file (only white space), a file with NUL bytes (binary
        data, or UTF-16 text) or bytes that are not UTF-8.

    Examples
    --------
    >>> decode_text("café".encode(), "menu.txt")
    'café'
    >>> decode_text("café".encode("latin-1"), "menu.txt")
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: menu.txt: not UTF-8 text (byte 3); save the file as UTF-8
    """
    if not data.strip():
        raise error(f"{source}: is empty; expected {expected}")
    if b"\x00" in data:
        raise error(
            f"{source}: is a binary file, not text; expected {expected} saved as UTF-8 text"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise error(
            f"{source}: not UTF-8 text (byte {err.start}); save the file as UTF-8"
        ) from None


def read_text(
    path: str | os.PathLike[str],
    *,
    expected: str = "a text file",
    error: type[MultivectorError] = FormatError,
) -> str:
    """Read a text file, checked (see :func:`decode_text`).

    Raises
    ------
    FormatError
        (or ``error``) For a missing file, a folder, a file that cannot be read, or
        contents that :func:`decode_text` refuses; the message names the file.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise error(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise error(f"{name}: is a folder; give the path of {expected}") from None
    except OSError as err:
        raise error(f"{name}: cannot be read ({err.strerror or err})") from None
    return decode_text(data, name, expected=expected, error=error)


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
