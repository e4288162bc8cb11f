"""The README importer: the committed data/ is what it makes of the seed README (plus documented edits)."""

from __future__ import annotations

import copy
import csv
import re
from pathlib import Path

import pytest
import yaml

from generator import schema
from generator.importer import ReadmeImportError, import_readme, metric_key, parse_readme, write_data
from generator.jsonschema import json_schema_texts, write_json_schemas

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEED = ROOT / "tests" / "fixtures" / "seed" / "README.md"
CURATED_MD = ROOT / "tests" / "fixtures" / "seed" / "CURATED.md"
SEGMENTATION = ROOT / "tests" / "fixtures" / "import" / "segmentation" / "README.md"

# Hand edits of data/references.yaml, documented in tests/fixtures/seed/CURATED.md: (id, field) -> value.
CURATED: dict[tuple[str, str], object] = {
    ("designing-network-design", "authors"): [
        "Ilija Radosavovic",
        "Raj Prateek Kosaraju",
        "Ross Girshick",
        "Kaiming He",
        "Piotr Dollar\u00c2\u00b4",
    ],
}


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _load_list(text: bytes) -> list[dict]:
    return yaml.safe_load(text.decode("utf-8"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("seed-data")
    import_readme(SEED, out)
    return _files(out)


def test_seed_copy_is_the_seed_readme() -> None:
    text = SEED.read_bytes().decode("utf-8")
    assert text.startswith("# Image Classification\n")
    assert "Piotr Dollar\u00c2\u00b4, Facebook AI Research" in text


def test_committed_data_is_the_import_of_the_seed(imported: dict[str, bytes]) -> None:
    """data/ holds what the importer makes of the seed, in the v2 layout (issue 9).

    TRANSITIONAL: the importer here still writes the v1 layout (generator/schema_v1.py) while it is being
    rewritten to write v2; until then this compares the two field by field: every v1 field is where v2 puts
    it (a source's page content and its legacy anchor in the task's `sources`, the reference numbers in the
    task's `references`), plus the v2 additions of data/ (units, TI's lowercase anchors). When the importer
    writes v2, this becomes the byte comparison of data/ with its output again."""
    committed = _files(DATA)
    assert sorted(committed) == sorted(imported)
    for name in ("zoo.yaml", "datasets.yaml", "models/image-classification.csv"):
        assert committed[name] == imported[name], f"data/{name} differs from the importer's output"

    v1_task = yaml.safe_load(imported["tasks/image-classification.yaml"])
    task = yaml.safe_load(committed["tasks/image-classification.yaml"])
    # the task's own fields, units added
    for field, value in v1_task.items():
        if field not in ("sources", "complexity", "metrics"):
            assert task[field] == value, field
    assert task["complexity"] == {**v1_task["complexity"], "unit": "GMAC"}
    assert task["metrics"] == [{**m, "unit": "%"} for m in v1_task["metrics"]]

    # sources: what names them in sources.yaml, what they show on the page in the task
    v1_sources = _load_list(imported["sources.yaml"])
    assert [s if isinstance(s, str) else s["id"] for s in task["sources"]] == v1_task["sources"]
    entries = {s["id"]: s for s in task["sources"] if isinstance(s, dict)}
    named = {s["id"]: s for s in _load_list(committed["sources.yaml"])}
    ti_anchors = {
        "edgeai-tv": ["edgeai-torchvision"],
        "torchvision": ["torchvision-models"],
        "edgeai-hf-transformers": ["edgeai-hf-transformers"],
    }
    for source in v1_sources:
        sid = source["id"]
        assert named[sid] == {k: source[k] for k in ("id", "title", "label", "summary") if k in source}
        entry = entries.get(sid, {"id": sid})
        page = {k: v for k, v in source.items() if k in ("description", "links", "footnotes", "notes")}
        assert {k: v for k, v in entry.items() if k not in ("id", "anchors", "references")} == page, sid
        assert entry.get("references", []) == source.get("references", []), sid
        assert entry.get("anchors") == [source["legacy_anchor"], *ti_anchors.get(sid, [])], sid

    # references: the same records; their numbers are the task's
    v1_refs = _load_list(imported["references.yaml"])
    expected = {ref["id"]: {k: v for k, v in ref.items() if k != "number"} for ref in v1_refs}
    for (ref_id, field), value in CURATED.items():
        assert expected[ref_id][field] != value, f"curated edit of {ref_id}.{field} is no longer needed"
        expected[ref_id][field] = copy.deepcopy(value)
    assert _load_list(committed["references.yaml"]) == list(expected.values())
    assert task["references"] == [{"id": r["id"], "number": r["number"]} for r in v1_refs]


def test_curated_edits_are_documented() -> None:
    doc = CURATED_MD.read_text(encoding="utf-8")
    for ref_id, field in CURATED:
        row = next((line for line in doc.splitlines() if f"`{ref_id}`" in line), "")
        assert f"`{field}`" in row


def test_import_is_deterministic(tmp_path: Path, imported: dict[str, bytes]) -> None:
    written = import_readme(SEED, tmp_path / "again")
    assert _files(tmp_path / "again") == imported
    assert written == sorted(written)
    assert {p.relative_to(tmp_path / "again").as_posix() for p in written} == set(imported)


def test_committed_json_schemas_are_current(tmp_path: Path) -> None:
    written = write_json_schemas(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{kind}.schema.json" for kind in schema.SCHEMA_KINDS)
    for path in written:
        assert (DATA / "schemas" / path.name).read_bytes() == path.read_bytes(), path.name
    assert sorted(p.name for p in (DATA / "schemas").iterdir()) == sorted(json_schema_texts())


def test_every_yaml_file_points_at_its_schema() -> None:
    heads = {
        "zoo.yaml": "schemas/zoo.schema.json",
        "datasets.yaml": "schemas/datasets.schema.json",
        "sources.yaml": "schemas/sources.schema.json",
        "references.yaml": "schemas/references.schema.json",
        "tasks/image-classification.yaml": "../schemas/task.schema.json",
    }
    for name, target in heads.items():
        first = (DATA / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == f"# yaml-language-server: $schema={target}"
        assert (DATA / name).parent.joinpath(target).resolve().is_file()


def test_committed_records_validate() -> None:
    schema.Zoo.model_validate(yaml.safe_load((DATA / "zoo.yaml").read_text(encoding="utf-8")))
    task = schema.Task.model_validate(
        yaml.safe_load((DATA / "tasks" / "image-classification.yaml").read_text(encoding="utf-8"))
    )
    for name, model in (
        ("datasets", schema.Dataset),
        ("sources", schema.Source),
        ("references", schema.Reference),
    ):
        for item in yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8")):
            model.model_validate(item)
    with (DATA / "models" / "image-classification.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == task.required_columns()


# ----------------------------------------------------------------------------- the seed, checked by hand


@pytest.fixture(scope="module")
def seed():
    return parse_readme(SEED.read_text(encoding="utf-8"))


def test_seed_rows(seed) -> None:
    assert seed.columns == [
        "source", "group", "dataset", "name", "input_size", "gmacs", "top1",
        "available", "qat", "notes", "references",
    ]  # fmt: skip
    assert len(seed.rows) == 58
    counts: dict[str, int] = {}
    for row in seed.rows:
        counts[row["source"]] = counts.get(row["source"], 0) + 1
    assert counts == {
        "edgeai-tv": 8,
        "torchvision": 9,
        "edgeai-hf-transformers": 14,
        "fbr-pycls": 4,
        "tf-tpu": 7,
        "tf1-models": 11,
        "tf2-models": 2,
        "gluoncv-mxnet": 3,
    }
    first = seed.rows[0]
    assert first == {
        "source": "edgeai-tv",
        "group": "",
        "dataset": "imagenet",
        "name": "MobileNetV1",
        "input_size": "224x224",
        "gmacs": "0.568",
        "top1": "71.83",
        "available": "Y",
        "qat": "",
        "notes": "",
        "references": "mobilenets",
    }
    by_key = {(r["source"], r["name"], r["top1"]): r for r in seed.rows}
    tv = by_key[("torchvision", "MobileNetV2", "72.00")]
    assert (tv["gmacs"], tv["references"]) == ("0.300", "mobilenetv2 pytorch-torchvision-model-zoo")
    assert by_key[("torchvision", "VGG16", "71.59")]["available"] == ""
    qat = by_key[("torchvision", "MobileNetV2-QAT", "71.31")]
    assert (qat["group"], qat["qat"], qat["notes"]) == ("QAT models", "Y", "QAT* Model")
    assert [r["group"] for r in seed.rows if r["source"] == "edgeai-tv"] == [""] * 4 + ["QAT models"] * 4
    assert [r["group"] for r in seed.rows if r["source"] == "tf-tpu"] == ["Lite models"] * 4 + [
        "Edge TPU models"
    ] * 3
    tpu = by_key[("tf-tpu", "EfficeintNet-EdgeTPU-L", "80.2")]
    assert (tpu["input_size"], tpu["gmacs"], tpu["references"]) == (
        "300x300",
        "9.663",
        "efficientnet efficientnet-edgetpu-family",
    )
    minimal = by_key[("tf1-models", "MobileNetV3-Large-Minimalistic", "72.3")]
    assert minimal["gmacs"] == "0.2099"
    assert minimal["notes"] == "https://github.com/tensorflow/models/tree/master/research/slim/nets/mobilenet"
    vit = by_key[("edgeai-hf-transformers", "google/vit-base-patch16-224", "75.404")]
    assert (vit["gmacs"], vit["available"], vit["references"]) == ("", "", "")
    assert by_key[("gluoncv-mxnet", "Xception", "79.56")]["input_size"] == "299x299"
    assert sum(r["qat"] == "Y" for r in seed.rows) == 5


def test_seed_sources(seed) -> None:
    assert [s["id"] for s in seed.sources] == seed.task["sources"] == [
        "edgeai-tv", "torchvision", "edgeai-hf-transformers", "fbr-pycls", "tf-tpu",
        "tf1-models", "tf2-models", "gluoncv-mxnet", "onnx-models",
    ]  # fmt: skip
    by_id = {s["id"]: s for s in seed.sources}
    assert by_id["edgeai-tv"]["links"][1] == {
        "label": "**Training source code**",
        "url": "https://github.com/TexasInstruments/edgeai-torchvision",
    }
    assert by_id["edgeai-tv"]["footnotes"] == [
        {"marker": "*", "text": "Quantization Aware Training using 8bit precision"}
    ]
    hf = by_id["edgeai-hf-transformers"]
    assert (hf["title"], hf["label"], hf["legacy_anchor"]) == (
        "Hugging Face Transformers",
        "EdgeAI-HF-Transformers",
        "EdgeAI-HF-Transformers",
    )
    assert (
        hf["summary"]
        == "Transformer models repository forked from https://github.com/huggingface/transformers"
    )
    assert hf["links"][2] == {
        "label": "Note: the above repository is forked and modified from: https://github.com/huggingface/transformers"
    }
    assert "description" not in hf
    assert by_id["fbr-pycls"]["notes"] == [
        "**Note**: Some of these models can also be trained using edgeai-torchvision"
    ]
    assert "label" not in by_id["fbr-pycls"]
    onnx = by_id["onnx-models"]
    assert onnx["legacy_anchor"] == "Models-From-github.com/onnx/models"
    assert onnx["links"] == [
        {"label": "Models Link", "url": "./imagenet1k/onnx-models/"},
        {"label": "More Information - ONNX Model Zoo", "url": "https://github.com/onnx/models"},
    ]
    assert by_id["tf1-models"]["legacy_anchor"] == "TensorFlow-Model-Garden-TF1.0"


def test_seed_references(seed) -> None:
    refs = seed.references
    assert [r["number"] for r in refs] == list(range(1, 21))
    assert len({r["id"] for r in refs}) == 20
    assert refs[0] == {
        "id": "very-deep-convolutional",
        "number": 1,
        "title": "Very Deep Convolutional Networks for Large-Scale Image Recognition",
        "authors": ["K. Simonyan", "A. Zisserman"],
        "venue": "International Conference on Learning Representations",
        "year": 2015,
    }
    assert refs[2]["venue"] == "arXiv preprint. arXiv:1801.04381"
    assert refs[2]["year"] == 2018
    assert refs[4] == {
        "id": "pytorch-torchvision-model-zoo",
        "number": 5,
        "title": "PyTorch TorchVision Model Zoo",
        "urls": ["https://pytorch.org/docs/stable/torchvision/models.html"],
    }
    assert refs[5]["urls"] == [
        "https://arxiv.org/pdf/2003.13678.pdf",
        "https://github.com/facebookresearch/pycls",
    ]
    assert refs[5]["venue"] == "Facebook AI Research (FAIR)"
    assert refs[10]["title"] == "TensorFlow Model Garden"
    assert refs[10]["description"].startswith("The TensorFlow Model Garden is a repository")
    assert refs[12]["authors"][2] == "Laurens van der Maaten"
    assert refs[19]["id"] == "searching-mobilenetv3"
    assert len(refs[19]["authors"]) == 12


def test_seed_task_and_dataset(seed) -> None:
    task = seed.task
    assert task["metrics"] == [
        {"key": "top1", "label": "Top-1 Accuracy%", "higher_is_better": True, "minimum": 0, "maximum": 100}
    ]
    assert task["complexity"] == {"key": "gmacs", "label": "GigaMACs"}
    assert "<br>" not in task["notes"]
    assert task["notes"].count("\n- ") == 4
    assert seed.datasets[0]["description"].startswith("ImageNet Large Scale Visual Recognition Challenge")
    assert seed.datasets[0]["url"] == "http://image-net.org/"


def test_every_url_of_the_seed_is_kept(seed) -> None:
    text = SEED.read_text(encoding="utf-8")
    urls = {u.rstrip(".,)") for u in re.findall(r"https?://[^\s)|]+", text)}
    out = yaml.safe_dump([seed.zoo, seed.datasets, seed.sources, seed.references, seed.task]) + str(seed.rows)
    for url in urls:
        assert url in out, url


# ------------------------------------------------------------------------------- a second, hand-made task


def test_segmentation_fixture(tmp_path: Path) -> None:
    written = import_readme(SEGMENTATION, tmp_path, links_base="https://example.org/seg/")
    assert tmp_path / "tasks" / "semantic-segmentation.yaml" in written
    task = yaml.safe_load((tmp_path / "tasks" / "semantic-segmentation.yaml").read_text(encoding="utf-8"))
    assert task["id"] == "semantic-segmentation"
    assert task["title"] == "Semantic Segmentation"
    assert task["metrics"] == [
        {"key": "meaniou", "label": "MeanIoU%", "higher_is_better": True, "minimum": 0, "maximum": 100}
    ]
    assert task["datasets"] == ["cityscapes", "ade20k"]
    assert task["sources"] == ["edgeai-tv", "mmseg"]
    assert task["introduction"] == (
        "Semantic segmentation assigns a class to every pixel of an image.\n\n"
        "It is used for scene understanding in driver assistance."
    )
    assert task["notes"] == (
        "- MeanIoU%: mean intersection over union of the classes.\n"
        "- GigaMACs: complexity in Giga Multiply-Accumulations."
    )
    assert task["links_base"] == "https://example.org/seg/"

    csv_text = (tmp_path / "models" / "semantic-segmentation.csv").read_text(encoding="utf-8")
    assert csv_text == (
        "source,group,dataset,name,input_size,gmacs,meaniou,available,qat,notes,references\n"
        "edgeai-tv,,cityscapes,DeepLabV3Lite-MNV2,768x384,3.54,69.13,Y,,,mobilenetv2\n"
        "edgeai-tv,,cityscapes,FPNLite-MNV2,768x384,3.84,70.39,,,,mobilenetv2 feature-pyramid-networks\n"
        "edgeai-tv,Group 2,cityscapes,UNetLite-MNV2,768x384,2.20,68.50,Y,,,\n"
        "edgeai-tv,Group 2,cityscapes,DeepLabV3Lite-MNV2-QAT,768x384,3.54,68.77,Y,Y,QAT* Model,\n"
        "mmseg,Small models,ade20k,SegFormer-B0,512x512,0.300,37.40,Y,,,\n"
    )

    sources = yaml.safe_load((tmp_path / "sources.yaml").read_text(encoding="utf-8"))
    assert sources[0]["notes"] == ["**Note**: Figures are for 19 classes."]
    assert sources[0]["description"] == "Lite models trained with edgeai-torchvision."
    assert sources[1] == {
        "id": "mmseg",
        "title": "MMSegmentation",
        "label": "MMSeg",
        "summary": "Semantic segmentation toolbox forked from https://github.com/open-mmlab/mmsegmentation",
        "legacy_anchor": "MMSegmentation",
        "links": [{"label": "Models Link", "url": "./ade20k/mmseg/"}],
    }
    datasets = yaml.safe_load((tmp_path / "datasets.yaml").read_text(encoding="utf-8"))
    assert datasets[0]["url"] == "https://www.cityscapes-dataset.com/"
    assert "url" not in datasets[1]
    refs = yaml.safe_load((tmp_path / "references.yaml").read_text(encoding="utf-8"))
    assert refs[1] == {
        "id": "feature-pyramid-networks",
        "number": 2,
        "title": "Feature Pyramid Networks for Object Detection",
        "authors": [
            "Tsung-Yi Lin",
            "Piotr Dollar",
            "Ross Girshick",
            "Kaiming He",
            "Bharath Hariharan",
            "Serge Belongie",
        ],
        "venue": "IEEE Conference on Computer Vision and Pattern Recognition",
        "year": 2017,
        "urls": ["https://arxiv.org/abs/1612.03144"],
    }


@pytest.mark.parametrize(
    ("label", "key"),
    [("Top-1 Accuracy%", "top1"), ("MeanIoU%", "meaniou"), ("AP[0.5:0.95]", "ap"), ("AP50", "ap50")],
)
def test_metric_key_rule(label: str, key: str) -> None:
    assert metric_key(label) == key


# ------------------------------------------------------------------------------------------------ errors


def _seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def test_row_with_missing_cell_names_its_line() -> None:
    lines = _seed_lines()
    assert lines[75].startswith("|ImageNet |ResNet50[4,10]")  # README line 76
    lines[75] = "|ImageNet |ResNet50[4,10]      |224x224   |4.087   |76.15          |Y        |"
    with pytest.raises(ReadmeImportError) as err:
        parse_readme("\n".join(lines))
    assert err.value.line == 76
    assert "README:76:" in str(err.value)
    assert "6 cells, expected 7" in str(err.value)


def test_import_readme_error_names_the_file(tmp_path: Path) -> None:
    lines = _seed_lines()
    assert lines[170].startswith("|ImageNet | DenseNet[13]")  # README line 171
    lines[170] = lines[170].replace("3.08", "3,08")
    readme = tmp_path / "README.md"
    readme.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ReadmeImportError, match=r"README\.md:171: GigaMACs '3,08' is not a plain decimal"):
        import_readme(readme, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("line_no", "replacement", "message"),
    [
        (144, "|*Lite models*|x|", "cells, expected 7"),
        (144, "|Lite models", "expected a model row, a group line"),
        (247, "[6]", "expected a reference paragraph"),
        (9, "## Dataset list", "unknown section"),
        (
            47,
            "|ImageNet |MobileNetV1[2]         |224 x 224 |0.568   |71.83          |Y        |         |",
            "WIDTHxHEIGHT",
        ),
        (76, "|ImageNet |ResNet50[4,99]      |224x224   |4.087   |76.15          |Y        |      |", "[99]"),
        (
            76,
            "|ImageNet |ResNet50[4,10]      |224x224   |4.087   |76.15          |y        |      |",
            "Available must be Y or blank",
        ),
        (
            76,
            "|COCO |ResNet50[4,10]      |224x224   |4.087   |76.15          |Y        |      |",
            "unknown dataset",
        ),
    ],
)
def test_malformed_readme_raises_with_line(line_no: int, replacement: str, message: str) -> None:
    lines = _seed_lines()
    lines[line_no - 1] = replacement
    with pytest.raises(ReadmeImportError) as err:
        parse_readme("\n".join(lines))
    assert err.value.line == line_no
    assert message in str(err.value)


def test_nothing_written_for_a_result_is_lost(tmp_path: Path, seed) -> None:
    write_data(seed, tmp_path)
    for name, expected in (
        ("sources.yaml", seed.sources),
        ("references.yaml", seed.references),
        ("datasets.yaml", seed.datasets),
    ):
        assert yaml.safe_load((tmp_path / name).read_text(encoding="utf-8")) == expected
    assert yaml.safe_load((tmp_path / "zoo.yaml").read_text(encoding="utf-8")) == seed.zoo
