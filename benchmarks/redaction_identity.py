"""One SHA-256 over everything the redactor outputs, to prove a speed change leaves output identical.

    python benchmarks/redaction_identity.py

Runs :func:`redact` and :func:`second_look` over both halves of the realistic corpus
(benchmarks/corpora/realistic-{tune,test}.jsonl) and the 5,000 template texts
benchmarks/redaction.py grades (seed 20261121, "benchmark" templates), also second_look() on each
redacted text, and hashes every redacted text, every span and every second-look mark in order.
Record the hash before a change; after it the hash must be the same.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from panel_tool.anonymise.redaction import redact, second_look  # noqa: E402
from panel_tool.synth.grounds import officer_texts  # noqa: E402

SEED = 20261121  # benchmarks/redaction.py's


def texts() -> dict[str, list[str]]:
    out = {}
    for half in ("tune", "test"):
        path = ROOT / "benchmarks" / "corpora" / f"realistic-{half}.jsonl"
        out[half] = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    made, _ = officer_texts(5000, np.random.default_rng(SEED), templates="benchmark")
    out["templates"] = [str(t) for t in made]
    return out


def digest(groups: dict[str, list[str]]) -> str:
    h = hashlib.sha256()
    for name, group in groups.items():
        h.update(f"<{name}:{len(group)}>".encode())
        for text in group:
            out = redact(text)
            h.update(repr((out.text, [tuple(s) for s in out.spans])).encode())
            h.update(repr([tuple(m) for m in second_look(text)]).encode())
            h.update(repr([tuple(m) for m in second_look(out.text)]).encode())
    return h.hexdigest()


if __name__ == "__main__":
    groups = texts()
    print(" ".join(f"{k}={len(v)}" for k, v in groups.items()))
    print(digest(groups))
