"""End-to-end: the real data/ built with `mkdocs build --strict`, checked against the seed README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA, ROOT, Build
from htmltools import Element, ids, parse
from seedtable import seed_legacy_anchors, seed_references, seed_rows

PAGE = "image-classification/index.html"


def _rows(page: Element) -> list[tuple[str, Element]]:
    """(section heading, <tr>) for every model row, in page order."""
    heading = ""
    out = []
    for el in page.iter():
        if el.tag == "h3":
            heading = el.text.replace("¶", "").strip()
        if el.tag == "tr" and any("mz-row" in c.classes() for c in el.iter("td")):
            out.append((heading, el))
    return out


@pytest.fixture(scope="module")
def page(seed_site: Build) -> Element:
    return parse(seed_site.page(PAGE))


@pytest.fixture(scope="module")
def references_page(seed_site: Build) -> Element:
    return parse(seed_site.page("references/index.html"))


def test_every_seed_row_is_on_the_page_in_order(page: Element) -> None:
    rows = _rows(page)
    expected = seed_rows()
    assert len(rows) == len(expected) == 58
    for (heading, tr), seed in zip(rows, expected, strict=True):
        cells = list(tr.iter("td"))
        assert heading == seed.heading
        assert cells[0].text.strip() == "ImageNet"
        name_cell = cells[1]
        # The cell reads "<name> [n, m]" plus markers/permalink after it.
        assert name_cell.text.strip().startswith(seed.name), (name_cell.text, seed)
        numbers = tuple(int(a.text) for a in name_cell.iter("a") if "/references/" in a.attrs.get("href", ""))
        assert numbers == seed.citations, seed.name
        assert cells[2].text.strip() == seed.input_size
        assert cells[3].text.strip() == seed.gmacs, seed.name
        assert cells[4].text.strip() == seed.top1, seed.name
        assert cells[5].text.strip() == seed.available, seed.name
        assert cells[6].text.strip() == seed.notes, seed.name


def test_every_row_has_a_unique_permalink(page: Element) -> None:
    anchors = []
    for _, tr in _rows(page):
        first = next(tr.iter("td"))
        anchors.append(first.attrs["id"])
        links = [a.attrs["href"] for a in tr.iter("a") if "mz-permalink" in a.classes()]
        assert links == [f"#{first.attrs['id']}"]
    assert len(set(anchors)) == 58
    assert "edgeai-tv--mobilenetv2-qat--224x224" in anchors
    # The seed's duplicate deit-tiny row keeps both rows, the second with a suffix.
    assert "edgeai-hf-transformers--facebook-deit-tiny-patch16-224--224x224" in anchors
    assert "edgeai-hf-transformers--facebook-deit-tiny-patch16-224--224x224-2" in anchors


def test_citation_links_reach_the_reference_with_its_title(page: Element, references_page: Element) -> None:
    by_id = {el.attrs["id"]: el for el in references_page.iter() if "id" in el.attrs}
    seed_refs = seed_references()
    checked = 0
    for _, tr in _rows(page):
        for a in tr.iter("a"):
            href = a.attrs.get("href", "")
            if "/references/" not in href:
                continue
            assert href.startswith("../references/#")
            target = by_id[href.split("#", 1)[1]]
            number = int(a.text)
            assert target.text.strip().startswith(f"[{number}] ")
            # The tooltip is the paper's title, which the seed's entry starts with.
            assert a.attrs["title"] and seed_refs[number].startswith(a.attrs["title"].split(":")[0])
            checked += 1
    assert (
        checked == sum(len(r.citations) for r in seed_rows()) == 53
    )  # counted by hand: 4 + 13 + 4 + 14 + 18 per source


def test_references_page_lists_all_twenty_with_links_and_backlinks(references_page: Element) -> None:
    entries = [el for el in references_page.iter("p") if "mz-ref" in el.classes()]
    assert [int(re.match(r"\[(\d+)\]", e.text.strip()).group(1)) for e in entries] == list(range(1, 21))
    seed_refs = seed_references()
    for entry in entries:
        number = int(re.match(r"\[(\d+)\]", entry.text.strip()).group(1))
        for url in re.findall(r"https?://[^\s,]+", seed_refs[number]):
            assert url.rstrip(".") in {a.attrs.get("href") for a in entry.iter("a")}, (number, url)
    mobilenets = next(e for e in entries if e.attrs["id"] == "mobilenets")
    backlinks = [a.attrs["href"] for a in mobilenets.iter("a") if "image-classification" in a.attrs["href"]]
    assert backlinks == [
        "../image-classification/#edgeai-tv--mobilenetv1--224x224",
        "../image-classification/#tf1-models--mobilenetv1--224x224",
    ]
    uncited = [e.attrs["id"] for e in entries if "Cited by no model or source" in e.text]
    assert uncited == ["onnx-model-zoo", "gluoncv-model-zoo"]


def test_legacy_and_clean_anchors(page: Element) -> None:
    present = ids(page)
    legacy = seed_legacy_anchors()
    assert len(legacy) == 9
    assert set(legacy) <= present
    clean = {"edgeai-tv", "torchvision", "edgeai-hf-transformers", "fbr-pycls", "tf-tpu", "tf1-models"}
    assert clean | {"tf2-models", "gluoncv-mxnet", "onnx-models"} <= present
    # The list of sources links to the clean anchors.
    hrefs = [a.attrs["href"] for a in page.iter("a")]
    assert "#fbr-pycls" in hrefs


def test_relative_seed_links_resolve_to_ti_repository(page: Element) -> None:
    hrefs = [a.attrs.get("href", "") for a in page.iter("a")]
    assert not [h for h in hrefs if h.startswith("./imagenet1k")]
    assert (
        "https://github.com/TexasInstruments/edgeai-tensorlab/tree/main/edgeai-modelzoo/models/vision/"
        "classification/imagenet1k/onnx-models/" in hrefs
    )


def test_groups_and_footnotes(page: Element) -> None:
    groups = [td.text.strip() for td in page.iter("td") if "mz-group" in td.classes()]
    assert groups == ["QAT models", "QAT models", "Lite models", "Edge TPU models"]
    text = page.text
    assert "*- Quantization Aware Training using 8bit precision" in text
    assert "*- Quantization Aware Training using 8b precision" in text
    assert "Note: Some of these models can also be trained using edgeai-torchvision" in text


def test_generated_page_edit_link_points_to_its_data_file(seed_site: Build) -> None:
    edit = [
        a.attrs["href"]
        for a in parse(seed_site.page(PAGE)).iter("a")
        if a.attrs.get("title") == "Edit this page"
    ]
    assert edit == [
        "https://github.com/modelzoo-docs/modelzoo-docs/edit/main/data/models/image-classification.csv"
    ]


def test_no_external_requests_in_the_html(seed_site: Build) -> None:
    for html_file in seed_site.site.rglob("*.html"):
        root = parse(html_file.read_text(encoding="utf-8"))
        for el in root.iter():
            # Things a browser fetches: src of any element, and stylesheet/icon/preload links
            # (rel=canonical/alternate are not fetched).
            fetched = el.tag == "link" and el.attrs.get("rel") not in ("canonical", "alternate")
            src = el.attrs.get("src") or (el.attrs.get("href") if fetched else None)
            if src:
                assert not re.match(r"^(https?:)?//", src), (html_file, src)
        assert "fonts.googleapis" not in html_file.read_text(encoding="utf-8")


def test_build_writes_nothing_into_docs(seed_site: Build) -> None:
    generated = {"index.md", "references.md"}
    assert not generated & {p.name for p in (ROOT / "docs").rglob("*.md")}
    assert not (ROOT / "docs" / "image-classification").exists()
    assert DATA.is_dir()


def test_index_page_lists_the_task(seed_site: Build) -> None:
    root = parse(seed_site.page("index.html"))
    rows = [[td.text.strip() for td in tr.iter("td")] for tr in root.iter("tr")]
    assert ["Image Classification", "58", "9", "ImageNet"] in rows


def test_markdown_folder_from_the_cli(tmp_path: Path) -> None:
    from generator.cli import main

    assert (
        main(
            [
                "render",
                "--data",
                str(DATA),
                "--templates",
                str(ROOT / "templates"),
                "--out",
                str(tmp_path / "md"),
            ]
        )
        == 0
    )
    names = sorted(
        p.relative_to(tmp_path / "md").as_posix() for p in (tmp_path / "md").rglob("*") if p.is_file()
    )
    assert names == [
        ".modelzoo-render",
        "docs/assets/javascripts/plots.js",
        "docs/assets/stylesheets/modelzoo.css",
        "docs/assets/vendor/plotly/LICENSE",
        "docs/assets/vendor/plotly/plotly-basic.min.js",
        "docs/image-classification/index.md",
        "docs/index.md",
        "docs/references/index.md",
        "mkdocs.yml",
    ]


def test_navigation_lists_home_tasks_in_order_then_references(seed_site: Build) -> None:
    root = parse(seed_site.page("references/index.html"))
    nav = next(n for n in root.iter("nav") if "md-nav--primary" in n.classes())
    titles = [" ".join(a.text.split()) for a in nav.iter("a") if "md-nav__link" in a.classes()]
    assert titles == ["TI Edge AI Model Zoo", "Image Classification", "References"]
