"""Write rendered pages to a Markdown folder (for other site engines), atomically: all or nothing."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

MARKER = ".modelzoo-render"


class FolderInUse(Exception):
    """The output folder holds files this command did not write."""


def write_pages(pages: dict[str, str], out_dir: Path) -> list[Path]:
    """Replace ``out_dir`` with exactly these pages. A failure leaves the previous folder untouched.

    Only an empty folder or one written by an earlier render (it holds the marker file) is replaced.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise FolderInUse(
            f"{out_dir} is not empty and was not written by `modelzoo render`; choose another --out"
        )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        for rel, text in pages.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        (staging / MARKER).write_text("written by `modelzoo render`; replaced on the next render\n")
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
    return [out_dir / rel for rel in pages]
