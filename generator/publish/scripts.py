"""The site's own scripts as the site serves them: minified.

``docs/assets/javascripts/*.js`` (plots.js, explore.js, ...) stay readable in the repository; the plugin
serves each one minified (comments and whitespace out, code unchanged: rjsmin). An explorer page carries
plotly.js (387 KB gzip of its 450 KB budget) and Material's bundle and search worker, so the few kilobytes
this saves are what leaves room for the project's own code. Vendored files (``*.min.js``, anything under
``assets/vendor/``) are served as they are.
"""

from __future__ import annotations

from rjsmin import jsmin

SCRIPTS_FOLDER = "assets/javascripts/"


def is_own_script(path: str) -> bool:
    """Whether a docs/ file (its path inside docs/, POSIX) is one of the project's own scripts: a ``.js``
    file right in assets/javascripts/, not ``.min.js``."""
    name = path.removeprefix(SCRIPTS_FOLDER)
    return name != path and "/" not in name and name.endswith(".js") and not name.endswith(".min.js")


def minified(source: str) -> str:
    """A script without its comments and needless whitespace (``/*! ... */`` licence comments kept)."""
    return jsmin(source, keep_bang_comments=True).strip() + "\n"
