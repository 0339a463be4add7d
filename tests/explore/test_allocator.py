"""Freed memory kept for reuse while a chunk runs, where the environment fixed glibc's
thresholds (as Dask's nanny does): measured in page faults, in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from multivector.explore._allocator import _glibc

REPO = Path(__file__).resolve().parents[2]

CHILD = """
import os
import resource
import numpy as np
from multivector.explore._allocator import reusing_freed_memory

def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt

def work():
    for _ in range(20):
        a = np.ones(2**18)  # 2 MiB
        b = a * 2.0
        del a, b

def measure():
    work()
    before = faults()
    work()
    return faults() - before

def resident():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

outside = measure()
before = resident()
with reusing_freed_memory() as changed:
    inside = measure()
with reusing_freed_memory():
    held = np.ones(3 * 2**20)  # 24 MiB at the top of the heap
del held
print(changed, outside, inside, resident() - before)
"""


#: Chunks one after another, each leaving rows to be freed after its block (as a sweep's
#: chunk returns its rows): the faults of five chunks after a first one.
CHUNKS = """
import resource
import numpy as np
from multivector.explore._allocator import reusing_freed_memory

def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt

def chunk():
    with reusing_freed_memory():
        for _ in range(20):
            a = np.ones(2**18)  # 2 MiB
            b = a * 2.0
            del a, b
        rows = np.ones(2**15)  # 256 KiB
    return rows

chunk()
before = faults()
for _ in range(5):
    chunk()
print(faults() - before)
"""


def _child(code: str, env: dict[str, str]) -> list[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "PYTHONPATH": str(REPO), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()


def _run(env: dict[str, str]) -> tuple[bool, int, int, int]:
    out = _child(CHILD, env)
    return out[0] == "True", int(out[1]), int(out[2]), int(out[3])


needs_glibc = pytest.mark.skipif(_glibc() is None, reason="needs Linux with glibc (mallopt)")


@needs_glibc
@pytest.mark.parametrize(
    "env",
    [
        {"MALLOC_TRIM_THRESHOLD_": "65536"},
        {"MALLOC_TRIM_THRESHOLD_": "65536", "MALLOC_MMAP_THRESHOLD_": str(64 * 2**20)},
        {"MALLOC_MMAP_THRESHOLD_": "131072"},
    ],
    ids=["dask", "dask-and-mmap", "mmap"],
)
def test_fixed_thresholds_are_lifted_for_the_block(env: dict[str, str]) -> None:
    changed, outside, inside, kept = _run(env)
    # 40 arrays of 2 MiB: 512 pages each when every one gets fresh pages
    assert changed and outside > 10_000
    assert inside < outside // 10
    # after the block the environment's trimming holds again, less the 16 MiB top pad:
    # of 24 MiB freed at the heap's top, the process keeps 16
    assert 12 * 2**20 < kept < 20 * 2**20


@needs_glibc
def test_the_heap_is_kept_between_chunks() -> None:
    """The rows freed after a block trimmed the heap to nothing, and every chunk then
    faulted its 4 MiB of temporaries in again (about 1,100 faults each); the top pad the
    first block sets keeps them."""
    (faults,) = _child(CHUNKS, {"MALLOC_TRIM_THRESHOLD_": "65536"})
    assert int(faults) < 5 * 1024 // 10


@needs_glibc
def test_nothing_changes_where_glibc_tunes_itself() -> None:
    """Without the variables the block leaves glibc alone (its own tuning, which this
    workload defeats: each pair of arrays freed at the top of the heap is trimmed)."""
    changed, outside, inside, _ = _run({})
    assert not changed and inside >= outside // 2


def test_values_beyond_a_c_int_are_clamped(monkeypatch: pytest.MonkeyPatch) -> None:
    from multivector.explore._allocator import _settings

    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", str(2**40))
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "-5")
    assert _settings() == (2**31 - 1, 0)
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "not a number")
    assert _settings() == (2**31 - 1, 128 * 1024)
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_")
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_")
    assert _settings() is None
