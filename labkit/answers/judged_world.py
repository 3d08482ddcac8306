"""Which world ``check()`` judges against: chosen once per session, never switched silently.

The rule:

- :func:`use_world` sets the world explicitly, for the rest of the session.
- Otherwise the first check that needs a world binds the session to the world
  :func:`labkit.world.load_world` returned last (or, when nothing was loaded,
  to ``load_world()`` with the environment's settings), and later checks keep
  judging against it. :func:`labkit.make_world` and :func:`labkit.world.read_world`
  never change it: they make or read a world for a look.
- When ``load_world()`` later returns a different world (another fingerprint),
  checks keep the bound world and say so in their verdict (:func:`switch_note`).
- ``check(question_id, answer, world=w)`` judges against ``w`` for that one call.
- ``reset()`` (of :mod:`labkit.answers`) unbinds (:func:`unbind`).

Examples
--------
>>> import labkit
>>> unbind()
>>> world = labkit.make_world(seed=7, n_customers=200)
>>> use_world(world)
>>> current_world() is world
True
>>> unbind()
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from labkit import settings
from labkit.answers.hints import describe
from labkit.i18n import N_, _
from labkit.world import World, last_loaded, load_world

__all__ = [
    "current_world",
    "switch_note",
    "unbind",
    "use_world",
    "world_fingerprint",
    "world_for_check",
]

#: How the session came to be bound to its world, as the note says it.
_ORIGINS = {
    "loaded": N_("the world you loaded first"),
    "default": N_("the course world loaded at your first check"),
    "chosen": N_("the world you chose with use_world"),
}


@dataclass(frozen=True)
class _Binding:
    """The world checks judge against, how it was chosen, and what was loaded then."""

    world: World
    origin: str
    loaded_then: World | None


_binding: _Binding | None = None


def use_world(world: World) -> None:
    """Check answers against ``world`` from now on, in this session.

    Parameters
    ----------
    world : World
        E.g. the one returned by ``load_world(seed=7)`` or ``make_world(...)``.

    Raises
    ------
    TypeError
        If ``world`` is not a :class:`~labkit.world.World`.

    Examples
    --------
    >>> import labkit
    >>> world = labkit.make_world(seed=8, n_customers=200)
    >>> labkit.use_world(world)
    >>> labkit.current_world().seed
    8
    >>> unbind()
    """
    global _binding
    if not isinstance(world, World):
        raise TypeError(
            _(
                "use_world needs a World, e.g. use_world(load_world(seed=7)); you gave {answer}"
            ).format(answer=describe(world))
        )
    _binding = _Binding(world, "chosen", last_loaded())


def current_world() -> World:
    """The world ``check()`` would judge against now.

    The world set with :func:`use_world` or bound by the first check; else the
    world loaded last; else the course world that ``load_world()`` loads (which
    this loads, without binding the session to it).

    Returns
    -------
    World

    Examples
    --------
    >>> import labkit
    >>> unbind()
    >>> world = labkit.load_world(seed=5, n_customers=200)
    >>> current_world() is world
    True
    """
    if _binding is not None:
        return _binding.world
    loaded = last_loaded()
    return loaded if loaded is not None else load_world()


def world_for_check() -> World:
    """The world a check without an explicit world judges against; binds the session to it.

    Returns
    -------
    World

    Raises
    ------
    Exception
        Whatever ``load_world()`` raises when nothing was loaded and it fails
        (the check reports it; it is not bound then).

    Examples
    --------
    >>> import labkit
    >>> world = labkit.make_world(seed=9, n_customers=200)
    >>> use_world(world)
    >>> world_for_check() is world
    True
    >>> unbind()
    """
    global _binding
    if _binding is None:
        loaded = last_loaded()
        origin = "loaded"
        if loaded is None:
            loaded, origin = load_world(), "default"
        _binding = _Binding(loaded, origin, loaded)
    return _binding.world


def switch_note() -> str:
    """One sentence when a world was loaded since the session was bound to another; else ``""``.

    Returns
    -------
    str
        E.g. "Checked against the world you loaded first (seed 2026, en_US); to check
        against the one you loaded since, call labkit.use_world(world)."

    Examples
    --------
    >>> unbind()
    >>> switch_note()
    ''
    """
    if _binding is None:
        return ""
    latest = last_loaded()
    if latest is None or latest is _binding.loaded_then:
        return ""
    if world_fingerprint(latest) == world_fingerprint(_binding.world):
        return ""
    return _(
        "Checked against {origin} ({world}); to check "
        "against the one you loaded since, call labkit.use_world(world)."
    ).format(origin=_(_ORIGINS[_binding.origin]), world=_label(_binding.world))


def unbind() -> None:
    """Forget the judged world: the next check binds the session again.

    Examples
    --------
    >>> unbind()
    """
    global _binding
    _binding = None


def world_fingerprint(world: Any) -> str:
    """The world's fingerprint, or an id of the object for a stand-in without one.

    Examples
    --------
    >>> import labkit
    >>> world_fingerprint(labkit.make_world(seed=1, n_customers=300))
    '1-300-en_US-20251231'
    """
    value = getattr(world, "fingerprint", None)
    return str(value) if value else f"object-{id(world)}"


def _label(world: Any) -> str:
    """``"seed 2026, en_US"``, with the number of customers when it is not the default."""
    seed, locale = getattr(world, "seed", "?"), getattr(world, "locale", "?")
    customers = getattr(world, "n_customers", settings.DEFAULT_N_CUSTOMERS)
    if customers != settings.DEFAULT_N_CUSTOMERS:
        return _("seed {seed}, {locale}, {customers} customers").format(
            seed=seed, locale=locale, customers=f"{customers:,}"
        )
    return _("seed {seed}, {locale}").format(seed=seed, locale=locale)
