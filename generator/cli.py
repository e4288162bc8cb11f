"""The `modelzoo` command (also `python -m generator`).

Exit codes: 0 success (warnings may be printed), 1 invalid data or failed command, 2 usage error.
Heavy libraries are imported inside the commands that need them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="modelzoo", description="Model-zoo data files -> documentation site.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("validate", help="check a data folder (and that it renders); print every problem")
    _site_args(p)
    p.add_argument("--format", choices=("text", "github"), default="text", help="message format")

    p = sub.add_parser(
        "import", help="read one task page in the TI model-zoo style into a data folder, merging with it"
    )
    p.add_argument("page", type=Path, help="the task page (Markdown)")
    p.add_argument("--out", type=Path, required=True, help="data folder to write (created or merged into)")
    p.add_argument("--task-id", default=None, help="task id (default: the slug of the page's title)")
    p.add_argument(
        "--title", default=None, help="task title (default: the page's '# ' heading without Benchmark)"
    )
    p.add_argument("--order", type=int, default=None, help="task order (default: after the folder's tasks)")
    p.add_argument("--links-base", default=None, help="base URL of the page's ./relative links")
    p.add_argument(
        "--anchors-from",
        type=Path,
        default=None,
        help="another version of the page whose anchors are kept too",
    )
    p.add_argument("--notice", type=Path, default=None, help="licence notice to write to DIR/NOTICE.md")

    p = sub.add_parser(
        "import-devices",
        help="read a publisher's device files (TI's accuracy report, artifact lists) into a data folder",
    )
    p.add_argument("config", type=Path, help="the config naming them (tools/ti-devices.yaml)")
    p.add_argument("--from", dest="source", type=Path, required=True, help="folder of the files it names")
    p.add_argument(
        "--model-ids", type=Path, required=True, help="the reviewed mapping of model ids to zoo rows"
    )
    p.add_argument("--out", type=Path, required=True, help="data folder to write into (it must validate)")

    p = sub.add_parser(
        "propose-ids",
        help="propose, for a person to review, which zoo row each model id of the device files is",
    )
    p.add_argument("config", type=Path, help="the config naming them (tools/ti-devices.yaml)")
    p.add_argument("--from", dest="source", type=Path, required=True, help="folder of the files it names")
    p.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")

    p = sub.add_parser(
        "render",
        help="write a folder any engine builds the site from without the plugin (mkdocs.yml + docs/)",
    )
    _site_args(p)
    p.add_argument(
        "--config",
        type=Path,
        default=None,
        help="the site's mkdocs.yml, for the folder's own (default: mkdocs.yml beside the templates)",
    )
    p.add_argument("--out", type=Path, required=True, help="folder to write (replaced whole)")

    p = sub.add_parser("schema", help="write the JSON Schema files of the YAML data files to DIR/schemas/")
    p.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")

    p = sub.add_parser("synth", help="write a deterministic synthetic data folder (for benchmarks and tests)")
    p.add_argument("--models", type=int, required=True, help="number of model rows, over all tasks")
    p.add_argument("--sources", type=int, default=None, help="number of sources (default: models/250)")
    p.add_argument("--tasks", type=int, default=3, help="number of tasks (default: 3)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    p.add_argument("--out", type=Path, required=True, help="data folder to write")

    p = sub.add_parser(
        "diff", help="Markdown report of the data changes between two data folders or a git ref"
    )
    p.add_argument("folders", nargs="*", type=Path, metavar="DATA_DIR", help="OLD_DATA_DIR NEW_DATA_DIR")
    p.add_argument(
        "--git", metavar="BASE_REF", help="compare the data folder at BASE_REF with the working tree"
    )
    p.add_argument("--data", type=Path, default=Path("data"), help="data folder, with --git (default: data)")
    p.add_argument(
        "--templates", type=Path, default=Path("templates"), help="templates folder (default: templates)"
    )
    p.add_argument("--docs", type=Path, default=None, help="docs folder (default: docs beside the templates)")
    return parser


def _site_args(p: argparse.ArgumentParser) -> None:
    """The folders the pipeline reads, as the plugin takes them from mkdocs.yml."""
    p.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    p.add_argument(
        "--templates", type=Path, default=Path("templates"), help="templates folder (default: templates)"
    )
    p.add_argument("--docs", type=Path, default=None, help="docs folder (default: docs beside the templates)")


def docs_dir(args: argparse.Namespace) -> Path:
    """The docs folder whose names the generated pages must not take: --docs, or docs/ beside templates/."""
    return args.docs if args.docs is not None else args.templates.parent / "docs"


def _validate(args: argparse.Namespace) -> int:
    from generator.diagnostics import DataError, summary
    from generator.pipeline import build_site

    try:
        site = build_site(args.data, args.templates, docs_dir=docs_dir(args))
    except DataError as exc:
        print(exc.report(args.format), file=sys.stdout)
        return 1
    for w in site.warnings:
        print(w.format(args.format))
    if args.format == "text":
        print(summary(site.warnings))
    return 0


def _render(args: argparse.Namespace) -> int:
    from generator.diagnostics import DataError
    from generator.pipeline import build_site
    from generator.publish.folder import FolderInUse, FolderRefused, write_site_folder
    from generator.publish.siteconfig import ConfigRefused

    docs = docs_dir(args)
    config = args.config if args.config is not None else args.templates.parent / "mkdocs.yml"
    try:
        site = build_site(args.data, args.templates, docs_dir=docs)
    except DataError as exc:
        print(exc.report("text"), file=sys.stderr)
        return 1
    for w in site.warnings:
        print(w.format("text"), file=sys.stderr)
    if not config.is_file():
        print(
            f"modelzoo: error: config not found: {config} (give the site's mkdocs.yml with --config)",
            file=sys.stderr,
        )
        return 1
    try:
        written = write_site_folder(site, args.out, docs_dir=docs, config=config)
    except (FolderInUse, FolderRefused, ConfigRefused) as exc:
        print(f"modelzoo: error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


def _import(args: argparse.Namespace) -> int:
    from generator.importer import Options, import_page

    if not args.page.is_file():
        print(f"modelzoo: error: page not found: {args.page}", file=sys.stderr)
        return 1
    if args.order is not None and not 0 <= args.order <= 999_999_999:
        print("modelzoo: error: --order must be from 0 to 999999999", file=sys.stderr)
        return 2
    options = Options(task_id=args.task_id, title=args.title, order=args.order, links_base=args.links_base)
    result = import_page(
        args.page, args.out, options=options, anchors_from=args.anchors_from, notice=args.notice
    )
    if result.problems:
        print(result.report(), end="", file=sys.stderr)
    if not result.ok:
        return 1
    print(result.summary.format(), end="")
    return 0


def _import_devices(args: argparse.Namespace) -> int:
    from generator.importer.devices import import_devices
    from generator.importer.report import format_report

    result = import_devices(args.config, args.source, args.model_ids, args.out)
    if result.problems:
        print(format_report(result.problems), end="", file=sys.stderr)
    if not result.ok:
        return 1
    for line in result.summary:
        print(line)
    for path in result.written:
        print(f"  {path}")
    return 0


def _propose_ids(args: argparse.Namespace) -> int:
    from generator.diagnostics import DataError
    from generator.importer.devices import proposals_csv, propose, read_config, read_inputs
    from generator.importer.report import format_report
    from generator.validate import build_catalogue

    config, problems = read_config(args.config)
    if config is None:
        print(format_report(problems), end="", file=sys.stderr)
        return 1
    inputs = read_inputs(config, args.source, str(args.source))
    if inputs.problems:
        print(format_report(inputs.problems), end="", file=sys.stderr)
    if any(p.severity == "error" for p in inputs.problems):
        return 1
    try:
        catalogue, _ = build_catalogue(args.data)
    except DataError as exc:
        print(exc.report("text"), file=sys.stderr)
        return 1
    print(proposals_csv(propose(inputs, catalogue)), end="")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from generator.jsonschema import write_json_schemas

    for path in write_json_schemas(args.data):
        print(path)
    return 0


def _synth(args: argparse.Namespace) -> int:
    from generator.publish.folder import FolderInUse
    from generator.synth import write_synthetic

    if args.models < 0 or args.tasks < 1 or (args.sources is not None and args.sources < 1):
        print("modelzoo: error: --models must be >= 0, --tasks and --sources >= 1", file=sys.stderr)
        return 2
    try:
        written = write_synthetic(
            args.out, args.models, sources=args.sources, tasks=args.tasks, seed=args.seed
        )
    except FolderInUse as exc:
        print(f"modelzoo: error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


def _diff(args: argparse.Namespace) -> int:
    from generator.diff import run

    return run(args)


COMMANDS = {"validate": _validate, "render": _render, "import": _import, "schema": _schema, "synth": _synth}
COMMANDS["diff"] = _diff
COMMANDS["import-devices"] = _import_devices
COMMANDS["propose-ids"] = _propose_ids


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        print(f"modelzoo: error: {exc}", file=sys.stderr)
        return 1
