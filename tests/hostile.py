"""Hostile text for the escaping tests: what a stranger's pull request might put in any field of any data
file. Each string is written to be harmless when shown literally and harmful if any layer interprets it
(HTML, Markdown, Jinja2, plotly's templates, URLs)."""

from __future__ import annotations

HOSTILE = (
    "<script>alert('s1')</script>",
    "<img src=x onerror=alert('s2')>",
    "<svg onload=alert('s3')>",
    "\"><img src=x onerror=alert('s4')>",
    "'><svg/onload=alert('s5')>",
    "[click](javascript:alert('s6'))",
    "[ref][r]\n\n[r]: javascript:alert('s7')",
    "[ref][r2]\n[r2]:\njavascript:alert('s8')",
    "[nl](java\nscript:alert('s9'))",
    "[tab](java\tscript:alert('s10'))",
    "[sp](javascript\t:alert('s11'))",
    '[title](https://example.org "a\rb" onclick="alert(\'s12\')")',
    "[break](https://example.org/\"onclick=\"alert('s13'))",
    "[ent](&#106;avascript:alert('s14'))",
    "[bs](\\javascript:alert('s15'))",
    "![i](x){ onerror=alert('s16') }",
    "para\n{ onclick=alert('s17') }",
    "<a href=\"javascript:alert('s18')\">a</a>",
    "{{ 7 * 7 }} {% if true %}jinja{% endif %} {# c #}",
    "%{customdata[0]} %{text} %{x}",
    "| pipe | cell | --- |",
    "# heading\n## two",
    "`code` *em* _u_ **b** ~~s~~ ==m== ^sup^ $x$",
    "&lt;b&gt; &amp; &#x3C;script&#x3E;",
    "data:text/html,<script>alert('s19')</script>",
    "<style>body{display:none}</style><iframe src=x></iframe>",
    "\u202eevil\u200b\ufeff",
)
"""Strings for text fields. The ones with a newline are for prose fields (plain-text fields on one line)."""

MARKERS = tuple(f"s{i}" for i in range(1, 20))
"""The argument of each alert(): a dialog showing one of them means that string ran."""
