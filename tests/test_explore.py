"""The explorer's page and data file (generator/explore.py, templates/explore.md.j2), from Python: every model of
each task in <task>/explore/models.json with its figures as written, its float twin, the page its row is on
(split tasks too), notes and link cells as text and checked links; the page a pointer without JavaScript.
The browser side is tests/test_explorer_browser.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES, ROOT, TEMPLATES
from htmltools import parse

from generator.analyse import float_twins
from generator.explore import explorer_json, segments
from generator.pipeline import Site, build_site
from generator.prose import render as render_prose


@pytest.fixture(scope="module")
def site() -> Site:
    return build_site(DATA, TEMPLATES, docs_dir=ROOT / "docs", display_root=ROOT)


MEASURED = "measured by TI: PC emulation of AM68A, report of 2025-03-10"


def _data(site: Site, task: str) -> dict:
    return json.loads(site.assets[f"{task}/explore/models.json"])


def test_every_task_has_an_explorer_with_every_model(site: Site) -> None:
    catalogue = site.catalogue
    for task in catalogue.tasks:
        assert f"{task.id}/explore/index.md" in site.pages
        assert site.nav[f"{task.id}/explore/index.md"] == f"{task.title}: explore and compare"
        assert site.edit_files[f"{task.id}/explore/index.md"] == f"data/models/{task.id}.csv"
        data = _data(site, task.id)
        assert data["version"] == 1 and data["task"] == {"id": task.id, "title": task.title}
        assert [m["key"] for m in data["metrics"]] == [m.key for m in task.metrics]
        assert [m["key"] for m in data["metrics"] if m["primary"]] == [task.primary.key]
        assert [s["id"] for s in data["sources"]] == task.source_ids
        assert [d["id"] for d in data["datasets"]] == list(task.datasets)
        assert data["pages"] == ["../"]  # the seed's tasks are not split
        # the device measured (AM68A, TI's report), only where the task has results: tests/test_devices_site.py
        measured = [{"id": "am68a", "name": "AM68A", "provenance": MEASURED}]
        assert data["devices"] == (measured if any("v" in r for r in data["rows"]) else [])
        models = catalogue.models_of(task.id)
        twins = float_twins(models)
        index = {m.anchor: i for i, m in enumerate(models)}
        assert len(data["rows"]) == len(models)
        for row, m in zip(data["rows"], models, strict=True):
            assert (row["a"], row["n"], row["i"]) == (m.anchor, m.name, m.input_size)
            assert data["sources"][row["s"]]["id"] == m.source
            assert data["datasets"][row["d"]]["id"] == m.dataset
            assert row.get("c") == (None if m.complexity is None else str(m.complexity))
            assert row["m"] == [
                None if m.metric(k.key) is None else str(m.metric(k.key)) for k in task.metrics
            ]
            assert row.get("f", 0) == (1 if m.available else 0) + (2 if m.qat else 0)
            assert row.get("t") == (index[twins[m.anchor].anchor] if m.anchor in twins else None)
            assert "p" not in row


def test_notes_and_links_come_as_text_and_checked_links(site: Site) -> None:
    rows = {r["a"]: r for r in _data(site, "image-classification")["rows"]}
    assert rows["tf1-models--nasnetmobile--224x224"]["o"] == [
        ["nasnet", "https://github.com/tensorflow/models/tree/master/research/slim/nets/nasnet"]
    ]
    assert rows["edgeai-tv--mobilenetv2-qat--224x224"]["o"] == ["QAT* Model"]
    assert segments(
        render_prose("**b** <i>x</i> [a &amp; b](https://example.org/?q=1&r=2) `c`", bare_urls=True)
    ) == [
        "b <i>x</i> ",
        ["a & b", "https://example.org/?q=1&r=2"],
        " c",
    ]


def test_the_data_file_escapes_markup_characters() -> None:
    text = explorer_json({"rows": [{"n": "</script><img src=x onerror=alert(1)>&amp;"}]})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"rows": [{"n": "</script><img src=x onerror=alert(1)>&amp;"}]}


def test_the_page_is_a_pointer_without_javascript(site: Site) -> None:
    page = site.pages["image-classification/explore/index.md"]
    assert page.startswith("# Image Classification: explore and compare\n")
    root = parse(page)
    (explorer,) = [d for d in root.iter("div") if "mz-explorer" in d.classes()]
    assert explorer.attrs["data-mz-explore"] == "models.json"
    pointer, help_text, download = [p for p in explorer.iter("p")]
    assert "hidden" not in pointer.attrs and "hidden" in help_text.attrs and "hidden" in download.attrs
    assert help_text.text.startswith("A column's heading sorts by it")  # shown by explore.js
    assert download.text.startswith("Download this view")
    assert " ".join(pointer.text.split()) == (
        "This page sorts, filters and compares the 58 models of Image Classification across sources and "
        "datasets, with their plot; that needs JavaScript. Without it, the Image Classification page lists "
        "every model, with its figures and references."
    )
    links = {a.attrs["href"]: a.text for a in root.iter("a")}
    assert links == {
        "../": "Image Classification page",
        "../../data/image-classification.csv": "CSV",
        "../../data/zoo.json": "JSON",
        "../../data/zoo.schema.json": "its JSON Schema",
    }
    task = parse(site.pages["image-classification/index.md"])
    (link,) = [p for p in task.iter("p") if "mz-explore-link" in p.classes()]
    assert {a.attrs["href"]: a.text for a in link.iter("a")} == {
        "explore/": "Explore the 58 models",
        "../data/image-classification.csv": "CSV",
        "../data/zoo.json": "JSON",
    }
    assert "compare QAT models with their float twins" in link.text
    detection = parse(site.pages["object-detection/index.md"])
    (link,) = [p for p in detection.iter("p") if "mz-explore-link" in p.classes()]
    assert "QAT" not in link.text  # no QAT model on that task


def test_rows_of_a_split_task_link_to_their_pages(tmp_path: Path) -> None:
    data = shutil.copytree(FIXTURES / "two-tasks", tmp_path / "data")
    task = data / "tasks" / "image-classification.yaml"
    task.write_text(task.read_text(encoding="utf-8") + "rows_per_page: 10\n", encoding="utf-8")
    with (data / "models" / "image-classification.csv").open("a", encoding="utf-8") as fh:
        for i in range(12):
            fh.write(f"alpha,,imagenet,Extra-{i:02d},224x224,{1 + i / 10:.1f},{60 + i / 2:.1f},Y,,,paper-a\n")
    site = build_site(data, TEMPLATES)
    explorer = json.loads(site.assets["image-classification/explore/models.json"])
    assert explorer["pages"] == ["../", "../alpha/", "../alpha/2/", "../beta/"]
    pages = [explorer["pages"][r.get("p", 0)] + "#" + r["a"] for r in explorer["rows"]]
    assert pages[:2] == ["../alpha/#alpha--neta--224x224", "../alpha/#alpha--neta-qat--224x224"]
    assert pages[2] == "../beta/#beta--netb--224x224"  # file order: the rows, wherever they are shown
    assert pages[-1] == "../alpha/2/#alpha--extra-11--224x224"
    # each is the page that has the row
    for href in pages:
        page, anchor = href.split("#")
        rel = page.removeprefix("../").rstrip("/")  # "", "alpha", "alpha/2"
        path = f"image-classification/{rel}.md" if "/" in rel else f"image-classification/{rel}/index.md"
        path = path.replace("//", "/")
        assert f'id="{anchor}"' in site.pages[path]
