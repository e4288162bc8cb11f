"""The independent reading of TI's pages (tests/tipages.py) finds every model row TI's README counts."""

from __future__ import annotations

import tipages


def test_every_page_has_the_rows_ti_counts() -> None:
    assert {page: len(tipages.rows(page)) for page in tipages.PAGES} == tipages.ROW_COUNTS


def test_multi_value_cells_split_under_their_header() -> None:
    row = next(r for r in tipages.rows("detection") if r.name == "MobileNetV2+FPN+SSDLite")
    assert (row.input_size, row.figures) == (
        "768x768",
        {"GigaMACS": "5.83", "AP[0.5:0.95]%": "29.0", "AP50%": "47.8"},
    )
    placeholder = next(
        r for r in tipages.rows("detection") if r.input_size == "1024x1024" and "tiny" in r.name
    )
    assert placeholder.figures["AP[0.5:0.95]%"] == ""  # TI writes **---**
