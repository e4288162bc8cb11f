"""Contained file access: the one way the pipeline reads data files and templates, and writes output folders.

Data folders come from pull requests, so anything in them may be hostile: a symbolic link to
``/etc/hostname`` or to a file outside the repository, a FIFO that blocks the reader forever, a device, a
huge file. The rules, for a ``root`` folder and a path ``rel`` below it:

* ``root`` is resolved once by the caller (``resolve_root``): the user may give it as a symbolic link.
* Below it nothing is followed: every folder on the way must be a real folder and the file a regular
  file. A symbolic link (to anywhere, even inside the root), a FIFO, a device or a socket is refused with
  ``FileRefused``, whose message never shows the link's target or any content.
* The check cannot be raced: each folder is opened relative to the descriptor of the one above it with
  ``O_NOFOLLOW``, the file likewise (``O_NONBLOCK`` too, so a FIFO swapped in cannot block), and the type
  and size are checked with ``fstat`` on the opened descriptor, which is the file that is then read.
* At most ``MAX_FILE_BYTES`` are read.

Writing (``check_output_path``, ``write_contained``) follows the same rules: an output folder that is a
symbolic link, or lies under one, is refused, and no file is written through a link.

On a platform without ``dir_fd`` support (Windows), the same checks are made path by path with ``lstat``,
and the opened file is compared with the checked one (device and inode).
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import secrets
import stat
from pathlib import Path, PurePath

MAX_FILE_BYTES = 50 * 1024 * 1024
"""The largest file read (50 MiB): the whole real zoo is a few hundred kB."""

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOCTTY = getattr(os, "O_NOCTTY", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


def _fd_walk_supported() -> bool:
    """Whether folders can be walked by descriptor (POSIX): otherwise the path-by-path fallback is used."""
    return bool(
        _O_NOFOLLOW
        and _O_DIRECTORY
        and os.open in os.supports_dir_fd
        and os.stat in os.supports_dir_fd
        and os.listdir in os.supports_fd
    )


class FileRefused(OSError):
    """A path the pipeline will not read or write. ``str(exc)`` is a message that is safe to show: it names
    at most a path below the root (as the data gives it), never a link's target or a file's content."""

    def __init__(self, message: str) -> None:
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


_LINK = "a symbolic link (links are not followed: put the file itself here)"


def _folder_link(shown: str) -> FileRefused:
    return FileRefused(f"the folder {shown!r} is a symbolic link (links are not followed)")


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _check_regular(mode: int) -> None:
    if stat.S_ISLNK(mode):
        raise FileRefused(_LINK)
    if not stat.S_ISREG(mode):
        raise FileRefused(f"{_kind(mode)}, not a regular file")


def _is_link(st: os.stat_result) -> bool:
    # A Windows junction is a reparse point that lstat does not report as a link.
    tag = getattr(st, "st_reparse_tag", 0)
    return stat.S_ISLNK(st.st_mode) or (tag != 0 and tag == getattr(stat, "IO_REPARSE_TAG_MOUNT_POINT", -1))


def _parts(rel: str | PurePath) -> tuple[str, ...]:
    """The names of a relative path, refusing anything that could leave the root."""
    text = rel.as_posix() if isinstance(rel, PurePath) else str(rel)
    if "\\" in text and os.sep == "\\":
        text = text.replace("\\", "/")
    parts = tuple(p for p in text.split("/") if p not in ("", "."))
    if (
        text.startswith("/")
        or PurePath(text).is_absolute()
        or PurePath(text).drive
        or any(p == ".." or "\x00" in p for p in parts)
    ):
        raise FileRefused("outside the folder: absolute paths and '..' are not allowed")
    return parts


def resolve_root(folder: Path) -> Path:
    """The real path of a root folder, resolved once (the user may give it as a symbolic link).

    Raises FileNotFoundError if it does not exist, NotADirectoryError if it is not a folder.
    """
    real = Path(folder).resolve(strict=True)
    if not real.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))
    return real


# -- walking by descriptor (POSIX) ----------------------------------------------------------------------


def _open_dir(root: Path, parts: tuple[str, ...]) -> int:
    """A descriptor of root/parts, every folder below root opened without following links."""
    fd = os.open(root, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    try:
        for i, name in enumerate(parts):
            inner = _enter(fd, name, "/".join(parts[: i + 1]))
            os.close(fd)
            fd = inner
        return fd
    except BaseException:
        os.close(fd)
        raise


def _enter(parent: int, name: str, shown: str) -> int:
    """A descriptor of the folder ``name`` in the folder ``parent``; a link is refused, not followed."""
    st = os.stat(name, dir_fd=parent, follow_symlinks=False)
    if stat.S_ISLNK(st.st_mode):
        raise _folder_link(shown)
    if not stat.S_ISDIR(st.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", shown)
    try:
        return os.open(name, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC, dir_fd=parent)
    except OSError as exc:
        # Replaced since the lstat: a link gives ELOOP, or ENOTDIR as O_DIRECTORY sees the link itself.
        if exc.errno in (errno.ELOOP, errno.ENOTDIR) and stat.S_ISLNK(
            os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode
        ):
            raise _folder_link(shown) from None
        raise


def _open_file_fd(root: Path, parts: tuple[str, ...]) -> int:
    folder = _open_dir(root, parts[:-1])
    try:
        st = os.stat(parts[-1], dir_fd=folder, follow_symlinks=False)
        _check_regular(st.st_mode)  # before opening: opening a FIFO or a device can block or act
        try:
            return os.open(
                parts[-1],
                os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_NOCTTY | _O_CLOEXEC,
                dir_fd=folder,
            )
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise FileRefused(_LINK) from None
            raise
    finally:
        os.close(folder)


# -- path by path (no dir_fd) ------------------------------------------------------------------------------


def _check_path(root: Path, parts: tuple[str, ...], *, folder: bool = False) -> os.stat_result:
    """lstat every folder below root and the last name (a folder too, if ``folder``); returns its lstat."""
    current = root
    st = os.lstat(root)
    for i, name in enumerate(parts):
        current = current / name
        st = os.lstat(current)
        shown = "/".join(parts[: i + 1])
        last = i == len(parts) - 1
        if _is_link(st):
            if last and not folder:
                raise FileRefused(_LINK)
            raise _folder_link(shown)
        if (folder or not last) and not stat.S_ISDIR(st.st_mode):
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", shown)
    return st


def _open_file_path(root: Path, parts: tuple[str, ...]) -> int:
    checked = _check_path(root, parts)
    _check_regular(checked.st_mode)
    fd = os.open(root.joinpath(*parts), os.O_RDONLY | _O_BINARY | _O_NOFOLLOW | _O_NONBLOCK | _O_CLOEXEC)
    opened = os.fstat(fd)
    if (opened.st_dev, opened.st_ino) != (checked.st_dev, checked.st_ino):
        os.close(fd)
        raise FileRefused("replaced while it was being opened")
    return fd


# -- reading -------------------------------------------------------------------------------------------


def read_bytes_contained(root: Path, rel: str | PurePath, *, max_bytes: int | None = None) -> bytes:
    """The bytes of the regular file ``root/rel``, read without following any link below ``root``.

    ``root`` is a resolved folder (see ``resolve_root``). Raises ``FileRefused`` for a link, a FIFO, a
    device, a socket, a folder, a path leaving the root, or a file larger than ``max_bytes`` (default
    ``MAX_FILE_BYTES``); FileNotFoundError, NotADirectoryError or another OSError if it cannot be read.
    """
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    parts = _parts(rel)
    if not parts:
        raise FileRefused("a folder, not a regular file")
    fd = _open_file_fd(root, parts) if _fd_walk_supported() else _open_file_path(root, parts)
    try:
        st = os.fstat(fd)  # the file actually opened: what was checked cannot have been swapped
        _check_regular(st.st_mode)
        if st.st_size > limit:
            raise FileRefused(_too_large(st.st_size, limit))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise FileRefused(_too_large(size, limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> str:
    return f"the file is too large ({size:,} bytes): at most {limit:,} bytes are read"


def lexists_contained(root: Path, rel: str | PurePath) -> bool:
    """Whether anything (a file, a folder, a link, ...) is at ``root/rel``; a link on the way is refused."""
    parts = _parts(rel)
    if not parts:
        return True
    try:
        if not _fd_walk_supported():
            _check_path(root, parts[:-1])
            os.lstat(root.joinpath(*parts))
            return True
        folder = _open_dir(root, parts[:-1])
        try:
            os.stat(parts[-1], dir_fd=folder, follow_symlinks=False)
        finally:
            os.close(folder)
    except (FileNotFoundError, NotADirectoryError):
        return False
    return True


def list_contained(root: Path, folder: str | PurePath, pattern: str) -> list[str]:
    """The sorted names in ``root/folder`` matching the glob ``pattern`` (case-sensitive, hidden names
    included, as ``Path.glob``), whatever each entry is: reading one applies the rules to it.

    Raises ``FileRefused`` if the folder, or one above it, is a link; FileNotFoundError if it does not exist;
    NotADirectoryError if it is not a folder.
    """
    parts = _parts(folder)
    if _fd_walk_supported():
        fd = _open_dir(root, parts)
        try:
            names = os.listdir(fd)
        finally:
            os.close(fd)
    else:
        _check_path(root, parts, folder=True)
        names = os.listdir(root.joinpath(*parts))
    return sorted(n for n in names if fnmatch.fnmatchcase(n, pattern))


# -- writing -------------------------------------------------------------------------------------------


def check_output_path(out: Path) -> Path:
    """The absolute path of an output folder the user named, refusing one that is a symbolic link or lies
    under one, or that lies under something that is not a folder.

    A relative path starts at the working directory (its own path is the kernel's, free of links); every
    part the path adds, and every part of an absolute path, must not be a link. Parts that do not exist yet
    are fine: they are created as real folders. ``..`` is applied to the path as written, so the folder
    checked is the folder written.
    """
    absolute = Path(os.path.abspath(out))
    current = Path(absolute.anchor)
    for name in absolute.parts[1:]:
        current = current / name
        try:
            st = os.lstat(current)
        except FileNotFoundError:
            break
        if _is_link(st):
            if current == absolute:
                raise FileRefused(f"refusing to write to {out}: it is a symbolic link")
            raise FileRefused(
                f"refusing to write to {out}: {current} is a symbolic link (give a path without links)"
            )
        if current != absolute and not stat.S_ISDIR(st.st_mode):
            raise FileRefused(f"refusing to write to {out}: {current} is not a folder")
    return absolute


def make_output_folder(out: Path) -> Path:
    """``check_output_path``, then create the folder and its missing parents; returns its absolute path."""
    absolute = check_output_path(out)
    absolute.mkdir(parents=True, exist_ok=True)
    if not absolute.is_dir() or _is_link(os.lstat(absolute)):
        raise FileRefused(f"refusing to write to {out}: not a folder")
    return absolute


def write_contained(root: Path, rel: str | PurePath, data: bytes) -> Path:
    """Write ``data`` to ``root/rel`` (a real folder, see ``make_output_folder``), creating the folders
    between as real folders. A link on the way, or at the file itself, is refused and nothing is written
    through it; an existing regular file is replaced (a new file renamed over it: a hard link to a file
    elsewhere is not written through either). Returns ``root/rel``.
    """
    parts = _parts(rel)
    if not parts:
        raise FileRefused("a folder, not a regular file")
    name = parts[-1]
    temp = f".{name}.{secrets.token_hex(6)}.tmp"
    if not _fd_walk_supported():
        _check_path(root, ())
        for i in range(1, len(parts)):
            folder = root.joinpath(*parts[:i])
            if not os.path.lexists(folder):
                folder.mkdir()
            _check_path(root, parts[:i], folder=True)
        target = root.joinpath(*parts)
        if os.path.lexists(target):
            _check_regular(_check_path(root, parts).st_mode)
        temp_path = target.with_name(temp)
        fd = os.open(temp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY | _O_NOFOLLOW, 0o666)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(temp_path, target)
        return root.joinpath(*parts)
    folder = os.open(root, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    try:
        for i, sub in enumerate(parts[:-1]):
            with contextlib.suppress(FileExistsError):
                os.mkdir(sub, dir_fd=folder)
            inner = _enter(folder, sub, "/".join(parts[: i + 1]))
            os.close(folder)
            folder = inner
        with contextlib.suppress(FileNotFoundError):
            _check_regular(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC
        fd = os.open(temp, flags, 0o666, dir_fd=folder)
        try:
            _write_all(fd, data)
        except BaseException:
            os.close(fd)
            os.unlink(temp, dir_fd=folder)
            raise
        os.close(fd)
        os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
    finally:
        os.close(folder)
    return root.joinpath(*parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


__all__ = [
    "MAX_FILE_BYTES",
    "FileRefused",
    "check_output_path",
    "lexists_contained",
    "list_contained",
    "make_output_folder",
    "read_bytes_contained",
    "resolve_root",
    "write_contained",
]


def links_under(root: Path) -> list[str]:
    """Paths (relative, POSIX) of the symbolic links anywhere under ``root``, not following any: for a folder
    another tool reads, like mkdocs' docs/ (which it would follow)."""
    root = Path(root)
    if not root.is_dir():
        return []
    out: list[str] = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        for name in [*dirs, *names]:
            path = Path(folder) / name
            if path.is_symlink():
                out.append(path.relative_to(root).as_posix())
    return sorted(out)
