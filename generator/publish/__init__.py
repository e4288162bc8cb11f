"""Stage 6 — publish: the mkdocs plugin (thin glue) and the markdown-folder writer used by the CLI."""
