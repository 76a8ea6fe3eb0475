"""Benchmark: 30 panel members at once against one real `panel-tool serve`, each signing in and
answering every question of 10 cases, against plain `voila` serving a one-slider notebook to the same
30 visitors (and to one alone) in the same run.

Each member is a real websocket client speaking the Jupyter kernel protocol as Voilà's page does
(`/api/kernels/<id>/channels?session_id=...`, subprotocol v1.kernel.websocket.jupyter.org): GET the
page, read the kernel id from its config, kernel_info_request, then every widget's state in one
request_states on the widget control comm (as ipywidgets 8's page does). Members sign in at the door first (GET the sign-in page, POST the
code, keep the session cookie, then the app page and its websocket with that cookie), then open case 1, answer each question (RadioButtons by
`index`, Textarea by `value`), wait for "Saved at" in that question's status, "Next case", and so on.
All members start at the same moment, with no thinking time between answers unless `--think` says.

Targets: every answer written; save latency p95 <= 100 ms; memory per member <= 120 MB; time to a
usable page (p50 and p95) at most 0.3 of plain Voilà's with 30 visitors.

    python benchmarks/review_load.py [--runs 1] [--members 30] [--cases 10] [--think 0] [--json]
    python benchmarks/review_load.py --room [--members 30]

`--room` is a room arriving instead (issue 12): the members arrive within 10 s through the sign-in
page and then the app; 10 reload once mid-case; 5 open a second device; 200 unauthenticated GETs
arrive during it. It reports, over all 45 arrivals, navigation to a usable sign-in page and sign-in
to a usable case list (p50, p95), kernels alive at peak, the server's memory across the 200 GETs,
memory per member and answers written, against plain Voila with 1 and 30 visitors in the same run.
Each sign-in page is fetched and timed in a process of its own (a member's phone), and the 200 GETs
come from another (other machines), not from the event loop that plays the 30 members' apps.

Exits 1 if any run wrote fewer or more answers than expected (or any member failed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import re
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from importlib import metadata
from pathlib import Path

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from panel_tool.door.handlers import STAFF_ROLES
from panel_tool.door.sessions import STAFF_KERNELS

BIN = Path(sys.executable).parent
PANEL_TOOL = [str(BIN / "panel-tool")] if (BIN / "panel-tool").exists() else [sys.executable, "-m", "panel_tool.cli"]
VOILA = str(BIN / "voila")
PROTOCOL = "v1.kernel.websocket.jupyter.org"
ONE_WIDGET = {"cells": [{"cell_type": "code", "execution_count": None, "id": "a1", "metadata": {}, "outputs": [],
                         "source": ["import ipywidgets as w; w.IntSlider()"]}],
              "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
              "nbformat": 4, "nbformat_minor": 5}
WAIT_S = 120          # the longest any one reply may take before the member counts as failed
GET_WITHIN_S = 300    # a page (plain Voilà starts a kernel for each visitor, about one a second)
READY_WITHIN_S = 240  # server up and its pool full and quiet
QUIET_CPU = 0.25      # "quiet": server and kernels together use under a quarter of a core for 2 s
IDLE_KERNEL_CPU = 0.02  # ...plus this much for each idle kernel
BEST = ("save_p50_ms", "save_p95_ms", "usable_p50_s", "usable_p95_s", "usable_max_s", "mib_per_member",
        "ratio_p50", "ratio_p95")  # the best of several runs: the smallest of each


# --- processes ------------------------------------------------------------------------------------
class Server:
    """A server process started in its own session, and every kernel it starts (each in a session of
    its own): all of them are killed by `stop`, whatever happened."""

    def __init__(self, command: list[str], workdir: Path, name: str):
        self.log = workdir / f"{name}.log"
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=workdir,
                                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
        self.proc = psutil.Process(self.process.pid)
        self.kernels: dict[int, psutil.Process] = {}
        self.connection_dirs: set[Path] = set()
        self._lock = threading.Lock()
        self._watching = True
        self.peak_kernels = 0  # the most kernels alive at once, sampled every 0.25 s
        self._watcher = threading.Thread(target=self._watch, daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        while self._watching:
            self.peak_kernels = max(self.peak_kernels, len(self.kernel_processes()))
            time.sleep(0.25)

    def kernel_processes(self) -> list[psutil.Process]:
        """The kernels this server has started that are still running (remembered after they leave it)."""
        with self._lock:
            return self._scan()

    def _scan(self) -> list[psutil.Process]:
        try:
            for child in self.proc.children():
                if child.pid not in self.kernels:
                    try:
                        cmdline = child.cmdline()
                    except psutil.Error:
                        continue
                    if "ipykernel" in " ".join(cmdline):
                        self.kernels[child.pid] = child
                        if "-f" in cmdline[:-1]:
                            self.connection_dirs.add(Path(cmdline[cmdline.index("-f") + 1]).parent)
        except psutil.Error:
            pass
        return [k for k in list(self.kernels.values()) if _alive(k)]

    def kernel_pid(self, kernel_id: str) -> int | None:
        for k in self.kernel_processes():
            try:
                if f"kernel-{kernel_id}.json" in " ".join(k.cmdline()):
                    return k.pid
            except psutil.Error:
                pass
        return None

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def cpu_seconds(self) -> float:
        total = 0.0
        for p in [self.proc, *self.kernel_processes()]:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.Error:
                pass
        return total

    def stop(self) -> None:
        self.kernel_processes()
        self._watching = False
        if self.process.poll() is None:
            _killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                _killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        alive = [k for k in self.kernels.values() if k.is_running()]
        _, alive = psutil.wait_procs(alive, timeout=5)
        for k in alive:
            _killpg(k.pid, signal.SIGKILL)
        psutil.wait_procs(alive, timeout=5)
        # The kernels' connection files, if the server was killed before it could remove them.
        for folder in self.connection_dirs:
            if folder.name.startswith("voila_"):
                shutil.rmtree(folder, ignore_errors=True)


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _killpg(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int) -> float:
    """VmRSS of a process, from /proc, in MiB (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def server_rss_mib(server: "Server") -> float:
    """The server's memory: its own process and the door's process in front of it (door/front.py)."""
    try:
        doors = [p.pid for p in server.proc.children() if "panel_tool.door.front" in " ".join(p.cmdline())]
    except psutil.Error:
        doors = []
    return rss_mib(server.process.pid) + sum(map(rss_mib, doors))


def pss_mib(pid: int) -> float:
    """Proportional set size (shared pages split between the processes sharing them), in MiB."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def wait_until(check, within: float, what: str, server: Server) -> None:
    deadline = time.monotonic() + within
    while not check():
        if server.process.poll() is not None:
            raise RuntimeError(f"{what}: the server exited ({server.process.returncode}):\n{server.text()[-3000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {within:.0f} s:\n{server.text()[-3000:]}")
        time.sleep(0.2)


def wait_quiet(server: Server, within: float) -> None:
    """Until the server and its kernels together use under QUIET_CPU of a core, plus IDLE_KERNEL_CPU
    for each kernel (an idle kernel polls: about 1.5% of a core each, 0.5 of a core for 32), for 2 s
    running."""
    deadline = time.monotonic() + within
    quiet_since, last = None, server.cpu_seconds()
    while True:
        time.sleep(0.5)
        now = server.cpu_seconds()
        busy = (now - last) / 0.5
        last = now
        quiet = QUIET_CPU + IDLE_KERNEL_CPU * len(server.kernel_processes())
        quiet_since = (quiet_since or time.monotonic()) if busy < quiet else None
        if quiet_since and time.monotonic() - quiet_since >= 2:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server never went quiet within {within:.0f} s (last {busy:.2f} cores busy)")


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


# --- the kernel protocol, as Voilà's page speaks it ------------------------------------------------
def encode_v1(channel: str, msg: dict) -> bytes:
    """jupyter_server's v1 websocket framing: offsets, channel, header, parent, metadata, content."""
    parts = [json.dumps(msg[k]).encode() for k in ("header", "parent_header", "metadata", "content")]
    chan = channel.encode()
    offsets = [8 * (1 + 1 + len(parts) + 1)]
    offsets.append(offsets[-1] + len(chan))
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return b"".join([len(offsets).to_bytes(8, "little"), *(o.to_bytes(8, "little") for o in offsets), chan, *parts])


def decode_v1(data: bytes) -> tuple[str, dict]:
    n = int.from_bytes(data[:8], "little")
    offsets = [int.from_bytes(data[8 * (i + 1):8 * (i + 2)], "little") for i in range(n)]
    channel = data[offsets[0]:offsets[1]].decode()
    parts = [data[offsets[i]:offsets[i + 1]] for i in range(1, n - 1)]
    msg = {k: json.loads(p) for k, p in zip(("header", "parent_header", "metadata", "content"), parts)}
    return channel, msg


class KernelClient:
    """One page's websocket to its kernel, with the widget models it knows of, by comm id."""

    def __init__(self, ws, session: str):
        self.ws, self.session = ws, session
        self.models: dict[str, dict] = {}
        self.stated: set[str] = set()  # comms whose full state has arrived
        self.waiters: list[tuple] = []
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        while True:
            raw = await self.ws.read_message()
            if raw is None:
                break
            at = time.perf_counter()
            channel, msg = decode_v1(raw) if isinstance(raw, bytes) else _decode_json(raw)
            self._apply(msg)
            for waiter in list(self.waiters):
                check, future = waiter
                if future.done():
                    self.waiters.remove(waiter)
                elif check(channel, msg):
                    future.set_result((at, msg))
                    self.waiters.remove(waiter)
        for _, future in self.waiters:
            if not future.done():
                future.set_exception(ConnectionError("the websocket closed"))
                future.add_done_callback(lambda f: f.exception())  # no warning if nobody was waiting

    def _apply(self, msg: dict) -> None:
        kind, content = msg["header"]["msg_type"], msg["content"]
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.models[content["comm_id"]] = dict(content["data"].get("state", {}))
            self.stated.add(content["comm_id"])
        elif kind == "comm_msg" and content["data"].get("method") in ("update", "echo_update"):
            self.models.setdefault(content["comm_id"], {}).update(content["data"].get("state", {}))
            if content["data"]["method"] == "update":
                self.stated.add(content["comm_id"])
        elif kind == "comm_close":
            self.models.pop(content["comm_id"], None)

    def expect(self, check) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.waiters.append((check, future))
        return future

    def send(self, channel: str, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": "", "session": self.session, "msg_type": msg_type, "version": "5.3",
                  "date": datetime.now(timezone.utc).isoformat()}
        self.ws.write_message(encode_v1(channel, {"header": header, "parent_header": {}, "metadata": metadata or {},
                                                  "content": content}), binary=True)
        return msg_id

    async def request(self, msg_type: str, content: dict, reply: str) -> dict:
        """Send on shell and wait for the reply of type `reply` to it."""
        sent: list[str] = []
        future = self.expect(lambda ch, m: m["header"]["msg_type"] == reply and m["parent_header"].get("msg_id") in sent)
        sent.append(self.send("shell", msg_type, content))
        return (await asyncio.wait_for(future, WAIT_S))[1]

    async def comm(self, comm_id: str, data: dict) -> float:
        """Send a comm_msg and wait until the kernel has handled it (iopub status idle); the time taken."""
        sent: list[str] = []
        future = self.expect(lambda ch, m: ch == "iopub" and m["header"]["msg_type"] == "status"
                             and m["content"]["execution_state"] == "idle" and m["parent_header"].get("msg_id") in sent)
        start = time.perf_counter()
        sent.append(self.send("shell", "comm_msg", {"comm_id": comm_id, "data": data}))
        return (await asyncio.wait_for(future, WAIT_S))[0] - start

    def find(self, model: str, description=None, dom_class: str | None = None) -> list[str]:
        found = []
        for cid, state in self.models.items():
            if state.get("_model_name") != model:
                continue
            d = state.get("description", "")
            if description is not None and not (description(d) if callable(description) else d == description):
                continue
            if dom_class and dom_class not in state.get("_dom_classes", []):
                continue
            found.append(cid)
        return found

    def children(self, comm_id: str) -> list[str]:
        return [c.removeprefix("IPY_MODEL_") for c in self.models.get(comm_id, {}).get("children", [])]

    async def close(self) -> None:
        self.ws.close()
        try:
            await asyncio.wait_for(self.reader, 10)
        except (asyncio.TimeoutError, Exception):
            self.reader.cancel()


def _decode_json(raw: str) -> tuple[str, dict]:
    msg = json.loads(raw)
    return msg.get("channel", ""), msg


def door_page(base: str) -> tuple[float, str]:
    """A phone opening the link: the sign-in page and then its stylesheet on the same kept-alive
    connection (a browser draws the page once its stylesheet is in). The seconds that took and the
    page's Set-Cookie header."""
    import http.client
    import urllib.parse

    url = urllib.parse.urlsplit(base)
    start = time.perf_counter()
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=GET_WITHIN_S)
    try:
        connection.request("GET", url.path or "/")
        page = connection.getresponse()
        body, cookie = page.read().decode(), page.getheader("Set-Cookie", "")
        connection.request("GET", re.search(r'<link rel="stylesheet" href="([^"]+)"', body).group(1))
        connection.getresponse().read()
        return time.perf_counter() - start, cookie
    finally:
        connection.close()


