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

outside = measure()
with reusing_freed_memory() as changed:
    inside = measure()
after = measure()
print(changed, outside, inside, after)
"""


def _run(env: dict[str, str]) -> tuple[bool, int, int, int]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    out = subprocess.run(
        [sys.executable, "-c", CHILD],
        env={**base, "PYTHONPATH": str(REPO), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
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
def test_fixed_thresholds_are_lifted_for_the_block_only(env: dict[str, str]) -> None:
    changed, outside, inside, after = _run(env)
    # 40 arrays of 2 MiB: 512 pages each when every one gets fresh pages
    assert changed and outside > 10_000
    assert inside < outside // 10
    assert after > outside // 2  # the environment's setting holds again after the block


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
