"""Sign in at the door (issue 12): each attack tried against a real `panel-tool serve`, and the
door's pieces on their own.

One server for the module: the real review app, five members, the throttle's waits shrunk so no
test sleeps for real. Each test uses its own members, so they do not disturb each other.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest

from panel_tool.door import claim, folders, throttle
from panel_tool.review.agreement import DEFAULT_TEXT, text_hash
from panel_tool.door.sessions import Sessions
from panel_tool.review import codes as access_codes
from panel_tool.review.session import SignInRefused, member_for_code
from tests.browser import answer_choice, launch, open_page, question, saved, sign_in
from tests.conftest import PANEL_TOOL, run_cli
from tests.servers import Visitor, kernel_id_of, released_pack, running_server

MEMBERS = ["Amira", "Ben", "Cara", "Dev", "Eve", "Finn", "Gus", "Hana", "Ivy", "Jo", "Kit", "Lou", "Mo"]
FACILITATOR_PASSPHRASE = "door facilitator passphrase"
FAST_WAITS = {"panel_tool.door.throttle.FIRST_WAIT_S": 0.2, "panel_tool.door.throttle.HOLD_AT_MOST_S": 2.0,
              "panel_tool.door.throttle.ADDRESS_SPACING_S": 0.05}
CSP_WATCH = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
             "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")


@pytest.fixture(scope="module")
def door(tmp_path_factory):
    folder = tmp_path_factory.mktemp("door")
    pack, member_codes = released_pack(folder, members=MEMBERS)
    set_passphrase(pack, "facilitator", FACILITATOR_PASSPHRASE)
    playwright, browser = launch()
    try:
        with running_server(pack, "--pool", "3", settings=FAST_WAITS) as server:
            yield {"server": server, "url": server.url, "pack": pack, "codes": member_codes, "browser": browser}
    finally:
        browser.close()
        playwright.stop()


def set_passphrase(pack, role: str, passphrase: str) -> None:
    run = subprocess.run([*PANEL_TOOL, "pack", role, str(pack)], input=passphrase + "\n", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def forge_a_bad_update(url: str, page, received: list[str]) -> list[str]:
    """Send the page's kernel a widget message no browser would (the app's root told to show a widget
    that does not exist), with the page's own cookie; the frames that came back."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    config = json.loads(page.locator("#jupyter-config-data").text_content())
    root = re.search(r'"model_id": "([0-9a-f]{32})"', "\n".join(received)).group(1)
    cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "panel_session")

    async def forge():
        ws = await websocket_connect(HTTPRequest(f"{url.replace('http', 'ws', 1)}api/kernels/{config['kernelId']}/channels",
                                                 headers={"Cookie": f"panel_session={cookie}"}))
        message = {"header": {"msg_id": "forged-1", "msg_type": "comm_msg", "session": "forger", "username": "",
                              "date": "2026-01-01T00:00:00Z", "version": "5.3"},
                   "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                   "content": {"comm_id": root, "data": {"method": "update", "buffer_paths": [],
                                                         "state": {"children": ["IPY_MODEL_not_a_widget"]}}}}
        await ws.write_message(json.dumps(message))
        got = []
        try:
            while True:
                frame = await asyncio.wait_for(ws.read_message(), 3)
                if frame is None:
                    break
                got.append(frame if isinstance(frame, str) else frame.decode("utf-8", "replace"))
        except asyncio.TimeoutError:
            pass
        ws.close()
        return got

    return in_a_thread(forge)


def kernel_alive(server, kernel_id: str) -> bool:
    return any(f"kernel-{kernel_id}.json" in " ".join(p.cmdline()) for p in server.kernel_processes())


def audit_count(pack, event: str) -> int:
    conn = sqlite3.connect(pack)
    try:
        return conn.execute("SELECT count(*) FROM audit WHERE event = ?", (event,)).fetchone()[0]
    finally:
        conn.close()


def wrong_codes_with_tag(tag: str, n: int) -> list[str]:
    import secrets
    return [access_codes.display(tag + "".join(secrets.choice(access_codes.ALPHABET) for _ in range(6))) for _ in range(n)]


# --- no kernel before sign-in ----------------------------------------------------------------------

def test_200_unauthenticated_gets_start_no_kernel(door):
    server = door["server"]
    Visitor(door["url"]).get("")  # the pool is full before counting
    time.sleep(1)
    before = {p.pid for p in server.kernel_processes()}
    taken = server.log().count("Using pre-heated kernel")
    paths = ["", "voila/render/review.ipynb", "voila/render/review.ipynb?template=classic", "facilitator",
             "voila/render/facilitator.ipynb", "force", "voila/render/liaison.ipynb?theme=dark", "voila/tree",
             "api/kernels", "voila/render/tiny.ipynb"]
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda i: Visitor(door["url"], cookies=i % 2 == 0).get(paths[i % len(paths)]),
                                range(200)))
    assert all(a.status in (200, 403, 404) for a in answers), {a.status for a in answers}
    assert all("Sign in" in a.text or a.status != 200 for a in answers)
    time.sleep(1.5)
    assert {p.pid for p in server.kernel_processes()} == before
    assert server.log().count("Using pre-heated kernel") == taken


def test_strangers_odd_paths_and_websockets_get_plain_refusals_and_no_traceback(door):
    server, url = door["server"], door["url"]
    stranger = Visitor(url)
    for path in ("voila/templates/", "voila/templates/panel_tool/static/..%2f..%2f..%2fetc%2fpasswd",
                 "voila/templates/panel_tool/static/%2e%2e/%2e%2e/conf.json",
                 "voila/templates/panel_tool/notstatic/index.html.j2", "voila/templates/..%2f..%2f/static/x"):
        answer = stranger.get(path)
        assert answer.status == 404, (path, answer.status)
        assert "Traceback" not in answer.text and "site-packages" not in answer.text
    assert stranger.get("voila/templates/panel_tool/static/panel.css").status == 200
    for _ in range(3):
        assert websocket_status(f"{url.replace('http', 'ws', 1)}api/kernels/{'0' * 8}-0000-0000-0000-{'0' * 12}/channels") == 403
    time.sleep(1)
    log = server.log()
    assert "Uncaught exception" not in log and "TemplateNotFound" not in log and "AssertionError" not in log


# --- a kernel belongs to one session ----------------------------------------------------------------

