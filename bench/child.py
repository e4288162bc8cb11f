"""One measured run, in a fresh interpreter started by bench/run.py (which reads its peak RSS with wait4).

    python bench/child.py build CONFIG SITE_DIR RESULT.json   # a real `mkdocs build --strict`
    python bench/child.py data DATA_DIR STAGES RESULT.json     # the generator alone, no mkdocs build

STAGES (data mode) is a comma list of load,validate,analyse,render,figures: the pipeline stops after the
last one named (load and validate always run together, as build_catalogue does them).

Time is split by stage with exclusive clocks: every public function of a stage module is wrapped, and
while a stage's function runs, time counts to that stage only (a render that calls analyse gives those
seconds to analyse). The stage modules are found by name, so stages that do not exist yet are skipped.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import sys
import time
from pathlib import Path

T_START = time.perf_counter()

STAGE_MODULES = {
    "generator.load": "load",
    "generator.validate": "validate",
    "generator.analyse": "analyse",
    "generator.render": "render",
    "generator.figures": "figures",
}
STAGES = ("import", "load", "validate", "analyse", "render", "figures", "plugin")
MKDOCS_MODULES = (
    "mkdocs.__main__",
    "mkdocs.commands.build",
    "mkdocs.config.defaults",
    "mkdocs.plugins",
    "mkdocs.structure.files",
    "mkdocs.structure.nav",
    "mkdocs.structure.pages",
    "mkdocs.utils",
    "jinja2",
    "markdown",
    "yaml",
)


class StageClock:
    """Exclusive time per stage: entering a stage pauses the one running."""

    def __init__(self) -> None:
        self.totals = dict.fromkeys(STAGES, 0.0)
        self.calls = dict.fromkeys(STAGES, 0)
        self.stack: list[str] = []
        self.last = time.perf_counter()

    def wrap(self, stage: str, func):
        clock = self

        def timed(*args, **kwargs):
            if clock.stack and clock.stack[-1] == stage:
                return func(*args, **kwargs)
            now = time.perf_counter()
            if clock.stack:
                clock.totals[clock.stack[-1]] += now - clock.last
            clock.stack.append(stage)
            clock.calls[stage] += 1
            clock.last = now
            try:
                return func(*args, **kwargs)
            finally:
                now = time.perf_counter()
                clock.totals[clock.stack.pop()] += now - clock.last
                clock.last = now

        timed.__wrapped__ = func  # type: ignore[attr-defined]
        timed.__name__ = getattr(func, "__name__", "timed")
        return timed


def import_generator() -> tuple[float, list[str]]:
    """Import the generator's modules. What `mkdocs build` imports anyway (its config options, structure,
    Markdown, Jinja2, YAML) is imported first, so that only the generator's own cost counts."""
    for name in MKDOCS_MODULES:
        importlib.import_module(name)
    t = time.perf_counter()
    found = []
    for name in ("generator.publish.plugin", *STAGE_MODULES):
        try:
            importlib.import_module(name)
            found.append(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return time.perf_counter() - t, found


def instrument(clock: StageClock) -> None:
    """Replace every public function of the stage modules, wherever it was imported, by a timed one."""
    originals: dict[int, tuple[str, object]] = {}
    for mod_name, stage in STAGE_MODULES.items():
        mod = sys.modules.get(mod_name)
        if mod is None:
            continue
        for attr, value in vars(mod).items():
            if inspect.isfunction(value) and value.__module__ == mod_name and not attr.startswith("_"):
                originals[id(value)] = (stage, value)
    wrapped = {key: clock.wrap(stage, func) for key, (stage, func) in originals.items()}
    for mod_name, mod in list(sys.modules.items()):
        if mod_name != "generator" and not mod_name.startswith("generator."):
            continue
        for attr, value in list(vars(mod).items()):
            if id(value) in wrapped and originals[id(value)][1] is value:
                setattr(mod, attr, wrapped[id(value)])
    plugin_mod = sys.modules["generator.publish.plugin"]
    cls = plugin_mod.ModelZooPlugin
    for attr, value in list(vars(cls).items()):
        if attr.startswith("on_") and inspect.isfunction(value):
            setattr(cls, attr, clock.wrap("plugin", value))


def run_build(config: str, site: str) -> dict:
    from mkdocs.__main__ import cli

    args = ["build", "--strict", "-f", config, "--site-dir", site, "--quiet"]
    try:
        cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
        return {"ok": True}
    except SystemExit as exc:
        return {"ok": exc.code in (0, None), "error": f"exit {exc.code}"}
    except Exception as exc:  # a failed build is reported, not raised
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:2000]}


def run_data(data_dir: str, stages: list[str]) -> dict:
    from generator.validate import build_catalogue

    catalogue, warnings = build_catalogue(Path(data_dir))
    out: dict = {
        "ok": True,
        "models": sum(len(v) for v in catalogue.models.values()),
        "sources": len(catalogue.sources),
        "tasks": len(catalogue.tasks),
        "warnings": len(warnings),
    }
    last = max(STAGES.index(s) for s in stages)
    analysis = None
    analyse = sys.modules.get("generator.analyse")
    if last >= STAGES.index("analyse") and analyse is not None:
        analysis = analyse.analyse(catalogue)
    if last >= STAGES.index("render"):
        import generator.render as render_mod

        root = Path(render_mod.__file__).resolve().parent.parent
        params = inspect.signature(render_mod.render).parameters
        kwargs = {"analysis": analysis} if "analysis" in params and analysis is not None else {}
        pages = render_mod.render(catalogue, root / "templates", **kwargs).pages
        out["markdown_bytes"] = sum(len(p.encode()) for p in pages.values())
        out["largest_markdown"] = max((len(p.encode()), k) for k, p in pages.items())
    return out


def main(argv: list[str]) -> int:
    mode = argv[0]
    clock = StageClock()
    import_s, found = import_generator()
    clock.totals["import"] = import_s
    instrument(clock)
    t = time.perf_counter()
    if mode == "build":
        config, site, result_file = argv[1:4]
        result = run_build(config, site)
    elif mode == "data":
        data_dir, stages, result_file = argv[1], argv[2].split(","), argv[3]
        result = run_data(data_dir, stages)
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    result.update(
        {
            "stages": clock.totals,
            "calls": clock.calls,
            "modules": found,
            "inprocess_s": time.perf_counter() - t,
            "since_start_s": time.perf_counter() - T_START,
            "peak_rss_mb": peak_rss_mb(),
        }
    )
    Path(result_file).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


def peak_rss_mb() -> float | None:
    """This process's own peak RSS (VmHWM). Not getrusage: Linux carries the parent's peak across
    vfork+exec into the child's ru_maxrss, so a big parent would inflate every child's figure."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return None


if __name__ == "__main__":
    code_root = os.environ.get("BENCH_CODE_ROOT")
    if code_root:
        # Measure another checkout's generator (run.py --baseline) with this harness: its modules only,
        # not this checkout's through the editable install's finder.
        sys.meta_path[:] = [
            f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable")
        ]
    sys.path.insert(0, code_root or str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main(sys.argv[1:]))
