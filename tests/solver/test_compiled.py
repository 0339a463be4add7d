"""Compiled kernels: an interrupted first compile, and many processes starting at once.

Each check runs benchmarks/numba_first_use.py, whose processes use a new, empty numba
cache directory and run under a time limit.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from multivector.solver import _compiled
from multivector.solver._compiled import Kernel, compiled_kernel

pytest.importorskip("numba")


class _Interrupted(BaseException):
    """Stands for KeyboardInterrupt, which pytest would take as the user stopping it."""


SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "numba_first_use.py"


def _check(*args: str, timeout: float) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--timeout", str(timeout)],
        capture_output=True,
        text=True,
        timeout=timeout + 120,
    )
    assert done.stdout.strip(), done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert (done.returncode == 0) == result["ok"]
    return result


@pytest.mark.slow
@pytest.mark.parametrize("point", ["finalize", "object"])
def test_a_call_after_an_interrupted_first_compile_succeeds(point: str) -> None:
    result = _check("interrupt", "--point", point, timeout=600)
    if "skipped" in result:
        pytest.skip(result["skipped"])
    assert result["signal_sent"] and result["first_call"] != "returned"
    assert result["second_call_compiled"] and result["ok"], result


@pytest.mark.slow
def test_sixteen_processes_start_on_an_empty_cache() -> None:
    result = _check("concurrent", "--processes", "16", timeout=850)
    assert result["passed"] == 16 and result["ok"], result


def test_a_failed_first_call_reloads_the_kernel_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    if importlib.util.find_spec("multivector.solver._pure_numba") is None:
        pytest.skip("no kernel module")
    module = importlib.import_module("multivector.solver._pure_numba")
    generation = _compiled._State.generation

    def interrupted(*args: Any) -> Any:
        raise _Interrupted  # as a signal would, in the middle of the first compile

    monkeypatch.setattr(module, "pure_mask", interrupted)
    kernel = Kernel("multivector.solver._pure_numba", "pure_mask")
    with pytest.raises(_Interrupted):
        kernel(np.zeros(1))
    assert _compiled._State.stale
    monkeypatch.undo()
    # a 2x2 coordination game: both players get 1 when they match, 0 otherwise
    flat = np.array([[[1.0, 0.0, 0.0, 1.0], [1.0, 0.0, 0.0, 1.0]]])
    mask = kernel(flat, 1e-9, np.array([2, 2], dtype=np.int64))
    assert not _compiled._State.stale and _compiled._State.generation > generation
    assert mask.reshape(2, 2).tolist() == [[True, False], [False, True]]
    assert compiled_kernel("multivector.solver._pure_numba", "pure_mask") is not None
