"""The data file of a task's explorer (``<task>/explore/models.json``), which explore.js draws from.

Every model of the task, across sources and datasets, with what the table, the filters and the plot need,
and nothing that would have to be parsed as HTML: names and cells are text (the script puts them in the page
with ``textContent``), links are (label, URL) pairs of URLs the validator accepted, and a notes cell comes as
text and link segments read out of its sanitised HTML. Version 1 of the format::

    {"version": 1,
     "task": {"id", "title"},
     "complexity": {"key", "label", "unit", "description"},
     "metrics": [{"key", "label", "unit", "higher", "primary", "description"}, ...]   task order
     "columns": [{"key", "label", "kind"}, ...]           the task's extra columns (kind text or link)
     "sources": [{"id", "label", "colour"}, ...]          task order; colour as on the task page's plots
     "datasets": [{"id", "name"}, ...]                    task order
     "devices": [{"id", "name", "provenance"}, ...]       SoCs with 8-bit results of its rows, zoo order
     "pages": ["../", "../alpha/", ...]                   the pages rows are on, relative to the explorer
     "rows": [row, ...]}                                  file order

    row: {"a": anchor, "n": name, "s": source index, "d": dataset index, "i": input size,
          "c": complexity as written,        (absent when blank)
          "m": [each metric as written or null, in the order of "metrics"],
          "f": flags: 1 available, 2 QAT,      (absent when 0)
          "t": index of the float twin's row,  (QAT rows that have one)
          "p": index in "pages",               (absent when 0: the task page)
          "x": [each extra column: text, [label, url] for a link column, or null],  (absent when all blank)
          "o": notes as [text or [label, url], ...],                               (absent when blank)
          "id": model id,                                                          (absent when blank)
          "v": {device id: {metric key: 8-bit figure as written}}}     (absent when the row has none)

A row's ``v`` holds, per device of ``devices``, the 8-bit figures measured there of the first of its model ids
that has some (a row with ids for two runtimes has a result for each: the first, in the cell's order; its
device page lists both); a device's ``provenance`` says where they come from (the report, shown with them).
A row's link is ``pages[p] + "#" + a``. Figures stay text: "0.300" is shown and downloaded as written; the
script compares their numbers (at most 15 significant digits: the float order is the Decimal order).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from typing import Any

from generator.analyse import float_twins
from generator.catalogue import Catalogue, Model
from generator.escape import url_problem
from generator.figures import PALETTE
from generator.prose import Prose, short_label
from generator.schema import Task

VERSION = 1
Segment = str | list[str]


class _Segments(HTMLParser):
    """Text and links of a sanitised inline HTML fragment (prose's output: ``<a href>``, emphasis, code)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[Segment] = []
        self._href: str | None = None
        self._label: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._label = []
        elif tag == "br":
            self._text(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            label = "".join(self._label)
            href = self._href
            self._href = None
            if href and url_problem(href, relative=False) is None:
                self.out.append([label, href])
            else:
                self._text(label)

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._label.append(data)
        else:
            self._text(data)

    def _text(self, text: str) -> None:
        if self.out and isinstance(self.out[-1], str):
            self.out[-1] += text
        else:
            self.out.append(text)


def segments(prose: Prose) -> list[Segment]:
    """A notes cell's rendered prose as text and [label, url] link segments, in order."""
    parser = _Segments()
    parser.feed(str(prose.inline if prose.inline is not None else prose.html))
    parser.close()
    return parser.out


def _resolve(cell: str, base: str | None) -> str:
    from urllib.parse import urljoin

    return urljoin(base or "", cell) if cell.startswith(("./", "../")) else cell


def explorer_data(
    catalogue: Catalogue,
    task: Task,
    row_page: Callable[[Model], str],
    pages: list[str],
    notes: Mapping[str, Prose] | None = None,
) -> dict[str, Any]:
    """The explorer's data (see the module docstring). ``row_page(model)``: the page its row is on, as an
    entry of ``pages`` (URLs relative to the explorer page, the task page first)."""
    models = catalogue.models_of(task.id)
    notes = catalogue.notes if notes is None else notes
    source_index = {s: i for i, s in enumerate(task.source_ids)}
    dataset_ids = list(task.datasets)
    for m in models:  # a dataset a row names that the task does not list (as analyse_task does)
        if m.dataset not in dataset_ids:
            dataset_ids.append(m.dataset)
    dataset_index = {d: i for i, d in enumerate(dataset_ids)}
    page_index = {p: i for i, p in enumerate(pages)}
    row_index = {m.anchor: i for i, m in enumerate(models)}
    twins = float_twins(models)
    link_labels = {c.key: c.link_label for c in task.columns if c.kind == "link"}
    devices = catalogue.devices
    measured = devices.measured_devices() if devices is not None else ()
    rows = []
    for m in models:
        row: dict[str, Any] = {
            "a": m.anchor,
            "n": m.name,
            "s": source_index[m.source],
            "d": dataset_index[m.dataset],
            "i": m.input_size,
        }
        if m.complexity is not None:
            row["c"] = str(m.complexity)
        row["m"] = [None if m.metrics.get(k.key) is None else str(m.metrics[k.key]) for k in task.metrics]
        flags = (1 if m.available else 0) | (2 if m.qat else 0)
        if flags:
            row["f"] = flags
        twin = twins.get(m.anchor)
        if twin is not None:
            row["t"] = row_index[twin.anchor]
        page = page_index[row_page(m)]
        if page:
            row["p"] = page
        extras: list[Any] = []
        for column in task.columns:
            cell = m.extras.get(column.key, "")
            if not cell:
                extras.append(None)
            elif column.kind == "link":
                extras.append([link_labels[column.key] or short_label(cell), _resolve(cell, task.links_base)])
            else:
                extras.append(cell)
        if any(e is not None for e in extras):
            row["x"] = extras
        if m.notes and m.notes in notes:
            row["o"] = segments(notes[m.notes])
        if m.model_id:
            row["id"] = m.model_id
        if devices is not None and m.model_ids:
            on: dict[str, dict[str, str]] = {}
            for device in measured:
                for model_id in m.model_ids:
                    result = devices.result(model_id, device, "int8")
                    figures = {} if result is None else _figures(task, result.metrics)
                    if figures:
                        on[device] = figures
                        break
            if on:
                row["v"] = on
        rows.append(row)
    return {
        "version": VERSION,
        "task": {"id": task.id, "title": task.title},
        "complexity": {
            "key": task.complexity.key,
            "label": task.complexity.label,
            "unit": task.complexity.unit,
            "description": task.complexity.description,
        },
        "metrics": [
            {
                "key": k.key,
                "label": k.label,
                "unit": k.unit,
                "higher": k.higher_is_better,
                "primary": k is task.primary,
                "description": k.description,
            }
            for k in task.metrics
        ],
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in task.columns],
        "sources": [
            {"id": s, "label": catalogue.source_label(task, s), "colour": PALETTE[i % len(PALETTE)]}
            for i, s in enumerate(task.source_ids)
        ],
        "datasets": [
            {"id": d, "name": catalogue.datasets[d].name if d in catalogue.datasets else d}
            for d in dataset_ids
        ],
        "devices": [
            {
                "id": d,
                "name": devices.devices[d].name,
                "provenance": "; ".join(
                    dict.fromkeys(
                        devices.provenance[r.report]
                        for r in devices.results
                        if r.device == d and r.precision == "int8" and r.report in devices.provenance
                    )
                ),
            }
            for d in measured
            if devices is not None and any(d in row.get("v", ()) for row in rows)
        ],
        "pages": pages,
        "rows": rows,
    }


def _figures(task: Task, metrics: Mapping[str, Any]) -> dict[str, str]:
    """A result's figures as written, by the task's metric keys (blank ones left out)."""
    return {k.key: str(metrics[k.key]) for k in task.metrics if metrics.get(k.key) is not None}


def explorer_json(data: dict[str, Any]) -> str:
    """The data file's text: compact JSON with <, > and & escaped (``\\u003c``…), so that no text in it can
    ever read as markup, whatever a server or a browser makes of the file."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
