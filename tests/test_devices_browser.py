"""Issue 10 in a real browser, on the built site of the committed data: the devices' line under the models'
names in the task tables widens no table at 1400 px (with and without JavaScript), the device picker shows one SoC at a
time and keeps the choice on the next page, and the device pages' plots draw, with where each figure comes
from on hover. Uses tests/test_browser.py's server and sessions (every request stays on 127.0.0.1; console
errors fail a test)."""

from __future__ import annotations

from typing import Any

import pytest
from test_browser import POINT_JS, Session, _session, browser, site_url  # noqa: F401

pytestmark = pytest.mark.browser

TASKS = ("image-classification", "object-detection", "semantic-segmentation", "keypoint-detection")
MEASURED = "measured by TI: PC emulation of AM68A, report of 2025-03-10"
# every table with a devices' line: its width, and the content column's
WIDTHS_JS = """() => {
  const column = document.querySelector('.md-content__inner').getBoundingClientRect().width;
  return Array.from(document.querySelectorAll('article table'))
    .filter((t) => t.querySelector('span.mz-dev'))
    .map((t) => [t.getBoundingClientRect().width, column]);
}"""
HIDE_JS = """() => { const s = document.createElement('style'); s.textContent = '.mz-dev { display: none !important }';
  document.head.appendChild(s); }"""
SHOWN_JS = """() => Array.from(document.querySelectorAll('span.mz-dev span[data-mz-device]'))
  .filter((s) => !s.hidden).map((s) => s.dataset.mzDevice)"""


@pytest.mark.parametrize("javascript", [True, False])
def test_the_devices_line_never_widens_a_table(
    browser: Any,  # noqa: F811
    site_url: str,  # noqa: F811
    javascript: bool,
) -> None:
    """At 1400 px, every table fits the content column with the devices' line under the names (each device
    picked, and without JavaScript) as it does without the line: the name cell wraps. (Tables now fill the
    column as their text needs, so the line may move a column boundary, never the table's edge past it.)"""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    try:
        for task in TASKS:
            page.goto(site_url + f"{task}/")
            without = None
            widths = {}
            for device in ("am62a", "am68a", "tda4vm") if javascript else (None,):
                if device:
                    page.locator(f".mz-devices button[data-mz-device={device}]").first.click()
                widths[device] = page.evaluate(WIDTHS_JS)
            page.evaluate(HIDE_JS)
            without = page.evaluate(WIDTHS_JS)
            assert without and len(without) == len(next(iter(widths.values()))), task
            for device, tables in widths.items():
                for (width, column), (bare, _) in zip(tables, without, strict=True):
                    assert bare <= column + 0.5, (task, "without the line", bare, column)
                    assert width <= column + 0.5, (task, device, width, column)
    finally:
        context.close()


@pytest.fixture
def session(browser: Any, site_url: str):  # noqa: F811
    yield from _session(browser, site_url)


def test_the_picker_shows_one_device_and_keeps_it(session: Session) -> None:
    page = session.page
    session.goto("image-classification/")
    picker = page.locator(".mz-devices").first
    picker.wait_for(state="visible")
    assert page.evaluate(SHOWN_JS)[0] == "am68a"  # the measured SoC first
    assert picker.locator("button[aria-pressed=true]").inner_text() == "AM68A"
    page.locator(".mz-devices button[data-mz-device=am62a]").first.click()
    assert set(page.evaluate(SHOWN_JS)) == {"am62a"}
    # AM62A's parts: its name and artifacts only, no figure (the report measured AM68A)
    shown = page.locator("span.mz-dev span.mz-dev-one[data-mz-device=am62a]").all_inner_texts()
    assert shown and all(t.strip().startswith("AM62A") and "8-bit" not in t for t in shown)
    assert all(t.strip().endswith(("MB", "MB ✓", "MB s")) for t in shown)
    # the next page, by Material's instant navigation (no reload): wired again, the choice kept
    page.evaluate("window.__same = true")
    page.locator("a.md-nav__link[href$='object-detection/']").first.click()
    page.wait_for_url("**/object-detection/")
    page.locator(".mz-devices").first.wait_for(state="visible")
    assert page.evaluate("window.__same === true")  # no reload
    assert set(page.evaluate(SHOWN_JS)) == {"am62a"}
    assert page.locator(".mz-devices button[aria-pressed=true]").first.inner_text() == "AM62A"
    session.goto("semantic-segmentation/")  # and on a page loaded afresh (localStorage)
    page.locator(".mz-devices").first.wait_for(state="visible")
    assert set(page.evaluate(SHOWN_JS)) == {"am62a"}
    session.check()


def test_device_page_plots_draw_with_their_provenance_on_hover(session: Session) -> None:
    page = session.page
    session.goto("devices/am68a/")
    plot = "pareto--image-classification--imagenet--top1"
    session.wait_rendered(plot)
    page.locator(f"#{plot}").scroll_into_view_if_needed()
    point = page.evaluate(POINT_JS, [plot, "cl-3090"])
    page.mouse.move(point["x"], point["y"])
    page.wait_for_function(
        "(id) => document.querySelector('#' + id + ' .hoverlayer').textContent.includes('cl-3090')", arg=plot
    )
    text = page.evaluate("(id) => document.querySelector('#' + id + ' .hoverlayer').textContent", plot)
    assert MEASURED in text and "72.5" in text  # TI's 8-bit figure of cl-3090
    drop = "drop--image-classification--top1"
    page.locator(f"#{drop}").scroll_into_view_if_needed()
    session.wait_rendered(drop)
    point = page.evaluate(POINT_JS, [drop, "cl-3090"])
    page.mouse.move(point["x"], point["y"])
    page.wait_for_function(
        "(id) => document.querySelector('#' + id + ' .hoverlayer').textContent.includes('8-bit')", arg=drop
    )
    text = page.evaluate("(id) => document.querySelector('#' + id + ' .hoverlayer').textContent", drop)
    assert "32-bit float: 74.1" in text and "8-bit: 72.5" in text and MEASURED in text
    session.check()
