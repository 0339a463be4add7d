"""A sweep's output file kept as a small database would keep it: one run at a time, no
resume of another sweep's rows, damaged records refused, nothing overwritten unasked,
permissions from the umask, errors naming the user's file."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import multivector
from multivector.errors import FormatError, ScenarioError
from multivector.explore import _sweep_store
from multivector.explore.sweep import (
    Sweep,
    SweepFileError,
    grid_axis,
    normal,
    uniform,
)
from multivector.explore.sweep import _run_chunk as _RUN_CHUNK
from multivector.files import exclusive_lock

REPO = Path(__file__).resolve().parents[2]

GRID = [
    grid_axis("kazakhstan.autonomy_value", 0.0, 0.3, 6),
    grid_axis("kazakhstan.exit_gain", 0.0, 1.0, 5),
]


def _kz(**kw: object) -> Sweep:
    args: dict[str, object] = {"grid": GRID, "chunk_size": 4}
    args.update(kw)
    return Sweep("kz-russia", **args)  # type: ignore[arg-type]


def _files(out: Path) -> dict[str, bytes]:
    """Every file of an output (the file, its records, its chunk files) and its bytes."""
    found = {}
    for p in sorted(out.parent.rglob("*")):
        mine = p.name.startswith(out.name) or p.parent.name == out.name + ".parts"
        if p.is_file() and mine:
            found[str(p.relative_to(out.parent))] = p.read_bytes()
    return found


# ---------------------------------------------------------------------- one run at a time
def test_a_second_run_is_refused_and_named(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    with exclusive_lock(out), pytest.raises(SweepFileError) as err:
        _kz().run(out)
    message = str(err.value)
    assert f"pid {os.getpid()} on {socket.gethostname()}, started 20" in message
    assert not out.exists() and not (tmp_path / "g.csv.progress.json").exists()
    assert not (tmp_path / "g.csv.lock").exists()  # released and removed after the run
    assert len(_kz().run(out).rows) == 30


def test_a_run_in_another_process_is_named(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from multivector.files import exclusive_lock\n"
            f"with exclusive_lock({str(out)!r}):\n"
            "    print('locked', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(SweepFileError, match=f"in use by another run \\(pid {holder.pid} "):
            _kz().run(out)
    finally:
        holder.communicate("", timeout=60)
    assert len(_kz().run(out).rows) == 30  # the lock died with its holder


@pytest.mark.slow
def test_two_command_lines_at_once_leave_every_point_once(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    cmd = [
        sys.executable,
        "-m",
        "multivector",
        "sweep",
        "great-powers",
        "--vary",
        "kazakhstan.autonomy_value=0:0.3:60",
        "--vary",
        "kazakhstan.bandwagon_premium=0:1:60",
        "--chunk",
        "100",
        "--out",
        str(out),
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    runs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]
    results = [(*r.communicate(timeout=300), r.returncode) for r in runs]
    statuses = sorted(code for _, _, code in results)
    assert statuses == [0, 2], results
    refused = next(err for _, err, code in results if code == 2)
    assert refused.count("\n") == 1 and refused.startswith(f"error: {out}: ")
    points = [line.split(",", 1)[0] for line in out.read_text().splitlines()[1:]]
    assert points == [str(k) for k in range(3600)]


# ---------------------------------------------------------------------- --resume
def _partial(out: Path, **kw: object) -> dict[str, bytes]:
    result = _kz(**kw).run(out, max_chunks=3)
    assert not result.complete and len(result.rows) == 12
    return _files(out)


MISMATCHES = {
    "a range": {"grid": [grid_axis("kazakhstan.autonomy_value", 0.0, 0.2, 6), GRID[1]]},
    "a number of points": {"grid": [grid_axis("kazakhstan.autonomy_value", 0, 0.3, 7), GRID[1]]},
    "a parameter": {"grid": [grid_axis("russia.leverage", 0, 1, 6), GRID[1]]},
    "the era": {"era": "2014-2021"},
    "the method": {"method": "pure"},
    "a fixed value": {"overrides": {"russia.leverage": 0.5}},
}


@pytest.mark.parametrize("finished", [False, True], ids=["unfinished", "finished"])
@pytest.mark.parametrize("change", list(MISMATCHES))
def test_resume_refuses_every_other_sweep(tmp_path: Path, change: str, finished: bool) -> None:
    out = tmp_path / "g.csv"
    if finished:
        _kz().run(out)
        before = _files(out)
    else:
        before = _partial(out)
    with pytest.raises(SweepFileError, match="different sweep") as err:
        _kz(**MISMATCHES[change]).run(out, resume=True)
    assert err.value.start_over
    assert _files(out) == before  # nothing written, nothing removed


def _draws(**kw: object) -> Sweep:
    args: dict[str, object] = {
        "draws": [uniform("russia.leverage", 0.2, 1.0), normal("kazakhstan.exit_gain", 0.3, 0.2)],
        "num_draws": 50,
        "seed": 7,
        "chunk_size": 10,
    }
    args.update(kw)
    return Sweep("kz-russia", **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "change",
    [
        {"seed": 8},
        {"num_draws": 60},
        {
            "draws": [
                uniform("russia.leverage", 0.2, 0.9),
                normal("kazakhstan.exit_gain", 0.3, 0.2),
            ]
        },
        {"draws": [uniform("russia.leverage", 0.2, 1.0), uniform("kazakhstan.exit_gain", 0, 1)]},
    ],
    ids=["seed", "draws", "range", "distribution"],
)
def test_resume_refuses_other_draws(tmp_path: Path, change: dict[str, object]) -> None:
    out = tmp_path / "d.csv"
    _draws().run(out, max_chunks=2)
    before = _files(out)
    with pytest.raises(SweepFileError, match="different sweep"):
        _draws(**change).run(out, resume=True)
    assert _files(out) == before
    resumed = _draws(seed=7, chunk_size=25).run(out, resume=True)  # the record's chunking
    assert resumed.complete and resumed.rows == _draws().run().rows


def test_resume_refuses_another_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "g.csv"
    _partial(out)
    monkeypatch.setattr(multivector, "__version__", "99.0")
    with pytest.raises(SweepFileError, match="the multivector version: the file's is '0"):
        _kz().run(out, resume=True)


PARAMETRIC = """\
title = "a coordination game with a premium"
players = ["Row", "Col"]

