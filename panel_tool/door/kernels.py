"""How the members' kernels are started: below the server in the CPU's queue.

When a room arrives, up to 30 kernels open the pack and build their widgets at once on a machine
with a couple of cores. At equal priority the server process, which answers the sign-in pages and
passes every widget message on, gets one share in thirty and a page of a few hundred bytes waited
20 s (benchmarks/README.md, a room arriving). Started at a lower priority (`nice`), kernels still
use every idle cycle, but the server is served first.

Imported by serve only (it imports jupyter_server).
"""

from __future__ import annotations

import shutil

from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

KERNEL_NICENESS = 10
NICE = shutil.which("nice")  # POSIX; elsewhere kernels start at the server's own priority


class BackgroundKernelManager(ServerKernelManager):
    def format_kernel_cmd(self, extra_arguments=None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments=extra_arguments)
        return [NICE, "-n", str(KERNEL_NICENESS), *command] if NICE else command
