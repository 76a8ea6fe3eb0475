"""panel_tool: anonymised review packs, rating apps and reports for police scrutiny panels."""

__version__ = "0.1.0"
