"""Script never runs on the published site: data text shows literally everywhere, prose is rendered and
sanitised by the generator, and what cannot be published safely is a located validation error.

Unit tests of the universal escape (against the site's own Markdown configuration), of the url/id/linkify
filters and of prose rendering (each known attack), the validator's prose check, templates failing closed,
and a real strict mkdocs build with hostile text in every plain-text and prose field of every record kind.
"""

from __future__ import annotations

import csv
import functools
import html
import http.server
import io
import json
import os
import re
import shutil
import threading
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import FIXTURES, ROOT, TEMPLATES, Build, assert_no_warnings, mkdocs_build
from htmltools import Element, parse
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator import linkcheck, prose
from generator.diagnostics import DataError
from generator.escape import element_id, linkify, text, url, url_problem
from generator.figures import esc as esc_plot
from generator.pipeline import build_site
from generator.prose import Prose, ProseError, inline_problems
from generator.render import TemplateFailure, page_url, relative, render
from generator.validate import build_catalogue

SITE_NAME = "TI Edge AI Model Zoo"  # mkdocs.yml


def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with the site's extensions, as mkdocs.yml configures them."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict):
            ((name, options),) = ext.items()
            names.append(name)
            configs[name] = options
        else:
            names.append(ext)
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _no_permalink(el: Element) -> str:
    """A heading's text without the permalink that the toc extension appends."""
    return "".join(
        c if isinstance(c, str) else c.text
        for c in el.children
        if isinstance(c, str) or "headerlink" not in c.classes()
    )


# -- the universal escape -------------------------------------------------------------------------------------


def test_text_encodes_html_markdown_and_line_characters() -> None:
    assert text("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert text("\"'\\`*_{}[]()#!|~^=+$@") == (
        "&#34;&#39;&#92;&#96;&#42;&#95;&#123;&#125;&#91;&#93;&#40;&#41;&#35;&#33;&#124;&#126;&#94;&#61;&#43;&#36;&#64;"
    )
    assert text("a\nb\rc\td\x02e\x7f") == "a&#10;b&#13;c&#9;d&#2;e&#127;"
    # What cannot start inline syntax stays as it is: names, figures, sizes, URLs' punctuation.
    assert (
        text("MobileNetV2-1.4 224x224 0.300 a,b;c:d/e?f% é 模型")
        == "MobileNetV2-1.4 224x224 0.300 a,b;c:d/e?f% é 模型"
    )
    assert isinstance(text("x"), Markup)
    assert text(Markup("<em>ours</em>")) == "<em>ours</em>"  # trusted markup stays
    assert text(12) == "12" and text(None) == "None"


# Text a contributor may write (the loaders reject the other control characters).
TEXTS = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters=[*map(chr, range(32)), "\x7f"])
    | st.sampled_from(list("\t\n\r<>&\"'\\`*_{}[]()#!|~^=+$@-.:;%/ ")),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_text_is_literal_in_every_context_of_the_pages(value: str) -> None:
    """Through the site's own Markdown: in a heading with an attribute list, in raw HTML text and in a
    quoted attribute, the browser's text (the parsed HTML) is exactly the value."""
    md = _site_markdown()
    escaped = text(value)
    out = md.convert(
        f"## x{escaped}x {{ #h }}\n\n"
        f"<p title=\"{escaped}\" data-x='{escaped}'>x{escaped}x</p>\n\n"
        f"<table><tbody><tr><td>x{escaped}x</td></tr></tbody></table>\n"
    )
    root = parse(out)
    (h2,) = root.iter("h2")
    assert h2.attrs["id"] == "h"
    assert _no_permalink(h2) == f"x{value}x"
    (p,) = root.iter("p")
    assert p.attrs == {"title": value, "data-x": value}
    assert p.text == f"x{value}x"
    (td,) = root.iter("td")
    assert td.text == f"x{value}x"
    # The table of contents holds the heading as HTML: the same text once parsed (whitespace collapsed).
    (entry,) = md.toc_tokens
    assert " ".join(parse(entry["name"]).text.split()) == " ".join(f"x{value}x".split())


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_text_round_trips(value: str) -> None:
    assert html.unescape(text(value)) == value


# -- url, id, linkify -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://example.org/a?b=1&c=2#d",
        "http://example.org",
        "mailto:someone@example.org",
        "../references/#paper-a",
        "alpha/2/",
        "#pareto",
        "pareto-imagenet.json",
        "1foo:bar",  # not a scheme (a scheme starts with a letter): a relative path
    ],
)
def test_url_accepts_web_and_relative_links(target: str) -> None:
    assert url_problem(target) is None
    assert html.unescape(url(target)) == target


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("javascript:alert(1)", "its scheme 'javascript' is not http, https or mailto"),
        ("JavaScript:alert(1)", "its scheme 'javascript' is not http, https or mailto"),
        ("vbscript:x", "its scheme 'vbscript' is not http, https or mailto"),
        ("data:text/html,<b>", "it has the character '<', which a URL cannot have"),
        ("data:text/html,x", "its scheme 'data' is not http, https or mailto"),
        ("java\nscript:alert(1)", "it has the space or control character U+000A"),
        ("java\tscript:alert(1)", "it has the space or control character U+0009"),
        ("javascript\t:alert(1)", "it has the space or control character U+0009"),
        (" javascript:alert(1)", "it has the space or control character U+0020"),
        ("\\\\javascript:alert(1)", "it has the character '\\\\', which a URL cannot have"),
        ("/\\evil.example/", "it has the character '\\\\', which a URL cannot have"),
        ("//evil.example/", "it starts with '//' (another host, without a scheme)"),
        ("https:evil.example", "it is not an absolute https URL (https://host/…)"),
        ('https://x"onclick="alert(1)', "it has the character '\"', which a URL cannot have"),
        ("", "it is empty"),
    ],
)
def test_url_refuses_everything_else(target: str, why: str) -> None:
    assert url_problem(target) == why
    with pytest.raises(ValueError, match="url: not a link target"):
        url(target)


def test_url_of_relative_links_only_when_allowed() -> None:
    assert url_problem("#notes", relative=False) == "it is a relative link"
    assert url_problem("https://example.org/", relative=False) is None
    with pytest.raises(ValueError, match="expected a plain URL"):
        url(Markup("https://example.org/"))


def test_element_ids() -> None:
    assert element_id("alpha--neta--224x224") == "alpha--neta--224x224"
    # a legacy anchor may have any character but spaces, quotes, <, > and &: escaped for the attribute
    assert element_id("Alpha/Models-1.0") == "Alpha/Models-1.0"
    assert html.unescape(element_id("x(1)[a]{b}#c")) == "x(1)[a]{b}#c"
    for bad in ("", "a b", 'a"b', "a'b", "a<b", "a&b", "a\nb", Markup("x")):
        with pytest.raises(ValueError, match="id: not an element id"):
            element_id(bad)


def test_linkify_links_bare_urls_and_escapes_the_rest() -> None:
    assert linkify("see https://example.org/p?q=1&r=2. <b>*x*</b>") == (
        'see <a href="https://example.org/p?q&#61;1&amp;r&#61;2">https://example.org/p?q&#61;1&amp;r&#61;2</a>. '
        "&lt;b&gt;&#42;x&#42;&lt;/b&gt;"
    )
    assert linkify("(http://a.example/x), javascript:alert(1) https://") == (
        '&#40;<a href="http://a.example/x">http://a.example/x</a>&#41;, javascript:alert&#40;1&#41; https://'
    )
    assert isinstance(linkify(""), Markup) and linkify("") == ""


