"""The facilitator's workbench under the hub: JupyterLab as `panel-tool lab` runs it.

The spawner starts `python -m panel_tool.hub.workbench ARGS...` as the facilitator's own system user.
As that user (never as root: root writing into a home its owner controls could be sent elsewhere by a
symbolic link), it puts prepare.ipynb in the workspace folder unless one is there, writes the
workbench's JupyterLab configuration (panel_tool.lab: outputs stripped at every save, no news from
the internet, the notebook keys kept out of the workbench, the file list folded) in a folder of its
own in the home, and then becomes `jupyterhub-singleuser ARGS... --config=...`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from panel_tool.lab import prepare_workspace, write_workbench_config

#: Where the workbench's JupyterLab configuration is written, in the facilitator's home.
CONFIG_FOLDER = ".panel-tool-workbench"


def main() -> None:
    workspace, *args = sys.argv[1:]
    prepare_workspace(workspace)
    config = write_workbench_config(Path.home() / CONFIG_FOLDER)
    singleuser = str(Path(sys.executable).parent / "jupyterhub-singleuser")
    os.execv(singleuser, [singleuser, *args, f"--config={config}"])


if __name__ == "__main__":
    main()
