"""End-to-end: the real data/ built with `mkdocs build --strict`, checked against the seed README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA, ROOT, SEARCH_SEPARATOR, Build
from htmltools import Element, ids, parse
from seedtable import seed_legacy_anchors, seed_references, seed_rows

PAGE = "image-classification/index.html"
TI_CLASSIFICATION = ROOT / "tests" / "fixtures" / "ti-zoo" / "readmes" / "classification.md"


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


def _header(tr: Element) -> list[str]:
    """The column headings of the table a row is in."""
    table = tr.parent
    while table is not None and table.tag != "table":
        table = table.parent
    assert table is not None
    return [th.text.strip() for th in table.iter("th")]


COLUMNS = ("GigaMACs", "Top-1 Accuracy%", "Available", "Notes")
"""The seed's columns after Dataset, Model Name and Input Size; a table shows those its rows have."""


def test_every_seed_row_is_on_the_page_in_order(page: Element) -> None:
    rows = _rows(page)
    expected = seed_rows()
    assert len(rows) == len(expected) == 58
    shown: set[tuple[str, ...]] = set()
    for (heading, tr), seed in zip(rows, expected, strict=True):
        header = _header(tr)
        assert header[:3] == ["Dataset", "Model Name", "Input Size"]
        assert [h for h in COLUMNS if h in header] == header[3:], header  # in this order, nothing else
        shown.add(tuple(header))
        by = dict(zip(header, tr.iter("td"), strict=True))
        assert heading == seed.heading
        assert by["Dataset"].text.strip() == "ImageNet"
        name_cell = by["Model Name"]
        # The cell reads "<name> [n, m]" plus markers/permalink after it.
        assert name_cell.text.strip().startswith(seed.name), (name_cell.text, seed)
        numbers = tuple(int(a.text) for a in name_cell.iter("a") if "#ref-" in a.attrs.get("href", ""))
        assert numbers == seed.citations, seed.name
        assert by["Input Size"].text.strip() == seed.input_size
        values = {"GigaMACs": seed.gmacs, "Top-1 Accuracy%": seed.top1, "Available": seed.available}
        for column, value in values.items():
            # a column none of the table's rows has a value in is not shown (as in TI's tables)
            assert (by[column].text.strip() if column in by else "") == value, (seed.name, column)
        notes = by.get("Notes")
        if seed.notes.startswith("https://"):
            # a bare URL is a link whose text is the last part of its path
            assert notes is not None and [(a.attrs["href"], a.text) for a in notes.iter("a")] == [
                (seed.notes, seed.notes.rstrip("/").rsplit("/", 1)[1])
            ]
        else:
            assert (notes.text.strip() if notes is not None else "") == seed.notes, seed.name
    # the tables without a note, or without GigaMACs for any row, leave those columns out
    assert ("Dataset", "Model Name", "Input Size", "GigaMACs", "Top-1 Accuracy%", "Available") in shown
    assert len(shown) > 1


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
    """Row citations [n] link to the task page's References section (ids ref-<id>), as TI numbers them."""
    by_id = {el.attrs["id"]: el for el in page.iter() if "id" in el.attrs}
    seed_refs = seed_references()
    checked = 0
    for _, tr in _rows(page):
        for a in tr.iter("a"):
            href = a.attrs.get("href", "")
            if "#ref-" not in href:
                continue
            assert href.startswith("#ref-")
            target = by_id[href[1:]]
            number = int(a.text)
            assert target.text.strip().startswith(f"[{number}] ")
            # The tooltip is the paper's title, which the seed's entry starts with.
            assert a.attrs["title"] and seed_refs[number].startswith(a.attrs["title"].split(":")[0])
            checked += 1
    assert (
        checked == sum(len(r.citations) for r in seed_rows()) == 53
    )  # counted by hand: 4 + 13 + 4 + 14 + 18 per source
    # The section lists the twenty, numbered as in the seed, with the seed's links
    section = [el for el in page.iter("p") if el.attrs.get("id", "").startswith("ref-")]
    assert [int(re.match(r"\[(\d+)\]", e.text).group(1)) for e in section] == list(range(1, 21))
    for entry in section:
        number = int(re.match(r"\[(\d+)\]", entry.text).group(1))
        for url in re.findall(r"https?://[^\s,]+", seed_refs[number]):
            assert url.rstrip(".") in {a.attrs.get("href") for a in entry.iter("a")}, (number, url)
    assert {"references", "ref-mobilenets"} <= by_id.keys()


