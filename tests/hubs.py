"""A real JupyterHub for tests and benchmarks: `panel-tool hub` on free loopback ports, facilitators
made by the hub as system users, and released packs served as their named servers.

    with running_hub(work, {"panela": ("A", pack_a), "panelb": ("B", pack_b)}) as hub:
        hub["packs"]["panela"]["url"]       # http://127.0.0.1:PORT/user/<facilitator A>/panela/
        api(hub, "DELETE", f"users/{hub['users']['A']}/servers/panela")

Needs root (it makes system users, removed again on the way out with every process they ran).
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psutil

from tests.conftest import PANEL_TOOL
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[1]
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
DEPLOY_CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
# What the facilitators' users run and read: this interpreter and the panel_tool they import.
SHARED = (Path(sys.executable).resolve(), ROOT / "panel_tool")
HUB_WITHIN_S = 90
SERVER_WITHIN_S = 150


class NotRoot(RuntimeError):
    pass


def api(hub: dict, method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict | str]:
    """Call the hub's REST API (as the test's admin service unless `token` says otherwise)."""
    request = urllib.request.Request(hub["url"] + "hub/api/" + path.lstrip("/"), method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"token {token or hub['token']}",
                                              "Content-Type": "application/json"})
    try:
        context = ssl._create_unverified_context() if hub["url"].startswith("https") else None  # a test's own certificate
        with urllib.request.urlopen(request, timeout=60, context=context) as r:
            text = r.read().decode()
            status = r.status
    except urllib.error.HTTPError as e:
        text, status = e.read().decode(), e.code
    try:
        return status, json.loads(text) if text else {}
    except json.JSONDecodeError:
        return status, text


def wait_for_server(hub: dict, user: str, server: str = "", ready: bool = True, within: float = SERVER_WITHIN_S) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        status, info = api(hub, "GET", f"users/{user}")
        assert status == 200, info
        state = info["servers"].get(server)
        if ready and state and state.get("ready"):
            return
        if not ready and not state:
            return
        if hub["process"].poll() is not None:
            break
        time.sleep(0.5)
    raise AssertionError(f"{user}/{server or '(workbench)'} did not {'start' if ready else 'stop'} in time:\n"
                         + hub["log"].read_text(errors="replace")[-6000:])


def start_server(hub: dict, user: str, server: str = "") -> None:
    status, info = api(hub, "POST", f"users/{user}/servers/{server}" if server else f"users/{user}/server")
    assert status in (201, 202), info
    wait_for_server(hub, user, server)


def stop_server(hub: dict, user: str, server: str) -> None:
    status, info = api(hub, "DELETE", f"users/{user}/servers/{server}")
    assert status in (202, 204), info
    wait_for_server(hub, user, server, ready=False)


def as_user(user: str, *command: str) -> subprocess.CompletedProcess:
    entry = pwd.getpwnam(user)
    return subprocess.run(list(command), capture_output=True, text=True, user=entry.pw_uid, group=entry.pw_gid,
                          extra_groups=[], cwd=entry.pw_dir, env={"HOME": entry.pw_dir, "PATH": "/usr/bin:/bin"})


def answers_in(user: str, pack: Path) -> int:
    """Answers written in a pack, counted as its owner (root must not leave files in their workspace)."""
    run = as_user(user, sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                  "print(c.execute('SELECT COUNT(*) FROM answers').fetchone()[0])", str(pack))
    assert run.returncode == 0, run.stderr
    return int(run.stdout)


def questions_in(pack: Path) -> int:
    import sqlite3
    with sqlite3.connect(f"file:{pack}?mode=ro", uri=True) as conn:
        return len(json.loads(conn.execute("SELECT definition FROM form").fetchone()[0])["questions"])


def remove_user(name: str) -> None:
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return
    for proc in psutil.process_iter(["pid", "uids"]):
        if proc.info["uids"] and proc.info["uids"].real == uid:
            try:
                proc.kill()
            except psutil.Error:
                pass
    subprocess.run(["userdel", "--remove", name], capture_output=True)


@contextmanager
def running_hub(work: Path, packs: dict[str, tuple[str, Path]], *, pool: int = 0, start: bool = True,
                tls: tuple[Path, Path] | None = None):
    """Start the hub; make a facilitator (a hub user and, through their workbench's first start, a system
    user) for each label in `packs` ({server name: (facilitator label, built pack)}), copy each pack and
    the force's key beside it into its facilitator's workspace, and start it as a named server.
    `pool`: member apps kept warm per pack (0: serve's default); `start=False` leaves the packs stopped;
    `tls`: (certificate, key) for the proxy."""
    if os.geteuid() != 0:
        raise NotRoot("the hub makes a system user for each facilitator, so this must run as root")
    if not PROXY.exists():
        raise NotRoot(f"configurable-http-proxy is missing ({PROXY}): run make hub-proxy")
    with the_way_opened_to(*SHARED):
        with _running_hub(work, packs, pool=pool, start=start, tls=tls) as hub:
            yield hub


@contextmanager
def _running_hub(work: Path, packs: dict[str, tuple[str, Path]], *, pool: int, start: bool,
                 tls: tuple[Path, Path] | None):
    os.chmod(work, 0o755)
    prefix = "pt" + secrets.token_hex(3)
    users = {label: prefix + label.lower() for label in dict.fromkeys(f for f, _ in packs.values())}
    admin = prefix + "admin"  # approves sign-ups (`panel-tool hub --admin`)
    token = secrets.token_hex(32)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    config = work / "hub_config.py"
    config.write_text(f"""c = get_config()
load_subconfig({str(DEPLOY_CONFIG)!r})
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.PanelSpawner.pool = {pool}
c.JupyterHub.services = list(c.JupyterHub.services) + [{{"name": "test-admin", "api_token": {token!r}}}]
c.JupyterHub.load_roles = list(c.JupyterHub.load_roles) + [{{"name": "test-admin", "services": ["test-admin"],
    "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"]}}]
