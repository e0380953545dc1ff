"""Read a fetched commit's tree with plumbing and judge it before anything is written.

``git ls-tree -r -t -l -z`` lists every entry with its mode and size, so symbolic
links (mode 120000), submodules (160000), unsafe names and oversized files or packs
are refused from the listing alone, before a single blob is read or a file written.

:func:`list_tree` parses the listing; :func:`find_packs` finds the packs in it the way
:func:`altlearn.packs.loader.discover_packs` does on disk; :func:`check_entries` returns
the refusals as ordinary diagnostics (``path:1:1: error: ... [symlink]``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from altlearn.domain.diagnostics import Diagnostic, error
from altlearn.packs.limits import MAX_FILE_BYTES, MAX_PACK_BYTES, MAX_PACK_FILES
from altlearn.packs.loader import DISCOVERY_DEPTH
from altlearn.packs.manifest import MANIFEST_NAME
from altlearn.sync.git import Git

MODE_TREE = "040000"
MODE_SYMLINK = "120000"
MODE_SUBMODULE = "160000"
_REGULAR_MODES = frozenset({"100644", "100755", "100664"})


@dataclass(frozen=True)
class TreeEntry:
    """One entry of a commit's tree.

    Attributes:
        mode: git's octal mode, e.g. ``100644`` (file), ``040000`` (folder).
        kind: ``blob``, ``tree`` or ``commit`` (a submodule).
        oid: The object id.
        size: Bytes, for blobs; 0 otherwise.
        path: Path from the repository root, as git stores it (may be unsafe).
    """

    mode: str
    kind: str
    oid: str
    size: int
    path: str


def list_tree(git: Git, repo: Path, commit: str) -> list[TreeEntry]:
    """Every entry (files and folders, recursively) of ``commit``'s tree."""
    out = git.run(["ls-tree", "-r", "-t", "-l", "-z", "--full-tree", commit], cwd=repo).stdout
    return parse_ls_tree(out)


def parse_ls_tree(output: bytes) -> list[TreeEntry]:
    """Parse ``ls-tree -r -t -l -z`` output. Names that are not UTF-8 keep escapes."""
    entries = []
    for record in output.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, oid, size = meta.decode("ascii").split()
        entries.append(
            TreeEntry(
                mode=mode.rjust(6, "0"),
                kind=kind,
                oid=oid,
                size=int(size) if size.isdigit() else 0,
                path=raw_path.decode("utf-8", errors="surrogateescape"),
            )
        )
    return entries


def find_packs(entries: list[TreeEntry], depth: int = DISCOVERY_DEPTH) -> list[str]:
    """Pack folders in the tree: ``""`` for a pack at the root, else folder paths.

    Mirrors :func:`~altlearn.packs.loader.discover_packs`: the root if it holds a
    manifest, otherwise folders up to ``depth`` levels down (not hidden) that hold
    one, without looking inside a pack for more packs.
    """
    manifests = {
        e.path.rsplit("/", 1)[0] if "/" in e.path else ""
        for e in entries
        if e.kind == "blob" and e.path.rsplit("/", 1)[-1] == MANIFEST_NAME
    }
    if "" in manifests:
        return [""]
    found = []
    for folder in sorted(manifests):
        parts = folder.split("/")
        if len(parts) > depth or any(p.startswith(".") for p in parts):
            continue
        if any("/".join(parts[:i]) in manifests for i in range(1, len(parts))):
            continue  # inside another pack
        found.append(folder)
    return found


def entries_under(entries: list[TreeEntry], prefix: str) -> list[TreeEntry]:
    """The entries inside pack folder ``prefix``, with paths relative to it."""
    if not prefix:
        return list(entries)
    lead = prefix + "/"
    return [
        TreeEntry(e.mode, e.kind, e.oid, e.size, e.path[len(lead) :])
        for e in entries
        if e.path.startswith(lead)
    ]


def subtree_id(entries: list[TreeEntry], prefix: str) -> str | None:
    """The tree id of folder ``prefix`` (None for the root, whose id comes from the commit)."""
    return next((e.oid for e in entries if e.kind == "tree" and e.path == prefix), None)


def check_entries(entries: list[TreeEntry]) -> list[Diagnostic]:
    """Refusals for one pack's entries (paths relative to the pack folder).

    Returns:
        Error diagnostics: symbolic links, submodules, unsafe or colliding names,
        files over the per-file limit, and a pack over the file-count or size limit.
    """
    diags: list[Diagnostic] = []
    total = 0
    files = 0
    seen_folded: dict[str, str] = {}
    for entry in entries:
        shown = entry.path.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")
        problem = unsafe_path_reason(entry.path)
        if problem:
            diags.append(error(shown, 1, "unsafe-path", f"refused file name: {problem}"))
            continue
        folded = unicodedata.normalize("NFC", entry.path).casefold()
        if folded in seen_folded:
            diags.append(
                error(
                    shown,
                    1,
                    "name-collision",
                    f"'{shown}' and '{seen_folded[folded]}' differ only in case or accents",
                    hint="they would overwrite each other on Windows and macOS; rename one",
                )
            )
            continue
        seen_folded[folded] = shown
        if entry.mode == MODE_SYMLINK:
            diags.append(
                error(
                    shown,
                    1,
                    "symlink",
                    "symbolic links are not allowed in a pack",
                    hint="copy the file into the pack instead",
                )
            )
        elif entry.mode == MODE_SUBMODULE or entry.kind == "commit":
            diags.append(error(shown, 1, "submodule", "submodules are not allowed in a pack"))
        elif entry.kind == "tree":
            continue
        elif entry.kind != "blob" or entry.mode not in _REGULAR_MODES:
            diags.append(error(shown, 1, "special-file", f"not a regular file (git mode {entry.mode})"))
        else:
            files += 1
            total += entry.size
            if entry.size > MAX_FILE_BYTES:
                diags.append(
                    error(
                        shown,
                        1,
                        "file-too-large",
                        f"file is {entry.size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                        hint="split it into several lessons",
                    )
                )
    if files > MAX_PACK_FILES or total > MAX_PACK_BYTES:
        diags.append(
            error(
                ".",
                1,
                "pack-too-large",
                f"pack holds {files:,} files and {total:,} bytes; the limits are "
                f"{MAX_PACK_FILES:,} files and {MAX_PACK_BYTES // 2**20} MiB",
            )
        )
    return diags


def unsafe_path_reason(path: str) -> str | None:
    """Why a tree path must not be written to disk, or None when it is safe."""
    if not path or path.startswith("/"):
        return "empty or absolute path"
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "not valid UTF-8"
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        return "control character in the name"
    if "\\" in path:
        return "backslash in the name"
    for part in path.split("/"):
        if part in ("", ".", ".."):
            return f"'{part or '/'}' path component"
        # .git in any case, and with the trailing dots or spaces Windows ignores.
        if part.rstrip(". ").lower() == ".git":
            return "'.git' path component"
    return None
