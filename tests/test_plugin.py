"""The mkdocs plugin: invalid data fails build and serve with the validator's messages, nothing is lost,
and `mkdocs serve` rebuilds when data/ or templates/ change."""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, TEMPLATES, Build, mkdocs_build
from htmltools import parse

from generator.cli import main

BAD_ROW = "alpha,,imagenet,NetZ,224x224,abc,101,Y,,,paper-x\n"


def _bad_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    with (data / "models" / "image-classification.csv").open("a", encoding="utf-8") as fh:
        fh.write(BAD_ROW)
    return data


def _validate_lines(data: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    os.chdir(data.parent)  # paths are shown relative to the folder of mkdocs.yml, here tmp_path
    assert main(["validate", "--data", "data", "--templates", str(TEMPLATES)]) == 1
    return [line for line in capsys.readouterr().out.splitlines() if ": error: " in line]


def test_invalid_data_fails_the_build_with_the_validator_messages(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = _bad_data(tmp_path)
    expected = _validate_lines(data, capsys)
    assert len(expected) == 3  # gmacs 'abc', top1 101, unknown reference 'paper-x'
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.html").write_text("last good build", encoding="utf-8")
    build = mkdocs_build(tmp_path, data, site=site)
    assert build.returncode == 1
    for line in expected:
        assert line in build.log
    assert "Traceback" not in build.log
    # The build stopped before mkdocs cleaned the site directory.
    assert [p.name for p in site.iterdir()] == ["keep.html"]


def test_make_build_keeps_the_last_good_site(tmp_path: Path) -> None:
    site = tmp_path / "out"
    good = mkdocs_build(tmp_path, FIXTURES / "two-tasks", site=site)
    assert good.returncode == 0
    before = sorted(str(p.relative_to(site)) for p in site.rglob("*"))
    data = _bad_data(tmp_path / "bad")
    config = tmp_path / "bad" / "mkdocs.yml"
    config.write_text((tmp_path / "mkdocs.yml").read_text().replace(str(FIXTURES / "two-tasks"), str(data)))
    proc = subprocess.run(
        ["make", "-C", str(ROOT), "build", f"CONFIG={config}", f"SITE={site}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "unknown reference 'paper-x'" in proc.stdout + proc.stderr
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*")) == before
    assert not Path(f"{site}.new").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return resp.read().decode("utf-8")


def _wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def _serve(tmp_path: Path, data: Path, templates: Path) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {ROOT / 'docs'}\nplugins:\n  - search\n  - modelzoo:\n"
        f"      data_dir: {data}\n      templates_dir: {templates}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    # mkdocs serve mounts the site at site_url's path (and redirects / there).
    return proc, f"http://127.0.0.1:{port}/modelzoo-docs/"


def test_serve_rebuilds_on_data_and_template_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    templates = tmp_path / "templates"
    shutil.copytree(FIXTURES / "two-tasks", data)
    shutil.copytree(TEMPLATES, templates)
    proc, url = _serve(tmp_path, data, templates)
    try:
        page = url + "image-classification/"
        assert _wait_for(lambda: "75.1" in _get(page)), "serve never came up"
        csv = data / "models" / "image-classification.csv"
        csv.write_text(csv.read_text(encoding="utf-8").replace("75.1", "76.4"), encoding="utf-8")
        assert _wait_for(lambda: "76.4" in _get(page)), "data change was not rebuilt"
        index = templates / "index.md.j2"
        index.write_text(index.read_text(encoding="utf-8") + "\nTemplate edit marker.\n", encoding="utf-8")
        assert _wait_for(lambda: "Template edit marker." in _get(url)), "template change was not rebuilt"
        # Invalid data: the error is reported and the last good pages keep being served.
        with csv.open("a", encoding="utf-8") as fh:
            fh.write(BAD_ROW)
        assert _wait_for(lambda: "The data has errors" in _get(page)), "no error banner after invalid data"
        stale = _get(page)
        assert "76.4" in stale  # the last valid content is still served
        assert "<title>Image Classification - " in stale  # the banner sits under the page's own title
        assert (
            "unknown reference &#x27;paper-x&#x27;" in stale or "unknown reference &#39;paper-x&#39;" in stale
        )
        # Fixing the data brings the normal page back.
        csv.write_text(csv.read_text(encoding="utf-8").replace(BAD_ROW, ""), encoding="utf-8")
        assert _wait_for(lambda: "The data has errors" not in _get(page)), "did not recover after the fix"
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert "unknown reference 'paper-x'" in out
    assert "Traceback" not in out
    assert not list((ROOT / "docs").rglob("image-classification.md"))


def test_serve_starts_on_invalid_data_and_shows_the_errors(tmp_path: Path) -> None:
    """`make serve` on data that is already invalid: the server starts with a page of errors (so the data
    can be fixed with live reload), and the site appears once the data is valid."""
    data = _bad_data(tmp_path)
    proc, url = _serve(tmp_path, data, TEMPLATES)
    try:
        assert _wait_for(lambda: "The data has errors" in _get(url)), "serve did not start on invalid data"
        home = _get(url)
        assert "<title>The site could not be built" in home or "The site could not be built" in home
        assert "gmacs: expected a plain decimal number like 71.83, got &#x27;abc&#x27;" in home
        csv = data / "models" / "image-classification.csv"
        csv.write_text(csv.read_text(encoding="utf-8").replace(BAD_ROW, ""), encoding="utf-8")
        page = url + "image-classification/"
        assert _wait_for(lambda: "75.1" in _get(page)), "the site did not appear after the fix"
        assert "The data has errors" not in _get(url)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert "gmacs: expected a plain decimal number like 71.83, got 'abc'" in out
    assert "Traceback" not in out


def test_stale_pages_put_the_banner_under_each_title_and_leave_assets_alone() -> None:
    from generator.pipeline import build_site
    from generator.publish.plugin import stale_pages

    site = build_site(FIXTURES / "two-tasks", TEMPLATES)
    site = dataclasses.replace(site, assets={"image-classification/pareto-imagenet.json": '{"data":[]}'})
    stale = stale_pages(site, "data/x.csv:2:3: error: name: <b>bad</b>")
    assert stale["image-classification/pareto-imagenet.json"] == '{"data":[]}'
    for path, text in site.pages.items():
        title = text.partition("\n")[0]
        assert title.startswith("# ")
        assert stale[path].startswith(title + '\n\n<div class="admonition failure mz-stale">'), path
        assert "&lt;b&gt;bad&lt;/b&gt;" in stale[path]
    assert set(stale_pages(None, "x")) == {"index.md"}


def test_a_symlink_in_docs_stops_the_build_before_mkdocs_follows_it(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "leak.md").symlink_to("/etc/hostname")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nplugins:\n  - modelzoo:\n"
        f"      data_dir: {FIXTURES / 'two-tasks'}\n      templates_dir: {TEMPLATES}\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "--site-dir", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert proc.returncode == 1
    assert "docs/leak.md:0:0: error: (file): symbolic links are not allowed in the docs folder" in proc.stderr
    assert Path("/etc/hostname").read_text().strip() not in proc.stdout + proc.stderr
    assert not (tmp_path / "site").exists()


def test_previous_and_next_pages_follow_the_navigation_order(seed_site: Build) -> None:
    """The plugin reorders the navigation (home, the tasks, the devices, references): the pages'
    previous/next links (<link rel="prev/next">) follow that order, not the one mkdocs had before."""

    def links(page: str) -> dict[str, str]:
        root = parse(seed_site.page(page))
        return {
            el.attrs["rel"]: el.attrs["href"]
            for el in root.iter("link")
            if el.attrs.get("rel") in ("prev", "next")
        }

    assert links("index.html") == {"next": "image-classification/"}
    # each task, then its explorer
    assert links("image-classification/index.html") == {"prev": "..", "next": "explore/"}
    assert links("image-classification/explore/index.html") == {
        "prev": "../",
        "next": "../../object-detection/",
    }
    assert links("object-detection/index.html") == {
        "prev": "../image-classification/explore/",
        "next": "explore/",
    }
    assert links("object-6d-pose/explore/index.html") == {"prev": "../", "next": "../../devices/"}
    assert links("devices/index.html") == {"prev": "../object-6d-pose/explore/", "next": "am62a/"}
    assert links("devices/am68a/index.html") == {"prev": "../am67a/", "next": "../am69a/"}
    assert links("devices/tda4vm/index.html") == {"prev": "../am69a/", "next": "../../references/"}
    assert links("references/index.html") == {"prev": "../devices/tda4vm/"}


def test_the_sites_own_scripts_are_served_minified(seed_site) -> None:
    """docs/assets/javascripts/*.js stay readable; the site serves each minified (comments and blank space
    out: rjsmin), and what is vendored as it is. The browser tests run the minified ones."""
    from generator.publish.scripts import minified

    own = sorted((ROOT / "docs" / "assets" / "javascripts").glob("*.js"))
    assert [p.name for p in own] and all(not p.name.endswith(".min.js") for p in own)
    for source in own:
        served = (seed_site.site / "assets" / "javascripts" / source.name).read_text(encoding="utf-8")
        text = source.read_text(encoding="utf-8")
        assert served == minified(text)
        assert len(served) < 0.8 * len(text)
        assert "\n//" not in served and "/* " not in served  # no comment left
    vendored = "assets/vendor/plotly/plotly-basic.min.js"
    assert (seed_site.site / vendored).read_bytes() == (ROOT / "docs" / vendored).read_bytes()


def test_minifying_keeps_strings_regular_expressions_and_licence_comments() -> None:
    from generator.publish.scripts import minified

    source = (
        "/*! keep: licence */\n"
        "// a comment\n"
        'var a = "  /* not a comment */  "; /* gone */\n'
        "var re = /[/]+\\/\\/x/g;  // a regular expression with slashes\n"
        "var b = a   +   1;\n"
    )
    assert minified(source) == (
        '/*! keep: licence */var a="  /* not a comment */  ";var re=/[/]+\\/\\/x/g;var b=a+1;\n'
    )
