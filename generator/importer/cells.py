"""Table headers and cells as TI writes them -> column roles and plain values.

Headers (case and spacing ignored): ``Dataset``, ``Model Name``/``Model``, ``Input Size``, ``Available`` and
``Notes`` are the fixed columns; ``GigaMACs``/``GigaMACS``/``GMACs`` is the complexity ``gmacs`` (unit
GMAC) and ``GFLOPS``/``GFLOPs`` the complexity ``gflops`` (unit GFLOP, never converted: 1 MAC is about 2
FLOPs); ``config file`` is the extra text column ``config``. Any other header is a metric, or an extra
column when none of its cells holds a number; a header with commas (``AP[0.5:0.95]%, AP50%``) is one
metric per part, its cells split at their commas, a cell with fewer numbers giving the first parts.

Cells: bold (``**29.0**``) is dropped, a placeholder (``-``, ``--``, ``---``) is blank, and a unit after
the number (``71.676 Top-1%``, ``5.83 GMACs``, ``40 %``) is dropped when it names the column; what is
left must be a plain decimal (``0.300`` stays ``0.300``), else the cell is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIXED = {
    "dataset": "dataset",
    "model name": "name",
    "model": "name",
    "input size": "input_size",
    "available": "available",
    "notes": "notes",
    "note": "notes",
}
COMPLEXITY = {
    "gigamacs": ("gmacs", "GMAC"),
    "gmacs": ("gmacs", "GMAC"),
    "gmac": ("gmacs", "GMAC"),
    "gflops": ("gflops", "GFLOP"),
    "gflop": ("gflops", "GFLOP"),
    "gigaflops": ("gflops", "GFLOP"),
}
TEXT_COLUMNS = {"config file": "config", "config": "config", "config files": "config"}
"""Headers that are extra text columns whatever their cells hold."""
RESERVED_KEYS = frozenset(
    {"source", "section", "group", "dataset", "name", "input_size", "available", "qat", "notes", "references",
     "model_id", "float_model", "id", "qat_drop", "url", "provenance"}
)  # fmt: skip
"""CSV columns a metric or extra column may not be called."""

PLACEHOLDER = re.compile(r"-{1,3}|–|—")
_FIGURE = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_LEADING_NUMBER = re.compile(r"([0-9]+(?:\.[0-9]+)?)[ \t]*(.*)")
_BOLD = re.compile(r"(\*\*|__)(.*?)\1")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(.+)\1")
_SUB = re.compile(r"<sub>(.*?)</sub>", re.IGNORECASE)
_SUP = re.compile(r"<sup>(.*?)</sup>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*[^<>]*>")
SIZE_FORMS = (
    re.compile(r"[1-9][0-9]*x[1-9][0-9]*"),  # 224x224, 256x704: two numbers joined by x
    re.compile(r"[1-9][0-9]*"),  # 520: a single side
    re.compile(r"\([1-9][0-9]*, ?[1-9][0-9]*\)"),  # (416,416), (1536,768): a resize range
)


def normalise_header(label: str) -> str:
    """A header as compared: HTML tags out, spaces collapsed, lower case."""
    return " ".join(_TAG.sub("", label).split()).lower()


def shown_label(label: str) -> str:
    """A header as shown in plain text: ``AR<sub>VSD</sub>`` -> ``AR_VSD``, ``x<sup>2</sup>`` -> ``x^2``,
    other tags dropped, spaces collapsed."""
    text = _SUP.sub(r"^\1", _SUB.sub(r"_\1", label))
    return " ".join(_TAG.sub("", text).split())


def metric_key(label: str) -> str:
    """CSV key of a metric label: bracketed and parenthesised qualifiers out, ``Accuracy`` out, letters and
    digits kept, lower case: ``Top-1 Accuracy%`` -> ``top1``, ``AP[0.5:0.95]%`` -> ``ap``, ``AP50%`` ->
    ``ap50``, ``AR<sub>VSD</sub>`` -> ``arvsd``, ``AP 3D Moderate% (Car)`` -> ``ap3dmoderate``."""
    text = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", _TAG.sub("", label))
    words = re.findall(r"[A-Za-z0-9]+", text)
    kept = [w for w in words if w.lower() != "accuracy"] or words
    return "".join(kept).lower()


def strip_emphasis(text: str) -> str:
    """``**Label**``, ``*Label*``, ``__Label__`` -> ``Label`` (repeatedly)."""
    text = text.strip()
    while m := _EMPHASIS.fullmatch(text):
        inner = m.group(2).strip()
        if not inner:
            break
        text = inner
    return text


def is_emphasised(text: str) -> bool:
    return bool(_EMPHASIS.fullmatch(text.strip())) and bool(strip_emphasis(text))


def is_placeholder(text: str) -> bool:
    return bool(PLACEHOLDER.fullmatch(text.strip()))


@dataclass(frozen=True)
class Value:
    text: str
    """The plain decimal as written, or '' for blank."""
    read_past: tuple[str, ...] = ()
    """What was dropped to get it: 'bold', 'placeholder', 'unit'."""


class CellError(ValueError):
    pass


def read_value(cell: str, key: str, unit: str | None = None) -> Value:
    """One figure of a cell (see the module docstring); raises CellError."""
    text = cell.strip()
    past: list[str] = []
    plain = _BOLD.sub(r"\2", text).strip()
    if plain != text:
        past.append("bold")
    if not plain:
        return Value("", tuple(past))
    if PLACEHOLDER.fullmatch(plain):
        return Value("", (*past, "placeholder"))
    m = _LEADING_NUMBER.fullmatch(plain)
    if m is None or (m.group(2) and not (m.group(2)[0].isalpha() or m.group(2)[0] == "%")):
        raise CellError("is not a plain decimal number like 71.83 (or blank, or -)")
    number, rest = m.group(1), m.group(2).strip()
    if rest:
        squeezed = rest.replace(" ", "").lower()
        units = {"%", key.lower()} | ({unit.lower()} if unit else set())
        if metric_key(rest) != key and squeezed not in units and squeezed.rstrip("s") not in units:
            raise CellError(f"has {rest!r} after the number, which is not the column's unit")
        past.append("unit")
    if not _FIGURE.fullmatch(number):
        raise CellError("is not a plain decimal number like 71.83 (no leading zeros)")
    return Value(number, tuple(past))


def read_values(cell: str, keys: list[str], unit: str | None = None) -> list[Value]:
    """The figures of a cell under one or several metric columns: a multi-column cell is split at its
    commas; fewer parts than columns fill the first columns."""
    if len(keys) == 1:
        return [read_value(cell, keys[0], unit)]
    text = cell.strip()
    plain = _BOLD.sub(r"\2", text).strip()
    if not plain or PLACEHOLDER.fullmatch(plain):  # one placeholder for all the columns: all blank
        return [read_value(text, keys[0], unit)] + [Value("")] * (len(keys) - 1)
    parts = text.split(",")
    if len(parts) > len(keys):
        raise CellError(f"has {len(parts)} comma-separated values for {len(keys)} columns")
    values = [read_value(part, key, unit) for part, key in zip(parts, keys, strict=False)]
    return values + [Value("")] * (len(keys) - len(values))


def is_input_size(text: str) -> bool:
    return any(form.fullmatch(text) for form in SIZE_FORMS)


def is_link_target(text: str) -> bool:
    """An http(s) URL or a ./relative path, as a link column's cells must be."""
    return bool(re.fullmatch(r"https?://[^\s<>\"]+|\.\.?/[^\s<>\"]*", text))


__all__ = [
    "COMPLEXITY",
    "FIXED",
    "RESERVED_KEYS",
    "TEXT_COLUMNS",
    "CellError",
    "Value",
    "is_emphasised",
    "is_input_size",
    "is_link_target",
    "is_placeholder",
    "metric_key",
    "normalise_header",
    "read_value",
    "read_values",
    "shown_label",
    "strip_emphasis",
]