[strategies]
Row = ["up", "down"]
Col = ["left", "right"]

[parameters]
a = {{ default = 1, min = 0, max = 2, unit = "u", source = "test", meaning = "a gain" }}
b = {{ default = 0.5, min = 0, max = 1, unit = "u", source = "test", meaning = "a cost" }}

[[table]]
profile = ["up", "left"]
payoffs = ["{cell}", "b"]

[[table]]
profile = ["up", "right"]
payoffs = ["0", "1 - b"]

[[table]]
profile = ["down", "left"]
payoffs = ["1 - a/2", "0"]

[[table]]
profile = ["down", "right"]
payoffs = ["b", "a/2"]
"""


def test_an_edited_model_file_is_refused(tmp_path: Path) -> None:
    """The fingerprint holds the model's expressions: a file edited between an
    interruption and --resume would mix rows of two models."""
    model = tmp_path / "game.toml"
    model.write_text(PARAMETRIC.format(cell="a"))
    out = tmp_path / "g.csv"

    def sweep() -> Sweep:
        return Sweep(
            str(model), grid=[grid_axis("a", 0, 2, 9), grid_axis("b", 0, 1, 9)], chunk_size=9
        )

    sweep().run(out, max_chunks=2)
    model.write_text(PARAMETRIC.format(cell="a * 1.5"))
    with pytest.raises(SweepFileError, match="the model's parameters, payoffs or expressions"):
        sweep().run(out, resume=True)
    model.write_text(PARAMETRIC.format(cell="a"))
    resumed = sweep().run(out, resume=True)
    assert resumed.complete and resumed.rows == sweep().run().rows


def test_a_file_without_its_record_is_not_resumed(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    out.write_text("point,kazakhstan.autonomy_value,kazakhstan.exit_gain\n0,0.0,0.0\n")
    before = out.read_bytes()
    with pytest.raises(SweepFileError, match="no record of the sweep") as err:
        _kz().run(out, resume=True)
    assert err.value.start_over and out.read_bytes() == before
    _partial(tmp_path / "p.csv")
    (tmp_path / "p.csv.progress.json").unlink()  # chunk files left without their record
    with pytest.raises(SweepFileError, match="no record of the sweep"):
        _kz().run(tmp_path / "p.csv", resume=True)


def test_resume_on_a_finished_file_keeps_it(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    first = _kz().run(out)
    before = _files(out)
    again = _kz(chunk_size=7).run(out, resume=True)
    assert again.complete and again.rows == first.rows and _files(out) == before
    assert again.outcome_counts() == first.outcome_counts()
    with open(out, "ab") as fh:  # the file changed after the sweep finished
        fh.write(b"29,0.3,1.0,1,x/y,x\n")
    with pytest.raises(SweepFileError, match="was changed after the sweep finished"):
        _kz().run(out, resume=True)
    out.unlink()
    with pytest.raises(SweepFileError, match="is missing"):
        _kz().run(out, resume=True)


def test_resume_redoes_damaged_chunk_files(tmp_path: Path) -> None:
    full = _kz().run(tmp_path / "full.csv")
    out = tmp_path / "g.csv"
    _partial(out)
    parts = sorted((tmp_path / "g.csv.parts").iterdir())
    parts[0].write_bytes(parts[0].read_bytes()[:-5])  # torn
    parts[1].unlink()  # lost
    (tmp_path / "g.csv.parts" / "00000005.csv").write_bytes(b"5,garbage\n")  # uncommitted
    resumed = _kz().run(out, resume=True)
    assert out.read_bytes() == (tmp_path / "full.csv").read_bytes()
    assert resumed.rows == full.rows
    assert not (tmp_path / "g.csv.parts").exists()


# ---------------------------------------------------------------------- the file as it grows
def _names(folder: Path) -> list[str]:
    return sorted(os.fspath(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("workers", [1, 2])
def test_force_replaces_the_file_and_leaves_nothing_else(tmp_path: Path, workers: int) -> None:
    """What is left is the new file and its record, whose size and CRC-32 are the
    file's."""
    expected = _kz().run(tmp_path / "fresh.csv").to_csv()
    (tmp_path / "fresh.csv").unlink()
    (tmp_path / "fresh.csv.sweep.json").unlink()
    out = tmp_path / "g.csv"
    out.write_bytes(b"an older file\n" * 100_000)
    result = _kz().run(out, workers=workers, force=True)
    assert result.complete and out.read_text() == expected
    assert _names(tmp_path) == ["g.csv", "g.csv.sweep.json"]
    finished = json.loads((tmp_path / "g.csv.sweep.json").read_text())
    assert finished["bytes"] == out.stat().st_size
    assert finished["crc32"] == _sweep_store.file_crc(out)[1]


