"""Many panels at one address (issue 16): a real JupyterHub with configurable-http-proxy on free
loopback ports, started by `panel-tool hub`, with the local-process spawner, two facilitators (two
system users, made by the hub) and one released pack each, served as named servers.

20 simulated members (benchmarks/review_load.py's websocket members) split over the two packs sign
in through the hub's proxy and answer every question of every case; pack A's server is stopped
through the hub's REST API after members have answered their first case, its link then shows the
plain "not open yet" page, and it is started again; every answer is written.

Needs root (the hub makes system users); the users it made are removed afterwards.
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import shutil
import time
import traceback
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from benchmarks.review_load import (Member, answer_case, app_ready, door_sign_in, list_ready, next_case, on_screen,
                                    open_page, review)
from tests.hubs import NotRoot, answers_in, api, questions_in, running_hub, start_server, stop_server, wait_for_server
from tests.servers import Visitor, kernel_id_of, released_pack

MEMBERS_PER_PACK = 10
CASES = 3


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    work = tmp_path_factory.mktemp("hub")
    built = {}
    for which in ("A", "B"):
        folder = work / f"build-{which}"
        folder.mkdir()
        members = [f"{which}{i:02d}" for i in range(1, MEMBERS_PER_PACK + 1)]
        pack, codes = released_pack(folder, members=members, sample=CASES)
        built[which] = (pack, codes)
    try:
        with running_hub(work, {"panela": ("A", built["A"][0]), "panelb": ("B", built["B"][0])}) as hub:
            for which in ("A", "B"):
                pack = hub["packs"][f"panel{which.lower()}"]
                pack.update(name=f"panel{which.lower()}", built=built[which][0], codes=built[which][1])
                hub["packs"][which] = pack
            yield hub
    except NotRoot as refused:
        pytest.fail(f"tests/test_hub.py: {refused} (run it in CI or a container as root).")


def test_the_hub_made_each_facilitator_a_system_user_with_a_private_home(hub):
    for user in hub["users"].values():
        entry = pwd.getpwnam(user)
        assert os.stat(entry.pw_dir).st_mode & 0o777 == 0o700
        servers = [p for p in psutil.process_iter(["username", "cmdline"]) if p.info["username"] == user]
        commands = [" ".join(p.info["cmdline"] or []) for p in servers]
        assert any("jupyterhub-singleuser" in c for c in commands), commands
        assert any("panel_tool.cli serve" in c for c in commands), commands
    hub_children = psutil.Process(hub["process"].pid).children(recursive=True)
    assert any("jupyterhub_idle_culler" in " ".join(p.cmdline()) for p in hub_children)  # idle servers are stopped


def test_twenty_members_through_the_proxy_every_answer_written_across_a_restart(hub):
    """10 members a pack; pack A's server is stopped after everyone there answered case 1 and started
    again through the hub's REST API; members sign in again and go on."""
    packs, users = hub["packs"], hub["users"]
    questions = {w: questions_in(packs[w]["built"]) for w in packs}
    a_first_case_done: list[asyncio.Event] = []
    restarted = asyncio.Event()
    stopped_page: dict = {}

    async def member_of_a(member: Member, start: asyncio.Event, done: asyncio.Event):
        base = packs["A"]["url"]
        await start.wait()
        cookie, _ = await door_sign_in(base, member.code)
        k, _ = await open_page(base, list_ready, cookie)
        await k.comm(k.find("ButtonModel", lambda d: d.startswith("Case 1:"))[0], {"method": "custom", "content": {"event": "click"}})
        await answer_case(member, k, 1)
        done.set()
        await restarted.wait()
        await k.close()
        cookie, _ = await door_sign_in(base, member.code)  # the restarted server remembers no session
        k, _ = await open_page(base, app_ready, cookie)  # back at the case they were on (or their list)
        if on_screen(k):
            assert any("Case 1 of" in h for h in on_screen(k)), on_screen(k)
            await next_case(k)
        else:
            await k.comm(k.find("ButtonModel", lambda d: d.startswith("Case 2:"))[0],
                         {"method": "custom", "content": {"event": "click"}})
        for case in range(2, CASES + 1):
            await answer_case(member, k, case)
            if case < CASES:
                await next_case(k)
        await k.close()

    async def restart_a():
        await asyncio.gather(*(e.wait() for e in a_first_case_done))
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, stop_server, hub, users["A"], packs["A"]["name"])
        stopped_page["member"] = await loop.run_in_executor(None, Visitor(packs["A"]["url"]).get)
        await loop.run_in_executor(None, start_server, hub, users["A"], packs["A"]["name"])
        restarted.set()

    async def everyone():
        start = asyncio.Event()
        members_a = [Member(n, c, i) for i, (n, c) in enumerate(sorted(packs["A"]["codes"].items()))]
        members_b = [Member(n, c, i) for i, (n, c) in enumerate(sorted(packs["B"]["codes"].items()))]
        a_first_case_done.extend(asyncio.Event() for _ in members_a)
        tasks = [member_of_a(m, start, e) for m, e in zip(members_a, a_first_case_done)]
        tasks += [review(m, packs["B"]["url"], CASES, start) for m in members_b]
        start.set()
        results = await asyncio.wait_for(asyncio.gather(restart_a(), *tasks, return_exceptions=True), 600)
        for m in members_b:
            if m.client:
                await m.client.close()
        return results, members_a, members_b

    results, members_a, members_b = asyncio.run(everyone())
    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, "".join(traceback.format_exception(failures[0])) + hub["log"].read_text(errors="replace")[-4000:]
    page = stopped_page["member"]
    assert page.status == 503 and "This panel is not open yet" in page.text, (page.status, page.text[:500])
    assert "/hub/login" not in page.url and "login" not in page.text.lower()
    for which, people in (("A", members_a), ("B", members_b)):
        expected = MEMBERS_PER_PACK * CASES * questions[which]
        assert sum(m.answered for m in people) == expected
        assert answers_in(users[which], packs[which]["path"]) == expected