def test_page_urls_and_relative_links() -> None:
    assert [page_url(p) for p in ("index.md", "references.md", "a/index.md", "a/b/2.md")] == [
        "",
        "references/",
        "a/",
        "a/b/2/",
    ]
    assert relative("index.md", "references.md") == "references/"
    assert relative("index.md", "image-classification/index.md") == "image-classification/"
    assert relative("image-classification/index.md", "references.md") == "../references/"
    assert relative("image-classification/index.md", "index.md") == "../"
    assert relative("image-classification/alpha/2.md", "image-classification/index.md") == "../../"
    assert relative("image-classification/alpha/index.md", "image-classification/alpha/2.md") == "2/"
    assert relative("image-classification/alpha/2.md", "image-classification/alpha/index.md") == "../"
    assert relative("references.md", "references.md") == ""


# -- prose ----------------------------------------------------------------------------------------------------


def _html(source: str) -> str:
    return prose.render(source).html


def _problems(source: str) -> tuple[str, ...]:
    with pytest.raises(ProseError) as info:
        prose.render(source)
    return info.value.problems


def test_prose_keeps_the_markdown_contributors_use() -> None:
    assert _html('**b**, *e*, `c <d>`; [ok](https://x.example/?a=1&b=2 "T"), <https://y.example>') == (
        "<p><strong>b</strong>, <em>e</em>, <code>c &lt;d&gt;</code>; "
        '<a href="https://x.example/?a=1&amp;b=2" title="T" rel="noopener noreferrer">ok</a>, '
        '<a href="https://y.example" rel="noopener noreferrer">https://y.example</a></p>'
    )
    assert _html("One\n\n- a\n- b\n\nTwo\n\n1. c\n\n> q\n\n    code <x>\n") == (
        "<p>One</p>&#10;<ul>&#10;<li>a</li>&#10;<li>b</li>&#10;</ul>&#10;<p>Two</p>&#10;<ol>&#10;<li>c</li>"
        "&#10;</ol>&#10;<blockquote>&#10;<p>q</p>&#10;</blockquote>&#10;<pre><code>code &lt;x&gt;&#10;</code></pre>"
    )
    assert _html("| a | b |\n|--:|:-:|\n| 1 | 2 |") == (
        '<table>&#10;<thead>&#10;<tr>&#10;<th align="right">a</th>&#10;<th align="center">b</th>&#10;</tr>'
        '&#10;</thead>&#10;<tbody>&#10;<tr>&#10;<td align="right">1</td>&#10;<td align="center">2</td>'
        "&#10;</tr>&#10;</tbody>&#10;</table>"
    )
    # headings go under the page's own: # is <h4>
    assert _html("# One\n\n### Three") == "<h4>One</h4>&#10;<h6>Three</h6>"
    mail = prose.render("<someone@example.org>")
    assert mail.links == ("mailto:someone@example.org",)
    assert (
        mail.inline
        == '<a href="mailto:someone@example.org" rel="noopener noreferrer">someone@example.org</a>'
    )


def test_prose_shows_raw_html_and_attribute_lists_literally() -> None:
    source = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> <svg onload=alert(3)> "
        "<a href=javascript:alert(4)>a</a> <!-- c --> {: onclick=alert(5) } &#60;b&#62; AT&T &nope;"
    )
    out = _html(source)
    root = parse(out)
    assert [el.tag for el in root.iter()] == ["p"]
    assert root.text == source.replace("&#60;b&#62;", "<b>")  # character references are Markdown's
    assert _html("Paragraph\n{ onclick=alert(7) }") == "<p>Paragraph&#10;{ onclick=alert(7) }</p>"


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("[x](javascript:alert(1))", "link 'javascript:alert(1)' is not allowed: its scheme 'javascript'"),
        ("[x][r]\n[r]: javascript:alert(1)", "link 'javascript:alert(1)' is not allowed: its scheme"),
        ("[x][r]\n\n[r]:\n  vbscript:alert(1)", "link 'vbscript:alert(1)' is not allowed: its scheme"),
        ("[x](java\nscript:alert(1))", "link 'java\\nscript:alert(1)' is not allowed: it has the space"),
        ("[x](java\tscript:alert(1))", "link 'java\\tscript:alert(1)' is not allowed: it has the space"),
        ("[x](javascript\t:alert(1))", "link 'javascript\\t:alert(1)' is not allowed: it has the space"),
        ("[x](&#106;avascript:alert(1))", "link 'javascript:alert(1)' is not allowed: its scheme"),
        ("[x](&#x6A;avascript&#58;alert(1))", "link 'javascript:alert(1)' is not allowed: its scheme"),
        (
            "[x](\\\\javascript:alert(1))",
            "link '\\\\javascript:alert(1)' is not allowed: it has the character",
        ),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "link 'data:text/html;base64,PHNjcmlwdD4=' is not"),
        ('[x](https://a.example/"onclick="alert(1))', "link 'https://a.example/\"onclick=\"alert(1' is not"),
        ("[x](./relative/)", "link './relative/' is not allowed: it is a relative link"),
        ("[x](#notes)", "link '#notes' is not allowed: it is a relative link"),
        ("[x]()", "link '' is not allowed: it is empty"),
        ("<ftp://example.org/>", "link 'ftp://example.org/' is not allowed: its scheme 'ftp'"),
        ("![i](https://x.example/i.png){ onerror=alert(1) }", "images are not allowed in prose"),
    ],
)
def test_prose_refuses_links_the_browser_would_not_read_as_web_links(source: str, problem: str) -> None:
    (found,) = _problems(source)
    assert found.startswith(problem), found


def test_prose_link_title_with_a_carriage_return_stays_an_attribute() -> None:
    out = prose.render('[x](https://a.example/ "t\rb onmouseover=alert(1)")')
    (a,) = parse(out.html).iter("a")
    assert a.attrs == {
        "href": "https://a.example/",
        "title": "t b onmouseover=alert(1)",
        "rel": "noopener noreferrer",
    }


def test_prose_bounds_come_before_rendering() -> None:
    # 160 KB of nested lists: refused by its length, at once
    nested = "\n".join("    " * i + "- x" for i in range(280))
    assert len(nested) > 150_000
    assert _problems(nested) == (f"is {len(nested):,} characters long: at most 20,000",)
    # Python-Markdown recurses per level: deep nesting is refused before it can raise RecursionError
    assert _problems("- " * 500 + "x") == ("line 1: lists and quotes nested 500 deep: at most 10",)
    assert _problems("> " * 11 + "x") == ("line 1: lists and quotes nested 11 deep: at most 10",)
    assert _problems("x\n" + "    " * 11 + "- y") == ("line 2: lists and quotes nested 12 deep: at most 10",)
    assert _problems("1. " * 11 + "x") == ("line 1: lists and quotes nested 11 deep: at most 10",)
    prose.render("\n".join("    " * i + "- x" for i in range(10)))  # ten levels: fine
    # each '[' may start a link, and Python-Markdown's time grows with their square
    assert _problems("[" * 501) == ("has 501 '[' (each may start a link): at most 500",)
    assert _problems("a\n" * 1001) == ("has 1,001 lines: at most 1,000",)
    assert _problems("a\x02b") == ("has the control character U+0002",)
    assert _problems(" \n ") == ("must not be blank",)


