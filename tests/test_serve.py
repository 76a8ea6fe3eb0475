"""`panel-tool serve`: a real server on a free port, real HTTP, real kernels.

The serving itself is tested on a tiny notebook (the review app has its own tests); one test serves
the real notebooks/review.ipynb.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from panel_tool import serve as serve_module
from tests.conftest import ROOT, run_cli
from tests.servers import Visitor, fetch, free_port, pack_key, released_pack, running_server

SOURCE_MARKER = "panel_tool_serve_test_source_marker"
NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "c1", "metadata": {}, "outputs": [],
               "source": [f"{SOURCE_MARKER} = 'never shown'\n", "import ipywidgets\n",
                          "ipywidgets.Text(description='Your code')"]}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                 "title": "Panel review"},
    "nbformat": 4, "nbformat_minor": 5,
}
URL = re.compile(r"""https?://[^\s"'<>()\\]+""")
QR_BLOCKS = set("█▀▄")


def tiny_notebook(directory: Path) -> Path:
    path = directory / "tiny.ipynb"
    path.write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A released pack with two members, and the tiny notebook, for every server in this file."""
    directory = tmp_path_factory.mktemp("served")
    pack, codes = released_pack(directory, members=["Amira", "Ben"])
    return pack, codes, tiny_notebook(directory)


@pytest.fixture(scope="module")
def shared(served):
    """One server for the tests that only read from it."""
    pack, codes, notebook = served
    with running_server(pack, "--pool", "2", notebook=notebook) as server:
        server.codes = codes
        server.door = fetch(server.url)
        server.visitor = Visitor(server.url)
        server.page = server.visitor.sign_in(codes["Amira"])
        yield server


# --- the page --------------------------------------------------------------------------------

def test_the_page_has_a_main_landmark_english_a_title_and_a_viewport(shared):
    page = shared.page
    assert page.status == 200
    assert "<main" in page.text and '<html lang="en">' in page.text
    assert "<title>Panel review</title>" in page.text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1' in page.text
    assert 'id="panel-offline"' in page.text and 'role="alert"' in page.text
    assert "You are offline. Answers already shown as saved are safe." in page.text


def test_the_page_loads_nothing_from_another_host(shared):
    own = urlsplit(shared.url).netloc
    others = [u for u in URL.findall(shared.page.text) if urlsplit(u).netloc != own]
    assert others == []
    assert "cdn" not in shared.page.text.lower()


def test_every_stylesheet_and_script_of_the_page_loads_and_panel_css_is_one(shared):
    assets = re.findall(r'<(?:link rel="stylesheet"[^>]*href|script src)="([^"]+)"', shared.page.text)
    assert any("/voila/templates/panel_tool/static/panel.css" in a for a in assets)
    for asset in assets:
        got = fetch(urljoin(shared.url, asset))
        assert got.status == 200, asset
    css = fetch(urljoin(shared.url, "/voila/templates/panel_tool/static/panel.css"))
    assert css.headers["Content-Type"].startswith("text/css") and "panel_tool base" in css.text


@pytest.mark.parametrize("query", ["?template=classic", "?template=reveal", "?theme=dark"])
def test_visitors_cannot_switch_template_or_theme(shared, query):
    page = shared.visitor.get("voila/render/review.ipynb" + query)
    assert page.status == 200
    assert 'id="panel-main"' in page.text and "panel_tool/static/panel.css" in page.text
    assert 'data-jp-theme-name="JupyterLab Light"' in page.text and "theme-dark" not in page.text


def test_the_notebook_source_is_never_served(shared):
    assert SOURCE_MARKER not in shared.page.text
    for path in ["voila/files/tiny.ipynb", "tiny.ipynb", "voila/render/tiny.ipynb", "voila/api/contents",
                 "voila/api/contents/tiny.ipynb", "api/contents", "api/contents/tiny.ipynb",
                 "voila/render/tiny.ipynb/../tiny.ipynb", "voila/files/../tiny.ipynb", "voila/tree",
                 "voila/static/../../tiny.ipynb"]:
        got = fetch(shared.url + path)
        assert got.status != 200, (path, got.status)
        assert SOURCE_MARKER not in got.text and '"nbformat"' not in got.text, path


def test_security_headers_on_the_page_and_static_files(shared):
    for got in (shared.page, shared.door, fetch(urljoin(shared.url, "/voila/templates/panel_tool/static/panel.css"))):
        assert got.headers["X-Content-Type-Options"] == "nosniff"
        assert got.headers["Referrer-Policy"] == "no-referrer"
        assert got.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in got.headers["Content-Security-Policy"]
        assert "default-src 'self'" in got.headers["Content-Security-Policy"]
        assert "Strict-Transport-Security" not in got.headers  # plain HTTP: HSTS only under TLS


# --- the door --------------------------------------------------------------------------------

def test_the_door_is_a_plain_page_without_script_or_kernel(shared):
    door = shared.door
    assert door.status == 200 and "<main" in door.text and '<html lang="en">' in door.text
    assert '<label for="pt-code">Your code</label>' in door.text and '<form method="post" action="/"' in door.text
    assert "<script" not in door.text and "script-src 'none'" in door.headers["Content-Security-Policy"]
    assert "/voila/templates/panel_tool/static/panel.css" in door.text
    unsigned = fetch(shared.url + "voila/render/review.ipynb")
    assert unsigned.url == shared.url and "Your code" in unsigned.text  # sent to the door, no page, no kernel


def test_only_the_session_cookie_is_set_and_it_is_httponly_and_strict(shared):
    visitor = Visitor(shared.url)
    first = visitor.get("")
    page = visitor.sign_in(shared.codes["Ben"])
    assert page.status == 200
    names = {c.name for c in visitor.jar}
    assert names == {"panel_session"}
    cookie = first.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie and "Secure" not in cookie
    assert "expires" not in cookie.lower() and "max-age" not in cookie.lower()


def test_a_host_name_not_served_is_refused(shared):
    visitor = Visitor(shared.url)
    for host in ("evil.example", "attacker.test:80"):
        got = visitor.get("", headers={"Host": host})
        assert got.status == 404 and "Your code" not in got.text
    assert visitor.get("", headers={"Host": "localhost"}).status == 200


def test_behind_a_proxy_under_a_base_url(served):
    pack, codes, notebook = served
    with running_server(pack, "--pool", "1", "--base-url", "/panels/march/", "--trusted-proxy", "127.0.0.1",
                        notebook=notebook, path="/panels/march/") as server:
        assert server.url.endswith("/panels/march/") and f"Members' link: {server.url}" in server.output()
        visitor = Visitor(server.url)
        door = visitor.get("", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})
        assert '<form method="post" action="/panels/march/"' in door.text
        assert "/panels/march/voila/templates/panel_tool/static/panel.css" in door.text
        assert door.headers["Strict-Transport-Security"].startswith("max-age=")
        cookie = door.headers["Set-Cookie"]
        assert "Path=/panels/march/" in cookie and "Secure" in cookie
        page = Visitor(server.url).sign_in(codes["Amira"])
        assert page.status == 200 and page.url.endswith("/panels/march/voila/render/review.ipynb")
        assert 'data-base-url="/panels/march/voila/"' in page.text
        assert fetch(server.url.replace("/panels/march/", "/")).status == 404


# --- what the facilitator sees ---------------------------------------------------------------

def test_the_facilitator_gets_the_link_a_qr_code_and_no_access_code(shared):
    out = shared.output()
    assert f"Members' link: {shared.url}" in out
    qr_lines = [line for line in out.splitlines() if line and set(line) <= QR_BLOCKS | {" "}]
    assert len(qr_lines) >= 10 and len({len(line) for line in qr_lines}) == 1
    assert "Members sign in with the code they were given; codes never go in the link." in out
    assert "Warning" not in out
    for code in shared.codes.values():
        assert code not in out and code.replace("-", "") not in out
        assert code not in shared.log()


def test_serving_every_network_warns_without_tls_and_links_to_this_machine(served):
    pack, _, notebook = served
    with running_server(pack, "--host", "0.0.0.0", "--pool", "1", notebook=notebook) as server:
        out = server.output()
        assert "anyone on this network could read the answers" in out and "use --certfile and --keyfile" in out
        link = re.search(r"Members' link: (\S+)", out).group(1)
        assert link.startswith("http://") and "0.0.0.0" not in link and link.endswith(f":{urlsplit(server.url).port}/")
        assert "<main" in fetch(server.url).text


def test_tls_serves_https_and_ctrl_c_stops_every_kernel(tmp_path, served):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    pack, _, notebook = served
    with running_server(pack, "--pool", "1", "--certfile", cert, "--keyfile", key, notebook=notebook) as server:
        assert server.url.startswith("https://")
        page = fetch(server.url)
        assert page.status == 200 and "<main" in page.text
        assert page.headers["Strict-Transport-Security"].startswith("max-age=") and "Secure" in page.headers["Set-Cookie"]
        out = server.output()
        assert f"Members' link: {server.url}" in out and "Warning" not in out
        assert server.kernel_processes()
        assert server.stop(signal.SIGINT) == 0  # fails if a kernel outlives the server
        assert "Stopped" in server.output()



def test_ctrl_c_in_a_terminal_stops_quietly(served):
    """A terminal's Ctrl-C reaches `serve` and its sign-in pages' process together. Kernels waiting
    in the pools are in the middle of running the app up to where it waits for a member; asked to
    shut down, each printed a traceback in the facilitator's terminal. And the sign-in pages'
    process, stopping at the same Ctrl-C, was taken for a crash and started again."""
    pack, codes, _ = served
    with running_server(pack, "--pool", "2") as server:
        deadline = time.monotonic() + 60
        while server.log().count("is filled with") < 3 and time.monotonic() < deadline:
            time.sleep(0.2)  # the members', the facilitator's and the force's pools wait in the app
        assert Visitor(server.url).sign_in(codes["Amira"]).status == 200
        before = len(server.log())
        assert server.stop(signal.SIGINT) == 0  # to the process group, as a terminal sends it
        time.sleep(1)  # a kernel's last words arrive after the server has gone
        after = server.log()[before:] + server.output()
        assert "Kernel shutdown" in after and "Stopped" in server.output()
        assert "Traceback" not in after and "Error" not in after and "starting it again" not in after, after

def test_stopping_while_kernels_are_still_starting_leaves_none_running(served):
    """SIGTERM as the pools fill: a kernel still starting is in no kernel map yet, and used to
    outlive the server under load."""
    pack, _, notebook = served
    for _ in range(2):
        with running_server(pack, "--pool", "4", notebook=notebook) as server:
            assert server.stop(signal.SIGTERM) == 0  # fails if a kernel outlives the server


def test_the_real_review_notebook_is_served_by_default(served):
    # The shipped copy is the repository's notebooks/ (through the panel_tool/notebooks link), not a second one.
    assert serve_module.REVIEW_NOTEBOOK.resolve() == ROOT / "notebooks" / "review.ipynb"
    source = "".join(json.loads(serve_module.REVIEW_NOTEBOOK.read_text())["cells"][0]["source"])
    pack, _, _ = served
    with running_server(pack, "--pool", "1") as server:
        page = fetch(server.url)
        assert page.status == 200 and "<main" in page.text
        assert "import review_app" not in page.text and source not in page.text


# --- bad input: one plain sentence, exit 2, nothing started ----------------------------------

@pytest.fixture(scope="module")
def draft(tmp_path_factory):
    """A built pack with members and its cases approved, not yet released: each test copies it."""
    pack, _ = released_pack(tmp_path_factory.mktemp("draft"), members=["Amira"], release=False, approve=True)
    return pack


def copy_of(pack: Path, directory: Path) -> Path:
    """The pack in another folder, with the force's key beside it."""
    target = directory / pack.name
    shutil.copy(pack, target)
    shutil.copy(pack_key(pack), pack_key(target))
    return target


