"""One reference entry's text (``[n] Title, Author, Author, venue, year, url``) -> a reference record.

The rule is generic and deterministic; it never drops text (whatever is not read as authors, a year or a
URL stays in the title, the venue or the description):

* URLs go to ``urls`` (trailing punctuation stripped).
* "Title, Author, Author, ..., venue, year" entries are papers: the comma-separated segments after the
  title are authors while they look like names (capitalised words, initials, particles such as "van der"),
  a 4-digit segment is the year and the rest is the venue.
* "Author, Author and Author, Title, venue, year" entries (the first segment initials and a surname, like
  "Y. Li", or names joined by "and") are papers with the authors first.
* Otherwise "Name: text" gives the title Name and the description text, and any other text is the title.
* The id is the slug of the entry's short name before ":" when the title starts with it (``MobileNets:
  ...``, ``ONNX Model Zoo: ...``, ``Fast-BEV: ...`` after its authors), else of the title's first three
  significant words.
"""

from __future__ import annotations

import re
from typing import Any

from generator.catalogue import slugify

_URL = re.compile(r"https?://\S+")
_URL_TRAILING = ".,;:)]}>'\""
_YEAR = re.compile(r"^((?:19|20)[0-9]{2})\.?$")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][^\s,;:()\[\]{}/0-9]*|[A-Z]\.)$")
_INITIALS_NAME = re.compile(r"^(?:[A-Z]\.\s?)+[^\s,.][^\s,]*(?:\s[^\s,]+)?$")
"""A name written with initials first: "Y. Li", "A. H. Lang", "L.Sheng", "M. shen"."""
_AND = re.compile(r"\s+and\s+")
_NAME_THEN_TITLE = re.compile(r"^((?:[A-Z]\.\s?)+[^\s,.]+)\.\s+(.+)$")
_PARTICLES = {"van", "der", "den", "de", "von", "da", "di", "del", "la", "le", "du", "dos", "bin", "ibn"}
_STOPWORDS = {
    "a", "an", "the", "of", "for", "with", "and", "or", "to", "in", "on", "at", "by", "from",
    "is", "are", "be", "as", "its", "via",
}  # fmt: skip


def clean_url(url: str) -> str:
    """A URL found in running text without the punctuation that ends the sentence around it."""
    while url and url[-1] in _URL_TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _looks_like_name(text: str) -> bool:
    tokens = text.split()
    if len(tokens) < 2:
        return False
    for k, tok in enumerate(tokens):
        if _NAME_TOKEN.match(tok):
            continue
        if tok in _PARTICLES and 0 < k < len(tokens) - 1:
            continue
        return False
    return True


def _authors_first(segments: list[str]) -> tuple[list[str], str, list[str]] | None:
    """(authors, title, the rest) of an entry written authors first, else None."""
    first = segments[0]
    if not (
        _INITIALS_NAME.match(first)
        or (_AND.search(first) and all(_looks_like_name(p) for p in _AND.split(first)))
    ):
        return None
    authors: list[str] = []
    k = 0
    while k < len(segments):
        segment = re.sub(r"^and\s+", "", segments[k])
        names = [p.strip() for p in _AND.split(segment) if p.strip()]
        if names and all(_INITIALS_NAME.match(n) or _looks_like_name(n) for n in names):
            authors += names
            k += 1
            continue
        last = _NAME_THEN_TITLE.match(segment)  # "R. Arroyo. Erfnet: Efficient ..."
        if last and authors:
            return [*authors, last.group(1)], last.group(2), segments[k + 1 :]
        break
    if len(authors) < 2 or k >= len(segments):
        return None
    return authors, segments[k], segments[k + 1 :]


def _strip_trailing_urls(text: str) -> str:
    while True:
        m = re.search(r"(?:^|[\s,]+)(https?://\S+)\s*$", text)
        if not m:
            return text.strip()
        text = text[: m.start()]


def reference_fields(text: str) -> dict[str, Any]:
    """title, authors, venue, year, description and urls of one entry (only the fields it has)."""
    urls = [u for u in (clean_url(u) for u in _URL.findall(text)) if u]
    body = _strip_trailing_urls(text)
    segments = [s for s in (p.strip() for p in body.split(", ")) if s and not _URL.fullmatch(s)]
    out: dict[str, Any] = {}
    authors: list[str] = []
    rest: list[str] = []
    title = segments[0] if segments else body
    first = _authors_first(segments) if len(segments) >= 3 else None
    if first is not None:
        authors, title, rest = first
    elif len(segments) >= 2:
        queue = list(segments[1:])
        while queue:
            seg = queue[0]
            if _looks_like_name(seg):
                authors.append(seg)
                queue.pop(0)
                continue
            head, sep, tail = seg.partition(". ")
            if sep and authors and _looks_like_name(head):
                authors.append(head)
                queue[0] = tail.strip()
                if not queue[0]:
                    queue.pop(0)
            break
        rest = queue
    if authors:
        out["title"] = title
        out["authors"] = authors
        venue: list[str] = []
        for seg in rest:
            y = _YEAR.match(seg)
            if y and "year" not in out:
                out["year"] = int(y.group(1))
            else:
                venue.append(seg)
        if venue:
            out["venue"] = ", ".join(venue)
    else:
        name, sep, description = body.partition(": ")
        if sep and name and ", " not in name and ". " not in name:
            out["title"] = name.strip()
            if description.strip():
                out["description"] = description.strip()
        elif body.endswith(":") and ", " not in body:
            out["title"] = body[:-1].strip()
        else:
            out["title"] = body
    if urls:
        out["urls"] = urls
    return out


def reference_id(text: str, title: str) -> str:
    """The id rule of the module docstring (the caller makes it unique)."""
    m = re.match(r"^([^:,]+?):(?:\s|$)", text)
    if m and title.startswith(m.group(1).strip()):
        return slugify(m.group(1))
    m = re.match(r"^([^:,]+?):\s", title)  # a paper written authors first: "Fast-BEV: A Fast and ..."
    if m:
        return slugify(m.group(1))
    words = re.findall(r"[^\W_]+", title.lower())
    significant = [w for w in words if w not in _STOPWORDS] or words
    return slugify(" ".join(significant[:3]))


__all__ = ["clean_url", "reference_fields", "reference_id"]