def test_recursion_error_becomes_the_same_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def deep(text: str, bare_urls: bool = False) -> str:
        raise RecursionError

    monkeypatch.setattr(prose, "_markdown_html", deep)
    assert _problems("x") == ("nested too deeply to render (at most 10 levels)",)


def test_inline_prose() -> None:
    label = prose.render("Training source code is in **edgeai-hf-transformers**")
    assert label.inline == "Training source code is in <strong>edgeai-hf-transformers</strong>"
    assert inline_problems(label, in_link=True) == []
    block = "must be one paragraph of inline Markdown (no blank lines, lists, headings, quotes, tables or code blocks)"
    for source in ("a\n\nb", "- a", "# a", "> a", "| a |\n|---|\n| b |", "    code"):
        assert inline_problems(prose.render(source), in_link=False) == [block], source
    assert inline_problems(prose.render("a  \nb"), in_link=False) == ["must be one line (no line break)"]
    linked = prose.render("see [x](https://a.example/)")
    assert inline_problems(linked, in_link=False) == []
    assert inline_problems(linked, in_link=True) == [
        "the label of a link cannot contain a link ('https://a.example/')"
    ]


# -- the validator and the renderer -----------------------------------------------------------------------------


def _data(tmp_path: Path) -> Path:
    return shutil.copytree(FIXTURES / "two-tasks", tmp_path / "data")


def _replace(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content
    path.write_text(content.replace(old, new), encoding="utf-8")


def test_the_catalogue_holds_every_prose_field_rendered() -> None:
    catalogue, _ = build_catalogue(FIXTURES / "two-tasks")
    assert set(catalogue.prose) == {
        "A two-task zoo used by the tests.",
        "1000 classes; accuracies on the validation set.",
        "Urban street scenes, 19 classes.",
        "The alpha repository.",
        "**Training source code**",
        "Models Link",
        "Classify images.",
        "- GigaMACs: complexity.\n",
    }
    assert catalogue.prose["**Training source code**"] == Prose(
        Markup("<p><strong>Training source code</strong></p>"),
        Markup("<strong>Training source code</strong>"),
        (),
        frozenset({"p", "strong"}),
    )


def test_a_prose_problem_is_located_at_its_field(tmp_path: Path) -> None:
    data = _data(tmp_path)
    task = data / "tasks" / "image-classification.yaml"
    _replace(task, "description: The alpha repository.", 'description: "[js](javascript\\t:x)"')
    _replace(task, "label: Models Link", 'label: "[a](https://a.example/) in a link"')
    with pytest.raises(DataError) as info:
        build_catalogue(data, display_root=tmp_path)
    assert [d.format() for d in info.value.errors] == [
        "data/tasks/image-classification.yaml:9:18: error: sources[0].description: link 'javascript\\t:x' is "
        "not allowed: it has the space or control character U+0009 (prose links must be absolute http(s) or "
        "mailto URLs)",
        "data/tasks/image-classification.yaml:13:16: error: sources[0].links[1].label: the label of a link "
        "cannot contain a link ('https://a.example/')",
    ]


def test_validate_and_build_refuse_the_same_prose(tmp_path: Path, capsys) -> None:
    """`javascript\\t:` looked relative to mkdocs and failed `mkdocs build --strict` on a generated page
    although `modelzoo validate` passed: both now stop at the data file's line, with the same message."""
    from generator.cli import main

    data = _data(tmp_path)
    _replace(
        data / "tasks" / "image-classification.yaml",
        "introduction: Classify images.",
        'introduction: "[x](javascript\\t:alert(1))"',
    )
    assert main(["validate", "--data", str(data), "--templates", str(TEMPLATES)]) == 1
    error = next(line for line in capsys.readouterr().out.splitlines() if ": error: " in line)
    assert error.endswith(
        "tasks/image-classification.yaml:4:15: error: introduction: link 'javascript\\t:alert(1)' is not "
        "allowed: it has the space or control character U+0009 (prose links must be absolute http(s) or "
        "mailto URLs)"
    )
    build = mkdocs_build(tmp_path, data)
    assert build.returncode == 1
    assert error.split("tasks/", 1)[1] in build.log


def _templates(tmp_path: Path, name: str, old: str, new: str) -> Path:
    templates = shutil.copytree(TEMPLATES, tmp_path / "templates")
    _replace(templates / name, old, new)
    return templates


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("# {{ zoo.title }}", "# {{ zoo.title | prose }}", "prose: not a validated prose text: 'Tiny Zoo'"),
        (
            "{{ entry.href | url }}",
            "{{ ('javascript:' ~ entry.href) | url }}",
            "url: not a link target, its scheme",
        ),
        ("{{ references }} references", "{{ zoo.title | id }}", "id: not an element id: 'Tiny Zoo'"),
    ],
)
def test_templates_fail_closed(tmp_path: Path, old: str, new: str, message: str) -> None:
    """A filter given what it cannot vouch for stops the build at the template line: nothing unchecked is
    written."""
    catalogue, _ = build_catalogue(FIXTURES / "two-tasks")
    with pytest.raises(TemplateFailure) as info:
        render(catalogue, _templates(tmp_path, "index.md.j2", old, new))
    assert info.value.message.startswith(f"TemplateRuntimeError: {message}"), info.value.message
    assert info.value.location.path.endswith("templates/index.md.j2")
    assert info.value.location.line > 0


@pytest.mark.parametrize("unsafe", ["safe", "e", "escape", "forceescape", "tojson", "xmlattr", "urlize"])
def test_templates_have_no_other_way_to_print(tmp_path: Path, unsafe: str) -> None:
    catalogue, _ = build_catalogue(FIXTURES / "two-tasks")
    templates = _templates(tmp_path, "index.md.j2", "{{ zoo.title }}", f"{{{{ zoo.title | {unsafe} }}}}")
    with pytest.raises(TemplateFailure, match=f"No filter named '{unsafe}'"):
        render(catalogue, templates)


def test_join_escapes_each_plain_item_with_the_universal_escape(tmp_path: Path) -> None:
    """Jinja2's own join would escape plain items with markupsafe only (no Markdown characters) as soon as
    one item is Markup."""
    templates = _templates(
        tmp_path,
        "index.md.j2",
        "# {{ zoo.title }}",
        '# {{ [zoo.title ~ "*", zoo.description | prose, "<b>"] | join(" | ") }}',
    )
    catalogue, _ = build_catalogue(FIXTURES / "two-tasks")
    page = render(catalogue, templates).pages["index.md"]
    assert page.startswith(
        "# Tiny Zoo&#42; &#124; <p>A two-task zoo used by the tests.</p> &#124; &lt;b&gt;\n"
    )


# -- a real site from hostile data ------------------------------------------------------------------------------

EVIL = (
    "</title></textarea></style></script><script>alert(1)</script><img src=x onerror=alert(2)>"
    "<svg onload=alert(3)> *e* _u_ `c` [l](javascript:alert(4)) {: onclick=alert(5) } &amp; &#106; | # \\ "
    "$m$ ~s~ ^p^ ==h== +i+ @u %{y} \"q\" 'a' <!-- { #id .cls }"
)
EVIL_PROSE = (
    "**b** <script>alert(11)</script> <img src=x onerror=alert(12)> <svg onload=alert(13)> "
    "{ onclick=alert(14) } <a href=javascript:alert(15)>a</a> &#60;i&#62; javascript:alert(16) "
    '[ok](https://example.org/ok "t")'
)
EVIL_LABEL = "<b onclick=alert(21)>label</b> *x* {: #y }"
# What they show (the text of the HTML they become)
PROSE_TEXT = (
    "b <script>alert(11)</script> <img src=x onerror=alert(12)> <svg onload=alert(13)> "
    "{ onclick=alert(14) } <a href=javascript:alert(15)>a</a> <i> javascript:alert(16) ok"
)
LABEL_TEXT = "<b onclick=alert(21)>label</b> x {: #y }"


