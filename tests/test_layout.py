"""Large tasks: each source's table moves to pages of its own, at most rows_per_page rows each."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, TEMPLATES, assert_no_warnings, mkdocs_build
from htmltools import parse

from generator.render import render
from generator.validate import build_catalogue


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two-task fixture with 25 more alpha rows (27 in all), a source without rows, rows_per_page 10."""
    data = tmp_path_factory.mktemp("big") / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    task = data / "tasks" / "image-classification.yaml"
    beta = "  - id: beta\n    references: [paper-b]\n"
    text = task.read_text(encoding="utf-8").replace(beta, beta + "  - gamma\n")
    task.write_text(text + "rows_per_page: 10\n", encoding="utf-8")
    with (data / "sources.yaml").open("a", encoding="utf-8") as fh:
        fh.write("- id: gamma\n  title: Gamma, no rows yet\n")
    with (data / "models" / "image-classification.csv").open("a", encoding="utf-8") as fh:
        for i in range(25):
            group = "Big ones" if i >= 5 else ""
            fh.write(
                f"alpha,{group},imagenet,Extra-{i:02d},224x224,{1 + i / 10:.1f},{60 + i / 2:.1f},Y,,,paper-a\n"
            )
    return data


def test_pages_of_a_split_task(big: Path) -> None:
    catalogue, _ = build_catalogue(big)
    pages = render(catalogue, TEMPLATES).pages
    task_pages = sorted(p for p in pages if p.startswith("image-classification/") and p.endswith(".md"))
    assert task_pages == [
        "image-classification/alpha/2.md",
        "image-classification/alpha/3.md",
        "image-classification/alpha/index.md",
        "image-classification/beta/index.md",
        "image-classification/explore/index.md",
        "image-classification/index.md",
    ]
    # The small task keeps everything on its page (and has its explorer).
    assert [p for p in pages if p.startswith("semantic-segmentation/")] == [
        "semantic-segmentation/explore/index.md",
        "semantic-segmentation/index.md",
    ]
    home = pages["image-classification/index.md"]
    assert "mz-row" not in home  # no table rows on the task page
    # Links in raw HTML are final URLs (directory URLs), relative to the page's own URL.
    assert '<a href="alpha/" data-mz-page="alpha/1">1–10</a>' in home
    assert '<a href="alpha/3/" data-mz-page="alpha/3">21–27</a>' in home
    assert '<span id="gamma"></span>Gamma, no rows yet</td><td class="mz-num">0</td><td>none yet</td>' in home
    second = pages["image-classification/alpha/2.md"]
    assert second.count('class="mz-row"') == 10
    # Page 2 starts inside the "Big ones" group: its heading is repeated at the top of the table.
    assert '<td class="mz-group" colspan="6"><strong><em>Big ones</em></strong></td>' in second
    # Citations of a split task link to the References page (its task page lists no references of its own).
    assert '<a href="../../../references/&#35;paper-a" title="Paper A: a study">1</a>' in second
    assert '<p><a href="../../&#35;alpha">← Image Classification</a> · 27 models' in second


def test_split_site_builds_strict_and_links_resolve(big: Path, tmp_path: Path) -> None:
    build = mkdocs_build(tmp_path, big)
    assert_no_warnings(build)
    refs = parse(build.page("references/index.html"))
    hrefs = [a.attrs["href"] for a in refs.iter("a") if "alpha--extra-09" in a.attrs.get("href", "")]
    assert hrefs == ["../image-classification/alpha/2/#alpha--extra-09--224x224"]
    # paper-a is cited by 28 rows: the first 12 are linked, then a count.
    paper_a = next(p for p in refs.iter("p") if p.attrs.get("id") == "paper-a")
    cited_by = [
        a
        for a in paper_a.iter("a")
        if "image-classification/" in a.attrs["href"] and "#alpha--" in a.attrs["href"]
    ]
    assert len(cited_by) == 12
    assert paper_a.text.rstrip().endswith("and 16 more")
    page3 = parse(build.page("image-classification/alpha/3/index.html"))
    assert "alpha--extra-24--224x224" in {el.attrs.get("id") for el in page3.iter("td")}
    home = parse(build.page("image-classification/index.html"))
    ids = {el.attrs.get("id") for el in home.iter()}
    assert {"Alpha/Models-1.0", "alpha", "beta"} <= ids  # legacy and clean anchors stay on the task page
    keys = {a.attrs["data-mz-page"]: a.attrs["href"] for a in home.iter("a") if "data-mz-page" in a.attrs}
    assert keys == {
        "alpha/1": "alpha/",
        "alpha/2": "alpha/2/",
        "alpha/3": "alpha/3/",
        "beta/1": "beta/",
    }


def test_sections_on_the_pages_of_a_split_source(tmp_path: Path) -> None:
    """Rows without a section first, then each section in the task's order; a section's heading (and its
    table's header) on every page with its rows; a section without rows on the source's first page only."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    task = data / "tasks" / "image-classification.yaml"
    text = task.read_text(encoding="utf-8").replace(
        "  - id: alpha\n",
        "  - id: alpha\n    sections:\n"
        "      - {id: empty, title: Nothing yet, description: Coming soon.}\n"
        "      - {id: late, title: Late ones}\n"
        "      - {id: early, title: Early ones}\n",
    )
    task.write_text(text + "rows_per_page: 10\n", encoding="utf-8")
    lines = ["source,section,group,dataset,name,input_size,gmacs,top1,available,qat,notes,references"]
    for i in range(20):  # in the file: early and late rows mixed, late ones without GigaMACs
        section = "late" if i % 2 else "early"
        gmacs = "" if section == "late" else f"{1 + i / 10:.1f}"
        lines.append(f"alpha,{section},,imagenet,Net-{i:02d},224x224,{gmacs},{60 + i / 2:.1f},Y,,,")
    lines.append("alpha,,,imagenet,Plain,224x224,0.5,50.0,,,,")
    (data / "models" / "image-classification.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    catalogue, _ = build_catalogue(data)
    pages = render(catalogue, TEMPLATES).pages
    first, second, third = (pages[f"image-classification/alpha/{n}.md"] for n in ("index", "2", "3"))

    def names(page: str) -> list[str]:
        return re.findall(r'<td id="alpha--([a-z0-9-]+)--224x224"', page)

    # page order: the row without a section, then the sections as the task lists them (late before early)
    assert names(first) == ["plain"] + [f"net-{i:02d}" for i in range(1, 18, 2)]
    assert names(second) == ["net-19"] + [f"net-{i:02d}" for i in range(0, 18, 2)]
    assert names(third) == ["net-18"]
    assert re.findall(r"^### (.*) \{ #(alpha--[a-z]+) \}$", first, re.M) == [
        ("Nothing yet", "alpha--empty"),
        ("Late ones", "alpha--late"),
    ]
    assert "Coming soon." in first and "Coming soon." not in second
    assert re.findall(r"^### (.*) \{", second, re.M) == ["Late ones", "Early ones"]
    assert re.findall(r"^### (.*) \{", third, re.M) == ["Early ones"]
    # each section's table shows the columns its rows have, the same on every page: late ones have no GigaMACs
    late_tables = re.findall(r"### Late ones.*?</table>", first + second, re.S)
    assert len(late_tables) == 2 and all("GigaMACs" not in t for t in late_tables)
    early = re.search(r"### Early ones.*?</table>", third, re.S)
    assert early and "GigaMACs" in early.group(0)
