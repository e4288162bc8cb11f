"""The Content-Security-Policy of the built pages (generator/publish/csp.py): the theme's inline scripts are
allowed by hash, anything inside the page's content is not."""

from __future__ import annotations

import base64
import hashlib

from conftest import Build

from generator.publish.csp import add_policy, inline_script_hashes


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


PAGE = (
    '<html><head><script>var theme=1</script><script type="application/json">{}</script>'
    '<script src="x.js"></script></head><body><article>CONTENT</article><script>var tail="<b>"</script>'
    "</body></html>"
)


def test_theme_scripts_are_hashed_and_content_scripts_are_not() -> None:
    content = "<p>hi</p><script>alert(1)</script><img src=x onerror=alert(2)>"
    out = add_policy(PAGE.replace("CONTENT", content), content)
    head = out[: out.index("</head>")]
    policy = head.split('content="', 1)[1].split('"', 1)[0]
    assert out.index("Content-Security-Policy") < out.index("var theme")  # first in <head>
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    tail = _sha('var tail="<b>"')
    assert script_src == f"script-src 'self' {_sha('var theme=1')} {tail}"
    assert _sha("alert(1)") not in out
    assert "'unsafe-inline'" not in script_src and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy and "base-uri 'self'" in policy


def test_hashes_skip_data_blocks_and_repeats() -> None:
    html = "<script>a()</script><script type='application/json'>{\"x\":1}</script><script>a()</script>"
    assert inline_script_hashes(html) == [_sha("a()")]


def test_every_built_page_has_a_policy_that_allows_its_theme_scripts(seed_site: Build) -> None:
    pages = sorted(seed_site.site.rglob("*.html"))
    assert len(pages) >= 4
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert html.count('http-equiv="Content-Security-Policy"') == 1, path
        policy = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
        for source in inline_script_hashes(html):
            assert source in policy, (path, source)
