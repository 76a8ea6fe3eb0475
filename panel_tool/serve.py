"""`panel-tool serve PACK`: the members' review app, served by Voilà with a hardened configuration.

Voilà runs inside this process, as a subclass of its application, so that every setting that
matters is fixed here and none can be changed by a visitor, a config file or a command-line flag:

- a pool of kernels started before anyone arrives (a page then answers in under 0.1 s instead of
  1-2 s, and 40 people arriving together do not wait 40 s: DESIGN.md section 6), and idle kernels
  culled, since a closed tab does not always shut its kernel down;
- sign in at the door (panel_tool/door): the server checks the code or passphrase on a plain page of
  its own before any kernel is touched, keeps the session, claims a pre-started kernel for it, and
  lets only that session reach it; caps the kernels, throttles guesses, ends sessions the pack no
  longer allows; without TLS the sign-in pages are answered by a process of their own in front of
  this one (door/front.py), so a room's widget traffic never keeps a phone waiting for them;
- XSRF checks off, or the shutdown beacon of a closing tab is refused and its kernel leaks
  (voila issue 1458); the one cookie is SameSite=Strict, which keeps other sites' forms out;
- the `panel_tool` template (no CDN, a `<main>` landmark, phone-friendly CSS, offline banner),
  which a visitor cannot swap for another with `?template=` or `?theme=`;
- no notebook source and no files served, no tracebacks sent, security headers on every response
  (a CSP with per-page script nonces, HSTS under TLS), only the names served accepted as Host;
- Voilà's connection files, the apps and the claims in a private folder, removed on exit and swept
  on the next start if a server died;
- exactly the port asked for (Voilà would quietly try others), with TLS when given a certificate.
"""

from __future__ import annotations

import errno
import functools
import io
import ipaddress
import os
import re
import shutil
import signal
import socket
import ssl
from pathlib import Path
from typing import Callable

import tornado.web
from tornado.netutil import bind_sockets, bind_unix_socket
from traitlets.config import Config

from panel_tool.door import folders, front
from panel_tool.door.claim import CLAIMS_VARIABLE
from panel_tool.door.sessions import COOKIE
from panel_tool.errors import InputError
from panel_tool.packs.packfile import fold_write_ahead_log_in
from panel_tool.packs.seal import SEAL_KEY_VARIABLE
from panel_tool.review.lifecycle import check_servable
from panel_tool.shipped import shipped_path

TEMPLATE = "panel_tool"
TEMPLATE_ROOT = shipped_path("apps", "jupyter")
NOTEBOOKS = shipped_path("notebooks")
REVIEW_NOTEBOOK = NOTEBOOKS / "review.ipynb"
# The apps served, each at its own short link; only these notebooks are copied into the folder
# Voilà serves, so no other notebook (the report's) can be run from the browser.
STAFF_APPS = {"facilitator": "facilitator.ipynb", "force": "liaison.ipynb"}
PACK_VARIABLE = "PANEL_TOOL_PACK"
MAX_POOL = 40
CULL_IDLE_AFTER_S = 900
CULL_EVERY_S = 60
# Voilà replaces each pooled kernel a second after it is taken, so 30 members arriving together
# start 30 kernels at once and the server is too busy to pass their widgets on (10-19 s to a usable
# page in benchmarks/review_load.py); one replacement at a time, this far apart, keeps it ~1.6 s.
REFILL_SPACING_S = 2.0
# ... and a taken kernel is replaced only this long after: the pool already holds one for every
# member, so a replacement is for a late or returning member, not for the room arriving now, whose
# kernels it would slow (starting a kernel costs two seconds of a core).
REFILL_AFTER_S = 15.0
# No request the apps make carries more than a form's few hundred bytes (widgets talk over the
# websocket): tornado's default of 100 MB let one stranger's POST hold hundreds of MB and the event
# loop for seconds. Connections that send nothing for a minute are closed.
MAX_BODY_BYTES = 64 * 1024
IDLE_CONNECTION_S = 60
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
ALL_INTERFACES = {"", "0.0.0.0", "::"}
APPS_SOCKET = "apps.sock"  # in the private folder: the apps' server, behind the door's process

HEADROOM = 3  # live kernels beyond members + staff, for reloads in flight
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                               "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
HSTS = "max-age=31536000"


