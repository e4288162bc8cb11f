"""The same site from every engine: MkDocs with the plugin, ProperDocs with the plugin, and the folder that
`modelzoo render` writes, built by plain MkDocs (and ProperDocs) without the plugin (issue 12).

Each build is read into a canonical form (every element of every page with its attributes and text, entity
forms decoded, whitespace collapsed) without the differences listed in ACCEPTED, and the forms must be
equal, page by page; so must every other file of the sites (figure JSON, assets, search index, sitemap).
The pages, model rows, ids, citation links and plots compared are counted, so that a comparison of empty
sites cannot pass, and written to tests/artifacts/engines-<case>.md.

The ProperDocs builds run when ProperDocs is installed (it is in the lock: `make test` runs them); under CI
they must run.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import html
import importlib.util
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from conftest import (
    DATA,
    FIXTURES,
    ROOT,
    SEARCH_SEPARATOR,
    TEMPLATES,
    Build,
    assert_no_warnings,
    engine_build,
    mkdocs_build,
)
from hostile import HOSTILE
from htmltools import Element, parse

from generator.cli import main
from generator.publish.folder import NEEDED_EXTENSIONS

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Under CI ProperDocs must be there: its builds run (and fail without it) instead of being skipped.
WITH_PROPERDOCS = importlib.util.find_spec("properdocs") is not None or bool(os.environ.get("CI"))
requires_properdocs = pytest.mark.skipif(
    not WITH_PROPERDOCS, reason="ProperDocs is not installed (`make install` installs it from the lock)"
)


@dataclass(frozen=True)
class Accepted:
    """A difference between the builds that is known and accepted: the elements it ``matches`` are left out
    of the comparison, and ``count(plugin, page)`` says how many each page has, in a build with the plugin
    or without it (the test checks that it is exactly that many)."""

    name: str
    why: str
    matches: Callable[[Element, str], bool]
    """(element, page) -> whether it is one"""
    count: Callable[[bool, str], int]


ACCEPTED = (
    Accepted(
        "edit links",
        "the plugin points each generated page's edit link at its data file; without the plugin there is no "
        "per-page edit target, so the rendered folder's config sets no edit_uri and its pages have none",
        lambda el, page: el.tag == "a" and el.attrs.get("rel") == "edit",
        lambda plugin, page: int(plugin and page != "404.html"),
    ),
    Accepted(
        "the CSP meta",
        "the plugin adds a Content-Security-Policy <meta> hashing the theme's inline scripts of each page; a "
        "plain build cannot (a host can send the policy as a header instead)",
        lambda el, page: (
            el.tag == "meta" and el.attrs.get("http-equiv", "").lower() == "content-security-policy"
        ),
        lambda plugin, page: int(plugin),
    ),
    Accepted(
        "the generator meta",
        "names the engine and its version (mkdocs-1.6.1 / mkdocs-ProperDocs 1.6.7)",
        lambda el, page: el.tag == "meta" and el.attrs.get("name") == "generator",
        lambda plugin, page: 1,
    ),
    Accepted(
        "the home page's <title>",
        "the plugin build's is the site name (Material's home page); the folder's home page has its title "
        "as front matter when that title has something to escape (an engine that titles it like any page, as "
        "Zensical does, would decode it into markup), and then shows 'title - site name'. Compared apart: "
        "equal when the zoo's title has nothing to escape (test_home_page_titles)",
        lambda el, page: el.tag == "title" and page == "index.html",
        lambda plugin, page: int(page == "index.html"),
    ),
)


# -- reading a built site ----------------------------------------------------------------------------------


def _canonical(el: Element, out: list[str], depth: int, removed: dict[str, int], page: str) -> None:
    for child in el.children:
        if isinstance(child, str):
            text = " ".join(child.split())
            if text:
                out.append("  " * depth + repr(text))
            continue
        hit = next((a for a in ACCEPTED if a.matches(child, page)), None)
        if hit is not None:
            removed[hit.name] += 1
            continue
        attrs = " ".join(f"{k}={v!r}" for k, v in sorted(child.attrs.items()))
        out.append("  " * depth + f"<{child.tag} {attrs}>")
        _canonical(child, out, depth + 1, removed, page)


@dataclass
class PageView:
    lines: list[str]
    """The canonical form: one line per element (tag, sorted attributes) or text, indented by depth."""
    removed: dict[str, int]
    """How many elements each accepted difference left out of it."""
    title: str
    """The text of its <title>."""
    ids: list[str]
    rows: list[tuple[str, ...]]
    model_rows: int
    links: list[tuple[str, str]]
    plots: list[tuple[str, object]]


def _content(root: Element) -> Element:
    return next((el for el in root.iter("article")), root)


def _figure(el: Element, page_url: str, files: dict[str, bytes]) -> object:
    if "data-figure" in el.attrs:
        return json.loads(el.attrs["data-figure"])
    target = urlsplit(urljoin("http://site/" + page_url, el.attrs["data-figure-src"])).path.lstrip("/")
    return json.loads(files[target])


def read_page(text: str, page: str, files: dict[str, bytes]) -> PageView:
    root = parse(text)
    removed = {a.name: 0 for a in ACCEPTED}
    lines: list[str] = []
    _canonical(root, lines, 0, removed, page)
    content = _content(root)
    url = page.removesuffix("index.html")
    rows = []
    model_rows = 0
    for tr in content.iter("tr"):
        cells = [c for c in tr.children if isinstance(c, Element) and c.tag in ("td", "th")]
        rows.append(tuple(" ".join(c.text.split()) for c in cells))
        model_rows += any("id" in c.attrs for c in cells)
    plots = [
        (el.attrs.get("id", ""), _figure(el, url, files))
        for el in content.iter()
        if {"data-figure", "data-figure-src"} & set(el.attrs)
    ]
    return PageView(
        lines=lines,
        removed=removed,
        title=" ".join(next(root.iter("title")).text.split()),
        ids=[el.attrs["id"] for el in content.iter() if "id" in el.attrs],
        rows=rows,
        model_rows=model_rows,
        links=[
            (el.attrs["href"], " ".join(el.text.split())) for el in content.iter("a") if "href" in el.attrs
        ],
        plots=plots,
    )


@dataclass
class SiteView:
    name: str
    pages: dict[str, PageView]
    files: dict[str, bytes]
    """Every other file, by path (sitemap.xml.gz decompressed: its gzip header has a date)."""

    @property
    def citations(self) -> list[tuple[str, str]]:
        """Links from one page to an anchor on another (references, and the rows citing them)."""
        return [
            link
            for page in self.pages.values()
            for link in page.links
            if "#" in link[0] and not link[0].startswith("#") and "://" not in link[0]
        ]


def read_site(name: str, site: Path) -> SiteView:
    files: dict[str, bytes] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel.endswith(".html"):
            continue
        data = path.read_bytes()
        files[rel] = gzip.decompress(data) if rel.endswith(".gz") else data
    pages = {
        p.relative_to(site).as_posix(): read_page(
            p.read_text(encoding="utf-8"), p.relative_to(site).as_posix(), files
        )
        for p in sorted(site.rglob("*.html"))
    }
    return SiteView(name, pages, files)


def _diff(a: SiteView, b: SiteView, page: str) -> str:
    lines = difflib.unified_diff(a.pages[page].lines, b.pages[page].lines, a.name, b.name, n=3, lineterm="")
    return "\n".join(list(lines)[:60])


def assert_same_site(plugin: SiteView, other: SiteView) -> None:
    """Page by page, the same canonical HTML; the same other files, byte for byte."""
    assert sorted(other.pages) == sorted(plugin.pages)
    for page in plugin.pages:
        assert other.pages[page].lines == plugin.pages[page].lines, f"{page}:\n{_diff(plugin, other, page)}"
    assert sorted(other.files) == sorted(plugin.files)
    for rel, data in plugin.files.items():
        assert other.files[rel] == data, rel


def assert_accepted_differences(view: SiteView, *, plugin: bool) -> None:
    """The accepted differences are where ACCEPTED says, and only there."""
    for page, pv in view.pages.items():
        for accepted in ACCEPTED:
            assert pv.removed[accepted.name] == accepted.count(plugin, page), (view.name, page, accepted.name)


def counts(view: SiteView) -> dict[str, int]:
    pages = view.pages.values()
    return {
        "pages": len(view.pages),
        "model rows": sum(p.model_rows for p in pages),
        "table rows": sum(len(p.rows) for p in pages),
        "ids": sum(len(p.ids) for p in pages),
        "citation links": len(view.citations),
        "plots": sum(len(p.plots) for p in pages),
        "figure files": sum(
            1 for rel in view.files if rel.endswith(".json") and not rel.startswith("search/")
        ),
    }


# -- the builds ------------------------------------------------------------------------------------------------


def render_folder(out: Path, data: Path, docs: Path = ROOT / "docs") -> Path:
    code = main(
        ["render", "--data", str(data), "--templates", str(TEMPLATES), "--docs", str(docs), "--out", str(out)]
    )
    assert code == 0
    return out


def plain_config(folder: Path) -> dict:
    """The folder's config; checks that it runs no plugin but mkdocs' search (with the project's separator)."""
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == [{"search": {"separator": SEARCH_SEPARATOR}}]
    assert config["docs_dir"] == "docs"
    return config


def _built(build: Build) -> Path:
    assert_no_warnings(build)
    return build.site


def html_path(page: str) -> str:
    """The built file of a page (directory URLs): references.md -> references/index.html."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index") + "index.html"
    return stem + "/index.html"


def _hostile_zoo(dest: Path) -> Path:
    """The two-task fixture with hostile titles (the zoo, the tasks, the sources: the navigation and the
    <title> of pages) and the classification task split into pages of 10 rows (pages out of the navigation,
    figure JSON files)."""
    data = shutil.copytree(FIXTURES / "two-tasks", dest)

    def rewrite(name: str, change: Callable) -> None:
        path = data / name
        value = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(value)
        path.write_text(
            yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
        )

    evil = " ".join(h for h in HOSTILE if "\n" not in h)[:180]
    rewrite("zoo.yaml", lambda z: z.update(title="Zoo " + evil))
    rewrite("sources.yaml", lambda ss: [s.update(title=f"{s['id']} {evil}") for s in ss])
    rewrite(
        "tasks/image-classification.yaml",
        lambda t: t.update(title="</title><script>alert('t')</script> #1 " + evil, rows_per_page=10),
    )
    rewrite("tasks/semantic-segmentation.yaml", lambda t: t.update(title="Seg & <b>bold</b> {#x}"))
    path = data / "models" / "image-classification.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    name = rows[0].index("name")
    extra = [
        [*row[:name], f"{row[name]}-{i} <i>x</i>", *row[name + 1 :]] for i in range(8) for row in rows[1:]
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows + extra)
    return data


def _docs_with_pages(dest: Path) -> Path:
    """The project's docs/ and hand-written pages: at the top, in a folder, and a file exclude_docs leaves out."""
    docs = shutil.copytree(ROOT / "docs", dest)
    (docs / "about.md").write_text("# About this zoo\n\nHand-written.\n", encoding="utf-8")
    (docs / "guides").mkdir()
    (docs / "guides" / "index.md").write_text(
        "# Guides\n\nSee [adding](adding-models.md).\n", encoding="utf-8"
    )
    (docs / "guides" / "adding-models.md").write_text(
        "# Adding a model\n\n[Home](../index.md)\n", encoding="utf-8"
    )
    (docs / "assets" / "screenshot-extra.png").write_bytes(b"\x89PNG not published")
    return docs


def _synthetic_zoo(dest: Path) -> Path:
    """600 synthetic models in 2 tasks: split tasks, and overview plots too big to inline (figure JSON)."""
    assert main(["synth", "--models", "600", "--tasks", "2", "--out", str(dest)]) == 0
    return dest


CASES: dict[str, tuple[Callable[[Path], Path], Callable[[Path], Path]]] = {
    "seed": (lambda tmp: DATA, lambda tmp: ROOT / "docs"),
    "hostile-split": (lambda tmp: _hostile_zoo(tmp / "data"), lambda tmp: ROOT / "docs"),
    "hand-written": (lambda tmp: FIXTURES / "two-tasks", lambda tmp: _docs_with_pages(tmp / "docs")),
    "synthetic": (lambda tmp: _synthetic_zoo(tmp / "data"), lambda tmp: ROOT / "docs"),
}
MINIMAL = "folder, mkdocs, only " + " + ".join(NEEDED_EXTENSIONS)


@dataclass
class Builds:
    case: str
    folder: Path
    pages: list[str]
    """The generated pages (Markdown paths)."""
    zoo_title: str
    views: dict[str, SiteView]


def _minimal_config(folder: Path) -> Path:
    """The folder's config with only the Markdown extensions the README says the generated pages need."""
    config = plain_config(folder)
    names = lambda ext: ext if isinstance(ext, str) else next(iter(ext))  # noqa: E731
    config["markdown_extensions"] = [
        e for e in config["markdown_extensions"] if names(e) in NEEDED_EXTENSIONS
    ]
    assert [names(e) for e in config["markdown_extensions"]] == list(NEEDED_EXTENSIONS)
    path = folder / "minimal.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=sorted(CASES))
def builds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """One data folder (and docs folder) built every way; ProperDocs' builds where it is installed."""
    from generator.pipeline import build_site

    case = request.param
    tmp = tmp_path_factory.mktemp(f"engines-{case}")
    make_data, make_docs = CASES[case]
    data, docs = make_data(tmp), make_docs(tmp)
    folder = render_folder(tmp / "rendered", data, docs)
    minimal = _minimal_config(folder)
    sites: dict[str, Path] = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the sitemap's dates and gzip header: one for all
        for engine in ["mkdocs", "properdocs"] if WITH_PROPERDOCS else ["mkdocs"]:
            (tmp / engine).mkdir()
            sites[f"{engine} + plugin"] = _built(mkdocs_build(tmp / engine, data, docs=docs, engine=engine))
            config = folder / "mkdocs.yml"
            sites[f"folder, {engine}"] = _built(engine_build(config, tmp / f"folder-{engine}", engine=engine))
        sites[MINIMAL] = _built(engine_build(minimal, tmp / "folder-minimal"))
    views = {name: read_site(name, site) for name, site in sites.items()}
    site = build_site(data, TEMPLATES, docs_dir=docs)
    return Builds(case, folder, list(site.pages), site.catalogue.zoo.title, views)


def _compare(builds: Builds, names: list[str]) -> None:
    reference = builds.views["mkdocs + plugin"]
    numbers = counts(reference)
    for name in names:
        view = builds.views[name]
        assert_same_site(reference, view)
        assert_accepted_differences(view, plugin=name.endswith("+ plugin"))
        assert counts(view) == numbers
    assert_accepted_differences(reference, plugin=True)
    # something was compared
    assert numbers["pages"] >= 4 and numbers["model rows"] >= 2 and numbers["ids"] > 20
    assert numbers["citation links"] > 0 and numbers["plots"] > 0
    assert {html_path(p) for p in builds.pages} <= set(reference.pages)
    if builds.case == "synthetic":
        assert numbers["figure files"] > 0 and numbers["model rows"] == 600
    if builds.case in ("synthetic", "hostile-split"):  # pages out of the navigation
        nav = yaml.safe_load((builds.folder / "mkdocs.yml").read_text(encoding="utf-8"))
        assert nav.get("not_in_nav")
    _record(builds, numbers)


def test_home_page_titles(builds: Builds) -> None:
    """The one accepted difference of content: the home page's <title> (see ACCEPTED)."""
    site_name = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]
    zoo = " ".join(builds.zoo_title.split())
    for name, view in builds.views.items():
        title = view.pages["index.html"].title
        if name.endswith("+ plugin") or html.escape(builds.zoo_title) == builds.zoo_title:
            assert title == site_name, name
        else:
            assert title == f"{zoo} - {site_name}", name
    assert builds.case != "hostile-split" or html.escape(builds.zoo_title) != builds.zoo_title


