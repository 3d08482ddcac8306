"""labkit: helpers for the customer information management (客户信息管理) lab kit.

Importing labkit has no side effects: plotting styles and fonts change only
when you call :func:`labkit.setup_plots`.

>>> import labkit
>>> world = labkit.load_world()          # doctest: +SKIP
>>> world.customers.head()               # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from labkit.world import LOCALES, World, current_world, load_world, make_world

__all__ = [
    "LOCALES",
    "World",
    "check",
    "current_world",
    "load_world",
    "make_world",
    "setup_plots",
    "summary",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Lazy: the checks and plotting modules pull in IPython / matplotlib.
    if name in ("check", "summary"):
        from labkit import answers as checks

        return getattr(checks, name)
    if name == "setup_plots":
        from .plotting import setup_plots

        return setup_plots
    raise AttributeError(f"module 'labkit' has no attribute {name!r}")
