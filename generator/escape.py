"""The escapers: every string from a data file reaches a page through one of these.

- ``text``: THE universal text escape, what the page templates apply to every value that is not
  ``markupsafe.Markup`` (``generator.render`` sets it as the Jinja2 ``finalize``). It encodes as HTML
  character references the HTML-significant characters ``& < > " '``, every ASCII character that can start
  Markdown inline syntax in this site's extension set (``\\ ` * _ { } [ ] ( ) # ! | ~ ^ = + $ @``), line
  breaks (``&#10;``, ``&#13;``), tabs (Python-Markdown would expand them) and the other C0 controls. The
  result is the same text, shown literally, in every context the pages have: Markdown text (headings, with
  their attribute lists and the table of contents), raw HTML text and quoted HTML attribute values.
  Python-Markdown passes character references through untouched (it stashes them), browsers decode them
  in text and in attributes. The templates never put a value at the start of a Markdown line (where
  ``-``, ``1.`` or indentation would matter).
- ``url``: a link target for an ``href``/``src`` attribute: an http(s) or mailto URL, a relative path or a
  ``#fragment``; anything else raises ``ValueError`` (the templates then fail: never an unchecked link).
- ``element_id``: an element id (a slug or a legacy anchor); anything else raises ``ValueError``.
- ``linkify``: plain text whose bare http(s) URLs become ``<a href>`` links (the notes of CSV rows).
- ``md_text``: plain text in a Markdown report (``modelzoo diff``): backslash escapes, for GitHub's renderer.

``url_problem`` is the one URL rule, shared with the prose renderer (``generator.prose``).
"""

from __future__ import annotations

import re

from markupsafe import Markup

# -- the universal text escape -------------------------------------------------------------------------------

_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKDOWN = "\"'\\`*_{}[]()#!|~^=+$@"
_TEXT: dict[int, str] = {
    **{ord(c): ref for c, ref in _NAMED.items()},
    **{ord(c): f"&#{ord(c)};" for c in _MARKDOWN},
    # Line breaks, tabs, the other C0 controls and DEL: never a new line, never one of Python-Markdown's
    # own placeholder characters (\x02, \x03).
    **{i: f"&#{i};" for i in [*range(0x20), 0x7F]},
}
_NEEDS_TEXT = re.compile("[" + re.escape("".join(map(chr, _TEXT))) + "]")


def _markup(s: str) -> Markup:
    """``Markup(s)`` for a str, without Markup's Python-level constructor (the pages print ~20 values per
    model row: this is the renderer's hottest call)."""
    return str.__new__(Markup, s)


def text(value: object) -> Markup:
    """Any value as text, shown literally in Markdown, in HTML text and in quoted HTML attributes.
    ``Markup`` (trusted, already escaped) is returned as it is."""
    if isinstance(value, Markup):
        return value
    s = value if type(value) is str else str(value)
    if _NEEDS_TEXT.search(s) is None:  # most cells: nothing to do
        return _markup(s)
    return _markup(s.translate(_TEXT))


# -- URLs ----------------------------------------------------------------------------------------------------

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Whitespace (Unicode's, as str.isspace), C0 and C1 controls, and what a URL cannot have.
_NOT_IN_URLS = re.compile(r'[\s\x00-\x1f\x7f-\x9f\\"<>`]')
_AUTHORITY = re.compile(r"//[^/?#]")


def url_problem(url: str, *, relative: bool = True) -> str | None:
    """Why ``url`` may not be a link target, or None when it may.

    Allowed: ``http://host…`` and ``https://host…``, ``mailto:…`` and, when ``relative``, a relative path
    or ``#fragment`` (not ``//host``). Browsers drop tabs and newlines inside URLs and read ``\\`` as ``/``
    (``java\\tscript:`` is ``javascript:``), so no whitespace, control character or backslash at all."""
    if not url:
        return "it is empty"
    bad = _NOT_IN_URLS.search(url)
    if bad:
        ch = bad.group()
        if ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
            return f"it has the space or control character U+{ord(ch):04X}"
        return f"it has the character {ch!r}, which a URL cannot have"
    scheme = _SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        if name not in SAFE_SCHEMES:
            return f"its scheme {name!r} is not http, https or mailto"
        if name != "mailto" and not _AUTHORITY.match(url, scheme.end()):
            return f"it is not an absolute {name} URL ({name}://host/…)"
        return None
    if not relative:
        return "it is a relative link"
    if url.startswith("//"):
        return "it starts with '//' (another host, without a scheme)"
    return None


def url(value: object) -> Markup:
    """A link target for an HTML attribute (see ``url_problem``); raises ``ValueError`` for any other."""
    if isinstance(value, Markup):
        raise ValueError(f"url: expected a plain URL, got markup {str(value)[:80]!r}")
    s = str(value)
    problem = url_problem(s)
    if problem:
        raise ValueError(f"url: not a link target, {problem}: {s[:80]!r}")
    return text(s)


# -- element ids ---------------------------------------------------------------------------------------------

ID_PATTERN = r"""^[^\s"'<>&\x00-\x1f\x7f]+$"""
"""Element ids: slugs (source ids, row anchors, plot ids) and legacy anchors (schema ``Anchor``)."""
_ID = re.compile(ID_PATTERN)


def id_problem(value: str) -> str | None:
    """Why ``value`` may not be an element id, or None when it may."""
    if _ID.match(value):
        return None
    bad = next((ch for ch in value if ch.isspace() or ord(ch) < 0x20 or ch in "\"'<>&\x7f"), None)
    return "it is empty" if bad is None else f"it has the character {bad!r}"


def element_id(value: object) -> Markup:
    """An element id for an ``id`` attribute, or a slug for a ``{ #id }`` attribute list (slugs have no
    character that ``text`` changes); raises ``ValueError`` for anything else."""
    s = str(value)
    if isinstance(value, Markup) or id_problem(s):
        raise ValueError(f"id: not an element id: {s[:80]!r}")
    return text(s)


# -- plain text with links -----------------------------------------------------------------------------------

# A bare http(s) URL in plain text; trailing punctuation is the sentence's, not the URL's.
_URL = re.compile(r"https?://[^\s<>\"'|\[\]()`\\]+[^\s<>\"'|\[\]().,;:!?`\\]")


def linkify(value: object) -> Markup:
    """Plain text, shown literally, whose bare http(s) URLs become links."""
    s = str(value)
    out: list[str] = []
    pos = 0
    for match in _URL.finditer(s):
        target = match.group(0)
        if url_problem(target, relative=False):
            continue  # e.g. "http://" alone: stays text
        out.append(text(s[pos : match.start()]))
        out.append(f'<a href="{text(target)}">{text(target)}</a>')
        pos = match.end()
    out.append(text(s[pos:]))
    return Markup("".join(out))


# -- Markdown reports ----------------------------------------------------------------------------------------

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


def md_text(value: object) -> str:
    """Plain text, shown literally inside Markdown for other renderers (GitHub's, in ``modelzoo diff``
    reports): HTML characters as entities, Markdown inline syntax backslash-escaped, one line."""
    return str(value).translate(_MD_TEXT)
