"""One name per concept: the glossary is complete, and every chapter renders it alike."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from labkit.course import glossary

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def terms() -> pd.DataFrame:
    return glossary.read_glossary(ROOT)


def test_every_term_has_both_names_and_definitions(terms) -> None:
    for column in ("english", "chinese", "definition", "定义"):
        empty = terms.loc[terms[column].str.strip() == "", "english"].tolist()
        assert not empty, f"no {column} for {empty}"
    assert terms["chapter"].str.fullmatch(r"\d{2}").all()
    assert terms["chinese"].str.contains(r"[\u4e00-\u9fff]").all()


def test_sources_render_every_term_as_the_glossary_does() -> None:
    assert glossary.find_inconsistencies(ROOT) == []


def test_every_chapter_glossary_row_names_a_glossary_term(terms) -> None:
    known = set(terms["english"].str.casefold())
    unknown = []
    for path in sorted((ROOT / "sources" / "notebooks").glob("*.py")):
        for english, _ in glossary.glossary_rows(path.read_text(encoding="utf-8")):
            named = english.replace(",", "/").replace(";", "/").split("/")
            parts = [part.split(" (")[0].casefold() for part in named]
            if not any(
                part.strip() in known or any(k.startswith(part.strip() + " ") for k in known)
                for part in parts
            ):
                unknown.append(f"{path.name}: {english}")
    assert not unknown, "add these to sources/glossary.csv: " + "; ".join(unknown)


def test_the_rendered_page_matches_the_glossary() -> None:
    assert not glossary.write_glossary(ROOT, check=True), "run `python3 run.py notebooks`"


def test_a_wrong_rendering_is_found(tmp_path: Path) -> None:
    (tmp_path / "sources" / "notebooks").mkdir(parents=True)
    (tmp_path / "sources" / "glossary.csv").write_text(
        (ROOT / glossary.GLOSSARY).read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "sources" / "notebooks" / "09_x.py").write_text(
        "# **Recall (召回率)** and **precision (准确率)**\n", encoding="utf-8"
    )
    problems = glossary.find_inconsistencies(tmp_path)
    assert any("召回率" in p and "查全率" in p for p in problems)
    assert any("准确率" in p and "查准率" in p for p in problems)


def test_a_translation_that_drops_the_glossary_name_is_found(tmp_path: Path) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    (tmp_path / "sources" / "translations" / "zh_CN").mkdir(parents=True)
    (tmp_path / "sources" / "glossary.csv").write_text(
        (ROOT / glossary.GLOSSARY).read_text(encoding="utf-8"), encoding="utf-8"
    )
    catalogue = Catalog(locale="zh_CN")
    catalogue.add("Their **recall (查全率)** is high.", string="它们的召回率很高。")
    with (tmp_path / "sources" / "translations" / "zh_CN" / "09_x.po").open("wb") as handle:
        write_po(handle, catalogue)
    problems = glossary.find_inconsistencies(tmp_path)
    assert any("does not use 查全率" in p for p in problems)
    assert any("uses 召回率" in p for p in problems)
