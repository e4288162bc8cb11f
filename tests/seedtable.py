"""An independent reading of the seed README's tables, used as the expected values of the end-to-end test.

Deliberately simple and separate from generator.importer: it only splits table rows on '|'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SEED = Path(__file__).resolve().parent / "fixtures" / "seed" / "README.md"


@dataclass(frozen=True)
class SeedRow:
    heading: str
    name: str
    citations: tuple[int, ...]
    input_size: str
    gmacs: str
    top1: str
    available: str
    notes: str


def seed_rows() -> list[SeedRow]:
    rows: list[SeedRow] = []
    heading = ""
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            heading = line[4:].strip()
        if not line.startswith("|ImageNet"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        _dataset, name, size, gmacs, top1, available, notes = cells
        match = re.fullmatch(r"(.*?)\[([\d,]+)\]", name)
        citations: tuple[int, ...] = ()
        if match:
            name, citations = match.group(1), tuple(int(n) for n in match.group(2).split(","))
        rows.append(SeedRow(heading, name, citations, size, gmacs, top1, available, notes))
    return rows


def seed_legacy_anchors() -> list[str]:
    return re.findall(r'<div id="([^"]+)"\s*></div>', SEED.read_text(encoding="utf-8"))


def seed_references() -> dict[int, str]:
    refs = {}
    for line in SEED.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\[(\d+)\] (.*)$", line)
        if match:
            refs[int(match.group(1))] = match.group(2)
    return refs
