"""Plot figures from the catalogue (generator.figures), their place in the rendered pages and the built
site, escaping of data text, big figures in files, every figure checked by plotly's validators, and the
vendored plotly.js (version, checksum, size budget)."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import math
import posixpath
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest
from conftest import DATA, FIXTURES, ROOT, TEMPLATES, Build
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import generator.figures
from generator.analyse import Point, analyse_task
from generator.catalogue import Catalogue
from generator.escape import text as escape_text
from generator.figures import (
    CONFIG,
    FIGURE_INLINE_LIMIT,
    Plot,
    PlotMarkup,
    TaskFigures,
    axis_ranges,
    figure_json,
    log_ticks,
    task_figures,
)
from generator.render import render, task_page
from generator.synth import write_synthetic
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
DATA_FIGURE = re.compile(
    r'<div class="mz-plot ([^"]*)" id="([^"]*)" data-summary="[^"]*" data-figure="([^"]*)">'
)
FIELD = re.compile(r"%\{(text|hovertext|customdata\[(\d)\])\}")
HOVER_FIELDS = ["%{text}"] + [f"%{{customdata[{i}]}}" for i in (1, 2, 3, 4)] + ["%{hovertext}"]


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


def _plots(figures: TaskFigures) -> list[Plot]:
    return list(figures.overview) + [p for ps in figures.sources.values() for p in ps]


def _hover(trace: dict, i: int) -> str:
    """The hover text of point i as plotly.js builds it: the trace's template with the point's fields."""
    template = trace["hovertemplate"]
    assert template.endswith("<extra></extra>")  # no second box with the trace name
    assert FIELD.findall(template) and [m[0] for m in FIELD.finditer(template)] == HOVER_FIELDS

    def field(m: re.Match) -> str:
        if m[1] == "hovertext":  # plots.js's, per point: the other models drawn at the same place
            assert trace["hovertext"] == ""
            return ""
        return trace["text"][i] if m[1] == "text" else trace["customdata"][i][int(m[2])]

    return FIELD.sub(field, template.removesuffix("<extra></extra>"))


def _validate(text: str) -> None:
    """plotly's own validators: an unknown attribute or an invalid value raises ValueError."""
    fig = json.loads(text)
    assert set(fig) == {"data", "layout", "config"}
    assert fig["config"] == CONFIG
    go.Figure(data=fig["data"], layout=fig["layout"])


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
        n = len(trace["x"])
        assert len(trace["y"]) == len(trace["text"]) == len(trace["customdata"]) == n
        assert {len(c) for c in trace["customdata"]} == {5}
        assert trace["mode"] == "markers" and "hoverinfo" not in trace
        # every link is "#anchor": the seed's rows are all on the task page
        assert all(c[0].startswith("#") for c in trace["customdata"])
    # the frontier: a step line through the 11 hand-checked frontier models (tests/golden/pareto/seed.yaml)
    frontier = data[0]
    assert frontier["mode"] == "lines" and frontier["line"]["shape"] == "hv"
    assert frontier["x"] == [0.0526, 0.054, 0.136, 0.315, 0.407, 0.631, 0.899, 2.64, 4.5, 8.7, 15.4]
    assert frontier["y"] == [61.9, 62.688, 73.9, 74.08, 75.1, 76.7, 77.6, 80.2, 81.2, 83.2, 84.81]
    assert frontier["hoverinfo"] == "skip"
    # QAT models are diamonds: EdgeAI-TorchVision lists 4 float models then 4 QAT ones; Torchvision 8 + 1
    assert models[0]["marker"]["symbol"] == ["circle"] * 4 + ["diamond"] * 4
    assert models[1]["marker"]["symbol"] == ["circle"] * 8 + ["diamond"]
    # the other sources have no QAT model: one symbol for the whole trace, not one per point
    assert [t["marker"]["symbol"] for t in models[2:]] == ["circle"] * 6
    assert data[-1]["name"] == "QAT model" and data[-1]["x"] == [None]
    # a click goes to the row: customdata[0] is "#" + the row anchor
    assert models[5]["customdata"][3][0] == "#tf1-models--squeezenet--224x224"


