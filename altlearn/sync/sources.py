"""What the learner typed after ``altlearn sync``: a URL, a repository folder or a bundle.

:func:`parse_source` turns it into a :class:`Source` that says which git transport
it needs, or raises :class:`~altlearn.errors.SyncError` for anything altlearn will
not fetch from. Allowed:

- ``https://host/path`` (and ``http://`` to this machine only, for local servers);
- ``ssh://[user@]host[:port]/path`` and ``[user@]host:path``;
- ``git://host[:port]/path``;
- a local folder holding a git repository (also ``file://``);
- a bundle file made by ``altlearn pack bundle`` or ``git bundle create``.

Everything else is refused, in particular git's remote-helper syntax
(``ext::sh -c ...``, ``fd::3``), which can run programs.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import unquote, urlsplit

from altlearn.errors import SyncError

BUNDLE_SIGNATURES = (b"# v2 git bundle\n", b"# v3 git bundle\n")


class SourceKind(StrEnum):
    """Where packs come from."""

    URL = "url"
    PATH = "path"
    BUNDLE = "bundle"


@dataclass(frozen=True)
class Source:
    """A place to fetch packs from.

    Attributes:
        kind: A remote URL, a local repository folder, or a bundle file.
        location: The normalised source as stored in the subscription (a URL, or an
            absolute path).
        fetch_url: What to hand to ``git fetch``.
        protocols: The git transports this source may use (``protocol.<name>.allow``).
    """

    kind: SourceKind
    location: str
    fetch_url: str
    protocols: frozenset[str]

    @property
    def host(self) -> str:
        """The server's host name, or the file path, for messages."""
        if self.kind is not SourceKind.URL:
            return self.location
        if "://" in self.location:
            return urlsplit(self.location).hostname or self.location
        scp = _SCP_RE.match(self.location)
        return scp.group("host") if scp else self.location

    @property
    def is_local(self) -> bool:
        """True for folders and bundles: they can vanish (a USB stick taken out)."""
        return self.kind is not SourceKind.URL

    def exists(self) -> bool:
        """For local sources, whether the folder or file is there now."""
        return not self.is_local or Path(self.location).exists()


_HELPER_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*::")
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_SCP_RE = re.compile(r"^(?:(?P<user>[^@/:\s]+)@)?(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?P<path>.+)$")
_REMOTE_SCHEMES = {
    "https": "https",
    "http": "http",
    "ssh": "ssh",
    "git": "git",
    "git+ssh": "ssh",
    "ssh+git": "ssh",
}

_REFUSED_HINT = "use an https://, ssh:// or git:// URL, a repository folder or a bundle file"


def parse_source(text: str, *, cwd: Path | None = None) -> Source:
    """Classify and check a sync source.

    Args:
        text: What the user typed.
        cwd: Folder that relative paths are relative to (default: the current one).

    Raises:
        SyncError: The source uses a transport altlearn refuses, or is neither a URL
            nor an existing folder or file.
    """
    value = text.strip()
    if not value or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise SyncError("the source is empty or holds control characters", hint=_REFUSED_HINT)
    if _HELPER_RE.match(value):
        helper = value.split("::", 1)[0]
        raise SyncError(
            f"'{helper}::' sources are refused: git remote helpers can run programs on your computer",
            hint=_REFUSED_HINT,
        )
    scheme_match = _SCHEME_RE.match(value)
    if scheme_match:
        scheme = scheme_match.group(1).lower()
        if scheme == "file":
            return _local(Path(unquote(urlsplit(value).path)), value)
        if scheme not in _REMOTE_SCHEMES:
            raise SyncError(f"'{scheme}://' sources are not supported", hint=_REFUSED_HINT)
        parts = urlsplit(value)
        host = parts.hostname or ""
        if not host or host.startswith("-"):
            raise SyncError(f"'{value}' has no valid host name", hint=_REFUSED_HINT)
        protocol = _REMOTE_SCHEMES[scheme]
        if protocol == "http" and not _is_loopback(host):
            raise SyncError(
                "plain http:// is only allowed to this computer; it can be tampered with on the way",
                hint=f"use https://{value[len('http://') :]}",
            )
        return Source(SourceKind.URL, value, value, frozenset({protocol}))
    candidate = Path(value).expanduser()
    path = candidate if candidate.is_absolute() else (cwd or Path.cwd()) / candidate
    # git's rule: a colon before the first slash means [user@]host:path (ssh), unless
    # the name is a file that exists. One-letter hosts are Windows drive letters.
    scp = _SCP_RE.match(value)
    if not path.exists() and scp and len(scp.group("host")) > 1 and not scp.group("host").startswith("-"):
        return Source(SourceKind.URL, value, value, frozenset({"ssh"}))
    return _local(path, value)


def _local(path: Path, typed: str) -> Source:
    path = path.expanduser().absolute()
    if path.is_file():
        if not is_bundle(path):
            raise SyncError(
                f"'{typed}' is a file but not a git bundle",
                hint="trainers make bundles with: altlearn pack bundle REPO -o FILE",
            )
        return Source(SourceKind.BUNDLE, str(path), str(path), frozenset({"file"}))
    if path.is_dir():
        if not (path / ".git").exists() and not ((path / "HEAD").is_file() and (path / "objects").is_dir()):
            raise SyncError(
                f"'{typed}' is a folder but not a git repository",
                hint="sync from a git repository or a bundle; to try a pack folder, use altlearn pack check",
            )
        # file:// makes git use its transport (upload-pack), never hard links into the source.
        return Source(SourceKind.PATH, str(path), path.as_uri(), frozenset({"file"}))
    raise SyncError(f"'{typed}' is not a URL, and no such file or folder exists", hint=_REFUSED_HINT)


def is_bundle(path: Path) -> bool:
    """True when ``path`` starts like a git bundle file."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    return head in BUNDLE_SIGNATURES


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
