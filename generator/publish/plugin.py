"""The mkdocs plugin: glue between mkdocs and the engine-neutral core.

on_pre_build runs the pipeline (``generator.pipeline.build_site``: collect, then write, so an error stops
the build before mkdocs cleans site/); on_files adds its pages and assets as generated files; on_nav titles
and orders the navigation; on_serve watches data/ and templates/. Nothing is ever written into docs/.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.diagnostics import DataError
from generator.paths import INDEX_PAGE, titled_in_nav
from generator.pipeline import Site, build_site
from generator.publish.csp import add_policy
from generator.publish.folder import own_folder
from generator.publish.scripts import is_own_script, minified
from generator.publish.siteconfig import mkdocs_sort_key

if TYPE_CHECKING:  # only a type: importing it at run time costs ~20 ms on every build
    from mkdocs.livereload import LiveReloadServer

# Data warnings go to a logger outside "mkdocs.*" so that `mkdocs build --strict` does not fail on them
# (the seed itself has warnings: a duplicate row and two uncited references). They are printed all the same.
data_log = logging.getLogger("modelzoo")
log = logging.getLogger("mkdocs.plugins.modelzoo")


class ModelZooConfig(Config):
    data_dir = c.Type(str, default="data")
    """Folder of data files, relative to mkdocs.yml."""
    templates_dir = c.Type(str, default="templates")
    """Folder of Jinja2 page templates, relative to mkdocs.yml."""


class ModelZooPlugin(BasePlugin[ModelZooConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None  # the last valid build
        self.files: dict[str, str] = {}  # what on_files adds this build: pages and assets
        self.serving = False
        self.root = Path.cwd()

    def _paths(self, config: MkDocsConfig) -> tuple[Path, Path]:
        return self.root / self.config.data_dir, self.root / self.config.templates_dir

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.root = Path(config.config_file_path).resolve().parent
        _share_mkdocs_console(data_log)
        return config

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        data_dir, templates_dir = self._paths(config)
        try:
            site = build_site(data_dir, templates_dir, docs_dir=Path(config.docs_dir), display_root=self.root)
        except DataError as exc:
            report = exc.report("text")
            if not self.serving:
                raise PluginError("modelzoo: invalid data\n" + report) from None
            # Under `mkdocs serve` the server stays up, so that the maintainer fixes the data with live
            # reload: the errors go to the terminal and onto the pages (the last valid ones, or an error
            # page when there has been none yet).
            for line in report.splitlines():
                data_log.error(line)
            self.files = stale_pages(self.site, report)
            return
        for warning in site.warnings:
            data_log.warning(warning.format("text"))
        self.site = site
        self.files = site.files()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        site = self.site
        generated: list[File] = []
        # The project's own scripts, served minified (generator/publish/scripts.py).
        for file in list(files):
            if is_own_script(file.src_uri) and not file.generated_by and file.src_dir == config.docs_dir:
                source = Path(file.abs_src_path or "").read_text(encoding="utf-8")
                files.remove(file)
                generated.append(File.generated(config, file.src_uri, content=minified(source)))
        for path, text in self.files.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"modelzoo: docs/{path} would hide the generated file {path}; remove or rename it"
                )
            file = File.generated(config, path, content=text)
            if path.endswith(".md") and (site is None or path not in site.nav):
                file.inclusion = InclusionLevel.NOT_IN_NAV
            data_file = site.edit_files.get(path) if site else None
            # edit_uri is relative to docs_dir in the repository; the data files live beside docs/.
            if data_file:
                target = (self.root / data_file).resolve()
                file.edit_uri = Path(os.path.relpath(target, Path(config.docs_dir).resolve())).as_posix()
            else:
                file.edit_uri = None
            generated.append(file)
        # Among the files of docs/, in mkdocs' order of the rendered folder's files (where each generated
        # page is the index.md of its own folder): pages are built, and listed in the search index, in this
        # order, as in a build of the folder.
        pages = set(site.pages) if site else set()

        def order(file: File) -> tuple[tuple[str, ...], bool, str]:
            path = file.src_uri
            return mkdocs_sort_key(own_folder(path) if file.generated_by and path in pages else path)

        return Files(sorted([*files, *generated], key=order))

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> None:
        # urljoin does not normalise ../ when edit_uri is absolute: do it so the link is clean.
        if page.file.generated_by and page.edit_url and "/../" in page.edit_url:
            scheme, _, rest = page.edit_url.partition("://")
            host, _, path = rest.partition("/")
            page.edit_url = f"{scheme}://{host}/{posixpath.normpath(path)}"
        # Material writes <title>{{ page.title | striptags }}</title>, and striptags decodes the escaped
        # title's entities back into raw HTML (a task titled "</title><script>…" would run); it writes
        # page.meta.title as it is, so generated pages get that, escaped. (The home page's is the site name.)
        if page.file.generated_by and not page.is_homepage and page.title:
            page.meta["title"] = html.escape(html.unescape(page.title))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Home, the tasks in their order (titled as in their data), the devices (a section: the overview,
        then a page per device), References, then any docs/ pages.

        mkdocs would title a task's folder from its name ("Image classification") and sort it after
        references.md; a device's folder likewise ("Am62a"). Sections are titled and ordered this way at
        every level. Themes show navigation titles as HTML: the data's titles are escaped."""
        titles = self.site.nav if self.site else {}
        order = list(titles)

        def main_page(item: Any) -> str | None:
            if item.is_page:
                return item.file.src_uri
            pages = [c for c in item.children if c.is_page and c.file.src_uri in titles]
            return pages[0].file.src_uri if pages else None

        def rank(item: Any) -> int:
            uri = main_page(item)
            return order.index(uri) if uri in titles else len(order)

        def arrange(items: list[Any], top: bool) -> None:
            for item in items:
                uri = main_page(item)
                # nested pages keep their own title, a task's own folders mkdocs's (paths.titled_in_nav)
                if uri in titles and (top or (not item.is_page and titled_in_nav(uri))):
                    item.title = html.escape(titles[uri])
                if item.children:
                    arrange(item.children, False)
                    item.children.sort(key=rank)
            items.sort(key=rank)

        arrange(nav.items, True)
        # mkdocs linked each page to the one before and after it in its own order: link them in this one
        # (a theme's "previous"/"next" links, <link rel="prev/next">), as a nav in mkdocs.yml would.
        nav.pages = list(_pages_of(nav.items))
        for i, page in enumerate(nav.pages):
            page.previous_page = nav.pages[i - 1] if i > 0 else None
            page.next_page = nav.pages[i + 1] if i + 1 < len(nav.pages) else None
        return nav

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # Not under `mkdocs serve`: its live-reload script is injected inline after the build.
        return output if self.serving else add_policy(output, page.content)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if self.serving or not template_name.endswith(".html"):
            return output_content
        return add_policy(output_content, None)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        data_dir, templates_dir = self._paths(config)
        server.watch(str(data_dir))
        server.watch(str(templates_dir))
        return server