def test_references_page_lists_all_twenty_with_links_and_backlinks(references_page: Element) -> None:
    # The References page holds the references of every task page; the seed's twenty are those listed on
    # Image Classification (the others come from TI's six other pages, tests/test_site_ti.py).
    entries = [
        el
        for el in references_page.iter("p")
        if "mz-ref" in el.classes() and "on Image Classification" in el.text
    ]
    numbers = [int(re.search(r"\[(\d+)\] on Image Classification", e.text).group(1)) for e in entries]
    assert numbers == list(range(1, 21))
    seed_refs = seed_references()
    for entry, number in zip(entries, numbers, strict=True):
        for url in re.findall(r"https?://[^\s,]+", seed_refs[number]):
            assert url.rstrip(".") in {a.attrs.get("href") for a in entry.iter("a")}, (number, url)
        task_entry = [a.attrs["href"] for a in entry.iter("a") if "#ref-" in a.attrs["href"]]
        assert task_entry == [f"../image-classification/#ref-{entry.attrs['id']}"]
    mobilenets = next(e for e in entries if e.attrs["id"] == "mobilenets")
    backlinks = [
        a.attrs["href"]
        for a in mobilenets.iter("a")
        if "image-classification" in a.attrs["href"] and "#ref-" not in a.attrs["href"]
    ]
    assert backlinks == [
        "../image-classification/#edgeai-tv--mobilenetv1--224x224",
        "../image-classification/#tf1-models--mobilenetv1--224x224",
    ]
    uncited = [e.attrs["id"] for e in entries if "cited by no model or source" in e.text]
    assert uncited == ["onnx-model-zoo", "gluoncv-model-zoo"]


def test_legacy_and_clean_anchors(page: Element) -> None:
    present = ids(page)
    legacy = seed_legacy_anchors()
    assert len(legacy) == 9
    assert set(legacy) <= present
    # TI's current page (tests/fixtures/ti-zoo/readmes/classification.md) has lowercase ones: they work too
    ti = re.findall(r'<div id="([^"]+)"\s*></div>', TI_CLASSIFICATION.read_text(encoding="utf-8"))
    assert len(ti) == 9 and set(ti) - set(legacy) == {
        "edgeai-torchvision",
        "torchvision-models",
        "edgeai-hf-transformers",
    }
    assert set(ti) <= present
    # each id once: edgeai-hf-transformers, TI's anchor, is the source's own id
    all_ids = [el.attrs["id"] for el in page.iter() if "id" in el.attrs]
    assert [i for i in set(legacy) | set(ti) if all_ids.count(i) != 1] == []
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
        "docs/assets/javascripts/devices.js",
        "docs/assets/javascripts/explore.js",
        "docs/assets/javascripts/plots.js",
        "docs/assets/stylesheets/devices.css",
        "docs/assets/stylesheets/modelzoo.css",
        "docs/assets/vendor/plotly/LICENSE",
        "docs/assets/vendor/plotly/plotly-basic.min.js",
        "docs/data/depth-estimation.csv",
        "docs/data/image-classification.csv",
        "docs/data/keypoint-detection.csv",
        "docs/data/object-6d-pose.csv",
        "docs/data/object-detection-3d.csv",
        "docs/data/object-detection.csv",
        "docs/data/semantic-segmentation.csv",
        "docs/data/zoo.json",
        "docs/data/zoo.schema.json",
        "docs/depth-estimation/explore/index.md",
        "docs/depth-estimation/explore/models.json",
        "docs/depth-estimation/index.md",
        "docs/devices/am62a/index.md",
        "docs/devices/am67a/index.md",
        "docs/devices/am68a/index.md",
        "docs/devices/am69a/index.md",
        "docs/devices/index.md",
        "docs/devices/tda4vm/index.md",
        "docs/image-classification/explore/index.md",
        "docs/image-classification/explore/models.json",
        "docs/image-classification/index.md",
        "docs/index.md",
        "docs/keypoint-detection/explore/index.md",
        "docs/keypoint-detection/explore/models.json",
        "docs/keypoint-detection/index.md",
        "docs/object-6d-pose/explore/index.md",
        "docs/object-6d-pose/explore/models.json",
        "docs/object-6d-pose/index.md",
        "docs/object-detection-3d/explore/index.md",
        "docs/object-detection-3d/explore/models.json",
        "docs/object-detection-3d/index.md",
        "docs/object-detection/explore/index.md",
        "docs/object-detection/explore/models.json",
        "docs/object-detection/index.md",
        "docs/references/index.md",
        "docs/semantic-segmentation/explore/index.md",
        "docs/semantic-segmentation/explore/models.json",
        "docs/semantic-segmentation/index.md",
        "mkdocs.yml",
    ]