def test_the_rendered_folder_builds_the_same_site_without_the_plugin(builds: Builds) -> None:
    """`modelzoo render --out DIR`, then a plain `mkdocs build -f DIR/mkdocs.yml`: the plugin's site,
    but for the accepted differences; and the same with only the Markdown extensions the README lists."""
    _compare(builds, ["folder, mkdocs", MINIMAL])


@requires_properdocs
def test_properdocs_builds_the_same_site_with_the_plugin_and_from_the_folder(builds: Builds) -> None:
    _compare(builds, ["properdocs + plugin", "folder, properdocs"])


def _record(builds: Builds, numbers: dict[str, int]) -> None:
    """What was compared, for the record (tests/artifacts/engines-<case>.md)."""
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"# {builds.case}: {', '.join(builds.views)}", ""]
    lines += [f"- {k}: {v}" for k, v in numbers.items()]
    lines += ["", "Accepted differences:", ""] + [f"- {a.name}: {a.why}" for a in ACCEPTED]
    (ARTIFACTS / f"engines-{builds.case}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the rendered folder itself --------------------------------------------------------------------------------


def _render(out: Path, *extra: str, data: Path = FIXTURES / "two-tasks") -> int:
    return main(["render", "--data", str(data), "--templates", str(TEMPLATES), *extra, "--out", str(out)])


def _errors(capsys: pytest.CaptureFixture[str]) -> str:
    return "".join(line for line in capsys.readouterr().err.splitlines(True) if ": warning: " not in line)


def test_the_folder_config_is_the_projects_without_the_plugin(tmp_path: Path) -> None:
    out = render_folder(tmp_path / "out", DATA)
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config = plain_config(out)
    assert config.pop("nav") == [
        {"TI Edge AI Model Zoo": "index.md"},
        *(
            {title: [f"{task}/index.md", {"Explore": [f"{task}/explore/index.md"]}]}  # each task's explorer
            for title, task in (
                ("Image Classification", "image-classification"),
                ("Object Detection", "object-detection"),
                ("Semantic Segmentation", "semantic-segmentation"),
                ("Keypoint Detection", "keypoint-detection"),
                ("Depth Estimation", "depth-estimation"),
                ("3D Object Detection", "object-detection-3d"),
                ("6D Pose Estimation", "object-6d-pose"),
            )
        ),
        # a section: the overview, then each device's page (titled from its heading, as mkdocs does)
        {
            "Devices": [
                "devices/index.md",
                {"AM62A": ["devices/am62a/index.md"]},
                {"AM67A": ["devices/am67a/index.md"]},
                {"AM68A": ["devices/am68a/index.md"]},
                {"AM69A": ["devices/am69a/index.md"]},
                {"TDA4VM": ["devices/tda4vm/index.md"]},
            ]
        },
        {"References": "references/index.md"},  # each page the index of its own folder: see own_folder
    ]
    assert config.pop("edit_uri") == "" and project.pop("edit_uri").startswith("https://")
    assert config.pop("plugins") == [{"search": {"separator": SEARCH_SEPARATOR}}]
    assert project.pop("plugins")[1]["modelzoo"]
    assert config == project  # everything else as the project has it: theme, extensions, assets, validation
    text = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.startswith("# Written by `modelzoo render` from ")
    # the seed has no page out of the navigation; the home page has no front matter (its <title> is the site's)
    assert "not_in_nav" not in config
    assert (out / "docs" / "index.md").read_text(encoding="utf-8").startswith("# TI Edge AI Model Zoo\n")
    assert (
        (out / "docs" / "references" / "index.md")
        .read_text(encoding="utf-8")
        .startswith('---\n"title": "References"\n---\n\n# References\n')
    )


def test_the_folder_config_keeps_tags_anchors_and_patterns(tmp_path: Path) -> None:
    """The config is edited as YAML nodes: !ENV and !!python/name: tags stay as written, anchors too; the
    plugin goes in its mapping form as well; not_in_nav keeps the project's patterns and adds the pages
    the plugin keeps out of the navigation."""
    config = tmp_path / "site.yml"
    config.write_text(
        "site_name: !ENV [ZOO_NAME, 'A zoo']\n"
        "theme: {name: material}\n"
        "plugins: {search: {}, modelzoo: {data_dir: data}}\n"
        "markdown_extensions:\n"
        "  - attr_list\n"
        "  - toc: &toc {permalink: true}\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra: {toc: *toc}\n"
        "not_in_nav: |\n  /drafts/*.md\n",
        encoding="utf-8",
    )
    data = _hostile_zoo(tmp_path / "data")
    assert _render(tmp_path / "out", "--config", str(config), data=data) == 0
    text = (tmp_path / "out" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: !ENV [ZOO_NAME, 'A zoo']" in text
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji ''" in text
    assert "- toc: &id001" in text and "toc: *id001" in text
    assert "plugins: {search: {}}" in text
    pages = yaml.compose(text, Loader=yaml.SafeLoader)
    (not_in_nav,) = (v for k, v in pages.value if k.value == "not_in_nav")
    assert not_in_nav.value.splitlines() == [
        "/drafts/*.md",
        "/image-classification/alpha/2/index.md",
        "/image-classification/alpha/index.md",
        "/image-classification/beta/index.md",
    ]


def test_a_hostile_title_is_escaped_front_matter_of_three_lines() -> None:
    from generator.publish.folder import titled

    page = "# &lt;/title&gt;&#35; a&#10;b \u2028c \u00e9\n\nbody\n"
    assert titled(page) == ('---\n"title": "&lt;/title&gt;# a\\nb \\Lc \\xE9"\n---\n\n' + page)
    assert yaml.safe_load(titled(page).split("---\n")[1]) == {"title": "&lt;/title&gt;# a\nb \u2028c \u00e9"}
    # the home page: only a title with something to escape (see generator.publish.folder.meta_title)
    assert titled("# Tiny Zoo\n", home=True) == "# Tiny Zoo\n"
    assert titled("# A &amp; B\n", home=True) == '---\n"title": "A &amp; B"\n---\n\n# A &amp; B\n'
    assert titled("no title\n# later\n") == "no title\n# later\n"
    assert titled("#  \n") == "#  \n"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            "INHERIT: base.yml\n",
            "INHERIT: not supported by `modelzoo render` (INHERIT names a file outside the folder)",
        ),
        (
            "hooks: [hooks.py]\n",
            "hooks: not supported by `modelzoo render` (hooks are plugins, and the folder is built without any)",
        ),
        (
            "theme: {name: material, custom_dir: overrides}\n",
            "theme.custom_dir: not supported by `modelzoo render` (a folder outside the rendered one)",
        ),
        ("- a list\n", "expected a mapping of settings"),
        ("exclude_docs: [a, b]\n", "exclude_docs: expected a plain string of patterns"),
    ],
)
def test_configs_the_folder_cannot_take_are_refused(
    tmp_path: Path, capsys, config: str, message: str
) -> None:
    path = tmp_path / "site.yml"
    path.write_text("site_name: Zoo\n" + config if not config.startswith("-") else config, encoding="utf-8")
    capsys.readouterr()
    assert _render(tmp_path / "out", "--config", str(path)) == 1
    assert _errors(capsys) == f"modelzoo: error: {path.as_posix()}: {message}\n"
    assert not (tmp_path / "out").exists()


