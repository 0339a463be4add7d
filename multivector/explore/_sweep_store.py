"""Where a sweep keeps its rows: the output file, its record, its chunk files and its lock.

A sweep written to ``FILE.csv`` uses, beside it:

* ``FILE.csv.lock``: held (:func:`multivector.files.exclusive_lock`) for the whole run,
  so that a second run on the same file refuses at once and names the first;
* ``FILE.csv.parts/``: one file per finished chunk (``00000012.csv``: its rows, no
  header), written by the worker that solved the chunk;
* ``FILE.csv.progress.json``: the record of an unfinished sweep: the sweep's description
  and fingerprint, its chunk size, and each committed chunk's rows, bytes, CRC-32 and
  outcome counts. It is replaced atomically on every commit;
* ``FILE.csv.sweep.json``: the record of a finished sweep (its description, fingerprint,
  rows, bytes, CRC-32 and outcome counts), written when ``FILE.csv`` is complete.

``FILE.csv`` itself is written once, when every chunk is done: the header and the chunk
files in order, concatenated into a temporary file that then replaces it. The parts and
the progress record are removed after that. Every record read back is checked field by
field; a damaged one is refused, never repaired by guessing.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multivector.errors import FormatError, ScenarioError
from multivector.files import atomic_write_text, atomic_writer, read_text

__all__ = ["ChunkRecord", "Finished", "SweepFileError", "SweepStore", "Unfinished"]

#: The layout of the records; a record of another layout is refused.
FORMAT = "multivector-sweep/1"

_BLOCK = 1 << 20


class SweepFileError(ScenarioError, FormatError):
    """A sweep's output file that a run refuses to write over or to resume (a
    :class:`~multivector.errors.ScenarioError` of the sweep and a
    :class:`~multivector.errors.FormatError` of its file).

    ``start_over`` is True when running the sweep afresh (``force=True``, the CLI's
    ``--force`` without ``--resume``) is the way out.
    """

    def __init__(self, message: str, *, start_over: bool = False) -> None:
        super().__init__(message)
        self.start_over = start_over


@dataclass(frozen=True)
class ChunkRecord:
    """One committed chunk: its rows, its file's bytes and CRC-32, its outcome counts."""

    rows: int
    size: int
    crc: int
    counts: Mapping[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"rows": self.rows, "bytes": self.size, "crc32": self.crc, "counts": self.counts}


@dataclass(frozen=True)
class Unfinished:
    """What the progress record of an unfinished sweep holds."""

    chunk_size: int
    chunks: dict[int, ChunkRecord]


@dataclass(frozen=True)
class Finished:
    """What the record of a finished sweep holds."""

    rows: int
    size: int
    crc: int
    counts: dict[str, int]


