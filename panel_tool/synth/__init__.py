"""Realistic synthetic force exports (stop and search, use of force) with ground truth for redaction."""
