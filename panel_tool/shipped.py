"""Where the files shipped with the package are: contracts, notebooks, the Voilà template, name lists.

`schemas/` and `notebooks/` stay at the top of the repository, their one source; `panel_tool/schemas`
and `panel_tool/notebooks` are committed symlinks to them. An editable install reads them in place
through the links, and a built wheel carries real copies (setuptools follows the links when it
collects the package data listed in pyproject.toml). Every other module asks here, so nothing
depends on where the package happens to sit on disk.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def shipped_path(*parts: str) -> Path:
    """The path of a file or folder shipped inside panel_tool, e.g. ``shipped_path("schemas", "profiles")``."""
    root = files("panel_tool")
    # Voilà, Jupyter and nbformat need real files; pip installs a wheel as files, but a zipped
    # copy of the package (zipimport) would have none to give them.
    if not isinstance(root, Path):
        raise RuntimeError(f"panel_tool must be installed as files on disk (as pip installs it), not loaded from {root}")
    return root.joinpath(*parts)
