"""Link integrity: the built seed site has no broken internal link or #anchor (crawled page by page), the
crawler catches each kind of breakage, a strict build refuses broken anchors (mkdocs `validation:`), and
`make linkcheck`'s external check reports dead links and succeeds without a network."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import FIXTURES, ROOT, Build

from generator import linkcheck


def _anchor_links(site: linkcheck.Site) -> int:
    """How many internal links with a #fragment the site has (so that the crawl is known to check some)."""
    return sum(
        1
        for rel, page in site.pages.items()
        for url in page.links
        if "#" in url and url != "#" and linkcheck._internal_path(site, rel, url) is not None
    )


def test_the_seed_site_has_no_broken_internal_link_or_anchor(seed_site: Build) -> None:
    site = linkcheck.read_site(seed_site.site)
    assert site.base == "https://modelzoo-docs.github.io/modelzoo-docs/"
    assert {"index.html", "404.html", "references/index.html", "image-classification/index.html"} <= set(
        site.pages
    )
    assert linkcheck.internal_problems(site) == []
    # The crawl really followed links: the citations and back-links alone are well over a hundred.
    assert _anchor_links(site) > 100
    assert len(site.sitemap) == len(site.pages) - 1  # every page but 404.html


def test_a_removed_anchor_is_found_on_every_page_linking_to_it(seed_site: Build, tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    shutil.copytree(seed_site.site, site_dir)
    page = site_dir / "image-classification" / "index.html"
    html = page.read_text(encoding="utf-8")
    anchor = "edgeai-tv--mobilenetv2--224x224"
    assert html.count(f'id="{anchor}"') == 1
    page.write_text(html.replace(f'id="{anchor}"', ""), encoding="utf-8")
    problems = linkcheck.internal_problems(linkcheck.read_site(site_dir))
    # The references page cites the row (its "Cited by" link), checked by hand in the seed site.
    assert (
        f"references/index.html: broken anchor '../image-classification/#{anchor}': "
        f"no id '{anchor}' on image-classification/index.html"
    ) in problems
    assert problems and all(f"no id '{anchor}' on image-classification/index.html" in p for p in problems)


HAND_MADE = {
    "index.html": """<html><head><link rel="canonical" href="https://example.org/docs/">
<link rel="stylesheet" href="assets/site.css"></head><body id="top">
<a href="guide/">guide</a> <a href="guide/#setup">setup</a> <a href="guide/#missing">missing</a>
<a href="nothere/">nowhere</a> <a href="#top">top</a> <a href="#">self</a> <a href="mailto:a@example.org">m</a>
<a href="https://elsewhere.example/x#frag">out</a> <a href="https://example.org/docs/guide/#setup">abs</a>
<a href="guide/#caf%C3%A9">encoded</a> <img src="img/a.png"> <script src="js/missing.js"></script>
</body></html>""",
    "guide/index.html": """<html><body><h2 id="setup">Setup</h2><a name="legacy"></a><h3 id="café">C</h3>
<p id="Alpha/Models-1.0">legacy</p>
<a href="../#top">home</a> <a href="../index.html#nope">nope</a> <a href="#legacy">legacy</a>
<a href="..">up</a> <a href="#Alpha/Models-1.0">slash</a> <a href="../guide">no slash</a></body></html>""",
    "404.html": """<html><head><link href="/docs/assets/site.css" rel="stylesheet"></head><body>
<a href="/docs/guide/#setup">setup</a> <a href="/other/x">other</a></body></html>""",
    "sitemap.xml": """<?xml version="1.0" encoding="UTF-8"?><urlset>
<url><loc>https://example.org/docs/</loc></url><url><loc>https://example.org/docs/gone/</loc></url></urlset>""",
    "assets/site.css": "body {}",
    "img/a.png": "",
}


def _write_site(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_crawler_finds_each_kind_of_broken_link(tmp_path: Path) -> None:
    site = linkcheck.read_site(_write_site(tmp_path / "site", HAND_MADE))
    assert site.base == "https://example.org/docs/"
    assert linkcheck.internal_problems(site) == [
        "404.html: broken link '/other/x': points outside the site (https://example.org/docs/)",
        "guide/index.html: broken anchor '../index.html#nope': no id 'nope' on index.html",
        "index.html: broken anchor 'guide/#missing': no id 'missing' on guide/index.html",
        "index.html: broken link 'js/missing.js': no such file in the site",
        "index.html: broken link 'nothere/': no such file in the site",
        "sitemap.xml: broken link 'https://example.org/docs/gone/': no such file in the site",
    ]
    assert linkcheck.external_urls(site) == {"https://elsewhere.example/x": ["index.html"]}


def _strict_build(tmp_path: Path, docs: Path, templates: Path) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {docs}\n"
        "plugins:\n"
        "  - search\n"
        "  - modelzoo:\n"
        f"      data_dir: {FIXTURES / 'two-tasks'}\n"
        f"      templates_dir: {templates}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(tmp_path / "s")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )


def test_strict_build_refuses_a_broken_anchor_in_a_docs_page(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "about.md").write_text(
        "# About\n\nSee [the alpha models](image-classification/index.md#no-such-place).\n"
    )
    proc = _strict_build(tmp_path, docs, ROOT / "templates")
    log = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert re.search(
        r"about\.md.*image-classification/index\.md#no-such-place.*anchor '#no-such-place'", log
    ), log


def test_strict_build_refuses_a_broken_anchor_in_a_generated_page(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    with (templates / "references.md.j2").open("a", encoding="utf-8") as fh:
        fh.write("\n[a row that is not there](image-classification/index.md#nobody--here)\n")
    (tmp_path / "ok").mkdir()
    ok = _strict_build(tmp_path / "ok", ROOT / "docs", ROOT / "templates")  # the same, untouched: builds
    assert ok.returncode == 0, ok.stdout + ok.stderr
    proc = _strict_build(tmp_path, ROOT / "docs", templates)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert "references.md" in log and "anchor '#nobody--here'" in log, log


# --- external links ----------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[
        dict[str, tuple[int, int, str | None]]
    ] = {  # path -> (status for HEAD, status for GET, Location)
        "/ok": (200, 200, None),
        "/missing": (404, 404, None),
        "/nohead": (405, 200, None),
        "/moved": (301, 301, "/ok"),
        "/moved-to-nothing": (302, 302, "/missing"),
        "/forbidden": (403, 403, None),
        "/error": (500, 500, None),
    }

    def _answer(self, method: str) -> None:
        head, get, location = self.routes.get(self.path, (404, 404, None))
        self.send_response(head if method == "HEAD" else get)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_external_checks_follow_http(server: str) -> None:
    paths = ["/ok", "/missing", "/nohead", "/moved", "/moved-to-nothing", "/forbidden", "/error"]
    results = linkcheck.check_external([server + p for p in paths], timeout=5)
    assert [(r.status, r.kind) for r in results] == [
        (200, "ok"),
        (404, "broken"),
        (200, "ok"),  # HEAD refused with 405, GET answered
        (200, "ok"),  # redirect followed
        (404, "broken"),
        (403, "unverified"),
        (500, "broken"),
    ]
    (dead,) = linkcheck.check_external([f"http://127.0.0.1:{_closed_port()}/x"], timeout=5)
    assert (dead.status, dead.kind) == (None, "unreachable")


def _site_linking_to(tmp_path: Path, urls: list[str]) -> Path:
    links = " ".join(f'<a href="{u}">x</a>' for u in urls)
    return _write_site(tmp_path / "site", {"index.html": f"<html><body>{links}</body></html>"})


def test_linkcheck_command_reports_broken_external_links(server: str, tmp_path: Path, capsys) -> None:
    site = _site_linking_to(tmp_path, [server + "/ok", server + "/missing", server + "/forbidden"])
    assert linkcheck.main([str(site), "--external", "--timeout", "5"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "linkcheck: 1 pages, 0 broken internal link(s) or anchor(s)",
        f"index.html: warning: {server}/forbidden: unverified (HTTP 403)",
        f"index.html: error: {server}/missing: broken (HTTP 404)",
        "linkcheck: 3 external links, 1 broken or unreachable",
    ]


def test_linkcheck_without_a_network_says_so_and_succeeds(tmp_path: Path, capsys) -> None:
    site = _site_linking_to(tmp_path, [f"http://127.0.0.1:{_closed_port()}/a", "http://host.invalid/b"])
    assert linkcheck.main([str(site), "--external", "--timeout", "5"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "linkcheck: 1 pages, 0 broken internal link(s) or anchor(s)",
        "linkcheck: no network (no HTTP answer at all): 2 external links not checked",
    ]


def test_linkcheck_is_a_make_target_outside_make_test() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipes = dict(re.findall(r"(?m)^([a-z]+):[^\n]*\n((?:\t[^\n]*\n)*)", makefile))
    assert "generator.linkcheck" in recipes["linkcheck"] and "--external" in recipes["linkcheck"]
    assert "linkcheck" not in recipes["test"]
    proc = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed-stamp", "test"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0 and "linkcheck" not in proc.stdout
