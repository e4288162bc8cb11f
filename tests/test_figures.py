"""Plot figures from the catalogue (generator.figures), their place in the rendered pages and the built
site, escaping of data text, and the vendored plotly.js (version, checksum, size budget)."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import math
import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES, ROOT, TEMPLATES, Build

from generator.analyse import analyse_task
from generator.catalogue import Catalogue
from generator.figures import Plot, TaskFigures, log_ticks, task_figures
from generator.render import render
from generator.validate import build_catalogue

VENDOR = ROOT / "docs" / "assets" / "vendor"
PLOTS_JS = ROOT / "docs" / "assets" / "javascripts" / "plots.js"
TASK = "image-classification"
# Sources of the seed task in page order, with their plotted models (rows with GigaMACs), counted by hand
# from tests/fixtures/seed/README.md; ONNX has no rows.
SEED_TRACES = [
    ("EdgeAI-TorchVision", 8),
    ("Torchvision", 9),
    ("EdgeAI-HF-Transformers", 3),
    ("Facebookresearch/pycls", 4),
    ("Tensorflow-TPU", 7),
    ("TensorFlow-Model-Garden-TF1.0", 11),
    ("TensorFlow-Model-Garden-TF2.0-Keras", 2),
    ("MXNet", 3),
]
DATA_FIGURE = re.compile(r'<div class="mz-plot ([^"]*)" id="([^"]*)" data-figure="([^"]*)">')


def _figures(catalogue: Catalogue, task_id: str = TASK) -> TaskFigures:
    return task_figures(catalogue, analyse_task(catalogue, catalogue.task(task_id)))


@pytest.fixture(scope="module")
def seed() -> Catalogue:
    catalogue, _ = build_catalogue(DATA)
    return catalogue


@pytest.fixture(scope="module")
def seed_figures(seed: Catalogue) -> TaskFigures:
    return _figures(seed)


def _json(plot: Plot) -> dict:
    assert plot.figure is not None
    return json.loads(plot.figure)


def test_overview_traces(seed_figures: TaskFigures) -> None:
    (plot,) = seed_figures.overview
    fig = _json(plot)
    data = fig["data"]
    assert [t["type"] for t in data] == ["scatter"] * len(data)
    assert [t["meta"] for t in data] == ["frontier"] + ["models"] * 8 + ["key"]
    models = data[1:-1]
    assert [(t["name"], len(t["x"])) for t in models] == SEED_TRACES
    assert sum(len(t["x"]) for t in models) == 47 == plot.points
    for trace in models:
        assert len(trace["y"]) == len(trace["x"]) == len(trace["customdata"]) == len(trace["hovertext"])
        assert trace["mode"] == "markers" and trace["hoverinfo"] == "text"
    # the frontier: a step line through the 11 hand-checked frontier models (tests/golden/pareto/seed.yaml)
    frontier = data[0]
    assert frontier["mode"] == "lines" and frontier["line"]["shape"] == "hv"
    assert frontier["x"] == [0.0526, 0.054, 0.136, 0.315, 0.407, 0.631, 0.899, 2.64, 4.5, 8.7, 15.4]
    assert frontier["y"] == [61.9, 62.688, 73.9, 74.08, 75.1, 76.7, 77.6, 80.2, 81.2, 83.2, 84.81]
    assert frontier["hoverinfo"] == "skip"
    # QAT models are diamonds: EdgeAI-TorchVision lists 4 float models then 4 QAT ones; Torchvision 8 + 1
    assert models[0]["marker"]["symbol"] == ["circle"] * 4 + ["diamond"] * 4
    assert models[1]["marker"]["symbol"] == ["circle"] * 8 + ["diamond"]
    assert data[-1]["name"] == "QAT model" and data[-1]["x"] == [None]
    # a click goes to the row: customdata is the row anchor
    assert models[5]["customdata"][3] == "tf1-models--squeezenet--224x224"


def test_overview_layout_and_config(seed_figures: TaskFigures) -> None:
    fig = _json(seed_figures.overview[0])
    layout, config = fig["layout"], fig["config"]
    assert config["displaylogo"] is False and config["showSendToCloud"] is False
    assert config["responsive"] is True
    assert layout["xaxis"]["type"] == "log"
    assert layout["xaxis"]["title"]["text"] == "GigaMACs (log scale, lower is better)"
    assert layout["yaxis"]["title"]["text"] == "Top-1 Accuracy% (higher is better)"
    # no model cut off: the ranges hold 0.0526..15.4 GigaMACs and 49.0..84.81 Top-1 with room to spare
    x0, x1 = layout["xaxis"]["range"]
    assert 10**x0 < 0.0526 * 0.9 and 10**x1 > 15.4 * 1.1
    y0, y1 = layout["yaxis"]["range"]
    assert y0 < 49.0 - 1 and y1 > 84.81 + 1
    assert layout["xaxis"]["ticktext"] == ["0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "20"]
    assert layout["xaxis"]["tickvals"] == [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20]
    # no theme in the JSON: colours come from the page (plots.js)
    assert layout["template"] == {"data": {"scatter": [{"type": "scatter"}]}}
    assert "font" not in layout


def test_every_point_inside_the_ranges(seed_figures: TaskFigures) -> None:
    plots = list(seed_figures.overview) + [p for ps in seed_figures.sources.values() for p in ps]
    drawn = [p for p in plots if p.figure]
    assert len(drawn) == 9  # the overview and 8 sources (ONNX has no rows)
    for plot in drawn:
        fig = _json(plot)
        x0, x1 = fig["layout"]["xaxis"]["range"]
        y0, y1 = fig["layout"]["yaxis"]["range"]
        for trace in fig["data"]:
            if trace["meta"] != "models":
                continue
            for x, y in zip(trace["x"], trace["y"], strict=True):
                assert x0 < math.log10(x) < x1 and y0 < y < y1, (plot.id, x, y)


def test_hover_text(seed_figures: TaskFigures) -> None:
    models = _json(seed_figures.overview[0])["data"][1:-1]
    tf1 = models[5]
    assert tf1["hovertext"][3] == (
        "<b>SqueezeNet</b><br>Source: TensorFlow-Model-Garden-TF1.0<br>Input size: 224x224<br>"
        "GigaMACs: 0.844<br>Top-1 Accuracy%: 49.0<br>References: [12]<br><i>Click: go to its row</i>"
    )
    edgeai = models[0]
    # MobileNetV3Lite-Small-QAT: figures as written, QAT flagged; not on the frontier (62.688 at 0.054 wins)
    assert edgeai["hovertext"][6] == (
        "<b>MobileNetV3Lite-Small-QAT</b> (QAT)<br>Source: EdgeAI-TorchVision<br>Input size: 224x224<br>"
        "GigaMACs: 0.054<br>Top-1 Accuracy%: 61.836<br><i>Click: go to its row</i>"
    )
    assert "On the Pareto frontier" in edgeai["hovertext"][2]  # MobileNetV3Lite-Small


def test_source_plots(seed_figures: TaskFigures) -> None:
    sources = seed_figures.sources
    assert sources["onnx-models"] == ()  # no rows: the table already says so, no plot and no sentence
    (hf,) = sources["edgeai-hf-transformers"]
    fig = _json(hf)
    assert [t["meta"] for t in fig["data"]] == ["faint-frontier", "source-frontier", "models"]
    assert len(fig["data"][2]["x"]) == 3 and hf.points == 3
    assert fig["data"][0]["line"]["dash"] == "dot"
    (missing,) = hf.missing
    assert missing.text == "11 models without GigaMACs are not plotted"
    assert [m.label for m in missing.models][:2] == [
        "google/vit-base-patch16-224",
        "facebook/deit-tiny-patch16-224 (Top-1 Accuracy% 72.132)",
    ]
    (tv,) = sources["edgeai-tv"]
    # the QAT key only where QAT models are plotted
    assert [t["meta"] for t in _json(tv)["data"]][-1] == "key"
    (pycls,) = sources["fbr-pycls"]
    assert [t["meta"] for t in _json(pycls)["data"]][-1] == "models"


def test_overview_lists_models_left_out(seed_figures: TaskFigures) -> None:
    (plot,) = seed_figures.overview
    (missing,) = plot.missing
    assert missing.text == "11 models without GigaMACs are not plotted"
    assert len(missing.models) == 11
    # the duplicate deit-tiny rows stay apart: each names its own Top-1 and links its own row
    deit = [m for m in missing.models if m.label.startswith("facebook/deit-tiny")]
    assert [(m.label, m.anchor) for m in deit] == [
        (
            "facebook/deit-tiny-patch16-224 (Top-1 Accuracy% 72.132)",
            "edgeai-hf-transformers--facebook-deit-tiny-patch16-224--224x224",
        ),
        (
            "facebook/deit-tiny-patch16-224 (Top-1 Accuracy% 72.2)",
            "edgeai-hf-transformers--facebook-deit-tiny-patch16-224--224x224-2",
        ),
    ]
    assert "11 ImageNet models" not in plot.description
    assert plot.description.startswith(
        "A plot of Top-1 Accuracy% against GigaMACs (log scale) would show here: the 47 ImageNet models"
    )


def test_source_without_plottable_model_gets_a_sentence() -> None:
    catalogue, _ = build_catalogue(FIXTURES / "two-tasks")
    figures = _figures(catalogue)
    (beta,) = figures.sources["beta"]
    assert beta.figure is None
    assert beta.description == "No plot: its ImageNet model does not have both GigaMACs and Top-1 Accuracy%."
    assert beta.missing[0].text == "1 model without GigaMACs is not plotted"


def test_log_ticks() -> None:
    # 10**-1.5 = 0.0316 .. 10**1.5 = 31.6: the 1-2-5 values inside
    assert [str(t) for t in log_ticks([-1.5, 1.5])] == [
        "0.05",
        "0.1",
        "0.2",
        "0.5",
        "1",
        "2",
        "5",
        "1E+1",
        "2E+1",
    ]
    # 3.2 .. 4.6 (two close models): no 1-2-5 value inside, 1-9 gives 4 only, so plotly's own ticks
    assert log_ticks([math.log10(3.2), math.log10(4.6)]) == []
    # 2.5 .. 6.5: 3, 4, 5, 6
    assert [str(t) for t in log_ticks([math.log10(2.5), math.log10(6.5)])] == ["3", "4", "5", "6"]


def _nasty_catalogue(tmp_path: Path) -> Catalogue:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    csv = data / "models" / "image-classification.csv"
    csv.write_text(
        csv.read_text().replace(
            "alpha,,imagenet,NetA,", 'alpha,,imagenet,"Net<img src=x onerror=alert(1)>&amp;""</script>",'
        )
    )
    sources = data / "sources.yaml"
    sources.write_text(sources.read_text().replace("label: Alpha", "label: \"A<b>l</b>pha & 'co'\""))
    catalogue, _ = build_catalogue(data)
    return catalogue


def test_data_text_is_escaped_in_figures(tmp_path: Path) -> None:
    figures = _figures(_nasty_catalogue(tmp_path))
    (plot,) = figures.overview
    assert plot.figure is not None
    # plotly's encoder leaves no raw < > in the JSON text
    assert "<" not in plot.figure and ">" not in plot.figure
    fig = json.loads(plot.figure)
    alpha = next(t for t in fig["data"] if t["meta"] == "models")
    assert alpha["name"] == "A&lt;b&gt;l&lt;/b&gt;pha &amp; 'co'"
    hover = alpha["hovertext"][0]
    assert hover.startswith('<b>Net&lt;img src=x onerror=alert(1)&gt;&amp;amp;"&lt;/script&gt;</b><br>')
    assert "Source: A&lt;b&gt;l&lt;/b&gt;pha &amp; 'co'<br>" in hover
    assert "<img" not in json.dumps(fig) and "<script" not in json.dumps(fig)


def test_data_figure_attribute_round_trips(tmp_path: Path) -> None:
    catalogue = _nasty_catalogue(tmp_path)
    page = render(catalogue, TEMPLATES)[f"{TASK}.md"]
    (plot,) = _figures(catalogue).overview
    matches = DATA_FIGURE.findall(page)
    assert [m[1] for m in matches] == ["pareto-imagenet", "pareto-alpha-imagenet"]
    attr = matches[0][2]
    assert '"' not in attr and "<" not in attr and "\\" not in attr
    assert json.loads(html.unescape(attr)) == json.loads(plot.figure or "")
    # the fallback text is escaped HTML too
    fallback = re.search(r'id="pareto-imagenet" data-figure="[^"]*"><p><em>([^<]*)</em></p></div>', page)
    assert fallback and "Net&lt;img src=x onerror=alert(1)&gt;&amp;amp;&quot;&lt;/script&gt;" in fallback[1]


def test_page_places_plots_and_frontier_markers(seed: Catalogue) -> None:
    page = render(seed, TEMPLATES)[f"{TASK}.md"]
    matches = DATA_FIGURE.findall(page)
    assert [m[1] for m in matches] == ["pareto-imagenet"] + [
        f"pareto-{s}-imagenet"
        for s in (
            "edgeai-tv",
            "torchvision",
            "edgeai-hf-transformers",
            "fbr-pycls",
            "tf-tpu",
            "tf1-models",
            "tf2-models",
            "gluoncv-mxnet",
        )
    ]
    assert [m[0] for m in matches] == ["mz-plot-overview"] + ["mz-plot-source"] * 8
    # the overview comes first, under its own heading, before the introduction
    assert page.index("## Top\\-1 Accuracy\\% vs GigaMACs { #pareto }") < page.index("pareto-imagenet")
    assert page.index("pareto-imagenet") < page.index("## Introduction")
    # each source plot sits in its own section, before the table
    tf1 = page.index("{ #tf1-models }")
    assert (
        tf1
        < page.index('id="pareto-tf1-models-imagenet"')
        < page.index("{ #tf1-models--mobilenetv1--224x224")
    )
    # one star per frontier model (11), each with the tooltip
    marker = (
        '[★](#pareto "On the Pareto frontier: no model is both cheaper and more accurate"){ .mz-frontier }'
    )
    assert page.count(marker) == 11
    row = next(line for line in page.splitlines() if "{ #tf-tpu--efficientnet-lite4--300x300 " in line)
    assert marker in row
    row = next(line for line in page.splitlines() if "{ #tf-tpu--efficeintnet-edgetpu-l--300x300 " in line)
    assert marker not in row
    assert page.count("11 models without GigaMACs are not plotted: ") == 2  # overview and HF section


def test_built_site(seed_site: Build) -> None:
    page = seed_site.page(f"{TASK}/index.html")
    divs = re.findall(r'<div class="mz-plot [^"]*" id="([^"]*)" data-figure="([^"]*)">', page)
    assert len(divs) == 9
    for _, attr in divs:
        fig = json.loads(html.unescape(attr))
        assert {t["type"] for t in fig["data"]} == {"scatter"}
    # the page loads only the small script; plotly.js is fetched by it, from the site
    assert 'src="../assets/javascripts/plots.js"' in page
    assert "plotly-basic" not in page and "cdn" not in page.lower()
    assert (seed_site.site / "assets/vendor/plotly/plotly-basic.min.js").is_file()
    assert (seed_site.site / "assets/vendor/plotly/LICENSE").is_file()
    # the vendor notes are excluded from the site (a README.md would become a page)
    assert not (seed_site.site / "assets/vendor/index.html").exists()
    assert not (seed_site.site / "assets/vendor/README.md").exists()
    # the star links to the plot section, which exists on the page
    assert 'id="pareto"' in page
    assert "mz-plot" not in seed_site.page("index.html")


def test_vendored_plotly_matches_readme() -> None:
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    for name in ("plotly-basic.min.js", "LICENSE"):
        digest = hashlib.sha256((VENDOR / "plotly" / name).read_bytes()).hexdigest()
        assert f"| sha256 `{name}` | `{digest}` |" in readme, name
    head = (VENDOR / "plotly" / "plotly-basic.min.js").read_text(encoding="utf-8")[:200]
    assert "plotly.js (basic - minified) v4.1.1" in head
    assert "| Version | 4.1.1 " in readme
    assert "MIT License" in (VENDOR / "plotly" / "LICENSE").read_text(encoding="utf-8")


def test_plot_javascript_budget() -> None:
    """Issue 3: at most 400 KB gzip of plot JavaScript (plotly basic bundle + our script), gzip level 6."""
    plotly = (VENDOR / "plotly" / "plotly-basic.min.js").read_bytes()
    ours = PLOTS_JS.read_bytes()
    total = len(gzip.compress(plotly, 6)) + len(gzip.compress(ours, 6))
    assert total <= 400_000, total
    assert len(gzip.compress(ours, 6)) < 4_000


def test_script_uses_material_hooks() -> None:
    js = PLOTS_JS.read_text(encoding="utf-8")
    assert "document$.subscribe" in js
    assert "../vendor/plotly/plotly-basic.min.js" in js
    assert "http://" not in js and "https://" not in js


def test_points_at_the_same_place_name_each_other(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    (data / "models" / "image-classification.csv").write_text(
        "source,group,dataset,name,input_size,gmacs,top1,available,qat,notes,references\n"
        "alpha,,imagenet,Twin,224x224,1.0,70.0,Y,,,\n"
        "beta,,imagenet,Twin,224x224,1.00,70,Y,,,\n"
        "beta,,imagenet,Other,224x224,2.0,60.0,Y,,,\n"
    )
    catalogue, _ = build_catalogue(data)
    fig = json.loads(_figures(catalogue).overview[0].figure or "")
    alpha, beta = (t for t in fig["data"] if t["meta"] == "models")
    # 1.0/70.0 and 1.00/70 are the same point: both on the frontier, each hover names the other
    assert "Same figures: Twin (Beta)<br>" in alpha["hovertext"][0]
    assert "Same figures: Twin (Alpha)<br>" in beta["hovertext"][0]
    assert (
        "On the Pareto frontier" in alpha["hovertext"][0] and "On the Pareto frontier" in beta["hovertext"][0]
    )
    assert "Same figures" not in beta["hovertext"][1] and "On the Pareto frontier" not in beta["hovertext"][1]
    assert fig["data"][0]["x"] == [1.0, 1.0] and fig["data"][0]["y"] == [70.0, 70.0]


def _two_datasets(tmp_path: Path, rows: str) -> Catalogue:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    task = data / "tasks" / "image-classification.yaml"
    task.write_text(task.read_text().replace("datasets: [imagenet]", "datasets: [imagenet, cityscapes]"))
    csv = data / "models" / "image-classification.csv"
    csv.write_text(csv.read_text() + rows)
    catalogue, _ = build_catalogue(data)
    return catalogue


def test_one_plot_per_dataset(tmp_path: Path) -> None:
    catalogue = _two_datasets(tmp_path, "alpha,,cityscapes,NetC,224x224,2.0,50.0,Y,,,\n")
    figures = _figures(catalogue)
    assert [(p.id, p.points) for p in figures.overview] == [("pareto-imagenet", 2), ("pareto-cityscapes", 1)]
    assert [p.id for p in figures.sources["alpha"]] == ["pareto-alpha-imagenet", "pareto-alpha-cityscapes"]
    assert [p.id for p in figures.sources["beta"]] == ["pareto-beta-imagenet"]  # no Cityscapes rows
    cityscapes = json.loads(figures.overview[1].figure or "")
    assert cityscapes["data"][1]["customdata"] == ["alpha--netc--224x224--cityscapes"]
    page = render(catalogue, TEMPLATES)[f"{TASK}.md"]
    assert '**ImageNet**\n\n<div class="mz-plot' in page and '**Cityscapes**\n\n<div class="mz-plot' in page


def test_dataset_without_models(tmp_path: Path) -> None:
    figures = _figures(_two_datasets(tmp_path, ""))
    imagenet, cityscapes = figures.overview
    assert imagenet.figure is not None
    assert cityscapes.figure is None and cityscapes.missing == ()
    assert cityscapes.description == "No plot: there are no Cityscapes models yet."
