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
        out.append(f"<{match.group(0)}>")
        pos = match.end()
    out.append(md_text(s[pos:]))
    return "".join(out)


_SAFE_SCHEMES = {"http", "https", "mailto"}
# Inline link targets "](target" and reference definitions "[id]: target".
_LINK_TARGET = re.compile(r"(\]\(\s*<?|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?)([^\s)>]*)", re.MULTILINE)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def _check_target(match: re.Match[str]) -> str:
    target = match.group(2)
    bare = target.lstrip("\\")  # with escapeall, \j reads as j
    scheme = _SCHEME.match(bare)
    if bare == target and (scheme is None or scheme.group(1).lower() in _SAFE_SCHEMES):
        return match.group(0)
    # A script or other non-web link: break the link syntax so that it shows as text.
    return match.group(0).replace("[", "\\[").replace("]", "\\]").replace("(", "\\(")


def md_prose(text: object) -> str:
    """Markdown prose: Markdown syntax works; raw HTML, entities and attribute lists show literally, and
    links may only go to http(s), mailto or relative targets."""
    s = str(text).strip().replace("&", "&amp;")  # &#106;avascript: stays text
    # '<' starts raw HTML (or an autolink); keep <http...> autolinks, escape every other '<'.
    s = re.sub(r"<(?!https?://[^\s<>]+>)", "&lt;", s)
    s = s.replace("{", "\\{")  # no attribute lists: no on* handlers, no ids
    return _LINK_TARGET.sub(_check_target, s)


def md_prose_inline(text: object) -> str:
    """Prose inside one line of Markdown (a list item, a table cell): no line breaks, no cell breaks."""
    return " ".join(md_prose(text).split()).replace("|", "\\|")


def attr(text: object) -> str:
    """A value for a double-quoted HTML attribute or a Markdown link title."""
    return html.escape(str(text), quote=True).replace("\\", "&#92;").replace("\n", " ")
