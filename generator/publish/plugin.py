"""The mkdocs plugin: glue between mkdocs and the engine-neutral core.

on_pre_build loads, validates and renders everything (collect, then write: an error stops the build before
mkdocs cleans site/); on_files adds the rendered pages as generated files; on_serve watches data/ and
templates/. Nothing is ever written into docs/.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
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
from generator.render import nav_pages, page_files, render
from generator.validate import build_catalogue

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
        self.pages: dict[str, str] = {}
        self.good_pages: dict[str, str] = {}
        self.in_nav: dict[str, str] = {}
        self.serving = False
        self.edit_files: dict[str, str] = {}
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
            pages, edit_files, in_nav = self._generate(data_dir, templates_dir)
        except PluginError as exc:
            if not (self.serving and self.good_pages):
                raise
            # A rebuild under `mkdocs serve` (the first build already succeeded): mkdocs would hang the
            # server until the data is fixed. Report the errors, keep serving the last valid pages, and say
            # so at the top of each of them.
            for line in str(exc).splitlines():
                data_log.error(line)
            self.pages = {path: _stale_banner(str(exc)) + text for path, text in self.good_pages.items()}
            return
        self.pages = self.good_pages = pages
        self.edit_files = edit_files
        self.in_nav = in_nav

    def _generate(
        self, data_dir: Path, templates_dir: Path
    ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """Load, validate and render everything: the pages, their data files and the navigation's pages.
        Any problem becomes one PluginError with every message."""
        if not templates_dir.is_dir():
            raise PluginError(f"modelzoo: templates_dir not found: {templates_dir}")
        try:
            catalogue, warnings = build_catalogue(data_dir, display_root=self.root)
        except DataError as exc:
            raise PluginError("modelzoo: invalid data\n" + exc.report("text")) from None
        for warning in warnings:
            data_log.warning(warning.format("text"))
        import jinja2

        try:
            pages = render(catalogue, templates_dir)
        except jinja2.TemplateError as exc:
            where = f"{getattr(exc, 'filename', None) or ''}:{getattr(exc, 'lineno', None) or ''}"
            raise PluginError(f"modelzoo: template error {where}: {exc}") from None
        return pages, page_files(catalogue), nav_pages(catalogue)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for path, markdown in self.pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                raise PluginError(
                    f"modelzoo: docs/{path} would hide the generated page {path}; remove or rename it"
                )
            file = File.generated(config, path, content=markdown)
            if path.endswith(".md") and path not in self.in_nav:
                file.inclusion = InclusionLevel.NOT_IN_NAV
            data_file = self.edit_files.get(path)
            # edit_uri is relative to docs_dir in the repository; the data files live beside docs/.
            if data_file:
                target = (self.root / data_file).resolve()
                file.edit_uri = Path(os.path.relpath(target, Path(config.docs_dir).resolve())).as_posix()
            else:
                file.edit_uri = None
            files.append(file)
        return files

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> None:
        # urljoin does not normalise ../ when edit_uri is absolute: do it so the link is clean.
        if page.file.generated_by and page.edit_url and "/../" in page.edit_url:
            scheme, _, rest = page.edit_url.partition("://")
            host, _, path = rest.partition("/")
            page.edit_url = f"{scheme}://{host}/{posixpath.normpath(path)}"

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Home, the tasks in their order (titled as in their data), References, then any docs/ pages.

        mkdocs would title a task's folder from its name ("Image classification") and sort it after
        references.md."""
        order = list(self.in_nav)

        def main_page(item: Any) -> str | None:
            if item.is_page:
                return item.file.src_uri
            pages = [c for c in item.children if c.is_page and c.file.src_uri in self.in_nav]
            return pages[0].file.src_uri if pages else None

        for item in nav.items:
            uri = main_page(item)
            if item.is_section and uri:
                item.title = self.in_nav[uri]
        nav.items.sort(key=lambda item: order.index(u) if (u := main_page(item)) in order else len(order))
        return nav

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        data_dir, templates_dir = self._paths(config)
        server.watch(str(data_dir))
        server.watch(str(templates_dir))
        return server


def _stale_banner(report: str) -> str:
    return (
        '<div class="admonition failure mz-stale"><p class="admonition-title">'
        "The data has errors: this page shows the last valid build</p>"
        f"<pre>{html.escape(report)}</pre></div>\n\n"
    )


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
