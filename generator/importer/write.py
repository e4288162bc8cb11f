"""Records -> data files: the project's one YAML writer, the models CSV, and merging into a data folder.

YAML (``dump_yaml``, also used by ``generator.synth``): block style, keys in the order given, a blank line
between the records of a list file. A string is written plain when it reads back as the same string under
both YAML 1.2 (the project's loader) and YAML 1.1 (PyYAML), else double-quoted with JSON escapes (plus
``\\u`` escapes for the characters YAML 1.1 would read as line breaks); a string with line breaks is a
literal block (``|-``). The text is read back before it is returned: a document that would not read as the
value given is an internal error, never a file.

Merging (``merge``): one page's records join what the data folder holds. A dataset, source or reference
already there under the same id is reused: fields it lacks are added (the summary says which), a field
that differs keeps the folder's value and is a warning naming the page's line (a source's differing title
is not: the page's title becomes the task's title override for that source). zoo.yaml is kept when there
is one. The task's own files (tasks/<id>.yaml, models/<id>.csv) are replaced.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Collector
from generator.files import (
    lexists_contained,
    list_contained,
    make_output_folder,
    read_bytes_contained,
    resolve_root,
    write_contained,
)
from generator.importer.records import ZOO, Known, PageRecords
from generator.importer.report import Problems

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# -- YAML ------------------------------------------------------------------------------------------------

_SPECIAL_WORDS = re.compile(
    r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL)"
)
"""Plain words YAML 1.1 or 1.2 reads as booleans or null."""
_PLAIN_START = re.compile(r"[^\W\d_]|\./")
"""A plain scalar starts with a letter (no number, date, .inf or indicator can) or ./ (a relative link)."""
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_BREAKS_11 = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or not _PLAIN_START.match(text):
        return False
    if _UNSAFE.search(text) or "\t" in text:
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    return not _SPECIAL_WORDS.fullmatch(text)


def _quoted(text: str) -> str:
    out = json.dumps(text, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: _BREAKS_11.get(m.group(0), f"\\u{ord(m.group(0)):04x}"), out)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return value if _plain_ok(value) else _quoted(value)
    raise TypeError(f"cannot write {value!r} to YAML")


def _block_ok(text: str) -> bool:
    """A multi-line string that a literal block keeps exactly: no other control characters, and no line of
    only spaces (a literal block would shorten it)."""
    if "\n" not in text or _UNSAFE.search(text.replace("\n", "")):
        return False
    return all(line.strip() or not line for line in text.split("\n"))


def _block(text: str, indent: int) -> list[str]:
    """A literal block scalar: the header (indicators) and the content lines."""
    chomp = "-" if not text.endswith("\n") else ("" if not text.endswith("\n\n") else "+")
    body = text[:-1] if text.endswith("\n") else text
    first = next((ln for ln in body.split("\n") if ln.strip()), "")
    ind = "2" if first.startswith(" ") else ""
    pad = " " * indent
    return [f"|{ind}{chomp}", *[(pad + ln) if ln else "" for ln in body.split("\n")]]


def _emit(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            name = _scalar(str(key))
            if isinstance(item, dict | list) and item:
                out.append(f"{pad}{name}:")
                out.extend(_emit(item, indent + 2))
            elif isinstance(item, dict | list):
                out.append(f"{pad}{name}: {'{}' if isinstance(item, dict) else '[]'}")
            elif isinstance(item, str) and _block_ok(item):
                head, *body = _block(item, indent + 2)
                out.append(f"{pad}{name}: {head}")
                out.extend(body)
            else:
                out.append(f"{pad}{name}: {_scalar(item)}")
        return out
    for item in value:
        if isinstance(item, dict | list) and item:
            sub = _emit(item, indent + 2)
            out.append(f"{pad}- {sub[0][indent + 2 :]}")
            out.extend(sub[1:])
        elif isinstance(item, dict | list):
            out.append(f"{pad}- {'{}' if isinstance(item, dict) else '[]'}")
        elif isinstance(item, str) and _block_ok(item):
            head, *body = _block(item, indent + 2)
            out.append(f"{pad}- {head}")
            out.extend(body)
        else:
            out.append(f"{pad}- {_scalar(item)}")
    return out


def dump_yaml(value: dict[str, Any] | list[Any], *, schema_path: str | None = None, gap: bool = True) -> str:
    """Deterministic block-style YAML (see the module docstring), optionally headed by a
    ``yaml-language-server`` comment naming the JSON Schema; ``gap``: a blank line between the records of
    a list. Raises ValueError if the text would not read back as ``value``."""
    if not isinstance(value, dict | list):
        raise TypeError("a YAML document here is a mapping or a list")
    lines = [f"# yaml-language-server: $schema={schema_path}"] if schema_path else []
    if not value:
        lines.append("{}" if isinstance(value, dict) else "[]")
    elif isinstance(value, list) and gap:
        for k, item in enumerate(value):
            if k:
                lines.append("")
            lines.extend(_emit([item], 0))
    else:
        lines.extend(_emit(value, 0))
    text = "\n".join(lines) + "\n"
    if yaml.load(text, Loader=_SafeLoader) != value:  # a safe loader (libyaml's when there is one)
        raise ValueError("internal error: the YAML written does not read back as the data")
    return text


# -- CSV -------------------------------------------------------------------------------------------------


def models_csv(columns: list[str], rows: Iterable[dict[str, str]]) -> str:
    """RFC 4180 CSV, LF line ends, quoted only where needed."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buf.getvalue()