def _evil(n: int) -> str:
    return f"{n}{EVIL}"


# Names, authors and groups are at most 200 characters (generator/schema.py): the same attacks, shorter.
EVIL_SHORT = (
    "</title><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)> *e* _u_ `c` "
    "[l](javascript:alert(4)) {: onclick=alert(5) } &amp; | # \\ %{y} \"q\" 'a'"
)


def _evil_short(n: int) -> str:
    return f"{n}{EVIL_SHORT}"


ZOO_TITLE = _evil(1) + "\nsecond\rline"


# An anchor may have any character but spaces, quotes, <, > and & (generator.escape.ID_PATTERN).
EVIL_ANCHOR = "Alpha/x(1)[a]{b}#c*`"
EVIL_ANCHOR_2 = "%{y}_*~|=+$@!"
EVIL_NOTE = f"<*> {EVIL_LABEL} https://example.org/n?x=1&y=2"
"""A notes cell: inline prose (the footnote marker, the label's attacks, a bare URL that becomes a link)."""
NOTE_TEXT = f"<*> {LABEL_TEXT} n"


def _hostile_data(dest: Path) -> Path:
    """The two-task fixture with hostile text in every plain-text and prose field of every record kind, the
    v2 ones too (units, column labels, section titles and prose, anchors, what a source shows on a page,
    extra column cells) and the devices' (``_hostile_devices``); the classification task is split
    (rows_per_page 10), segmentation is not: both layouts. Segmentation has two metrics (a metric picker)
    and a source with a section."""
    data = shutil.copytree(FIXTURES / "two-tasks", dest)

    def rewrite(name: str, change) -> None:
        path = data / name
        value = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(value)
        path.write_text(
            yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
        )

    def zoo(z: dict) -> None:
        z.update(title=ZOO_TITLE, description=EVIL_PROSE + "\n\n- item " + EVIL_LABEL)

    def datasets(ds: list) -> None:
        for i, d in enumerate(ds):
            d.update(name=_evil_short(10 + i), description=EVIL_PROSE)

    def sources(ss: list) -> None:
        alpha, beta = ss
        alpha.update(title=_evil(20), label=_evil(21), summary=EVIL_PROSE, url="https://example.org/'s(1)")
        beta.update(title=_evil(23), summary=EVIL_LABEL)

    def references(rs: list) -> None:
        for i, r in enumerate(rs):
            r.update(
                title=_evil(30 + i), authors=[_evil_short(40 + i), "B. <i>Author</i>"], venue=_evil(50 + i)
            )
            r["description"] = _evil(60 + i) + " see https://example.org/ref?a=1&b=2."
            r["urls"] = ["https://example.org/'onmouseover='alert(61)"]

    def alpha_entry(entry: dict, title: str | None) -> None:
        if title is not None:
            entry["title"] = title
        entry.update(
            anchors=[EVIL_ANCHOR, EVIL_ANCHOR_2, "alpha"],
            description=EVIL_PROSE + "\n\n> quoted " + EVIL_LABEL,
            notes=[EVIL_PROSE, "1. one\n2. two " + EVIL_LABEL],
            sections=[{"id": "newer", "title": _evil(24), "description": EVIL_PROSE}],
        )
        entry["links"][0]["label"] = EVIL_LABEL
        entry["links"][1].update(label=EVIL_LABEL, url="./a'b(c)/")
        entry["links"].append({"label": EVIL_PROSE})  # no url: a label with a link is fine
        entry["footnotes"][0].update(marker="<*>", text=_evil(22) + "\ntwo lines")

    def task(t: dict) -> None:
        t.update(
            title=_evil(70),
            introduction=EVIL_PROSE,
            datasets_intro=EVIL_PROSE,
            sources_intro=EVIL_PROSE,
            notes=EVIL_PROSE,
        )
        t["complexity"].update(label=_evil(71), unit=_evil_short(73), description=_evil(74))
        t["metrics"][0].update(label=_evil(72), unit=_evil_short(75), description=_evil(76))
        t["columns"] = [
            {"key": "config", "label": _evil(77)},
            {"key": "weights", "label": _evil(78), "kind": "link", "link_label": _evil(79)},
        ]
        alpha_entry(t["sources"][0], None if t["id"] == "image-classification" else _evil(25))

    def classification(t: dict) -> None:
        task(t)
        t["rows_per_page"] = 10

    def segmentation(t: dict) -> None:
        task(t)
        t["metrics"].append(
            {"key": "pixacc", "label": _evil(90), "unit": _evil_short(91), "higher_is_better": False}
        )

    rewrite("zoo.yaml", zoo)
    rewrite("datasets.yaml", datasets)
    rewrite("sources.yaml", sources)
    rewrite("references.yaml", references)
    rewrite("tasks/image-classification.yaml", classification)
    rewrite("tasks/semantic-segmentation.yaml", segmentation)
    for name in ("image-classification", "semantic-segmentation"):
        path = data / "models" / f"{name}.csv"
        rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
        header = rows[0]
        extra = ["pixacc"] if name == "semantic-segmentation" else []
        rows[0] = ["section", *header[:7], *extra, "config", "weights", *header[7:], "model_id"]
        for i, row in enumerate(rows[1:]):
            row[1] = row[1] and _evil_short(80)  # group
            row[3] = row[3] + _evil_short(81)  # name
            row[9] = EVIL_NOTE  # notes, with the footnote marker
            cells = [_evil(85), "https://example.org/w?x=1&y='2'(3)"]
            section = "newer" if row[0] == "alpha" else ""
            rows[i + 1] = [section, *row[:7], *(["0.5"] * len(extra)), *cells, *row[7:], f"{name[:2]}-{i}"]
        if name == "image-classification":
            for i in range(12):  # 15 rows in all: split into pages of 10
                rows.append(
                    [
                        "" if i < 6 else "newer",
                        "alpha",
                        _evil_short(83),
                        "imagenet",
                        f"Extra{i}{EVIL_SHORT}",
                        "(416,416)" if i % 2 else "520",
                        f"1.{i}",
                        f"6{i % 10}.5",
                        _evil(86),
                        f"./w'{i}(x)/",
                        "Y",
                        "",
                        EVIL_NOTE,
                        "paper-a",
                        "",
                    ]
                )
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
    _hostile_devices(data)
    return data


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _hostile_devices(data: Path) -> None:
    """Devices (issue 10) with hostile text in every field: the devices, the report, the registry (the rows'
    ids im-0, im-1, im-2 and se-0, and vl-1, which no row carries), the results and the artifacts."""
    devices = [
        {
            "id": "dev-a",
            "name": _evil_short(100),
            "description": EVIL_PROSE,
            "links": [{"label": _evil(102), "url": "https://example.org/d?a=1&b='2'"}],
            "artifacts": {"title": _evil(103), "url": "https://example.org/art'(1)"},
        },
        {"id": "dev-b", "name": _evil_short(101), "artifacts": {"title": _evil(114)}},
    ]
    report = {
        "id": "lab",
        "title": _evil(104),
        "by": _evil(105),
        "date": "2025-03-10",
        "method": "emulation",
        "device": "dev-a",
        "scope": _evil(106),
        "url": "https://example.org/r'(2)",
    }
    (data / "devices").mkdir()
    for name, value in (("devices.yaml", devices), ("devices/reports.yaml", [report])):
        (data / name).write_text(
            yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
        )
    registry = [["model_id", "task", "dataset", "runtime", "name", "run_dir", "model_file", "input_size"]]
    for model_id, task in (
        ("im-0", "image-classification"),
        ("im-1", "image-classification"),
        ("im-2", "image-classification"),
        ("se-0", "semantic-segmentation"),
        ("vl-1", ""),
    ):
        registry.append(
            [
                model_id,
                task,
                _evil_short(107),
                _evil_short(108),
                _evil_short(109),
                _evil(110),
                _evil(111),
                "224",
            ]
        )
    _write_csv(data / "devices" / "models.csv", registry)
    _write_csv(
        data / "devices" / "results" / "image-classification.csv",
        [
            ["model_id", "device", "precision", "top1", "report"],
            ["im-0", "dev-a", "float32", "72.1", "lab"],
            ["im-0", "dev-a", "int8", "71.4", "lab"],
            ["im-0", "", "reference", "72.00", "lab"],
            ["im-1", "dev-a", "int8", "70.9", "lab"],
        ],
    )
    _write_csv(
        data / "devices" / "results" / "semantic-segmentation.csv",
        [
            ["model_id", "device", "precision", "miou", "pixacc", "report"],
            ["se-0", "dev-a", "float32", "68.1", "0.5", "lab"],
            ["se-0", "dev-a", "int8", "67.5", "0.6", "lab"],
        ],
    )
    for device, ids in (("dev-a", ("im-0", "se-0", "vl-1")), ("dev-b", ("im-0", "im-2"))):
        rows = [["model_id", "runtime", "name", "size", "shortlisted", "recommended"]]
        rows += [
            [i, _evil_short(112), _evil_short(113), "12696036", "Y", "Y" if i == "im-0" else ""] for i in ids
        ]
        _write_csv(data / "devices" / "artifacts" / f"{device}.csv", rows)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("hostile")
    data = _hostile_data(tmp / "data")
    build = mkdocs_build(tmp, data)
    assert_no_warnings(build)  # --strict: the hostile data is valid, and nothing in it makes a warning
    return build


