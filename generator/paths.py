"""Where things live in the site: the fixed pages, each task's folder, and the names nothing may take.

One module so that the renderer (which makes the pages) and the validator (which refuses ids that would
collide with them) cannot disagree. Paths are relative to the docs root, POSIX style.
"""

from __future__ import annotations

import os
from pathlib import Path

INDEX_PAGE = "index.md"
REFERENCES_PAGE = "references.md"
DOWNLOADS = "data"
"""The folder of the downloads for scripts: the whole catalogue as JSON and each task's models as CSV."""
ZOO_JSON = f"{DOWNLOADS}/zoo.json"
ZOO_SCHEMA = f"{DOWNLOADS}/zoo.schema.json"
EXPLORE = "explore"
"""Each task's explorer: ``<task>/explore/``."""

DEVICES_FOLDER = "devices"
DEVICES_PAGE = f"{DEVICES_FOLDER}/index.md"

SITE_NAMES = frozenset(
    {"index", "references", "404", "search", "sitemap", "assets", DOWNLOADS, DEVICES_FOLDER}
)
"""Names the site uses at its root, whatever the data: its own pages (index, references, the devices'
folder) and downloads (data/), what mkdocs and Material write (404.html, search/, sitemap.xml,
sitemap.xml.gz, assets/). A task folder may not take one, with or without an extension (``sitemap.xml``,
``404.html``)."""
TASK_NAMES = frozenset({EXPLORE})
"""Names every task folder uses itself. A source id may not take one: a large task puts each source's
pages in ``<task>/<source>/``."""


def task_page(task_id: str) -> str:
    """The task's page: a folder of its own, so that split source pages and figure files sit beside it."""
    return f"{task_id}/index.md"


def device_page(device_id: str) -> str:
    """A device's page: ``devices/<id>/index.md`` (its figure files beside it)."""
    return f"{DEVICES_FOLDER}/{device_id}/index.md"


def titled_in_nav(page: str) -> bool:
    """Whether a section below the navigation's top level whose main page is ``page`` takes that page's
    title from the generator (a device's folder: "AM62A", not mkdocs's "Am62a"). A task's own folders
    (``TASK_NAMES``: its explorer) keep the short name mkdocs gives them from the folder ("Explore"): they
    sit under the task's title already."""
    parts = page.split("/")
    return not (len(parts) >= 3 and parts[-2] in TASK_NAMES)


def page_url(path: str) -> str:
    """A page's URL path in the site (directory URLs): ``index.md`` -> ``""``, ``references.md`` ->
    ``references/``, ``a/index.md`` -> ``a/``, ``a/2.md`` -> ``a/2/``."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


def explore_page(task_id: str) -> str:
    """The task's explorer page: every model of the task in one table that sorts and filters."""
    return f"{task_id}/{EXPLORE}/index.md"


def explore_data(task_id: str) -> str:
    """The data file the explorer page draws from (beside it: ``models.json``)."""
    return f"{task_id}/{EXPLORE}/models.json"


def task_csv(task_id: str) -> str:
    """The task's models as CSV, for scripts and spreadsheets."""
    return f"{DOWNLOADS}/{task_id}.csv"


def section_anchor(source_id: str, section_id: str) -> str:
    """The element id of a source's sub-section heading on a task page: ``<source>--<section>`` (one "--":
    a row anchor has two at least, a slug none)."""
    return f"{source_id}--{section_id}"


def stem(name: str) -> str:
    """``sitemap.xml.gz`` -> ``sitemap``: what a name is called whatever extension it is given."""
    return name.split(".", 1)[0].lower()


def docs_names(docs_dir: Path | None) -> dict[str, str]:
    """Stem -> name of every top-level entry of the docs folder (hand-written pages and assets), which the
    site also holds. Symlinks count too: they are names the site would publish."""
    if docs_dir is None or not Path(docs_dir).is_dir():
        return {}
    out: dict[str, str] = {}
    with os.scandir(docs_dir) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            out.setdefault(stem(entry.name), entry.name)
    return out


def root_name_clash(name: str, docs: dict[str, str]) -> str | None:
    """Why a task id cannot name a folder at the site's root, or None when it can."""
    key = stem(name)
    if key in SITE_NAMES:
        return f"the site uses {key!r} itself (reserved: {', '.join(sorted(SITE_NAMES))})"
    if key in docs:
        return f"docs/{docs[key]} is already there"
    return None
