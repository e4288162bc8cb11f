"""The explorer (<task>/explore/, docs/assets/javascripts/explore.js) in a real browser, on the built site of the
real data: the issue's example, sorting (numbers as numbers, blanks last both ways, stable), each filter, the
URL round trip (malformed values ignored), the downloads of a view, plot <-> row linking and the frontier
recomputed (against generator/analyse.py), instant navigation, the dark palette, the keyboard, the page
without JavaScript, a device filter on data of the documented shape, and axe-core's WCAG 2 A/AA rules.
Expectations are computed from the catalogue, not from the page. Uses tests/test_browser.py's server and
sessions (every request stays on 127.0.0.1; console errors fail a test)."""

from __future__ import annotations

import csv
import io
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA
from test_browser import INTACT_JS, Session, _luminance, _session, browser, site_url  # noqa: F401

from generator.analyse import float_twins, pareto_front, qat_drop
from generator.catalogue import Catalogue, Model
from generator.validate import build_catalogue

pytestmark = pytest.mark.browser

EXPLORE = "image-classification/explore/"
ANCHORS_JS = """() => Array.from(document.querySelectorAll('.mz-x-table tbody tr'))
  .map((tr) => tr.cells[0].querySelector('a').getAttribute('href').split('#')[1])"""
CELLS_JS = """() => Array.from(document.querySelectorAll('.mz-x-table tbody tr'))
  .map((tr) => Array.from(tr.cells).map((td) => td.textContent))"""
HEADERS_JS = (
    "() => Array.from(document.querySelectorAll('.mz-x-table thead button')).map((b) => b.dataset.mzSort)"
)
# the centre of the explorer plot's point of row i
POINT_JS = """(i) => {
  const gd = document.getElementById('mz-x-plot');
  for (const t of gd._fullData) {
    if (t.meta !== 'models') continue;
    const j = Array.from(t.customdata).indexOf(i);
    if (j < 0) continue;
    const r = gd.querySelector('.scatterlayer .trace' + t.uid).querySelectorAll('path.point')[j].getBoundingClientRect();
    return {x: r.x + r.width / 2, y: r.y + r.height / 2};
  }
  return null;
}"""
FRONTIER_JS = """() => {
  const t = document.getElementById('mz-x-plot')._fullData.find((t) => t.meta === 'frontier');
  return [Array.from(t.x), Array.from(t.y)];
}"""


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return build_catalogue(DATA)[0]


@pytest.fixture
def session(browser: Any, site_url: str):  # noqa: F811
    yield from _session(browser, site_url)


def _open(session: Session, path: str) -> Any:
    session.goto(path)
    page = session.page
    page.wait_for_selector(".mz-explorer[data-ready=true]")
    page.wait_for_selector("#mz-x-plot[data-rendered=true]")
    return page


def _models(catalogue: Catalogue, task: str = "image-classification") -> list[Model]:
    return list(catalogue.models_of(task))


def _sorted(models: list[Model], key, descending: bool) -> list[str]:
    """Stable, blanks last both ways (the explorer's rule)."""
    present = [m for m in models if key(m) is not None]
    blank = [m for m in models if key(m) is None]
    present.sort(key=key, reverse=descending)  # Python's sort is stable, reversed or not
    return [m.anchor for m in present + blank]


def _top1(m: Model) -> Decimal | None:
    return m.metric("top1")


def test_the_issue_example(session: Session, catalogue: Catalogue) -> None:
    page = _open(session, EXPLORE + "?max_gmacs=0.5&sort=-top1")
    cheap = [m for m in _models(catalogue) if m.complexity is not None and m.complexity <= Decimal("0.5")]
    assert page.evaluate(ANCHORS_JS) == _sorted(cheap, _top1, True)
    first = page.evaluate(CELLS_JS)[0]
    assert first[:3] == ["EfficientNet-Lite0 ★", "0.407", "75.1"]
    assert page.locator(".mz-x-status").inner_text() == f"{len(cheap)} of 58 models match."
    assert page.url.endswith("?max_gmacs=0.5&sort=-top1")
    assert page.locator("input[inputmode=decimal]").first.input_value() == "0.5"
    assert page.locator(".mz-x-table th[aria-sort=descending]").inner_text().startswith("Top-1 Accuracy%")