def in_a_thread(coroutine_function):
    """Run a coroutine on its own loop in another thread (Playwright keeps a loop in this one)."""
    with ThreadPoolExecutor(1) as one:
        return one.submit(lambda: asyncio.run(coroutine_function())).result()


def websocket_status(url: str, cookie: str = "") -> int:
    """The HTTP status a websocket handshake gets (101 when it is let in)."""
    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    async def attempt():
        headers = {"Cookie": f"panel_session={cookie}"} if cookie else {}
        try:
            ws = await websocket_connect(HTTPRequest(url, headers=headers, connect_timeout=30))
        except HTTPClientError as e:
            return e.code
        ws.close()
        return 101

    return in_a_thread(attempt)


def test_another_members_kernel_refuses_websocket_delete_shutdown_and_query(door):
    server, url = door["server"], door["url"]
    amira, ben, stranger = Visitor(url), Visitor(url), Visitor(url)
    page = amira.sign_in(door["codes"]["Amira"])
    assert page.status == 200 and page.url.endswith("/voila/render/review.ipynb")
    kernel = kernel_id_of(page.text)
    assert "Using pre-heated kernel: [a kernel]" in server.log() and kernel not in server.log() + server.output()
    ben.sign_in(door["codes"]["Ben"])
    ws = url.replace("http", "ws", 1)
    for who in (ben, stranger):
        assert websocket_status(f"{ws}api/kernels/{kernel}/channels", who.cookie()) == 403
        assert websocket_status(f"{ws}voila/query/{kernel}", who.cookie()) == 403
        assert who.request(f"api/kernels/{kernel}", method="DELETE").status == 403
        assert who.request(f"voila/api/shutdown/{kernel}", data={}).status == 403
        assert who.request(f"api/kernels/{kernel}").status == 403
    assert kernel_alive(server, kernel)
    # the owner gets in, which shows the refusals above are about who asks
    assert websocket_status(f"{ws}api/kernels/{kernel}/channels", amira.cookie()) == 101
    assert amira.request(f"api/kernels/{kernel}").status == 200
    # her closing page's farewell keeps her one kernel (a reload's new page opens on it)
    assert amira.request(f"voila/api/shutdown/{kernel}", data={}).status == 204
    assert kernel_alive(server, kernel)



def test_a_member_cannot_run_code_or_read_the_kernel_through_their_own_websocket(door):
    """The app's kernel runs Python for the member's page, so its websocket must carry widget
    messages only: code sent to run (writing a file here), or asking the kernel to complete a name,
    inspect an object or replay its history (which would show the notebook's code and the names in
    it), is dropped unanswered; a kernel-info request on the same socket is answered, so the silence
    is the refusal and not a dead socket."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url, server = door["url"], door["server"]
    mo = Visitor(url)
    kernel = kernel_id_of(mo.sign_in(door["codes"]["Mo"]).text)
    marker = Path(door["pack"]).parent / "code-ran-in-a-members-kernel"
    asks = {
        "execute_request": {"code": f"open({str(marker)!r}, 'w').write('ran')", "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        "complete_request": {"code": "pa", "cursor_pos": 2},
        "inspect_request": {"code": "pack", "cursor_pos": 4, "detail_level": 1},
        "history_request": {"output": True, "raw": True, "hist_access_type": "tail", "n": 50},
        "kernel_info_request": {},
    }

    async def ask_everything() -> list[dict]:
        ws = await websocket_connect(HTTPRequest(f"{url.replace('http', 'ws', 1)}api/kernels/{kernel}/channels",
                                                 headers={"Cookie": f"panel_session={mo.cookie()}"}))
        for n, (msg_type, content) in enumerate(asks.items()):
            await ws.write_message(json.dumps({
                "header": {"msg_id": f"probe-{n}", "msg_type": msg_type, "session": "probe", "username": "",
                           "date": "2026-01-01T00:00:00Z", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [], "content": content}))
        replies = []
        try:
            while True:
                frame = await asyncio.wait_for(ws.read_message(), 5)
                if frame is None:
                    break
                if isinstance(frame, str):
                    replies.append(json.loads(frame))
        except asyncio.TimeoutError:
            pass
        ws.close()
        return replies

    replies = in_a_thread(ask_everything)
    answered = {r["parent_header"].get("msg_type") for r in replies if r.get("parent_header")}
    assert "kernel_info_request" in answered
    assert answered.isdisjoint({"execute_request", "complete_request", "inspect_request", "history_request"}), answered
    assert not {r["header"]["msg_type"] for r in replies} & {"execute_result", "stream", "error", "execute_input"}
    time.sleep(1)  # had the code run, the file would be there by now
    assert not marker.exists()
    for msg_type in ("execute_request", "complete_request", "inspect_request", "history_request"):
        assert in_the_log_soon(server, f'Received message of type "{msg_type}", which is not allowed'), msg_type
    assert kernel_alive(server, kernel)

# --- throttling ---------------------------------------------------------------------------------------

def test_fifty_wrong_codes_with_a_members_tag_leave_her_right_code_undelayed(door):
    url, pack = door["url"], door["pack"]
    code = door["codes"]["Cara"]
    tag = code.replace("-", "")[:2]
    stranger, no_cookies = Visitor(url), Visitor(url, cookies=False)
    stranger.get("")
    said = [stranger.request("", {"code": c}).text for c in wrong_codes_with_tag(tag, 25)]
    said += [no_cookies.request("", {"code": c}).text for c in wrong_codes_with_tag(tag, 25)]
    assert sum("please wait" in s for s in said) >= 30  # the stranger is held back...
    cara = Visitor(url)
    cara.get("")
    started = time.monotonic()
    page = cara.request("", {"code": code})
    took = time.monotonic() - started
    assert page.url.endswith("/agreement") and page.status == 200  # ...and she is not: her code is taken at once
    assert "wait" not in page.text
    assert took < 5, took  # with no wait before the check
    page = cara.request("agreement", {"agree": "yes"})
    assert page.url.endswith("/voila/render/review.ipynb") and page.status == 200


def test_twenty_parallel_guesses_are_counted_as_twenty(door):
    url, pack = door["url"], door["pack"]
    guesser = Visitor(url)
    guesser.get("")
    checked_before = audit_count(pack, "sign_in_refused")
    started = time.monotonic()
    with ThreadPoolExecutor(20) as pool:
        said = list(pool.map(lambda c: guesser.request("", {"code": c}).text, wrong_codes_with_tag("AA", 20)))
    took = time.monotonic() - started
    checked = audit_count(pack, "sign_in_refused") - checked_before
    not_right = sum("That code is not right" in s for s in said)
    held = sum("please wait" in s for s in said)
    assert not_right + held == 20
    assert not_right == checked
    # 5 free tries, then 0.2 s, 0.4 s, 0.8 s before each next check, and no guess waits more than 2 s:
    # the 20 were checked one after another, never 20 at once
    assert throttle.FREE_TRIES <= checked <= throttle.FREE_TRIES + 3, checked
    assert took >= 0.2 + 0.4 + 0.8 - 0.1
    # counted as 20, not as the 8 or so that were checked: the next wait is the one after 21 wrong codes
    after = guesser.request("", {"code": wrong_codes_with_tag("AA", 1)[0]}).text
    assert "after 15 minutes" in after or "please wait" in after


def test_a_second_device_takes_the_members_kernel_and_the_first_lets_go(door):
    """Her second device opens her one kernel again; the first device's connection is closed by the
    server and it cannot connect again, while the second can."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url = door["url"]
    ws = url.replace("http", "ws", 1)
    phone, laptop = Visitor(url), Visitor(url)
    kernel = kernel_id_of(phone.sign_in(door["codes"]["Gus"]).text)
    channels = f"{ws}api/kernels/{kernel}/channels"

    async def phone_is_let_go() -> bool:
        socket = await websocket_connect(HTTPRequest(channels, headers={"Cookie": f"panel_session={phone.cookie()}"}))
        assert await asyncio.get_running_loop().run_in_executor(
            None, lambda: kernel_id_of(laptop.sign_in(door["codes"]["Gus"]).text)) == kernel
        while (message := await asyncio.wait_for(socket.read_message(), 30)) is not None:
            pass  # the kernel's messages, until the server closes the connection
        return socket.close_code == 4001

    assert in_a_thread(phone_is_let_go)
    assert websocket_status(channels, phone.cookie()) == 403
    assert websocket_status(channels, laptop.cookie()) == 101


