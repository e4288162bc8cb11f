"""End-to-end: every model row of TI's six other task pages is on the built site (the real data/, built once
with `mkdocs build --strict`), with every figure as TI wrote it, checked against tests/tipages.py — an
independent reading of TI's pages. (Image Classification follows the seed: tests/test_site.py.)"""

from __future__ import annotations

import re
from collections import Counter

import pytest
import tipages
from conftest import Build
from htmltools import Element, parse

TASKS = {page: task for page, task in tipages.TASK_IDS.items() if page != "classification"}


def _key(label: str) -> str:
    """A column heading compared loosely: TI writes `GigaMACS` and `AR<sub>VSD</sub>`, the site
    `GigaMACS` and `AR_VSD`."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"</?sub>", "", label.lower()))


def _own_text(el: Element) -> str:
    """An element's text without the devices' line (span.mz-dev) in it."""
    return "".join(
        c if isinstance(c, str) else _own_text(c)
        for c in el.children
        if isinstance(c, str) or "mz-dev" not in c.classes()
    )


def _table_rows(page: Element) -> list[dict[str, str]]:
    """Every model row of a page: column heading (loose key) -> cell text."""
    out = []
    for table in page.iter("table"):
        header = [_key(th.text.strip()) for th in table.iter("th")]
        for tr in table.iter("tr"):
            cells = list(tr.iter("td"))
            if not cells or "mz-row" not in cells[0].classes():
                continue
            row = {h: " ".join(td.text.split()) for h, td in zip(header, cells, strict=True)}
            name = cells[header.index("modelname")]
            # the name cell ends with its markers: citations [n] (links to the References section),
            # ★ (frontier), ¶ (permalink); then, for a model TI measured or ships, the devices' line (issue 10)
            row["modelname"] = re.sub(r"( \[[0-9, ]+\])?( ★)? ¶$", "", " ".join(_own_text(name).split()))
            row["cites"] = ",".join(a.text for a in name.iter("a") if "#ref-" in a.attrs.get("href", ""))
            out.append(row)
    return out


CITES = re.compile(r"\s*\[([0-9, ]+)\]$")


def _expected(row: tipages.TiRow) -> dict[str, str]:
    name = re.sub(r"\s+", " ", row.name.replace("**", ""))
    cites = CITES.search(name)
    out = {
        "dataset": row.dataset.lower(),
        "modelname": CITES.sub("", name),
        "cites": ",".join(n.strip() for n in cites.group(1).split(",")) if cites else "",
        "inputsize": row.input_size,
    }
    out.update({_key(label): value for label, value in row.figures.items()})
    return out


@pytest.mark.parametrize("page", sorted(TASKS))
def test_every_row_of_the_page_is_on_the_site_with_its_figures(seed_site: Build, page: str) -> None:
    shown = _table_rows(parse(seed_site.page(f"{TASKS[page]}/index.html")))
    expected = [_expected(r) for r in tipages.rows(page)]
    assert len(shown) == len(expected) == tipages.ROW_COUNTS[page]
    unmatched = Counter()
    for want in expected:
        for got in shown:
            names = got["dataset"].lower().replace(" ", ""), want["dataset"].replace(" ", "")
            same = (
                got["modelname"] == want["modelname"]
                and got["inputsize"] == want["inputsize"]
                # TI's cell reads "Kitti" or "WIDERFace" where the dataset's name is "KITTI", "WIDER FACE"
                and names[0] == names[1]
                # a figure column the table does not show is one none of its rows has a value in
                and all(got.get(k, "") == v for k, v in want.items() if k not in ("dataset", "modelname"))
            )
            if same:
                shown.remove(got)
                break
        else:
            unmatched[str(want)] += 1
    assert not unmatched, list(unmatched)
    assert shown == []


def test_each_task_plots_each_dataset_for_each_metric_with_figures(seed_site: Build) -> None:
    """A Pareto plot per dataset and metric (the primary first), where models have both figures."""
    plots = {}
    for task in ("image-classification", *TASKS.values()):
        page = parse(seed_site.page(f"{task}/index.html"))
        plots[task] = [
            el.attrs["id"] for el in page.iter("div") if "mz-plot-overview" in el.attrs.get("class", "")
        ]
    assert plots["image-classification"] == ["pareto-imagenet"]
    # COCO: AP and AP50 (GigaMACs only in some tables); WIDER FACE: both too
    assert plots["object-detection"] == [
        "pareto-coco",
        "pareto--coco--ap50",
        "pareto-widerface",
        "pareto--widerface--ap50",
    ]
    assert plots["object-6d-pose"][0] == "pareto-ycbv"
    assert (
        len(plots["object-6d-pose"]) == 5
    )  # AR, AR_VSD, AR_MSSD, AR_MSPD, ADD(s): one model, one point each
    assert plots["depth-estimation"] == ["pareto-nyudepthv2"]


def test_home_page_lists_the_tasks_in_order_with_their_model_counts(seed_site: Build) -> None:
    home = parse(seed_site.page("index.html"))
    rows = [[" ".join(td.text.split()) for td in tr.iter("td")] for tr in home.iter("tr")]
    rows = [r for r in rows if r]
    assert [(r[0], r[1]) for r in rows] == [
        ("Image Classification", "58"),
        ("Object Detection", "62"),
        ("Semantic Segmentation", "37"),
        ("Keypoint Detection", "9"),
        ("Depth Estimation", "2"),
        ("3D Object Detection", "4"),
        ("6D Pose Estimation", "1"),
    ]


def test_relative_links_resolve_under_each_tasks_own_folder(seed_site: Build) -> None:
    """TI's ./relative links (Models Link bullets, links in prose) point into each task's own folder of TI's
    repository, not classification's."""
    base = "https://github.com/TexasInstruments/edgeai-tensorlab/tree/main/edgeai-modelzoo/models/vision/"
    folders = {"image-classification": "classification", **{v: k for k, v in TASKS.items()}}
    for task, folder in folders.items():
        readme = tipages.READMES / f"{folder}.md"
        if folder == "classification":
            readme = tipages.READMES.parent.parent / "seed" / "README.md"
        relative = re.findall(r"\]\(\./([^)]*)\)", readme.read_text(encoding="utf-8"))
        page = parse(seed_site.page(f"{task}/index.html"))
        article = next(el for el in page.iter("article"))
        links = [a.attrs["href"] for a in article.iter("a") if a.attrs.get("href", "").startswith(base)]
        assert sorted(links) == sorted(base + folder + "/" + r for r in relative), task
