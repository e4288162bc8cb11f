"""Stage 5 — render: catalogue -> {page path: Markdown}, from the Jinja2 templates in templates/.

``render`` is a pure function of the catalogue and the templates: no mkdocs, no file writes. Every string
from a data file reaches a page through one of the escaping filters of ``generator.escape``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2

from generator import escape
from generator.analyse import analyse_task
from generator.catalogue import Catalogue, Model
from generator.figures import task_figures
from generator.schema import Task

REFERENCES_PAGE = "references.md"
INDEX_PAGE = "index.md"


def task_page(task: Task | str) -> str:
    return f"{task if isinstance(task, str) else task.id}.md"


def figure(value: Decimal | None) -> str:
    """A figure exactly as written in the data file; blank when missing."""
    return "" if value is None else str(value)


def link_title(text: object) -> str:
    """Text for a Markdown link title ("..."): no double quotes, no newlines, HTML escaped."""
    return escape.attr(str(text).replace('"', "'"))


def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown: escaping is explicit, per context, via the filters below
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=escape.md_text,
        md_links=escape.md_text_links,
        prose=escape.md_prose,
        attr=escape.attr,
        title=link_title,
        fig=figure,
    )
    return env


def _resolve(url: str, base: str | None) -> str:
    if url.startswith("./") or url.startswith("../"):
        return urljoin(base or "", url)
    return url


def _page_context(catalogue: Catalogue, task: Task) -> dict[str, Any]:
    analysis = analyse_task(catalogue, task)
    sources = []
    for source_id in task.sources:
        source = catalogue.sources[source_id]
        models = catalogue.models_of(task.id, source_id)
        rows: list[dict[str, Any]] = []
        group = ""
        for model in models:
            if model.group != group:
                group = model.group
                if group:
                    rows.append({"group": group})
            rows.append({"model": model, "citations": _citations(catalogue, model)})
        sources.append(
            {
                "source": source,
                "links": [
                    {"label": link.label, "url": link.url and _resolve(link.url, task.links_base)}
                    for link in source.links
                ],
                "rows": rows,
                "count": len(models),
                # A footnote belongs to the rows that use its marker: show it only where they are.
                "footnotes": [f for f in source.footnotes if any(f.marker in m.notes for m in models)],
            }
        )
    return {
        "zoo": catalogue.zoo,
        "task": task,
        "datasets": [catalogue.datasets[d] for d in task.datasets],
        "dataset_names": {d.id: d.name for d in catalogue.datasets.values()},
        "sources": sources,
        "references_page": REFERENCES_PAGE,
        "model_count": len(catalogue.models_of(task.id)),
        # Pareto plots (generator.figures) and the anchors of the models on the all-sources frontier.
        "figures": task_figures(catalogue, analysis),
        "frontier": analysis.frontier_anchors,
    }


def _citations(catalogue: Catalogue, model: Model) -> list[dict[str, Any]]:
    return [
        {
            "id": ref_id,
            "number": catalogue.reference_numbers[ref_id],
            "title": catalogue.references[ref_id].title,
        }
        for ref_id in model.references
    ]


def render(catalogue: Catalogue, templates_dir: Path) -> dict[str, str]:
    """Render every page of the site. Returns {path relative to the docs root: Markdown}."""
    env = environment(Path(templates_dir))
    pages: dict[str, str] = {}
    task_template = env.get_template("task.md.j2")
    for task in catalogue.tasks:
        pages[task_page(task)] = task_template.render(_page_context(catalogue, task))

    citations = catalogue.citations()
    pages[REFERENCES_PAGE] = env.get_template("references.md.j2").render(
        references=[
            {
                "ref": ref,
                "number": catalogue.reference_numbers[ref.id],
                "cited_by": [
                    {"label": c.label, "page": task_page(c.task or ""), "task": c.task, "anchor": c.anchor}
                    for c in citations[ref.id]
                ],
            }
            for ref in catalogue.references.values()
        ],
        task_titles={t.id: t.title for t in catalogue.tasks},
    )
    pages[INDEX_PAGE] = env.get_template("index.md.j2").render(
        zoo=catalogue.zoo,
        tasks=[
            {
                "task": task,
                "page": task_page(task),
                "models": len(catalogue.models_of(task.id)),
                "sources": len(task.sources),
                "datasets": [catalogue.datasets[d].name for d in task.datasets],
            }
            for task in catalogue.tasks
        ],
        references=len(catalogue.references),
        references_page=REFERENCES_PAGE,
    )
    return dict(sorted(pages.items()))


def source_files(catalogue: Catalogue) -> dict[str, str]:
    """Page path -> the data file a contributor edits to change it (for edit links)."""
    out = {INDEX_PAGE: catalogue.files.get("zoo", ""), REFERENCES_PAGE: catalogue.files.get("references", "")}
    for task in catalogue.tasks:
        out[task_page(task)] = catalogue.files.get(f"models:{task.id}", "")
    return out
