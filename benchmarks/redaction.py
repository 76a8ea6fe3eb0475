"""How well and how fast free-text redaction works, on synthetic officer texts with planted identifiers.

    python benchmarks/redaction.py            # markdown table
    python benchmarks/redaction.py --json     # the same figures as JSON

The texts come from :func:`panel_tool.synth.grounds.officer_texts` with the "benchmark" template
set, which exists only for this script, so the recognisers are never tuned on the sentences they
are graded on. For every planted identifier the benchmark asks whether its span is entirely covered
by detections (recall; any type counts, since a wrongly-labelled value is still hidden, and the
share with the right label is reported beside it); for every detection, whether it overlaps a
planted identifier (precision); for every planted must-survive phrase ("section 23", "the
Sergeant", a street with no house number), whether no detection touches it. Throughput is
texts per second through :func:`redact` on one core, best of a few runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from panel_tool.anonymise.recognisers import TYPES, detect  # noqa: E402
from panel_tool.anonymise.redaction import redact  # noqa: E402
from panel_tool.synth.grounds import officer_texts  # noqa: E402

SEED = 20261121
STRUCTURED_TARGET, NAME_TARGET, KEEP_TARGET = 0.99, 0.97, 0.98


def score(texts: list[str], planted: list[list[tuple[int, int, str, str]]]) -> dict:
    """Recall, label agreement and precision per type, and the share of KEEP phrases intact."""
    planted_n, covered, labelled = Counter(), Counter(), Counter()
    detected_n, overlapping = Counter(), Counter()
    keep_n = keep_intact = 0
    misses: dict[str, list[str]] = {}
    false_alarms: dict[str, list[str]] = {}
    for text, items in zip(texts, planted):
        detections = detect(text)
        identifiers = [(s, e) for s, e, kind, _ in items if kind != "KEEP"]
        for start, end, kind, value in items:
            touching = [d for d in detections if d.start < end and start < d.end]
            if kind == "KEEP":
                keep_n += 1
                keep_intact += not touching
                if touching:
                    false_alarms.setdefault("KEEP", []).append(f"{value!r} in {text!r}")
                continue
            planted_n[kind] += 1
            if _covers(touching, start, end, text):
                covered[kind] += 1
                labelled[kind] += all(d.type == kind for d in touching)
            else:
                misses.setdefault(kind, []).append(f"{value!r} in {text!r}")
        for d in detections:
            detected_n[d.type] += 1
            if any(d.start < e and s < d.end for s, e in identifiers):
                overlapping[d.type] += 1
            else:
                false_alarms.setdefault(d.type, []).append(f"{text[d.start:d.end]!r} in {text!r}")
    rows = {}
    for kind in TYPES:
        rows[kind] = {
            "planted": planted_n[kind],
            "recall": covered[kind] / planted_n[kind] if planted_n[kind] else None,
            "labelled": labelled[kind] / covered[kind] if covered[kind] else None,
            "detections": detected_n[kind],
            "precision": overlapping[kind] / detected_n[kind] if detected_n[kind] else None,
        }
    total_detected = sum(detected_n.values())
    return {
        "types": rows,
        "precision_all": sum(overlapping.values()) / total_detected if total_detected else None,
        "keep": {"planted": keep_n, "intact": keep_intact / keep_n if keep_n else None},
        "misses": misses,
        "false_alarms": false_alarms,
    }


def _covers(detections: list, start: int, end: int, text: str) -> bool:
    """Every non-space character of text[start:end] lies inside a detection."""
    inside = bytearray(end - start)
    for d in detections:
        for i in range(max(d.start, start), min(d.end, end)):
            inside[i - start] = 1
    return all(inside[i] or text[start + i].isspace() for i in range(end - start))


def throughput(texts: list[str], repeats: int = 5) -> float:
    """Texts per second through redact(), best of ``repeats`` passes (one core)."""
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        for text in texts:
            redact(text)
        best = min(best, time.perf_counter() - began)
    return len(texts) / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="number of texts (default 5000)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a markdown table")
    parser.add_argument("--show-misses", type=int, default=0, metavar="K", help="print K misses and false alarms per type")
    args = parser.parse_args(argv)

    texts, planted = officer_texts(args.n, np.random.default_rng(SEED), templates="benchmark")
    texts = [str(t) for t in texts]
    result = score(texts, planted)
    result["texts"] = len(texts)
    result["mean_length"] = sum(map(len, texts)) / len(texts)
    result["texts_per_second"] = throughput(texts)
    result["targets_met"] = _targets_met(result)

    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k not in ("misses", "false_alarms")}, indent=2))
    else:
        print(_markdown(result))
    if args.show_misses:
        for title, found in (("misses", result["misses"]), ("false alarms", result["false_alarms"])):
            for kind, examples in sorted(found.items()):
                print(f"\n## {title}: {kind} ({len(examples)})")
                for example in examples[: args.show_misses]:
                    print("-", example)
    return 0


def _targets_met(result: dict) -> bool:
    for kind, row in result["types"].items():
        target = NAME_TARGET if kind == "NAME" else STRUCTURED_TARGET
        if row["recall"] is not None and row["recall"] < target:
            return False
    return result["keep"]["intact"] is None or result["keep"]["intact"] >= KEEP_TARGET


def _markdown(result: dict) -> str:
    def pct(value):
        return "-" if value is None else f"{100 * value:.1f}%"

    lines = [
        f"Redaction benchmark: {result['texts']} texts (mean {result['mean_length']:.0f} characters), seed {SEED}",
        "",
        "| type | planted | recall | right label | detections | precision |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, row in result["types"].items():
        lines.append(
            f"| {kind} | {row['planted']} | {pct(row['recall'])} | {pct(row['labelled'])} "
            f"| {row['detections']} | {pct(row['precision'])} |"
        )
    lines += [
        "",
        f"- precision, all detections: {pct(result['precision_all'])}",
        f"- KEEP phrases intact: {pct(result['keep']['intact'])} of {result['keep']['planted']}",
        f"- throughput: {result['texts_per_second']:,.0f} texts/s (one core, best of 5)",
        f"- targets (recall >= 99% structured, >= 97% NAME, KEEP >= 98%): {'met' if result['targets_met'] else 'NOT met'}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