def test_a_pack_never_started_shows_the_plain_page_while_its_facilitators_workbench_runs(hub):
    """A pack just put in the workspace (its link already sent) has never had a server, so no route of
    its own: members must get the plain page, not the workbench's (Jupyter Server's) 404."""
    user = hub["users"]["A"]
    entry = pwd.getpwnam(user)
    path = Path(entry.pw_dir) / "workspace" / "notyet.pack.db"
    shutil.copyfile(hub["packs"]["A"]["built"], path)
    os.chown(path, entry.pw_uid, entry.pw_gid)
    try:
        assert api(hub, "GET", f"users/{user}")[1]["servers"][""]["ready"]  # the workbench runs
        # The hub looks for new packs every 10 s; until then the workbench answers (its 404, after
        # dropping the link's last slash).
        deadline = time.monotonic() + 30
        while True:
            page = Visitor(hub["url"] + f"user/{user}/notyet/").get()
            if (page.status == 503 and page.url.endswith("/notyet/")) or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert page.status == 503 and "This panel is not open yet" in page.text, (page.status, page.text[:300])
        assert "<strong>notyet</strong>" in page.text and page.url.endswith(f"/user/{user}/notyet/")
        deeper = Visitor(hub["url"] + f"user/{user}/notyet/voila/render/review.ipynb").get()
        assert deeper.status == 503 and "This panel is not open yet" in deeper.text
    finally:
        path.unlink()