def release(pack: Path) -> None:
    assert run_cli("pack", "release", pack, "--key-file", pack_key(pack)).code == 0


def refused(pack: Path, *args) -> str:
    run = run_cli("serve", pack, "--key-file", pack_key(pack), *args)
    assert run.code == 2, (run.code, run.out, run.err)
    assert run.out == "" and "Traceback" not in run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("panel-tool: "), run.err
    return lines[0]


def test_a_port_in_use_is_refused_and_no_other_port_is_tried(tmp_path, draft):
    pack = copy_of(draft, tmp_path)
    release(pack)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        message = refused(pack, "--port", port)
    assert f"port {port} is already in use (another program, or another panel-tool serve, is using it)" in message
    assert "Expected: another --port, or stop the program using it." in message


def test_a_pack_that_is_missing_purged_edited_without_members_or_a_draft_without_a_facilitator_is_refused(tmp_path, draft):
    port = str(free_port())
    assert "there is no pack here" in refused(tmp_path / "nope.pack.db", "--port", port)

    pack = copy_of(draft, tmp_path)
    assert "no facilitator passphrase is set" in refused(pack, "--port", port)

    release(pack)
    conn = sqlite3.connect(pack)
    conn.execute("UPDATE cases SET area = 'x'")
    conn.commit()
    conn.close()
    assert "changed after it was released" in refused(pack, "--port", port)

    (tmp_path / "purged").mkdir()
    purged = copy_of(draft, tmp_path / "purged")
    release(purged)
    for step in (("pack", "close"), ("pack", "purge")):
        assert run_cli(*step, purged).code == 0
    assert "has been purged" in refused(purged, "--port", port)

    nobody, _ = released_pack(tmp_path, members=[])
    assert "has no members" in refused(nobody, "--port", port)


