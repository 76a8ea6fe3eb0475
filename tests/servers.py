"""Real `panel-tool serve` servers for tests: a released pack, a free port, and a server process that
is always stopped, with its kernels, even when a test fails.

    pack, codes = released_pack(tmp_path, members=["Amira", "Ben"])
    with running_server(pack, "--pool", "1") as server:   # serve ... --key-file pack_key(pack)
        page = fetch(server.url)                           # server.url is "http://127.0.0.1:PORT/"
        assert "codes never go in the link" in server.output()
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tests.conftest import PANEL_TOOL, run_cli

READY_WITHIN_S = 90  # the pool fills at about one kernel a second on 2 cores
STOP_WITHIN_S = 30
# `panel-tool serve` with another notebook in place of notebooks/review.ipynb (serve's `notebook=`),
# and module constants set for the test (the door's waits shrunk, so no test sleeps for real):
# python -c WITH_SETTINGS '{"panel_tool.door.throttle.FIRST_WAIT_S": 0.2}' NOTEBOOK-or-"" serve PACK ...
WITH_SETTINGS = ("import sys, json, importlib; from pathlib import Path; import panel_tool.serve as serve\n"
                 "settings, notebook = json.loads(sys.argv.pop(1)), sys.argv.pop(1)\n"
                 "if notebook: serve.REVIEW_NOTEBOOK = Path(notebook)\n"
                 "for name, value in settings.items():\n"
                 "    module, attribute = name.rsplit('.', 1)\n"
                 "    setattr(importlib.import_module(module), attribute, value)\n"
                 "from panel_tool.cli import main; sys.exit(main())")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def released_pack(directory: Path, members=("Amira", "Ben"), *, release: bool = True, approve: bool | None = None,
                  export: Path | None = None, policy: Path | None = None, sample: int = 5) -> tuple[Path, dict[str, str]]:
    """A small pack built with the real commands, its members added, and released unless told not to.

    Release needs every case approved as read (`pack approve --all`): done when the pack is released,
    or when `approve=True` for a draft that a test releases itself.

    Built from `export` when given, else from a synthetic one, with `sample` cases, with the force's key in force.key beside
    it (pack_key), and `policy` (a policy file) when given. Returns the pack's path and each member's access code by name.
    """
    directory = Path(directory)
    key = directory / "force.key"
    if export is None:
        export = directory / "export.csv"
    if not export.exists():
        _ok(run_cli("synth", "--kind", "stop-search", "--rows", "300", "--seed", "1", "--out", export))
    n = 1
    while (pack := directory / f"panel-{n}.pack.db").exists():
        n += 1
    _ok(run_cli("pack", "build", export, "--out", pack, "--sample", str(sample), "--seed", "1", "--key-file", key,
                *(("--policy", policy) if policy else ())))
    codes: dict[str, str] = {}
    if members:
        added = _ok(run_cli("members", "add", pack, *members))
        for line in added.out.split("\n\n")[0].splitlines():
            name, code = re.fullmatch(r"(.*\S)\s{2,}(\S+)", line).groups()
            codes[name] = code
        assert set(codes) == set(members), added.out
    if approve if approve is not None else release:
        _ok(run_cli("pack", "approve", pack, "--all"))
    if release:
        _ok(run_cli("pack", "release", pack, "--key-file", key))
    return pack, codes


def pack_key(pack: Path) -> Path:
    """The force's key of a pack made by released_pack: release and serve need it for the seal."""
    return Path(pack).parent / "force.key"


def copy_of_pack(pack: Path, folder: Path) -> Path:
    """A copy of a pack in `folder`, with its key beside it as pack_key finds it: for tests that change a
    pack a module built once."""
    target = Path(folder) / Path(pack).name
    shutil.copy(pack, target)
    shutil.copy(pack_key(pack), pack_key(target))
    return target


def seal_key(pack: Path) -> bytes:
    """The seal key of a pack made by released_pack, from the force's key beside it."""
    from panel_tool.packs.packfile import open_pack
    from panel_tool.packs.seal import find_seal_key

    with open_pack(pack) as conn:
        return find_seal_key(conn, pack_key(pack), pack=pack, needed_for="the test checks the seal")


def _ok(run):
    assert run.code == 0, run.err
    return run


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    stdout: Path
    stderr: Path
    kernels: set[int] = field(default_factory=set)

    def output(self) -> str:
        """What serve has printed for the facilitator so far."""
        return self.stdout.read_text(encoding="utf-8")

    def log(self) -> str:
        return self.stderr.read_text(encoding="utf-8", errors="replace")

    def kernel_processes(self) -> list[psutil.Process]:
        """The kernels this server started that are still running (they run in sessions of their own)."""
        found = re.search(r"Storing connection files in (\S+?)\.?$", self.log(), re.M)
        marker = found.group(1) if found else None
        alive = []
        for proc in psutil.process_iter(["pid", "cmdline"]):
            cmdline = " ".join(proc.info["cmdline"] or [])
            if proc.info["pid"] in self.kernels or (marker and marker in cmdline and "ipykernel" in cmdline):
                alive.append(proc)
        return alive

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> int:
        """Stop the server as Ctrl-C (SIGINT) or a service manager (SIGTERM) would; its exit code.

        Fails if any kernel outlives it, after killing the leftovers.
        """
        if self.process.poll() is None:
            try:
                self.kernels |= {p.pid for p in psutil.Process(self.process.pid).children(recursive=True)}
            except psutil.NoSuchProcess:
                pass
            _signal_group(self.process, sig)
            try:
                self.process.wait(STOP_WITHIN_S)
            except subprocess.TimeoutExpired:
                _signal_group(self.process, signal.SIGKILL)
                self.process.wait(STOP_WITHIN_S)
        leftovers = self.kernel_processes()
        _, still = psutil.wait_procs(leftovers, timeout=10)
        for proc in still:
            proc.kill()
        assert not still, f"kernels left running after the server stopped: {[p.pid for p in still]}"
        return self.process.returncode


