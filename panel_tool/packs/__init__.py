"""Packs: sampling, the build pipeline, and the pack file (one SQLite file per panel session)."""
