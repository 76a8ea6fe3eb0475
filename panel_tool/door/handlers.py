"""The door in front of Voilà: tornado handlers, and the hooks into Voilà's kernel manager.

- `/`, `/facilitator`, `/force`: the sign-in pages (GET) and the checks (POST), before any kernel;
- `/voila/render/<app>`: only a session signed in for that app's role gets a page, and with it a
  pre-started kernel that the server then claims for the session (claim.py); a member who already
  holds a kernel (a reload, a second device) gets the same page again on it, as they left it;
- every kernel endpoint asks the `DoorAuthorizer`, which allows only the session that owns the
  kernel; Voilà's own `/voila/api/shutdown/<id>` (no authorizer) is replaced, and its
  `/voila/query/<id>` (request details for any kernel id, unused here) refuses everyone;
- `/agreement`: the panel's confidentiality agreement, accepted once by each member before any app;
- `/signout` ends the session and its kernels;
- under a base URL, the members' link without its last slash is sent on to the one with it.

Imported by serve only (it imports tornado, jupyter_server and Voilà).
"""

from __future__ import annotations

import asyncio
import contextvars
import ipaddress
import logging
import math
import re
import secrets
from pathlib import Path

import tornado.web
from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.auth.identity import IdentityProvider, User
from tornado.ioloop import PeriodicCallback

from panel_tool.door import claim, pages
from panel_tool.door.sessions import COOKIE, STAFF_KERNELS, Browsers, Session, Sessions
from panel_tool.door.throttle import ADDRESS_KEY, Throttle, wait_words
from panel_tool.review.agreement import accept, agreement_text, has_accepted
from panel_tool.review.passphrases import PassphraseRefused, passphrase_matches
from panel_tool.review.session import SignInRefused, door_state, member_for_code

log = logging.getLogger("panel_tool.door")
# The session whose request is taking a kernel from the pool (see DoorKeeper.hook).
TAKING = contextvars.ContextVar("panel_tool_door_taking", default=None)
KERNEL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SCRIPT_TAG = re.compile(r"<script(?=[\s>])")
WATCH_EVERY_MS = 1000
WAIT_FOR_POOL_S = 90
STAFF_ROLES = 2  # the facilitator and the force's liaison
APP_STOPPED = "The app stopped. Reload the page to carry on."  # told to a page whose kernel died


