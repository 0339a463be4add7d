"""Compiled kernels: an interrupted first compile, and many processes starting at once.

Each check runs benchmarks/numba_first_use.py, whose processes use a new, empty numba
cache directory and run under a time limit.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from multivector.solver import _compiled
from multivector.solver._compiled import Kernel, compiled_kernel

numba = pytest.importorskip("numba")


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


# ---------------------------------------------------------------------- small calls, long runs
RENT = """
import json, sys
import numpy as np
from multivector import NormalFormGame, solve
from multivector.solver import _compiled

_compiled.LOAD_AFTER_SECONDS = 0.05
_compiled.COMPILE_AFTER_SECONDS = 0.1  # (the cache may not hold the kernels yet)
module, function, method, n = {args!r}
rng = np.random.default_rng(7)
games = [NormalFormGame.from_bimatrix(rng.random((n, n)), rng.random((n, n))) for _ in range(5)]
before = [solve(g, method=method) for g in games]
out = {{"numpy_first": module not in sys.modules}}
out["counted"] = _compiled._NUMPY_SECONDS.get(module, 0.0)
calls = 0
while module not in sys.modules and calls < 20_000:
    solve(games[calls % 5], method=method)
    calls += 1
after = [solve(g, method=method) for g in games]
out["calls"] = calls
out["compiled"] = module in sys.modules and bool(getattr(sys.modules[module], function).signatures)
out["same"] = all(
    np.array_equal(x, y)
    for a, b in zip(before, after)
    for ea, eb in zip(a, b, strict=True)
    for x, y in zip(ea.profile, eb.profile, strict=True)
) and [len(s) for s in before] == [len(s) for s in after]
print(json.dumps(out))
"""


@pytest.mark.parametrize(
    ("module", "function", "method", "n"),
    [
        ("multivector.solver._lh_numba", "equilibrium_from_artificial", "lemke-howson", 10),
        ("multivector.solver._bfs_numba", "bfs_vertices", "vertex", 6),
    ],
)
def test_small_calls_load_the_kernels_once_numpy_has_taken_the_budget(
    module: str, function: str, method: str, n: int
) -> None:
    """In a new process, small games take the numpy twin and count its time; once it has
    taken ``LOAD_AFTER_SECONDS`` or ``COMPILE_AFTER_SECONDS`` (lowered to 0.05 s and 0.1 s
    here), the next small call loads the kernels, and the same games give the same
    floats, bit for bit, as before."""
    code = RENT.format(args=(module, function, method, n))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["numpy_first"] and out["counted"] > 0, out
    # each numpy call counts at least its own time: 0.05 s takes a bounded number of calls
    assert 0 < out["calls"] < 20_000, out
    assert out["compiled"] and out["same"], out


def test_numpy_time_is_counted_per_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_compiled, "_NUMPY_SECONDS", {})
    monkeypatch.setattr(_compiled, "_ON_DISK", {})
    monkeypatch.setattr(_compiled, "LOAD_AFTER_SECONDS", 1.0)
    monkeypatch.setattr(_compiled, "compiled_on_disk", lambda module: True)
    _compiled.spent("a", 0.6)
    _compiled.spent("b", 0.6)
    assert not _compiled.worth_loading("a") and not _compiled.worth_loading("b")
    _compiled.spent("a", 0.4)
    assert _compiled.worth_loading("a") and not _compiled.worth_loading("b")


def test_the_rent_is_the_price_of_a_compile_when_the_cache_is_cold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without the kernels on disk, loading them means compiling (8-10 s): small calls
    keep numpy until they have taken that long, and look at the disk again meanwhile."""
    monkeypatch.setattr(_compiled, "_NUMPY_SECONDS", {})
    monkeypatch.setattr(_compiled, "_ON_DISK", {})
    on_disk = {"a": False}
    looks: list[str] = []

    def look(module: str) -> bool:
        looks.append(module)
        return on_disk[module]

    monkeypatch.setattr(_compiled, "compiled_on_disk", look)
    _compiled.spent("a", _compiled.LOAD_AFTER_SECONDS)
    assert not _compiled.worth_loading("a") and looks == ["a"]
    assert not _compiled.worth_loading("a") and looks == ["a"]  # not looked at again yet
    _compiled.spent("a", 1.0)
    on_disk["a"] = True  # (another process compiled them meanwhile)
    assert _compiled.worth_loading("a") and looks == ["a", "a"]
    monkeypatch.setattr(_compiled, "_ON_DISK", {})
    on_disk["a"] = False
    _compiled.spent("a", _compiled.COMPILE_AFTER_SECONDS)
    assert _compiled.worth_loading("a")
    with _compiled.numpy_twins_only():
        with _compiled.numpy_twins_only():
            assert not _compiled.worth_loading("a")
        assert not _compiled.worth_loading("a")
    with pytest.raises(RuntimeError), _compiled.numpy_twins_only():
        raise RuntimeError
    assert _compiled.worth_loading("a")


TINY = """
from numba import njit


@njit(cache=True)
def twice(x):
    return 2 * x
"""


@pytest.mark.parametrize("where", ["NUMBA_CACHE_DIR", "__pycache__", "user cache"])
def test_compiled_on_disk_finds_what_numba_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The folder and file names numba uses, checked against numba itself: a kernel
    module is not on disk until a process has compiled it, then it is."""
    if where == "user cache" and sys.platform != "linux":
        pytest.skip("the user's cache folder is set here through XDG_CACHE_HOME (Linux)")
    if where == "user cache" and not hasattr(numba.config, "CACHE_LOCATOR_CLASSES"):
        pytest.skip(f"numba {numba.__version__} has no NUMBA_CACHE_LOCATOR_CLASSES")
    package = tmp_path / "code"
    package.mkdir()
    (package / "tiny_kernels_numba.py").write_text(TINY)
    env = {**os.environ, "PYTHONPATH": os.fspath(package)}
    env.pop("NUMBA_CACHE_DIR", None)
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    if where == "NUMBA_CACHE_DIR":
        env["NUMBA_CACHE_DIR"] = os.fspath(tmp_path / "cache")
        monkeypatch.setenv("NUMBA_CACHE_DIR", env["NUMBA_CACHE_DIR"])
    if where == "user cache":
        # numba takes the user's folder when the module's own is not writable; a test
        # run as root can write anywhere, so numba is told to skip the module's folder
        env["NUMBA_CACHE_LOCATOR_CLASSES"] = "UserWideCacheLocator"
        env["XDG_CACHE_HOME"] = os.fspath(tmp_path / "home-cache")
        monkeypatch.setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])
        real_access = os.access
        monkeypatch.setattr(
            _compiled.os,
            "access",
            lambda path, mode: (
                False if Path(path).is_relative_to(package) else real_access(path, mode)
            ),
        )
    monkeypatch.syspath_prepend(os.fspath(package))
    assert not _compiled.compiled_on_disk("tiny_kernels_numba")
    done = subprocess.run(
        [sys.executable, "-c", "import tiny_kernels_numba as t; print(t.twice(21))"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.stdout.strip() == "42", done.stderr
    in_tree = list(package.glob("__pycache__/tiny_kernels_numba.*.nbi"))
    assert bool(in_tree) == (where == "__pycache__"), in_tree
    if where == "user cache":
        assert list((tmp_path / "home-cache" / "numba").glob("*/tiny_kernels_numba.*.nbi"))
    assert _compiled.compiled_on_disk("tiny_kernels_numba")
    assert not _compiled.compiled_on_disk("multivector.solver._no_such_kernel")