def test_sorting_numbers_blanks_last_and_stable(session: Session, catalogue: Catalogue) -> None:
    page = _open(session, EXPLORE)
    models = _models(catalogue)
    assert page.evaluate(ANCHORS_JS)[:5] == [m.anchor for m in models[:5]]  # no sort: file order
    assert len(page.evaluate(ANCHORS_JS)) == 58
    assert page.evaluate(HEADERS_JS) == [  # one dataset: its column hidden (the plot's text names it)
        "name",
        "gmacs",
        "top1",
        "qat_drop",
        "source",
        "input_size",
        "available",
        "qat",
        "notes",
        "model_id",  # TI's model ids of the rows that have one (issue 10)
    ]
    heading = page.locator(".mz-x-table thead button[data-mz-sort=gmacs]")
    heading.click()  # complexity: the smallest first; 0.0526 before 0.054 before 0.2099 (numbers, not text)
    expected = _sorted(models, lambda m: m.complexity, False)
    assert page.evaluate(ANCHORS_JS) == expected
    assert page.url.endswith("?sort=gmacs")
    blanks = [m.anchor for m in models if m.complexity is None]
    assert page.evaluate(ANCHORS_JS)[-len(blanks) :] == blanks  # the 11 without GigaMACs last, file order
    page.locator(".mz-x-table thead button[data-mz-sort=gmacs]").click()  # again: the other way round
    assert page.evaluate(ANCHORS_JS) == _sorted(models, lambda m: m.complexity, True)
    assert page.evaluate(ANCHORS_JS)[-len(blanks) :] == blanks  # still last
    assert page.url.endswith("?sort=-gmacs")
    page.locator(".mz-x-table thead button[data-mz-sort=top1]").click()  # a metric: the best first
    assert page.evaluate(ANCHORS_JS) == _sorted(models, _top1, True)
    page.locator(".mz-x-table thead button[data-mz-sort=name]").click()
    assert page.evaluate(ANCHORS_JS) == _sorted(models, lambda m: m.name.lower(), False)
    page.locator(".mz-x-table thead button[data-mz-sort=qat_drop]").click()
    twins = float_twins(models)
    primary = catalogue.task("image-classification").primary

    def drop(m: Model) -> Decimal | None:
        return qat_drop(m, twins[m.anchor], primary) if m.anchor in twins else None

    assert page.evaluate(ANCHORS_JS) == _sorted(models, drop, False)
    cells = {row[0]: row for row in page.evaluate(CELLS_JS)}
    assert cells["MobileNetV2-QAT"][3] in ("0.37", "0.69")  # two of them: EdgeAI's and torchvision's
    assert [r[3] for r in page.evaluate(CELLS_JS)[:4]] == ["0.37", "0.508", "0.69", "0.852"]
    page.locator(".mz-x-table thead button[data-mz-sort=input_size]").click()
    assert page.evaluate(ANCHORS_JS) == _sorted(models, lambda m: m.size[1], False)


