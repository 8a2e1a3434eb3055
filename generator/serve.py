"""`briefings serve`: build, serve on 127.0.0.1, rebuild on save, reload open tabs.

Standalone on purpose (as MkDocs' livereload server is): it only calls the
one `build()` function, so what an editor previews is exactly what `briefings
build` publishes, plus one thing: HTML served from here gets a small script that
listens on `/__briefings/events` (Server-Sent Events) and reloads the page after
a rebuild, or shows the build's errors over the page. That script (a tag loading `/__briefings/live.js`) is added while serving; it is never in the files
`build` writes.

Threads: the HTTP server (one thread per request), one watcher per watched
root (watchfiles), and one builder that rebuilds after each burst of changes.
A failed build keeps the last good site on screen, under the error overlay,
and the next save that fixes it reloads the page.

The preview is built into one folder per project, kept between runs
(outputdir.preview_folder: under `.cache/`, beside the build cache, never `build/`),
so a start is an incremental build like any other: nothing changed since the last
preview, nothing is rendered. What the folder holds is served only once this
server's own build has succeeded: before, it may be the output of an older version
of briefings, or of content since changed (and a first build that fails shows its
errors, not that site). The build cache trusts nothing an older generator left
(codekey.build_key), and the build lock lets two servers of one project share the folder.

Changes are numbered as they are queued, and each build reports the number of the last
change it took before it began to read: so "the site holds change N" is known, not
guessed from "a build finished since". The inbox needs that: a build already running
when it saves a file finishes after the save but does not hold the file.
"""

from __future__ import annotations

import functools
import http.server
import ipaddress
import json
import signal
import socketserver
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote, urlsplit

import watchfiles

from generator.atomicfile import OWN_TEMPORARY
from generator.build import BuildError, BuildOptions, BuildResult, build
from generator.config import load_settings
from generator.diagnostics import ContentError, Level
from generator.inbox import INBOX_PREFIX, Inbox
from generator.outputdir import preview_folder

EVENTS_PATH = "/__briefings/events"
SCRIPT_PATH = "/__briefings/live.js"
KEEPALIVE_SECONDS = 10.0

# A script file, not inline code: pages may declare a Content-Security-Policy with
# script-src 'self', which allows this same-origin file but would block inline script.
LIVE_SCRIPT = """(() => {
  "use strict";
  const builtVersion = Number(document.currentScript.dataset.buildVersion);
  let overlay = null;
  function showError(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "briefings-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:rgba(20,20,24,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;";
      const heading = document.createElement("h2");
      heading.textContent = "The site could not be rebuilt. Fix the problem and save: this page updates by itself.";
      heading.style.cssText = "margin:0 0 1rem;font:600 1.1rem system-ui,sans-serif;color:#ff9b8f;";
      const details = document.createElement("pre");
      details.style.cssText = "white-space:pre-wrap;margin:0;";
      overlay.append(heading, details);
      document.body.append(overlay);
    }
    // textContent, never innerHTML: messages quote content, which may be scraped text
    overlay.querySelector("pre").textContent = text;
  }
  const events = new EventSource("%s");
  events.onmessage = (event) => {
    const state = JSON.parse(event.data);
    if (state.error) { showError(state.error); return; }
    if (state.version !== builtVersion) { location.reload(); return; }
    if (overlay) { overlay.remove(); overlay = null; }
  };
})();
""" % EVENTS_PATH