# -- the data folder -------------------------------------------------------------------------------------

LIST_FILES = ("datasets", "sources", "references")
FIELDS = {
    "datasets": ("id", "name", "description", "url"),
    "sources": ("id", "title", "label", "summary", "url"),
    "references": ("id", "title", "authors", "venue", "year", "description", "urls"),
}
"""The fields of each list file's records, in the order of the data model (v2)."""
SCHEMA_PATHS = {
    "zoo.yaml": "schemas/zoo.schema.json",
    "datasets.yaml": "schemas/datasets.schema.json",
    "sources.yaml": "schemas/sources.schema.json",
    "references.yaml": "schemas/references.schema.json",
    "task": "../schemas/task.schema.json",
}


@dataclass
class Folder:
    """A data folder as read before an import."""

    known: Known = field(default_factory=Known)
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """datasets, sources, references: the records in file order."""
    has_zoo: bool = False
    notice: str | None = None
    display: str = "data"
    """The folder as messages name it."""


def read_folder(out: Path, display: str) -> tuple[Folder, list[Problems]]:
    """What ``out`` already holds (nothing when it does not exist); problems name its files. Raises
    FileRefused when a folder in it is a symbolic link."""
    from generator.load import load_yaml  # the strict loader; imported here, it is only needed here

    folder = Folder(lists={kind: [] for kind in LIST_FILES}, display=display)
    problems: list[Problems] = []
    try:
        root = resolve_root(out)
    except FileNotFoundError:
        return folder, problems
    diags = Collector()

    def load(rel: str) -> Any:
        if not lexists_contained(root, rel):
            return None
        doc = load_yaml(root / rel, f"{display}/{rel}", diags, root=root)
        return None if doc is None else doc.value

    folder.has_zoo = lexists_contained(root, "zoo.yaml")
    for kind in LIST_FILES:
        file = Problems(f"{display}/{kind}.yaml")
        value = load(f"{kind}.yaml")
        if value is None:
            continue
        if not isinstance(value, list) or not all(
            isinstance(r, dict) and isinstance(r.get("id"), str) for r in value
        ):
            file.error(0, "expected a list of records with an id each: the importer will not rewrite it")
            problems.append(file)
            continue
        folder.lists[kind] = value
        getattr(folder.known, kind).update({r["id"]: r for r in value})
    # a linked tasks/ folder raises FileRefused: the import stops before writing anything
    names = list_contained(root, "tasks", "*.yaml") if lexists_contained(root, "tasks") else []
    for name in names:
        value = load(f"tasks/{name}")
        if (
            isinstance(value, dict)
            and isinstance(value.get("order"), int)
            and not isinstance(value["order"], bool)
        ):
            folder.known.task_orders[name.removesuffix(".yaml")] = value["order"]
    if lexists_contained(root, "NOTICE.md"):
        folder.notice = read_bytes_contained(root, "NOTICE.md").decode("utf-8", errors="replace")
    for d in diags.items:
        file = Problems(d.location.path)
        file.error(
            d.location.line,
            f"{d.field}: {d.message}" if d.field and not d.field.startswith("(") else d.message,
        )
        problems.append(file)
    return folder, problems


