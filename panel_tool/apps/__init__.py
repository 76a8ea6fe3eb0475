"""The ipywidgets views served by Voilà: thin over panel_tool.review, no SQL, no pandas."""