def _pages(build: Build) -> dict[str, Element]:
    return {
        p.relative_to(build.site).as_posix(): parse(p.read_text(encoding="utf-8"))
        for p in build.site.rglob("*.html")
    }


# What the generator may put in a page's content (Material adds its edit button and header links).
CONTENT_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "em", "strong", "code", "pre", "ul", "ol", "li"}
CONTENT_TAGS |= {
    "br",
    "hr",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "span",
    "sub",
    "sup",
    "button",  # the metric picker's (generator.render, plots.js)
}


def _scheme_ok(value: str) -> bool:
    """As a browser reads a URL: without tabs and newlines, leading and trailing controls and spaces."""
    cleaned = re.sub(r"[\t\n\r]", "", value).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")


def _content(root: Element) -> Element:
    """The page's content column (Material's <article>)."""
    (article,) = root.iter("article")
    return article


def test_hostile_site_runs_no_script(hostile: Build) -> None:
    pages = _pages(hostile)
    assert len(pages) >= 8  # home, 404, references, two tasks, the split source pages
    for name, root in pages.items():
        for el in root.iter():
            assert not [a for a in el.attrs if a.lower().startswith("on")], (name, el.tag, el.attrs)
            for key in ("href", "src", "action", "formaction", "data", "xlink:href", "srcdoc"):
                if key in el.attrs:
                    assert _scheme_ok(el.attrs[key]), (name, el.tag, el.attrs)
            if el.tag in ("script", "iframe", "object", "embed", "img", "style", "base", "form", "meta"):
                assert "alert" not in el.text and "alert" not in json.dumps(el.attrs), (
                    name,
                    el.tag,
                    el.attrs,
                )
        for article in root.iter("article"):
            # what the generator put there (Material's edit button has an icon)
            skipped = {
                id(x) for b in article.iter("a") if "md-content__button" in b.classes() for x in b.iter()
            }
            tags = {el.tag for el in article.iter() if id(el) not in skipped}
            assert tags <= CONTENT_TAGS, (name, tags - CONTENT_TAGS)
        # nothing was parsed out of the page's <title> (a "</title><script>" in it would have been)
        assert all(isinstance(c, str) for title in root.iter("title") for c in title.children), name