def signed_in_without_a_page(url: str, code: str) -> Visitor:
    """A member signed in and agreed, who has not yet opened the app (so holds no kernel)."""
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    member = Visitor(url)
    member.get("")
    member.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(member.jar), NoRedirect())
    assert member.request("", {"code": code}).status == 303
    assert member.request("agreement", {"agree": "yes"}).status == 303
    member.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(member.jar))
    return member


def test_parallel_first_pages_of_one_member_take_one_kernel(door):
    """Eight requests for the app at once, from a member holding no kernel yet, open it on one
    kernel: each used to pass the one-kernel check before any had claimed, and take one each."""
    jo = signed_in_without_a_page(door["url"], door["codes"]["Jo"])
    with ThreadPoolExecutor(8) as pool:
        pages = list(pool.map(lambda _: jo.get("voila/render/review.ipynb"), range(8)))
    assert all(p.status == 200 for p in pages), [p.status for p in pages]
    assert len({kernel_id_of(p.text) for p in pages}) == 1


def test_a_members_kernel_that_dies_is_replaced_and_its_page_told(door):
    """A kernel killed (for memory, say) is not restarted bare under the same id: its open page is
    told, and the member's reload opens the app on a new kernel."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    server, url = door["server"], door["url"]
    kit = Visitor(url)
    kernel = kernel_id_of(kit.sign_in(door["codes"]["Kit"]).text)
    channels = f"{url.replace('http', 'ws', 1)}api/kernels/{kernel}/channels"

    async def page_is_told() -> tuple[int, str]:
        socket = await websocket_connect(HTTPRequest(channels, headers={"Cookie": f"panel_session={kit.cookie()}"}))
        process = next(p for p in server.kernel_processes() if f"kernel-{kernel}.json" in " ".join(p.cmdline()))
        process.kill()
        while await asyncio.wait_for(socket.read_message(), 30) is not None:
            pass
        return socket.close_code, socket.close_reason

    code, reason = in_a_thread(page_is_told)
    assert code == 4002 and "Reload" in reason
    again = kit.get("voila/render/review.ipynb")
    assert again.status == 200 and kernel_id_of(again.text) != kernel


def test_the_sign_in_page_is_answered_while_the_apps_server_is_busy(door):
    """The door has a process of its own: with the apps' server stopped dead (SIGSTOP: as busy as a
    server can be), a phone still gets the sign-in page and its stylesheet, while any other request
    waits for the apps' server and is answered once it runs again, as coming from the client's address."""
    import signal
    import urllib.request

    server, url = door["server"], door["url"]
    waiting = ThreadPoolExecutor(1)
    os.kill(server.process.pid, signal.SIGSTOP)
    try:
        app_page = waiting.submit(Visitor(url).get, "api/kernels")
        page = Visitor(url).request("", timeout=10)
        assert page.status == 200 and "sign in" in page.text and "panel_session=b." in page.headers.get("Set-Cookie", "")
        assert "default-src 'self'" in page.headers.get("Content-Security-Policy", "")
        with urllib.request.urlopen(url + "voila/templates/panel_tool/static/panel.css", timeout=10) as sheet:
            assert sheet.status == 200 and b".pt-door" in sheet.read()
        time.sleep(1)
        assert not app_page.done()  # that one is the apps' server's to answer
    finally:
        os.kill(server.process.pid, signal.SIGCONT)
    assert app_page.result(timeout=60).status == 404
    assert "404 GET /api/kernels (127.0.0.1)" in server.log()  # the client's address, not the door process's socket


def test_a_door_process_that_dies_is_started_again(door):
    server, url = door["server"], door["url"]

    first = door_process_of(server)
    first.kill()
    first.wait(10)
    deadline = time.monotonic() + 30
    while not door_processes(server) and time.monotonic() < deadline:
        time.sleep(0.1)
    [again] = door_processes(server)
    assert again.pid != first.pid
    page = Visitor(url).request("", timeout=30)  # the port never closed: the page waits for the new one at most
    assert page.status == 200 and "sign in" in page.text


def door_processes(server) -> list[psutil.Process]:
    found = []
    for child in psutil.Process(server.process.pid).children():
        try:
            if "panel_tool.door.front" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:  # gone, or killed and not yet reaped
            continue
    return found


def door_process_of(server) -> psutil.Process:
    [found] = door_processes(server)
    return found


def test_the_door_process_lets_go_of_a_connection_the_apps_server_closed(door):
    """A request passed on and refused (or timed out) by the apps' server holds nothing in the door's
    process once that server has closed it, even when the client never closes its end."""
    import socket
    import urllib.parse

    url = urllib.parse.urlsplit(door["url"])
    client = socket.create_connection((url.hostname, url.port), timeout=30)
    try:
        client.sendall(b"GET /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n")
        received = b""
        while chunk := client.recv(4096):
            received += chunk
        assert received.startswith(b"HTTP/1.1 400")
        mine = client.getsockname()[1]
        front = door_process_of(door["server"])
        deadline = time.monotonic() + 10
        while any(c.raddr and c.raddr.port == mine for c in front.net_connections()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(c.raddr and c.raddr.port == mine for c in front.net_connections())
    finally:
        client.close()


def test_a_door_process_out_of_descriptors_waits_rather_than_spins(door):
    import socket
    import urllib.parse

    server, url = door["server"], urllib.parse.urlsplit(door["url"])
    front = door_process_of(server)
    front.rlimit(psutil.RLIMIT_NOFILE, (front.num_fds() + 8,) * 2)
    held = []
    try:
        for _ in range(30):  # more than it may hold: the rest wait in the queue
            held.append(socket.create_connection((url.hostname, url.port), timeout=10))
        time.sleep(0.5)
        before = sum(front.cpu_times()[:2])
        time.sleep(2)
        assert sum(front.cpu_times()[:2]) - before < 0.5  # a few accepts a second, not a loop
    finally:
        for connection in held:
            connection.close()
        front.kill()  # its lowered limit cannot always be raised again; serve starts a new one
    deadline = time.monotonic() + 30
    while [p.pid for p in door_processes(server)] in ([], [front.pid]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert Visitor(door["url"]).request("", timeout=30).status == 200


def test_the_door_process_takes_every_descriptor_it_may():
    """A service manager's soft limit (often 1024 descriptors) is raised to the hard limit."""
    script = ("import resource; from panel_tool.door.front import _as_many_descriptors_as_allowed as take; "
              "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE); "
              "resource.setrlimit(resource.RLIMIT_NOFILE, (min(256, hard), hard)); take(); "
              "print(resource.getrlimit(resource.RLIMIT_NOFILE) == (hard, hard), hard > 256)")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["True", "True"], run.stderr


