"""`panel-tool hub`: start JupyterHub, with configurable-http-proxy in front, on this machine."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.hub.config import ADMINS_VARIABLE, DEFAULT_STATE, PROXY_VARIABLE, PUBLIC_NAMES_VARIABLE, STATE_VARIABLE, proxy_command

CONFIG = Path("deploy") / "jupyterhub" / "jupyterhub_config.py"


def default_config() -> Path:
    """deploy/jupyterhub/jupyterhub_config.py in this folder, else in the clone panel_tool runs from."""
    for root in (Path.cwd(), Path(__file__).resolve().parents[2]):
        if (root / CONFIG).is_file():
            return root / CONFIG
    return Path.cwd() / CONFIG


def hub_command(*, config: str | Path | None = None, ip: str = "", port: int = 8000, certfile: str | Path | None = None,
                keyfile: str | Path | None = None, state: str | Path = DEFAULT_STATE, admins: tuple[str, ...] = (),
                public_names: tuple[str, ...] = ()) -> tuple[list[str], dict[str, str]]:
    """The jupyterhub command and environment `hub` runs; every input checked first."""
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        raise InputError("panel-tool hub must start as root: it runs each facilitator's servers as their own system "
                         "user, so that no facilitator can read another's packs",
                         expected="sudo .venv/bin/panel-tool hub (or run the hub in a container as root)")
    config = Path(config) if config else default_config()
    if not config.is_file():
        raise InputError("the hub's configuration file is missing", file=str(config),
                         expected="deploy/jupyterhub/jupyterhub_config.py from the panel_tool clone, or --config PATH")
    if not 0 < port < 65536:
        raise InputError(f"port {port} does not exist", expected="a port from 1 to 65535, such as 443 or 8000")
    if bool(certfile) != bool(keyfile):
        raise InputError("--certfile and --keyfile go together", expected="both, or neither")
    for option, path in (("--certfile", certfile), ("--keyfile", keyfile)):
        if path and not Path(path).is_file():
            raise InputError(f"the {option} file cannot be read", file=str(path), expected="a PEM file")
    if shutil.which("jupyterhub", path=str(Path(sys.executable).parent)) is None:
        raise InputError("JupyterHub is not installed beside panel_tool",
                         expected="pip install 'panel_tool[hub]' (make setup does it)")
    for needed in (Path(sys.executable).resolve(), Path(__file__).resolve()):
        closed = closed_to_others(needed)
        if closed is not None:
            raise InputError(f"facilitators' servers run as their own users, who cannot reach {needed}: {closed} is "
                             "closed to other users",
                             expected=f"Python and panel_tool installed where every user can read them (for example "
                                      f"/opt or /usr/local), or chmod o+x {closed}")
    proxy = proxy_command()
    if shutil.which(proxy) is None:
        raise InputError("configurable-http-proxy is missing", expected="make hub-proxy (npm install --prefix . "
                         "configurable-http-proxy) or npm install -g configurable-http-proxy")
    command = [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config.resolve()), f"--port={port}"]
    if ip:
        command.append(f"--ip={ip}")
    if certfile:
        command += [f"--ssl-cert={Path(certfile).resolve()}", f"--ssl-key={Path(keyfile).resolve()}"]
    env = {**os.environ, STATE_VARIABLE: str(Path(state).resolve()), PROXY_VARIABLE: proxy,
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), str(Path(proxy).parent), os.environ.get("PATH", "")])}
    if admins:
        env[ADMINS_VARIABLE] = ",".join(admins)
    if public_names:
        env[PUBLIC_NAMES_VARIABLE] = ",".join(public_names)
    return command, env


def closed_to_others(path: Path) -> Path | None:
    """The first folder on the way to `path` that other users cannot pass through (or the file itself
    when they cannot read it), or None when any user can reach it."""
    for folder in reversed(path.parents):
        if not folder.stat().st_mode & 0o001:
            return folder
    return None if path.stat().st_mode & 0o004 else path


def hub(*, config: str | Path | None = None, ip: str = "", port: int = 8000, certfile: str | Path | None = None,
        keyfile: str | Path | None = None, state: str | Path = DEFAULT_STATE, admins: tuple[str, ...] = (),
        public_names: tuple[str, ...] = ()) -> None:
    """Run JupyterHub with the panels' configuration until Ctrl-C; replaces this process."""
    command, env = hub_command(config=config, ip=ip, port=port, certfile=certfile, keyfile=keyfile, state=state,
                               admins=admins, public_names=public_names)
    os.execve(command[0], command, env)
