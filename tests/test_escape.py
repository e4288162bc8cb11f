"""Text from data files shows literally: in table cells, titles, labels and prose (no HTML injection)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, mkdocs_build
from htmltools import parse

from generator.escape import md_prose, md_text

NASTY_NAME = "Net|A *b* _c_ <script>alert(1)</script> [x](y) `d` \\e #f {: #g }"
NASTY_NOTE = "a|b **c** <img src=x onerror=alert(2)> [x](y) see https://example.org/p?q=1&r=2."


@pytest.fixture(scope="module")
def nasty_site(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("nasty")
    data = tmp / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    csv = data / "models" / "image-classification.csv"
    import csv as csvmod

    with csv.open("a", encoding="utf-8", newline="") as fh:
        csvmod.writer(fh, lineterminator="\n").writerow(
            [
                "alpha",
                "<i>grp</i> | *x*",
                "imagenet",
                NASTY_NAME,
                "224x224",
                "1.5",
                "70.1",
                "Y",
                "",
                NASTY_NOTE,
                "",
            ]
        )
    sources = data / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    text = text.replace("title: Alpha models", 'title: "Alpha <script>bad()</script> | *models*"')
    text = text.replace(
        "description: The alpha repository.",
        'description: "The **alpha** repository <script>evil()</script> [js](javascript:alert(3))."\n'
        "  notes:\n"
        "    - '![i](x){ onerror=alert(4) } [e](&#106;avascript:alert(5)) [b](\\\\javascript:alert(6)) [r][x]'\n"
        "    - |\n"
        "      Paragraph with handler\n"
        "      { onclick=alert(7) }\n"
        "\n"
        "      [x]: javascript:alert(8)\n",
    )
    sources.write_text(text, encoding="utf-8")
    refs = data / "references.yaml"
    refs.write_text(
        refs.read_text(encoding="utf-8").replace(
            'title: "Paper A: a study"', 'title: "Paper A | `b` \\"c\\""'
        ),
        encoding="utf-8",
    )
    # Not strict: the neutralised links in the notes are (harmless) relative links mkdocs warns about.
    build = mkdocs_build(tmp, data, strict=False)
    assert build.returncode == 0, build.log
    warnings = [line for line in build.log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert all(": warning: " in w or "unrecognized relative link" in w for w in warnings), warnings
    return build


def _row_cells(html: str, name_start: str) -> list[str]:
    root = parse(html)
    for tr in root.iter("tr"):
        cells = list(tr.iter("td"))
        if len(cells) > 1 and cells[1].text.strip().startswith(name_start):
            return [c.text.strip() for c in cells]
    raise AssertionError(f"no row {name_start!r}")


def test_table_cells_show_text_literally(nasty_site) -> None:
    html = nasty_site.page("image-classification/index.html")
    cells = _row_cells(html, "Net|A")
    assert cells[1].startswith(NASTY_NAME)
    assert cells[6] == NASTY_NOTE
    # Nothing became markup: no injected elements, the URL in the note became a link.
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    root = parse(html)
    assert not [el for el in root.iter("script") if "alert" in el.text]
    assert "https://example.org/p?q=1&r=2" in {a.attrs.get("href") for a in root.iter("a")}
    groups = [td.text.strip() for td in root.iter("td") if "mz-group" in td.classes()]
    assert "<i>grp</i> | *x*" in groups


def test_titles_and_prose_are_escaped(nasty_site) -> None:
    root = parse(nasty_site.page("image-classification/index.html"))
    headings = [h.text.replace("¶", "").strip() for h in root.iter("h3")]
    assert "Alpha <script>bad()</script> | *models*" in headings
    assert not [el for el in root.iter("script") if "bad()" in el.text or "evil()" in el.text]
    para = next(p for p in root.iter("p") if "repository" in p.text)
    assert "<script>evil()</script>" in para.text  # shown as text
    assert [s.text for s in para.iter("strong")] == ["alpha"]  # Markdown still works in prose
    assert not [a for a in para.iter("a") if a.attrs.get("href", "").startswith("javascript")]


def test_prose_cannot_inject_handlers_or_script_links(nasty_site) -> None:
    html = nasty_site.page("image-classification/index.html")
    root = parse(html)
    for el in root.iter():
        assert not [k for k in el.attrs if k.startswith("on")], (el.tag, el.attrs)
        for key in ("href", "src"):
            value = el.attrs.get(key, "").replace("\\", "").strip().lower()
            # (the browser decodes an attribute once, as the parser here does)
            assert not value.startswith("javascript:"), (el.tag, el.attrs)
    assert "alert(4)" in html and "alert(7)" in html  # shown as text


def test_a_pipe_in_a_reference_title_keeps_the_table_whole(nasty_site) -> None:
    cells = _row_cells(nasty_site.page("image-classification/index.html"), "NetA")
    assert len(cells) == 7
    root = parse(nasty_site.page("image-classification/index.html"))
    titles = {a.attrs.get("title") for a in root.iter("a") if "paper-a" in a.attrs.get("href", "")}
    assert titles == {'Paper A | `b` "c"'}


def test_md_text_escapes_every_markdown_and_html_character() -> None:
    assert md_text("a|b") == "a\\|b"
    assert md_text("<b>&") == "&lt;b&gt;&amp;"
    assert md_text("*_[]()`#!{}\\") == "\\*\\_\\[\\]\\(\\)\\`\\#\\!\\{\\}\\\\"
    # Only what can start inline syntax is escaped: names with dots and dashes stay as they are.
    assert md_text("MobileNetV2-1.4 + x: y/z") == "MobileNetV2-1.4 + x: y/z"


def test_md_prose_keeps_markdown_but_not_html() -> None:
    assert md_prose("**b** <i>x</i>") == "**b** &lt;i>x&lt;/i>"
    assert md_prose("see <https://example.org>") == "see <https://example.org>"
    assert md_prose("[x](javascript:alert(1))") == "[x\\]\\(javascript:alert\\(1))"
    assert md_prose("[x](\\\\javascript:y) [z][r]\n\n[r]: vbscript:y") == (
        "[x\\]\\(\\\\javascript:y) [z][r]\n\n\\[r\\]: vbscript:y"
    )
    assert md_prose("a { b } &#106; [ok](https://x.org/?a=1&b=2)") == (
        "a \\{ b } &amp;#106; [ok](https://x.org/?a=1&amp;b=2)"
    )


def test_render_cli_writes_the_same_escaped_markdown(nasty_site, tmp_path: Path) -> None:
    from conftest import TEMPLATES

    from generator.cli import main

    data = nasty_site.site.parent / "data"
    assert (
        main(["render", "--data", str(data), "--templates", str(TEMPLATES), "--out", str(tmp_path / "md")])
        == 0
    )
    text = (tmp_path / "md" / "image-classification" / "index.md").read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "Net\\|A \\*b\\* \\_c\\_ &lt;script&gt;" in text


def test_anchors_of_names_in_other_scripts_stay_distinct() -> None:
    from generator.catalogue import slugify

    assert slugify("Dollár-Net 1.4") == "dollar-net-1-4"
    assert slugify("模型") != slugify("模型二")
    assert slugify("模型") == slugify("模型")  # stable
