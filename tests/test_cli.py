"""The ``labkit`` command line: the command table, loading, help and exit codes."""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import types

import pytest
from conftest import ROOT

from labkit import cli
from labkit.cli import COMMAND_FUNCTIONS, COMMANDS, Command, main


def command_module(name: str) -> types.ModuleType:
    """Import a command's module; skip when it is not on this branch yet."""
    module_name = COMMANDS[name].module
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name == module_name:
            pytest.skip(f"{module_name} is not on this branch")
        raise


def test_the_commands_and_where_they_live() -> None:
    assert {name: command.module for name, command in COMMANDS.items()} == {
        "world": "labkit.commands.world",
        "datasets": "labkit.commands.datasets",
        "doctor": "labkit.commands.doctor",
        "exercises": "labkit.commands.exercises",
        "notebooks": "labkit.commands.notebooks",
        "assign": "labkit.commands.assign",
        "grade": "labkit.commands.grade",
        "messages": "labkit.commands.messages",
    }
    assert all(command.help for command in COMMANDS.values())


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_module_has_its_two_functions(name: str) -> None:
    module = command_module(name)
    for function in COMMAND_FUNCTIONS:
        assert callable(getattr(module, function, None)), f"{module.__name__}.{function}"
    parser = argparse.ArgumentParser(prog=f"labkit {name}")
    module.add_arguments(parser)
    assert parser.format_help()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str, capsys) -> None:
    command_module(name)
    assert main([name, "--help"]) == 0
    assert f"labkit {name}" in capsys.readouterr().out


def test_no_command_prints_the_list_and_fails(capsys) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert all(name in err for name in COMMANDS)


def test_version(capsys) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("labkit ")


def test_an_unknown_command_is_a_usage_error(capsys) -> None:
    assert main(["no-such-command"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_a_bad_option_is_a_usage_error(capsys) -> None:
    assert main(["exercises", "--no-such-option"]) == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_a_command_that_cannot_be_imported_is_one_line(monkeypatch, capsys) -> None:
    monkeypatch.setitem(COMMANDS, "broken", Command("labkit.no_such_module", "broken"))
    assert main(["broken"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("labkit: cannot load the 'broken' command: module labkit.no_such_module")
    assert "\n" not in err
    assert main(["doctor", "--help"]) == 0  # the other commands still work


def test_a_command_module_without_its_functions_is_refused(monkeypatch, capsys) -> None:
    monkeypatch.setitem(COMMANDS, "settings", Command("labkit.settings", "not a command"))
    assert main(["settings"]) == 2
    assert "has no function add_arguments()" in capsys.readouterr().err


def test_run_gives_the_exit_code_and_ctrl_c_gives_130(monkeypatch, capsys) -> None:
    fake = types.ModuleType("fake_command")
    fake.add_arguments = lambda parser: parser.add_argument("--stop", action="store_true")

    def run(args: argparse.Namespace) -> int:
        if args.stop:
            raise KeyboardInterrupt
        return 3

    fake.run = run
    monkeypatch.setitem(sys.modules, "fake_command", fake)
    monkeypatch.setitem(COMMANDS, "fake", Command("fake_command", "a fake command"))
    assert main(["fake"]) == 3
    assert main(["fake", "--stop"]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_the_chosen_command_is_the_first_word() -> None:
    assert cli._chosen_command(["--version", "grade", "x"]) == "grade"
    assert cli._chosen_command(["--", "grade"]) is None
    assert cli._chosen_command(["nope"]) is None


def test_exercises_check_through_the_command_line(capsys) -> None:
    assert main(["exercises", "--check", "00"]) == 0
    assert capsys.readouterr().out == "2 exercises notebook(s) in sync.\n"


def test_exercises_refuses_a_chapter_that_is_not_a_number(capsys) -> None:
    assert main(["exercises", "--check", "x"]) == 1
    assert "chapter must be a number" in capsys.readouterr().err


def test_the_library_functions_named_in_the_instructors_guide_exist() -> None:
    text = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(labkit\.course\.\w+)(?:\.(\w+))?`", text))
    assert len(named) >= 6
    for module_name, attribute in named:
        module = importlib.import_module(module_name)
        assert not attribute or callable(getattr(module, attribute, None)), attribute