class SweepStore:
    """The files of one sweep output (see the module notes)."""

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.path = Path(out)
        name = self.path.name
        self.progress = self.path.with_name(name + ".progress.json")
        self.manifest = self.path.with_name(name + ".sweep.json")
        self.parts = self.path.with_name(name + ".parts")

    # ------------------------------------------------------------------ before the run
    def check_target(self) -> None:
        """Refuse an output path that cannot be written, before any work."""
        folder = self.path.parent
        if not folder.is_dir():
            raise SweepFileError(
                f"{self.path}: folder {os.fspath(folder)!r} does not exist; create it or "
                "choose another --out"
            )
        if self.path.is_dir():
            raise SweepFileError(f"{self.path}: is a folder; give the path of a .csv file")
        if self.path.exists() and not self.path.is_file():
            # a device, a pipe or a socket: --force would replace it with a plain file
            raise SweepFileError(
                f"{self.path}: is not a regular file (a device, a pipe or a socket); give "
                "the path of a .csv file, or leave out --out to write the rows to standard "
                "output"
            )
        if self.path.exists() and not self.path.stat().st_mode & (
            stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
        ):
            raise SweepFileError(
                f"{self.path}: is read-only; make it writable (chmod u+w) to replace it, or "
                "choose another --out"
            )

    def leftovers(self) -> list[Path]:
        """The files of this output that exist: the file, its records, its chunks."""
        return [p for p in (self.path, self.progress, self.manifest, self.parts) if p.exists()]

    def refuse_existing(self) -> None:
        """Refuse to start a new sweep where one (or another file) already is."""
        found = self.leftovers()
        if not found:
            return
        if self.progress.exists():
            what = f"holds an unfinished sweep (its record {self.progress.name})"
        elif self.manifest.exists():
            what = "holds a finished sweep"
        elif self.path.exists():
            what = "exists"
        else:
            what = f"has chunk files of a sweep ({self.parts.name})"
        raise SweepFileError(
            f"{self.path}: {what}; --resume continues or keeps that sweep, --force replaces "
            "it with a new one"
        )

    def clear(self) -> None:
        """Remove the file, its records and its chunk files (a new sweep starts)."""
        self.path.unlink(missing_ok=True)
        self.manifest.unlink(missing_ok=True)
        self.progress.unlink(missing_ok=True)
        shutil.rmtree(self.parts, ignore_errors=True)

    # ------------------------------------------------------------------ records
    def _damaged(self, record: Path, why: str) -> SweepFileError:
        return SweepFileError(
            f"{self.path}: its record {record.name} is damaged ({why}), so the rows cannot be "
            "trusted to belong to this sweep",
            start_over=True,
        )

    def _load(self, record: Path) -> dict[str, Any]:
        try:
            text = read_text(record, expected="a sweep record (JSON)", error=FormatError)
        except FormatError as err:
            why = str(err).removeprefix(f"{record}: ").split(";")[0]
            raise self._damaged(record, why) from None
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as err:
            raise self._damaged(record, f"not JSON: {err}") from None
        if not isinstance(data, dict):
            raise self._damaged(record, "not a JSON object")
        if data.get("format") != FORMAT:
            raise self._damaged(record, f"its format is not {FORMAT!r}")
        return data

    def _check_same(
        self, record: Path, data: Mapping[str, Any], spec: Mapping[str, Any], fingerprint: str
    ) -> None:
        if not isinstance(data.get("fingerprint"), str):
            raise self._damaged(record, "no fingerprint")
        if data["fingerprint"] == fingerprint:
            return
        old = data.get("sweep")
        diff = describe_difference(old if isinstance(old, dict) else {}, spec)
        raise SweepFileError(
            f"{self.path}: was written by a different sweep ({diff}); --resume continues "
            "only the same sweep",
            start_over=True,
        )

    def read_unfinished(
        self, spec: Mapping[str, Any], fingerprint: str, points: int
    ) -> Unfinished:
        """The checked progress record of an unfinished sweep."""
        data = self._load(self.progress)
        self._check_same(self.progress, data, spec, fingerprint)
        chunk_size = _count(data.get("chunk_size"))
        if chunk_size is None or chunk_size < 1:
            raise self._damaged(self.progress, "no chunk size")
        if _count(data.get("points")) != points:
            raise self._damaged(self.progress, "its number of points is not this sweep's")
        raw = data.get("chunks")
        if not isinstance(raw, dict):
            raise self._damaged(self.progress, "no list of chunks")
        num_chunks = -(-points // chunk_size)
        chunks: dict[int, ChunkRecord] = {}
        for key, value in raw.items():
            cid = _count(int(key)) if isinstance(key, str) and key.isdigit() else None
            record = _chunk_record(value)
            if cid is None or cid >= num_chunks or record is None:
                raise self._damaged(self.progress, f"chunk entry {key!r} is not valid")
            if record.rows != min(points, (cid + 1) * chunk_size) - cid * chunk_size:
                raise self._damaged(self.progress, f"chunk {key} has a wrong number of rows")
            chunks[cid] = record
        return Unfinished(chunk_size, chunks)

    def read_finished(self, spec: Mapping[str, Any], fingerprint: str, points: int) -> Finished:
        """The checked record of a finished sweep, and the file it describes."""
        data = self._load(self.manifest)
        self._check_same(self.manifest, data, spec, fingerprint)
        rows, size, crc = (_count(data.get(k)) for k in ("rows", "bytes", "crc32"))
        counts = _counts(data.get("counts"))
        if rows is None or size is None or crc is None or counts is None:
            raise self._damaged(self.manifest, "its rows, bytes, CRC-32 or counts are missing")
        if rows != points or sum(counts.values()) != rows:
            raise self._damaged(self.manifest, "its number of rows is not this sweep's")
        if not self.path.exists():
            raise SweepFileError(
                f"{self.path}: is missing, though its record {self.manifest.name} says the "
                "sweep finished",
                start_over=True,
            )
        actual_size, actual_crc = file_crc(self.path)
        if (actual_size, actual_crc) != (size, crc):
            raise SweepFileError(
                f"{self.path}: was changed after the sweep finished (its size or CRC-32 is "
                f"not the one in {self.manifest.name})",
                start_over=True,
            )
        return Finished(rows, size, crc, counts)

    def commit(
        self,
        spec: Mapping[str, Any],
        fingerprint: str,
        columns: tuple[str, ...],
        points: int,
        chunk_size: int,
        chunks: Mapping[int, ChunkRecord],
    ) -> None:
        """Replace the progress record (atomically) with the chunks committed so far."""
        state = {
            "format": FORMAT,
            "fingerprint": fingerprint,
            "sweep": spec,
            "columns": list(columns),
            "points": points,
            "chunk_size": chunk_size,
            "chunks": {str(k): v.to_json() for k, v in sorted(chunks.items())},
        }
        atomic_write_text(self.progress, json.dumps(state), error=SweepFileError)

    # ------------------------------------------------------------------ chunk files
    def part(self, chunk_id: int) -> Path:
        """The file of one chunk's rows."""
        return self.parts / f"{chunk_id:08d}.csv"

    def keep_intact(self, chunks: dict[int, ChunkRecord]) -> dict[int, ChunkRecord]:
        """The committed chunks whose files are intact (their bytes and CRC-32 as
        recorded); every other file in the chunk folder is removed, to be redone."""
        kept = {
            cid: rec
            for cid, rec in chunks.items()
            if self.part(cid).is_file() and file_crc(self.part(cid)) == (rec.size, rec.crc)
        }
        if self.parts.is_dir():
            names = {self.part(cid).name for cid in kept}
            for p in self.parts.iterdir():
                if p.name not in names:
                    p.unlink(missing_ok=True)
        return kept

    def finish(
        self,
        header: bytes,
        spec: Mapping[str, Any],
        fingerprint: str,
        columns: tuple[str, ...],
        chunks: Mapping[int, ChunkRecord],
    ) -> Finished:
        """Write the file: the header and every chunk file in order, then its record;
        remove the progress record and the chunk files."""
        size, crc = len(header), zlib.crc32(header)
        with atomic_writer(self.path, error=SweepFileError) as fh:
            fh.write(header)
            for cid in range(len(chunks)):
                rec = chunks[cid]
                written = 0
                try:
                    with open(self.part(cid), "rb") as part:
                        while block := part.read(_BLOCK):
                            fh.write(block)
                            crc = zlib.crc32(block, crc)
                            written += len(block)
                except FileNotFoundError:
                    written = -1
                if written != rec.size:
                    raise SweepFileError(
                        f"{self.path}: the rows of chunk {cid} ({self.part(cid).name} in "
                        f"{self.parts.name}) went missing or changed during the run; run it "
                        "again with --resume to redo them"
                    )
                size += written
        counts: dict[str, int] = {}
        for rec in chunks.values():
            for k, v in rec.counts.items():
                counts[k] = counts.get(k, 0) + v
        done = Finished(
            sum(r.rows for r in chunks.values()), size, crc, dict(sorted(counts.items()))
        )
        record = {
            "format": FORMAT,
            "fingerprint": fingerprint,
            "sweep": spec,
            "columns": list(columns),
            "rows": done.rows,
            "bytes": done.size,
            "crc32": done.crc,
            "counts": done.counts,
        }
        atomic_write_text(self.manifest, json.dumps(record), error=SweepFileError)
        self.progress.unlink(missing_ok=True)
        shutil.rmtree(self.parts, ignore_errors=True)
        return done


# ---------------------------------------------------------------------- helpers
def write_part(folder: str, chunk_id: int, data: bytes) -> None:
    """Write one chunk's rows to its file in ``folder`` (a temporary name, then a rename:
    a chunk file is whole or absent)."""
    part = Path(folder) / f"{chunk_id:08d}.csv"
    tmp = part.with_name(f".{part.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, part)


def file_crc(path: Path) -> tuple[int, int]:
    """A file's size and CRC-32."""
    size, crc = 0, 0
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            size += len(block)
            crc = zlib.crc32(block, crc)
    return size, crc


def iter_records(path: Path, skip_header: bool) -> Iterator[list[str]]:
    """The CSV records of a file (quoted line ends inside a field kept)."""
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        if skip_header:
            next(reader, None)
        yield from reader


def _count(value: Any) -> int | None:
    """``value`` when it is a non-negative int (not a bool), else None."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _counts(value: Any) -> dict[str, int] | None:
    if not isinstance(value, dict):
        return None
    out: dict[str, int] = {}
    for k, v in value.items():
        n = _count(v)
        if not isinstance(k, str) or n is None:
            return None
        out[k] = n
    return out


def _chunk_record(value: Any) -> ChunkRecord | None:
    if not isinstance(value, dict):
        return None
    rows, size, crc = (_count(value.get(k)) for k in ("rows", "bytes", "crc32"))
    counts = _counts(value.get("counts"))
    if rows is None or size is None or crc is None or crc >= 1 << 32 or counts is None:
        return None
    if sum(counts.values()) != rows:
        return None
    return ChunkRecord(rows, size, crc, counts)


_LABELS = {
    "model": "the model",
    "model_digest": "the model's parameters, payoffs or expressions",
    "era": "--era",
    "fixed": "the values of the parameters not varied",
    "method": "--method",
    "vary": "--vary",
    "draws": "--draws",
    "seed": "--seed",
    "version": "the multivector version",
}


def describe_difference(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """What differs between two sweep descriptions, in words.

    Examples
    --------
    >>> describe_difference({"method": "vertex", "era": "2022-"},
    ...                     {"method": "pure", "era": "2022-"})
    "--method: the file's is 'vertex', this run's 'pure'"
    """
    parts = []
    for key in sorted(
        set(old) | set(new), key=lambda k: list(_LABELS).index(k) if k in _LABELS else 99
    ):
        a, b = old.get(key), new.get(key)
        if a == b or key == "model":
            continue
        label = _LABELS.get(key, key)
        if key == "model_digest":
            parts.append(f"{label} changed since it was written")
        elif key == "fixed" and isinstance(a, dict) and isinstance(b, dict):
            names = sorted(k for k in set(a) & set(b) if a[k] != b[k])
            if not names:
                continue  # only parameters that moved between varied and fixed
            parts.append(
                f"{label} differ ({', '.join(names[:4])}{', ...' if len(names) > 4 else ''})"
            )
        else:
            parts.append(f"{label}: the file's is {_show(a)}, this run's {_show(b)}")
    if not parts:
        return "its record is of another kind"
    return "; ".join(parts)


def _show(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(map(str, value)) if value else "none"
    if value is None:
        return "none"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
