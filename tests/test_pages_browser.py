"""Every page of the site built from the real data/, in Chromium (issue 11, "Fix on every page" and "Accessible to
everyone"): search finds parts of names, tables fit the content column at 1400 px, on a 390 px phone each
row's name, complexity and primary metric are in view, long tables keep their header row in view and a deep
link to a row lands below it, and axe-core's WCAG 2 A/AA rules find nothing, light and dark. Expectations come
from the catalogue and the built site's files, not from the page. Uses tests/test_browser.py's server and
sessions (every request stays on 127.0.0.1; console errors fail a test)."""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any

import pytest
from conftest import DATA, SEARCH_SEPARATOR, Build
from test_browser import Session, _session, browser, site_url  # noqa: F401

from generator.catalogue import Catalogue
from generator.validate import build_catalogue

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
HEADER = 48  # Material's header: 2.4rem at 20 px
# Every visible plot drawn, every explorer ready: the layout is final.
SETTLED_JS = """() => Array.from(document.querySelectorAll('.mz-plot')).filter((e) => e.offsetParent)
    .every((e) => e.dataset.rendered === 'true')
  && Array.from(document.querySelectorAll('.mz-explorer')).every((e) => e.dataset.ready === 'true')"""
# [page width, [[table width, content column width, table's own overflow], ...]]
WIDTHS_JS = """() => {
  const column = document.querySelector('.md-content__inner').clientWidth;
  return [document.documentElement.scrollWidth, Array.from(document.querySelectorAll('.md-content table')).map((t) => {
    const box = t.closest('.mz-x-scroll') || t;
    return [t.getBoundingClientRect().width, column, box.scrollWidth - box.clientWidth,
            (t.tHead ? t.tHead.textContent : '').slice(0, 60)];
  })];
}"""
# per model row: its anchor and the horizontal extent of its name, complexity and primary-metric cells
# (blank ones are left out of a phone's card)
PHONE_ROWS_JS = """() => Array.from(document.querySelectorAll('.mz-table tr')).filter((tr) => tr.querySelector('td.mz-row'))
  .map((tr) => [tr.querySelector('td.mz-row').id,
    Array.from(tr.querySelectorAll('td.mz-name, td.mz-complexity, td.mz-primary'))
      .filter((td) => td.textContent.trim() !== '')
      .map((td) => { const r = td.getBoundingClientRect(); return [td.className, r.left, r.right, r.width]; })])"""
# the explorer: the first three cells of each row (Model, the complexity, the primary metric)
PHONE_EXPLORER_JS = """() => Array.from(document.querySelectorAll('.mz-x-table tbody tr')).map((tr) =>
  [tr.cells[0].textContent, Array.from(tr.cells).slice(0, 3).map((td) => {
    const r = td.getBoundingClientRect(); return [td.textContent, r.left, r.right]; })])"""
# the table of a row, and where its header row and the row are on the screen
STICKY_JS = """(anchor) => {
  const td = document.getElementById(anchor);
  const table = td.closest('table');
  const th = table.tHead.rows[0].cells[0].getBoundingClientRect();
  const row = td.closest('tr').getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect();
  return {thTop: th.top, thBottom: th.bottom, rowTop: row.top, rowBottom: row.bottom,
          headerBottom: header.bottom, tableTop: table.getBoundingClientRect().top, innerHeight: innerHeight};
}"""


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return build_catalogue(DATA)[0]


@pytest.fixture(scope="module")
def pages(seed_site: Build) -> list[str]:
    """Every page of the built site, as its folder's URL. Not 404.html: its links are absolute, for the
    site's own address (site_url's path), which this server does not have."""
    out = sorted(
        html.parent.relative_to(seed_site.site).as_posix()
        for html in seed_site.site.rglob("index.html")
        if html.relative_to(seed_site.site).parts[0] not in ("assets", "search")
    )
    assert len(out) == 22  # home, references, each of the 7 tasks' page and explorer, devices/ and its 5 SoCs
    return ["" if p == "." else p + "/" for p in out]


