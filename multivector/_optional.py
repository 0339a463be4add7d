"""Optional dependencies, imported when a feature needs them, with one clear message."""

from __future__ import annotations

from typing import Any

__all__ = ["require_pandas"]


def require_pandas(feature: str) -> Any:
    """The ``pandas`` module, or an ImportError that names ``feature`` and the fix.

    pandas is optional (the ``pandas`` extra): the tables of results become DataFrames
    only when it is installed.

    Examples
    --------
    >>> require_pandas("Solution.to_frame()").DataFrame.__name__
    'DataFrame'
    """
    try:
        import pandas
    except ImportError:
        raise ImportError(
            f"{feature} needs pandas, which is not installed: pip install pandas "
            "(or pip install 'multivector[pandas]')"
        ) from None
    return pandas