def test_a_packs_link_without_its_last_slash_leads_to_the_sign_in_page(hub):
    """A member types or pastes the link without its final "/" (/user/<name>/<pack>): the proxy hands that
    to the pack's server, which sends it on to the link with the slash, query and all, and the member
    meets the door rather than a 404."""
    import http.client
    from urllib.parse import urlsplit

    pack = hub["packs"]["B"]
    where = urlsplit(pack["url"])
    query = "?code=AB12-CD34"
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    connection.request("GET", where.path.rstrip("/") + query)
    answer = connection.getresponse()
    connection.close()
    assert answer.status in (301, 302, 307, 308), answer.status
    assert answer.getheader("Location") == where.path + query
    page = Visitor(pack["url"]).get(pack["url"].rstrip("/") + query)
    assert page.status == 200 and "Your code" in page.text, (page.status, page.text[:300])
    assert page.url == pack["url"] + query


class HubBrowser:
    """A facilitator's browser at the hub's own pages: a cookie jar, the forms' _xsrf, and redirects
    not followed (following a sign-in's would start a server)."""

    def __init__(self, hub: dict):
        import http.cookiejar

        class Stay(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args):
                return None

        self.url = hub["url"] + "hub/"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), Stay)

    def open(self, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """(status, text, where it redirects to); a form is posted with the page's own _xsrf."""
        import re
        import urllib.parse

        data = None
        if form is not None:
            status, page, _ = self.open(path)
            xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page)
            data = urllib.parse.urlencode({**form, **({"_xsrf": xsrf.group(1)} if xsrf else {})}).encode()
        try:
            with self.opener.open(self.url + path, data=data, timeout=60) as r:
                return r.status, r.read().decode(), ""
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace"), e.headers.get("Location", "")

    def sign_up(self, name: str, password: str) -> str:
        status, page, _ = self.open("signup", {"username": name, "signup_password": password,
                                               "signup_password_confirmation": password})
        assert status == 200, (status, page[:500])
        return page

    def sign_in(self, name: str, password: str) -> tuple[int, str, str]:
        return self.open("login", {"username": name, "password": password})


def test_facilitators_sign_up_at_the_hub_and_an_admin_approves_them(hub):
    """nativeauthenticator: a new facilitator's sign-up does not let them in until an admin (`--admin`)
    approves it at /hub/authorize; approving is the admin's alone."""
    admin, newcomer = hub["admin"], hub["admin"].removesuffix("admin") + "c"
    admin_password, password = "a long admin passphrase 61", "a long facilitator passphrase 47"
    page = HubBrowser(hub).sign_up(newcomer, password)
    assert "Your information has been sent to the admin." in page, page[page.find("alert"):][:400]
    waiting = HubBrowser(hub)
    status, page, where = waiting.sign_in(newcomer, password)
    assert status == 200 and "has not been authorized" in page and not where, (status, where)
    HubBrowser(hub).sign_up(admin, admin_password)
    admin_browser = HubBrowser(hub)
    assert admin_browser.sign_in(admin, admin_password)[0] == 302
    status, _, where = admin_browser.open(f"authorize/{newcomer}")
    assert status == 302 and where.endswith(f"authorize#{newcomer}"), (status, where)
    status, _, where = waiting.sign_in(newcomer, password)
    assert status == 302 and "/hub/login" not in where, (status, where)
    assert waiting.open("authorize")[0] == 403  # signed in, but not an admin: no approving
    assert waiting.open(f"authorize/{newcomer}c")[0] == 403


def test_a_member_of_pack_a_cannot_reach_pack_bs_pages_or_kernels(hub):
    a, b = hub["packs"]["A"], hub["packs"]["B"]
    amira = Visitor(a["url"])
    code = next(iter(a["codes"].values()))
    page = amira.sign_in(code)
    assert page.status == 200 and '"kernelId"' in page.text
    kernel = kernel_id_of(page.text)
    cookie = amira.cookie()
    (door_cookie,) = [c for c in amira.jar if c.name == "panel_session"]
    assert door_cookie.path == f"/user/{hub['users']['A']}/{a['name']}/"
    # Pack A's session sent to pack B (a browser would not even send it): B's door, not an app.
    stranger = Visitor(b["url"], cookies=False)
    app = stranger.get(b["url"] + "voila/render/review.ipynb", headers={"Cookie": f"panel_session={cookie}"})
    assert '"kernelId"' not in app.text and "Your code" in app.text, app.text[:500]  # B's door
    for path in (f"api/kernels/{kernel}", f"api/kernels/{kernel}/channels"):
        got = stranger.get(b["url"] + path, headers={"Cookie": f"panel_session={cookie}"})
        assert got.status in (403, 404), (path, got.status)
    # ...and pack A's code at pack B's door is refused.
    refused = Visitor(b["url"]).sign_in(code)
    assert '"kernelId"' not in refused.text and refused.url.rstrip("/").endswith(b["name"])
    # A's kernel through A's address answers only A's session
    got = stranger.get(a["url"] + f"api/kernels/{kernel}")
    assert got.status in (403, 404)