async def door_sign_in(base: str, code: str, phone=None) -> tuple[str, dict[str, float]]:
    """Sign in at the door as a browser does: GET the sign-in page, POST the code, keep the cookie.

    A first sign-in reads the panel's agreement and accepts it (with no time to read it). Returns the
    session cookie and the time to a usable sign-in page ("door": the page and its stylesheet) and to
    the signed-in redirect ("signed_in"). With `phone` (a process pool) the sign-in page is fetched and
    timed in a process of its own, as on a member's own device: in this process it would wait behind
    whatever else this client's one event loop is doing for the other members."""
    client, start = AsyncHTTPClient(), time.perf_counter()
    if phone is None:
        door_s, set_cookie = await asyncio.to_thread(door_page, base)
    else:
        door_s, set_cookie = await asyncio.get_running_loop().run_in_executor(phone, door_page, base)
    browser = re.search(r"panel_session=([^;]+)", set_cookie).group(1)
    answer = await client.fetch(base, method="POST", body=f"code={code}", follow_redirects=False, raise_error=False,
                                headers={"Cookie": f"panel_session={browser}"}, request_timeout=GET_WITHIN_S)
    cookie = re.search(r"panel_session=(s\.[^;]+)", answer.headers.get("Set-Cookie", ""))
    if answer.code != 303 or not cookie:
        raise RuntimeError(f"sign-in refused ({answer.code})")
    if answer.headers.get("Location", "").endswith("/agreement"):  # a first sign-in: accept the panel's agreement
        await client.fetch(base + "agreement", request_timeout=GET_WITHIN_S,
                           headers={"Cookie": f"panel_session={cookie.group(1)}"})
        agreed = await client.fetch(base + "agreement", method="POST", body="agree=yes", follow_redirects=False,
                                    raise_error=False, headers={"Cookie": f"panel_session={cookie.group(1)}"},
                                    request_timeout=GET_WITHIN_S)
        if agreed.code != 303:
            raise RuntimeError(f"the agreement was not accepted ({agreed.code})")
    return cookie.group(1), {"door": door_s, "signed_in": time.perf_counter() - start}


