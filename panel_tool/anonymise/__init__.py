"""Anonymisation: everything that stands between a force's raw export and a lay panel."""