def serve(pack: str | Path, *, key_file: str | Path | None = None, host: str = "127.0.0.1", port: int = 8866, pool: int | None = None,
          certfile: str | Path | None = None, keyfile: str | Path | None = None,
          notebook: str | Path | None = None, base_url: str = "/", trusted_proxies: tuple[str, ...] = (),
          public_names: tuple[str, ...] = (), headroom: int = HEADROOM,
          echo: Callable[[str], object] = print) -> None:
    """Serve the members' review app for `pack` until Ctrl-C (or SIGTERM); blocks.

    Everything a facilitator could get wrong is checked before anything starts: the pack (and its
    seal, with the force's key: `key_file`, else as pack lookup finds it), the certificate and the
    port. `notebook` is for tests; members always get notebooks/review.ipynb.
    Behind a reverse proxy: `base_url` is the path the proxy serves the pack under, `trusted_proxies`
    the proxy's addresses (only their X-Forwarded-For and X-Forwarded-Proto are believed), and
    `public_names` the host names the proxy passes on.
    """
    servable = check_servable(pack, key_file)
    notebook = Path(notebook) if notebook is not None else REVIEW_NOTEBOOK
    if not notebook.is_file():
        raise InputError("the review app's notebook is missing", file=str(notebook),
                         expected="a complete installation of panel_tool (its notebooks/review.ipynb)")
    ssl_context = tls_context(certfile, keyfile)
    if headroom < 0:
        raise InputError(f"--headroom {headroom} is below 0", expected="--headroom 0 or more (default 3)")
    if pool is not None and pool < 1:
        raise InputError(f"--pool {pool} would start no kernels", expected="--pool 1 or more")
    pool_size = pool or max(1, min(servable.members, MAX_POOL))
    base_url = normal_base_url(base_url)
    trusted = trusted_networks(trusted_proxies)
    sockets = bind_exactly(host, port)
    folders.sweep_dead()
    private = folders.private_folder()
    apps = private / "apps"
    try:
        shutil.copyfile(notebook, apps / "review.ipynb")
        for name in STAFF_APPS.values():
            shutil.copyfile(NOTEBOOKS / name, apps / name)
        # Kernels inherit the server's environment: the app reads the pack from it, and Voilà
        # (in this process, and on each request for the template's static files) finds the
        # panel_tool template through JUPYTER_PATH.
        os.environ[PACK_VARIABLE] = str(Path(pack).resolve())
        os.environ[CLAIMS_VARIABLE] = str(private / "claims")
        jupyter_path = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
        if str(TEMPLATE_ROOT) not in jupyter_path:
            os.environ["JUPYTER_PATH"] = os.pathsep.join([str(TEMPLATE_ROOT), *jupyter_path])
        from panel_tool.door import handlers as door
        door.KEEPER = door.DoorKeeper(pack, base_url=base_url, claims=private / "claims", tls=ssl_context is not None,
                                      trusted_proxies=trusted, headroom=headroom,
                                      title=servable.manifest.get("title") or "")
        names = served_names(host, public_names)
        # Without TLS the door's own process takes the port (door/front.py) and the apps' server
        # listens on a socket in the private folder, for that process only.
        behind_door = ssl_context is None
        listening = [bind_unix_socket(str(private / APPS_SOCKET), mode=0o600)] if behind_door else sockets
        app = hardened_voila()(sockets=listening, ssl_context=ssl_context, host_names=names, peer_lines=behind_door,
                               config=voila_config(apps, host, port, pool_size, base_url=base_url,
                                                   seal_key=servable.seal_key,
                                                   connections=private / "connections"))
        app.initialize(argv=[])
        door_process = front.DoorProcess(sockets, front.FrontSettings(
            pack=str(pack), base_url=base_url, claims=str(private / "claims"), title=door.KEEPER.title,
            trusted_proxies=list(trusted), host_names=names, apps_socket=str(private / APPS_SOCKET),
            browser_key=door.KEEPER.browsers.key.hex(), fds=[s.fileno() for s in sockets])) if behind_door else None
    except BaseException:
        for sock in sockets:
            sock.close()
        shutil.rmtree(private, ignore_errors=True)
        raise
    url = members_link(host, port, tls=ssl_context is not None, base_url=base_url)
    echo(f"Serving {servable.manifest.get('title') or Path(pack).name} to {servable.members} "
         f"member{'s' if servable.members != 1 else ''} ({pool_size} app{'s' if pool_size != 1 else ''} "
         f"warming up, about one a second).")
    status = servable.manifest.get("status")
    if status != "released":
        echo(f"This pack is {status}: members cannot sign in" + (" until the facilitator releases it." if status == "draft"
                                                               else "; the facilitator and the force can."))
    echo(f"Members' link: {url}")
    echo(qr_code(url))
    echo("Members sign in with the code they were given; codes never go in the link.")
    echo(f"Facilitator: {url}facilitator   The force's replies: {url}force   (each needs its passphrase)")
    if not is_loopback(host) and ssl_context is None:
        echo(f"Warning: --host {host or '0.0.0.0'} without TLS: anyone on this network could read the answers "
             "as they travel; use --certfile and --keyfile.")
    echo("Press Ctrl-C to stop.")
    try:
        app.start()
    finally:
        if door_process is not None:
            door_process.stop()
        for sock in sockets:
            sock.close()
        shutil.rmtree(private, ignore_errors=True)
    echo("Stopped: every member's app has been shut down.")
    # The last kernel to close the pack folds its write-ahead log in, unless it was killed: fold it here
    # too, so words a redaction took out while another program was reading leave the file now.
    if not fold_write_ahead_log_in(pack):
        echo("Another program (an app or a command) is still reading the pack, so words taken out while it was "
             "reading may still be in the pack file until it closes the pack: do not copy the file until then.")