def test_overview_layout_and_config(seed_figures: TaskFigures) -> None:
    fig = _json(seed_figures.overview[0])
    layout, config = fig["layout"], fig["config"]
    assert config["displaylogo"] is False and config["showSendToCloud"] is False
    assert config["responsive"] is True
    assert layout["xaxis"]["type"] == "log"
    # the units the task declares (GMAC, %) in the axis titles
    assert layout["xaxis"]["title"]["text"] == "GigaMACs (GMAC, log scale, lower is better)"
    assert layout["yaxis"]["title"]["text"] == "Top-1 Accuracy% (%, higher is better)"
    # no model cut off: the ranges hold 0.0526..15.4 GigaMACs and 49.0..84.81 Top-1 with room to spare
    x0, x1 = layout["xaxis"]["range"]
    assert 10**x0 < 0.0526 * 0.9 and 10**x1 > 15.4 * 1.1
    y0, y1 = layout["yaxis"]["range"]
    assert y0 < 49.0 - 1 and y1 > 84.81 + 1
    assert layout["xaxis"]["ticktext"] == ["0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "20"]
    assert layout["xaxis"]["tickvals"] == [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20]
    # no theme in the JSON: colours come from the page (plots.js)
    assert "template" not in layout and "font" not in layout


def test_toolbar_margin_and_text_alternatives(seed_figures: TaskFigures) -> None:
    """The toolbar (plotly's modebar, at the top right) has a band of its own above the plotting area
    (tests/test_plots_browser.py measures it against every point); each drawn plot has a summary, its text
    alternative."""
    for plot in _plots(seed_figures):
        if plot.figure:
            assert _json(plot)["layout"]["margin"]["t"] == generator.figures.MODEBAR_MARGIN == 36
    overview = seed_figures.overview[0]
    assert overview.summary == (
        "Plot of Top-1 Accuracy% against GigaMACs (log scale): 47 ImageNet models from 8 sources. The Pareto "
        "frontier joins 11 models: MobileNetV3-Small-Minimalistic (TensorFlow-Model-Garden-TF1.0), "
        "MobileNetV3Lite-Small (EdgeAI-TorchVision), NasNetMobile (TensorFlow-Model-Garden-TF1.0), MNasNet "
        "(TensorFlow-Model-Garden-TF1.0), EfficientNet-Lite0 (Tensorflow-TPU), EfficientNet-Lite1 "
        "(Tensorflow-TPU), EfficientNet-Lite2 (Tensorflow-TPU), EfficientNet-Lite4 (Tensorflow-TPU), "
        "microsoft/swin-tiny-patch4-window7-224 (EdgeAI-HF-Transformers), "
        "microsoft/swin-small-patch4-window7-224 (EdgeAI-HF-Transformers), "
        "microsoft/swin-base-patch4-window7-224 (EdgeAI-HF-Transformers). The tables below list every "
        "model's figures."
    )
    (tf1,) = seed_figures.sources["tf1-models"]
    assert tf1.summary.startswith(
        "Plot of Top-1 Accuracy% against GigaMACs (log scale): the 11 ImageNet models of "
        "TensorFlow-Model-Garden-TF1.0, over the all-sources Pareto frontier. The frontier of this source joins "
    )
    assert tf1.summary.endswith(". The table below lists every model's figures.")


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
    # SqueezeNet, data/models/image-classification.csv line 47: 0.844 GigaMACs, 49.0 Top-1, reference 12
    assert tf1["x"][3] == 0.844 and tf1["y"][3] == 49  # numbers to plot ...
    assert tf1["text"][3] == "SqueezeNet"
    assert tf1["customdata"][3] == [  # ... and the figures as written, for the hover
        "#tf1-models--squeezenet--224x224",
        "224x224",
        "0.844",
        "49.0",
        "<br>References: [12]",
    ]
    # the units are the trace's (GMAC after a space, % right after the figure)
    assert tf1["hovertemplate"] == (
        "<b>%{text}</b><br>Source: TensorFlow-Model-Garden-TF1.0<br>Input size: %{customdata[1]}<br>"
        "GigaMACs: %{customdata[2]} GMAC<br>Top-1 Accuracy%: %{customdata[3]}%%{customdata[4]}<br>"
        # where the figures come from (zoo.yaml's provenance), on every hover
        "<i>Figures reported by the training repository (TI's model zoo page)</i><br>"
        "<i>Click: go to its row</i>%{hovertext}<extra></extra>"
    )
    assert _hover(tf1, 3) == (
        "<b>SqueezeNet</b><br>Source: TensorFlow-Model-Garden-TF1.0<br>Input size: 224x224<br>"
        "GigaMACs: 0.844 GMAC<br>Top-1 Accuracy%: 49.0%<br>References: [12]<br>"
        "<i>Figures reported by the training repository (TI's model zoo page)</i><br><i>Click: go to its row</i>"
    )
    edgeai = models[0]
    # MobileNetV3Lite-Small-QAT: figures as written, QAT flagged, no references; not on the frontier
    # (62.688 at 0.054 wins)
    assert _hover(edgeai, 6) == (
        "<b>MobileNetV3Lite-Small-QAT</b><br>Source: EdgeAI-TorchVision<br>Input size: 224x224<br>"
        "GigaMACs: 0.054 GMAC<br>Top-1 Accuracy%: 61.836%<br>QAT model<br>"
        "<i>Figures reported by the training repository (TI's model zoo page)</i><br><i>Click: go to its row</i>"
    )
    # MobileNetV3Lite-Small (line 4): reference 20 (searching-mobilenetv3), on the frontier
    assert edgeai["customdata"][2] == [
        "#edgeai-tv--mobilenetv3lite-small--224x224",
        "224x224",
        "0.054",
        "62.688",
        "<br>References: [20]<br>On the Pareto frontier",
    ]


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


_X = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal(1_000_000), places=6)
_Y = st.decimals(min_value=Decimal(0), max_value=Decimal(1_000_000_000), places=6)


