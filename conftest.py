"""Doctest collection: modules of compiled kernels need numba (the ``fast`` extra)."""

import importlib.util

collect_ignore = []
if importlib.util.find_spec("numba") is None:
    collect_ignore += [
        "multivector/solver/_bfs_numba.py",
        "multivector/solver/_pure_numba.py",
        "multivector/solver/_lh_numba.py",
    ]


def pytest_runtest_makereport(item, call):
    """Report a doctest that stops on a missing optional dependency as skipped, not failed.

    The examples of interop functions (pygambit, QuantEcon) run where those libraries are
    installed; elsewhere they end in the library's own ``MissingDependencyError``, whose
    message names the extra to install, or in the ``ModuleNotFoundError`` of an example's
    own ``import pygambit``. Any other failure, including a missing multivector module, is
    still a failure.
    """
    import doctest

    import pytest

    if call.excinfo is None or not isinstance(item, pytest.DoctestItem):
        return None
    failure = call.excinfo.value
    if not isinstance(failure, doctest.UnexpectedException):
        return None
    from multivector.errors import MissingDependencyError

    exc = failure.exc_info[1]
    missing_peer = isinstance(exc, ModuleNotFoundError) and not (exc.name or "").startswith(
        "multivector"
    )
    if not (isinstance(exc, MissingDependencyError) or missing_peer):
        return None
    try:
        pytest.skip(str(exc))
    except pytest.skip.Exception:
        call.excinfo = pytest.ExceptionInfo.from_current()
    return None