def _open(session: Session, path: str) -> Any:
    session.goto(path)
    page = session.page
    page.wait_for_load_state("load")
    page.wait_for_function(SETTLED_JS)
    return page


# -- search ---------------------------------------------------------------------------------------------------


def _search(page: Any, query: str) -> None:
    """Type a query into Material's search and wait for its answer. Material's worker builds the index after
    the page loads, and a query typed before it is ready stays unanswered: typed again until answered."""
    from playwright.sync_api import TimeoutError as NotYet

    box = page.locator("input.md-search__input")
    for _ in range(10):
        box.fill("")
        box.press_sequentially(query)  # Material reads the query on keyup
        try:
            page.wait_for_function(
                "(q) => { const m = document.querySelector('.md-search-result__meta');"
                " const a = Array.from(document.querySelectorAll('.md-search-result__item a'));"
                " return /No matching|matching document/.test(m.textContent)"
                " && (a.length === 0 || a.some((e) => e.href.includes('h=' + q + '#'))); }",
                arg=query,
                timeout=1000,
            )
            return
        except NotYet:
            pass
    raise AssertionError(f"search never answered {query!r}")


@pytest.mark.parametrize("query", ["swin", "deit", "levit", "convnext", "vit", "mobiledet"])
def test_search_finds_parts_of_names(
    browser: Any,  # noqa: F811
    site_url: str,  # noqa: F811
    catalogue: Catalogue,
    query: str,
) -> None:
    """A part of a model's name between '/', '-', '_' or '.' finds the section of every model carrying it."""
    models = [
        m
        for t in catalogue.tasks
        for m in catalogue.models_of(t.id)
        if query in (part.lower() for part in re.split(SEARCH_SEPARATOR, m.name))
    ]
    assert models, query
    expected = {f"{m.task}/#{m.source}" for m in models}
    for session in _session(browser, site_url):
        page = _open(session, "")
        _search(page, query)
        hrefs = page.evaluate(
            "() => Array.from(document.querySelectorAll('.md-search-result__item a')).map((a) => a.href)"
        )
        found = {re.sub(r"\?h=[^#]*", "", h.removeprefix(site_url)) for h in hrefs}
        assert expected <= found, (query, sorted(found))
        _search(page, "zzqxj")
        assert page.locator(".md-search-result__item").count() == 0


# -- desktop: tables fit --------------------------------------------------------------------------------------


def test_tables_fit_the_content_column_on_a_desktop(
    browser: Any,  # noqa: F811
    site_url: str,  # noqa: F811
    pages: list[str],
) -> None:
    """At 1400 x 900 no table of any page is wider than the content column, nor scrolls inside its box, and
    the page does not scroll sideways."""
    for session in _session(browser, site_url):
        session.page.set_viewport_size({"width": 1400, "height": 900})
        counted = 0
        for path in pages:
            page_width, tables = _open(session, path).evaluate(WIDTHS_JS)
            assert page_width <= 1400, path
            for width, column, overflow, head in tables:
                counted += 1
                assert width <= column + 0.5 and overflow <= 0, (path, head, width, column, overflow)
        # 29 model tables, the home page's, 7 explorers', 11 on the device pages (2 + 5 + 4 × 1)
        assert counted == 48


# -- phone: name, complexity, primary metric in view ----------------------------------------------------------