def test_the_door_process_passes_on_what_is_not_a_sign_in_page():
    from panel_tool.door.front import door_paths, for_the_door

    paths = door_paths("/panel/")
    assert for_the_door(b"GET /panel/ HTTP/1.1\r\nHost: x\r\n\r\n", paths)
    assert for_the_door(b"GET /panel/facilitator/?a=1 HTTP/1.1\r\nCookie: panel_session=b.x.y\r\n\r\n", paths)
    assert for_the_door(b"GET /panel/voila/templates/panel_tool/static/panel.css HTTP/1.1\r\n\r\n", paths)
    assert not for_the_door(b"GET /panel/ HTTP/1.1\r\nCookie: a=1; panel_session=s.abc\r\n\r\n", paths)  # signed in
    assert not for_the_door(b"POST /panel/ HTTP/1.1\r\n\r\n", paths)  # a code: checked where the sessions are
    assert not for_the_door(b"GET /panel/ HTTP/1.1\r\nHost: x\r\n", paths)  # not all here yet
    assert not for_the_door(b"GET /panel/voila/render/review.ipynb HTTP/1.1\r\n\r\n", paths)
    assert not for_the_door(b"GET / HTTP/1.1\r\n\r\n", paths)


def test_a_dot_in_the_base_url_is_a_dot_in_every_route(tmp_path):
    """`--base-url /a.b/` serves the pack at /a.b/ only: a "." put into a route unescaped would match any
    character, and /aXb/ would reach the door, the apps and the kernels too. In-process, no server started:
    the routes of the door's handlers, of the door's own process (its sign-in pages and stylesheet) and of the
    apps' server (Voila's handlers behind the door) are looked up as tornado would route each request."""
    import tornado.web
    from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

    from panel_tool.door import front, handlers
    from panel_tool.serve import hardened_voila, voila_config

    base, elsewhere = "/a.b/", "/aXb/"
    kernel = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"

    def routed(app, path: str, method: str = "GET") -> str:
        """The handler tornado would give the request, or "404"."""
        request = HTTPServerRequest(start_line=RequestStartLine(method, path, "HTTP/1.1"),
                                    headers=HTTPHeaders({"Host": "127.0.0.1"}))
        found = app.find_handler(request)
        return "404" if found.handler_kwargs.get("status_code") == 404 else found.handler_class.__name__

    door_routes = tornado.web.Application(handlers.door_handlers(base))
    for path, handler in (("", "SignInHandler"), ("facilitator", "SignInHandler"), ("force/", "SignInHandler"),
                          ("signout", "SignOutHandler"), ("agreement", "AgreementHandler")):
        assert routed(door_routes, base + path) == handler, path
        assert routed(door_routes, elsewhere + path) == "404", path
    assert routed(door_routes, "/a.b") == "RedirectHandler" and routed(door_routes, "/aXb") == "404"

    pack, _ = released_pack(tmp_path, members=())
    kept = handlers.KEEPER
    try:
        door_process = front.Front(front.FrontSettings(
            pack=str(pack), base_url=base, claims=str(tmp_path / "claims"), title="", trusted_proxies=[],
            host_names=None, apps_socket=str(tmp_path / "apps.sock"), browser_key="00" * 32, fds=[]))
        own = door_process.http.request_callback
        for path, handler in (("", "SignInHandler"), ("voila/templates/panel_tool/static/panel.css", "StaticFileHandler")):
            assert routed(own, base + path) == handler, path
            assert routed(own, elsewhere + path) == "NotHere", path  # the door process's own 404

        apps = tmp_path / "apps"
        apps.mkdir()
        voila = hardened_voila()(sockets=[], ssl_context=None, config=voila_config(apps, "127.0.0.1", 0, 0, base_url=base))
        voila.initialize(argv=[])
        settings = voila.init_settings()  # (no kernel is started: nothing runs the loop the pools fill from)
        server = tornado.web.Application(voila.init_handlers(), **settings)
        for path, method, handler in (("", "GET", "SignInHandler"),
                                      ("voila/render/review.ipynb", "GET", "DoorVoilaHandler"),
                                      (f"voila/api/shutdown/{kernel}", "POST", "OwnedShutdownHandler"),
                                      (f"api/kernels/{kernel}", "DELETE", "KernelHandler"),
                                      (f"api/kernels/{kernel}/channels", "GET", "NoDelayKernelWebsocket")):
            assert routed(server, base + path, method) == handler, path
            assert routed(server, elsewhere + path, method) == "404", path
    finally:
        handlers.KEEPER = kept