@dataclass
class Merged:
    files: dict[str, str]
    """Path relative to the data folder -> text."""
    notes: list[str]
    problems: Problems


def merge(folder: Folder, page: PageRecords, *, notice: str | None = None) -> Merged:
    """The files to write for one page merged into ``folder`` (see the module docstring)."""
    problems = Problems(page.problems.file)
    notes: list[str] = []
    files: dict[str, str] = {}
    if not folder.has_zoo:
        files["zoo.yaml"] = dump_yaml(dict(ZOO), schema_path=SCHEMA_PATHS["zoo.yaml"])
    for kind, new in (
        ("datasets", page.datasets),
        ("sources", page.sources),
        ("references", page.references),
    ):
        records = [dict(r) for r in folder.lists.get(kind, [])]
        unknown = sorted({key for r in records for key in r} - set(FIELDS[kind]))
        if unknown:
            file = Problems(f"{folder.display}/{kind}.yaml")
            file.warning(0, f"fields data model v2 does not have ({', '.join(unknown)}): kept as they are")
            problems.items += file.items
        by_id = {r["id"]: r for r in records}
        added, reused = 0, 0
        for record in new:
            line = page.lines.get((kind[:-1], record["id"]), 0)
            old = by_id.get(record["id"])
            if old is None:
                records.append(dict(record))
                by_id[record["id"]] = records[-1]
                added += 1
                continue
            reused += 1
            completed = []
            for key, value in record.items():
                if key not in old:
                    old[key] = value
                    completed.append(key)
                elif old[key] != value and not (kind == "sources" and key == "title"):
                    problems.warning(
                        line,
                        f"{kind[:-1]} {record['id']!r} is already in {kind}.yaml with another {key}, kept: "
                        f"{_short(old[key])} there, {_short(value)} here",
                    )
            if completed:
                notes.append(f"{kind}.yaml: {record['id']} completed with {', '.join(completed)}")
                ordered = {k: old[k] for k in FIELDS[kind] if k in old} | old
                old.clear()
                old.update(ordered)
        notes.append(f"{kind}.yaml: {added} added, {reused} already there")
        files[f"{kind}.yaml"] = dump_yaml(records, schema_path=SCHEMA_PATHS[f"{kind}.yaml"])
    task_id = page.task["id"]
    files[f"tasks/{task_id}.yaml"] = dump_yaml(page.task, schema_path=SCHEMA_PATHS["task"])
    files[f"models/{task_id}.csv"] = models_csv(page.columns, page.rows)
    if notice is not None:
        if folder.notice is not None and folder.notice != notice:
            file = Problems(f"{folder.display}/NOTICE.md")
            file.warning(0, "differs from --notice: replaced")
            problems.items += file.items
        files["NOTICE.md"] = notice
    return Merged(files, notes, problems)


def _short(value: Any) -> str:
    """A value for a message: JSON, cut after 100 characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 100 else f"{text[:100]}… ({len(text)} characters)"


def write_files(out: Path, files: dict[str, str]) -> list[Path]:
    """Write the files (sorted) and the JSON schemas into ``out``, only through generator.files: a folder
    that is, or lies under, a symbolic link is refused, and no file is written through a link."""
    from generator.jsonschema import write_json_schemas

    root = make_output_folder(Path(out))
    written = []
    for rel in sorted(files):
        write_contained(root, rel, files[rel].encode("utf-8"))
        written.append(Path(out) / rel)
    written += write_json_schemas(Path(out))
    return sorted(written)


__all__ = ["Folder", "Merged", "dump_yaml", "merge", "models_csv", "read_folder", "write_files"]
