"""``labkit notebooks``: build the course notebooks from their text sources.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> add_arguments(parser)
>>> parser.parse_args(["03", "--check"]).chapters
['03']
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from labkit import settings
from labkit.course.exercises import BuildError
from labkit.course.glossary import GLOSSARY, MARKDOWN, write_glossary
from labkit.course.notebooks import (
    SOURCES,
    build,
    find_drift,
    notebook_from_source,
    source_paths,
)
from labkit.course.translations import LANGUAGES, catalogue_path, update_catalogue
from labkit.i18n import _

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``labkit notebooks``.

    Parameters
    ----------
    parser : argparse.ArgumentParser
    """
    parser.add_argument(
        "chapters", nargs="*", metavar="NN", help=_("only these chapters (default: all)")
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=_(
            "write nothing; exit 1 and name every built notebook whose cells differ "
            "from its source in {sources}/ (outputs are compared by `python3 run.py test`)"
        ).format(sources=SOURCES),
    )
    parser.add_argument(
        "--extract",
        action="store_true",
        help=_(
            "run nothing; add every new text of the sources to their translation "
            "catalogues (sources/translations/<language>/<stem>.po, one per source that has "
            "one; --language makes missing ones) and report what is left to translate"
        ),
    )
    parser.add_argument(
        "--language",
        choices=sorted(LANGUAGES),
        default=None,
        help=_("with --extract: also start a catalogue for every source that has none"),
    )
    parser.add_argument(
        "--no-execute",
        action="store_true",
        help=_(
            "do not run the notebooks: keep the outputs of unchanged cells, none for "
            "changed ones (quick, for a text-only edit)"
        ),
    )
    parser.add_argument(
        "--timeout", type=float, default=600, help=_("seconds each cell may run (default 600)")
    )
    parser.add_argument(
        "--root", type=Path, default=None, help=_("the kit's folder (default: found from here)")
    )


def run(args: argparse.Namespace) -> int:
    """Run ``labkit notebooks``.

    Parameters
    ----------
    args : argparse.Namespace
        From :func:`add_arguments`.

    Returns
    -------
    int
        0 on success; 1 when ``--check`` finds drift or a notebook cannot be built.
    """
    root = args.root or settings.project_root()
    if root is None:
        print(
            _(
                "labkit notebooks: no copy of the kit found; run it inside the kit's folder "
                "or give --root"
            ),
            file=sys.stderr,
        )
        return 1
    chapters = list(args.chapters) or None
    if args.extract:
        return _extract(root, chapters, args.language)
    if args.check:
        problems = find_drift(root, chapters)
        if (root / GLOSSARY).exists() and write_glossary(root, check=True):
            problems.append(
                _("{markdown} differs from {glossary}").format(markdown=MARKDOWN, glossary=GLOSSARY)
            )
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print(_("Run `python3 run.py notebooks` to rebuild them."), file=sys.stderr)
            return 1
        print(_("{n} notebook(s) match their sources.").format(n=len(source_paths(root, chapters))))
        return 0
    try:
        built = build(root, chapters, execute=not args.no_execute, timeout=args.timeout)
    except (BuildError, OSError) as error:
        print(_("labkit notebooks: {error}").format(error=error), file=sys.stderr)
        return 1
    changed = sum(item.changed for item in built)
    print(_("{n} notebook(s) built, {changed} changed.").format(n=len(built), changed=changed))
    if (root / GLOSSARY).exists() and write_glossary(root):
        print(
            _("{markdown} rewritten from {glossary}.").format(markdown=MARKDOWN, glossary=GLOSSARY)
        )
    return 0


def _extract(root: Path, chapters: list[str] | None, language: str | None) -> int:
    """Update the translation catalogues; print what is left to translate."""
    left = 0
    for source in source_paths(root, chapters):
        for code in LANGUAGES:
            catalogue = catalogue_path(root, source, code)
            if not catalogue.exists() and code != language:
                continue
            todo = update_catalogue(catalogue, notebook_from_source(source, root), code)
            left += todo
            where = catalogue.relative_to(root).as_posix()
            print(
                _("{where}: {todo} unit(s) to translate").format(where=where, todo=todo)
                if todo
                else _("{where}: complete").format(where=where)
            )
    if left:
        print(
            _("{left} unit(s) to translate in all; then `labkit notebooks` builds them.").format(
                left=left
            )
        )
    return 0
