"""Real git servers on 127.0.0.1 for tests and benchmarks, and repositories to serve.

- :class:`GitHttpServer`: ``git http-backend`` (smart HTTP, protocol v2) behind a small
  threaded Python HTTP server. It counts the bytes it sends, can throttle them, cut a
  connection after so many response bytes (a dropped link), or stop itself part-way
  through a transfer (the server going away), and restart on the same port.
- :class:`GitDaemon`: ``git daemon`` serving ``git://`` URLs.
- :class:`ByteCountingProxy`: a TCP relay that counts the bytes crossing it both ways,
  so a benchmark measures exactly what a client moves.
- :class:`PackRepo`: a work tree the test owns, pushed to a bare repository that a
  server exports. Commits use fixed authors and dates so runs are reproducible.

Nothing here talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

LOOPBACK = "127.0.0.1"

_GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_AUTHOR_NAME": "Pack Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Pack Author",
    "GIT_COMMITTER_EMAIL": "author@example.org",
    "LC_ALL": "C",
}


def git_env(**extra: str) -> dict[str, str]:
    """The environment for test-side git commands: no user or system config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(_GIT_ENV)
    env.update(extra)
    return env


def git(*args: str, cwd: Path | None = None, input: bytes | None = None, **env: str) -> str:
    """Run a git command the test owns; return its stdout (raises on failure)."""
    out = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        env=git_env(**env),
        check=False,
        timeout=120,
    )
    if out.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {out.stderr.decode(errors='replace')}")
    return out.stdout.decode("utf-8", errors="replace")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------- repositories


class PackRepo:
    """A work tree the test owns and the bare repository a server exports.

    Args:
        work: Folder for the work tree (created).
        bare: Path of the bare repository to push to (created), normally
            ``<server root>/<name>.git``.
    """

    def __init__(self, work: Path, bare: Path) -> None:
        self.work = work
        self.bare = bare
        self._tick = 0
        work.mkdir(parents=True, exist_ok=True)
        git("init", "-q", str(work))
        git("init", "-q", "--bare", str(bare))

    def write(self, rel: str, text: str | bytes) -> Path:
        """Write a file in the work tree (creating folders)."""
        path = self.work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def copy_from(self, source: Path, prefix: str = "") -> None:
        """Copy a folder's files into the work tree under ``prefix``."""
        target = self.work / prefix if prefix else self.work
        shutil.copytree(source, target, dirs_exist_ok=True)

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace text in a work-tree file; the text must be there."""
        path = self.work / rel
        text = path.read_text(encoding="utf-8")
        if old not in text:
            raise AssertionError(f"{old!r} not found in {rel}")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str, *, push: bool = True, add_all: bool = True) -> str:
        """Commit the work tree (everything, unless ``add_all`` is off) and push; return the id."""
        self._tick += 1
        date = f"2025-04-01T09:{self._tick // 60:02d}:{self._tick % 60:02d}Z"
        if add_all:
            git("add", "-A", cwd=self.work)
        git(
            "commit", "-q", "--allow-empty", "-m", message, cwd=self.work,
            GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date,
        )  # fmt: skip
        if push:
            self.push()
        return self.head()

    def push(self, *, force: bool = False) -> None:
        """Push the work tree's branch to the bare repository."""
        git(
            "push",
            "-q",
            *(["--force"] if force else []),
            str(self.bare),
            "HEAD:refs/heads/main",
            cwd=self.work,
        )

    def tag(self, name: str) -> None:
        """Tag HEAD and push the tag."""
        git("tag", name, cwd=self.work)
        git("push", "-q", str(self.bare), f"refs/tags/{name}", cwd=self.work)

    def head(self) -> str:
        """The work tree's HEAD commit id."""
        return git("rev-parse", "HEAD", cwd=self.work).strip()

    def commit_with_raw_entry(self, mode: str, name: str, content: bytes, message: str) -> str:
        """Add one entry to the top of ``main``'s tree, bypassing git's name checks.

        For trees ordinary git commands refuse to build (``..`` or ``.git`` entries).
        The commit goes straight into the bare repository.

        Args:
            mode: The git mode, e.g. ``100644``.
            name: The entry name, used as is.
            content: The blob's bytes.
            message: The commit message.
        """
        listing = git("ls-tree", "-z", "main^{tree}", cwd=self.bare).split("\0")
        entries = []
        for line in filter(None, listing):
            meta, entry_name = line.split("\t", 1)
            entry_mode, kind, oid = meta.split()
            entries.append((entry_mode, entry_name, oid, kind == "tree"))
        blob = git("hash-object", "-w", "--stdin", cwd=self.bare, input=content).strip()
        entries.append((mode, name, blob, False))
        # git orders tree entries by name, comparing folders as if they ended in '/'.
        entries.sort(key=lambda e: e[1].encode() + (b"/" if e[3] else b""))
        raw = b"".join(
            f"{m.lstrip('0')} {n}".encode() + b"\0" + bytes.fromhex(oid) for m, n, oid, _ in entries
        )
        tree = git(
            "hash-object", "-w", "-t", "tree", "--literally", "--stdin", cwd=self.bare, input=raw
        ).strip()
        date = "2025-04-02T09:00:00Z"
        commit = git(
            "commit-tree", tree, "-p", "main", "-m", message, cwd=self.bare,
            GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date,
        ).strip()  # fmt: skip
        git("update-ref", "refs/heads/main", commit, cwd=self.bare)
        return commit


