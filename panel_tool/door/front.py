"""The door's own process: sign-in pages answered apart from the apps' event loop.

The apps' server is one event loop that also passes every member's widget traffic between 30
kernels and their pages; while a room arrives it is busy most of the time, and a sign-in page
waited behind that work (benchmarks/README.md, "A room arriving": a p95 of about 0.25 s for a page
of a few hundred bytes). So `serve` hands the public port to this process and the apps' server
listens on a Unix socket in its private folder. Here, a new connection whose first request is a
sign-in page (or its stylesheet), from a browser with no session, is answered by the same handlers
and headers the apps' server uses (door/handlers.py, serve.py), one request per connection: the
browser's next request (its code) comes on a new connection. Every other connection is passed on
byte for byte, after a first line that gives the client's address (read by PeerLineServer), so
the apps' server sees what it saw before and answers everything else as it did.

With --certfile the apps' server keeps the port and speaks TLS itself: a first request cannot be
read here without ending TLS here, which would put every member's traffic through two processes.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from panel_tool.door.sessions import COOKIE, SESSION_PREFIX

PEER_LINE = b"PT-PEER %s %d\r\n"  # the client's address, first on each connection passed on
PEER_LINE_MAX = 64
HEAD_MAX = 8 * 1024  # a first request longer than this (or not all here at once) is passed on
CHUNK = 64 * 1024
RESTART_AFTER_S = 0.5  # a door process that dies is started again after this (not in a tight loop)
ACCEPT_PAUSE_S = 0.1   # when a connection cannot be taken (no descriptors left), try again after this
log = logging.getLogger("panel_tool.door")


@dataclass
class FrontSettings:
    """What the door's process needs from `serve`, sent on its standard input (the browser-cookie
    key is a secret: never on a command line, which other users of the machine can read)."""
    pack: str
    base_url: str
    claims: str
    title: str
    trusted_proxies: list[str]
    host_names: list[str] | None
    apps_socket: str       # where the apps' server listens
    browser_key: str       # hex: the door's pre-sign-in cookies are signed alike in both processes
    fds: list[int]         # the public listening sockets, inherited


class DoorProcess:
    """The door's process, run by `serve` on the public sockets (which `serve` keeps, so that a door
    process that dies is started again on them at once, and members are never left at a closed
    port). It stops when `serve`'s end of its standard input closes: when `serve` stops, or is killed."""

    def __init__(self, public: list[socket.socket], settings: FrontSettings):
        self.public, self.settings = public, settings
        self.restarts = 0
        self._stopping = threading.Event()
        self.process = self._start()
        threading.Thread(target=self._keep_running, name="door-process", daemon=True).start()

    def _start(self) -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, "-m", "panel_tool.door.front"], stdin=subprocess.PIPE,
                                   pass_fds=[s.fileno() for s in self.public], close_fds=True)
        process.stdin.write(json.dumps(asdict(self.settings)).encode() + b"\n")
        process.stdin.flush()
        return process

    def _keep_running(self) -> None:
        while True:
            # Exit code 0 is a process asked to stop (its standard input closed, or SIGINT/SIGTERM:
            # a terminal's Ctrl-C or a service manager reaches the whole process group, and `serve`
            # is stopping too); a crash or a kill is anything else, and is started again.
            if self.process.wait() == 0 or self._stopping.wait(RESTART_AFTER_S):
                return
            log.warning("The sign-in pages' process stopped; starting it again.")
            self.restarts += 1
            self.process = self._start()

    def stop(self) -> None:
        self._stopping.set()
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def door_paths(base_url: str) -> set[bytes]:
    """The paths answered here: each door's sign-in page (as door_handlers routes them) and the
    stylesheet the page loads."""
    from panel_tool.door import pages

    paths = {(base_url + pages.STYLESHEET).encode()}
    for door in pages.DOORS:
        link = (base_url + door.link).encode()
        paths |= {link, link + b"/"} if door.link else {link}
    return paths


def for_the_door(head: bytes, paths: set[bytes]) -> bool:
    """A complete first request that this process answers: GET of a door's page, without a
    session cookie (a signed-in browser may be sent straight on to its app, which only the apps'
    server knows)."""
    if b"\r\n\r\n" not in head:
        return False
    line, _, rest = head.partition(b"\r\n")
    parts = line.split(b" ")
    if len(parts) != 3 or parts[0] != b"GET" or parts[1].split(b"?", 1)[0] not in paths:
        return False
    for header in rest.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        name, _, value = header.partition(b":")
        if name.strip().lower() == b"cookie" and f"{COOKIE}={SESSION_PREFIX}".encode() in value:
            return False
    return True


