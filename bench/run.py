"""The benchmark: the seed (data/) and synthetic zoos of 1k, 10k and 100k models -> bench/results.md.

    .venv/bin/python bench/run.py                 # what `make bench` runs (about 3 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick         # one run each, no 100k build: a smoke test
    .venv/bin/python bench/run.py --sizes seed,1k --runs 3 --out /tmp/results.md

Every measurement is a fresh interpreter (bench/child.py): a real `mkdocs build --strict` of the project's
mkdocs.yml with another data folder, or the generator's stages alone (no mkdocs) for the data layer.
Peak RSS comes from wait4() on that child. Times are medians over the runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().parent / "child.py"
sys.path.insert(0, str(ROOT))

STAGES = ("import", "load", "validate", "analyse", "render", "figures", "plugin")
CLASSIFICATION_TASK = "image-classification"  # its page, and its per-source pages when split
TOC = re.compile(r'<nav class="md-nav md-nav--secondary".*?</nav>', re.S)  # Material's table of contents
SEARCH_INDEX = "search/search_index.json"

# Budgets from issue 5.
GEN_SHARE_SEED = 0.10
BUILD_10K_S = 10.0
SCALE_1K_10K = 11.0
DATA_100K_S = 5.0
RSS_100K_MB = 1024.0
PAGE_KB = 150.0
PLOT_JS_GZ_KB = 400.0
# Budgets from issue 11 (the explorer): bench/explorer.py measures them in Chromium.
EXPLORER_JS_GZ_KB = 450.0
TABLE_LIBRARY_GZ_KB = 20.0
EXPLORER_MS = 100.0
EXPLORER_TRANSFER_MB = 1.5


@dataclass
class Size:
    name: str
    models: int | None  # None: the seed, data/
    runs: int
    build: bool = True  # full mkdocs build (else the data layer only)
    data_runs: int = 0  # extra runs of the data layer alone (load, validate, analyse)
    render_runs: int = 0  # data layer + render + figures alone, when the full build is too slow


@dataclass
class Result:
    size: Size
    data_dir: Path
    models: int = 0
    sources: int = 0
    tasks: int = 0
    builds: list[dict] = field(default_factory=list)
    data: list[dict] = field(default_factory=list)
    renders: list[dict] = field(default_factory=list)
    baseline: list[dict] = field(default_factory=list)
    site: dict = field(default_factory=dict)


def run_child(args: list[str], timeout: float, code_root: Path | None = None) -> tuple[dict, float, float]:
    """Run bench/child.py; returns (its JSON result, wall seconds, peak RSS in MB).

    ``code_root``: measure the generator of another checkout (--baseline) instead of this one.
    """
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result_file = Path(f.name)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1", "PYTHONHASHSEED": "0"}
    if code_root is not None:
        env["BENCH_CODE_ROOT"] = str(code_root)
    with tempfile.TemporaryFile() as output:
        t = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(CHILD), *args, str(result_file)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        deadline = t + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode(errors="replace")
    try:
        result = json.loads(result_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        result = {"ok": False, "error": f"child exited {proc.returncode}: {text[-2000:]}"}
    finally:
        result_file.unlink(missing_ok=True)
    if proc.returncode != 0:
        result["ok"] = False
        result.setdefault("error", f"child exited {proc.returncode}: {text[-2000:]}")
    result["log"] = text[-4000:]
    # The child's own VmHWM when it could tell; else getrusage (which may include this process's peak).
    return result, wall, result.get("peak_rss_mb") or usage.ru_maxrss / 1024


def mkdocs_config(tmp: Path, data_dir: Path) -> Path:
    """The project's mkdocs.yml with the modelzoo plugin pointed at another data folder."""
    import yaml

    class _Loose(yaml.SafeLoader):
        pass

    _Loose.add_multi_constructor("", lambda loader, suffix, node: None)
    base = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loose)
    plugins = []
    for entry in base.get("plugins") or []:
        if entry == "modelzoo" or (isinstance(entry, dict) and "modelzoo" in entry):
            options = dict((entry.get("modelzoo") or {}) if isinstance(entry, dict) else {})
            options["data_dir"] = str(data_dir.resolve())
            options["templates_dir"] = str(ROOT / options.get("templates_dir", "templates"))
            plugins.append({"modelzoo": options})
        else:
            plugins.append(entry)
    config = tmp / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {json.dumps(str(ROOT / 'mkdocs.yml'))}\n"
        f"docs_dir: {json.dumps(str(ROOT / base.get('docs_dir', 'docs')))}\n"
        f"plugins: {json.dumps(plugins)}\n",
        encoding="utf-8",
    )
    return config