def test_each_filter(session: Session, catalogue: Catalogue) -> None:
    page = _open(session, EXPLORE)
    models = _models(catalogue)

    def shown() -> set[str]:
        return set(page.evaluate(ANCHORS_JS))

    page.get_by_label("Name contains").fill("SWIN")  # any case, any part of a name
    assert shown() == {m.anchor for m in models if "swin" in m.name.lower()} and len(shown()) == 4
    assert page.url.endswith("?q=SWIN")
    page.get_by_label("Name contains").fill("mobilenet qat")  # every word
    assert shown() == {m.anchor for m in models if "mobilenet" in m.name.lower() and "qat" in m.name.lower()}
    page.get_by_label("Name contains").fill("")
    page.get_by_label("Torchvision", exact=True).check()
    page.get_by_label("MXNet", exact=True).check()
    assert shown() == {m.anchor for m in models if m.source in ("torchvision", "gluoncv-mxnet")}
    assert page.url.endswith("?source=torchvision,gluoncv-mxnet")
    page.get_by_label("Torchvision", exact=True).uncheck()
    page.get_by_label("MXNet", exact=True).uncheck()
    page.get_by_label("Training").select_option("only")
    assert shown() == {m.anchor for m in models if m.qat} and len(shown()) == 5
    page.get_by_label("Training").select_option("none")
    assert shown() == {m.anchor for m in models if not m.qat}
    assert page.url.endswith("?qat=none")
    page.get_by_label("Training").select_option("")
    page.get_by_label("Available models only").check()
    assert shown() == {m.anchor for m in models if m.available}
    assert page.url.endswith("?available=y")
    page.get_by_label("Available models only").uncheck()
    page.get_by_label("GigaMACs at most").fill("0.3")
    assert shown() == {
        m.anchor for m in models if m.complexity is not None and m.complexity <= Decimal("0.3")
    }
    page.get_by_label("GigaMACs at most").fill("0.3x")  # not a number: marked, the filter kept
    assert page.get_by_label("GigaMACs at most").get_attribute("aria-invalid") == "true"
    assert page.url.endswith("?max_gmacs=0.3")
    page.get_by_label("GigaMACs at most").fill("")
    page.get_by_label("Top-1 Accuracy% at least").fill("80")
    assert shown() == {m.anchor for m in models if m.metric("top1") is not None and m.metric("top1") >= 80}
    assert page.url.endswith("?min_top1=80")
    page.get_by_role("button", name="Reset the view").click()
    assert len(shown()) == 58 and page.url.endswith("/explore/")


def test_dataset_and_second_metric_filters(session: Session, catalogue: Catalogue) -> None:
    page = _open(session, "object-detection/explore/?dataset=widerface&min_ap50=50")
    models = _models(catalogue, "object-detection")
    expected = [
        m.anchor
        for m in models
        if m.dataset == "widerface" and m.metric("ap50") is not None and m.metric("ap50") >= 50
    ]
    assert page.evaluate(ANCHORS_JS) == expected and expected
    assert page.get_by_label("Dataset", exact=True).input_value() == "widerface"
    assert catalogue.datasets["widerface"].name in page.locator(".mz-x-plot-text").inner_text()
    page.get_by_label("Dataset", exact=True).select_option("coco")
    assert set(page.evaluate(ANCHORS_JS)) == {
        m.anchor
        for m in models
        if m.dataset == "coco" and m.metric("ap50") is not None and m.metric("ap50") >= 50
    }
    # sorting by the second metric plots it
    page.locator(".mz-x-table thead button[data-mz-sort=ap50]").click()
    page.wait_for_function(
        "() => document.getElementById('mz-x-plot').layout.yaxis.title.text.startsWith('AP50%')"
    )


def test_the_url_round_trip(browser: Any, site_url: str, catalogue: Catalogue) -> None:  # noqa: F811
    for session in _session(browser, site_url):
        page = _open(session, EXPLORE)
        page.get_by_label("Name contains").fill("net")
        page.get_by_label("EdgeAI-TorchVision", exact=True).check()
        page.get_by_label("Torchvision", exact=True).check()
        page.get_by_label("Training").select_option("none")
        page.get_by_label("Available models only").check()
        page.get_by_label("GigaMACs at most").fill("2")
        page.get_by_label("Top-1 Accuracy% at least").fill("70")
        page.locator(".mz-x-table thead button[data-mz-sort=gmacs]").click()
        page.locator(".mz-x-table thead button[data-mz-sort=gmacs]").click()
        url = page.url
        assert url.endswith(
            "?q=net&source=edgeai-tv,torchvision&qat=none&available=y&max_gmacs=2&min_top1=70&sort=-gmacs"
        )
        rows = page.evaluate(ANCHORS_JS)
        assert rows and len(rows) < 20
        page.goto(url)  # a fresh load of the link: the same view
        page.wait_for_selector(".mz-explorer[data-ready=true]")
        assert page.evaluate(ANCHORS_JS) == rows
        assert page.get_by_label("Name contains").input_value() == "net"
        assert page.get_by_label("Torchvision", exact=True).is_checked()
        assert not page.get_by_label("MXNet", exact=True).is_checked()
        assert page.get_by_label("Training").input_value() == "none"
        assert page.get_by_label("Available models only").is_checked()
        assert page.get_by_label("GigaMACs at most").input_value() == "2"
        assert page.evaluate("document.getElementById('__search').checked") is False  # Material's ?q= search
        # garbage is ignored, the valid parts kept; a hostile q is only text
        page.goto(
            site_url + EXPLORE + "?max_gmacs=abc&min_top1=-5&sort=nope&source=zzz,edgeai-tv,'%3E&qat=maybe"
            "&available=1&dataset=x&device=tda4vm&unknown=1"  # a device nothing was measured on: ignored
        )
        page.wait_for_selector(".mz-explorer[data-ready=true]")
        assert page.evaluate(ANCHORS_JS) == [m.anchor for m in _models(catalogue) if m.source == "edgeai-tv"]
        hostile = "<img src=x onerror=alert(1)>\"'%{y}"
        page.goto(site_url + EXPLORE + "?q=" + hostile.replace("%", "%25").replace("'", "%27"))
        page.wait_for_selector(".mz-explorer[data-ready=true]")
        assert page.evaluate(ANCHORS_JS) == []
        assert page.get_by_label("Name contains").input_value() == hostile
        assert (
            page.locator(".mz-x-status").inner_text() == "0 of 58 models match. Change or reset the filters."
        )
        assert page.locator(".mz-explorer img").count() == 0
        session.check()


