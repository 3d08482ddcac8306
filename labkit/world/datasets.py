"""Writing and verifying the shipped datasets: the default world in every locale, and its README.

The kit ships ``settings.DEFAULT_WORLD`` saved under ``datasets/<locale>/`` and
the data dictionary rendered as ``datasets/README.md``. :func:`write_datasets`
(re)writes them; :func:`verify_datasets` lists every file that differs from
what the generator and the dictionary make now (``labkit datasets --check``).
Finding and reading them is :mod:`labkit.world.shipped`.

>>> from labkit import settings
>>> [f"{locale}/world.json" for locale in settings.LOCALES] + [README_FILE]
['en_US/world.json', 'zh_CN/world.json', 'README.md']
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from labkit import settings
from labkit.i18n import _
from labkit.world.dictionary.render import render_data_dictionary
from labkit.world.making import make_world
from labkit.world.shipped import datasets_root

__all__ = ["README_FILE", "verify_datasets", "write_datasets"]

#: The data dictionary's file in the datasets folder.
README_FILE = "README.md"


def _default_world_saved(locale: str, folder: Path) -> Path:
    world = make_world(
        settings.DEFAULT_SEED, settings.DEFAULT_N_CUSTOMERS, locale, settings.DEFAULT_AS_OF
    )
    return world.save(folder)


def write_datasets(root: str | os.PathLike | None = None) -> list[Path]:
    """(Re)generate the shipped default world in every locale, and README.md, under ``root``.

    Prints one line per folder or file written, with the time it took.

    Parameters
    ----------
    root : path, optional
        The datasets folder (default: :func:`labkit.world.datasets_root`).

    Returns
    -------
    list of pathlib.Path
        The locale folders written, then the README.

    Examples
    --------
    >>> import tempfile
    >>> paths = write_datasets(tempfile.mkdtemp())     # doctest: +ELLIPSIS
    wrote .../en_US in ... s
    wrote .../zh_CN in ... s
    wrote .../README.md
    """
    base = datasets_root(root)
    out = []
    for locale in settings.LOCALES:
        start = time.perf_counter()
        path = _default_world_saved(locale, base / locale)
        print(
            _("wrote {path} in {elapsed:.1f} s").format(
                path=path, elapsed=time.perf_counter() - start
            )
        )
        out.append(path)
    readme = base / README_FILE
    readme.write_bytes(render_data_dictionary(root=root).encode("utf-8"))
    print(_("wrote {path}").format(path=readme))
    out.append(readme)
    return out


def _files_under(folder: Path) -> set[Path]:
    """Every file under ``folder``, relative to it (empty when it does not exist)."""
    if not folder.exists():
        return set()
    return {path.relative_to(folder) for path in folder.rglob("*") if path.is_file()}


def verify_datasets(root: str | os.PathLike | None = None) -> list[str]:
    """Differences between the shipped files and what the generator makes now.

    The default world of every locale is generated again in a temporary folder
    and compared byte for byte with the shipped copy; the README is compared
    with :func:`labkit.world.dictionary.render_data_dictionary`.

    Parameters
    ----------
    root : path, optional
        The datasets folder (default: :func:`labkit.world.datasets_root`).

    Returns
    -------
    list of str
        One line per differing, missing or unexpected file; empty when identical.

    Examples
    --------
    >>> import tempfile
    >>> problems = verify_datasets(tempfile.mkdtemp())
    >>> problems[-1].startswith("README.md: missing from")
    True
    """
    base = datasets_root(root)
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for locale in settings.LOCALES:
            fresh = _default_world_saved(locale, Path(tmp) / locale)
            shipped = base / locale
            want, have = _files_under(fresh), _files_under(shipped)
            for rel in sorted(want - have):
                problems.append(
                    _("{file}: missing from {folder}").format(
                        file=f"{locale}/{rel}", folder=shipped
                    )
                )
            for rel in sorted(have - want):
                problems.append(
                    _("{file}: not made by the generator").format(file=f"{locale}/{rel}")
                )
            for rel in sorted(want & have):
                if (fresh / rel).read_bytes() != (shipped / rel).read_bytes():
                    problems.append(
                        _("{file}: differs from what the generator makes").format(
                            file=f"{locale}/{rel}"
                        )
                    )
        readme = base / README_FILE
        if not readme.exists():
            problems.append(
                _("{file}: missing from {folder}").format(file=README_FILE, folder=base)
            )
        elif readme.read_bytes().decode("utf-8").replace("\r\n", "\n") != (
            render_data_dictionary(root=tmp)
        ):
            problems.append(
                _("{file}: differs from labkit.world.dictionary.render_data_dictionary()").format(
                    file=README_FILE
                )
            )
    return problems
