"""The layers of HOUSE-STYLE.md, enforced: who may import what."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "altlearn"

# Third-party module -> the only places in altlearn allowed to import it.
OWNERS = {
    "textual": ("tui/",),
    "rich": ("tui/",),
    "sqlite_utils": ("storage/",),
    "fsrs": ("study/scheduler.py", "study/optimizer.py"),
    "fsrs_rs_python": ("study/optimizer.py",),
    "markdown_it": ("packs/",),
    "mdit_py_plugins": ("packs/",),
}


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
    return found


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_package_has_modules_to_check() -> None:
    assert len(_modules()) > 20


@pytest.mark.parametrize("module", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_third_party_imports_stay_in_their_layer(module: Path) -> None:
    rel = module.relative_to(PACKAGE).as_posix()
    for name, line in _imports(module):
        top = name.split(".")[0]
        owners = OWNERS.get(top)
        if owners is not None:
            assert rel.startswith(owners), f"{rel}:{line} imports {name}; only {owners} may"


@pytest.mark.parametrize(
    "module", [m for m in _modules() if "/domain/" in m.as_posix()], ids=lambda p: p.name
)
def test_domain_imports_only_stdlib_and_domain(module: Path) -> None:
    for name, line in _imports(module):
        top = name.split(".")[0]
        if top == "altlearn":
            assert name.startswith("altlearn.domain"), f"{module.name}:{line} imports {name}"
        else:
            assert top in sys.stdlib_module_names or top == "__future__", (
                f"{module.name}:{line} imports {name}"
            )


def test_headless_modules_do_not_load_textual_at_runtime() -> None:
    """Import every module outside tui/ in a fresh interpreter; textual must stay unloaded."""
    names = [
        "altlearn." + ".".join(m.relative_to(PACKAGE).with_suffix("").parts)
        for m in _modules()
        if not m.relative_to(PACKAGE).as_posix().startswith("tui/") and m.name != "__main__.py"
    ]
    names = [n.removesuffix(".__init__") for n in names]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"textual loaded by headless modules: {out.stdout[:200]}"
    assert len(names) > 15


def test_importing_altlearn_is_light() -> None:
    code = "import sys, altlearn; print(len([m for m in sys.modules if m.startswith('altlearn')]))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"


def test_reader_knows_the_current_schema() -> None:
    """The light reader opens only stores at exactly the current schema."""
    from altlearn.storage.database import migration_names
    from altlearn.storage.reader import MIGRATION_NAMES

    assert list(MIGRATION_NAMES) == migration_names()


def test_the_first_screen_imports_neither_sqlite_utils_nor_markdown_it() -> None:
    """Start-up stays fast: the app and home screen load without the heavy libraries."""
    code = (
        "import sys, altlearn.tui.app, altlearn.tui.screens.home\n"
        "print(','.join(m for m in ('sqlite_utils', 'markdown_it') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("module", [m for m in _modules() if "/tui/" in m.as_posix()], ids=lambda p: p.name)
def test_screens_reach_the_store_only_through_the_study_layer(module: Path) -> None:
    for name, line in _imports(module):
        assert not name.startswith("altlearn.storage"), f"{module.name}:{line} imports {name}"