# --------------------------------------------------------------------------- smart HTTP


class GitHttpServer:
    """``git http-backend`` behind a threaded HTTP server on 127.0.0.1.

    Args:
        root: The folder of bare repositories to export (``GIT_PROJECT_ROOT``).
        port: Port to listen on; 0 picks a free one (kept across :meth:`restart`).

    Attributes:
        sent_bytes: Response bytes written to clients since the last :meth:`reset_counters`.
        cut_after: When set, each upload-pack response is cut off (the socket closed)
            after this many body bytes, like a link that drops.
        stop_after: When set, the whole server stops once an upload-pack response has
            sent this many body bytes, like a server that goes away mid-transfer.
        chunk: Response bytes written per write; with ``delay`` this throttles.
        delay: Seconds to sleep between chunks.
    """

    def __init__(self, root: Path, port: int = 0) -> None:
        self.root = root
        self.port = port
        self.sent_bytes = 0
        self.requests: list[str] = []
        self.cut_after: int | None = None
        self.stop_after: int | None = None
        self.chunk = 64 * 1024
        self.delay = 0.0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self.stopped = threading.Event()

    def url(self, name: str) -> str:
        """The clone URL of ``<root>/<name>``."""
        return f"http://{LOOPBACK}:{self.port}/{name}"

    def start(self) -> GitHttpServer:
        """Listen and serve in a background thread."""
        server = ThreadingHTTPServer((LOOPBACK, self.port), _handler_for(self))
        server.daemon_threads = True
        self.port = int(server.server_address[1])
        self._server = server
        self.stopped.clear()
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and drop every open connection."""
        server, self._server = self._server, None
        if server is None:
            return
        # Close the listener before dropping connections, so that a client that sees
        # its transfer cut and retries at once finds the server gone, not half-there.
        # Called from a handler thread (stop_after) or the test, never the serve loop.
        server.shutdown()
        server.server_close()
        self.stopped.set()
        with self._lock:
            for conn in list(self._connections):
                with suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)

    def restart(self) -> GitHttpServer:
        """Start again on the same port after :meth:`stop`."""
        self.stop()
        if self._thread is not None:
            self._thread.join(timeout=5)
        deadline = time.monotonic() + 5
        while True:
            try:
                return self.start()
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def reset_counters(self) -> None:
        """Forget the bytes and requests counted so far."""
        with self._lock:
            self.sent_bytes = 0
            self.requests.clear()

    def _track(self, conn: socket.socket, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def _count(self, n: int) -> None:
        with self._lock:
            self.sent_bytes += n


def _handler_for(owner: GitHttpServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # HTTP/1.1 with chunked responses and keep-alive, as real git hosts answer
        # (libgit2 does not accept a body that simply ends when the socket closes).
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            self._backend()

        def do_POST(self) -> None:
            self._backend()

        def _backend(self) -> None:
            owner._track(self.connection, True)
            try:
                self._run_backend()
            except (BrokenPipeError, ConnectionResetError, OSError):
                return
            finally:
                owner._track(self.connection, False)

        def _run_backend(self) -> None:
            path, _, query = self.path.partition("?")
            with owner._lock:
                owner.requests.append(f"{self.command} {path}")
            body = self._read_body()
            env = git_env(
                GIT_PROJECT_ROOT=str(owner.root),
                GIT_HTTP_EXPORT_ALL="1",
                REQUEST_METHOD=self.command,
                PATH_INFO=path,
                QUERY_STRING=query,
                CONTENT_TYPE=self.headers.get("Content-Type", ""),
                CONTENT_LENGTH=str(len(body)),
                REMOTE_ADDR=LOOPBACK,
            )
            if self.headers.get("Git-Protocol"):
                env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
            if self.headers.get("Content-Encoding"):
                env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
            proc = subprocess.Popen(
                ["git", "http-backend"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, env=env,
            )  # fmt: skip
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(body)
                proc.stdin.close()
                self._relay(proc.stdout, is_pack=path.endswith("/git-upload-pack"))
            finally:
                proc.kill()
                proc.wait()
                proc.stdout.close()

        def _read_body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                parts = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        self.rfile.readline()
                        return b"".join(parts)
                    parts.append(self.rfile.read(size))
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _relay(self, stdout: BinaryIO, *, is_pack: bool) -> None:
            status = "200 OK"
            headers: list[tuple[str, str]] = []
            while True:
                line = stdout.readline().decode("latin-1").rstrip("\r\n")
                if not line:
                    break
                name, _, value = line.partition(":")
                if name.lower() == "status":
                    status = value.strip()
                else:
                    headers.append((name, value.strip()))
            code, _, reason = status.partition(" ")
            self.send_response(int(code), reason)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            sent = 0
            while True:
                data = stdout.read1(owner.chunk)  # type: ignore[attr-defined]
                if not data:
                    break
                if is_pack and owner.cut_after is not None and sent + len(data) > owner.cut_after:
                    data = data[: max(0, owner.cut_after - sent)]
                    self._chunk(data)
                    owner._count(len(data))
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self._chunk(data)
                sent += len(data)
                owner._count(len(data))
                if is_pack and owner.stop_after is not None and sent >= owner.stop_after:
                    owner.stop()
                    return
                if owner.delay:
                    time.sleep(owner.delay)
            self._chunk(b"")

        def _chunk(self, data: bytes) -> None:
            if data or not self.close_connection:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

    return Handler


# --------------------------------------------------------------------------- git daemon


class GitDaemon:
    """``git daemon`` exporting ``root`` on 127.0.0.1 (``git://`` URLs)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None

    def url(self, name: str) -> str:
        """The ``git://`` URL of ``<root>/<name>``."""
        return f"git://{LOOPBACK}:{self.port}/{name}"

    def start(self) -> GitDaemon:
        """Start the daemon and wait until it accepts connections."""
        self.port = free_port()
        self._proc = subprocess.Popen(
            [
                "git", "daemon", "--reuseaddr", "--export-all", "--informative-errors",
                f"--base-path={self.root}", f"--listen={LOOPBACK}", f"--port={self.port}", str(self.root),
            ],
            env=git_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex((LOOPBACK, self.port)) == 0:
                    return self
            time.sleep(0.02)
        self.stop()
        raise RuntimeError("git daemon did not start")

    def stop(self) -> None:
        """Stop the daemon."""
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(timeout=10)
            self._proc = None


# --------------------------------------------------------------------------- proxy and a silent server


class ByteCountingProxy:
    """A TCP relay on 127.0.0.1 that forwards to ``target_port`` and counts bytes.

    Attributes:
        down: Bytes from the server to the client.
        up: Bytes from the client to the server.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.down = 0
        self.up = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server((LOOPBACK, 0))
        self.port = int(self._listener.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def url(self, name: str) -> str:
        """A URL for ``name`` through the proxy."""
        return f"http://{LOOPBACK}:{self.port}/{name}"

    def start(self) -> ByteCountingProxy:
        """Start relaying in background threads."""
        self._thread.start()
        return self

    def reset(self) -> None:
        """Zero the counters."""
        with self._lock:
            self.down = self.up = 0

    def stop(self) -> None:
        """Stop accepting connections."""
        self._stop.set()
        with suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        self._thread.join(timeout=5)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection((LOOPBACK, self.target_port))
            threading.Thread(target=self._pipe, args=(client, upstream, "up"), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, "down"), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, direction: str) -> None:
        try:
            while data := src.recv(65536):
                with self._lock:
                    setattr(self, direction, getattr(self, direction) + len(data))
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with suppress(OSError):
                dst.shutdown(socket.SHUT_WR)


@contextmanager
def silent_server() -> Iterator[int]:
    """A TCP port on 127.0.0.1 that accepts connections and never answers."""
    listener = socket.create_server((LOOPBACK, 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        # shutdown() wakes the blocked accept(); a bare close() would leave the thread
        # accepting on a reused descriptor, stealing the next test's connections.
        with suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        thread.join(timeout=5)
        for conn in accepted:
            conn.close()


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