def test_only_the_facilitators_kernels_hold_the_seal_key(door):
    """The facilitator's app releases with the seal key; a member's kernel (or the force's) never
    holds it, even in its environment."""
    from panel_tool.packs.seal import SEAL_KEY_VARIABLE

    server = door["server"]
    kernel = kernel_id_of(Visitor(door["url"]).sign_in(door["codes"]["Kit"]).text)

    def holds_key(process) -> bool:
        return f"{SEAL_KEY_VARIABLE}=".encode() in Path(f"/proc/{process.pid}/environ").read_bytes()

    processes = server.kernel_processes()
    member = next(p for p in processes if f"kernel-{kernel}.json" in " ".join(p.cmdline()))
    assert not holds_key(member)
    assert 1 <= sum(map(holds_key, processes)) < len(processes)  # the facilitator's waiting kernel, and no other


def test_a_stale_session_cookie_gets_a_browser_of_its_own(door):
    """After a restart (or sign out elsewhere) a browser's old session cookie names no one: its next
    visit gets a cookie of its own, so its guesses are not counted with everyone else's on the address."""
    page = Visitor(door["url"], cookies=False).request("", headers={"Cookie": "panel_session=s.from-before-a-restart"})
    assert page.status == 200 and "panel_session=b." in page.headers.get("Set-Cookie", "")