def _download(page: Any, kind: str) -> str:
    with page.expect_download() as info:
        page.locator(f"button[data-mz-download={kind}]").click()
    download = info.value
    assert download.suggested_filename == f"image-classification-view.{kind}"
    return Path(download.path()).read_text(encoding="utf-8")


def test_download_this_view(session: Session, catalogue: Catalogue) -> None:
    page = _open(session, EXPLORE + "?source=edgeai-tv,torchvision&sort=-top1")
    models = [m for m in _models(catalogue) if m.source in ("edgeai-tv", "torchvision")]
    order = _sorted(models, _top1, True)
    by = {m.anchor: m for m in models}
    twins = float_twins(_models(catalogue))
    primary = catalogue.task("image-classification").primary
    rows = list(csv.reader(io.StringIO(_download(page, "csv"))))
    header = [
        *("id", "name", "gmacs", "top1", "qat_drop", "source", "input_size", "available", "qat", "notes"),
        "model_id",
    ]
    assert rows[0] == header
    assert [r[0] for r in rows[1:]] == order
    labels = {"edgeai-tv": "EdgeAI-TorchVision", "torchvision": "Torchvision"}
    for row in rows[1:]:
        m = by[row[0]]
        drop = qat_drop(m, twins[m.anchor], primary) if m.anchor in twins else None
        assert row[1:] == [
            m.name,
            str(m.complexity),
            str(m.metric("top1")),
            "" if drop is None else str(drop),
            labels[m.source],
            m.input_size,
            "Y" if m.available else "",
            "Y" if m.qat else "",
            m.notes,
            m.model_id,
        ]
    # a hidden column is not downloaded; JSON has the same cells
    page.get_by_role("button", name="Columns…").click()
    page.get_by_label("Show the Notes column").uncheck()
    view = json.loads(_download(page, "json"))
    assert view["task"] == "image-classification" and view["view"] == page.url
    assert [c["key"] for c in view["columns"]] == [k for k in header[1:] if k != "notes"]
    assert [m["id"] for m in view["models"]] == order
    first = view["models"][0]
    assert first["url"] == session.base + f"image-classification/#{order[0]}"
    assert {k: first[k] for k in ("name", "gmacs", "top1")} == {
        "name": by[order[0]].name,
        "gmacs": str(by[order[0]].complexity),
        "top1": str(by[order[0]].metric("top1")),
    }