def test_hostile_text_shows_literally(hostile: Build) -> None:
    home = parse(hostile.page("index.html"))
    (h1,) = home.iter("h1")
    assert _no_permalink(h1) == ZOO_TITLE
    assert [el.text for el in home.iter("title")] == [SITE_NAME]  # the home page's is the site name
    cells = [[td.text for td in tr.iter("td")] for tr in _content(home).iter("tr")]
    assert cells[1:] == [[_evil(70), "15", "2", _evil_short(10)], [_evil(70), "1", "1", _evil_short(11)]]
    prose_div = next(d for d in home.iter("div") if "mz-prose" in d.classes())
    assert [s.text for s in prose_div.iter("strong")] == ["b"]  # Markdown works in prose ...
    assert [p.text for p in prose_div.iter("p")] == [PROSE_TEXT]  # ... raw HTML shows as written
    assert [(a.attrs["href"], a.text) for a in prose_div.iter("a")] == [("https://example.org/ok", "ok")]
    assert [li.text for li in prose_div.iter("li")] == ["item " + LABEL_TEXT]

    seg = parse(hostile.page("semantic-segmentation/index.html"))
    content = _content(seg)
    (title,) = seg.iter("title")
    assert title.text == f"{_evil(70)} - {SITE_NAME}"
    headings = [_no_permalink(h) for h in content.iter() if h.tag in ("h1", "h2", "h3", "h4")]
    assert headings == [
        _evil(70),
        f"{_evil(72)} vs {_evil(71)}",
        "Introduction",
        "Datasets",
        "Models",
        _evil(25),  # the source's title on this page
        _evil(24),  # its section
        "Notes",
    ]
    ids = {el.attrs.get("id") for el in seg.iter()}
    assert {EVIL_ANCHOR, EVIL_ANCHOR_2, "alpha", "alpha--newer", "pareto", "models"} <= ids
    assert [el.attrs.get("id") for el in seg.iter()].count("alpha") == 1  # an anchor equal to its id: once
    assert [th.text for th in content.iter("th")][3:] == [
        _evil(71),
        _evil(72),
        _evil(90),
        _evil(77),
        _evil(78),
        "Available",
        "Notes",
    ]
    (row,) = [tr for tr in content.iter("tr") if any("mz-row" in td.classes() for td in tr.iter("td"))]
    assert row.attrs["data-model-id"] == "se-0"
    cells = [td.text for td in row.iter("td")]
    assert cells[0] == _evil_short(11)
    # under the name, the devices' line: on dev-a (the device the report measured), the 8-bit figure, its
    # change from float and the compiled model's size (s: shortlisted, not recommended); dev-b ships no
    # compiled SegA: no part for it
    assert cells[1] == f"SegA{_evil_short(81)} ★ ¶{_evil_short(100)} 8-bit 67.5 \u22120.6 · 12.7\u00a0MB s"
    (line,) = [s for s in row.iter("span") if "mz-dev" in s.classes()]
    assert [s.attrs["data-mz-device"] for s in line.iter("span") if "data-mz-device" in s.attrs] == ["dev-a"]
    assert cells[6:] == [_evil(85), _evil(79), "Y", NOTE_TEXT]
    assert {a.attrs.get("href") for a in row.iter("a")} >= {
        "https://example.org/n?x=1&y=2",
        "https://example.org/w?x=1&y='2'(3)",
    }
    texts = [p.text for p in content.iter("p")]
    assert f"<*>- {_evil(22)}\ntwo lines" in texts
    assert f"{_evil_short(11)} Dataset: {PROSE_TEXT}" in texts
    # introduction, datasets_intro, sources_intro, description, the section's, notes[0], notes
    assert texts.count(PROSE_TEXT) == 7
    assert f"quoted {LABEL_TEXT}" in texts
    items = [li.text for li in content.iter("li")]
    assert items == [
        f"{_evil(21)} {PROSE_TEXT} (repository)",  # the list of sources: label, summary, repository
        LABEL_TEXT,  # the source's links
        LABEL_TEXT,
        PROSE_TEXT,
        "one",  # notes[1]
        f"two {LABEL_TEXT}",
    ]
    links = {a.attrs["href"]: a.text for a in content.iter("a") if "example.org/" in a.attrs.get("href", "")}
    assert links == {
        "https://example.org/alpha": LABEL_TEXT,
        "https://example.org/zoo/segmentation/a'b(c)/": LABEL_TEXT,
        "https://example.org/ok": "ok",
        "https://example.org/'s(1)": "repository",
        "https://example.org/w?x=1&y='2'(3)": _evil(79),
        "https://example.org/n?x=1&y=2": "n",
    }
    # the metric picker above the plot, then the device picker of the Models section
    assert [b.text for b in content.iter("button")] == [
        _evil(72),
        _evil(90),
        _evil_short(100),
        _evil_short(101),
    ]
    # the table of contents and the plots' figures
    toc = next(n for n in seg.iter("nav") if "md-nav--secondary" in n.classes())
    assert [" ".join(a.text.split()) for a in toc.iter("a")] == [
        " ".join(t.split())
        for t in (
            f"{_evil(72)} vs {_evil(71)}",
            "Introduction",
            "Datasets",
            "Models",
            _evil(25),
            _evil(24),
            "Notes",
        )
    ]
    plot = next(d for d in content.iter("div") if d.attrs.get("id") == "pareto-cityscapes")
    figure = json.loads(plot.attrs["data-figure"])
    layout = figure["layout"]
    assert html.unescape(layout["xaxis"]["title"]["text"]) == (
        f"{_evil(71)} ({_evil_short(73)}, log scale, lower is better)"
    )
    assert (
        html.unescape(layout["yaxis"]["title"]["text"])
        == f"{_evil(72)} ({_evil_short(75)}, higher is better)"
    )
    assert html.unescape(figure["data"][1]["name"]) == _evil(21)
    assert " " + esc_plot(_evil_short(73)) + "<br>" in figure["data"][1]["hovertemplate"]
    other = next(d for d in content.iter("div") if d.attrs.get("id") == "pareto--cityscapes--pixacc")
    layout = json.loads(other.attrs["data-figure"])["layout"]
    assert (
        html.unescape(layout["yaxis"]["title"]["text"]) == f"{_evil(90)} ({_evil_short(91)}, lower is better)"
    )


def test_hostile_split_pages_references_and_navigation(hostile: Build) -> None:
    task = parse(hostile.page("image-classification/index.html"))
    summary = next(td for td in task.iter("td") if any(a.attrs.get("id") == "alpha" for a in td.iter("a")))
    assert summary.text.startswith(_evil(20) + " b <script>alert(11)</script>")
    page2 = parse(hostile.page("image-classification/alpha/2/index.html"))
    (title,) = page2.iter("title")
    assert title.text == f"{_evil(20)}: {_evil(70)} (2/2) - {SITE_NAME}"
    assert [td.text for td in page2.iter("td") if "mz-group" in td.classes()] == [_evil_short(83)]
    # a split task lists its references on the References page (which its citations link to), not its own
    assert not [p for p in task.iter("p") if p.attrs.get("id") == "ref-paper-a"]
    cite = next(a for a in page2.iter("a") if a.attrs.get("href") == "../../../references/#paper-a")
    assert (cite.text, cite.attrs["title"]) == ("1", _evil(30))
    refs = parse(hostile.page("references/index.html"))
    entry = next(p for p in refs.iter("p") if p.attrs.get("id") == "paper-a")
    assert entry.text.startswith(
        f"{_evil(30)}, {_evil_short(40)}, B. <i>Author</i>, {_evil(50)}, 2020. {_evil(60)} see"
    )
    assert {a.attrs["href"] for a in entry.iter("a")} >= {
        "https://example.org/ref?a=1&b=2",
        "https://example.org/'onmouseover='alert(61)",
    }
    on_task = next(a for a in entry.iter("a") if a.attrs["href"] == "../image-classification/#references")
    assert on_task.text == _evil(70)
    cited_by = [a.text for a in entry.iter("a") if "#alpha--" in a.attrs["href"]]
    assert cited_by[0] == f"NetA{_evil_short(81)} ({_evil(21)})"  # a row, with its source's label
    not_found = parse(hostile.page("404.html"))
    nav = [" ".join(a.text.split()) for a in not_found.iter("a") if "md-nav__link" in a.classes()]
    assert nav == [
        " ".join(ZOO_TITLE.split()),
        " ".join(_evil(70).split()),
        "Explore",  # each task's explorer
        " ".join(_evil(70).split()),
        "Explore",
        "Devices",
        " ".join(_evil_short(100).split()),
        " ".join(_evil_short(101).split()),
        "References",
    ]