def _stop_with_this_process() -> None:
    """In the server's process before it starts: SIGTERM it (and so its kernels) if the test run is
    killed, so no server outlives the run that started it (Linux only; elsewhere a no-op)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _signal_group(process: subprocess.Popen, sig: signal.Signals) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


@contextmanager
def running_server(pack: Path, *args: str, port: int | None = None, notebook: Path | None = None,
                   ready_within: float = READY_WITHIN_S, settings: dict | None = None, path: str = "",
                   cwd: Path | None = None):
    """Start `panel-tool serve PACK --port PORT ARGS...`, wait until its page answers, yield a Server.

    `notebook` serves that notebook instead of notebooks/review.ipynb; `settings` sets module
    constants first ({"panel_tool.door.throttle.FIRST_WAIT_S": 0.2}); `path` is the base URL given
    with --base-url. The force's key is the one beside the pack (pack_key) unless ARGS give
    --key-file; `cwd`: where relative paths start. The server (its whole process group) and its
    kernels are stopped on the way out, whatever happened.
    """
    port = port or free_port()
    args = [str(a) for a in args]
    if "--key-file" not in args:
        args += ["--key-file", str(pack_key(pack))]
    command = ([sys.executable, "-c", WITH_SETTINGS, json.dumps(settings or {}), str(notebook or "")]
               if notebook or settings else list(PANEL_TOOL))
    command += ["serve", str(pack), "--port", str(port), *args]
    scheme = "https" if "--certfile" in args else "http"
    logs = Path(tempfile.mkdtemp(prefix="panel-serve-"))
    stdout, stderr = logs / "stdout.txt", logs / "stderr.txt"
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "PYTHONUNBUFFERED": "1"}
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, start_new_session=True, cwd=cwd,
                                   preexec_fn=_stop_with_this_process)
    server = Server(f"{scheme}://127.0.0.1:{port}/{path.strip('/') + '/' if path.strip('/') else ''}", process, stdout, stderr)
    try:
        _wait_until_ready(server, ready_within)
        yield server
    finally:
        try:
            server.stop()
        finally:
            for f in (stdout, stderr):
                f.unlink(missing_ok=True)
            logs.rmdir()


def _wait_until_ready(server: Server, within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"panel-tool serve exited with {server.process.returncode}:\n"
                                 f"{server.output()}\n{server.log()}")
        try:
            if fetch(server.url, timeout=30).status == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError, ssl.SSLError):
            time.sleep(0.5)
    raise AssertionError(f"panel-tool serve did not answer within {within} s:\n{server.output()}\n{server.log()}")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str
    url: str


def fetch(url: str, timeout: float = 30) -> Response:
    """GET a URL (following redirects; a self-signed certificate is accepted); HTTP errors are answers too."""
    context = ssl._create_unverified_context() if url.startswith("https") else None
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=context) as r:
            return Response(r.status, dict(r.headers), r.read().decode("utf-8", "replace"), r.url)
    except urllib.error.HTTPError as e:
        return Response(e.code, dict(e.headers), e.read().decode("utf-8", "replace"), e.url)


class Visitor:
    """A browser without the browser: one cookie jar, real HTTP, redirects followed.

        amira = Visitor(server.url)
        page = amira.sign_in(codes["Amira"])   # the app page, after the door
    """

    def __init__(self, base_url: str, cookies: bool = True):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.jar)] if cookies else []
        if base_url.startswith("https"):
            handlers.append(urllib.request.HTTPSHandler(context=ssl._create_unverified_context()))
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, path: str, data: dict | None = None, method: str | None = None, headers: dict | None = None,
                timeout: float = 120) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        url = path if path.startswith("http") else self.base_url + path.lstrip("/")
        req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return Response(r.status, dict(r.headers), r.read().decode("utf-8", "replace"), r.url)
        except urllib.error.HTTPError as e:
            return Response(e.code, dict(e.headers), e.read().decode("utf-8", "replace"), e.url)

    def get(self, path: str = "", **kwargs) -> Response:
        return self.request(path, **kwargs)

    def sign_in(self, secret: str, door: str = "", field: str = "code", agree: bool = True) -> Response:
        """Open the door's page, sign in, accept the panel's agreement if this is a member's first
        sign-in (unless `agree` is False), and follow on to the app page."""
        self.get(door)
        page = self.request(door, {field: secret})
        if agree and page.url.endswith("/agreement"):
            page = self.request("agreement", {"agree": "yes"})
        return page

    def cookie(self) -> str:
        return next((c.value for c in self.jar if c.name == "panel_session"), "")


def kernel_id_of(page_text: str) -> str:
    """The kernel id Voilà wrote into an app page."""
    return re.search(r'"kernelId": "([0-9a-f-]{36})"', page_text).group(1)