def voila_config(apps: Path, host: str, port: int, pool_size: int, *, base_url: str = "/",
                 connections: Path | None = None, seal_key: bytes | None = None) -> Config:
    from panel_tool.door.handlers import DoorAuthorizer, DoorIdentityProvider

    c = Config()
    c.Voila.root_dir = str(apps.resolve())
    c.Voila.base_url = base_url
    if connections is not None:
        c.Voila.connection_dir_root = str(connections)
    c.Voila.identity_provider_class = DoorIdentityProvider
    c.Voila.authorizer_class = DoorAuthorizer
    c.Voila.ip = host
    c.Voila.port = port
    c.Voila.open_browser = False
    c.Voila.port_retries = 0
    # Who may reach what is the door's to say (panel_tool/door/handlers.py): jupyter_server's own
    # redirect to a /login page that is not served is turned off, and an unknown visitor is sent to
    # the members' sign-in page.
    c.Voila.tornado_settings = {"disable_check_xsrf": True, "headers": dict(SECURITY_HEADERS),
                                "allow_unauthenticated_access": True, "login_url": base_url}
    v = c.VoilaConfiguration
    v.template = TEMPLATE
    v.theme = "light"
    v.allow_template_override = "NO"
    v.allow_theme_override = "NO"
    v.show_tracebacks = False
    v.strip_sources = True
    v.preheat_kernel = True
    v.default_pool_size = pool_size
    c.VoilaKernelManager.fill_delay = REFILL_AFTER_S
    pools = {"default": {"pool_size": 0}, "review.ipynb": {"pool_size": pool_size},
             **{name: {"pool_size": 1} for name in STAFF_APPS.values()}}
    if seal_key is not None:
        # The seal key (not the force's key: no app ever turns pseudonyms back into officers,
        # packs/seal.py) goes to the facilitator's kernels only, which release with it; the members'
        # and the force's kernels never hold it.
        pools[STAFF_APPS["facilitator"]]["kernel_env_variables"] = {SEAL_KEY_VARIABLE: seal_key.hex()}
    c.VoilaKernelManager.kernel_pools_config = pools
    v.file_allowlist = []  # the page needs no file from the notebook's folder
    v.file_denylist = [".*"]
    v.http_header_envs = []
    c.VoilaExporter.language_code = "en"
    # Kernels talk to the server over Unix sockets in Voilà's private connection folder, not
    # localhost TCP ports that any local user could reach.
    c.KernelManager.transport = "ipc"
    c.VoilaKernelManager.kernel_manager_class = "panel_tool.door.kernels.BackgroundKernelManager"
    c.MappingKernelManager.cull_idle_timeout = CULL_IDLE_AFTER_S
    c.MappingKernelManager.cull_interval = CULL_EVERY_S
    c.MappingKernelManager.cull_connected = False
    # A kernel that dies is not restarted: a restarted kernel has lost the app, and the member's page
    # would show "model not found" (the door tells the page, and a reload takes a new kernel).
    c.KernelRestarter.restart_limit = 0
    return c


