"""Escaping of data-file text for Markdown, HTML attributes and inline prose.

Every string that comes from a data file passes through one of these before it reaches a page:
- ``md_text``: plain text shown literally in Markdown (table cells, titles, labels). HTML-significant
  characters become entities and every character that can start Markdown inline syntax in this site's
  extension set is backslash-escaped (emphasis, code, links, images, attribute lists, table pipes, heading
  hashes). Characters that only matter at the start of a line (``-``, ``+``, ``.``) are left alone: this text
  never starts a line. Fewer escapes make big tables much faster to convert (see bench/).
- ``md_prose``: Markdown prose fields (introduction, descriptions, notes): Markdown syntax works, raw HTML
  shows literally.
- ``attr``: a value inside a double-quoted HTML attribute or Markdown link title.
"""

from __future__ import annotations

import html
import re

_URL = re.compile(r"https?://[^\s<>\"'|\[\]()]+[^\s<>\"'|\[\]().,;:!?]")
_MD_TEXT = str.maketrans(
    {
        **{ch: "\\" + ch for ch in "\\`*_{}[]()#!|"},
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\r": " ",
        "\n": " ",
    }
)


def md_text(text: object) -> str:
    """Plain text, shown exactly as written inside Markdown (including inside table cells)."""
    return str(text).translate(_MD_TEXT)


def md_text_links(text: object) -> str:
    """Like ``md_text`` but bare http(s) URLs become links (``<url>`` autolinks)."""
    s = str(text)
    out: list[str] = []
    pos = 0
    for match in _URL.finditer(s):
        out.append(md_text(s[pos : match.start()]))
        out.append(f"<{match.group(0).replace('>', '%3E')}>")
        pos = match.end()
    out.append(md_text(s[pos:]))
    return "".join(out)


_UNSAFE_LINK = re.compile(r"\]\(\s*<?(?!https?:|mailto:|#|\.|/)([a-zA-Z][a-zA-Z0-9+.-]*):", re.IGNORECASE)


def md_prose(text: object) -> str:
    """Markdown prose: keep Markdown syntax, make raw HTML literal, neutralise script links."""
    s = str(text).strip()
    # '<' starts raw HTML (or an autolink); keep <http...> autolinks, escape every other '<'.
    s = re.sub(r"<(?!https?://[^\s<>]+>)", "&lt;", s)
    # [x](javascript:...) and other non-web schemes: break the link so it shows literally.
    return _UNSAFE_LINK.sub(lambda m: "\\]\\(" + m.group(1) + ":", s)


def attr(text: object) -> str:
    """A value for a double-quoted HTML attribute or a Markdown link title."""
    return html.escape(str(text), quote=True).replace("\\", "&#92;").replace("\n", " ")


def table_cell(text: str) -> str:
    """Already-escaped Markdown for a table cell: pipes must stay escaped, newlines become spaces."""
    return text.replace("\n", " ")
