"""Link checker for a built site: internal links and #anchors, and (with --external) the outside links.

``python -m generator.linkcheck SITE_DIR [--external]`` (``make linkcheck``). Internal: every href/src of
every page (and every sitemap <loc>) that points into the site must name an existing file, and its #anchor
must be an id on that page. External: each distinct http(s) URL is fetched once (HEAD, then GET when HEAD is
refused); 404/410/5xx and dead hosts are errors, 401/403/429 only warnings (sites that turn robots away).
Without a network (every request fails before any HTTP answer) the external check says so and succeeds.
Stdlib only; exit 0 when no error, 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

_LINK_ATTRS = {
    "a": "href",
    "link": "href",
    "area": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "video": "src",
    "audio": "src",
}
_LOCAL_BASE = "http://site.invalid/"  # stands for the site root when the site declares no canonical URL
USER_AGENT = "modelzoo-docs-linkcheck/1 (+https://github.com/modelzoo-docs/modelzoo-docs)"


@dataclass
class Page:
    """One HTML page: its element ids and the links it makes (tag, URL as written)."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    canonical: str | None = None


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        attr = _LINK_ATTRS.get(tag)
        if attr and values.get(attr, "").strip():
            url = values[attr].strip()
            if tag == "link" and "canonical" in values.get("rel", "").split():
                self.page.canonical = url
            self.page.links.append(url)


def parse_page(html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.page


@dataclass
class Site:
    root: Path
    base: str
    """Absolute URL of the site root: links under it are internal."""
    pages: dict[str, Page]
    """Path relative to the root (posix) -> page, for every .html file."""
    sitemap: list[str]


def _url_of(rel: str) -> str:
    """The URL path of a page file: a/index.html -> a/, 404.html -> 404.html."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def read_site(root: Path) -> Site:
    root = Path(root)
    pages = {
        p.relative_to(root).as_posix(): parse_page(p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted(root.rglob("*.html"))
    }
    index = pages.get("index.html")
    base = index.canonical if index is not None and index.canonical else _LOCAL_BASE
    if not base.endswith("/"):
        base += "/"
    sitemap: list[str] = []
    sitemap_file = root / "sitemap.xml"
    if sitemap_file.is_file():
        text = sitemap_file.read_text(encoding="utf-8")
        sitemap = [m.strip() for m in re.findall(r"<loc>([^<]*)</loc>", text)]
    return Site(root, base, pages, sitemap)


def _target_file(site: Site, path: str) -> str | None:
    """The file (relative to the root) that a URL path inside the site names, or None."""
    path = unquote(path)
    candidates = [path + "index.html"] if path == "" or path.endswith("/") else [path, path + "/index.html"]
    for rel in candidates:
        if (site.root / rel).is_file() and ".." not in Path(rel).parts:
            return rel
    return None


def _internal_path(site: Site, page_rel: str, url: str) -> tuple[str, str] | None:
    """(path inside the site, fragment) of a link that points into the site; None for outside links."""
    absolute = urljoin(site.base + _url_of(page_rel), url)
    without, fragment = urldefrag(absolute)
    if not without.startswith(site.base) and without + "/" != site.base:
        return None
    rest = without[len(site.base) :] if without.startswith(site.base) else ""
    return urlsplit(rest).path, fragment


def internal_problems(site: Site) -> list[str]:
    """Every internal link or anchor that does not resolve, as 'page: message' lines (sorted)."""
    problems: set[str] = set()
    sources: list[tuple[str, Iterable[str]]] = [(rel, page.links) for rel, page in site.pages.items()]
    sources.append(("sitemap.xml", site.sitemap))
    for rel, links in sources:
        for url in links:
            scheme = urlsplit(url).scheme.lower()
            if scheme and scheme not in ("http", "https"):
                continue  # mailto:, data:, javascript: ... are not pages
            target = _internal_path(site, rel, url)
            if target is None:
                if not scheme and not url.startswith("//"):  # /path or ../.. that climbs out of the site
                    problems.add(f"{rel}: broken link {url!r}: points outside the site ({site.base})")
                continue
            path, fragment = target
            file = _target_file(site, path)
            if file is None:
                problems.add(f"{rel}: broken link {url!r}: no such file in the site")
                continue
            if fragment and file.endswith(".html") and unquote(fragment) not in site.pages[file].ids:
                problems.add(f"{rel}: broken anchor {url!r}: no id {unquote(fragment)!r} on {file}")
    return sorted(problems)


def external_urls(site: Site) -> dict[str, list[str]]:
    """Each distinct outside http(s) URL (without its #fragment) -> the pages linking to it, sorted."""
    found: dict[str, set[str]] = {}
    for rel, page in site.pages.items():
        for url in page.links:
            if urlsplit(url).scheme.lower() not in ("http", "https"):
                continue
            if _internal_path(site, rel, url) is not None:
                continue
            found.setdefault(urldefrag(url)[0], set()).add(rel)
    return {url: sorted(pages) for url, pages in sorted(found.items())}


@dataclass(frozen=True)
class Result:
    url: str
    status: int | None
    """HTTP status of the last answer; None when no HTTP answer came (DNS, refused, timeout)."""
    detail: str

    @property
    def kind(self) -> str:
        if self.status is None:
            return "unreachable"
        if self.status < 400:
            return "ok"
        if self.status in (401, 403, 429):
            return "unverified"
        return "broken"


def _request(url: str, method: str, timeout: float) -> int:
    req = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def check_url(url: str, timeout: float = 15.0) -> Result:
    try:
        status = _request(url, "HEAD", timeout)
        if status in (400, 403, 405, 501):  # servers that refuse HEAD: ask again with GET
            status = _request(url, "GET", timeout)
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Result(url, None, str(reason))
    return Result(url, status, f"HTTP {status}")


def check_external(urls: Sequence[str], *, timeout: float = 15.0, workers: int = 8) -> list[Result]:
    if not urls:
        return []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda u: check_url(u, timeout), urls))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.linkcheck", description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="built site folder (mkdocs site_dir)")
    parser.add_argument("--external", action="store_true", help="also fetch the outside links")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds per request (default 15)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"linkcheck: error: no built site in {args.site} (run `make build`)", file=sys.stderr)
        return 1
    site = read_site(args.site)
    errors = internal_problems(site)
    for line in errors:
        print(f"{line}")
    print(f"linkcheck: {len(site.pages)} pages, {len(errors)} broken internal link(s) or anchor(s)")
    if not args.external:
        return 1 if errors else 0

    urls = external_urls(site)
    results = check_external(list(urls), timeout=args.timeout)
    if results and all(r.kind == "unreachable" for r in results):
        print(f"linkcheck: no network (no HTTP answer at all): {len(results)} external links not checked")
        return 1 if errors else 0
    broken = 0
    for r in results:
        if r.kind == "ok":
            continue
        level = "warning" if r.kind == "unverified" else "error"
        broken += level == "error"
        print(f"{', '.join(urls[r.url])}: {level}: {r.url}: {r.kind} ({r.detail})")
    print(f"linkcheck: {len(results)} external links, {broken} broken or unreachable")
    return 1 if errors or broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