@functools.cache
def hardened_voila() -> type:
    """Voilà's application with its settings fixed by `voila_config`, listening on sockets bound
    beforehand. Built on first use: importing Voilà takes about 3 s, too long to make a facilitator
    wait to hear that a file name was mistyped."""
    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop
    from traitlets import default
    from voila.app import Voila

    from voila.request_info_handler import RequestInfoSocketHandler
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
    from voila.static_file_handler import TemplateStaticFileHandler
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
    from voila.tornado.treehandler import TornadoVoilaTreeHandler

    from panel_tool.door import handlers as door
    from panel_tool.door.kernels import stop_leftover_kernels, watch_activity_cheaply

    compile_templates_once()

    class NoDelayKernelWebsocket(door.PlainErrors, VoilaKernelWebsocketHandler):
        async def open(self, kernel_id):
            # jupyter_server leaves Nagle's algorithm on: every message after the first of a reply
            # waited for the browser's delayed ACK, ~40 ms on each saved answer.
            self.set_nodelay(True)
            # Known before it opens: a kernel that dies while the socket opens (the browser already
            # has its handshake) must find this page to tell it.
            door.KEEPER.connected(kernel_id, self)
            await super().open(kernel_id)
            if kernel_id not in self.kernel_manager:  # died (and was forgotten) while opening
                self.close(4002, door.APP_STOPPED)

        def on_close(self):
            door.KEEPER.disconnected(self.kernel_id, self)
            super().on_close()

    class PlainTemplateStatic(door.PlainErrors, TemplateStaticFileHandler):
        """Voilà's template files, with a plain 404 for any path not shaped TEMPLATE/static/FILE:
        Voilà's own handler answered such paths (a stranger's "..", an empty name) with a bare 500
        and a traceback in the facilitator's terminal."""

        SHAPE = re.compile(r"[A-Za-z0-9_.-]+/static/(?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+")

        def parse_url_path(self, path):
            if not self.SHAPE.fullmatch(path or "") or any(part in ("..", ".") for part in path.split("/")):
                raise tornado.web.HTTPError(404)
            return super().parse_url_path(path)

    class HardenedVoila(Voila):
        def __init__(self, *, sockets: list[socket.socket], ssl_context: ssl.SSLContext | None,
                     host_names: list[str] | None = None, peer_lines: bool = False, **kwargs):
            super().__init__(**kwargs)
            self._sockets = sockets
            self._peer_lines = peer_lines
            self._ssl_context = ssl_context
            self._host_names = host_names
            # Voilà warns on every kernel that the notebook is "not trusted" (it is ours, and strip_sources
            # is on); the facilitator's terminal should carry only what they can act on.
            self.log.addFilter(lambda record: "is not trusted" not in record.getMessage())
            hide_kernel_ids(self.log)

        @default("config_file_paths")
        def _no_config_files(self):
            return []  # no voila.py / voila.json from the working directory or ~/.jupyter

        def init_settings(self):
            settings = super().init_settings()
            # The first fill was queued when the kernel manager was made; refills from now on are spaced.
            self.kernel_manager._initialize = one_refill_at_a_time(self.kernel_manager._initialize, REFILL_SPACING_S)
            watch_activity_cheaply(self.kernel_manager)
            door.KEEPER.hook(self.kernel_manager)
            return settings

        def init_handlers(self):
            """The door's sign-in pages at each app's short link, then Voilà's handlers for a folder,
            less its listing and contents API, with its page handler behind the door, its shutdown
            handler replaced by one that asks who owns the kernel, and its request-details socket
            refused."""
            base = self.base_url
            handlers = door.door_handlers(base)
            for entry in super().init_handlers():
                pattern, handler = entry[0], entry[1]
                if pattern.startswith(base):  # Voilà puts the base URL into its patterns unescaped
                    pattern = door.route(base, pattern[len(base):])
                    entry = (pattern, handler, *entry[2:])
                if handler is TornadoVoilaTreeHandler or "/voila/api/contents" in pattern:
                    continue
                if handler is VoilaKernelWebsocketHandler:
                    handlers.append((pattern, NoDelayKernelWebsocket, *entry[2:]))
                elif handler is TornadoVoilaHandler:
                    handlers.append((pattern, door.door_voila_handler(TornadoVoilaHandler), *entry[2:]))
                elif handler is VoilaShutdownKernelHandler:
                    handlers.append((door.route(base, r"voila/api/shutdown/(?P<kernel_id>[^/]+)"),
                                     door.OwnedShutdownHandler))
                elif handler is TemplateStaticFileHandler:
                    handlers.append((pattern, PlainTemplateStatic, *entry[2:]))
                elif handler is RequestInfoSocketHandler:
                    handlers.append((pattern, door.RefusedHandler))
                else:
                    handlers.append(entry)
            return handlers

        def listen(self):
            """Serve on exactly the sockets bound by `bind_exactly`; stop cleanly on Ctrl-C or SIGTERM.

            Replaces Voilà's listen, which would try 50 other ports when this one is taken.
            """
            self.app.add_transform(security_headers_transform(self.app.settings.get("headers", {}), door.KEEPER))
            if self._host_names:
                only_hosts(self.app, self._host_names)
            only_door_cookie(self.app)
            hide_kernel_ids(self.log)
            door.KEEPER.watch()
            server_class = front.peer_line_server() if self._peer_lines else HTTPServer
            server = server_class(self.app, ssl_options=self._ssl_context, max_body_size=MAX_BODY_BYTES,
                                  idle_connection_timeout=IDLE_CONNECTION_S, body_timeout=IDLE_CONNECTION_S)
            server.add_sockets(self._sockets)
            self.ioloop = IOLoop.current()
            previous = signal.signal(signal.SIGINT, self._handle_signal_stop)
            try:
                self.ioloop.start()
            except KeyboardInterrupt:
                self.log.info("Stopping...")
            finally:
                # A second Ctrl-C must not cut the kernels' shutdown short: they run in sessions of
                # their own, so they would outlive this process.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                try:
                    server.stop()
                    self.stop_every_kernel()
                finally:
                    stop_leftover_kernels()
                    signal.signal(signal.SIGINT, previous)

        def stop_every_kernel(self):
            """Voilà's stop (remove the connection files, shut every kernel down), carrying on when a
            kernel dies and is dropped from the map while the others are being shut down: kernels are
            not restarted here, so jupyter_server forgets a dead one at once, and Voilà's shutdown then
            failed on it (404) and left the rest running."""
            from jupyter_core.utils import run_sync

            shutil.rmtree(self.connection_dir, ignore_errors=True)
            run_sync(self.stop_pooled_kernels_now)()
            for _ in range(3):
                try:
                    return run_sync(self.kernel_manager.shutdown_all)()
                except tornado.web.HTTPError:
                    continue

        async def stop_pooled_kernels_now(self):
            """Kill the kernels still waiting in the pools before the others are asked to stop. Such a
            kernel is in the middle of running the app, waiting for a member's request; asked to shut
            down, it closed its sockets and then failed to report the end of that run, printing a
            traceback in the facilitator's terminal at every Ctrl-C. It belongs to no one yet and holds
            nothing to save, so it is stopped at once (`now=True`); members' kernels are still asked,
            so an answer being written finishes first. The pools (Voilà's `_pools`) are emptied first,
            as Voilà's own shutdown does, so nothing refills them; a refill still waiting is cancelled,
            and a kernel caught starting is left to the shutdown of every kernel that follows."""
            manager = self.kernel_manager
            pools, manager._pools = getattr(manager, "_pools", {}), {}
            for task in [task for pool in pools.values() for task in pool]:
                if not task.done():
                    task.cancel()
                elif not task.cancelled() and task.exception() is None and task.result()["kernel_id"] in manager:
                    try:
                        await manager.shutdown_kernel(task.result()["kernel_id"], now=True)
                    except (KeyError, tornado.web.HTTPError):
                        pass  # it died meanwhile; stop_leftover_kernels sweeps what remains

    return HardenedVoila