@pytest.mark.parametrize("workers", [1, 2])
def test_an_unfinished_run_leaves_only_its_chunks(tmp_path: Path, workers: int) -> None:
    out = tmp_path / "g.csv"
    out.write_text("an older file\n")
    result = _kz().run(out, workers=workers, force=True, max_chunks=3)
    assert not result.complete and len(result.rows) == 12
    assert _names(tmp_path) == [
        "g.csv.parts",
        *(f"g.csv.parts/{c:08d}.csv" for c in range(3)),
        "g.csv.progress.json",
    ]
    assert _kz().run(out, resume=True).rows == _kz().run().rows


def test_a_chunk_file_lost_during_the_run_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chunk file that is gone when the file is put together stops the run with the
    chunk's name; --resume redoes it."""
    real = _sweep_store.write_part

    def lose_chunk_2(folder: str, chunk_id: int, data: bytes) -> None:
        real(folder, chunk_id, data)
        if chunk_id == 2:
            (Path(folder) / f"{chunk_id:08d}.csv").unlink()

    monkeypatch.setattr(_sweep_store, "write_part", lose_chunk_2)
    out = tmp_path / "g.csv"
    with pytest.raises(SweepFileError, match=r"rows of chunk 2 \(00000002.csv in g.csv.parts\)"):
        _kz().run(out)
    assert not out.exists() and not any(p.suffix == ".tmp" for p in tmp_path.iterdir())
    monkeypatch.setattr(_sweep_store, "write_part", real)
    assert _kz().run(out, resume=True).rows == _kz().run().rows