def test_render_needs_a_config(tmp_path: Path, capsys) -> None:
    capsys.readouterr()
    assert _render(tmp_path / "out", "--config", str(tmp_path / "absent.yml")) == 1
    assert _errors(capsys) == (
        f"modelzoo: error: config not found: {tmp_path / 'absent.yml'} (give the site's mkdocs.yml with --config)\n"
    )
    assert not (tmp_path / "out").exists()


def test_docs_files_that_would_hide_a_page_or_cannot_be_read_are_refused(tmp_path: Path, capsys) -> None:
    docs = shutil.copytree(ROOT / "docs", tmp_path / "docs")
    (docs / "references.md").write_text("# Mine\n", encoding="utf-8")
    capsys.readouterr()
    assert _render(tmp_path / "out", "--docs", str(docs)) == 1
    assert _errors(capsys) == (
        "modelzoo: error: docs/references.md would hide the generated file references.md; remove or rename it\n"
    )
    (docs / "references.md").unlink()
    (docs / "references").mkdir()  # where the folder puts it (own_folder)
    (docs / "references" / "index.md").write_text("# Mine\n", encoding="utf-8")
    assert _render(tmp_path / "out", "--docs", str(docs)) == 1
    assert _errors(capsys) == (
        "modelzoo: error: docs/references/index.md would hide the generated file references.md; "
        "remove or rename it\n"
    )
    shutil.rmtree(docs / "references")
    os.mkfifo(docs / "pipe.md")
    assert _render(tmp_path / "out", "--docs", str(docs)) == 1
    assert (
        _errors(capsys)
        == f"modelzoo: error: {docs.as_posix()}/pipe.md: a FIFO (named pipe), not a regular file\n"
    )
    assert not (tmp_path / "out").exists()