class DoorKeeper:
    """What every handler of the door shares: the pack, the sessions, the throttle and the caps."""

    def __init__(self, pack: str | Path, *, base_url: str, claims: Path, tls: bool, trusted_proxies=(),
                 headroom: int = 3, title: str = ""):
        self.pack, self.base_url, self.claims, self.tls = str(pack), base_url, Path(claims), tls
        self.trusted = [ipaddress.ip_network(p, strict=False) for p in trusted_proxies]
        self.headroom, self.title = headroom, title
        self.sessions, self.throttle, self.browsers = Sessions(), Throttle(), Browsers()
        self.state = door_state(pack)
        self.kernel_manager = None
        self._stopping: set[str] = set()  # shut down, but their processes may not have exited yet
        self._taken_starting: set[asyncio.Task] = set()  # taken from a pool while still starting
        self.app_pages: dict[str, str] = {}  # a member's kernel id -> its page as Voilà rendered it (no nonce)
        self._sockets: dict[str, set] = {}  # kernel id -> its open websockets
        self._page_locks: dict[tuple, asyncio.Lock] = {}  # one page at a time per member or staff role
        self._watcher: PeriodicCallback | None = None

    # --- who is at the door -------------------------------------------------------------------
    def from_trusted_proxy(self, handler) -> bool:
        try:
            remote = ipaddress.ip_address(handler.request.remote_ip)
        except ValueError:
            return False
        return any(remote in net for net in self.trusted)

    def client_address(self, handler) -> str:
        """The client's address: the connection's, or the nearest untrusted hop in X-Forwarded-For
        when (and only when) the connection comes from a configured trusted proxy."""
        address = handler.request.remote_ip or "unknown"
        if not self.from_trusted_proxy(handler):
            return address
        hops = [h.strip() for h in handler.request.headers.get("X-Forwarded-For", "").split(",") if h.strip()]
        for hop in reversed(hops):
            try:
                ip = ipaddress.ip_address(hop)
            except ValueError:
                return address
            if not any(ip in net for net in self.trusted):
                return str(ip)
        return address

    def secure(self, handler) -> bool:
        if self.tls:
            return True
        return self.from_trusted_proxy(handler) and \
            handler.request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower() == "https"

    def session_of(self, handler) -> Session | None:
        return self.sessions.get(handler.get_cookie(COOKIE))

    def set_cookie(self, handler, value: str) -> None:
        handler.set_cookie(COOKIE, value, path=self.base_url, httponly=True, samesite="Strict",
                           secure=self.secure(handler))

    # --- kernels ------------------------------------------------------------------------------
    def hook(self, kernel_manager) -> None:
        """Put the door into Voilà's kernel manager: claim each pre-started kernel taken for a
        session, never start one outside the pools, keep the pools within the cap, forget a kernel
        that has gone, and cull without tracebacks."""
        km = self.kernel_manager = kernel_manager
        take, fill, shutdown, cull = (km.get_rendered_notebook, km.fill_if_needed, km.shutdown_kernel,
                                      km.cull_kernel_if_idle)

        async def take_for_session(notebook_name, *args, **kwargs):
            session = TAKING.get()
            if session is None:
                raise tornado.web.HTTPError(403)
            # Voilà pops the pool's first kernel and then waits for it to finish starting; until it
            # has, it is in no pool and not yet a kernel, so the cap counts it here.
            pool = km._pools.get(notebook_name) or []
            if pool:
                self._taken_starting.add(pool[0])
            render_task, rendered, kernel_id = await take(notebook_name, *args, **kwargs)
            self.sessions.claim(kernel_id, session)
            claim.write_claim(self.claims, kernel_id, {"role": session.role, "member_id": session.member_id})
            return render_task, rendered, kernel_id

        def fill_within_cap(delay=None, notebook_name=None, **kwargs):
            pools = km.kernel_pools_config
            wanted = pools.get(notebook_name, pools.get("default", {})).get("pool_size", 0)
            have = km.get_pool_size(notebook_name)
            allowed = min(wanted - have, self.cap() - self.live_kernels())
            if allowed <= 0:
                return None
            saved = pools.get(notebook_name)
            pools[notebook_name] = {**(saved or {}), "pool_size": have + allowed}
            try:
                return fill(delay=delay, notebook_name=notebook_name, **kwargs)
            finally:
                if saved is None:
                    pools.pop(notebook_name, None)
                else:
                    pools[notebook_name] = saved

        async def shutdown_and_forget(kernel_id, *args, **kwargs):
            self.forget(kernel_id)
            self._stopping.add(kernel_id)
            try:
                return await shutdown(kernel_id, *args, **kwargs)  # returns once the process has exited
            finally:
                self._stopping.discard(kernel_id)
                asyncio.get_running_loop().call_later(1, self.refill)

        async def cull_quietly(kernel_id):
            try:
                return await cull(kernel_id)
            except Exception as exc:  # a kernel that never connected has no activity to compare
                log.warning("Idle check of a kernel skipped (%s).", type(exc).__name__)

        def no_kernel_outside_the_pools(*args, **kwargs):
            raise tornado.web.HTTPError(503)

        died = km._handle_kernel_died

        def died_and_forgotten(kernel_id):
            """A kernel that died (killed for memory, or asked to stop by its own page) is not
            restarted (serve sets no restarts): jupyter_server drops it, and the door lets its page
            know and forgets it, so the member's reload takes a new kernel instead of a page whose
            widgets are gone. Its pages are told first: dropping it from jupyter_server's map may fail
            (it is then only logged), and a page must never wait on a kernel that is gone."""
            self.forget(kernel_id, reason=APP_STOPPED)
            died(kernel_id)

        km._handle_kernel_died = died_and_forgotten
        km.get_rendered_notebook, km.fill_if_needed = take_for_session, fill_within_cap
        km.shutdown_kernel, km.cull_kernel_if_idle, km.start_kernel = (shutdown_and_forget, cull_quietly,
                                                                       no_kernel_outside_the_pools)

    def forget(self, kernel_id: str, reason: str | None = None) -> None:
        """A kernel is going: no session holds it, no page is reopened on it, and with `reason` its
        open pages are told (their websocket closed, code 4002)."""
        self.sessions.forget_kernel(kernel_id)
        self.app_pages.pop(kernel_id, None)
        (self.claims / f"{kernel_id}.json").unlink(missing_ok=True)
        if reason:
            for socket in list(self._sockets.get(kernel_id, ())):
                socket.close(4002, reason)

    def page_lock(self, session: Session) -> asyncio.Lock:
        """Pages for one member (or staff role) are opened one at a time: parallel requests would
        each pass the one-kernel check before any had claimed its kernel, and take one each."""
        return self._page_locks.setdefault(session.holder, asyncio.Lock())

    def cap(self) -> int:
        """Live kernels allowed, pre-started ones included: one a member, as many as each staff role
        may hold, and a little headroom for the pools to refill."""
        return len(self.state["members"]) + STAFF_ROLES * STAFF_KERNELS + self.headroom

    def live_kernels(self) -> int:
        """Kernel processes that may be alive: running, starting in a pool, or shut down but not yet
        exited (a reload's old kernel is still exiting while its replacement starts). A kernel that
        has started but whose pool task has not finished is counted twice: the cap errs low."""
        km = self.kernel_manager
        self._taken_starting = {task for task in self._taken_starting if not task.done()}
        starting = sum(1 for pool in km._pools.values() for task in pool if not task.done())
        return len(set(km.list_kernel_ids()) | self._stopping) + starting + len(self._taken_starting)

    def refill(self) -> None:
        km = self.kernel_manager
        for notebook in list(km._pools):
            km.fill_if_needed(notebook_name=notebook)

    # --- a member's page, opened again on their kernel ------------------------------------------
    def page_to_reopen(self, session: Session) -> tuple[str, str] | None:
        """(kernel id, page) when this member already holds a live kernel whose page can be served
        again: a reload or a second device then costs no kernel, and the app is as they left it."""
        kernel_id = self.sessions.members_kernel(session)
        page = self.app_pages.get(kernel_id or "")
        if page is None or kernel_id not in self.kernel_manager.list_kernel_ids():
            return None
        return kernel_id, page

    def reopen(self, kernel_id: str, session: Session) -> None:
        """Hand the member's kernel to this page: the page it was open on (a reload's old page, or
        their other device) is disconnected, and another session's websocket is refused from now on."""
        self.sessions.take_over(kernel_id, session)
        for socket in list(self._sockets.get(kernel_id, ())):
            socket.close(4001, "This app was opened again, here or on another device.")

    def connected(self, kernel_id: str, socket) -> None:
        self._sockets.setdefault(kernel_id, set()).add(socket)

    def disconnected(self, kernel_id: str, socket) -> None:
        sockets = self._sockets.get(kernel_id)
        if sockets is not None:
            sockets.discard(socket)
            if not sockets:
                del self._sockets[kernel_id]

    async def shut_down(self, kernel_ids, reason: str | None = None) -> None:
        for kernel_id in kernel_ids:
            if reason:
                self.forget(kernel_id, reason)
            try:
                await self.kernel_manager.shutdown_kernel(kernel_id)
            except Exception:  # already gone
                self.sessions.forget_kernel(kernel_id)

    async def end(self, session: Session, reason: str | None = None) -> None:
        await self.shut_down(self.sessions.end(session.id), reason)

    async def ready_kernel(self, notebook: str) -> bool:
        """Wait until the app's pool has a kernel to take (started within the cap); False when the
        panel is full."""
        km, loop = self.kernel_manager, asyncio.get_running_loop()
        deadline = loop.time() + WAIT_FOR_POOL_S
        while True:
            if km.get_pool_size(notebook) == 0:
                km.fill_if_needed(delay=0, notebook_name=notebook)
                if km.get_pool_size(notebook) == 0:
                    return False
            if km.notebook_data.get(notebook):
                return True
            if loop.time() > deadline:
                return False
            await asyncio.sleep(0.05)

    # --- the pack, watched ------------------------------------------------------------------------
    def watch(self) -> None:
        self._watcher = PeriodicCallback(self._check_pack, WATCH_EVERY_MS)
        self._watcher.start()

    async def _check_pack(self) -> None:
        """End at once the sessions the pack no longer allows (members remove, members reset-code,
        pack close), and shut their kernels down."""
        try:
            self.state = await asyncio.get_running_loop().run_in_executor(None, door_state, self.pack)
        except Exception as exc:
            log.warning("The pack could not be read to check sessions (%s).", type(exc).__name__)
            return
        for session in self.sessions.ended_by(self.state):
            await self.end(session, "Your session on this panel has ended.")