def measure_site(site: Path) -> dict:
    """Sizes of the built site: total, largest page, the classification page, plot data and scripts."""
    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html"]
    largest = max(html, key=lambda p: p.stat().st_size)
    out = {
        "files": len(files),
        "total_bytes": sum(p.stat().st_size for p in files),
        "largest_page": largest.relative_to(site).as_posix(),
        "largest_page_bytes": largest.stat().st_size,
        "largest_page_gz": len(gzip.compress(largest.read_bytes(), 6)),
        "search_index_bytes": (site / SEARCH_INDEX).stat().st_size if (site / SEARCH_INDEX).is_file() else 0,
    }
    # The Image Classification task: its page, and the per-source pages under it when the tables are split.
    task_pages = (
        sorted((site / CLASSIFICATION_TASK).rglob("*.html")) if (site / CLASSIFICATION_TASK).is_dir() else []
    )
    if task_pages:
        pages = []
        for page in task_pages:
            text = page.read_text(encoding="utf-8")
            pages.append(
                {
                    "path": page.relative_to(site).as_posix(),
                    "bytes": page.stat().st_size,
                    "gz": len(gzip.compress(page.read_bytes(), 6)),
                    "rows": len(re.findall(r'class="(?:[^"]* )?mz-row[ "]', text)),
                    "plot_bytes": plot_sizes(site, [], [page])["plot_json_bytes"],
                    "sections": text.count("<h3"),
                    "toc_bytes": len(m.group(0)) if (m := TOC.search(text)) else 0,
                }
            )
        biggest = max(pages, key=lambda p: p["bytes"])
        out["classification_pages"] = len(pages)
        out["classification_page"] = biggest["path"]
        out["classification_rows_total"] = sum(p["rows"] for p in pages)
        out["classification_home_bytes"] = next(
            (p["bytes"] for p in pages if p["path"] == f"{CLASSIFICATION_TASK}/index.html"), 0
        )
        out["classification_bytes"] = biggest["bytes"]
        out["classification_gz"] = biggest["gz"]
        out["classification_rows"] = biggest["rows"]
        out["classification_plot_bytes"] = biggest["plot_bytes"]
        out["classification_sections"] = biggest["sections"]
        out["classification_toc_bytes"] = biggest["toc_bytes"]
    out.update(plot_sizes(site, files, html))
    return out


def plot_sizes(site: Path, files: list[Path], html: list[Path]) -> dict:
    """Plot data (figure JSON in pages or in .json files) and the scripts that draw it."""
    attr = re.compile(r'data-(?:figure|plotly|plot|fig)[a-z-]*="([^"]*)"')
    # JSON data islands, except Material's own configuration (<script id="__config">).
    island = re.compile(r"<script(?![^>]*__config)[^>]*application/json[^>]*>(.*?)</script>", re.S)
    plot_json = 0
    for p in html:
        text = p.read_text(encoding="utf-8")
        plot_json += sum(len(m.group(1).encode()) for m in attr.finditer(text))
        plot_json += sum(len(m.group(1).encode()) for m in island.finditer(text))
    json_files = [
        p
        for p in files
        if p.suffix == ".json" and p.relative_to(site).as_posix() != SEARCH_INDEX and "search" not in p.parts
    ]
    plot_json += sum(p.stat().st_size for p in json_files)
    plotly = [p for p in files if p.suffix == ".js" and "plotly" in p.name.lower()]
    return {
        "plot_json_bytes": plot_json,
        "plot_js_bytes": sum(p.stat().st_size for p in plotly),
        "plot_js_gz": sum(len(gzip.compress(p.read_bytes(), 6)) for p in plotly),
        "plot_js_files": [p.relative_to(site).as_posix() for p in plotly],
    }


