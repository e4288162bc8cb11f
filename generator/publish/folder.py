"""Output folders, written atomically (all or nothing), and the rendered folder of ``modelzoo render``.

The rendered folder stands on its own: any engine that reads mkdocs.yml builds the site from it, without
the modelzoo plugin (MkDocs 1.6, ProperDocs; Zensical too, see the README's "Engines")::

    mkdocs.yml          the project's config without the plugin (generator.publish.siteconfig)
    docs/               the project's docs/ as the site publishes it (its assets, hand-written pages)
                        + the generated pages, each the index.md of its own folder (``own_folder``), and
                        the figure JSON
    .modelzoo-render    the marker: the folder is replaced whole the next time

The generated pages get their title as front matter (``title:``, escaped; see ``meta_title``), as the
plugin sets it.
"""

from __future__ import annotations

import html
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from generator.files import (
    FileRefused,
    check_output_path,
    read_bytes_contained,
    resolve_root,
    write_contained,
)
from generator.paths import INDEX_PAGE

if TYPE_CHECKING:  # only a type: the pipeline is imported by the command that builds the site
    from generator.pipeline import Site

MARKER = ".modelzoo-render"


class FolderRefused(Exception):
    """The rendered folder cannot be made from these files; ``str(exc)`` says why."""


class FolderInUse(Exception):
    """The output folder holds files this command did not write."""