def test_plot_and_rows_are_linked(session: Session, catalogue: Catalogue) -> None:
    page = _open(session, EXPLORE + "?max_gmacs=0.5")
    models = _models(catalogue)
    index = {m.anchor: i for i, m in enumerate(models)}
    cheap = [m for m in models if m.complexity is not None and m.complexity <= Decimal("0.5") and _top1(m)]
    front = pareto_front(cheap, lambda m: m.complexity, _top1)
    xs, ys = page.evaluate(FRONTIER_JS)
    assert [(Decimal(str(x)), Decimal(str(y))) for x, y in zip(xs, ys, strict=True)] == [
        (m.complexity, m.metric("top1")) for m in front
    ]
    stars = [r[0].removesuffix(" ★") for r in page.evaluate(CELLS_JS) if r[0].endswith(" ★")]
    assert sorted(stars) == sorted(m.name for m in front)
    # hovering a row shows its point's label
    row = page.locator(".mz-x-table tbody tr").nth(2)
    name = row.locator("td").first.locator("a").inner_text()
    row.hover()
    page.wait_for_function(
        "(n) => document.querySelector('#mz-x-plot .hoverlayer').textContent.includes(n)", arg=name
    )
    # clicking a point selects its row, on its page of the table
    target = index["tf1-models--nasnetmobile--224x224"]
    page.locator("#mz-x-plot").scroll_into_view_if_needed()
    point = page.evaluate(POINT_JS, target)
    page.mouse.click(point["x"], point["y"])
    selected = page.locator(".mz-x-table tbody tr[aria-current=true]")
    selected.wait_for()
    assert selected.get_attribute("data-mz-row") == str(target)
    assert page.evaluate("document.activeElement.getAttribute('data-mz-row')") == str(target)
    page.wait_for_function(
        "() => document.getElementById('mz-x-plot')._fullData.some((t) => t.meta === 'selected')"
    )
    # a QAT point's hover names its float twin and the drop
    qat = index["edgeai-tv--mobilenetv2-qat--224x224"]
    page.locator(f".mz-x-table tbody tr[data-mz-row='{qat}']").hover()
    page.wait_for_function(
        "() => document.querySelector('#mz-x-plot .hoverlayer').textContent"
        ".includes('QAT model of MobileNetV2 (72.13%): drop 0.37%')"
    )
    # the filter dims the points it leaves out and recomputes the frontier
    page.get_by_label("Top-1 Accuracy% at least").fill("73")
    shown = [m for m in cheap if _top1(m) >= 73]
    front = pareto_front(shown, lambda m: m.complexity, _top1)
    page.wait_for_function(
        "(n) => document.getElementById('mz-x-plot')._fullData.find((t) => t.meta === 'frontier').x.length === n",
        arg=len(front),
    )
    xs, ys = page.evaluate(FRONTIER_JS)
    assert [Decimal(str(x)) for x in xs] == [m.complexity for m in front]
    dim = page.evaluate(
        "() => document.getElementById('mz-x-plot')._fullData.find((t) => t.meta === 'dim').x.length"
    )
    plotted = [m for m in models if m.complexity is not None and _top1(m) is not None]
    assert dim == len(plotted) - len(shown)
    assert page.evaluate(INTACT_JS, "mz-x-plot")


def test_the_frontier_rule_is_the_generators(session: Session) -> None:
    """explore.js's paretoFront against generator.analyse.pareto_front on random points with many ties."""
    _open(session, EXPLORE)
    for seed in range(30):
        rng = random.Random(seed)
        points = [
            (i, rng.randint(1, 6) / 4, rng.randint(0, 5) + rng.choice((0, 0.5)))
            for i in range(rng.randint(0, 25))
        ]
        for higher in (True, False):
            got = session.page.evaluate(
                "([p, h]) => window.modelzooExplore.paretoFront(p, (q) => q[1], (q) => q[2], h).map((q) => q[0])",
                [points, higher],
            )
            want = pareto_front(points, lambda p: p[1], lambda p: p[2], higher_is_better=higher)
            assert got == [p[0] for p in want], (seed, higher)


def test_keyboard(session: Session) -> None:
    page = _open(session, EXPLORE)
    page.locator(".mz-x-table thead button[data-mz-sort=top1]").focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("?sort=-top1")
    assert page.evaluate("document.activeElement.dataset.mzSort") == "top1"  # focus stays on the heading
    page.keyboard.press("Space")
    assert page.url.endswith("?sort=top1")
    first = page.locator(".mz-x-table tbody tr[tabindex='0']")
    assert first.count() == 1  # one row in the tab order; the arrow keys move between rows
    first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    active = page.evaluate("document.activeElement.getAttribute('data-mz-row')")
    assert (
        page.evaluate("document.querySelectorAll('.mz-x-table tbody tr')[2].getAttribute('data-mz-row')")
        == active
    )
    page.keyboard.press("Enter")
    assert page.locator(".mz-x-table tbody tr[aria-current=true]").get_attribute("data-mz-row") == active
    page.keyboard.press(" ")
    assert page.locator(".mz-x-table tbody tr[aria-current=true]").count() == 0
    page.keyboard.press("End")
    assert page.evaluate(
        "document.activeElement === document.querySelector('.mz-x-table tbody tr:last-child')"
    )
    page.keyboard.press("Home")
    assert page.evaluate("document.activeElement === document.querySelector('.mz-x-table tbody tr')")
    # the filters are form controls: typing filters
    page.get_by_label("Name contains").focus()
    page.keyboard.type("levit")
    assert len(page.evaluate(ANCHORS_JS)) == 4


