"""How the members' kernels are started and watched: cheaply, and below the server in the CPU's queue.

When a room arrives, up to 30 kernels open the pack and build their widgets at once on a machine
with a couple of cores. At equal priority the server process, which answers the sign-in pages and
passes every widget message on, gets one share in thirty and a page of a few hundred bytes waited
20 s (benchmarks/README.md, a room arriving). Started at a lower priority (`nice`), kernels still
use every idle cycle, but the server is served first.

Imported by serve only (it imports jupyter_server).
"""

from __future__ import annotations

import json
import os

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

KERNEL_NICENESS = 10
# Every kernel process this server launched: a kernel still starting when the server stops is in
# no kernel map yet, so Voilà's shutdown would leave it running (seen under heavy load).
LAUNCHED: list = []


def _lower_priority() -> None:
    os.nice(KERNEL_NICENESS)


class BackgroundKernelManager(ServerKernelManager):
    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        # Lowered in the child before it runs the kernel: no `nice` program needed, and the
        # kernel's command line stays as Jupyter wrote it.
        if hasattr(os, "nice"):  # POSIX; elsewhere kernels start at the server's own priority
            kw["preexec_fn"] = _lower_priority
        await super()._async_launch_kernel(kernel_cmd, **kw)
        process = getattr(self.provisioner, "process", None)
        if process is not None:
            LAUNCHED[:] = [p for p in LAUNCHED if p.poll() is None] + [process]


def stop_leftover_kernels(wait_s: float = 5.0) -> None:
    """After Voilà's own shutdown: end any kernel process of this server still running."""
    import subprocess
    import time

    running = [p for p in LAUNCHED if p.poll() is None]
    for process in running:
        process.terminate()
    deadline = time.monotonic() + wait_s
    for process in running:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:  # it ignored SIGTERM
            process.kill()


def watch_activity_cheaply(kernel_manager) -> None:
    """Replace jupyter_server's watch on each kernel's messages (kept for the idle culler) with one
    that reads only the headers.

    jupyter_server deserialises every message a kernel broadcasts, dates and all, once more beside
    the copy sent to the browser: a sixth of the server's time while a room answered (py-spy,
    benchmarks/review_load.py --room). The culler needs only the message type, the parent's type and
    a status message's state. The signature is not checked again here: these frames come from our
    own kernel over a Unix socket in the server's private folder, and the copy the browser gets is
    checked as before.
    """
    track = kernel_manager.track_message_type

    def start_watching_activity(kernel_id: str) -> None:
        kernel = kernel_manager._kernels[kernel_id]
        kernel.reason = ""
        kernel.last_activity = utcnow()
        kernel._activity_stream = kernel.connect_iopub()
        session = kernel.session

        def record_activity(msg_list) -> None:
            _idents, frames = session.feed_identities(msg_list)
            header, parent = json.loads(frames[1]), json.loads(frames[2])
            msg_type, parent_type = header.get("msg_type"), parent.get("msg_type")
            if track(msg_type) or track(parent_type) or kernel.execution_state == "busy":
                kernel_manager.last_kernel_activity = kernel.last_activity = utcnow()
            if msg_type == "status":
                state = json.loads(frames[4]).get("execution_state")
                if track(parent_type):
                    kernel.execution_state = state
                elif kernel.execution_state == "starting" and state != "starting":
                    kernel.execution_state = "idle"  # as jupyter_server normalises it

        kernel._activity_stream.on_recv(record_activity)

    kernel_manager.start_watching_activity = start_watching_activity
