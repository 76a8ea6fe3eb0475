"""Many panels at one address: JupyterHub as the engine (deploy/jupyterhub/).

Imports JupyterHub only where it must (spawner.py, stopped.py: loaded by the hub's configuration);
`hub` itself needs none of it.
"""

from panel_tool.hub.run import hub

__all__ = ["hub"]