def test_a_huge_form_is_refused_without_holding_the_server(door):
    import http.client
    import urllib.parse

    server = door["server"]
    before = psutil.Process(server.process.pid).memory_info().rss
    host = urllib.parse.urlsplit(door["url"])
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    body = b"code=" + b"a" * (20 * 1024 * 1024)
    try:
        connection.request("POST", "/", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
        status = connection.getresponse().status
    except (ConnectionError, http.client.HTTPException):
        status = None  # the server closed the connection: refused
    finally:
        connection.close()
    assert status in (None, 400, 413)
    assert psutil.Process(server.process.pid).memory_info().rss - before < 10 * 1024 * 1024
    assert Visitor(door["url"]).get("").status == 200


def test_a_page_whose_kernel_is_taken_elsewhere_says_so_and_stops_taking_answers(door):
    url = door["url"]
    watched = open_page(door["browser"], url)
    page = sign_in(watched, url, door["codes"]["Lou"])
    page.get_by_role("heading", name="Your cases").wait_for(timeout=30_000)
    Visitor(url).sign_in(door["codes"]["Lou"])  # her laptop opens the app again
    banner = page.get_by_role("alert").filter(has_text="opened again")
    banner.wait_for(timeout=20_000)
    assert "not saved" in banner.inner_text()
    assert page.evaluate("document.getElementById('main').inert") is True
    assert float(page.evaluate("getComputedStyle(document.getElementById('main')).opacity")) < 0.7  # and looks it


# --- sign out, and what the next person finds -----------------------------------------------------------

def test_sign_out_then_a_second_member_on_the_same_browser_sees_nothing_of_the_first(door):
    server, url = door["server"], door["url"]
    watched = open_page(door["browser"], url)
    page = sign_in(watched, url, door["codes"]["Dev"])
    page.get_by_role("button", name=re.compile(r"^Case 1:")).click()
    page.get_by_role("heading", name="Case 1 of 5").wait_for(timeout=20_000)
    answer_choice(page, 0, "No")
    page.locator(".pt-question textarea").first.fill("DEV-PRIVATE-NOTE")
    saved(page, 5).get_by_text("Saved at").wait_for(timeout=20_000)
    first_kernel = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    page.get_by_role("button", name="All cases").first.click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out").wait_for(timeout=20_000)
    deadline = time.monotonic() + 20
    while kernel_alive(server, first_kernel) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not kernel_alive(server, first_kernel)
    assert [c["name"] for c in page.context.cookies()] == []
    page.go_back()
    assert page.get_by_label("Your code").count() == 1 or "sign in" in page.content().lower()

    watched.received.clear()
    page = sign_in(watched, url, door["codes"]["Eve"])
    page.get_by_role("heading", name="Your cases").wait_for(timeout=30_000)
    page.get_by_role("button", name=re.compile(r"^Case 1:")).click()
    page.get_by_role("heading", name="Case 1 of 5").wait_for(timeout=20_000)
    assert page.locator(".pt-question input[type=radio]:checked").count() == 0
    everything = "\n".join(watched.received)
    assert "Signed in as Eve" in everything or "Eve" in page.content()
    assert "DEV-PRIVATE-NOTE" not in everything and "Dev" not in re.sub(r"Dev(?:ice|elop)", "", everything)


# --- no tracebacks, and a CSP nothing violates -----------------------------------------------------------

def in_the_log_soon(server, text: str, within: float = 20) -> bool:
    """The server's log holds `text` now or within a few seconds (kernels write it at a low priority)."""
    deadline = time.monotonic() + within
    while text not in server.log() and time.monotonic() < deadline:
        time.sleep(0.2)
    return text in server.log()


def test_a_forged_message_error_reaches_the_browser_as_a_plain_sentence(door):
    url = door["url"]
    watched = open_page(door["browser"], url)
    page = sign_in(watched, url, door["codes"]["Finn"])
    page.get_by_role("heading", name="Your cases").wait_for(timeout=30_000)
    frames = forge_a_bad_update(url, page, watched.received)
    page.locator(".pt-trouble").get_by_text("Something went wrong with that").wait_for(timeout=20_000)
    everything = "\n".join(frames + watched.received)
    for leak in ("Traceback", "site-packages", 'File "', "TraitError", "KeyError"):
        assert leak not in everything, leak
    assert in_the_log_soon(door["server"], "Traceback")  # the whole story goes to the server's log


def test_a_staff_apps_kernel_error_reaches_staff_as_a_plain_sentence(door):
    url = door["url"]
    watched = open_page(door["browser"], url)
    page = sign_in(watched, url + "facilitator", FACILITATOR_PASSPHRASE, label="Passphrase")
    page.get_by_role("heading", name="Members", exact=True).first.wait_for(timeout=60_000)
    frames = forge_a_bad_update(url, page, watched.received)
    trouble = page.locator(".pt-trouble [role=alert]")
    trouble.get_by_text("Something went wrong with that").wait_for(timeout=20_000)
    assert "tell your facilitator" not in trouble.text_content()  # said to the facilitator, not a member
    everything = "\n".join(frames + watched.received)
    for leak in ("Traceback", "site-packages", 'File "', "TraitError", "KeyError"):
        assert leak not in everything, leak
    assert in_the_log_soon(door["server"], "[panel_tool kernel]")


def test_no_securitypolicyviolation_while_a_member_answers_a_whole_case(door):
    url = door["url"]
    watched = open_page(door["browser"], url)
    page = watched.page
    page.add_init_script(CSP_WATCH)
    sign_in(watched, url, door["codes"]["Gus"])
    response_csp = page.evaluate("1")  # the page is up
    page.get_by_role("button", name=re.compile(r"^Case 1:")).click()
    page.get_by_role("heading", name="Case 1 of 5").wait_for(timeout=20_000)
    for n in range(5):
        question(page, n).get_by_role("radio").first.check()
        saved(page, n).get_by_text("Saved at").wait_for(timeout=20_000)
    page.locator(".pt-question textarea").first.fill("Clear grounds.")
    saved(page, 5).get_by_text("Saved at").wait_for(timeout=20_000)
    page.get_by_role("button", name="Next case").first.click()
    page.get_by_role("heading", name="Case 2 of 5").wait_for(timeout=20_000)
    assert response_csp == 1
    assert page.evaluate("window.__csp") == []
    assert not watched.errors and not watched.blocked
    app = Visitor(url).sign_in(door["codes"]["Gus"])
    policy = app.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "'nonce-" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    scripts = re.findall(r"<script[^>]*>", app.text)
    assert scripts and all(f'nonce="{nonce}"' in s for s in scripts)


# --- the pack ends sessions ------------------------------------------------------------------------------

def test_members_remove_ends_that_members_open_page(door):
    server, url, pack = door["server"], door["url"], door["pack"]
    watched = open_page(door["browser"], url)
    page = sign_in(watched, url, door["codes"]["Hana"])
    page.get_by_role("heading", name="Your cases").wait_for(timeout=30_000)
    kernel = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    assert kernel_alive(server, kernel)
    assert run_cli("members", "remove", pack, "Hana").code == 0
    deadline = time.monotonic() + 20
    while kernel_alive(server, kernel) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not kernel_alive(server, kernel)
    page.reload()
    page.get_by_label("Your code").wait_for(timeout=20_000)  # back at the door
    page.get_by_label("Your code").fill(door["codes"]["Hana"])
    page.get_by_role("button", name="Sign in").click()
    page.locator(".pt-message").get_by_text("not right").wait_for(timeout=20_000)


# --- a full panel, and a trusted proxy ------------------------------------------------------------------

class KernelPeak:
    """The most kernel processes of `server` alive at once, sampled in a thread until stopped."""

    def __init__(self, server):
        self.server, self.peak, self._running = server, 0, True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while self._running:
            self.peak = max(self.peak, len(self.server.kernel_processes()))
            time.sleep(0.05)

    def stop(self) -> int:
        self._running = False
        self._thread.join()
        return self.peak


def test_the_panel_is_full_page_and_a_trusted_proxys_forwarded_addresses(tmp_path):
    """One member, no headroom, and the cap counted for one staff role (STAFF_ROLES patched to 1):
    the cap is 3 live kernels (the member's and the facilitator's two), and the three pools fill it,
    so a facilitator's second page finds the panel full, with no kernel started for it, and a
    member's reloads and second devices take no new kernel. Kernels run below the server's priority. Behind
    a trusted proxy, each forwarded address keeps its own count: one client over the address limit is
    slowed, another behind the same proxy is not."""
    pack, codes = released_pack(tmp_path, members=["Amira"])
    set_passphrase(pack, "facilitator", FACILITATOR_PASSPHRASE)
    spacing = 1.0
    settings = {**FAST_WAITS, "panel_tool.door.throttle.ADDRESS_FREE": 5,
                "panel_tool.door.throttle.ADDRESS_SPACING_S": spacing, "panel_tool.door.handlers.STAFF_ROLES": 1}
    with running_server(pack, "--pool", "1", "--headroom", "0", "--trusted-proxy", "127.0.0.1",
                        settings=settings) as server:
        deadline = time.monotonic() + 90
        while len(server.kernel_processes()) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(server.kernel_processes()) == 3
        # kernels start below the server in the CPU's queue, so a busy room cannot starve the door
        server_niceness = psutil.Process(server.process.pid).nice()
        assert all(k.nice() > server_niceness for k in server.kernel_processes())
        peak = KernelPeak(server)
        first = Visitor(server.url)
        page = first.sign_in(FACILITATOR_PASSPHRASE, door="facilitator", field="passphrase")
        assert page.status == 200 and kernel_id_of(page.text)
        kernels = {p.pid for p in server.kernel_processes()}
        full = Visitor(server.url).sign_in(FACILITATOR_PASSPHRASE, door="facilitator", field="passphrase")
        assert full.status == 503 and full.headers["Retry-After"] == "60"
        assert "<h1>The panel is full</h1>" in full.text and "try again in a minute" in full.text
        assert "kernelId" not in full.text and "Traceback" not in full.text
        time.sleep(1.5)  # a refill would have started by now
        assert {p.pid for p in server.kernel_processes()} == kernels
        # once the first page signs out, the room has space again
        first.request("signout", {})
        again = Visitor(server.url).sign_in(FACILITATOR_PASSPHRASE, door="facilitator", field="passphrase")
        assert again.status == 200 and kernel_id_of(again.text)
        # a member's reloads and second devices open her one kernel again: no new kernel, within the cap
        amira = Visitor(server.url)
        first_page = amira.sign_in(codes["Amira"])
        kernel_id, members_kernels = kernel_id_of(first_page.text), len(server.kernel_processes())
        assert kernel_id
        for _ in range(2):
            assert kernel_id_of(amira.get("voila/render/review.ipynb").text) == kernel_id
        assert kernel_id_of(Visitor(server.url).sign_in(codes["Amira"]).text) == kernel_id
        time.sleep(1.5)  # a refill would have started by now
        assert len(server.kernel_processes()) == members_kernels
        assert peak.stop() <= 3

        def wrong_guess(client: str) -> float:
            started = time.monotonic()
            said = Visitor(server.url, cookies=False).request("", {"code": "AAAA-AAAA"},
                                                              headers={"X-Forwarded-For": f"198.51.100.1, {client}"})
            assert "not right" in said.text or "please wait" in said.text
            return time.monotonic() - started

        for _ in range(5):  # a fresh cookie every time: only the address can hold this client back
            wrong_guess("203.0.113.9")
        sent, answered = [], []
        for _ in range(3):
            sent.append(time.monotonic())
            wrong_guess("203.0.113.9")
            answered.append(time.monotonic())
        # one guess a second: each was checked at least `spacing` after the one before it was sent
        apart = [answered[n + 1] - sent[n] for n in range(2)]
        assert min(apart) >= spacing, apart
        other = wrong_guess("203.0.113.10")  # another phone behind the same proxy
        assert other < min(apart) - spacing * 0.5, (other, apart)


def test_an_idle_members_kernel_is_culled_without_a_traceback(tmp_path):
    """The idle culler reads the kernels' activity (watched from their messages' headers only): a
    member's kernel left idle is shut down, and the facilitator's terminal shows no traceback."""
    pack, codes = released_pack(tmp_path, members=["Amira"])
    settings = {"panel_tool.serve.CULL_IDLE_AFTER_S": 4, "panel_tool.serve.CULL_EVERY_S": 1}
    with running_server(pack, "--pool", "1", settings=settings) as server:
        page = Visitor(server.url).sign_in(codes["Amira"])
        kernel_id = kernel_id_of(page.text)
        assert kernel_id and kernel_alive(server, kernel_id)
        deadline = time.monotonic() + 60
        while kernel_alive(server, kernel_id) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not kernel_alive(server, kernel_id), "an idle member's kernel should have been culled"
        assert "Traceback" not in server.log()


# --- the panel's confidentiality agreement -------------------------------------------------------------

def test_a_members_first_sign_in_records_acceptance_of_the_panels_agreement(door, tmp_path):
    server, url, pack = door["server"], door["url"], door["pack"]
    code = door["codes"]["Ivy"]
    shown = run_cli("pack", "agreement", pack)
    assert shown.code == 0 and shown.out.strip() == DEFAULT_TEXT  # the default until the facilitator sets one
    mine = tmp_path / "agreement.txt"
    mine.write_text("Keep every case private.\n\nNo <b>photos</b> of the screen.\n", encoding="utf-8")
    assert run_cli("pack", "agreement", pack, "--file", mine).code == 0
    ivy = Visitor(url)
    taken = server.log().count("Using pre-heated kernel")
    accepted = audit_count(pack, "agreement_accepted")  # other members' first sign-ins, in earlier tests
    first = ivy.sign_in(code, agree=False)
    assert first.status == 200 and first.url.endswith("/agreement")
    assert "<p>Keep every case private.</p><p>No &lt;b&gt;photos&lt;/b&gt; of the screen.</p>" in first.text
    assert "I agree" in first.text and "kernelId" not in first.text
    # no app, and no kernel, until she says yes
    app = ivy.get("voila/render/review.ipynb")
    assert app.url.endswith("/agreement") and "kernelId" not in app.text
    assert server.log().count("Using pre-heated kernel") == taken
    assert audit_count(pack, "agreement_accepted") == accepted
    page = ivy.request("agreement", {"agree": "yes"})
    assert page.status == 200 and page.url.endswith("/voila/render/review.ipynb") and kernel_id_of(page.text)
    conn = sqlite3.connect(pack)
    try:
        rows = conn.execute("SELECT a.text_sha256 FROM agreements a JOIN members m USING (member_id) "
                            "WHERE m.name = 'Ivy'").fetchall()
    finally:
        conn.close()
    assert rows == [(text_hash("Keep every case private.\nNo <b>photos</b> of the screen."),)]
    assert audit_count(pack, "agreement_accepted") == accepted + 1
    # asked once: her next sign-in, on another device, goes straight to her cases
    again = Visitor(url).sign_in(code, agree=False)
    assert again.url.endswith("/voila/render/review.ipynb") and kernel_id_of(again.text)


# --- the pieces ------------------------------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_wait_comes_before_the_check_and_belongs_to_the_guesser():
    clock = Clock()
    t = throttle.Throttle(clock)
    turns = [t.reserve("b.stranger", "10.0.0.1") for _ in range(8)]  # eight at once
    assert [round(x.wait_s, 1) for x in turns[:6]] == [0, 0, 0, 0, 0, 5]
    assert turns[6].refused and turns[7].refused  # a wait of 15 s is longer than a page may hang
    assert t.failures("b.stranger") == 8
    # a member at the same address, in her own browser, is checked at once
    assert t.reserve("b.member", "10.0.0.1").wait_s == 0
    t.right("b.member", "10.0.0.1")
    assert t.failures("b.member") == 0


def test_an_address_sending_more_wrong_codes_than_a_room_slows_down():
    clock = Clock()
    t = throttle.Throttle(clock)
    for n in range(throttle.ADDRESS_FIRST_GUESSES):
        t.reserve(f"b.fresh{n}", "10.0.0.9")  # a fresh cookie for every guess: each a first guess
    waits = [t.reserve(f"b.more{n}", "10.0.0.9") for n in range(5)]
    assert [w.wait_s for w in waits][-1] >= 4 * throttle.ADDRESS_SPACING_S
    while not (turn := t.reserve("b.yet-another", "10.0.0.9")).refused:
        pass
    assert turn.crowded  # told the network is busy, not that it typed wrong codes


def test_a_paced_stranger_does_not_hold_back_a_new_browsers_first_guess():
    """A stranger sending a guess every 0.8 s keeps the address's line long; a member arriving from
    the same router, in a browser of her own, is checked at once, however long it goes on."""
    clock = Clock()
    t = throttle.Throttle(clock)
    for n in range(200):
        t.reserve("address:10.0.0.5", "10.0.0.5")  # no cookie: the address's own count
        clock.now += 0.8
        if n % 20 == 19:
            assert t.reserve(f"b.member{n}", "10.0.0.5").wait_s == 0
            t.right(f"b.member{n}", "10.0.0.5")
    stranger = t.reserve("address:10.0.0.5", "10.0.0.5")
    assert stranger.refused and not stranger.crowded  # the stranger is told of its own wrong codes


def test_a_browser_cookie_is_genuine_only_as_the_door_signed_it():
    from panel_tool.door.sessions import Browsers

    browsers = Browsers()
    issued = browsers.issue()
    assert browsers.genuine(issued)
    assert not browsers.genuine("b.made-up-by-a-stranger")
    assert not browsers.genuine(issued[:-1] + ("0" if issued[-1] != "0" else "1"))
    assert not Browsers().genuine(issued)  # another server's (or before a restart)
    assert not browsers.genuine(None) and not browsers.genuine("s." + issued[2:])


def test_a_session_left_idle_without_a_kernel_ends(monkeypatch):
    from panel_tool.door import sessions as door_sessions

    s = Sessions()
    idle, busy = s.start("member", 1, "h1"), s.start("member", 2, "h2")
    s.claim("k2", busy)
    monkeypatch.setattr(door_sessions, "IDLE_ENDS_AFTER_S", -1.0)
    assert s.get(idle.id) is None  # the shared tablet's next visitor finds the door
    assert s.get(busy.id) is busy  # a member with a live kernel is never ended for idling
    assert s.ended_by({"status": "released", "members": {1: "h1", 2: "h2"}}) == [idle]
    s.forget_kernel("k2")
    assert s.ended_by({"status": "released", "members": {1: "h1", 2: "h2"}}) == [idle, busy]


def test_one_hash_check_for_every_code_whether_or_not_its_tag_exists(tmp_path, monkeypatch):
    pack, member_codes = released_pack(tmp_path, members=["Amira"])
    checks = []
    real = access_codes.matches
    monkeypatch.setattr(access_codes, "matches", lambda code, stored: checks.append(1) or real(code, stored))
    tag = member_codes["Amira"].replace("-", "")[:2]
    other = next(a + b for a in access_codes.ALPHABET for b in access_codes.ALPHABET if a + b != tag)
    for typed in (wrong_codes_with_tag(tag, 1)[0], wrong_codes_with_tag(other, 1)[0]):
        with pytest.raises(SignInRefused):
            member_for_code(pack, typed)
    assert member_for_code(pack, member_codes["Amira"])[1] == "Amira"
    assert len(checks) == 3


def test_only_a_trusted_proxys_forwarded_address_is_believed():
    from types import SimpleNamespace

    from panel_tool.door.handlers import DoorKeeper

    def address(keeper, remote, forwarded):
        request = SimpleNamespace(remote_ip=remote, headers={"X-Forwarded-For": forwarded})
        return keeper.client_address(SimpleNamespace(request=request))

    keeper = object.__new__(DoorKeeper)
    keeper.trusted = []
    assert address(keeper, "192.0.2.5", "203.0.113.9") == "192.0.2.5"  # nobody's proxy: the header is ignored
    keeper.trusted = [__import__("ipaddress").ip_network("10.0.0.0/24")]
    assert address(keeper, "10.0.0.2", "203.0.113.9") == "203.0.113.9"
    # a client's own X-Forwarded-For is kept by the proxy and added to: the nearest untrusted hop counts
    assert address(keeper, "10.0.0.2", "198.51.100.66, 203.0.113.9") == "203.0.113.9"
    assert address(keeper, "10.0.0.2", "203.0.113.9, 10.0.0.7") == "203.0.113.9"
    assert address(keeper, "10.0.0.2", "not-an-address") == "10.0.0.2"
    assert address(keeper, "192.0.2.5", "203.0.113.9") == "192.0.2.5"  # not from the proxy: ignored


def test_a_member_holds_one_kernel_and_a_staff_role_two():
    s = Sessions()
    phone, laptop = s.start("member", 1, "h"), s.start("member", 1, "h")
    s.claim("k1", phone)
    assert s.to_replace(laptop) == ["k1"]  # a second device replaces the first one's kernel
    staff = [s.start("facilitator") for _ in range(3)]
    for n, session in enumerate(staff[:2]):
        s.claim(f"f{n}", session)
    assert s.to_replace(staff[2]) == ["f0"]  # a third page: the first one's kernel goes
    assert not s.owns(laptop, "k1") and s.owns(phone, "k1")
    assert s.ended_by({"status": "released", "members": {1: "new hash"}}) == [phone, laptop]
    assert len(s.ended_by({"status": "closed", "members": {}})) == 5


def test_the_cap_has_room_for_every_kernel_the_staff_may_hold():
    from panel_tool.door.handlers import STAFF_ROLES, DoorKeeper
    from panel_tool.door.sessions import STAFF_KERNELS

    keeper = object.__new__(DoorKeeper)
    keeper.state, keeper.headroom = {"members": {n: "h" for n in range(30)}}, 3
    assert keeper.cap() == 30 + STAFF_ROLES * STAFF_KERNELS + 3


def test_a_claim_is_read_once(tmp_path, monkeypatch):
    claim.write_claim(tmp_path, "abc", {"role": "member", "member_id": 3})
    monkeypatch.setenv(claim.CLAIMS_VARIABLE, str(tmp_path))
    monkeypatch.setattr(claim, "own_kernel_id", lambda: "abc")
    assert claim.wait_for_claim() == {"role": "member", "member_id": 3}
    assert not (tmp_path / "abc.json").exists()
    monkeypatch.delenv(claim.CLAIMS_VARIABLE)
    assert claim.wait_for_claim() is None  # not served by panel-tool serve


def test_the_sweep_removes_dead_servers_folders_only(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = tmp_path / f"panel-tool-{dead.stdout.strip()}-abc123"
    alive = tmp_path / f"panel-tool-{os.getpid()}-def456"
    other = tmp_path / "panel-tool-notes"
    for f in (gone, alive, other):
        f.mkdir()
    assert folders.sweep_dead(tmp_path) == [gone]
    assert not gone.exists() and alive.exists() and other.exists()
    made = folders.private_folder(tmp_path)
    assert oct(made.stat().st_mode & 0o777) == "0o700" and (made / "claims").is_dir()