async def open_page(base: str, ready, cookie: str = "") -> tuple[KernelClient, dict[str, float]]:
    """GET the page and load every widget's state as Voilà's page does.

    Returns the client and the time from the start of the GET to the end of each step: "get" (the
    whole page read), "websocket" (open), "kernel_info" (reply), "states" (every widget's state, in
    one reply on the widget control comm, as ipywidgets 8's page asks for them) and "usable": the
    page can draw the widgets and `ready(client)`.
    """
    start = time.perf_counter()
    steps = {}
    headers = {"Cookie": f"panel_session={cookie}"} if cookie else {}
    page_url = base + "voila/render/review.ipynb" if cookie else base
    response = await AsyncHTTPClient().fetch(page_url, request_timeout=GET_WITHIN_S, connect_timeout=GET_WITHIN_S,
                                             headers=headers)
    steps["get"] = time.perf_counter() - start
    page = response.body.decode()
    config = json.loads(re.search(r'<script[^>]*id="jupyter-config-data"[^>]*>(.*?)</script>',
                                  page, re.S).group(1))
    ws_base = "ws" + base.split("://", 1)[0][4:] + "://" + base.split("://", 1)[1].split("/", 1)[0]
    url = (f"{ws_base}{config['baseUrl'].rstrip('/')}/api/kernels/{config['kernelId']}/channels"
           f"?session_id={uuid.uuid4()}")
    ws = await websocket_connect(HTTPRequest(url, headers=headers), subprotocols=[PROTOCOL], max_message_size=64 * 2**20)
    steps["websocket"] = time.perf_counter() - start
    kernel = KernelClient(ws, uuid.uuid4().hex)
    kernel.kernel_id = config["kernelId"]
    await kernel.request("kernel_info_request", {}, "kernel_info_reply")  # the page waits for this first
    steps["kernel_info"] = time.perf_counter() - start
    # ipywidgets 8's page asks for every widget's state at once, over the widget control comm
    control = uuid.uuid4().hex
    states = kernel.expect(lambda ch, m: m["header"]["msg_type"] == "comm_msg" and m["content"]["comm_id"] == control
                           and m["content"]["data"].get("method") == "update_states")
    kernel.send("shell", "comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                metadata={"version": "1.0.0"})
    kernel.send("shell", "comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
    at, msg = await asyncio.wait_for(states, WAIT_S)
    steps["states"] = at - start
    for model_id, widget in msg["content"]["data"]["states"].items():
        kernel.models[model_id] = {**kernel.models.get(model_id, {}), **widget["state"]}
        kernel.stated.add(model_id)
    if not ready(kernel):
        at, _ = await asyncio.wait_for(kernel.expect(lambda ch, m: ready(kernel)), WAIT_S)
    steps["usable"] = at - start
    return kernel, steps


# --- one member -----------------------------------------------------------------------------------
@dataclass
class Member:
    name: str
    code: str
    number: int
    get_s: float = 0
    usable_s: float = 0
    door_s: float = 0
    sign_in_s: float = 0
    saves_s: list[float] = field(default_factory=list)
    case_open_s: list[float] = field(default_factory=list)
    answered: int = 0
    kernel_id: str = ""
    steps: dict = field(default_factory=dict)
    error: str = ""
    client: KernelClient | None = None


def sign_in_ready(k: KernelClient) -> bool:
    return bool(k.find("TextModel", "Your code")) and bool(k.find("ButtonModel", "Sign in"))


def list_ready(k: KernelClient) -> bool:
    """The member's case list is on screen (the app after the door)."""
    return bool(k.find("ButtonModel", lambda d: d.startswith("Case 1:")))


async def review(member: Member, base: str, cases: int, start: asyncio.Event, think: float = 0) -> None:
    await start.wait()
    began = time.perf_counter()
    cookie, door = await door_sign_in(base, member.code)  # the code typed on the server's own page
    k, member.steps = await open_page(base, list_ready, cookie)
    member.door_s = door["door"]
    member.get_s = door["signed_in"] + member.steps["get"]
    member.usable_s = time.perf_counter() - began
    member.sign_in_s = member.steps["usable"]  # from the signed-in redirect to the case list
    member.client, member.kernel_id = k, k.kernel_id
    first = k.find("ButtonModel", lambda d: d.startswith("Case 1:"))
    if not first:
        raise RuntimeError(f"no 'Case 1:' button after signing in: {_messages(k)}")
    member.case_open_s.append(await k.comm(first[0], {"method": "custom", "content": {"event": "click"}}))
    for case in range(1, cases + 1):
        await answer_case(member, k, case, think=think)
        if case < cases:
            member.case_open_s.append(await next_case(k))


def on_screen(k: KernelClient) -> list[str]:
    return [v for v in (s.get("value", "") for s in k.models.values()) if "Case " in v and " of " in v]


async def next_case(k: KernelClient) -> float:
    return await k.comm(k.find("ButtonModel", "Next case")[0], {"method": "custom", "content": {"event": "click"}})


async def answer_case(member: Member, k: KernelClient, case: int, first: int = 0, last: int | None = None,
                      think: float = 0) -> None:
    """Answer questions `first` to `last` (all by default) of case `case`, which must be on screen,
    each waiting for its "Saved at"."""
    if not any(f"Case {case} of" in h for h in on_screen(k)):
        raise RuntimeError(f"expected case {case} on screen, saw {on_screen(k)}")
    root = k.find("VBoxModel", dom_class="pt-app")[0]
    box = k.children(k.children(root)[-1])[0]  # the app: [plain-trouble line, screen]
    parts = k.children(box)
    controls = [c for c in parts if "pt-question" in k.models[c].get("_dom_classes", [])]
    statuses = [c for c in parts if "pt-question-saved" in k.models[c].get("_dom_classes", [])]
    if not controls or len(controls) != len(statuses):
        raise RuntimeError(f"case {case}: {len(controls)} questions but {len(statuses)} status lines")
    for q, (control, status) in list(enumerate(zip(controls, statuses)))[first:last]:
        state = k.models[control]
        if state["_model_name"] == "RadioButtonsModel":
            labels = state["_options_labels"]
            new = {"index": (member.number + case + q) % len(labels)}
        else:
            new = {"value": f"{member.name}, case {case}, question {q + 1}: a short note."}
        saved = k.expect(lambda ch, m, status=status: m["header"]["msg_type"] == "comm_msg"
                         and m["content"]["comm_id"] == status
                         and m["content"]["data"].get("method") == "update"
                         and "value" in m["content"]["data"].get("state", {})
                         and m["content"]["data"]["state"]["value"] != "")
        sent = time.perf_counter()
        k.send("shell", "comm_msg", {"comm_id": control, "data": {"method": "update", "state": new,
                                                                  "buffer_paths": []}})
        at, msg = await asyncio.wait_for(saved, WAIT_S)
        value = msg["content"]["data"]["state"]["value"]
        if "Saved at" not in value:
            raise RuntimeError(f"case {case} question {q + 1}: {value}")
        member.saves_s.append(at - sent)
        member.answered += 1
        if think:
            await asyncio.sleep(think)


def _messages(k: KernelClient) -> list[str]:
    return [s["value"] for s in k.models.values() if s.get("_model_name") == "HTMLModel" and "role=" in s.get("value", "")]


async def guarded(coro, member: Member) -> None:
    try:
        await coro
    except Exception as exc:  # one member failing must not stop the others
        member.error = f"{type(exc).__name__}: {exc}"[:500]


# --- the two servers ------------------------------------------------------------------------------
def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def run_cli(*args) -> str:
    done = subprocess.run([*PANEL_TOOL, *map(str, args)], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"panel-tool {' '.join(map(str, args[:2]))} failed: {done.stderr}{done.stdout}")
    return done.stdout


def build_pack(workdir: Path, members: int, cases: int) -> tuple[Path, dict[str, str]]:
    export, pack = workdir / "export.csv", workdir / "load.pack.db"
    run_cli("synth", "--kind", "stop-search", "--rows", 2000, "--seed", 7, "--out", export)
    run_cli("pack", "build", export, "--out", pack, "--sample", cases, "--seed", 7, "--key-file", workdir / "k.key")
    names = [f"M{i:02d}" for i in range(1, members + 1)]
    out = run_cli("members", "add", pack, *names)
    codes = dict(m.groups() for line in out.split("\n\n")[0].splitlines()
                 if (m := re.fullmatch(r"(M\d+)\s{2,}(\S+)", line.strip())))
    if set(codes) != set(names):
        raise RuntimeError(f"members add printed codes for {sorted(codes)}:\n{out}")
    run_cli("pack", "approve", pack, "--all")
    run_cli("pack", "release", pack, "--key-file", workdir / "k.key")
    return pack, codes


def questions_per_case(pack: Path) -> int:
    with sqlite3.connect(pack) as conn:
        return len(json.loads(conn.execute("SELECT definition FROM form").fetchone()[0])["questions"])


def written(pack: Path) -> tuple[int, int]:
    conn = sqlite3.connect(pack)
    try:
        answers = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        events = conn.execute("SELECT COUNT(*) FROM audit WHERE event = 'answer_saved'").fetchone()[0]
    finally:
        conn.close()
    return answers, events


async def crowd(base: str, n: int, body) -> tuple[list, float]:
    start = asyncio.Event()
    tasks = [asyncio.ensure_future(body(i, start)) for i in range(n)]
    await asyncio.sleep(0.05)
    began = time.perf_counter()
    start.set()
    results = await asyncio.gather(*tasks)
    return results, time.perf_counter() - began


def plain_voila(workdir: Path, visitors: int) -> dict:
    """Time to usable for plain `voila ONE_WIDGET.ipynb` (default settings): one visitor alone, then a crowd."""
    notebook = workdir / "one_widget.ipynb"
    notebook.write_text(json.dumps(ONE_WIDGET), encoding="utf-8")
    port = free_port()
    server = Server([VOILA, str(notebook), "--no-browser", f"--port={port}"], workdir, "voila")
    base = f"http://127.0.0.1:{port}/"
    slider = lambda k: bool(k.find("IntSliderModel"))

    async def visit(i, start):
        await start.wait()
        try:
            k, steps = await asyncio.wait_for(open_page(base, slider), GET_WITHIN_S + WAIT_S)
        except Exception as exc:  # a kernel that died starting (its GET never ends): count it as failed
            return None, f"{type(exc).__name__}: {exc}"[:300]
        await k.close()
        return steps, None

    try:
        wait_until(lambda: port_open(port), READY_WITHIN_S, "voila answering", server)
        wait_quiet(server, READY_WITHIN_S)
        (alone,), _ = asyncio.run(crowd(base, 1, visit))
        wait_quiet(server, READY_WITHIN_S)
        many, wall = asyncio.run(crowd(base, visitors, visit))
    finally:
        server.stop()
    failed = [why for got, why in [alone, *many] if got is None]
    if alone[0] is None:
        raise RuntimeError(f"plain voila failed its one visitor: {alone[1]}")
    steps = [got for got, _ in many if got is not None]
    return {"alone_usable_s": alone[0]["usable"], "alone_get_s": alone[0]["get"], "usable_s": [s["usable"] for s in steps],
            "get_s": [s["get"] for s in steps], "steps_p50_s": steps_p50(steps), "wall_s": wall, "failed": failed}


def steps_p50(steps: list[dict]) -> dict[str, float]:
    return {name: round(quantile([s[name] for s in steps], .5), 3) for name in (steps[0] if steps else ())}


def cpu_by_pid(procs) -> dict[int, float]:
    times = {}
    for p in procs:
        try:
            t = p.cpu_times()
            times[p.pid] = t.user + t.system
        except psutil.Error:
            pass
    return times


def review_load(workdir: Path, members: int, cases: int, think: float = 0) -> dict:
    """The members' load against `panel-tool serve`: timings, answers written, memory and CPU."""
    pack, codes = build_pack(workdir, members, cases)
    questions = questions_per_case(pack)
    pool = max(1, min(members, 40))  # serve's default: one per member, up to 40
    port = free_port()
    server = Server([*PANEL_TOOL, "serve", str(pack), "--key-file", str(workdir / "k.key"), "--port", str(port)], workdir,
                    "serve")
    base = f"http://127.0.0.1:{port}/"
    people = [Member(name, codes[name], i) for i, name in enumerate(sorted(codes))]

    def usage() -> dict:
        """Memory of the kernels that served members and CPU spent since the clock started, measured
        when every member has finished and before their pages close."""
        pids = [p for p in (server.kernel_pid(m.kernel_id) for m in people if m.kernel_id) if p]
        spent = {pid: t - cpu_before.get(pid, 0) for pid, t in cpu_by_pid([server.proc, *server.kernel_processes()]).items()}
        refill = [pid for pid in spent if pid not in pool_kernels and pid != server.proc.pid]
        return {"kernels_rss_mib": sum(map(rss_mib, pids)), "kernels_pss_mib": sum(map(pss_mib, pids)),
                "served_kernels": len(pids), "server_after_mib": server_rss_mib(server),
                "cpu_served_s": sum(spent.get(p, 0) for p in pids), "cpu_refill_s": sum(spent[p] for p in refill),
                "cpu_server_s": spent.get(server.proc.pid, 0), "refill_kernels": len(refill)}

    async def load() -> tuple[float, dict]:
        _, wall = await crowd(base, members, lambda i, start: guarded(review(people[i], base, cases, start, think),
                                                                       people[i]))
        measured = usage()
        for m in people:
            if m.client:
                await m.client.close()
        return wall, measured

    try:
        started = time.perf_counter()
        wait_until(lambda: port_open(port) and len(server.kernel_processes()) >= pool, READY_WITHIN_S,
                   "serve's pool full", server)
        wait_quiet(server, READY_WITHIN_S)
        warm_s = time.perf_counter() - started
        server_before = server_rss_mib(server)
        pool_kernels = {k.pid for k in server.kernel_processes()}
        cpu_before = cpu_by_pid([server.proc, *server.kernel_processes()])
        client_before = resource.getrusage(resource.RUSAGE_SELF)
        wall, measured = asyncio.run(load())
        client_after = resource.getrusage(resource.RUSAGE_SELF)
    finally:
        server.stop()
    answers, events = written(pack)
    return {
        "members": members, "cases": cases, "questions": questions, "pool": pool, "warm_s": warm_s,
        "expected": members * cases * questions, "answers": answers, "answer_saved_events": events,
        "failed": {m.name: m.error for m in people if m.error},
        "saves_s": [s for m in people for s in m.saves_s], "usable_s": [m.usable_s for m in people if m.usable_s],
        "get_s": [m.get_s for m in people if m.get_s], "sign_in_s": [m.sign_in_s for m in people if m.sign_in_s],
        "door_s": [m.door_s for m in people if m.door_s],
        "case_open_s": [s for m in people for s in m.case_open_s], "wall_s": wall,
        "steps_p50_s": steps_p50([m.steps for m in people if "usable" in m.steps]),
        "server_before_mib": server_before, **measured,
        "cpu_client_s": (client_after.ru_utime + client_after.ru_stime) - (client_before.ru_utime + client_before.ru_stime),
    }


# --- a room arriving -------------------------------------------------------------------------------
ROOM_WINDOW_S = 10.0  # the members arrive evenly spread over this
ROOM_RELOADS = 10     # members who reload their page once, mid-case
ROOM_SECOND = 5       # members who open a second device after their first case
ROOM_STRANGERS = 200  # unauthenticated GETs, arriving during the room
ROOM_PHONES = 4       # processes fetching members' sign-in pages (arrivals are a third of a second apart)
STRANGER_PATHS = ["", "voila/render/review.ipynb", "voila/render/review.ipynb?template=classic", "facilitator",
                  "voila/render/facilitator.ipynb", "force", "voila/render/liaison.ipynb", "api/kernels",
                  "voila/tree", "voila/render/tiny.ipynb"]


def app_ready(k: KernelClient) -> bool:
    """The member's app is on screen: the case list, or the case they were on."""
    return list_ready(k) or bool(on_screen(k))


@dataclass
class Arrival:
    kind: str              # first, reload or second device
    door_s: float | None   # navigation to a usable sign-in page (None: a reload goes straight to the app)
    to_app_s: float        # sign-in (or, for a reload, navigation) to a usable case list or case
    steps: dict = field(default_factory=dict)  # seconds from sign-in (a reload: navigation) to the end of each step


async def arrive(base: str, code: str, phone) -> tuple[KernelClient, float, dict[str, float]]:
    """A member opens the link on a device: the sign-in page, the code, the agreement the first time,
    then the app. The client, time to a usable sign-in page, and the time from sign-in to the end of
    each step (signed in, the page read, ... "usable": the app on screen)."""
    cookie, door = await door_sign_in(base, code, phone)
    k, steps = await open_page(base, app_ready, cookie)
    k.cookie = cookie
    signed_in = door["signed_in"] - door["door"]
    return k, door["door"], {"signed_in": signed_in, **{step: signed_in + s for step, s in steps.items()}}


async def room_member(m: Member, base: str, delay: float, reload: bool, second: bool,
                      arrivals: list[Arrival], phone) -> None:
    await asyncio.sleep(delay)
    k, door_s, steps = await arrive(base, m.code, phone)
    arrivals.append(Arrival("first", door_s, steps["usable"], steps))
    m.client = k
    first = k.find("ButtonModel", lambda d: d.startswith("Case 1:"))
    if not first:
        raise RuntimeError(f"no 'Case 1:' button after signing in: {_messages(k)}")
    m.case_open_s.append(await k.comm(first[0], {"method": "custom", "content": {"event": "click"}}))
    if reload:  # half-way through case 1 the page is reloaded: a new kernel, back on case 1
        await answer_case(m, k, 1, last=3)
        await k.close()
        k, steps = await open_page(base, app_ready, k.cookie)
        k.cookie = m.client.cookie
        m.client = k
        arrivals.append(Arrival("reload", None, steps["usable"], steps))
        await answer_case(m, k, 1, first=3)
    else:
        await answer_case(m, k, 1)
    if second:  # a second device signs in: it replaces the first one's kernel, and carries on at case 1
        k2, door_s, steps = await arrive(base, m.code, phone)
        arrivals.append(Arrival("second device", door_s, steps["usable"], steps))
        await k.close()
        m.client = k = k2
    m.case_open_s.append(await next_case(k))
    await answer_case(m, k, 2)
    m.kernel_id = k.kernel_id


def strangers(base: str, n: int) -> list[int]:
    """`n` unauthenticated GETs at once, no cookies, each from a fresh client; their status codes.
    Run in a process of its own (strangers are other machines): the room's own client must not
    spend its event loop on them."""
    async def burst() -> list[int]:
        client = AsyncHTTPClient(force_instance=True, max_clients=n)
        try:
            answers = await asyncio.gather(*(client.fetch(base + STRANGER_PATHS[i % len(STRANGER_PATHS)],
                                                          raise_error=False, follow_redirects=False,
                                                          request_timeout=GET_WITHIN_S) for i in range(n)))
        finally:
            client.close()
        return [a.code for a in answers]
    return asyncio.run(burst())


def room(workdir: Path, members: int, cases: int = 2) -> dict:
    """A room arriving at one `panel-tool serve`: `members` arrive within ROOM_WINDOW_S through the
    sign-in page and then the app, ROOM_RELOADS reload once mid-case, ROOM_SECOND open a second
    device, and ROOM_STRANGERS unauthenticated GETs arrive during it. Each member answers `cases` cases."""
    pack, codes = build_pack(workdir, members, cases)
    questions = questions_per_case(pack)
    port = free_port()
    server = Server([*PANEL_TOOL, "serve", str(pack), "--key-file", str(workdir / "k.key"), "--port", str(port)],
                    workdir, "room")
    base = f"http://127.0.0.1:{port}/"
    people = [Member(name, codes[name], i) for i, name in enumerate(sorted(codes))]
    arrivals: list[Arrival] = []
    measured: dict = {}

    async def load() -> float:
        began = time.perf_counter()
        plan = [asyncio.ensure_future(guarded(room_member(m, base, ROOM_WINDOW_S * i / members, i < ROOM_RELOADS,
                                                          members - ROOM_SECOND <= i, arrivals, phone), m))
                for i, m in enumerate(people)]
        await asyncio.sleep(ROOM_WINDOW_S * 0.3)  # the strangers arrive while the room is arriving
        measured["server_before_gets_mib"] = server_rss_mib(server)
        kernels_before = {k.pid for k in server.kernel_processes()}
        statuses = await asyncio.get_running_loop().run_in_executor(outside, strangers, base, ROOM_STRANGERS)
        measured["server_after_gets_mib"] = server_rss_mib(server)
        measured["strangers_s"] = time.perf_counter() - began - ROOM_WINDOW_S * 0.3
        measured["stranger_statuses"] = {str(c): statuses.count(c) for c in sorted(set(statuses))}
        measured["kernels_started_during_gets"] = len({k.pid for k in server.kernel_processes()} - kernels_before)
        await asyncio.gather(*plan)
        wall = time.perf_counter() - began
        pids = [p for p in (server.kernel_pid(m.kernel_id) for m in people if m.kernel_id) if p]
        measured["members_kernels_rss_mib"] = sum(map(rss_mib, pids))
        measured["members_kernels_pss_mib"] = sum(map(pss_mib, pids))
        measured["members_kernels"] = len(pids)
        measured["server_end_mib"] = server_rss_mib(server)
        for m in people:
            if m.client:
                await m.client.close()
        return wall

    # The members' sign-in pages are fetched from processes of their own (each member's phone is a
    # device of its own), and the strangers' burst from another (they are other machines).
    spawn = multiprocessing.get_context("spawn")
    phone = ProcessPoolExecutor(ROOM_PHONES, mp_context=spawn)
    outside = ProcessPoolExecutor(1, mp_context=spawn)
    try:
        started = time.perf_counter()
        list(phone.map(time.sleep, [0.5] * ROOM_PHONES))  # every process started before the clock
        outside.submit(time.sleep, 0).result()
        wait_until(lambda: port_open(port) and len(server.kernel_processes()) >= members + 2, READY_WITHIN_S,
                   "serve's pools full", server)
        wait_quiet(server, READY_WITHIN_S)
        warm_s = time.perf_counter() - started
        server_before = server_rss_mib(server)
        server.peak_kernels = len(server.kernel_processes())
        wall = asyncio.run(load())
        peak = server.peak_kernels
    finally:
        server.stop()
        phone.shutdown(cancel_futures=True)
        outside.shutdown(cancel_futures=True)
    answers, events = written(pack)
    return {"members": members, "cases": cases, "questions": questions, "warm_s": warm_s, "wall_s": wall,
            "expected": members * cases * questions, "answers": answers, "answer_saved_events": events,
            "failed": {m.name: m.error for m in people if m.error}, "arrivals": arrivals, "peak_kernels": peak,
            "cap": members + STAFF_ROLES * STAFF_KERNELS + 3, "server_before_mib": server_before, **measured,
            "saves_s": [x for m in people for x in m.saves_s]}


def room_summary(r: dict, plain: dict) -> dict:
    door = [a.door_s for a in r["arrivals"] if a.door_s is not None]
    to_app = [a.to_app_s for a in r["arrivals"]]
    per_member = (r["members_kernels_rss_mib"] + max(0.0, r["server_end_mib"] - r["server_before_mib"])) / r["members"]
    s = {
        "arrivals": len(r["arrivals"]), "arrivals_by_kind": {k: sum(a.kind == k for a in r["arrivals"])
                                                             for k in ("first", "reload", "second device")},
        "door_p50_s": quantile(door, .5), "door_p95_s": quantile(door, .95), "door_max_s": max(door, default=float("nan")),
        "to_app_p50_s": quantile(to_app, .5), "to_app_p95_s": quantile(to_app, .95),
        "to_app_max_s": max(to_app, default=float("nan")),
        "voila_alone_usable_s": plain["alone_usable_s"], "voila_usable_p95_s": quantile(plain["usable_s"], .95),
        "voila_usable_p50_s": quantile(plain["usable_s"], .5), "voila_failed_visitors": len(plain["failed"]),
        "peak_kernels": r["peak_kernels"], "cap": r["cap"],
        "server_before_mib": r["server_before_mib"], "server_before_gets_mib": r["server_before_gets_mib"],
        "server_after_gets_mib": r["server_after_gets_mib"],
        "server_growth_over_gets_mib": r["server_after_gets_mib"] - r["server_before_gets_mib"],
        "server_end_mib": r["server_end_mib"], "strangers_s": r["strangers_s"],
        "stranger_statuses": r["stranger_statuses"], "kernels_started_during_gets": r["kernels_started_during_gets"],
        "mib_per_member": per_member, "kernel_rss_mib_each": r["members_kernels_rss_mib"] / max(1, r["members_kernels"]),
        "pss_mib_per_member": r["members_kernels_pss_mib"] / r["members"],
        "answers": r["answers"], "answer_saved_events": r["answer_saved_events"], "expected": r["expected"],
        "all_written": r["answers"] == r["expected"] == r["answer_saved_events"] and not r["failed"],
        "failed_members": r["failed"], "save_p95_ms": quantile(r["saves_s"], .95) * 1000,
        "room_wall_s": r["wall_s"], "pool_warm_s": r["warm_s"],
    }
    s["to_app_p50_by_kind_s"] = {k: round(quantile([a.to_app_s for a in r["arrivals"] if a.kind == k], .5), 2)
                                  for k in ("first", "reload", "second device")}
    s["to_app_max_by_kind_s"] = {k: round(max([a.to_app_s for a in r["arrivals"] if a.kind == k], default=float("nan")), 2)
                                  for k in ("first", "reload", "second device")}
    s["steps_p50_by_kind_s"] = {k: {step: round(quantile([a.steps[step] for a in r["arrivals"] if a.kind == k], .5), 2)
                                    for step in next((a.steps for a in r["arrivals"] if a.kind == k), {})}
                                for k in ("first", "reload", "second device")}
    s["door_ratio_p95"] = s["door_p95_s"] / s["voila_alone_usable_s"]
    s["to_app_ratio_p95"] = s["to_app_p95_s"] / s["voila_usable_p95_s"]
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in s.items()}


def show_room(n: int, s: dict, members: int) -> None:
    ok = lambda good: "met" if good else "NOT met"
    print(f"\n## Room {n} (load average {s['load_average_before']} before it)")
    print(f"{s['arrivals']} arrivals {s['arrivals_by_kind']}")
    print(f"navigation to a usable sign-in page (page and stylesheet), over the {s['arrivals'] - s['arrivals_by_kind']['reload']} "
          f"arrivals that see it: p50 {s['door_p50_s']:.3f} s, p95 {s['door_p95_s']:.3f} s, max {s['door_max_s']:.3f} s; "
          f"{s['door_ratio_p95']:.4f} x plain voila's one visitor ({s['voila_alone_usable_s']:.2f} s) "
          f"(target <= 0.05: {ok(s['door_ratio_p95'] <= 0.05)})")
    print(f"sign-in (a reload: navigation) to a usable case list or case, all {s['arrivals']} arrivals: "
          f"p50 {s['to_app_p50_s']:.2f} s, p95 {s['to_app_p95_s']:.2f} s, max {s['to_app_max_s']:.2f} s; "
          f"{s['to_app_ratio_p95']:.3f} x plain voila's p95 with {members} visitors ({s['voila_usable_p95_s']:.2f} s, "
          f"p50 {s['voila_usable_p50_s']:.2f} s) (target <= 0.2: {ok(s['to_app_ratio_p95'] <= 0.2)})"
          + (f"; {s['voila_failed_visitors']} plain voila visitor(s) got no page" if s["voila_failed_visitors"] else ""))
    print(f"  by kind, p50 {s['to_app_p50_by_kind_s']}, max {s['to_app_max_by_kind_s']}")
    print(f"  p50 time to the end of each step, by kind: {s['steps_p50_by_kind_s']}")
    print(f"kernels alive at peak {s['peak_kernels']} (cap members + staff's {STAFF_ROLES * STAFF_KERNELS} + 3 = {s['cap']}: "
          f"{ok(s['peak_kernels'] <= s['cap'])})")
    print(f"{ROOM_STRANGERS} unauthenticated GETs in {s['strangers_s']:.2f} s, answered {s['stranger_statuses']}; "
          f"kernels started during them {s['kernels_started_during_gets']}; server RSS {s['server_before_gets_mib']:.1f} -> "
          f"{s['server_after_gets_mib']:.1f} MiB ({s['server_growth_over_gets_mib']:+.1f} MiB, members' traffic included; "
          f"target < 20: {ok(s['server_growth_over_gets_mib'] < 20)}); before the room {s['server_before_mib']:.1f}, "
          f"at the end {s['server_end_mib']:.1f} MiB")
    print(f"memory per member {s['mib_per_member']:.1f} MiB RSS ({s['kernel_rss_mib_each']:.1f} MiB per kernel); "
          f"{s['pss_mib_per_member']:.1f} MiB PSS per member's kernel")
    print(f"answers written {s['answers']} (answer_saved events {s['answer_saved_events']}) of {s['expected']} expected: "
          f"{'all written' if s['all_written'] else 'MISMATCH'}"
          + (f"; failed members: {s['failed_members']}" if s["failed_members"] else "")
          + f"; save p95 {s['save_p95_ms']:.0f} ms; room over in {s['room_wall_s']:.1f} s; pools warm after "
          f"{s['pool_warm_s']:.1f} s")


# --- reporting ------------------------------------------------------------------------------------
def summary(ours: dict, plain: dict) -> dict:
    saves, usable, base = ours["saves_s"], ours["usable_s"], plain["usable_s"]
    per_member = (ours["kernels_rss_mib"] + max(0.0, ours["server_after_mib"] - ours["server_before_mib"])) / ours["members"]
    pss_member = (ours["kernels_pss_mib"] + max(0.0, ours["server_after_mib"] - ours["server_before_mib"])) / ours["members"]
    s = {
        "answers": ours["answers"], "answer_saved_events": ours["answer_saved_events"], "expected": ours["expected"],
        "all_written": ours["answers"] == ours["expected"] == ours["answer_saved_events"] and not ours["failed"],
        "failed_members": ours["failed"],
        "save_p50_ms": quantile(saves, .5) * 1000, "save_p95_ms": quantile(saves, .95) * 1000,
        "save_max_ms": max(saves, default=float("nan")) * 1000, "saves_timed": len(saves),
        "usable_p50_s": quantile(usable, .5), "usable_p95_s": quantile(usable, .95),
        "usable_max_s": max(usable, default=float("nan")),
        "page_steps_p50_s": ours["steps_p50_s"], "voila_page_steps_p50_s": plain["steps_p50_s"],
        "get_p50_s": quantile(ours["get_s"], .5), "get_max_s": max(ours["get_s"], default=float("nan")),
        "sign_in_p50_s": quantile(ours["sign_in_s"], .5), "sign_in_max_s": max(ours["sign_in_s"], default=float("nan")),
        "case_open_p50_ms": quantile(ours["case_open_s"], .5) * 1000,
        "case_open_p95_ms": quantile(ours["case_open_s"], .95) * 1000,
        "mib_per_member": per_member, "pss_mib_per_member": pss_member,
        "kernel_rss_mib_each": ours["kernels_rss_mib"] / max(1, ours["served_kernels"]),
        "server_growth_mib": ours["server_after_mib"] - ours["server_before_mib"],
        "voila_usable_p50_s": quantile(base, .5), "voila_usable_p95_s": quantile(base, .95), "voila_usable_max_s": max(base),
        "voila_alone_usable_s": plain["alone_usable_s"], "voila_failed_visitors": len(plain["failed"]),
        "voila_failures": plain["failed"],
        "ratio_p50": quantile(usable, .5) / quantile(base, .5), "ratio_p95": quantile(usable, .95) / quantile(base, .95),
        "load_wall_s": ours["wall_s"], "pool_warm_s": ours["warm_s"], "voila_crowd_wall_s": plain["wall_s"],
        "cpu_served_kernels_s": ours["cpu_served_s"], "cpu_refill_kernels_s": ours["cpu_refill_s"],
        "refill_kernels": ours["refill_kernels"], "cpu_server_s": ours["cpu_server_s"], "cpu_client_s": ours["cpu_client_s"],
    }
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in s.items()}