def test_instant_navigation_and_back(session: Session) -> None:
    page = session.page
    session.goto("image-classification/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__mzSamePage = true")
    page.locator(".mz-explore-link a[href$='/image-classification/explore/']").click()
    page.wait_for_selector(".mz-explorer[data-ready=true]")
    page.wait_for_selector("#mz-x-plot[data-rendered=true]")
    assert page.evaluate("window.__mzSamePage") is True  # Material's instant navigation, no reload
    page.get_by_label("Name contains").fill("regnet")
    page.locator(".md-nav--primary a[href$='references/']").first.click()
    page.wait_for_selector("h1#references")
    page.go_back()
    page.wait_for_selector(".mz-explorer[data-ready=true]")
    page.wait_for_selector("#mz-x-plot[data-rendered=true]")
    assert page.evaluate("window.__mzSamePage") is True
    assert page.url.endswith("/explore/?q=regnet")  # the view came back with the page
    assert len(page.evaluate(ANCHORS_JS)) == 7
    assert page.evaluate(INTACT_JS, "mz-x-plot")
    assert session.plotly_loads() == 1


def test_dark_palette(browser: Any, site_url: str) -> None:  # noqa: F811
    for session in _session(browser, site_url, "dark"):
        page = _open(session, EXPLORE)
        assert page.locator("#mz-x-plot").get_attribute("data-scheme") == "slate"
        background = page.evaluate(
            "getComputedStyle(document.querySelector('.mz-x-table th')).backgroundColor"
        )
        assert _luminance(background) < 0.3
        text = page.evaluate("getComputedStyle(document.querySelector('.mz-x-table td')).color")
        assert _luminance(text) > 0.5
        page.locator("label.md-header__button[for='__palette_0']").click()  # to the light palette
        page.wait_for_function(
            "() => document.getElementById('mz-x-plot').getAttribute('data-scheme') === 'default'"
        )
        background = page.evaluate(
            "getComputedStyle(document.querySelector('.mz-x-table th')).backgroundColor"
        )
        assert _luminance(background) > 0.7
        tick = page.evaluate("getComputedStyle(document.querySelector('#mz-x-plot .xtick text')).fill")
        assert _luminance(tick) < 0.5
        session.check()


def test_without_javascript_it_points_to_the_models(browser: Any, site_url: str) -> None:  # noqa: F811
    for session in _session(browser, site_url, javascript=False):
        session.goto(EXPLORE)
        pointer = session.page.locator(".mz-explore-pointer")
        assert pointer.is_visible()
        assert pointer.inner_text().startswith("This page sorts, filters and compares the 58 models")
        assert session.page.locator(
            ".mz-downloads a[href='../../data/image-classification.csv']"
        ).is_visible()
        assert session.plotly_loads() == 0
        session.check()


