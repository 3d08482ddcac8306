"""The ``labkit world`` and ``labkit datasets`` commands (labkit.commands.world / .datasets)."""

from __future__ import annotations

import argparse
import ast
import json
from pathlib import Path

import pytest

from labkit.commands import datasets as datasets_command
from labkit.commands import world as world_command
from labkit.world.dictionary.tables import TABLE_ORDER
from labkit.world.dictionary.truth import TRUTH

ROOT = Path(__file__).resolve().parent.parent
#: A saved world: one CSV per table and world.json in its folder, the truth in truth/.
TABLE_FILES = len(TABLE_ORDER) + 1
TRUTH_FILES = len(TRUTH)
WORLD_FILES = TABLE_FILES + TRUTH_FILES


def parse(module, argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    return parser.parse_args(argv)


def test_world_writes_a_world_and_lists_the_files(tmp_path, capsys):
    out = tmp_path / "w"
    args = parse(world_command, ["--seed", "3", "--customers", "60", "--out", str(out)])
    assert world_command.run(args) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"wrote {WORLD_FILES} file(s) to {out} in ")
    assert f"  ./  {TABLE_FILES} files" in printed and f"  truth/  {TRUTH_FILES} files" in printed
    metadata = json.loads((out / "world.json").read_text(encoding="utf-8"))
    assert (metadata["seed"], metadata["n_customers"]) == (3, 60)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--customers", "-3"], "n_customers must be between"),
        (["--seed", "-1"], "seed must be a non-negative whole number"),
        (["--as-of", "1999-01-01"], "as_of must lie between 2015-01-01 and 2034-12-31"),
    ],
)
def test_world_reports_a_bad_value_in_one_line(tmp_path, capsys, argv, message):
    args = parse(world_command, [*argv, "--out", str(tmp_path)])
    assert world_command.run(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_world_options_are_checked_by_the_parser(capsys):
    with pytest.raises(SystemExit):
        parse(world_command, ["--locale", "fr_FR", "--out", "w"])
    assert "invalid choice: 'fr_FR'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parse(world_command, ["--as-of", "31/12/2025", "--out", "w"])
    assert "expected a date as YYYY-MM-DD" in capsys.readouterr().err


def test_datasets_ensure_leaves_present_datasets_alone(capsys):
    args = parse(datasets_command, ["--ensure", "--root", str(ROOT / "datasets")])
    assert datasets_command.run(args) == 0
    assert capsys.readouterr().out == f"datasets present in {ROOT / 'datasets'}\n"


def test_datasets_ensure_and_check_are_exclusive(capsys):
    with pytest.raises(SystemExit):
        parse(datasets_command, ["--ensure", "--check"])
    assert "not allowed with argument" in capsys.readouterr().err


@pytest.mark.slow
def test_datasets_writes_then_checks_a_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "datasets"
    assert datasets_command.run(parse(datasets_command, ["--check", "--root", str(root)])) == 1
    printed = capsys.readouterr().out
    assert f"README.md: missing from {root}" in printed
    assert "fix: run `labkit datasets` to regenerate them" in printed

    assert datasets_command.run(parse(datasets_command, ["--ensure", "--root", str(root)])) == 0
    printed = capsys.readouterr().out
    assert f"wrote {2 * WORLD_FILES + 1} file(s) in " in printed  # two locales and README.md
    assert "  datasets/  1 files" in printed
    assert f"  datasets/en_US/  {TABLE_FILES} files" in printed

    assert datasets_command.run(parse(datasets_command, ["--check", "--root", str(root)])) == 0
    assert capsys.readouterr().out.startswith(f"datasets in {root} match the generator (")


@pytest.mark.parametrize("module", [world_command, datasets_command])
def test_a_command_module_has_its_two_functions_and_no_sibling(module):
    assert callable(module.add_arguments) and callable(module.run)
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not {name for name in imported if name and name.startswith("labkit.commands")}