def synth(size: Size, work: Path) -> Path:
    if size.models is None:
        return ROOT / "data"
    from generator.synth import write_synthetic

    out = work / f"data-{size.name}"
    write_synthetic(out, size.models, seed=0)
    return out


def describe(data_dir: Path, timeout: float) -> tuple[int, int, int]:
    """Models, sources and tasks of a data folder, counted in a child: this process stays small."""
    result, _, _ = run_child(["data", str(data_dir), "validate"], timeout)
    if not result.get("ok"):
        raise SystemExit(f"bench: invalid data in {data_dir}:\n{result.get('error', '')}")
    return result["models"], result["sources"], result["tasks"]


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def bench_size(size: Size, work: Path, timeout: float, baseline: Path | None = None) -> Result:
    data_dir = synth(size, work)
    res = Result(size, data_dir)
    res.models, res.sources, res.tasks = describe(data_dir, timeout)
    log(f"{size.name}: {res.models} models, {res.sources} sources, {res.tasks} tasks")
    tmp = work / f"build-{size.name}"
    tmp.mkdir(exist_ok=True)
    config = mkdocs_config(tmp, data_dir)
    for i in range(size.runs if size.build else 0):
        site = tmp / f"site-{i}"
        result, wall, rss = run_child(["build", str(config), str(site)], timeout)
        result.update(wall_s=wall, rss_mb=rss)
        res.builds.append(result)
        log(f"{size.name}: build {i + 1}/{size.runs}: {wall:.2f} s, {rss:.0f} MB, ok={result['ok']}")
        if not result["ok"]:
            log(result.get("error", "") + "\n" + result.get("log", ""))
            break
        if i == size.runs - 1 or not result["ok"]:
            res.site = measure_site(site)
        shutil.rmtree(site, ignore_errors=True)
    for i in range(size.data_runs):
        # With --baseline, the old code runs right after the new one each time: both see the same load.
        for code, runs in ((None, res.data), (baseline, res.baseline)):
            if runs is res.baseline and baseline is None:
                continue
            result, wall, rss = run_child(["data", str(data_dir), "load,validate,analyse"], timeout, code)
            result.update(wall_s=wall, rss_mb=rss)
            runs.append(result)
            which = "data layer" if code is None else "baseline data layer"
            log(f"{size.name}: {which} {i + 1}/{size.data_runs}: {wall:.2f} s, {rss:.0f} MB")
            if not result["ok"]:
                log(result.get("error", ""))
    for i in range(size.render_runs):
        result, wall, rss = run_child(
            ["data", str(data_dir), "load,validate,analyse,render,figures"], timeout
        )
        result.update(wall_s=wall, rss_mb=rss)
        res.renders.append(result)
        log(f"{size.name}: generator {i + 1}/{size.render_runs}: {wall:.2f} s, {rss:.0f} MB")
        if not result["ok"]:
            log(result.get("error", ""))
            break
    return res


# ------------------------------------------------------------------------------------------- report
def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def stage_medians(runs: list[dict]) -> dict[str, float]:
    ok = [r for r in runs if r.get("ok")]
    return {s: med([r["stages"].get(s, 0.0) for r in ok]) for s in STAGES} if ok else {}


def gen_total(stages: dict[str, float]) -> float:
    return sum(stages.values())


def fmt_s(x: float) -> str:
    if x != x:  # nan
        return "–"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def fmt_kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MB"


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
        "load": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("**met**" if ok else "**missed**")