class Front:
    def __init__(self, settings: FrontSettings):
        import tornado.web
        from tornado.httpserver import HTTPServer

        from panel_tool import serve
        from panel_tool.door import handlers as door
        from panel_tool.door import pages
        from panel_tool.door.sessions import Browsers

        self.settings = settings
        door.KEEPER = door.DoorKeeper(settings.pack, base_url=settings.base_url, claims=Path(settings.claims), tls=False,
                                      trusted_proxies=settings.trusted_proxies, title=settings.title)
        door.KEEPER.browsers = Browsers(bytes.fromhex(settings.browser_key))
        stylesheet = serve.TEMPLATE_ROOT / "voila" / "templates" / serve.TEMPLATE / "static"
        class NotHere(door.PlainErrors, tornado.web.RequestHandler):
            def prepare(self):
                raise tornado.web.HTTPError(404)  # a Host not served, as the apps' server answers it

        app = tornado.web.Application(default_handler_class=NotHere)
        # The same routes, host names, cookie rule and headers as the apps' server (serve.py).
        app.add_handlers(".*$", [*(h for h in door.door_handlers(settings.base_url) if h[1] is door.SignInHandler),
                                 (door.route(settings.base_url, pages.STYLESHEET.rsplit("/", 1)[0] + "/(panel\\.css)"),
                                  tornado.web.StaticFileHandler, {"path": str(stylesheet)})])
        app.add_transform(serve.security_headers_transform(serve.SECURITY_HEADERS, door.KEEPER))
        if settings.host_names:
            serve.only_hosts(app, settings.host_names)
        serve.only_door_cookie(app)
        self.http = HTTPServer(app, no_keep_alive=True, max_body_size=serve.MAX_BODY_BYTES,
                               idle_connection_timeout=serve.IDLE_CONNECTION_S, body_timeout=serve.IDLE_CONNECTION_S)
        self.idle_s = serve.IDLE_CONNECTION_S
        self.paths = door_paths(settings.base_url)
        self.listening = [socket.socket(fileno=fd) for fd in settings.fds]
        self.serving: set[asyncio.Task] = set()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        stop = loop.create_future()
        loop.add_reader(sys.stdin.fileno(), lambda: stop.done() or stop.set_result(None))  # serve has gone
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
        for listening in self.listening:
            listening.setblocking(False)
            loop.add_reader(listening.fileno(), self._accept, listening)
        await stop

    def _accept(self, listening: socket.socket) -> None:
        for _ in range(64):  # a burst is taken in turns with the connections already open
            try:
                connection, address = listening.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                # Out of file descriptors, say: the waiting connection stays queued and the socket
                # stays readable, so trying again at once would spin. Pause accepting a moment.
                loop = asyncio.get_running_loop()
                loop.remove_reader(listening.fileno())
                loop.call_later(ACCEPT_PAUSE_S, loop.add_reader, listening.fileno(), self._accept, listening)
                return
            connection.setblocking(False)
            task = asyncio.ensure_future(self._serve(connection, address))
            self.serving.add(task)  # the loop holds tasks weakly: one not held here could be dropped midway
            task.add_done_callback(self.serving.discard)

    async def _serve(self, connection: socket.socket, address) -> None:
        try:
            head = await self._first_head(connection)
        except (OSError, asyncio.TimeoutError):
            connection.close()
            return
        if head is None:
            connection.close()
        elif for_the_door(head, self.paths):
            from tornado.iostream import IOStream

            self.http.handle_stream(IOStream(connection), address)
        else:
            await self._pass_on(connection, address)

    async def _first_head(self, connection: socket.socket) -> bytes | None:
        """What the client has sent so far, left unread (a peek), once it has sent anything."""
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        loop.add_reader(connection.fileno(), lambda: readable.done() or readable.set_result(None))
        try:
            await asyncio.wait_for(readable, self.idle_s)
        finally:
            loop.remove_reader(connection.fileno())
        return connection.recv(HEAD_MAX, socket.MSG_PEEK) or None

    async def _pass_on(self, connection: socket.socket, address) -> None:
        try:
            app_reader, app_writer = await asyncio.open_unix_connection(self.settings.apps_socket)
        except OSError:
            connection.close()
            return
        reader, writer = await asyncio.open_connection(sock=connection)
        app_writer.write(PEER_LINE % (address[0].encode(), address[1]))
        # The client's end closing is passed on as a half-close (the apps' server may still answer),
        # but the apps' server closing ends the connection: it reads nothing more, and a client that
        # never closes its end (a stalled half-request the apps' server timed out) would otherwise
        # hold two descriptors here for ever.
        upstream = asyncio.ensure_future(_pipe(reader, app_writer))
        try:
            await _pipe(app_reader, writer)
        finally:
            upstream.cancel()
            await asyncio.gather(upstream, return_exceptions=True)
            writer.close()
            app_writer.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()  # the other side may still answer (a request sent, then half-closed)
    except (ConnectionError, OSError):
        writer.transport.abort()
        return
    except asyncio.CancelledError:
        writer.transport.abort()
        raise


def peer_line_server():
    """The apps' server's HTTP server when the door's process is in front: each connection starts
    with the client's address (PEER_LINE), which becomes the request's remote_ip, so throttling,
    trusted proxies and logs see the client, not the Unix socket."""
    from tornado.http1connection import HTTP1ServerConnection
    from tornado.httpserver import HTTPServer, _HTTPRequestContext
    from tornado.iostream import StreamClosedError, UnsatisfiableReadError

    class PeerLineServer(HTTPServer):
        async def handle_stream(self, stream, address) -> None:
            try:
                line = await stream.read_until(b"\r\n", max_bytes=PEER_LINE_MAX)
                tag, ip, port = line.decode("ascii").split()
                address = (ip, int(port))
                if tag != "PT-PEER":
                    raise ValueError(line)
            except (StreamClosedError, UnsatisfiableReadError, ValueError, UnicodeDecodeError):
                stream.close()
                return
            context = _HTTPRequestContext(stream, address, self.protocol, self.trusted_downstream)
            context.remote_ip = ip
            connection = HTTP1ServerConnection(stream, self.conn_params, context)
            self._connections.add(connection)
            connection.start_serving(self)

    return PeerLineServer


def _die_with_parent() -> None:
    """On Linux, the kernel stops this process when `serve` dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # elsewhere the closed standard input does it


def _as_many_descriptors_as_allowed() -> None:
    """Every open connection here holds one descriptor (two when passed on); a service manager's
    default soft limit (often 1024) would let one client's few hundred stalled connections use them
    up, so take the hard limit."""
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass


def main() -> None:
    _die_with_parent()
    _as_many_descriptors_as_allowed()
    settings = FrontSettings(**json.loads(sys.stdin.buffer.readline()))
    try:
        asyncio.run(Front(settings).run())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
