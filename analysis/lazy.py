"""Subpackages name their public functions in ``__all__`` without importing them until first use.

``from analysis.explore.slices import Slice`` must not pull in scikit-learn through a sibling module:
the dashboard's cold start and the store's reopen time depend on importing only what is used.  So each
``__init__`` maps its public names to the module that defines them (PEP 562's module ``__getattr__``).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module


def exports(package: str, names: dict[str, str]) -> tuple[Callable[[str], object], list[str]]:
    """``(__getattr__, __all__)`` for ``package``: each of ``names`` (name → module) is imported from
    ``package.module`` when first asked for."""

    def __getattr__(name: str) -> object:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{names[name]}"), name)

    return __getattr__, sorted(names)
