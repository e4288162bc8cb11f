"""A Content-Security-Policy for every built page: scripts only from the site itself, plus the theme's own
inline scripts by hash. Defence in depth: even an injection that got past the escaping could not run inline
script or an event handler.

The policy is a ``<meta http-equiv>`` at the top of ``<head>`` (a static site sets no headers). The inline
scripts allowed are the ones the theme wrote around the page's content, found by parsing the page with the
content cut out, so nothing that came from the data can be allowed by accident. Script elements with a JSON
``type`` are data blocks, not scripts: the policy does not apply to them.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser

_DATA_TYPES = {"application/json", "application/ld+json", "importmap"}
POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)


class _InlineScripts(HTMLParser):
    """The text of every inline, executable <script> of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._inside = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        values = dict(attrs)
        kind = (values.get("type") or "").strip().lower()
        if "src" not in values and kind not in _DATA_TYPES:
            self._inside = True
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._inside:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inside:
            self.scripts.append("".join(self._text))
            self._inside = False


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions ('sha256-…') of the inline scripts of ``html``, in order, without repeats."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    out: list[str] = []
    for text in parser.scripts:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in out:
            out.append(source)
    return out


def add_policy(output: str, content: str | None) -> str:
    """The page ``output`` with its policy as the first element of <head>. ``content`` is the part of the
    page that came from its Markdown (None for a page that has none, like 404.html): scripts in it are not
    allowed."""
    theme = output
    if content:
        start = output.find(content)
        if start >= 0:
            theme = output[:start] + output[start + len(content) :]
    hashes = "".join(" " + h for h in inline_script_hashes(theme))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.format(hashes=hashes)}">'
    head = output.find("<head>")
    if head < 0:
        return output
    at = head + len("<head>")
    return output[:at] + "\n    " + meta + output[at:]