# ---------------------------------------------------------------------- damaged records
def _damage(kind: str, text: str) -> bytes:
    data = json.loads(text)
    if kind == "truncated":
        return text.encode()[: len(text) // 2]
    if kind == "garbage":
        return b"\x89\xffgarbage\x00\x13 not a record"
    if kind == "NUL padding":
        return text.encode() + b"\x00" * 100_000
    if kind == "empty":
        return b""
    if kind == "a list":
        return b"[1, 2, 3]"
    if kind == "another format":
        data["format"] = "multivector-sweep/0"
    elif kind == "fingerprint not text":
        data["fingerprint"] = 12345
    elif kind == "rows as text":
        key = "chunks" if "chunks" in data else None
        if key:
            first = next(iter(data["chunks"]))
            data["chunks"][first]["rows"] = "4"
        else:
            data["rows"] = "30"
    elif kind == "negative bytes":
        if "chunks" in data:
            data["chunks"][next(iter(data["chunks"]))]["bytes"] = -1
        else:
            data["bytes"] = -1
    elif kind == "counts that do not add up":
        if "chunks" in data:
            data["chunks"][next(iter(data["chunks"]))]["counts"] = {"balance": 99}
        else:
            data["counts"] = {"balance": 99}
    elif kind == "a chunk past the end":
        if "chunks" in data:
            data["chunks"]["999"] = data["chunks"][next(iter(data["chunks"]))]
        else:
            data["rows"] = 31
    elif kind == "bool for a number":
        if "chunks" in data:
            data["chunk_size"] = True
        else:
            data["crc32"] = True
    return json.dumps(data).encode()


DAMAGES = [
    "truncated",
    "garbage",
    "NUL padding",
    "empty",
    "a list",
    "another format",
    "fingerprint not text",
    "rows as text",
    "negative bytes",
    "counts that do not add up",
    "a chunk past the end",
    "bool for a number",
]


@pytest.mark.parametrize("record", ["progress", "sweep"])
@pytest.mark.parametrize("kind", DAMAGES)
def test_damaged_records_are_refused(tmp_path: Path, kind: str, record: str) -> None:
    out = tmp_path / "g.csv"
    if record == "progress":
        _partial(out)
    else:
        _kz().run(out)
    side = tmp_path / f"g.csv.{record}.json"
    side.write_bytes(_damage(kind, side.read_text()))
    before = _files(out)
    with pytest.raises(SweepFileError, match=f"its record g.csv.{record}.json is damaged") as err:
        _kz().run(out, resume=True)
    assert err.value.start_over
    assert _files(out) == before  # the CSV neither padded nor reported complete
    if out.exists():
        assert b"\x00" not in out.read_bytes()


# ---------------------------------------------------------------------- no overwrite
def test_an_existing_file_is_not_overwritten_unasked(tmp_path: Path) -> None:
    out = tmp_path / "notes.csv"
    out.write_text("my own notes\n")
    with pytest.raises(SweepFileError, match=r"notes.csv: exists; --resume .* --force"):
        _kz().run(out)
    assert out.read_text() == "my own notes\n"
    result = _kz().run(out, force=True)
    assert result.complete and out.read_text().startswith("point,")
    with pytest.raises(SweepFileError, match="holds a finished sweep"):
        _kz().run(out)
    _kz().run(tmp_path / "p.csv", max_chunks=1)
    with pytest.raises(SweepFileError, match="holds an unfinished sweep"):
        _kz().run(tmp_path / "p.csv")


def test_a_read_only_file_is_kept_even_with_force(tmp_path: Path) -> None:
    out = tmp_path / "kept.csv"
    out.write_text("keep me\n")
    out.chmod(0o444)
    with pytest.raises(SweepFileError, match=r"kept\.csv: is read-only"):
        _kz().run(out, force=True)
    assert out.read_text() == "keep me\n"


def test_a_device_or_pipe_is_never_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    for target in (pipe, Path(os.devnull)):
        with pytest.raises(SweepFileError, match="is not a regular file"):
            _kz().run(target, force=True)
        assert not Path(f"{target}.lock").exists()  # refused before the lock
    assert not pipe.is_file() and pipe.exists()
    assert Path(os.devnull).is_char_device()


def test_an_unwritable_folder_is_named_by_the_users_file(tmp_path: Path) -> None:
    """/proc refuses new files whoever runs the test (file modes do not stop root)."""
    out = Path("/proc/g.csv")
    if not Path("/proc").is_dir():
        pytest.skip("no /proc on this system")
    with pytest.raises(SweepFileError, match=r"^/proc/g\.csv: cannot create its lock file"):
        _kz().run(out)


def test_files_get_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        _kz().run(tmp_path / "a.csv")
        _kz().run(tmp_path / "b.csv", max_chunks=2)
    finally:
        os.umask(old)
    assert (tmp_path / "a.csv").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "a.csv.sweep.json").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "b.csv.progress.json").stat().st_mode & 0o777 == 0o644
    old = os.umask(0o027)
    try:
        _kz().run(tmp_path / "c.csv")
    finally:
        os.umask(old)
    assert (tmp_path / "c.csv").stat().st_mode & 0o777 == 0o640