def test_navigation_lists_home_tasks_in_order_then_references(seed_site: Build) -> None:
    root = parse(seed_site.page("references/index.html"))
    nav = next(n for n in root.iter("nav") if "md-nav--primary" in n.classes())
    titles = [" ".join(a.text.split()) for a in nav.iter("a") if "md-nav__link" in a.classes()]
    assert titles == [
        "TI Edge AI Model Zoo",
        *(
            title
            for task in (
                "Image Classification",
                "Object Detection",
                "Semantic Segmentation",
                "Keypoint Detection",
                "Depth Estimation",
                "3D Object Detection",
                "6D Pose Estimation",
            )
            for title in (task, "Explore")  # each task, then its explorer
        ),
        "Devices",
        "AM62A",
        "AM67A",
        "AM68A",
        "AM69A",
        "TDA4VM",
        "References",
    ]


def test_search_splits_names_on_slashes_underscores_and_dots(seed_site: Build) -> None:
    """mkdocs.yml's search separator (repeated by conftest for the test builds) reaches the built index,
    which Material's search worker tokenises pages and queries with; it splits a name into its parts."""
    import json

    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {"search": {"separator": SEARCH_SEPARATOR}} in config["plugins"]
    index = json.loads((seed_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] == SEARCH_SEPARATOR
    split = [t for t in re.split(SEARCH_SEPARATOR, "microsoft/swin-tiny ssdlite_mobiledet_dsp TF1.0") if t]
    assert split == ["microsoft", "swin", "tiny", "ssdlite", "mobiledet", "dsp", "TF1", "0"]


def test_every_model_cell_is_labelled_by_its_column(seed_site: Build) -> None:
    """On a phone a row is a card of labelled cells (modelzoo.css): every cell of a model row has its
    column's heading as data-label, the name cell is .mz-name, and the task's complexity and primary
    metric are marked in the heading and in every row; each model table sits in div.mz-table."""
    tables = 0
    for path in sorted(seed_site.site.glob("*/index.html")):
        rel = str(path.relative_to(seed_site.site))
        root = parse(seed_site.page(rel))
        for wrapper in (d for d in root.iter("div") if "mz-table" in d.classes()):
            (table,) = wrapper.iter("table")
            tables += 1
            heads = list(table.iter("th"))
            labels = [th.text.strip() for th in heads]
            assert labels[:3] == ["Dataset", "Model Name", "Input Size"]
            marked = {
                c: [th.text for th in heads if c in th.classes()] for c in ("mz-complexity", "mz-primary")
            }
            assert len(marked["mz-primary"]) == 1, rel
            assert len(marked["mz-complexity"]) <= 1, rel
            for tr in table.iter("tr"):
                cells = list(tr.iter("td"))
                if not cells or not any("mz-row" in c.classes() for c in cells):
                    continue
                assert "mz-name" in cells[1].classes() and "data-label" not in cells[1].attrs
                assert [c.attrs.get("data-label") for i, c in enumerate(cells) if i != 1] == [
                    lab for i, lab in enumerate(labels) if i != 1
                ]
                for c in ("mz-complexity", "mz-primary"):
                    assert [td.attrs["data-label"] for td in cells if c in td.classes()] == marked[c]
    assert tables == 29  # every model table of the 7 task pages
