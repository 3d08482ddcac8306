"""Translated notebooks: same code, every unit translated, stale translations found."""

from __future__ import annotations

import io
import shutil
import tokenize
from pathlib import Path

import nbformat
import pytest

from labkit.course import translations
from labkit.course.notebook_files import BuildError
from labkit.course.notebooks import notebook_from_source, source_paths, variants

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "sources" / "notebooks" / "00_start_here.py"


def code_tokens(code: str) -> list[tuple[int, str]]:
    """The tokens of a cell without its comments: what the kernel runs."""
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    return [(t.type, t.string) for t in tokens if t.type not in (tokenize.COMMENT, tokenize.NL)]


def test_comments_are_units_but_markers_and_strings_are_not() -> None:
    code = (
        'label = "# not a comment"  # the label\n'
        "# BEGIN SOLUTION\n"
        "answer = 1  # SOLUTION\n"
        "# END SOLUTION\n"
        "x = 2  # noqa: E501\n"
        "# ---\n"
        "# 每行一个客户\n"
    )
    assert translations.units_of_code(code) == ["the label", "每行一个客户"]


def test_translating_code_changes_comments_only() -> None:
    code = 'df = pd.read_csv("a#b.csv")  # read the file\n# then count\nlen(df)  # SOLUTION'
    done = translations.translate_code(code, {"read the file": "读取文件", "then count": "再计数"})
    assert done == 'df = pd.read_csv("a#b.csv")  # 读取文件\n# 再计数\nlen(df)  # SOLUTION'
    assert code_tokens(done) == code_tokens(code)


def _catalogue_for(notebook: nbformat.NotebookNode, path: Path) -> None:
    """A complete (fake) catalogue: every unit 'translated' by a prefix."""
    translations.update_catalogue(path, notebook)
    text = path.read_text(encoding="utf-8")
    from babel.messages.pofile import read_po, write_po

    with path.open("rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if message.id:
            message.string = "译：" + str(message.id)
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=0)
    assert text  # the file existed before we filled it


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    """A kit folder with one source and a complete catalogue for it."""
    (tmp_path / "sources" / "notebooks").mkdir(parents=True)
    source = tmp_path / "sources" / "notebooks" / SOURCE.name
    shutil.copy(SOURCE, source)
    notebook = notebook_from_source(source, tmp_path)
    _catalogue_for(notebook, translations.catalogue_path(tmp_path, source))
    return tmp_path


def test_a_complete_catalogue_builds_the_same_code_in_the_other_language(kit: Path) -> None:
    (source,) = source_paths(kit)
    (english_path, english), (chinese_path, chinese) = variants(source, kit)
    assert chinese_path.name == "00_start_here_zh.ipynb"
    assert chinese.metadata["labkit"]["language"] == "zh_CN"
    assert len(chinese.cells) == len(english.cells)
    spoken = []  # the set-up cell: the first that imports labkit also sets the language
    for before, after in zip(english.cells, chinese.cells, strict=True):
        assert before.cell_type == after.cell_type
        if before.cell_type == "code":
            expected = before.source if spoken else translations.speak_in(before.source, "zh_CN")
            if expected != before.source:
                spoken.append(after.source)
            assert code_tokens(after.source) == code_tokens(expected)
        else:
            assert after.source == "译：" + before.source


def test_a_translated_notebook_speaks_its_language_in_its_set_up_cell(kit: Path) -> None:
    (source,) = source_paths(kit)
    (_english_path, english), (_chinese_path, chinese) = variants(source, kit)
    english_code = "\n".join(c.source for c in english.cells if c.cell_type == "code")
    chinese_code = "\n".join(c.source for c in chinese.cells if c.cell_type == "code")
    assert "use_language" not in english_code
    assert chinese_code.count('use_language("zh")  # ') == 1
    assert translations.speak_in("import pandas as pd\n\nx = 1", "zh_CN") == (
        "import pandas as pd\n\nx = 1"
    )
    cell = "import labkit\nworld = labkit.load_world()"
    assert translations.speak_in(cell, "zh_CN").split("\n") == [
        "import labkit",
        "",
        'labkit.use_language("zh")  # 让 labkit 的提示和检查结果用中文；改成 "en" 即用英文',
        "world = labkit.load_world()",
    ]


def test_a_set_up_cell_with_imports_over_several_lines_still_speaks() -> None:
    """ruff writes a long import over several lines; the call still joins it."""
    cell = (
        "import pandas as pd\n"
        "from sklearn.metrics import (\n    roc_auc_score,\n    silhouette_score,\n)\n\n"
        "from labkit import (\n    AnyOf,\n    check,\n    load_world,\n    portrait,\n)\n\n"
        "world = load_world()"
    )
    assert translations.speak_in(cell, "zh_CN").split("\n")[6:14] == [
        "from labkit import (",
        "    AnyOf,",
        "    check,",
        "    load_world,",
        "    portrait,",
        "    use_language,",
        ")",
        "",
    ]
    assert translations.speak_in(cell, "zh_CN").split("\n")[14].startswith('use_language("zh")')
    other = "from sklearn.metrics import (\n    roc_auc_score,\n)\nimport labkit\n\nx = 1"
    assert translations.speak_in(other, "zh_CN").split("\n")[3:6] == [
        "import labkit",
        "",
        'labkit.use_language("zh")  # 让 labkit 的提示和检查结果用中文；改成 "en" 即用英文',
    ]


def test_a_cell_changed_after_its_translation_is_named(kit: Path) -> None:
    (source,) = source_paths(kit)
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("A notebook is a list of cells.", "A notebook is cells."))
    with pytest.raises(BuildError, match=r"1 unit\(s\).*cell \d+: ## 1\. JupyterLab"):
        variants(source, kit)
    left = translations.update_catalogue(
        translations.catalogue_path(kit, source), notebook_from_source(source, kit)
    )
    assert left == 1  # the changed cell; the old wording is kept as an obsolete entry
    assert "#~ msgid" in translations.catalogue_path(kit, source).read_text(encoding="utf-8")


def test_every_catalogue_of_the_kit_is_complete() -> None:
    for source in source_paths(ROOT):
        variants(source, ROOT)  # raises, naming the cells, when a unit is untranslated


@pytest.mark.parametrize("language", sorted(translations.LANGUAGES))
def test_every_notebook_of_the_course_is_translated(language: str) -> None:
    """Every chapter arrives in both languages: each source has its catalogue."""
    missing = [
        source.relative_to(ROOT).as_posix()
        for source in source_paths(ROOT)
        if not translations.catalogue_path(ROOT, source, language).exists()
    ]
    assert not missing, f"no {language} catalogue (labkit notebooks NN --extract): {missing}"


CHINESE_NOTEBOOKS = sorted(
    path for folder in ("notebooks", "solutions", "exercises")
    for path in (ROOT / folder).glob("*_zh*.ipynb")
)


@pytest.mark.parametrize("path", CHINESE_NOTEBOOKS, ids=lambda p: p.name)
def test_every_chinese_notebook_speaks_chinese_from_its_set_up_cell(path: Path) -> None:
    """The first code cell that imports labkit sets the language, once in the notebook."""
    notebook = nbformat.read(path, as_version=4)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    set_up = next(i for i, source in enumerate(code)
                  if "import labkit" in source or "from labkit import" in source)
    assert 'use_language("zh")  # ' in code[set_up], f"{path.name}: cell {set_up} does not"
    assert sum(source.count('use_language("zh")') for source in code) == 1