def test_errors_name_the_users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "no" / "such" / "g.csv"
    with pytest.raises(SweepFileError, match=f"^{missing}: folder .* does not exist"):
        _kz().run(missing)
    out = tmp_path / "g.csv"

    def disk_full(folder: str, chunk_id: int, data: bytes) -> None:
        raise OSError(28, "No space left on device", f"{folder}/.{chunk_id:08d}.csv.1.tmp")

    monkeypatch.setattr(_sweep_store, "write_part", disk_full)
    with pytest.raises(FormatError) as err:
        _kz().run(out)
    assert str(err.value).startswith(f"{out}: ") and "No space left" in str(err.value)
    assert ".tmp" not in str(err.value)


# ---------------------------------------------------------------------- checks before work
def test_option_values_are_checked_before_any_work(tmp_path: Path) -> None:
    for bad in (-1, 2**128, 1.5, True):
        with pytest.raises(ScenarioError, match="--seed"):
            _draws(seed=bad)
    for bad in (0, -3, 2.5):
        with pytest.raises(ScenarioError, match="--draws"):
            _draws(num_draws=bad)
    with pytest.raises(ScenarioError, match=r"outside the bounds \[0, 1\]"):
        _draws(draws=[uniform("russia.leverage", 0.5, 1.5)])
    with pytest.raises(ScenarioError, match="mean is outside the bounds"):
        _draws(draws=[normal("russia.leverage", 2.0, 0.1)])
    with pytest.raises(ScenarioError, match="would fall inside the bounds"):
        _draws(draws=[normal("russia.leverage", 0.5, 1e6)])
    with pytest.raises(ScenarioError, match="outside its bounds"):
        Sweep("kz-russia", grid=[grid_axis("russia.leverage", -1, 1, 3)])
    out = tmp_path / "g.csv"
    with pytest.raises(ScenarioError, match="--workers must be >= 1, got 0"):
        _kz().run(out, workers=0)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with pytest.raises(ScenarioError, match=f"more than the {cores} cores"):
        _kz().run(out, workers=200)
    assert not out.exists() and not list(tmp_path.iterdir())


def test_workers_are_capped_by_the_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    sizes = []

    class Recording(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, max_workers: int, **kw: object) -> None:
            sizes.append(max_workers)
            super().__init__(max_workers, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Recording)
    result = Sweep("kz-russia", grid=[grid_axis("russia.leverage", 0, 1, 3)], chunk_size=2).run(
        workers=200, force=True
    )
    assert len(result.rows) == 3 and sizes == [2]


