"""How a pre-started kernel learns whose it is.

Voilà starts kernels before anyone arrives (DESIGN.md section 6), so a kernel cannot be told its
member when it starts. It waits instead for a claim: a small JSON file named after its own kernel
id, written by the server into its private folder once a signed-in session takes that kernel. The
browser never sends who it is; the kernel reads the file once and deletes it.

Only the standard library here: this module is imported by every kernel while it warms up.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

CLAIMS_VARIABLE = "PANEL_TOOL_CLAIMS"
POLL_S = 0.01


def write_claim(folder: str | Path, kernel_id: str, claim: dict) -> None:
    """Server side: hand `claim` (role, member id) to kernel `kernel_id`; written whole, then renamed."""
    folder = Path(folder)
    part = folder / f".{kernel_id}.part"
    with open(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as f:
        json.dump(claim, f)
    os.replace(part, folder / f"{kernel_id}.json")


def own_kernel_id() -> str | None:
    """This kernel's id, from the name of its connection file (kernel-<id>.json)."""
    try:
        from ipykernel.kernelapp import IPKernelApp
    except ImportError:
        return None
    if not IPKernelApp.initialized():
        return None
    name = Path(IPKernelApp.instance().connection_file).name
    if not (name.startswith("kernel-") and name.endswith(".json")):
        return None
    return name[len("kernel-"):-len(".json")]


def wait_for_claim(clock=time.monotonic, sleep=time.sleep) -> dict | None:
    """Kernel side: block until the server claims this kernel for a session; None when not served
    by `panel-tool serve` (a notebook opened in JupyterLab, or a test)."""
    folder = os.environ.get(CLAIMS_VARIABLE)
    kernel_id = own_kernel_id() if folder else None
    if not folder or not kernel_id:
        return None
    path = Path(folder) / f"{kernel_id}.json"
    while True:
        try:
            claim = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            sleep(POLL_S)
            continue
        path.unlink(missing_ok=True)  # once: a restarted kernel cannot be claimed by an old file
        return claim