KEEPER: DoorKeeper | None = None  # set by serve before Voilà builds its handlers


# --- jupyter_server's hooks: who is this, and may they touch this kernel -----------------------------

class DoorIdentityProvider(IdentityProvider):
    """A request's user is its door session; without one there is no user (and no cookie is set)."""

    @property
    def auth_enabled(self) -> bool:
        return True

    @property
    def login_available(self) -> bool:
        return False

    def get_user(self, handler):
        session = KEEPER.session_of(handler) if KEEPER else None
        if session is None:
            return None
        return User(username=f"{session.role}:{session.member_id or ''}", name=session.role)

    def get_handlers(self) -> list:
        return []  # no /login or /logout: the door is the only way in

    def validate_security(self, app, ssl_options=None) -> None:
        return None


class DoorAuthorizer(Authorizer):
    """Kernels are reachable only by the session that owns them."""

    def is_authorized(self, handler, user, action, resource) -> bool:
        if KEEPER is None or user is None:
            return False
        if resource != "kernels":
            return False
        kernel_id = getattr(handler, "kernel_id", None) or handler.path_kwargs.get("kernel_id")
        return KEEPER.sessions.owns(KEEPER.session_of(handler), kernel_id)


# --- the door's own pages ------------------------------------------------------------------------------

class PlainErrors:
    """Errors as one plain sentence: never a traceback, a path or a kernel id."""

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(pages.problem_page(KEEPER.base_url if KEEPER else "/", status_code))