def test_a_device_filter_on_device_data(session: Session, catalogue: Catalogue) -> None:
    """Issue 10's device results, in the data file's documented shape ("devices", a row's "v"): routed in."""
    page = session.page
    models = _models(catalogue)
    on = {m.anchor: f"{float(m.metric('top1')) - 1:.2f}" for m in models[:6] if m.metric("top1") is not None}

    def route(route: Any) -> None:
        data = json.loads(route.fetch().text())
        data["devices"] = [{"id": "am68a", "name": "AM68A"}, {"id": "tda4vm", "name": "TDA4VM"}]
        for row in data["rows"]:  # the committed data's own figures replaced by these
            row.pop("v", None)
            if row["a"] in on:
                row["v"] = {"am68a": {"top1": on[row["a"]]}}
        route.fulfill(json=data)

    page.route("**/image-classification/explore/models.json", route)
    page = _open(session, EXPLORE + "?device=am68a&sort=-top1@am68a")
    order = sorted(on, key=lambda a: Decimal(on[a]), reverse=True)
    assert page.evaluate(ANCHORS_JS) == order
    assert page.get_by_label("Device", exact=True).input_value() == "am68a"
    assert "top1@am68a" in page.evaluate(HEADERS_JS)
    assert (
        page.locator(".mz-x-table thead button[data-mz-sort='top1@am68a']")
        .inner_text()
        .startswith("Top-1 Accuracy% on AM68A")
    )
    page.get_by_label("Device", exact=True).select_option("tda4vm")
    assert page.evaluate(ANCHORS_JS) == [] and page.url.endswith("?device=tda4vm")
    page.get_by_label("Device", exact=True).select_option("")
    assert len(page.evaluate(ANCHORS_JS)) == 58 and "top1@am68a" not in page.evaluate(HEADERS_JS)


def test_the_device_filter_on_the_committed_data(session: Session, catalogue: Catalogue) -> None:
    """The committed data's AM68A results (TI's report): the filter keeps the rows measured there, the column
    sorts them by their 8-bit figure (the first of a row's ids measured, as the data file says), with where
    the figures come from as the heading's tooltip."""
    devices = catalogue.devices
    assert devices is not None

    def int8(m: Model) -> Decimal | None:
        for model_id in m.model_ids:
            result = devices.result(model_id, "am68a", "int8")
            if result is not None and result.metric("top1") is not None:
                return result.metric("top1")
        return None

    measured = [m for m in _models(catalogue) if int8(m) is not None]
    assert len(measured) >= 20
    page = _open(session, EXPLORE + "?device=am68a&sort=-top1@am68a")
    assert page.evaluate(ANCHORS_JS) == _sorted(measured, int8, True)
    heading = page.locator(".mz-x-table thead button[data-mz-sort='top1@am68a']")
    assert heading.inner_text().startswith("Top-1 Accuracy% on AM68A")
    assert heading.get_attribute("title") == "measured by TI: PC emulation of AM68A, report of 2025-03-10"
    column = page.evaluate(HEADERS_JS).index("top1@am68a")
    shown = [cells[column] for cells in page.evaluate(CELLS_JS)]
    assert shown == [str(int8(m)) for m in sorted(measured, key=int8, reverse=True)]
    options = page.get_by_label("Device", exact=True).locator("option")
    assert options.all_inner_texts()[1:] == ["AM68A"]  # only the device measured: no other SoC offered
    session.check()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Nothing excluded: the footer's contrast is fixed site-wide (modelzoo.css), as tests/test_pages_browser.py checks.
AXE_EXCLUDE: list[list[str]] = []


def _axe(page: Any) -> list[str]:
    from importlib.resources import files

    page.evaluate((files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8"))
    # Material fades its "Back to top" button in when the page scrolls up: mid-fade its text has a colour
    # between the page's and its own (3.94:1 at one moment), which axe would measure. Wait for the end.
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
    result = page.evaluate(
        "([tags, exclude]) => axe.run({exclude: exclude}, {runOnly: {type: 'tag', values: tags}})",
        [AXE_TAGS, AXE_EXCLUDE],
    )
    return [
        f"{v['id']}: {[(n['target'], n['failureSummary']) for n in v['nodes']]}" for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing(browser: Any, site_url: str, scheme: str) -> None:  # noqa: F811
    """axe-core's WCAG 2 A/AA rules on the explorer as it starts, with its columns panel open and a row
    selected, and with no model matching; on a task with one dataset and one with two and two metrics."""
    for session in _session(browser, site_url, scheme):
        page = _open(session, EXPLORE + "?sort=-top1")
        assert _axe(page) == []
        page.get_by_role("button", name="Columns…").click()
        page.locator(".mz-x-table tbody tr").nth(1).click()
        assert page.locator(".mz-x-table tbody tr[aria-current=true]").count() == 1
        assert _axe(page) == []
        page.get_by_label("Name contains").fill("no such model")
        assert _axe(page) == []
        page = _open(session, "object-detection/explore/?dataset=coco")
        assert _axe(page) == []
        session.check()
