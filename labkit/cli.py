"""The ``labkit`` command line.

Each subcommand lives in its own module of :mod:`labkit.commands`, which
exposes two functions::

    add_arguments(parser: argparse.ArgumentParser) -> None
    run(args: argparse.Namespace) -> int

This file only maps command names to those modules and imports a module when
its command is used (to run it or to show its ``--help``), so ``labkit --help``
stays fast and one broken command cannot break the others.

Examples
--------
>>> from labkit.cli import main
>>> main(["exercises", "--check", "00"])
2 exercises notebook(s) in sync.
0
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from labkit.i18n import N_, _

__all__ = ["COMMANDS", "COMMAND_FUNCTIONS", "Command", "CommandLoadError", "main"]


@dataclass(frozen=True)
class Command:
    """A subcommand: its module (which has ``add_arguments`` and ``run``) and its help line."""

    module: str
    help: str


COMMANDS: dict[str, Command] = {
    "world": Command(
        "labkit.commands.world",
        N_("generate a synthetic Xudong Trading world into a folder"),
    ),
    "datasets": Command(
        "labkit.commands.datasets",
        N_("regenerate, ensure or check the shipped datasets in datasets/"),
    ),
    "doctor": Command(
        "labkit.commands.doctor",
        N_("check that this environment can run the course"),
    ),
    "exercises": Command(
        "labkit.commands.exercises",
        N_("rebuild the exercises notebooks from the solutions notebooks"),
    ),
    "notebooks": Command(
        "labkit.commands.notebooks",
        N_("build notebooks/, solutions/ and exercises/ from their text sources in sources/"),
    ),
    "messages": Command(
        "labkit.commands.messages",
        N_("update or check the catalogues that translate the kit's messages (translators)"),
    ),
    "assign": Command(
        "labkit.commands.assign", N_("prepare an assignment for students (instructors)")
    ),
    "grade": Command(
        "labkit.commands.grade", N_("grade submitted exercises notebooks (instructors)")
    ),
}
#: The two functions every command module has.
COMMAND_FUNCTIONS = ("add_arguments", "run")


class CommandLoadError(Exception):
    """A subcommand's module could not be imported or lacks its functions."""


def _version() -> str:
    try:
        return version("labkit")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _load(name: str) -> tuple[Callable[[argparse.ArgumentParser], None], Callable[..., int]]:
    """Import the module of command ``name`` and return its two functions."""
    command = COMMANDS[name]
    try:
        module = importlib.import_module(command.module)
    except Exception as exc:  # any import failure becomes one clear line
        raise CommandLoadError(
            _(
                "labkit: cannot load the '{name}' command: module {module} failed to import "
                "({type_name}: {exc})"
            ).format(name=name, module=command.module, type_name=type(exc).__name__, exc=exc)
        ) from exc
    functions = []
    for attribute in COMMAND_FUNCTIONS:
        function = getattr(module, attribute, None)
        if not callable(function):
            raise CommandLoadError(
                _(
                    "labkit: cannot load the '{name}' command: module {module} has no function "
                    "{attribute}()"
                ).format(name=name, module=command.module, attribute=attribute)
            )
        functions.append(function)
    return functions[0], functions[1]


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The first argument that is not an option, if it names a command."""
    for token in argv:
        if token == "--":
            return None
        if not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


#: argparse's own words in a help page: its section headings and the help option's line.
HELP_WORDS = (
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, with its own words (usage, section headings) translated."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)

    def start_section(self, heading):  # type: ignore[no-untyped-def]
        super().start_section(_(heading) if heading in HELP_WORDS else heading)


def _add_help(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("-h", "--help", action="help", help=_("show this help message and exit"))
    return parser


def _build_parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The parser of ``labkit`` and of each command, its texts in the language of now."""
    parser = argparse.ArgumentParser(
        formatter_class=_HelpFormatter,
        add_help=False,
        prog="labkit",
        description=_("Tools for the customer information management (客户信息管理) lab kit."),
        epilog=_("Run 'labkit COMMAND --help' for the options of one command."),
    )
    _add_help(parser)
    parser.add_argument("--version", action="store_true", help=_("print labkit's version and exit"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    children = {
        name: _add_help(
            subparsers.add_parser(
                name,
                help=_(command.help),
                description=_(command.help),
                formatter_class=_HelpFormatter,
                add_help=False,
            )
        )
        for name, command in COMMANDS.items()
    }
    return parser, children


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``labkit`` command line and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` when omitted.

    Returns
    -------
    int
        0 on success; 2 for a usage error or a command that cannot be loaded;
        otherwise what the command returned.

    Examples
    --------
    >>> from labkit.cli import main
    >>> main(["--version"])  # doctest: +ELLIPSIS
    labkit ...
    0
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, children = _build_parser()

    name = _chosen_command(argv)
    run = None
    if name is not None:
        try:
            add_arguments, run = _load(name)
        except CommandLoadError as exc:
            print(exc, file=sys.stderr)
            return 2
        add_arguments(children[name])

    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already printed by argparse
        return _exit_code(exc.code)

    if args.version:
        print(f"labkit {_version()}")
        return 0
    if run is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(run(args) or 0)
    except KeyboardInterrupt:
        print(_("labkit: interrupted"), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