def write_report(results: list[Result], info: dict, out: Path, args: argparse.Namespace) -> str:
    lines: list[str] = []
    add = lines.append
    add("# Benchmark results")
    add("")
    add(
        f"Written by `bench/run.py` ({'`make bench`' if not args.quick else '--quick'}) on "
        f"{info['date']}, in {info['elapsed_s'] / 60:.1f} min. Machine: {info['nproc']} cores, "
        f"{info['cpu']}, Python {info['python']}, mkdocs {info['mkdocs']}, mkdocs-material "
        f"{info['material']}; load average at start {info['load_start']}, at end {info['load_end']}."
    )
    add("")
    add(
        "Times are medians of several fresh-interpreter runs (the number is in the table). "
        "**Build** is the wall time of a real `mkdocs build --strict` of this project's mkdocs.yml with the "
        "data folder swapped (interpreter start to exit). **Generator** is the part of that build spent in "
        "this project's code: importing it, load, validate, analyse, render, figures and the plugin's own "
        "hooks (exclusive clocks, see bench/child.py). Synthetic zoos come from `modelzoo synth --models N "
        "--seed 0` (3 tasks, one source per 250 models)."
    )
    add("")

    # Table 1: full builds.
    add("## Full site builds")
    add("")
    add(
        "| data | models | sources | runs | build s | mkdocs s | generator s | gen/build | import | load "
        "| validate | analyse | render | figures | plugin | peak RSS |"
    )
    add("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    by = {r.size.name: r for r in results}
    for r in results:
        ok = [b for b in r.builds if b.get("ok")]
        if not ok:
            if r.size.build:
                add(f"| {r.size.name} | {r.models} | {r.sources} | 0 | failed | | | | | | | | | | | |")
            continue
        st = stage_medians(ok)
        wall = med([b["wall_s"] for b in ok])
        gen = med([gen_total(b["stages"]) for b in ok])
        cells = " | ".join(fmt_s(st[s]) for s in STAGES)
        add(
            f"| {r.size.name} | {r.models:,} | {r.sources} | {len(ok)} | {fmt_s(wall)} | "
            f"{fmt_s(wall - gen)} | {fmt_s(gen)} | {gen / wall:.1%} | {cells} | "
            f"{max(b['rss_mb'] for b in ok):.0f} MB |"
        )
    add("")

    # Table 2: the generator without mkdocs.
    if any(r.data or r.renders for r in results):
        add("## The generator alone (no mkdocs build)")
        add("")
        add(
            "Data layer = load + validate + analyse, in a fresh interpreter (the `import` column is the "
            "generator's own imports). Peak RSS is the whole process."
        )
        add("")
        add(
            "| data | models | what | runs | wall s | import | load | validate | analyse | render | figures "
            "| load+validate+analyse | peak RSS |"
        )
        add("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
        for r in results:
            for what, runs in (("data layer", r.data), ("+ render, figures", r.renders)):
                ok = [x for x in runs if x.get("ok")]
                if not ok:
                    continue
                st = stage_medians(ok)
                layer = med(
                    [x["stages"]["load"] + x["stages"]["validate"] + x["stages"]["analyse"] for x in ok]
                )
                wall = fmt_s(med([x["wall_s"] for x in ok]))
                cells = " | ".join(fmt_s(st[s]) for s in STAGES[:-1])
                rss = max(x["rss_mb"] for x in ok)
                add(
                    f"| {r.size.name} | {r.models:,} | {what} | {len(ok)} | {wall} | {cells} "
                    f"| {fmt_s(layer)} | {rss:.0f} MB |"
                )
        add("")

    # Before/after: the data layer of another checkout (--baseline).
    if any(r.baseline for r in results):
        add("## Data layer before/after (--baseline)")
        add("")
        add(
            f"Baseline: `{args.baseline}` ({info.get('baseline', '')}), measured right after each run of "
            "this checkout's code on the same data (interleaved: both see the same machine load). "
            "Baselines without generator.analyse show 0 for analyse."
        )
        add("")
        add("| data | models | code | runs | load | validate | analyse | load+validate | peak RSS |")
        add("|---|--:|---|--:|--:|--:|--:|--:|--:|")
        for r in results:
            for what, runs in (("baseline", r.baseline), ("this checkout", r.data)):
                ok = [x for x in runs if x.get("ok")]
                if not ok or not r.baseline:
                    continue
                st = stage_medians(ok)
                lv = med([x["stages"]["load"] + x["stages"]["validate"] for x in ok])
                rss = max(x["rss_mb"] for x in ok)
                add(
                    f"| {r.size.name} | {r.models:,} | {what} | {len(ok)} | {fmt_s(st['load'])} | "
                    f"{fmt_s(st['validate'])} | {fmt_s(st['analyse'])} | {fmt_s(lv)} | {rss:.0f} MB |"
                )
        add("")

    # Table 3: the site.
    add("## Site size")
    add("")
    add(
        "| data | files | total | largest page | its HTML (gzip) | largest Image Classification page (gzip) "
        "| search index | plot JSON | plot JS (gzip) |"
    )
    add("|---|--:|--:|---|--:|--:|--:|--:|--:|")
    for r in results:
        s = r.site
        if not s:
            continue
        cls = "–"
        if "classification_bytes" in s:
            cls = f"{fmt_kb(s['classification_bytes'])} ({fmt_kb(s['classification_gz'])})"
            if s["classification_pages"] > 1:
                cls += f", {s['classification_pages']} pages"
        js = f"{fmt_kb(s['plot_js_bytes'])} ({fmt_kb(s['plot_js_gz'])})" if s["plot_js_files"] else "none"
        add(
            f"| {r.size.name} | {s['files']} | {fmt_kb(s['total_bytes'])} | {s['largest_page']} | "
            f"{fmt_kb(s['largest_page_bytes'])} ({fmt_kb(s['largest_page_gz'])}) | {cls} | "
            f"{fmt_kb(s['search_index_bytes'])} | {fmt_kb(s['plot_json_bytes'])} | {js} |"
        )
    add("")

    # Budgets.
    add("## Budgets")
    add("")
    add("| budget | measured | verdict | why / what it needs |")
    add("|---|--:|---|---|")
    for row in budgets(by) + explorer_budgets(info.get("explorer")):
        add("| " + " | ".join(row) + " |")
    add("")
    explorer = info.get("explorer")
    if explorer:
        lines.extend(explorer_section(explorer))
    failed = [(r.size.name, x) for r in results for x in (*r.builds, *r.data, *r.renders) if not x.get("ok")]
    if failed:
        add("## Failed runs")
        add("")
        for name, x in failed:
            add(f"- {name}: {x.get('error', '')[:500]}")
        add("")
    text = "\n".join(lines)
    out.write_text(text + "\n", encoding="utf-8")
    return text


def budgets(by: dict[str, Result]) -> list[list[str]]:
    rows: list[list[str]] = []

    def build_stats(name: str) -> tuple[float, float, dict[str, float]] | None:
        r = by.get(name)
        ok = [b for b in r.builds if b.get("ok")] if r else []
        if not ok:
            return None
        return (
            med([b["wall_s"] for b in ok]),
            med([gen_total(b["stages"]) for b in ok]),
            stage_medians(ok),
        )

    seed = build_stats("seed")
    if seed:
        wall, gen, st = seed
        share = gen / wall
        parts = ", ".join(f"{s} {fmt_s(st[s])}" for s in sorted(STAGES, key=lambda s: -st[s])[:3])
        why = f"generator {fmt_s(gen)} s of {fmt_s(wall)} s ({parts}); without its imports "
        why += f"{(gen - st['import']) / wall:.1%}"
        if share > GEN_SHARE_SEED:
            why += f"; {gen - GEN_SHARE_SEED * wall:.3f} s over the budget"
        rows.append(
            ["generator ≤ 10% of the seed build", f"{share:.1%}", verdict(share <= GEN_SHARE_SEED), why]
        )
    k10, k1 = build_stats("10k"), build_stats("1k")
    if k10:
        wall, gen, st = k10
        mk = wall - gen
        why = (
            f"mkdocs itself (Markdown → HTML, search index, theme) {fmt_s(mk)} s, generator {fmt_s(gen)} s "
            f"(render {fmt_s(st['render'])} s, load+validate {fmt_s(st['load'] + st['validate'])} s)"
        )
        if wall > BUILD_10K_S:
            why += f"; {wall - BUILD_10K_S:.1f} s over: the Markdown of the big tables dominates"
        r10 = by["10k"]
        rows.append(
            [
                f"10k models ({r10.sources} sources): full build ≤ 10 s",
                f"{fmt_s(wall)} s",
                verdict(wall <= BUILD_10K_S),
                why,
            ]
        )
    if k10 and k1:
        ratio = k10[0] / k1[0]
        gen_ratio = k10[1] / k1[1]
        rows.append(
            [
                "1k → 10k build cost ≤ 11×",
                f"{ratio:.1f}×",
                verdict(ratio <= SCALE_1K_10K),
                f"build {fmt_s(k1[0])} → {fmt_s(k10[0])} s; generator alone {gen_ratio:.1f}× "
                f"({fmt_s(k1[1])} → {fmt_s(k10[1])} s)",
            ]
        )
    r100 = by.get("100k")
    if r100:
        ok = [x for x in r100.data if x.get("ok")]
        if ok:
            layer = med([x["stages"]["load"] + x["stages"]["validate"] + x["stages"]["analyse"] for x in ok])
            st = stage_medians(ok)
            rss = max(x["rss_mb"] for x in ok)
            has_analyse = any("generator.analyse" in x.get("modules", []) for x in ok)
            note = (
                f"load {fmt_s(st['load'])} + validate {fmt_s(st['validate'])} + analyse "
                f"{fmt_s(st['analyse'])} s" + ("" if has_analyse else " (no generator.analyse yet)")
            )
            if layer > DATA_100K_S:
                note += f"; {layer - DATA_100K_S:.2f} s over"
            rows.append(
                [
                    "100k models: load + validate + analyse ≤ 5 s",
                    f"{fmt_s(layer)} s",
                    verdict(layer <= DATA_100K_S),
                    note,
                ]
            )
            rows.append(
                [
                    "100k models: peak RSS ≤ 1 GB",
                    f"{rss:.0f} MB",
                    verdict(rss <= RSS_100K_MB),
                    "whole process of the data-layer run (interpreter + libraries + catalogue)",
                ]
            )
    for name in ("seed", "1k", "10k", "100k"):
        r = by.get(name)
        if not r or "classification_bytes" not in r.site:
            continue
        site = r.site
        size = site["classification_bytes"]
        rows_n = site.get("classification_rows") or 0
        ok = size <= PAGE_KB * 1024
        n_pages = site.get("classification_pages", 1)
        where = "one page" if n_pages == 1 else f"{n_pages} pages, the largest {site['classification_page']}"
        why = f"{site.get('classification_rows_total', rows_n):,} model rows on {where}"
        if n_pages > 1:
            why += f" ({rows_n:,} rows)"
        plots = site.get("classification_plot_bytes", 0)
        if plots >= 512:
            why += f"; plot JSON {fmt_kb(plots)} of it"
        if not ok:
            why += f"; {fmt_kb(size - PAGE_KB * 1024)} over"
            rest = size - plots
            if not rows_n:
                why += (
                    f": no model rows, but {site.get('classification_sections', 0)} source sections and a "
                    f"table of contents of {fmt_kb(site.get('classification_toc_bytes', 0))}: it grows with "
                    "the number of sources"
                )
            elif plots > rest:
                why += ": the plot JSON is most of it (hover text per point, JSON in an HTML attribute)"
            elif rows_n:
                fit = int((PAGE_KB * 1024 * 0.9 - plots) / (rest / rows_n))
                why += (
                    f": ≈{rest / rows_n:,.0f} B of HTML per row, so ≈{max(fit, 0)} rows fit "
                    f"{'beside the plots ' if plots else ''}on a page"
                )
        rows.append([f"{name}: Image Classification page HTML ≤ 150 KB", fmt_kb(size), verdict(ok), why])
    for name in ("seed", "10k"):
        r = by.get(name)
        if r and r.site.get("plot_js_files"):
            gz = r.site["plot_js_gz"]
            rows.append(
                [
                    f"{name}: plot JS ≤ 400 KB gzip",
                    fmt_kb(gz),
                    verdict(gz <= PLOT_JS_GZ_KB * 1024),
                    ", ".join(r.site["plot_js_files"]),
                ]
            )
    return rows


def explorer_section(e: dict) -> list[str]:
    """The explorer's measurements (bench/explorer.py)."""
    if "error" in e:
        return ["## The explorer", "", f"Not measured: {e['error']}", ""]
    out = [
        f"## The explorer ({e['models']:,} models in one task)",
        "",
        "`modelzoo synth --models 10000 --tasks 1 --seed 0`, built with this project's mkdocs.yml, served "
        "on 127.0.0.1 with gzip (level 6), its explorer opened in Chromium (playwright). Transfer: the bytes "
        "the server sent for each file until the network was idle (bodies as encoded, and headers). Times: "
        "from the event to the table updated and laid out, in the page (`performance.now()`), median of "
        f"{len(e['timings']['sort'])} runs each; the plot is redrawn after the table (a sort shows the same "
        "rows: no redraw). KB = 1024 bytes, as above.",
        "",
        "| file | transferred |",
        "|---|--:|",
    ]
    for f in e["files"]:
        out.append(f"| {f['path']} | {fmt_kb(f['transfer'])} |")
    out += [
        f"| **all {len(e['files'])} files** | **{fmt_kb(e['transfer'])}** |",
        "",
        f"The data file is {fmt_kb(e['data_bytes'])} ({fmt_kb(e['data_gz'])} gzip); explore.js "
        f"{fmt_kb(e['explore_js'][0])} ({fmt_kb(e['explore_js'][1])} gzip); no table library.",
        "",
        "| action | table updated (median) | each run (ms) | plot redrawn (median) |",
        "|---|--:|---|--:|",
    ]
    for name, label in (
        ("sort", "sort (a heading clicked)"),
        ("filter", "filter (a name, a source, a minimum)"),
    ):
        runs = e["timings"][name]
        each = ", ".join(f"{r['table']:.0f}" for r in runs)
        plots = [r["plot"] for r in runs if r["plot"] == r["plot"]]
        plot = f"{med(plots):.0f} ms" if plots else "not redrawn"
        out.append(f"| {label} | {med([r['table'] for r in runs]):.1f} ms | {each} | {plot} |")
    out.append("")
    return out


def explorer_budgets(e: dict | None) -> list[list[str]]:
    if not e or "error" in e:
        return []
    js = e["js_transfer"]
    files = ", ".join(f"{Path(f['path']).name} {fmt_kb(f['transfer'])}" for f in e["js"])
    margin = EXPLORER_JS_GZ_KB * 1024 - js
    return [
        [
            "explorer page: all JavaScript ≤ 450 KB gzip",
            fmt_kb(js),
            verdict(js <= EXPLORER_JS_GZ_KB * 1024),
            f"{js:,} bytes ({files}); {'margin' if margin >= 0 else 'over by'} {fmt_kb(abs(margin))}. "
            "In decimal kilobytes it is "
            f"{js / 1000:.1f} kB. plotly.js basic is most of it (a core-only bundle is 2 KB smaller: "
            "bench/README.md); the project's scripts are served minified",
        ],
        ["explorer: a table library ≤ 20 KB gzip", "0 KB", verdict(True), "none: explore.js draws its table"],
        [
            f"{e['models'] // 1000}k explorer: a sort answers in ≤ 100 ms",
            f"{e['sort_ms']:.1f} ms",
            verdict(e["sort_ms"] <= EXPLORER_MS),
            "median; the table updated and laid out (100 rows a page), sort keys computed once per column",
        ],
        [
            f"{e['models'] // 1000}k explorer: a filter answers in ≤ 100 ms",
            f"{e['filter_ms']:.1f} ms",
            verdict(e["filter_ms"] <= EXPLORER_MS),
            f"median of a name, a source and a minimum; the plot of 10,000 points follows in "
            f"{e['plot_ms']:.0f} ms (plotly, SVG)",
        ],
        [
            f"{e['models'] // 1000}k explorer page transfers ≤ 1.5 MB",
            fmt_kb(e["transfer"]),
            verdict(e["transfer"] <= EXPLORER_TRANSFER_MB * 1024 * 1024),
            f"gzip as served; the data as a separate file ({fmt_kb(e['data_gz'])} of it); uncompressed "
            "plotly.js alone would be 1.14 MB",
        ],
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one run each, no 100k build")
    parser.add_argument("--sizes", default="seed,1k,10k,100k", help="comma list of seed,1k,10k,100k")
    parser.add_argument("--runs", type=int, default=None, help="runs per size (default: 5, 5, 3, 1)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw measurements here")
    parser.add_argument(
        "--no-build-100k", action="store_true", help="skip the full mkdocs build at 100k (over a minute)"
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed for one run")
    parser.add_argument("--no-explorer", action="store_true", help="skip the explorer's budgets (Chromium)")
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="another checkout (e.g. `git archive REF | tar -x -C DIR`): its data layer is measured too",
    )
    args = parser.parse_args(argv)

    q = args.quick
    plan = {
        "seed": Size("seed", None, runs=1 if q else 5),
        "1k": Size("1k", 1_000, runs=1 if q else 5, data_runs=0 if q else 3),
        "10k": Size("10k", 10_000, runs=1 if q else 3, data_runs=1 if q else 3),
        "100k": Size(
            "100k",
            100_000,
            runs=1,
            build=not (q or args.no_build_100k),
            data_runs=1 if q else 3,
            render_runs=0 if q else 1,
        ),
    }
    sizes = []
    for name in args.sizes.split(","):
        if name not in plan:
            parser.error(f"unknown size {name!r}; choose from {', '.join(plan)}")
        size = plan[name]
        if args.runs:
            size.runs = args.runs
            size.data_runs = min(size.data_runs, args.runs) if size.data_runs else 0
        sizes.append(size)

    info = machine()
    info["date"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    info["load_start"] = ", ".join(f"{x:.2f}" for x in info.pop("load") or ())
    if args.baseline:
        info["baseline"] = (
            (args.baseline / "BASELINE").read_text().strip() if (args.baseline / "BASELINE").is_file() else ""
        )
    start = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory(prefix="modelzoo-bench-") as tmp:
        for size in sizes:
            results.append(bench_size(size, Path(tmp), args.timeout, args.baseline))
        if not args.no_explorer:
            from explorer import bench_explorer

            try:
                info["explorer"] = bench_explorer(Path(tmp), 3 if q else 9, args.timeout)
                e = info["explorer"]
                log(f"explorer: sort {e['sort_ms']:.1f} ms, filter {e['filter_ms']:.1f} ms")
            except Exception as exc:  # reported in results.md: no chromium, a failed build
                info["explorer"] = {"error": str(exc)}
                log(f"explorer: {exc}")
    info["elapsed_s"] = time.perf_counter() - start
    info["load_end"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    text = write_report(results, info, args.out, args)
    if args.json:
        raw = [
            {
                "size": r.size.name,
                "models": r.models,
                "sources": r.sources,
                "tasks": r.tasks,
                "builds": r.builds,
                "data": r.data,
                "renders": r.renders,
                "site": r.site,
            }
            for r in results
        ]
        for r in raw:
            for x in (*r["builds"], *r["data"], *r["renders"]):
                x.pop("log", None)
        args.json.write_text(json.dumps({"machine": info, "results": raw}, indent=1), encoding="utf-8")
    print(text)
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