def compile_templates_once() -> None:
    """Voilà renders each page with a new exporter, and so a new Jinja environment that compiles the
    page's templates again: a sixth of the server's time while a room arrived (py-spy,
    benchmarks/review_load.py --room). One in-memory bytecode cache shared by every environment
    compiles each template once per process; Jinja still checks each template's source against it."""
    from jinja2 import BytecodeCache
    from voila.exporter import VoilaExporter

    class CompiledOnce(BytecodeCache):
        def __init__(self):
            self.compiled: dict[str, bytes] = {}

        def load_bytecode(self, bucket) -> None:
            if bucket.key in self.compiled:
                bucket.bytecode_from_string(self.compiled[bucket.key])

        def dump_bytecode(self, bucket) -> None:
            self.compiled[bucket.key] = bucket.bytecode_to_string()

    cache, create = CompiledOnce(), VoilaExporter._create_environment

    def create_with_cache(exporter):
        environment = create(exporter)
        environment.bytecode_cache = cache
        return environment

    VoilaExporter._create_environment = create_with_cache


def one_refill_at_a_time(initialize, spacing: float):
    """Wrap the kernel manager's pool refill so kernels start one at a time, `spacing` seconds apart."""
    import asyncio

    lock: asyncio.Lock | None = None
    last = float("-inf")

    async def spaced(*args, **kwargs):
        nonlocal lock, last
        lock = lock or asyncio.Lock()
        async with lock:
            loop = asyncio.get_running_loop()
            wait = last + spacing - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            last = loop.time()
        return await initialize(*args, **kwargs)

    return spaced