WAITING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Waiting for a good build</title></head>
<body><p>The site has not been built yet.</p></body></html>
"""


def inject_live_script(html: bytes, version: int) -> bytes:
    """The page with the live-reload script before </body> (or at the end)."""
    script = f'<script src="{SCRIPT_PATH}" data-build-version="{int(version)}"></script>\n'.encode("ascii")
    marker = html.lower().rfind(b"</body>")
    if marker == -1:
        return html + script
    return html[:marker] + script + html[marker:]


@dataclass(frozen=True)
class BuildState:
    version: int  # increases with every successful build
    error: str | None  # the last build's failure, shown until a build succeeds
    changes_built: int = 0  # the site served holds every change numbered up to this (ChangeQueue)

    def event(self) -> bytes:
        state = {"version": self.version, "error": self.error, "changes_built": self.changes_built}
        return f"data: {json.dumps(state)}\n\n".encode("utf-8")


class LiveState:
    """The current BuildState, and a way to wait for the next one."""

    def __init__(self) -> None:
        self._state = BuildState(0, None)
        self._changed = threading.Condition()

    @property
    def current(self) -> BuildState:
        with self._changed:
            return self._state

    def succeeded(self, changes_built: int = 0) -> None:
        """A build that took every change up to `changes_built` before it began to read is served."""
        with self._changed:
            self._state = BuildState(self._state.version + 1, None, max(changes_built, self._state.changes_built))
            self._changed.notify_all()

    def failed(self, error: str) -> None:
        with self._changed:  # the last good site stays, and with it the changes it holds
            self._state = BuildState(self._state.version, error, self._state.changes_built)
            self._changed.notify_all()

    def wait_for_change(self, seen: BuildState, timeout: float) -> BuildState:
        with self._changed:
            self._changed.wait_for(lambda: self._state != seen, timeout=timeout)
            return self._state


class ChangeQueue:
    """Changed paths waiting for the builder, each change numbered 1, 2, ... as it is queued.

    Whoever queues a change learns its number; the builder takes every change queued so
    far at once, with the number of the last, before its build begins to read. A build
    that took number N therefore holds every change up to N, and no build that began
    before change N was queued is ever said to hold it.
    """

    def __init__(self) -> None:
        self._queued = 0  # the number of the last change queued
        self._taken = 0  # the number of the last change the builder took
        self._paths: set[Path] = set()
        self._arrived = threading.Condition()

    def put(self, paths: Iterable[Path]) -> int:
        """Queue one change (the paths it touched); its number."""
        with self._arrived:
            self._queued += 1
            self._paths |= set(paths)
            self._arrived.notify_all()
            return self._queued

    def take(self, timeout: float) -> tuple[set[Path], int] | None:
        """(the paths of every change queued and not yet taken, the last one's number), or
        None when nothing came within `timeout` seconds. A burst of saves is one take."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: self._queued > self._taken, timeout=timeout):
                return None
            paths, self._paths = self._paths, set()
            self._taken = self._queued
            return paths, self._taken


FileStamp = tuple[int, int, int]  # (inode, size, modification time in ns): a write changes one


def file_stamp(path: Path) -> FileStamp | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


def host_is_allowed(host_header: str | None, allowed_names: frozenset[str] = frozenset()) -> bool:
    """Whether a request's Host names this server by an address or as localhost.

    A page on a foreign site can reach the preview on 127.0.0.1 by pointing its own host name
    there (DNS rebinding) and then read it as same-origin, drafts included; its requests still
    carry that foreign name as Host. So only an IP literal, `localhost` and its subdomains pass,
    and names the editor allowed for sharing on a network (`--allow-host`)."""
    if not host_header:
        return False
    try:
        name = urlsplit("//" + host_header.strip()).hostname
    except ValueError:
        return False
    if not name:
        return False
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    return name == "localhost" or name.endswith(".localhost") or name in allowed_names


class _Handler(http.server.SimpleHTTPRequestHandler):
    live: LiveState
    stopping: threading.Event
    inbox: Inbox  # /_inbox/ is answered by generator/inbox.py
    allowed_hosts: frozenset[str] = frozenset()

    def _refuse_foreign_host(self) -> bool:
        """Refuse (403) a request whose Host is not this server's; True if refused."""
        host = self.headers.get("Host")
        if host_is_allowed(host, self.allowed_hosts):
            return False
        body = (
            f"refused: the Host {host!r} is not an address of this preview; open it by its address "
            "(http://127.0.0.1:PORT/) or start serve with --allow-host NAME\n"
        ).encode("utf-8")
        self._send(body, "text/plain; charset=utf-8", status=403)
        return True

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._refuse_foreign_host():
            super().do_HEAD()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the terminal is for build results

    def end_headers(self) -> None:
        # an editor must always see the latest build, never a cached page
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802
        path = unquote(urlsplit(self.path).path)
        if path.startswith(INBOX_PREFIX):  # it refuses foreign hosts itself, stricter, with its own errors
            self.inbox.respond(self, "GET")
            return
        if self._refuse_foreign_host():
            return
        if path == EVENTS_PATH:
            self._events()
            return
        if path == SCRIPT_PATH:
            self._send(LIVE_SCRIPT.encode("utf-8"), "text/javascript; charset=utf-8")
            return
        file = Path(self.translate_path(self.path))
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        if self.live.current.version == 0:
            # no good build by this server yet: the folder holds what an earlier run left,
            # perhaps of an older version; pages show the error overlay over a blank page
            if file.suffix in (".html", ""):
                self._html(WAITING_PAGE.encode("utf-8"))
            else:
                self.send_error(503, "the site has not been built yet")
        elif file.suffix == ".html" and file.is_file():
            self._html(file.read_bytes())
        else:
            super().do_GET()

    def do_POST(self) -> None:  # noqa: N802 - the inbox is the only thing here that takes changes
        if unquote(urlsplit(self.path).path).startswith(INBOX_PREFIX):
            self.inbox.respond(self, "POST")
        elif not self._refuse_foreign_host():
            self.send_error(405, "the preview site is read-only")

    def _html(self, body: bytes) -> None:
        self._send(inject_live_script(body, self.live.current.version), "text/html; charset=utf-8")

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":  # a HEAD's answer has the headers of a GET's, no body
            self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        state = self.live.current
        try:
            self.wfile.write(state.event())
            self.wfile.flush()
            while not self.stopping.is_set():
                new = self.live.wait_for_change(state, KEEPALIVE_SECONDS)
                # a comment line when nothing changed finds closed tabs, so their thread ends
                self.wfile.write(new.event() if new != state else b": keep-alive\n\n")
                self.wfile.flush()
                state = new
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True  # open event streams must not keep the process alive
    allow_reuse_address = True


def describe_failure(exc: BaseException) -> str:
    """What a failed build shows in the overlay and the terminal."""
    if isinstance(exc, ContentError):
        return "\n".join(d.format() for d in exc.diagnostics.sorted() if d.level is Level.ERROR)
    if isinstance(exc, BuildError):
        return f"build failed: {exc}"
    return "build failed with an unexpected error (a bug; please report it):\n" + "".join(
        traceback.format_exception(exc)
    )


def watched_roots(root: Path) -> tuple[list[Path], Path]:
    """(folders watched recursively: content and the project's themes, folder holding the settings)."""
    try:
        content_dir = root / load_settings(root).content_dir
    except ContentError:
        content_dir = root / "content"
    folders = [folder for folder in (content_dir, root / "themes") if folder.is_dir()]
    return folders, root


class DevServer:
    def __init__(
        self, root: Path, host: str = "127.0.0.1", port: int = 8000, drafts: bool = False, search: bool = False,
        echo: Callable[[str], None] = print, build_site: Callable[[BuildOptions], BuildResult] = build,
        allowed_hosts: frozenset[str] = frozenset(),
    ):
        self.root = root.resolve()
        self.drafts = drafts
        self.search = search
        self.echo = echo
        self.build_site = build_site
        self.live = LiveState()
        self.stopping = threading.Event()
        self.changes = ChangeQueue()
        # files the server wrote itself and queued at once: the watcher's later report of the
        # same write would only build the same site again
        self._queued_writes: dict[Path, FileStamp] = {}
        self._queued_writes_lock = threading.Lock()
        # kept between runs, so that a start builds only what changed since the last
        self.out_dir = preview_folder(self.root)
        self.inbox = Inbox(self.root, on_write=self.queue_write)
        handler = type("Handler", (_Handler,), {
            "live": self.live, "stopping": self.stopping, "inbox": self.inbox,
            "allowed_hosts": frozenset(name.lower() for name in allowed_hosts),
        })
        self.httpd = _Server((host, port), functools.partial(handler, directory=str(self.out_dir)))
        self.threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def rebuild(self, reason: str = "", jobs: int = 0, changes_taken: int = 0) -> BuildResult | None:
        """Build into the served folder; `changes_taken`: the last change taken before this build began."""
        started = time.perf_counter()
        try:
            result = self.build_site(BuildOptions(
                root=self.root, out_dir=self.out_dir, drafts=self.drafts, search=self.search, jobs=jobs,
            ))
        except Exception as exc:  # noqa: BLE001 - the server outlives every failed build
            text = describe_failure(exc)
            self.echo(f"{text}\nBuild failed{reason}; serving the last good build. Fix and save to retry.")
            self.live.failed(text)
            return None
        warnings = [d.format() for d in result.diagnostics.sorted() if d.level is Level.WARNING]
        for warning in warnings:
            self.echo(warning)
        self.live.succeeded(changes_taken)
        if result.unchanged:
            done = " (nothing had changed)"
        elif result.rendered < result.pages:
            done = f" ({result.rendered} of {result.pages} pages rendered again)"
        else:
            done = ""
        self.echo(
            f"Built {result.briefings} briefings{reason}{done} in {time.perf_counter() - started:.2f} s"
            + (f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})" if warnings else "")
        )
        return result

    def queue_write(self, path: Path) -> int:
        """A file the server has just written (the inbox's save): queued for a build at once; its number."""
        with self._queued_writes_lock:
            stamp = file_stamp(path)
            if stamp is not None:
                self._queued_writes[path] = stamp
        return self.changes.put({path})

    def news(self, paths: Iterable[Path]) -> set[Path]:
        """The paths of a watcher's report that a build has not already been queued for."""
        fresh = set()
        with self._queued_writes_lock:
            for path in paths:
                if OWN_TEMPORARY.match(path.name):
                    continue  # a writer's temporary file; its rename is reported under the file's own name
                if path in self._queued_writes and self._queued_writes[path] == file_stamp(path):
                    del self._queued_writes[path]  # queued by queue_write, and not changed since
                    continue
                fresh.add(path)
        return fresh

    def _watch(self, path: Path, recursive: bool, accept: Callable[[Path], bool]) -> None:
        for changes in watchfiles.watch(
            path, recursive=recursive, stop_event=self.stopping, debounce=400, step=50, yield_on_timeout=False,
            raise_interrupt=False,
        ):
            changed = self.news(Path(p) for _, p in changes if accept(Path(p)))
            if changed:
                self.changes.put(changed)

    def _builder(self) -> None:
        while not self.stopping.is_set():
            taken = self.changes.take(timeout=0.2)
            if taken is None:
                continue
            changed, last = taken
            # one process: forking while the server's threads run could copy a lock one of
            # them holds; a rebuild after a save renders few pages anyway
            self.rebuild(reason=" after changes to " + _names(changed, self.root), jobs=1, changes_taken=last)

    def start(self) -> None:
        """Build once, then serve and watch in background threads."""
        self.rebuild()
        folders, settings_dir = watched_roots(self.root)
        jobs: list[tuple[Callable[..., None], tuple]] = [
            (self._watch, (folder, True, lambda p: True)) for folder in folders
        ]
        jobs.append((self._watch, (settings_dir, False, lambda p: p.name == "pyproject.toml")))
        jobs.append((self._builder, ()))
        jobs.append((self.httpd.serve_forever, ()))
        for target, args in jobs:
            thread = threading.Thread(target=target, args=args, daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        """Stop serving and watching; the preview folder stays, for the next start to build on."""
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _names(paths: Iterable[Path], root: Path) -> str:
    shown = []
    for path in sorted(paths):
        try:
            shown.append(path.relative_to(root).as_posix())
        except ValueError:
            shown.append(path.as_posix())
    return ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")


def serve(
    root: Path, host: str = "127.0.0.1", port: int = 8000, drafts: bool = False, search: bool = False,
    echo: Callable[[str], None] = print, allowed_hosts: frozenset[str] = frozenset(),
) -> None:
    """Run the preview server until interrupted (Ctrl+C or SIGTERM)."""
    server = DevServer(root, host, port, drafts, search, echo, allowed_hosts=allowed_hosts)

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # stop as on Ctrl+C: the finally below closes the server

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        server.start()
        echo(f"Serving {server.url} (watching content, themes and settings; Ctrl+C to stop)")
        server.stopping.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
