"""labkit: helpers for the customer information management (客户信息管理) lab kit.

The front door of the kit. From here:

- the world: :func:`load_world` (the course world a notebook works on),
  :func:`make_world` (a world of any seed, size and locale), :class:`World`,
  :data:`LOCALES`;
- answer checking: :func:`check` and :func:`summary` (and :func:`submit`, which records
  an answer for the instructor's grader without a verdict); :func:`use_world` to
  choose the world answers are checked against, :func:`current_world` to see it
  (by default, the world loaded when the first answer was checked);
- :func:`setup_plots` for the course's plot style.

Importing labkit has no side effects: plotting styles and fonts change only
when you call :func:`labkit.setup_plots`.

>>> import labkit
>>> world = labkit.load_world()          # doctest: +SKIP
>>> world.customers.head()               # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from labkit.i18n import _, use_language
from labkit.world import LOCALES, World, load_world, make_world

__all__ = [
    "LOCALES",
    "World",
    "check",
    "current_world",
    "load_world",
    "make_world",
    "setup_plots",
    "submit",
    "summary",
    "use_language",
    "use_world",
]
__version__ = "0.1.0"

# Lazy: answer checking pulls in the question registry, and plotting matplotlib.
_ANSWER_NAMES = ("check", "submit", "summary", "use_world", "current_world")


def __getattr__(name: str) -> Any:
    if name in _ANSWER_NAMES:
        from labkit import answers

        return getattr(answers, name)
    if name == "setup_plots":
        from labkit.plotting import setup_plots

        return setup_plots
    raise AttributeError(_("module 'labkit' has no attribute {name!r}").format(name=name))


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
