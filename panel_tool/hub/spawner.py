"""What the hub starts for a facilitator: their JupyterLab workbench, or one of their packs.

- The default server (`/user/<name>/`) is the workbench: `jupyterhub-singleuser` (JupyterLab) on the
  facilitator's workspace folder, opening `prepare.ipynb`, configured as `panel-tool lab` configures
  it (through panel_tool.hub.workbench, run as the facilitator).
- A named server (`/user/<name>/<pack>/`) is `panel-tool serve <workspace>/<pack>.pack.db` under that
  path, behind the hub's proxy, which is the one proxy it believes. Members reach it straight through
  the proxy, with no hub account, and sign in at serve's own door.

Both run as the facilitator's own system user, created on first start (accounts from
nativeauthenticator or OAuth are not system users), with a home only they can read: a JupyterLab
terminal of one facilitator cannot read another's packs or keys.

`PanelServers` holds the choice of command and is mixed into `PanelSpawner` for this machine
(LocalProcessSpawner). On a cluster (deploy/values.yaml) it cannot be reused as it is: the hub's pod
sees neither the facilitators' volumes (to find a pack's key) nor the image's Python, so the
values' KubeSpawner subclass writes the same serve command for the pod; change both together.
"""

from __future__ import annotations

import os
import pwd
import re
import subprocess
import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from jupyterhub.utils import random_port
from traitlets import Integer, List, Unicode, default
from traitlets.config import Configurable

from panel_tool.lab import NOTEBOOK

BIN = Path(sys.executable).parent
# A system user's name: what useradd accepts everywhere, and what serve's --base-url accepts.
SYSTEM_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
# A pack's server name is its file's name without .pack.db, and must not be a path of the workbench.
PACK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
WORKBENCH_PATHS = {"api", "lab", "tree", "notebooks", "edit", "view", "files", "static", "terminals", "doc",
                   "kernelspecs", "nbconvert", "custom", "login", "logout", "oauth_callback", "metrics", "voila",
                   "nbextensions", "lsp"}
PACK_SUFFIX = ".pack.db"


def is_pack_name(name: str) -> bool:
    return bool(PACK_NAME.match(name)) and name not in WORKBENCH_PATHS


class PanelServers(Configurable):
    """The commands: mixed into a Spawner class (LocalProcessSpawner here; see the module's note for a cluster)."""

    workspace = Unicode("workspace", config=True,
                        help="The facilitator's workspace folder, relative to their home: JupyterLab opens it, and "
                             "a pack's server serves <workspace>/<pack>.pack.db.")
    trusted_proxies = List(Unicode(), ["127.0.0.1"], config=True,
                           help="The hub's proxy address(es): the only X-Forwarded-For serve believes.")
    public_names = List(Unicode(), config=True,
                        help="Host names members reach the hub by (serve refuses other Host headers).")
    pool = Integer(0, config=True, help="Member apps each pack keeps warm (0: serve's default, one per member).")

    def is_pack(self) -> bool:
        return bool(self.name)

    def home(self) -> Path:
        return Path(pwd.getpwnam(self.user.name).pw_dir)

    def workspace_folder(self) -> Path:
        return self.home() / self.workspace

    def pack_path(self) -> Path:
        return self.workspace_folder() / f"{self.name}{PACK_SUFFIX}"

    def pack_key(self) -> Path | None:
        """The force's key for this pack: <pack>.key beside it, else force.key in the workspace, else
        none (serve then looks where pack lookup does: PANEL_TOOL_KEY, ~/.config/panel-tool)."""
        for candidate in (self.workspace_folder() / f"{self.name}.key", self.workspace_folder() / "force.key"):
            if candidate.is_file():
                return candidate
        return None

    def base_path(self) -> str:
        return f"/user/{self.user.name}/{self.name}/"

    def packs_in_workspace(self) -> list[str]:
        """The names of the packs in the workspace folder (march.pack.db: march) a server could serve."""
        try:
            found = [p.name[:-len(PACK_SUFFIX)] for p in self.workspace_folder().glob(f"*{PACK_SUFFIX}")]
        except (KeyError, OSError):  # no system user yet, or no workspace
            return []
        return sorted(name for name in found if is_pack_name(name))

    def pack_command(self) -> list[str]:
        command = [sys.executable, "-m", "panel_tool.cli", "serve", str(self.pack_path()), "--host", self.ip or "127.0.0.1",
                   "--port", str(self.port), "--base-url", self.base_path()]
        key = self.pack_key()
        if key is not None:
            command += ["--key-file", str(key)]
        for proxy in self.trusted_proxies:
            command += ["--trusted-proxy", proxy]
        for name in self.public_names:
            command += ["--public-name", name]
        if self.pool:
            command += ["--pool", str(self.pool)]
        return command

    def check_names(self) -> None:
        if not SYSTEM_NAME.match(self.user.name):
            raise ValueError(f"The hub user name {self.user.name!r} cannot be a system user's name: use small "
                             "letters, digits, - and _ (starting with a letter), at most 32 characters.")
        if self.is_pack():
            if not is_pack_name(self.name):
                raise ValueError(f"A pack's server is named after its file, and {self.name!r} cannot be: use letters, "
                                 "digits, - and _ (for march.pack.db, the server is 'march'), and not "
                                 f"{', '.join(sorted(WORKBENCH_PATHS))}.")


class PanelSpawner(PanelServers, LocalProcessSpawner):
    """On this machine: each facilitator's servers as processes of their own system user."""

    @default("cmd")
    def _default_cmd(self):
        return [sys.executable, "-m", "panel_tool.hub.workbench"]

    def get_args(self):
        # The workbench's launcher takes the workspace folder first, then jupyterhub-singleuser's arguments.
        return [] if self.is_pack() else [str(self.workspace_folder()), *super().get_args()]

    async def start(self):
        self.check_names()
        if self.port == 0:
            self.port = random_port()
        if self.is_pack():
            if not self.pack_path().is_file():
                raise ValueError(f"There is no pack {self.name}.pack.db in {self.user.name}'s workspace folder "
                                 f"({self.workspace}/): build or copy it there first.")
            self.cmd = self.pack_command()
        else:
            self.notebook_dir = str(self.workspace_folder())
            self.default_url = f"/lab/tree/{NOTEBOOK}"  # the launcher puts it there if missing
        return await super().start()

    def user_env(self, env):
        env = super().user_env(env)
        # The facilitator's terminal finds panel-tool and Jupyter in the hub's environment.
        env["PATH"] = os.pathsep.join([str(BIN), "/usr/local/bin", "/usr/bin", "/bin"])
        env.setdefault("LANG", "C.UTF-8")
        return env


def create_system_user(spawner) -> None:
    """The spawner's pre_spawn_hook: make the facilitator's system user the first time, with a home only
    they can read and a workspace folder in it. Needs root (the hub runs as root to start each
    facilitator's servers as them)."""
    name = spawner.user.name
    if not SYSTEM_NAME.match(name):
        raise ValueError(f"The hub user name {name!r} cannot be a system user's name.")
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--user-group", "--shell", "/bin/bash", name], check=True,
                       capture_output=True)
        entry = pwd.getpwnam(name)
    home = Path(entry.pw_dir)
    os.chmod(home, 0o700)
    workspace = home / getattr(spawner, "workspace", "workspace")
    if not workspace.exists():
        workspace.mkdir(mode=0o700)
        os.chown(workspace, entry.pw_uid, entry.pw_gid)