def test_a_grid_past_the_budget_is_refused_without_allocating() -> None:
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(ScenarioError) as err:
            Sweep("kz-russia", grid=[grid_axis("russia.leverage", 0, 1, 99999999999999999999)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(err.value)
    assert "99,999,999,999,999,999,999 points is past the budget of 10,000,000" in message
    assert "of CSV" in message and "points/s" in message and "--max-points" in message
    assert peak < 50e6
    small = [grid_axis("russia.leverage", 0, 1, 5), grid_axis("russia.escalation", 0, 1, 5)]
    with pytest.raises(ScenarioError, match="25 points is past the budget of 24 points"):
        Sweep("kz-russia", grid=small, max_points=24)
    assert len(Sweep("kz-russia", grid=small, max_points=25).run().rows) == 25


BUDGET_IN_A_LONG_RUN = """
import json, sys
from multivector.errors import ScenarioError
from multivector.explore.sweep import Sweep, grid_axis
from multivector.solver import _compiled

# a process whose numpy twins have taken long enough to load any kernel
for module in ("multivector.solver._bfs_numba", "multivector.solver._lh_numba"):
    _compiled.spent(module, 2 * _compiled.COMPILE_AFTER_SECONDS)
try:
    Sweep("kz-russia", grid=[grid_axis("russia.leverage", 0, 1, 10**11)])
except ScenarioError as err:
    message = str(err)
print(json.dumps({"message": message, "numba": "numba" in sys.modules}))
"""


def test_the_budget_estimate_never_waits_for_a_kernel() -> None:
    """The refusal of a sweep past its budget measures the rate of its first points with
    the numpy twins, even in a process where small calls would now load the compiled
    kernels (which, on an empty numba cache, took 9 s of a 2 s budget for the error)."""
    done = subprocess.run(
        [sys.executable, "-c", BUDGET_IN_A_LONG_RUN],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert "past the budget" in out["message"] and "points/s" in out["message"], out
    assert not out["numba"], out


# ---------------------------------------------------------------------- newlines in labels
NEWLINES = textwrap.dedent(
    """\
    title = "labels with line ends, commas and quotes"
    players = ["Row", "Col"]

    [strategies]
    Row = ["up\\nhigh", "down"]
    Col = ["left", "right,\\"x\\""]

    [parameters]
    a = { default = 1, min = 0, max = 2, unit = "u", source = "test", meaning = "a gain" }
    b = { default = 0.5, min = 0, max = 1, unit = "u", source = "test", meaning = "a cost" }

    [[table]]
    profile = ["up\\nhigh", "left"]
    payoffs = ["a", "b"]

    [[table]]
    profile = ["up\\nhigh", "right,\\"x\\""]
    payoffs = ["0", "1 - b"]

    [[table]]
    profile = ["down", "left"]
    payoffs = ["1 - a/2", "0"]

    [[table]]
    profile = ["down", "right,\\"x\\""]
    payoffs = ["b", "a/2"]
    """
)


def test_labels_with_line_ends_with_workers(tmp_path: Path) -> None:
    model = tmp_path / "nl.toml"
    model.write_text(NEWLINES)
    axes = [grid_axis("a", 0, 2, 12), grid_axis("b", 0, 1, 10)]
    local = Sweep(str(model), grid=axes, chunk_size=7).run()
    out = tmp_path / "nl.csv"
    pooled = Sweep(str(model), grid=axes, chunk_size=7).run(out, workers=2, force=True)
    assert [r[0] for r in pooled.rows] == list(range(120))
    assert pooled.rows == local.rows
    assert any("up\nhigh" in r[-1] for r in local.rows)
    import csv

    with open(out, newline="", encoding="utf-8") as fh:
        assert len(list(csv.reader(fh))) == 121


# ---------------------------------------------------------------------- rows of a point
def test_rows_do_not_depend_on_chunks_or_executor(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    grid = [
        grid_axis("kazakhstan.autonomy_value", 0, 0.3, 13),
        grid_axis("kazakhstan.exit_gain", 0, 1, 11),
    ]
    expected = Sweep("kz-russia", grid=grid, chunk_size=500).run().rows
    assert Sweep("kz-russia", grid=grid, chunk_size=6).run().rows == expected
    with ThreadPoolExecutor(3) as ex:
        threaded = Sweep("kz-russia", grid=grid, chunk_size=9).run(tmp_path / "t.csv", executor=ex)
    assert threaded.rows == expected
    drawn = _draws(num_draws=2500, chunk_size=2500).run().rows
    assert _draws(num_draws=2500, chunk_size=333).run().rows == drawn
    assert _draws(num_draws=2500, chunk_size=1024).run(workers=2, force=True).rows == drawn
    assert _draws(num_draws=2600, chunk_size=100).run().rows[:2500] == drawn


def test_grid_values_are_those_of_linspace() -> None:
    rng = np.random.default_rng(5)
    cases = [(0.0, 0.3, 200), (0.0, 1.0, 1), (0.25, 0.25, 4), (-3.0, 7.0, 3)]
    cases += [
        (float(a), float(a + b), int(n))
        for a, b, n in zip(
            rng.normal(size=20), rng.uniform(0, 5, 20), rng.integers(2, 500, 20), strict=True
        )
    ]
    for low, high, num in cases:
        axis = grid_axis("x", low, high, num)
        idx = np.arange(num)
        assert np.array_equal(axis.at(idx), np.linspace(low, high, num)), (low, high, num)
        part = rng.integers(0, num, 7)
        assert np.array_equal(axis.at(part), np.linspace(low, high, num)[part])


def test_parent_memory_does_not_grow_with_points(tmp_path: Path) -> None:
    """The parent keeps no rows: the peak of traced memory of a sweep written to a file
    is the same for 4 and for 16 chunks of one size."""
    import tracemalloc

    def peak(side: int) -> int:
        grid = [
            grid_axis("kazakhstan.autonomy_value", 0, 0.3, side),
            grid_axis("kazakhstan.bandwagon_premium", 0, 1, 100),
        ]
        sweep = Sweep("great-powers", grid=grid, chunk_size=2000)
        tracemalloc.start()
        try:
            result = sweep.run(tmp_path / f"m{side}.csv")
            top = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert len(result) == side * 100
        return top

    small, large = peak(80), peak(320)
    assert large < 1.3 * small, (small, large)


def test_the_compiled_and_numpy_kernels_give_the_same_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from multivector.explore import sweep as sweep_module

    grid = [
        grid_axis("kazakhstan.autonomy_value", 0, 0.3, 40),
        grid_axis("kazakhstan.bandwagon_premium", 0, 1, 40),
    ]
    numpy_rows = Sweep("great-powers", grid=grid).run().rows
    monkeypatch.setattr(sweep_module, "COMPILED_FROM", 1)
    assert Sweep("great-powers", grid=grid)._spec().compiled
    assert Sweep("great-powers", grid=grid).run().rows == numpy_rows
    assert len({r[-1] for r in numpy_rows}) == 3  # the grid crosses both boundaries


def _dies_on_chunk_2(task: Any) -> Any:
    if task.chunk_id == 2:
        os._exit(1)  # a worker killed mid-chunk (the OOM killer, a kill -9)
    return _RUN_CHUNK(task)


def test_a_killed_worker_is_one_error_and_the_rest_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from multivector.explore import sweep as sweep_module

    full = tmp_path / "full.csv"
    _kz().run(full)
    out = tmp_path / "g.csv"
    monkeypatch.setattr(sweep_module, "_run_chunk", _dies_on_chunk_2)
    with pytest.raises(ScenarioError, match="worker process ended without finishing"):
        _kz().run(out, workers=2, force=True, max_in_flight=1)
    monkeypatch.undo()
    resumed = _kz().run(out, resume=True)
    assert resumed.complete and out.read_bytes() == full.read_bytes()


def _fails_on_chunk_2(task: Any) -> Any:
    if task.chunk_id == 2:
        raise ValueError("chunk 2 refused")
    return _RUN_CHUNK(task)


def _children_after(seconds: float) -> list[Any]:
    """This process's child processes once they have had ``seconds`` to exit."""
    import multiprocessing
    import time

    deadline = time.monotonic() + seconds
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    return multiprocessing.active_children()


def test_the_pool_a_run_starts_does_not_outlive_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its workers exit on their own once the chunks are in (the file is put together
    meanwhile), and are gone before a worker's error reaches the caller."""
    import multiprocessing

    from multivector.explore import sweep as sweep_module

    assert _children_after(30) == []
    result = _kz().run(tmp_path / "g.csv", workers=2, force=True)
    assert result.complete
    assert _children_after(30) == []
    monkeypatch.setattr(sweep_module, "_run_chunk", _fails_on_chunk_2)
    with pytest.raises(ValueError, match="chunk 2 refused"):
        _kz().run(tmp_path / "h.csv", workers=2, force=True)
    assert multiprocessing.active_children() == []  # no wait: gone already


def test_workers_that_do_not_see_the_files_send_the_rows_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cluster whose workers are on other machines: they return each chunk's bytes and
    the parent writes the chunk files; the file is the same."""
    from concurrent.futures import ThreadPoolExecutor

    from multivector.explore import sweep as sweep_module

    _kz().run(tmp_path / "local.csv")
    monkeypatch.setattr(sweep_module, "_shares_files", lambda executor, client: False)
    with ThreadPoolExecutor(2) as ex:
        remote = _kz().run(tmp_path / "remote.csv", executor=ex)
    assert remote.complete
    assert (tmp_path / "remote.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()


def test_dask_workers_on_this_machine_share_the_files() -> None:
    from multivector.explore.sweep import _shares_files

    class Client:
        def __init__(self, *addresses: str) -> None:
            self.addresses = addresses

        def scheduler_info(self) -> dict[str, dict[str, object]]:
            return {"workers": {a: {} for a in self.addresses}}

    assert _shares_files(None, None)
    assert _shares_files(None, Client("tcp://127.0.0.1:40001", "inproc://10.0.0.5/1/2"))
    assert not _shares_files(None, Client("tcp://127.0.0.1:40001", "tcp://10.9.8.7:40002"))


# ---------------------------------------------------------------------- sequential scenarios
def _coercion(**kw: object) -> Sweep:
    args: dict[str, object] = {
        "grid": [grid_axis("russia.prior_resolute", 0.0, 1.0, 11)],
        "chunk_size": 3,
    }
    args.update(kw)
    return Sweep("coercion", **args)  # type: ignore[arg-type]


def test_a_sequential_scenario_sweeps_by_its_own_method(tmp_path: Path) -> None:
    """Each row is the scenario's own batched backward pass at that point, whatever the
    chunks, the workers, or an interruption and --resume; another --method is refused."""
    from multivector.games.models import load_model

    model = load_model("coercion")
    sweep = _coercion(chunk_size=100)
    whole = sweep.run()
    assert whole.method == "tree" and whole.complete and len(whole.rows) == 11
    values = {k: np.full(11, v) for k, v in sweep.base.items()}
    values["russia.prior_resolute"] = np.linspace(0.0, 1.0, 11)
    expected = model.equilibria_batch(values)  # type: ignore[attr-defined]
    for row, eqs in zip(whole.rows, expected, strict=True):
        assert row[2] == len(eqs) and row[3] == ";".join("/".join(e) for e in eqs)
    assert _coercion().run(workers=2, force=True).rows == whole.rows
    out = tmp_path / "c.csv"
    part = _coercion().run(out, max_chunks=2)
    assert not part.complete and len(part.rows) == 6
    assert _coercion().run(out, resume=True).rows == whole.rows
    with pytest.raises(ScenarioError, match=r"sequential scenario.*leave --method at auto"):
        _coercion(method="pure")