def _pages_of(items: list[Any]) -> Iterator[Page]:
    """The pages of a navigation, depth first, in its order."""
    for item in items:
        if item.is_page:
            yield item
        if item.children:
            yield from _pages_of(item.children)


def stale_pages(site: Site | None, report: str) -> dict[str, str]:
    """What `mkdocs serve` shows while the data has errors: the last valid pages, each with the errors
    under its title, and their assets unchanged; or, before any valid build, one page of errors."""
    banner = (
        '<div class="admonition failure mz-stale"><p class="admonition-title">'
        + ("The data has errors: this page shows the last valid build" if site else "The data has errors")
        + f"</p><pre>{html.escape(report)}</pre></div>\n\n"
    )
    if site is None:
        return {INDEX_PAGE: "# The site could not be built\n\n" + banner}
    out = dict(site.assets)
    for path, text in site.pages.items():
        # After the page's title (its first line, "# ..."), so that the title stays the page's own.
        title, newline, rest = text.partition("\n")
        out[path] = f"{title}\n\n{banner}{rest}" if title.startswith("# ") and newline else banner + text
    return out


def _share_mkdocs_console(logger: logging.Logger) -> None:
    """Print our logger's records through mkdocs' console handler, but not its strict-mode warning counter."""
    if logger.handlers:
        return
    from mkdocs.utils import CountHandler

    for handler in logging.getLogger("mkdocs").handlers:
        if not isinstance(handler, CountHandler):
            logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