class SignInHandler(PlainErrors, tornado.web.RequestHandler):
    def initialize(self, door: pages.Door):
        self.door = door

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")

    def show(self, message: str = "", error: bool = False, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(pages.sign_in_page(KEEPER.base_url, self.door, KEEPER.title, message, error))

    def genuine_browser(self) -> str | None:
        """This browser's pre-sign-in cookie, if the door gave it (a made-up or stale one is no one's)."""
        value = self.get_cookie(COOKIE)
        return value if KEEPER.browsers.genuine(value) else None

    def give_browser(self) -> None:
        """A cookie of its own for this browser, so that its guesses have their own count (signed,
        so it costs the server no memory until it is used)."""
        KEEPER.set_cookie(self, KEEPER.browsers.issue())

    def get(self):
        session = KEEPER.session_of(self)
        if session is not None and session.role == self.door.role:
            return self.redirect(KEEPER.base_url + "voila/render/" + self.door.notebook)
        if session is None and self.genuine_browser() is None:  # a first visit, or a session that has ended
            self.give_browser()
        self.show()

    async def post(self):
        field = "code" if self.door.role == "member" else "passphrase"
        typed = self.get_body_argument(field, "")[:200]
        address = KEEPER.client_address(self)
        browser = self.genuine_browser()
        if browser is None and KEEPER.session_of(self) is None:
            self.give_browser()  # the next guess from this browser has its own count
        browser = browser or ADDRESS_KEY + address
        what = "codes" if field == "code" else "passphrases"
        turn = KEEPER.throttle.reserve(browser, address)
        if turn.refused:
            self.set_header("Retry-After", str(math.ceil(turn.wait_s)))
            if turn.crowded:
                return self.show(f"Many people are trying {what} from this network just now: please wait "
                                 f"{wait_words(turn.wait_s)} and try again.", error=True, status=429)
            return self.show(f"Too many wrong {what}: please wait {wait_words(turn.wait_s)} before you try again.",
                             error=True, status=429)
        if turn.wait_s:
            await asyncio.sleep(turn.wait_s)
        loop = asyncio.get_running_loop()
        try:
            if self.door.role == "member":
                member_id, _ = await loop.run_in_executor(None, member_for_code, KEEPER.pack, typed)
                state = await loop.run_in_executor(None, door_state, KEEPER.pack)
                right, code_hash = True, state["members"].get(member_id)
            else:
                right = await loop.run_in_executor(None, passphrase_matches, KEEPER.pack, self.door.role, typed)
                member_id = code_hash = None
                if not right:
                    raise PassphraseRefused("That passphrase is not right.")
        except (SignInRefused, PassphraseRefused) as refused:
            wait = KEEPER.throttle.next_wait(browser)
            return self.show(refused.message + (f" Your next try will be checked after {wait_words(wait)}." if wait else ""),
                             error=True)
        KEEPER.throttle.right(browser, address)
        session = KEEPER.sessions.start(self.door.role, member_id, code_hash)
        if self.door.role == "member":
            session.agreed = await loop.run_in_executor(None, has_accepted, KEEPER.pack, member_id)
        KEEPER.set_cookie(self, session.id)  # a new id at sign-in: a cookie planted earlier is worth nothing
        self.redirect(KEEPER.base_url + (pages.AGREEMENT_LINK if not session.agreed else
                                         "voila/render/" + self.door.notebook), status=303)


class AgreementHandler(PlainErrors, tornado.web.RequestHandler):
    """The panel's confidentiality agreement, which a member accepts before their first case."""

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")

    def _member(self) -> Session | None:
        session = KEEPER.session_of(self)
        if session is None or session.role != "member":
            self.redirect(KEEPER.base_url)
            return None
        if session.agreed:
            self.redirect(KEEPER.base_url + "voila/render/" + pages.MEMBERS.notebook, status=303)
            return None
        return session

    async def get(self):
        if self._member() is None:
            return
        text = await asyncio.get_running_loop().run_in_executor(None, agreement_text, KEEPER.pack)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(pages.agreement_page(KEEPER.base_url, text, KEEPER.title))

    async def post(self):
        session = self._member()
        if session is None:
            return
        if self.get_body_argument("agree", "") != "yes":
            return self.redirect(KEEPER.base_url + pages.AGREEMENT_LINK, status=303)
        await asyncio.get_running_loop().run_in_executor(None, accept, KEEPER.pack, session.member_id)
        session.agreed = True
        self.redirect(KEEPER.base_url + "voila/render/" + pages.MEMBERS.notebook, status=303)


class SignOutHandler(PlainErrors, tornado.web.RequestHandler):
    async def post(self):
        session = KEEPER.session_of(self)
        door = next((d for d in pages.DOORS if session and d.role == session.role), pages.MEMBERS)
        if session is not None:
            await KEEPER.end(session)
        self.clear_cookie(COOKIE, path=KEEPER.base_url)
        self.set_header("Cache-Control", "no-store")
        self.set_header("Clear-Site-Data", '"cache", "storage"')
        self.finish(pages.sign_in_page(KEEPER.base_url, door, KEEPER.title,
                                       "You have signed out. Nothing of yours is left open on this device."))

    def get(self):
        self.redirect(KEEPER.base_url)


class OwnedShutdownHandler(PlainErrors, tornado.web.RequestHandler):
    """Replaces Voilà's /voila/api/shutdown/<id>: a closing tab may shut down its own kernel only.

    A member's kernel is kept: the page that closed may be a reload, whose new page is opened on the
    same kernel (and this request may arrive after it); the member's one kernel is within the cap,
    and it ends with sign out, a removal, a new code, the pack's closing or the idle culler."""

    async def post(self, kernel_id):
        session = KEEPER.session_of(self)
        if not KEEPER.sessions.owns(session, kernel_id):
            raise tornado.web.HTTPError(403)
        if session.role != "member":
            await KEEPER.shut_down([kernel_id])
        self.set_status(204)
        self.finish()


class RefusedHandler(PlainErrors, tornado.web.RequestHandler):
    """Replaces Voilà's /voila/query/<id>, which would tell anyone a kernel's request details."""

    def get(self, *args, **kwargs):
        raise tornado.web.HTTPError(403)

    post = get


def door_voila_handler(base):
    """Voilà's page handler, opened only to a session signed in for the app's role."""

    class DoorVoilaHandler(PlainErrors, base):
        async def get(self, path=None):
            door = next((d for d in pages.DOORS if d.notebook == path), None)
            if door is None:
                raise tornado.web.HTTPError(404)
            session = KEEPER.session_of(self)
            if session is None or session.role != door.role:
                return self.redirect(KEEPER.base_url + door.link)
            if not session.agreed:
                return self.redirect(KEEPER.base_url + pages.AGREEMENT_LINK)
            # The page is always the pre-rendered one: no ?template= or ?theme= may ask for another.
            self.request.arguments, self.request.query_arguments = {}, {}
            self._nonce = secrets.token_urlsafe(18)
            async with KEEPER.page_lock(session):
                await self._open_app(session, door, path)

        async def _open_app(self, session: Session, door: pages.Door, path: str) -> None:
            reopen = KEEPER.page_to_reopen(session)
            if reopen is not None:
                kernel_id, page = reopen
                KEEPER.reopen(kernel_id, session)
                self.set_header("Content-Security-Policy", page_policy(self._nonce))
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-cache, no-store, must-revalidate")
                return self.finish(with_nonce(page, self._nonce))
            await KEEPER.shut_down(KEEPER.sessions.to_replace(session))
            if not await KEEPER.ready_kernel(path):
                self.set_status(503)
                self.set_header("Retry-After", "60")
                return self.finish(pages.full_page(KEEPER.base_url, door))
            self.set_header("Content-Security-Policy", page_policy(self._nonce))
            self._page: list[str] = []
            token = TAKING.set(session)
            try:
                await super().get(path=path)
            finally:
                TAKING.reset(token)
            if session.role == "member" and session.kernels and self.get_status() == 200:
                KEEPER.app_pages[session.kernels[-1]] = "".join(self._page)

        async def get_generator(self, path=None):
            async for snippet in super().get_generator(path=path):
                self._page.append(snippet)
                yield with_nonce(snippet, self._nonce)

    return DoorVoilaHandler


def with_nonce(html: str, nonce: str) -> str:
    """Voilà's page runs inline scripts: each gets this response's nonce (the CSP allows no other)."""
    return SCRIPT_TAG.sub(f'<script nonce="{nonce}"', html)


def page_policy(nonce: str | None = None) -> str:
    """The Content-Security-Policy: nothing from another host; scripts only our own or this page's."""
    scripts = f"'self' 'nonce-{nonce}'" if nonce else "'none'"
    return ("default-src 'self'; " f"script-src {scripts}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'")


def route(base_url: str, pattern: str = "") -> str:
    """A handler's URL pattern under the base URL: the base URL as written, then `pattern`, a regular expression.
    Every route of the door's process and the apps' server is made here: a base URL may hold a "." (--base-url
    /panels/march.2025/), which put into a pattern as it is would match any character, so the pack would be
    served at /panels/marchX2025/ as well."""
    return re.escape(base_url) + pattern


def door_handlers(base_url: str) -> list:
    """Each app's short link is its sign-in page: the members' at the base URL itself."""
    handlers = [(route(base_url, re.escape(d.link) + "/?" if d.link else ""), SignInHandler, {"door": d})
                for d in pages.DOORS]
    handlers.append((route(base_url, "signout"), SignOutHandler))
    handlers.append((route(base_url, pages.AGREEMENT_LINK), AgreementHandler))
    if base_url != "/":
        # The members' link typed or pasted without its last slash (/user/ann/march under the hub) reaches
        # this server too, and would be a 404: send it on to the door, its query (a code) kept.
        handlers.append((route(base_url.rstrip("/")), tornado.web.RedirectHandler, {"url": base_url}))
    return handlers


class KernelIdsHidden(logging.Filter):
    """Keep kernel ids out of the terminal the members' QR code is shown on."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if KERNEL_ID.search(message):
            record.msg, record.args = KERNEL_ID.sub("[a kernel]", message), None
        return True