def test_hostile_search_index_is_text(hostile: Build) -> None:
    index = json.loads((hostile.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = set()
    for doc in index["docs"]:
        for key in ("title", "text"):
            root = parse(doc.get(key) or "")
            assert {el.tag for el in root.iter()} <= CONTENT_TAGS, (key, doc[key][:200])
            assert not [el for el in root.iter() if any(a.startswith("on") for a in el.attrs)]
        titles.add(parse(doc["title"]).text)
    assert {_evil(70), _evil(20)} <= titles


def test_hostile_site_links_resolve(hostile: Build) -> None:
    """Links in raw HTML are not checked by mkdocs: the site's own link checker finds none broken."""
    site = linkcheck.read_site(hostile.site)
    assert linkcheck.internal_problems(site) == []


def test_render_command_writes_the_same_escaped_pages(hostile: Build, tmp_path: Path) -> None:
    from generator.cli import main
    from generator.publish.folder import own_folder, titled

    data = hostile.site.parent / "data"
    out = tmp_path / "md"
    assert main(["render", "--data", str(data), "--templates", str(TEMPLATES), "--out", str(out)]) == 0
    site = build_site(data, TEMPLATES)
    for name, content in site.pages.items():
        # in the folder's docs/ (each the index of its own folder), with their escaped title as front matter
        written = (out / "docs" / own_folder(name)).read_text(encoding="utf-8")
        assert written == titled(content, home=name == "index.md")
        assert "<script" not in written and "<img" not in written and "<svg" not in written, name


def test_anchors_of_names_in_other_scripts_stay_distinct() -> None:
    from generator.catalogue import slugify

    assert slugify("Dollár-Net 1.4") == "dollar-net-1-4"
    assert slugify("模型") != slugify("模型二")
    assert slugify("模型") == slugify("模型")  # stable


# -- the hostile site in a browser ------------------------------------------------------------------------------


def _chromium() -> str | None:
    """Debian's chromium with playwright, or None (then skipped; with CI=true it must be there)."""
    path = shutil.which("chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return None
    return path


HOVERED = "article [title], article tr"
# What the live DOM holds that a hostile string could have made, after every script of the page ran (plotly's
# labels, search results, Material's components): handlers, script URLs, script/frame elements, hostile images.
INJECTED_JS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const v = a.value.toLowerCase();
      if (a.name.startsWith("on")) bad.push(el.tagName + " " + a.name);
      if (["href", "src", "xlink:href", "action", "formaction"].includes(a.name)
          && v.replace(/[\\s\\x00-\\x1f]/g, "").startsWith("javascript:")) bad.push(el.tagName + " " + a.name + "=" + v);
    }
    if (["IFRAME", "OBJECT", "EMBED"].includes(el.tagName)) bad.push(el.tagName);
    if (el.tagName === "SCRIPT" && !el.src && /alert\\(/.test(el.textContent)) bad.push("inline script");
    if (el.tagName === "IMG" && /\\/x$/.test(el.src)) bad.push("img " + el.src);
    if (el.tagName === "A" && el.protocol === "javascript:") bad.push("a javascript:");
  }
  return bad;
}"""
# The centre of the i-th element found (once: Material takes the title off while its tooltip shows),
# scrolled into view; null when it has no size.
CENTRE_JS = """([selector, i]) => {
  if (i === 0) window.__mzHovered = Array.from(document.querySelectorAll(selector));
  const e = window.__mzHovered[i];
  e.scrollIntoView({block: "center"});
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 ? [r.x + r.width / 2, r.y + r.height / 2] : null;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _chromium_or_skip() -> str:
    """Debian's chromium, or the test skipped (failed under CI=true, where it must run)."""
    chromium = _chromium()
    if chromium is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium and playwright are needed with CI=true")
        pytest.skip("chromium or playwright not installed")
    return chromium


def _static_server(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A built site served as it is on 127.0.0.1 (a free port) from a thread; shut it down when done."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.mark.browser
def test_hostile_site_in_chromium_opens_no_dialog(hostile: Build) -> None:
    """Every page of the hostile site in a real browser, the mouse over every tooltip and row, and a search
    whose results show hostile text: no dialog (alert) opens, no request leaves 127.0.0.1 or asks for the hostile '<img src=x>', and the tab's title
    is the data's text. (Material's content.tooltips would fail it: it makes tooltips of title attributes
    with innerHTML.)"""
    chromium = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    server, base = _static_server(hostile.site)
    dialogs: list[str] = []
    outside: list[str] = []
    asked: list[str] = []
    titles: dict[str, str] = {}
    hovered = results = 0
    pages = sorted(p.relative_to(hostile.site).as_posix() for p in hostile.site.rglob("*.html"))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            page = browser.new_page()
            page.set_default_timeout(15_000)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            def route(r: object) -> None:
                url = r.request.url
                if url.startswith(base + "/"):
                    asked.append(url[len(base) :])
                    r.continue_()
                else:
                    outside.append(url)
                    r.abort()

            page.route("**/*", route)
            for name in pages:
                page.goto(f"{base}/{name}")
                page.wait_for_load_state("networkidle")
                titles[name] = page.title()
                # the mouse over every element with a title (tooltips) and every row (handlers)
                count = page.evaluate(f"document.querySelectorAll({HOVERED!r}).length")
                for i in range(count):
                    at = page.evaluate(CENTRE_JS, [HOVERED, i])
                    if at:
                        page.mouse.move(*at)
                hovered += count
                assert dialogs == [], (name, dialogs)
                assert page.evaluate(INJECTED_JS) == [], name
            # Material's search shows results as HTML, and highlights the terms on the page it opens
            page.goto(f"{base}/semantic-segmentation/index.html")
            page.locator(".md-search__input").click()
            page.locator(".md-search__input").press_sequentially("onerror", delay=20)
            page.wait_for_selector(".md-search-result__item")
            results = page.locator(".md-search-result__item").count()
            assert page.evaluate(INJECTED_JS) == []  # the results list
            page.locator(".md-search-result__link").first.click()
            page.wait_for_url("**?h=onerror")
            page.wait_for_load_state("networkidle")
            assert page.evaluate(INJECTED_JS) == []
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert hovered > 100 and results > 3
    assert dialogs == []
    assert outside == []
    assert not [u for u in asked if u.rstrip("/").endswith("/x") or "alert" in u]
    assert titles["semantic-segmentation/index.html"] == f"{_evil(70)} - {SITE_NAME}"
    assert (
        titles["image-classification/alpha/2/index.html"] == f"{_evil(20)}: {_evil(70)} (2/2) - {SITE_NAME}"
    )
    assert titles["index.html"] == SITE_NAME


# -- the explorer and the downloads of the hostile site -----------------------------------------------------------


def test_hostile_explorer_data_and_downloads_are_text(hostile: Build) -> None:
    """The explorer's data file and the downloads hold the hostile text exactly, as JSON strings with no raw
    markup character (the data file), every link a checked http(s) URL, and CSV cells that cannot run."""
    data_text = (hostile.site / "image-classification" / "explore" / "models.json").read_text(
        encoding="utf-8"
    )
    assert "<" not in data_text and ">" not in data_text and "&" not in data_text
    data = json.loads(data_text)
    assert data["task"]["title"] == _evil(70)
    assert [s["label"] for s in data["sources"]] == [_evil(21), _evil(23)]
    assert data["complexity"]["label"] == _evil(71) and data["metrics"][0]["label"] == _evil(72)
    names = [r["n"] for r in data["rows"]]
    assert names[0] == f"NetA{_evil_short(81)}" and names[-1] == f"Extra11{EVIL_SHORT}"
    assert data["pages"] == ["../", "../alpha/", "../alpha/2/", "../beta/"]  # split: rows on the source pages
    for row in data["rows"]:
        for segment in row.get("o", []):
            if not isinstance(segment, str):
                assert _scheme_ok(segment[1]) and segment[1].startswith("https://"), segment
        for cell in row.get("x", []):
            if isinstance(cell, list):
                assert cell[1].startswith("https://example.org/"), cell
    assert data["rows"][0]["o"] == [
        "<*> <b onclick=alert(21)>label</b> x {: #y } ",
        ["n", "https://example.org/n?x=1&y=2"],
    ]
    zoo = json.loads((hostile.site / "data" / "zoo.json").read_text(encoding="utf-8"))
    assert zoo["zoo"]["title"] == ZOO_TITLE
    rows = list(csv.DictReader((hostile.site / "data" / "image-classification.csv").open(encoding="utf-8")))
    assert rows[0]["name"] == f"NetA{_evil_short(81)}"
    assert rows[0]["weights"] == "https://example.org/w?x=1&y='2'(3)"
    explorer = parse(hostile.page("image-classification/explore/index.html"))
    (h1,) = _content(explorer).iter("h1")
    assert _no_permalink(h1) == f"{_evil(70)}: explore and compare"


def _row_of(cell: Element) -> Element:
    """The <tr> a cell is in."""
    row = cell.parent
    while row is not None and row.tag != "tr":
        row = row.parent
    assert row is not None
    return row


def test_hostile_device_pages_show_text_literally(hostile: Build) -> None:
    """Issue 10's fields on the device pages, the overview, the home page and the downloads: device names,
    descriptions and links, the artifact lists' titles, the report's title, author and scope, the registry's
    names, the artifacts' names and runtimes: each shown as the text it is (or kept exactly in JSON)."""
    page = _content(parse(hostile.page("devices/dev-a/index.html")))
    (h1,) = page.iter("h1")
    assert _no_permalink(h1) == _evil_short(100)
    texts = [" ".join(p.text.split()) for p in page.iter("p")]
    assert " ".join(PROSE_TEXT.split()) in texts  # the description, sanitised prose
    links = {a.attrs["href"]: a.text for a in page.iter("a") if "example.org" in a.attrs.get("href", "")}
    assert links == {
        "https://example.org/d?a=1&b='2'": _evil(102),
        "https://example.org/art'(1)": f"{_evil(103)}",
        "https://example.org/r'(2)": _evil(104),
        "https://example.org/ok": "ok",
    }
    joined = " ".join(texts)
    assert f"({' '.join(_evil(106).split())})" in joined  # the report's scope
    # the artifacts: each row's artifact name and runtime; vl-1, which no zoo row carries, by its registry name
    rows = {td.attrs["id"]: td for td in page.iter("td") if td.attrs.get("id", "").startswith("artifact--")}
    assert set(rows) == {"artifact--im-0", "artifact--se-0", "artifact--vl-1"}
    for td in rows.values():
        (meta,) = [s for s in td.iter("span") if "mz-meta" in s.classes()]
        assert meta.text.startswith(_evil_short(113) + " · ")
        assert [t.text for t in _row_of(td).iter("td")][1] == _evil_short(112)  # the runtime
    assert rows["artifact--vl-1"].text.startswith(_evil_short(113))  # no zoo row: no link above the name
    assert rows["artifact--im-0"].text.startswith(f"NetA{_evil_short(81)}")
    # the results: the registry's dataset and runtime under the model
    (im0,) = [td for td in page.iter("td") if td.attrs.get("id") == "im-0"]
    assert f"im-0 · {_evil_short(108)} · {_evil_short(107)} · 224" in im0.text
    other = _content(parse(hostile.page("devices/dev-b/index.html")))
    assert (
        f"No accuracy measured on {_evil_short(101)}: the reports measured {_evil_short(100)} only"
        in " ".join(p.text for p in other.iter("p"))
    )
    overview = _content(parse(hostile.page("devices/index.html")))
    assert [a.text for a in overview.iter("a") if a.attrs.get("href") in ("dev-a/", "dev-b/")] == [
        _evil_short(100),
        _evil_short(101),
    ]
    home = _content(parse(hostile.page("index.html")))
    assert [a.text for a in home.iter("a") if a.attrs.get("href", "").startswith("devices/dev-")] == [
        _evil_short(100),
        _evil_short(101),
    ]
    # the downloads and the explorer's data: the text exactly
    zoo = json.loads((hostile.site / "data" / "zoo.json").read_text(encoding="utf-8"))
    devices = zoo["devices"]
    assert [d["name"] for d in devices["devices"].values()] == [_evil_short(100), _evil_short(101)]
    assert devices["devices"]["dev-a"]["description"] == EVIL_PROSE
    assert devices["reports"]["lab"]["title"] == _evil(104) and devices["reports"]["lab"]["scope"] == _evil(
        106
    )
    assert [a["name"] for a in devices["artifacts"]["dev-b"]] == [_evil_short(113)] * 2
    assert devices["models"]["vl-1"]["name"] == _evil_short(109)
    assert devices["artifacts"]["dev-a"][0]["provenance"]["text"].startswith(_evil(103))
    data_text = (hostile.site / "image-classification" / "explore" / "models.json").read_text(
        encoding="utf-8"
    )
    assert "<" not in data_text and ">" not in data_text
    assert [d["name"] for d in json.loads(data_text)["devices"]] == [_evil_short(100)]


EXPLORE_ACTIONS_JS = """async () => {
  const table = document.querySelector('.mz-x-table');
  for (const b of Array.from(table.querySelectorAll('thead button'))) {
    table.querySelector('thead button[data-mz-sort="' + CSS.escape(b.dataset.mzSort) + '"]').click();
  }
  const rows = table.querySelectorAll('tbody tr');
  rows[0].click();
  rows[rows.length - 1].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
  document.querySelector('.mz-x-filters button[aria-expanded]').click();
  await new Promise((r) => setTimeout(r, 300));
  return rows.length;
}"""


@pytest.mark.browser
def test_hostile_explorer_in_chromium_runs_nothing(hostile: Build) -> None:
    """Each explorer of the hostile site in Chromium: sorted by every column, filtered with a hostile query,
    a row selected, rows and points hovered, the view downloaded: no dialog, no injected element or
    handler, no javascript: URL in the live DOM, no request for the hostile '<img src=x>', the downloads
    hold the text (the CSV's formula cells neutralised)."""
    chromium = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    server, base = _static_server(hostile.site)
    dialogs: list[str] = []
    asked: list[str] = []
    errors: list[str] = []
    downloads: dict[str, str] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            page = browser.new_page(accept_downloads=True)
            page.set_default_timeout(15_000)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: asked.append(r.url))
            for task in ("image-classification", "semantic-segmentation"):
                query = (
                    "?q=" + "%3Cimg%20src%3Dx%20onerror%3Dalert(9)%3E"
                    if task == "semantic-segmentation"
                    else ""
                )
                page.goto(f"{base}/{task}/explore/{query}")
                page.wait_for_selector(".mz-explorer[data-ready=true]")
                page.wait_for_selector("#mz-x-plot[data-rendered=true]", state="attached")
                if query:  # nothing matches the hostile text: the explorer shows it as text
                    assert page.get_by_label("Name contains").input_value() == "<img src=x onerror=alert(9)>"
                    page.get_by_label("Name contains").fill("alert(2)")  # a part of every hostile name
                count = page.evaluate(EXPLORE_ACTIONS_JS)
                assert count > 0
                for i in range(min(count, 5)):  # the mouse over rows: their points' hover labels show
                    page.locator(".mz-x-table tbody tr").nth(i).hover()
                page.wait_for_timeout(200)
                hover = page.evaluate("document.querySelector('#mz-x-plot .hoverlayer').textContent")
                assert "onerror" in hover or "alert" in hover  # the hostile name, shown as text
                for kind in ("csv", "json"):
                    with page.expect_download() as info:
                        page.locator(f"button[data-mz-download={kind}]").click()
                    downloads[f"{task}.{kind}"] = Path(info.value.path()).read_text(encoding="utf-8")
                assert dialogs == [], (task, dialogs)
                assert page.evaluate(INJECTED_JS) == [], task
                assert (
                    page.locator(".mz-explorer img, .mz-explorer script, .mz-explorer svg image").count() == 0
                )
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert dialogs == [] and errors == []
    assert not [u for u in asked if not u.startswith(base + "/")]
    opened = f"{base}/semantic-segmentation/explore/?q="  # the page opened with the hostile query
    assert not [
        u for u in asked if u.rstrip("/").endswith("/x") or ("alert" in u and not u.startswith(opened))
    ]
    view = json.loads(downloads["image-classification.json"])
    assert f"NetA{_evil_short(81)}" in [m["name"] for m in view["models"]]
    cells = [c for row in csv.reader(io.StringIO(downloads["image-classification.csv"])) for c in row]
    assert f"NetA{_evil_short(81)}" in cells
    assert not [
        c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not c[1:2].isdigit())
    ]