def replace_folder(
    files: Mapping[str, str | bytes], out_dir: Path, *, marker: str, command: str
) -> list[Path]:
    """Replace ``out_dir`` with exactly ``files`` ({relative path: text or bytes}), all or nothing.

    Only an empty folder, or one that ``command`` wrote before (it holds the ``marker`` file), is replaced;
    any other raises FolderInUse. An ``out_dir`` that is a symbolic link or lies under one raises
    ``FileRefused`` (see ``generator.files.check_output_path``); no file is written through a link. The
    files are written to a staging folder beside it first, so a failure leaves the previous folder untouched.
    """
    out = check_output_path(out_dir)
    try:
        st: os.stat_result | None = os.lstat(out)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISDIR(st.st_mode):
        raise FileRefused(f"refusing to write to {out_dir}: it is not a folder")
    if st is not None and not _is_empty(out) and not _is_regular(out / marker):
        raise FolderInUse(f"{out_dir} is not empty and was not written by `{command}`; choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for rel, text in files.items():
            write_contained(staging, rel, text if isinstance(text, bytes) else text.encode("utf-8"))
        write_contained(staging, marker, f"written by `{command}`; replaced the next time it runs\n".encode())
        if st is not None:
            # The previous folder goes into a fresh folder of its own (never onto a name that may exist).
            trash = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
            out.rename(trash / "old")
            try:
                staging.rename(out)
            except BaseException:
                (trash / "old").rename(out)
                raise
            shutil.rmtree(trash)
        else:
            staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [Path(out_dir) / rel for rel in files]


def _is_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


CONFIG = "mkdocs.yml"
DOCS = "docs"
NEEDED_EXTENSIONS = ("attr_list", "toc")
"""The Markdown extensions the generated pages need, beyond Python-Markdown itself: ``attr_list`` for the
``{ #id }`` of their headings, ``toc`` for the headings' anchors and the table of contents. Their data is
in raw HTML blocks and their prose is HTML already, so no other (tests/test_engines.py builds with only
these)."""


def docs_files(docs_dir: Path) -> list[str]:
    """Every file below ``docs_dir`` (relative POSIX paths, sorted), links not followed (``build_site``
    refuses a docs folder with links; reading refuses what is not a regular file)."""
    out: list[str] = []
    for folder, dirs, names in os.walk(docs_dir, followlinks=False):
        dirs.sort()
        for name in names:
            out.append((Path(folder) / name).relative_to(docs_dir).as_posix())
    return sorted(out)


def meta_title(title: str, *, home: bool) -> str | None:
    """The front matter title of a generated page whose title (plain text) is ``title``: escaped, or None
    for the home page when its title has nothing to escape.

    Themes write ``page.meta.title`` into ``<title>`` as it is, but a title taken from the page's heading
    or the navigation through ``striptags``, which decodes its character references back into markup (a
    task titled ``</title><script>…`` would run). The plugin sets the same meta title on every generated
    page but the home page, which Material titles with the site name alone; Zensical (0.0.73) titles it
    like any page, through ``striptags``. So the folder's home page gets the escaped title too when its
    title has something to escape (a "<", "&", quote…): in a Material build its ``<title>`` is then
    "title - site name" instead of the plugin build's "site name" (tests/test_engines.py accepts it)."""
    escaped = html.escape(title)
    return None if home and escaped == title else escaped


def titled(markdown: str, *, home: bool = False) -> str:
    """A generated page with its title (its first line, ``# ...``) also as front matter (``meta_title``);
    the page unchanged when it does not start with a title, or needs none.

    The heading holds the title as the templates escaped it (character references, no Markdown syntax), so
    ``html.unescape`` gives the title's text; it is written in a double-quoted YAML scalar that escapes
    every line break and non-ASCII character: the front matter is three lines."""
    import yaml

    first, _, _ = markdown.partition("\n")
    if not first.startswith("# ") or not first[2:].strip():
        return markdown
    title = meta_title(html.unescape(first[2:].strip()), home=home)
    if title is None:
        return markdown
    meta = yaml.safe_dump({"title": title}, default_style='"', allow_unicode=False, width=float("inf"))
    return f"---\n{meta}---\n\n{markdown}"


def site_folder(site: Site, *, docs_dir: Path | None, config: Path) -> dict[str, str | bytes]:
    """Every file of the rendered folder (see the module docstring), by path.

    ``docs_dir`` is the project's docs/ (None: there is none); ``config`` its mkdocs.yml. The docs files
    the config's exclude_docs leaves out of the site (and MkDocs' own ``.*`` and ``/templates/``) are left
    out of the folder. Raises ``ConfigRefused`` for a config the folder cannot take, ``FolderRefused`` for
    a docs file that would hide a generated one or cannot be read (a FIFO, a device, a file too large).
    """
    from generator.publish import siteconfig
    from generator.publish.scripts import is_own_script, minified

    shown = config.as_posix()
    root = siteconfig.read_config(config.read_text(encoding="utf-8"), shown)
    rules = siteconfig.Exclusions(root, shown)
    generated = site.files()
    out: dict[str, str | bytes] = {}
    handwritten: list[str] = []
    if docs_dir is not None and Path(docs_dir).is_dir():
        docs = resolve_root(Path(docs_dir))
        taken = {**{own_folder(rel): rel for rel in site.pages}, **{rel: rel for rel in generated}}
        for rel in docs_files(docs):
            if rel in taken:
                # as the plugin refuses it (generator.publish.plugin)
                raise FolderRefused(
                    f"docs/{rel} would hide the generated file {taken[rel]}; remove or rename it"
                )
            if rules.excluded(rel):
                continue
            try:
                data = read_bytes_contained(docs, rel)
            except OSError as exc:  # a FIFO, a device, a file too large: named, and why
                raise FolderRefused(f"{(Path(docs_dir) / rel).as_posix()}: {exc}") from None
            # the project's scripts as the plugin serves them (generator/publish/scripts.py)
            out[f"{DOCS}/{rel}"] = minified(data.decode("utf-8")) if is_own_script(rel) else data
            if rel.endswith(siteconfig.MARKDOWN_SUFFIXES) and rules.in_nav(rel):
                handwritten.append(rel)
    moved = {rel: own_folder(rel) for rel in site.pages}
    for rel, text in generated.items():
        page = rel in site.pages
        out[f"{DOCS}/{moved.get(rel, rel)}"] = titled(text, home=rel == INDEX_PAGE) if page else text
    # ordered and nested by the pages' names, as the plugin's navigation is; then by their names here
    nav = siteconfig.rename(siteconfig.navigation(site.nav, [*site.nav, *handwritten]), moved)
    hidden = [moved[rel] for rel in site.pages if rel not in site.nav]
    out[CONFIG] = siteconfig.folder_config(root, source=shown, nav=nav, not_in_nav=hidden)
    return dict(sorted(out.items()))


def own_folder(page: str) -> str:
    """Where a generated page goes in the folder: ``x/name.md`` -> ``x/name/index.md`` (the same URL with
    directory URLs), an index page where it is.

    The pages' raw HTML holds links relative to the page's URL, which MkDocs leaves as they are; Zensical
    rewrites every relative link of a page as if it were relative to the page's source file, which moves
    the links of ``references.md`` (URL ``references/``) one folder up. For a page that is the index of
    its own folder, source folder and URL are the same: both read the links alike."""
    path = PurePosixPath(page)
    return page if path.stem == "index" else (path.parent / path.stem / "index.md").as_posix()


def write_site_folder(site: Site, out_dir: Path, *, docs_dir: Path | None, config: Path) -> list[Path]:
    """Replace ``out_dir`` with the rendered folder of ``site`` (see ``site_folder``, ``replace_folder``)."""
    files = site_folder(site, docs_dir=docs_dir, config=config)
    return replace_folder(files, out_dir, marker=MARKER, command="modelzoo render")