""")
    log = work / "hub.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([*PANEL_TOOL, "hub", "--config", str(config), "--ip", "127.0.0.1", "--port", str(port),
                                    "--state", str(work / "state"), "--admin", admin,
                                    *(("--certfile", str(tls[0]), "--keyfile", str(tls[1])) if tls else ())], stdout=out, stderr=subprocess.STDOUT, cwd=work,
                                   env={**os.environ, "PYTHONWARNINGS": "ignore"}, start_new_session=True)
    hub = {"url": f"{'https' if tls else 'http'}://127.0.0.1:{port}/", "token": token, "process": process, "log": log, "users": users,
           "admin": admin, "packs": {}, "work": work}
    try:
        deadline = time.monotonic() + HUB_WITHIN_S
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("the hub did not start:\n" + log.read_text(errors="replace")[-6000:])
            try:
                if api(hub, "GET", "")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.5)
        for user in users.values():
            assert api(hub, "POST", f"users/{user}")[0] == 201
            start_server(hub, user)  # the workbench: makes the system user and their workspace
        for name, (label, built) in packs.items():
            user = users[label]
            entry = pwd.getpwnam(user)
            workspace = Path(entry.pw_dir) / "workspace"
            path, key = workspace / f"{name}.pack.db", workspace / f"{name}.key"
            shutil.copyfile(built, path)
            shutil.copyfile(Path(built).parent / "force.key", key)
            for f in (path, key):
                os.chown(f, entry.pw_uid, entry.pw_gid)
                os.chmod(f, 0o600)
            hub["packs"][name] = {"path": path, "user": user, "url": f"{hub['url']}user/{user}/{name}/"}
            if start:
                start_server(hub, user, name)
        yield hub
    finally:
        process.send_signal(signal.SIGTERM)  # the hub stops every server it started (cleanup_servers)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        for user in users.values():
            remove_user(user)


@contextmanager
def the_way_opened_to(*paths: Path):
    """The facilitators' users must run this Python and read panel_tool: a folder on the way that
    other users cannot pass through (pyenv under /root, mode 0700) gets o+x while the hub runs, and
    its mode is put back however the test ends: an error while the hub starts, a failing test, or
    SIGTERM (`timeout` ending a slow run), which Python would otherwise die of without cleaning up."""
    from panel_tool.hub.run import closed_to_others

    opened: list[tuple[Path, int]] = []
    on_sigterm = signal.getsignal(signal.SIGTERM) if threading.current_thread() is threading.main_thread() else None

    def end(signum, frame):
        raise SystemExit(128 + signum)

    try:
        if on_sigterm is not None:
            signal.signal(signal.SIGTERM, end)
        for path in paths:
            while (closed := closed_to_others(path)) is not None and closed.is_dir():
                mode = closed.stat().st_mode & 0o7777
                opened.append((closed, mode))
                os.chmod(closed, mode | 0o001)
        yield
    finally:
        for folder, mode in reversed(opened):
            os.chmod(folder, mode)
        if on_sigterm is not None:
            signal.signal(signal.SIGTERM, on_sigterm)
