"""Optional compiled kernels: found once per process, skipped without numba.

numba is an optional dependency (the ``fast`` extra). Each kernel module imports it at
the top, so importing such a module fails cleanly without numba and the caller uses its
numpy path. Setting the environment variable ``MULTIVECTOR_DISABLE_NUMBA`` to a non-empty
value forces the numpy paths (tests use it to check that both give the same answers).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

__all__ = ["compiled_kernel", "imported_kernel"]

_CACHE: dict[tuple[str, str | None], Any] = {}


def compiled_kernel(module: str, name: str | None = None) -> Any:
    """The function ``name`` of the kernel module ``module`` (the module itself when
    ``name`` is None), or None without numba."""
    key = (module, name)
    if key not in _CACHE:
        if os.environ.get("MULTIVECTOR_DISABLE_NUMBA"):
            _CACHE[key] = None
        else:
            try:
                found = importlib.import_module(module)
            except ImportError:
                _CACHE[key] = None
            else:
                _CACHE[key] = found if name is None else getattr(found, name)
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
