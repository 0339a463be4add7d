"""First use of the compiled kernels: many processes at once, and an interrupted compile.

Two checks, each in fresh processes whose numba cache directory (``NUMBA_CACHE_DIR``) is
a new, empty temporary directory, so that numba really compiles:

``concurrent``
    ``--processes`` processes (default 16) start the float vertex enumeration of the same
    random 11x11 game at once (22 strategies: the compiled reverse search of
    :mod:`multivector.solver._reverse_numba`). Every process must finish with the kernel
    compiled or loaded and the same equilibria as the numpy walk.
``interrupt``
    One process sends itself SIGINT while numba compiles the walk (from a hook in numba's
    code generation: ``--point finalize`` as the kernel's machine code is being built,
    ``--point object`` inside the callback that hands the machine code back, where the
    interrupt is swallowed and numba is left without the compiled object), then calls
    again in the same process. The second call must return the numpy walk's equilibria.

Every process runs under a time limit (``--timeout`` seconds). Prints one line per check
and exits with status 0 when every check passed, 1 otherwise.

    python benchmarks/numba_first_use.py concurrent --processes 16
    python benchmarks/numba_first_use.py interrupt --point object
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# The game, its solution and a summary printed as one JSON line.
_SOLVE = """
import json, numpy as np
from multivector import NormalFormGame, solve
from multivector.solver._compiled import compiled_kernel

def run():
    rng = np.random.default_rng(20260611)
    game = NormalFormGame.from_bimatrix(rng.random((11, 11)), rng.random((11, 11)))
    sol = solve(game, "vertex")
    kernel = compiled_kernel("multivector.solver._reverse_numba", "reverse_search")
    return {
        "equilibria": sorted([round(float(p), 9) for x in e.profile for p in x] for e in sol),
        "compiled": bool(kernel is not None and kernel.signatures),
    }
"""

_CONCURRENT = (
    _SOLVE
    + """
print(json.dumps(run()))
"""
)

_INTERRUPT = (
    _SOLVE
    + """
import os, signal, sys, time
from numba.core import codegen

point = sys.argv[1]
fired = []
# Ctrl-C as in a terminal: a process started in the background by a non-interactive shell
# inherits SIGINT ignored, and Python then installs no KeyboardInterrupt handler
signal.signal(signal.SIGINT, signal.default_int_handler)
if not (
    hasattr(codegen, "JITCodeLibrary")
    and hasattr(codegen.JITCodeLibrary, "_finalize_specific")
    and hasattr(codegen.CPUCodeLibrary, "_object_compiled_hook")
):
    print(json.dumps({"skipped": "this numba has no hooks to send the signal from"}))
    sys.exit(0)

def interrupt():
    fired.append(True)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(30)  # the KeyboardInterrupt is raised here, or swallowed in a callback

if point == "finalize":
    original = codegen.JITCodeLibrary._finalize_specific

    def hooked(self):
        if not fired and "reverse_search" in self.name:
            interrupt()
        return original(self)

    codegen.JITCodeLibrary._finalize_specific = hooked
else:
    original_hook = codegen.CPUCodeLibrary._object_compiled_hook.__func__

    def hooked_object(cls, ll_module, buf):
        if not fired and "reverse_search" in str(ll_module.name):
            interrupt()
        return original_hook(cls, ll_module, buf)

    codegen.CPUCodeLibrary._object_compiled_hook = classmethod(hooked_object)

first = "returned"
try:
    run()
except KeyboardInterrupt:
    first = "KeyboardInterrupt"
except Exception as err:
    first = type(err).__name__ + ": " + str(err)[:200]
out = run()
out["first"] = first
out["fired"] = bool(fired)
print(json.dumps(out))
"""
)


def _env(cache: str, *, numba: bool = True) -> dict[str, str]:
    env = dict(os.environ)
    env["NUMBA_CACHE_DIR"] = cache
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.pop("MULTIVECTOR_DISABLE_NUMBA", None)
    if not numba:
        env["MULTIVECTOR_DISABLE_NUMBA"] = "1"
    return env


def _reference(cache: str, timeout: float) -> list[list[float]]:
    """The equilibria by the numpy walk, in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-c", _CONCURRENT],
        env=_env(cache, numba=False),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    found: list[list[float]] = json.loads(done.stdout)["equilibria"]
    return found


def concurrent(processes: int, timeout: float) -> dict[str, Any]:
    """Start ``processes`` first uses at once on one empty cache; a summary."""
    with tempfile.TemporaryDirectory() as cache:
        reference = _reference(cache, timeout)
        start = time.perf_counter()
        children = [
            subprocess.Popen(
                [sys.executable, "-c", _CONCURRENT],
                env=_env(cache),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(processes)
        ]
        results = []
        deadline = start + timeout
        for child in children:
            try:
                out, err = child.communicate(timeout=max(1.0, deadline - time.perf_counter()))
            except subprocess.TimeoutExpired:
                child.kill()
                out, err = child.communicate()
                results.append({"ok": False, "why": "time limit"})
                continue
            if child.returncode != 0:
                results.append({"ok": False, "why": err.strip().splitlines()[-1:]})
                continue
            data = json.loads(out)
            same = data["equilibria"] == reference
            results.append({"ok": same and data["compiled"], "compiled": data["compiled"]})
        elapsed = time.perf_counter() - start
    passed = sum(r["ok"] for r in results)
    return {
        "check": "concurrent",
        "processes": processes,
        "passed": passed,
        "failures": [r for r in results if not r["ok"]],
        "seconds": round(elapsed, 1),
        "ok": passed == processes,
    }


def interrupted(point: str, timeout: float) -> dict[str, Any]:
    """One process interrupted in its first compile, then calling again; a summary."""
    with tempfile.TemporaryDirectory() as cache:
        reference = _reference(cache, timeout)
        try:
            done = subprocess.run(
                [sys.executable, "-c", _INTERRUPT, point],
                env=_env(cache),
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return {"check": "interrupt", "point": point, "ok": False, "why": "time limit"}
    if done.returncode != 0:
        why = done.stderr.strip().splitlines()[-1:]
        return {"check": "interrupt", "point": point, "ok": False, "why": why}
    data = json.loads(done.stdout)
    if "skipped" in data:
        return {"check": "interrupt", "point": point, "ok": True, "skipped": data["skipped"]}
    return {
        "check": "interrupt",
        "point": point,
        "signal_sent": data["fired"],
        "first_call": data["first"],
        "second_call_compiled": data["compiled"],
        "ok": data["fired"]
        and data["first"] != "returned"
        and data["compiled"]
        and data["equilibria"] == reference,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("check", choices=["concurrent", "interrupt"])
    parser.add_argument("--processes", type=int, default=16)
    parser.add_argument("--point", choices=["finalize", "object"], default="object")
    parser.add_argument("--timeout", type=float, default=900.0)
    args = parser.parse_args(argv)
    if args.check == "concurrent":
        result = concurrent(args.processes, args.timeout)
    else:
        result = interrupted(args.point, args.timeout)
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
