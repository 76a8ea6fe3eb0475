"""Finding an app's widgets without a browser, as the app-level tests drive them."""

from __future__ import annotations

import ipywidgets as widgets


def widgets_in(root: widgets.Widget, kind: type = widgets.Widget) -> list:
    """Every widget of ``kind`` in the tree under ``root``, ``root`` included, in display order."""
    found = [root] if isinstance(root, kind) else []
    for child in getattr(root, "children", ()):
        found += widgets_in(child, kind)
    return found
