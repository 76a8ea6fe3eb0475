"""The server's private temporary folder: Voilà's connection files, the apps' notebooks and the
kernels' claims, readable by this user only, removed when the server stops, and swept on the next
start when a server died without removing it (never while its server is alive)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

PREFIX = "panel-tool-"
# The folder's name carries its server's process id, so a sweep can tell a dead server's folder.
NAME = re.compile(rf"^{re.escape(PREFIX)}(\d+)-[A-Za-z0-9_]+$")


def private_folder(root: str | Path | None = None) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=root))  # mode 0700
    for part in ("apps", "claims", "connections"):
        (folder / part).mkdir(mode=0o700)
    return folder


def sweep_dead(root: str | Path | None = None) -> list[Path]:
    """Remove this user's folders left by servers that are no longer running; the folders removed."""
    root = Path(root or tempfile.gettempdir())
    removed = []
    for entry in root.iterdir():
        found = NAME.match(entry.name)
        if not found or not entry.is_dir() or entry.is_symlink():
            continue
        try:
            if entry.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        if _alive(int(found.group(1))):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
