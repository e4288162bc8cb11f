"""An independent reading of TI's model-zoo pages (tests/fixtures/ti-zoo/readmes/): every model row with its
cells as TI wrote them, for checking the importer and the built site against.

Deliberately simpler than the importer and written without it: a table is a header line followed by a
``|---|`` line; a body line is a model row when its Dataset cell names a dataset (not blank, not ``-``) and its
name cell is not blank. Figures keep their text; only bold markers and placeholders (``-``, ``---``) are
dropped, and a cell under a header like ``AP[0.5:0.95]%, AP50%`` is split at its commas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

READMES = Path(__file__).resolve().parent / "fixtures" / "ti-zoo" / "readmes"
PAGES = (
    "classification",
    "detection",
    "segmentation",
    "keypoint",
    "depth_estimation",
    "detection_3d",
    "object_6d_pose",
)
TASK_IDS = {
    "classification": "image-classification",
    "detection": "object-detection",
    "segmentation": "semantic-segmentation",
    "keypoint": "keypoint-detection",
    "depth_estimation": "depth-estimation",
    "detection_3d": "object-detection-3d",
    "object_6d_pose": "object-6d-pose",
}
"""The zoo's task id of each page (tools/import-ti.sh)."""
ROW_COUNTS = {
    "classification": 58,
    "detection": 62,
    "segmentation": 37,
    "keypoint": 9,
    "depth_estimation": 2,
    "detection_3d": 4,
    "object_6d_pose": 1,
}
"""Model rows per page, as TI's README (tests/fixtures/ti-zoo/README.md) counts them."""


@dataclass
class TiRow:
    page: str
    line: int
    dataset: str
    name: str
    input_size: str
    figures: dict[str, str] = field(default_factory=dict)
    """Header label of one figure (a comma-split header gives one label per part) -> its text, '' when
    blank or a placeholder."""
    cells: dict[str, str] = field(default_factory=dict)
    """Every cell by its header, stripped, as written."""


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.strip() for c in body.split("|")]


def _plain(text: str) -> str:
    text = text.replace("**", "").strip()
    return "" if re.fullmatch(r"-+", text) else text


NAME = ("model name", "model")
FIGURE = re.compile(r"gigamacs|gflops|%|^ar|^add|^map$|^nds$|delta", re.IGNORECASE)


def rows(page: str) -> list[TiRow]:
    lines = (READMES / f"{page}.md").read_text(encoding="utf-8").split("\n")
    out: list[TiRow] = []
    header: list[str] | None = None
    for i, line in enumerate(lines):
        if not line.lstrip().startswith("|"):
            header = None
            continue
        if i + 1 < len(lines) and re.fullmatch(r"\s*\|?\s*:?-{3,}.*", lines[i + 1]) and "---" in lines[i + 1]:
            header = _cells(line)
            continue
        if header is None or re.fullmatch(r"\s*\|?[\s|:-]*", line):
            continue
        cells = _cells(line)
        cells += [""] * (len(header) - len(cells))
        by = dict(zip(header, cells, strict=False))
        dataset = by.get(header[0], "")
        name_col = next(h for h in header if h.lower() in NAME)
        name = by.get(name_col, "")
        if not dataset or dataset == "-" or not name:
            continue
        row = TiRow(page, i + 1, dataset, name, by.get("Input Size", ""), cells=by)
        for label, text in by.items():
            if not FIGURE.search(label):
                continue
            parts = [p.strip() for p in label.split(",")]
            values = [_plain(v) for v in text.split(",")] if len(parts) > 1 else [_plain(text)]
            values += [""] * (len(parts) - len(values))
            row.figures.update(zip(parts, values, strict=True))
        out.append(row)
    return out
