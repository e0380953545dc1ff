"""``altlearn pack preview``: the app on a working copy, for course authors."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def preview(path: Path) -> None:
    """Open the app on the pack(s) at PATH and reload whenever a file is saved.

    Progress goes to a scratch store that is thrown away on exit, so previewing
    never touches your own progress. Press d in the app to see the checker's
    diagnostics.
    """
    from altlearn.errors import PackError
    from altlearn.packs.library import InstalledPack
    from altlearn.packs.loader import discover_packs
    from altlearn.packs.manifest import MANIFEST_NAME, parse_manifest
    from altlearn.paths import Paths

    packs = []
    for root in discover_packs(path):
        manifest, diagnostics = parse_manifest(
            (root / MANIFEST_NAME).read_text(encoding="utf-8", errors="replace")
        )
        if manifest is None:
            first = diagnostics[0].format() if diagnostics else "unreadable manifest"
            raise PackError(
                f"cannot preview {root}: {first}", hint="fix pack.toml first (altlearn pack check)"
            )
        packs.append(
            InstalledPack(id=manifest.id, root=root.resolve(), source=f"preview of {root}", bundled=False)
        )
    from altlearn.tui.preview import PreviewApp

    with tempfile.TemporaryDirectory(prefix="altlearn-preview-") as scratch:
        PreviewApp(Paths(Path(scratch)), packs).run()