def show(n: int, s: dict, members: int) -> None:
    ok = lambda good: "met" if good else "NOT met"
    print(f"\n## Run {n} (load average {s['load_average_before']} before it)")
    print(f"answers written {s['answers']:,} (answer_saved events {s['answer_saved_events']:,}) of {s['expected']:,} "
          f"expected: {'all written' if s['all_written'] else 'MISMATCH'}"
          + (f"; failed members: {s['failed_members']}" if s['failed_members'] else ""))
    print(f"save latency p50 {s['save_p50_ms']:.0f} ms, p95 {s['save_p95_ms']:.0f} ms, max {s['save_max_ms']:.0f} ms "
          f"over {s['saves_timed']:,} saves (target p95 <= 100 ms: {ok(s['save_p95_ms'] <= 100)})")
    print(f"time to usable, {members} at once: p50 {s['usable_p50_s']:.2f} s, p95 {s['usable_p95_s']:.2f} s, "
          f"max {s['usable_max_s']:.2f} s "
          f"(GET p50 {s['get_p50_s']:.3f} s, max {s['get_max_s']:.3f} s)")
    print(f"plain voila, {members} at once: p50 {s['voila_usable_p50_s']:.2f} s, p95 {s['voila_usable_p95_s']:.2f} s, "
          f"max {s['voila_usable_max_s']:.2f} s; one visitor alone {s['voila_alone_usable_s']:.2f} s"
          + (f"; {s['voila_failed_visitors']} visitor(s) never got a page: {s['voila_failures']}"
             if s['voila_failed_visitors'] else ""))
    print(f"page steps, p50 in s from the start of the GET: ours {s['page_steps_p50_s']}; "
          f"plain voila {s['voila_page_steps_p50_s']}")
    print(f"ratio ours / plain voila: p50 {s['ratio_p50']:.3f}, p95 {s['ratio_p95']:.3f} "
          f"(target <= 0.3: {ok(max(s['ratio_p50'], s['ratio_p95']) <= 0.3)})")
    print(f"memory per member {s['mib_per_member']:.1f} MiB RSS ({s['kernel_rss_mib_each']:.1f} MiB per kernel, server grew "
          f"{s['server_growth_mib']:.1f} MiB); {s['pss_mib_per_member']:.1f} MiB counting shared pages once (PSS) "
          f"(target <= 120 MB = 114.4 MiB: {ok(s['mib_per_member'] <= 120e6 / 2**20)})")
    print(f"sign-in p50 {s['sign_in_p50_s']:.2f} s, max {s['sign_in_max_s']:.2f} s; "
          f"opening a case p50 {s['case_open_p50_ms']:.0f} ms, p95 {s['case_open_p95_ms']:.0f} ms; "
          f"whole load {s['load_wall_s']:.1f} s; pool warm after {s['pool_warm_s']:.1f} s")
    print(f"CPU during the load: served kernels {s['cpu_served_kernels_s']:.1f} s, {s['refill_kernels']} refill kernels "
          f"{s['cpu_refill_kernels_s']:.1f} s, server {s['cpu_server_s']:.1f} s, this client {s['cpu_client_s']:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--cases", type=int, default=10)
    parser.add_argument("--think", type=float, default=0, metavar="S",
                        help="seconds each member waits after each saved answer (default 0: answer at once)")
    parser.add_argument("--room", action="store_true",
                        help="the room instead: members arrive within 10 s, some reload or open a second device, "
                             "200 strangers' GETs arrive during it (each member answers 2 cases)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    AsyncHTTPClient.configure(None, max_clients=args.members + 10)
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, {round(psutil.virtual_memory().total / 2**30)} GiB, "
               f"Python {platform.python_version()}, "
               + ", ".join(f"{name} {metadata.version(name)}" for name in ("voila", "ipywidgets", "jupyter_server",
                                                                           "ipykernel", "tornado")))
    runs = []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks: stop every server
    if args.room:
        return main_room(args, machine)
    for n in range(1, args.runs + 1):
        workdir = Path(tempfile.mkdtemp(prefix="review-load-"))
        try:
            load_before = os.getloadavg()[0]
            plain = plain_voila(workdir, args.members)
            ours = review_load(workdir, args.members, args.cases, args.think)
            runs.append({"run": n, "load_average_before": round(load_before, 2), **summary(ours, plain)})
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        if not args.json:
            show(n, runs[-1], args.members)
    best = {k: min(r[k] for r in runs) for k in BEST}
    result = {"date": date.today().isoformat(), "machine": machine, "members": args.members, "cases": args.cases,
              "think_s": args.think, "runs": runs, "best": best}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"\n{machine}; {date.today().isoformat()}; {args.runs} run(s); best of runs: save p95 "
              f"{best['save_p95_ms']:.0f} ms, usable p95 {best['usable_p95_s']:.2f} s, ratio p95 {best['ratio_p95']:.3f}, "
              f"{best['mib_per_member']:.1f} MiB per member")
    return 0 if all(r["all_written"] for r in runs) else 1


def main_room(args, machine: str) -> int:
    runs = []
    for n in range(1, args.runs + 1):
        workdir = Path(tempfile.mkdtemp(prefix="review-room-"))
        try:
            load_before = os.getloadavg()[0]
            plain = plain_voila(workdir, args.members)
            ours = room(workdir, args.members)
            runs.append({"run": n, "load_average_before": round(load_before, 2), **room_summary(ours, plain)})
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        if not args.json:
            show_room(n, runs[-1], args.members)
    result = {"date": date.today().isoformat(), "machine": machine, "members": args.members, "runs": runs}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"\n{machine}; {date.today().isoformat()}; {args.runs} run(s)")
    return 0 if all(r["all_written"] for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