def security_headers_transform(headers: dict, keeper=None) -> type:
    """A tornado output transform adding the security headers to responses that lack them, HSTS when
    the request came over TLS, and removing every cookie but the door's session cookie (Jupyter
    would set an `_xsrf` and a 30-day `username-...` cookie that nothing here uses).

    Voilà's page and API handlers add `headers` themselves; its static file handlers do not.
    """
    from tornado.web import OutputTransform

    class SecurityHeaders(OutputTransform):
        def __init__(self, request):
            super().__init__(request)
            self.request = request

        def transform_first_chunk(self, status_code, response_headers, chunk, finishing):
            for name, value in headers.items():
                if name not in response_headers:
                    response_headers[name] = value
            cookies = response_headers.get_list("Set-Cookie")
            if cookies:
                del response_headers["Set-Cookie"]
                for cookie in cookies:
                    if cookie.startswith(f"{COOKIE}="):
                        response_headers.add("Set-Cookie", cookie)
            if keeper is not None and keeper.secure(self):
                response_headers["Strict-Transport-Security"] = HSTS
            return status_code, response_headers, chunk

    return SecurityHeaders


def only_door_cookie(app) -> None:
    """Every request reaches the handlers with the door's session cookie only. Behind JupyterHub's
    proxy a browser also sends the hub's cookies (`jupyterhub-session-id` is set for every path); no
    page, kernel or log here may see them, or echo them back."""
    find_handler = app.find_handler

    def with_door_cookie_only(request, **kwargs):
        sent = request.headers.get_list("Cookie")
        if sent:
            kept = [part.strip() for header in sent for part in header.split(";")
                    if part.strip().startswith(f"{COOKIE}=")]
            del request.headers["Cookie"]
            if kept:
                request.headers["Cookie"] = "; ".join(kept)
            request.__dict__.pop("_cookies", None)
        return find_handler(request, **kwargs)

    app.find_handler = with_door_cookie_only


def only_hosts(app, names: list[str]) -> None:
    """Answer only requests whose Host is a name this server is reached by (DNS rebinding)."""
    import re

    from tornado.routing import HostMatches

    pattern = "^(?:" + "|".join(re.escape(n.lower()) for n in names) + ")$"
    for rule in app.default_router.rules:
        if isinstance(rule.matcher, HostMatches):
            rule.matcher = HostMatches(pattern)


def hide_kernel_ids(logger) -> None:
    """Kernel ids stay out of the facilitator's terminal, which members can see."""
    import logging

    from panel_tool.door.handlers import KernelIdsHidden

    hidden = KernelIdsHidden()
    for target in (logger, *logger.handlers, logging.lastResort, *logging.getLogger().handlers,
                   logging.getLogger("tornado.access"), logging.getLogger("tornado.application")):
        if target is not None and not any(isinstance(f, KernelIdsHidden) for f in target.filters):
            target.addFilter(hidden)