def test_the_hubs_cookies_never_reach_or_leave_a_packs_pages(hub):
    pack = hub["packs"]["B"]
    visitor = Visitor(pack["url"], cookies=False)
    hub_cookies = "jupyterhub-session-id=hubsecret1; jupyterhub-user-x=hubsecret2"
    first = visitor.get("", headers={"Cookie": hub_cookies})
    assert first.status == 200
    assert "hubsecret" not in first.text and "hubsecret" not in json.dumps(first.headers)
    set_cookie = {k.lower(): v for k, v in first.headers.items()}.get("set-cookie", "")  # node writes header names in small letters
    assert set_cookie.startswith("panel_session=b.") and f"Path=/user/{hub['users']['B']}/{pack['name']}/" in set_cookie
    signed = visitor.request("", {"code": next(iter(pack["codes"].values()))}, headers={"Cookie": hub_cookies})
    assert signed.status == 200 and "hubsecret" not in signed.text and "hubsecret" not in json.dumps(signed.headers)
    assert "jupyterhub" not in json.dumps(signed.headers).lower()


def test_a_facilitator_cannot_open_anothers_workbench_or_pack_nor_read_their_files(hub):
    a, b = hub["users"]["A"], hub["users"]["B"]
    status, made = api(hub, "POST", f"users/{a}/tokens", {"note": "test"})
    assert status == 201, made
    token = made["token"]
    # B's workbench and B's pack's server, with A's hub token
    for path in (f"user/{b}/lab", f"user/{b}/api/contents"):
        request = urllib.request.Request(hub["url"] + path, headers={"Authorization": f"token {token}"})
        try:
            code = urllib.request.urlopen(request, timeout=30).status
        except urllib.error.HTTPError as e:
            code = e.code
        assert code in (403, 404), (path, code)
    assert api(hub, "DELETE", f"users/{b}/servers/{hub['packs']['B']['name']}", token=token)[0] in (403, 404)
    assert api(hub, "POST", f"users/{b}/server", token=token)[0] in (403, 404)
    # A's own workbench: JupyterLab, opened on A's workspace folder (where A's pack is).
    def own(path: str) -> tuple[int, str]:
        request = urllib.request.Request(hub["url"] + f"user/{a}/" + path, headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.read().decode()

    status, lab = own("lab")
    assert status == 200 and "JupyterLab" in lab
    listing = json.loads(own("api/contents")[1])["content"]
    assert f"{hub['packs']['A']['name']}.pack.db" in {item["name"] for item in listing}, listing
    # ...configured as `panel-tool lab` is: prepare.ipynb there, no news, and a notebook saved with
    # outputs (which could carry case data) written without them
    assert "prepare.ipynb" in {item["name"] for item in listing}, listing
    news = json.loads(own("lab/api/settings/@jupyterlab/apputils-extension:notification")[1])
    assert news["settings"]["fetchNews"] == "false", news
    cell = {"cell_type": "code", "source": "grounds", "metadata": {}, "execution_count": 3,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": "CASE-DATA-IN-AN-OUTPUT"}]}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    saving = urllib.request.Request(hub["url"] + f"user/{a}/api/contents/probe.ipynb", method="PUT",
                                    data=json.dumps({"type": "notebook", "content": notebook}).encode(),
                                    headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    assert urllib.request.urlopen(saving, timeout=60).status in (200, 201)
    saved = Path(pwd.getpwnam(a).pw_dir) / "workspace" / "probe.ipynb"
    assert "CASE-DATA-IN-AN-OUTPUT" not in saved.read_text() and json.loads(saved.read_text())["cells"][0]["outputs"] == []
    # A's own JupyterLab terminal, through the hub's proxy: B's pack and key cannot be read.
    secret = pwd.getpwnam(b).pw_dir + f"/workspace/{hub['packs']['B']['name']}.key"
    output = asyncio.run(terminal(hub["url"] + f"user/{a}/", token,
                                  f"id -un; cat {secret} {hub['packs']['B']['path']}; echo EXIT-$?; ls {pwd.getpwnam(b).pw_dir}"))
    assert a in output
    assert "Permission denied" in output and "EXIT-1" in output, output
    assert ".key" not in output.split("EXIT-1", 1)[1]
    # ...while A's own token stops and starts A's own pack (what the hub's home page does for them).
    pack = hub["packs"]["A"]["name"]
    assert api(hub, "DELETE", f"users/{a}/servers/{pack}", token=token)[0] in (202, 204)
    wait_for_server(hub, a, pack, ready=False)
    assert api(hub, "POST", f"users/{a}/servers/{pack}", token=token)[0] in (201, 202)
    wait_for_server(hub, a, pack)
    assert Visitor(hub["packs"]["A"]["url"]).get().status == 200


async def terminal(base: str, token: str, command: str) -> str:
    """Run `command` in a new JupyterLab terminal (the REST API and its websocket); what it printed."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {"Authorization": f"token {token}"}
    made = await AsyncHTTPClient().fetch(base + "api/terminals", method="POST", body="{}", headers=headers)
    name = json.loads(made.body)["name"]
    ws = await websocket_connect(HTTPRequest(base.replace("http", "ws", 1) + f"terminals/websocket/{name}", headers=headers))
    # The marker is typed split by quotes: the terminal echoes what is typed (twice when it is typed
    # before the prompt is drawn), and only the command's own output has it whole.
    await ws.write_message(json.dumps(["stdin", command + "; echo END-OF-\"\"TEST\r"]))
    seen = ""
    deadline = time.monotonic() + 30
    while "END-OF-TEST\r\n" not in seen and time.monotonic() < deadline:
        message = await asyncio.wait_for(ws.read_message(), 30)
        if message is None:
            break
        kind, *rest = json.loads(message)
        if kind == "stdout":
            seen += rest[0]
    ws.close()
    await AsyncHTTPClient().fetch(base + f"api/terminals/{name}", method="DELETE", headers=headers)
    return seen


def test_only_the_door_cookie_reaches_serves_handlers():
    from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine
    from tornado.web import Application, RequestHandler

    from panel_tool.serve import only_door_cookie

    seen = {}

    class Echo(RequestHandler):
        def get(self):
            seen.update(self.request.cookies)

    app = Application([(r"/", Echo)])
    only_door_cookie(app)
    request = HTTPServerRequest(start_line=RequestStartLine("GET", "/", "HTTP/1.1"), headers=HTTPHeaders(
        {"Host": "127.0.0.1", "Cookie": "jupyterhub-session-id=a; panel_session=s.x; jupyterhub-user-z=b"}))
    app.find_handler(request)
    assert set(request.cookies) == {"panel_session"}
    assert request.headers["Cookie"] == "panel_session=s.x"


def test_tls_at_the_hubs_proxy_and_a_stopped_packs_plain_page(tmp_path):
    """`panel-tool hub --certfile --keyfile`: the one address speaks https (a self-signed certificate
    made with openssl), and a pack's link with no server behind it is the plain page, not a login."""
    import http.client
    import ssl
    import subprocess

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                           "-keyout", str(key), "-out", str(cert)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    try:
        with running_hub(tmp_path, {}, tls=(cert, key)) as hub:
            assert hub["url"].startswith("https://")
            assert api(hub, "GET", "")[0] == 200
            page = Visitor(hub["url"] + "user/nobody/march/").get()
            assert page.status == 503 and "This panel is not open yet" in page.text and "login" not in page.url
            with pytest.raises((urllib.error.URLError, ConnectionError, http.client.HTTPException)):  # no plain http there
                urllib.request.urlopen(hub["url"].replace("https", "http", 1) + "hub/api/", timeout=10)
            assert ssl.get_server_certificate(("127.0.0.1", int(hub["url"].rsplit(":", 1)[1].strip("/"))))
    except NotRoot as refused:
        pytest.fail(f"tests/test_hub.py: {refused}.")


def test_panel_tool_hub_refuses_plainly_without_root_or_its_configuration(monkeypatch, capsys, tmp_path):
    from panel_tool.cli import main

    assert main(["hub", "--config", str(tmp_path / "missing.py"), "--state", str(tmp_path)]) == 2
    assert "the hub's configuration file is missing" in capsys.readouterr().err
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert main(["hub", "--state", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "panel-tool hub must start as root" in err and "Traceback" not in err


def modes_on_the_way_to(path) -> dict:
    return {folder: folder.stat().st_mode & 0o7777 for folder in path.parents}


def test_the_way_to_the_interpreter_is_closed_again_however_the_hub_test_ends(tmp_path, monkeypatch):
    """The hub test gives other users o+x on the folders to the interpreter (/root under pyenv); a hub
    that fails to start, a failing test and `timeout`'s SIGTERM all put the modes back."""
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from tests import hubs

    closed = tmp_path / "closed"
    closed.mkdir()
    inner = closed / "python"
    inner.write_text("")
    os.chmod(closed, 0o700)
    before = modes_on_the_way_to(inner)

    monkeypatch.setattr(hubs, "SHARED", (inner,))
    monkeypatch.setattr(hubs.subprocess, "Popen", lambda *a, **k: (_ for _ in ()).throw(OSError("the hub cannot start")))
    with pytest.raises(OSError, match="cannot start"):
        with running_hub(tmp_path, {}):
            pass
    assert modes_on_the_way_to(inner) == before
    monkeypatch.undo()

    with pytest.raises(RuntimeError):
        with hubs.the_way_opened_to(inner):
            assert closed.stat().st_mode & 0o001
            raise RuntimeError("a test failed")
    assert modes_on_the_way_to(inner) == before

    root = Path(hubs.__file__).resolve().parents[1]
    script = (f"import sys, time\nsys.path.insert(0, {str(root)!r})\nfrom pathlib import Path\n"
              f"from tests.hubs import the_way_opened_to\nwith the_way_opened_to(Path({str(inner)!r})):\n"
              "    print('open', flush=True)\n    time.sleep(120)\n")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "open\n"
    assert closed.stat().st_mode & 0o001
    child.send_signal(signal.SIGTERM)
    assert child.wait(60) == 128 + signal.SIGTERM
    assert modes_on_the_way_to(inner) == before


def test_the_clusters_values_yaml_has_the_image_the_workspace_volumes_and_the_culler():
    """deploy/values.yaml is not run here, so at least: it parses, its Python compiles, and it says what
    the issue asks (image, a volume per facilitator shared by their servers, the culler at the same
    idle time as panel-tool hub's)."""
    from pathlib import Path

    import yaml

    from panel_tool.hub.config import CULL_AFTER_S

    values = yaml.safe_load((Path(__file__).resolve().parents[1] / "deploy" / "values.yaml").read_text())
    assert values["singleuser"]["image"]["name"] and values["hub"]["image"]["name"]
    storage = values["singleuser"]["storage"]
    assert storage["type"] == "dynamic" and storage["homeMountPath"] == "/home/jovyan"
    assert storage["dynamic"]["pvcNameTemplate"] == "claim-{username}"  # a pack's pod sees its facilitator's workspace
    assert values["singleuser"]["notebookDir"].startswith(storage["homeMountPath"])
    cull = values["cull"]
    assert cull["enabled"] and cull["timeout"] == CULL_AFTER_S and cull["removeNamedServers"] is False
    assert values["hub"]["config"]["JupyterHub"]["allow_named_servers"] is True
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == "nativeauthenticator.NativeAuthenticator"
    compile(values["hub"]["extraConfig"]["panel-tool"], "deploy/values.yaml hub.extraConfig", "exec")


def test_the_idle_culler_stops_an_idle_pack_and_its_link_then_shows_the_plain_page(tmp_path, monkeypatch):
    """jupyterhub-idle-culler, started by the hub's configuration, stops a pack's server nobody uses
    (here after 20 s, PANEL_HUB_CULL_AFTER_S); members following its link then get the plain page."""
    from panel_tool.hub.config import CULL_VARIABLE

    build = tmp_path / "build"
    build.mkdir()
    built, _ = released_pack(build, members=["C01"], sample=1)
    monkeypatch.setenv(CULL_VARIABLE, "20")
    try:
        with running_hub(tmp_path, {"quiet": ("C", built)}) as hub:
            user = hub["users"]["C"]
            deadline = time.monotonic() + 120
            while (api(hub, "GET", f"users/{user}")[1]["servers"].get("quiet") or {}).get("ready"):
                assert time.monotonic() < deadline, "the idle pack was not culled:\n" + hub["log"].read_text()[-3000:]
                time.sleep(2)
            assert "idle-culler" in hub["log"].read_text() and "quiet" in hub["log"].read_text()
            page = Visitor(hub["packs"]["quiet"]["url"]).get()
            assert page.status == 503 and "This panel is not open yet" in page.text
    except NotRoot as refused:
        pytest.fail(f"tests/test_hub.py: {refused}.")


def test_the_readmes_two_commands_start_the_hub_as_written(monkeypatch, tmp_path):
    """README "Many panels: run the hub": `make setup hub-proxy` names real targets, and its
    `panel-tool hub` line, as written, reaches JupyterHub with the deploy configuration, the proxy
    and the admin (os.execve caught; the folders' modes not checked, as /root here is closed)."""
    import re
    import shlex
    from pathlib import Path

    from panel_tool.cli import main
    from panel_tool.hub import config, run

    root = Path(__file__).resolve().parents[1]
    section = (root / "README.md").read_text().split("## Many panels: run the hub", 1)[1].split("\n## ", 1)[0]
    make, hub_line = re.search(r"```sh\n(.*?)```", section, flags=re.S).group(1).strip().splitlines()
    targets = make.split()[1:]
    assert make.startswith("make ") and all(re.search(rf"^{t}:", (root / "Makefile").read_text(), re.M) for t in targets)
    words = shlex.split(hub_line.replace("YOUR-NAME", "opccadmin"))
    assert words[:2] == ["sudo", ".venv/bin/panel-tool"]
    ran = {}
    monkeypatch.setattr(run, "closed_to_others", lambda path: None)
    monkeypatch.setattr(run.os, "execve", lambda path, argv, env: ran.update(path=path, argv=argv, env=env))
    monkeypatch.chdir(tmp_path)
    assert main(words[2:]) in (0, None)
    assert ran["argv"][0].endswith("/jupyterhub") and ran["argv"][1:3] == ["-f", str(root / "deploy/jupyterhub/jupyterhub_config.py")]
    assert ran["env"][config.ADMINS_VARIABLE] == "opccadmin"
    assert ran["env"][config.PROXY_VARIABLE].endswith("configurable-http-proxy")
    assert ran["env"][config.STATE_VARIABLE] == str(tmp_path / "hub-state")