@settings(max_examples=500, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(points=st.lists(st.tuples(_X, _Y), min_size=1, max_size=12))
@example(points=[(Decimal("0.000001"), Decimal(0))])
@example(points=[(Decimal(1_000_000), Decimal("999999999.999999"))] * 2)
@example(points=[(Decimal("0.000001"), Decimal("0.000001")), (Decimal(1_000_000), Decimal("0.000002"))])
def test_axis_ranges_hold_every_accepted_point(points: list[tuple[Decimal, Decimal]]) -> None:
    """Any figures within the validator's limits (generator.schema: complexity 1e-6..1e6, metrics up to 1e9,
    6 decimals): finite ranges that hold every point, never empty, and ticks inside them."""
    ranges = axis_ranges([Point(None, x, y) for x, y in points])  # type: ignore[arg-type]
    (x_lo, x_hi), (y_lo, y_hi) = ranges
    json.dumps(ranges, allow_nan=False)
    assert -6.84 <= x_lo < x_hi <= 6.84
    assert y_lo < y_hi
    for x, y in points:
        assert x_lo < math.log10(x) < x_hi
        assert y_lo <= float(y) <= y_hi
    ticks = log_ticks([x_lo, x_hi])
    assert len(ticks) <= 12 and ticks == sorted(ticks)
    for t in ticks:
        assert x_lo <= math.log10(t) <= x_hi


def test_log_ticks_by_width() -> None:
    """1-2-5 up to 12 ticks, then powers of ten up to 8, then plotly's own (accepted GigaMACs span up to
    twelve decades, 1e-6..1e6: some forty 1-2-5 labels would overlap)."""
    assert [f"{t:f}" for t in log_ticks([-0.1, 4.1])] == ["1", "10", "100", "1000", "10000"]
    assert [f"{t:f}" for t in log_ticks([-0.1, 3.1])] == [
        "1", "2", "5", "10", "20", "50", "100", "200", "500", "1000",
    ]  # fmt: skip
    assert [f"{t:f}" for t in log_ticks([-3.1, 4.1])] == [
        "0.001", "0.01", "0.1", "1", "10", "100", "1000", "10000",
    ]  # fmt: skip
    assert log_ticks([-4.1, 4.1]) == []
    assert log_ticks([-6.84, 6.84]) == []


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
    assert alpha["text"][0] == 'Net&lt;img src=x onerror=alert(1)&gt;&amp;amp;"&lt;/script&gt;'
    hover = _hover(alpha, 0)
    assert hover.startswith('<b>Net&lt;img src=x onerror=alert(1)&gt;&amp;amp;"&lt;/script&gt;</b><br>')
    assert "Source: A&lt;b&gt;l&lt;/b&gt;pha &amp; 'co'<br>" in hover
    assert "<img" not in json.dumps(fig) and "<script" not in json.dumps(fig)


def test_data_text_is_not_a_template_field(tmp_path: Path) -> None:
    """plotly.js reads "%{...}" as a template field in hover templates, trace names and axis titles: in
    data text its brace is an entity (plotly.js shows it as "{"), so only the template's own fields are
    filled in."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    sources = data / "sources.yaml"
    sources.write_text(sources.read_text().replace("label: Alpha", 'label: "Al %{y} %{customdata[0]}"'))
    task = data / "tasks" / "image-classification.yaml"
    task.write_text(task.read_text().replace("label: Top-1 Accuracy%", 'label: "Top-1 %{meta}"'))
    csv = data / "models" / "image-classification.csv"
    csv.write_text(csv.read_text().replace("alpha,,imagenet,NetA,", "alpha,,imagenet,Net %{x},"))
    (plot,) = _figures(build_catalogue(data)[0]).overview
    fig = _json(plot)
    alpha = next(t for t in fig["data"] if t["meta"] == "models")
    assert alpha["name"] == "Al %&#123;y} %&#123;customdata[0]}"
    assert "Source: Al %&#123;y} %&#123;customdata[0]}<br>" in alpha["hovertemplate"]
    assert "<br>Top-1 %&#123;meta}: %{customdata[3]}" in alpha["hovertemplate"]
    assert [m[0] for m in FIELD.finditer(alpha["hovertemplate"])] == HOVER_FIELDS
    assert alpha["text"][0] == "Net %&#123;x}"
    assert fig["layout"]["yaxis"]["title"]["text"] == "Top-1 %&#123;meta} (higher is better)"
    ours = json.dumps(fig).replace("%{text}", "").replace("%{customdata[", "").replace("%{hovertext}", "")
    assert "%{" not in ours


def test_figure_json_escapes_like_plotly() -> None:
    # compact, and no <, > or / left to close an element the JSON sits in (our own markup included);
    # non-ASCII kept as is
    assert figure_json({"a": [PlotMarkup("</script><b>"), 1.5, None], "δ": "é"}) == (
        '{"a":["\\u003c\\/script\\u003e\\u003cb\\u003e",1.5,null],"δ":"é"}'
    )
    assert json.loads(figure_json({"a": PlotMarkup("</script><b>")})) == {"a": "</script><b>"}


def test_figure_json_escapes_every_plain_string() -> None:
    """By construction: any str of a figure, however deep, is data text (escaped for plotly's HTML-like
    labels and template fields); PlotMarkup is ours and escapes what it formats, joins or is added to."""
    figure = {"data": [{"name": "A<b> & %{y}", "customdata": [("#a--b", "<i>", 1)]}], "layout": {}}
    assert json.loads(figure_json(figure)) == {
        "data": [{"name": "A&lt;b&gt; &amp; %&#123;y}", "customdata": [["#a--b", "&lt;i&gt;", 1]]}],
        "layout": {},
    }
    hover = PlotMarkup("<b>{}</b>").format("N<i>%{x}") + "<br>" + PlotMarkup("<br>").join(["a&b", "c"])
    assert isinstance(hover, PlotMarkup)
    assert json.loads(figure_json({"t": hover})) == {"t": "<b>N&lt;i&gt;%&#123;x}</b>&lt;br&gt;a&amp;b<br>c"}
    # literals of the figures are unchanged by escaping
    assert json.loads(figure_json({"type": "scatter", "color": "#4e79a7", "link": "alpha/2#x--y--1x1"})) == {
        "type": "scatter",
        "color": "#4e79a7",
        "link": "alpha/2#x--y--1x1",
    }


def test_data_figure_attribute_round_trips(tmp_path: Path) -> None:
    catalogue = _nasty_catalogue(tmp_path)
    page = render(catalogue, TEMPLATES).pages[task_page(TASK)]
    (plot,) = _figures(catalogue).overview
    matches = DATA_FIGURE.findall(page)
    assert [m[1] for m in matches] == ["pareto-imagenet", "pareto-alpha--imagenet"]
    attr = matches[0][2]
    assert '"' not in attr and "<" not in attr and ">" not in attr  # nothing ends the attribute or the div
    assert json.loads(html.unescape(attr)) == json.loads(plot.figure or "")
    # the fallback text is escaped HTML too
    fallback = re.search(
        r'id="pareto-imagenet" data-summary="([^"]*)" data-figure="[^"]*"><p><em>([^<]*)</em></p></div>', page
    )
    nasty = "Net&lt;img src&#61;x onerror&#61;alert&#40;1&#41;&gt;&amp;amp;&#34;&lt;/script&gt;"
    assert fallback and nasty in fallback[2]
    assert 'Net<img src=x onerror=alert(1)>&amp;"</script> (A<b>l</b>pha' in html.unescape(fallback[2])
    # and so is the drawn plot's text alternative (data-summary, its aria-label once drawn)
    assert nasty in fallback[1] and "<" not in fallback[1] and '"' not in fallback[1]
    assert html.unescape(fallback[1]) == plot.summary
    assert 'Net<img src=x onerror=alert(1)>&amp;"</script> (A<b>l</b>pha' in plot.summary


def test_page_places_plots_and_frontier_markers(seed: Catalogue) -> None:
    page = render(seed, TEMPLATES).pages[task_page(TASK)]
    matches = DATA_FIGURE.findall(page)
    assert [m[1] for m in matches] == ["pareto-imagenet"] + [
        f"pareto-{s}--imagenet"
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
    heading = "## Top-1 Accuracy% vs GigaMACs { #pareto }"
    assert page.index(heading) < page.index("pareto-imagenet")
    assert page.index("pareto-imagenet") < page.index("## Introduction")
    # each source plot sits in its own section, before the table
    tf1 = page.index("{ #tf1-models }")
    assert (
        tf1
        < page.index('id="pareto-tf1-models--imagenet"')
        < page.index('<td id="tf1-models--mobilenetv1--224x224"')
    )
    # one star per frontier model (11), each with the tooltip
    marker = (
        '<a class="mz-frontier" href="&#35;pareto" '
        'title="On the Pareto frontier: no model is both cheaper and more accurate">★</a>'
    )
    assert page.count(marker) == 11
    row = next(line for line in page.splitlines() if '<td id="tf-tpu--efficientnet-lite4--300x300"' in line)
    assert marker in row
    row = next(
        line for line in page.splitlines() if '<td id="tf-tpu--efficeintnet-edgetpu-l--300x300"' in line
    )
    assert marker not in row
    assert page.count("11 models without GigaMACs are not plotted: ") == 2  # overview and HF section


def test_built_site(seed_site: Build) -> None:
    page = seed_site.page(f"{TASK}/index.html")
    divs = re.findall(
        r'<div class="mz-plot [^"]*" id="([^"]*)" data-summary="[^"]*" data-figure="([^"]*)">', page
    )
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
    """Issue 11: all JavaScript of a page at most 450 KB gzip (issue 3 had 400 KB for plotly's basic bundle
    and our script); ours small: the explorer's explore.js comes on top on its pages (bench/results.md)."""
    plotly = (VENDOR / "plotly" / "plotly-basic.min.js").read_bytes()
    ours = PLOTS_JS.read_bytes()
    explore = (PLOTS_JS.parent / "explore.js").read_bytes()
    total = len(gzip.compress(plotly, 6)) + len(gzip.compress(ours, 6))
    assert total <= 405_000, total
    assert total + len(gzip.compress(explore, 6)) <= 450_000
    assert len(gzip.compress(ours, 6)) < 8_000


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
    # 1.0/70.0 and 1.00/70 are the same point: both on the frontier. The models drawn at the same place
    # (equal figures, or markers overlapping as drawn) are named by plots.js, in each point's hovertext
    # (tests/test_plots_browser.py): the template ends with that field, empty in the figure
    assert alpha["customdata"][0][4] == "<br>On the Pareto frontier"
    assert beta["customdata"][0][4] == "<br>On the Pareto frontier"
    assert beta["customdata"][1][4] == ""  # Other: no extra line
    assert alpha["hovertext"] == beta["hovertext"] == ""
    # a zoo.yaml without provenance: the default
    assert _hover(beta, 1).endswith(
        "Top-1 Accuracy%: 60.0<br><i>Figures as given in the data files</i><br><i>Click: go to its row</i>"
    )
    # the figures as written: 1.00 and 70 for beta's Twin, 1.0 and 70.0 for alpha's
    assert [c[2:4] for c in alpha["customdata"] + beta["customdata"]] == [
        ["1.0", "70.0"],
        ["1.00", "70"],
        ["2.0", "60.0"],
    ]
    assert fig["data"][0]["x"] == [1, 1] and fig["data"][0]["y"] == [70, 70]


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
    assert [p.id for p in figures.sources["alpha"]] == ["pareto-alpha--imagenet", "pareto-alpha--cityscapes"]
    assert [p.id for p in figures.sources["beta"]] == ["pareto-beta--imagenet"]  # no Cityscapes rows
    cityscapes = json.loads(figures.overview[1].figure or "")
    assert [c[0] for c in cityscapes["data"][1]["customdata"]] == ["#alpha--netc--224x224--cityscapes"]
    page = render(catalogue, TEMPLATES).pages[task_page(TASK)]
    assert '<p><strong>ImageNet</strong></p>\n\n<div class="mz-plot' in page
    assert '<p><strong>Cityscapes</strong></p>\n\n<div class="mz-plot' in page


def test_dataset_without_models(tmp_path: Path) -> None:
    figures = _figures(_two_datasets(tmp_path, ""))
    imagenet, cityscapes = figures.overview
    assert imagenet.figure is not None
    assert cityscapes.figure is None and cityscapes.missing == ()
    assert cityscapes.description == "No plot: there are no Cityscapes models yet."


# -- big figures go to a file -------------------------------------------------------------------------------


def test_seed_overview_stays_inline(seed_figures: TaskFigures) -> None:
    """The seed's overview (47 points) is about a quarter of the limit: inline, no file."""
    (plot,) = seed_figures.overview
    assert plot.figure is not None and plot.figure_src is None
    assert 5_000 < len(plot.figure.encode()) < FIGURE_INLINE_LIMIT // 2
    assert seed_figures.files == {}
    assert all(p.figure_src is None for p in _plots(seed_figures))


def test_size_rule_boundary(seed: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    """A figure of exactly the limit stays inline; one byte over goes to a file named after the plot."""
    size = len((_figures(seed).overview[0].figure or "").encode())
    monkeypatch.setattr(generator.figures, "FIGURE_INLINE_LIMIT", size)
    assert _figures(seed).overview[0].figure_src is None
    monkeypatch.setattr(generator.figures, "FIGURE_INLINE_LIMIT", size - 1)
    figures = _figures(seed)
    (plot,) = figures.overview
    assert plot.figure_src == "pareto-imagenet.json"
    assert figures.files == {"pareto-imagenet.json": plot.figure}
    # source plots stay inline whatever their size: on a task split into pages they are on other pages
    assert all(p.figure_src is None and p.figure for ps in figures.sources.values() for p in ps)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """A synthetic classification zoo of 500 models (2 sources): its overview is over the limit."""
    data = tmp_path_factory.mktemp("big") / "data"
    write_synthetic(data, 500, tasks=1)
    catalogue, warnings = build_catalogue(data)
    assert not warnings
    return catalogue


def test_big_overview_goes_to_a_file(big: Catalogue) -> None:
    figures = _figures(big)
    (plot,) = figures.overview
    assert plot.figure_src == "pareto-imagenet.json"
    text = figures.files["pareto-imagenet.json"]
    assert text == plot.figure and len(text.encode()) > FIGURE_INLINE_LIMIT
    assert list(figures.files) == ["pareto-imagenet.json"]
    fig = json.loads(text)
    assert sum(len(t["x"]) for t in fig["data"] if t["meta"] == "models") == plot.points
    assert plot.points == len(analyse_task(big, big.task(TASK)).overall["imagenet"].points) > 400
    assert all(p.figure_src is None for ps in figures.sources.values() for p in ps)
    # compact: well under the 359 bytes per point of the earlier plotly-built hovertext figures
    assert len(text.encode()) / plot.points < 200


def test_page_names_the_figure_file(big: Catalogue) -> None:
    rendered = render(big, TEMPLATES)
    pages = rendered.pages
    home = task_page(TASK)
    page = pages[home]
    (div,) = re.findall(r'<div class="mz-plot mz-plot-overview" id="pareto-imagenet" ([^>]*)>', page)
    (plot,) = _figures(big).overview
    assert div == f'data-summary="{escape_text(plot.summary)}" data-figure-src="pareto-imagenet.json"'
    assert 'id="pareto-imagenet" data-figure=' not in page
    assert len(page.encode()) < 100_000  # the points are not in the page
    # the file is rendered beside the page, where the relative URL points (directory or file URLs)
    path = posixpath.join(posixpath.dirname(home), "pareto-imagenet.json")
    fig = json.loads(rendered.assets[path])
    assert sum(len(t["x"]) for t in fig["data"] if t["meta"] == "models") == plot.points


# -- links ----------------------------------------------------------------------------------------------------


def test_link_callable(seed: Catalogue) -> None:
    analysis = analyse_task(seed, seed.task(TASK))
    calls: list[str] = []

    def link(model: Any) -> str:
        calls.append(model.anchor)
        return ("" if model.source == "tf1-models" else f"{model.source}/1") + "#" + model.anchor

    figures = task_figures(seed, analysis, link=link)
    points = 0
    for plot in _plots(figures):
        for trace in _json(plot)["data"]:
            if trace["meta"] == "models":
                for (target, *_), name in zip(trace["customdata"], trace["text"], strict=True):
                    anchor = target.split("#")[1]
                    source = anchor.split("--")[0]
                    assert target == ("" if source == "tf1-models" else f"{source}/1") + "#" + anchor, name
                    points += 1
    assert points == 2 * 47  # every point of the overview and of the source plots
    assert len(calls) == points
    assert _json(figures.overview[0])["data"][6]["customdata"][3][0] == "#tf1-models--squeezenet--224x224"
    assert (
        _json(figures.overview[0])["data"][4]["customdata"][0][0]
        == "fbr-pycls/1#fbr-pycls--regnetx200mf--224x224"
    )
    # without it: "#anchor"
    default = task_figures(seed, analysis)
    assert _json(default.overview[0])["data"][4]["customdata"][0][0] == "#fbr-pycls--regnetx200mf--224x224"


# -- every figure is valid plotly -----------------------------------------------------------------------------


def test_seed_figures_are_valid_plotly(seed: Catalogue) -> None:
    figures = _plots(_figures(seed))
    assert len([p for p in figures if p.figure]) == 9
    for plot in figures:
        if plot.figure:
            _validate(plot.figure)


def test_synthetic_figures_are_valid_plotly(tmp_path: Path) -> None:
    """Every kind of synthetic task (lower-is-better metric, two datasets, QAT twins): all valid."""
    data = tmp_path / "data"
    write_synthetic(data, 1000, sources=10, tasks=5, seed=3)
    catalogue, _ = build_catalogue(data)
    count = files = 0
    symbols: set[str] = set()
    for task in catalogue.tasks:
        figures = task_figures(catalogue, analyse_task(catalogue, task))
        files += len(figures.files)
        for plot in _plots(figures):
            if plot.figure:
                _validate(plot.figure)
                count += 1
                for trace in json.loads(plot.figure)["data"]:
                    marker = trace.get("marker", {}).get("symbol")
                    symbols.add("list" if isinstance(marker, list) else str(marker))
    assert count > 10 and files >= 1
    assert {"list", "circle", "diamond"} <= symbols  # mixed traces, all-float traces, and the QAT key


def test_invalid_figure_fails_validation() -> None:
    """The check above can fail: plotly rejects an unknown attribute and a bad value."""
    good = {"data": [{"type": "scatter", "x": [1]}], "layout": {}, "config": CONFIG}
    _validate(json.dumps(good))
    with pytest.raises(ValueError, match="hovertext_template"):
        _validate(json.dumps({**good, "data": [{"type": "scatter", "hovertext_template": "x"}]}))
    with pytest.raises(ValueError, match="symbol"):
        _validate(json.dumps({**good, "data": [{"type": "scatter", "marker": {"symbol": "star5"}}]}))


# -- several metrics: a plot per metric, units ------------------------------------------------------------------


def _two_metrics(tmp_path: Path) -> Catalogue:
    """Classification with Top-5 as a second metric (NetA-QAT has none) and units on every figure (the
    fixture's complexity is in GMAC)."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "two-tasks", data)
    task = data / "tasks" / "image-classification.yaml"
    text = task.read_text()
    metric = "  - {key: top1, label: Top-1 Accuracy%, minimum: 0, maximum: 100}"
    assert metric in text and "unit: GMAC" in text
    task.write_text(
        text.replace(
            metric,
            "  - {key: top1, label: Top-1 Accuracy%, unit: '%', minimum: 0, maximum: 100}\n"
            "  - {key: top5, label: Top-5 error, unit: pp, higher_is_better: false}",
        )
    )
    (data / "models" / "image-classification.csv").write_text(
        "source,group,dataset,name,input_size,gmacs,top1,top5,available,qat,notes,references\n"
        "alpha,,imagenet,NetA,224x224,0.300,72.00,9.5,Y,,,paper-a\n"
        "alpha,QAT models,imagenet,NetA-QAT,224x224,0.300,71.5,,Y,Y,QAT* Model,paper-a\n"
        "beta,,imagenet,NetB,224x224,0.5,75.1,8.25,,,,paper-b paper-a\n"
    )
    catalogue, _ = build_catalogue(data)
    return catalogue


def test_a_plot_per_metric_with_units(tmp_path: Path) -> None:
    catalogue = _two_metrics(tmp_path)
    figures = _figures(catalogue)
    (plot,) = figures.overview
    top1, top5 = figures.choices["imagenet"]
    assert top1 is plot and (top1.id, top5.id) == ("pareto-imagenet", "pareto--imagenet--top5")
    assert (top1.metric.key, top5.metric.key) == ("top1", "top5")
    layout = _json(top5)["layout"]
    assert layout["xaxis"]["title"]["text"] == "GigaMACs (GMAC, log scale, lower is better)"
    assert layout["yaxis"]["title"]["text"] == "Top-5 error (pp, lower is better)"
    assert _json(top1)["layout"]["yaxis"]["title"]["text"] == "Top-1 Accuracy% (%, higher is better)"
    # Top-5 error, lower is better: NetB (0.5, 8.25) is on its frontier with NetA (0.300, 9.5)
    frontier = _json(top5)["data"][0]
    assert (frontier["x"], frontier["y"]) == ([0.3, 0.5], [9.5, 8.25])
    # hover: the figures with their units, the model's other metric as an extra line
    beta = next(t for t in _json(top5)["data"] if t.get("name") == "Beta")
    assert _hover(beta, 0) == (
        "<b>NetB</b><br>Source: Beta<br>Input size: 224x224<br>GigaMACs: 0.5 GMAC<br>Top-5 error: 8.25 pp"
        "<br>Top-1 Accuracy%: 75.1%<br>References: [2], [1]<br>On the Pareto frontier"
        "<br><i>Figures as given in the data files</i><br><i>Click: go to its row</i>"
    )
    alpha = next(t for t in _json(top1)["data"] if t.get("name") == "Alpha")
    assert _hover(alpha, 1).startswith(
        "<b>NetA-QAT</b><br>Source: Alpha<br>Input size: 224x224<br>GigaMACs: 0.300 GMAC<br>"
        "Top-1 Accuracy%: 71.5%<br>QAT model<br>"
    )
    # "not plotted" per metric: NetA-QAT has no Top-5
    assert top1.missing == ()
    (missing,) = top5.missing
    assert (missing.text, [m.anchor for m in missing.models]) == (
        "1 model without Top-5 error is not plotted",
        ["alpha--neta-qat--224x224"],
    )
    assert top5.description.startswith("A plot of Top-5 error against GigaMACs (log scale)")
    for p in (top1, top5):
        _validate(p.figure or "")


def test_the_page_offers_the_metrics_with_buttons(tmp_path: Path) -> None:
    catalogue = _two_metrics(tmp_path)
    page = render(catalogue, TEMPLATES).pages[task_page(TASK)]
    picker = next(line for line in page.splitlines() if 'class="mz-picker"' in line)
    assert picker == (
        '<div class="mz-picker" role="group" aria-label="Metric of the ImageNet plot" hidden>'
        '<button type="button" data-mz-show="pareto-imagenet" aria-controls="pareto-imagenet" '
        'aria-pressed="true">Top-1 Accuracy%</button>'
        '<button type="button" data-mz-show="pareto--imagenet--top5" aria-controls="pareto--imagenet--top5" '
        'aria-pressed="false">Top-5 error</button></div>'
    )
    choices = [line for line in page.splitlines() if line.startswith('<div class="mz-choice"')]
    assert [c.split(">", 1)[0] for c in choices] == [
        '<div class="mz-choice"',
        '<div class="mz-choice" hidden',
    ]
    assert 'id="pareto--imagenet--top5"' in choices[1]
    assert choices[1].endswith(
        '<p>1 model without Top-5 error is not plotted: <a href="&#35;alpha--neta-qat--224x224">NetA-QAT</a>.'
        "</p></div>"
    )
    assert "The buttons above a plot pick its metric." in page
    # the stars mark the frontier of the plot shown first (Top-1: NetB and NetA)
    assert page.count('class="mz-frontier"') == 2


def test_a_metric_without_figures_is_not_offered(tmp_path: Path) -> None:
    """Only metrics with a plottable model get a plot; when the primary has none, the first that has one
    is the dataset's default (shown first, marked with stars, used by the source plots)."""
    data = tmp_path / "d"
    catalogue = _two_metrics(data)
    csv = data / "data" / "models" / "image-classification.csv"
    csv.write_text(csv.read_text().replace(",9.5,", ",,").replace(",8.25,", ",,"))
    catalogue, _ = build_catalogue(data / "data")
    figures = _figures(catalogue)
    assert [p.id for p in figures.choices["imagenet"]] == ["pareto-imagenet"]
    csv.write_text(csv.read_text().replace(",72.00,,", ",,9.5,").replace(",75.1,,", ",,8.25,"))
    csv.write_text(csv.read_text().replace(",71.5,,", ",,,"))
    catalogue, _ = build_catalogue(data / "data")
    analysis = analyse_task(catalogue, catalogue.task(TASK))
    assert [m.key for m in analysis.metrics("imagenet")] == ["top5"]
    figures = _figures(catalogue)
    assert [p.id for p in figures.choices["imagenet"]] == ["pareto--imagenet--top5"]
    assert figures.overview[0].metric.key == "top5"
    (alpha,) = figures.sources["alpha"]
    assert alpha.metric.key == "top5" and _json(alpha)["layout"]["yaxis"]["title"]["text"].startswith("Top-5")
    assert analysis.frontier_anchors == {"alpha--neta--224x224", "beta--netb--224x224"}
