"""The explorer's budgets (issue 11), measured in Chromium: a synthetic task of 10,000 models, built with the
project's mkdocs.yml and served on 127.0.0.1 with gzip (as a static host serves it), its explorer page loaded
with playwright (Debian's chromium).

- **JavaScript**: every script the page loads (Material's bundle and search worker, plots.js, explore.js,
  plotly.js), as transferred (gzip);
- **transfer**: every response until the network is idle (page, styles, scripts, the explorer's data file,
  the search index Material's worker fetches, fonts and images), as transferred;
- **sort / filter**: the time from the event (a heading's click; a name typed, a source ticked, a minimum
  typed) until the table is updated and laid out (the handler runs synchronously; the plot is redrawn after,
  and its time is given apart). Median of several runs.

Run by bench/run.py (`make bench`); alone: ``.venv/bin/python bench/explorer.py [--runs N]``.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MODELS = 10_000
TASK = "image-classification"

# One measured action: the time to the table's update (sync), and to the plot's (plotly_afterplot).
MEASURE_JS = """async ([action, arg]) => {
  const table = document.querySelector('.mz-x-table');
  const plot = document.getElementById('mz-x-plot');
  const plotted = new Promise((resolve) => plot.once('plotly_afterplot', () => resolve(performance.now())));
  const t0 = performance.now();
  if (action === 'sort') {
    table.querySelector('thead button[data-mz-sort="' + arg + '"]').click();
  } else if (action === 'text' || action === 'min') {
    const input = action === 'text' ? document.querySelector('.mz-x-filters input[type=search]')
      : Array.from(document.querySelectorAll('.mz-x-filters input[inputmode=decimal]')).pop();
    input.value = arg;
    input.dispatchEvent(new Event('input', {bubbles: true}));
  } else if (action === 'source') {
    const box = document.querySelectorAll('.mz-x-sources input[type=checkbox]')[arg];
    box.click();
  }
  void table.offsetHeight;  // laid out
  const t1 = performance.now();
  // a sort shows the same rows: the plot is not redrawn (explore.js's plotKey)
  const t2 = action === 'sort' ? NaN
    : await Promise.race([plotted, new Promise((r) => setTimeout(() => r(NaN), 10000))]);
  return {table: t1 - t0, plot: t2 - t0, rows: document.querySelector('.mz-x-status').textContent};
}"""


SENT: dict[str, int] = {}
"""Path -> bytes sent for it (body as encoded, and headers), counted by the server: the browser's own counts
miss what a worker fetches."""


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-encoded when the client accepts it (level 6, as hosts commonly serve them)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self._headers_size = sum(len(h) for h in getattr(self, "_headers_buffer", []))
        super().end_headers()

    def copyfile(self, source: Any, outputfile: Any) -> None:
        body = source.read()
        path = self.path.split("?")[0]
        SENT[path] = SENT.get(path, 0) + len(body) + getattr(self, "_headers_size", 0)
        outputfile.write(body)

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


def build(work: Path, timeout: float) -> Path:
    """The synthetic 10k-model task, built into work/site (a child interpreter, as bench/run.py builds)."""
    sys.path.insert(0, str(ROOT))
    from run import mkdocs_config, run_child

    from generator.synth import write_synthetic

    data = work / "data-explorer"
    write_synthetic(data, MODELS, tasks=1, seed=0)
    config = mkdocs_config(work, data)
    site = work / "site-explorer"
    result, _, _ = run_child(["build", str(config), str(site)], timeout)
    if not result.get("ok"):
        raise RuntimeError(f"explorer bench: the build failed: {result.get('error', '')}")
    return site


def measure(site: Path, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise RuntimeError("explorer bench: chromium not installed (apt-get install chromium)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    responses: list[Any] = []
    out: dict[str, Any] = {"models": MODELS}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.on("response", lambda r: responses.append(r))
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(base + f"{TASK}/explore/")
            page.wait_for_selector(".mz-explorer[data-ready=true]")
            page.wait_for_selector("#mz-x-plot[data-rendered=true]")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)  # the search worker's index
            files = [{"path": path, "transfer": sent} for path, sent in sorted(SENT.items())]
            out["requests"] = len(responses)
            js = [f for f in files if f["path"].endswith(".js")]
            out["files"] = files
            out["js"] = js
            out["js_transfer"] = sum(f["transfer"] for f in js)
            out["transfer"] = sum(f["transfer"] for f in files)
            data = site / TASK / "explore" / "models.json"
            out["data_bytes"] = data.stat().st_size
            out["data_gz"] = len(gzip.compress(data.read_bytes(), 6))
            out["rows"] = page.locator(".mz-x-status").inner_text()
            explore = ROOT / "docs" / "assets" / "javascripts" / "explore.js"
            out["explore_js"] = (explore.stat().st_size, len(gzip.compress(explore.read_bytes(), 6)))
            timings: dict[str, list[dict[str, float]]] = {"sort": [], "filter": []}
            for i in range(runs):
                timings["sort"].append(page.evaluate(MEASURE_JS, ["sort", "gmacs" if i % 2 else "top1"]))
            for i in range(runs):
                kind = ("text", "source", "min")[i % 3]
                arg = {"text": "net" if i % 2 else "mobile", "source": i % 5, "min": "70" if i % 2 else "75"}
                timings["filter"].append(page.evaluate(MEASURE_JS, [kind, arg[kind]]))
            out["timings"] = timings
            out["sort_ms"] = statistics.median(t["table"] for t in timings["sort"])
            out["filter_ms"] = statistics.median(t["table"] for t in timings["filter"])
            out["plot_ms"] = statistics.median(t["plot"] for t in timings["filter"])
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def bench_explorer(work: Path, runs: int, timeout: float) -> dict[str, Any]:
    return measure(build(work, timeout), runs)


def main() -> int:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 9
    with tempfile.TemporaryDirectory(prefix="modelzoo-bench-explorer-") as tmp:
        result = bench_explorer(Path(tmp), runs, 900)
    result.pop("files")
    import json

    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
