"""The pipeline in one function: load -> validate -> catalogue -> analyse -> render.

``build_site`` is the one place that runs it. The mkdocs plugin, ``modelzoo render``, ``modelzoo validate``
and ``modelzoo diff`` all call it, so they accept and refuse the same data and report problems the same way.
It knows nothing of mkdocs and writes nothing: it returns a ``Site``, or raises ``DataError`` with every
problem found (data errors, reserved paths, template errors), each located at file:line:col.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.catalogue import Catalogue
from generator.diagnostics import DataError, Diagnostic, Location, Severity
from generator.files import links_under
from generator.render import TemplateFailure, render
from generator.validate import build_catalogue, display_path


@dataclass(frozen=True)
class Site:
    """Everything a site engine needs to publish the zoo. Paths are relative to the docs root, POSIX."""

    catalogue: Catalogue
    pages: dict[str, str]
    """Page path -> Markdown."""
    assets: dict[str, str]
    """Generated files that are not pages (figure JSON loaded by large plots) -> their text."""
    nav: dict[str, str]
    """The pages of the navigation, in order -> their titles (plain text: escape them for HTML)."""
    edit_files: dict[str, str]
    """Page path -> the data file (relative to the project root) to edit to change that page."""
    warnings: tuple[Diagnostic, ...]

    def files(self) -> dict[str, str]:
        """Pages and assets together: every file the site generates."""
        return {**self.pages, **self.assets}


def build_site(
    data_dir: Path,
    templates_dir: Path,
    *,
    docs_dir: Path | None = None,
    display_root: Path | None = None,
) -> Site:
    """Load, validate and render a data folder with a templates folder.

    ``docs_dir`` is the folder of hand-written pages and assets the site also holds: a data id that would
    make a page at one of its paths is an error. Paths in messages are shown relative to ``display_root``
    (default: the working directory). Raises ``DataError`` with every problem at once; returns the site and
    its warnings otherwise. Nothing is written anywhere.
    """
    links = links_under(docs_dir) if docs_dir is not None else []
    if links:
        # mkdocs would follow them: a page or asset linking to a file of the machine would be published.
        shown = display_path(Path(docs_dir or "."), display_root)
        raise DataError(
            Diagnostic(
                Location(f"{shown}/{link}", 0, 0),
                Severity.ERROR,
                "(file)",
                "symbolic links are not "
                "allowed in the docs folder (the site would publish what they point to)",
            )
            for link in links
        )
    catalogue, warnings = build_catalogue(Path(data_dir), display_root=display_root, docs_dir=docs_dir)
    if not Path(templates_dir).is_dir():
        shown = Location(display_path(Path(templates_dir), display_root), 0, 0)
        raise DataError(
            [*warnings, Diagnostic(shown, Severity.ERROR, "(folder)", "templates folder not found")]
        )
    try:
        rendered = render(catalogue, Path(templates_dir))
    except TemplateFailure as exc:
        where = Location(display_path(Path(exc.location.path), display_root), exc.location.line, 0)
        error = Diagnostic(where, Severity.ERROR, "(template)", exc.message)
        raise DataError([*warnings, error]) from None
    return Site(
        catalogue=catalogue,
        pages=rendered.pages,
        assets=rendered.assets,
        nav=rendered.nav,
        edit_files=rendered.edit_files,
        warnings=tuple(warnings),
    )
