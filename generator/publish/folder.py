"""Write rendered pages to a Markdown folder (for other site engines), atomically: all or nothing."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

MARKER = ".modelzoo-render"


class FolderInUse(Exception):
    """The output folder holds files this command did not write."""


def replace_folder(files: dict[str, str], out_dir: Path, *, marker: str, command: str) -> list[Path]:
    """Replace ``out_dir`` with exactly ``files`` ({relative path: text}), all or nothing.

    Only an empty folder, or one that ``command`` wrote before (it holds the ``marker`` file), is replaced;
    any other raises FolderInUse. The files are written to a staging folder beside it first, so a failure
    leaves the previous folder untouched.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / marker).is_file():
        raise FolderInUse(f"{out_dir} is not empty and was not written by `{command}`; choose another --out")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        for rel, text in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        (staging / marker).write_text(f"written by `{command}`; replaced the next time it runs\n")
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}-old")
            shutil.rmtree(old, ignore_errors=True)
            out_dir.rename(old)
            staging.rename(out_dir)
            shutil.rmtree(old)
        else:
            staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / rel for rel in files]


def write_pages(pages: dict[str, str], out_dir: Path) -> list[Path]:
    """Replace ``out_dir`` with exactly these pages (see ``replace_folder``)."""
    return replace_folder(pages, out_dir, marker=MARKER, command="modelzoo render")
