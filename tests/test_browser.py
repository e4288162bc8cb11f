"""The Pareto plots in a real browser: Debian's chromium driven by playwright, against the built site served
on 127.0.0.1. Every request is routed: one that would leave 127.0.0.1 is aborted and fails the test, as do
console errors, page errors and HTTP errors. Light and dark screenshots go to tests/artifacts/.

Without chromium these tests are skipped (with the reason in pytest's summary); with CI=true they fail.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, Build, assert_no_warnings, mkdocs_build

from generator.analyse import analyse_task
from generator.synth import write_synthetic
from generator.validate import build_catalogue

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PAGE = "image-classification/"
PLOTLY_JS = "/assets/vendor/plotly/plotly-basic.min.js"


def _missing() -> str | None:
    if CHROMIUM is None:
        return "chromium not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright not installed (make install)"
    return None


MISSING = _missing()
if MISSING and not IN_CI:
    pytest.skip(f"browser tests skipped: {MISSING}", allow_module_level=True)

# Hand-counted from tests/fixtures/seed/README.md: rows with GigaMACs per source, in page order.
SEED_TRACES = [
    ("EdgeAI-TorchVision", 8),
    ("Torchvision", 9),
    ("EdgeAI-HF-Transformers", 3),
    ("Facebookresearch/pycls", 4),
    ("Tensorflow-TPU", 7),
    ("TensorFlow-Model-Garden-TF1.0", 11),
    ("TensorFlow-Model-Garden-TF2.0-Keras", 2),
    ("MXNet", 3),
]
SQUEEZENET = "tf1-models--squeezenet--224x224"

# JavaScript helpers, evaluated in the page
TRACES_JS = """(id) => {
  const gd = document.getElementById(id);
  return gd._fullData.map((t) => {
    const g = gd.querySelector('.scatterlayer .trace' + t.uid);
    return {name: t.name, type: t.type, meta: t.meta, mode: t.mode,
            points: g ? g.querySelectorAll('path.point').length : 0,
            line: g ? g.querySelectorAll('path.js-line').length : 0};
  });
}"""
# customdata[0] of a point is its link: "#anchor" or "PAGEKEY#anchor"
POINT_JS = """([id, anchor]) => {
  const gd = document.getElementById(id);
  const at = (t) => (Array.isArray(t.customdata) ? t.customdata.findIndex((c) => c[0].endsWith('#' + anchor)) : -1);
  const t = gd._fullData.find((t) => at(t) >= 0);
  const j = at(t);
  const r = gd.querySelector('.scatterlayer .trace' + t.uid).querySelectorAll('path.point')[j]
    .getBoundingClientRect();
  return {x: r.x + r.width / 2, y: r.y + r.height / 2};
}"""
# plotly's layers stay stacked in the plot's box (its stylesheet survives Material's head swaps)
INTACT_JS = """(id) => {
  const gd = document.getElementById(id);
  const box = gd.getBoundingClientRect();
  const svgs = Array.from(gd.querySelectorAll('.main-svg'));
  return svgs.length > 0 && svgs.every((s) => getComputedStyle(s).position === 'absolute'
    && Math.abs(s.getBoundingClientRect().top - box.top) < 1);
}"""
COLOURS_JS = """(id) => {
  const gd = document.getElementById(id);
  return {font: gd._fullLayout.font.color, grid: gd._fullLayout.xaxis.gridcolor,
          tick: getComputedStyle(gd.querySelector('.xtick text')).fill,
          scheme: gd.getAttribute('data-scheme')};
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(site: Path, copy: Path) -> Iterator[str]:
    """Serve a copy of a built site on 127.0.0.1 (a free port) from a thread.

    The site is built for its site_url, and Material's instant navigation only takes over links that its
    sitemap.xml lists (it keeps their port and path). Served here, the sitemap is rewritten to this
    server's origin — as if the site were deployed at that address."""
    shutil.copytree(site, copy)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=copy))
    base = f"http://127.0.0.1:{server.server_port}/"
    sitemap = copy / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8")
    root = min(re.findall(r"<loc>([^<]*)</loc>", text), key=len)
    sitemap.write_text(text.replace(f"<loc>{root}", f"<loc>{base}"), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site_url(seed_site: Build, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _serve(seed_site.site, tmp_path_factory.mktemp("served") / "site")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if MISSING:
        pytest.fail(f"browser tests cannot run: {MISSING}; with CI=true they must", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@dataclass
class Session:
    """One browser context on a served site, with everything that went wrong recorded."""

    page: Any
    base: str
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)

    def wait_rendered(self, plot_id: str = "pareto-imagenet") -> None:
        self.page.wait_for_selector(f"#{plot_id}[data-rendered=true]")

    def plotly_loads(self) -> int:
        return sum(1 for url in self.requests if url.endswith(PLOTLY_JS))

    def check(self) -> None:
        assert not self.external, f"requests left 127.0.0.1: {self.external}"
        assert not self.errors, "\n".join(self.errors)


def _session(browser: Any, base: str, scheme: str = "light", javascript: bool = True) -> Iterator[Session]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme=scheme, java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    session = Session(page, base)
    origin = base.rstrip("/")

    def route(route: Any) -> None:
        url = route.request.url
        if url == origin or url.startswith(origin + "/"):
            session.requests.append(url[len(origin) :].split("?")[0])
            route.continue_()
        else:
            session.external.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and session.errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: session.errors.append(f"page error: {e}"))
    page.on("dialog", lambda d: (session.errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.on(
        "response",
        lambda r: r.status >= 400 and session.errors.append(f"HTTP {r.status}: {r.url}"),
    )
    yield session
    context.close()
    session.check()


@pytest.fixture
def session(browser: Any, site_url: str) -> Iterator[Session]:
    yield from _session(browser, site_url)


def test_plots_render_with_the_right_points(session: Session) -> None:
    session.goto(PAGE)
    session.wait_rendered()
    page = session.page
    traces = page.evaluate(TRACES_JS, "pareto-imagenet")
    assert {t["type"] for t in traces} == {"scatter"}  # never scattergl
    assert [(t["meta"], t["mode"]) for t in traces] == [("frontier", "lines")] + [
        ("models", "markers")
    ] * 8 + [("key", "markers")]
    assert [(t["name"], t["points"]) for t in traces[1:-1]] == SEED_TRACES
    assert traces[0]["line"] == 1 and traces[0]["points"] == 0  # the frontier step line
    assert traces[-1]["points"] == 0  # the QAT legend key has no point
    assert page.evaluate("document.querySelectorAll('canvas').length") == 0  # nothing drawn with WebGL
    # the fallback text is gone
    plot = page.locator("#pareto-imagenet")
    assert plot.locator("p").count() == 0
    # the summary labels the drawn figure (role="figure": an "img" may not hold the focusable toolbar) instead
    assert plot.get_attribute("role") == "figure"
    assert plot.get_attribute("aria-label").startswith(
        "Plot of Top-1 Accuracy% against GigaMACs (log scale): 47"
    )
    # every source section with plottable models has its small plot: its models, both frontiers
    sources = {name: n for name, n in SEED_TRACES}
    source_ids = page.evaluate("Array.from(document.querySelectorAll('.mz-plot-source')).map((e) => e.id)")
    assert len(source_ids) == 8
    for plot_id in source_ids:
        session.wait_rendered(plot_id)
        traces = page.evaluate(TRACES_JS, plot_id)
        assert [t["meta"] for t in traces][:3] == ["faint-frontier", "source-frontier", "models"]
        assert traces[2]["points"] == sources[traces[2]["name"]]
        assert {t["type"] for t in traces} == {"scatter"}
        assert page.evaluate(INTACT_JS, plot_id)
    # plotly.js came once, from the site itself
    assert session.plotly_loads() == 1
    session.check()


def test_plotly_only_on_pages_with_a_plot(session: Session) -> None:
    session.goto("")
    session.page.wait_for_load_state("networkidle")
    assert session.page.locator(".mz-plot").count() == 0
    assert session.plotly_loads() == 0
    assert "/assets/javascripts/plots.js" in session.requests
    # instant navigation to the task page: plotly.js is fetched then, once
    session.page.evaluate("window.__mzSamePage = true")
    session.page.locator(".md-content a[href$='image-classification/']").first.click()
    session.wait_rendered()
    assert session.page.evaluate("window.__mzSamePage") is True
    assert session.plotly_loads() == 1
    session.check()


def test_render_again_after_instant_navigation(session: Session) -> None:
    page = session.page
    session.goto(PAGE)
    session.wait_rendered()
    page.evaluate("window.__mzSamePage = true; document.getElementById('pareto-imagenet').__mzOld = true")
    page.locator(".md-nav--primary a[href$='references/']").first.click()
    page.wait_for_url("**/references/")
    page.wait_for_selector("h1#references")
    assert page.locator(".mz-plot").count() == 0
    page.go_back()
    page.wait_for_function(
        "() => { const e = document.getElementById('pareto-imagenet');"
        " return e && !e.__mzOld && e.getAttribute('data-rendered') === 'true'; }"
    )
    assert page.evaluate("window.__mzSamePage") is True  # instant navigation, not a page load
    traces = page.evaluate(TRACES_JS, "pareto-imagenet")
    assert [(t["name"], t["points"]) for t in traces[1:-1]] == SEED_TRACES
    assert page.evaluate(INTACT_JS, "pareto-imagenet")
    assert session.plotly_loads() == 1
    session.check()


def test_render_again_after_anchor_navigation(session: Session) -> None:
    page = session.page
    session.goto(PAGE)
    session.wait_rendered()
    page.evaluate("window.__mzSamePage = true")
    # a same-page link (Material swaps the content: the plots must be drawn again, and stay intact)
    page.locator(".md-content a[href$='#tf-tpu']").first.click()
    page.wait_for_function("location.hash === '#tf-tpu'")
    for plot_id in ("pareto-imagenet", "pareto-tf-tpu--imagenet"):
        session.wait_rendered(plot_id)
        assert page.evaluate(INTACT_JS, plot_id)
    # the star of a frontier model links back to the plot
    star = page.locator("#tf-tpu--efficientnet-lite4--300x300").locator("xpath=..").locator("a.mz-frontier")
    assert star.get_attribute("title") == (
        "On the Pareto frontier: no model is both cheaper and more accurate"
    )
    star.click()
    page.wait_for_function("location.hash === '#pareto'")
    session.wait_rendered()
    assert page.evaluate(INTACT_JS, "pareto-imagenet")
    traces = page.evaluate(TRACES_JS, "pareto-imagenet")
    assert [(t["name"], t["points"]) for t in traces[1:-1]] == SEED_TRACES
    assert page.evaluate("window.__mzSamePage") is True
    session.check()


def _luminance(css: str) -> float:
    parts = css[css.index("(") + 1 : css.index(")")].split(",")
    r, g, b = (float(x) for x in parts[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def test_palette_toggle_changes_colours(session: Session) -> None:
    page = session.page
    session.goto(PAGE)
    session.wait_rendered()
    light = page.evaluate(COLOURS_JS, "pareto-imagenet")
    assert light["scheme"] == "default"
    page.locator("label.md-header__button[for='__palette_1']").click()
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.mz-plot[data-rendered=true]'))"
        ".every((e) => e.getAttribute('data-scheme') === 'slate')"
    )
    dark = page.evaluate(COLOURS_JS, "pareto-imagenet")
    assert dark["font"] != light["font"] and dark["grid"] != light["grid"] and dark["tick"] != light["tick"]
    assert _luminance(light["tick"]) < 0.5 < _luminance(dark["tick"])  # dark text on light, light on dark
    page.locator("label.md-header__button[for='__palette_0']").click()
    page.wait_for_function(
        "document.getElementById('pareto-imagenet').getAttribute('data-scheme') === 'default'"
    )
    assert page.evaluate(COLOURS_JS, "pareto-imagenet") == light
    session.check()


def test_hover_shows_the_model(session: Session) -> None:
    page = session.page
    session.goto(PAGE)
    session.wait_rendered()
    point = page.evaluate(POINT_JS, ["pareto-imagenet", SQUEEZENET])
    page.mouse.move(point["x"], point["y"])
    page.wait_for_function(
        "document.querySelector('#pareto-imagenet .hoverlayer').textContent.includes('SqueezeNet')"
    )
    text = page.evaluate("document.querySelector('#pareto-imagenet .hoverlayer').textContent")
    assert "GigaMACs: 0.844" in text and "Top-1 Accuracy%: 49.0" in text and "References: [12]" in text
    session.check()


def test_click_goes_to_the_row(session: Session) -> None:
    page = session.page
    session.goto(PAGE)
    session.wait_rendered()
    point = page.evaluate(POINT_JS, ["pareto-imagenet", SQUEEZENET])
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function(f"location.hash === '#{SQUEEZENET}'")
    page.wait_for_function(
        f"() => {{ const r = document.getElementById('{SQUEEZENET}').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )
    # (Material may swap the content after the hash changes: :target follows once it has)
    page.wait_for_function(f"document.getElementById('{SQUEEZENET}').matches(':target')")
    session.wait_rendered()
    assert page.evaluate(INTACT_JS, "pareto-imagenet")
    session.check()


def test_without_javascript_the_page_says_what_the_plot_shows(browser: Any, site_url: str) -> None:
    for session in _session(browser, site_url, javascript=False):
        page = session.page
        session.goto(PAGE)
        fallback = page.locator("#pareto-imagenet p")
        assert fallback.is_visible()
        assert fallback.inner_text().startswith(
            "A plot of Top-1 Accuracy% against GigaMACs (log scale) would show here: the 47 ImageNet models"
        )
        assert page.locator(".mz-plot p").count() == 9
        assert page.locator(".md-content table").count() == 8  # one per source with rows (not ONNX)
        assert session.plotly_loads() == 0
        session.check()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(browser: Any, site_url: str, scheme: str) -> None:
    for session in _session(browser, site_url, scheme):
        session.goto(PAGE)
        session.wait_rendered()
        page = session.page
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("#pareto-imagenet").get_attribute("data-scheme") == expected
        tick = page.evaluate(COLOURS_JS, "pareto-imagenet")["tick"]
        assert (_luminance(tick) > 0.5) == (scheme == "dark")
        page.evaluate("document.fonts.ready")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"image-classification-{scheme}.png"), animations="disabled")
        page.locator("#pareto-tf1-models--imagenet").scroll_into_view_if_needed()
        session.wait_rendered("pareto-tf1-models--imagenet")
        page.locator("#tf1-models").scroll_into_view_if_needed()
        page.wait_for_timeout(300)  # the header's title swap on scroll
        page.screenshot(
            path=str(ARTIFACTS / f"image-classification-source-{scheme}.png"), animations="disabled"
        )
        session.check()


@pytest.fixture(scope="module")
def nasty_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The two-task fixture with HTML in a model name and a source label (and a hover-template field)."""
    tmp = tmp_path_factory.mktemp("nasty-site")
    data = tmp / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    csv = data / "models" / "image-classification.csv"
    csv.write_text(
        csv.read_text().replace(
            "alpha,,imagenet,NetA,", 'alpha,,imagenet,"Net<img src=x onerror=alert(1)>&amp;""</b>",'
        )
    )
    sources = data / "sources.yaml"
    sources.write_text(sources.read_text().replace("label: Alpha", "label: \"A<i>l</i>pha & 'co' %{y}\""))
    build = mkdocs_build(tmp, data)
    assert_no_warnings(build)
    yield from _serve(build.site, tmp / "served")


def test_data_text_shows_literally(browser: Any, nasty_site: str) -> None:
    for session in _session(browser, nasty_site):
        page = session.page
        session.goto(PAGE)
        session.wait_rendered()
        legend = page.evaluate("document.querySelector('#pareto-imagenet .legend').textContent")
        assert "A<i>l</i>pha & 'co' %{y}" in legend
        point = page.evaluate(
            POINT_JS, ["pareto-imagenet", "alpha--net-img-src-x-onerror-alert-1-amp-b--224x224"]
        )
        page.mouse.move(point["x"], point["y"])
        page.wait_for_function(
            "document.querySelector('#pareto-imagenet .hoverlayer').textContent.includes('Net')"
        )
        text = page.evaluate("document.querySelector('#pareto-imagenet .hoverlayer').textContent")
        assert 'Net<img src=x onerror=alert(1)>&amp;"</b>' in text
        assert "Source: A<i>l</i>pha & 'co' %{y}" in text  # not a template field: not the y value
        assert page.locator(".mz-plot img, .mz-plot i").count() == 0
        assert not any(url.endswith("/x") for url in session.requests)
        session.check()


# A synthetic zoo whose overview figure is too big to inline: 500 classification models from 2 sources
# (more than the 300 rows of a page, so each source's table is on pages of its own).
BIG_MODELS = 500
FIGURE_FILE = "/image-classification/pareto-imagenet.json"


@dataclass
class BigSite:
    url: str
    points: dict[str, int]  # source label -> plotted models, from the analysis
    total: int
    elsewhere: str  # anchor of a plotted model whose row is on another page than the task page


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BigSite]:
    tmp = tmp_path_factory.mktemp("big-site")
    data = tmp / "data"
    write_synthetic(data, BIG_MODELS, tasks=1)
    catalogue, _ = build_catalogue(data)
    task = catalogue.task("image-classification")
    overall = analyse_task(catalogue, task).overall["imagenet"]
    points: dict[str, int] = {}
    for point in overall.points:
        label = catalogue.source_label(task, point.model.source)  # the legend's: the task's name for it
        points[label] = points.get(label, 0) + 1
    build = mkdocs_build(tmp, data)
    assert_no_warnings(build)
    assert (build.site / FIGURE_FILE.lstrip("/")).is_file()
    last = overall.points[-1].model.anchor  # the last source's: not on the task page
    for url in _serve(build.site, tmp / "served"):
        yield BigSite(url, points, len(overall.points), last)


def test_big_figure_loads_from_its_file(browser: Any, big_site: BigSite) -> None:
    for session in _session(browser, big_site.url):
        page = session.page
        # instant navigation from the home page: the file's URL is resolved against the task page
        session.goto("")
        page.wait_for_load_state("networkidle")
        page.evaluate("window.__mzSamePage = true")
        page.locator(".md-content a[href$='image-classification/']").first.click()
        session.wait_rendered()
        assert page.evaluate("window.__mzSamePage") is True
        plot = page.locator("#pareto-imagenet")
        assert plot.get_attribute("data-figure-src") == "pareto-imagenet.json"
        assert plot.get_attribute("data-figure") is None
        traces = page.evaluate(TRACES_JS, "pareto-imagenet")
        models = [t for t in traces if t["meta"] == "models"]
        assert {t["name"]: t["points"] for t in models} == big_site.points
        assert sum(t["points"] for t in models) == big_site.total > 400
        assert {t["type"] for t in traces} == {"scatter"}
        assert session.requests.count(FIGURE_FILE) == 1
        assert plot.get_attribute("aria-label").startswith("Plot of Top-1 Accuracy% against GigaMACs")
        # a click on a model whose row is on another page goes to that page, to the row
        point = page.evaluate(POINT_JS, ["pareto-imagenet", big_site.elsewhere])
        # among 467 points it may be drawn where others are: then a menu offers each (plots.js)
        entry = page.evaluate(
            """(anchor) => { const gd = document.getElementById('pareto-imagenet');
              const t = gd.data.findIndex((d) => d.meta === 'models' && d.customdata.some((c) => c[0].endsWith('#' + anchor)));
              const j = gd.data[t].customdata.findIndex((c) => c[0].endsWith('#' + anchor));
              return (gd._mzGroups || {})[t + ' ' + j] ? t + ' ' + j : null; }""",
            big_site.elsewhere,
        )
        page.mouse.click(point["x"], point["y"])
        if entry:
            page.locator(f".mz-plot-menu button[data-mz-point='{entry}']").click()
        page.wait_for_url(f"**#{big_site.elsewhere}")
        page.wait_for_function(f"document.getElementById('{big_site.elsewhere}') !== null")
        assert not page.url.endswith(f"/image-classification/#{big_site.elsewhere}")
        assert page.evaluate(f"document.getElementById('{big_site.elsewhere}').matches(':target')")
        session.check()


def test_big_figure_fetch_failure_keeps_the_fallback(browser: Any, big_site: BigSite) -> None:
    for session in _session(browser, big_site.url):
        page = session.page
        warnings: list[str] = []
        page.on("console", lambda m, out=warnings: m.type == "warning" and out.append(m.text))
        page.route(f"**{FIGURE_FILE}", lambda route: route.abort())
        session.goto(PAGE)
        page.wait_for_selector("#pareto-imagenet[data-rendered=error]")
        assert page.locator("#pareto-imagenet p").inner_text().startswith("A plot of Top-1 Accuracy%")
        assert any("no figure for #pareto-imagenet" in w for w in warnings), warnings
        # the aborted request is the only error (Chromium logs it): no page error, no unhandled rejection
        session.errors[:] = [e for e in session.errors if "Failed to load resource" not in e]
        session.check()


def test_the_policy_stops_an_injected_script(browser: Any, seed_site: Build, tmp_path: Path) -> None:
    """Defence in depth: if some markup got past the escaping into a page, the page's Content-Security-Policy
    still refuses to run it (and the theme's own inline scripts keep working: the plots still draw)."""
    site = tmp_path / "injected"
    shutil.copytree(seed_site.site, site)
    page = site / PAGE / "index.html"
    html = page.read_text(encoding="utf-8")
    injected = '<img src="x.png" onerror="window.__pwned=1"><script>window.__pwned2=1</script>'
    page.write_text(
        html.replace('<h1 id="image-classification">', injected + '<h1 id="image-classification">', 1),
        encoding="utf-8",
    )
    for base in _serve(site, tmp_path / "served"):
        for session in _session(browser, base):
            session.goto(PAGE)
            session.wait_rendered()
            assert session.page.evaluate("[window.__pwned, window.__pwned2]") == [None, None]
            refused = [e for e in session.errors if "Content Security Policy" in e]
            assert len(refused) >= 2, session.errors  # the handler and the script were both refused
            session.errors = [
                e for e in session.errors if e not in refused and "x.png" not in e and "404" not in e
            ]


# -- the metric picker: a task with two metrics (the synthetic zoo's object detection: AP and AP50) ----------

PICKED_JS = """(picker) => Array.from(document.querySelectorAll(picker + ' button')).map((b) => ({
  label: b.textContent, pressed: b.getAttribute('aria-pressed'), plot: b.getAttribute('data-mz-show'),
  visible: !document.getElementById(b.getAttribute('data-mz-show')).closest('[hidden]'),
  rendered: document.getElementById(b.getAttribute('data-mz-show')).getAttribute('data-rendered')}))"""


@pytest.fixture(scope="module")
def metrics_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("metrics-site")
    data = tmp / "data"
    write_synthetic(data, 60, tasks=3)
    build = mkdocs_build(tmp, data)
    assert_no_warnings(build)
    yield from _serve(build.site, tmp / "served")


def test_metric_picker_swaps_the_plots(browser: Any, metrics_site: str) -> None:
    for session in _session(browser, metrics_site):
        page = session.page
        session.goto("object-detection/")
        session.wait_rendered("pareto-coco")
        picker = ".mz-picker"
        assert page.locator(picker).is_visible()  # shown once wired (hidden in the page: no script, no use)
        assert page.locator(picker).get_attribute("role") == "group"
        state = page.evaluate(PICKED_JS, picker)
        assert [(s["label"], s["pressed"], s["plot"], s["visible"]) for s in state] == [
            ("AP[0.5:0.95]%", "true", "pareto-coco", True),
            ("AP50%", "false", "pareto--coco--ap50", False),
        ]
        assert state[1]["rendered"] is None  # a hidden plot is not drawn (plotly cannot size it)
        ap = page.evaluate("document.querySelector('#pareto-coco').layout.yaxis.title.text")
        assert ap == "AP[0.5:0.95]% (%, higher is better)"
        # a click shows the AP50 plot, draws it, hides the AP one
        page.locator(f"{picker} button", has_text="AP50%").click()
        session.wait_rendered("pareto--coco--ap50")
        state = page.evaluate(PICKED_JS, picker)
        assert [(s["pressed"], s["visible"]) for s in state] == [("false", False), ("true", True)]
        assert page.evaluate(INTACT_JS, "pareto--coco--ap50")
        ap50 = page.evaluate("document.querySelector('#pareto--coco--ap50').layout.yaxis.title.text")
        assert ap50 == "AP50% (%, higher is better)"
        # its own "not plotted" list shows with it (rows without AP50), the other's is hidden
        lists = page.evaluate(
            "Array.from(document.querySelectorAll('.mz-choice')).map((c) => [c.hidden,"
            " Array.from(c.querySelectorAll(':scope > p')).map((p) => p.textContent.split(':')[0])])"
        )
        assert lists[1][0] is False and any("without AP50%" in t for t in lists[1][1]), lists
        # the keyboard: Enter on the focused first button picks it (the plot drawn first shows again), Tab
        # to the second and Space picks that
        page.locator(f"{picker} button").first.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("!document.getElementById('pareto-coco').closest('[hidden]')")
        assert [s["pressed"] for s in page.evaluate(PICKED_JS, picker)] == ["true", "false"]
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        page.wait_for_function("!document.getElementById('pareto--coco--ap50').closest('[hidden]')")
        # the dark palette while the AP plot is hidden: it is re-themed when it is picked again
        page.locator("label.md-header__button[for='__palette_1']").click()
        page.wait_for_function(
            "document.getElementById('pareto--coco--ap50').getAttribute('data-scheme') === 'slate'"
        )
        assert page.locator("#pareto-coco").get_attribute("data-scheme") == "default"
        page.locator(f"{picker} button").first.click()
        page.wait_for_function(
            "document.getElementById('pareto-coco').getAttribute('data-scheme') === 'slate'"
        )
        assert page.evaluate(INTACT_JS, "pareto-coco")
        assert session.plotly_loads() == 1
        session.check()


def test_metric_picker_after_instant_navigation(browser: Any, metrics_site: str) -> None:
    for session in _session(browser, metrics_site):
        page = session.page
        session.goto("")
        page.wait_for_load_state("networkidle")
        page.evaluate("window.__mzSamePage = true")
        page.locator(".md-content a[href$='object-detection/']").first.click()
        session.wait_rendered("pareto-coco")
        assert page.evaluate("window.__mzSamePage") is True
        page.locator(".mz-picker button", has_text="AP50%").click()
        session.wait_rendered("pareto--coco--ap50")
        # away and back (instant navigation again): a new picker, wired, the first metric shown
        page.locator(".md-nav--primary a[href$='references/']").first.click()
        page.wait_for_selector("h1#references")
        page.go_back()
        session.wait_rendered("pareto-coco")
        assert page.evaluate("window.__mzSamePage") is True
        assert page.locator(".mz-picker").is_visible()
        page.locator(".mz-picker button", has_text="AP50%").click()
        session.wait_rendered("pareto--coco--ap50")
        assert page.evaluate(INTACT_JS, "pareto--coco--ap50")
        session.check()
