"""A Jinja2 loader that reads templates as the data files are read: regular files inside the templates
folder only (see ``generator.files``). A template that is a symbolic link, a FIFO or a device, or a name
that leaves the folder (``{% include "../../etc/passwd" %}``), is a ``TemplateFileError``: a Jinja2
template error, which ``generator.render`` reports as such (at the including template's line)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import jinja2

from generator.files import FileRefused, read_bytes_contained, resolve_root


class TemplateFileError(jinja2.TemplateError):
    """A template file that may not be read (its message says why, and never shows a link's target)."""


class ContainedLoader(jinja2.BaseLoader):
    """Templates from one folder, resolved once when the loader is made; nothing below it is followed."""

    def __init__(self, templates_dir: Path) -> None:
        self.shown = Path(templates_dir)
        self.root = resolve_root(templates_dir)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = [p for p in template.split("/") if p not in ("", ".")]
        if template.startswith("/") or any(p == ".." or os.sep in p or "\\" in p for p in pieces):
            raise TemplateFileError(f"template {template!r} is outside the templates folder")
        if not pieces:
            raise jinja2.TemplateNotFound(template)
        rel = "/".join(pieces)
        try:
            raw = read_bytes_contained(self.root, rel)
        except FileRefused as exc:
            raise TemplateFileError(f"template {template!r}: {exc}") from None
        except (FileNotFoundError, NotADirectoryError):
            raise jinja2.TemplateNotFound(template) from None
        except OSError as exc:
            raise TemplateFileError(f"template {template!r}: cannot read it: {exc.strerror}") from None
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TemplateFileError(f"template {template!r}: not valid UTF-8 at byte {exc.start}") from None
        real = self.root.joinpath(*pieces)
        mtime = os.stat(real, follow_symlinks=False).st_mtime_ns

        def uptodate() -> bool:
            try:
                return os.stat(real, follow_symlinks=False).st_mtime_ns == mtime
            except OSError:
                return False

        # The file name Jinja2 compiles into tracebacks, which messages show: absolute (so that it is not
        # joined to the folder a second time), with the folder as given rather than its resolved path.
        return source, os.path.abspath(self.shown.joinpath(*pieces)), uptodate