def served_names(host: str, public: tuple[str, ...] = ()) -> list[str]:
    """The Host names accepted: the address listened on, this machine's names when listening on
    every network, loopback names when reachable on loopback, and names a proxy passes on."""
    names = set(n.lower() for n in public)
    if host in ALL_INTERFACES:
        names |= {lan_address(), socket.gethostname(), socket.getfqdn(), "localhost", "127.0.0.1", "[::1]", "::1"}
    else:
        names.add(host.lower())
        if ":" in host:
            names.add(f"[{host.lower()}]")
        if is_loopback(host):
            names |= {"localhost", "127.0.0.1", "[::1]", "::1"}
    return sorted(n for n in names if n)


def normal_base_url(base_url: str | None) -> str:
    """`/prefix/` with one slash at each end, or `/`."""
    parts = [p for p in (base_url or "/").split("/") if p]
    if any(p in (".", "..") or not all(ch.isalnum() or ch in "-_." for ch in p) for p in parts):
        raise InputError(f"--base-url {base_url} is not a path a browser can use",
                         expected="letters, digits, - and _ between slashes, such as /panels/march/")
    return "/" + "".join(p + "/" for p in parts)


def trusted_networks(proxies) -> tuple[str, ...]:
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise InputError(f"--trusted-proxy {proxy} is not an address", expected="the proxy's IP address, "
                             "such as 127.0.0.1 or 10.0.0.0/24") from None
    return tuple(proxies)


def tls_context(certfile, keyfile) -> ssl.SSLContext | None:
    """An SSL context for the certificate and key, or None for plain HTTP; both or neither."""
    if not certfile and not keyfile:
        return None
    if not certfile or not keyfile:
        given, missing = ("--certfile", "--keyfile") if certfile else ("--keyfile", "--certfile")
        raise InputError(f"{given} was given without {missing}", expected="both --certfile and --keyfile, or neither")
    for option, path in (("--certfile", certfile), ("--keyfile", keyfile)):
        try:
            with open(path, "rb"):
                pass
        except OSError as exc:
            raise InputError(f"the {option} file cannot be read ({exc.strerror.lower()})", file=str(path),
                             expected="a PEM file this user can read") from None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(certfile, keyfile, password=lambda: b"")  # never prompt for a passphrase
    except ssl.SSLError as exc:
        raise InputError(f"the certificate and key cannot be used together ({exc.reason or exc})", file=str(certfile),
                         expected="a PEM certificate and its matching unencrypted PEM private key") from None
    return context


def bind_exactly(host: str, port: int) -> list[socket.socket]:
    """Bind the one port asked for (never another: the members' link must be what was printed)."""
    if not 0 < port < 65536:
        raise InputError(f"port {port} does not exist", expected="a port from 1024 to 65535, such as 8866")
    try:
        return bind_sockets(port, address=host or None)
    except socket.gaierror:
        raise InputError(f"--host {host} is not a name or address of this machine",
                         expected="127.0.0.1 (this machine only), 0.0.0.0 (every network) or one of this "
                                  "machine's addresses") from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise InputError(f"port {port} is already in use (another program, or another panel-tool serve, is using it)",
                             expected="another --port, or stop the program using it") from None
        if exc.errno == errno.EACCES:
            raise InputError(f"this user may not use port {port}", expected="a port from 1024 to 65535, such as 8866") from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise InputError(f"--host {host} is not an address of this machine",
                             expected="127.0.0.1 (this machine only), 0.0.0.0 (every network) or one of this "
                                      "machine's addresses") from None
        raise


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def members_link(host: str, port: int, *, tls: bool, base_url: str = "/") -> str:
    """The link members open: this machine's LAN address when serving every network."""
    shown = lan_address() if host in ALL_INTERFACES else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"{'https' if tls else 'http'}://{shown}:{port}{base_url}"


def lan_address() -> str:
    """This machine's address on its network, found without sending a packet (a UDP connect sends none)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere
            address = probe.getsockname()[0]
        except OSError:
            address = ""
    if address and not address.startswith("127.") and address != "0.0.0.0":
        return address
    return socket.gethostname()


def qr_code(url: str) -> str:
    """The link as a QR code drawn with block characters, for members to scan from the screen."""
    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue().rstrip("\n")