def test_bad_certificate_options_are_refused(tmp_path, draft):
    pack = copy_of(draft, tmp_path)
    release(pack)
    port = str(free_port())
    assert "--certfile was given without --keyfile" in refused(pack, "--port", port, "--certfile", tmp_path / "c.pem")
    assert "--keyfile was given without --certfile" in refused(pack, "--port", port, "--keyfile", tmp_path / "k.pem")
    message = refused(pack, "--port", port, "--certfile", tmp_path / "missing.pem", "--keyfile", tmp_path / "k.pem")
    assert "missing.pem" in message and "cannot be read" in message
    (tmp_path / "junk.pem").write_text("not a certificate")
    message = refused(pack, "--port", port, "--certfile", tmp_path / "junk.pem", "--keyfile", tmp_path / "junk.pem")
    assert "cannot be used together" in message


# --- small pieces ----------------------------------------------------------------------------

def test_loopback_and_links():
    assert all(serve_module.is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "127.0.1.1"))
    assert not any(serve_module.is_loopback(h) for h in ("0.0.0.0", "", "192.168.1.20", "panel.local"))
    assert serve_module.members_link("::1", 9000, tls=True) == "https://[::1]:9000/"
    assert serve_module.members_link("0.0.0.0", 9000, tls=False) != "http://0.0.0.0:9000/"