def test_the_folder_holds_what_the_site_publishes_of_docs(tmp_path: Path) -> None:
    """Not what exclude_docs leaves out (the vendor README, screenshots), nor MkDocs' own exclusions
    (hidden files, templates/); hand-written pages go into the navigation after the generated ones, by
    folder, as MkDocs orders and titles them, unless not_in_nav or draft_docs keep them out."""
    docs = _docs_with_pages(tmp_path / "docs")
    (docs / ".hidden.md").write_text("# Hidden\n", encoding="utf-8")
    (docs / "templates").mkdir()
    (docs / "templates" / "x.html").write_text("<p>theme override</p>\n", encoding="utf-8")
    (docs / "my_Notes").mkdir()
    (docs / "my_Notes" / "README.md").write_text("# Notes\n", encoding="utf-8")
    (docs / "my_Notes" / "draft.md").write_text("# Draft\n", encoding="utf-8")
    config = tmp_path / "site.yml"
    config.write_text(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "draft_docs: |\n  draft.md\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    assert _render(out, "--docs", str(docs), "--config", str(config)) == 0
    files = sorted(p.relative_to(out / "docs").as_posix() for p in (out / "docs").rglob("*") if p.is_file())
    assert [f for f in files if not f.startswith("assets/")] == [
        "about.md",
        "data/image-classification.csv",  # the downloads
        "data/semantic-segmentation.csv",
        "data/zoo.json",
        "data/zoo.schema.json",
        "guides/adding-models.md",
        "guides/index.md",
        "image-classification/explore/index.md",
        "image-classification/explore/models.json",
        "image-classification/index.md",
        "index.md",
        "my_Notes/README.md",
        "my_Notes/draft.md",
        "references/index.md",
        "semantic-segmentation/explore/index.md",
        "semantic-segmentation/explore/models.json",
        "semantic-segmentation/index.md",
    ]
    assert "assets/vendor/README.md" not in files and not [f for f in files if "screenshot" in f]
    assert (out / "docs" / "about.md").read_bytes() == (docs / "about.md").read_bytes()
    assert plain_config(out)["nav"] == [
        {"Tiny Zoo": "index.md"},
        {
            "Image Classification": [
                "image-classification/index.md",
                {"Explore": ["image-classification/explore/index.md"]},
            ]
        },
        {
            "Semantic Segmentation": [
                "semantic-segmentation/index.md",
                {"Explore": ["semantic-segmentation/explore/index.md"]},
            ]
        },
        {"References": "references/index.md"},
        "about.md",
        {"Guides": ["guides/index.md", "guides/adding-models.md"]},
        {"my Notes": ["my_Notes/README.md"]},
    ]
