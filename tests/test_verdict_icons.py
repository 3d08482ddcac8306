"""Verdict icons render on a stock desktop: glyphs of DejaVu Sans, never colour emoji.

A browser without an emoji font (a stock Debian desktop) draws ✅ ❌ ⏳ as empty
boxes. The verdicts use symbols that DejaVu Sans (the default sans-serif font of
Debian and Ubuntu, and the font matplotlib ships) draws, in their text form.
"""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager

from labkit.answers import verdicts
from labkit.course import gradebook

#: Code points with emoji presentation by default in the BMP that a verdict might use.
EMOJI_BY_DEFAULT = set("✅❌❎⏳⌛⏰⭐⭕❓❔❗➕➖✨⚡⛔✋✊")


def _icons() -> dict[str, str]:
    shown = {f"verdict {status}": icon for status, icon in verdicts.ICONS.items()}
    words = gradebook.STATUS_WORDS.items()
    shown |= {f"gradebook {status}": label.split()[0] for status, label in words}
    return shown


@pytest.fixture(scope="module")
def dejavu() -> set[int]:
    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    return set(TTFont(path)["cmap"].getBestCmap())


@pytest.mark.parametrize(("where", "icon"), sorted(_icons().items()))
def test_icons_are_plain_symbols_a_stock_font_draws(where, icon, dejavu) -> None:
    assert "\ufe0f" not in icon, f"{where}: {icon!r} asks for emoji presentation"
    for character in icon:
        assert ord(character) < 0x1F000, f"{where}: {icon!r} is an emoji"
        assert character not in EMOJI_BY_DEFAULT, f"{where}: {icon!r} shows as emoji"
        assert ord(character) in dejavu, f"{where}: DejaVu Sans has no {character!r}"


def test_every_status_has_its_own_icon() -> None:
    assert set(verdicts.ICONS) == set(verdicts.STATUSES)
    assert len(set(verdicts.ICONS.values())) == len(verdicts.STATUSES)
