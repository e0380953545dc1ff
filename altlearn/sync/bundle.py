"""Bundles for trainers: one file holding a pack repository, for a USB stick.

:func:`write_bundle` fetches the source (a repository folder, a URL or another
bundle) into a temporary bare repository altlearn owns, checks every pack in it
exactly as a learner's sync would (so a trainer never hands out a pack that would be
refused), and writes ``git bundle create`` output atomically to the target file.

Bundles hold the full history of one ref, as ``HEAD`` and ``refs/heads/main``: any
learner can sync a bundle into an empty home, and a newer bundle updates the packs
an older one installed, with the commit subjects in between.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from pathlib import Path

from altlearn.domain.diagnostics import Diagnostic
from altlearn.errors import SyncError
from altlearn.packs.loader import load_pack
from altlearn.paths import Paths
from altlearn.sync.git import find_git
from altlearn.sync.installer import rebase_diagnostics
from altlearn.sync.progress import Phase, ProgressCallback, SyncProgress
from altlearn.sync.reports import BundleReport
from altlearn.sync.sources import parse_source
from altlearn.sync.staging import stage_files
from altlearn.sync.transfer import FetchLimits, fetch
from altlearn.sync.tree import check_entries, entries_under, find_packs, list_tree

_BRANCH = "refs/heads/main"


class BundleRefused(SyncError):
    """A pack in the source would be refused by learners; no bundle was written.

    Attributes:
        diagnostics: The reasons, with paths from the repository root.
    """

    def __init__(self, message: str, diagnostics: list[Diagnostic], hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.diagnostics = diagnostics


def write_bundle(
    paths: Paths,
    source: str,
    output: Path,
    *,
    ref: str | None = None,
    progress: ProgressCallback | None = None,
    limits: FetchLimits | None = None,
) -> BundleReport:
    """Write a bundle file of ``source`` at ``ref`` (default: its HEAD) to ``output``.

    Args:
        paths: The altlearn home (its cache folder holds the temporary repository).
        source: A repository folder, URL or bundle, as for ``altlearn sync``.
        output: The bundle file to write (replaced atomically if it exists).
        ref: Branch, tag or commit to bundle.
        progress: Receives progress while fetching.
        limits: Timeouts and size cap for the fetch.

    Raises:
        BundleRefused: A pack has errors; its diagnostics are attached.
        SyncError: The source cannot be read or holds no pack.
    """
    src = parse_source(source)
    git = find_git()
    paths.cache.mkdir(parents=True, exist_ok=True)
    output = output.expanduser().absolute()
    if output.is_dir():
        raise SyncError(f"'{output}' is a folder", hint="give the bundle a file name, e.g. -o packs.bundle")
    with tempfile.TemporaryDirectory(prefix="bundle-", dir=paths.cache) as tmp:
        repo = Path(tmp) / "repo.git"
        git.run(["init", "-q", "--bare", str(repo)])
        fetch(
            git, repo, src, [f"+{ref or 'HEAD'}:{_BRANCH}"], limits=limits or FetchLimits(), progress=progress
        )
        if git.text(["rev-parse", "--is-shallow-repository"], cwd=repo) == "true":
            # A bundle of a shallow history names commits learners do not have.
            raise SyncError(
                f"{src.location} is a shallow clone; a bundle needs the whole history",
                hint="run `git fetch --unshallow` in it, then bundle again",
            )
        git.run(["symbolic-ref", "HEAD", _BRANCH], cwd=repo)
        resolved = git.run(["rev-parse", "-q", "--verify", f"{_BRANCH}^{{commit}}"], cwd=repo, check=False)
        if resolved.returncode != 0:
            raise SyncError(f"{src.location} has no commit at {ref or 'HEAD'}", hint="check the --ref value")
        commit = resolved.stdout.decode().strip()
        if progress:
            progress(SyncProgress(Phase.CHECKING, message=f"commit {commit[:12]}"))
        entries = list_tree(git, repo, commit)
        prefixes = find_packs(entries)
        if not prefixes:
            raise SyncError(f"no pack found in {src.location}", hint="a pack is a folder with a pack.toml")
        packs: list[tuple[str, str]] = []
        problems: list[Diagnostic] = []
        for number, prefix in enumerate(prefixes):
            pack_entries = entries_under(entries, prefix)
            refusals = check_entries(pack_entries)
            if refusals:
                problems += rebase_diagnostics(refusals, prefix)
                continue
            staged = Path(tmp) / f"pack-{number}"
            staged.mkdir()
            stage_files(git, repo, pack_entries, staged)
            result = load_pack(staged)
            problems += rebase_diagnostics(result.errors, prefix)
            if result.ok and result.pack is not None:
                packs.append((result.pack.id, result.pack.version))
        if problems:
            raise BundleRefused(
                f"no bundle written: {len(problems)} error(s) would make learners' altlearn refuse it",
                problems,
                hint="fix them (altlearn pack check shows the same), commit, and bundle again",
            )
        subject = git.text(["log", "-1", "--format=%s", commit], cwd=repo)
        output.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target, then swapped in: a learner copying the file while
        # it is being written gets the old bundle or the new one, never half of one.
        partial = output.parent / f".{output.name}.{uuid.uuid4().hex[:8]}.partial"
        try:
            git.run(["bundle", "create", "-q", str(partial), "HEAD", _BRANCH], cwd=repo)
            os.replace(partial, output)
        finally:
            with contextlib.suppress(OSError):
                partial.unlink()
    return BundleReport(
        path=output, size=output.stat().st_size, commit=commit, subject=subject, packs=tuple(packs)
    )
