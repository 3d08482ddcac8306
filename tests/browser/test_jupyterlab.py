"""Open the course in JupyterLab in Chromium, run it as a student does, and look.

For each teaching notebook and each chapter's exercises notebook: open it, run all
cells from the Run menu, wait until the kernel is idle, then assert that no cell
shows an error or a warning, every plot is an image that loaded, Chinese text in
the prose is drawn with a real font (not boxes), the check verdicts are visible,
and every ipywidgets control changes its output when moved. In one exercises
notebook a wrong answer is typed and run, and its hint must appear. A screenshot
per notebook goes to ``build/browser-screenshots/`` with a timing table.

Run it alone with ``python3 run.py browser`` (a few minutes on two cores).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import jupyterlab_session as session
import pytest

from labkit import i18n
from labkit.questions import get

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

TEACHING = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*.ipynb"))
EXERCISES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "exercises").glob("*.ipynb"))
#: Seconds a whole notebook may take to run in the browser.
RUN_TIMEOUT = 240
_TIMINGS: dict[str, float] = {}

#: Draw each CJK character of ``text`` on a canvas in ``font`` and compare it with the
#: drawing of a code point no font has (the "tofu" box): a real font draws differently.
_REAL_GLYPHS_JS = """
([text, font]) => {
  const canvas = document.createElement('canvas');
  canvas.width = 48; canvas.height = 48;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (ch) => {
    ctx.clearRect(0, 0, 48, 48);
    ctx.font = `32px ${font}`;
    ctx.fillText(ch, 4, 36);
    return Array.from(ctx.getImageData(0, 0, 48, 48).data).join(',');
  };
  const tofu = draw('\\u{10FFFD}');
  const chars = [...text].filter((ch) => /[\\u4e00-\\u9fff]/.test(ch));
  return {checked: chars.length, boxes: chars.filter((ch) => draw(ch) === tofu)};
}
"""

#: The notebook on show (JupyterLab keeps other tabs in the page, hidden).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
#: What the page shows after the run, read in one pass.
_INSPECT_JS = """
(panel) => {
  const outputs = [...document.querySelectorAll(`${panel} .jp-OutputArea-output`)];
  const stderr = outputs.filter(
    (o) => o.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr');
  // a widget's output area sits inside its cell's: count each image once, and compare
  // with the saved notebook only the plots outside widgets (a widget saves no image)
  const all = [...new Set(outputs.flatMap((o) => [...o.querySelectorAll('img')]))];
  const images = all.filter((i) => !i.closest('.widget-output'));
  const prompts = [...document.querySelectorAll(`${panel} .jp-InputPrompt`)];
  return {
    errors: stderr.map((o) => o.innerText.slice(0, 300)),
    images: images.length,
    brokenImages: all.filter((i) => !i.complete || i.naturalWidth === 0).length,
    running: prompts.filter((p) => p.innerText.includes('*')).length,
    text: outputs.map((o) => o.innerText).join('\\n'),
  };
}
"""


def _expected_images(relative: str) -> int:
    """Image outputs the built notebook has (it was run on the same world)."""
    notebook = json.loads((ROOT / relative).read_text(encoding="utf-8"))
    return sum(
        "image/png" in output.get("data", {})
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
    )


def _open(page, lab, relative: str) -> None:
    page.goto(lab.notebook_url(relative), wait_until="domcontentloaded")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
    page.wait_for_function(
        "() => document.querySelector('.jp-Notebook-ExecutionIndicator, #jp-main-statusbar')"
        " && /Idle/.test(document.querySelector('#jp-main-statusbar').innerText)",
        timeout=120_000,
    )


def _run_all(page) -> float:
    """Run ▸ Run All Cells from the menu; seconds until every cell ran and the kernel idles."""
    start = time.perf_counter()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
    page.wait_for_function(
        """(panel) => {
          const prompts = [...document.querySelectorAll(`${panel} .jp-CodeCell .jp-InputPrompt`)];
          const done = prompts.length > 0 && prompts.every((p) => /\\[\\d+\\]/.test(p.innerText));
          return done && /Idle/.test(document.querySelector('#jp-main-statusbar').innerText);
        }""",
        arg=PANEL,
        timeout=RUN_TIMEOUT * 1000,
        polling=500,
    )
    return time.perf_counter() - start


def _chinese_is_drawn(page) -> dict:
    """The Chinese characters of the first markdown cells, checked against tofu."""
    text, font = page.evaluate(
        """(panel) => {
          const cells = [...document.querySelectorAll(`${panel} .jp-RenderedMarkdown`)];
          const cell = cells.find((c) => /[\\u4e00-\\u9fff]/.test(c.innerText));
          if (!cell) return ['', ''];
          return [cell.innerText.slice(0, 400), getComputedStyle(cell).fontFamily];
        }""",
        PANEL,
    )
    return page.evaluate(_REAL_GLYPHS_JS, [text, font])


def _drive_widgets(page) -> int:
    """Move every ipywidgets slider and dropdown; each must change some output."""
    controls = page.locator(f"{PANEL} .widget-slider, {PANEL} .widget-dropdown select")
    for index in range(controls.count()):
        control = controls.nth(index)
        before = page.locator(".jp-NotebookPanel .jp-OutputArea").all_inner_texts()
        if control.evaluate("e => e.tagName") == "SELECT":
            options = control.locator("option").all_inner_texts()
            control.select_option(label=options[-1])
        else:
            control.locator(".noUi-handle, .ui-slider-handle").first.press("ArrowRight")
        page.wait_for_timeout(1500)
        after = page.locator(".jp-NotebookPanel .jp-OutputArea").all_inner_texts()
        assert after != before, f"widget {index} changed nothing"
    return controls.count()


def _look(page, lab, relative: str, screenshots: Path) -> dict:
    _open(page, lab, relative)
    seconds = _run_all(page)
    _TIMINGS[relative] = seconds
    seen = page.evaluate(_INSPECT_JS, PANEL)
    # the screenshot shows the first plot, or the top of the notebook when there is none
    plots = page.locator(f"{PANEL} .jp-OutputArea-output img")
    first = plots.first if plots.count() else page.locator(f"{PANEL} .jp-Cell").first
    first.scroll_into_view_if_needed()
    name = Path(relative).stem
    page.screenshot(path=str(screenshots / f"{name}.png"))
    _write_timings(screenshots)
    return seen


def _write_timings(screenshots: Path) -> None:
    lines = ["notebook,seconds in the browser"]
    lines += [f"{name},{seconds:.1f}" for name, seconds in sorted(_TIMINGS.items())]
    (screenshots / "timings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _language(relative: str) -> str:
    """The language the kit speaks in a notebook of the test's JupyterLab: a Chinese
    notebook's set-up cell asks for Chinese; the others follow the server's environment
    (its zh_CN world speaks Chinese unless LABKIT_LANG says otherwise), as for a student."""
    if Path(relative).stem.endswith(("_zh", "_zh_exercises", "_zh_solutions")):
        return "zh"
    return i18n.language(session.lab_environment())


def _say(text: str, relative: str) -> str:
    """``text`` as the kit shows it in that notebook."""
    return i18n.gettext(text, language=_language(relative))


@pytest.fixture(scope="session")
def lab() -> Iterator[session.Lab]:
    yield from session.serve_lab()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    yield from session.launch_browser()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    return session.screenshot_folder()


@pytest.fixture
def page(browser, lab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("relative", TEACHING)
def test_teaching_notebook_runs_cleanly_in_jupyterlab(page, lab, screenshots, relative) -> None:
    seen = _look(page, lab, relative, screenshots)
    assert seen["running"] == 0
    assert seen["errors"] == [], f"{relative}: error or warning output: {seen['errors'][:2]}"
    assert seen["images"] == _expected_images(relative), "every plot is shown"
    assert seen["brokenImages"] == 0, "an image did not load"
    glyphs = _chinese_is_drawn(page)
    assert glyphs["checked"] > 0 and glyphs["boxes"] == [], glyphs
    _drive_widgets(page)


@pytest.mark.parametrize("relative", EXERCISES)
def test_exercises_notebook_runs_unanswered_and_says_so(page, lab, screenshots, relative) -> None:
    seen = _look(page, lab, relative, screenshots)
    assert seen["errors"] == [], f"{relative}: error or warning output: {seen['errors'][:2]}"
    unanswered, correct = _say("not answered yet.", relative), _say("correct.", relative)
    assert unanswered in seen["text"], "the check verdicts are visible"
    assert correct not in seen["text"].replace(unanswered, "")


def test_a_wrong_answer_gets_its_hint(page, lab) -> None:
    """Type a wrong answer into chapter 00's first question and run it, as a student."""
    relative = "exercises/00_start_here_exercises.ipynb"
    _open(page, lab, relative)
    _run_all(page)
    cell = page.locator(".jp-CodeCell", has_text='check("00.q1"').first
    cell.scroll_into_view_if_needed()
    editor = cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type('answer = world.customers["email"].count()\ncheck("00.q1", answer)')
    page.keyboard.press("Shift+Enter")
    verdict = cell.locator(".jp-OutputArea-output")
    verdict.filter(has_text=_say("not quite.", relative).rstrip(".。")).wait_for(timeout=60_000)
    hint = next(m.hint for m in get("00.q1").mistakes if m.hint.startswith("count() counts"))
    assert _say(hint, relative).split("*")[0] in verdict.inner_text()


def test_widgets_are_driven(page, lab) -> None:
    """The widget driver moves a slider and a dropdown of a probe notebook (the
    course's explorers, from chapter 07 on, are driven the same way above)."""
    _open(page, lab, "probes/widget_probe.ipynb")
    _run_all(page)
    page.locator(f"{PANEL} .widget-slider").first.wait_for(timeout=60_000)
    assert _drive_widgets(page) == 2


def _explorer_state(page) -> tuple[str, list[str]]:
    """The explorer's summary line and the sources of its chart images."""
    output = page.locator(f"{PANEL} .widget-output").first
    return output.inner_text(), output.locator("img").evaluate_all("(i) => i.map((e) => e.src)")


def test_the_consumer_explorer_follows_its_choices(page, lab) -> None:
    """Chapter 05's explorer: pick another group and value, and the charts and the summary
    follow (its logic is tested without a browser in tests/test_explorer.py)."""
    relative = "probes/consumer_explorer.ipynb"
    _open(page, lab, relative)
    _run_all(page)
    page.locator(f"{PANEL} .widget-output img").first.wait_for(timeout=60_000)
    text, images = _explorer_state(page)
    assert f"{_say('city tier', relative)} = 1" in text and len(images) == 1, text
    group, value = page.locator(f"{PANEL} .widget-dropdown select").all()[:2]
    pet_owner = _say("pet owner", relative)
    group.select_option(label=pet_owner)
    page.locator(f"{PANEL} .widget-output", has_text=f"{pet_owner} = False").wait_for(
        timeout=30_000
    )
    value.select_option(label="True")
    page.locator(f"{PANEL} .widget-output", has_text=f"{pet_owner} = True").wait_for(
        timeout=30_000
    )
    page.locator(f"{PANEL} .widget-output img").first.wait_for(timeout=30_000)
    after_text, after_images = _explorer_state(page)
    assert after_images and after_images != images, "the charts did not change"
    assert after_text != text
    seen = page.evaluate(_INSPECT_JS, PANEL)
    assert seen["errors"] == [], seen["errors"][:2]


def test_the_portrait_explorer_follows_its_choices(page, lab) -> None:
    """Chapter 07's portrait explorer: pick another segment, then one of its customers, and
    the cloud, radar, card and summary follow (its logic is tested without a browser in
    tests/test_portrait.py)."""
    relative = "probes/portrait_explorer.ipynb"
    _open(page, lab, relative)
    _run_all(page)
    page.locator(f"{PANEL} .widget-output img").first.wait_for(timeout=60_000)
    text, images = _explorer_state(page)
    segment, customer = page.locator(f"{PANEL} .widget-dropdown select").all()[:2]
    first = segment.locator("option:checked").inner_text()
    assert first in text and len(images) == 1, text
    browser = _say("web browser", relative)
    if browser == first:
        browser = _say("VIP", relative)
    segment.select_option(label=browser)
    page.locator(f"{PANEL} .widget-output", has_text=browser).wait_for(timeout=30_000)
    page.locator(f"{PANEL} .widget-output img").first.wait_for(timeout=30_000)
    after_text, after_images = _explorer_state(page)
    assert after_images and after_images != images, "the portrait did not change"
    one = customer.locator("option").nth(1).inner_text()
    customer.select_option(label=one)
    label = _say("customer {customer}", relative).format(customer=one)
    page.locator(f"{PANEL} .widget-output", has_text=label).wait_for(timeout=30_000)
    assert _explorer_state(page)[1] != after_images, "one customer's portrait did not show"
    seen = page.evaluate(_INSPECT_JS, PANEL)
    assert seen["errors"] == [], seen["errors"][:2]
