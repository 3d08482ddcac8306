"""The ``labkit`` commands: one small module per command, on top of the library.

Each module exposes two functions, which :mod:`labkit.cli` calls::

    add_arguments(parser: argparse.ArgumentParser) -> None
    run(args: argparse.Namespace) -> int

A command parses its arguments, calls library functions (in :mod:`labkit.world`
and :mod:`labkit.course`), prints what happened and returns the exit code. No
library module imports a command module.

Modules:

* :mod:`~labkit.commands.world` — ``labkit world``: make one world into a folder.
* :mod:`~labkit.commands.datasets` — ``labkit datasets``: regenerate, ensure or
  check the shipped datasets.
* :mod:`~labkit.commands.doctor` — ``labkit doctor``: can this environment run
  the course?
* :mod:`~labkit.commands.exercises` — ``labkit exercises``: build the exercises
  notebooks from the solutions (``--check`` reports drift).
* :mod:`~labkit.commands.notebooks` — ``labkit notebooks``: build the notebooks
  from their text sources in ``sources/``.
* :mod:`~labkit.commands.assign` — ``labkit assign``: per-student notebooks.
* :mod:`~labkit.commands.grade` — ``labkit grade``: grade a folder of submissions.

Examples
--------
>>> import argparse
>>> from labkit.commands import doctor
>>> doctor.add_arguments(parser := argparse.ArgumentParser())
>>> parser.parse_args(["--quiet"]).quiet
True
"""
