"""The hub's proxy, with a stopped pack's address kept pointing at the hub.

configurable-http-proxy routes by the longest matching prefix. When a pack's server stops, the hub
removes its route `/user/<name>/<pack>/`, and the facilitator's workbench route `/user/<name>/`
would then catch the pack's link: members would meet JupyterLab's 404 (or, with the workbench
stopped, the hub's login). So a stopped pack's address is routed to the hub instead, which answers
with the plain "not open yet" page (stopped.py). The route is added without JupyterHub's marker, so
the hub's route check leaves it alone; starting the pack replaces it with the server's own route.
"""

from __future__ import annotations

from jupyterhub.proxy import ConfigurableHTTPProxy
from jupyterhub.utils import url_escape_path, url_path_join


class PanelProxy(ConfigurableHTTPProxy):
    async def point_at_hub(self, user, server_name: str) -> None:
        routespec = url_path_join(user.proxy_spec, url_escape_path(server_name), "/")
        await self.api_request(self._routespec_to_chp_path(routespec), method="POST",
                               body={"target": self.hub.host, "panel_tool": "stopped pack"})

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
