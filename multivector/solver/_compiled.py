"""Optional compiled kernels: found once per process, skipped without numba.

numba is an optional dependency (the ``fast`` extra). Each kernel module imports it at
the top, so importing such a module fails cleanly without numba and the caller uses its
numpy path. Setting the environment variable ``MULTIVECTOR_DISABLE_NUMBA`` to a non-empty
value forces the numpy paths (tests use it to check that both give the same answers).

An interrupted first compile
----------------------------
numba compiles a kernel on its first call. When that call is interrupted (Ctrl-C in a
notebook, a signal, an error while compiling or writing the disk cache), numba can keep
a half-built library in the kernel's dispatcher, and every later call in the process
then fails (``RuntimeError: no compiled object yet ...``). So the kernels are handed out
wrapped (:class:`Kernel`): until a kernel has returned once, a call that does not return
marks the compiled modules stale, and the next call imports every loaded kernel module
afresh (:func:`importlib.reload`, the shared pivoting module first), which gives new
dispatchers that compile again or load numba's disk cache (written by atomic renames, so
an interrupted write leaves no partial file). After a kernel's first return, calls go
straight to numba's dispatcher, with one attribute test in between.

Small calls in a long run
-------------------------
Games too small to repay loading a kernel take its numpy twin while the kernel is not
loaded (the callers' rules), so that a first call never waits for numba. A process that
solves many small games would then never leave numpy: a loop of Lemke-Howson calls on
10x10 games took 250 us a call in numpy against 14 us compiled. So the numpy twins count
the time they take (:func:`spent`), and once a kernel module's twin has taken as long as
loading the module would, small calls load it too (:func:`worth_loading`). This is the
rule of renting skis until the rent paid equals the price of buying them: a run never
pays more than twice what the better of the two choices would have cost had its length
been known. The price depends on numba's disk cache. Loading a module's kernels from it
took 0.5-0.7 s on two-core machines, numba's import (0.2-0.3 s) included: the rent is
then :data:`LOAD_AFTER_SECONDS`. Compiling them, the first time in an environment, took
8-10 s: without the module in the cache (:func:`compiled_on_disk`), the rent is
:data:`COMPILE_AFTER_SECONDS`. A short piece of work that must not wait for a kernel (an
error's estimate of a run's time) runs in :func:`numpy_twins_only`.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import importlib
import importlib.util
import os
import sys
from collections.abc import Iterator
from typing import Any

__all__ = [
    "COMPILE_AFTER_SECONDS",
    "LOAD_AFTER_SECONDS",
    "Kernel",
    "compiled_kernel",
    "compiled_on_disk",
    "imported_kernel",
    "numpy_twins_only",
    "spent",
    "worth_loading",
]

#: Seconds a kernel module's numpy twin may take in one process before small calls load
#: the module too, when numba's disk cache holds its kernels (see the module notes).
LOAD_AFTER_SECONDS = 1.0
#: The same when the cache does not, and loading the module means compiling it.
COMPILE_AFTER_SECONDS = 10.0

# Depth of numpy_twins_only blocks: while above zero, no kernel is loaded for small calls.
_NUMPY_ONLY: list[bool] = []
# Per kernel module: whether its kernels were found on disk, and the rent at that look.
_ON_DISK: dict[str, tuple[bool, float]] = {}

_NUMPY_SECONDS: dict[str, float] = {}

#: Kernel modules that others import from: reloaded first, so that the modules reloaded
#: after them bind the fresh dispatchers.
_SHARED = ("multivector.solver._pivot_numba",)

_CACHE: dict[tuple[str, str | None], Any] = {}


class _State:
    """Bumped each time the kernel modules are reloaded; stale when a first call failed."""

    generation = 0
    stale = False


def _reload_kernel_modules() -> None:
    """Import every loaded kernel module afresh, the shared ones first."""
    loaded = sorted(
        name
        for name in sys.modules
        if name.startswith("multivector.solver.") and name.endswith("_numba")
    )
    for name in (*[m for m in _SHARED if m in loaded], *[m for m in loaded if m not in _SHARED]):
        importlib.reload(sys.modules[name])
    _State.generation += 1
    _State.stale = False


class Kernel:
    """A compiled function of a kernel module that survives an interrupted first compile.

    Calls, attributes (``signatures``, ``__name__``) and identity stand for the numba
    dispatcher ``module.name``, looked up again after the modules were reloaded.
    """

    __slots__ = ("_function", "_generation", "_module", "_name", "_ready")

    def __init__(self, module: str, name: str) -> None:
        self._module = module
        self._name = name
        self._generation = -1
        self._ready = False
        self._function: Any = None

    def _current(self) -> Any:
        """The dispatcher, after reloading the kernel modules when a first call failed."""
        if _State.stale:
            _reload_kernel_modules()
        if self._generation != _State.generation:
            self._function = getattr(importlib.import_module(self._module), self._name)
            self._generation = _State.generation
            self._ready = False
        return self._function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._ready and self._generation == _State.generation:
            return self._function(*args, **kwargs)
        function = self._current()
        try:
            out = function(*args, **kwargs)
        except BaseException:
            # the first call did not return: its compile may have left a half-built
            # library behind; start from fresh modules on the next call
            _State.stale = True
            raise
        self._ready = True
        return out

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._current(), attribute)

    def __repr__(self) -> str:
        return f"Kernel({self._module}.{self._name})"


class _KernelModule:
    """A kernel module whose functions are handed out as :class:`Kernel` objects."""

    def __init__(self, module: str) -> None:
        self._module = module
        self._kernels: dict[str, Kernel] = {}

    def __getattr__(self, name: str) -> Kernel:
        if name.startswith("__"):
            raise AttributeError(name)
        if name not in self._kernels:
            if not hasattr(importlib.import_module(self._module), name):
                raise AttributeError(f"module {self._module!r} has no kernel {name!r}")
            self._kernels[name] = Kernel(self._module, name)
        # kept as an attribute too, so that the next look-up does not come here
        setattr(self, name, self._kernels[name])
        return self._kernels[name]


def compiled_kernel(module: str, name: str | None = None) -> Any:
    """The function ``name`` of the kernel module ``module`` (the module itself when
    ``name`` is None, whose functions are then reached as attributes), or None without
    numba. Functions are :class:`Kernel` objects, safe to call after an interrupted
    compile."""
    key = (module, name)
    if key not in _CACHE:
        if os.environ.get("MULTIVECTOR_DISABLE_NUMBA"):
            _CACHE[key] = None
        else:
            try:
                importlib.import_module(module)
            except ImportError:
                _CACHE[key] = None
            else:
                _CACHE[key] = _KernelModule(module) if name is None else Kernel(module, name)
    return _CACHE[key]


def imported_kernel(module: str, name: str | None = None) -> Any:
    """:func:`compiled_kernel` when the kernel module is imported in this process already,
    else None without importing it.

    Importing a kernel module imports numba, which costs more CPU than solving a small
    game; callers ask for a kernel with this function when the game at hand is too small to
    repay that, so that the kernel runs only once something larger has loaded it.

    Examples
    --------
    >>> imported_kernel("multivector.solver._no_such_kernel") is None
    True
    """
    if module not in sys.modules:
        return None
    return compiled_kernel(module, name)


def spent(module: str, seconds: float) -> None:
    """Count ``seconds`` of work done by the numpy twin of the kernel module ``module``."""
    _NUMPY_SECONDS[module] = _NUMPY_SECONDS.get(module, 0.0) + seconds


def worth_loading(module: str) -> bool:
    """Whether the numpy twin of ``module`` has taken as long in this process as loading
    the module would, so that small calls should load it (see the module notes):
    :data:`LOAD_AFTER_SECONDS` when numba's disk cache holds its kernels
    (:func:`compiled_on_disk`), :data:`COMPILE_AFTER_SECONDS` when it does not; never in a
    :func:`numpy_twins_only` block.

    Examples
    --------
    >>> worth_loading("multivector.solver._no_such_kernel")
    False
    """
    rent = _NUMPY_SECONDS.get(module, 0.0)
    if rent < LOAD_AFTER_SECONDS or _NUMPY_ONLY:
        return False
    if rent >= COMPILE_AFTER_SECONDS:
        return True
    # between the two prices: whether the kernels would load or compile. A look at the
    # disk costs tens of microseconds, so a "no" is looked at again after a second more
    found, looked_at = _ON_DISK.get(module, (False, -1.0))
    if not found and rent - looked_at >= 1.0:
        found = compiled_on_disk(module)
        _ON_DISK[module] = (found, rent)
    return found


@contextlib.contextmanager
def numpy_twins_only() -> Iterator[None]:
    """Within the block, small calls keep the numpy twins whatever they have cost: for a
    short piece of work that must not wait for a kernel to load or compile.

    Examples
    --------
    >>> spent("multivector.solver._example_kernel", COMPILE_AFTER_SECONDS)
    >>> with numpy_twins_only():
    ...     worth_loading("multivector.solver._example_kernel")
    False
    >>> worth_loading("multivector.solver._example_kernel")
    True
    """
    _NUMPY_ONLY.append(True)
    try:
        yield
    finally:
        _NUMPY_ONLY.pop()


def compiled_on_disk(module: str) -> bool:
    """Whether numba's disk cache seems to hold compiled kernels of the kernel module
    ``module``, found without importing numba (or the module).

    True when the folder numba would cache the module's functions in holds an index
    (``.nbi``) of one of them for this Python: ``NUMBA_CACHE_DIR``'s folder for the
    module's folder when that variable is set, else the module's ``__pycache__`` or,
    when that is not writable, the user's cache folder. A guess: an index left by an
    older version of the module means a compile all the same, and numba's settings file
    (``.numba_config.yaml``) is not read. A wrong guess costs a kernel's load at the other
    price (:data:`LOAD_AFTER_SECONDS`, :data:`COMPILE_AFTER_SECONDS`), no wrong result.

    Examples
    --------
    >>> compiled_on_disk("multivector.solver._no_such_kernel")
    False
    """
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return False
    if spec is None or not spec.origin or not os.path.isfile(spec.origin):
        return False
    source = os.path.abspath(spec.origin)
    folder = os.path.dirname(source)
    stem = os.path.splitext(os.path.basename(source))[0]
    pattern = f"{glob.escape(stem)}.*.py{sys.version_info[0]}{sys.version_info[1]}*.nbi"
    return any(
        glob.glob(os.path.join(glob.escape(where), pattern)) for where in _cache_folders(folder)
    )


def _cache_folders(folder: str) -> list[str]:
    """Where numba's cache locators would keep the compiled functions of a module in
    ``folder``, in numba's order of preference (``numba/core/caching.py``)."""
    # numba's subfolder for a module's folder in a cache folder: its name and a SHA-1
    sub = os.path.basename(folder) + "_" + hashlib.sha1(folder.encode()).hexdigest()
    chosen = os.environ.get("NUMBA_CACHE_DIR")
    if chosen:
        return [os.path.join(chosen, sub)]
    in_tree = os.path.join(folder, "__pycache__")
    if os.access(in_tree if os.path.isdir(in_tree) else folder, os.W_OK):
        return [in_tree]
    # the user's cache folder, as numba asks appdirs for it (appname "numba")
    if sys.platform == "darwin":
        user = os.path.join(os.path.expanduser("~/Library/Caches"), "numba")
    elif sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", os.path.expanduser("~"))
        user = os.path.join(local, "numba", "Cache")
    else:
        user = os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "numba"
        )
    return [os.path.join(user, sub)]
