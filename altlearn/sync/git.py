"""The git program, run safely: found once, with no user or system configuration.

altlearn syncs with the git command-line program (see docs/sync.md for the
measurement behind that choice). Every git command goes through :class:`Git`,
which

- runs with a clean environment: inherited ``GIT_*`` variables are dropped (they
  could point git at another repository or turn off TLS checks), system and global
  configuration are not read, prompts are off, messages are in English so errors can
  be recognised;
- passes ``-c`` settings that keep a hostile repository inert: a protocol allow-list
  (``protocol.allow=never`` plus the transports the caller names), no hooks, no
  fsmonitor, no submodules, no symbolic links, objects checked with fsck as they
  arrive;
- only ever runs inside bare repositories altlearn created under ``paths.sync``
  (never inside a repository that came from someone else's disk).

Public API: :func:`find_git` (raises :class:`~altlearn.errors.SyncError` when git is
missing or too old) and the :class:`Git` methods ``run``, ``popen`` and
``read_blobs``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path

from altlearn.errors import SyncError

GIT_ENV = "ALTLEARN_GIT"
"""Environment variable naming the git program to use (default: ``git`` on PATH)."""

MIN_VERSION = (2, 32)
"""Oldest git supported: 2.32 added ``GIT_CONFIG_GLOBAL``, which keeps user config out."""

PLUMBING_TIMEOUT = 120.0
"""Seconds a local git command (no network) may take before it is considered stuck."""

# Inherited variables worth keeping: how the user reaches ssh and git:// servers.
_KEEP_ENV = frozenset({"GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSH_VARIANT", "GIT_PROXY_COMMAND"})

# Settings on every command. Most matter only for fetch; they are cheap everywhere.
_SAFE_CONFIG: tuple[tuple[str, str], ...] = (
    ("protocol.allow", "never"),
    ("core.hooksPath", os.devnull),
    ("core.fsmonitor", "false"),
    ("core.symlinks", "false"),
    ("core.logAllRefUpdates", "false"),
    ("submodule.recurse", "false"),
    ("fetch.recurseSubmodules", "false"),
    ("transfer.fsckObjects", "true"),
    ("fetch.writeCommitGraph", "false"),
    ("gc.auto", "0"),
    ("maintenance.auto", "false"),
    ("init.defaultBranch", "main"),
    ("advice.detachedHead", "false"),
    ("protocol.version", "2"),
    # Keep every fetch as a pack file: its growing size is how bytes are counted.
    ("fetch.unpackLimit", "1"),
    ("credential.helper", ""),
)


class Git:
    """One git program and the safe way to run it.

    Args:
        executable: Path of the git program.
        version: Its version as a tuple, e.g. ``(2, 39, 5)``.
    """

    def __init__(self, executable: str, version: tuple[int, ...]) -> None:
        self.executable = executable
        self.version = version

    def env(self) -> dict[str, str]:
        """The environment for git: the user's, minus ``GIT_*``, plus safe settings."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in _KEEP_ENV}
        for name in ("GIT_ASKPASS", "SSH_ASKPASS"):
            env.pop(name, None)
        env.update(
            GIT_TERMINAL_PROMPT="0",
            GIT_CONFIG_NOSYSTEM="1",
            GIT_CONFIG_GLOBAL=os.devnull,
            GIT_PROGRESS_DELAY="0",
            LC_ALL="C",
            LANGUAGE="C",
        )
        if "GIT_SSH_COMMAND" not in env and "GIT_SSH" not in env:
            # Never wait for a password or a host-key question nobody will answer.
            env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=30"
        return env

    def command(
        self, args: Sequence[str], *, protocols: Iterable[str] = (), config: Mapping[str, str] | None = None
    ) -> list[str]:
        """The full argument list for ``git args``, with the safe settings.

        Args:
            args: The git subcommand and its arguments.
            protocols: Transports to allow (``https``, ``ssh``, ``git``, ``file``...).
            config: Extra ``-c`` settings.
        """
        argv = [self.executable]
        for key, value in _SAFE_CONFIG:
            argv += ["-c", f"{key}={value}"]
        for protocol in sorted(set(protocols)):
            argv += ["-c", f"protocol.{protocol}.allow=always"]
        for key, value in (config or {}).items():
            argv += ["-c", f"{key}={value}"]
        return argv + list(args)

    def run(
        self,
        args: Sequence[str],
        *,
        cwd: Path | None = None,
        input: bytes | None = None,
        protocols: Iterable[str] = (),
        config: Mapping[str, str] | None = None,
        check: bool = True,
        timeout: float = PLUMBING_TIMEOUT,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run a short git command and capture its output.

        Raises:
            SyncError: git failed (with ``check``) or took longer than ``timeout``.
        """
        try:
            out = subprocess.run(
                self.command(args, protocols=protocols, config=config),
                cwd=cwd,
                input=input,
                capture_output=True,
                env=self.env(),
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise SyncError(f"git {args[0]} took more than {timeout:.0f} s and was stopped") from exc
        except OSError as exc:
            raise SyncError(f"cannot run git: {exc.strerror or exc}", hint=_INSTALL_HINT) from exc
        if check and out.returncode != 0:
            raise SyncError(f"git {args[0]} failed: {last_line(out.stderr)}")
        return out

    def text(self, args: Sequence[str], *, cwd: Path | None = None) -> str:
        """Run a local git command; return its stdout as text, stripped."""
        return self.run(args, cwd=cwd).stdout.decode("utf-8", errors="replace").strip()

    def popen(
        self,
        args: Sequence[str],
        *,
        cwd: Path | None = None,
        protocols: Iterable[str] = (),
        config: Mapping[str, str] | None = None,
    ) -> subprocess.Popen[bytes]:
        """Start a long git command (a fetch) with stderr piped for progress.

        It runs in its own process group so that stopping it also stops the
        helpers it starts (``git-remote-https``, ``index-pack``).
        """
        try:
            return subprocess.Popen(
                self.command(args, protocols=protocols, config=config),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=self.env(),
                start_new_session=os.name == "posix",
            )
        except OSError as exc:
            raise SyncError(f"cannot run git: {exc.strerror or exc}", hint=_INSTALL_HINT) from exc

    def read_blobs(self, repo: Path, object_ids: Sequence[str]) -> Iterator[tuple[str, bytes]]:
        """Yield ``(object id, content)`` for each blob, in order, with one ``cat-file``.

        Raises:
            SyncError: an object is missing or is not a blob.
        """
        proc = subprocess.Popen(
            self.command(["cat-file", "--batch"]),
            cwd=repo,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self.env(),
        )
        assert proc.stdin is not None and proc.stdout is not None
        stdin, stdout = proc.stdin, proc.stdout

        # A writer thread: cat-file answers while we are still asking, and a full
        # pipe in both directions would otherwise deadlock.
        def feed() -> None:
            try:
                for oid in object_ids:
                    stdin.write(oid.encode("ascii") + b"\n")
                stdin.close()
            except OSError:
                return

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        try:
            for oid in object_ids:
                header = stdout.readline().decode("ascii", errors="replace").split()
                if len(header) != 3 or header[1] != "blob":
                    raise SyncError(f"git object {oid} is missing or not a file")
                size = int(header[2])
                data = stdout.read(size)
                stdout.read(1)  # the newline after each object
                if len(data) != size:
                    raise SyncError(f"git object {oid} was cut short")
                yield header[0], data
        finally:
            proc.kill()
            proc.wait()
            writer.join(timeout=5)
            stdout.close()


def last_line(stderr: bytes) -> str:
    """The last meaningful line of git's stderr, for error messages."""
    lines = [
        line.strip()
        for line in re.split(r"[\r\n]+", stderr.decode("utf-8", errors="replace"))
        if line.strip()
    ]
    meaningful = [line for line in lines if not line.startswith(("remote: Counting", "remote: Compressing"))]
    return (meaningful or lines or ["no message"])[-1][:300]


_INSTALL_HINT = (
    "install git (Debian/Ubuntu: sudo apt install git; macOS: xcode-select --install; "
    "Windows: https://git-scm.com/download/win), or set ALTLEARN_GIT to its path"
)


def find_git() -> Git:
    """The git program to sync with.

    Raises:
        SyncError: git is not installed, cannot run, or is older than 2.32.
    """
    return _find_git(os.environ.get(GIT_ENV) or "git", os.environ.get("PATH", ""))


@cache
def _find_git(name: str, search_path: str) -> Git:
    executable = shutil.which(name, path=search_path or None)
    if executable is None:
        raise SyncError("syncing packs needs the git program, and it is not installed", hint=_INSTALL_HINT)
    try:
        out = subprocess.run([executable, "--version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SyncError(f"cannot run git at {executable}: {exc}", hint=_INSTALL_HINT) from exc
    match = re.search(rb"(\d+)\.(\d+)(?:\.(\d+))?", out.stdout)
    if out.returncode != 0 or match is None:
        raise SyncError(f"'{executable}' does not look like git", hint=_INSTALL_HINT)
    version = tuple(int(g) for g in match.groups() if g is not None)
    if version < MIN_VERSION:
        shown = ".".join(map(str, version))
        raise SyncError(
            f"git {shown} is too old; syncing packs needs git 2.32 or newer",
            hint="update git, then sync again",
        )
    return Git(executable, version)
