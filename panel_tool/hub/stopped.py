"""A stopped pack's link: a plain "this panel is not open yet" page, never the hub's login page.

While a pack's server runs, the proxy sends `/user/<facilitator>/<pack>/...` straight to it. When it
is stopped the route is gone and the proxy hands the request to the hub, which would redirect a
member (who has no hub account) to `/hub/user/...` and then to its login page. The hub's two handlers
for those paths are replaced by subclasses that answer a pack's path with a page of their own, at
the same address, so the member's reload works once the facilitator opens the pack.

Installed from the hub's configuration (`install()`), before the hub builds its handlers.
"""

from __future__ import annotations

from html import escape

from jupyterhub import handlers
from jupyterhub.handlers import base

from panel_tool.hub.spawner import WORKBENCH_PATHS

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>This panel is not open yet</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}}
h1{{font-size:1.5rem}}</style></head>
<body><main><h1>This panel is not open yet</h1>
<p>The review for <strong>{pack}</strong> is not open at the moment. Your facilitator opens it
before the panel starts; try this link again then.</p>
<p>Your answers so far are saved.</p></main></body></html>
"""


def pack_of(path: str, prefix: str) -> str | None:
    """The pack name when `path` (after `prefix`) is a pack's address `/user/<name>/<pack>/...`."""
    if not path.startswith(prefix):
        return None
    parts = path[len(prefix):].split("/")
    if len(parts) < 3 or parts[0] != "user" or not parts[1] or not parts[2]:
        return None
    return None if parts[2] in WORKBENCH_PATHS else parts[2]


def not_open(handler, pack: str) -> None:
    handler.set_status(503)
    handler.set_header("Retry-After", "60")
    handler.set_header("Cache-Control", "no-store")
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.finish(PAGE.format(pack=escape(pack)))


class StoppedPackRedirect(base.PrefixRedirectHandler):
    """`/user/<name>/<pack>/...` with no route: the plain page, where the hub would redirect."""

    def get(self, *args):
        pack = pack_of(self.request.path, self.base_url)
        if pack is not None:
            return not_open(self, pack)
        return super().get(*args)


class StoppedPackUserUrl(base.UserUrlHandler):
    """`/hub/user/<name>/<pack>/...`: the plain page for anyone not signed in to the hub as someone who
    may open that server (its facilitator gets the hub's own page, with a button to start it)."""

    async def get(self, user_name, user_path):
        pack = pack_of(self.request.path, self.hub.base_url)
        if pack is not None:
            user = self.current_user
            if user is None or not self.has_scope(f"access:servers!server={user_name}/{pack}"):
                return not_open(self, pack)
        return await super().get(user_name, user_path)


def install() -> None:
    """Put the two handlers in place of the hub's (call from jupyterhub_config.py)."""
    handlers.PrefixRedirectHandler = StoppedPackRedirect
    handlers.default_handlers[:] = [(pattern, StoppedPackUserUrl if handler is base.UserUrlHandler else handler, *rest)
                                    for pattern, handler, *rest in handlers.default_handlers]