def test_on_a_phone_name_complexity_and_primary_metric_are_in_view(
    browser: Any,  # noqa: F811
    site_url: str,  # noqa: F811
    pages: list[str],
    catalogue: Catalogue,
) -> None:
    """At 390 x 844 every model row's name, complexity and primary-metric cells lie inside the viewport
    (each row a card, modelzoo.css), and no page scrolls sideways; the explorer's first three columns
    (model, complexity, primary metric) too."""
    for session in _session(browser, site_url):
        session.page.set_viewport_size({"width": 390, "height": 844})
        rows = 0
        for path in pages:
            page = _open(session, path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
            for anchor, cells in page.evaluate(PHONE_ROWS_JS):
                rows += 1
                assert any("mz-name" in c[0] for c in cells), anchor
                for cls, left, right, width in cells:
                    assert left >= 0 and right <= 390 and width > 0, (path, anchor, cls, left, right)
            for name, cells in page.evaluate(PHONE_EXPLORER_JS):
                for text, left, right in cells:
                    assert left >= 0 and right <= 390, (path, name, text, left, right)
        assert rows == sum(len(catalogue.models_of(t.id)) for t in catalogue.tasks)


# -- long tables: the header row in view, deep links below it ------------------------------------------------


def _long_rows(catalogue: Catalogue) -> list[tuple[str, str]]:
    """(task page, anchor) of the last model of each task's longest table (by source and section)."""
    out = []
    for task in catalogue.tasks:
        tables: dict[tuple[str, str], list[str]] = {}
        for m in catalogue.models_of(task.id):
            tables.setdefault((m.source, m.section), []).append(m.anchor)
        longest = max(tables.values(), key=len)
        if len(longest) >= 8:
            out.append((f"{task.id}/", longest[-1]))
    return out


def test_long_tables_keep_their_header_row_in_view(
    browser: Any,  # noqa: F811
    site_url: str,  # noqa: F811
    catalogue: Catalogue,
) -> None:
    """Scrolled into the middle of a long table, its header row sits right under Material's header; a deep
    link to a row lands with that header row in view and the row below it, inside the window."""
    long_rows = _long_rows(catalogue)
    assert len(long_rows) == 3
    for session in _session(browser, site_url):
        session.page.set_viewport_size({"width": 1400, "height": 900})
        for path, anchor in long_rows:
            page = _open(session, f"{path}#{anchor}")  # a deep link, opened afresh
            page.wait_for_timeout(300)
            at = page.evaluate(STICKY_JS, anchor)
            assert at["tableTop"] < at["headerBottom"], (path, at)  # the table's top is scrolled away...
            assert abs(at["thTop"] - at["headerBottom"]) <= 1, (path, at)  # ...its header row is in view
            assert at["headerBottom"] == HEADER
            assert at["thBottom"] <= at["rowTop"] + 0.5 and at["rowBottom"] <= at["innerHeight"], (path, at)
            # scrolled by hand to the middle of the table: the header row still right under the header
            page.evaluate(
                "(a) => { const t = document.getElementById(a).closest('table');"
                " scrollBy(0, t.getBoundingClientRect().top + t.offsetHeight / 2 - 200); }",
                anchor,
            )
            page.wait_for_timeout(100)
            at = page.evaluate(STICKY_JS, anchor)
            assert at["tableTop"] < at["headerBottom"] and abs(at["thTop"] - at["headerBottom"]) <= 1, (
                path,
                at,
            )


# -- accessibility --------------------------------------------------------------------------------------------


def _axe(page: Any) -> list[str]:
    page.evaluate((files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{v['id']}: {[(n['target'], n['failureSummary']) for n in v['nodes']]}" for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_any_page(
    browser: Any,  # noqa: F811
    site_url: str,  # noqa: F811
    pages: list[str],
    scheme: str,
) -> None:
    """axe-core's WCAG 2 A/AA rules, nothing excluded, on every page of the site (desktop), and on the task
    pages as a phone shows them (rows as cards)."""
    for session in _session(browser, site_url, scheme):
        for path in pages:
            page = _open(session, path)
            assert _axe(page) == [], path
        session.page.set_viewport_size({"width": 390, "height": 844})
        for path in pages:
            if path.count("/") == 1 and path != "references/":
                assert _axe(_open(session, path)) == [], f"{path} at 390 px"
