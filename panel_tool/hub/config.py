"""The hub's configuration, as one function that deploy/jupyterhub/jupyterhub_config.py calls.

`panel-tool hub` passes its choices in environment variables (PANEL_HUB_*), so the same file works
when JupyterHub is started some other way (a service manager, a container): unset, each has a default.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

STATE_VARIABLE = "PANEL_HUB_STATE"          # the hub's own files: its database, cookie secret, proxy token
ADMINS_VARIABLE = "PANEL_HUB_ADMINS"        # comma-separated hub users who approve sign-ups
PUBLIC_NAMES_VARIABLE = "PANEL_HUB_PUBLIC_NAMES"  # comma-separated host names members use
PROXY_VARIABLE = "PANEL_HUB_PROXY"          # configurable-http-proxy's path
CULL_VARIABLE = "PANEL_HUB_CULL_AFTER_S"    # idle time after which a server is stopped
DEFAULT_STATE = "/var/lib/panel-tool-hub"
CULL_AFTER_S = 3 * 3600  # a panel meeting runs 2 hours; a pack idle this long is stopped (answers are on disk)
CULL_EVERY_S = 300


def words(variable: str) -> list[str]:
    return [w.strip() for w in os.environ.get(variable, "").split(",") if w.strip()]


def proxy_command() -> str:
    """configurable-http-proxy: as named, else in this clone's node_modules (make hub-proxy), else on PATH."""
    named = os.environ.get(PROXY_VARIABLE)
    if named:
        return named
    for root in (Path.cwd(), Path(__file__).resolve().parents[2]):
        candidate = root / "node_modules" / ".bin" / "configurable-http-proxy"
        if candidate.is_file():
            return str(candidate)
    return shutil.which("configurable-http-proxy") or "configurable-http-proxy"


def configure(c) -> None:
    """Everything the panels need: authenticator, spawner, named servers, culler, the stopped page."""
    from panel_tool.hub import stopped
    from panel_tool.hub.spawner import PanelSpawner, create_system_user

    stopped.install()
    state = Path(os.environ.get(STATE_VARIABLE, DEFAULT_STATE))
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")
    c.JupyterHub.proxy_class = "panel_tool.hub.proxy.PanelProxy"
    c.ConfigurableHTTPProxy.command = [proxy_command()]
    c.JupyterHub.cleanup_servers = True

    # Sign in to the hub: nativeauthenticator; a facilitator signs up and an admin approves them at
    # /hub/authorize. To use the force's Azure AD instead, see deploy/jupyterhub/README.md.
    c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"
    c.NativeAuthenticator.open_signup = False
    c.NativeAuthenticator.check_common_password = True
    c.NativeAuthenticator.minimum_password_length = 12
    c.Authenticator.allow_all = True  # every approved account; approval is the gate
    admins = set(words(ADMINS_VARIABLE))
    if admins:
        c.Authenticator.admin_users = admins

    # Each facilitator: their workbench (the default server) and one named server per pack served.
    c.JupyterHub.spawner_class = PanelSpawner
    c.JupyterHub.allow_named_servers = True
    c.JupyterHub.named_server_limit_per_user = 12
    c.Spawner.pre_spawn_hook = create_system_user
    c.Spawner.http_timeout = 120     # serve answers once Voila has loaded (a few seconds on 2 cores)
    c.Spawner.start_timeout = 120
    c.LocalProcessSpawner.interrupt_timeout = 30  # serve shuts its members' apps down on Ctrl-C
    names = words(PUBLIC_NAMES_VARIABLE)
    if names:
        c.PanelSpawner.public_names = names

    # Idle servers stopped by jupyterhub-idle-culler; a pack's answers are written as they are given,
    # so a culled (or restarted) pack loses nothing.
    cull_after = int(os.environ.get(CULL_VARIABLE, CULL_AFTER_S))
    c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
                                "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]
    c.JupyterHub.services = [{"name": "idle-culler",
                              "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={cull_after}",
                                          f"--cull-every={min(CULL_EVERY_S, max(10, cull_after // 2))}"]}]
