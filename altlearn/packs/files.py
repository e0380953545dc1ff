"""Walking a pack directory safely: no symlinks, no escapes, bounded sizes."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from altlearn.domain.diagnostics import Diagnostic, error
from altlearn.packs.limits import MAX_FILE_BYTES, MAX_PACK_BYTES, MAX_PACK_FILES

_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules"})


@dataclass
class PackFiles:
    """What is in a pack directory: regular files by relative POSIX path, and sizes."""

    root: Path
    sizes: dict[str, int] = field(default_factory=dict)
    directories: set[str] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __contains__(self, relpath: str) -> bool:
        return relpath in self.sizes or relpath in self.directories

    def read_text(self, relpath: str) -> tuple[str | None, list[Diagnostic]]:
        """Read a listed file as UTF-8, within the size bound.

        Returns the text (None when unreadable) and diagnostics explaining why.
        """
        size = self.sizes.get(relpath)
        if size is None:
            return None, [error(relpath, 1, "missing-file", f"file '{relpath}' does not exist in the pack")]
        if size > MAX_FILE_BYTES:
            return None, [
                error(
                    relpath,
                    1,
                    "file-too-large",
                    f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                    hint="split it into several lessons",
                )
            ]
        try:
            data = (self.root / relpath).read_bytes()
        except OSError as exc:
            return None, [error(relpath, 1, "unreadable-file", f"cannot read file: {exc.strerror or exc}")]
        return decode_utf8(relpath, data)


def decode_utf8(relpath: str, data: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Decode ``data`` as UTF-8 (a BOM is allowed), reporting where it is not."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error(
                relpath,
                line,
                "invalid-utf8",
                f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                col=col,
                hint="save the file as UTF-8",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def scan_pack(root: Path) -> PackFiles:
    """List a pack directory without following symbolic links.

    Symbolic links, special files and oversized trees become diagnostics; the
    listing holds only regular files inside ``root``.
    """
    files = PackFiles(root=root)
    total = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        rel_dir = base.relative_to(root).as_posix()
        kept = []
        for name in sorted(dirnames):
            if name in _SKIP_DIRS:
                continue
            rel = _join(rel_dir, name)
            if (base / name).is_symlink():
                files.diagnostics.append(_symlink_error(rel, base / name))
                continue
            files.directories.add(rel)
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            rel = _join(rel_dir, name)
            try:
                st = os.lstat(base / name)
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode):
                files.diagnostics.append(_symlink_error(rel, base / name))
                continue
            if not stat.S_ISREG(st.st_mode):
                files.diagnostics.append(error(rel, 1, "special-file", "not a regular file"))
                continue
            files.sizes[rel] = st.st_size
            total += st.st_size
            if st.st_size > MAX_FILE_BYTES:
                files.diagnostics.append(
                    error(
                        rel,
                        1,
                        "file-too-large",
                        f"file is {st.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                    )
                )
        if len(files.sizes) > MAX_PACK_FILES or total > MAX_PACK_BYTES:
            files.diagnostics.append(
                error(
                    ".",
                    1,
                    "pack-too-large",
                    f"pack holds more than {MAX_PACK_FILES:,} files or {MAX_PACK_BYTES // 2**20} MiB",
                )
            )
            break
    return files


def _join(rel_dir: str, name: str) -> str:
    return name if rel_dir in ("", ".") else f"{rel_dir}/{name}"


def _symlink_error(rel: str, path: Path) -> Diagnostic:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return error(
        rel,
        1,
        "symlink",
        f"symbolic links are not allowed in a pack (points to '{target}')",
        hint="copy the file into the pack instead",
    )


def safe_relpath(value: str) -> str | None:
    """Normalise a manifest path; None when it is absolute or leaves the pack."""
    if not value or "\\" in value or "\x00" in value:
        return None
    path = PurePosixPath(value)
    if path.is_absolute() or any(part == ".." for part in path.parts):
        return None
    normal = path.as_posix()
    return None if normal in (".", "") else normal
