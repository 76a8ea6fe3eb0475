"""The hub's proxy, with a stopped pack's address kept pointing at the hub.

configurable-http-proxy routes by the longest matching prefix. When a pack's server stops, the hub
removes its route `/user/<name>/<pack>/`, and the facilitator's workbench route `/user/<name>/`
would then catch the pack's link: members would meet JupyterLab's 404 (or, with the workbench
stopped, the hub's login). So a stopped pack's address is routed to the hub instead, which answers
with the plain "not open yet" page (stopped.py). The route is added without JupyterHub's marker, so
the hub's route check leaves it alone; starting the pack replaces it with the server's own route.

A pack that has not been started since the hub began has no route either, and while its
facilitator's workbench runs, members following its link would meet Jupyter Server's 404. So every
pack in a running workbench's workspace folder with no server running gets the same route to the
hub: when the workbench starts, and every PACKS_EVERY_S after (a pack just built in the workbench).
"""

from __future__ import annotations

import json

from jupyterhub.proxy import ConfigurableHTTPProxy
from jupyterhub.utils import url_escape_path, url_path_join
from tornado.ioloop import PeriodicCallback

PACKS_EVERY_S = 10


class PanelProxy(ConfigurableHTTPProxy):
    packs_watch = None

    def pack_path(self, user, server_name: str) -> str:
        return self._routespec_to_chp_path(url_path_join(user.proxy_spec, url_escape_path(server_name), "/"))

    async def point_at_hub(self, user, server_name: str) -> None:
        await self.api_request(self.pack_path(user, server_name), method="POST",
                               body={"target": self.hub.host, "panel_tool": "stopped pack"})

    async def point_unstarted_packs_at_hub(self, user, routed: set[str] | None = None) -> None:
        """Each pack in the facilitator's workspace with no route: to the hub (see the module's note)."""
        if "" not in user.spawners or not user.spawners[""].ready or not hasattr(user.spawners[""], "packs_in_workspace"):
            return
        if routed is None:
            routed = await self.routed_paths()
        for name in user.spawners[""].packs_in_workspace():
            server = user.spawners[name] if name in user.spawners else None
            if server is not None and (server.ready or server.pending):
                continue  # its own route is there or on its way
            if self.pack_path(user, name).rstrip("/") not in routed:
                await self.point_at_hub(user, name)

    async def routed_paths(self) -> set[str]:
        """Every path the proxy routes, the hub's own routes and ours (get_all_routes omits ours)."""
        return {path.rstrip("/") for path in json.loads((await self.api_request("")).body)}

    async def point_every_unstarted_pack_at_hub(self, user_dict) -> None:
        try:
            routed = await self.routed_paths()
            for user in list(user_dict.values()):
                await self.point_unstarted_packs_at_hub(user, routed)
        except Exception:  # noqa: BLE001  (the next round tries again; the hub must keep running)
            self.log.exception("Routing unstarted packs to the hub failed")

    async def add_user(self, user, server_name="", client=None):
        await super().add_user(user, server_name, client)
        if not server_name:  # the workbench's route /user/<name>/ would catch its packs' links
            await self.point_unstarted_packs_at_hub(user)

    async def check_routes(self, user_dict, service_dict, routes=None):
        """The hub's own check (at start and every few minutes), and from the first one on, ours."""
        await super().check_routes(user_dict, service_dict, routes)
        if self.packs_watch is None:
            self.packs_watch = PeriodicCallback(lambda: self.point_every_unstarted_pack_at_hub(user_dict),
                                                PACKS_EVERY_S * 1000)
            self.packs_watch.start()

    async def delete_user(self, user, server_name=""):
        await super().delete_user(user, server_name)
        if server_name:
            await self.point_at_hub(user, server_name)

    async def add_all_users(self, user_dict):
        """A new proxy (the hub restarted): running servers' routes, and the hub for stopped packs."""
        await super().add_all_users(user_dict)
        for user in user_dict.values():
            for name in user.orm_user.orm_spawners:
                if name and not user.spawners[name].ready:
                    await self.point_at_hub(user, name)
