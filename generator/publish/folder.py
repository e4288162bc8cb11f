"""Write rendered pages to a Markdown folder (for other site engines), atomically: all or nothing."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from generator.files import FileRefused, check_output_path, write_contained

MARKER = ".modelzoo-render"


class FolderInUse(Exception):
    """The output folder holds files this command did not write."""


def replace_folder(files: dict[str, str], out_dir: Path, *, marker: str, command: str) -> list[Path]:
    """Replace ``out_dir`` with exactly ``files`` ({relative path: text}), all or nothing.

    Only an empty folder, or one that ``command`` wrote before (it holds the ``marker`` file), is replaced;
    any other raises FolderInUse. An ``out_dir`` that is a symbolic link or lies under one raises
    ``FileRefused`` (see ``generator.files.check_output_path``); no file is written through a link. The
    files are written to a staging folder beside it first, so a failure leaves the previous folder untouched.
    """
    out = check_output_path(out_dir)
    try:
        st: os.stat_result | None = os.lstat(out)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISDIR(st.st_mode):
        raise FileRefused(f"refusing to write to {out_dir}: it is not a folder")
    if st is not None and not _is_empty(out) and not _is_regular(out / marker):
        raise FolderInUse(f"{out_dir} is not empty and was not written by `{command}`; choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for rel, text in files.items():
            write_contained(staging, rel, text.encode("utf-8"))
        write_contained(staging, marker, f"written by `{command}`; replaced the next time it runs\n".encode())
        if st is not None:
            # The previous folder goes into a fresh folder of its own (never onto a name that may exist).
            trash = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
            out.rename(trash / "old")
            try:
                staging.rename(out)
            except BaseException:
                (trash / "old").rename(out)
                raise
            shutil.rmtree(trash)
        else:
            staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [Path(out_dir) / rel for rel in files]


def _is_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def write_pages(pages: dict[str, str], out_dir: Path) -> list[Path]:
    """Replace ``out_dir`` with exactly these pages (see ``replace_folder``)."""
    return replace_folder(pages, out_dir, marker=MARKER, command="modelzoo render")
